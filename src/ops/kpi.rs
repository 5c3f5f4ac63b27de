//! KPIs, stagnation and the Dashboard's figures (SPEC §4, §9, Appendix D), from the store's
//! maintained aggregates and the pure arithmetic of `domain::kpi`.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate, Timelike};

use crate::config::{Config, Role, is_target_kpi};
use crate::domain::calling::is_in_japan;
use crate::domain::kpi::{
    AGING_BUCKETS, KPI_IDS, KpiValue, Period, PeriodKind, median_of_counts, rate, scaled_target,
};
use crate::domain::queue::LeadSummary;
use crate::domain::role::headline_kpis;
use crate::domain::{Stage, Ts};
use crate::store::{SlaCursor, Store, TouchMinutes};

use super::OpsError;

pub use super::dashboard::{DashboardData, KpiGauge, KpiPanel, PileUp, Sparkline, dashboard};

/// Days before the period in which a re-engagement still makes a meeting "from lost".
const FROM_LOST_DAYS: i64 = 90;

/// One stage's count, stuck leads, median age and aging buckets.
#[derive(Debug, Clone, PartialEq)]
pub struct StageSummary {
    /// The stage.
    pub stage: Stage,
    /// Leads in it (transferred left out).
    pub count: u64,
    /// Leads over `sla.<stage>`.
    pub over_sla: u64,
    /// Median days in the stage.
    pub median_age_days: Option<f64>,
    /// Leads per bucket of [`AGING_BUCKETS`].
    pub aging: [u64; 6],
}

