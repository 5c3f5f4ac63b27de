//! Import batches (SPEC §10). Rows are staged in a private temporary database attached to the
//! connection (`stage`), where they are deduplicated without touching the main file; only the
//! final copy takes the write lock, in one IMMEDIATE transaction that is a few `INSERT …
//! SELECT`s. A large copy drops the leads' indexes and the stage-count trigger inside that
//! transaction and rebuilds them after (building an index once beats a million inserts into
//! it), then recounts.

use rusqlite::types::Value as SqlValue;
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params, params_from_iter};
use serde_json::Value;

use crate::domain::{Lead, LeadId, Ts};

use super::codec::{self, LEAD_COLUMNS};
use super::import_bulk::{Dropped, copy_memberships, drop_for_bulk, restore_after_bulk};
use super::lead::{read_lead, update_lead_tx};
use super::score::Scorer;
use super::{Store, StoreError};

/// What a batch was, for its journal row and `import --list`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchInfo {
    /// The file imported.
    pub file: String,
    /// The encoding it was read in.
    pub encoding: String,
    /// Data rows read.
    pub rows: u64,
    /// Rows merged into earlier rows of the same file.
    pub merged_in_file: u64,
    /// Rows skipped as duplicates.
    pub skipped: u64,
    /// Rows rejected.
    pub rejected: u64,
    /// When.
    pub at: Ts,
}

/// What the final copy did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BatchCounts {
    /// The batch id.
    pub batch: i64,
    /// New leads.
    pub imported: u64,
    /// Rows merged into existing leads.
    pub merged: u64,
    /// Rows skipped (duplicates with `skip`, or a target lead removed meanwhile).
    pub skipped: u64,
}

/// Test hooks for the final copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CopyFault {
    /// No fault.
    #[default]
    None,
    /// Fail after the leads are copied and before their phones: the transaction must roll back.
    AfterLeads,
}

/// How a staged row that duplicates an existing lead is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StagedAction {
    /// Merge into this lead.
    Merge(LeadId),
    /// Skip it.
    Skip,
}

/// Fills an existing lead from a staged one: the lead after and the previous values, or `None`
/// when nothing changes.
pub type MergeFn<'a> = dyn FnMut(&Lead, &Lead) -> Option<(Lead, Value)> + 'a;

/// Scores and encodes leads for the staging table; cheap to clone, usable on any thread, so the
/// work runs on both cores while the main thread writes.
#[derive(Debug, Clone)]
pub struct RowPreparer {
    sc: Scorer,
}

/// A lead scored and encoded for the staging table.
#[derive(Debug, Clone)]
pub struct PreparedRow {
    values: Vec<SqlValue>,
    phones: Vec<(Option<String>, String, &'static str, bool)>,
}

impl RowPreparer {
    /// Scores `lead` (a copy) and encodes its row and phones.
    pub fn prepare(&self, lead: &Lead) -> Result<PreparedRow, StoreError> {
        let mut lead = lead.clone();
        let derived = self.sc.derive(&mut lead);
        let values = codec::lead_params(&lead, &derived)?
            .into_iter()
            .map(|(_, v)| v)
            .collect();
        let phones = lead
            .phones
            .into_iter()
            .map(|p| (p.number, p.raw, p.kind.id(), p.invalid))
            .collect();
        Ok(PreparedRow { values, phones })
    }
}

/// A batch above this many new leads, and above the leads already there, copies without
/// indexes and rebuilds them after.
const BULK_MIN: i64 = 20_000;

fn staged_columns() -> String {
    codec::insert_columns().to_owned()
}

impl Store {
    /// Attaches a fresh private staging database: a 0600 file next to the database (so its size
    /// never counts against memory), removed by [`Store::stage_end`].
    pub fn stage_begin(&mut self) -> Result<(), StoreError> {
        self.stage_end();
        let dir = self
            .path
            .as_deref()
            .and_then(std::path::Path::parent)
            .filter(|d| !d.as_os_str().is_empty())
            .map_or_else(std::env::temp_dir, std::path::Path::to_path_buf);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let file = dir.join(format!(
            ".leadbench-stage-{}-{nanos}.db",
            std::process::id()
        ));
        super::open::create_private_file(&file)?;
        // A million-row copy reads and writes the whole file: through the memory map and a big
        // page cache all of it would count as this process's memory. Smaller while staging;
        // `stage_end` puts the connection's settings back.
        let cache: i64 = self
            .conn
            .pragma_query_value(Some("main"), "cache_size", |r| r.get(0))?;
        let mmap: i64 = self
            .conn
            .query_row("PRAGMA main.mmap_size", [], |r| r.get(0))
            .unwrap_or(0);
        self.conn
            .execute_batch("PRAGMA main.cache_size = -16384; PRAGMA main.mmap_size = 0;")?;

        self.conn.execute(
            "ATTACH DATABASE ?1 AS stage",
            [file.to_string_lossy().as_ref()],
        )?;
        let cols = staged_columns();
        self.conn.execute_batch(&format!(
            "PRAGMA stage.journal_mode = OFF;
             PRAGMA stage.synchronous = OFF;
             PRAGMA stage.cache_size = -16384;
             CREATE TABLE stage.leads (id INTEGER PRIMARY KEY, line INTEGER, target INTEGER,
                 version INTEGER NOT NULL DEFAULT 1, {cols});
             CREATE TABLE stage.phones (lead_pos INTEGER, pos INTEGER, number, raw, kind, invalid,
                 PRIMARY KEY (lead_pos, pos)) WITHOUT ROWID;"
        ))?;
        // What the main file looked like when matching began: the final copy matches again if
        // another connection wrote since.
        let v: i64 = self
            .conn
            .pragma_query_value(Some("main"), "data_version", |r| r.get(0))?;
        self.conn.execute_batch(&format!(
            "CREATE TABLE stage.info (data_version INTEGER NOT NULL); INSERT INTO stage.info VALUES ({v});
             CREATE TABLE stage.saved (cache INTEGER, mmap INTEGER);
             INSERT INTO stage.saved VALUES ({cache}, {mmap});"
        ))?;
        Ok(())
    }

