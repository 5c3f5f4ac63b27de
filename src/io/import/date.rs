//! Dates in the forms real exports use (SPEC §10): `2026-03-12 09:14`, `2026/3/12 9:14`,
//! `3/15/2026 2:30 PM`, RFC 3339, `2026-03-12T09:14:00.000+0000`, `2026年3月12日 9時14分`, Unix
//! times; and what Japanese offices and spreadsheets write: weekdays in brackets
//! (`2026/3/12(木)`), era years (`令和8年3月12日`, `R8.3.12`), `20260312`, month names
//! (`Mar 12, 2026`, `12-Mar-2026`) and Excel's day numbers (`46093.5`). Without a zone they are
//! in the rep's time zone.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;

use crate::domain::Ts;
use crate::domain::text::drop_bracketed;

/// Day/month order of slashed dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// Month first (US).
    Mdy,
    /// Day first (Europe).
    Dmy,
    /// Year first.
    Ymd,
}

impl DateOrder {
    /// Parses `mdy`, `dmy` or `ymd`.
    pub fn from_id(s: &str) -> Option<DateOrder> {
        match s.trim().to_ascii_lowercase().as_str() {
            "mdy" => Some(DateOrder::Mdy),
            "dmy" => Some(DateOrder::Dmy),
            "ymd" => Some(DateOrder::Ymd),
            _ => None,
        }
    }
}

/// Folds full-width digits and Japanese date marks to ASCII.
fn fold(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.trim().chars() {
        match c {
            '０'..='９' => {
                s.push(char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c))
            }
            '年' | '月' | '／' => s.push('/'),
            '日' => s.push(' '),
            '時' | '：' => s.push(':'),
            '分' | '秒' => s.push(' '),
            '　' => s.push(' '),
            c => s.push(c),
        }
    }
    s.trim().to_owned()
}

fn local(tz: Tz, dt: NaiveDateTime) -> Option<Ts> {
    tz.from_local_datetime(&dt).earliest().map(|t| t.to_utc())
}

/// Reads a time of day: `9:14`, `09:14:05`, `2:30 PM`, `午後2:30`.
fn parse_time(text: &str) -> Option<NaiveTime> {
    let t = text.trim();
    if t.is_empty() {
        return Some(NaiveTime::MIN);
    }
    let upper = t.to_ascii_uppercase();
    let (body, pm) = if let Some(b) = upper.strip_suffix("PM").or_else(|| t.strip_prefix("午後"))
    {
        (b.trim().to_owned(), Some(true))
    } else if let Some(b) = upper.strip_suffix("AM").or_else(|| t.strip_prefix("午前")) {
        (b.trim().to_owned(), Some(false))
    } else {
        (t.to_owned(), None)
    };
    let body = body.trim_end_matches(':');
    let parts: Vec<&str> = body.split(':').map(str::trim).collect();
    let num = |i: usize| -> Option<u32> {
        match parts.get(i) {
            None => Some(0),
            Some(p) => {
                let p = p.split('.').next().unwrap_or("");
                p.parse().ok()
            }
        }
    };
    if parts.len() > 3 || parts.first().is_none_or(|p| p.is_empty()) {
        return None;
    }
    let (mut h, m, s) = (num(0)?, num(1)?, num(2)?);
    match pm {
        Some(true) if h < 12 => h += 12,
        Some(false) if h == 12 => h = 0,
        _ => {}
    }
    NaiveTime::from_hms_opt(h, m, s)
}

/// Reads a date of three numbers in the given (or default) order.
fn parse_date(text: &str, order: Option<DateOrder>) -> Option<NaiveDate> {
    let parts: Vec<&str> = text.split(['/', '-', '.']).map(str::trim).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let n = |s: &str| s.parse::<i64>().ok();
    let (na, nb, nc) = (n(a)?, n(b)?, n(c)?);
    // Dots (12.03.2026) are how the day-first countries write dates; slashes with the year
    // last are the US's month first; a short date whose first part is one digit (3/12/26)
    // cannot be year first.
    let dotted = text.contains('.');
    let implied = if dotted && a.len() <= 2 {
        Some(DateOrder::Dmy)
    } else if a.len() == 1 && c.len() == 2 {
        Some(DateOrder::Mdy)
    } else {
        None
    };
    let order = order.or(implied);
    let (y, m, d) = if a.len() == 4 {
        (na, nb, nc)
    } else if c.len() == 4 {
        match order {
            Some(DateOrder::Dmy) => (nc, nb, na),
            _ => (nc, na, nb),
        }
    } else {
        match order {
            Some(DateOrder::Dmy) => (2000 + nc, nb, na),
            Some(DateOrder::Mdy) => (2000 + nc, na, nb),
            _ => (2000 + na, nb, nc),
        }
    };
    NaiveDate::from_ymd_opt(
        i32::try_from(y).ok()?,
        u32::try_from(m).ok()?,
        u32::try_from(d).ok()?,
    )
}

