//! Filling a new, empty database with many leads and their journals at once (the demo
//! generator's large databases).
//!
//! Written row by row, every lead fires ~10 triggers and moves ~20 index entries, and every
//! journal row fires up to a dozen KPI triggers: a million leads with five million journal rows
//! took a quarter of an hour. Here the rows go into tables without indexes or triggers, inside
//! one transaction; then the indexes are built once from the stored rows, every table the
//! triggers keep is computed by one aggregate statement each, the search index is filled in one
//! pass, and the indexes and triggers are back before the commit. The result is the database the
//! row-by-row path writes (a test compares every table), and a failure anywhere leaves the file
//! empty as it was.

use rusqlite::TransactionBehavior;

use crate::domain::scoring::record_engagement;
use crate::domain::{Lead, NewActivity, Ts};

use super::{Store, StoreError, schema_objects};

/// Tables whose indexes are dropped while the rows go in and rebuilt after.
const BULK_TABLES: &[&str] = &[
    "leads",
    "phones",
    "activities",
    "lead_groups",
    "lead_tags",
    "lead_kpi",
    "activity_kpi",
];

/// Where a bulk load is, for a progress line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkProgress {
    /// Leads written so far.
    Leads(usize),
    /// Finishing: step `done` of `total` (indexes, counters, search index, triggers).
    Finishing {
        /// Steps done.
        done: usize,
        /// Steps in all.
        total: usize,
    },
}

/// The speed-to-lead minutes a bulk load fills in, so that the first KPI report of the new
/// file has none left to compute (a report computes the missing ones of its period, a few
/// microseconds a lead — seconds for the years of history a demo file holds): the calling
/// window's fingerprint, as [`Store::check_touch_window`] keeps it, and the minutes inside
/// that window from hand-over to first touch of one lead (hand-over, first touch, the lead's
/// time zone).
pub struct TouchMinutes {
    /// The window's fingerprint.
    pub fingerprint: String,
    /// Minutes inside the window from hand-over to first touch.
    pub minutes: Box<MinutesFn>,
}

/// Minutes inside the calling window from hand-over to first touch (hand-over, first touch, the
/// lead's time zone).
pub type MinutesFn = dyn Fn(Ts, Ts, Option<&str>) -> i64;

/// Leads whose minutes are computed and written at a time.
const MINUTES_PAGE: i64 = 20_000;

/// Tables [`DERIVED`] writes: their indexes are built after it, from the finished rows.
const DERIVED_TABLES: &[&str] = &["lead_kpi", "activity_kpi"];

/// The indexes and triggers taken away while the rows go in.
struct Removed {
    /// Indexes of the tables the rows go into, built before [`DERIVED`] reads them.
    indexes: Vec<String>,
    /// Indexes of the tables [`DERIVED`] writes.
    late_indexes: Vec<String>,
    triggers: Vec<String>,
}

