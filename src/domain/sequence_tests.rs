use chrono::TimeZone;

use super::*;
use crate::domain::Phone;

fn at(d: u32, h: u32) -> Ts {
    // 2026-11-30 is a Monday; hours are UTC (09:00 JST = 00:00 UTC).
    chrono::Utc
        .with_ymd_and_hms(2026, 11, 30, h, 0, 0)
        .single()
        .unwrap_or_default()
        + Duration::days(i64::from(d))
}

fn defs() -> Vec<SequenceDef> {
    let step = |day, action, template: Option<&str>| StepDef {
        day,
        action,
        template: template.map(str::to_owned),
        text: (action == ActionKind::Task).then(|| "check".to_owned()),
    };
    vec![
        SequenceDef {
            name: "new-lead".into(),
            enrol_on: vec![Stage::New],
            auto_send: false,
            steps: vec![
                step(0, ActionKind::Call, None),
                step(0, ActionKind::Mail, Some("first-follow-up")),
                step(2, ActionKind::Task, None),
            ],
        },
        SequenceDef {
            name: "not-reached".into(),
            enrol_on: vec![Stage::Unreached],
            auto_send: false,
            steps: vec![step(0, ActionKind::Call, None)],
        },
        SequenceDef {
            name: "re-engagement".into(),
            enrol_on: vec![Stage::Lost],
            auto_send: false,
            steps: vec![step(0, ActionKind::Mail, Some("re-engagement"))],
        },
    ]
}

fn lead() -> Lead {
    Lead {
        id: 1,
        email: "a@example.com".into(),
        phones: vec![Phone {
            number: Some("+81312345678".into()),
            raw: "03-1234-5678".into(),
            ..Phone::default()
        }],
        timezone: Some("Asia/Tokyo".into()),
        ..Lead::default()
    }
}

#[test]
fn enrolment_makes_the_first_step_the_next_action() {
    let (defs, policy) = (defs(), Policy::default());
    let hook = Hook {
        defs: &defs,
        anchor: None,
        policy: &policy,
    };
    let mut l = lead();
    let rows = enrol(&hook, &defs[0], &mut l, "by hand", None, at(0, 1));
    assert_eq!(rows.len(), 1);
    assert_eq!(l.sequence.as_deref(), Some("new-lead"));
    let next = l.next_action.clone().unwrap_or_else(|| panic!("no next"));
    assert_eq!((next.kind, next.due_at), (ActionKind::Call, at(0, 1)));
}

#[test]
fn a_call_completes_a_call_step_and_a_mail_a_mail_step() {
    let (defs, policy) = (defs(), Policy::default());
    let mut l = lead();
    let hook = Hook {
        defs: &defs,
        anchor: None,
        policy: &policy,
    };
    enrol(&hook, &defs[0], &mut l, "by hand", None, at(0, 1));
    let hook = Hook {
        anchor: Some(at(0, 1)),
        ..hook
    };
    let before = l.clone();
    let mut after = l.clone();
    // A mail does not complete a call step.
    on_event(&hook, &before, &mut after, &SeqEvent::MailSent, at(0, 2));
    assert_eq!(after.sequence_step, 0);
    on_event(
        &hook,
        &before,
        &mut after,
        &SeqEvent::Call {
            conversation: false,
        },
        at(0, 2),
    );
    assert_eq!(after.sequence_step, 1);
    assert_eq!(
        after.next_action.as_ref().map(|n| n.kind),
        Some(ActionKind::Mail)
    );
    let before = after.clone();
    on_event(&hook, &before, &mut after, &SeqEvent::MailSent, at(0, 3));
    assert_eq!(after.sequence_step, 2);
    let next = after
        .next_action
        .clone()
        .unwrap_or_else(|| panic!("no next"));
    assert_eq!((next.kind, next.due_at), (ActionKind::Task, at(2, 1)));
    let before = after.clone();
    let rows = on_event(&hook, &before, &mut after, &SeqEvent::StepDone, at(2, 3));
    assert_eq!(after.sequence, None);
    assert!(rows.iter().any(|r| r.outcome.as_deref() == Some("end")));
    assert_eq!(after.next_action, None);
}

#[test]
fn a_conversation_or_lost_ends_it_but_new_to_unreached_keeps_it() {
    let (defs, policy) = (defs(), Policy::default());
    let hook = Hook {
        defs: &defs,
        anchor: Some(at(0, 1)),
        policy: &policy,
    };
    let mut l = lead();
    enrol(&hook, &defs[0], &mut l, "by hand", None, at(0, 1));
    let before = l.clone();
    let mut after = l.clone();
    after.stage = Stage::Unreached;
    on_event(
        &hook,
        &before,
        &mut after,
        &SeqEvent::Call {
            conversation: false,
        },
        at(0, 2),
    );
    assert_eq!(after.sequence.as_deref(), Some("new-lead"));
    let mut talked = after.clone();
    talked.stage = Stage::Engaged;
    on_event(
        &hook,
        &after,
        &mut talked,
        &SeqEvent::Conversation,
        at(0, 3),
    );
    assert_eq!(talked.sequence, None);
    let mut lost = after.clone();
    lost.stage = Stage::Lost;
    on_event(&hook, &after, &mut lost, &SeqEvent::Lost, at(0, 3));
    assert_eq!(lost.sequence, None);
}

#[test]
fn entering_a_stage_enrols_when_no_sequence_is_active() {
    let (defs, policy) = (defs(), Policy::default());
    let hook = Hook {
        defs: &defs,
        anchor: None,
        policy: &policy,
    };
    let before = Lead {
        stage: Stage::New,
        ..lead()
    };
    let mut after = Lead {
        stage: Stage::Unreached,
        next_action: Some(NextAction {
            kind: ActionKind::Call,
            due_at: at(1, 2),
            note: String::new(),
        }),
        ..lead()
    };
    on_event(
        &hook,
        &before,
        &mut after,
        &SeqEvent::Call {
            conversation: false,
        },
        at(0, 2),
    );
    assert_eq!(after.sequence.as_deref(), Some("not-reached"));
    // The retry rule is the floor of the first call step.
    assert_eq!(after.next_action.map(|n| n.due_at), Some(at(1, 2)));
}

#[test]
fn steps_the_lead_cannot_take_are_skipped() {
    let (defs, policy) = (defs(), Policy::default());
    let hook = Hook {
        defs: &defs,
        anchor: None,
        policy: &policy,
    };
    let mut l = Lead {
        do_not_call: true,
        ..lead()
    };
    let rows = enrol(&hook, &defs[0], &mut l, "by hand", None, at(0, 1));
    assert_eq!(l.sequence_step, 1);
    assert!(rows.iter().any(|r| r.note.contains("skipped")));
    let opted = Lead {
        do_not_call: true,
        email_opt_out: true,
        ..lead()
    };
    assert!(enrol_refusal(&opted, &defs[1]).is_some());
}
