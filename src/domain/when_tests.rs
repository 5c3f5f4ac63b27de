#![allow(clippy::unwrap_used)]

use super::*;
use chrono_tz::{America::New_York, Asia::Tokyo, Europe::London};
use proptest::prelude::*;

/// Wednesday 2026-03-25: 10:15 in Tokyo, 01:15 in London (GMT, four days before BST starts),
/// Tuesday 21:15 in New York (already on EDT).
fn now() -> Ts {
    "2026-03-25T01:15:00Z".parse().unwrap()
}

fn local(at: Ts, tz: Tz) -> String {
    at.with_timezone(&tz)
        .format("%Y-%m-%d %H:%M %Z")
        .to_string()
}

fn check(tz: Tz, cases: &[(&str, &str)]) {
    for (input, expected) in cases {
        let got = parse_when(input, now(), tz).map(|t| local(t, tz));
        assert_eq!(got.as_deref(), Ok(*expected), "{input:?} in {tz}");
    }
}

#[test]
fn tokyo_forms_resolve_against_a_wednesday_morning() {
    check(
        Tokyo,
        &[
            ("2026-12-01 14:00", "2026-12-01 14:00 JST"),
            ("2026-12-01", "2026-12-01 09:00 JST"),
            ("2026/12/1 14:00", "2026-12-01 14:00 JST"),
            ("2026-12-01T14:00", "2026-12-01 14:00 JST"),
            ("2026年12月1日 14時", "2026-12-01 14:00 JST"),
            ("12/1 14:00", "2026-12-01 14:00 JST"),
            ("12/1", "2026-12-01 09:00 JST"),
            ("12月1日", "2026-12-01 09:00 JST"),
            ("12/1(火) 14:00", "2026-12-01 14:00 JST"),
            ("3/1", "2027-03-01 09:00 JST"),
            ("3/25 9:00", "2026-03-25 09:00 JST"),
            ("14:00", "2026-03-25 14:00 JST"),
            ("10:15", "2026-03-25 10:15 JST"),
            ("9:30", "2026-03-26 09:30 JST"),
            ("tomorrow 10:00", "2026-03-26 10:00 JST"),
            ("tomorrow", "2026-03-26 09:00 JST"),
            ("tomorrow 10", "2026-03-26 10:00 JST"),
            ("tomorrow at 10am", "2026-03-26 10:00 JST"),
            ("10am tomorrow", "2026-03-26 10:00 JST"),
            ("today 15:00", "2026-03-25 15:00 JST"),
            ("明日 10:00", "2026-03-26 10:00 JST"),
            ("明日10時", "2026-03-26 10:00 JST"),
            ("明後日 10:00", "2026-03-27 10:00 JST"),
            ("今日 15:00", "2026-03-25 15:00 JST"),
            ("mon 9:30", "2026-03-30 09:30 JST"),
            ("Monday", "2026-03-30 09:00 JST"),
            ("wed", "2026-04-01 09:00 JST"),
            ("wednesday 14:00", "2026-04-01 14:00 JST"),
            ("thurs", "2026-03-26 09:00 JST"),
            ("月曜 9:30", "2026-03-30 09:30 JST"),
            ("水曜日 10時", "2026-04-01 10:00 JST"),
            ("(金) 14時30分", "2026-03-27 14:30 JST"),
            ("日曜", "2026-03-29 09:00 JST"),
            ("+3d", "2026-03-28 10:15 JST"),
            ("+1w", "2026-04-01 10:15 JST"),
            ("+1週間", "2026-04-01 10:15 JST"),
            ("+2h", "2026-03-25 12:15 JST"),
            ("+30m", "2026-03-25 10:45 JST"),
            ("now", "2026-03-25 10:15 JST"),
            ("  Tomorrow    10:00  ", "2026-03-26 10:00 JST"),
            ("TOMORROW 2PM", "2026-03-26 14:00 JST"),
            ("１２／１　１４：００", "2026-12-01 14:00 JST"),
            ("＋３ｄ", "2026-03-28 10:15 JST"),
            ("14時", "2026-03-25 14:00 JST"),
            ("14時30分", "2026-03-25 14:30 JST"),
            ("14時半", "2026-03-25 14:30 JST"),
            ("2pm", "2026-03-25 14:00 JST"),
            ("2:30 PM", "2026-03-25 14:30 JST"),
            ("2:30 p.m.", "2026-03-25 14:30 JST"),
            ("午後2時", "2026-03-25 14:00 JST"),
            ("12pm", "2026-03-25 12:00 JST"),
            ("12am", "2026-03-26 00:00 JST"),
        ],
    );
}