impl Store {
    /// Writes `batches` of new leads with their journals into this database, which must hold
    /// no leads and no journal rows; scores, groups and indexes them as
    /// [`Store::insert_leads_bulk`] does, without undo entries. Returns the number of leads.
    ///
    /// # Errors
    ///
    /// [`StoreError::NotEmpty`] when the database already holds leads; any SQLite error, after
    /// which the database is as it was.
    pub fn bulk_load(
        &mut self,
        batches: impl IntoIterator<Item = Vec<(Lead, Vec<NewActivity>)>>,
        minutes: Option<&TouchMinutes>,
        mut progress: impl FnMut(BulkProgress),
    ) -> Result<usize, StoreError> {
        let occupied: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM leads) OR EXISTS (SELECT 1 FROM activities)",
            [],
            |r| r.get(0),
        )?;
        if occupied {
            return Err(StoreError::NotEmpty);
        }
        // A rollback journal holds only the pages that existed before: for a new file almost
        // nothing, where the write-ahead log would hold every page of the load twice over.
        let journal: String = self
            .conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))?;
        let _ = self.conn.pragma_update(None, "journal_mode", "DELETE");
        // The indexes and counters are built by scans of the new rows: through a memory map they
        // cost no read call per page.
        self.conn.execute_batch("PRAGMA mmap_size = 8589934592")?;
        let result = self.load_rows(batches, minutes, &mut progress);
        let _ = self
            .conn
            .execute_batch("PRAGMA mmap_size = 0; PRAGMA threads = 0");
        let _ = self.conn.pragma_update(None, "journal_mode", journal);
        result
    }

    fn load_rows(
        &mut self,
        batches: impl IntoIterator<Item = Vec<(Lead, Vec<NewActivity>)>>,
        minutes: Option<&TouchMinutes>,
        progress: &mut impl FnMut(BulkProgress),
    ) -> Result<usize, StoreError> {
        let sc = self.scorer();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let removed = remove_indexes_and_triggers(&tx)?;
        let mut n = 0;
        for batch in batches {
            for (mut lead, activities) in batch {
                record_engagement(&mut lead, &activities);
                let id = super::lead::insert_lead_tx(&tx, &mut lead, &sc)?;
                super::activity::append_tx(&tx, id, &activities)?;
                n += 1;
            }
            progress(BulkProgress::Leads(n));
        }
        // The index builds sort on a second thread.
        let _ = tx.pragma_update(None, "threads", 2);
        let total = 4
            + removed.indexes.len()
            + DERIVED.len()
            + STL_HISTOGRAMS.len()
            + removed.late_indexes.len();
        let mut done = 0;
        let mut step = |done: &mut usize| {
            *done += 1;
            progress(BulkProgress::Finishing { done: *done, total });
        };
        // The re-engage lane flag before its index exists: one pass over the rows.
        tx.execute_batch(LANE)?;
        step(&mut done);
        for sql in &removed.indexes {
            tx.execute_batch(sql)?;
            step(&mut done);
        }
        for sql in DERIVED {
            tx.execute_batch(sql)?;
            step(&mut done);
        }
        // The minutes before the histograms made of them, while lead_kpi has neither the
        // indexes nor the triggers an update would move.
        if let Some(m) = minutes {
            fill_touch_minutes(&tx, m)?;
        }
        step(&mut done);
        for sql in STL_HISTOGRAMS {
            tx.execute_batch(sql)?;
            step(&mut done);
        }
        for sql in &removed.late_indexes {
            tx.execute_batch(sql)?;
            step(&mut done);
        }
        tx.execute_batch(SEARCH)?;
        step(&mut done);
        for sql in &removed.triggers {
            tx.execute_batch(sql)?;
        }
        step(&mut done);
        tx.commit()?;
        Ok(n)
    }
}

/// Drops every trigger and the indexes of [`BULK_TABLES`]; returns their SQL.
fn remove_indexes_and_triggers(tx: &rusqlite::Transaction<'_>) -> Result<Removed, StoreError> {
    let condition = format!(
        "type = 'trigger' OR tbl_name IN ({})",
        super::codec::marks(BULK_TABLES.len())
    );
    let mut removed = Removed {
        indexes: Vec::new(),
        late_indexes: Vec::new(),
        triggers: Vec::new(),
    };
    for object in schema_objects::list(tx, &condition, rusqlite::params_from_iter(BULK_TABLES))? {
        object.drop_in(tx)?;
        let to = if !object.is_index() {
            &mut removed.triggers
        } else if DERIVED_TABLES.contains(&object.table.as_str()) {
            &mut removed.late_indexes
        } else {
            &mut removed.indexes
        };
        to.push(object.sql);
    }
    Ok(removed)
}

/// `leads_reengage_lane_insert` for every lead.
const LANE: &str = "
UPDATE leads SET reengage_due = 1
WHERE stage = 'lost' AND transferred_to IS NULL AND reengage_on IS NOT NULL
  AND reengage_on <= (SELECT value FROM meta WHERE key = 'reengage_swept')";

/// `leads_search_insert` for every lead. FTS5 writes a segment each time its pending terms
/// pass `hashsize` (1 MiB by default) and merges segments as they pile up: with 64 MiB the
/// million documents go in with a fraction of the merging (a third faster), and the default
/// is back for the writes of every day.
const SEARCH: &str = "
INSERT INTO lead_search (lead_search, rank) VALUES ('hashsize', 67108864);
INSERT INTO lead_search (rowid, search_doc)
SELECT id, search_doc FROM leads WHERE search_doc <> '' ORDER BY id;
INSERT INTO lead_search (lead_search, rank) VALUES ('hashsize', 1048576);";

