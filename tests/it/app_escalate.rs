//! Escalation, feedback and summary export in the TEA core: key sequences in, state and effects
//! out (SPEC §5, §8).

use chrono::{Duration, TimeZone, Utc};
use leadbench::app::{
    Effect, EscalationData, EscalationPlan, FieldValue, Form, FormKind, LeadRef, Modal, Msg, Quote,
    State, StatusKind, View, update,
};
use leadbench::config::{Config, KeyCode, Keymap};
use leadbench::domain::gate::GateConfig;
use leadbench::domain::qualification::{Evidence, Item, ItemState, Qualification};
use leadbench::domain::{Lang, Stage};

use crate::support::now;
use crate::ui_fixture::state;

/// What the runtime would load for lead 1: score `score`, `used` escalations this week, budget
/// confirmed from a call note, need partial, a meeting on 12/1 14:00 Tokyo time.
pub fn data(score: i64, used: u32) -> EscalationData {
    let mut q = Qualification::default();
    q.set(
        "budget",
        Item {
            state: ItemState::Confirmed,
            evidence: Some(Evidence {
                text: "予算は確保済み".into(),
                activity_id: Some(11),
                at: Some(now() - Duration::days(3)),
            }),
        },
    );
    q.set(
        "need",
        Item {
            state: ItemState::Partial,
            evidence: None,
        },
    );
    EscalationData {
        lead: LeadRef {
            id: 1,
            version: Some(3),
            name: "山田 太郎".into(),
        },
        stage: Stage::Engaged,
        score,
        qualification: q,
        meeting_at: Utc.with_ymd_and_hms(2026, 12, 1, 5, 0, 0).single(),
        items: ["budget", "authority", "need", "timeline"]
            .map(str::to_owned)
            .to_vec(),
        gate: GateConfig {
            required: vec!["need".into(), "timeline".into()],
            min_score_relaxed: 40,
            min_score_strict: 70,
            weekly_capacity: 10,
        },
        used,
        quotes: vec![
            Quote {
                activity_id: 12,
                at: now() - Duration::days(2),
                note: "導入は来年4月の予定\x1b]0;pwned\x07".into(),
            },
            Quote {
                activity_id: 11,
                at: now() - Duration::days(3),
                note: "予算は確保済み".into(),
            },
        ],
        field_reps: vec!["Sato".into(), "Kimura".into()],
    }
}

fn press(s: &mut State, k: &Keymap, code: KeyCode) -> Vec<Effect> {
    update(s, crate::support::key_msg(code), k)
}

fn typed(s: &mut State, k: &Keymap, text: &str) {
    for c in text.chars() {
        assert!(press(s, k, KeyCode::Char(c)).is_empty());
    }
}

fn setup(lang: Lang, view: View) -> (State, Keymap) {
    (state(lang, view), Config::default().keys)
}

/// Opens the form as `h` does: the key asks for the data, the data opens the form.
fn open(s: &mut State, k: &Keymap, d: EscalationData) {
    assert_eq!(
        press(s, k, KeyCode::Char('h')),
        vec![Effect::OpenEscalation(1)]
    );
    assert!(update(s, Msg::EscalationData(Box::new(d)), k).is_empty());
}

fn form(s: &State) -> &Form {
    match &s.modal {
        Some(Modal::Form(FormKind::Escalate, _, f)) => f,
        other => panic!("not the escalation form: {other:?}"),
    }
}

fn focused_id(s: &State) -> &'static str {
    let f = form(s);
    f.fields[f.focus].id
}

