//! KPI queries (SPEC Appendix D) over the maintained aggregates of schema V5 and the 15-minute
//! `activity_rollup`: no query here walks the journal of a period.

use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

use crate::domain::{LeadId, Stage, Ts};

use super::codec::ts;
use super::levels;
use super::{Store, StoreError};

/// The meta key of the calling window the stored speed-to-lead minutes were computed in.
pub(super) const TOUCH_WINDOW_KEY: &str = "kpi.stl_window";

/// Stores window minutes of first touches on `conn` (inside the caller's transaction).
pub(super) fn write_touch_minutes(
    conn: &rusqlite::Connection,
    minutes: &[(LeadId, i64)],
) -> Result<(), StoreError> {
    let mut stmt =
        conn.prepare_cached("UPDATE lead_kpi SET stl_minutes = ?2 WHERE lead_id = ?1")?;
    for (id, m) in minutes {
        stmt.execute(params![id, m])?;
    }
    Ok(())
}

/// Seconds in a rollup slot.
const SLOT: i64 = 900;
/// Rollup slots in an hour.
const SLOTS_PER_HOUR: i64 = 4;
/// Seconds in an hour.
const HOUR: i64 = 3600;
/// Hours in a day.
const HOURS_PER_DAY: i64 = 24;

/// Journal counts of one period, done by this rep and not undone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ActivityCounts {
    /// Calls made.
    pub dials: u64,
    /// Calls with a conversation outcome plus inbound calls.
    pub conversations: u64,
    /// Outbound calls with a conversation outcome.
    pub connects: u64,
    /// Meetings booked.
    pub meetings: u64,
    /// Escalations.
    pub handoffs: u64,
    /// Mails handed to the transport.
    pub mails: u64,
    /// Replies received.
    pub replies: u64,
    /// Lost → engaged moves.
    pub reengaged: u64,
    /// Feedback: accepted.
    pub accepted: u64,
    /// Feedback: rejected.
    pub rejected: u64,
    /// Conversations with leads that were lost at the time.
    pub lost_conversations: u64,
}

impl ActivityCounts {
    fn add_rollup(&mut self, kind: &str, outcome: &str, n: u64) {
        let conversation = matches!(
            outcome,
            "connected" | "callback" | "meeting" | "not_interested" | "do_not_call"
        );
        match kind {
            "call" => {
                self.dials += n;
                if conversation {
                    self.conversations += n;
                    self.connects += n;
                }
            }
            "inbound" => self.conversations += n,
            "meeting" if outcome == "booked" => self.meetings += n,
            "escalation" => self.handoffs += n,
            "mail" => self.mails += n,
            "reply" => self.replies += n,
            _ => {}
        }
    }

    fn add_metric(&mut self, metric: &str, n: u64) {
        match metric {
            "reengaged" => self.reengaged += n,
            "accepted" => self.accepted += n,
            "rejected" => self.rejected += n,
            "lost_conversation" => self.lost_conversations += n,
            _ => {}
        }
    }
}

/// Dials and connects in one 15-minute slot for leads of one time zone ("" = the rep's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallSlot {
    /// Slot start.
    pub at: Ts,
    /// The leads' IANA zone, empty when the lead had none.
    pub tz: String,
    /// Calls made.
    pub dials: u64,
    /// Calls with a conversation outcome.
    pub connects: u64,
}

/// A first touch whose minutes inside the calling window are not computed yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingTouch {
    /// The lead.
    pub lead_id: LeadId,
    /// When it reached the rep.
    pub handover_at: Ts,
    /// Its zone, if it has one.
    pub tz: Option<String>,
    /// The first rep-initiated touch.
    pub touch_at: Ts,
}

/// Open leads by score and whether they have a next action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScoreCount {
    /// The score.
    pub score: i64,
    /// With a next action.
    pub has_next: bool,
    /// How many leads.
    pub n: u64,
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// Adds a rollup row (`slot`, kind, outcome, n) to the day holding its slot; the strings are
/// read in place, never copied.
fn add_rollup_row(
    out: &mut [ActivityCounts],
    slots: &[i64],
    slot: i64,
    r: &rusqlite::Row<'_>,
) -> Result<(), StoreError> {
    if let Some(c) = levels::period_of(slots, slot).and_then(|d| out.get_mut(d)) {
        let kind = r.get_ref(1)?.as_str().unwrap_or_default();
        let outcome = r.get_ref(2)?.as_str().unwrap_or_default();
        c.add_rollup(kind, outcome, count(r.get(3)?));
    }
    Ok(())
}

