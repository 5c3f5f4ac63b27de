//! KPIs of Appendix D on hand-built journals with a fixed clock (SPEC §9).

use chrono::{Duration, TimeZone, Utc};
use leadbench::config::Config;
use leadbench::domain::kpi::{KpiValue, Period, PeriodKind};
use leadbench::domain::{ActionKind, ActivityKind, Lead, NewActivity, NextAction, Stage, Ts};
use leadbench::ops::kpi::{kpis, period, report};
use leadbench::store::Store;
use serde_json::json;

use crate::support::lead;

/// 2026-11-27 (Fri) hh:mm in Tokyo.
fn jst(h: u32, m: u32) -> Ts {
    Utc.with_ymd_and_hms(2026, 11, 27, h, m, 0)
        .single()
        .unwrap_or_default()
        - Duration::hours(9)
}

fn now() -> Ts {
    jst(17, 30)
}

fn call(at: Ts, outcome: &str) -> NewActivity {
    NewActivity::new(ActivityKind::Call, at).with_outcome(outcome)
}

fn stage_row(at: Ts, from: &str, to: &str) -> NewActivity {
    NewActivity::new(ActivityKind::Stage, at).with_data(json!({ "from": from, "to": to }))
}

fn add(store: &mut Store, n: i64, stage: Stage, handover: Ts, acts: Vec<NewActivity>) -> i64 {
    let mut l: Lead = lead(n, stage);
    l.handover_at = handover;
    l.stage_entered_at = handover;
    store
        .insert_lead(&l, &acts, "test")
        .unwrap_or_else(|e| panic!("{e}"))
}

