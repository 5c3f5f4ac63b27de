//! Small key/value facts about the file (the rep's name, for team reports).

use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError};

/// Writes a meta value on `conn` (a transaction derefs to one): for the writes that move a
/// meta value together with the rows it describes.
pub(super) fn write_meta(
    conn: &rusqlite::Connection,
    key: &str,
    value: &str,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, value])?;
    Ok(())
}

impl Store {
    /// Reads a meta value.
    pub fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT value FROM meta WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?)
    }

    /// Writes a meta value (skips the write when it is unchanged, so a reader never blocks).
    pub fn set_meta(&self, key: &str, value: &str) -> Result<(), StoreError> {
        if self.meta(key)?.as_deref() == Some(value) {
            return Ok(());
        }
        write_meta(&self.conn, key, value)
    }

    /// Changes whenever another connection commits (`PRAGMA data_version`): the TUI polls it on
    /// the tick to show what scripts wrote.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))?)
    }

    /// Stops SQLite from checkpointing inside commits (the TUI checkpoints when idle instead,
    /// keeping the fsync of a checkpoint off the key path).
    pub fn defer_checkpoints(&self) -> Result<(), StoreError> {
        self.conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        Ok(())
    }

    /// Copies the WAL into the database without waiting for readers (`PASSIVE`).
    pub fn checkpoint(&self) -> Result<(), StoreError> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        Ok(())
    }
}
