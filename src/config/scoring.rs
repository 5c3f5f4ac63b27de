//! `[scoring]`, `[[scoring.fit]]` and `[scoring.engagement]`.

use serde::Deserialize;
use serde::de::Deserializer;

use super::value::{checked, de_positive_f64};

/// Lead field ids (SPEC Appendix D) that fit rules and groups may test.
pub const LEAD_FIELDS: [&str; 23] = crate::domain::lead::FIELD_IDS;

/// Computed fields that rules may test besides the lead fields.
pub const RULE_FIELDS: [&str; 3] = ["grade", "score", "stage"];

pub(crate) const GRADES: [&str; 4] = ["A", "B", "C", "D"];

/// Whether rules may test this field.
pub fn is_rule_field(id: &str) -> bool {
    LEAD_FIELDS.contains(&id) || RULE_FIELDS.contains(&id)
}

pub(crate) fn check_field(id: &str) -> Result<(), String> {
    if is_rule_field(id) {
        Ok(())
    } else {
        Err(format!(
            "unknown lead field `{id}`, expected a lead field id (Appendix D) or `grade`, `score`, `stage`"
        ))
    }
}

/// `[scoring]`: score, grade and value.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScoringConfig {
    /// Days in which a lead's value halves.
    #[serde(deserialize_with = "de_positive_f64")]
    pub value_half_life_days: f64,
    /// Score thresholds of the grades.
    pub grades: Grades,
    /// Profile-fit rules: the built-ins merged with `[[scoring.fit]]`.
    #[serde(deserialize_with = "de_fit_rules")]
    pub fit: Vec<FitRule>,
    /// Points per engagement event kind.
    pub engagement: Engagement,
}

impl Default for ScoringConfig {
    fn default() -> Self {
        ScoringConfig {
            value_half_life_days: 14.0,
            grades: Grades::default(),
            fit: builtin_fit_rules(),
            engagement: Engagement::default(),
        }
    }
}

/// Minimum scores of grades A, B and C (anything lower is D); strictly descending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grades {
    /// Minimum score for A.
    pub a: i64,
    /// Minimum score for B.
    pub b: i64,
    /// Minimum score for C.
    pub c: i64,
}

impl Default for Grades {
    fn default() -> Self {
        Grades {
            a: 80,
            b: 60,
            c: 40,
        }
    }
}

