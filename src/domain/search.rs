//! Search text and queries (SPEC §4): one normalisation for the stored tokens and for what the
//! rep types, so the index and the in-memory matcher agree.
//!
//! Tokens: letters and digits in runs (lowercase, accents folded, full-width ASCII made
//! half-width), every CJK character (kanji, kana; hiragana folded to katakana) a token of its
//! own, phone numbers also as their international and national digits. A query matches a lead
//! when every Latin or digit word of the query starts a token of the lead and every CJK run of
//! the query appears as consecutive tokens — a substring match for Japanese of any length, a
//! word-prefix match for English, e-mail and phone numbers.

use super::lead::Lead;

/// Whether a character is one CJK token: kana, kanji, the iteration mark, Hangul.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3005 | 0x3006 | 0x3041..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF66..=0xFF9F | 0xAC00..=0xD7AF)
}

/// Folds one character: full-width ASCII to ASCII, hiragana to katakana, accents off, lowercase.
fn fold_char(c: char, out: &mut String) {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3041..=0x3096 => char::from_u32(c as u32 + 0x60).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    };
    let base = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' => 'a',
        'ç' | 'Ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ē' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' => 'i',
        'ñ' | 'Ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' => {
            'o'
        }
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        'ß' => {
            out.push_str("ss");
            return;
        }
        c => c,
    };
    out.extend(base.to_lowercase());
}

/// Folds text with [`fold_char`], half-width katakana first made full-width with their voiced
/// marks composed (`ｶﾞ` → `ガ`): legacy Japanese systems write readings that way, and a rep
/// typing `イトウ` must find `ｲﾄｳ`.
fn fold_text(text: &str, out: &mut String) {
    use unicode_normalization::UnicodeNormalization;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if !('\u{FF61}'..='\u{FF9F}').contains(&c) {
            fold_char(c, out);
            continue;
        }
        let mut kana = String::from(c);
        if let Some(mark) = chars.next_if(|m| matches!(m, '\u{FF9E}' | '\u{FF9F}')) {
            kana.push(mark);
        }
        for w in kana.nfkc() {
            fold_char(w, out);
        }
    }
}

/// Splits text into folded tokens, appending them to `out`.
pub fn tokens_into(text: &str, out: &mut Vec<String>) {
    let mut folded = String::with_capacity(text.len());
    fold_text(text, &mut folded);
    let mut word = String::new();
    for c in folded.chars() {
        if is_cjk(c) {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            out.push(c.to_string());
        } else if c.is_alphanumeric() {
            word.push(c);
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
}

/// Country calling codes, for the national form of an E.164 number.
const CALLING_CODES: [&str; 11] = [
    "1", "7", "33", "44", "49", "61", "65", "81", "82", "86", "886",
];

/// The digits of a number as dialled at home: `+81312345678` → `0312345678`, `+12125550100` →
/// `2125550100`.
pub fn national_digits(e164: &str) -> Option<String> {
    let d = e164.strip_prefix('+')?;
    let code = CALLING_CODES
        .iter()
        .filter(|c| d.starts_with(*c))
        .max_by_key(|c| c.len())?;
    let rest = &d[code.len()..];
    Some(match *code {
        "1" | "7" => rest.to_owned(),
        _ => format!("0{rest}"),
    })
}

/// The search text of a lead: name, reading, company, e-mail and phones as space-separated
/// tokens (what the store indexes).
pub fn search_doc(lead: &Lead) -> String {
    let mut t = Vec::new();
    let name = if lead.full_name.is_empty() {
        lead.display_name()
    } else {
        lead.full_name.clone()
    };
    tokens_into(&name, &mut t);
    if !lead.full_name.is_empty() && lead.full_name != lead.display_name() {
        tokens_into(&lead.display_name(), &mut t);
    }
    tokens_into(&lead.reading, &mut t);
    tokens_into(&lead.company, &mut t);
    tokens_into(&lead.email, &mut t);
    for p in &lead.phones {
        if let Some(n) = &p.number {
            t.push(n.trim_start_matches('+').to_owned());
            if let Some(national) = national_digits(n) {
                t.push(national);
            }
        }
        tokens_into(&p.raw, &mut t);
    }
    t.join(" ")
}

/// One part of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// A Latin or digit word: some token starts with it.
    Prefix(String),
    /// CJK characters: consecutive tokens, in order.
    Run(Vec<String>),
}

/// A parsed search query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// All terms must match.
    pub terms: Vec<Term>,
}

impl Query {
    /// Parses what the rep typed. A query of digits and phone punctuation only is one number:
    /// `03-1234-5678`, `0312345678` and `+81 3 1234 5678` all become one digit word.
    pub fn parse(text: &str) -> Query {
        let mut folded = String::new();
        fold_text(text, &mut folded);
        let phone_like = folded.chars().any(|c| c.is_ascii_digit())
            && folded
                .chars()
                .all(|c| c.is_ascii_digit() || " -+().".contains(c));
        if phone_like {
            let digits: String = folded.chars().filter(char::is_ascii_digit).collect();
            return Query {
                terms: vec![Term::Prefix(digits)],
            };
        }
        let mut tokens = Vec::new();
        let mut terms = Vec::new();
        let mut run: Vec<String> = Vec::new();
        tokens_into(text, &mut tokens);
        for tok in tokens {
            if tok.chars().count() == 1 && tok.chars().all(is_cjk) {
                run.push(tok);
            } else {
                if !run.is_empty() {
                    terms.push(Term::Run(std::mem::take(&mut run)));
                }
                terms.push(Term::Prefix(tok));
            }
        }
        if !run.is_empty() {
            terms.push(Term::Run(run));
        }
        Query { terms }
    }

    /// Whether the query has nothing to search for.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The FTS5 MATCH expression: prefix terms and phrases, all required.
    pub fn fts(&self) -> String {
        self.terms
            .iter()
            .map(|t| match t {
                Term::Prefix(w) => format!("\"{w}\"*"),
                Term::Run(chars) => format!("\"{}\"", chars.join(" ")),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Whether a stored search text matches (the same rule as the index).
    ///
    /// (Allocation-free: the key-order walk of a broad search tests thousands of texts per
    /// keystroke.)
    pub fn matches(&self, doc: &str) -> bool {
        let tokens = || doc.split(' ').filter(|t| !t.is_empty());
        self.terms.iter().all(|t| match t {
            Term::Prefix(w) => tokens().any(|tok| tok.starts_with(w.as_str())),
            Term::Run(chars) => {
                let Some((first, rest)) = chars.split_first() else {
                    return false;
                };
                let mut it = tokens();
                while let Some(tok) = it.next() {
                    if tok == first {
                        let mut after = it.clone();
                        if rest.iter().all(|c| after.next() == Some(c.as_str())) {
                            return true;
                        }
                    }
                }
                false
            }
        })
    }
}

#[cfg(test)]
#[path = "search_tests.rs"]
mod tests;
