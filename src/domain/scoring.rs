//! Score = profile fit + engagement points, explained line by line, and the grade (SPEC §3).
//!
//! Pure: the rules arrive as plain data (built from the configuration by
//! `Config::scoring_rules`); nothing here reads the configuration, the clock or the database.

use std::collections::BTreeMap;

use super::activity::{ActivityKind, NewActivity};
use super::group::GroupRule;
use super::lead::{Lead, PhoneKind};
use super::outcome::Outcome;

/// A grade letter.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
pub enum Grade {
    /// The best leads.
    A,
    /// Good leads.
    B,
    /// Fair leads.
    C,
    /// Everything below C.
    #[default]
    D,
}

impl Grade {
    /// Every grade, best first.
    pub const ALL: [Grade; 4] = [Grade::A, Grade::B, Grade::C, Grade::D];

    /// The letter as text ("A").
    pub fn id(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
        }
    }

    /// Parses a letter (case-insensitive).
    pub fn from_id(id: &str) -> Option<Grade> {
        Grade::ALL
            .into_iter()
            .find(|g| g.id().eq_ignore_ascii_case(id.trim()))
    }
}

/// Minimum scores of grades A, B and C; anything lower is D.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    /// Minimum score for A.
    pub a: i64,
    /// Minimum score for B.
    pub b: i64,
    /// Minimum score for C.
    pub c: i64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            a: 80,
            b: 60,
            c: 40,
        }
    }
}

impl Thresholds {
    /// The grade of a score.
    pub fn grade(&self, score: i64) -> Grade {
        if score >= self.a {
            Grade::A
        } else if score >= self.b {
            Grade::B
        } else if score >= self.c {
            Grade::C
        } else {
            Grade::D
        }
    }
}

/// What a rule tests on a field.
#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    /// The field equals one of these (case-insensitive; for tags, any tag does). Stored lowercase.
    Any(Vec<String>),
    /// The field contains one of these (case-insensitive). Stored lowercase.
    Contains(Vec<String>),
    /// The number is within `min..=max`; for `employees` the range overlaps it.
    Range {
        /// Lower bound, inclusive.
        min: Option<i64>,
        /// Upper bound, inclusive.
        max: Option<i64>,
    },
    /// The flag (`email_opt_out`, `do_not_call`) has this value.
    Is(bool),
}

impl Test {
    /// A test with its words lowercased once (rules are applied to every lead).
    pub fn any(values: &[String]) -> Test {
        Test::Any(values.iter().map(|v| v.trim().to_lowercase()).collect())
    }

    /// A contains-test with its words lowercased once.
    pub fn contains(values: &[String]) -> Test {
        Test::Contains(
            values
                .iter()
                .map(|v| v.trim().to_lowercase())
                .filter(|v| !v.is_empty())
                .collect(),
        )
    }
}

/// A profile-fit rule: `points` when `field` passes `test`.
#[derive(Debug, Clone, PartialEq)]
pub struct FitRule {
    /// The line's label in the breakdown.
    pub label: String,
    /// A lead field id (SPEC Appendix D) or `stage`.
    pub field: String,
    /// The test.
    pub test: Test,
    /// Points (may be negative).
    pub points: i64,
}

/// Everything scoring and grouping need: fit rules, engagement points, grade thresholds, groups.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rules {
    /// Profile-fit rules, in order.
    pub fit: Vec<FitRule>,
    /// Points per engagement kind (`conversation`, `reply`, `email_open` …).
    pub engagement: BTreeMap<String, i64>,
    /// Points of an engagement kind not in `engagement`.
    pub engagement_other: i64,
    /// Grade thresholds.
    pub grades: Thresholds,
    /// Groups in config order (the first match is the primary group).
    pub groups: Vec<GroupRule>,
}

/// A score with its explanation.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scored {
    /// The score (never negative).
    pub score: i64,
    /// `(rule, points)` lines summing to `score`; a `floor` line when the sum was negative.
    pub breakdown: Vec<(String, i64)>,
    /// The grade of the score.
    pub grade: Grade,
}

/// The engagement kind an activity counts as, if it counts: a call with a conversation outcome
/// and an inbound call are `conversation`, a reply is `reply`, a marketing event its own kind.
pub fn engagement_kind(a: &NewActivity) -> Option<String> {
    match a.kind {
        ActivityKind::Call => a
            .outcome
            .as_deref()
            .and_then(Outcome::from_id)
            .filter(|o| o.is_conversation())
            .map(|_| "conversation".to_owned()),
        ActivityKind::Inbound => Some("conversation".to_owned()),
        ActivityKind::Reply => Some("reply".to_owned()),
        ActivityKind::Event => Some(
            a.outcome
                .as_deref()
                .map(str::trim)
                .filter(|k| !k.is_empty())
                .unwrap_or("other")
                .to_lowercase(),
        ),
        _ => None,
    }
}

/// Counts the engagement of new journal rows into a lead: bumps its per-kind counts and, for
/// marketing events, its last engagement time (so `alive` follows). The store calls this for
/// every journal row it writes with a lead, so use cases never add points themselves.
pub fn record_engagement(lead: &mut Lead, activities: &[NewActivity]) {
    for a in activities {
        if let Some(kind) = engagement_kind(a) {
            *lead.engagement.entry(kind).or_insert(0) += 1;
            if a.kind == ActivityKind::Event {
                lead.last_engagement_at =
                    Some(lead.last_engagement_at.map_or(a.at, |t| t.max(a.at)));
            }
        }
    }
}

