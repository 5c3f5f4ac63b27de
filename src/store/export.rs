//! Streaming reads for export (SPEC §10): leads page by page in id order (keyset paging, so a
//! million leads never sit in memory), the lean export rows the CSV writer reads, and the
//! extra-field and external-id keys the CSV header needs, from the key table of schema 11.

use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{OptionalExtension, Row, params_from_iter};

use crate::domain::export::{ExportBatch, RowHead, TEXT_FIELDS};
use crate::domain::{Employees, Lead, LeadId, PhoneKind, Stage};

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

    /// Reads the export rows of `filter` in id order into batches of `per_batch` rows and
    /// hands each to `f`, which returns the batch to fill next (the store empties it). One read
    /// of the leads and one of their phones, side by side in id order, copied column by column
    /// into the batch's buffer: no `Lead` is built and nothing is allocated per row. Phones go
    /// as their E.164 number, or as their text when they have none: a national number read
    /// back would be read in the importing rep's country, not its own. Returns how many rows
    /// were read.
    pub fn export_batches<E: From<StoreError>>(
        &self,
        filter: &ExportFilter,
        per_batch: usize,
        mut batch: ExportBatch,
        mut f: impl FnMut(ExportBatch) -> Result<ExportBatch, E>,
    ) -> Result<u64, E> {
        let mut params = Vec::new();
        let cond = filter.sql(&mut params);
        let leads_sql = format!("SELECT {ROW_COLUMNS} FROM leads WHERE 1{cond} ORDER BY id");
        let phones_sql = if cond.is_empty() {
            "SELECT lead_id, coalesce(number, raw), kind FROM phones ORDER BY lead_id, pos"
                .to_owned()
        } else {
            format!(
                "SELECT lead_id, coalesce(number, raw), kind FROM phones
                 WHERE lead_id IN (SELECT id FROM leads WHERE 1{cond}) ORDER BY lead_id, pos"
            )
        };
        let mut leads_stmt = self
            .conn
            .prepare_cached(&leads_sql)
            .map_err(StoreError::from)?;
        let mut phones_stmt = self
            .conn
            .prepare_cached(&phones_sql)
            .map_err(StoreError::from)?;
        // Both statements stay active together, so they read one snapshot.
        let mut leads = leads_stmt
            .query(params_from_iter(&params))
            .map_err(StoreError::from)?;
        let mut phones = phones_stmt
            .query(params_from_iter(&params))
            .map_err(StoreError::from)?;
        let mut phone = phones.next().map_err(StoreError::from)?;
        let mut total = 0;
        batch.clear();
        while let Some(row) = leads.next().map_err(StoreError::from)? {
            let id = push_row(row, &mut batch).map_err(StoreError::from)?;
            while let Some(p) = phone {
                let lead_id: LeadId = p.get(0).map_err(StoreError::from)?;
                if lead_id > id {
                    break;
                }
                if lead_id == id {
                    let kind = p.get_ref(2).map_err(StoreError::from)?;
                    let kind = text(kind, 2).map_err(StoreError::from)?;
                    let raw = text(p.get_ref(1).map_err(StoreError::from)?, 1)
                        .map_err(StoreError::from)?;
                    let kind = std::str::from_utf8(kind).ok().and_then(PhoneKind::from_id);
                    batch.push_phone(kind.unwrap_or_default(), raw);
                }
                phone = phones.next().map_err(StoreError::from)?;
            }
            total += 1;
            if batch.len() >= per_batch {
                batch = f(batch)?;
                batch.clear();
            }
        }
        if !batch.is_empty() {
            f(batch)?;
        }
        Ok(total)
    }
}

/// The columns [`push_row`] reads, in order.
const ROW_COLUMNS: &str = "id, employees_min, employees_max, created_at, stage, email_opt_out, \
     do_not_call, first_name, last_name, full_name, reading, company, department, title, email, \
     timezone, industry, source, tags, notes, external_ids, extra";

/// The bytes of a text column (NULL reads as empty, for the optional timezone).
fn text(v: ValueRef<'_>, i: usize) -> rusqlite::Result<&[u8]> {
    match v {
        ValueRef::Text(t) => Ok(t),
        ValueRef::Null if i == TIMEZONE => Ok(b""),
        _ => Err(rusqlite::Error::InvalidColumnType(
            i,
            String::new(),
            v.data_type(),
        )),
    }
}

/// The column of the one text field that may be NULL.
const TIMEZONE: usize = 15;

/// Appends a row of [`ROW_COLUMNS`] to the batch; returns its id.
fn push_row(row: &Row<'_>, batch: &mut ExportBatch) -> rusqlite::Result<LeadId> {
    let id = row.get(0)?;
    let head = RowHead {
        id,
        employees: Employees {
            min: row.get(1)?,
            max: row.get(2)?,
        },
        created_at: codec::opt_ts(row.get(3)?),
        stage: match row.get_ref(4)? {
            ValueRef::Text(s) => codec::stage_from_sql(std::str::from_utf8(s).unwrap_or_default())?,
            v => {
                return Err(rusqlite::Error::InvalidColumnType(
                    4,
                    String::new(),
                    v.data_type(),
                ));
            }
        },
        email_opt_out: row.get(5)?,
        do_not_call: row.get(6)?,
    };
    let mut texts: [&[u8]; TEXT_FIELDS] = [b""; TEXT_FIELDS];
    for (i, t) in texts.iter_mut().enumerate() {
        *t = text(row.get_ref(7 + i)?, 7 + i)?;
    }
    batch.push(head, texts);
    Ok(id)
}
