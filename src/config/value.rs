//! Typed configuration values: the rep's role, retry offsets, and readers for times, dates,
//! weekdays, time zones, stages and paths.

use std::fmt;
use std::marker::PhantomData;
use std::path::PathBuf;
use std::str::FromStr;

use chrono::{Duration, NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

use crate::domain::Stage;

/// How the rep's work is split in the team (SPEC §9, `rep.role`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Role {
    /// The whole process.
    #[default]
    All,
    /// By lead stage: new leads.
    StageNew,
    /// By lead stage: leads not reached yet.
    StageUnreached,
    /// By lead stage: engaged leads.
    StageEngaged,
    /// By lead stage: lost leads.
    StageLost,
    /// By task: scoring and grouping.
    TaskScoring,
    /// By task: follow-up mail.
    TaskFollowup,
    /// By task: calls to set meetings.
    TaskCalls,
    /// By task: re-engaging lost leads.
    TaskReengage,
}

impl Role {
    /// Every role, in the order of SPEC §9.
    pub const ALL: [Role; 9] = [
        Role::All,
        Role::StageNew,
        Role::StageUnreached,
        Role::StageEngaged,
        Role::StageLost,
        Role::TaskScoring,
        Role::TaskFollowup,
        Role::TaskCalls,
        Role::TaskReengage,
    ];

    /// The stable id (`all`, `stage:new`, … `task:reengage`).
    pub fn id(self) -> &'static str {
        match self {
            Role::All => "all",
            Role::StageNew => "stage:new",
            Role::StageUnreached => "stage:unreached",
            Role::StageEngaged => "stage:engaged",
            Role::StageLost => "stage:lost",
            Role::TaskScoring => "task:scoring",
            Role::TaskFollowup => "task:followup",
            Role::TaskCalls => "task:calls",
            Role::TaskReengage => "task:reengage",
        }
    }

    /// Parses a stable id.
    pub fn from_id(id: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.id() == id)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for Role {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl<'de> Deserialize<'de> for Role {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Role::from_id(&text).ok_or_else(|| {
            de::Error::custom(format!(
                "unknown role `{text}`, expected one of {}",
                one_of(Role::ALL.iter().map(|r| r.id()))
            ))
        })
    }
}

/// The unit of a [`RetryOffset`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OffsetUnit {
    /// `m`: minutes.
    Minutes,
    /// `h`: hours.
    Hours,
    /// `d`: calendar days (same time of day).
    Days,
    /// `w`: weeks.
    Weeks,
}

/// A relative delay such as `+1d`, `+2h`, `+1w` or `+30m` (`m` = minutes), kept as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryOffset {
    text: String,
    amount: u32,
    unit: OffsetUnit,
}

/// The largest amount a [`RetryOffset`] accepts (keeps every duration far from overflow).
const MAX_OFFSET_AMOUNT: u32 = 100_000;

impl RetryOffset {
    /// The text as written in the configuration.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The number before the unit.
    pub fn amount(&self) -> u32 {
        self.amount
    }

    /// The unit.
    pub fn unit(&self) -> OffsetUnit {
        self.unit
    }

    /// The delay as a duration (a day is 24 hours; callers that keep the wall-clock time of day
    /// across DST use [`RetryOffset::unit`] and [`RetryOffset::amount`]).
    pub fn duration(&self) -> Duration {
        let n = i64::from(self.amount);
        match self.unit {
            OffsetUnit::Minutes => Duration::minutes(n),
            OffsetUnit::Hours => Duration::hours(n),
            OffsetUnit::Days => Duration::days(n),
            OffsetUnit::Weeks => Duration::weeks(n),
        }
    }
}

