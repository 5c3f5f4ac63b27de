//! The capacity-aware handoff gate (SPEC §8): required items met and the score at least the
//! current minimum, which is relaxed while field sales has capacity this week and strict once
//! this rep's weekly share is used. Pure: the week's escalation count is passed in.

use chrono::{Datelike, Duration, NaiveTime, Weekday};
use chrono_tz::Tz;
use serde::Serialize;

use super::i18n::TextKey;
use super::lang::Lang;
use super::lead::Ts;
use super::qualification::{Qualification, item_label};

/// The `[handoff]` settings the gate needs, as plain data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GateConfig {
    /// Items that must be confirmed (or n/a with evidence).
    pub required: Vec<String>,
    /// Minimum score while the week's escalations are under capacity.
    pub min_score_relaxed: i64,
    /// Minimum score once they reach it.
    pub min_score_strict: i64,
    /// This rep's share of field sales' weekly capacity.
    pub weekly_capacity: u32,
}

/// Field sales' capacity this week, as the form and the top bar show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Capacity {
    /// The rep's escalations this week (not undone).
    pub used: u32,
    /// The rep's weekly share (`handoff.weekly_capacity`).
    pub capacity: u32,
    /// Whether the relaxed minimum applies (used < capacity).
    pub relaxed: bool,
    /// The minimum score that applies now.
    pub min_score: i64,
}

impl Capacity {
    /// The capacity after `used` escalations this week.
    pub fn new(used: u32, cfg: &GateConfig) -> Capacity {
        let relaxed = used < cfg.weekly_capacity;
        Capacity {
            used,
            capacity: cfg.weekly_capacity,
            relaxed,
            min_score: if relaxed {
                cfg.min_score_relaxed
            } else {
                cfg.min_score_strict
            },
        }
    }

    /// "field sales 7/10 this week — relaxed: min score 40", or in Japanese.
    pub fn text(&self, lang: Lang) -> String {
        let mode = lang.text(if self.relaxed {
            TextKey::DomainGateRelaxed
        } else {
            TextKey::DomainGateStrict
        });
        lang.fill(
            TextKey::DomainGateCapacity,
            &[
                ("used", &self.used),
                ("capacity", &self.capacity),
                ("mode", &mode),
                ("min_score", &self.min_score),
            ],
        )
    }

    /// The short form for a narrow top bar: "FS 7/10 ≥40".
    pub fn short_text(&self, lang: Lang) -> String {
        format!(
            "{} {}/{} ≥{}",
            lang.text(TextKey::DomainGateFieldSalesShort),
            self.used,
            self.capacity,
            self.min_score
        )
    }
}

/// What the gate decided and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GateResult {
    /// Whether the lead may be escalated without an override.
    pub passes: bool,
    /// The minimum score that applied.
    pub min_score: i64,
    /// Whether that was the relaxed minimum.
    pub relaxed: bool,
    /// The lead's score.
    pub score: i64,
    /// The capacity it was judged by.
    pub capacity: Capacity,
    /// Required item ids not met.
    pub missing: Vec<String>,
    /// The explanation in words: the capacity line first, then each failure (or "passes").
    pub reasons: Vec<String>,
}

/// Judges a lead: its qualification, its score and the rep's escalations this week.
pub fn evaluate(
    qualification: &Qualification,
    score: i64,
    escalations_this_week: u32,
    cfg: &GateConfig,
    lang: Lang,
) -> GateResult {
    let capacity = Capacity::new(escalations_this_week, cfg);
    let mut reasons = vec![capacity.text(lang)];
    let mut missing = Vec::new();
    for id in &cfg.required {
        let item = qualification.item(id);
        if item.is_met() {
            continue;
        }
        missing.push(id.clone());
        let label = item_label(id, lang);
        let state = item.state.label(lang);
        let reason = if item.state == super::qualification::ItemState::NA {
            TextKey::DomainGateNaNeedsEvidence
        } else {
            TextKey::DomainGateMustBeConfirmed
        };
        reasons.push(lang.fill(reason, &[("label", &label), ("state", &state)]));
    }
    let score_ok = score >= capacity.min_score;
    if !score_ok {
        reasons.push(lang.fill(
            TextKey::DomainGateScoreBelowMinimum,
            &[("score", &score), ("min_score", &capacity.min_score)],
        ));
    }
    let passes = score_ok && missing.is_empty();
    if passes {
        reasons.push(lang.fill(
            TextKey::DomainGatePasses,
            &[("score", &score), ("min_score", &capacity.min_score)],
        ));
    }
    GateResult {
        passes,
        min_score: capacity.min_score,
        relaxed: capacity.relaxed,
        score,
        capacity,
        missing,
        reasons,
    }
}

/// The week containing `now` in zone `tz`, weeks starting on `week_start`: [start, end) in UTC.
pub fn week_bounds(now: Ts, tz: Tz, week_start: Weekday) -> (Ts, Ts) {
    let today = now.with_timezone(&tz).date_naive();
    let back = (7 + today.weekday().num_days_from_monday() - week_start.num_days_from_monday()) % 7;
    let first = today - Duration::days(i64::from(back));
    let start = super::when::local_to_utc(first.and_time(NaiveTime::MIN), tz);
    let end = super::when::local_to_utc((first + Duration::days(7)).and_time(NaiveTime::MIN), tz);
    (start, end)
}

#[cfg(test)]
#[path = "gate_tests.rs"]
mod tests;
