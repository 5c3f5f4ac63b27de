//! Filtered queue pages (group, grade, source, tag — combinable), by keyset like the plain
//! queue pages and served by indexes in key order. A page's ids are picked from index entries
//! alone — every index a filtered page walks carries the stage, key, due time, re-engage date,
//! grade and source (schema 10; the group and tag membership rows copy them from their lead) —
//! and only the page's rows are read. Each bucket is read one of three ways:
//! - the re-engage bucket walks the re-engage lane (only the leads due for re-engagement, in
//!   key order) when the lane is on today and no filter field's range is smaller;
//! - a due bucket holding few leads (the usual case in a rep's day) is a range of the due
//!   index, filtered entry by entry and sorted (small);
//! - the rest, and a large due bucket, is a walk in key order along one filter field's index
//!   (per stage of the bucket, merged) — the field whose range is smallest by the sizes kept
//!   in `facet_counts` — with the bucket's conditions and the other fields checked on the
//!   entry (group and tag by primary-key lookups of the membership rows).

use rusqlite::types::Value as SqlValue;
use rusqlite::{OptionalExtension, params_from_iter};

use crate::domain::filter::Filter;
use crate::domain::queue::{Bucket, Clock, Cursor, Direction, LeadSummary, Queue};

use super::queue::{SUMMARY_COLUMNS, bucket_filter, summary_from_row};
use super::{Store, StoreError};

/// A field of a filter and the index that can drive a scan by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Group,
    Tag,
    Grade,
    Source,
}

impl Field {
    fn value(self, f: &Filter) -> Option<String> {
        match self {
            Field::Group => f.group.clone(),
            Field::Tag => f.tag.clone(),
            Field::Grade => f.grade.map(|g| g.id().to_owned()),
            Field::Source => f.source.clone(),
        }
    }

    /// The condition on an index entry `q` (its `id`, `grade` and `source`).
    fn check(self) -> &'static str {
        match self {
            Field::Group => {
                "EXISTS (SELECT 1 FROM lead_groups m WHERE m.lead_id = q.id AND m.grp = ?)"
            }
            Field::Tag => "EXISTS (SELECT 1 FROM lead_tags m WHERE m.lead_id = q.id AND m.tag = ?)",
            Field::Grade => "q.grade = ?",
            Field::Source => "q.source = ?",
        }
    }

    /// Membership checks are primary-key lookups: they come after the entry's own columns.
    fn is_membership(self) -> bool {
        matches!(self, Field::Group | Field::Tag)
    }

    /// The field's name in `facet_counts`.
    fn facet(self) -> &'static str {
        match self {
            Field::Group => "group",
            Field::Tag => "tag",
            Field::Grade => "grade",
            Field::Source => "source",
        }
    }

    /// The entries `q` of a walk in key order driven by this field, with the field's value and
    /// the stage as its two parameters. Membership rows come through a subquery that names
    /// their columns as the lead's (a membership row exists only for a lead not transferred),
    /// so the queue's bucket conditions (unqualified column names) read the entry.
    fn driver(self) -> &'static str {
        match self {
            Field::Group => {
                "(SELECT lead_id AS id, stage, prio, due_at, reengage_on, grade, source,
                         NULL AS transferred_to
                  FROM lead_groups INDEXED BY lead_groups_queue WHERE grp = ? AND stage = ?) AS q"
            }
            Field::Tag => {
                "(SELECT lead_id AS id, stage, prio, due_at, reengage_on, grade, source,
                         NULL AS transferred_to
                  FROM lead_tags INDEXED BY lead_tags_queue WHERE tag = ? AND stage = ?) AS q"
            }
            Field::Grade => {
                "(SELECT id, stage, prio, due_at, reengage_on, grade, source, transferred_to
                  FROM leads INDEXED BY leads_grade_queue
                  WHERE grade = ? AND stage = ? AND transferred_to IS NULL) AS q"
            }
            Field::Source => {
                "(SELECT id, stage, prio, due_at, reengage_on, grade, source, transferred_to
                  FROM leads INDEXED BY leads_source_queue
                  WHERE source = ? AND stage = ? AND transferred_to IS NULL) AS q"
            }
        }
    }
}

const FIELDS: [Field; 4] = [Field::Group, Field::Tag, Field::Grade, Field::Source];

/// A due bucket with at most this many leads is read from the queue's own index and filtered
/// entry by entry; a larger one is walked in key order along the filter's index.
const SMALL_BUCKET: i64 = 2_000;