impl Store {
    /// Journal counts in [start, end) (slot-aligned: local midnights always are).
    pub fn activity_counts(&self, start: Ts, end: Ts) -> Result<ActivityCounts, StoreError> {
        let counts = self.daily_activity_counts(&[start, end])?;
        Ok(counts.first().copied().unwrap_or_default())
    }

    /// Journal counts per day for consecutive days given by their bounds (`bounds[i]` ..
    /// `bounds[i + 1]`): whole hours from the hourly rollups, the 15-minute slots (and the KPI
    /// facts' seconds) only where a bound cuts an hour.
    pub fn daily_activity_counts(&self, bounds: &[Ts]) -> Result<Vec<ActivityCounts>, StoreError> {
        let mut out = vec![ActivityCounts::default(); bounds.len().saturating_sub(1)];
        if out.is_empty() {
            return Ok(out);
        }
        let slots: Vec<i64> = bounds.iter().map(|b| b.timestamp() / SLOT).collect();
        let cover = levels::cover(&slots, SLOTS_PER_HOUR);
        let mut hours = self.conn.prepare_cached(ROLLUP_HOURS)?;
        let mut rows = hours.query(params![cover.coarse.0, cover.coarse.1])?;
        while let Some(r) = rows.next()? {
            let slot: i64 = r.get(0)?;
            if !cover.cut.contains(&(slot / SLOTS_PER_HOUR)) {
                add_rollup_row(&mut out, &slots, slot, r)?;
            }
        }
        let mut edges = self.conn.prepare_cached(ROLLUP_SLOTS)?;
        for (lo, hi) in &cover.fine {
            let mut rows = edges.query(params![lo, hi])?;
            while let Some(r) = rows.next()? {
                add_rollup_row(&mut out, &slots, r.get(0)?, r)?;
            }
        }
        self.add_kpi_facts(&mut out, bounds)?;
        Ok(out)
    }

    /// The per-row KPI facts of the days: whole hours from `activity_kpi_hour`, rows where a
    /// bound cuts an hour.
    fn add_kpi_facts(&self, out: &mut [ActivityCounts], bounds: &[Ts]) -> Result<(), StoreError> {
        let secs: Vec<i64> = bounds.iter().map(Ts::timestamp).collect();
        let cover = levels::cover(&secs, HOUR);
        let mut hours = self.conn.prepare_cached(KPI_HOURS)?;
        let mut edges = self.conn.prepare_cached(KPI_ROWS)?;
        for metric in ["reengaged", "accepted", "rejected", "lost_conversation"] {
            let mut rows = hours.query(params![metric, cover.coarse.0, cover.coarse.1])?;
            while let Some(r) = rows.next()? {
                let hour: i64 = r.get(0)?;
                if cover.cut.contains(&hour) {
                    continue;
                }
                if let Some(c) = levels::period_of(&secs, hour * HOUR).and_then(|d| out.get_mut(d))
                {
                    c.add_metric(metric, count(r.get(1)?));
                }
            }
            for (lo, hi) in &cover.fine {
                let mut rows = edges.query(params![metric, lo, hi])?;
                while let Some(r) = rows.next()? {
                    if let Some(c) =
                        levels::period_of(&secs, r.get(0)?).and_then(|d| out.get_mut(d))
                    {
                        c.add_metric(metric, 1);
                    }
                }
            }
        }
        Ok(())
    }