impl Rules {
    /// The points of one engagement event of `kind`.
    pub fn engagement_points_of(&self, kind: &str) -> i64 {
        self.engagement
            .get(kind)
            .copied()
            .unwrap_or(self.engagement_other)
    }

    /// The engagement points of per-kind counts.
    pub fn engagement_points(&self, counts: &BTreeMap<String, u32>) -> i64 {
        counts
            .iter()
            .map(|(k, n)| self.engagement_points_of(k).saturating_mul(i64::from(*n)))
            .fold(0i64, i64::saturating_add)
    }

    /// Scores a lead: every fit rule it passes, then its engagement per kind, floored at 0.
    pub fn score(&self, lead: &Lead) -> Scored {
        let mut breakdown = Vec::new();
        for rule in &self.fit {
            if rule.points != 0 && passes(lead, &rule.field, &rule.test, None) {
                breakdown.push((rule.label.clone(), rule.points));
            }
        }
        for (kind, n) in &lead.engagement {
            let points = self
                .engagement_points_of(kind)
                .saturating_mul(i64::from(*n));
            if points != 0 {
                let label = if *n == 1 {
                    format!("engagement: {kind}")
                } else {
                    format!("engagement: {kind} ×{n}")
                };
                breakdown.push((label, points));
            }
        }
        let sum = breakdown
            .iter()
            .map(|(_, p)| *p)
            .fold(0i64, i64::saturating_add);
        if sum < 0 {
            breakdown.push(("floor".to_owned(), sum.saturating_neg()));
        }
        let score = sum.max(0);
        Scored {
            score,
            breakdown,
            grade: self.grades.grade(score),
        }
    }
}

/// Scores a lead with `rules` (shorthand for [`Rules::score`]).
pub fn score(lead: &Lead, rules: &Rules) -> Scored {
    rules.score(lead)
}

/// Whether a lead's field passes a test. `scored` supplies `score` and `grade` (fit rules have
/// none: a fit rule on them never matches, as the score is what they make).
pub fn passes(lead: &Lead, field: &str, test: &Test, scored: Option<(i64, Grade)>) -> bool {
    match test {
        Test::Any(words) => texts(lead, field, scored)
            .iter()
            .any(|t| words.iter().any(|w| t.trim().to_lowercase() == *w)),
        Test::Contains(words) => texts(lead, field, scored).iter().any(|t| {
            let t = t.to_lowercase();
            words.iter().any(|w| t.contains(w.as_str()))
        }),
        Test::Range { min, max } => {
            let (lo, hi) = match field {
                "employees" => (
                    lead.employees.min.map(i64::from),
                    lead.employees.max.map(i64::from),
                ),
                "score" => match scored {
                    Some((s, _)) => (Some(s), Some(s)),
                    None => return false,
                },
                "attempts" => (
                    Some(i64::from(lead.attempts)),
                    Some(i64::from(lead.attempts)),
                ),
                _ => match texts(lead, field, scored)
                    .first()
                    .and_then(|t| t.trim().parse::<i64>().ok())
                {
                    Some(n) => (Some(n), Some(n)),
                    None => return false,
                },
            };
            if lo.is_none() && hi.is_none() {
                return false;
            }
            // Ranges overlap: the lead's [lo, hi] (open ends unbounded) meets [min, max].
            hi.is_none_or(|h| min.is_none_or(|m| h >= m))
                && lo.is_none_or(|l| max.is_none_or(|m| l <= m))
        }
        Test::Is(want) => match field {
            "email_opt_out" => lead.email_opt_out == *want,
            "do_not_call" => lead.do_not_call == *want,
            _ => texts(lead, field, scored).is_empty() != *want,
        },
    }
}

/// The text values of a field (several for tags and phones; none when empty).
fn texts(lead: &Lead, field: &str, scored: Option<(i64, Grade)>) -> Vec<String> {
    let one = |s: &str| {
        if s.trim().is_empty() {
            Vec::new()
        } else {
            vec![s.to_owned()]
        }
    };
    let phone = |kind: Option<PhoneKind>| {
        lead.phones
            .iter()
            .filter(|p| kind.is_none_or(|k| p.kind == k))
            .map(|p| p.dial_text().to_owned())
            .collect()
    };
    match field {
        "first_name" => one(&lead.first_name),
        "last_name" => one(&lead.last_name),
        "full_name" => one(&lead.full_name),
        "reading" => one(&lead.reading),
        "company" => one(&lead.company),
        "department" => one(&lead.department),
        "title" => one(&lead.title),
        "email" => one(&lead.email),
        "phone" => phone(None),
        "mobile" => phone(Some(PhoneKind::Mobile)),
        "direct_phone" => phone(Some(PhoneKind::Direct)),
        "switchboard" => phone(Some(PhoneKind::Switchboard)),
        "timezone" => lead.timezone.as_deref().map(one).unwrap_or_default(),
        "industry" => one(&lead.industry),
        "source" => one(&lead.source),
        "tags" => lead.tags.clone(),
        "external_id" => lead.external_ids.values().cloned().collect(),
        "notes" => one(&lead.notes),
        "stage" => vec![lead.stage.id().to_owned()],
        "email_opt_out" => vec![lead.email_opt_out.to_string()],
        "do_not_call" => vec![lead.do_not_call.to_string()],
        "grade" => scored
            .map(|(_, g)| vec![g.id().to_owned()])
            .unwrap_or_default(),
        "score" => scored.map(|(s, _)| vec![s.to_string()]).unwrap_or_default(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
#[path = "scoring_tests.rs"]
mod tests;
