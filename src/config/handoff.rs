//! `[handoff]`, `[[handoff.field_reps]]` and `[targets]`.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use super::scoring::merge_named;
use super::value::{Role, checked, de_opt_address, de_opt_path, one_of};

/// The qualification framework (`handoff.framework`, SPEC §8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Framework {
    /// Budget, authority, need, timeline.
    #[default]
    Bant,
    /// Metrics, economic buyer, decision criteria, decision process, identify pain, champion.
    Meddic,
}

impl Framework {
    /// The id as written in the configuration.
    pub fn id(self) -> &'static str {
        match self {
            Framework::Bant => "bant",
            Framework::Meddic => "meddic",
        }
    }

    /// The framework's qualification item ids.
    pub fn items(self) -> &'static [&'static str] {
        match self {
            Framework::Bant => &["budget", "authority", "need", "timeline"],
            Framework::Meddic => &[
                "metrics",
                "economic_buyer",
                "decision_criteria",
                "decision_process",
                "identify_pain",
                "champion",
            ],
        }
    }

    /// The items required for escalation when `handoff.required` is not set.
    pub fn default_required(self) -> &'static [&'static str] {
        match self {
            Framework::Bant => &["need", "timeline"],
            Framework::Meddic => &["identify_pain", "economic_buyer", "champion"],
        }
    }
}

/// A field-sales rep leads are escalated to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRep {
    /// The name the rep picks (`escalate --to NAME`).
    pub name: String,
    /// The `.ics` attendee address.
    pub email: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFieldRep {
    name: String,
    #[serde(default, deserialize_with = "de_opt_address")]
    email: String,
}

impl<'de> Deserialize<'de> for FieldRep {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        checked::<D, RawFieldRep, FieldRep>(d)
    }
}

impl TryFrom<RawFieldRep> for FieldRep {
    type Error = String;

    fn try_from(raw: RawFieldRep) -> Result<Self, Self::Error> {
        if raw.name.trim().is_empty() {
            return Err("a field rep needs a name".to_string());
        }
        Ok(FieldRep {
            name: raw.name,
            email: raw.email,
        })
    }
}

/// `[handoff]`: escalation to field sales.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HandoffConfig {
    /// The qualification framework.
    pub framework: Framework,
    /// Items that must be confirmed; `None` = the framework's defaults (see [`Self::required_items`]).
    pub required: Option<Vec<String>>,
    /// Minimum score while field sales has capacity this week.
    pub min_score_relaxed: i64,
    /// Minimum score once this week's capacity is used.
    pub min_score_strict: i64,
    /// This rep's share of field sales' weekly capacity (escalations per week).
    pub weekly_capacity: u32,
    /// Where handoff summaries are written; `None` = `handoff/` in the data directory.
    #[serde(deserialize_with = "de_opt_path")]
    pub export_dir: Option<PathBuf>,
    /// Field-sales reps.
    #[serde(deserialize_with = "de_field_reps")]
    pub field_reps: Vec<FieldRep>,
}

impl Default for HandoffConfig {
    fn default() -> Self {
        HandoffConfig {
            framework: Framework::Bant,
            required: None,
            min_score_relaxed: 40,
            min_score_strict: 70,
            weekly_capacity: 10,
            export_dir: None,
            field_reps: Vec::new(),
        }
    }
}

impl HandoffConfig {
    /// The required qualification items: `required` if set, else the framework's defaults.
    pub fn required_items(&self) -> Vec<&str> {
        match &self.required {
            Some(items) => items.iter().map(String::as_str).collect(),
            None => self.framework.default_required().to_vec(),
        }
    }

    /// The export directory: the configured one, else `handoff/` in `data_dir`.
    pub fn export_dir(&self, data_dir: &Path) -> PathBuf {
        self.export_dir
            .clone()
            .unwrap_or_else(|| data_dir.join("handoff"))
    }

    /// The field rep of a name (ASCII case-insensitive).
    pub fn field_rep(&self, name: &str) -> Option<&FieldRep> {
        self.field_reps
            .iter()
            .find(|r| r.name.eq_ignore_ascii_case(name))
    }

    /// Checks what spans keys: the required items against the framework, the two minimums.
    /// Returns the offending key and the message.
    pub(crate) fn check(&self) -> Result<(), (&'static str, String)> {
        if let Some(items) = &self.required {
            let known = self.framework.items();
            if let Some(bad) = items.iter().find(|i| !known.contains(&i.as_str())) {
                return Err((
                    "handoff.required",
                    format!(
                        "`{bad}` is not a {} item, expected one of {}",
                        self.framework.id(),
                        one_of(known.iter().copied())
                    ),
                ));
            }
        }
        if self.min_score_strict < self.min_score_relaxed {
            return Err((
                "handoff.min_score_strict",
                format!(
                    "min_score_strict ({}) is below min_score_relaxed ({})",
                    self.min_score_strict, self.min_score_relaxed
                ),
            ));
        }
        Ok(())
    }
}

