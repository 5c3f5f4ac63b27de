//! Filtered queue pages (group, grade, source, tag — combinable), by keyset like the plain
//! queue pages and served by indexes in key order: the due buckets are small ranges of the due
//! index; the rest is a range scan of one filter's index — the most selective of the filter's
//! fields, estimated by counting a bounded prefix of each — with the other fields checked per
//! row (grade and source on the row, group and tag by primary-key lookups).

use rusqlite::params_from_iter;
use rusqlite::types::Value as SqlValue;

use crate::domain::filter::Filter;
use crate::domain::queue::{Bucket, Clock, Cursor, Direction, LeadSummary, Queue};

use super::queue::{SUMMARY_COLUMNS, bucket_filter, summary_from_row};
use super::{Store, StoreError};

/// Index entries counted per field to pick the one that drives the scan.
const ESTIMATE: i64 = 2_000;

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

    /// The condition on a lead row aliased `t`.
    fn check(self, t: &str) -> String {
        match self {
            Field::Group => format!(
                "EXISTS (SELECT 1 FROM lead_groups m WHERE m.lead_id = {t}.id AND m.grp = ?)"
            ),
            Field::Tag => {
                format!("EXISTS (SELECT 1 FROM lead_tags m WHERE m.lead_id = {t}.id AND m.tag = ?)")
            }
            Field::Grade => format!("{t}.grade = ?"),
            Field::Source => format!("{t}.source = ?"),
        }
    }

    /// The index range a scan driven by this field reads (its size picks the driver).
    fn estimate(self) -> &'static str {
        match self {
            Field::Group => {
                "lead_groups INDEXED BY lead_groups_queue WHERE grp = ?1 AND stage = ?2"
            }
            Field::Tag => "lead_tags INDEXED BY lead_tags_queue WHERE tag = ?1 AND stage = ?2",
            Field::Grade => {
                "leads INDEXED BY leads_grade_queue WHERE grade = ?1 AND stage = ?2 AND transferred_to IS NULL"
            }
            Field::Source => {
                "leads INDEXED BY leads_source_queue WHERE source = ?1 AND stage = ?2 AND transferred_to IS NULL"
            }
        }
    }

    /// `(FROM clause, key condition, prio column, id column)` of a scan driven by this field.
    fn driver(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            Field::Group => (
                "lead_groups AS d INDEXED BY lead_groups_queue CROSS JOIN leads AS l ON l.id = d.lead_id",
                "d.grp = ? AND d.stage = ?",
                "d.prio",
                "d.lead_id",
            ),
            Field::Tag => (
                "lead_tags AS d INDEXED BY lead_tags_queue CROSS JOIN leads AS l ON l.id = d.lead_id",
                "d.tag = ? AND d.stage = ?",
                "d.prio",
                "d.lead_id",
            ),
            Field::Grade => (
                "leads AS l INDEXED BY leads_grade_queue",
                "l.grade = ? AND l.stage = ?",
                "l.prio",
                "l.id",
            ),
            Field::Source => (
                "leads AS l INDEXED BY leads_source_queue",
                "l.source = ? AND l.stage = ?",
                "l.prio",
                "l.id",
            ),
        }
    }
}

const FIELDS: [Field; 4] = [Field::Group, Field::Tag, Field::Grade, Field::Source];

fn prefixed_columns() -> String {
    SUMMARY_COLUMNS
        .split(',')
        .map(|c| format!("l.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The stage a queue's rest bucket reads.
fn rest_stage(queue: Queue) -> &'static str {
    match queue {
        Queue::Today => "new",
        Queue::Stage(s) => s.id(),
    }
}

struct Page<'a> {
    queue: Queue,
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

    fn keyset(&self, prio: &str, id: &str, cmp: &str, params: &mut Vec<SqlValue>) -> String {
        match self.keyset {
            Some(c) => {
                params.push(SqlValue::Real(c.prio));
                params.push(SqlValue::Integer(c.id));
                format!(" AND ({prio}, {id}) {cmp} (?, ?)")
            }
            None => String::new(),
        }
    }

    fn checks(&self, except: Option<Field>, t: &str, params: &mut Vec<SqlValue>) -> String {
        let mut sql = String::new();
        for f in FIELDS {
            if Some(f) == except {
                continue;
            }
            if let Some(v) = f.value(self.filter) {
                sql.push_str(" AND ");
                sql.push_str(&f.check(t));
                params.push(SqlValue::Text(v));
            }
        }
        sql
    }

    /// A due bucket: a range of the due index, filtered per row.
    fn due_sql(&self, bucket: Bucket) -> (String, Vec<SqlValue>) {
        let (filter, mut params) = bucket_filter(self.queue, bucket, self.clock);
        let checks = self.checks(None, "leads", &mut params);
        let (order, cmp) = self.order("prio", "id");
        let keyset = self.keyset("prio", "id", cmp, &mut params);
        params.push(SqlValue::Integer(self.limit as i64));
        (
            format!(
                "SELECT {SUMMARY_COLUMNS} FROM leads WHERE id IN (
                     SELECT id FROM leads INDEXED BY leads_due
                     WHERE {filter}{checks}{keyset} ORDER BY {order} LIMIT ?)
                 ORDER BY {order}"
            ),
            params,
        )
    }

    /// The rest bucket: a range scan of the driving field's index in key order.
    fn rest_sql(&self, driver: Field) -> (String, Vec<SqlValue>) {
        let (from, key, prio, id) = driver.driver();
        let mut params = vec![
            SqlValue::Text(driver.value(self.filter).unwrap_or_default()),
            SqlValue::Text(rest_stage(self.queue).to_owned()),
        ];
        let (order, cmp) = self.order(prio, id);
        let keyset = self.keyset(prio, id, cmp, &mut params);
        params.push(SqlValue::Integer(self.clock.end_of_today.timestamp()));
        let checks = self.checks(Some(driver), "l", &mut params);
        params.push(SqlValue::Integer(self.limit as i64));
        (
            format!(
                "SELECT {} FROM {from}
                 WHERE {key}{keyset} AND l.transferred_to IS NULL
                   AND (l.due_at IS NULL OR l.due_at >= ?){checks}
                 ORDER BY {order} LIMIT ?",
                prefixed_columns()
            ),
            params,
        )
    }
}

