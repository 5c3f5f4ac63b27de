//! Time for demo data: the leads' time zones, their working days, and snapping instants into
//! business hours. Offsets and working days are computed once per day of the demo's range, so
//! the per-activity cost is a table look-up, not a time-zone search.

use chrono::{Datelike, NaiveDate, Offset, TimeZone, Weekday};
use chrono_tz::Tz;

use crate::domain::holiday_jp::is_japanese_holiday;

/// Seconds in a minute.
pub const MIN: i64 = 60;
/// Seconds in an hour.
pub const HOUR: i64 = 3_600;
/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// Days from 0001-01-01 (chrono's day 1 of the common era) to 1970-01-01.
const EPOCH_DAYS_FROM_CE: i64 = 719_163;
/// Business hours start (local seconds after midnight).
const OPEN: i64 = 9 * HOUR;
/// Latest local time a journal entry is snapped to.
const CLOSE: i64 = 17 * HOUR + 45 * MIN;

/// A time zone demo leads live in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// Japan.
    Tokyo,
    /// US Eastern.
    NewYork,
    /// US Central.
    Chicago,
    /// US Pacific.
    LosAngeles,
    /// United Kingdom.
    London,
}

impl Zone {
    /// Every zone.
    pub const ALL: [Zone; 5] = [
        Zone::Tokyo,
        Zone::NewYork,
        Zone::Chicago,
        Zone::LosAngeles,
        Zone::London,
    ];