#[test]
fn london_handles_the_spring_gap_and_the_autumn_repeat() {
    check(
        London,
        &[
            ("14:00", "2026-03-25 14:00 GMT"),
            ("1:00", "2026-03-26 01:00 GMT"),
            // 01:15 on 29 March does not exist: the first instant after the gap.
            ("+4d", "2026-03-29 02:00 BST"),
            ("sun 1:30", "2026-03-29 02:00 BST"),
            ("+1w", "2026-04-01 01:15 BST"),
            ("+168h", "2026-04-01 02:15 BST"),
            // 01:30 on 25 October happens twice: the earlier one.
            ("2026-10-25 01:30", "2026-10-25 01:30 BST"),
            ("2026-10-25 02:30", "2026-10-25 02:30 GMT"),
        ],
    );
}

#[test]
fn new_york_reads_the_same_instant_as_tuesday_evening() {
    check(
        New_York,
        &[
            ("14:00", "2026-03-25 14:00 EDT"),
            ("tomorrow", "2026-03-25 09:00 EDT"),
            ("tue", "2026-03-31 09:00 EDT"),
            ("wed 9pm", "2026-03-25 21:00 EDT"),
            ("+1d", "2026-03-25 21:15 EDT"),
            ("2026-03-08 02:30", "2026-03-08 03:00 EDT"),
            ("2026-11-01 01:30", "2026-11-01 01:30 EDT"),
            ("2026-12-01", "2026-12-01 09:00 EST"),
        ],
    );
}

#[test]
fn unreadable_input_is_an_error_that_quotes_it() {
    let bad = [
        "",
        "   ",
        "yesterday",
        "next mon",
        "2026-02-30",
        "13/1",
        "12/1/2026",
        "25:00",
        "9:5",
        "13pm",
        "午後2pm",
        "12/1(水)",
        "12/1 14:00 extra",
        "+",
        "+d",
        "+3y",
        "3d",
        "12日",
        "+1234567d",
        "month",
        "14",
    ];
    for input in bad {
        let err = parse_when(input, now(), Tokyo).unwrap_err();
        let message = err.to_string();
        assert!(message.contains(&format!("{input:?}")), "{message}");
        assert!(message.contains("tomorrow 10:00"), "{message}");
        assert_eq!(err.input(), input);
    }
    let err = parse_when("12/1(水)", now(), Tokyo).unwrap_err();
    assert_eq!(err.problem(), WhenProblem::WeekdayMismatch);
    assert_eq!(
        err.text(crate::domain::Lang::En),
        err.to_string(),
        "English is the default rendering"
    );
    assert!(
        err.text(crate::domain::Lang::Ja)
            .contains("曜日が日付と合いません")
    );
}

#[test]
fn offsets_read_config_values() {
    assert_eq!(parse_offset("+1d"), Some(Duration::days(1)));
    assert_eq!(parse_offset("+2h"), Some(Duration::hours(2)));
    assert_eq!(parse_offset("+1w"), Some(Duration::weeks(1)));
    assert_eq!(parse_offset("+30m"), Some(Duration::minutes(30)));
    assert_eq!(parse_offset("3 days"), Some(Duration::days(3)));
    assert_eq!(parse_offset(" ＋２ｈ "), Some(Duration::hours(2)));
    for bad in ["", "+", "1", "+1y", "-1d", "+1d2h", "+9999999d", "soon"] {
        assert_eq!(parse_offset(bad), None, "{bad:?}");
    }
}