fn de_field_reps<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<FieldRep>, D::Error> {
    let user = Vec::<FieldRep>::deserialize(d)?;
    Ok(merge_named(Vec::new(), user, |r| r.name.as_str()))
}

/// Whether a KPI id takes a target: every id of Appendix D but the non-scalar
/// `connect_rate_by_hour` and `grade_mix`.
pub fn is_target_kpi(id: &str) -> bool {
    crate::domain::kpi::KPI_IDS.contains(&id) && !matches!(id, "connect_rate_by_hour" | "grade_mix")
}

/// `[targets]`: KPI targets (counts per working day, rates as they are), with per-role overrides
/// from `[targets."<role>"]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Targets {
    /// Targets for every role, by KPI id.
    pub base: BTreeMap<String, f64>,
    /// Per-role overrides, by KPI id.
    pub roles: BTreeMap<Role, BTreeMap<String, f64>>,
}

impl Default for Targets {
    fn default() -> Self {
        let base = [
            ("dials", 60.0),
            ("conversations", 12.0),
            ("meetings", 2.0),
            ("handoffs", 1.0),
            ("mails", 30.0),
            ("replies", 3.0),
            ("reengaged", 2.0),
            ("connect_rate", 0.2),
            ("speed_to_lead_within_sla", 0.8),
            ("next_action_share", 1.0),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        Targets {
            base,
            roles: BTreeMap::new(),
        }
    }
}

impl Targets {
    /// The target of a KPI for a role: the role's override, else the base value.
    pub fn target(&self, role: Role, kpi: &str) -> Option<f64> {
        self.roles
            .get(&role)
            .and_then(|t| t.get(kpi))
            .or_else(|| self.base.get(kpi))
            .copied()
    }

    /// Every target that applies to a role, by KPI id.
    pub fn for_role(&self, role: Role) -> BTreeMap<&str, f64> {
        let mut out: BTreeMap<&str, f64> =
            self.base.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        if let Some(over) = self.roles.get(&role) {
            out.extend(over.iter().map(|(k, v)| (k.as_str(), *v)));
        }
        out
    }
}

/// A key of `[targets]`: a KPI id or a role id (checked as the key is read, so errors point at it).
enum TargetKey {
    Kpi(String),
    Role(Role),
}

fn kpi_error(id: &str) -> String {
    format!(
        "unknown KPI or role `{id}`, expected a KPI id of Appendix D (e.g. `dials`) or a role such as \"task:calls\""
    )
}

impl<'de> Deserialize<'de> for TargetKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let id = String::deserialize(d)?;
        if let Some(role) = Role::from_id(&id) {
            Ok(TargetKey::Role(role))
        } else if is_target_kpi(&id) {
            Ok(TargetKey::Kpi(id))
        } else {
            Err(de::Error::custom(kpi_error(&id)))
        }
    }
}

/// A KPI id inside a role table.
struct KpiKey(String);

impl<'de> Deserialize<'de> for KpiKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let id = String::deserialize(d)?;
        if is_target_kpi(&id) {
            Ok(KpiKey(id))
        } else {
            Err(de::Error::custom(format!(
                "unknown KPI `{id}`, expected a KPI id of Appendix D such as `dials`"
            )))
        }
    }
}

/// A target value: a number of zero or more.
struct TargetValue(f64);

impl<'de> Deserialize<'de> for TargetValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = f64::deserialize(d)?;
        if v.is_finite() && v >= 0.0 {
            Ok(TargetValue(v))
        } else {
            Err(de::Error::custom(format!(
                "a target must be 0 or more, not {v}"
            )))
        }
    }
}

struct RoleTargets(BTreeMap<String, f64>);

impl<'de> Deserialize<'de> for RoleTargets {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RoleTargets;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a table of KPI targets")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RoleTargets, A::Error> {
                let mut out = BTreeMap::new();
                while let Some(KpiKey(k)) = map.next_key()? {
                    let TargetValue(v) = map.next_value()?;
                    out.insert(k, v);
                }
                Ok(RoleTargets(out))
            }
        }
        d.deserialize_map(V)
    }
}

impl<'de> Deserialize<'de> for Targets {
    /// Merges the file's `[targets]` over the defaults.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Targets;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a table of KPI targets")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Targets, A::Error> {
                let mut t = Targets::default();
                while let Some(key) = map.next_key::<TargetKey>()? {
                    match key {
                        TargetKey::Kpi(k) => {
                            let TargetValue(v) = map.next_value()?;
                            t.base.insert(k, v);
                        }
                        TargetKey::Role(r) => {
                            let RoleTargets(over) = map.next_value()?;
                            t.roles.entry(r).or_default().extend(over);
                        }
                    }
                }
                Ok(t)
            }
        }
        d.deserialize_map(V)
    }
}
