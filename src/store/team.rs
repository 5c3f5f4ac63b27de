//! What a team report reads of one rep's file (SPEC §9): opened read-only, so it never blocks
//! the rep's own writes and works on `backup` copies.

use std::path::Path;

use chrono::NaiveDate;

use crate::domain::Ts;

use super::{Store, StoreError};

/// One rep's load as stored in the rep's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepLoad {
    /// The rep's name (meta `rep.name`), if the file holds one.
    pub name: Option<String>,
    /// Leads per stage (in `Stage::ALL` order), transferred left out.
    pub counts: [u64; 5],
    /// Leads over SLA per stage.
    pub over_sla: [u64; 5],
    /// Hand-over time of the oldest untouched new lead.
    pub oldest_new: Option<Ts>,
}

impl Store {
    /// Reads a rep's load in one read transaction (a consistent snapshot of a live file).
    pub fn rep_load(
        &self,
        now: Ts,
        today: NaiveDate,
        sla_days: [u32; 5],
    ) -> Result<RepLoad, StoreError> {
        self.conn.execute_batch("BEGIN")?;
        let load = (|| {
            Ok::<_, StoreError>(RepLoad {
                name: self.meta("rep.name")?,
                counts: self.stage_counts()?,
                over_sla: self.stage_stuck_counts(now, today, sla_days)?,
                oldest_new: self.oldest_new_handover()?,
            })
        })();
        let _ = self.conn.execute_batch("COMMIT");
        load
    }

    /// Writes a consistent copy to `target` (0600) with SQLite's backup API, as one
    /// self-contained file (rollback journal, no -wal/-shm beside it), for `leadbench backup`.
    pub fn backup_single_file(&self, target: &Path) -> Result<(), StoreError> {
        self.backup_to(target)?;
        let copy = rusqlite::Connection::open(target)?;
        copy.pragma_update_and_check(None, "journal_mode", "DELETE", |_| Ok(()))?;
        Ok(())
    }
}
