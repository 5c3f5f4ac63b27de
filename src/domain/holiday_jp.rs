//! Japan's public holidays, computed from the rules of the Holiday Act (祝日法) for 2000–2099.
//!
//! No table is downloaded: fixed-date holidays, the Happy Monday rule, the equinoxes by the
//! standard approximation formula, 振替休日, 国民の休日 and the special years 2019–2021 are all
//! derived here. The equinox days are officially fixed only a year ahead (官報, each February); the
//! formula below matches every announced date so far and is the one the Cabinet Office's own
//! projections use. Dates outside 2000–2099 are never holidays here.

use chrono::{Datelike, NaiveDate, Weekday};

/// First year this module knows.
const FIRST_YEAR: i32 = 2000;
/// Last year this module knows.
const LAST_YEAR: i32 = 2099;

/// Whether `date` is a public holiday in Japan (祝日, 振替休日 or 国民の休日).
pub fn is_japanese_holiday(date: NaiveDate) -> bool {
    japanese_holiday_name(date).is_some()
}

/// The Japanese name of the holiday on `date`, or `None` on an ordinary day (or outside 2000–2099).
pub fn japanese_holiday_name(date: NaiveDate) -> Option<&'static str> {
    if let Some(name) = national_holiday(date) {
        return Some(name);
    }
    if is_substitute_holiday(date) {
        return Some("振替休日");
    }
    if is_citizens_holiday(date) {
        return Some("国民の休日");
    }
    None
}

/// A 国民の祝日 proper (including the 2019 one-off days the special act treated as such), without
/// the 振替休日 and 国民の休日 derived from them.
fn national_holiday(date: NaiveDate) -> Option<&'static str> {
    let year = date.year();
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return None;
    }
    let (month, day) = (date.month(), date.day());
    let nth_monday = |n: u8| NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, n);
    let is = |other: Option<NaiveDate>| other == Some(date);
    let name = match month {
        1 if day == 1 => "元日",
        1 if is(nth_monday(2)) => "成人の日",
        2 if day == 11 => "建国記念の日",
        2 if day == 23 && year >= 2020 => "天皇誕生日",
        3 if day == vernal_equinox_day(year) => "春分の日",
        4 if day == 29 && year >= 2007 => "昭和の日",
        4 if day == 29 => "みどりの日",
        5 if day == 1 && year == 2019 => "即位の日",
        5 if day == 3 => "憲法記念日",
        5 if day == 4 && year >= 2007 => "みどりの日",
        5 if day == 5 => "こどもの日",
        7 if year == 2020 && day == 23 => "海の日",
        7 if year == 2021 && day == 22 => "海の日",
        7 if year == 2020 && day == 24 => "スポーツの日",
        7 if year == 2021 && day == 23 => "スポーツの日",
        7 if year < 2003 && day == 20 => "海の日",
        7 if year >= 2003 && year != 2020 && year != 2021 && is(nth_monday(3)) => "海の日",
        8 if year == 2020 && day == 10 => "山の日",
        8 if year == 2021 && day == 8 => "山の日",
        8 if year >= 2016 && year != 2020 && year != 2021 && day == 11 => "山の日",
        9 if year < 2003 && day == 15 => "敬老の日",
        9 if year >= 2003 && is(nth_monday(3)) => "敬老の日",
        9 if day == autumnal_equinox_day(year) => "秋分の日",
        10 if year == 2019 && day == 22 => "即位礼正殿の儀",
        10 if year < 2020 && is(nth_monday(2)) => "体育の日",
        10 if year >= 2022 && is(nth_monday(2)) => "スポーツの日",
        11 if day == 3 => "文化の日",
        11 if day == 23 => "勤労感謝の日",
        12 if day == 23 && year <= 2018 => "天皇誕生日",
        _ => return None,
    };
    Some(name)
}

/// 振替休日: a Sunday holiday moves to the next day that is not itself a holiday (from 2007); before
/// 2007 only to the Monday right after it.
fn is_substitute_holiday(date: NaiveDate) -> bool {
    if national_holiday(date).is_some() {
        return false;
    }
    let Some(prev) = date.pred_opt() else {
        return false;
    };
    if date.year() < 2007 {
        return date.weekday() == Weekday::Mon && national_holiday(prev).is_some();
    }
    // Walk back over the unbroken run of holidays just before `date`; a Sunday in it lands here.
    let mut day = prev;
    while national_holiday(day).is_some() {
        if day.weekday() == Weekday::Sun {
            return true;
        }
        match day.pred_opt() {
            Some(p) => day = p,
            None => return false,
        }
    }
    false
}

/// 国民の休日: an ordinary day between two 国民の祝日 (before 2007 only if it is not a Sunday).
fn is_citizens_holiday(date: NaiveDate) -> bool {
    if national_holiday(date).is_some() || is_substitute_holiday(date) {
        return false;
    }
    if date.year() < 2007 && date.weekday() == Weekday::Sun {
        return false;
    }
    let before = date.pred_opt().and_then(national_holiday).is_some();
    let after = date.succ_opt().and_then(national_holiday).is_some();
    before && after
}

/// Day of March of 春分の日: ⌊20.8431 + 0.242194·(Y−1980) − ⌊(Y−1980)/4⌋⌋, valid 1980–2099.
fn vernal_equinox_day(year: i32) -> u32 {
    equinox_day(year, 20_843_100)
}

