//! The UI language.

use serde::{Deserialize, Serialize};

/// A language leadbench speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Japanese.
    Ja,
}

impl Lang {
    /// Every language, English (the fallback) first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ja];

    /// The id as written in `ui.language` and in the catalogue's file name.
    pub fn id(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// Picks the English or Japanese text of data that carries both (a configured lost
    /// reason's `label` and `label_ja`). UI text comes from the catalogue instead:
    /// [`Lang::text`] with a [`TextKey`](super::i18n::TextKey).
    pub fn pick<'a>(self, en: &'a str, ja: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Ja => ja,
        }
    }
}
