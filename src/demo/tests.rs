#![allow(clippy::unwrap_used)]

use std::collections::HashMap;

use chrono::{DateTime, Duration};

use crate::domain::name::is_japanese;
use crate::domain::{ActivityKind, Outcome, Stage, Ts};

use super::*;

pub(super) fn now() -> Ts {
    // A Tuesday afternoon in Tokyo.
    DateTime::parse_from_rfc3339("2026-03-10T14:30:00+09:00")
        .unwrap()
        .to_utc()
}

/// Awkward moments too: a Sunday night, New Year's morning, the hour US clocks spring forward.
fn other_nows() -> [Ts; 3] {
    [
        "2026-03-15T03:10:00+09:00",
        "2027-01-01T08:00:00+09:00",
        "2026-03-08T07:30:00Z",
    ]
    .map(|s| DateTime::parse_from_rfc3339(s).unwrap().to_utc())
}

pub(super) fn demo(leads: usize, seed: u64) -> Vec<DemoLead> {
    demo_at(leads, seed, now())
}

fn demo_at(leads: usize, seed: u64, now: Ts) -> Vec<DemoLead> {
    let opts = DemoOptions { leads, seed, now };
    let mut all = Vec::new();
    generate(&opts, 97, |batch| {
        all.extend(batch);
        Ok::<(), ()>(())
    })
    .unwrap();
    all
}

fn count_stages(leads: &[DemoLead]) -> HashMap<Stage, usize> {
    let mut n = HashMap::new();
    for (l, _) in leads {
        *n.entry(l.stage).or_insert(0) += 1;
    }
    n
}

fn kind_is_conversation(kind: ActivityKind, outcome: Option<&str>) -> bool {
    match kind {
        ActivityKind::Inbound | ActivityKind::Reply => true,
        ActivityKind::Call => outcome
            .and_then(Outcome::from_id)
            .is_some_and(Outcome::is_conversation),
        _ => false,
    }
}

#[test]
fn the_same_options_give_the_same_data_whatever_the_batch_size() {
    let a = demo(400, 42);
    let b = demo(400, 42);
    assert_eq!(a, b);
    let opts = DemoOptions {
        leads: 400,
        seed: 42,
        now: now(),
    };
    let mut c = Vec::new();
    generate(&opts, 1, |batch| {
        assert_eq!(batch.len(), 1);
        c.extend(batch);
        Ok::<(), ()>(())
    })
    .unwrap();
    assert_eq!(a, c);
    assert_ne!(a, demo(400, 43));
}

#[test]
fn batches_are_sized_and_an_error_stops_the_generator() {
    let opts = DemoOptions {
        leads: 25,
        seed: 1,
        now: now(),
    };
    let mut sizes = Vec::new();
    generate(&opts, 10, |b| {
        sizes.push(b.len());
        Ok::<(), ()>(())
    })
    .unwrap();
    assert_eq!(sizes, [10, 10, 5]);
    let mut calls = 0;
    let r = generate(&opts, 10, |_| {
        calls += 1;
        Err("disk full")
    });
    assert_eq!((r, calls), (Err("disk full"), 1));
    generate(&DemoOptions { leads: 0, ..opts }, 10, |_| Err(())).unwrap();
}

#[test]
fn every_stage_is_present_even_in_a_tiny_demo() {
    for n in [10, 300] {
        let stages = count_stages(&demo(n, 7));
        for s in Stage::ALL {
            assert!(
                stages.get(&s).copied().unwrap_or(0) > 0,
                "{s} missing for {n}"
            );
        }
    }
}

#[test]
fn the_stage_mix_is_plausible() {
    let leads = demo(5_000, 3);
    let stages = count_stages(&leads);
    for (s, pct) in Stage::ALL.into_iter().zip([8, 20, 27, 30, 15]) {
        let got = stages[&s] * 100 / leads.len();
        assert!(got.abs_diff(pct) <= 3, "{s}: {got} % (want about {pct} %)");
    }
    let ja = leads
        .iter()
        .filter(|(l, _)| l.timezone.as_deref() == Some("Asia/Tokyo"))
        .count();
    let share = ja * 100 / leads.len();
    assert!((54..=66).contains(&share), "Japanese share {share} %");
}

