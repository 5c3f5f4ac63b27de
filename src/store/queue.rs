//! Queue pages by keyset pagination and the maintained per-stage counts (SPEC §3, DESIGN "The
//! loop"): nothing here walks rows that are not shown.

use rusqlite::params_from_iter;
use rusqlite::types::Value as SqlValue;

use crate::domain::name::display_name;
use crate::domain::queue::{
    Bucket, CallableZones, Clock, Cursor, Direction, LeadSummary, Queue, Segment, segments,
};
use crate::domain::{ActionKind, Stage};

use super::codec::{opt_ts, stage_from_sql, ts};
use super::{Store, StoreError};

pub(super) const SUMMARY_COLUMNS: &str = "id, first_name, last_name, full_name, company, stage, score, prio, \
     alive_at, handover_at, stage_entered_at, attempts, next_kind, due_at, timezone, last_touch_at, do_not_call, grade";

const OPEN: &str = "stage IN ('new', 'unreached', 'engaged')";

/// The WHERE clause of one bucket of a queue, with its parameters.
pub(super) fn bucket_filter(queue: Queue, bucket: Bucket, clock: Clock) -> (String, Vec<SqlValue>) {
    let now = SqlValue::Integer(clock.now.timestamp());
    let eod = SqlValue::Integer(clock.end_of_today.timestamp());
    let today = SqlValue::Text(clock.today.format("%Y-%m-%d").to_string());
    if bucket == Bucket::Reengage {
        // Lost leads whose re-engage date has come, in Today and at the top of the Lost view.
        // (Lost leads with a next action due by tonight sit in the due buckets above.)
        return (
            "stage = 'lost' AND transferred_to IS NULL AND reengage_on IS NOT NULL AND reengage_on <= ?
             AND (due_at IS NULL OR due_at >= ?)"
                .to_owned(),
            vec![today, eod],
        );
    }
    let (stage_sql, mut params) = match queue {
        Queue::Today if bucket == Bucket::Rest => ("stage = 'new'".to_owned(), vec![]),
        Queue::Today => (OPEN.to_owned(), vec![]),
        Queue::Stage(Stage::Lost) if bucket == Bucket::Rest => (
            // The leads due for re-engagement have their own bucket above.
            "stage = 'lost' AND (reengage_on IS NULL OR reengage_on > ?)".to_owned(),
            vec![today],
        ),
        Queue::Stage(s) => ("stage = ?".to_owned(), vec![SqlValue::Text(s.id().into())]),
    };
    let due_sql = match bucket {
        Bucket::Overdue => {
            params.push(now);
            "due_at IS NOT NULL AND due_at < ?"
        }
        Bucket::DueToday => {
            params.push(now);
            params.push(eod);
            "due_at >= ? AND due_at < ?"
        }
        Bucket::Rest | Bucket::Reengage => {
            params.push(eod);
            "(due_at IS NULL OR due_at >= ?)"
        }
    };
    (
        format!("{stage_sql} AND transferred_to IS NULL AND {due_sql}"),
        params,
    )
}

/// `AND` the lead's zone is (or is not) one where it is calling time now.
fn callable_sql(
    segment: Segment,
    zones: Option<&CallableZones>,
    params: &mut Vec<SqlValue>,
) -> String {
    match (segment.callable, zones) {
        (Some(callable), Some(z)) => {
            params.push(SqlValue::Text(z.rep_zone.clone()));
            params.push(SqlValue::Text(
                serde_json::to_string(&z.open).unwrap_or_else(|_| "[]".into()),
            ));
            format!(
                " AND coalesce(timezone, ?) {}IN (SELECT value FROM json_each(?))",
                if callable { "" } else { "NOT " }
            )
        }
        _ => String::new(),
    }
}

/// How a due bucket's page is picked (see [`Store::due_plan`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum DuePlan {
    /// Sort the bucket's range of the due index: cheap while few leads are due.
    Range,
    /// Walk the key index in queue order, keeping the due rows: cheap when many are due.
    Walk,
    /// The re-engage bucket: walk the re-engage lane (schema 10), which holds only the leads
    /// due for re-engagement, in key order.
    Lane,
}

/// One segment of a queue page read: which rows, from where, in which direction.
#[derive(Clone, Copy)]
struct SegmentRead<'a> {
    queue: Queue,
    segment: Segment,
    zones: Option<&'a CallableZones>,
    clock: Clock,
    keyset: Option<Cursor>,
    inclusive: bool,
    dir: Direction,
}