fn notes(s: &State) -> String {
    form(s)
        .notes
        .iter()
        .map(|(t, _)| t.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Moves the focus with Tab to the field `id`.
fn focus(s: &mut State, k: &Keymap, id: &str) {
    for _ in 0..20 {
        if focused_id(s) == id {
            return;
        }
        press(s, k, KeyCode::Tab);
    }
    panic!("no field {id}");
}

fn confirm_yes(s: &mut State, k: &Keymap) -> Box<EscalationPlan> {
    match press(s, k, KeyCode::Char('y')).as_slice() {
        [Effect::Escalate(plan)] => plan.clone(),
        other => panic!("unexpected effects {other:?}"),
    }
}

#[test]
fn h_loads_the_lead_and_opens_the_checklist_with_the_gate_explained() {
    let (mut s, k) = setup(Lang::En, View::Today);
    open(&mut s, &k, data(35, 7));
    let n = notes(&s);
    assert!(
        n.contains("field sales 7/10 this week — relaxed: min score 40"),
        "{n}"
    );
    assert!(n.contains("Score 35 (minimum 40) ✗"), "{n}");
    assert!(
        n.contains("Required items missing: Need, Timeline ✗"),
        "{n}"
    );
    // Focus starts on the first required item that is not met; the evidence follows it.
    assert_eq!(focused_id(&s), "item2");
    let f = form(&s);
    let label = |id: &str| {
        f.fields
            .iter()
            .find(|x| x.id == id)
            .map(|x| x.label.clone())
    };
    assert_eq!(label("item2").as_deref(), Some("Need *"));
    assert_eq!(label("evidence").as_deref(), Some("Evidence · Need"));
    assert_eq!(label("meeting").as_deref(), Some("Meeting"));
    assert_eq!(f.value("meeting"), "2026-12-01 14:00");
    assert!(f.fields.iter().any(|x| x.id == "override"));
    // The confirmed budget shows the quoted call note it rests on.
    match &f.fields[0].value {
        FieldValue::Choice(options, i) => {
            assert_eq!(options[*i].0, "confirmed");
            assert!(options[*i].1.contains("予算は確保済み"), "{options:?}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_failing_gate_without_an_override_stays_in_the_form_with_the_reasons() {
    let (mut s, k) = setup(Lang::En, View::Today);
    open(&mut s, &k, data(35, 7));
    assert!(press(&mut s, &k, KeyCode::Enter).is_empty());
    let err = form(&s).error.clone().unwrap_or_default();
    assert!(err.contains("The gate fails"), "{err}");
    assert!(err.contains("score 35 is below the minimum 40"), "{err}");
    assert!(err.contains("override reason"), "{err}");
}

#[test]
fn an_override_passes_a_failed_gate_through_a_confirmation() {
    let (mut s, k) = setup(Lang::En, View::Today);
    open(&mut s, &k, data(35, 7));
    focus(&mut s, &k, "override");
    typed(&mut s, &k, "CFO asked for a demo");
    assert!(press(&mut s, &k, KeyCode::Enter).is_empty());
    let message = match &s.modal {
        Some(Modal::Confirm { message, .. }) => message.join("\n"),
        other => panic!("no confirmation: {other:?}"),
    };
    assert!(
        message.contains("Escalate 山田 太郎 to Sato? (y/n)"),
        "{message}"
    );
    assert!(
        message.contains("Gate overridden: CFO asked for a demo"),
        "{message}"
    );
    assert!(message.contains("Meeting: 2026-12-01 14:00"), "{message}");
    // No goes back to the form as it was.
    assert!(press(&mut s, &k, KeyCode::Char('n')).is_empty());
    assert_eq!(form(&s).value("override"), "CFO asked for a demo");
    assert!(press(&mut s, &k, KeyCode::Enter).is_empty());
    let plan = confirm_yes(&mut s, &k);
    assert!(s.modal.is_none());
    assert!(s.escalation.is_none());
    assert_eq!(plan.id, 1);
    assert_eq!(plan.version, Some(3));
    assert_eq!(plan.to, "Sato");
    assert_eq!(
        plan.override_reason.as_deref(),
        Some("CFO asked for a demo")
    );
    assert_eq!(
        plan.meeting, None,
        "the prefilled meeting keeps the booked one"
    );
    assert!(plan.items.is_empty(), "nothing in the checklist changed");
}

#[test]
fn confirming_the_required_items_passes_the_gate_and_saves_them_with_evidence() {
    let (mut s, k) = setup(Lang::En, View::Today);
    open(&mut s, &k, data(55, 10));
    assert!(notes(&s).contains("strict: min score 70"), "{}", notes(&s));
    // Strict now: the score fails, so raise the data's score for the rest.
    let (mut s, k) = setup(Lang::En, View::Today);
    open(&mut s, &k, data(75, 10));
    // Need: partial → confirmed.
    press(&mut s, &k, KeyCode::Right);
    focus(&mut s, &k, "item3");
    // Timeline: unknown → partial → confirmed, with evidence quoted from a call.
    press(&mut s, &k, KeyCode::Right);
    press(&mut s, &k, KeyCode::Right);
    assert!(notes(&s).contains("Required items met ✓"), "{}", notes(&s));
    assert!(
        !form(&s).fields.iter().any(|f| f.id == "override"),
        "the override shows only while the gate fails"
    );
    focus(&mut s, &k, "evidence");
    assert_eq!(form(&s).fields[form(&s).focus].label, "Evidence · Timeline");
    typed(&mut s, &k, "April rollout");
    press(&mut s, &k, KeyCode::Tab);
    press(&mut s, &k, KeyCode::Right);
    // Typing a name wins over the configured choice.
    focus(&mut s, &k, "rep_name");
    typed(&mut s, &k, "Tanaka");
    focus(&mut s, &k, "meeting");
    press(&mut s, &k, KeyCode::End);
    for _ in 0..16 {
        press(&mut s, &k, KeyCode::Backspace);
    }
    typed(&mut s, &k, "12/2 10:00");
    focus(&mut s, &k, "note");
    typed(&mut s, &k, "Wants a pilot");
    assert!(press(&mut s, &k, KeyCode::Enter).is_empty());
    let plan = confirm_yes(&mut s, &k);
    assert_eq!(plan.to, "Tanaka");
    assert_eq!(plan.note, "Wants a pilot");
    assert_eq!(plan.override_reason, None);
    assert_eq!(
        plan.meeting,
        Utc.with_ymd_and_hms(2026, 12, 2, 1, 0, 0).single()
    );
    let items: Vec<_> = plan
        .items
        .iter()
        .map(|c| (c.item.as_str(), c.state, c.text.as_deref(), c.activity_id))
        .collect();
    assert_eq!(
        items,
        vec![
            ("need", ItemState::Confirmed, None, None),
            (
                "timeline",
                ItemState::Confirmed,
                Some("April rollout"),
                Some(12)
            ),
        ]
    );
}

#[test]
fn n_a_counts_only_with_evidence_in_the_live_gate() {
    let (mut s, k) = setup(Lang::En, View::Today);
    open(&mut s, &k, data(75, 0));
    press(&mut s, &k, KeyCode::Right); // need: confirmed
    focus(&mut s, &k, "item3");
    press(&mut s, &k, KeyCode::Left); // timeline: unknown → n/a
    assert!(notes(&s).contains("missing: Timeline"), "{}", notes(&s));
    press(&mut s, &k, KeyCode::Tab);
    typed(&mut s, &k, "no deadline: public tender");
    assert!(notes(&s).contains("Required items met"), "{}", notes(&s));
}

#[test]
fn h_on_a_handed_off_lead_points_to_feedback() {
    let (mut s, k) = setup(Lang::En, View::Today);
    s.table.rows[0].stage = Stage::HandedOff;
    assert!(press(&mut s, &k, KeyCode::Char('h')).is_empty());
    let st = s.status.clone().unwrap_or_else(|| panic!("no status"));
    assert_eq!(st.kind, StatusKind::Warn);
    assert!(st.text.contains("Already handed off"), "{}", st.text);
}

#[test]
fn a_booked_meeting_offers_the_escalation_form() {
    let (mut s, k) = setup(Lang::Ja, View::Today);
    update(
        &mut s,
        Msg::OfferEscalation {
            id: 4,
            name: "佐藤 一郎".into(),
        },
        &k,
    );
    let message = match &s.modal {
        Some(Modal::Confirm { message, .. }) => message.join("\n"),
        other => panic!("no offer: {other:?}"),
    };
    assert!(message.contains("佐藤 一郎"), "{message}");
    assert!(message.contains("引き継ぎますか"), "{message}");
    assert_eq!(
        press(&mut s, &k, KeyCode::Char('y')),
        vec![Effect::OpenEscalation(4)]
    );
}

#[test]
fn f_works_in_the_handed_off_view_and_a_rejection_needs_its_reason() {
    let (mut s, k) = setup(Lang::En, View::Today);
    assert!(press(&mut s, &k, KeyCode::Char('F')).is_empty());
    let text = s.status.clone().map(|st| st.text).unwrap_or_default();
    assert!(text.contains("Handed off view"), "{text}");

    let (mut s, k) = setup(Lang::En, View::Stage(Stage::HandedOff));
    s.table.rows[0].stage = Stage::HandedOff;
    assert!(press(&mut s, &k, KeyCode::Char('F')).is_empty());
    assert!(matches!(
        s.modal,
        Some(Modal::Form(FormKind::Feedback, Some(_), _))
    ));
    press(&mut s, &k, KeyCode::Right); // rejected
    assert!(press(&mut s, &k, KeyCode::Enter).is_empty());
    let err = match &s.modal {
        Some(Modal::Form(_, _, f)) => f.error.clone().unwrap_or_default(),
        other => panic!("{other:?}"),
    };
    assert!(err.contains("needs its reason"), "{err}");
    press(&mut s, &k, KeyCode::Tab);
    typed(&mut s, &k, "no budget this year");
    press(&mut s, &k, KeyCode::Tab);
    press(&mut s, &k, KeyCode::Right); // back to lost
    match press(&mut s, &k, KeyCode::Enter).as_slice() {
        [
            Effect::Feedback {
                id: 1,
                accepted: false,
                reason,
                to: Some(Stage::Lost),
                lost_reason: Some(r),
                ..
            },
        ] => {
            assert_eq!(reason, "no budget this year");
            assert_eq!(r, "not_interested");
        }
        other => panic!("unexpected effects {other:?}"),
    }
}

#[test]
fn f_accepted_sends_no_stage() {
    let (mut s, k) = setup(Lang::Ja, View::Stage(Stage::HandedOff));
    s.table.rows[0].stage = Stage::HandedOff;
    press(&mut s, &k, KeyCode::Char('F'));
    match press(&mut s, &k, KeyCode::Enter).as_slice() {
        [
            Effect::Feedback {
                accepted: true,
                to: None,
                lost_reason: None,
                ..
            },
        ] => {}
        other => panic!("unexpected effects {other:?}"),
    }
}

#[test]
fn x_exports_the_marked_leads_else_the_selected_one() {
    let (mut s, k) = setup(Lang::En, View::Today);
    // The fixture marks lead 2.
    assert_eq!(
        press(&mut s, &k, KeyCode::Char('x')),
        vec![Effect::ExportSummary(vec![2])]
    );
    s.marked.clear();
    assert_eq!(
        press(&mut s, &k, KeyCode::Char('x')),
        vec![Effect::ExportSummary(vec![1])]
    );
}

#[test]
fn capacity_arrives_for_the_top_bar() {
    let (mut s, k) = setup(Lang::En, View::Today);
    update(&mut s, Msg::Capacity("FS 7/10 ≥40".into()), &k);
    assert_eq!(s.capacity.as_deref(), Some("FS 7/10 ≥40"));
}

/// Tab from a checklist item goes to that item's evidence and quote, then to the next item:
/// the evidence of an item in the middle (Need) can be typed, and Shift-Tab comes back to it.
#[test]
fn tab_from_an_item_reaches_its_own_evidence() {
    let (mut s, k) = setup(Lang::En, View::Today);
    open(&mut s, &k, data(75, 0));
    assert_eq!(
        focused_id(&s),
        "item2",
        "the first unmet required item: Need"
    );
    press(&mut s, &k, KeyCode::Right); // need: confirmed
    press(&mut s, &k, KeyCode::Tab);
    assert_eq!(focused_id(&s), "evidence");
    assert_eq!(form(&s).fields[form(&s).focus].label, "Evidence · Need");
    typed(&mut s, &k, "three sites, paper forms");
    press(&mut s, &k, KeyCode::Tab);
    assert_eq!(focused_id(&s), "quote");
    press(&mut s, &k, KeyCode::Tab);
    assert_eq!(focused_id(&s), "item3");
    press(&mut s, &k, KeyCode::Tab);
    assert_eq!(form(&s).fields[form(&s).focus].label, "Evidence · Timeline");
    // Back: Timeline, then Need's quote and evidence (its text kept), then Need.
    press(&mut s, &k, KeyCode::BackTab);
    assert_eq!(focused_id(&s), "item3");
    press(&mut s, &k, KeyCode::BackTab);
    press(&mut s, &k, KeyCode::BackTab);
    assert_eq!(focused_id(&s), "evidence");
    let field = &form(&s).fields[form(&s).focus];
    assert_eq!(field.label, "Evidence · Need");
    assert!(
        format!("{:?}", field.value).contains("three sites"),
        "{field:?}"
    );
    press(&mut s, &k, KeyCode::BackTab);
    assert_eq!(focused_id(&s), "item2");
}