#[test]
fn dates_for_periods_need_a_year() {
    let dec1 = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    for input in [
        "2026-12-01",
        "2026/12/1",
        " 2026-12-1 ",
        "２０２６／１２／０１",
        "2026年12月1日",
    ] {
        assert_eq!(parse_date(input), Ok(dec1), "{input:?}");
    }
    for bad in [
        "12/1",
        "2026-13-01",
        "2026-02-29",
        "2026-12-01 14:00",
        "tomorrow",
        "",
    ] {
        let err = parse_date(bad).unwrap_err();
        assert!(err.to_string().contains("2026/12/1"), "{err}");
    }
}

#[test]
fn local_to_utc_moves_out_of_the_gap_to_its_end() {
    let naive = NaiveDate::from_ymd_opt(2026, 3, 8)
        .unwrap()
        .and_hms_opt(2, 30, 15)
        .unwrap();
    let at = local_to_utc(naive, New_York);
    assert_eq!(at, "2026-03-08T07:00:00Z".parse::<Ts>().unwrap());
}

fn zones() -> impl Strategy<Value = Tz> {
    prop_oneof![Just(Tokyo), Just(London), Just(New_York)]
}

proptest! {
    #[test]
    fn parse_when_never_panics(input in any::<String>()) {
        let _ = parse_when(&input, now(), London);
    }

    #[test]
    fn parse_when_never_panics_on_near_misses(
        input in "[0-9０-９ :/+\\-()年月日時分半曜午前後amptodywk明今 ]{0,16}",
        secs in -4_000_000_000i64..8_000_000_000,
        tz in zones(),
    ) {
        let now = DateTime::from_timestamp(secs, 0).unwrap();
        let _ = parse_when(&input, now, tz);
        let _ = parse_offset(&input);
        let _ = parse_date(&input);
    }

    #[test]
    fn plus_days_keeps_the_local_time_of_day(
        days in 0u32..2000,
        secs in 0i64..4_000_000_000,
        tz in zones(),
    ) {
        let now = DateTime::from_timestamp(secs, 0).unwrap();
        let start = now.with_timezone(&tz).naive_local();
        let target = start.date() + Days::new(u64::from(days));
        // Skip the rare case where that time of day falls in a DST gap on the target day.
        prop_assume!(tz.from_local_datetime(&target.and_time(start.time())).earliest().is_some());
        let at = parse_when(&format!("+{days}d"), now, tz).unwrap();
        let local = at.with_timezone(&tz).naive_local();
        prop_assert_eq!(local.date(), target);
        prop_assert_eq!(local.time(), start.time());
    }
}

#[test]
fn marked_amounts_and_next_weeks_weekdays() {
    // Wednesday 2026-03-25 10:15 in Tokyo.
    check(
        Tokyo,
        &[
            ("3日後", "2026-03-28 10:15 JST"),
            ("2時間後", "2026-03-25 12:15 JST"),
            ("1週間後", "2026-04-01 10:15 JST"),
            ("in 3 days", "2026-03-28 10:15 JST"),
            ("in 30 min", "2026-03-25 10:45 JST"),
            ("来週水曜 10:00", "2026-04-01 10:00 JST"),
            ("来週の月曜", "2026-03-30 09:00 JST"),
            ("来週月曜日 9:30", "2026-03-30 09:30 JST"),
            ("来週(金) 14:00", "2026-04-03 14:00 JST"),
        ],
    );
    for bad in [
        "後",
        "in",
        "in soon",
        "来週",
        "来週 10:00",
        "next friday",
        "12日",
    ] {
        assert!(parse_when(bad, now(), Tokyo).is_err(), "{bad}");
    }
}