impl FromStr for RetryOffset {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{text}` is not an offset like +1d, +2h, +1w or +30m");
        let rest = text.strip_prefix('+').ok_or_else(bad)?;
        let unit_char = rest.chars().last().ok_or_else(bad)?;
        let digits = &rest[..rest.len() - unit_char.len_utf8()];
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let unit = match unit_char {
            'm' => OffsetUnit::Minutes,
            'h' => OffsetUnit::Hours,
            'd' => OffsetUnit::Days,
            'w' => OffsetUnit::Weeks,
            _ => return Err(bad()),
        };
        let amount: u32 = digits.parse().map_err(|_| bad())?;
        if amount == 0 || amount > MAX_OFFSET_AMOUNT {
            return Err(format!(
                "`{text}`: the amount must be 1 to {MAX_OFFSET_AMOUNT}"
            ));
        }
        Ok(RetryOffset {
            text: text.to_string(),
            amount,
            unit,
        })
    }
}

impl fmt::Display for RetryOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for RetryOffset {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(de::Error::custom)
    }
}

/// Builds a [`RetryOffset`] for the built-in defaults.
pub(crate) fn offset(amount: u32, unit: OffsetUnit) -> RetryOffset {
    let suffix = match unit {
        OffsetUnit::Minutes => 'm',
        OffsetUnit::Hours => 'h',
        OffsetUnit::Days => 'd',
        OffsetUnit::Weeks => 'w',
    };
    RetryOffset {
        text: format!("+{amount}{suffix}"),
        amount,
        unit,
    }
}

/// "`a`, `b` or `c`" for error messages.
pub(crate) fn one_of<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let items: Vec<String> = items.map(|i| format!("`{i}`")).collect();
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// Reads an IANA time zone name such as `Asia/Tokyo`.
pub(crate) fn de_tz<'de, D: Deserializer<'de>>(d: D) -> Result<Tz, D::Error> {
    let name = String::deserialize(d)?;
    name.parse::<Tz>().map_err(|_| {
        de::Error::custom(format!(
            "unknown time zone `{name}` (use an IANA name such as Asia/Tokyo)"
        ))
    })
}

/// A string or a TOML date/time literal, as text.
fn string_or_datetime<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match toml::Value::deserialize(d)? {
        toml::Value::String(s) => Ok(s),
        toml::Value::Datetime(dt) => Ok(dt.to_string()),
        other => Err(de::Error::custom(format!(
            "invalid type: {}, expected a string",
            other.type_str()
        ))),
    }
}

/// Parses a wall-clock time such as `09:00` or `9:30`.
pub(crate) fn parse_time(text: &str) -> Result<NaiveTime, String> {
    NaiveTime::parse_from_str(text, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(text, "%H:%M:%S"))
        .map_err(|_| format!("`{text}` is not a time like 09:00"))
}

/// Reads a time such as `"09:00"` (or a TOML time literal).
pub(crate) fn de_time<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
    let text = string_or_datetime(d)?;
    parse_time(&text).map_err(de::Error::custom)
}

/// Reads a list of dates such as `["2026-12-29"]` (strings or TOML date literals).
pub(crate) fn de_dates<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<NaiveDate>, D::Error> {
    #[derive(Deserialize)]
    struct Date(#[serde(deserialize_with = "de_date")] NaiveDate);
    fn de_date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let text = string_or_datetime(d)?;
        NaiveDate::parse_from_str(&text, "%Y-%m-%d")
            .map_err(|_| de::Error::custom(format!("`{text}` is not a date like 2026-12-29")))
    }
    let dates = Vec::<Date>::deserialize(d)?;
    Ok(dates.into_iter().map(|x| x.0).collect())
}

/// The weekday id (`mon` … `sun`).
pub fn weekday_id(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

/// Parses a weekday id (`mon` … `sun`).
pub fn weekday_from_id(id: &str) -> Option<Weekday> {
    let mut day = Weekday::Mon;
    for _ in 0..7 {
        if weekday_id(day) == id {
            return Some(day);
        }
        day = day.succ();
    }
    None
}

fn weekday_error(id: &str) -> String {
    format!("unknown day `{id}`, expected one of `mon`, `tue`, `wed`, `thu`, `fri`, `sat` or `sun`")
}

/// Reads one weekday id.
pub(crate) fn de_weekday<'de, D: Deserializer<'de>>(d: D) -> Result<Weekday, D::Error> {
    let id = String::deserialize(d)?;
    weekday_from_id(&id).ok_or_else(|| de::Error::custom(weekday_error(&id)))
}

/// Reads a non-empty list of weekday ids, dropping repeats.
pub(crate) fn de_weekdays<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Weekday>, D::Error> {
    let ids = Vec::<String>::deserialize(d)?;
    let mut days: Vec<Weekday> = Vec::new();
    for id in ids {
        let day = weekday_from_id(&id).ok_or_else(|| de::Error::custom(weekday_error(&id)))?;
        if !days.contains(&day) {
            days.push(day);
        }
    }
    if days.is_empty() {
        return Err(de::Error::custom("at least one day is needed"));
    }
    Ok(days)
}

/// Reads a list of stage ids (`new`, `unreached`, `engaged`, `lost`, `handed_off`).
pub(crate) fn de_stages<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Stage>, D::Error> {
    let ids = Vec::<String>::deserialize(d)?;
    ids.iter()
        .map(|id| {
            Stage::from_id(id).ok_or_else(|| {
                de::Error::custom(format!(
                    "unknown stage `{id}`, expected one of {}",
                    one_of(Stage::ALL.iter().map(|s| s.id()))
                ))
            })
        })
        .collect()
}

/// Reads an optional path; a leading `~/` means the home directory.
pub(crate) fn de_opt_path<'de, D: Deserializer<'de>>(d: D) -> Result<Option<PathBuf>, D::Error> {
    let text = String::deserialize(d)?;
    if text.is_empty() {
        return Ok(None);
    }
    Ok(Some(expand_home(&text)))
}

fn expand_home(text: &str) -> PathBuf {
    let rest = if text == "~" {
        Some("")
    } else {
        text.strip_prefix("~/")
    };
    match (rest, directories::BaseDirs::new()) {
        (Some(rest), Some(dirs)) => dirs.home_dir().join(rest),
        _ => PathBuf::from(text),
    }
}

/// Reads a number that must be greater than zero.
pub(crate) fn de_positive_f64<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    let n = f64::deserialize(d)?;
    if n.is_finite() && n > 0.0 {
        Ok(n)
    } else {
        Err(de::Error::custom(format!(
            "must be greater than 0, not {n}"
        )))
    }
}

/// Reads a number that must be zero or more.
pub(crate) fn de_non_negative_f64<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    let n = f64::deserialize(d)?;
    if n.is_finite() && n >= 0.0 {
        Ok(n)
    } else {
        Err(de::Error::custom(format!("must be 0 or more, not {n}")))
    }
}

/// Reads the dialler's command line: it must name a program and pass `{phone}`.
pub(crate) fn de_dial_command<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let argv = Vec::<String>::deserialize(d)?;
    match argv.first() {
        Some(program) if !program.trim().is_empty() => {}
        _ => {
            return Err(de::Error::custom(
                "the first element must name a program, e.g. [\"xdg-open\", \"tel:{phone}\"]",
            ));
        }
    }
    if !argv.iter().skip(1).any(|a| a.contains("{phone}")) {
        return Err(de::Error::custom(
            "no argument holds `{phone}`, so the number would never reach the dialler",
        ));
    }
    Ok(argv)
}

/// Whether a text looks like a bare email address (`local@domain`, no spaces).
pub(crate) fn looks_like_address(a: &str) -> bool {
    match a.rsplit_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && !domain.is_empty() && !a.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// Reads an email address; empty means none.
pub(crate) fn de_opt_address<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let a = String::deserialize(d)?;
    if a.is_empty() || looks_like_address(&a) {
        Ok(a)
    } else {
        Err(de::Error::custom(format!("`{a}` is not an email address")))
    }
}

/// Reads `R` and converts it with `T::try_from`, inside a newtype request so that the TOML
/// deserializer gives a conversion error the span of this value (not of its parent array).
pub(crate) fn checked<'de, D, R, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    R: Deserialize<'de>,
    T: TryFrom<R>,
    T::Error: fmt::Display,
{
    struct V<R, T>(PhantomData<(R, T)>);
    impl<'de, R, T> de::Visitor<'de> for V<R, T>
    where
        R: Deserialize<'de>,
        T: TryFrom<R>,
        T::Error: fmt::Display,
    {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a value")
        }
        fn visit_newtype_struct<D2: Deserializer<'de>>(self, d: D2) -> Result<T, D2::Error> {
            let raw = R::deserialize(d)?;
            T::try_from(raw).map_err(de::Error::custom)
        }
    }
    d.deserialize_newtype_struct("checked", V(PhantomData))
}
