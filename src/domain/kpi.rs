//! KPI arithmetic (SPEC §9, Appendix D): periods in the rep's time zone, working days, rates,
//! medians, target scaling and the team's imbalance figures. No IO, no clock.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;

use super::calling::CallingWindow;
use super::lead::Ts;
use super::when::local_to_utc;

/// Every KPI id of Appendix D, in its order.
pub const KPI_IDS: [&str; 21] = [
    "dials",
    "conversations",
    "connect_rate",
    "meetings",
    "handoffs",
    "acceptance_rate",
    "mails",
    "replies",
    "reply_rate",
    "speed_to_lead_median_minutes",
    "speed_to_lead_within_sla",
    "reengaged",
    "attempts_per_lead",
    "connect_rate_by_hour",
    "graded",
    "lost_conversations",
    "meetings_from_lost",
    "next_action_share",
    "new_backlog",
    "grade_mix",
    "share_ab",
];

/// Activity counts: their targets are per working day and scale with the period.
const SCALED: [&str; 10] = [
    "dials",
    "conversations",
    "meetings",
    "handoffs",
    "mails",
    "replies",
    "reengaged",
    "graded",
    "lost_conversations",
    "meetings_from_lost",
];

/// Whether a KPI's target is a count per working day (scaled to the period).
pub fn is_scaled(kpi: &str) -> bool {
    SCALED.contains(&kpi)
}

/// Whether less is better (a median wait, a backlog): "under target" then means above it.
pub fn lower_is_better(kpi: &str) -> bool {
    matches!(kpi, "speed_to_lead_median_minutes" | "new_backlog")
}

/// Whether a value misses its target (no value, no target: not missed).
pub fn misses_target(kpi: &str, value: Option<f64>, target: Option<f64>) -> bool {
    match (value, target) {
        (Some(v), Some(t)) if lower_is_better(kpi) => v > t,
        (Some(v), Some(t)) => v < t,
        (None, Some(_)) => !lower_is_better(kpi),
        _ => false,
    }
}

/// The target for a period: counts per working day times the working days, others as they are.
pub fn scaled_target(kpi: &str, per_day: f64, working_days: u32) -> f64 {
    if is_scaled(kpi) {
        per_day * f64::from(working_days)
    } else {
        per_day
    }
}

/// A KPI's value.
#[derive(Debug, Clone, PartialEq)]
pub enum KpiValue {
    /// A count.
    Count(u64),
    /// A rate (0–1), a median or an average; `None` when nothing was counted.
    Number(Option<f64>),
    /// 24 rates, one per hour of the lead's local day.
    Hours(Vec<Option<f64>>),
    /// Open leads per grade A, B, C, D.
    Grades([u64; 4]),
}

impl KpiValue {
    /// The value as one number, for targets and gauges (none for the per-hour and grade values).
    pub fn scalar(&self) -> Option<f64> {
        match self {
            KpiValue::Count(n) => Some(*n as f64),
            KpiValue::Number(x) => *x,
            KpiValue::Hours(_) | KpiValue::Grades(_) => None,
        }
    }
}

/// `num ÷ den`, `None` when nothing was counted.
pub fn rate(num: u64, den: u64) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

/// The median (the mean of the middle two for an even count); `None` for no values.
pub fn median(values: &mut [i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    let mid = values[n / 2] as f64;
    Some(if n % 2 == 0 {
        (values[n / 2 - 1] as f64 + mid) / 2.0
    } else {
        mid
    })
}

/// The median of values given as (value, how many), sorted by value, exactly as [`median`]
/// of the values spelled out: a histogram's median without expanding it.
pub fn median_of_counts(counts: &[(i64, u64)]) -> Option<f64> {
    let total: u64 = counts.iter().map(|(_, n)| n).sum();
    if total == 0 {
        return None;
    }
    // The value at a 0-based position of the spelled-out, sorted values.
    let nth = |k: u64| {
        let mut before = 0;
        for (v, n) in counts {
            before += n;
            if k < before {
                return *v;
            }
        }
        0
    };
    let mid = nth(total / 2) as f64;
    Some(if total % 2 == 0 {
        (nth(total / 2 - 1) as f64 + mid) / 2.0
    } else {
        mid
    })
}

/// What a period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodKind {
    /// The rep's today.
    Day,
    /// This week (from `rules.week_start`).
    Week,
    /// This calendar month.
    Month,
    /// Dates given with `--from`/`--to`.
    Range,
}

impl PeriodKind {
    /// The id printed in reports.
    pub fn id(self) -> &'static str {
        match self {
            PeriodKind::Day => "day",
            PeriodKind::Week => "week",
            PeriodKind::Month => "month",
            PeriodKind::Range => "range",
        }
    }
}

/// A reporting period: inclusive local dates and the instants that bound them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// What the period is.
    pub kind: PeriodKind,
    /// First date (rep's zone).
    pub from: NaiveDate,
    /// Last date, inclusive.
    pub to: NaiveDate,
    /// Local midnight that starts `from`, in UTC.
    pub start: Ts,
    /// Local midnight that ends `to`, in UTC.
    pub end: Ts,
}