impl Grades {
    /// The grade letter of a score.
    pub fn grade(&self, score: i64) -> char {
        if score >= self.a {
            'A'
        } else if score >= self.b {
            'B'
        } else if score >= self.c {
            'C'
        } else {
            'D'
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGrades {
    #[serde(rename = "A")]
    a: Option<i64>,
    #[serde(rename = "B")]
    b: Option<i64>,
    #[serde(rename = "C")]
    c: Option<i64>,
}

impl<'de> Deserialize<'de> for Grades {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        checked::<D, RawGrades, Grades>(d)
    }
}

impl TryFrom<RawGrades> for Grades {
    type Error = String;

    fn try_from(raw: RawGrades) -> Result<Self, Self::Error> {
        let d = Grades::default();
        let g = Grades {
            a: raw.a.unwrap_or(d.a),
            b: raw.b.unwrap_or(d.b),
            c: raw.c.unwrap_or(d.c),
        };
        if g.a > g.b && g.b > g.c {
            Ok(g)
        } else {
            Err(format!(
                "grade thresholds must descend (A > B > C), got A = {}, B = {}, C = {}",
                g.a, g.b, g.c
            ))
        }
    }
}

/// What a fit rule tests.
#[derive(Debug, Clone, PartialEq)]
pub enum FitTest {
    /// The field equals one of these (case-insensitive; for `tags`, any tag does).
    Any(Vec<String>),
    /// The field contains one of these (case-insensitive).
    Contains(Vec<String>),
    /// The numeric field is within `min..=max` (for `employees`, the range overlaps it).
    Range {
        /// Lower bound, inclusive.
        min: Option<i64>,
        /// Upper bound, inclusive.
        max: Option<i64>,
    },
}

/// A `[[scoring.fit]]` rule: points when a lead field passes a test.
#[derive(Debug, Clone, PartialEq)]
pub struct FitRule {
    /// The rule's name (a user rule with a built-in's name replaces it); may be empty.
    pub name: String,
    /// The lead field id tested.
    pub field: String,
    /// The test.
    pub test: FitTest,
    /// Points added (may be negative).
    pub points: i64,
}

impl FitRule {
    /// The label of the rule in a score breakdown: its name, else its field.
    pub fn label(&self) -> &str {
        if self.name.is_empty() {
            &self.field
        } else {
            &self.name
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFit {
    #[serde(default)]
    name: String,
    field: String,
    any: Option<Vec<String>>,
    contains: Option<Vec<String>>,
    min: Option<i64>,
    max: Option<i64>,
    points: i64,
}

impl<'de> Deserialize<'de> for FitRule {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        checked::<D, RawFit, FitRule>(d)
    }
}

impl TryFrom<RawFit> for FitRule {
    type Error = String;

    fn try_from(raw: RawFit) -> Result<Self, Self::Error> {
        check_field(&raw.field)?;
        let ranged = raw.min.is_some() || raw.max.is_some();
        let test = match (raw.any, raw.contains, ranged) {
            (Some(v), None, false) => FitTest::Any(v),
            (None, Some(v), false) => FitTest::Contains(v),
            (None, None, true) => {
                check_range(raw.min, raw.max)?;
                FitTest::Range {
                    min: raw.min,
                    max: raw.max,
                }
            }
            _ => {
                return Err(
                    "a fit rule needs exactly one test: `any = [...]`, `contains = [...]` or `min`/`max`"
                        .to_string(),
                );
            }
        };
        Ok(FitRule {
            name: raw.name,
            field: raw.field,
            test,
            points: raw.points,
        })
    }
}

pub(crate) fn check_range(min: Option<i64>, max: Option<i64>) -> Result<(), String> {
    match (min, max) {
        (Some(lo), Some(hi)) if lo > hi => Err(format!("min ({lo}) is above max ({hi})")),
        _ => Ok(()),
    }
}

/// The built-in fit rules: seniority by title (English and Japanese), company size and inbound
/// sources.
pub fn builtin_fit_rules() -> Vec<FitRule> {
    let words = |w: &[&str]| w.iter().map(ToString::to_string).collect::<Vec<_>>();
    vec![
        FitRule {
            name: "executive".to_string(),
            field: "title".to_string(),
            test: FitTest::Contains(words(&[
                "Chief",
                "President",
                "Founder",
                "Director",
                "Head of",
                "社長",
                "代表",
                "取締役",
                "役員",
                "執行役",
                "本部長",
                "部長",
            ])),
            points: 30,
        },
        FitRule {
            name: "manager".to_string(),
            field: "title".to_string(),
            test: FitTest::Contains(words(&["Manager", "課長", "マネージャー", "室長"])),
            points: 15,
        },
        FitRule {
            name: "company-size".to_string(),
            field: "employees".to_string(),
            test: FitTest::Range {
                min: Some(100),
                max: None,
            },
            points: 20,
        },
        FitRule {
            name: "inbound".to_string(),
            field: "source".to_string(),
            test: FitTest::Contains(words(&[
                "inquiry",
                "contact",
                "demo",
                "trial",
                "問い合わせ",
                "問合せ",
                "資料請求",
                "デモ",
            ])),
            points: 20,
        },
    ]
}

/// Reads `[[scoring.fit]]` and merges it over the built-ins by name.
fn de_fit_rules<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<FitRule>, D::Error> {
    let user = Vec::<FitRule>::deserialize(d)?;
    Ok(merge_named(builtin_fit_rules(), user, |r| r.name.as_str()))
}

/// Merges user entries over built-ins: a non-empty name that is already present replaces that
/// entry in place; anything else is appended.
pub(crate) fn merge_named<T>(mut base: Vec<T>, user: Vec<T>, name: impl Fn(&T) -> &str) -> Vec<T> {
    for item in user {
        let pos = {
            let n = name(&item);
            if n.is_empty() {
                None
            } else {
                base.iter().position(|b| name(b) == n)
            }
        };
        match pos {
            Some(i) => base[i] = item,
            None => base.push(item),
        }
    }
    base
}

/// `[scoring.engagement]`: points per engagement event kind.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Engagement {
    /// A marketing mail opened.
    pub email_open: i64,
    /// A link in a marketing mail clicked.
    pub email_click: i64,
    /// A visit to the website.
    pub web_visit: i64,
    /// A form filled in.
    pub form: i64,
    /// A webinar attended.
    pub webinar: i64,
    /// The pricing page viewed.
    pub pricing_page: i64,
    /// Any other event kind.
    pub other: i64,
    /// A conversation with the rep.
    pub conversation: i64,
    /// A reply to the rep's mail.
    pub reply: i64,
}

impl Default for Engagement {
    fn default() -> Self {
        Engagement {
            email_open: 1,
            email_click: 3,
            web_visit: 2,
            form: 10,
            webinar: 10,
            pricing_page: 15,
            other: 1,
            conversation: 10,
            reply: 8,
        }
    }
}

impl Engagement {
    /// The points of an event kind id; unknown kinds count as `other`.
    pub fn points(&self, kind: &str) -> i64 {
        match kind {
            "email_open" => self.email_open,
            "email_click" => self.email_click,
            "web_visit" => self.web_visit,
            "form" => self.form,
            "webinar" => self.webinar,
            "pricing_page" => self.pricing_page,
            "conversation" => self.conversation,
            "reply" => self.reply,
            _ => self.other,
        }
    }
}
