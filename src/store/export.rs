//! Streaming reads for export (SPEC §10): leads page by page in id order (keyset paging, so a
//! million leads never sit in memory), and the extra-field and external-id keys the CSV header
//! needs, read by SQLite from the JSON columns.

use rusqlite::params_from_iter;
use rusqlite::types::Value as SqlValue;

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

    /// The distinct keys of the leads' `extra` (`column = "extra"`) or `external_ids` JSON, in
    /// order of first appearance.
    pub fn export_keys(
        &self,
        filter: &ExportFilter,
        extra: bool,
    ) -> Result<Vec<String>, StoreError> {
        let col = if extra { "extra" } else { "external_ids" };
        let mut params = Vec::new();
        let cond = filter.sql(&mut params);
        let sql = format!(
            "SELECT j.key FROM leads, json_each(leads.{col}) j WHERE leads.{col} <> '{{}}'{cond}
             GROUP BY j.key ORDER BY min(leads.id), j.key"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let keys = stmt.query_map(params_from_iter(params), |r| r.get(0))?;
        Ok(keys.collect::<Result<_, _>>()?)
    }
}