/// Day of September of 秋分の日: ⌊23.2488 + 0.242194·(Y−1980) − ⌊(Y−1980)/4⌋⌋, valid 1980–2099.
fn autumnal_equinox_day(year: i32) -> u32 {
    equinox_day(year, 23_248_800)
}

/// The approximation formula in millionths of a day, so the floor is exact (no float rounding).
fn equinox_day(year: i32, base_millionths: i64) -> u32 {
    let y = i64::from(year - 1980);
    let millionths = base_millionths + 242_194 * y - y.div_euclid(4) * 1_000_000;
    u32::try_from(millionths.div_euclid(1_000_000)).unwrap_or(0)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn known_holidays_have_their_names() {
        let cases = [
            ("2026-01-01", "元日"),
            ("2026-01-12", "成人の日"),
            ("2026-02-11", "建国記念の日"),
            ("2026-02-23", "天皇誕生日"),
            ("2026-03-20", "春分の日"),
            ("2026-04-29", "昭和の日"),
            ("2026-05-03", "憲法記念日"),
            ("2026-05-04", "みどりの日"),
            ("2026-05-05", "こどもの日"),
            ("2026-05-06", "振替休日"),
            ("2026-07-20", "海の日"),
            ("2026-08-11", "山の日"),
            ("2026-09-21", "敬老の日"),
            ("2026-09-22", "国民の休日"),
            ("2026-09-23", "秋分の日"),
            ("2026-10-12", "スポーツの日"),
            ("2026-11-03", "文化の日"),
            ("2026-11-23", "勤労感謝の日"),
            ("2025-11-24", "振替休日"),
            ("2025-03-20", "春分の日"),
            ("2025-09-23", "秋分の日"),
            ("2024-09-22", "秋分の日"),
            ("2024-09-23", "振替休日"),
            ("2020-07-23", "海の日"),
            ("2020-07-24", "スポーツの日"),
            ("2020-08-10", "山の日"),
            ("2020-02-24", "振替休日"),
            ("2021-07-22", "海の日"),
            ("2021-07-23", "スポーツの日"),
            ("2021-08-08", "山の日"),
            ("2021-08-09", "振替休日"),
            ("2019-04-30", "国民の休日"),
            ("2019-05-01", "即位の日"),
            ("2019-05-02", "国民の休日"),
            ("2019-05-06", "振替休日"),
            ("2019-10-22", "即位礼正殿の儀"),
            ("2019-10-14", "体育の日"),
            ("2018-12-23", "天皇誕生日"),
            ("2018-12-24", "振替休日"),
            ("2015-09-22", "国民の休日"),
            ("2009-09-22", "国民の休日"),
            ("2006-05-04", "国民の休日"),
            ("2006-04-29", "みどりの日"),
            ("2002-07-20", "海の日"),
            ("2002-09-16", "振替休日"),
            ("2000-01-10", "成人の日"),
            ("2099-01-01", "元日"),
        ];
        for (date, name) in cases {
            assert_eq!(japanese_holiday_name(d(date)), Some(name), "{date}");
            assert!(is_japanese_holiday(d(date)), "{date}");
        }
    }

    #[test]
    fn ordinary_days_are_not_holidays() {
        let days = [
            "2026-01-02",
            "2026-01-13",
            "2026-03-19",
            "2026-05-07",
            "2026-09-24",
            "2026-12-23",
            "2026-12-24",
            "2025-11-25",
            "2020-07-20",
            "2020-08-11",
            "2020-10-12",
            "2021-07-19",
            "2021-08-11",
            "2021-10-11",
            "2019-12-23",
            "2019-02-23",
            "2019-10-21",
            "2003-05-06",
            "2013-05-07",
            "1999-01-01",
            "2100-01-01",
        ];
        for date in days {
            assert_eq!(japanese_holiday_name(d(date)), None, "{date}");
            assert!(!is_japanese_holiday(d(date)), "{date}");
        }
    }

    #[test]
    fn equinox_formula_matches_announced_days() {
        let vernal = [
            (2000, 20),
            (2011, 21),
            (2023, 21),
            (2024, 20),
            (2025, 20),
            (2027, 21),
        ];
        for (year, day) in vernal {
            assert_eq!(vernal_equinox_day(year), day, "春分 {year}");
        }
        let autumnal = [
            (2000, 23),
            (2012, 22),
            (2019, 23),
            (2024, 22),
            (2025, 23),
            (2027, 23),
        ];
        for (year, day) in autumnal {
            assert_eq!(autumnal_equinox_day(year), day, "秋分 {year}");
        }
    }

    #[test]
    fn every_year_has_the_expected_number_of_named_days() {
        for year in FIRST_YEAR..=LAST_YEAR {
            let mut day = d(&format!("{year}-01-01"));
            let mut named = 0;
            while day.year() == year {
                if national_holiday(day).is_some() {
                    named += 1;
                }
                day = day.succ_opt().unwrap();
            }
            let expected = match year {
                2000..=2006 => 14,
                2007..=2015 => 15,
                2019 => 17,
                _ => 16,
            };
            assert_eq!(named, expected, "{year}");
        }
    }
}
