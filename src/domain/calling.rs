//! Calling hours (SPEC §6): when a lead may be called, in the lead's own local time.
//!
//! The window is [start, end) on the calling days, skipping Japan's public holidays for leads in
//! Japan (when enabled) and the configured extra holidays for every lead. Extra holidays are dates
//! of the lead's local calendar. A window whose start is not before its end is never open: windows
//! across midnight are not supported.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;

use super::holiday_jp::is_japanese_holiday;
use super::lead::Ts;
use super::when::local_to_utc;

/// How far [`CallingWindow::next_opening`] looks ahead before it gives up.
const MAX_SEARCH_DAYS: u32 = 400;

/// When leads may be called: daily hours, calling days and holidays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallingWindow {
    /// First minute of the window, lead's local time.
    pub start: NaiveTime,
    /// End of the window (exclusive), lead's local time.
    pub end: NaiveTime,
    /// Weekdays on which calls are made.
    pub days: Vec<Weekday>,
    /// Skip Japan's public holidays for leads in Japan (`calling.holidays = "jp"`).
    pub japan_holidays: bool,
    /// Further days off for every lead (`calling.extra_holidays`), lead's local dates.
    pub extra_holidays: Vec<NaiveDate>,
}

impl Default for CallingWindow {
    fn default() -> Self {
        CallingWindow {
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN),
            end: NaiveTime::from_hms_opt(18, 0, 0).unwrap_or(NaiveTime::MIN),
            days: vec![
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
            japan_holidays: true,
            extra_holidays: Vec::new(),
        }
    }
}

impl CallingWindow {
    /// Whether `date` (the lead's local date) is a holiday for this lead.
    pub fn is_holiday(&self, date: NaiveDate, in_japan: bool) -> bool {
        self.extra_holidays.contains(&date)
            || (self.japan_holidays && in_japan && is_japanese_holiday(date))
    }

    /// Whether `date` (the lead's local date) is a calling day that is not a holiday.
    pub fn is_calling_day(&self, date: NaiveDate, in_japan: bool) -> bool {
        self.days.contains(&date.weekday()) && !self.is_holiday(date, in_japan)
    }

    /// Whether a lead in `tz` may be called at `at`.
    pub fn is_open(&self, at: Ts, tz: Tz, in_japan: bool) -> bool {
        let local = at.with_timezone(&tz).naive_local();
        let time = local.time();
        self.start <= time && time < self.end && self.is_calling_day(local.date(), in_japan)
    }

    /// `at` when the window is open then, else the next instant it opens; `at` again when it does
    /// not open within about 400 days (no calling days, an empty window).
    pub fn next_opening(&self, at: Ts, tz: Tz, in_japan: bool) -> Ts {
        if self.is_open(at, tz, in_japan) {
            return at;
        }
        let mut date = at.with_timezone(&tz).date_naive();
        for _ in 0..=MAX_SEARCH_DAYS {
            if self.is_calling_day(date, in_japan) {
                if let Some((open, _)) = self.day_span(date, tz) {
                    if open > at && self.is_open(open, tz, in_japan) {
                        return open;
                    }
                }
            }
            match date.succ_opt() {
                Some(next) => date = next,
                None => break,
            }
        }
        at
    }

    /// Whole minutes of [from, to) inside the window (0 when `to` is not after `from`). Works a
    /// day at a time, so spans of months cost a few hundred steps.
    pub fn minutes_inside(&self, from: Ts, to: Ts, tz: Tz, in_japan: bool) -> i64 {
        if to <= from {
            return 0;
        }
        let last = to.with_timezone(&tz).date_naive();
        let mut date = from.with_timezone(&tz).date_naive();
        let mut total = Duration::zero();
        while date <= last {
            if self.is_calling_day(date, in_japan) {
                if let Some((open, close)) = self.day_span(date, tz) {
                    let (start, end) = (open.max(from), close.min(to));
                    if end > start {
                        total += end - start;
                    }
                }
            }
            match date.succ_opt() {
                Some(next) => date = next,
                None => break,
            }
        }
        total.num_minutes()
    }

    /// The window on one local date as instants, or `None` for an empty window.
    fn day_span(&self, date: NaiveDate, tz: Tz) -> Option<(Ts, Ts)> {
        if self.start >= self.end {
            return None;
        }
        let open = local_to_utc(date.and_time(self.start), tz);
        let close = local_to_utc(date.and_time(self.end), tz);
        (open < close).then_some((open, close))
    }
}

