//! Stagnation (SPEC §9): leads stuck in a stage past `sla.<stage>` days (lost: days past
//! `reengage_on`), median age and aging buckets. Every figure comes from the per-day histograms
//! of schema V5 and the per-hour ones of V9 plus one index range inside a single hour, so
//! nothing walks a stage or a dense day of it.

use chrono::NaiveDate;
use rusqlite::params;

use crate::domain::queue::{Bucket, LeadSummary};
use crate::domain::{LeadId, Stage, Ts};

use super::codec::ts;
use super::queue::{SUMMARY_COLUMNS, summary_from_row};
use super::{Store, StoreError};

const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;
const HOURS_PER_DAY: i64 = 24;

/// A stage's entry-hour histogram in [?2, ?3) hours.
pub(super) const STAGE_HOURS: &str = "SELECT hour, n FROM stage_hours
     WHERE stage = ?1 AND hour >= ?2 AND hour < ?3 AND n > 0 ORDER BY hour";

/// Where a page of over-SLA leads continues: the sort key (stage entry time in seconds; for
/// lost leads the re-engage date as days since 1970-01-01) and the lead id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlaCursor {
    /// The sort key of the last row shown.
    pub key: i64,
    /// Its id.
    pub id: LeadId,
}

/// How long leads have been in one stage.
#[derive(Debug, Clone, PartialEq)]
pub struct StageAges {
    /// Leads in the stage (transferred left out).
    pub count: u64,
    /// The median entry time.
    pub median_entered: Option<Ts>,
    /// For each cutoff asked for, how many entered before it.
    pub entered_before: Vec<u64>,
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()
}

/// Days since 1970-01-01 of a date (the lost cursor key).
pub fn date_key(d: NaiveDate) -> i64 {
    (d - epoch()).num_days()
}

fn key_date(k: i64) -> String {
    (epoch() + chrono::Duration::days(k))
        .format("%Y-%m-%d")
        .to_string()
}

/// The lead rows a list shows, read exactly as the queues read them.
fn summary(r: &rusqlite::Row<'_>) -> rusqlite::Result<LeadSummary> {
    summary_from_row(r, Bucket::Rest)
}