/// The stages a bucket of a queue holds.
fn bucket_stages(queue: Queue, bucket: Bucket) -> Vec<&'static str> {
    match (queue, bucket) {
        (_, Bucket::Reengage) => vec!["lost"],
        (Queue::Today, Bucket::Rest) => vec!["new"],
        (Queue::Today, _) => vec!["new", "unreached", "engaged"],
        (Queue::Stage(s), _) => vec![s.id()],
    }
}

/// How a bucket other than the rest is read by its own index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BucketIndex {
    /// The due index (or the re-engage index), filtered entry by entry and sorted.
    Range,
    /// The re-engage lane, walked in key order.
    Lane,
}

impl BucketIndex {
    fn index(self, bucket: Bucket) -> &'static str {
        match (self, bucket) {
            (BucketIndex::Lane, _) => "leads_reengage_lane",
            (BucketIndex::Range, Bucket::Reengage) => "leads_reengage_queue",
            (BucketIndex::Range, _) => "leads_due",
        }
    }
}

#[derive(Clone, Copy)]
struct Page<'a> {
    queue: Queue,
    bucket: Bucket,
    clock: Clock,
    filter: &'a Filter,
    keyset: Option<Cursor>,
    inclusive: bool,
    dir: Direction,
    limit: usize,
}

impl Page<'_> {
    fn order(&self, prio: &str, id: &str) -> (String, &'static str) {
        match self.dir {
            Direction::Forward => (
                format!("{prio} DESC, {id} DESC"),
                if self.inclusive { "<=" } else { "<" },
            ),
            Direction::Backward => (
                format!("{prio} ASC, {id} ASC"),
                if self.inclusive { ">=" } else { ">" },
            ),
        }
    }

    fn keyset(&self, cmp: &str, params: &mut Vec<SqlValue>) -> String {
        match self.keyset {
            Some(c) => {
                params.push(SqlValue::Real(c.prio));
                params.push(SqlValue::Integer(c.id));
                format!(" AND (q.prio, q.id) {cmp} (?, ?)")
            }
            None => String::new(),
        }
    }

    /// The filter's conditions on the entry `q` but the driving field's: the entry's own
    /// columns first, then the membership lookups.
    fn checks(&self, except: Option<Field>, params: &mut Vec<SqlValue>) -> String {
        let mut sql = String::new();
        let mut fields = FIELDS;
        fields.sort_by_key(|f| f.is_membership());
        for f in fields {
            if Some(f) == except {
                continue;
            }
            if let Some(v) = f.value(self.filter) {
                sql.push_str(" AND ");
                sql.push_str(f.check());
                params.push(SqlValue::Text(v));
            }
        }
        sql
    }

    /// The page's rows: its ids picked from the entries `q` of `from` (which takes `params`
    /// first), then only those rows read.
    fn select(
        &self,
        from: &str,
        params: Vec<SqlValue>,
        extra: &str,
        except: Option<Field>,
    ) -> (String, Vec<SqlValue>) {
        let (ids, params) = self.select_keys(from, params, extra, except);
        let (outer, _) = self.order("prio", "id");
        (
            format!(
                "SELECT {SUMMARY_COLUMNS} FROM leads WHERE id IN (SELECT id FROM ({ids}))
                 ORDER BY {outer}"
            ),
            params,
        )
    }

    /// The page's `(id, prio)` from the entries `q` of `from` alone (no row read).
    fn select_keys(
        &self,
        from: &str,
        mut params: Vec<SqlValue>,
        extra: &str,
        except: Option<Field>,
    ) -> (String, Vec<SqlValue>) {
        let (filter, bucket_params) = bucket_filter(self.queue, self.bucket, self.clock);
        params.extend(bucket_params);
        let (order, cmp) = self.order("q.prio", "q.id");
        let keyset = self.keyset(cmp, &mut params);
        let checks = self.checks(except, &mut params);
        params.push(SqlValue::Integer(self.limit as i64));
        (
            format!(
                "SELECT q.id AS id, q.prio AS prio FROM {from}
                 WHERE {filter}{extra}{keyset}{checks} ORDER BY {order} LIMIT ?"
            ),
            params,
        )
    }

    /// A bucket read by its own index: a small range sorted, or the re-engage lane.
    fn by_bucket_index(&self, how: BucketIndex) -> (String, Vec<SqlValue>) {
        let from = format!("leads AS q INDEXED BY {}", how.index(self.bucket));
        // The lane's partial-index condition, named so the planner may use it.
        let extra = if how == BucketIndex::Lane {
            " AND reengage_due = 1"
        } else {
            ""
        };
        self.select(&from, Vec::new(), extra, None)
    }

    /// One stage of a bucket, walked in key order along the driving field's index.
    fn by_driver(&self, driver: Field, stage: &str) -> (String, Vec<SqlValue>) {
        self.select(
            driver.driver(),
            self.driver_params(driver, stage),
            "",
            Some(driver),
        )
    }

    /// [`Page::by_driver`]'s `(id, prio)` only: the stages of a bucket are merged on these,
    /// and only the winners' rows are read.
    fn keys_by_driver(&self, driver: Field, stage: &str) -> (String, Vec<SqlValue>) {
        self.select_keys(
            driver.driver(),
            self.driver_params(driver, stage),
            "",
            Some(driver),
        )
    }

    fn driver_params(&self, driver: Field, stage: &str) -> Vec<SqlValue> {
        vec![
            SqlValue::Text(driver.value(self.filter).unwrap_or_default()),
            SqlValue::Text(stage.to_owned()),
        ]
    }
}

