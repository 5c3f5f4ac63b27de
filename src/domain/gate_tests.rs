use chrono::{TimeZone, Utc, Weekday};

use super::*;
use crate::domain::qualification::{Evidence, Item, ItemState};

fn bant() -> GateConfig {
    GateConfig {
        required: vec!["need".into(), "timeline".into()],
        min_score_relaxed: 40,
        min_score_strict: 70,
        weekly_capacity: 10,
    }
}

fn meddic() -> GateConfig {
    GateConfig {
        required: vec![
            "identify_pain".into(),
            "economic_buyer".into(),
            "champion".into(),
        ],
        ..bant()
    }
}

fn with(items: &[(&str, ItemState, Option<&str>)]) -> Qualification {
    let mut q = Qualification::default();
    for (id, state, ev) in items {
        q.set(
            id,
            Item {
                state: *state,
                evidence: ev.map(|t| Evidence {
                    text: t.into(),
                    ..Evidence::default()
                }),
            },
        );
    }
    q
}

fn bant_met() -> Qualification {
    with(&[
        ("need", ItemState::Confirmed, None),
        ("timeline", ItemState::Confirmed, None),
    ])
}

#[test]
fn under_capacity_the_relaxed_minimum_applies() {
    let r = evaluate(&bant_met(), 45, 7, &bant(), Lang::En);
    assert!(r.passes, "{:?}", r.reasons);
    assert!(r.relaxed);
    assert_eq!(r.min_score, 40);
    assert_eq!(
        r.reasons[0],
        "field sales 7/10 this week — relaxed: min score 40"
    );
}

#[test]
fn at_capacity_the_strict_minimum_applies() {
    let r = evaluate(&bant_met(), 45, 10, &bant(), Lang::En);
    assert!(!r.passes);
    assert!(!r.relaxed);
    assert_eq!(r.min_score, 70);
    assert_eq!(
        r.reasons[0],
        "field sales 10/10 this week — strict: min score 70"
    );
    assert!(
        r.reasons.iter().any(|s| s.contains("score 45")),
        "{:?}",
        r.reasons
    );
    assert!(evaluate(&bant_met(), 70, 10, &bant(), Lang::En).passes);
}

#[test]
fn over_capacity_stays_strict() {
    let r = evaluate(&bant_met(), 69, 13, &bant(), Lang::En);
    assert!(!r.passes);
    assert_eq!(r.min_score, 70);
    assert!(evaluate(&bant_met(), 90, 13, &bant(), Lang::En).passes);
}

#[test]
fn the_score_boundary_is_inclusive() {
    assert!(evaluate(&bant_met(), 40, 0, &bant(), Lang::En).passes);
    assert!(!evaluate(&bant_met(), 39, 0, &bant(), Lang::En).passes);
}

#[test]
fn unmet_required_items_fail_and_are_named() {
    let q = with(&[
        ("need", ItemState::Partial, None),
        ("budget", ItemState::Confirmed, None),
    ]);
    let r = evaluate(&q, 99, 0, &bant(), Lang::En);
    assert!(!r.passes);
    assert_eq!(r.missing, vec!["need", "timeline"]);
    assert!(
        r.reasons
            .iter()
            .any(|s| s == "Need: partial, must be confirmed")
    );
    assert!(
        r.reasons
            .iter()
            .any(|s| s == "Timeline: unknown, must be confirmed")
    );
}

#[test]
fn n_a_counts_only_with_evidence() {
    let without = with(&[
        ("need", ItemState::Confirmed, None),
        ("timeline", ItemState::NA, None),
    ]);
    let r = evaluate(&without, 99, 0, &bant(), Lang::En);
    assert!(!r.passes);
    assert!(
        r.reasons
            .iter()
            .any(|s| s == "Timeline: n/a needs evidence")
    );
    let with_evidence = with(&[
        ("need", ItemState::Confirmed, None),
        ("timeline", ItemState::NA, Some("継続契約のため期限なし")),
    ]);
    assert!(evaluate(&with_evidence, 99, 0, &bant(), Lang::En).passes);
}

#[test]
fn meddic_needs_its_own_items() {
    let r = evaluate(&bant_met(), 99, 0, &meddic(), Lang::En);
    assert_eq!(
        r.missing,
        vec!["identify_pain", "economic_buyer", "champion"]
    );
    let q = with(&[
        ("identify_pain", ItemState::Confirmed, None),
        (
            "economic_buyer",
            ItemState::NA,
            Some("the founder decides alone"),
        ),
        ("champion", ItemState::Confirmed, None),
    ]);
    assert!(evaluate(&q, 40, 9, &meddic(), Lang::En).passes);
    assert!(!evaluate(&q, 40, 10, &meddic(), Lang::En).passes);
}

#[test]
fn japanese_explanations() {
    let r = evaluate(&Qualification::default(), 10, 3, &bant(), Lang::Ja);
    assert_eq!(
        r.reasons[0],
        "フィールドセールス 今週 3/10 — 緩和: 最低スコア 40"
    );
    assert!(
        r.reasons
            .iter()
            .any(|s| s == "ニーズ: 未確認 — 確認済みが必要です")
    );
    assert!(
        r.reasons
            .iter()
            .any(|s| s == "スコア 10 が最低スコア 40 未満です")
    );
    let strict = evaluate(&bant_met(), 80, 10, &bant(), Lang::Ja);
    assert_eq!(
        strict.reasons[0],
        "フィールドセールス 今週 10/10 — 厳格: 最低スコア 70"
    );
    assert!(strict.reasons.last().is_some_and(|s| s.starts_with("通過")));
}

#[test]
fn zero_capacity_is_always_strict() {
    let cfg = GateConfig {
        weekly_capacity: 0,
        ..bant()
    };
    assert!(!Capacity::new(0, &cfg).relaxed);
}

#[test]
fn weeks_start_on_the_configured_day_in_the_reps_zone() {
    let tokyo = chrono_tz::Asia::Tokyo;
    // Sunday 2026-11-29 23:30 in Tokyo is Sunday 14:30 UTC.
    let sun_night = Utc
        .with_ymd_and_hms(2026, 11, 29, 14, 30, 0)
        .single()
        .unwrap_or_default();
    let (start, end) = week_bounds(sun_night, tokyo, Weekday::Mon);
    // Monday 2026-11-23 00:00 Tokyo = Sunday 2026-11-22 15:00 UTC.
    assert_eq!(
        start,
        Utc.with_ymd_and_hms(2026, 11, 22, 15, 0, 0)
            .single()
            .unwrap_or_default()
    );
    assert_eq!(end - start, chrono::Duration::days(7));
    // With weeks starting on Sunday, that instant is in the week that began that day.
    let (start, _) = week_bounds(sun_night, tokyo, Weekday::Sun);
    assert_eq!(
        start,
        Utc.with_ymd_and_hms(2026, 11, 28, 15, 0, 0)
            .single()
            .unwrap_or_default()
    );
    // The same instant in New York is still Sunday morning.
    let (start, _) = week_bounds(sun_night, chrono_tz::America::New_York, Weekday::Mon);
    assert_eq!(
        start,
        Utc.with_ymd_and_hms(2026, 11, 23, 5, 0, 0)
            .single()
            .unwrap_or_default()
    );
}
