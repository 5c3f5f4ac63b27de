//! Erasing a lead's personal data from every table that can hold it (SPEC §11), so that the
//! bytes leave the file: `secure_delete` zeroes what SQLite frees, FTS5's own secure-delete
//! option (set in schema v3) drops the search tokens at once, and a TRUNCATE checkpoint empties
//! the WAL that still held the old pages.
//!
//! Tables that hold a lead's words: `leads` (and the indexes over it, the search text among
//! them), `phones`, `activities` (note, data), `undo_log` (before/after images),
//! `import_merges` (the lead before a merge), `mail_queue` (rendered mail) and the FTS5 index
//! `lead_search`. The rollups and KPI tables hold ids, times and counts only. Text that earlier
//! edits freed without zeroing is dropped by rebuilding the file (VACUUM) afterwards.

use rusqlite::{TransactionBehavior, params};

use crate::domain::forget::{anonymise, scrub_activity_data};
use crate::domain::{ActivityKind, LeadId, NewActivity, Ts};

use super::lead::{read_lead, update_lead_tx};
use super::{Store, StoreError};

/// What forgetting did inside the file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ForgetReport {
    /// Journal rows whose notes and data were scrubbed.
    pub activities_scrubbed: usize,
    /// Undo entries removed (they held the lead before and after each action).
    pub undo_entries_removed: usize,
    /// Queued mails removed.
    pub mails_removed: usize,
    /// Whether the file was rebuilt (VACUUM), which also drops text that earlier edits left in
    /// free space; false when that failed (the reason is in `vacuum_error`).
    pub vacuumed: bool,
    /// Why the rebuild failed (a full disk: it needs room for a second copy).
    pub vacuum_error: Option<String>,
    /// Whether the WAL was checkpointed and emptied; false when another open connection (a
    /// running TUI) kept it: the old pages then stay in the `-wal` file until it closes.
    pub wal_truncated: bool,
}

impl Store {
    /// Erases the personal data of lead `id` and keeps its anonymous trace. Irreversible: no
    /// undo entry is written and the existing ones for this lead are dropped.
    pub fn forget(&mut self, id: LeadId, now: Ts) -> Result<ForgetReport, StoreError> {
        // Zero freed cells and pages from here on, so erased text does not linger in free space.
        self.conn.pragma_update(None, "secure_delete", "ON")?;
        let sc = self.scorer();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before = read_lead(&tx, id)?.ok_or_else(|| StoreError::NoSuchLead(id.to_string()))?;
        update_lead_tx(&tx, &before, &anonymise(&before), &sc)?;
        let rows: Vec<(i64, String)> = tx
            .prepare_cached("SELECT id, data FROM activities WHERE lead_id = ?1")?
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        {
            let mut scrub =
                tx.prepare_cached("UPDATE activities SET note = '', data = ?2 WHERE id = ?1")?;
            for (aid, data) in &rows {
                let value = serde_json::from_str(data).unwrap_or(serde_json::Value::Null);
                scrub.execute(params![aid, scrub_activity_data(&value).to_string()])?;
            }
        }
        let undo_entries_removed = tx
            .prepare_cached("DELETE FROM undo_log WHERE lead_id = ?1")?
            .execute([id])?;
        tx.prepare_cached("DELETE FROM import_merges WHERE lead_id = ?1")?
            .execute([id])?;
        let mails_removed = tx
            .prepare_cached("DELETE FROM mail_queue WHERE lead_id = ?1")?
            .execute([id])?;
        // The journal says that it was rewritten, and when — nothing of what was there.
        let marker = NewActivity::new(ActivityKind::Edit, now)
            .with_outcome("forget")
            .with_data(serde_json::json!({ "fields": ["forget"] }));
        super::activity::append_tx(&tx, id, &[marker])?;
        tx.commit()?;
        // Edits made before `forget` freed old row versions without zeroing them; rebuilding
        // the file leaves no free space behind, so nothing of them survives.
        let vacuum = self.conn.execute_batch("VACUUM");
        let (busy, _, _): (i64, i64, i64) =
            self.conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
        Ok(ForgetReport {
            activities_scrubbed: rows.len(),
            undo_entries_removed,
            mails_removed,
            vacuumed: vacuum.is_ok(),
            vacuum_error: vacuum.err().map(|e| StoreError::from(e).to_string()),
            wal_truncated: busy == 0,
        })
    }
}
