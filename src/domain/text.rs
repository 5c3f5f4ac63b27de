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

/// Makes a single-line field safe: line breaks and tabs become spaces, every other unsafe
/// character is dropped.
pub fn sanitize_line(s: &str) -> String {
    let needs_work = s.chars().any(is_unsafe_char);
    if !needs_work {
        return s.to_owned();
    }
    s.chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}' => Some(' '),
            c if is_unsafe_char(c) => None,
            c => Some(c),
        })
        .collect()
}

/// Like [`sanitize_line`] but keeps line breaks (for notes shown over several lines).
pub fn sanitize_multiline(s: &str) -> String {
    s.split('\n')
        .map(|line| sanitize_line(line.trim_end_matches('\r')))
        .collect::<Vec<_>>()
        .join("\n")
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
    fn bidi_overrides_and_zero_width_characters_are_dropped() {
        assert_eq!(sanitize_line("a\u{202E}b\u{200B}c\u{2066}d"), "abcd");
    }

    #[test]
    fn c1_controls_are_dropped() {
        assert_eq!(sanitize_line("a\u{9b}31mb"), "a31mb");
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
