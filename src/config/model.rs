//! The plain sections of the configuration: `[rep]`, `[ui]`, `[calling]`, `[rules]`, `[sla]`,
//! `[log]` and `[team]`.

use chrono::{NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;
use serde::Deserialize;
use serde::de::{self, Deserializer};

use super::lost_reason::{LostReason, builtin_lost_reasons, de_lost_reasons};
use super::value::{
    OffsetUnit, RetryOffset, Role, de_dates, de_dial_command, de_non_negative_f64, de_opt_address,
    de_time, de_tz, de_weekday, de_weekdays, offset,
};
use crate::domain::{Lang, Stage};

/// `[rep]`: who is working.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RepConfig {
    /// The rep's name (stored in the database for `team`, used in mail).
    pub name: String,
    /// The rep's email: mail sender and `.ics` organizer.
    #[serde(deserialize_with = "de_opt_address")]
    pub email: String,
    /// The rep's time zone: typed dates, periods and reports.
    #[serde(deserialize_with = "de_tz")]
    pub timezone: Tz,
    /// How the rep's work is split (SPEC §9).
    pub role: Role,
    /// Signature appended to mail (`{{rep.signature}}`).
    pub signature: String,
}

impl Default for RepConfig {
    fn default() -> Self {
        RepConfig {
            name: String::new(),
            email: String::new(),
            timezone: Tz::Asia__Tokyo,
            role: Role::All,
            signature: String::new(),
        }
    }
}

/// `[ui]`: language and look.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct UiConfig {
    /// The UI language.
    pub language: Lang,
    /// The colour theme's name.
    pub theme: String,
}

impl Default for UiConfig {
    fn default() -> Self {
        UiConfig {
            language: Lang::En,
            theme: "default".to_string(),
        }
    }
}

/// Which public holidays close the calling window (`calling.holidays`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Holidays {
    /// Japan's public holidays, for leads in Japan.
    #[default]
    Jp,
    /// No built-in holidays (only `extra_holidays`).
    None,
}

/// The daily calling hours `[start, end)` in the lead's local time (`calling.window`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallingHours {
    /// When calling starts.
    pub start: NaiveTime,
    /// When calling ends (exclusive); after `start` (no windows across midnight).
    pub end: NaiveTime,
}

impl Default for CallingHours {
    fn default() -> Self {
        CallingHours {
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN),
            end: NaiveTime::from_hms_opt(18, 0, 0).unwrap_or(NaiveTime::MIN),
        }
    }
}

impl<'de> Deserialize<'de> for CallingHours {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Time(#[serde(deserialize_with = "de_time")] NaiveTime);
        let times = Vec::<Time>::deserialize(d)?;
        let [start, end] = times.as_slice() else {
            return Err(de::Error::custom(
                "expected two times, e.g. [\"09:00\", \"18:00\"]",
            ));
        };
        if end.0 <= start.0 {
            return Err(de::Error::custom(format!(
                "the window ends ({}) before it starts ({}); windows cannot span midnight",
                end.0.format("%H:%M"),
                start.0.format("%H:%M")
            )));
        }
        Ok(CallingHours {
            start: start.0,
            end: end.0,
        })
    }
}

/// `[calling]`: when and how leads are called.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CallingConfig {
    /// Daily calling hours in the lead's local time.
    pub window: CallingHours,
    /// Calling days.
    #[serde(deserialize_with = "de_weekdays")]
    pub days: Vec<Weekday>,
    /// Built-in public holidays.
    pub holidays: Holidays,
    /// Further days off, for every lead.
    #[serde(deserialize_with = "de_dates")]
    pub extra_holidays: Vec<NaiveDate>,
    /// Calls to one lead per day before the rep is asked to confirm.
    pub max_attempts_per_day: u32,
    /// Country for phone numbers without a country code (ISO 3166 alpha-2, upper case).
    #[serde(deserialize_with = "de_country")]
    pub default_country: String,
    /// The dialler: program and arguments; `{phone}` becomes the E.164 number (one argument).
    #[serde(deserialize_with = "de_dial_command")]
    pub dial_command: Vec<String>,
}

