//! Dates in the forms real exports use (SPEC §10): `2026-03-12 09:14`, `2026/3/12 9:14`,
//! `3/15/2026 2:30 PM`, RFC 3339, `2026-03-12T09:14:00.000+0000`, `2026年3月12日 9時14分`, Unix
//! times. Without a zone they are in the rep's time zone.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;

use crate::domain::Ts;

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

/// Parses a date or date-time; times without a zone are in `tz`.
pub fn parse_datetime(text: &str, tz: Tz, order: Option<DateOrder>) -> Option<Ts> {
    let raw = text.trim();
    if raw.is_empty() {
        return None;
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
    let s = fold(raw);
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
    fn nonsense_is_no_date() {
        assert_eq!(at("soon", None), "none");
        assert_eq!(at("13/13/2026", None), "none");
        assert_eq!(at("", None), "none");
    }
}
