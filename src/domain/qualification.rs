//! Qualification (SPEC §8): per framework item a state and the evidence for it.
//!
//! The framework's item list comes from the configuration (`handoff.framework`); the domain
//! only stores what the rep said about each item. Items never touched are `unknown`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::i18n::TextKey;
use super::lang::Lang;
use super::lead::Ts;

/// What the rep knows of one qualification item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemState {
    /// Not asked or not known yet.
    #[default]
    Unknown,
    /// Partly known.
    Partial,
    /// Confirmed by the lead.
    Confirmed,
    /// Does not apply to this lead (counts as met only with evidence).
    NA,
}

impl ItemState {
    /// Every state.
    pub const ALL: [ItemState; 4] = [
        ItemState::Unknown,
        ItemState::Partial,
        ItemState::Confirmed,
        ItemState::NA,
    ];

    /// The stable id.
    pub fn id(self) -> &'static str {
        match self {
            ItemState::Unknown => "unknown",
            ItemState::Partial => "partial",
            ItemState::Confirmed => "confirmed",
            ItemState::NA => "n_a",
        }
    }

    /// Parses a stable id (`na` and `n/a` are accepted for `n_a`).
    pub fn from_id(id: &str) -> Option<ItemState> {
        match id.trim().to_ascii_lowercase().as_str() {
            "na" | "n/a" => Some(ItemState::NA),
            s => ItemState::ALL.into_iter().find(|k| k.id() == s),
        }
    }

    /// The label in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ItemState::Unknown => lang.text(TextKey::DomainQualificationUnknown),
            ItemState::Partial => lang.text(TextKey::DomainQualificationPartial),
            ItemState::Confirmed => lang.text(TextKey::DomainQualificationConfirmed),
            ItemState::NA => lang.text(TextKey::DomainQualificationNotApplicable),
        }
    }
}

/// Why the rep believes an item's state: a text, or a journal row quoted with its date.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Evidence {
    /// The evidence in words (the quoted note when picked from a call).
    pub text: String,
    /// The journal row it was picked from.
    #[serde(default)]
    pub activity_id: Option<i64>,
    /// When it was said (the activity's time) or written down.
    #[serde(default)]
    pub at: Option<Ts>,
}

impl Evidence {
    /// Whether it holds anything at all.
    pub fn is_present(&self) -> bool {
        !self.text.trim().is_empty() || self.activity_id.is_some()
    }
}

/// One item's state and evidence.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Item {
    /// The state.
    pub state: ItemState,
    /// The evidence, when given.
    #[serde(default)]
    pub evidence: Option<Evidence>,
}

impl Item {
    /// Whether the item meets a requirement: confirmed, or n/a with evidence.
    pub fn is_met(&self) -> bool {
        match self.state {
            ItemState::Confirmed => true,
            ItemState::NA => self.evidence.as_ref().is_some_and(Evidence::is_present),
            ItemState::Unknown | ItemState::Partial => false,
        }
    }
}

/// A lead's qualification: the items the rep has touched, by item id.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Qualification {
    /// Item id → state and evidence; absent items are unknown.
    #[serde(default)]
    pub items: BTreeMap<String, Item>,
}

impl Qualification {
    /// The item of an id (unknown when never set).
    pub fn item(&self, id: &str) -> Item {
        self.items.get(id).cloned().unwrap_or_default()
    }

    /// Sets an item; `unknown` without evidence removes it.
    pub fn set(&mut self, id: &str, item: Item) {
        if item.state == ItemState::Unknown && item.evidence.is_none() {
            self.items.remove(id);
        } else {
            self.items.insert(id.to_owned(), item);
        }
    }

    /// The required items that are not met, in the order given.
    pub fn unmet<'a>(&self, required: &'a [String]) -> Vec<&'a str> {
        required
            .iter()
            .filter(|id| !self.item(id).is_met())
            .map(String::as_str)
            .collect()
    }

    /// Whether nothing was ever set.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// The label of a qualification item id (the id itself when unknown).
pub fn item_label(id: &str, lang: Lang) -> &str {
    let key = match id {
        "budget" => TextKey::QualificationItemBudget,
        "authority" => TextKey::QualificationItemAuthority,
        "need" => TextKey::QualificationItemNeed,
        "timeline" => TextKey::QualificationItemTimeline,
        "metrics" => TextKey::QualificationItemMetrics,
        "economic_buyer" => TextKey::QualificationItemEconomicBuyer,
        "decision_criteria" => TextKey::QualificationItemDecisionCriteria,
        "decision_process" => TextKey::QualificationItemDecisionProcess,
        "identify_pain" => TextKey::QualificationItemIdentifyPain,
        "champion" => TextKey::QualificationItemChampion,
        _ => return id,
    };
    lang.text(key)
}

/// The label of a framework id.
pub fn framework_label(id: &str) -> &str {
    match id {
        "bant" => "BANT",
        "meddic" => "MEDDIC",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(state: ItemState, evidence: Option<&str>) -> Item {
        Item {
            state,
            evidence: evidence.map(|t| Evidence {
                text: t.into(),
                ..Evidence::default()
            }),
        }
    }

    #[test]
    fn states_round_trip_through_their_ids() {
        for s in ItemState::ALL {
            assert_eq!(ItemState::from_id(s.id()), Some(s));
        }
        assert_eq!(ItemState::from_id("N/A"), Some(ItemState::NA));
        assert_eq!(ItemState::from_id("yes"), None);
    }

    #[test]
    fn confirmed_is_met_and_n_a_only_with_evidence() {
        assert!(item(ItemState::Confirmed, None).is_met());
        assert!(!item(ItemState::NA, None).is_met());
        assert!(!item(ItemState::NA, Some("  ")).is_met());
        assert!(item(ItemState::NA, Some("公共機関のため予算は年度予算")).is_met());
        assert!(!item(ItemState::Partial, Some("x")).is_met());
    }

    #[test]
    fn unknown_without_evidence_removes_the_item() {
        let mut q = Qualification::default();
        q.set("need", item(ItemState::Confirmed, None));
        assert!(!q.is_empty());
        q.set("need", Item::default());
        assert!(q.is_empty());
        let required = vec!["need".to_owned(), "timeline".to_owned()];
        assert_eq!(q.unmet(&required), vec!["need", "timeline"]);
    }

    #[test]
    fn old_json_without_items_reads_as_empty() {
        let q: Qualification = serde_json::from_str("{}").unwrap_or_else(|e| panic!("{e}"));
        assert!(q.is_empty());
        let q: Qualification =
            serde_json::from_str(r#"{"items":{"need":{"state":"n_a"}}}"#).unwrap_or_default();
        assert_eq!(q.item("need").state, ItemState::NA);
    }
}
