//! Guided recovery (`doctor --salvage NEW`): copy what SQLite can still read out of a damaged
//! file into a new database with the current schema. The damaged file is only read.
//!
//! Rows are copied table by table in rowid ranges; a range that cannot be read is retried row
//! by row, so one bad page costs the rows on it, not the table. Only the tables that hold what
//! the rep entered are copied: the counters, rollups and the search index are rebuilt by the
//! new file's triggers as the rows arrive, and group and tag memberships by the rescore that
//! the first open runs (`rescore_needed`).

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::{Store, StoreError};

/// Rowid tables copied in ranges, parents before children.
const ROWID_TABLES: &[&str] = &[
    "leads",
    "activities",
    "undo_log",
    "import_batches",
    "saved_views",
    "mail_queue",
];

/// Tables without rowid, copied whole or (phones) per salvaged lead.
const KEYED_TABLES: &[&str] = &["meta", "phones", "import_merges", "merge_moves"];

/// Rows read per range.
const CHUNK: i64 = 512;

/// What was copied from one table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SalvagedTable {
    /// The table.
    pub table: &'static str,
    /// Rows copied into the new file.
    pub copied: u64,
    /// Whether some of its rows could not be read.
    pub damaged: bool,
}

/// Copies what can be read of `damaged` into a new database at `target` (which must not
/// exist). Returns what was copied per table.
pub fn salvage(damaged: &Path, target: &Path) -> Result<Vec<SalvagedTable>, StoreError> {
    if target.exists() {
        return Err(StoreError::Io {
            path: target.to_owned(),
            source: std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "the salvage target exists; give a new file name",
            ),
        });
    }
    if !damaged.exists() {
        return Err(StoreError::Io {
            path: damaged.to_owned(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        });
    }
    // Read-only: SQLite never writes to the damaged file.
    let old = Connection::open_with_flags(
        damaged,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let fresh = Store::open(target)?;
    let conn = &fresh.conn;
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let mut out = Vec::new();
    for table in ROWID_TABLES {
        out.push(copy_rowid_table(&old, conn, table)?);
    }
    for table in KEYED_TABLES {
        out.push(copy_keyed_table(&old, conn, table)?);
    }
    // Rows whose parent was lost with a damaged page would break the foreign keys.
    conn.execute_batch(
        "DELETE FROM phones WHERE lead_id NOT IN (SELECT id FROM leads);
         DELETE FROM activities WHERE lead_id IS NOT NULL AND lead_id NOT IN (SELECT id FROM leads);
         DELETE FROM mail_queue WHERE lead_id NOT IN (SELECT id FROM leads);
         DELETE FROM import_merges WHERE batch_id NOT IN (SELECT id FROM import_batches);
         INSERT INTO meta (key, value) VALUES ('rescore_needed', 'salvage')
             ON CONFLICT (key) DO UPDATE SET value = excluded.value;",
    )?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(out)
}

/// The columns both files have (an older file may lack some; the new ones take defaults).
fn shared_columns(old: &Connection, new: &Connection, table: &str) -> Vec<String> {
    let columns = |c: &Connection| -> Vec<String> {
        c.prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .and_then(|mut s| {
                s.query_map([], |r| r.get::<_, String>(0))?
                    .collect::<Result<Vec<_>, _>>()
            })
            .unwrap_or_default()
    };
    let theirs = columns(old);
    columns(new)
        .into_iter()
        .filter(|c| theirs.contains(c))
        .collect()
}

/// Reads rows of `table` matching `filter` from `old` and inserts them into `new`; returns the
/// count, or the error that stopped the read.
fn copy_rows(
    old: &Connection,
    new: &Connection,
    table: &str,
    cols: &[String],
    filter: &str,
    args: &[i64],
) -> rusqlite::Result<u64> {
    let list = cols
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let marks = vec!["?"; cols.len()].join(", ");
    let mut read = old.prepare_cached(&format!("SELECT {list} FROM \"{table}\" WHERE {filter}"))?;
    // Read the whole range first: a damaged page fails the range before anything is written.
    let rows: Vec<Vec<rusqlite::types::Value>> = read
        .query_map(rusqlite::params_from_iter(args), |r| {
            (0..cols.len()).map(|i| r.get(i)).collect()
        })?
        .collect::<Result<_, _>>()?;
    let mut write = new.prepare_cached(&format!(
        "INSERT OR IGNORE INTO \"{table}\" ({list}) VALUES ({marks})"
    ))?;
    let mut n = 0;
    for row in rows {
        n += write.execute(rusqlite::params_from_iter(row))? as u64;
    }
    Ok(n)
}

fn copy_rowid_table(
    old: &Connection,
    new: &Connection,
    table: &'static str,
) -> Result<SalvagedTable, StoreError> {
    let cols = shared_columns(old, new, table);
    let mut result = SalvagedTable {
        table,
        copied: 0,
        damaged: cols.is_empty(),
    };
    if cols.is_empty() {
        return Ok(result);
    }
    // The largest rowid walks the right edge of the tree; if that is damaged, probe a range
    // large enough for any rep's file.
    let max: i64 = old
        .query_row(
            &format!("SELECT coalesce(max(rowid), 0) FROM \"{table}\""),
            [],
            |r| r.get(0),
        )
        .unwrap_or_else(|_| {
            result.damaged = true;
            4_000_000
        });
    let mut start = 0;
    while start <= max {
        let end = start + CHUNK - 1;
        let tx = new.unchecked_transaction()?;
        match copy_rows(
            old,
            &tx,
            table,
            &cols,
            "rowid BETWEEN ?1 AND ?2",
            &[start, end],
        ) {
            Ok(n) => result.copied += n,
            Err(_) => {
                result.damaged = true;
                for id in start..=end {
                    if let Ok(n) = copy_rows(old, &tx, table, &cols, "rowid = ?1", &[id]) {
                        result.copied += n;
                    }
                }
            }
        }
        tx.commit()?;
        start = end + 1;
    }
    Ok(result)
}

fn copy_keyed_table(
    old: &Connection,
    new: &Connection,
    table: &'static str,
) -> Result<SalvagedTable, StoreError> {
    let cols = shared_columns(old, new, table);
    let mut result = SalvagedTable {
        table,
        copied: 0,
        damaged: cols.is_empty(),
    };
    if cols.is_empty() {
        return Ok(result);
    }
    let tx = new.unchecked_transaction()?;
    match copy_rows(old, &tx, table, &cols, "1", &[]) {
        Ok(n) => result.copied = n,
        Err(_) if table == "phones" => {
            // Per salvaged lead: the phones of leads whose pages are readable.
            result.damaged = true;
            let ids: Vec<i64> = tx
                .prepare("SELECT id FROM leads")?
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            for id in ids {
                if let Ok(n) = copy_rows(old, &tx, table, &cols, "lead_id = ?1", &[id]) {
                    result.copied += n;
                }
            }
        }
        Err(_) => result.damaged = true,
    }
    tx.commit()?;
    Ok(result)
}
