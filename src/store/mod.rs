//! The SQLite store: the only place with SQL. It takes and returns domain types.

mod activity;
mod bulk_load;
mod codec;
mod error;
mod events;
mod export;
mod filter;
mod forget;
mod handoff;
mod health;
mod import;
mod import_bulk;
mod import_revert;
mod kpi;
mod kpi_levels;
mod lead;
mod levels;
mod merge;
mod meta;
mod open;
mod outbox;
mod queue;
mod reengage_lane;
mod rescore_bulk;
mod salvage;
mod saved_view;
mod schema;
mod schema_objects;
mod schema_v10;
mod schema_v11;
mod schema_v2;
mod schema_v3;
mod schema_v4;
mod schema_v5;
mod schema_v6;
mod schema_v7;
mod schema_v8;
mod schema_v9;
mod score;
mod search;
mod sequence;
mod stagnation;
mod team;
mod transfer;
mod undo;

pub use bulk_load::{BulkProgress, TouchMinutes};
pub use error::StoreError;
pub use export::ExportFilter;
pub use forget::ForgetReport;
pub use health::{Finding, FindingDetail};
pub use import::{
    BatchCounts, BatchInfo, CopyFault, MergeFn, PreparedRow, RowPreparer, StagedAction,
};
pub use import_revert::{BatchSummary, RevertOutcome};
pub use kpi::{ActivityCounts, CallSlot, PendingTouch, ScoreCount};
pub use lead::Change;
pub use outbox::{NewQueuedMail, QueuedMail};
pub use salvage::{SalvagedTable, salvage};
pub use score::RescoreReport;
pub use search::{SEARCH_COUNT_CAP, SearchResult};
pub use stagnation::{SlaCursor, StageAges, date_key};
pub use team::RepLoad;
pub use undo::UndoOutcome;

use rusqlite::Connection;

/// One open leadbench database.
pub struct Store {
    conn: Connection,
    path: Option<std::path::PathBuf>,
    /// `scoring.value_half_life_days`: the priority key is written with it.
    half_life_days: f64,
    /// The scoring and group rules every lead write applies (none: the score is kept as given).
    rules: Option<std::sync::Arc<crate::domain::scoring::Rules>>,
    /// The configured sequences the stage-change hook reads (SPEC §7; none: no enrolment).
    sequences: std::sync::Arc<Vec<crate::domain::sequence::SequenceDef>>,
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

    /// Whether the file was opened read-only (`--read-only`, team reports): other connections
    /// to it must not write either.
    pub fn is_read_only(&self) -> bool {
        self.conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false)
    }

    /// Sets the value half-life the priority key is written with (default 14 days).
    pub fn set_half_life_days(&mut self, days: f64) {
        self.half_life_days = days;
    }

    /// The schema version this binary writes.
    pub fn schema_version() -> i64 {
        schema::LATEST
    }

    /// The SQL of the migration from version `from` (tests build files of every earlier
    /// version with it, to prove each one migrates).
    pub fn migration_sql(from: i64) -> Option<&'static str> {
        schema::sql(from)
    }
}