    /// Detaches the staging database (its file goes with it).
    pub fn stage_end(&mut self) {
        let attached = self
            .conn
            .query_row(
                "SELECT count(*) FROM pragma_database_list WHERE name = 'stage'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .unwrap_or(0);
        if attached > 0 {
            let file: Option<String> = self
                .conn
                .query_row(
                    "SELECT file FROM pragma_database_list WHERE name = 'stage'",
                    [],
                    |r| r.get(0),
                )
                .ok();
            // Best effort: a leftover staging file holds no more than the imported file did.
            let saved: Option<(i64, i64)> = self
                .conn
                .query_row("SELECT cache, mmap FROM stage.saved", [], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .ok();
            let _ = self.conn.execute_batch("DETACH DATABASE stage");
            if let Some((cache, mmap)) = saved {
                let _ = self.conn.execute_batch(&format!(
                    "PRAGMA main.cache_size = {cache}; PRAGMA main.mmap_size = {mmap};"
                ));
            }
            if let Some(f) = file.filter(|f| !f.is_empty()) {
                let _ = std::fs::remove_file(&f);
                let _ = std::fs::remove_file(format!("{f}-journal"));
            }
        }
    }

    /// A preparer that scores and encodes leads for staging on any thread.
    pub fn row_preparer(&self) -> RowPreparer {
        RowPreparer { sc: self.scorer() }
    }

    /// Stages rows: (staging id, line, lead).
    pub fn stage_insert(&mut self, rows: &[(i64, u64, &Lead)]) -> Result<(), StoreError> {
        let p = self.row_preparer();
        let prepared = rows
            .iter()
            .map(|(id, line, lead)| Ok((*id, *line, p.prepare(lead)?)))
            .collect::<Result<Vec<_>, StoreError>>()?;
        let refs: Vec<(i64, u64, &PreparedRow)> =
            prepared.iter().map(|(i, l, r)| (*i, *l, r)).collect();
        self.stage_prepared(&refs)
    }

    /// Stages prepared rows: (staging id, line, row). One deferred transaction on the staging
    /// database only, so the main file is not locked.
    pub fn stage_prepared(&mut self, rows: &[(i64, u64, &PreparedRow)]) -> Result<(), StoreError> {
        let cols = staged_columns();
        let n = cols.split(", ").count();
        let marks: Vec<String> = (0..n).map(|i| format!("?{}", i + 3)).collect();
        let sql = format!(
            "INSERT INTO stage.leads (id, line, {cols}) VALUES (?1, ?2, {})",
            marks.join(", ")
        );
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached(&sql)?;
            let mut phones = tx.prepare_cached(
                "INSERT INTO stage.phones (lead_pos, pos, number, raw, kind, invalid) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for (id, line, row) in rows {
                let head = [SqlValue::Integer(*id), SqlValue::Integer(*line as i64)];
                stmt.execute(params_from_iter(head.iter().chain(row.values.iter())))?;
                for (pos, (number, raw, kind, invalid)) in row.phones.iter().enumerate() {
                    phones.execute(params![id, pos as i64, number, raw, kind, invalid])?;
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Reads a staged lead back (to merge a later duplicate row into it).
    pub fn staged_lead(&self, id: i64) -> Result<Option<Lead>, StoreError> {
        staged_in(&self.conn, id)
    }

    /// Replaces a staged lead (after a later row was merged into it).
    pub fn stage_replace(&mut self, id: i64, line: u64, lead: &Lead) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM stage.leads WHERE id = ?1", [id])?;
        tx.execute("DELETE FROM stage.phones WHERE lead_pos = ?1", [id])?;
        tx.commit()?;
        self.stage_insert(&[(id, line, lead)])
    }

    /// Staged rows whose email an existing lead has: (staging id, lead id), first lead per row.
    pub fn stage_email_matches(&self) -> Result<Vec<(i64, LeadId)>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT s.id, min(l.id) FROM stage.leads s JOIN main.leads l ON l.email_norm = s.email_norm
             WHERE s.email_norm IS NOT NULL AND s.target IS NULL GROUP BY s.id ORDER BY s.id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Staged rows not matched yet that share a phone number with an existing lead: candidates
    /// for the phone-and-name rule, (staging id, lead id).
    pub fn stage_phone_candidates(&self) -> Result<Vec<(i64, LeadId)>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT sp.lead_pos, p.lead_id FROM stage.phones sp
             JOIN main.phones p ON p.number = sp.number
             JOIN stage.leads s ON s.id = sp.lead_pos
             WHERE sp.number IS NOT NULL AND s.target IS NULL ORDER BY sp.lead_pos, p.lead_id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Marks staged rows as duplicates of existing leads.
    pub fn stage_set_actions(&mut self, actions: &[(i64, StagedAction)]) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached("UPDATE stage.leads SET target = ?2 WHERE id = ?1")?;
            for (id, action) in actions {
                let target = match action {
                    StagedAction::Merge(l) => *l,
                    StagedAction::Skip => 0,
                };
                stmt.execute(params![id, target])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The final copy: one IMMEDIATE transaction that writes the batch row, the new leads and
    /// their phones, the merges (each with a `merge` journal row holding the previous values)
    /// and ONE `import` journal row for the batch. `skip` says how duplicates found only now (a
    /// lead added by another connection since the staging) are treated.
    pub fn stage_commit(
        &mut self,
        info: &BatchInfo,
        skip: bool,
        merge: &mut MergeFn<'_>,
        fault: CopyFault,
    ) -> Result<BatchCounts, StoreError> {
        let sc = self.scorer();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let now_version: i64 = tx.pragma_query_value(Some("main"), "data_version", |r| r.get(0))?;
        let seen_version: i64 =
            tx.query_row("SELECT data_version FROM stage.info", [], |r| r.get(0))?;
        if seen_version != now_version {
            // Another connection wrote since the rows were matched: match emails again, now
            // under the lock.
            tx.execute(
                "UPDATE stage.leads SET target = CASE WHEN ?1 THEN 0 ELSE
                     (SELECT min(l.id) FROM main.leads l WHERE l.email_norm = stage.leads.email_norm) END
                 WHERE target IS NULL AND email_norm IS NOT NULL
                   AND EXISTS (SELECT 1 FROM main.leads l WHERE l.email_norm = stage.leads.email_norm)",
                [skip],
            )?;
        }
        tx.execute(
            "INSERT INTO import_batches (at, file, encoding, rows, imported, merged, skipped, rejected)
             VALUES (?1, ?2, ?3, ?4, 0, 0, 0, ?5)",
            params![info.at.timestamp(), info.file, info.encoding, info.rows as i64, info.rejected as i64],
        )?;
        let batch = tx.last_insert_rowid();
        let new: i64 = tx.query_row(
            "SELECT count(*) FROM stage.leads WHERE target IS NULL",
            [],
            |r| r.get(0),
        )?;
        let existing: i64 = tx.query_row("SELECT count(*) FROM main.leads", [], |r| r.get(0))?;
        let bulk = new >= BULK_MIN && new >= existing;
        let dropped = if bulk {
            drop_for_bulk(&tx)?
        } else {
            Dropped::default()
        };
        let base: i64 = tx.query_row("SELECT coalesce(max(id), 0) FROM main.leads", [], |r| {
            r.get(0)
        })?;
        let cols = staged_columns();
        let imported = tx.execute(
            &format!(
                "INSERT INTO main.leads (id, {cols}, batch_id, version)
                 SELECT ?1 + id, {cols}, ?2, 1 FROM stage.leads WHERE target IS NULL ORDER BY id"
            ),
            params![base, batch],
        )?;
        if fault == CopyFault::AfterLeads {
            return Err(StoreError::Corrupt {
                what: "import",
                detail: "injected failure halfway through the final copy".into(),
            });
        }
        tx.execute(
            "INSERT INTO main.phones (lead_id, pos, number, raw, kind, invalid)
             SELECT ?1 + p.lead_pos, p.pos, p.number, p.raw, p.kind, p.invalid
             FROM stage.phones p JOIN stage.leads s ON s.id = p.lead_pos
             WHERE s.target IS NULL ORDER BY p.lead_pos, p.pos",
            [base],
        )?;
        copy_memberships(&tx, base)?;
        let (merged, vanished) = apply_merges(&tx, batch, info.at, &sc, merge)?;
        let skipped_now: i64 = tx.query_row(
            "SELECT count(*) FROM stage.leads WHERE target = 0",
            [],
            |r| r.get(0),
        )?;
        let counts = BatchCounts {
            batch,
            imported: imported as u64,
            merged,
            skipped: info.skipped + skipped_now as u64 + vanished,
        };
        let data = serde_json::json!({
            "batch": batch, "file": info.file, "rows": info.rows, "imported": counts.imported,
            "merged": counts.merged + info.merged_in_file, "skipped": counts.skipped,
            "rejected": info.rejected, "encoding": info.encoding,
        });
        tx.execute(
            "INSERT INTO activities (lead_id, at, kind, outcome, note, data) VALUES (NULL, ?1, 'import', NULL, '', ?2)",
            params![info.at.timestamp(), data.to_string()],
        )?;
        let activity = tx.last_insert_rowid();
        tx.execute(
            "UPDATE import_batches SET imported = ?2, merged = ?3, skipped = ?4, activity_id = ?5 WHERE id = ?1",
            params![batch, counts.imported as i64, (counts.merged + info.merged_in_file) as i64, counts.skipped as i64, activity],
        )?;
        restore_after_bulk(&tx, &dropped, base)?;
        tx.commit()?;
        Ok(counts)
    }
}

/// Merges staged duplicates into their leads; returns (merged, vanished targets).
fn apply_merges(
    tx: &Transaction<'_>,
    batch: i64,
    at: Ts,
    sc: &Scorer,
    merge: &mut MergeFn<'_>,
) -> Result<(u64, u64), StoreError> {
    let targets: Vec<(i64, LeadId)> = tx
        .prepare("SELECT id, target FROM stage.leads WHERE target > 0 ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let (mut merged, mut vanished) = (0, 0);
    for (sid, lead_id) in targets {
        let staged = staged_in(tx, sid)?;
        let Some(current) = read_lead(tx, lead_id)? else {
            vanished += 1;
            continue;
        };
        merged += 1;
        let Some((after, previous)) = staged.and_then(|s| merge(&current, &s)) else {
            continue;
        };
        let stored = update_lead_tx(tx, &current, &after, sc)?;
        let before = serde_json::to_string(&current).map_err(|e| StoreError::Corrupt {
            what: "import merge snapshot",
            detail: e.to_string(),
        })?;
        tx.execute(
            "INSERT INTO import_merges (batch_id, lead_id, before, after_version) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (batch_id, lead_id) DO UPDATE SET after_version = excluded.after_version",
            params![batch, lead_id, before, stored.version],
        )?;
        let data = serde_json::json!({ "batch": batch, "previous": previous });
        tx.execute(
            "INSERT INTO activities (lead_id, at, kind, outcome, note, data) VALUES (?1, ?2, 'merge', 'import', '', ?3)",
            params![lead_id, at.timestamp(), data.to_string()],
        )?;
    }
    Ok((merged, vanished))
}

fn staged_in(tx: &rusqlite::Connection, id: i64) -> Result<Option<Lead>, StoreError> {
    let sql = format!("SELECT {LEAD_COLUMNS} FROM stage.leads WHERE id = ?1");
    let lead = tx
        .prepare_cached(&sql)?
        .query_row([id], codec::lead_from_row)
        .optional()?;
    let Some(mut lead) = lead else {
        return Ok(None);
    };
    let mut stmt = tx.prepare_cached(
        "SELECT number, raw, kind, invalid FROM stage.phones WHERE lead_pos = ?1 ORDER BY pos",
    )?;
    lead.phones = stmt
        .query_map([id], |r| {
            let kind: String = r.get(2)?;
            Ok(crate::domain::Phone {
                number: r.get(0)?,
                raw: r.get(1)?,
                kind: crate::domain::PhoneKind::from_id(&kind).unwrap_or_default(),
                invalid: r.get(3)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(Some(lead))
}
