//! The UI text catalogue: every label, hint, message and report heading leadbench shows, one
//! TOML file per language (`assets/i18n/<lang>.toml`), looked up by a typed [`TextKey`].
//!
//! Keys are an enum so that a misspelt key fails the build; the completeness tests
//! (`tests/it/i18n.rs`) hold the catalogues and the key list in step. A catalogue that lacks a
//! key (a translation not yet written) shows the English text, then the key id: a missing
//! translation must never crash a rep's session.

mod catalogue;
mod fill;
mod key;

use std::fmt::Display;

pub use catalogue::{lookup, source};
pub use fill::{fill, placeholders};
pub use key::TextKey;

use super::Lang;

impl Lang {
    /// The text of `key` in this language (English, then the key id, when it is missing).
    pub fn text(self, key: TextKey) -> &'static str {
        with_fallback(key, lookup(self, key), || lookup(Lang::En, key))
    }

    /// The text of `key` with its `{name}` placeholders filled from `args`.
    pub fn fill(self, key: TextKey, args: &[(&str, &dyn Display)]) -> String {
        fill(self.text(key), args)
    }
}

/// The text found, else the English one, else the key id: never a panic.
fn with_fallback(
    key: TextKey,
    found: Option<&'static str>,
    english: impl FnOnce() -> Option<&'static str>,
) -> &'static str {
    found.or_else(english).unwrap_or(key.id())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_text_falls_back_to_english_then_to_the_key_id() {
        let key = TextKey::UiTableColumnName;
        assert_eq!(with_fallback(key, Some("氏名"), || Some("Name")), "氏名");
        assert_eq!(with_fallback(key, None, || Some("Name")), "Name");
        assert_eq!(with_fallback(key, None, || None), "ui.table.column_name");
    }

    #[test]
    fn every_language_has_the_stage_labels() {
        assert_eq!(Lang::En.text(TextKey::StageLabelEngaged), "Engaged");
        assert_eq!(
            Lang::Ja.text(TextKey::StageLabelEngaged),
            "育成・商談設定中"
        );
    }
}
