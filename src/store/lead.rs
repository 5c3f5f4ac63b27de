//! Reading and writing leads. Every write goes through one IMMEDIATE transaction that writes the
//! lead row (the projection), its phones, its journal rows and its undo entry together.

use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

use crate::domain::{Lead, LeadId, NewActivity, Phone, PhoneKind};

use super::codec::{self, LEAD_COLUMNS};
use super::score::{Memberships, Scorer, sync_memberships_tx};
use super::{Store, StoreError};
use crate::domain::scoring::record_engagement;

/// What an action did to one lead: the lead after it and the journal rows to append.
#[derive(Debug, Clone)]
pub struct Change {
    /// The lead after the action.
    pub lead: Lead,
    /// Journal rows to append.
    pub activities: Vec<NewActivity>,
}

impl Store {
    /// Reads a lead with its phones.
    pub fn lead(&self, id: LeadId) -> Result<Option<Lead>, StoreError> {
        read_lead(&self.conn, id)
    }

    /// Finds a lead by id or email (the CLI's `LEAD`).
    pub fn find_lead(&self, key: &str) -> Result<Lead, StoreError> {
        let key = key.trim();
        let id = if let Ok(id) = key.parse::<LeadId>() {
            Some(id)
        } else if let Some(norm) = codec::email_norm(key) {
            self.conn
                .prepare_cached(
                    "SELECT id FROM leads WHERE email_norm = ?1 ORDER BY transferred_to IS NOT NULL, id LIMIT 1",
                )?
                .query_row([norm], |r| r.get(0))
                .optional()?
        } else {
            None
        };
        match id {
            Some(id) => self
                .lead(id)?
                .ok_or_else(|| StoreError::NoSuchLead(key.to_owned())),
            None => Err(StoreError::NoSuchLead(key.to_owned())),
        }
    }

    /// Adds a lead with its first journal rows; returns its id. Undoable.
    pub fn insert_lead(
        &mut self,
        lead: &Lead,
        activities: &[NewActivity],
        label: &str,
    ) -> Result<LeadId, StoreError> {
        let sc = self.scorer();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut stored = lead.clone();
        record_engagement(&mut stored, activities);
        let id = insert_lead_tx(&tx, &mut stored, &sc)?;
        stored.id = id;
        stored.version = 1;
        let ids = super::activity::append_tx(&tx, id, activities)?;
        super::undo::record_tx(&tx, label, id, None, Some(&stored), &ids)?;
        tx.commit()?;
        Ok(id)
    }

    /// Applies an action to one lead: reads it inside an IMMEDIATE transaction, refuses when its
    /// version differs from `expected_version` (a stale screen), lets `f` compute the change,
    /// writes lead, phones, journal and undo entry, and commits. Returns the lead after.
    pub fn mutate<E: From<StoreError>>(
        &mut self,
        id: LeadId,
        expected_version: Option<i64>,
        label: &str,
        f: impl FnOnce(&Lead) -> Result<Change, E>,
    ) -> Result<Lead, E> {
        let sc = self.scorer();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let before = read_lead(&tx, id)?.ok_or_else(|| StoreError::NoSuchLead(id.to_string()))?;
        if expected_version.is_some_and(|v| v != before.version) {
            return Err(StoreError::Conflict { id }.into());
        }
        let mut change = f(&before)?;
        // Engagement is counted here, from the journal rows written, so no use case has to
        // remember to add points (and none may add them itself).
        record_engagement(&mut change.lead, &change.activities);
        let after = update_lead_tx(&tx, &before, &change.lead, &sc)?;
        let ids = super::activity::append_tx(&tx, id, &change.activities)?;
        super::undo::record_tx(&tx, label, id, Some(&before), Some(&after), &ids)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(after)
    }