impl SegmentRead<'_> {
    /// The WHERE clause (bucket, callable split, keyset) with its parameters.
    fn filter(&self) -> (String, Vec<SqlValue>) {
        let (mut filter, mut params) = bucket_filter(self.queue, self.segment.bucket, self.clock);
        filter.push_str(&callable_sql(self.segment, self.zones, &mut params));
        if let Some(c) = self.keyset {
            let cmp = match (self.dir, self.inclusive) {
                (Direction::Forward, true) => "<=",
                (Direction::Forward, false) => "<",
                (Direction::Backward, true) => ">=",
                (Direction::Backward, false) => ">",
            };
            params.push(SqlValue::Real(c.prio));
            params.push(SqlValue::Integer(c.id));
            filter.push_str(&format!(" AND (prio, id) {cmp} (?, ?)"));
        }
        (filter, params)
    }

    /// The SQL and parameters of the segment's page of up to `limit` rows.
    fn page_sql(&self, limit: usize, plan: DuePlan) -> (String, Vec<SqlValue>) {
        let (mut filter, mut params) = self.filter();
        if plan == DuePlan::Lane {
            // Names the lane's partial-index condition so the planner may use it.
            filter.push_str(" AND reengage_due = 1");
        }
        let order = match self.dir {
            Direction::Forward => "prio DESC, id DESC",
            Direction::Backward => "prio ASC, id ASC",
        };
        params.push(SqlValue::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
        let index = match (self.segment.bucket, plan) {
            (Bucket::Rest, _) => {
                return (
                    format!(
                        "SELECT {SUMMARY_COLUMNS} FROM leads INDEXED BY leads_queue
                         WHERE {filter} ORDER BY {order} LIMIT ?"
                    ),
                    params,
                );
            }
            (Bucket::Reengage, DuePlan::Lane) => "leads_reengage_lane",
            (Bucket::Reengage, DuePlan::Range) => "leads_reengage_queue",
            (Bucket::Reengage, DuePlan::Walk) => "leads_queue",
            // The due range of the due index, which carries (prio, id): the page's ids are
            // picked from the index alone, then only those rows are read. (The planner would
            // otherwise walk the key index reading every row, or read every due row.)
            (_, DuePlan::Range | DuePlan::Lane) => "leads_due",
            // The key order, filtered on the due time and zone the key indexes carry.
            (_, DuePlan::Walk) if self.queue == Queue::Today => "leads_open_queue",
            (_, DuePlan::Walk) => "leads_queue",
        };
        (
            format!(
                "SELECT {SUMMARY_COLUMNS} FROM leads WHERE id IN (
                     SELECT id FROM leads INDEXED BY {index}
                     WHERE {filter} ORDER BY {order} LIMIT ?)
                 ORDER BY {order}"
            ),
            params,
        )
    }

    /// The bounded count behind [`DuePlan`]: the entries of the segment's range of the due
    /// index — the bucket's stages and due window, whatever the callable split and keyset
    /// (the sorted range reads all of them either way) — up to `cap`.
    fn due_probe_sql(&self, cap: u64) -> (String, Vec<SqlValue>) {
        let (filter, mut params) = bucket_filter(self.queue, self.segment.bucket, self.clock);
        params.push(SqlValue::Integer(i64::try_from(cap).unwrap_or(i64::MAX)));
        let index = if self.segment.bucket == Bucket::Reengage {
            "leads_reengage_queue"
        } else {
            "leads_due"
        };
        (
            format!(
                "SELECT count(*) FROM (SELECT 1 FROM leads INDEXED BY {index} WHERE {filter} LIMIT ?)"
            ),
            params,
        )
    }
}

/// How many due entries make walking the key order cheaper than sorting them: a walk reads
/// about `limit × scope / due` key entries for a page (more when the callable split thins the
/// segment), a sort reads all `due` entries of the range and sorts them, so they cost the same
/// near `due = √(limit × scope / 2)` (measured: a sorted entry costs about twice a walked one).
fn walk_threshold(limit: usize, scope: u64) -> u64 {
    let n = (limit as f64 * scope as f64 / 2.0).sqrt();
    (n as u64).clamp(256, 8192)
}

