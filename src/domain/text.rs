//! Text that is safe to show: lead data never moves the cursor or changes the terminal (SPEC §4).

use unicode_width::UnicodeWidthChar;

/// Whether a character must never reach the terminal raw: C0/C1 controls, bidi controls,
/// zero-width and other invisible formatting characters.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c as u32,
            0x061C            // Arabic letter mark
            | 0x115F | 0x1160 // Hangul fillers
            | 0x180E          // Mongolian vowel separator
            | 0x200B..=0x200F // zero-width space/joiners, LRM, RLM
            | 0x2028..=0x202E // line/paragraph separators, bidi embeddings and overrides
            | 0x2060..=0x206F // word joiner, invisible operators, bidi isolates
            | 0xFEFF          // BOM / zero-width no-break space
            | 0xFFF9..=0xFFFB // interlinear annotations
        )
}

/// Makes a single-line field safe: line breaks and tabs become spaces, terminal escape
/// sequences go whole (their parameters and titles are no text), every other unsafe
/// character is dropped.
pub fn sanitize_line(s: &str) -> String {
    let needs_work = s.chars().any(is_unsafe_char);
    if !needs_work {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        let len = escape_len(rest).unwrap_or(c.len_utf8());
        if len == c.len_utf8() {
            match c {
                '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}' => out.push(' '),
                c if is_unsafe_char(c) => {}
                c => out.push(c),
            }
        }
        rest = &rest[len..];
    }
    out
}

/// The length in bytes of the terminal escape sequence `s` starts with, if it starts with a
/// whole one: CSI (`ESC [` or U+009B, parameters, a final byte), the string sequences OSC,
/// DCS, SOS, PM and APC up to their terminator (BEL, `ESC \` or U+009C), or `ESC` and one
/// final character. An unterminated sequence is not one: only its escape character goes.
fn escape_len(s: &str) -> Option<usize> {
    let mut chars = s.char_indices();
    let (_, first) = chars.next()?;
    let body_start = match first {
        '\u{1b}' => {
            let (i, kind) = chars.next()?;
            match kind {
                '[' => return csi_len(s, i + 1),
                ']' | 'P' | 'X' | '^' | '_' => i + 1,
                // ESC, intermediates, one final character (ESC 7, ESC ( B …).
                k if (' '..='/').contains(&k) => {
                    let (j, fin) = chars.find(|(_, c)| !(' '..='/').contains(c))?;
                    return ('0'..='~').contains(&fin).then_some(j + 1);
                }
                k if ('0'..='~').contains(&k) => return Some(i + 1),
                _ => return None,
            }
        }
        '\u{9b}' => return csi_len(s, first.len_utf8()),
        '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => first.len_utf8(),
        _ => return None,
    };
    let body = &s[body_start..];
    let end = body.char_indices().find_map(|(i, c)| match c {
        '\u{7}' | '\u{9c}' => Some(i + c.len_utf8()),
        '\u{1b}' if body[i + 1..].starts_with('\\') => Some(i + 2),
        _ => None,
    })?;
    Some(body_start + end)
}

/// The length of a CSI sequence whose parameters start at byte `from` of `s`.
fn csi_len(s: &str, from: usize) -> Option<usize> {
    s[from..]
        .char_indices()
        .find(|(_, c)| !('0'..='?').contains(c) && !(' '..='/').contains(c))
        .and_then(|(i, c)| ('@'..='~').contains(&c).then_some(from + i + 1))
}

