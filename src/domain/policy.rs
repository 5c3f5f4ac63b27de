//! The configured rules in domain types: what every use case and the TUI need to know of the
//! configuration (built by `Config::policy`).

use chrono::{Duration, NaiveDate, NaiveTime};
use chrono_tz::Tz;

use super::calling::{CallingWindow, is_in_japan};
use super::queue::Clock;
use super::transition::Rules;
use super::{Lang, Lead, Ts};

/// The configured rules, in domain types.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The rep's time zone: typed dates and "today" are in it.
    pub rep_tz: Tz,
    /// Stage-rule parameters.
    pub rules: Rules,
    /// Calling hours.
    pub window: CallingWindow,
    /// Calls to one lead per day before a confirmation is needed.
    pub max_attempts_per_day: u32,
    /// The value half-life in days.
    pub half_life_days: f64,
    /// The UI language.
    pub lang: Lang,
    /// Minutes a new lead may wait for its first touch (`sla.speed_to_lead_minutes`).
    pub speed_to_lead_minutes: i64,
    /// Seconds a mail waits before it leaves, while `u` can take it back
    /// (`mail.send_delay_secs`).
    pub send_delay_secs: u64,
}

impl Default for Policy {
    /// The policy of an empty configuration (SPEC Appendix C defaults).
    fn default() -> Self {
        Policy {
            rep_tz: chrono_tz::Asia::Tokyo,
            rules: Rules::default(),
            window: CallingWindow::default(),
            max_attempts_per_day: 3,
            half_life_days: 14.0,
            lang: Lang::En,
            speed_to_lead_minutes: 60,
            send_delay_secs: 20,
        }
    }
}

/// The rep's calendar day around an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RepDay {
    /// The date in the rep's zone.
    pub date: NaiveDate,
    /// Local midnight that starts it, in UTC.
    pub start: Ts,
    /// Local midnight that ends it, in UTC.
    pub end: Ts,
}

impl Policy {
    /// The rep's day containing `at`.
    pub fn rep_day(&self, at: Ts) -> RepDay {
        let date = at.with_timezone(&self.rep_tz).date_naive();
        let start = local_midnight(self.rep_tz, date);
        let end = local_midnight(self.rep_tz, date + Duration::days(1));
        RepDay { date, start, end }
    }

    /// The clock the queues are read with.
    pub fn clock(&self, now: Ts) -> Clock {
        let day = self.rep_day(now);
        Clock {
            now,
            end_of_today: day.end,
            today: day.date,
        }
    }

    /// A lead's zone: its own, else the rep's.
    pub fn lead_tz(&self, lead_tz: Option<&str>) -> Tz {
        lead_tz
            .and_then(|z| z.parse::<Tz>().ok())
            .unwrap_or(self.rep_tz)
    }

    /// Whether the lead may be called at `at` (its local calling window and holidays).
    pub fn is_callable(&self, lead: &Lead, at: Ts) -> bool {
        let tz = self.lead_tz(lead.timezone.as_deref());
        self.window.is_open(at, tz, is_in_japan(tz.name()))
    }

    /// Of the given lead zones (and the rep's own, for leads without one), those inside their
    /// calling window at `now`.
    pub fn callable_zones(&self, zones: &[String], now: Ts) -> super::queue::CallableZones {
        let rep_zone = self.rep_tz.name().to_owned();
        let mut open: Vec<String> = zones
            .iter()
            .chain(std::iter::once(&rep_zone))
            .filter(|z| {
                let tz = self.lead_tz(Some(z));
                self.window.is_open(now, tz, is_in_japan(tz.name()))
            })
            .cloned()
            .collect();
        open.sort();
        open.dedup();
        super::queue::CallableZones { rep_zone, open }
    }

    /// The first moment at or after `at` inside the lead's calling window.
    pub fn next_callable(&self, lead: &Lead, at: Ts) -> Ts {
        let tz = self.lead_tz(lead.timezone.as_deref());
        self.window.next_opening(at, tz, is_in_japan(tz.name()))
    }
}

fn local_midnight(tz: Tz, date: NaiveDate) -> Ts {
    super::when::local_to_utc(date.and_time(NaiveTime::MIN), tz)
}
