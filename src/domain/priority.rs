//! Value and the priority key (SPEC §3).
//!
//! value = (score + 1) × 2^(−(now − alive)/h). Because
//! log2(value) = log2(score + 1) + alive/h − now/h and the last term is the same for every lead,
//! the key log2(score + 1) + alive/h orders leads by value at any time and never needs rescoring
//! as time passes. Compare in log space: 2^(−Δ/h) underflows for very old dates.

use super::lead::Ts;

const SECONDS_PER_DAY: f64 = 86_400.0;

/// Days since the Unix epoch, the fixed epoch of the key.
pub fn epoch_days(at: Ts) -> f64 {
    at.timestamp() as f64 / SECONDS_PER_DAY
}

/// The stored, indexed priority key: log2(score + 1) + alive/h.
pub fn priority_key(score: i64, alive: Ts, half_life_days: f64) -> f64 {
    score_term(score) + epoch_days(alive) / half_life_days.max(f64::MIN_POSITIVE)
}

/// log2(value) at `now`: the key minus now/h.
pub fn log2_value(score: i64, alive: Ts, now: Ts, half_life_days: f64) -> f64 {
    priority_key(score, alive, half_life_days)
        - epoch_days(now) / half_life_days.max(f64::MIN_POSITIVE)
}

/// What the lead is worth now: (score + 1) × 2^(−(now − alive)/h).
pub fn value(score: i64, alive: Ts, now: Ts, half_life_days: f64) -> f64 {
    log2_value(score, alive, now, half_life_days).exp2()
}

/// The instant a shown value is computed for: the start of `now`'s minute.
///
/// A value decays continuously, so two reads a moment apart would differ in the last printed
/// digit and a script diffing `list --json` before and after a no-op (a dry run, say) would see
/// changes nothing made. Within a minute every read agrees; a minute moves a value by at most
/// (score + 1) × ln 2 / (h × 1440), far below what a rep reads off it.
pub fn shown_at(now: Ts) -> Ts {
    let t = now.timestamp();
    Ts::from_timestamp(t - t.rem_euclid(60), 0).unwrap_or(now)
}

fn score_term(score: i64) -> f64 {
    (score.max(0) as f64 + 1.0).log2()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone, Utc};

    fn at(days: i64) -> Ts {
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
            .single()
            .unwrap_or_default()
            + Duration::days(days)
    }

    #[test]
    fn shown_values_agree_within_a_minute_and_move_after_it() {
        let start = at(3);
        let later = start + Duration::seconds(59);
        assert_eq!(shown_at(start), start);
        assert_eq!(shown_at(later), start);
        assert_eq!(
            shown_at(later + Duration::seconds(1)),
            start + Duration::minutes(1)
        );
        // Before the epoch the minute still starts below `now`.
        let old = Utc
            .with_ymd_and_hms(1969, 12, 31, 23, 59, 30)
            .single()
            .unwrap_or_default();
        assert_eq!(shown_at(old).timestamp(), -60);
    }

    #[test]
    fn a_fresh_lead_is_worth_its_score_plus_one() {
        let v = value(9, at(0), at(0), 14.0);
        assert!((v - 10.0).abs() < 1e-9);
    }

    #[test]
    fn value_halves_every_half_life() {
        let v = value(9, at(0), at(14), 14.0);
        assert!((v - 5.0).abs() < 1e-9);
    }

    #[test]
    fn a_fresh_unscored_lead_outranks_an_old_unscored_one() {
        assert!(priority_key(0, at(10), 14.0) > priority_key(0, at(0), 14.0));
    }

    #[test]
    fn very_old_dates_stay_ordered_in_log_space() {
        let old = log2_value(100, at(-40_000), at(0), 1.0);
        let older = log2_value(100, at(-40_001), at(0), 1.0);
        assert!(old > older);
        assert!(old.is_finite());
    }

    proptest::proptest! {
        #[test]
        fn key_order_equals_value_order_at_any_later_time(
            s1 in 0i64..500, s2 in 0i64..500,
            a1 in -3000i64..0, a2 in -3000i64..0,
            later in 0i64..5000, h in 1u32..60,
        ) {
            let h = f64::from(h);
            let now = at(later);
            let by_key = priority_key(s1, at(a1), h).partial_cmp(&priority_key(s2, at(a2), h));
            let by_value = log2_value(s1, at(a1), now, h).partial_cmp(&log2_value(s2, at(a2), now, h));
            let (k1, k2) = (priority_key(s1, at(a1), h), priority_key(s2, at(a2), h));
            if (k1 - k2).abs() > 1e-9 {
                proptest::prop_assert_eq!(by_key, by_value);
            }
        }
    }
}