impl Store {
    /// Like [`Store::queue_page`], restricted to the leads that pass `filter`.
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
        let driver = self.driving_field(queue, filter)?;
        let mut out = Vec::with_capacity(limit);
        let buckets: Vec<Bucket> = match dir {
            Direction::Forward => Bucket::ALL.to_vec(),
            Direction::Backward => Bucket::ALL.iter().rev().copied().collect(),
        };
        for bucket in buckets {
            if out.len() >= limit {
                break;
            }
            let keyset = match from {
                Some(c) if c.bucket == bucket => Some(c),
                Some(c) if dir == Direction::Forward && bucket < c.bucket => continue,
                Some(c) if dir == Direction::Backward && bucket > c.bucket => continue,
                _ => None,
            };
            let page = Page {
                queue,
                clock,
                filter,
                keyset,
                inclusive,
                dir,
                limit: limit - out.len(),
            };
            let (sql, params) = if bucket == Bucket::Rest {
                page.rest_sql(driver)
            } else {
                page.due_sql(bucket)
            };
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(params_from_iter(params), |r| summary_from_row(r, bucket))?;
            for row in rows {
                out.push(row?);
            }
        }
        if dir == Direction::Backward {
            out.reverse();
        }
        Ok(out)
    }

    /// The filter field whose index range (in the queue's rest stage) is smallest.
    fn driving_field(&self, queue: Queue, filter: &Filter) -> Result<Field, StoreError> {
        let present: Vec<Field> = FIELDS
            .into_iter()
            .filter(|f| f.value(filter).is_some())
            .collect();
        let (Some(&first), true) = (present.first(), present.len() > 1) else {
            return Ok(present.first().copied().unwrap_or(Field::Grade));
        };
        let stage = rest_stage(queue);
        let mut best = (i64::MAX, first);
        for f in present {
            let sql = format!(
                "SELECT count(*) FROM (SELECT 1 FROM {} LIMIT ?3)",
                f.estimate()
            );
            let n: i64 = self.conn.prepare_cached(&sql)?.query_row(
                rusqlite::params![f.value(filter).unwrap_or_default(), stage, ESTIMATE],
                |r| r.get(0),
            )?;
            if n < best.0 {
                best = (n, f);
            }
        }
        Ok(best.1)
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

    /// `EXPLAIN QUERY PLAN` of every filtered page query for `filter` (after `ANALYZE`).
    pub fn explain_filter_plans(
        &self,
        clock: Clock,
        filter: &Filter,
    ) -> Result<Vec<(String, String)>, StoreError> {
        self.conn.execute_batch("ANALYZE")?;
        let mut out = Vec::new();
        let mut queues = vec![Queue::Today];
        queues.extend(crate::domain::Stage::ALL.map(Queue::Stage));
        for queue in queues {
            let driver = self.driving_field(queue, filter)?;
            for bucket in Bucket::ALL {
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
                        clock,
                        filter,
                        keyset,
                        inclusive: false,
                        dir: Direction::Forward,
                        limit: 50,
                    };
                    let (sql, params) = if bucket == Bucket::Rest {
                        page.rest_sql(driver)
                    } else {
                        page.due_sql(bucket)
                    };
                    let mut stmt = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
                    let plan: Vec<String> = stmt
                        .query_map(params_from_iter(params), |r| r.get::<_, String>(3))?
                        .collect::<Result<_, _>>()?;
                    out.push((
                        format!(
                            "{queue:?} {bucket:?} {driver:?} keyset={}",
                            keyset.is_some()
                        ),
                        plan.join("; "),
                    ));
                }
            }
        }
        Ok(out)
    }
}