/// What the insert triggers would have written, one statement per table (or per trigger rule),
/// in the order the rows went in where that matters. Leads and journal are read by scans in
/// row order (`NOT INDEXED`) where an index would turn every row into a seek (at a million
/// leads, 16 s instead of 2 s for the first touches). The activity rules that look at earlier
/// journal rows (`id <` the row's id) see exactly the rows a trigger would have seen; those
/// that read the lead see its final row, as the lead is written before its journal.
const DERIVED: &[&str] = &[
    // leads_count_insert
    "UPDATE stage_counts SET n = n + (SELECT count(*) FROM leads
        WHERE transferred_to IS NULL AND stage = stage_counts.stage)",
    // kpi_leads_insert
    "INSERT INTO stage_days (stage, day, n)
     SELECT stage, stage_entered_at / 86400, count(*) FROM leads NOT INDEXED
     WHERE transferred_to IS NULL GROUP BY 1, 2",
    "INSERT INTO reengage_days (day, n)
     SELECT reengage_on, count(*) FROM leads
     WHERE transferred_to IS NULL AND stage = 'lost' AND reengage_on IS NOT NULL GROUP BY 1",
    "INSERT INTO stage_scores (stage, score, has_next, n)
     SELECT stage, score, due_at IS NOT NULL, count(*) FROM leads NOT INDEXED
     WHERE transferred_to IS NULL GROUP BY 1, 2, 3",
    // stage_hours_insert
    "INSERT INTO stage_hours (stage, hour, n)
     SELECT stage, stage_entered_at / 3600, count(*) FROM leads NOT INDEXED
     WHERE transferred_to IS NULL GROUP BY 1, 2",
    // leads_facet_insert, lead_groups_facet_insert, lead_tags_facet_insert
    "INSERT INTO facet_counts (field, value, stage, n)
     SELECT 'grade', grade, stage, count(*) FROM leads WHERE transferred_to IS NULL GROUP BY 2, 3
     UNION ALL
     SELECT 'source', source, stage, count(*) FROM leads WHERE transferred_to IS NULL GROUP BY 2, 3
     UNION ALL
     SELECT 'group', grp, stage, count(*) FROM lead_groups GROUP BY 2, 3
     UNION ALL
     SELECT 'tag', tag, stage, count(*) FROM lead_tags GROUP BY 2, 3",
    // field_keys_insert
    "INSERT OR IGNORE INTO field_keys (col, key, lead_id)
     SELECT 'extra', j.key, l.id
     FROM leads l, json_each(CASE WHEN NOT json_valid(l.extra) THEN '{}' WHEN json_type(l.extra) = 'object' THEN l.extra ELSE '{}' END) j
     WHERE l.extra <> '{}' OR l.external_ids <> '{}'",
    "INSERT OR IGNORE INTO field_keys (col, key, lead_id)
     SELECT 'external_ids', j.key, l.id
     FROM leads l, json_each(CASE WHEN NOT json_valid(l.external_ids) THEN '{}' WHEN json_type(l.external_ids) = 'object' THEN l.external_ids ELSE '{}' END) j
     WHERE l.extra <> '{}' OR l.external_ids <> '{}'",
    // activities_rollup_insert, then rollup_hour_insert on what it wrote
    "INSERT INTO activity_rollup (slot, kind, outcome, n)
     SELECT at / 900, kind, coalesce(outcome, ''), count(*) FROM activities
     WHERE undone = 0 AND by_other = 0 GROUP BY 1, 2, 3",
    "INSERT INTO activity_rollup_hour (hour, kind, outcome, n)
     SELECT slot / 4, kind, outcome, sum(n) FROM activity_rollup GROUP BY 1, 2, 3",
    // kpi_touch_insert: first touch and last dial of each lead
    "INSERT INTO lead_kpi (lead_id, handover_at, tz, first_touch_at, last_dial_at)
     SELECT l.id, l.handover_at, l.timezone, t.first_at, t.last_dial
     FROM (SELECT lead_id, min(at) AS first_at,
                  max(CASE WHEN kind = 'call' THEN at END) AS last_dial
           FROM activities NOT INDEXED
           WHERE undone = 0 AND by_other = 0 AND lead_id IS NOT NULL
             AND (kind = 'call' OR (kind = 'mail'
                  AND coalesce(CASE WHEN json_valid(data) THEN json_extract(data, '$.auto') END, 0) = 0))
           GROUP BY lead_id) t
     JOIN leads l ON l.id = t.lead_id",
    // kpi_call_hour_insert
    "INSERT INTO call_hour_rollup (slot, tz, dials, connects)
     SELECT a.at / 900, coalesce(l.timezone, ''), count(*),
            sum(coalesce(a.outcome, '') IN ('connected', 'callback', 'meeting', 'not_interested', 'do_not_call'))
     FROM activities a NOT INDEXED LEFT JOIN leads l ON l.id = a.lead_id
     WHERE a.kind = 'call' AND a.undone = 0 AND a.by_other = 0 GROUP BY 1, 2",
    // kpi_flow_insert
    "INSERT INTO stage_flow_rollup (slot, from_stage, n)
     SELECT at / 900, json_extract(data, '$.from'), count(*) FROM activities NOT INDEXED
     WHERE kind = 'stage' AND undone = 0 AND by_other = 0 AND json_valid(data)
       AND json_extract(data, '$.from') IS NOT NULL
     GROUP BY 1, 2",
    // kpi_lost_conversation_insert: a conversation while the lead was lost, judged by the
    // stage rows written before it (or the lead's own stage when there are none).
    "INSERT OR IGNORE INTO activity_kpi (activity_id, lead_id, metric, at)
     SELECT c.id, c.lead_id, 'lost_conversation', c.at FROM activities c NOT INDEXED
     WHERE c.undone = 0 AND c.by_other = 0 AND c.lead_id IS NOT NULL
       AND (c.kind = 'inbound' OR (c.kind = 'call'
            AND coalesce(c.outcome, '') IN ('connected', 'callback', 'meeting', 'not_interested', 'do_not_call')))
       AND coalesce(
           (SELECT CASE WHEN json_valid(s.data) THEN json_extract(s.data, '$.to') END
            FROM activities s
            WHERE s.lead_id = c.lead_id AND +s.kind = 'stage' AND s.undone = 0 AND s.id < c.id
              AND s.at <= c.at
            ORDER BY s.at DESC, s.id DESC LIMIT 1),
           (SELECT CASE WHEN stage = 'lost' AND stage_entered_at < c.at THEN 'lost' END
            FROM leads WHERE id = c.lead_id)) = 'lost'
     ORDER BY c.id",
    // kpi_reengaged_insert, first statement: the move out of lost into engaged
    "INSERT OR IGNORE INTO activity_kpi (activity_id, lead_id, metric, at)
     SELECT id, lead_id, 'reengaged', at FROM activities NOT INDEXED
     WHERE kind = 'stage' AND undone = 0 AND by_other = 0 AND json_valid(data)
       AND json_extract(data, '$.from') = 'lost' AND json_extract(data, '$.to') = 'engaged'
     ORDER BY id",
    // kpi_meeting_insert: a meeting booked after a re-engagement written before it (the
    // `reengaged` rows are the moves from lost to engaged, read here from the journal itself)
    "INSERT OR IGNORE INTO activity_kpi (activity_id, lead_id, metric, at, aux)
     SELECT id, lead_id, 'meeting_from_lost', at, r FROM (
         SELECT m.id, m.lead_id, m.at,
                (SELECT max(s.at) FROM activities s
                 WHERE s.lead_id = m.lead_id AND s.at <= m.at AND s.id < m.id
                   AND +s.kind = 'stage' AND s.undone = 0 AND s.by_other = 0
                   AND json_valid(s.data) AND json_extract(s.data, '$.from') = 'lost'
                   AND json_extract(s.data, '$.to') = 'engaged') AS r
         FROM activities m NOT INDEXED
         WHERE m.kind = 'meeting' AND m.outcome = 'booked' AND m.undone = 0 AND m.by_other = 0)
     WHERE r IS NOT NULL
     ORDER BY id",
    // kpi_reengaged_insert, second and third statements: the conversation and the meeting
    // written just before a move out of lost (a row already counted above stays as it is).
    "INSERT OR IGNORE INTO activity_kpi (activity_id, lead_id, metric, at)
     SELECT c.id, c.lead_id, 'lost_conversation', c.at
     FROM activities s NOT INDEXED JOIN activities c ON c.lead_id = s.lead_id AND c.at = s.at AND c.id < s.id
     WHERE s.kind = 'stage' AND s.undone = 0 AND s.by_other = 0 AND json_valid(s.data)
       AND json_extract(s.data, '$.from') = 'lost'
       AND c.undone = 0 AND c.by_other = 0
       AND (c.kind = 'inbound' OR (c.kind = 'call'
            AND c.outcome IN ('connected', 'callback', 'meeting', 'not_interested', 'do_not_call')))
     ORDER BY s.id, c.id",
    "INSERT OR IGNORE INTO activity_kpi (activity_id, lead_id, metric, at, aux)
     SELECT m.id, m.lead_id, 'meeting_from_lost', m.at, s.at
     FROM activities s NOT INDEXED JOIN activities m ON m.lead_id = s.lead_id AND m.at = s.at AND m.id < s.id
     WHERE s.kind = 'stage' AND s.undone = 0 AND s.by_other = 0 AND json_valid(s.data)
       AND json_extract(s.data, '$.from') = 'lost' AND json_extract(s.data, '$.to') = 'engaged'
       AND m.undone = 0 AND m.by_other = 0 AND m.kind = 'meeting' AND m.outcome = 'booked'
     ORDER BY s.id, m.id",
    // kpi_feedback_insert
    "INSERT OR IGNORE INTO activity_kpi (activity_id, lead_id, metric, at)
     SELECT id, lead_id, m, at FROM (
         SELECT id, lead_id, at, coalesce(outcome,
             CASE WHEN json_valid(data) THEN coalesce(json_extract(data, '$.result'),
                  json_extract(data, '$.outcome')) END) AS m
         FROM activities NOT INDEXED WHERE kind = 'feedback' AND undone = 0 AND by_other = 0)
     WHERE m IN ('accepted', 'rejected')
     ORDER BY id",
    // kpi_hour_insert on everything above
    "INSERT INTO activity_kpi_hour (metric, hour, n)
     SELECT metric, at / 3600, count(*) FROM activity_kpi WHERE active = 1 GROUP BY 1, 2",
];

