//! Undo and redo over the persistent undo log (SPEC §1): newest first, a bulk action as one,
//! working after a restart. Each entry holds the lead before and after the action; undo writes
//! the before-image back (guarded by the lead's version, so a change made since is never
//! overwritten), marks the action's journal rows undone and appends an `undo` row.

use chrono::Utc;
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

use crate::domain::{ActivityKind, Lead, LeadId, NewActivity};

use super::lead::{insert_lead_tx, read_lead, update_lead_tx};
use super::{Store, StoreError};

/// What an undo or redo did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndoOutcome {
    /// The action's label ("log call: no answer").
    pub label: String,
    /// The leads it touched.
    pub leads: Vec<LeadId>,
    /// True for a redo.
    pub redo: bool,
}

fn to_json(lead: Option<&Lead>) -> Result<Option<String>, StoreError> {
    lead.map(|l| {
        serde_json::to_string(l).map_err(|e| StoreError::Corrupt {
            what: "undo snapshot",
            detail: e.to_string(),
        })
    })
    .transpose()
}

fn from_json(text: Option<String>) -> Result<Option<Lead>, StoreError> {
    text.map(|t| {
        serde_json::from_str(&t).map_err(|e| StoreError::Corrupt {
            what: "undo snapshot",
            detail: e.to_string(),
        })
    })
    .transpose()
}

/// Records an undoable change of one lead. A new action clears the redo stack.
pub(super) fn record_tx(
    tx: &Transaction<'_>,
    label: &str,
    lead_id: LeadId,
    before: Option<&Lead>,
    after: Option<&Lead>,
    activity_ids: &[i64],
) -> Result<(), StoreError> {
    tx.prepare_cached("DELETE FROM undo_log WHERE state = 'undone'")?
        .execute([])?;
    tx.prepare_cached(
        "INSERT INTO undo_log (grp, at, label, lead_id, before, after, activity_ids, done_version)
         VALUES (-1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        Utc::now().timestamp(),
        label,
        lead_id,
        to_json(before)?,
        to_json(after)?,
        serde_json::to_string(activity_ids).unwrap_or_else(|_| "[]".into()),
        after.map(|l| l.version),
    ])?;
    let id = tx.last_insert_rowid();
    tx.prepare_cached("UPDATE undo_log SET grp = ?1 WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

struct Entry {
    id: i64,
    label: String,
    lead_id: LeadId,
    before: Option<Lead>,
    after: Option<Lead>,
    activity_ids: Vec<i64>,
    done_version: Option<i64>,
    undone_version: Option<i64>,
}

fn entries(tx: &Transaction<'_>, grp: i64) -> Result<Vec<Entry>, StoreError> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, label, lead_id, before, after, activity_ids, done_version, undone_version
         FROM undo_log WHERE grp = ?1 ORDER BY id",
    )?;
    let raw = stmt
        .query_map([grp], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, LeadId>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<i64>>(6)?,
                r.get::<_, Option<i64>>(7)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    raw.into_iter()
        .map(|(id, label, lead_id, before, after, ids, dv, uv)| {
            Ok(Entry {
                id,
                label,
                lead_id,
                before: from_json(before)?,
                after: from_json(after)?,
                activity_ids: serde_json::from_str(&ids).unwrap_or_default(),
                done_version: dv,
                undone_version: uv,
            })
        })
        .collect()
}

impl Store {
    /// Undoes the newest action still in effect; `None` when there is nothing to undo.
    pub fn undo(&mut self) -> Result<Option<UndoOutcome>, StoreError> {
        self.step(false)
    }

    /// Redoes the action undone last; `None` when there is nothing to redo.
    pub fn redo(&mut self) -> Result<Option<UndoOutcome>, StoreError> {
        self.step(true)
    }

    fn step(&mut self, redo: bool) -> Result<Option<UndoOutcome>, StoreError> {
        let sc = self.scorer();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let sql = if redo {
            "SELECT min(grp) FROM undo_log WHERE state = 'undone'"
        } else {
            "SELECT max(grp) FROM undo_log WHERE state = 'done'"
        };
        let grp: Option<i64> = tx.query_row(sql, [], |r| r.get(0)).optional()?.flatten();
        let Some(grp) = grp else {
            return Ok(None);
        };
        let mut list = entries(&tx, grp)?;
        if !redo {
            list.reverse();
        }
        let mut leads = Vec::new();
        let mut label = String::new();
        for e in &list {
            let current = read_lead(&tx, e.lead_id)?;
            let (expected, target) = if redo {
                (e.undone_version, e.after.as_ref())
            } else {
                (e.done_version, e.before.as_ref())
            };
            if current.as_ref().map(|l| l.version) != expected {
                return Err(StoreError::Conflict { id: e.lead_id });
            }
            let new_version = match (current, target) {
                (Some(cur), Some(target)) => Some(update_lead_tx(&tx, &cur, target, &sc)?.version),
                (Some(_), None) => {
                    tx.prepare_cached("DELETE FROM leads WHERE id = ?1")?
                        .execute([e.lead_id])?;
                    None
                }
                (None, Some(target)) => {
                    let mut t = target.clone();
                    t.id = e.lead_id;
                    insert_lead_tx(&tx, &mut t, &sc)?;
                    tx.prepare_cached("UPDATE leads SET version = ?2 WHERE id = ?1")?
                        .execute(params![e.lead_id, t.version])?;
                    Some(t.version)
                }
                (None, None) => None,
            };
            let mut mark = tx.prepare_cached("UPDATE activities SET undone = ?2 WHERE id = ?1")?;
            for id in &e.activity_ids {
                mark.execute(params![id, !redo])?;
            }
            if new_version.is_some() {
                let note = if redo { "redo" } else { "undo" };
                super::activity::append_tx(
                    &tx,
                    e.lead_id,
                    &[NewActivity::new(ActivityKind::Undo, Utc::now())
                        .with_outcome(note)
                        .with_note(e.label.clone())
                        .with_data(serde_json::json!({ "activities": e.activity_ids }))],
                )?;
            }
            let sql = if redo {
                "UPDATE undo_log SET state = 'done', done_version = ?2 WHERE id = ?1"
            } else {
                "UPDATE undo_log SET state = 'undone', undone_version = ?2 WHERE id = ?1"
            };
            tx.prepare_cached(sql)?
                .execute(params![e.id, new_version])?;
            // The neighbouring entry of the same lead now expects the version just written:
            // after an undo the older action is in effect again; after a redo the next undone
            // one waits on top of it.
            let neighbour = if redo {
                "UPDATE undo_log SET undone_version = ?3 WHERE id =
                    (SELECT min(id) FROM undo_log WHERE lead_id = ?2 AND state = 'undone' AND id > ?1)"
            } else {
                "UPDATE undo_log SET done_version = ?3 WHERE id =
                    (SELECT max(id) FROM undo_log WHERE lead_id = ?2 AND state = 'done' AND id < ?1)"
            };
            tx.prepare_cached(neighbour)?
                .execute(params![e.id, e.lead_id, new_version])?;
            leads.push(e.lead_id);
            label.clone_from(&e.label);
        }
        tx.commit()?;
        Ok(Some(UndoOutcome { label, leads, redo }))
    }
}
