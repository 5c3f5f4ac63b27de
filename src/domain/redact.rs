//! Taking emails and phone numbers out of text bound for a log above debug (SPEC §11).
//!
//! An email is any word with an `@` between two non-empty parts; a phone is a run of at least
//! six digits, allowing the separators people write (`+`, `-`, spaces, dots, brackets). Both
//! rules over-redact rather than miss: a long order number becomes `[phone]` too, which costs
//! a log reader nothing.

/// What an email becomes.
pub const EMAIL: &str = "[email]";
/// What a phone number becomes.
pub const PHONE: &str = "[phone]";

/// The digits a run needs before it counts as a phone number.
const PHONE_DIGITS: usize = 6;

fn is_word_char(c: char) -> bool {
    !c.is_whitespace()
        && !matches!(
            c,
            '"' | '\'' | '<' | '>' | '(' | ')' | ',' | ';' | '[' | ']'
        )
}

fn redact_emails(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        if !is_word_char(chars[i]) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_word_char(chars[i]) {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        match word.split_once('@') {
            Some((user, host)) if !user.is_empty() && !host.is_empty() => out.push_str(EMAIL),
            _ => out.push_str(&word),
        }
    }
    out
}

fn is_phone_char(c: char) -> bool {
    c.is_ascii_digit()
        || matches!(
            c,
            '+' | '-' | ' ' | '.' | '(' | ')' | '\u{2010}'..='\u{2015}'
        )
}

fn redact_phones(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        if !(chars[i].is_ascii_digit() || chars[i] == '+' || chars[i] == '(') {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_phone_char(chars[i]) {
            i += 1;
        }
        // Trailing separators belong to the text around the number.
        let mut end = i;
        while end > start && !chars[end - 1].is_ascii_digit() {
            end -= 1;
        }
        let run = &chars[start..end];
        if run.iter().filter(|c| c.is_ascii_digit()).count() >= PHONE_DIGITS && !is_date(run) {
            out.push_str(PHONE);
        } else {
            out.extend(run);
        }
        out.extend(&chars[end..i]);
    }
    out
}

/// `2026-11-27`: a date, which log lines need and no phone number is written as.
fn is_date(run: &[char]) -> bool {
    run.len() == 10
        && run.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == '-',
            _ => c.is_ascii_digit(),
        })
}

/// `s` with every email and phone number replaced by a placeholder.
pub fn redact_contacts(s: &str) -> String {
    redact_phones(&redact_emails(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_and_phones_of_every_form_are_replaced() {
        for (text, want) in [
            ("no lead taro@example.jp", "no lead [email]"),
            ("call +81 3-1234-5678 now", "call [phone] now"),
            ("dialled 03-1234-5678.", "dialled [phone]."),
            ("(212) 555-0100, ok", "[phone], ok"),
            ("<Jane.Roe@Example.COM>", "<[email]>"),
            ("lead 12 exit 3", "lead 12 exit 3"),
            ("due 2026-11-27", "due 2026-11-27"),
        ] {
            assert_eq!(redact_contacts(text), want, "{text}");
        }
    }
}
