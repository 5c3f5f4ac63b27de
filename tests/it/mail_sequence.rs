//! Sequences: enrolment, steps as next actions, drafts, auto-send, and what ends them.

use chrono::{Duration, NaiveDate};
use leadbench::domain::{ActionKind, Outcome, Stage};
use leadbench::ops::mail::{self, SendOutcome};
use leadbench::ops::{self, CallRequest, sequence};

use crate::mail_fixture::{FakeTransport, add_yamada, config, now, store, tmp};

fn call(outcome: Outcome) -> CallRequest {
    CallRequest {
        force: true,
        next: Some(now() + Duration::days(2)),
        ..CallRequest::new(outcome)
    }
}

#[test]
fn a_new_lead_follows_new_lead_steps_and_a_conversation_ends_it() {
    let dir = tmp();
    let cfg = config(dir.path(), "en", "");
    let policy = cfg.policy();
    let mut st = store(dir.path(), &cfg);
    let id = add_yamada(&mut st, &cfg);
    let l = st.lead(id).ok().flatten().unwrap_or_default();
    assert_eq!(l.sequence.as_deref(), Some("new-lead"));
    let next = l
        .next_action
        .clone()
        .unwrap_or_else(|| panic!("no next action"));
    assert_eq!((next.kind, next.due_at), (ActionKind::Call, now()));
    // A call that reaches nobody completes the call step; the lead stays in its sequence
    // (new → not reached keeps it) and the mail step is drafted for the rep.
    let (l, _) = ops::log_call(&mut st, &policy, id, None, &call(Outcome::NoAnswer), now())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (l.stage, l.sequence.as_deref(), l.sequence_step),
        (Stage::Unreached, Some("new-lead"), 1)
    );
    assert_eq!(
        l.next_action.as_ref().map(|n| n.kind),
        Some(ActionKind::Mail)
    );
    assert_eq!(
        sequence::draft_template(&st, &l).as_deref(),
        Some("first-follow-up")
    );
    let status = sequence::status(&st, &policy, &l).unwrap_or_else(|e| panic!("{e}"));
    let status = status.unwrap_or_else(|| panic!("no status"));
    assert_eq!(status.steps[0].state, "done");
    assert_eq!(status.current().map(|s| s.index), Some(1));
    // The rep sends the draft: the mail step is done and the day-1 call is next.
    let mut t = FakeTransport::default();
    let d = mail::compose(&st, &cfg, id, "first-follow-up").unwrap_or_else(|e| panic!("{e}"));
    mail::send_now_with(&mut st, &cfg, &mut t, &d, now() + Duration::minutes(5))
        .unwrap_or_else(|e| panic!("{e}"));
    let l = st.lead(id).ok().flatten().unwrap_or_default();
    assert_eq!(l.sequence_step, 2);
    let next = l
        .next_action
        .clone()
        .unwrap_or_else(|| panic!("no next action"));
    assert_eq!(next.kind, ActionKind::Call);
    // Day 1 after enrolment, a Saturday: the call moves to Monday's opening in Tokyo.
    assert_eq!(next.due_at.to_rfc3339(), "2026-11-30T00:00:00+00:00");
    // A conversation ends it.
    let (l, _) = ops::log_call(&mut st, &policy, id, None, &call(Outcome::Connected), now())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(l.sequence, None);
    assert_eq!(
        l.next_action.map(|n| n.due_at),
        Some(now() + Duration::days(2))
    );
    // Undo brings the sequence back with the lead.
    st.undo().unwrap_or_else(|e| panic!("{e}"));
    let l = st.lead(id).ok().flatten().unwrap_or_default();
    assert_eq!(l.sequence.as_deref(), Some("new-lead"));
}

#[test]
fn entering_not_reached_without_a_sequence_enrols_and_lost_ends_it() {
    let dir = tmp();
    let cfg = config(dir.path(), "en", "");
    let policy = cfg.policy();
    let mut st = store(dir.path(), &cfg);
    let id = add_yamada(&mut st, &cfg);
    sequence::rep_step(&mut st, &policy, id, None, sequence::RepStep::End, now())
        .unwrap_or_else(|e| panic!("{e}"));
    let (l, _) = ops::log_call(&mut st, &policy, id, None, &call(Outcome::NoAnswer), now())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(l.sequence.as_deref(), Some("not-reached"));
    // The retry rule (+1 day: Saturday) is the floor of the first call step, which then moves
    // into the calling window (Monday 09:00 in Tokyo).
    assert_eq!(
        l.next_action.map(|n| (n.kind, n.due_at.to_rfc3339())),
        Some((ActionKind::Call, "2026-11-30T00:00:00+00:00".to_owned()))
    );
    let l = ops::mark_lost(&mut st, &policy, id, None, "bad_timing", None, now())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(l.sequence, None);
}

