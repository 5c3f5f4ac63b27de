//! `[[groups]]`: named rules that sort leads into groups (SPEC §3).

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use super::scoring::{GRADES, check_field, check_range, merge_named};
use super::value::{checked, one_of};
use crate::domain::Stage;

/// One condition of a group rule.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// The field equals one of these (case-insensitive; for `tags`, any tag does).
    Any(Vec<String>),
    /// The numeric field is within `min..=max` (for `employees`, the range overlaps it).
    Range {
        /// Lower bound, inclusive.
        min: Option<i64>,
        /// Upper bound, inclusive.
        max: Option<i64>,
    },
    /// The flag field (`email_opt_out`, `do_not_call`) has this value.
    Is(bool),
}

/// A `[[groups]]` entry: a lead is in the group when it meets every condition of `when`.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The group's name (a user group with a built-in's name replaces it).
    pub name: String,
    /// Conditions by field id; all must hold (none: every lead).
    pub when: BTreeMap<String, Condition>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    name: String,
    #[serde(default, deserialize_with = "de_when")]
    when: BTreeMap<String, Condition>,
}

impl<'de> Deserialize<'de> for Group {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        checked::<D, RawGroup, Group>(d)
    }
}

impl TryFrom<RawGroup> for Group {
    type Error = String;

    fn try_from(raw: RawGroup) -> Result<Self, Self::Error> {
        if raw.name.trim().is_empty() {
            return Err("a group needs a name".to_string());
        }
        Ok(Group {
            name: raw.name,
            when: raw.when,
        })
    }
}

/// The built-in groups (none).
pub fn builtin_groups() -> Vec<Group> {
    Vec::new()
}

/// Reads `[[groups]]` and merges it over the built-ins by name.
pub(crate) fn de_groups<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Group>, D::Error> {
    let user = Vec::<Group>::deserialize(d)?;
    Ok(merge_named(builtin_groups(), user, |g| g.name.as_str()))
}

/// A field id of `when`, checked as the key is read (so errors point at the key).
struct FieldKey(String);

impl<'de> Deserialize<'de> for FieldKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let id = String::deserialize(d)?;
        check_field(&id).map_err(de::Error::custom)?;
        Ok(FieldKey(id))
    }
}

fn de_when<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, Condition>, D::Error> {
    struct WhenVisitor;
    impl<'de> Visitor<'de> for WhenVisitor {
        type Value = BTreeMap<String, Condition>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(
                "a table of conditions, e.g. { industry = [\"IT\"], employees = { min = 100 } }",
            )
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some(FieldKey(field)) = map.next_key()? {
                let cond: Condition = map.next_value()?;
                check_condition(&field, &cond).map_err(de::Error::custom)?;
                out.insert(field, cond);
            }
            Ok(out)
        }
    }
    d.deserialize_map(WhenVisitor)
}

fn check_condition(field: &str, cond: &Condition) -> Result<(), String> {
    match (field, cond) {
        ("grade", Condition::Any(values)) => {
            match values.iter().find(|v| !GRADES.contains(&v.as_str())) {
                Some(v) => Err(format!(
                    "unknown grade `{v}`, expected `A`, `B`, `C` or `D`"
                )),
                None => Ok(()),
            }
        }
        ("stage", Condition::Any(values)) => {
            match values.iter().find(|v| Stage::from_id(v).is_none()) {
                Some(v) => Err(format!(
                    "unknown stage `{v}`, expected one of {}",
                    one_of(Stage::ALL.iter().map(|s| s.id()))
                )),
                None => Ok(()),
            }
        }
        (_, Condition::Range { min, max }) => check_range(*min, *max),
        _ => Ok(()),
    }
}

impl<'de> Deserialize<'de> for Condition {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct CondVisitor;
        impl<'de> Visitor<'de> for CondVisitor {
            type Value = Condition;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of values, a value, `{ min = N, max = N }` or true/false")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Condition, E> {
                Ok(Condition::Any(vec![v.to_string()]))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Condition, E> {
                Ok(Condition::Is(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Condition, E> {
                Ok(Condition::Range {
                    min: Some(v),
                    max: Some(v),
                })
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Condition, A::Error> {
                let mut values = Vec::new();
                while let Some(v) = seq.next_element::<String>()? {
                    values.push(v);
                }
                Ok(Condition::Any(values))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Condition, A::Error> {
                #[derive(Deserialize)]
                #[serde(deny_unknown_fields)]
                struct Bounds {
                    min: Option<i64>,
                    max: Option<i64>,
                }
                let b = Bounds::deserialize(de::value::MapAccessDeserializer::new(map))?;
                if b.min.is_none() && b.max.is_none() {
                    return Err(de::Error::custom("a range needs `min`, `max` or both"));
                }
                Ok(Condition::Range {
                    min: b.min,
                    max: b.max,
                })
            }
        }
        d.deserialize_any(CondVisitor)
    }
}
