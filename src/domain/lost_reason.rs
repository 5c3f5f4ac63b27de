//! Lost reasons (SPEC §2, Appendix C): the system ids and the re-engage date.

use chrono::{Duration, NaiveDate};

/// The lead never answered often enough.
pub const UNREACHABLE: &str = "unreachable";
/// No channel reaches the lead.
pub const INVALID_DATA: &str = "invalid_data";
/// The lead asked never to be called again.
pub const DO_NOT_CALL: &str = "do_not_call";
/// The default reason for the `not_interested` outcome.
pub const NOT_INTERESTED: &str = "not_interested";

/// Whether a reason may ever lead to a re-engagement by phone.
pub fn may_reengage(reason: &str) -> bool {
    reason != DO_NOT_CALL && reason != INVALID_DATA
}

/// The re-engage date for a lead lost today for `reason` whose configured delay is `days`
/// (0 = never).
pub fn reengage_on(reason: &str, days: u32, today: NaiveDate) -> Option<NaiveDate> {
    if days == 0 || !may_reengage(reason) {
        return None;
    }
    today.checked_add_signed(Duration::days(i64::from(days)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn not_interested_comes_back_after_its_delay() {
        assert_eq!(
            reengage_on(NOT_INTERESTED, 90, d("2026-01-01")),
            Some(d("2026-04-01"))
        );
    }

    #[test]
    fn do_not_call_and_invalid_data_never_come_back() {
        assert_eq!(reengage_on(DO_NOT_CALL, 30, d("2026-01-01")), None);
        assert_eq!(reengage_on(INVALID_DATA, 30, d("2026-01-01")), None);
        assert_eq!(reengage_on("bad_timing", 0, d("2026-01-01")), None);
    }
}
