//! `import --list` and `import --revert BATCH` (SPEC §10): a revert removes the batch's new
//! leads with their journal rows and restores the leads it merged into exactly (version
//! included), in one transaction — refused, naming them, when any of those leads was worked
//! since.

use rusqlite::{OptionalExtension, TransactionBehavior, params};

use crate::domain::{Lead, LeadId, Ts};

use super::codec::{opt_ts, ts};
use super::lead::{read_lead, update_lead_tx};
use super::{Store, StoreError};

/// One batch as `import --list` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchSummary {
    /// Batch id.
    pub id: i64,
    /// When it ran.
    pub at: Ts,
    /// The file.
    pub file: String,
    /// Its encoding.
    pub encoding: String,
    /// Data rows read.
    pub rows: u64,
    /// New leads.
    pub imported: u64,
    /// Rows merged.
    pub merged: u64,
    /// Rows skipped.
    pub skipped: u64,
    /// Rows rejected.
    pub rejected: u64,
    /// When it was reverted.
    pub reverted_at: Option<Ts>,
}

/// What `import --revert` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RevertOutcome {
    /// Done: leads removed and leads restored.
    Reverted {
        /// New leads removed.
        removed: u64,
        /// Merged leads restored.
        restored: u64,
    },
    /// Refused: these leads were worked since the import.
    Refused(Vec<LeadId>),
    /// No such batch.
    NoSuchBatch,
    /// Reverted before.
    AlreadyReverted,
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

impl Store {
    /// Every import batch, oldest first.
    pub fn import_batches(&self) -> Result<Vec<BatchSummary>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, at, file, encoding, rows, imported, merged, skipped, rejected, reverted_at
             FROM import_batches ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(BatchSummary {
                id: r.get(0)?,
                at: ts(r.get(1)?),
                file: r.get(2)?,
                encoding: r.get(3)?,
                rows: count(r.get(4)?),
                imported: count(r.get(5)?),
                merged: count(r.get(6)?),
                skipped: count(r.get(7)?),
                rejected: count(r.get(8)?),
                reverted_at: opt_ts(r.get(9)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Reverts a batch (see the module doc).
    pub fn revert_import(&mut self, batch: i64, at: Ts) -> Result<RevertOutcome, StoreError> {
        let sc = self.scorer();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let row: Option<(Option<i64>, Option<i64>)> = tx
            .query_row(
                "SELECT activity_id, reverted_at FROM import_batches WHERE id = ?1",
                [batch],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((activity, reverted)) = row else {
            return Ok(RevertOutcome::NoSuchBatch);
        };
        if reverted.is_some() {
            return Ok(RevertOutcome::AlreadyReverted);
        }
        let mut worked: Vec<LeadId> = tx
            .prepare("SELECT id FROM leads WHERE batch_id = ?1 AND version <> 1 ORDER BY id")?
            .query_map([batch], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let merges: Vec<(LeadId, String, i64)> = tx
            .prepare("SELECT lead_id, before, after_version FROM import_merges WHERE batch_id = ?1 ORDER BY lead_id")?
            .query_map([batch], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        let mut restore = Vec::new();
        for (id, before, after_version) in merges {
            match read_lead(&tx, id)? {
                Some(current) if current.version == after_version => {
                    let before: Lead =
                        serde_json::from_str(&before).map_err(|e| StoreError::Corrupt {
                            what: "import merge snapshot",
                            detail: e.to_string(),
                        })?;
                    restore.push((current, before));
                }
                _ => worked.push(id),
            }
        }
        if !worked.is_empty() {
            worked.sort_unstable();
            return Ok(RevertOutcome::Refused(worked));
        }
        let restored = restore.len() as u64;
        for (current, before) in restore {
            update_lead_tx(&tx, &current, &before, &sc)?;
            tx.execute(
                "UPDATE leads SET version = ?2 WHERE id = ?1",
                params![current.id, before.version],
            )?;
            tx.execute(
                "DELETE FROM activities WHERE lead_id = ?1 AND kind = 'merge' AND outcome = 'import'
                   AND json_extract(data, '$.batch') = ?2",
                params![current.id, batch],
            )?;
        }
        let removed = tx.execute("DELETE FROM leads WHERE batch_id = ?1", [batch])? as u64;
        if let Some(a) = activity {
            tx.execute("DELETE FROM activities WHERE id = ?1", [a])?;
        }
        // The rollup keeps a slot row at zero after a delete; drop those so the file is as before.
        tx.execute("DELETE FROM activity_rollup WHERE n = 0", [])?;
        tx.execute(
            "UPDATE import_batches SET reverted_at = ?2 WHERE id = ?1",
            params![batch, at.timestamp()],
        )?;
        tx.commit()?;
        Ok(RevertOutcome::Reverted { removed, restored })
    }
}