#[test]
fn a_lost_lead_joins_re_engagement_on_its_date() {
    let dir = tmp();
    let cfg = config(dir.path(), "en", "");
    let policy = cfg.policy();
    let mut st = store(dir.path(), &cfg);
    let id = add_yamada(&mut st, &cfg);
    let on = NaiveDate::from_ymd_opt(2026, 12, 7);
    ops::mark_lost(&mut st, &policy, id, None, "bad_timing", on, now())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        sequence::enrol_due(&mut st, &cfg, now())
            .unwrap_or_default()
            .is_empty()
    );
    let day = now() + Duration::days(10);
    assert_eq!(
        sequence::enrol_due(&mut st, &cfg, day).unwrap_or_default(),
        vec![id]
    );
    let l = st.lead(id).ok().flatten().unwrap_or_default();
    assert_eq!(l.sequence.as_deref(), Some("re-engagement"));
    assert_eq!(
        sequence::draft_template(&st, &l).as_deref(),
        Some("re-engagement")
    );
    // Marked lost again while in it: re-engagement is the one sequence lost keeps.
    let l = ops::mark_lost(&mut st, &policy, id, None, "no_budget", None, day)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(l.sequence.as_deref(), Some("re-engagement"));
    // Not enrolled twice.
    assert!(
        sequence::enrol_due(&mut st, &cfg, day)
            .unwrap_or_default()
            .is_empty()
    );
}

#[test]
fn auto_send_steps_leave_on_their_own_and_opt_out_ends_the_sequence() {
    let dir = tmp();
    let cfg = config(
        dir.path(),
        "en",
        "\n[[sequences]]\nname = \"new-lead\"\nauto_send = true\nsteps = [\n  \
         { day = 0, action = \"mail\", template = \"first-follow-up\" },\n  \
         { day = 3, action = \"mail\", template = \"after-voicemail\" },\n  \
         { day = 5, action = \"task\", text = \"check LinkedIn\" },\n]\n",
    );
    let policy = cfg.policy();
    let mut st = store(dir.path(), &cfg);
    let id = add_yamada(&mut st, &cfg);
    let mut t = FakeTransport::default();
    let r = mail::send_due_with(&mut st, &cfg, &mut t, now());
    assert_eq!(r.len(), 1, "{r:?}");
    assert!(matches!(r[0].outcome, SendOutcome::Sent { .. }), "{r:?}");
    assert_eq!(t.sent[0].subject, "Following up on your enquiry");
    let l = st.lead(id).ok().flatten().unwrap_or_default();
    assert_eq!((l.stage, l.sequence_step), (Stage::Unreached, 1));
    let mail_row = st
        .activities(id)
        .unwrap_or_default()
        .into_iter()
        .find(|a| a.kind == leadbench::domain::ActivityKind::Mail)
        .unwrap_or_else(|| panic!("no mail row"));
    assert_eq!(mail_row.data["automatic"], true);
    // The next mail step waits for its day, inside the lead's window.
    assert!(mail::send_due_with(&mut st, &cfg, &mut t, now() + Duration::days(1)).is_empty());
    let due = l.next_action.map(|n| n.due_at).unwrap_or_default();
    assert_eq!(due, now() + Duration::days(3));
    // An opt-out ends the sequence before it is sent.
    ops::edit_lead(
        &mut st,
        &policy,
        id,
        None,
        &[("email_opt_out".into(), "yes".into())],
        "JP",
        now(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let l = st.lead(id).ok().flatten().unwrap_or_default();
    assert_eq!((l.sequence, l.next_action), (None, None));
    assert!(mail::send_due_with(&mut st, &cfg, &mut t, now() + Duration::days(4)).is_empty());
    assert_eq!(t.sent.len(), 1);
}

#[test]
fn a_reply_and_a_meeting_outcome_end_the_sequence_like_a_conversation_does() {
    use leadbench::domain::meeting::MeetingOutcome;
    let dir = tmp();
    let cfg = config(dir.path(), "en", "");
    let policy = cfg.policy();
    let mut st = store(dir.path(), &cfg);
    let id = add_yamada(&mut st, &cfg);
    assert!(
        st.lead(id)
            .ok()
            .flatten()
            .is_some_and(|l| l.sequence.is_some())
    );
    let l = ops::reply_received(&mut st, &policy, id, None, "thanks, call me", now())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((l.stage, l.sequence.as_deref()), (Stage::Engaged, None));
    // Back into a sequence by hand, then a meeting outcome ends it too.
    sequence::enrol(&mut st, &policy, id, None, "not-reached", now())
        .unwrap_or_else(|e| panic!("{e}"));
    let l = ops::meeting_outcome(&mut st, &policy, id, None, MeetingOutcome::Held, "", now())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(l.sequence, None);
}

#[test]
fn the_rep_can_end_the_sequence_by_hand() {
    let dir = tmp();
    let cfg = config(dir.path(), "en", "");
    let policy = cfg.policy();
    let mut st = store(dir.path(), &cfg);
    let id = add_yamada(&mut st, &cfg);
    let l = sequence::rep_step(&mut st, &policy, id, None, sequence::RepStep::End, now())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(l.sequence, None);
    assert!(
        sequence::rep_step(&mut st, &policy, id, None, sequence::RepStep::Skip, now()).is_err()
    );
}