    /// Inserts many leads in one transaction without undo entries (demo data, imports).
    pub fn insert_leads_bulk(
        &mut self,
        leads: impl IntoIterator<Item = (Lead, Vec<NewActivity>)>,
    ) -> Result<usize, StoreError> {
        let sc = self.scorer();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut n = 0;
        for (mut lead, activities) in leads {
            record_engagement(&mut lead, &activities);
            let id = insert_lead_tx(&tx, &mut lead, &sc)?;
            super::activity::append_tx(&tx, id, &activities)?;
            n += 1;
        }
        tx.commit()?;
        Ok(n)
    }
}

pub(super) fn read_lead(
    conn: &rusqlite::Connection,
    id: LeadId,
) -> Result<Option<Lead>, StoreError> {
    let sql = format!("SELECT {LEAD_COLUMNS} FROM leads WHERE id = ?1");
    let lead = conn
        .prepare_cached(&sql)?
        .query_row([id], codec::lead_from_row)
        .optional()?;
    let Some(mut lead) = lead else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT number, raw, kind, invalid FROM phones WHERE lead_id = ?1 ORDER BY pos",
    )?;
    lead.phones = stmt
        .query_map([id], |r| phone_from_row(r, 0))?
        .collect::<Result<_, _>>()?;
    Ok(Some(lead))
}

/// Inserts a lead row with its phones and memberships; scores `lead` in place first.
pub(super) fn insert_lead_tx(
    tx: &Transaction<'_>,
    lead: &mut Lead,
    sc: &Scorer,
) -> Result<LeadId, StoreError> {
    // Positional parameters in `lead_params` order (bound by name, the ~50 lookups cost more
    // than the insert's own statement overhead), the id last when the lead brings one.
    static WITH_ID: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    static WITHOUT_ID: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let cols = codec::insert_columns();
    let derived = sc.derive(lead);
    let lead = &*lead;
    let params = codec::lead_params(lead, &derived)?;
    let values = params.iter().map(|(_, v)| v as &dyn rusqlite::ToSql);
    let n = params.len();
    let id = if lead.id > 0 {
        let sql = WITH_ID.get_or_init(|| {
            format!(
                "INSERT INTO leads ({cols}, id) VALUES ({})",
                codec::marks(n + 1)
            )
        });
        let id: &dyn rusqlite::ToSql = &lead.id;
        tx.prepare_cached(sql)?
            .execute(rusqlite::params_from_iter(values.chain([id])))?;
        lead.id
    } else {
        let sql = WITHOUT_ID
            .get_or_init(|| format!("INSERT INTO leads ({cols}) VALUES ({})", codec::marks(n)));
        tx.prepare_cached(sql)?
            .execute(rusqlite::params_from_iter(values))?;
        tx.last_insert_rowid()
    };
    insert_phones_tx(tx, id, &lead.phones)?;
    sync_memberships_tx(tx, id, lead, &derived, Memberships::Fresh)?;
    Ok(id)
}

/// Writes `after` over the row of `before`, guarded by the version read; returns the stored lead.
pub(super) fn update_lead_tx(
    tx: &Transaction<'_>,
    before: &Lead,
    after: &Lead,
    sc: &Scorer,
) -> Result<Lead, StoreError> {
    let mut scored = after.clone();
    let derived = sc.derive(&mut scored);
    let after = &scored;
    let params = codec::lead_params(after, &derived)?;
    // Only the columns whose stored value differs are written: SQLite rewrites the index
    // entries and fires the `UPDATE OF` triggers (search index, KPI facts) of every column
    // an UPDATE names, changed or not, and a logged call changes a handful of ~50.
    let stored = stored_columns(tx, before.id, &params)?;
    let mut named: Vec<(&str, &dyn rusqlite::ToSql)> = params
        .iter()
        .zip(&stored)
        .filter(|((_, new), old)| new != *old)
        .map(|((k, v), _)| (*k, v as &dyn rusqlite::ToSql))
        .collect();
    let assignments: String = named
        .iter()
        .map(|(k, _)| format!("{} = {k}, ", &k[1..]))
        .collect();
    let sql = format!(
        "UPDATE leads SET {assignments}version = version + 1 WHERE id = :id AND version = :version"
    );
    let memberships = Memberships::from_changed(named.iter().map(|(k, _)| &k[1..]));
    named.push((":id", &before.id));
    named.push((":version", &before.version));
    let changed = tx.prepare_cached(&sql)?.execute(named.as_slice())?;
    if changed == 0 {
        return Err(StoreError::Conflict { id: before.id });
    }
    if after.phones != before.phones {
        write_phones_tx(tx, before.id, &after.phones)?;
    }
    sync_memberships_tx(tx, before.id, after, &derived, memberships)?;
    let mut stored = after.clone();
    stored.id = before.id;
    stored.version = before.version + 1;
    Ok(stored)
}