impl Store {
    /// The entry-day histogram of a stage: (day since 1970, leads), oldest first.
    fn stage_histogram(&self, stage: Stage) -> Result<Vec<(i64, u64)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT day, n FROM stage_days WHERE stage = ?1 AND n > 0 ORDER BY day",
        )?;
        let rows = stmt.query_map([stage.id()], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                u64::try_from(r.get::<_, i64>(1)?).unwrap_or(0),
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Leads of a stage that entered in [from, to) — a range inside one hour of the index.
    fn entered_between(&self, stage: Stage, from: i64, to: i64) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM leads INDEXED BY leads_stage_age
                 WHERE stage = ?1 AND transferred_to IS NULL
                   AND stage_entered_at >= ?2 AND stage_entered_at < ?3",
            )?
            .query_row(params![stage.id(), from, to], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// The entry-hour histogram of a stage in [from, to) hours: (hour since 1970, leads).
    fn stage_hours(&self, stage: Stage, from: i64, to: i64) -> Result<Vec<(i64, u64)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(STAGE_HOURS)?;
        let rows = stmt.query_map(params![stage.id(), from, to], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                u64::try_from(r.get::<_, i64>(1)?).unwrap_or(0),
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Leads of a stage that entered on the UTC day of `cutoff` before it: whole hours from
    /// the hourly histogram, then a range of the index inside one hour.
    fn entered_in_day_before(&self, stage: Stage, cutoff: i64) -> Result<u64, StoreError> {
        let (day, hour) = (cutoff.div_euclid(DAY), cutoff.div_euclid(HOUR));
        let hours: u64 = self
            .stage_hours(stage, day * HOURS_PER_DAY, hour)?
            .iter()
            .map(|(_, n)| n)
            .sum();
        Ok(hours + self.entered_between(stage, hour * HOUR, cutoff)?)
    }

    /// The `k`-th (0-based) entry time of a stage's leads inside one day: the hour from the
    /// hourly histogram, then an offset inside that hour of the index.
    fn entered_nth_in_day(
        &self,
        stage: Stage,
        day: i64,
        k: u64,
    ) -> Result<Option<i64>, StoreError> {
        let mut before = 0;
        let hours = self.stage_hours(stage, day * HOURS_PER_DAY, (day + 1) * HOURS_PER_DAY)?;
        let Some((hour, _)) = hours.iter().find(|(_, n)| {
            before += n;
            k < before
        }) else {
            return Ok(None);
        };
        let in_hour = hours
            .iter()
            .take_while(|(h, _)| h < hour)
            .map(|(_, n)| n)
            .sum::<u64>();
        let mut stmt = self.conn.prepare_cached(
            "SELECT stage_entered_at FROM leads INDEXED BY leads_stage_age
             WHERE stage = ?1 AND transferred_to IS NULL
               AND stage_entered_at >= ?2 AND stage_entered_at < ?3
             ORDER BY stage_entered_at LIMIT 1 OFFSET ?4",
        )?;
        let mut rows = stmt.query(params![
            stage.id(),
            hour * HOUR,
            (hour + 1) * HOUR,
            i64::try_from(k - in_hour).unwrap_or(i64::MAX)
        ])?;
        Ok(match rows.next()? {
            Some(r) => Some(r.get(0)?),
            None => None,
        })
    }

    /// Count, median entry time and how many entered before each cutoff, for one stage.
    pub fn stage_ages(&self, stage: Stage, cutoffs: &[Ts]) -> Result<StageAges, StoreError> {
        let hist = self.stage_histogram(stage)?;
        let total: u64 = hist.iter().map(|(_, n)| n).sum();
        let mut entered_before = Vec::with_capacity(cutoffs.len());
        for cutoff in cutoffs {
            let c = cutoff.timestamp();
            let day = c.div_euclid(DAY);
            let full: u64 = hist.iter().filter(|(d, _)| *d < day).map(|(_, n)| n).sum();
            let partial = self.entered_in_day_before(stage, c)?;
            entered_before.push(full + partial);
        }
        let median_entered = if total == 0 {
            None
        } else {
            let lo = self.nth_entered(stage, &hist, (total - 1) / 2)?;
            let hi = self.nth_entered(stage, &hist, total / 2)?;
            match (lo, hi) {
                (Some(a), Some(b)) => Some(ts(a + (b - a) / 2)),
                _ => None,
            }
        };
        Ok(StageAges {
            count: total,
            median_entered,
            entered_before,
        })
    }

    fn nth_entered(
        &self,
        stage: Stage,
        hist: &[(i64, u64)],
        k: u64,
    ) -> Result<Option<i64>, StoreError> {
        let mut before = 0;
        for (day, n) in hist {
            if k < before + n {
                return self.entered_nth_in_day(stage, *day, k - before);
            }
            before += n;
        }
        Ok(None)
    }

    /// Lost leads whose re-engage date is before `date` (transferred left out).
    pub fn lost_reengage_before(&self, date: NaiveDate) -> Result<u64, StoreError> {
        let n: Option<i64> = self
            .conn
            .prepare_cached("SELECT sum(n) FROM reengage_days WHERE day < ?1")?
            .query_row([date.format("%Y-%m-%d").to_string()], |r| r.get(0))?;
        Ok(u64::try_from(n.unwrap_or(0)).unwrap_or(0))
    }

    /// Stuck leads per stage (in `Stage::ALL` order): entered more than `sla_days` days before
    /// `now`; lost leads more than `sla_days` days past `reengage_on` as of the rep's `today`.
    pub fn stage_stuck_counts(
        &self,
        now: Ts,
        today: NaiveDate,
        sla_days: [u32; 5],
    ) -> Result<[u64; 5], StoreError> {
        let mut out = [0; 5];
        for stage in Stage::ALL {
            let days = sla_days[stage.index()];
            out[stage.index()] = if stage == Stage::Lost {
                self.lost_reengage_before(today - chrono::Duration::days(i64::from(days)))?
            } else {
                let cutoff = now - chrono::Duration::days(i64::from(days));
                let c = cutoff.timestamp();
                let day = c.div_euclid(DAY);
                let full: Option<i64> = self
                    .conn
                    .prepare_cached("SELECT sum(n) FROM stage_days WHERE stage = ?1 AND day < ?2")?
                    .query_row(params![stage.id(), day], |r| r.get(0))?;
                u64::try_from(full.unwrap_or(0)).unwrap_or(0)
                    + self.entered_in_day_before(stage, c)?
            };
        }
        Ok(out)
    }

    /// A page of a stage's leads over SLA, oldest first, after `after` (keyset on the stage
    /// index): for lost, leads whose re-engage date is before `lost_before`; otherwise leads
    /// that entered before `cutoff`.
    pub fn over_sla_page(
        &self,
        stage: Stage,
        cutoff: Ts,
        lost_before: NaiveDate,
        after: Option<SlaCursor>,
        limit: usize,
    ) -> Result<Vec<(SlaCursor, LeadSummary)>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let (k, id) = after.map_or((i64::MIN, i64::MIN), |c| (c.key, c.id));
        if stage == Stage::Lost {
            let sql = format!(
                "SELECT {SUMMARY_COLUMNS}, reengage_on FROM leads INDEXED BY leads_reengage
                 WHERE stage = 'lost' AND transferred_to IS NULL AND reengage_on IS NOT NULL
                   AND reengage_on < ?1 AND (reengage_on, id) > (?2, ?3)
                 ORDER BY reengage_on, id LIMIT ?4"
            );
            let start = if after.is_some() {
                key_date(k)
            } else {
                String::new()
            };
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(
                params![lost_before.format("%Y-%m-%d").to_string(), start, id, limit],
                |r| {
                    let s = summary(r)?;
                    // reengage_on follows the summary columns.
                    let d: String = r.get(18)?;
                    let key = NaiveDate::parse_from_str(&d, "%Y-%m-%d").map_or(0, date_key);
                    Ok((SlaCursor { key, id: s.id }, s))
                },
            )?;
            return Ok(rows.collect::<Result<_, _>>()?);
        }
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM leads INDEXED BY leads_stage_age
             WHERE stage = ?1 AND transferred_to IS NULL AND stage_entered_at < ?2
               AND (stage_entered_at, id) > (?3, ?4)
             ORDER BY stage_entered_at, id LIMIT ?5"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![stage.id(), cutoff.timestamp(), k, id, limit], |r| {
            let s = summary(r)?;
            Ok((
                SlaCursor {
                    key: s.stage_entered_at.timestamp(),
                    id: s.id,
                },
                s,
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The hand-over time of the oldest untouched new lead (transferred left out).
    pub fn oldest_new_handover(&self) -> Result<Option<Ts>, StoreError> {
        let t: Option<i64> = self
            .conn
            .prepare_cached(
                "SELECT min(handover_at) FROM leads INDEXED BY leads_stage_age
                 WHERE stage = 'new' AND transferred_to IS NULL",
            )?
            .query_row([], |r| r.get(0))?;
        Ok(t.map(ts))
    }
}