fn get(values: &[(&'static str, KpiValue)], id: &str) -> KpiValue {
    values
        .iter()
        .find(|(k, _)| *k == id)
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| panic!("no {id}"))
}

fn num(values: &[(&'static str, KpiValue)], id: &str) -> Option<f64> {
    get(values, id).scalar()
}

/// The journal of one Friday in Tokyo (see each lead's comment).
fn friday() -> Store {
    let mut s = Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
    // 1: handed over 09:00, no answer 09:30 (30 min), connected + meeting 11:00, inbound 13:00,
    // escalated 15:00.
    let mut acts = vec![call(jst(9, 30), "no_answer"), call(jst(11, 0), "connected")];
    acts.push(NewActivity::new(ActivityKind::Meeting, jst(11, 0)).with_outcome("booked"));
    acts.push(NewActivity::new(ActivityKind::Inbound, jst(13, 0)));
    acts.push(NewActivity::new(ActivityKind::Escalation, jst(15, 0)));
    let l1 = add(&mut s, 1, Stage::Engaged, jst(9, 0), acts);
    // 2: handed over 08:00 (before the window), mailed 09:45 (45 min), replied 14:00.
    let acts = vec![
        NewActivity::new(ActivityKind::Mail, jst(9, 45)),
        NewActivity::new(ActivityKind::Reply, jst(14, 0)),
    ];
    add(&mut s, 2, Stage::Unreached, jst(8, 0), acts);
    // 3: handed over 10:00, automatic mail 10:05 (no touch), busy 12:00 (120 min).
    let acts = vec![
        NewActivity::new(ActivityKind::Mail, jst(10, 5)).with_data(json!({ "auto": true })),
        call(jst(12, 0), "busy"),
    ];
    add(&mut s, 3, Stage::Unreached, jst(10, 0), acts);
    // 4: handed over Thursday 17:50, called Friday 09:10 (10 + 10 window minutes).
    add(
        &mut s,
        4,
        Stage::Unreached,
        jst(17, 50) - Duration::days(1),
        vec![call(jst(9, 10), "voicemail")],
    );
    // 5: lost since October, re-engaged by a call with a meeting at 16:00.
    let long_ago = jst(10, 0) - Duration::days(60);
    let acts = vec![
        stage_row(long_ago, "engaged", "lost"),
        call(jst(16, 0), "meeting"),
        NewActivity::new(ActivityKind::Meeting, jst(16, 0)).with_outcome("booked"),
        stage_row(jst(16, 0), "lost", "engaged"),
        NewActivity::new(ActivityKind::Feedback, jst(15, 10)).with_outcome("accepted"),
        NewActivity::new(ActivityKind::Feedback, jst(15, 20)).with_outcome("rejected"),
    ];
    let l5 = add(
        &mut s,
        5,
        Stage::Engaged,
        long_ago - Duration::days(30),
        acts,
    );
    // 6: new, untouched, handed over 16:00.
    add(&mut s, 6, Stage::New, jst(16, 0), vec![]);
    // Next actions on 1 and 5.
    for id in [l1, l5] {
        s.mutate(id, None, "schedule", |before| {
            let mut after = before.clone();
            after.next_action = Some(NextAction {
                kind: ActionKind::Call,
                due_at: jst(18, 0) + Duration::days(3),
                note: String::new(),
            });
            Ok::<_, leadbench::store::StoreError>(leadbench::store::Change {
                lead: after,
                activities: vec![],
            })
        })
        .unwrap_or_else(|e| panic!("{e}"));
    }
    s
}

#[test]
fn every_kpi_of_a_friday_in_tokyo() {
    let store = friday();
    let cfg = Config::default();
    let day = period(&cfg, PeriodKind::Day, now());
    let v = kpis(&store, &cfg, &day, &leadbench::domain::kpi::KPI_IDS)
        .unwrap_or_else(|e| panic!("{e}"));
    let counts = [
        ("dials", 5),
        ("conversations", 3),
        ("meetings", 2),
        ("handoffs", 1),
        ("mails", 2),
        ("replies", 1),
        ("reengaged", 1),
        ("graded", 4),
        ("lost_conversations", 1),
        ("meetings_from_lost", 1),
        ("new_backlog", 1),
    ];
    for (id, n) in counts {
        assert_eq!(get(&v, id), KpiValue::Count(n), "{id}");
    }
    let rates = [
        ("connect_rate", 0.4),
        ("acceptance_rate", 0.5),
        ("reply_rate", 0.5),
        ("attempts_per_lead", 1.25),
        ("speed_to_lead_median_minutes", 45.0),
        ("speed_to_lead_within_sla", 2.0 / 3.0),
        ("next_action_share", 2.0 / 6.0),
    ];
    for (id, x) in rates {
        let got = num(&v, id).unwrap_or(f64::NAN);
        assert!((got - x).abs() < 1e-9, "{id}: {got} != {x}");
    }
    let KpiValue::Hours(h) = get(&v, "connect_rate_by_hour") else {
        panic!("hours")
    };
    assert_eq!(h.len(), 24);
    assert_eq!(
        (h[9], h[11], h[12], h[16], h[10]),
        (Some(0.0), Some(1.0), Some(0.0), Some(1.0), None)
    );
    let KpiValue::Grades(g) = get(&v, "grade_mix") else {
        panic!("grades")
    };
    assert_eq!(g.iter().sum::<u64>(), 6);
}

#[test]
fn the_week_adds_thursdays_lead_and_its_overnight_wait() {
    let store = friday();
    let cfg = Config::default();
    let week = period(&cfg, PeriodKind::Week, now());
    let v = kpis(
        &store,
        &cfg,
        &week,
        &["speed_to_lead_median_minutes", "graded"],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // 20, 30, 45, 120 minutes inside the window.
    assert_eq!(num(&v, "speed_to_lead_median_minutes"), Some(37.5));
    assert_eq!(get(&v, "graded"), KpiValue::Count(5));
}

#[test]
fn calls_at_2359_and_0001_fall_on_their_own_days() {
    let mut store = Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
    let thu_2359 = jst(0, 0) - Duration::minutes(1);
    let fri_0001 = jst(0, 1);
    add(
        &mut store,
        1,
        Stage::Unreached,
        jst(0, 0) - Duration::days(2),
        vec![call(thu_2359, "no_answer"), call(fri_0001, "busy")],
    );
    let cfg = Config::default();
    let fri = period(&cfg, PeriodKind::Day, now());
    let thu = Period::range(
        fri.from.pred_opt().unwrap_or(fri.from),
        fri.from.pred_opt().unwrap_or(fri.from),
        cfg.rep.timezone,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    for (p, n) in [(fri, 1), (thu, 1)] {
        let v = kpis(&store, &cfg, &p, &["dials"]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(get(&v, "dials"), KpiValue::Count(n), "{:?}", p.from);
    }
    // In New York both calls are on Thursday.
    let mut ny = cfg.clone();
    ny.rep.timezone = chrono_tz::America::New_York;
    let p = Period::around(
        PeriodKind::Day,
        jst(0, 1),
        ny.rep.timezone,
        ny.rules.week_start,
    );
    let v = kpis(&store, &ny, &p, &["dials"]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(get(&v, "dials"), KpiValue::Count(2));
}

#[test]
fn rates_and_medians_are_null_when_nothing_was_counted() {
    let store = Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
    let cfg = Config::default();
    let r = report(&store, &cfg, period(&cfg, PeriodKind::Month, now()), now())
        .unwrap_or_else(|e| panic!("{e}"));
    for id in [
        "connect_rate",
        "acceptance_rate",
        "reply_rate",
        "speed_to_lead_median_minutes",
        "speed_to_lead_within_sla",
        "attempts_per_lead",
        "next_action_share",
        "share_ab",
    ] {
        assert_eq!(r.value(id), Some(&KpiValue::Number(None)), "{id}");
    }
    assert_eq!(
        r.value("connect_rate_by_hour"),
        Some(&KpiValue::Hours(vec![None; 24]))
    );
    assert_eq!(r.value("dials"), Some(&KpiValue::Count(0)));
    assert!(
        r.stages
            .iter()
            .all(|s| s.count == 0 && s.median_age_days.is_none())
    );
    // November 2026 has 19 working days in Tokyo: 60 dials a day.
    assert_eq!(r.working_days, 19);
    assert_eq!(r.targets.get("dials"), Some(&1140.0));
    assert_eq!(r.targets.get("connect_rate"), Some(&0.2));
}

#[test]
fn undone_rows_and_rows_of_another_rep_never_count() {
    let mut store = friday();
    let cfg = Config::default();
    let day = period(&cfg, PeriodKind::Day, now());
    let before = kpis(
        &store,
        &cfg,
        &day,
        &["dials", "speed_to_lead_median_minutes"],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // A lead handed over at 09:00 whose only call is undone: no dial, no touch.
    add(
        &mut store,
        7,
        Stage::Unreached,
        jst(9, 0),
        vec![call(jst(9, 5), "no_answer")],
    );
    store.undo().unwrap_or_else(|e| panic!("{e}"));
    // A transferred lead whose history is another rep's.
    let mut other = lead(8, Stage::Unreached);
    other.handover_at = jst(9, 0);
    let history = vec![leadbench::domain::Activity {
        id: 0,
        lead_id: None,
        at: jst(9, 1),
        kind: ActivityKind::Call,
        outcome: Some("connected".into()),
        note: String::new(),
        data: json!({}),
        undone: false,
        by_other: true,
    }];
    store
        .insert_transferred(
            &[(other, history)],
            &NewActivity::new(ActivityKind::Transfer, jst(9, 0)),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let after = kpis(
        &store,
        &cfg,
        &day,
        &["dials", "speed_to_lead_median_minutes"],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(before, after);
}