/// The lead's stored values of the columns `params` names, in that order (Null for all when
/// the lead is gone: the version guard then reports the conflict).
fn stored_columns(
    tx: &Transaction<'_>,
    id: LeadId,
    params: &[(&str, rusqlite::types::Value)],
) -> Result<Vec<rusqlite::types::Value>, StoreError> {
    let columns: Vec<&str> = params.iter().map(|(k, _)| &k[1..]).collect();
    let sql = format!("SELECT {} FROM leads WHERE id = ?1", columns.join(", "));
    let row = tx
        .prepare_cached(&sql)?
        .query_row([id], |r| {
            (0..columns.len())
                .map(|i| r.get::<_, rusqlite::types::Value>(i))
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .optional()?;
    Ok(row.unwrap_or_else(|| vec![rusqlite::types::Value::Null; columns.len()]))
}

fn write_phones_tx(tx: &Transaction<'_>, id: LeadId, phones: &[Phone]) -> Result<(), StoreError> {
    tx.prepare_cached("DELETE FROM phones WHERE lead_id = ?1")?
        .execute([id])?;
    insert_phones_tx(tx, id, phones)
}

/// The phones of a lead that has none yet.
fn insert_phones_tx(tx: &Transaction<'_>, id: LeadId, phones: &[Phone]) -> Result<(), StoreError> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO phones (lead_id, pos, number, raw, kind, invalid) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (pos, p) in phones.iter().enumerate() {
        stmt.execute(params![
            id,
            pos as i64,
            p.number,
            p.raw,
            p.kind.id(),
            p.invalid
        ])?;
    }
    Ok(())
}

/// A phone from `number, raw, kind, invalid` starting at column `at`.
fn phone_from_row(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Phone> {
    let kind: String = r.get(at + 2)?;
    Ok(Phone {
        number: r.get(at)?,
        raw: r.get(at + 1)?,
        kind: PhoneKind::from_id(&kind).unwrap_or_default(),
        invalid: r.get(at + 3)?,
    })
}

/// Fills the phones of a page of leads (in id order) with one read of the phones of its id
/// range, instead of one query per lead (exports and rescores read leads in pages).
pub(super) fn attach_phones<T>(
    conn: &rusqlite::Connection,
    items: &mut [T],
    lead_of: impl Fn(&mut T) -> &mut Lead,
) -> Result<(), StoreError> {
    let (Some(lo), Some(hi)) = (
        items.first_mut().map(|t| lead_of(t).id),
        items.last_mut().map(|t| lead_of(t).id),
    ) else {
        return Ok(());
    };
    let mut stmt = conn.prepare_cached(
        "SELECT lead_id, number, raw, kind, invalid FROM phones
         WHERE lead_id BETWEEN ?1 AND ?2 ORDER BY lead_id, pos",
    )?;
    let rows = stmt.query_map([lo, hi], |r| {
        Ok((r.get::<_, LeadId>(0)?, phone_from_row(r, 1)?))
    })?;
    let mut i = 0;
    for row in rows {
        let (id, phone) = row?;
        while i < items.len() && lead_of(&mut items[i]).id < id {
            i += 1;
        }
        if let Some(lead) = items.get_mut(i).map(&lead_of).filter(|l| l.id == id) {
            lead.phones.push(phone);
        }
    }
    Ok(())
}
