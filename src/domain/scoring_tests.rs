use super::*;
use crate::domain::activity::{ActivityKind, NewActivity};
use crate::domain::{Employees, Lead, Stage};
use chrono::{TimeZone, Utc};

fn words(w: &[&str]) -> Vec<String> {
    w.iter().map(ToString::to_string).collect()
}

fn fit(label: &str, field: &str, test: Test, points: i64) -> FitRule {
    FitRule {
        label: label.into(),
        field: field.into(),
        test,
        points,
    }
}

fn rules(fit: Vec<FitRule>) -> Rules {
    Rules {
        fit,
        engagement: [("conversation", 10), ("reply", 8), ("email_open", 1)]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
        engagement_other: 1,
        ..Rules::default()
    }
}

fn lead() -> Lead {
    Lead {
        title: "営業部長".into(),
        company: "山田商事株式会社".into(),
        email: "taro@competitor.example".into(),
        industry: "Manufacturing".into(),
        employees: Employees {
            min: Some(50),
            max: Some(99),
        },
        source: "資料請求".into(),
        tags: vec!["展示会2025".into()],
        stage: Stage::New,
        ..Lead::default()
    }
}

fn sum(s: &Scored) -> i64 {
    s.breakdown.iter().map(|(_, p)| p).sum()
}

#[test]
fn contains_rules_match_english_and_japanese_titles_case_insensitively() {
    let r = rules(vec![fit(
        "executive",
        "title",
        Test::contains(&words(&["部長", "director", "VP"])),
        30,
    )]);
    assert_eq!(r.score(&lead()).score, 30);
    let mut en = lead();
    en.title = "Sales DIRECTOR".into();
    assert_eq!(r.score(&en).breakdown, vec![("executive".to_owned(), 30)]);
    en.title = "Analyst".into();
    assert_eq!(r.score(&en).score, 0);
}

#[test]
fn any_rules_match_whole_values_and_any_tag() {
    let r = rules(vec![
        fit(
            "industry",
            "industry",
            Test::any(&words(&["manufacturing", "製造業"])),
            10,
        ),
        fit("source", "source", Test::any(&words(&["資料請求"])), 20),
        fit("trade show", "tags", Test::any(&words(&["展示会2025"])), 5),
        fit(
            "not a substring",
            "industry",
            Test::any(&words(&["manu"])),
            99,
        ),
    ]);
    let s = r.score(&lead());
    assert_eq!(s.score, 35);
    assert_eq!(sum(&s), 35);
}

#[test]
fn employee_ranges_overlap_the_rule_range() {
    let size = |min, max| rules(vec![fit("size", "employees", Test::Range { min, max }, 20)]);
    // 50–99 overlaps 90+ and ..=50, not 100+ nor ..=49.
    assert_eq!(size(Some(90), None).score(&lead()).score, 20);
    assert_eq!(size(None, Some(50)).score(&lead()).score, 20);
    assert_eq!(size(Some(100), None).score(&lead()).score, 0);
    assert_eq!(size(None, Some(49)).score(&lead()).score, 0);
    let mut open = lead();
    open.employees = Employees {
        min: Some(1000),
        max: None,
    };
    assert_eq!(size(Some(5000), None).score(&open).score, 20);
    open.employees = Employees::default();
    assert_eq!(size(Some(0), None).score(&open).score, 0, "unknown size");
}

#[test]
fn negative_points_are_floored_at_zero_with_a_floor_line() {
    let r = rules(vec![
        fit("executive", "title", Test::contains(&words(&["部長"])), 30),
        fit(
            "competitor",
            "email",
            Test::contains(&words(&["@competitor.example"])),
            -50,
        ),
    ]);
    let s = r.score(&lead());
    assert_eq!(s.score, 0);
    assert_eq!(
        s.breakdown,
        vec![
            ("executive".to_owned(), 30),
            ("competitor".to_owned(), -50),
            ("floor".to_owned(), 20)
        ]
    );
    assert_eq!(sum(&s), s.score);
    assert_eq!(s.grade, Grade::D);
}

#[test]
fn negative_points_that_leave_a_positive_sum_need_no_floor() {
    let r = rules(vec![
        fit("executive", "title", Test::contains(&words(&["部長"])), 30),
        fit("student", "title", Test::contains(&words(&["営業"])), -10),
    ]);
    let s = r.score(&lead());
    assert_eq!(s.score, 20);
    assert!(s.breakdown.iter().all(|(l, _)| l != "floor"));
}

#[test]
fn engagement_points_count_per_kind_and_unknown_kinds_as_other() {
    let r = rules(vec![]);
    let mut l = lead();
    l.engagement.insert("conversation".into(), 2);
    l.engagement.insert("reply".into(), 1);
    l.engagement.insert("podcast".into(), 3);
    let s = r.score(&l);
    assert_eq!(s.score, 20 + 8 + 3);
    assert_eq!(sum(&s), s.score);
    assert!(
        s.breakdown
            .contains(&("engagement: conversation ×2".to_owned(), 20))
    );
    assert!(s.breakdown.contains(&("engagement: reply".to_owned(), 8)));
}

#[test]
fn grades_follow_the_thresholds() {
    let t = Thresholds {
        a: 80,
        b: 60,
        c: 40,
    };
    assert_eq!(t.grade(80), Grade::A);
    assert_eq!(t.grade(79), Grade::B);
    assert_eq!(t.grade(60), Grade::B);
    assert_eq!(t.grade(59), Grade::C);
    assert_eq!(t.grade(40), Grade::C);
    assert_eq!(t.grade(39), Grade::D);
    assert_eq!(t.grade(0), Grade::D);
    let strict = Thresholds {
        a: 100,
        b: 50,
        c: 10,
    };
    assert_eq!(strict.grade(99), Grade::B);
    assert_eq!(Grade::from_id("b"), Some(Grade::B));
}

#[test]
fn conversations_replies_and_events_count_as_engagement() {
    let at = Utc
        .with_ymd_and_hms(2026, 11, 27, 1, 0, 0)
        .single()
        .unwrap_or_default();
    let mut l = lead();
    record_engagement(
        &mut l,
        &[
            NewActivity::new(ActivityKind::Call, at).with_outcome("connected"),
            NewActivity::new(ActivityKind::Call, at).with_outcome("no_answer"),
            NewActivity::new(ActivityKind::Inbound, at),
            NewActivity::new(ActivityKind::Reply, at),
            NewActivity::new(ActivityKind::Event, at).with_outcome("webinar"),
            NewActivity::new(ActivityKind::Note, at),
        ],
    );
    assert_eq!(l.engagement.get("conversation"), Some(&2));
    assert_eq!(l.engagement.get("reply"), Some(&1));
    assert_eq!(l.engagement.get("webinar"), Some(&1));
    assert_eq!(l.engagement.len(), 3);
    assert_eq!(l.last_engagement_at, Some(at));
}

#[test]
fn fit_rules_on_stage_and_flags() {
    let r = rules(vec![
        fit("fresh", "stage", Test::any(&words(&["new"])), 5),
        fit("no calls", "do_not_call", Test::Is(true), -5),
    ]);
    assert_eq!(r.score(&lead()).score, 5);
    let mut dnc = lead();
    dnc.do_not_call = true;
    assert_eq!(r.score(&dnc).score, 0);
}
