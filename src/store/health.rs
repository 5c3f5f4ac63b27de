//! Checks for `doctor`.

use super::{Store, StoreError, schema};

/// One finding of a health check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What was checked.
    pub check: &'static str,
    /// Whether it passed.
    pub ok: bool,
    /// Details.
    pub detail: String,
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
            detail: integrity.join("; "),
        });
        let fk: i64 =
            self.conn
                .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                    r.get(0)
                })?;
        out.push(Finding {
            check: "foreign keys",
            ok: fk == 0,
            detail: format!("{fk} dangling references"),
        });
        let version: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        out.push(Finding {
            check: "schema",
            ok: version == schema::LATEST,
            detail: format!(
                "version {version} (this leadbench writes {})",
                schema::LATEST
            ),
        });
        let counted = self.stage_counts_recounted()?;
        let kept = self.stage_counts()?;
        out.push(Finding {
            check: "stage counters",
            ok: counted == kept,
            detail: format!("kept {kept:?}, counted {counted:?}"),
        });
        Ok(out)
    }
}