/// Local midnight of a date in a zone.
pub fn midnight(date: NaiveDate, tz: Tz) -> Ts {
    local_to_utc(date.and_time(NaiveTime::MIN), tz)
}

/// `--from`/`--to` given the wrong way round: the end of a range before its start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReversedRange {
    /// The start asked for.
    pub from: NaiveDate,
    /// The end asked for, before `from`.
    pub to: NaiveDate,
}

impl ReversedRange {
    /// The message in `lang`; the flags keep their names.
    pub fn text(&self, lang: crate::domain::Lang) -> String {
        lang.fill(
            crate::domain::i18n::TextKey::DomainKpiReversedRange,
            &[("from", &self.from), ("to", &self.to)],
        )
    }
}

/// English, for logs and callers without a language.
impl std::fmt::Display for ReversedRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(crate::domain::Lang::En))
    }
}

impl Period {
    /// The period of `kind` around `now` in `tz`; weeks start on `week_start`.
    pub fn around(kind: PeriodKind, now: Ts, tz: Tz, week_start: Weekday) -> Period {
        let today = now.with_timezone(&tz).date_naive();
        let (from, to) = match kind {
            PeriodKind::Day | PeriodKind::Range => (today, today),
            PeriodKind::Week => {
                let back = (7 + today.weekday().num_days_from_monday()
                    - week_start.num_days_from_monday())
                    % 7;
                let from = today - Duration::days(i64::from(back));
                (from, from + Duration::days(6))
            }
            PeriodKind::Month => {
                let from = today.with_day(1).unwrap_or(today);
                let next = if from.month() == 12 {
                    NaiveDate::from_ymd_opt(from.year() + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(from.year(), from.month() + 1, 1)
                };
                (from, next.map_or(today, |n| n - Duration::days(1)))
            }
        };
        let kind = if kind == PeriodKind::Range {
            PeriodKind::Day
        } else {
            kind
        };
        Period::dates(kind, from, to, tz)
    }

    /// The inclusive dates `from`..=`to` in `tz`; an error when `to` is before `from`.
    pub fn range(from: NaiveDate, to: NaiveDate, tz: Tz) -> Result<Period, ReversedRange> {
        if to < from {
            return Err(ReversedRange { from, to });
        }
        Ok(Period::dates(PeriodKind::Range, from, to, tz))
    }

    fn dates(kind: PeriodKind, from: NaiveDate, to: NaiveDate, tz: Tz) -> Period {
        let end = to
            .succ_opt()
            .map_or_else(|| midnight(to, tz), |d| midnight(d, tz));
        Period {
            kind,
            from,
            to,
            start: midnight(from, tz),
            end,
        }
    }

    /// The dates of the period, in order.
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.from.iter_days().take_while(|d| *d <= self.to)
    }

    /// Working days: calling days that are not holidays, in the rep's calendar.
    pub fn working_days(&self, window: &CallingWindow, rep_in_japan: bool) -> u32 {
        let n = self
            .days()
            .filter(|d| window.is_calling_day(*d, rep_in_japan))
            .count();
        u32::try_from(n).unwrap_or(u32::MAX)
    }
}

/// Imbalance of a load across reps: max ÷ mean and the population coefficient of variation;
/// both `None` when the mean is 0 (or there are no reps).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Imbalance {
    /// The largest load over the mean load.
    pub max_over_mean: Option<f64>,
    /// Population standard deviation over the mean.
    pub cv: Option<f64>,
}

/// The imbalance of `loads`.
pub fn imbalance(loads: &[f64]) -> Imbalance {
    let none = Imbalance {
        max_over_mean: None,
        cv: None,
    };
    if loads.is_empty() {
        return none;
    }
    let n = loads.len() as f64;
    let mean = loads.iter().sum::<f64>() / n;
    if mean <= 0.0 {
        return none;
    }
    let max = loads.iter().copied().fold(f64::MIN, f64::max);
    let var = loads.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
    Imbalance {
        max_over_mean: Some(max / mean),
        cv: Some(var.sqrt() / mean),
    }
}

/// Whether a load exceeds the mean by more than `margin` (relative: 0.25 = 25 %).
pub fn is_overloaded(load: f64, mean: f64, margin: f64) -> bool {
    mean > 0.0 && load > mean * (1.0 + margin)
}

/// The pile-up forecast: days to clear `open` leads at the average daily outflow of the last
/// `days` days; `None` when nothing flowed out.
pub fn pile_up_days(open: u64, outflow: u64, days: u32) -> Option<f64> {
    (outflow > 0 && days > 0).then(|| open as f64 / (outflow as f64 / f64::from(days)))
}

/// The aging buckets of the Dashboard, as (label, lower bound in days).
pub const AGING_BUCKETS: [(&str, u32); 6] = [
    ("<1d", 0),
    ("1-3d", 1),
    ("3-7d", 3),
    ("7-14d", 7),
    ("14-30d", 14),
    (">30d", 30),
];

#[cfg(test)]
#[path = "kpi_tests.rs"]
mod tests;
