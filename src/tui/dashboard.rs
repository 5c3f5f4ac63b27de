//! The Dashboard's figures from the KPI aggregates, as the view draws them.

use crate::app::dashboard::{DashboardView, Gauge, StageLine};
use crate::config::Config;
use crate::domain::Ts;
use crate::domain::kpi::KpiValue;
use crate::ops::{self, OpsError};
use crate::store::Store;

fn gauges(panel: &ops::kpi::KpiPanel) -> Vec<Gauge> {
    panel
        .gauges
        .iter()
        .map(|g| Gauge {
            id: g.id.to_owned(),
            value: g.value.scalar(),
            target: g.target,
            missed: g.missed,
            rate: matches!(g.value, KpiValue::Number(_))
                && (g.id.contains("rate")
                    || g.id.ends_with("within_sla")
                    || g.id.ends_with("share")
                    || g.id == "share_ab"),
        })
        .collect()
}

/// Reads the Dashboard's figures.
pub fn load(store: &Store, config: &Config, now: Ts) -> Result<DashboardView, OpsError> {
    let d = ops::kpi::dashboard(store, config, now)?;
    Ok(DashboardView {
        today: gauges(&d.today),
        week: gauges(&d.week),
        sparklines: d
            .sparklines
            .iter()
            .map(|s| (s.id.to_owned(), s.values.clone()))
            .collect(),
        stages: d
            .stages
            .iter()
            .map(|s| StageLine {
                stage: s.stage,
                count: s.count,
                over_sla: s.over_sla,
                median_age_days: s.median_age_days,
                aging: s.aging,
            })
            .collect(),
        pile_up: d
            .pile_up
            .iter()
            .map(|p| (p.stage, p.open, p.days))
            .collect(),
        capacity: (d.escalations_this_week, d.weekly_capacity),
    })
}
