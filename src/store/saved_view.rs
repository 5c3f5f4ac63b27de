//! Saved filters: named views stored in the database (SPEC §5 `v`).

use rusqlite::params;

use crate::domain::filter::{Filter, SavedView};

use super::{Store, StoreError};

impl Store {
    /// Saves `filter` under `name`, replacing a view of that name.
    pub fn save_view(&self, name: &str, filter: &Filter) -> Result<(), StoreError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::Corrupt {
                what: "saved view",
                detail: "a view needs a name".into(),
            });
        }
        let json = serde_json::to_string(filter).map_err(|e| StoreError::Corrupt {
            what: "saved view",
            detail: e.to_string(),
        })?;
        self.conn
            .prepare_cached(
                "INSERT INTO saved_views (name, filter, created_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (name) DO UPDATE SET filter = excluded.filter",
            )?
            .execute(params![name, json, chrono::Utc::now().timestamp()])?;
        Ok(())
    }

    /// Every saved view, by name. A view whose filter no longer reads is shown as empty.
    pub fn saved_views(&self) -> Result<Vec<SavedView>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT name, filter FROM saved_views ORDER BY name")?;
        let rows = stmt.query_map([], |r| {
            let text: String = r.get(1)?;
            Ok(SavedView {
                name: r.get(0)?,
                filter: serde_json::from_str(&text).unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Deletes a saved view; false when there was none of that name.
    pub fn delete_view(&self, name: &str) -> Result<bool, StoreError> {
        let n = self
            .conn
            .prepare_cached("DELETE FROM saved_views WHERE name = ?1")?
            .execute([name.trim()])?;
        Ok(n > 0)
    }
}
