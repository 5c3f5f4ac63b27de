//! Tests of what each stage's history looks like, on a few thousand leads.

#![allow(clippy::unwrap_used)]

use chrono::{Datelike, Duration, Timelike, Weekday};
use chrono_tz::Tz;

use crate::domain::{ActivityKind, Outcome, Stage};

use super::tests::{demo, now};

#[test]
fn each_stage_has_its_own_history() {
    let now = now();
    let leads = demo(3_000, 17);
    let (mut overdue, mut today, mut later) = (0, 0, 0);
    let (mut reengage_past, mut reengage_future) = (0, 0);
    let (mut fresh_new, mut stale_new) = (0, 0);
    let today_jst = now.with_timezone(&Tz::Asia__Tokyo).date_naive();
    for (l, acts) in &leads {
        let who = &l.full_name;
        let has = |k: ActivityKind| acts.iter().any(|a| a.kind == k);
        let calls = acts.iter().filter(|a| a.kind == ActivityKind::Call).count();
        match l.stage {
            Stage::New => {
                assert_eq!(calls, 0, "{who}");
                assert!(l.next_action.is_none() && l.last_touch_at.is_none());
                assert!(acts.iter().all(|a| a.kind == ActivityKind::Event), "{who}");
                let age = now - l.handover_at;
                fresh_new += usize::from(age < Duration::hours(1));
                stale_new += usize::from(age > Duration::days(1));
            }
            Stage::Unreached => {
                assert!((1..=5).contains(&calls), "{who}: {calls} calls");
                assert_eq!(l.attempts as usize, calls);
                assert!(l.last_conversation_at.is_none());
            }
            Stage::Engaged => assert!(l.last_conversation_at.is_some(), "{who}"),
            Stage::Lost => {
                let reason = l.lost_reason.as_deref().unwrap();
                assert!(l.next_action.is_none());
                if matches!(reason, "do_not_call" | "invalid_data") {
                    assert!(l.reengage_on.is_none(), "{who}");
                } else if l.reengage_on.unwrap() <= today_jst {
                    reengage_past += 1;
                } else {
                    reengage_future += 1;
                }
                if reason == "do_not_call" {
                    assert!(l.do_not_call);
                }
                if reason == "unreachable" {
                    assert_eq!(l.attempts, 6);
                }
            }
            Stage::HandedOff => {
                assert!(has(ActivityKind::Escalation), "{who}");
                let meeting = l.meeting_at.unwrap();
                assert!(meeting > l.stage_entered_at);
                assert!(l.next_action.is_none());
                let esc = acts
                    .iter()
                    .find(|a| a.kind == ActivityKind::Escalation)
                    .unwrap();
                assert!(esc.data["to"].as_str().is_some_and(|s| !s.is_empty()));
                assert!(esc.data["meeting"].as_str().is_some());
            }
        }
        if let Some(next) = l.next_action.as_ref().filter(|_| l.stage != Stage::New) {
            if next.due_at < now {
                overdue += 1;
            } else if next.due_at.with_timezone(&Tz::Asia__Tokyo).date_naive() == today_jst {
                today += 1;
            } else {
                later += 1;
            }
        }
    }
    assert!(
        overdue > 50 && today > 50 && later > overdue + today,
        "{overdue}/{today}/{later}"
    );
    assert!(
        reengage_past > 20 && reengage_future > 20,
        "{reengage_past}/{reengage_future}"
    );
    assert!(fresh_new > 5 && stale_new > 5, "{fresh_new}/{stale_new}");
}

#[test]
fn history_is_dense_lately_and_reaches_back_years() {
    let now = now();
    let leads = demo(3_000, 19);
    let ages: Vec<i64> = leads
        .iter()
        .map(|(l, _)| (now - l.handover_at).num_days())
        .collect();
    let recent = ages.iter().filter(|d| **d <= 60).count();
    let old = ages.iter().filter(|d| **d > 730).count();
    assert!(
        recent * 100 / ages.len() >= 40,
        "{recent} in the last 60 days"
    );
    assert!(old > 30, "{old} older than two years");
}

#[test]
fn calls_happen_in_business_hours_mostly() {
    let leads = demo(2_000, 23);
    let (mut inside, mut total) = (0, 0);
    for (l, acts) in &leads {
        let tz: Tz = l.timezone.as_deref().unwrap().parse().unwrap();
        for a in acts.iter().filter(|a| a.kind == ActivityKind::Call) {
            let local = a.at.with_timezone(&tz);
            total += 1;
            let weekday = !matches!(local.weekday(), Weekday::Sat | Weekday::Sun);
            inside += usize::from(weekday && (9..18).contains(&local.hour()));
        }
    }
    assert!(
        inside * 100 / total >= 90,
        "{inside} of {total} calls in business hours"
    );
}

#[test]
fn call_data_names_the_number_dialled() {
    for (l, acts) in demo(500, 29) {
        for a in acts.iter().filter(|a| a.kind == ActivityKind::Call) {
            let phone = a.data["phone"].as_str().unwrap();
            assert!(l.phones.iter().any(|p| p.number.as_deref() == Some(phone)));
            assert!(a.data["duration"].as_i64().is_some_and(|d| d > 0));
            assert!(a.outcome.as_deref().and_then(Outcome::from_id).is_some());
        }
    }
}