/// Like [`sanitize_line`] but keeps line breaks (for notes shown over several lines).
pub fn sanitize_multiline(s: &str) -> String {
    s.split('\n')
        .map(|line| sanitize_line(line.trim_end_matches('\r')))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A label (a column header, a status, a country) folded for matching what other systems and
/// people write: NFKC (full-width letters and half-width katakana as the spreadsheets of
/// Japanese offices write them: `ＴＥＬ`, `ﾌﾘｶﾞﾅ`), lower case, without spaces, underscores,
/// hyphens, dots, slashes, middle dots, brackets and the marks forms put on required columns
/// (`*`, `※`, `#`, `:`).
pub fn fold_label(label: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    label
        .nfkc()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '_' | '-'
                        | '.'
                        | '/'
                        | '・'
                        | '('
                        | ')'
                        | '['
                        | ']'
                        | '【'
                        | '】'
                        | '「'
                        | '」'
                        | '*'
                        | '※'
                        | '#'
                        | ':'
                        | '?'
                        | '"'
                        | '\''
                        | '\u{feff}'
                )
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// `text` with each bracketed part (`(…)` or `（…）`) whose inside `drop` picks replaced by a
/// space: a weekday after a date, a note after a phone number. The others, and a bracket
/// never closed, stay as written.
pub fn drop_bracketed(text: &str, drop: impl Fn(&str) -> bool) -> String {
    let char_len = |s: &str| s.chars().next().map_or(1, char::len_utf8);
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(['(', '（']) {
        let inside = open + char_len(&rest[open..]);
        let Some(close) = rest[inside..].find([')', '）']).map(|i| inside + i) else {
            break;
        };
        let end = close + char_len(&rest[close..]);
        out.push_str(&rest[..open]);
        if drop(&rest[inside..close]) {
            out.push(' ');
        } else {
            out.push_str(&rest[open..end]);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The width of a string in terminal cells.
pub fn display_width(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// Cuts a string to at most `max` cells, ending with `…` when cut; wide characters never split.
pub fn truncate_to_width(s: &str, max: usize) -> String {
    if display_width(s) <= max {
        return s.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_lose_their_escape() {
        let s = sanitize_line("evil\x1b[2J\x1b]0;title\x07name");
        assert!(!s.contains('\x1b'));
        assert!(!s.contains('\x07'));
    }

    #[test]
    fn escape_sequences_go_whole() {
        for (dirty, clean) in [
            ("evil\x1b[2J\x1b]0;title\x07name", "evilname"),
            ("a\x1b[38;5;196mred\x1b[0m b", "ared b"),
            ("x\x1b]52;c;ZWNobyBoaQ==\x1b\\y", "xy"),
            ("x\x1b]8;;http://evil\x07link\x1b]8;;\x07", "xlink"),
            ("a\x1bPq#0;2;0;0;0\x1b\\b", "ab"),
            ("a\x1b7b\x1b(Bc", "abc"),
            ("a\u{9b}31mb", "ab"),
            ("a\u{9d}0;t\u{9c}b", "ab"),
            // Unterminated: only the escape character goes, the text stays.
            ("a\x1b]0;no end", "a]0;no end"),
            ("a\x1b[", "a["),
            ("\x1b", ""),
            ("山田\x1b[1m太郎", "山田太郎"),
        ] {
            assert_eq!(sanitize_line(dirty), clean, "{dirty:?}");
        }
    }

    #[test]
    fn bracketed_parts_go_when_picked_and_stay_whole_otherwise() {
        let short = |s: &str| s.chars().count() <= 3;
        assert_eq!(drop_bracketed("12/1(木) 9:00", short), "12/1  9:00");
        assert_eq!(drop_bracketed("a（代表）b(longer)c", short), "a b(longer)c");
        assert_eq!(drop_bracketed("(open", short), "(open");
        assert_eq!(drop_bracketed("x)(y", short), "x)(y");
    }

    #[test]
    fn bidi_overrides_and_zero_width_characters_are_dropped() {
        assert_eq!(sanitize_line("a\u{202E}b\u{200B}c\u{2066}d"), "abcd");
    }

    #[test]
    fn c1_controls_are_dropped() {
        assert_eq!(sanitize_line("a\u{85}b\u{9b}"), "ab");
    }

    #[test]
    fn line_breaks_become_spaces() {
        assert_eq!(sanitize_line("a\r\nb\tc"), "a  b c");
    }

    #[test]
    fn wide_characters_are_never_split() {
        assert_eq!(truncate_to_width("山田太郎", 5), "山田…");
        assert_eq!(display_width("山田…"), 5);
        assert_eq!(truncate_to_width("abc", 3), "abc");
    }

    proptest::proptest! {
        #[test]
        fn sanitized_text_has_no_unsafe_character(s in ".*") {
            proptest::prop_assert!(!sanitize_line(&s).chars().any(is_unsafe_char));
            proptest::prop_assert!(!sanitize_multiline(&s).chars().any(|c| c != '\n' && is_unsafe_char(c)));
        }

        #[test]
        fn truncation_respects_the_width(s in ".*", max in 0usize..40) {
            let t = truncate_to_width(&sanitize_line(&s), max);
            proptest::prop_assert!(display_width(&t) <= max);
        }
    }
}
