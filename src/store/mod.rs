//! The SQLite store: the only place with SQL. It takes and returns domain types.

mod activity;
mod codec;
mod error;
mod health;
mod lead;
mod meta;
mod open;
mod queue;
mod schema;
mod schema_v2;
mod schema_v3;
mod schema_v4;
mod schema_v5;
mod schema_v6;
mod undo;

pub use error::StoreError;
pub use health::Finding;
pub use lead::Change;
pub use undo::UndoOutcome;

use rusqlite::Connection;

/// One open leadbench database.
pub struct Store {
    conn: Connection,
    path: Option<std::path::PathBuf>,
    /// `scoring.value_half_life_days`: the priority key is written with it.
    half_life_days: f64,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// The file this store reads and writes (none for an in-memory store).
    pub fn path(&self) -> Option<&std::path::Path> {
        self.path.as_deref()
    }

    /// Sets the value half-life the priority key is written with (default 14 days).
    pub fn set_half_life_days(&mut self, days: f64) {
        self.half_life_days = days;
    }

    /// The schema version this binary writes.
    pub fn schema_version() -> i64 {
        schema::LATEST
    }
}
