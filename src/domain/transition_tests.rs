use chrono::{TimeZone, Utc};

use super::*;
use crate::domain::lead::{Phone, PhoneKind};

fn t0() -> Ts {
    Utc.with_ymd_and_hms(2026, 11, 27, 1, 0, 0)
        .single()
        .unwrap_or_default()
}

fn phone(n: &str) -> Phone {
    Phone {
        number: Some(n.into()),
        raw: n.into(),
        kind: PhoneKind::Main,
        invalid: false,
    }
}

fn lead(stage: Stage, phones: usize, email: bool) -> Lead {
    Lead {
        id: 1,
        full_name: "山田 太郎".into(),
        stage,
        phones: (0..phones)
            .map(|i| phone(&format!("+8131234567{i}")))
            .collect(),
        email: if email {
            "taro@example.jp".into()
        } else {
            String::new()
        },
        lost_reason: (stage == Stage::Lost).then(|| "bad_timing".into()),
        attempts: 2,
        ..Lead::default()
    }
}

fn call(outcome: Outcome) -> Call {
    Call {
        outcome,
        at: t0(),
        today: t0().date_naive(),
        phone: None,
        next: Some(t0() + Duration::days(2)),
        meeting: Some(t0() + Duration::days(3)),
        lost_reason: None,
        note: String::new(),
    }
}

fn stage_after(
    stage: Stage,
    outcome: Outcome,
    phones: usize,
    email: bool,
) -> (Stage, Option<String>) {
    let applied = apply_call(
        &lead(stage, phones, email),
        &call(outcome),
        &Rules::default(),
    )
    .unwrap_or_else(|e| panic!("{stage:?} × {outcome:?}: {e}"));
    (applied.lead.stage, applied.lead.lost_reason)
}

use Outcome::*;
use Stage::*;

/// Every cell of the SPEC §2 matrix, for a lead with two phones and an email.
#[test]
fn every_stage_and_outcome_moves_the_lead_as_the_matrix_says() {
    let lost = |r: &str| (Lost, Some(r.to_owned()));
    let cells: Vec<(Stage, Outcome, (Stage, Option<String>))> = vec![
        (New, Connected, (Engaged, None)),
        (New, Callback, (Engaged, None)),
        (New, Meeting, (Engaged, None)),
        (New, NoAnswer, (Unreached, None)),
        (New, Voicemail, (Unreached, None)),
        (New, Busy, (Unreached, None)),
        (New, Gatekeeper, (Unreached, None)),
        (New, WrongNumber, (Unreached, None)),
        (New, NotInterested, lost("not_interested")),
        (New, DoNotCall, lost("do_not_call")),
        (Unreached, Connected, (Engaged, None)),
        (Unreached, Callback, (Engaged, None)),
        (Unreached, Meeting, (Engaged, None)),
        (Unreached, NoAnswer, (Unreached, None)),
        (Unreached, Voicemail, (Unreached, None)),
        (Unreached, Busy, (Unreached, None)),
        (Unreached, Gatekeeper, (Unreached, None)),
        (Unreached, WrongNumber, (Unreached, None)),
        (Unreached, NotInterested, lost("not_interested")),
        (Unreached, DoNotCall, lost("do_not_call")),
        (Engaged, Connected, (Engaged, None)),
        (Engaged, Callback, (Engaged, None)),
        (Engaged, Meeting, (Engaged, None)),
        (Engaged, NoAnswer, (Engaged, None)),
        (Engaged, Voicemail, (Engaged, None)),
        (Engaged, Busy, (Engaged, None)),
        (Engaged, Gatekeeper, (Engaged, None)),
        (Engaged, WrongNumber, (Engaged, None)),
        (Engaged, NotInterested, lost("not_interested")),
        (Engaged, DoNotCall, lost("do_not_call")),
        (Lost, Connected, (Engaged, None)),
        (Lost, Callback, (Engaged, None)),
        (Lost, Meeting, (Engaged, None)),
        (Lost, NoAnswer, lost("bad_timing")),
        (Lost, Voicemail, lost("bad_timing")),
        (Lost, Busy, lost("bad_timing")),
        (Lost, Gatekeeper, lost("bad_timing")),
        (Lost, WrongNumber, lost("bad_timing")),
        (Lost, NotInterested, lost("not_interested")),
        (Lost, DoNotCall, lost("bad_timing")),
        (HandedOff, Connected, (HandedOff, None)),
        (HandedOff, Callback, (HandedOff, None)),
        (HandedOff, Meeting, (HandedOff, None)),
        (HandedOff, NoAnswer, (HandedOff, None)),
        (HandedOff, Voicemail, (HandedOff, None)),
        (HandedOff, Busy, (HandedOff, None)),
        (HandedOff, Gatekeeper, (HandedOff, None)),
        (HandedOff, WrongNumber, (HandedOff, None)),
        (HandedOff, NotInterested, (HandedOff, None)),
        (HandedOff, DoNotCall, (HandedOff, None)),
    ];
    assert_eq!(cells.len(), 50);
    for (stage, outcome, want) in cells {
        assert_eq!(
            stage_after(stage, outcome, 2, true),
            want,
            "{stage:?} × {outcome:?}"
        );
    }
}