pub(super) fn summary_from_row(
    r: &rusqlite::Row<'_>,
    bucket: Bucket,
) -> rusqlite::Result<LeadSummary> {
    let first: String = r.get(1)?;
    let last: String = r.get(2)?;
    let full: String = r.get(3)?;
    let stage: String = r.get(5)?;
    let next_kind: Option<String> = r.get(12)?;
    Ok(LeadSummary {
        id: r.get(0)?,
        name: display_name(&first, &last, &full),
        company: r.get(4)?,
        stage: stage_from_sql(&stage)?,
        score: r.get(6)?,
        prio: r.get(7)?,
        alive_at: ts(r.get(8)?),
        handover_at: ts(r.get(9)?),
        stage_entered_at: ts(r.get(10)?),
        attempts: r.get(11)?,
        next_kind: next_kind.as_deref().and_then(ActionKind::from_id),
        due_at: opt_ts(r.get(13)?),
        timezone: r.get(14)?,
        last_touch_at: opt_ts(r.get(15)?),
        do_not_call: r.get(16)?,
        grade: r
            .get::<_, Option<String>>(17)?
            .and_then(|g| crate::domain::scoring::Grade::from_id(&g)),
        bucket,
        callable: true,
    })
}

impl Store {
    /// Leads per stage (transferred leads left out), from the maintained counters.
    pub fn stage_counts(&self) -> Result<[u64; 5], StoreError> {
        let mut out = [0u64; 5];
        let mut stmt = self
            .conn
            .prepare_cached("SELECT stage, n FROM stage_counts")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        for row in rows {
            let (stage, n) = row?;
            if let Some(s) = Stage::from_id(&stage) {
                out[s.index()] = u64::try_from(n).unwrap_or(0);
            }
        }
        Ok(out)
    }

