//! Taking indexes and triggers away for a bulk write and putting them back: the bulk import,
//! the bulk load of a new file and the bulk rescore each drop some while they write (building
//! an index once beats moving a million entries; one aggregate statement beats a million
//! trigger runs) and recreate them from the SQL `sqlite_master` held.

use rusqlite::{Params, Transaction};

use super::StoreError;

/// An index or trigger of the main database, as `sqlite_master` describes it.
pub(super) struct SchemaObject {
    /// `index` or `trigger`.
    pub kind: String,
    pub name: String,
    /// The table it belongs to.
    pub table: String,
    /// The statement that creates it.
    pub sql: String,
}

impl SchemaObject {
    pub fn is_index(&self) -> bool {
        self.kind == "index"
    }

    /// Drops it (inside `tx`: a rollback brings it back).
    pub fn drop_in(&self, tx: &Transaction<'_>) -> Result<(), StoreError> {
        let kind = if self.is_index() { "INDEX" } else { "TRIGGER" };
        let quoted = self.name.replace('"', "\"\"");
        tx.execute_batch(&format!("DROP {kind} main.\"{quoted}\""))?;
        Ok(())
    }
}

/// The indexes and triggers with SQL (not the automatic ones) for which `condition` holds, an
/// SQL condition over `type`, `name`, `tbl_name` and `sql` with `params`, in creation order.
pub(super) fn list(
    tx: &Transaction<'_>,
    condition: &str,
    params: impl Params,
) -> Result<Vec<SchemaObject>, StoreError> {
    let sql = format!(
        "SELECT type, name, tbl_name, sql FROM main.sqlite_master
         WHERE sql IS NOT NULL AND type IN ('index', 'trigger') AND ({condition})
         ORDER BY rowid"
    );
    let objects = tx
        .prepare(&sql)?
        .query_map(params, |r| {
            Ok(SchemaObject {
                kind: r.get(0)?,
                name: r.get(1)?,
                table: r.get(2)?,
                sql: r.get(3)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(objects)
}
