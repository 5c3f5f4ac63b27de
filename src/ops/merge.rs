//! Merging two leads (`merge LEAD LEAD`, the TUI's `=`): the first keeps the union — empty
//! fields filled, phones, tags, external ids and extra fields united, opt-outs honoured — and
//! the second's journal; the second is removed. One undo group.

use serde_json::json;

use crate::domain::i18n::TextKey;
use crate::domain::{ActivityKind, Lead, LeadId, NewActivity, Ts};
use crate::io::import::dedupe::fill_empty;
use crate::store::Store;

use super::{OpsError, Policy, Problem};

/// The kept lead after taking `other` in, and the `merge` journal row recording it.
pub fn union(keep: &Lead, other: &Lead, now: Ts) -> (Lead, NewActivity) {
    let mut merged = keep.clone();
    let previous = fill_empty(&mut merged, other);
    for (t, o) in [
        (&mut merged.last_touch_at, other.last_touch_at),
        (&mut merged.last_conversation_at, other.last_conversation_at),
        (&mut merged.last_engagement_at, other.last_engagement_at),
    ] {
        if o > *t {
            *t = o;
        }
    }
    for (kind, n) in &other.engagement {
        *merged.engagement.entry(kind.clone()).or_insert(0) += n;
    }
    let activity = NewActivity::new(ActivityKind::Merge, now)
        .with_outcome("merge")
        .with_note(other.display_name())
        .with_data(json!({
            "other": other.id,
            "other_email": other.email,
            "previous": previous,
        }));
    (merged, activity)
}

/// Merges lead `other` into lead `keep`; returns the kept lead.
pub fn merge_leads(
    store: &mut Store,
    policy: &Policy,
    keep: LeadId,
    other: LeadId,
    now: Ts,
) -> Result<Lead, OpsError> {
    if keep == other {
        return Err(OpsError::Invalid(Problem::MergeWithItself));
    }
    let read = |store: &Store, id: LeadId| {
        store
            .lead(id)?
            .ok_or_else(|| OpsError::Store(crate::store::StoreError::NoSuchLead(id.to_string())))
    };
    let (k, o) = (read(store, keep)?, read(store, other)?);
    let (merged, activity) = union(&k, &o, now);
    let label = format!(
        "{}: {} ← {}",
        policy.lang.text(TextKey::OpsMergeMerge),
        k.display_name(),
        o.display_name()
    );
    Ok(store.merge_leads(
        (k.id, k.version),
        (o.id, o.version),
        &merged,
        &activity,
        &label,
    )?)
}