impl Store {
    /// Like [`Store::queue_page`], restricted to the leads that pass `filter` (without the
    /// callable-now split).
    #[allow(clippy::too_many_arguments)]
    pub fn queue_page_filtered(
        &self,
        queue: Queue,
        clock: Clock,
        filter: &Filter,
        from: Option<Cursor>,
        inclusive: bool,
        dir: Direction,
        limit: usize,
    ) -> Result<Vec<LeadSummary>, StoreError> {
        if filter.is_empty() {
            return self.queue_page(queue, clock, from, inclusive, dir, limit);
        }
        let mut out = Vec::with_capacity(limit);
        let buckets: Vec<Bucket> = match dir {
            Direction::Forward => queue.buckets().to_vec(),
            Direction::Backward => queue.buckets().iter().rev().copied().collect(),
        };
        let pos = |b: Bucket| queue.buckets().iter().position(|x| *x == b);
        for bucket in buckets {
            if out.len() >= limit {
                break;
            }
            let keyset = match from {
                Some(c) if c.bucket == bucket => Some(c),
                Some(c) if dir == Direction::Forward && pos(bucket) < pos(c.bucket) => continue,
                Some(c) if dir == Direction::Backward && pos(bucket) > pos(c.bucket) => continue,
                _ => None,
            };
            let page = Page {
                queue,
                bucket,
                clock,
                filter,
                keyset,
                inclusive,
                dir,
                limit: limit - out.len(),
            };
            out.extend(self.bucket_page(&page)?);
        }
        if dir == Direction::Backward {
            out.reverse();
        }
        Ok(out)
    }

