//! Lead stages (SPEC §1): stable ids, labels per language.

use serde::{Deserialize, Serialize};

use super::i18n::TextKey;
use super::lang::Lang;

/// Where a lead stands in the inside-sales process.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Handed over by marketing, not yet touched.
    #[default]
    New,
    /// Tried, no conversation with the person yet.
    Unreached,
    /// In conversation: nurturing, setting the meeting.
    Engaged,
    /// Lost or unreachable; may be re-engaged later.
    Lost,
    /// Escalated to field sales.
    HandedOff,
}

impl Stage {
    /// Every stage in view order.
    pub const ALL: [Stage; 5] = [
        Stage::New,
        Stage::Unreached,
        Stage::Engaged,
        Stage::Lost,
        Stage::HandedOff,
    ];

    /// The open stages: the ones a rep still works.
    pub const OPEN: [Stage; 3] = [Stage::New, Stage::Unreached, Stage::Engaged];

    /// The stable id used in the database, JSON and the CLI.
    pub fn id(self) -> &'static str {
        match self {
            Stage::New => "new",
            Stage::Unreached => "unreached",
            Stage::Engaged => "engaged",
            Stage::Lost => "lost",
            Stage::HandedOff => "handed_off",
        }
    }

    /// Parses a stable id.
    pub fn from_id(id: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.id() == id)
    }

    /// Whether the rep still works leads in this stage.
    pub fn is_open(self) -> bool {
        matches!(self, Stage::New | Stage::Unreached | Stage::Engaged)
    }

    /// Index in [`Stage::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The full label in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        lang.text(match self {
            Stage::New => TextKey::StageLabelNew,
            Stage::Unreached => TextKey::StageLabelUnreached,
            Stage::Engaged => TextKey::StageLabelEngaged,
            Stage::Lost => TextKey::StageLabelLost,
            Stage::HandedOff => TextKey::StageLabelHandedOff,
        })
    }

    /// The short label used where space is tight.
    pub fn short_label(self, lang: Lang) -> &'static str {
        lang.text(match self {
            Stage::New => TextKey::StageShortNew,
            Stage::Unreached => TextKey::StageShortUnreached,
            Stage::Engaged => TextKey::StageShortEngaged,
            Stage::Lost => TextKey::StageShortLost,
            Stage::HandedOff => TextKey::StageShortHandedOff,
        })
    }
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        for s in Stage::ALL {
            assert_eq!(Stage::from_id(s.id()), Some(s));
        }
        assert_eq!(Stage::from_id("teleported"), None);
    }

    #[test]
    fn only_new_unreached_engaged_are_open() {
        let open: Vec<_> = Stage::ALL.into_iter().filter(|s| s.is_open()).collect();
        assert_eq!(open, Stage::OPEN.to_vec());
    }
}