/// A Japanese era year at the start (`令和8年`, `R8.`, `平成元年`) turned into its western year.
fn western_era(text: &str) -> Option<String> {
    const ERAS: [(&str, &str, i32); 3] = [
        ("令和", "R", 2018),
        ("平成", "H", 1988),
        ("昭和", "S", 1925),
    ];
    for (name, letter, base) in ERAS {
        let rest = text
            .strip_prefix(name)
            .or_else(|| text.strip_prefix(letter))
            .or_else(|| text.strip_prefix(&letter.to_ascii_lowercase()));
        let Some(rest) = rest else { continue };
        let (year, after) = if let Some(after) = rest.strip_prefix('元') {
            (1, after)
        } else {
            let digits = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            (rest[..digits].parse::<i32>().ok()?, &rest[digits..])
        };
        if year == 0 || after.is_empty() {
            return None;
        }
        return Some(format!("{}{after}", base + year));
    }
    None
}

/// `Mar 12, 2026`, `March 12 2026 2:30 PM`, `12 Mar 2026`, `12-Mar-2026`, `12-Mar-26`.
fn parse_month_name(text: &str, tz: Tz) -> Option<Ts> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let spaced = text.replace([',', '-'], " ");
    let mut words = spaced.split_whitespace();
    let mut month = None;
    let mut numbers: Vec<&str> = Vec::new();
    let mut time = String::new();
    const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    for w in words.by_ref() {
        let lower = w.to_ascii_lowercase();
        let weekday = WEEKDAYS
            .iter()
            .any(|d| lower.starts_with(d) && lower.len() <= 9);
        if weekday && month.is_none() && numbers.is_empty() {
            continue;
        }
        if let Some(m) = MONTHS
            .iter()
            .position(|m| lower.starts_with(m) && lower.len() <= 9)
        {
            if month.is_some() {
                return None;
            }
            month = Some(m as u32 + 1);
        } else if w.bytes().all(|b| b.is_ascii_digit()) && numbers.len() < 2 {
            numbers.push(w);
        } else {
            time.push_str(w);
            break;
        }
        if month.is_some() && numbers.len() == 2 {
            break;
        }
    }
    for w in words {
        time.push(' ');
        time.push_str(w);
    }
    let [a, b] = numbers.as_slice() else {
        return None;
    };
    let (day, year) = if a.len() <= 2 && (b.len() == 4 || b.len() == 2) {
        (a, b)
    } else {
        return None;
    };
    let year: i32 = year.parse().ok()?;
    let year = if year < 100 { 2000 + year } else { year };
    let date = NaiveDate::from_ymd_opt(year, month?, day.parse().ok()?)?;
    local(tz, date.and_time(parse_time(&time)?))
}

/// Excel's day number (days since 1899-12-30, the fraction the time of day), as a sheet saved
/// with a date column in the General format writes it: only between 1955 and 2119, so that a
/// count or an id is never read as one.
fn parse_excel_serial(text: &str, tz: Tz) -> Option<Ts> {
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    if whole.len() != 5
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let value: f64 = text.parse().ok()?;
    let days = value.trunc() as i64;
    if !(20_000..=80_000).contains(&days) {
        return None;
    }
    let seconds = ((value - value.trunc()) * 86_400.0).round() as i64;
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_time(NaiveTime::MIN);
    let at = epoch
        .checked_add_signed(chrono::Duration::days(days))?
        .checked_add_signed(chrono::Duration::seconds(seconds))?;
    local(tz, at)
}