#[test]
fn there_are_about_five_activities_per_lead() {
    let leads = demo(2_000, 11);
    let acts: usize = leads.iter().map(|(_, a)| a.len()).sum();
    let avg = acts as f64 / leads.len() as f64;
    assert!((4.0..=6.0).contains(&avg), "{avg} activities per lead");
}

#[test]
fn the_journal_is_the_past_in_order() {
    for now in [now()].into_iter().chain(other_nows()) {
        journal_is_the_past_in_order(now);
    }
}

fn journal_is_the_past_in_order(now: Ts) {
    for (l, acts) in demo_at(2_000, 5, now) {
        for w in acts.windows(2) {
            assert!(w[0].at <= w[1].at, "{}: journal out of order", l.full_name);
        }
        for a in &acts {
            assert!(
                a.at <= now,
                "{}: {:?} at {} is after now",
                l.full_name,
                a.kind,
                a.at
            );
        }
    }
}

#[test]
fn every_lead_can_be_reached_somehow_and_only_at_reserved_domains() {
    for (l, _) in demo(3_000, 9) {
        assert!(
            l.has_usable_email() || l.primary_phone().is_some(),
            "{} has no usable email or phone",
            l.full_name
        );
        if !l.email.is_empty() {
            let domain = l.email.rsplit('@').next().unwrap();
            assert!(
                domain.ends_with(".example")
                    || [
                        "example.com",
                        "example.net",
                        "example.org",
                        "example.jp",
                        "example.ne.jp"
                    ]
                    .contains(&domain),
                "{}",
                l.email
            );
        }
        for p in &l.phones {
            assert!(!p.raw.is_empty());
            if let Some(n) = &p.number {
                assert!(
                    n.starts_with('+') && n[1..].bytes().all(|b| b.is_ascii_digit()),
                    "{n}"
                );
                assert!((11..=15).contains(&n.len()), "{n}");
            }
        }
    }
}

#[test]
fn emails_are_unique() {
    let leads = demo(20_000, 4);
    let mut seen = std::collections::HashSet::new();
    for (l, _) in &leads {
        if !l.email.is_empty() {
            assert!(seen.insert(l.email.clone()), "duplicate {}", l.email);
        }
    }
}

#[test]
fn opt_outs_do_not_calls_shared_switchboards_and_invalid_phones_occur() {
    let small = demo(50, 21);
    assert!(small.iter().any(|(l, _)| l.email_opt_out));
    assert!(small.iter().any(|(l, _)| l.do_not_call));

    let leads = demo(3_000, 21);
    let opt_out = leads.iter().filter(|(l, _)| l.email_opt_out).count();
    let dnc = leads.iter().filter(|(l, _)| l.do_not_call).count();
    assert!((30..=200).contains(&opt_out), "{opt_out} opt-outs");
    assert!((30..=200).contains(&dnc), "{dnc} do-not-calls");
    assert!(
        leads
            .iter()
            .any(|(l, _)| l.phones.iter().any(|p| p.invalid))
    );
    let two = leads.iter().filter(|(l, _)| l.phones.len() >= 2).count();
    assert!(two > 300, "{two} leads with two phones");
    // The switchboard of a company is shared by colleagues.
    let mut by_number: HashMap<&str, Vec<&str>> = HashMap::new();
    for (l, _) in &leads {
        for p in l
            .phones
            .iter()
            .filter(|p| p.kind == crate::domain::PhoneKind::Switchboard)
        {
            by_number
                .entry(p.number.as_deref().unwrap())
                .or_default()
                .push(&l.company);
        }
    }
    assert!(
        by_number
            .values()
            .any(|companies| companies.len() >= 2 && companies.iter().all(|c| *c == companies[0]))
    );
}

#[test]
fn japanese_leads_have_kanji_names_with_readings() {
    let leads = demo(1_000, 8);
    let mut ja = 0;
    for (l, _) in &leads {
        if l.timezone.as_deref() == Some("Asia/Tokyo") {
            ja += 1;
            assert!(is_japanese(&l.last_name) && is_japanese(&l.company));
            assert!(
                l.reading
                    .chars()
                    .all(|c| c == ' ' || ('\u{30A0}'..='\u{30FF}').contains(&c))
            );
            assert!(!l.reading.is_empty());
            assert_eq!(l.full_name, format!("{} {}", l.last_name, l.first_name));
            assert!(
                l.phones
                    .iter()
                    .flat_map(|p| &p.number)
                    .all(|n| n.starts_with("+81"))
            );
        } else {
            assert!(l.reading.is_empty());
            assert_eq!(l.full_name, format!("{} {}", l.first_name, l.last_name));
        }
    }
    assert!(ja > 0);
}

