//! Lost reasons (`[[rules.lost_reasons]]`): the built-ins and how user entries replace and extend
//! them.

use serde::Deserialize;
use serde::de::Deserializer;

use super::value::checked;
use crate::domain::Lang;

/// Why a lead was lost, and when it comes back for re-engagement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LostReason {
    /// Stable id (`not_interested`, …), used by the CLI and stored on leads.
    pub id: String,
    /// English label.
    pub label: String,
    /// Japanese label.
    pub label_ja: String,
    /// Days until the lead is due for re-engagement; 0 = never.
    pub reengage_after_days: u32,
}

impl LostReason {
    /// The label in a language.
    pub fn label(&self, lang: Lang) -> &str {
        lang.pick(&self.label, &self.label_ja)
    }

    /// Whether this is one of the reasons leadbench itself sets (`unreachable`, `invalid_data`,
    /// `do_not_call`), which always exist.
    pub fn is_system(&self) -> bool {
        SYSTEM_REASONS.contains(&self.id.as_str())
    }
}

/// The reasons leadbench sets by itself; they always exist.
pub const SYSTEM_REASONS: [&str; 3] = ["unreachable", "invalid_data", "do_not_call"];

/// Reasons that never re-engage by phone, whatever the configuration says.
const NEVER_REENGAGE: [&str; 2] = ["invalid_data", "do_not_call"];

/// The built-in lost reasons, in the order pickers show them.
pub fn builtin_lost_reasons() -> Vec<LostReason> {
    let r = |id: &str, label: &str, label_ja: &str, days: u32| LostReason {
        id: id.to_string(),
        label: label.to_string(),
        label_ja: label_ja.to_string(),
        reengage_after_days: days,
    };
    vec![
        r("not_interested", "Not interested", "興味なし", 90),
        r("bad_timing", "Bad timing", "時期が合わない", 90),
        r("no_budget", "No budget", "予算なし", 120),
        r("competitor", "Chose a competitor", "競合に決定", 180),
        r("unreachable", "Unreachable", "連絡がつかない", 60),
        r("invalid_data", "Invalid contact data", "連絡先不備", 0),
        r("do_not_call", "Do not call", "連絡拒否", 0),
    ]
}

/// A `[[rules.lost_reasons]]` entry as written: only `id` is required; the rest falls back to the
/// built-in of the same id, else to the id itself and 0 days.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    id: String,
    label: Option<String>,
    label_ja: Option<String>,
    reengage_after_days: Option<u32>,
}

/// A checked entry.
#[derive(Debug)]
struct Entry(RawEntry);

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        checked::<D, RawEntry, Entry>(d)
    }
}

impl TryFrom<RawEntry> for Entry {
    type Error = String;

    fn try_from(e: RawEntry) -> Result<Self, Self::Error> {
        let well_formed = !e.id.is_empty()
            && e.id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !well_formed {
            return Err(format!(
                "lost reason id `{}` must be lowercase letters, digits and `_`",
                e.id
            ));
        }
        if e.reengage_after_days.is_some_and(|d| d != 0) && NEVER_REENGAGE.contains(&e.id.as_str())
        {
            return Err(format!(
                "`{}` never re-engages by phone: its reengage_after_days must be 0",
                e.id
            ));
        }
        Ok(Entry(e))
    }
}

/// Reads `[[rules.lost_reasons]]` and merges it over the built-ins: an entry with a known id
/// replaces that reason in place (a later entry replaces an earlier one); others are appended.
pub(crate) fn de_lost_reasons<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Vec<LostReason>, D::Error> {
    let entries = Vec::<Entry>::deserialize(d)?;
    Ok(merge(entries.into_iter().map(|e| e.0)))
}

fn merge(entries: impl Iterator<Item = RawEntry>) -> Vec<LostReason> {
    let mut reasons = builtin_lost_reasons();
    for e in entries {
        let base = reasons.iter().position(|r| r.id == e.id);
        let old = base.and_then(|i| reasons.get(i)).cloned();
        let label = e
            .label
            .or_else(|| old.as_ref().map(|o| o.label.clone()))
            .unwrap_or_else(|| e.id.clone());
        let label_ja = e
            .label_ja
            .or_else(|| old.as_ref().map(|o| o.label_ja.clone()))
            .unwrap_or_else(|| label.clone());
        let days = e
            .reengage_after_days
            .or_else(|| old.as_ref().map(|o| o.reengage_after_days))
            .unwrap_or(0);
        let reason = LostReason {
            id: e.id,
            label,
            label_ja,
            reengage_after_days: days,
        };
        match base {
            Some(i) => reasons[i] = reason,
            None => reasons.push(reason),
        }
    }
    reasons
}