    /// The IANA name.
    pub fn name(self) -> &'static str {
        match self {
            Zone::Tokyo => "Asia/Tokyo",
            Zone::NewYork => "America/New_York",
            Zone::Chicago => "America/Chicago",
            Zone::LosAngeles => "America/Los_Angeles",
            Zone::London => "Europe/London",
        }
    }

    fn tz(self) -> Tz {
        match self {
            Zone::Tokyo => Tz::Asia__Tokyo,
            Zone::NewYork => Tz::America__New_York,
            Zone::Chicago => Tz::America__Chicago,
            Zone::LosAngeles => Tz::America__Los_Angeles,
            Zone::London => Tz::Europe__London,
        }
    }

    /// Standard offset from UTC in seconds, for instants outside the precomputed range.
    fn standard_offset(self) -> i64 {
        match self {
            Zone::Tokyo => 9 * HOUR,
            Zone::NewYork => -5 * HOUR,
            Zone::Chicago => -6 * HOUR,
            Zone::LosAngeles => -8 * HOUR,
            Zone::London => 0,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The date of a day number (days since 1970-01-01).
pub fn date_of_day(day: i64) -> NaiveDate {
    i32::try_from(day + EPOCH_DAYS_FROM_CE)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .unwrap_or_default()
}

/// Offsets and working days per zone for every day of the demo's range.
#[derive(Debug, Clone)]
pub struct Calendar {
    first_day: i64,
    /// Per day, per zone: the UTC offset at noon UTC, in seconds.
    offsets: Vec<[i32; 5]>,
    /// Per local day, per zone: a working day (Mon–Fri, not a holiday).
    working: Vec<[bool; 5]>,
}

impl Calendar {
    /// A calendar for the days `from_day..=to_day` (days since 1970-01-01, UTC).
    pub fn new(from_day: i64, to_day: i64) -> Calendar {
        let len = usize::try_from(to_day - from_day + 1).unwrap_or(0);
        let mut offsets = Vec::with_capacity(len);
        let mut working = Vec::with_capacity(len);
        for i in 0..len {
            let day = from_day + i as i64;
            let date = date_of_day(day);
            let noon = date.and_hms_opt(12, 0, 0).unwrap_or_default();
            let mut off = [0i32; 5];
            let mut work = [false; 5];
            for z in Zone::ALL {
                off[z.index()] = z
                    .tz()
                    .offset_from_utc_datetime(&noon)
                    .fix()
                    .local_minus_utc();
                work[z.index()] = is_working_date(z, date);
            }
            offsets.push(off);
            working.push(work);
        }
        Calendar {
            first_day: from_day,
            offsets,
            working,
        }
    }

    fn slot(&self, day: i64) -> Option<usize> {
        usize::try_from(day - self.first_day)
            .ok()
            .filter(|i| *i < self.offsets.len())
    }

    /// The zone's UTC offset (seconds) around instant `t` (unix seconds).
    pub fn offset(&self, z: Zone, t: i64) -> i64 {
        match self.slot(t.div_euclid(DAY)) {
            Some(i) => i64::from(self.offsets[i][z.index()]),
            None => z.standard_offset(),
        }
    }

    /// Whether a local day of the zone is a working day.
    pub fn is_working(&self, z: Zone, local_day: i64) -> bool {
        match self.slot(local_day) {
            Some(i) => self.working[i][z.index()],
            None => is_working_date(z, date_of_day(local_day)),
        }
    }

    /// The zone's local day number and seconds after local midnight at `t`.
    pub fn local(&self, z: Zone, t: i64) -> (i64, i64) {
        let local = t + self.offset(z, t);
        (local.div_euclid(DAY), local.rem_euclid(DAY))
    }

    fn to_utc(&self, z: Zone, day: i64, secs: i64) -> i64 {
        let guess = day * DAY + secs;
        guess - self.offset(z, guess - z.standard_offset())
    }

    fn next_working(&self, z: Zone, mut day: i64) -> i64 {
        // Year-end closures and Golden Week stay under two weeks.
        for _ in 0..14 {
            if self.is_working(z, day) {
                break;
            }
            day += 1;
        }
        day
    }

    /// `t`, or the next moment inside business hours on a working day of the zone; a morning
    /// start is spread over the first hours so that snapped entries do not pile up at 9:00.
    pub fn business(&self, z: Zone, t: i64, jitter: u64) -> i64 {
        let (mut day, mut secs) = self.local(z, t);
        let spread = (jitter % (150 * MIN as u64)) as i64;
        if secs < OPEN {
            secs = OPEN + spread;
        } else if secs > CLOSE {
            day += 1;
            secs = OPEN + spread;
        }
        let day = self.next_working(z, day);
        self.to_utc(z, day, secs)
    }

    /// `t`, or the last moment inside business hours on a working day before it.
    pub fn business_before(&self, z: Zone, t: i64, jitter: u64) -> i64 {
        let (mut day, mut secs) = self.local(z, t);
        let spread = (jitter % (120 * MIN as u64)) as i64;
        if secs > CLOSE {
            secs = CLOSE - spread;
        } else if secs < OPEN {
            day -= 1;
            secs = CLOSE - spread;
        }
        for _ in 0..14 {
            if self.is_working(z, day) {
                break;
            }
            day -= 1;
        }
        self.to_utc(z, day, secs)
    }

    /// A meeting slot (10:00 … 16:00 on the half hour) on the first working day at or after the
    /// local day of `t`, and not before `t`.
    pub fn meeting_slot(&self, z: Zone, t: i64, pick: u64) -> i64 {
        const SLOTS: [i64; 8] = [600, 630, 660, 780, 840, 870, 900, 960];
        let minutes = SLOTS[(pick % SLOTS.len() as u64) as usize];
        let (mut day, secs) = self.local(z, t);
        if secs > minutes * MIN {
            day += 1;
        }
        let day = self.next_working(z, day);
        self.to_utc(z, day, minutes * MIN)
    }

    /// The rep's calendar date at `t` (the demo rep works from Tokyo).
    pub fn rep_date(&self, t: i64) -> NaiveDate {
        date_of_day(self.local(Zone::Tokyo, t).0)
    }

    /// The end of the rep's day containing `t` (local midnight, Tokyo).
    pub fn rep_day_end(&self, t: i64) -> i64 {
        let (day, _) = self.local(Zone::Tokyo, t);
        self.to_utc(Zone::Tokyo, day + 1, 0)
    }
}

fn is_working_date(z: Zone, date: NaiveDate) -> bool {
    if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
        return false;
    }
    let (m, d) = (date.month(), date.day());
    match z {
        // 年末年始: most Japanese companies close from 29 December to 3 January.
        Zone::Tokyo => !((m == 12 && d >= 29) || (m == 1 && d <= 3) || is_japanese_holiday(date)),
        _ => !((m == 12 && d == 25) || (m == 1 && d == 1)),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn cal() -> Calendar {
        // 2026-01-01 is day 20454.
        Calendar::new(20_400, 20_700)
    }

    fn at(s: &str) -> i64 {
        chrono::DateTime::parse_from_rfc3339(s).unwrap().timestamp()
    }

    #[test]
    fn business_moves_a_night_instant_to_the_next_morning() {
        let c = cal();
        // Friday 2026-03-06 23:00 JST → Monday 2026-03-09 in the morning.
        let t = c.business(Zone::Tokyo, at("2026-03-06T23:00:00+09:00"), 0);
        assert_eq!(t, at("2026-03-09T09:00:00+09:00"));
        // Inside hours: unchanged.
        let t0 = at("2026-03-09T14:10:00+09:00");
        assert_eq!(c.business(Zone::Tokyo, t0, 99), t0);
    }

    #[test]
    fn new_york_follows_daylight_saving() {
        let c = cal();
        let summer = c.business(Zone::NewYork, at("2026-07-01T05:00:00-04:00"), 0);
        assert_eq!(summer, at("2026-07-01T09:00:00-04:00"));
        let winter = c.business(Zone::NewYork, at("2026-02-02T05:00:00-05:00"), 0);
        assert_eq!(winter, at("2026-02-02T09:00:00-05:00"));
    }

    #[test]
    fn japanese_holidays_and_year_end_are_not_working_days() {
        let c = cal();
        let day = |s: &str| c.local(Zone::Tokyo, at(s)).0;
        assert!(!c.is_working(Zone::Tokyo, day("2026-01-02T12:00:00+09:00")));
        assert!(!c.is_working(Zone::Tokyo, day("2026-02-11T12:00:00+09:00")));
        assert!(c.is_working(Zone::Tokyo, day("2026-02-12T12:00:00+09:00")));
        assert!(c.is_working(Zone::London, day("2026-02-11T12:00:00+09:00")));
    }

    #[test]
    fn meeting_slots_are_on_working_days_and_not_before_the_instant() {
        let c = cal();
        let t = at("2026-03-06T17:00:00+09:00");
        let m = c.meeting_slot(Zone::Tokyo, t, 0);
        assert_eq!(m, at("2026-03-09T10:00:00+09:00"));
    }
}