/// A full KPI report for a period (`leadbench report`).
#[derive(Debug, Clone, PartialEq)]
pub struct KpiReport {
    /// The period.
    pub period: Period,
    /// The rep's role.
    pub role: Role,
    /// The role's headline KPI ids.
    pub headline: Vec<&'static str>,
    /// Every KPI of Appendix D, in its order.
    pub kpis: Vec<(&'static str, KpiValue)>,
    /// Targets for the period, by KPI id.
    pub targets: BTreeMap<String, f64>,
    /// Working days in the period.
    pub working_days: u32,
    /// Per stage, in `Stage::ALL` order.
    pub stages: Vec<StageSummary>,
}

impl KpiReport {
    /// A KPI's value.
    pub fn value(&self, id: &str) -> Option<&KpiValue> {
        self.kpis.iter().find(|(k, _)| *k == id).map(|(_, v)| v)
    }
}

/// The SLA days per stage in `Stage::ALL` order.
pub fn sla_days(config: &Config) -> [u32; 5] {
    Stage::ALL.map(|s| config.sla.days(s))
}

/// The period of `kind` around `now` in the rep's calendar.
pub fn period(config: &Config, kind: PeriodKind, now: Ts) -> Period {
    Period::around(kind, now, config.rep.timezone, config.rules.week_start)
}

/// Working days of a period in the rep's calendar.
pub fn working_days(config: &Config, period: &Period) -> u32 {
    period.working_days(
        &config.calling.window(),
        is_in_japan(config.rep.timezone.name()),
    )
}

/// Targets for a period: per working day scaled for counts, rates as they are.
pub fn targets(config: &Config, period: &Period) -> BTreeMap<String, f64> {
    let days = working_days(config, period);
    config
        .targets
        .for_role(config.rep.role)
        .into_iter()
        .filter(|(k, _)| is_target_kpi(k))
        .map(|(k, v)| (k.to_owned(), scaled_target(k, v, days)))
        .collect()
}

/// The report of `leadbench report`.
pub fn report(
    store: &Store,
    config: &Config,
    period: Period,
    now: Ts,
) -> Result<KpiReport, OpsError> {
    Ok(KpiReport {
        period,
        role: config.rep.role,
        headline: headline_kpis(config.rep.role.id()).to_vec(),
        kpis: kpis(store, config, &period, &KPI_IDS)?,
        targets: targets(config, &period),
        working_days: working_days(config, &period),
        stages: stage_summaries(store, config, now)?,
    })
}

/// The KPIs named in `ids` (any of Appendix D) for a period, in the order asked.
pub fn kpis(
    store: &Store,
    config: &Config,
    period: &Period,
    ids: &[&'static str],
) -> Result<Vec<(&'static str, KpiValue)>, OpsError> {
    let wants = |any: &[&str]| any.iter().any(|k| ids.contains(k));
    let (start, end) = (period.start, period.end);
    let c = store.activity_counts(start, end)?;
    let dialled = if wants(&["attempts_per_lead"]) {
        store.dialled_leads(start, end)?
    } else {
        0
    };
    let touches = if wants(&["speed_to_lead_median_minutes", "speed_to_lead_within_sla"]) {
        touch_minutes(store, config, start, end)?
    } else {
        Vec::new()
    };
    let sla = i64::from(config.sla.speed_to_lead_minutes);
    let within: u64 = touches
        .iter()
        .filter(|(m, _)| *m <= sla)
        .map(|(_, n)| n)
        .sum();
    let touched: u64 = touches.iter().map(|(_, n)| n).sum();
    let snapshot = if wants(&["next_action_share", "grade_mix", "share_ab"]) {
        Some(snapshot(store, config)?)
    } else {
        None
    };
    let (grades, with_next, open) = snapshot.unwrap_or(([0; 4], 0, 0));
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let v = match *id {
            "dials" => KpiValue::Count(c.dials),
            "conversations" => KpiValue::Count(c.conversations),
            "connect_rate" => KpiValue::Number(rate(c.connects, c.dials)),
            "meetings" => KpiValue::Count(c.meetings),
            "handoffs" => KpiValue::Count(c.handoffs),
            "acceptance_rate" => KpiValue::Number(rate(c.accepted, c.accepted + c.rejected)),
            "mails" => KpiValue::Count(c.mails),
            "replies" => KpiValue::Count(c.replies),
            "reply_rate" => KpiValue::Number(rate(c.replies, c.mails)),
            "speed_to_lead_median_minutes" => KpiValue::Number(median_of_counts(&touches)),
            "speed_to_lead_within_sla" => KpiValue::Number(rate(within, touched)),
            "reengaged" => KpiValue::Count(c.reengaged),
            "attempts_per_lead" => KpiValue::Number(rate(c.dials, dialled)),
            "connect_rate_by_hour" => KpiValue::Hours(by_hour(store, config, start, end)?),
            "graded" => KpiValue::Count(store.arrived_leads(start, end)?),
            "lost_conversations" => KpiValue::Count(c.lost_conversations),
            "meetings_from_lost" => KpiValue::Count(store.meetings_from_lost(
                start,
                end,
                start - Duration::days(FROM_LOST_DAYS),
            )?),
            "next_action_share" => KpiValue::Number(rate(with_next, open)),
            "new_backlog" => KpiValue::Count(store.stage_counts()?[Stage::New.index()]),
            "grade_mix" => KpiValue::Grades(grades),
            "share_ab" => KpiValue::Number(rate(grades[0] + grades[1], open)),
            _ => continue,
        };
        out.push((*id, v));
    }
    Ok(out)
}

/// Open leads per grade, open leads with a next action, open leads.
fn snapshot(store: &Store, config: &Config) -> Result<([u64; 4], u64, u64), OpsError> {
    let mut grades = [0u64; 4];
    let (mut with_next, mut open) = (0, 0);
    for s in store.open_scores()? {
        let g = match config.scoring.grades.grade(s.score) {
            'A' => 0,
            'B' => 1,
            'C' => 2,
            _ => 3,
        };
        grades[g] += s.n;
        open += s.n;
        if s.has_next {
            with_next += s.n;
        }
    }
    Ok((grades, with_next, open))
}

/// Pending first touches computed and stored per transaction: a few megabytes of memory, and
/// few enough transactions that each table page is written back rarely.
const TOUCH_PAGE: usize = 20_000;

/// How speed to lead is counted with `config`: the calling window's fingerprint (stored minutes
/// were computed in it) and the minutes inside it from a lead's hand-over to its first touch.
pub fn touch_window(config: &Config) -> TouchMinutes {
    let window = config.calling.window();
    let policy = config.policy();
    TouchMinutes {
        fingerprint: format!("{window:?}"),
        minutes: Box::new(move |handover: Ts, touch: Ts, zone: Option<&str>| {
            let tz = policy.lead_tz(zone);
            window.minutes_inside(handover, touch, tz, is_in_japan(tz.name()))
        }),
    }
}

/// Minutes inside the calling window from hand-over to first touch, for leads handed over in
/// [start, end) and touched, as (minutes, leads) sorted by minutes. Minutes not computed yet
/// are computed here (in the lead's zone) and stored; a read-only store keeps them in memory.
fn touch_minutes(
    store: &Store,
    config: &Config,
    start: Ts,
    end: Ts,
) -> Result<Vec<(i64, u64)>, OpsError> {
    let rule = touch_window(config);
    // A changed window invalidates the stored minutes; a read-only file keeps what it has.
    let _ = store.check_touch_window(&rule.fingerprint);
    // A page at a time: a new million-lead file has every minute missing, and holding them
    // all would cost the figures thread tens of megabytes.
    let mut unsaved: BTreeMap<i64, u64> = BTreeMap::new();
    let mut after = None;
    loop {
        let page = store.pending_touches(start, end, after, TOUCH_PAGE)?;
        let Some(last) = page.last() else { break };
        after = Some((last.handover_at, last.lead_id));
        let mut computed: Vec<(i64, i64)> = page
            .iter()
            .map(|p| {
                let m = (rule.minutes)(p.handover_at, p.touch_at, p.tz.as_deref());
                (p.lead_id, m)
            })
            .collect();
        // In lead order, the updates of one page share table pages.
        computed.sort_unstable();
        // A read-only file keeps what it computed in memory instead.
        if store.save_touch_minutes(&computed).is_err() {
            for (_, m) in &computed {
                *unsaved.entry(*m).or_default() += 1;
            }
        }
        if page.len() < TOUCH_PAGE {
            break;
        }
    }
    let mut counts = store.touch_minute_counts(start, end)?;
    if !unsaved.is_empty() {
        let mut merged: BTreeMap<i64, u64> = counts.into_iter().collect();
        for (m, n) in unsaved {
            *merged.entry(m).or_default() += n;
        }
        counts = merged.into_iter().collect();
    }
    Ok(counts)
}

/// `connect_rate` per hour of the lead's local day.
fn by_hour(
    store: &Store,
    config: &Config,
    start: Ts,
    end: Ts,
) -> Result<Vec<Option<f64>>, OpsError> {
    let policy = config.policy();
    let mut dials = [0u64; 24];
    let mut connects = [0u64; 24];
    let mut zones: BTreeMap<String, chrono_tz::Tz> = BTreeMap::new();
    for slot in store.call_slots(start, end)? {
        let tz = *zones
            .entry(slot.tz.clone())
            .or_insert_with(|| policy.lead_tz(Some(slot.tz.as_str()).filter(|z| !z.is_empty())));
        let h = slot.at.with_timezone(&tz).hour() as usize;
        if let (Some(d), Some(c)) = (dials.get_mut(h), connects.get_mut(h)) {
            *d += slot.dials;
            *c += slot.connects;
        }
    }
    Ok((0..24).map(|h| rate(connects[h], dials[h])).collect())
}

/// The rep's date at `now`.
pub fn rep_today(config: &Config, now: Ts) -> NaiveDate {
    now.with_timezone(&config.rep.timezone).date_naive()
}

/// Per stage: count, stuck, median age and aging buckets.
pub fn stage_summaries(
    store: &Store,
    config: &Config,
    now: Ts,
) -> Result<Vec<StageSummary>, OpsError> {
    let stuck = stuck_counts(store, config, now)?;
    let mut out = Vec::with_capacity(5);
    for stage in Stage::ALL {
        // Cutoffs for the aging buckets, newest first: entered before now − 1d, 3d, 7d …
        let cutoffs: Vec<Ts> = AGING_BUCKETS
            .iter()
            .skip(1)
            .map(|(_, d)| now - Duration::days(i64::from(*d)))
            .collect();
        let ages = store.stage_ages(stage, &cutoffs)?;
        let mut aging = [0u64; 6];
        let mut older_than = ages.entered_before.clone();
        older_than.insert(0, ages.count);
        older_than.push(0);
        for (i, bucket) in aging.iter_mut().enumerate() {
            *bucket = older_than[i].saturating_sub(older_than[i + 1]);
        }
        out.push(StageSummary {
            stage,
            count: ages.count,
            over_sla: stuck[stage.index()],
            median_age_days: ages
                .median_entered
                .map(|t| ((now - t).num_seconds() as f64 / 86_400.0 * 10.0).round() / 10.0),
            aging,
        });
    }
    Ok(out)
}

/// The top bar's stuck counts per stage (`Stage::ALL` order): cheap index range counts.
pub fn stuck_counts(store: &Store, config: &Config, now: Ts) -> Result<[u64; 5], OpsError> {
    Ok(store.stage_stuck_counts(now, rep_today(config, now), sla_days(config))?)
}

/// A page of a stage's leads over SLA, oldest first, continuing after `after` (the `o` list).
pub fn over_sla_page(
    store: &Store,
    config: &Config,
    stage: Stage,
    now: Ts,
    after: Option<SlaCursor>,
    limit: usize,
) -> Result<Vec<(SlaCursor, LeadSummary)>, OpsError> {
    let days = i64::from(config.sla.days(stage));
    Ok(store.over_sla_page(
        stage,
        now - Duration::days(days),
        rep_today(config, now) - Duration::days(days),
        after,
        limit,
    )?)
}
