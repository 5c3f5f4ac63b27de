#![allow(clippy::unwrap_used)]

use super::*;
use chrono_tz::{America::New_York, Asia::Tokyo};

fn ts(s: &str) -> Ts {
    s.parse().unwrap()
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn periods_follow_the_rep_zone_and_week_start() {
    // Fri 2026-11-27 10:00 JST = 01:00 UTC.
    let now = ts("2026-11-27T01:00:00Z");
    let cases = [
        (
            PeriodKind::Day,
            Weekday::Mon,
            "2026-11-27",
            "2026-11-27",
            "2026-11-26T15:00:00Z",
            "2026-11-27T15:00:00Z",
        ),
        (
            PeriodKind::Week,
            Weekday::Mon,
            "2026-11-23",
            "2026-11-29",
            "2026-11-22T15:00:00Z",
            "2026-11-29T15:00:00Z",
        ),
        (
            PeriodKind::Week,
            Weekday::Sun,
            "2026-11-22",
            "2026-11-28",
            "2026-11-21T15:00:00Z",
            "2026-11-28T15:00:00Z",
        ),
        (
            PeriodKind::Week,
            Weekday::Fri,
            "2026-11-27",
            "2026-12-03",
            "2026-11-26T15:00:00Z",
            "2026-12-03T15:00:00Z",
        ),
        (
            PeriodKind::Month,
            Weekday::Mon,
            "2026-11-01",
            "2026-11-30",
            "2026-10-31T15:00:00Z",
            "2026-11-30T15:00:00Z",
        ),
    ];
    for (kind, ws, from, to, start, end) in cases {
        let p = Period::around(kind, now, Tokyo, ws);
        assert_eq!((p.from, p.to), (date(from), date(to)), "{kind:?} {ws:?}");
        assert_eq!((p.start, p.end), (ts(start), ts(end)), "{kind:?} {ws:?}");
    }
}

#[test]
fn december_ends_on_new_years_eve_and_new_york_days_follow_dst() {
    let p = Period::around(
        PeriodKind::Month,
        ts("2026-12-10T12:00:00Z"),
        Tokyo,
        Weekday::Mon,
    );
    assert_eq!(p.to, date("2026-12-31"));
    // 2026-03-08 is 23 hours long in New York.
    let d = Period::range(date("2026-03-08"), date("2026-03-08"), New_York).unwrap();
    assert_eq!((d.end - d.start).num_hours(), 23);
    assert!(Period::range(date("2026-03-09"), date("2026-03-08"), New_York).is_err());
}

#[test]
fn working_days_skip_weekends_and_holidays() {
    let w = CallingWindow::default();
    let cases = [
        ("2026-11-01", "2026-11-30", true, 19), // 21 weekdays less 3 Nov and 23 Nov
        ("2026-11-01", "2026-11-30", false, 21),
        ("2026-11-28", "2026-11-29", true, 0),
        ("2026-11-27", "2026-11-27", true, 1),
    ];
    for (from, to, jp, n) in cases {
        let p = Period::range(date(from), date(to), Tokyo).unwrap();
        assert_eq!(p.working_days(&w, jp), n, "{from}..{to} jp={jp}");
    }
}

#[test]
fn targets_scale_counts_and_keep_rates() {
    let cases = [
        ("dials", 60.0, 5, 300.0),
        ("graded", 10.0, 0, 0.0),
        ("connect_rate", 0.2, 5, 0.2),
        ("speed_to_lead_median_minutes", 30.0, 20, 30.0),
        ("new_backlog", 50.0, 20, 50.0),
    ];
    for (kpi, per_day, days, want) in cases {
        assert_eq!(scaled_target(kpi, per_day, days), want, "{kpi}");
    }
}

#[test]
fn missing_a_target_depends_on_the_direction() {
    let cases = [
        ("dials", Some(10.0), Some(60.0), true),
        ("dials", Some(60.0), Some(60.0), false),
        ("dials", None, Some(60.0), true),
        ("dials", Some(1.0), None, false),
        ("speed_to_lead_median_minutes", Some(90.0), Some(60.0), true),
        (
            "speed_to_lead_median_minutes",
            Some(30.0),
            Some(60.0),
            false,
        ),
        ("speed_to_lead_median_minutes", None, Some(60.0), false),
    ];
    for (kpi, v, t, missed) in cases {
        assert_eq!(misses_target(kpi, v, t), missed, "{kpi} {v:?} {t:?}");
    }
}

#[test]
fn rates_and_medians_are_none_when_nothing_was_counted() {
    assert_eq!(rate(0, 0), None);
    assert_eq!(rate(1, 4), Some(0.25));
    assert_eq!(median(&mut []), None);
    assert_eq!(median(&mut [7]), Some(7.0));
    assert_eq!(median(&mut [9, 1, 5]), Some(5.0));
    assert_eq!(median(&mut [4, 1, 3, 2]), Some(2.5));
}

#[test]
fn imbalance_is_max_over_mean_and_population_cv() {
    let i = imbalance(&[10.0, 20.0, 30.0]);
    assert_eq!(i.max_over_mean, Some(1.5));
    let cv = i.cv.unwrap();
    assert!((cv - (200.0f64 / 3.0).sqrt() / 20.0).abs() < 1e-12);
    assert_eq!(imbalance(&[0.0, 0.0]).cv, None);
    assert_eq!(imbalance(&[]).max_over_mean, None);
    assert!(is_overloaded(30.0, 20.0, 0.25));
    assert!(!is_overloaded(25.0, 20.0, 0.25));
    assert!(!is_overloaded(1.0, 0.0, 0.25));
}

#[test]
fn pile_up_is_open_over_daily_outflow() {
    assert_eq!(
        pile_up_days(37, 108, 7).map(|d| (d * 10.0).round() / 10.0),
        Some(2.4)
    );
    assert_eq!(pile_up_days(37, 0, 7), None);
}

#[test]
fn median_of_counts_equals_the_median_of_the_values_spelled_out() {
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    assert_eq!(median_of_counts(&[]), None);
    assert_eq!(median_of_counts(&[(5, 0)]), None);
    for _ in 0..500 {
        let mut counts: Vec<(i64, u64)> = Vec::new();
        let mut v = next(5) as i64;
        for _ in 0..next(8) {
            v += 1 + next(30) as i64;
            counts.push((v, next(4)));
        }
        let mut spelled: Vec<i64> = counts
            .iter()
            .flat_map(|(v, n)| std::iter::repeat_n(*v, *n as usize))
            .collect();
        assert_eq!(
            median_of_counts(&counts),
            median(&mut spelled),
            "{counts:?}"
        );
    }
}
