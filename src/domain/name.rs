//! Names: display order and composition (SPEC §1).

/// Whether a string holds Japanese script (kana or CJK ideographs).
pub fn is_japanese(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(c as u32,
            0x3040..=0x30FF   // hiragana, katakana
            | 0x3400..=0x4DBF // CJK extension A
            | 0x4E00..=0x9FFF // CJK unified ideographs
            | 0xF900..=0xFAFF // CJK compatibility ideographs
            | 0xFF66..=0xFF9F // half-width katakana
        )
    })
}

/// Composes a full name from its parts: family name first for Japanese names.
pub fn compose_full_name(first: &str, last: &str) -> String {
    let (first, last) = (first.trim(), last.trim());
    match (first.is_empty(), last.is_empty()) {
        (true, true) => String::new(),
        (false, true) => first.to_owned(),
        (true, false) => last.to_owned(),
        (false, false) if is_japanese(first) || is_japanese(last) => format!("{last} {first}"),
        (false, false) => format!("{first} {last}"),
    }
}

/// The name to show: the full name as stored (imported as one column, or composed), else composed.
pub fn display_name(first: &str, last: &str, full: &str) -> String {
    if full.trim().is_empty() {
        compose_full_name(first, last)
    } else {
        full.trim().to_owned()
    }
}

/// The family name, else the full name (for the Japanese salutation).
pub fn family_name_or_full(last: &str, full: &str) -> String {
    if last.trim().is_empty() {
        full.trim().to_owned()
    } else {
        last.trim().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_names_put_the_family_name_first() {
        assert_eq!(compose_full_name("太郎", "山田"), "山田 太郎");
        assert_eq!(compose_full_name("Jane", "Smith"), "Jane Smith");
        assert_eq!(compose_full_name("", "Smith"), "Smith");
        assert_eq!(compose_full_name(" ", " "), "");
    }

    #[test]
    fn a_single_full_name_column_is_shown_as_imported() {
        assert_eq!(display_name("", "", "山田太郎"), "山田太郎");
        assert_eq!(display_name("Jane", "Smith", ""), "Jane Smith");
    }

    #[test]
    fn kana_counts_as_japanese() {
        assert!(is_japanese("ヤマダ"));
        assert!(is_japanese("やまだ"));
        assert!(!is_japanese("François"));
    }
}