#[test]
fn lead_times_agree_with_the_journal() {
    for now in [now()].into_iter().chain(other_nows()) {
        lead_times_agree(now);
    }
}

fn lead_times_agree(now: Ts) {
    let three_years = now - Duration::days(3 * 366);
    for (l, acts) in demo_at(2_000, 13, now) {
        let who = &l.full_name;
        assert!(
            l.handover_at <= now && l.handover_at >= three_years,
            "{who}: handover"
        );
        assert!(
            l.created_at.is_some_and(|c| c <= l.handover_at),
            "{who}: created"
        );
        assert!(
            l.imported_at.is_none_or(|i| i <= l.handover_at),
            "{who}: imported"
        );
        assert!(
            l.stage_entered_at >= l.handover_at && l.stage_entered_at <= now,
            "{who}"
        );
        let calls = acts.iter().filter(|a| a.kind == ActivityKind::Call);
        assert!(
            calls.clone().all(|a| a.at >= l.handover_at),
            "{who}: call before handover"
        );

        // Touches and conversations are the latest of their kind in the journal.
        let touch = acts
            .iter()
            .filter(|a| {
                matches!(
                    a.kind,
                    ActivityKind::Call | ActivityKind::Mail | ActivityKind::Inbound
                )
            })
            .map(|a| a.at)
            .max();
        assert_eq!(l.last_touch_at, touch, "{who}: last touch");
        let conv = acts
            .iter()
            .filter(|a| kind_is_conversation(a.kind, a.outcome.as_deref()))
            .map(|a| a.at)
            .max();
        assert_eq!(l.last_conversation_at, conv, "{who}: last conversation");
        let engagement = acts
            .iter()
            .filter(|a| a.kind == ActivityKind::Event)
            .map(|a| a.at)
            .max();
        assert_eq!(l.last_engagement_at, engagement, "{who}: last engagement");

        // Attempts: calls without a conversation since the last conversation.
        let attempts = acts
            .iter()
            .rev()
            .take_while(|a| !kind_is_conversation(a.kind, a.outcome.as_deref()))
            .filter(|a| a.kind == ActivityKind::Call)
            .count();
        assert_eq!(l.attempts as usize, attempts, "{who}: attempts");

        // The stage changes chain from new to the lead's stage.
        let mut stage = Stage::New;
        let mut entered = l.handover_at;
        for a in acts.iter().filter(|a| a.kind == ActivityKind::Stage) {
            let from = a.data["from"].as_str().and_then(Stage::from_id).unwrap();
            let to = a.data["to"].as_str().and_then(Stage::from_id).unwrap();
            assert_eq!(from, stage, "{who}: stage chain");
            assert_ne!(from, to);
            assert_eq!(
                a.data["reason"].is_null(),
                to != Stage::Lost,
                "{who}: reason"
            );
            stage = to;
            entered = a.at;
        }
        assert_eq!(stage, l.stage, "{who}: final stage");
        assert_eq!(entered, l.stage_entered_at, "{who}: stage_entered_at");

        // Open leads that were worked have a next action after their last entry.
        if let Some(last) = acts
            .last()
            .filter(|_| l.stage.is_open() && l.stage != Stage::New)
        {
            let next = l.next_action.as_ref().unwrap();
            assert!(
                next.due_at > last.at,
                "{who}: next action before the last entry"
            );
        }
    }
}

#[test]
fn the_demo_config_is_the_rep_section_only() {
    let v: toml::Table = toml::from_str(demo_config_toml()).unwrap();
    assert_eq!(v.keys().collect::<Vec<_>>(), ["rep"]);
    assert_eq!(v["rep"]["timezone"].as_str(), Some("Asia/Tokyo"));
    assert_eq!(v["rep"]["email"].as_str(), Some("misaki.sato@example.com"));
}