    /// Leads per stage counted row by row (for checks against the counters).
    pub fn stage_counts_recounted(&self) -> Result<[u64; 5], StoreError> {
        let mut out = [0u64; 5];
        let mut stmt = self.conn.prepare(
            "SELECT stage, count(*) FROM leads WHERE transferred_to IS NULL GROUP BY stage",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        for row in rows {
            let (stage, n) = row?;
            if let Some(s) = Stage::from_id(&stage) {
                out[s.index()] = u64::try_from(n).unwrap_or(0);
            }
        }
        Ok(out)
    }

    /// The morning line's figures (SPEC §4): new leads since `since`, new leads waiting past
    /// `sla_cutoff` for their first touch, and calls due before the end of today — index range
    /// counts.
    pub fn morning_counts(
        &self,
        clock: Clock,
        since: crate::domain::Ts,
        sla_cutoff: crate::domain::Ts,
    ) -> Result<(u64, u64, u64), StoreError> {
        let count_new = |sql: &str, at: i64| -> Result<u64, StoreError> {
            let n: i64 = self
                .conn
                .prepare_cached(sql)?
                .query_row([at], |r| r.get(0))?;
            Ok(n.max(0) as u64)
        };
        let new_since = count_new(
            "SELECT count(*) FROM leads INDEXED BY leads_new_handover
             WHERE stage = 'new' AND transferred_to IS NULL AND handover_at >= ?1",
            since.timestamp(),
        )?;
        let over_sla = count_new(
            "SELECT count(*) FROM leads INDEXED BY leads_new_handover
             WHERE stage = 'new' AND transferred_to IS NULL AND handover_at < ?1",
            sla_cutoff.timestamp(),
        )?;
        let calls: i64 = self
            .conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM leads INDEXED BY leads_due
                 WHERE {OPEN} AND transferred_to IS NULL AND due_at IS NOT NULL AND due_at < ?1
                   AND next_kind = 'call'"
            ))?
            .query_row([clock.end_of_today.timestamp()], |r| r.get(0))?;
        Ok((new_since, over_sla, calls.max(0) as u64))
    }

    /// Ids of leads transferred to colleagues (out of every queue).
    pub fn transferred_lead_ids(&self) -> Result<Vec<crate::domain::LeadId>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM leads WHERE transferred_to IS NOT NULL ORDER BY id")?;
        let ids = stmt.query_map([], |r| r.get(0))?;
        Ok(ids.collect::<Result<_, _>>()?)
    }

    /// How many rows a queue has now. Stage queues come from the counters; Today adds the
    /// due-today range counts (small, served by the due index).
    pub fn queue_len(&self, queue: Queue, clock: Clock) -> Result<u64, StoreError> {
        let counts = self.stage_counts()?;
        let eod = clock.end_of_today.timestamp();
        match queue {
            Queue::Stage(s) => Ok(counts[s.index()]),
            Queue::Today => {
                let (due_open, due_new): (i64, i64) = self
                    .conn
                    .prepare_cached(&format!(
                        "SELECT count(*), coalesce(sum(stage = 'new'), 0) FROM leads INDEXED BY leads_due
                         WHERE {OPEN} AND transferred_to IS NULL AND due_at IS NOT NULL AND due_at < ?1"
                    ))?
                    .query_row([eod], |r| Ok((r.get(0)?, r.get(1)?)))?;
                let reengage: i64 = self
                    .conn
                    .prepare_cached(
                        "SELECT count(*) FROM leads INDEXED BY leads_reengage_queue
                         WHERE stage = 'lost' AND transferred_to IS NULL AND reengage_on IS NOT NULL
                           AND reengage_on <= ?1",
                    )?
                    .query_row([clock.today.format("%Y-%m-%d").to_string()], |r| r.get(0))?;
                let rest = counts[Stage::New.index()].saturating_sub(due_new.max(0) as u64);
                Ok(due_open.max(0) as u64 + rest + reengage.max(0) as u64)
            }
        }
    }

    /// Reads up to `limit` rows of a queue from `from` (None: the top, or the bottom when going
    /// backward), in queue order (backward pages come back in queue order too).
    pub fn queue_page(
        &self,
        queue: Queue,
        clock: Clock,
        from: Option<Cursor>,
        inclusive: bool,
        dir: Direction,
        limit: usize,
    ) -> Result<Vec<LeadSummary>, StoreError> {
        self.queue_page_segmented(queue, clock, None, false, from, inclusive, dir, limit)
    }

    /// Like [`Store::queue_page`], with each bucket's leads callable now first (when `zones`
    /// says which zones are in their calling window), or only those (`call_block`).
    #[allow(clippy::too_many_arguments)]
    pub fn queue_page_segmented(
        &self,
        queue: Queue,
        clock: Clock,
        zones: Option<&CallableZones>,
        call_block: bool,
        from: Option<Cursor>,
        inclusive: bool,
        dir: Direction,
        limit: usize,
    ) -> Result<Vec<LeadSummary>, StoreError> {
        let segs = segments(queue, zones.is_some(), call_block && zones.is_some());
        // The stage sizes the plan of each segment weighs (maintained counters, read once).
        let counts = self.stage_counts()?;
        let lane = segs.iter().any(|s| s.bucket == Bucket::Reengage)
            && self.reengage_lane_ready(clock.today)?;
        let at = |c: &Cursor| {
            segs.iter()
                .position(|s| s.bucket == c.bucket && s.callable.is_none_or(|v| v == c.callable))
        };
        let start = from.as_ref().and_then(at);
        let order: Vec<usize> = match dir {
            Direction::Forward => (start.unwrap_or(0)..segs.len()).collect(),
            Direction::Backward => (0..=start.unwrap_or(segs.len().saturating_sub(1)))
                .rev()
                .collect(),
        };
        let mut out = Vec::with_capacity(limit);
        for i in order {
            if out.len() >= limit {
                break;
            }
            let segment = segs[i];
            if segment.callable == Some(true) && zones.is_some_and(|z| z.open.is_empty()) {
                continue; // no zone is in its calling window: nobody is callable now
            }
            let keyset = if Some(i) == start { from } else { None };
            let want = limit - out.len();
            let read = SegmentRead {
                queue,
                segment,
                zones,
                clock,
                keyset,
                inclusive,
                dir,
            };
            let plan = self.due_plan(&read, &counts, want, lane)?;
            let (sql, params) = read.page_sql(want, plan);
            let callable = segment.callable.unwrap_or(true);
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(params_from_iter(params), |r| {
                summary_from_row(r, segment.bucket).map(|mut s| {
                    s.callable = callable;
                    s
                })
            })?;
            for row in rows {
                out.push(row?);
            }
        }
        if dir == Direction::Backward {
            out.reverse();
        }
        Ok(out)
    }

    /// Picks how a due or re-engage segment's page is read: by a bounded count of its range's
    /// entries (at most [`walk_threshold`] of them, so the choice costs little whatever the
    /// bucket's size). The rest of a stage is always walked in key order.
    fn due_plan(
        &self,
        read: &SegmentRead<'_>,
        counts: &[u64; 5],
        limit: usize,
        lane: bool,
    ) -> Result<DuePlan, StoreError> {
        if read.segment.bucket == Bucket::Reengage && lane {
            return Ok(DuePlan::Lane);
        }
        let scope = match (read.segment.bucket, read.queue) {
            (Bucket::Rest, _) => return Ok(DuePlan::Range),
            // Walked in the Lost stage's key order.
            (Bucket::Reengage, _) => counts[Stage::Lost.index()],
            (_, Queue::Today) => [Stage::New, Stage::Unreached, Stage::Engaged]
                .iter()
                .map(|s| counts[s.index()])
                .sum(),
            (_, Queue::Stage(s)) => counts[s.index()],
        };
        let cap = walk_threshold(limit, scope);
        let (sql, params) = read.due_probe_sql(cap);
        let due: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row(params_from_iter(params), |r| r.get(0))?;
        Ok(if u64::try_from(due).unwrap_or(0) >= cap {
            DuePlan::Walk
        } else {
            DuePlan::Range
        })
    }

    /// The time zones leads have (for the callable-now split). There are few distinct values,
    /// so they are read by seeking the zone index once per value, never by walking it.
    pub fn lead_zones(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT min(timezone) FROM leads INDEXED BY leads_zone WHERE timezone > ?1",
        )?;
        let mut zones = Vec::new();
        let mut after = String::new();
        // A guard against pathological files with thousands of zones.
        while zones.len() < 1000 {
            let next: Option<String> = stmt.query_row([&after], |r| r.get(0))?;
            let Some(z) = next else { break };
            after.clone_from(&z);
            zones.push(z);
        }
        Ok(zones)
    }

    /// `EXPLAIN QUERY PLAN` of every queue page query under each plan, and of the due
    /// buckets' probes (after `ANALYZE`), for tests that hold the queues to their indexes.
    pub fn explain_queue_plans(&self, clock: Clock) -> Result<Vec<(String, String)>, StoreError> {
        self.conn.execute_batch("ANALYZE")?;
        let explain = |sql: &str, params: Vec<SqlValue>| -> Result<String, StoreError> {
            let mut stmt = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
            let rows: Vec<String> = stmt
                .query_map(params_from_iter(params), |r| r.get::<_, String>(3))?
                .collect::<Result<_, _>>()?;
            Ok(rows.join("; "))
        };
        let mut queues = vec![Queue::Today];
        queues.extend(Stage::ALL.map(Queue::Stage));
        let zones = CallableZones {
            rep_zone: "Asia/Tokyo".into(),
            open: vec!["Asia/Tokyo".into()],
        };
        let mut out = Vec::new();
        for queue in queues {
            for segment in segments(queue, true, false)
                .into_iter()
                .chain(segments(queue, false, false))
            {
                let probe = Cursor {
                    bucket: segment.bucket,
                    callable: segment.callable.unwrap_or(true),
                    prio: 0.0,
                    id: 0,
                };
                for keyset in [None, Some(probe)] {
                    for dir in [Direction::Forward, Direction::Backward] {
                        let what = format!(
                            "{queue:?} {:?} callable={:?} {dir:?} keyset={}",
                            segment.bucket,
                            segment.callable,
                            keyset.is_some()
                        );
                        let read = SegmentRead {
                            queue,
                            segment,
                            zones: Some(&zones),
                            clock,
                            keyset,
                            inclusive: false,
                            dir,
                        };
                        let lane = (segment.bucket == Bucket::Reengage).then_some(DuePlan::Lane);
                        for plan in [DuePlan::Range, DuePlan::Walk].into_iter().chain(lane) {
                            let (sql, params) = read.page_sql(50, plan);
                            out.push((format!("{what} plan={plan:?}"), explain(&sql, params)?));
                        }
                        if segment.bucket != Bucket::Rest {
                            let (sql, params) = read.due_probe_sql(1000);
                            out.push((format!("{what} probe"), explain(&sql, params)?));
                        }
                    }
                }
            }
        }
        Ok(out)
    }
}
