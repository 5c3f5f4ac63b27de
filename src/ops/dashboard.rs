//! The Dashboard's data (SPEC §4): the role's KPIs for today and this week against targets,
//! 14-day sparklines, the stage funnel with ages and stuck counts, the pile-up forecast and
//! field-sales capacity. Everything comes from maintained aggregates.

use chrono::{Duration, NaiveDate};

use crate::config::{Config, Role};
use crate::domain::kpi::{KpiValue, Period, PeriodKind, midnight, misses_target, pile_up_days};
use crate::domain::role::headline_kpis;
use crate::domain::{Stage, Ts};
use crate::store::Store;

use super::OpsError;
use super::kpi::{StageSummary, kpis, period, stage_summaries, targets};

/// Days of the sparklines.
pub const SPARK_DAYS: usize = 14;
/// Days of the pile-up forecast's pace.
const PACE_DAYS: u32 = 7;
/// The KPIs drawn as sparklines.
pub const SPARK_KPIS: [&str; 7] = [
    "dials",
    "conversations",
    "meetings",
    "handoffs",
    "mails",
    "replies",
    "reengaged",
];

/// One KPI against its target.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiGauge {
    /// The KPI id.
    pub id: &'static str,
    /// Its value.
    pub value: KpiValue,
    /// The target for the period, if one is set.
    pub target: Option<f64>,
    /// Whether the value misses the target (for lower-is-better KPIs: exceeds it).
    pub missed: bool,
}

/// The role's KPIs for one period.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiPanel {
    /// The period.
    pub period: Period,
    /// The headline KPIs in the role's order.
    pub gauges: Vec<KpiGauge>,
}

/// A KPI's values per day, oldest first.
#[derive(Debug, Clone, PartialEq)]
pub struct Sparkline {
    /// The KPI id.
    pub id: &'static str,
    /// One value per day of [`DashboardData::days`].
    pub values: Vec<u64>,
}

/// How long a stage's pile takes to clear at the rep's recent pace.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PileUp {
    /// The stage.
    pub stage: Stage,
    /// Leads in it now.
    pub open: u64,
    /// Leads that left it in the last 7 days.
    pub outflow: u64,
    /// `open` ÷ daily outflow; `None` when nothing left the stage.
    pub days: Option<f64>,
}

/// Everything the Dashboard draws.
#[derive(Debug, Clone, PartialEq)]
pub struct DashboardData {
    /// The rep's role.
    pub role: Role,
    /// Today's headline KPIs.
    pub today: KpiPanel,
    /// This week's headline KPIs.
    pub week: KpiPanel,
    /// The sparklines' dates, oldest first (the last is today).
    pub days: Vec<NaiveDate>,
    /// Sparklines of [`SPARK_KPIS`].
    pub sparklines: Vec<Sparkline>,
    /// The funnel: per stage count, stuck, median age, aging.
    pub stages: Vec<StageSummary>,
    /// Pile-up forecasts of the open stages.
    pub pile_up: Vec<PileUp>,
    /// Escalations this week.
    pub escalations_this_week: u64,
    /// `handoff.weekly_capacity`.
    pub weekly_capacity: u32,
}

fn panel(store: &Store, config: &Config, period: Period) -> Result<KpiPanel, OpsError> {
    let ids = headline_kpis(config.rep.role.id());
    let targets = targets(config, &period);
    let gauges = kpis(store, config, &period, ids)?
        .into_iter()
        .map(|(id, value)| {
            let target = targets.get(id).copied();
            KpiGauge {
                id,
                missed: misses_target(id, value.scalar(), target),
                value,
                target,
            }
        })
        .collect();
    Ok(KpiPanel { period, gauges })
}

/// The Dashboard's data at `now`.
pub fn dashboard(store: &Store, config: &Config, now: Ts) -> Result<DashboardData, OpsError> {
    let tz = config.rep.timezone;
    let today = period(config, PeriodKind::Day, now);
    let week = period(config, PeriodKind::Week, now);
    let first = today.from - Duration::days(SPARK_DAYS as i64 - 1);
    let days: Vec<NaiveDate> = first.iter_days().take(SPARK_DAYS).collect();
    let mut bounds: Vec<Ts> = days.iter().map(|d| midnight(*d, tz)).collect();
    bounds.push(today.end);
    let daily = store.daily_activity_counts(&bounds)?;
    let sparklines = SPARK_KPIS
        .iter()
        .map(|id| Sparkline {
            id,
            values: daily
                .iter()
                .map(|c| match *id {
                    "dials" => c.dials,
                    "conversations" => c.conversations,
                    "meetings" => c.meetings,
                    "handoffs" => c.handoffs,
                    "mails" => c.mails,
                    "replies" => c.replies,
                    _ => c.reengaged,
                })
                .collect(),
        })
        .collect();
    let stages = stage_summaries(store, config, now)?;
    let pace_from = now - Duration::days(i64::from(PACE_DAYS));
    let mut pile_up = Vec::with_capacity(3);
    for stage in Stage::OPEN {
        let open = stages[stage.index()].count;
        let outflow = store.stage_outflow(stage, pace_from, now)?;
        pile_up.push(PileUp {
            stage,
            open,
            outflow,
            days: pile_up_days(open, outflow, PACE_DAYS),
        });
    }
    let escalations_this_week = store.activity_counts(week.start, week.end)?.handoffs;
    Ok(DashboardData {
        role: config.rep.role,
        today: panel(store, config, today)?,
        week: panel(store, config, week)?,
        days,
        sparklines,
        stages,
        pile_up,
        escalations_this_week,
        weekly_capacity: config.handoff.weekly_capacity,
    })
}