    /// Meetings booked in [start, end) with leads re-engaged from lost since `reengaged_since`.
    pub fn meetings_from_lost(
        &self,
        start: Ts,
        end: Ts,
        reengaged_since: Ts,
    ) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM activity_kpi INDEXED BY activity_kpi_metric
                 WHERE metric = 'meeting_from_lost' AND active = 1 AND at >= ?1 AND at < ?2
                   AND aux >= ?3",
            )?
            .query_row(
                params![
                    start.timestamp(),
                    end.timestamp(),
                    reengaged_since.timestamp()
                ],
                |r| r.get(0),
            )?;
        Ok(count(n))
    }

    /// Distinct leads dialled in [start, end): leads whose last dial falls in the period, plus
    /// leads dialled again since whose journal has a dial in it (none for a current period).
    pub fn dialled_leads(&self, start: Ts, end: Ts) -> Result<u64, StoreError> {
        let (s, e) = (start.timestamp(), end.timestamp());
        let inside: i64 = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM lead_kpi WHERE last_dial_at >= ?1 AND last_dial_at < ?2",
            )?
            .query_row(params![s, e], |r| r.get(0))?;
        let later: i64 = self
            .conn
            .prepare_cached(DIALLED_AGAIN)?
            .query_row(params![s, e], |r| r.get(0))?;
        Ok(count(inside) + count(later))
    }

    /// Leads that arrived (were handed over) in [start, end).
    pub fn arrived_leads(&self, start: Ts, end: Ts) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM leads WHERE handover_at >= ?1 AND handover_at < ?2",
            )?
            .query_row(params![start.timestamp(), end.timestamp()], |r| r.get(0))?;
        Ok(count(n))
    }

    /// Dials and connects per slot and lead zone in [start, end).
    pub fn call_slots(&self, start: Ts, end: Ts) -> Result<Vec<CallSlot>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT slot, tz, dials, connects FROM call_hour_rollup
             WHERE slot >= ?1 AND slot < ?2 AND dials > 0",
        )?;
        let rows = stmt.query_map(
            params![start.timestamp() / SLOT, end.timestamp() / SLOT],
            |r| {
                Ok(CallSlot {
                    at: ts(r.get::<_, i64>(0)? * SLOT),
                    tz: r.get(1)?,
                    dials: count(r.get(2)?),
                    connects: count(r.get(3)?),
                })
            },
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// First touches of leads handed over in [start, end) whose window minutes are missing, in
    /// (hand-over, lead) order after `after`, at most `limit` (a new million-lead file has them
    /// all missing: the caller works through them a page at a time).
    pub fn pending_touches(
        &self,
        start: Ts,
        end: Ts,
        after: Option<(Ts, LeadId)>,
        limit: usize,
    ) -> Result<Vec<PendingTouch>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT lead_id, handover_at, tz, first_touch_at FROM lead_kpi INDEXED BY lead_kpi_stl_todo
             WHERE first_touch_at IS NOT NULL AND stl_minutes IS NULL
               AND handover_at >= ?1 AND handover_at < ?2
               AND (handover_at, lead_id) > (?3, ?4)
             ORDER BY handover_at, lead_id
             LIMIT ?5",
        )?;
        let (after_at, after_id) =
            after.map_or((i64::MIN, LeadId::MIN), |(t, id)| (t.timestamp(), id));
        let rows = stmt.query_map(
            params![
                start.timestamp(),
                end.timestamp(),
                after_at,
                after_id,
                i64::try_from(limit).unwrap_or(i64::MAX)
            ],
            |r| {
                Ok(PendingTouch {
                    lead_id: r.get(0)?,
                    handover_at: ts(r.get(1)?),
                    tz: r.get(2)?,
                    touch_at: ts(r.get(3)?),
                })
            },
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Stores computed window minutes of first touches (one transaction).
    pub fn save_touch_minutes(&self, minutes: &[(LeadId, i64)]) -> Result<(), StoreError> {
        if minutes.is_empty() {
            return Ok(());
        }
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        write_touch_minutes(&tx, minutes)?;
        tx.commit()?;
        Ok(())
    }

    /// Clears every stored window minute when the calling window changed (`fingerprint`
    /// differs from the one they were computed with).
    pub fn check_touch_window(&self, fingerprint: &str) -> Result<(), StoreError> {
        const KEY: &str = TOUCH_WINDOW_KEY;
        if self.meta(KEY)?.as_deref() == Some(fingerprint) {
            return Ok(());
        }
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE lead_kpi SET stl_minutes = NULL WHERE stl_minutes IS NOT NULL",
            [],
        )?;
        super::meta::write_meta(&tx, KEY, fingerprint)?;
        tx.commit()?;
        Ok(())
    }

    /// Stored window minutes to the first touch of leads handed over in [start, end), as
    /// (minutes, leads) sorted by minutes: whole UTC days and hours from the maintained
    /// histograms, stored minutes only where a bound cuts an hour.
    pub fn touch_minute_counts(&self, start: Ts, end: Ts) -> Result<Vec<(i64, u64)>, StoreError> {
        let mut hist = std::collections::BTreeMap::<i64, u64>::new();
        let secs = levels::cover(&[start.timestamp(), end.timestamp()], HOUR);
        let hours = levels::cover(&[secs.coarse.0, secs.coarse.1], HOURS_PER_DAY);
        let mut add = |sql: &str, lo: i64, hi: i64| -> Result<(), StoreError> {
            let mut stmt = self.conn.prepare_cached(sql)?;
            let mut rows = stmt.query(params![lo, hi])?;
            while let Some(r) = rows.next()? {
                *hist.entry(r.get(0)?).or_default() += count(r.get(1)?);
            }
            Ok(())
        };
        if hours.coarse.0 < hours.coarse.1 {
            add(STL_DAYS, hours.coarse.0, hours.coarse.1)?;
        }
        for (lo, hi) in &hours.fine {
            add(STL_HOURS, *lo, *hi)?;
        }
        for (lo, hi) in &secs.fine {
            add(STORED_MINUTES, *lo, *hi)?;
        }
        Ok(hist.into_iter().filter(|(_, n)| *n > 0).collect())
    }

    /// Stored window minutes to the first touch of leads handed over in [start, end), one
    /// value per lead (the recount the histograms are checked against).
    pub fn touch_minutes(&self, start: Ts, end: Ts) -> Result<Vec<i64>, StoreError> {
        let mut stmt = self.conn.prepare_cached(STORED_MINUTES)?;
        let rows = stmt.query_map(params![start.timestamp(), end.timestamp()], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Leads of open stages by score and next action (transferred leads left out).
    pub fn open_scores(&self) -> Result<Vec<ScoreCount>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT score, has_next, sum(n) FROM stage_scores
             WHERE stage IN ('new', 'unreached', 'engaged') GROUP BY score, has_next",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ScoreCount {
                score: r.get(0)?,
                has_next: r.get(1)?,
                n: count(r.get(2)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Leads that left `stage` in [start, end) (stage moves by this rep, from the rollup).
    pub fn stage_outflow(&self, stage: Stage, start: Ts, end: Ts) -> Result<u64, StoreError> {
        let n: Option<i64> = self
            .conn
            .prepare_cached(
                "SELECT sum(n) FROM stage_flow_rollup
                 WHERE from_stage = ?3 AND slot >= ?1 AND slot < ?2",
            )?
            .query_row(
                params![start.timestamp() / SLOT, end.timestamp() / SLOT, stage.id()],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        Ok(count(n.unwrap_or(0)))
    }
}

/// Whole hours of the 15-minute rollup, as (first slot, kind, outcome, n).
pub(super) const ROLLUP_HOURS: &str = "SELECT hour * 4, kind, outcome, n FROM activity_rollup_hour
     WHERE hour >= ?1 AND hour < ?2";
/// Slots of the 15-minute rollup, where a bound cuts an hour.
pub(super) const ROLLUP_SLOTS: &str =
    "SELECT slot, kind, outcome, n FROM activity_rollup WHERE slot >= ?1 AND slot < ?2";
/// Whole hours of one KPI fact.
pub(super) const KPI_HOURS: &str =
    "SELECT hour, n FROM activity_kpi_hour WHERE metric = ?1 AND hour >= ?2 AND hour < ?3";
/// One KPI fact's rows, where a bound cuts an hour.
pub(super) const KPI_ROWS: &str = "SELECT at FROM activity_kpi INDEXED BY activity_kpi_metric
     WHERE metric = ?1 AND active = 1 AND at >= ?2 AND at < ?3";
/// Speed-to-lead minutes of whole hand-over days.
pub(super) const STL_DAYS: &str = "SELECT minutes, n FROM stl_days WHERE day >= ?1 AND day < ?2";
/// Speed-to-lead minutes of whole hand-over hours.
pub(super) const STL_HOURS: &str =
    "SELECT minutes, n FROM stl_hours WHERE hour >= ?1 AND hour < ?2";
/// Stored minutes of leads handed over in [?1, ?2), with a constant count of one each so the
/// same reader takes them and the histograms' rows.
pub(super) const STORED_MINUTES: &str =
    "SELECT stl_minutes, 1 FROM lead_kpi INDEXED BY lead_kpi_stl
     WHERE first_touch_at IS NOT NULL AND handover_at >= ?1 AND handover_at < ?2
       AND stl_minutes IS NOT NULL";

/// Leads dialled in a period and again after it (see [`Store::dialled_leads`]): one seek of
/// the lead's journal each, never a walk of the period's calls per lead.
pub(super) const DIALLED_AGAIN: &str =
    "SELECT count(*) FROM lead_kpi AS k WHERE k.last_dial_at >= ?2 AND EXISTS (
     SELECT 1 FROM activities AS a WHERE a.lead_id = k.lead_id AND a.at >= ?1
       AND a.at < ?2 AND +a.kind = 'call' AND a.undone = 0 AND a.by_other = 0)";
