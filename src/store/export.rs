//! Streaming reads for export (SPEC §10): leads page by page in id order (keyset paging, so a
//! million leads never sit in memory), and the extra-field and external-id keys the CSV header
//! needs, from the key table of schema 11.

use rusqlite::types::Value as SqlValue;
use rusqlite::{OptionalExtension, params_from_iter};

use crate::domain::{Lead, LeadId, Stage};

use super::codec::{self, LEAD_COLUMNS};
use super::{Store, StoreError};

/// Which leads an export covers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportFilter {
    /// Only this stage.
    pub stage: Option<Stage>,
    /// Only leads in this group.
    pub group: Option<String>,
}

impl ExportFilter {
    fn sql(&self, params: &mut Vec<SqlValue>) -> String {
        let mut sql = String::new();
        if let Some(s) = self.stage {
            sql.push_str(" AND leads.stage = ?");
            params.push(SqlValue::Text(s.id().into()));
        }
        if let Some(g) = &self.group {
            sql.push_str(" AND leads.id IN (SELECT lead_id FROM lead_groups WHERE grp = ?)");
            params.push(SqlValue::Text(g.clone()));
        }
        sql
    }
}

impl Store {
    /// Up to `limit` leads with ids above `after`, in id order, with their phones.
    pub fn export_page(
        &self,
        filter: &ExportFilter,
        after: LeadId,
        limit: usize,
    ) -> Result<Vec<Lead>, StoreError> {
        let mut params = vec![SqlValue::Integer(after)];
        let cond = filter.sql(&mut params);
        params.push(SqlValue::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
        let sql =
            format!("SELECT {LEAD_COLUMNS} FROM leads WHERE id > ?{cond} ORDER BY id LIMIT ?");
        let mut leads: Vec<Lead> = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params_from_iter(params), codec::lead_from_row)?
            .collect::<Result<_, _>>()?;
        super::lead::attach_phones(&self.conn, &mut leads, |l| l)?;
        Ok(leads)
    }

    /// The distinct keys of the leads' `extra` (`extra = true`) or `external_ids` JSON, in
    /// order of first appearance (by lead id, then key). Read from the key table the triggers of
    /// schema 11 keep: the distinct keys by a skip scan of its index, then each key's first
    /// lead (for a filtered export, its first lead in the filter).
    pub fn export_keys(
        &self,
        filter: &ExportFilter,
        extra: bool,
    ) -> Result<Vec<String>, StoreError> {
        let col = if extra { "extra" } else { "external_ids" };
        let keys: Vec<String> = self
            .conn
            .prepare_cached(
                "WITH RECURSIVE k(key) AS (
                     SELECT (SELECT min(key) FROM field_keys WHERE col = ?1)
                     UNION ALL
                     SELECT (SELECT min(key) FROM field_keys WHERE col = ?1 AND key > k.key)
                     FROM k WHERE k.key IS NOT NULL
                 )
                 SELECT key FROM k WHERE key IS NOT NULL",
            )?
            .query_map([col], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut params = vec![SqlValue::Text(col.into()), SqlValue::Null];
        let cond = filter.sql(&mut params);
        let sql = if cond.is_empty() {
            "SELECT min(lead_id) FROM field_keys WHERE col = ? AND key = ?".to_owned()
        } else {
            format!(
                "SELECT f.lead_id FROM field_keys f JOIN leads ON leads.id = f.lead_id
                 WHERE f.col = ? AND f.key = ?{cond} ORDER BY f.lead_id LIMIT 1"
            )
        };
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut first = Vec::with_capacity(keys.len());
        for key in keys {
            params[1] = SqlValue::Text(key);
            let id: Option<LeadId> = stmt
                .query_row(params_from_iter(&params), |r| r.get(0))
                .optional()?
                .flatten();
            if let (Some(id), SqlValue::Text(key)) =
                (id, std::mem::replace(&mut params[1], SqlValue::Null))
            {
                first.push((id, key));
            }
        }
        first.sort();
        Ok(first.into_iter().map(|(_, k)| k).collect())
    }
}
