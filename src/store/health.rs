//! Checks for `doctor`.

use super::{Store, StoreError, schema};

/// One finding of a health check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What was checked: `integrity`, `foreign keys`, `schema`, `stage counters` or
    /// `filter index`.
    pub check: &'static str,
    /// Whether it passed.
    pub ok: bool,
    /// What was found, as data (the CLI words it in the rep's language).
    pub detail: FindingDetail,
}

/// What a health check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FindingDetail {
    /// SQLite's own report (`PRAGMA integrity_check`).
    Sqlite(String),
    /// References to rows that do not exist.
    Dangling(i64),
    /// The file's schema version and the one this build writes.
    Schema { found: i64, latest: i64 },
    /// The maintained per-stage counts and a recount.
    Counters { kept: [u64; 5], counted: [u64; 5] },
    /// Rows of maintained state that differ from a recount.
    Drift(u64),
}

impl Store {
    /// Integrity, foreign keys, schema version and counters.
    pub fn health(&self) -> Result<Vec<Finding>, StoreError> {
        let mut out = Vec::new();
        let integrity: Vec<String> = self
            .conn
            .prepare("PRAGMA integrity_check")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        out.push(Finding {
            check: "integrity",
            ok: integrity == ["ok"],
            detail: FindingDetail::Sqlite(integrity.join("; ")),
        });
        let fk: i64 =
            self.conn
                .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                    r.get(0)
                })?;
        out.push(Finding {
            check: "foreign keys",
            ok: fk == 0,
            detail: FindingDetail::Dangling(fk),
        });
        let version: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        out.push(Finding {
            check: "schema",
            ok: version == schema::LATEST,
            detail: FindingDetail::Schema {
                found: version,
                latest: schema::LATEST,
            },
        });
        let counted = self.stage_counts_recounted()?;
        let kept = self.stage_counts()?;
        out.push(Finding {
            check: "stage counters",
            ok: counted == kept,
            detail: FindingDetail::Counters { kept, counted },
        });
        // What filtered pages trust (schema 10): the filter fields' sizes and the group and tag
        // rows' copies of their lead.
        let drift = self.facet_drift()? + self.membership_drift()?;
        out.push(Finding {
            check: "filter index",
            ok: drift == 0,
            detail: FindingDetail::Drift(drift),
        });
        Ok(out)
    }
}
