//! The append-only journal.

use rusqlite::{Transaction, params};

use crate::domain::{Activity, ActivityKind, LeadId, NewActivity, Ts};

use super::codec::ts;
use super::{Store, StoreError};

/// Appends journal rows for a lead; returns their ids.
pub(super) fn append_tx(
    tx: &Transaction<'_>,
    lead_id: LeadId,
    activities: &[NewActivity],
) -> Result<Vec<i64>, StoreError> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO activities (lead_id, at, kind, outcome, note, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut ids = Vec::with_capacity(activities.len());
    for a in activities {
        stmt.execute(params![
            lead_id,
            a.at.timestamp(),
            a.kind.id(),
            a.outcome,
            a.note,
            a.data.to_string()
        ])?;
        ids.push(tx.last_insert_rowid());
    }
    Ok(ids)
}

fn activity_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Activity> {
    let kind: String = r.get(3)?;
    let data: String = r.get(6)?;
    Ok(Activity {
        id: r.get(0)?,
        lead_id: r.get(1)?,
        at: ts(r.get(2)?),
        kind: ActivityKind::from_id(&kind).unwrap_or(ActivityKind::Note),
        outcome: r.get(4)?,
        note: r.get(5)?,
        data: serde_json::from_str(&data).unwrap_or_default(),
        undone: r.get(7)?,
        by_other: r.get(8)?,
    })
}

const ACTIVITY_COLUMNS: &str = "id, lead_id, at, kind, outcome, note, data, undone, by_other";

impl Store {
    /// A lead's journal, oldest first.
    pub fn activities(&self, lead_id: LeadId) -> Result<Vec<Activity>, StoreError> {
        let sql =
            format!("SELECT {ACTIVITY_COLUMNS} FROM activities WHERE lead_id = ?1 ORDER BY at, id");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([lead_id], activity_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A lead's newest `limit` journal rows, newest first (for the detail pane).
    pub fn recent_activities(
        &self,
        lead_id: LeadId,
        limit: usize,
    ) -> Result<Vec<Activity>, StoreError> {
        let sql = format!(
            "SELECT {ACTIVITY_COLUMNS} FROM activities WHERE lead_id = ?1 ORDER BY at DESC, id DESC LIMIT ?2"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![lead_id, limit as i64], activity_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Calls logged to a lead in [from, to) that were not undone (the daily cap). `+kind`
    /// keeps the planner on the lead's index: the kind index would walk every call of the day.
    pub fn calls_between(&self, lead_id: LeadId, from: Ts, to: Ts) -> Result<u32, StoreError> {
        let n: i64 = self
            .conn
            .prepare_cached(CALLS_BETWEEN)?
            .query_row(params![lead_id, from.timestamp(), to.timestamp()], |r| {
                r.get(0)
            })?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    /// `EXPLAIN QUERY PLAN` of the lead-scoped journal reads on the write path (the daily
    /// cap) and in reports (leads dialled again), for tests that hold them to the lead index.
    pub fn explain_journal_plans(&self) -> Result<Vec<(&'static str, String)>, StoreError> {
        let mut out = Vec::new();
        for (what, sql, params) in [
            ("calls_between", CALLS_BETWEEN, vec![1, 0, 1]),
            ("dialled_again", super::kpi::DIALLED_AGAIN, vec![0, 1]),
        ] {
            let mut stmt = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
            let rows: Vec<String> = stmt
                .query_map(rusqlite::params_from_iter(params), |r| {
                    r.get::<_, String>(3)
                })?
                .collect::<Result<_, _>>()?;
            out.push((what, rows.join("; ")));
        }
        Ok(out)
    }

    /// Dials and conversations (calls with a conversation outcome, plus inbound calls) in
    /// [from, to), not undone, done by this rep — from the 15-minute rollup when both ends fall
    /// on slot boundaries (a local day always does), else from the journal.
    pub fn call_counts_between(&self, from: Ts, to: Ts) -> Result<(u64, u64), StoreError> {
        const CONVERSATION: &str =
            "('connected','callback','meeting','not_interested','do_not_call')";
        let (f, t) = (from.timestamp(), to.timestamp());
        let (sql, lo, hi) = if f % SLOT == 0 && t % SLOT == 0 {
            (
                format!(
                    "SELECT coalesce(sum(CASE WHEN kind = 'call' THEN n END), 0),
                            coalesce(sum(CASE WHEN kind = 'inbound' OR outcome IN {CONVERSATION} THEN n END), 0)
                     FROM activity_rollup WHERE kind IN ('call', 'inbound') AND slot >= ?1 AND slot < ?2"
                ),
                f / SLOT,
                t / SLOT,
            )
        } else {
            (
                format!(
                    "SELECT coalesce(sum(kind = 'call'), 0),
                            coalesce(sum(kind = 'inbound' OR (kind = 'call' AND outcome IN {CONVERSATION})), 0)
                     FROM activities
                     WHERE kind IN ('call', 'inbound') AND at >= ?1 AND at < ?2 AND undone = 0 AND by_other = 0"
                ),
                f,
                t,
            )
        };
        let (dials, conversations): (i64, i64) = self
            .conn
            .prepare_cached(&sql)?
            .query_row(params![lo, hi], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok((dials.max(0) as u64, conversations.max(0) as u64))
    }
}

/// A lead's calls in a time range (see [`Store::calls_between`]).
pub(super) const CALLS_BETWEEN: &str = "SELECT count(*) FROM activities WHERE lead_id = ?1 AND at >= ?2 AND at < ?3 AND +kind = 'call' AND undone = 0";

/// Seconds in a rollup slot.
pub(super) const SLOT: i64 = 900;