    /// One bucket's filtered rows, in the page's direction.
    fn bucket_page(&self, page: &Page<'_>) -> Result<Vec<LeadSummary>, StoreError> {
        let read = |sql: String, params: Vec<SqlValue>| -> Result<Vec<LeadSummary>, StoreError> {
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(params_from_iter(params), |r| {
                summary_from_row(r, page.bucket)
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        };
        if page.bucket == Bucket::Reengage && self.reengage_lane_ready(page.clock.today)? {
            // The lane holds only due leads; a filter field's range in the Lost stage holds
            // the others too but may be much smaller.
            // (The due leads sit at the bottom of the key order, so a field's walk passes most
            // of its range before it finds them: it must be much smaller to pay.)
            let (_, smallest) = self.driving_field("lost", page.filter)?;
            if self.reengage_due_count(page.clock.today)? <= smallest.saturating_mul(4) {
                let (sql, params) = page.by_bucket_index(BucketIndex::Lane);
                return read(sql, params);
            }
        }
        if page.bucket != Bucket::Rest && self.bucket_is_small(page)? {
            let (sql, params) = page.by_bucket_index(BucketIndex::Range);
            return read(sql, params);
        }
        let stages = bucket_stages(page.queue, page.bucket);
        if let [stage] = stages.as_slice() {
            let (driver, _) = self.driving_field(stage, page.filter)?;
            let (sql, params) = page.by_driver(driver, stage);
            return read(sql, params);
        }
        // Several stages: merge their keys in key order, then read only the page's rows.
        let mut keys: Vec<(i64, f64)> = Vec::new();
        for stage in &stages {
            let (driver, _) = self.driving_field(stage, page.filter)?;
            let (sql, params) = page.keys_by_driver(driver, stage);
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(params_from_iter(params), |r| Ok((r.get(0)?, r.get(1)?)))?;
            for row in rows {
                keys.push(row?);
            }
        }
        keys.sort_by(|a, b| {
            let ord = b.1.total_cmp(&a.1).then(b.0.cmp(&a.0));
            if page.dir == Direction::Forward {
                ord
            } else {
                ord.reverse()
            }
        });
        keys.truncate(page.limit);
        let ids: Vec<i64> = keys.iter().map(|k| k.0).collect();
        let (order, _) = page.order("prio", "id");
        read(
            format!(
                "SELECT {SUMMARY_COLUMNS} FROM leads
                 WHERE id IN (SELECT value FROM json_each(?1)) ORDER BY {order}"
            ),
            vec![SqlValue::Text(
                serde_json::to_string(&ids).unwrap_or_else(|_| "[]".into()),
            )],
        )
    }

    /// Whether a due or re-engage bucket holds few enough leads to filter row by row.
    fn bucket_is_small(&self, page: &Page<'_>) -> Result<bool, StoreError> {
        let (filter, mut params) = bucket_filter(page.queue, page.bucket, page.clock);
        params.push(SqlValue::Integer(SMALL_BUCKET + 1));
        let sql = format!(
            "SELECT count(*) FROM (SELECT 1 FROM leads INDEXED BY {} WHERE {filter} LIMIT ?)",
            BucketIndex::Range.index(page.bucket)
        );
        let n: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row(params_from_iter(params), |r| r.get(0))?;
        Ok(n <= SMALL_BUCKET)
    }

    /// The filter field whose index range in `stage` is smallest, with its size (from the
    /// maintained sizes: a primary-key read each).
    fn driving_field(&self, stage: &str, filter: &Filter) -> Result<(Field, i64), StoreError> {
        let mut best = (Field::Grade, i64::MAX);
        for f in FIELDS {
            let Some(value) = f.value(filter) else {
                continue;
            };
            let n = self.facet_count(f, &value, stage)?;
            if n < best.1 {
                best = (f, n);
            }
        }
        Ok(best)
    }

    /// How many leads of `stage` (not transferred) have `value` in `field`.
    fn facet_count(&self, field: Field, value: &str, stage: &str) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT n FROM facet_counts WHERE field = ?1 AND value = ?2 AND stage = ?3",
            )?
            .query_row([field.facet(), value, stage], |r| r.get(0))
            .optional()?
            .unwrap_or(0))
    }

    /// How many lost leads are due for re-engagement on `today` (the lane's size), from the
    /// maintained per-day counts.
    fn reengage_due_count(&self, today: chrono::NaiveDate) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT coalesce(sum(n), 0) FROM reengage_days WHERE day <= ?1")?
            .query_row([today.format("%Y-%m-%d").to_string()], |r| r.get(0))?)
    }

    /// The maintained filter-field sizes that differ from a recount (for checks).
    pub fn facet_drift(&self) -> Result<u64, StoreError> {
        let n: i64 = self.conn.query_row(
            "WITH counted (field, value, stage, n) AS (
                 SELECT 'group', grp, stage, count(*) FROM lead_groups GROUP BY 1, 2, 3
                 UNION ALL SELECT 'tag', tag, stage, count(*) FROM lead_tags GROUP BY 1, 2, 3
                 UNION ALL SELECT 'grade', grade, stage, count(*) FROM leads
                     WHERE transferred_to IS NULL GROUP BY 1, 2, 3
                 UNION ALL SELECT 'source', source, stage, count(*) FROM leads
                     WHERE transferred_to IS NULL GROUP BY 1, 2, 3)
             SELECT count(*) FROM (
                 SELECT field, value, stage, n FROM counted
                 EXCEPT SELECT field, value, stage, n FROM facet_counts WHERE n <> 0
                 UNION ALL
                 SELECT field, value, stage, n FROM facet_counts WHERE n <> 0
                 EXCEPT SELECT field, value, stage, n FROM counted)",
            [],
            |r| r.get(0),
        )?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Group and tag membership rows whose copied columns (stage, key, due time, re-engage
    /// date, grade, source) differ from their lead's, or whose lead is transferred (for checks:
    /// a filtered page trusts the copies).
    pub fn membership_drift(&self) -> Result<u64, StoreError> {
        let differs: Vec<String> = super::score::MEMBERSHIP_COPIES
            .iter()
            .map(|c| format!("m.{c} IS NOT l.{c}"))
            .collect();
        let mut drift = 0;
        for table in ["lead_groups", "lead_tags"] {
            let n: i64 = self.conn.query_row(
                &format!(
                    "SELECT count(*) FROM {table} m JOIN leads l ON l.id = m.lead_id
                     WHERE {} OR l.transferred_to IS NOT NULL",
                    differs.join(" OR ")
                ),
                [],
                |r| r.get(0),
            )?;
            drift += u64::try_from(n).unwrap_or(0);
        }
        Ok(drift)
    }

    /// The sources and tags present on queued leads (for the filter picker), read by index
    /// skip-scans (one seek per distinct value).
    pub fn filter_values(&self) -> Result<(Vec<String>, Vec<String>), StoreError> {
        let distinct = |sql: &str| -> Result<Vec<String>, StoreError> {
            let mut stmt = self.conn.prepare_cached(sql)?;
            let v = stmt.query_map([], |r| r.get::<_, String>(0))?;
            Ok(v.collect::<Result<_, _>>()?)
        };
        let sources = distinct(
            "WITH RECURSIVE s(v) AS (
                 SELECT (SELECT min(source) FROM leads WHERE transferred_to IS NULL)
                 UNION ALL
                 SELECT (SELECT min(source) FROM leads WHERE transferred_to IS NULL AND source > s.v)
                 FROM s WHERE s.v IS NOT NULL)
             SELECT v FROM s WHERE v IS NOT NULL AND v <> ''",
        )?;
        let tags = distinct(
            "WITH RECURSIVE s(v) AS (
                 SELECT (SELECT min(tag) FROM lead_tags)
                 UNION ALL
                 SELECT (SELECT min(tag) FROM lead_tags WHERE tag > s.v) FROM s WHERE s.v IS NOT NULL)
             SELECT v FROM s WHERE v IS NOT NULL",
        )?;
        Ok((sources, tags))
    }

    /// `EXPLAIN QUERY PLAN` of every filtered page query for `filter` (after `ANALYZE`): each
    /// bucket by the queue's index and by the driving field's index.
    pub fn explain_filter_plans(
        &self,
        clock: Clock,
        filter: &Filter,
    ) -> Result<Vec<(String, String)>, StoreError> {
        self.conn.execute_batch("ANALYZE")?;
        let mut out = Vec::new();
        let mut queues = vec![Queue::Today];
        queues.extend(crate::domain::Stage::ALL.map(Queue::Stage));
        let mut explain = |what: String, sql: String, params: Vec<SqlValue>| {
            let mut stmt = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
            let plan: Vec<String> = stmt
                .query_map(params_from_iter(params), |r| r.get::<_, String>(3))?
                .collect::<Result<_, _>>()?;
            out.push((what, plan.join("; ")));
            Ok::<_, StoreError>(())
        };
        for queue in queues {
            for &bucket in queue.buckets() {
                for keyset in [
                    None,
                    Some(Cursor {
                        bucket,
                        callable: true,
                        prio: 0.0,
                        id: 0,
                    }),
                ] {
                    let page = Page {
                        queue,
                        bucket,
                        clock,
                        filter,
                        keyset,
                        inclusive: false,
                        dir: Direction::Forward,
                        limit: 50,
                    };
                    let k = keyset.is_some();
                    if bucket != Bucket::Rest {
                        let (sql, params) = page.by_bucket_index(BucketIndex::Range);
                        explain(
                            format!("{queue:?} {bucket:?} bucket-index keyset={k}"),
                            sql,
                            params,
                        )?;
                    }
                    if bucket == Bucket::Reengage {
                        let (sql, params) = page.by_bucket_index(BucketIndex::Lane);
                        explain(format!("{queue:?} {bucket:?} lane keyset={k}"), sql, params)?;
                    }
                    for stage in bucket_stages(queue, bucket) {
                        let (driver, _) = self.driving_field(stage, filter)?;
                        let (sql, params) = page.by_driver(driver, stage);
                        explain(
                            format!("{queue:?} {bucket:?} {stage} {driver:?} keyset={k}"),
                            sql,
                            params,
                        )?;
                    }
                }
            }
        }
        Ok(out)
    }
}
