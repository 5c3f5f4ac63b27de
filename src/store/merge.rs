//! `merge LEAD LEAD`: the kept lead takes the union, the other's journal rows move to it, the
//! other is removed — one transaction and ONE undo group, so `u` brings both back. The journal
//! rows travel through `merge_moves` (schema 2): its triggers move them back when the removal is
//! undone and over again when it is redone, so the undo engine needs no special case.

use chrono::Utc;
use rusqlite::{TransactionBehavior, params};

use crate::domain::{Lead, LeadId, NewActivity};

use super::lead::{read_lead, update_lead_tx};
use super::{Store, StoreError};

fn snapshot(lead: &Lead) -> Result<String, StoreError> {
    serde_json::to_string(lead).map_err(|e| StoreError::Corrupt {
        what: "undo snapshot",
        detail: e.to_string(),
    })
}

impl Store {
    /// Merges lead `other` into lead `keep`: `merged` is the kept lead after (computed from the
    /// versions given; a lead changed since is refused as a conflict), `activity` the `merge`
    /// journal row written on it. Returns the kept lead as stored.
    pub fn merge_leads(
        &mut self,
        keep: (LeadId, i64),
        other: (LeadId, i64),
        merged: &Lead,
        activity: &NewActivity,
        label: &str,
    ) -> Result<Lead, StoreError> {
        let sc = self.scorer();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut leads = Vec::new();
        for (id, version) in [keep, other] {
            let lead = read_lead(&tx, id)?.ok_or_else(|| StoreError::NoSuchLead(id.to_string()))?;
            if lead.version != version {
                return Err(StoreError::Conflict { id });
            }
            leads.push(lead);
        }
        let (keep_before, other_before) = (&leads[0], &leads[1]);
        let after = update_lead_tx(&tx, keep_before, merged, &sc)?;
        let ids = super::activity::append_tx(&tx, keep.0, std::slice::from_ref(activity))?;
        tx.prepare_cached("DELETE FROM undo_log WHERE state = 'undone'")?
            .execute([])?;
        let mut insert = tx.prepare_cached(
            "INSERT INTO undo_log (grp, at, label, lead_id, before, after, activity_ids, done_version)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        let at = Utc::now().timestamp();
        insert.execute(params![
            -1,
            at,
            label,
            keep.0,
            snapshot(keep_before)?,
            snapshot(&after)?,
            serde_json::to_string(&ids).unwrap_or_else(|_| "[]".into()),
            after.version,
        ])?;
        let grp = tx.last_insert_rowid();
        insert.execute(params![
            grp,
            at,
            label,
            other.0,
            snapshot(other_before)?,
            Option::<String>::None,
            "[]",
            Option::<i64>::None,
        ])?;
        let other_entry = tx.last_insert_rowid();
        drop(insert);
        tx.execute("UPDATE undo_log SET grp = ?1 WHERE id = ?1", [grp])?;
        tx.execute(
            "INSERT INTO merge_moves (undo_id, activity_id, from_lead, to_lead, active)
             SELECT ?1, id, ?2, ?3, 1 FROM activities WHERE lead_id = ?2",
            params![other_entry, other.0, keep.0],
        )?;
        // The trigger on merge_moves moves the journal rows before the row goes.
        tx.execute("DELETE FROM leads WHERE id = ?1", [other.0])?;
        tx.commit()?;
        Ok(after)
    }
}