/// `stl_hist_insert` for every lead, once the minutes are in (see [`TouchMinutes`]).
const STL_HISTOGRAMS: &[&str] = &[
    "INSERT INTO stl_days (day, minutes, n)
     SELECT handover_at / 86400, stl_minutes, count(*) FROM lead_kpi
     WHERE first_touch_at IS NOT NULL AND stl_minutes IS NOT NULL GROUP BY 1, 2",
    "INSERT INTO stl_hours (hour, minutes, n)
     SELECT handover_at / 3600, stl_minutes, count(*) FROM lead_kpi
     WHERE first_touch_at IS NOT NULL AND stl_minutes IS NOT NULL GROUP BY 1, 2",
];

/// Computes and stores the window minutes of every touched lead, a page at a time in lead
/// order, and records the window they were computed in.
fn fill_touch_minutes(tx: &rusqlite::Transaction<'_>, m: &TouchMinutes) -> Result<(), StoreError> {
    let mut after = i64::MIN;
    loop {
        let page: Vec<(i64, i64, Option<String>, i64)> = tx
            .prepare_cached(
                "SELECT lead_id, handover_at, tz, first_touch_at FROM lead_kpi
                 WHERE lead_id > ?1 AND first_touch_at IS NOT NULL ORDER BY lead_id LIMIT ?2",
            )?
            .query_map(rusqlite::params![after, MINUTES_PAGE], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<Result<_, _>>()?;
        let Some(last) = page.last() else { break };
        after = last.0;
        let computed: Vec<(i64, i64)> = page
            .iter()
            .map(|(id, handover, tz, touch)| {
                let (handover, touch) = (super::codec::ts(*handover), super::codec::ts(*touch));
                (*id, (m.minutes)(handover, touch, tz.as_deref()))
            })
            .collect();
        super::kpi::write_touch_minutes(tx, &computed)?;
    }
    super::meta::write_meta(tx, super::kpi::TOUCH_WINDOW_KEY, &m.fingerprint)?;
    Ok(())
}