#[test]
fn wrong_number_without_another_channel_loses_the_lead_as_invalid_data() {
    let want = (Lost, Some("invalid_data".to_owned()));
    assert_eq!(stage_after(New, WrongNumber, 1, false), want);
    assert_eq!(stage_after(Unreached, WrongNumber, 1, false), want);
    assert_eq!(stage_after(Engaged, WrongNumber, 1, false), want);
    assert_eq!(stage_after(New, WrongNumber, 1, true), (Unreached, None));
    assert_eq!(stage_after(Lost, WrongNumber, 1, false).0, Lost);
}

#[test]
fn wrong_number_marks_the_dialled_phone_invalid() {
    let a = apply_call(&lead(New, 2, false), &call(WrongNumber), &Rules::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(a.lead.phones[0].invalid);
    assert!(!a.lead.phones[1].invalid);
    assert_eq!(a.invalidated_phone, Some(0));
}

#[test]
fn a_conversation_resets_attempts_and_anything_else_adds_one() {
    for o in Outcome::ALL {
        let a = apply_call(&lead(Engaged, 2, true), &call(o), &Rules::default())
            .unwrap_or_else(|e| panic!("{e}"));
        let want = if o.is_conversation() { 0 } else { 3 };
        assert_eq!(a.lead.attempts, want, "{o:?}");
    }
}

#[test]
fn no_answer_on_new_lead_moves_it_to_unreached_with_a_retry() {
    let a = apply_call(&lead(New, 1, false), &call(NoAnswer), &Rules::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a.lead.stage, Unreached);
    let next = a.lead.next_action.unwrap_or_else(|| panic!("no retry"));
    assert_eq!(next.kind, ActionKind::Call);
    assert_eq!(next.due_at, t0() + Duration::days(1));
    assert_eq!(a.lead.stage_entered_at, t0());
}

#[test]
fn busy_retries_after_the_busy_delay() {
    let a = apply_call(&lead(Engaged, 1, false), &call(Busy), &Rules::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        a.lead.next_action.map(|n| n.due_at),
        Some(t0() + Duration::hours(2))
    );
}

#[test]
fn unreached_is_lost_as_unreachable_once_attempts_reach_the_limit() {
    let mut l = lead(Unreached, 1, true);
    l.attempts = 5;
    let a = apply_call(&l, &call(Voicemail), &Rules::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a.lead.stage, Lost);
    assert_eq!(a.lead.lost_reason.as_deref(), Some("unreachable"));
    assert_eq!(
        a.lead.reengage_on,
        Some(t0().date_naive() + Duration::days(60))
    );
    assert!(a.lead.next_action.is_none());
    l.attempts = 4;
    let a = apply_call(&l, &call(Voicemail), &Rules::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a.lead.stage, Unreached);
}

#[test]
fn engaged_is_never_auto_lost_for_attempts() {
    let mut l = lead(Engaged, 1, true);
    l.attempts = 50;
    let a = apply_call(&l, &call(NoAnswer), &Rules::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a.lead.stage, Engaged);
}

#[test]
fn callback_and_meeting_need_their_times() {
    let mut c = call(Callback);
    c.next = None;
    assert_eq!(
        apply_call(&lead(New, 1, true), &c, &Rules::default()).err(),
        Some(RuleError::CallbackNeedsTime)
    );
    let mut c = call(Meeting);
    c.meeting = None;
    assert_eq!(
        apply_call(&lead(New, 1, true), &c, &Rules::default()).err(),
        Some(RuleError::MeetingNeedsTime)
    );
}

#[test]
fn meeting_records_the_meeting() {
    let a = apply_call(&lead(Unreached, 1, true), &call(Meeting), &Rules::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a.lead.meeting_at, Some(t0() + Duration::days(3)));
    assert_eq!(
        a.lead.next_action.map(|n| n.due_at),
        Some(t0() + Duration::days(3))
    );
}

#[test]
fn do_not_call_sets_the_flag_in_every_stage() {
    for s in Stage::ALL {
        let a = apply_call(&lead(s, 1, true), &call(DoNotCall), &Rules::default())
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(a.lead.do_not_call, "{s:?}");
    }
}

#[test]
fn lost_to_engaged_counts_as_reengaged_and_clears_the_reason() {
    let a = apply_call(&lead(Lost, 1, true), &call(Connected), &Rules::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        a.stage_change
            .as_ref()
            .is_some_and(StageChange::is_reengagement)
    );
    assert_eq!(a.lead.lost_reason, None);
    assert_eq!(a.lead.reengage_on, None);
}

#[test]
fn not_interested_on_a_lost_lead_takes_the_new_reason_and_date() {
    let mut c = call(NotInterested);
    c.lost_reason = Some("competitor".into());
    let a =
        apply_call(&lead(Lost, 1, true), &c, &Rules::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a.lead.lost_reason.as_deref(), Some("competitor"));
    assert_eq!(
        a.lead.reengage_on,
        Some(t0().date_naive() + Duration::days(180))
    );
    assert!(a.stage_change.is_none());
}

#[test]
fn inbound_calls_and_replies_engage_all_but_handed_off_leads() {
    for (s, want) in [
        (New, Engaged),
        (Unreached, Engaged),
        (Engaged, Engaged),
        (Lost, Engaged),
        (HandedOff, HandedOff),
    ] {
        assert_eq!(
            apply_conversation(&lead(s, 1, true), t0()).lead.stage,
            want,
            "{s:?}"
        );
    }
}

#[test]
fn a_mail_to_a_new_lead_moves_it_to_unreached_without_an_attempt() {
    let a = apply_mail_sent(&lead(New, 1, true), t0());
    assert_eq!(a.lead.stage, Unreached);
    assert_eq!(a.lead.attempts, 2);
    assert_eq!(
        apply_mail_sent(&lead(Engaged, 1, true), t0()).lead.stage,
        Engaged
    );
}

#[test]
fn marking_lost_uses_the_reason_delay_or_the_given_date() {
    let today = t0().date_naive();
    let a = mark_lost(
        &lead(Engaged, 1, true),
        "no_budget",
        None,
        t0(),
        today,
        &Rules::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a.lead.reengage_on, Some(today + Duration::days(120)));
    let when = today + Duration::days(7);
    let a = mark_lost(
        &lead(Engaged, 1, true),
        "no_budget",
        Some(when),
        t0(),
        today,
        &Rules::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a.lead.reengage_on, Some(when));
    assert_eq!(
        mark_lost(
            &lead(HandedOff, 1, true),
            "no_budget",
            None,
            t0(),
            today,
            &Rules::default()
        )
        .err(),
        Some(RuleError::HandedOff)
    );
}
