//! What the Dashboard shows (SPEC §4, §9), as plain data the runtime fills from the KPI
//! aggregates and the view draws.

use crate::domain::Stage;

/// One KPI against its target, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Gauge {
    /// The KPI id (Appendix D).
    pub id: String,
    /// The value, as one number (None: nothing counted).
    pub value: Option<f64>,
    /// The target for the period.
    pub target: Option<f64>,
    /// Under target (over, for lower-is-better KPIs).
    pub missed: bool,
    /// A rate (0–1) rather than a count.
    pub rate: bool,
}

/// One stage's line of the funnel.
#[derive(Debug, Clone, PartialEq)]
pub struct StageLine {
    /// The stage.
    pub stage: Stage,
    /// Leads in it.
    pub count: u64,
    /// Leads over its SLA.
    pub over_sla: u64,
    /// Median days in the stage.
    pub median_age_days: Option<f64>,
    /// Leads per age bucket (<1d, 1–3d, 3–7d, 7–14d, 14–30d, >30d).
    pub aging: [u64; 6],
}

/// The Dashboard's figures.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DashboardView {
    /// The role's headline KPIs today.
    pub today: Vec<Gauge>,
    /// The same this week.
    pub week: Vec<Gauge>,
    /// 14-day series: (KPI id, values oldest first).
    pub sparklines: Vec<(String, Vec<u64>)>,
    /// The funnel.
    pub stages: Vec<StageLine>,
    /// The pile-up forecast per open stage: (stage, open, days at the 7-day pace).
    pub pile_up: Vec<(Stage, u64, Option<f64>)>,
    /// Escalations this week and the weekly capacity.
    pub capacity: (u64, u32),
}