impl Default for CallingConfig {
    fn default() -> Self {
        CallingConfig {
            window: CallingHours::default(),
            days: vec![
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
            holidays: Holidays::Jp,
            extra_holidays: Vec::new(),
            max_attempts_per_day: 3,
            default_country: "JP".to_string(),
            dial_command: vec!["xdg-open".to_string(), "tel:{phone}".to_string()],
        }
    }
}

impl CallingConfig {
    /// The domain's calling window built from this section (hours, days and holidays).
    pub fn window(&self) -> crate::domain::calling::CallingWindow {
        crate::domain::calling::CallingWindow {
            start: self.window.start,
            end: self.window.end,
            days: self.days.clone(),
            japan_holidays: self.holidays == Holidays::Jp,
            extra_holidays: self.extra_holidays.clone(),
        }
    }
}

fn de_country<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let code = String::deserialize(d)?;
    if code.len() == 2 && code.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(code.to_ascii_uppercase())
    } else {
        Err(de::Error::custom(format!(
            "`{code}` is not a two-letter country code such as JP or US"
        )))
    }
}

/// `[rules]`: stage rules and lost reasons.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RulesConfig {
    /// Unsuccessful attempts after which a not-reached lead is lost (`unreachable`).
    pub lost_after_attempts: u32,
    /// Next call after no answer, voicemail or gatekeeper.
    pub retry_no_answer: RetryOffset,
    /// Next call after a busy line.
    pub retry_busy: RetryOffset,
    /// First day of the week for periods.
    #[serde(deserialize_with = "de_weekday")]
    pub week_start: Weekday,
    /// Lost reasons: the built-ins merged with `[[rules.lost_reasons]]`.
    #[serde(deserialize_with = "de_lost_reasons")]
    pub lost_reasons: Vec<LostReason>,
}

impl Default for RulesConfig {
    fn default() -> Self {
        RulesConfig {
            lost_after_attempts: 6,
            retry_no_answer: offset(1, OffsetUnit::Days),
            retry_busy: offset(2, OffsetUnit::Hours),
            week_start: Weekday::Mon,
            lost_reasons: builtin_lost_reasons(),
        }
    }
}

impl RulesConfig {
    /// The domain's transition rules built from this section.
    pub fn transition_rules(&self) -> crate::domain::transition::Rules {
        crate::domain::transition::Rules {
            lost_after_attempts: self.lost_after_attempts,
            retry_no_answer: self.retry_no_answer.duration(),
            retry_busy: self.retry_busy.duration(),
            reengage_days: self
                .lost_reasons
                .iter()
                .map(|r| (r.id.clone(), r.reengage_after_days))
                .collect(),
        }
    }
}

/// `[sla]`: days a lead may stay in a stage before it counts as stuck.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SlaConfig {
    /// Days in `new`.
    pub new: u32,
    /// Days in `unreached`.
    pub unreached: u32,
    /// Days in `engaged`.
    pub engaged: u32,
    /// Days in `handed_off` without feedback.
    pub handed_off: u32,
    /// Days past `reengage_on` for lost leads.
    pub lost: u32,
    /// Minutes from handover to the first touch (speed to lead).
    pub speed_to_lead_minutes: u32,
}

impl Default for SlaConfig {
    fn default() -> Self {
        SlaConfig {
            new: 1,
            unreached: 14,
            engaged: 30,
            handed_off: 14,
            lost: 7,
            speed_to_lead_minutes: 60,
        }
    }
}

impl SlaConfig {
    /// The stuck threshold in days for a stage.
    pub fn days(&self, stage: Stage) -> u32 {
        match stage {
            Stage::New => self.new,
            Stage::Unreached => self.unreached,
            Stage::Engaged => self.engaged,
            Stage::Lost => self.lost,
            Stage::HandedOff => self.handed_off,
        }
    }
}

/// `log.level`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
    /// No log file.
    #[default]
    Off,
    /// Errors only.
    Error,
    /// Warnings and errors.
    Warn,
    /// Informational messages.
    Info,
    /// Debugging detail (may include emails and phone numbers).
    Debug,
}

impl LogLevel {
    /// The id as written in the configuration.
    pub fn id(self) -> &'static str {
        match self {
            LogLevel::Off => "off",
            LogLevel::Error => "error",
            LogLevel::Warn => "warn",
            LogLevel::Info => "info",
            LogLevel::Debug => "debug",
        }
    }
}

/// `[log]`: the log file in the data directory.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogConfig {
    /// How much to log; `off` writes no file (`LEADBENCH_LOG` overrides).
    pub level: LogLevel,
}

/// `[team]`: the team-load report.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TeamConfig {
    /// A rep is flagged when the open load exceeds the mean by more than this share (0.25 = 25 %).
    #[serde(deserialize_with = "de_non_negative_f64")]
    pub flag_margin: f64,
}

impl Default for TeamConfig {
    fn default() -> Self {
        TeamConfig { flag_margin: 0.25 }
    }
}