/// Parses a date or date-time; times without a zone are in `tz`.
pub fn parse_datetime(text: &str, tz: Tz, order: Option<DateOrder>) -> Option<Ts> {
    let raw = text.trim();
    if raw.is_empty() {
        return None;
    }
    if let Some(t) = parse_excel_serial(raw, tz) {
        return Some(t);
    }
    if raw.len() == 8 && raw.bytes().all(|b| b.is_ascii_digit()) {
        let date = NaiveDate::parse_from_str(raw, "%Y%m%d").ok()?;
        return local(tz, date.and_time(NaiveTime::MIN));
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Some(t.to_utc());
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%d %H:%M%:z",
    ] {
        if let Ok(t) = DateTime::parse_from_str(raw, f) {
            return Some(t.to_utc());
        }
    }
    if raw.len() >= 9 && raw.bytes().all(|b| b.is_ascii_digit()) {
        let n: i64 = raw.parse().ok()?;
        let secs = if raw.len() >= 13 { n / 1000 } else { n };
        return DateTime::from_timestamp(secs, 0);
    }
    if raw.bytes().any(|b| b.is_ascii_alphabetic()) {
        if let Ok(t) = DateTime::parse_from_rfc2822(raw) {
            return Some(t.to_utc());
        }
        if let Some(t) = parse_month_name(raw, tz) {
            return Some(t);
        }
    }
    // A bracketed weekday (`(木)`, `（水）`, `(Thu)`): short, with no digit in it.
    let s = fold(&drop_bracketed(raw, |inside| {
        inside.chars().count() <= 3 && !inside.chars().any(|c| c.is_ascii_digit())
    }));
    let s = western_era(&s).unwrap_or(s);
    let s = s.strip_suffix('Z').unwrap_or(&s);
    let (date_part, time_part) = match s.split_once(['T', ' ']) {
        Some((d, t)) => (d.trim_end_matches('/'), t),
        None => (s.trim_end_matches('/'), ""),
    };
    let date = parse_date(date_part, order)?;
    let time = parse_time(time_part)?;
    local(tz, date.and_time(time))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str, order: Option<DateOrder>) -> String {
        parse_datetime(s, chrono_tz::Asia::Tokyo, order).map_or("none".into(), |t| t.to_rfc3339())
    }

    #[test]
    fn the_forms_exports_use() {
        let want = "2026-03-12T00:14:00+00:00";
        assert_eq!(at("2026-03-12 09:14", None), want);
        assert_eq!(at("2026/3/12 9:14", None), want);
        assert_eq!(at("2026-03-12T09:14:00+09:00", None), want);
        assert_eq!(at("2026-03-12T00:14:00.000+0000", None), want);
        assert_eq!(at("2026年3月12日 9時14分", None), want);
        assert_eq!(
            at("２０２６年３月１２日", None),
            "2026-03-11T15:00:00+00:00"
        );
        assert_eq!(at("3/12/2026 9:14 AM", None), want);
        assert_eq!(at("3/15/2026 2:30 PM", None), "2026-03-15T05:30:00+00:00");
        assert_eq!(at("12/03/2026 09:14", Some(DateOrder::Dmy)), want);
        assert_eq!(at("1773274440", None), "2026-03-12T00:14:00+00:00");
    }

    #[test]
    fn what_japanese_offices_and_spreadsheets_write() {
        let day = "2026-03-11T15:00:00+00:00";
        let want = "2026-03-12T00:14:00+00:00";
        assert_eq!(at("2026/3/12(木) 9:14", None), want);
        assert_eq!(at("2026年3月12日（木）9時14分", None), want);
        assert_eq!(at("令和8年3月12日", None), day);
        assert_eq!(at("R8.3.12", None), day);
        assert_eq!(at("R08/03/12 9:14", None), want);
        assert_eq!(at("平成31年4月30日", None), "2019-04-29T15:00:00+00:00");
        assert_eq!(at("令和元年5月1日", None), "2019-04-30T15:00:00+00:00");
        assert_eq!(at("20260312", None), day);
        assert_eq!(at("Mar 12, 2026", None), day);
        assert_eq!(at("March 12, 2026 9:14 AM", None), want);
        assert_eq!(at("12 Mar 2026 09:14", None), want);
        assert_eq!(at("12-Mar-2026", None), day);
        assert_eq!(at("12-Mar-26", None), day);
        assert_eq!(at("Thu, 12 Mar 2026", None), day);
        assert_eq!(at("Thu, 12 Mar 2026 09:14:00 +0900", None), want);
        // Excel's day number 46093 is 2026-03-12; .5 is noon.
        assert_eq!(at("46093", None), day);
        assert_eq!(at("46093.5", None), "2026-03-12T03:00:00+00:00");
    }

    /// Day-first dots and US short dates, as European and American exports write them.
    #[test]
    fn dotted_dates_are_day_first_and_short_us_dates_month_first() {
        let day = "2026-03-11T15:00:00+00:00";
        assert_eq!(at("12.03.2026", None), day);
        assert_eq!(at("12.03.2026 09:14", None), "2026-03-12T00:14:00+00:00");
        assert_eq!(at("01.02.2026", None), "2026-01-31T15:00:00+00:00");
        assert_eq!(at("12.03.26", None), day);
        assert_eq!(at("3/12/26", None), day);
        // An order given wins; year-first forms stay year-first.
        assert_eq!(at("03.12.2026", Some(DateOrder::Mdy)), day);
        assert_eq!(at("2026.03.12", None), day);
        assert_eq!(at("26/03/12", None), day);
    }

    #[test]
    fn near_misses_stay_no_date() {
        assert_eq!(at("12345", None), "none");
        assert_eq!(at("20261345", None), "none");
        assert_eq!(at("R", None), "none");
        assert_eq!(at("Marketing 2026", None), "none");
        assert_eq!(at("S0.1.1", None), "none");
    }

    #[test]
    fn nonsense_is_no_date() {
        assert_eq!(at("soon", None), "none");
        assert_eq!(at("13/13/2026", None), "none");
        assert_eq!(at("", None), "none");
    }
}