/// Whether a lead's IANA zone name places it in Japan (`Asia/Tokyo`, or its alias `Japan`).
pub fn is_in_japan(tz_name: &str) -> bool {
    let name = tz_name.trim();
    name.eq_ignore_ascii_case("Asia/Tokyo") || name.eq_ignore_ascii_case("Japan")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::DateTime;
    use chrono_tz::{America::New_York, Asia::Tokyo, Europe::London};
    use proptest::prelude::*;

    fn ts(s: &str) -> Ts {
        s.parse().unwrap()
    }

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn local(at: Ts, tz: Tz) -> String {
        at.with_timezone(&tz)
            .format("%Y-%m-%d %H:%M %Z")
            .to_string()
    }

    #[test]
    fn default_window_is_nine_to_six_on_weekdays_with_japanese_holidays() {
        let w = CallingWindow::default();
        assert_eq!((w.start, w.end), (t(9, 0), t(18, 0)));
        assert_eq!(w.days.len(), 5);
        assert!(!w.days.contains(&Weekday::Sat) && !w.days.contains(&Weekday::Sun));
        assert!(w.japan_holidays);
        assert!(w.extra_holidays.is_empty());
    }

    #[test]
    fn weekdays_are_open_within_hours_and_weekends_are_not() {
        let w = CallingWindow::default();
        let cases = [
            ("2026-03-24T23:59:59Z", false), // Wed 08:59:59 JST
            ("2026-03-25T00:00:00Z", true),  // Wed 09:00 JST
            ("2026-03-25T08:59:00Z", true),  // Wed 17:59 JST
            ("2026-03-25T09:00:00Z", false), // Wed 18:00 JST
            ("2026-03-28T01:00:00Z", false), // Sat 10:00 JST
            ("2026-03-29T01:00:00Z", false), // Sun 10:00 JST
        ];
        for (at, open) in cases {
            assert_eq!(w.is_open(ts(at), Tokyo, true), open, "{at}");
        }
    }

    #[test]
    fn japanese_holiday_closes_tokyo_leads_only() {
        let w = CallingWindow::default();
        // Friday 2026-03-20 is 春分の日: 10:00 in Tokyo and 10:00 in London.
        assert!(!w.is_open(ts("2026-03-20T01:00:00Z"), Tokyo, true));
        assert!(w.is_open(ts("2026-03-20T10:00:00Z"), London, false));
        let no_jp = CallingWindow {
            japan_holidays: false,
            ..CallingWindow::default()
        };
        assert!(no_jp.is_open(ts("2026-03-20T01:00:00Z"), Tokyo, true));
    }

    #[test]
    fn extra_holidays_close_every_lead() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 26).unwrap();
        let w = CallingWindow {
            extra_holidays: vec![day],
            ..CallingWindow::default()
        };
        assert!(!w.is_open(ts("2026-03-26T01:00:00Z"), Tokyo, true));
        assert!(!w.is_open(ts("2026-03-26T10:00:00Z"), London, false));
        assert!(!w.is_open(ts("2026-03-26T14:00:00Z"), New_York, false));
        assert!(w.is_open(ts("2026-03-27T14:00:00Z"), New_York, false));
    }

    #[test]
    fn next_opening_skips_nights_weekends_and_holidays() {
        let w = CallingWindow::default();
        let cases = [
            // Open now: unchanged.
            ("2026-03-25T01:00:00Z", Tokyo, true, "2026-03-25 10:00 JST"),
            // Friday 18:30 → Monday 09:00.
            ("2026-03-27T09:30:00Z", Tokyo, true, "2026-03-30 09:00 JST"),
            // Thursday 19:00 → Friday is 春分の日 → Monday 09:00.
            ("2026-03-19T10:00:00Z", Tokyo, true, "2026-03-23 09:00 JST"),
            // Same instant for a London lead: Friday 09:00.
            (
                "2026-03-19T10:00:00Z",
                London,
                false,
                "2026-03-19 10:00 GMT",
            ),
            // Golden Week: Friday 1 May 18:00 → Thursday 7 May.
            ("2026-05-01T09:00:00Z", Tokyo, true, "2026-05-07 09:00 JST"),
            // Early morning the same day.
            (
                "2026-03-25T06:00:00Z",
                London,
                false,
                "2026-03-25 09:00 GMT",
            ),
        ];
        for (at, tz, jp, expected) in cases {
            assert_eq!(
                local(w.next_opening(ts(at), tz, jp), tz),
                expected,
                "{at} {tz}"
            );
        }
    }

    #[test]
    fn one_instant_differs_for_tokyo_london_and_new_york_leads() {
        let w = CallingWindow::default();
        // Wed 10:00 Tokyo, Wed 01:00 London, Tue 21:00 New York.
        let at = ts("2026-03-25T01:00:00Z");
        assert!(w.is_open(at, Tokyo, true));
        assert!(!w.is_open(at, London, false));
        assert!(!w.is_open(at, New_York, false));
        assert_eq!(
            local(w.next_opening(at, London, false), London),
            "2026-03-25 09:00 GMT"
        );
        assert_eq!(
            local(w.next_opening(at, New_York, false), New_York),
            "2026-03-25 09:00 EDT"
        );
        // Wed 23:00 Tokyo, 14:00 London, 10:00 New York.
        let at = ts("2026-03-25T14:00:00Z");
        assert!(!w.is_open(at, Tokyo, true));
        assert!(w.is_open(at, London, false));
        assert!(w.is_open(at, New_York, false));
    }

    #[test]
    fn next_opening_gives_up_without_calling_days_or_hours() {
        let at = ts("2026-03-28T01:00:00Z");
        let no_days = CallingWindow {
            days: Vec::new(),
            ..CallingWindow::default()
        };
        assert_eq!(no_days.next_opening(at, Tokyo, true), at);
        let empty = CallingWindow {
            start: t(18, 0),
            end: t(9, 0),
            ..CallingWindow::default()
        };
        assert_eq!(empty.next_opening(at, Tokyo, true), at);
        assert!(!empty.is_open(ts("2026-03-25T12:00:00Z"), Tokyo, true));
    }

    #[test]
    fn minutes_inside_skip_nights_weekends_and_holidays() {
        let w = CallingWindow::default();
        let cases = [
            // Wed 17:30 → Thu 09:15 JST: 30 + 15.
            ("2026-03-25T08:30:00Z", "2026-03-26T00:15:00Z", 45),
            // Fri 17:00 → Mon 10:30 JST across a weekend: 60 + 90.
            ("2026-03-27T08:00:00Z", "2026-03-30T01:30:00Z", 150),
            // Thu 17:00 → Mon 09:30 JST across 春分の日 and a weekend: 60 + 30.
            ("2026-03-19T08:00:00Z", "2026-03-23T00:30:00Z", 90),
            // Partial minutes are dropped: 1 min 30 s.
            ("2026-03-25T01:00:30Z", "2026-03-25T01:02:00Z", 1),
            ("2026-03-25T01:00:00Z", "2026-03-25T01:00:00Z", 0),
            ("2026-03-26T01:00:00Z", "2026-03-25T01:00:00Z", 0),
            // Q1 2026: 64 weekdays less 5 weekday holidays, 540 minutes each.
            ("2025-12-31T15:00:00Z", "2026-03-31T15:00:00Z", 59 * 540),
        ];
        for (from, to, minutes) in cases {
            assert_eq!(
                w.minutes_inside(ts(from), ts(to), Tokyo, true),
                minutes,
                "{from}..{to}"
            );
        }
        // The same Q1 for a London lead has no Japanese holidays.
        let q1 = w.minutes_inside(
            ts("2026-01-01T00:00:00Z"),
            ts("2026-04-01T00:00:00Z"),
            London,
            false,
        );
        assert_eq!(q1, 64 * 540);
    }

    #[test]
    fn minutes_inside_follow_the_clock_change() {
        let sundays = CallingWindow {
            start: t(0, 0),
            end: t(4, 0),
            days: vec![Weekday::Sun],
            ..CallingWindow::default()
        };
        // New York springs forward at 02:00 on 2026-03-08: 00:00–04:00 local lasts three hours.
        let span = sundays.minutes_inside(
            ts("2026-03-07T00:00:00Z"),
            ts("2026-03-09T00:00:00Z"),
            New_York,
            false,
        );
        assert_eq!(span, 180);
        assert!(sundays.is_open(ts("2026-03-08T07:30:00Z"), New_York, false));
    }

    #[test]
    fn japan_is_recognised_by_zone_name() {
        assert!(is_in_japan("Asia/Tokyo"));
        assert!(is_in_japan(" asia/tokyo "));
        assert!(is_in_japan("Japan"));
        assert!(!is_in_japan("Europe/London"));
        assert!(!is_in_japan("Asia/Seoul"));
        assert!(!is_in_japan(""));
    }

    fn zones() -> impl Strategy<Value = (Tz, bool)> {
        prop_oneof![
            Just((Tokyo, true)),
            Just((London, false)),
            Just((New_York, false))
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn minutes_inside_match_a_minute_by_minute_count(
            start_min in 29_000_000i64..30_000_000,
            len in 0i64..4 * 1440,
            (tz, jp) in zones(),
        ) {
            let w = CallingWindow::default();
            let from = DateTime::from_timestamp(start_min * 60, 0).unwrap();
            let to = DateTime::from_timestamp((start_min + len) * 60, 0).unwrap();
            let brute = (0..len)
                .filter(|m| w.is_open(from + Duration::minutes(*m), tz, jp))
                .count();
            prop_assert_eq!(w.minutes_inside(from, to, tz, jp), i64::try_from(brute).unwrap());
        }

        #[test]
        fn next_opening_is_open_and_not_earlier(secs in 1_700_000_000i64..1_900_000_000, (tz, jp) in zones()) {
            let w = CallingWindow::default();
            let at = DateTime::from_timestamp(secs, 0).unwrap();
            let next = w.next_opening(at, tz, jp);
            prop_assert!(next >= at);
            prop_assert!(w.is_open(next, tz, jp));
            // Nothing opens in between: one minute before the opening is closed (unless it is `at`).
            if next > at {
                prop_assert!(!w.is_open(next - Duration::minutes(1), tz, jp) || next - Duration::minutes(1) < at);
            }
        }
    }
}
