//! Recording qualification (SPEC §8): item states with evidence, several items at once, in one
//! undoable write. Evidence picked from the journal copies the row's note and date, so the
//! quote travels with the item.

use serde_json::json;

use crate::config::HandoffConfig;
use crate::domain::i18n::TextKey;
use crate::domain::qualification::{Evidence, Item, ItemState};
use crate::domain::text::sanitize_multiline;
use crate::domain::{Activity, ActivityKind, Lang, Lead, LeadId, NewActivity, Ts};
use crate::store::{Change, Store, StoreError};

use super::{OpsError, Problem};

/// One item to set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemUpdate {
    /// The item id (`need`, `economic_buyer` …).
    pub item: String,
    /// The new state.
    pub state: ItemState,
}

/// Where the evidence of an update comes from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EvidenceInput {
    /// Evidence in words.
    pub text: Option<String>,
    /// A journal row of the lead to quote (its note and date are copied).
    pub activity_id: Option<i64>,
}

impl EvidenceInput {
    fn is_empty(&self) -> bool {
        self.text.as_deref().is_none_or(|t| t.trim().is_empty()) && self.activity_id.is_none()
    }
}

/// What the rep asks to record: items and the evidence for all of them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QualifyRequest {
    /// The items to set.
    pub updates: Vec<ItemUpdate>,
    /// Evidence for every item of this request (none keeps what an item had).
    pub evidence: EvidenceInput,
}

/// Parses `ITEM=STATE` against the framework's items.
pub fn parse_update(handoff: &HandoffConfig, text: &str) -> Result<ItemUpdate, OpsError> {
    let (item, state) = text
        .split_once('=')
        .ok_or_else(|| OpsError::Invalid(Problem::NotItemState(text.to_owned())))?;
    let item = item.trim().to_ascii_lowercase();
    let items = handoff.framework.items();
    if !items.contains(&item.as_str()) {
        return Err(OpsError::Invalid(Problem::NotAnItem {
            item,
            framework: handoff.framework.id().to_owned(),
            items: items.join(", "),
        }));
    }
    let state = ItemState::from_id(state)
        .ok_or_else(|| OpsError::Invalid(Problem::NotAState(state.to_owned())))?;
    Ok(ItemUpdate { item, state })
}

/// The journal rows a rep may quote as evidence: the lead's rows with a note, not undone,
/// newest first (for the TUI's picker).
pub fn evidence_candidates(store: &Store, id: LeadId) -> Result<Vec<Activity>, OpsError> {
    let mut rows: Vec<Activity> = store
        .activities(id)?
        .into_iter()
        .filter(|a| !a.undone && !a.note.trim().is_empty())
        .collect();
    rows.reverse();
    Ok(rows)
}

fn evidence_for(
    store: &Store,
    id: LeadId,
    input: &EvidenceInput,
    now: Ts,
) -> Result<Option<Evidence>, OpsError> {
    if input.is_empty() {
        return Ok(None);
    }
    let text = input
        .text
        .as_deref()
        .map(|t| sanitize_multiline(t).trim().to_owned())
        .filter(|t| !t.is_empty());
    let Some(aid) = input.activity_id else {
        return Ok(Some(Evidence {
            text: text.unwrap_or_default(),
            activity_id: None,
            at: Some(now),
        }));
    };
    let row = store
        .activities(id)?
        .into_iter()
        .find(|a| a.id == aid && !a.undone)
        .ok_or_else(|| OpsError::Invalid(Problem::NoJournalRow { id, row: aid }))?;
    let quote = sanitize_multiline(&row.note).trim().to_owned();
    let text = match text {
        Some(t) => t,
        None if !quote.is_empty() => quote,
        None => {
            return Err(OpsError::Invalid(Problem::RowHasNoNote(aid)));
        }
    };
    Ok(Some(Evidence {
        text,
        activity_id: Some(aid),
        at: Some(row.at),
    }))
}

/// Sets qualification items of a lead in one undoable write. Items without new evidence keep
/// the evidence they had (set to `unknown` they lose it). Returns the lead after.
pub fn qualify(
    store: &mut Store,
    handoff: &HandoffConfig,
    lang: Lang,
    id: LeadId,
    expected_version: Option<i64>,
    req: &QualifyRequest,
    now: Ts,
) -> Result<Lead, OpsError> {
    let (updates, evidence) = (&req.updates, &req.evidence);
    if updates.is_empty() {
        return Err(OpsError::Invalid(Problem::NoItemState));
    }
    let items = handoff.framework.items();
    if let Some(bad) = updates.iter().find(|u| !items.contains(&u.item.as_str())) {
        return Err(OpsError::Invalid(Problem::NotAnItem {
            item: bad.item.clone(),
            framework: handoff.framework.id().to_owned(),
            items: items.join(", "),
        }));
    }
    if store.lead(id)?.is_none() {
        return Err(StoreError::NoSuchLead(id.to_string()).into());
    }
    let ev = evidence_for(store, id, evidence, now)?;
    let label = format!(
        "{}: {}",
        lang.text(TextKey::OpsQualifyQualify),
        updates
            .iter()
            .map(|u| format!("{}={}", u.item, u.state.id()))
            .collect::<Vec<_>>()
            .join(" ")
    );
    store.mutate(id, expected_version, &label, |before| {
        let mut lead = before.clone();
        let mut changed = serde_json::Map::new();
        let mut previous = serde_json::Map::new();
        for u in updates {
            let old = before.qualification.item(&u.item);
            let evidence = match (&ev, u.state) {
                (Some(e), _) => Some(e.clone()),
                (None, ItemState::Unknown) => None,
                (None, _) => old.evidence.clone(),
            };
            let item = Item {
                state: u.state,
                evidence,
            };
            previous.insert(u.item.clone(), json!(old));
            changed.insert(u.item.clone(), json!(item));
            lead.qualification.set(&u.item, item);
        }
        let activity = NewActivity::new(ActivityKind::Edit, now)
            .with_outcome("qualification")
            .with_data(json!({
                "fields": ["qualification"],
                "framework": handoff.framework.id(),
                "items": changed,
                "previous": previous,
            }));
        Ok::<_, OpsError>(Change {
            lead,
            activities: vec![activity],
        })
    })
}
