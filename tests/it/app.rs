//! The TEA core without a terminal: message sequences in, state and effects out.

use chrono::Duration;
use leadbench::app::{Effect, Modal, Msg, State, View, update};
use leadbench::config::{Config, Key, KeyCode, Keymap};
use leadbench::domain::policy::Policy;
use leadbench::domain::queue::{Bucket, LeadSummary, Queue};
use leadbench::domain::{Outcome, Stage};

use crate::support::now;

fn row(id: i64) -> LeadSummary {
    LeadSummary {
        id,
        name: format!("山田 {id}"),
        company: "山田商事株式会社".into(),
        stage: Stage::New,
        score: 0,
        prio: 1000.0 - id as f64,
        alive_at: now(),
        handover_at: now() - Duration::minutes(30),
        stage_entered_at: now(),
        attempts: 0,
        next_kind: None,
        due_at: None,
        timezone: Some("Asia/Tokyo".into()),
        last_touch_at: None,
        do_not_call: false,
        grade: None,
        bucket: Bucket::Rest,
        callable: true,
    }
}

fn setup() -> (State, Keymap) {
    let reasons = vec![
        ("not_interested".to_owned(), "not interested".to_owned()),
        ("bad_timing".to_owned(), "bad timing".to_owned()),
    ];
    let mut state = State::new(Policy::default(), "Rep", reasons, View::Today, now());
    let keymap = Config::default().keys;
    update(
        &mut state,
        Msg::Page {
            queue: Queue::Today,
            rows: (1..=5).map(row).collect(),
            window_index: 0,
            total: 5,
            select: None,
        },
        &keymap,
    );
    (state, keymap)
}

fn press(state: &mut State, keymap: &Keymap, c: char) -> Vec<Effect> {
    update(
        state,
        Msg::Key(
            Key {
                code: KeyCode::Char(c),
                ctrl: false,
                alt: false,
                shift: false,
            }
            .normalized(),
        ),
        keymap,
    )
}

fn press_code(state: &mut State, keymap: &Keymap, code: KeyCode) -> Vec<Effect> {
    update(
        state,
        Msg::Key(Key {
            code,
            ctrl: false,
            alt: false,
            shift: false,
        }),
        keymap,
    )
}

#[test]
fn c_then_an_outcome_then_enter_logs_the_call_and_asks_to_select_the_next_lead() {
    let (mut state, keymap) = setup();
    assert!(press(&mut state, &keymap, 'c').is_empty());
    assert!(matches!(state.modal, Some(Modal::CallOutcome(_))));
    press(&mut state, &keymap, 'n');
    assert!(matches!(
        state.modal,
        Some(Modal::CallDetails(_, Outcome::NoAnswer, _))
    ));
    // Printable keys go to the note, even ones bound elsewhere (q quits in the list).
    for c in "quick 1".chars() {
        assert!(press(&mut state, &keymap, c).is_empty());
    }
    assert!(!state.quit);
    let effects = press_code(&mut state, &keymap, KeyCode::Enter);
    assert!(state.modal.is_none());
    match effects.as_slice() {
        [
            Effect::LogCall {
                id: 1,
                req,
                select_after: Some(2),
                ..
            },
        ] => {
            assert_eq!(req.outcome, Outcome::NoAnswer);
            assert_eq!(req.note, "quick 1");
        }
        other => panic!("unexpected effects {other:?}"),
    }
}

#[test]
fn a_callback_without_a_time_stays_in_the_form_with_an_error() {
    let (mut state, keymap) = setup();
    press(&mut state, &keymap, 'c');
    press(&mut state, &keymap, 'r');
    assert!(press_code(&mut state, &keymap, KeyCode::Enter).is_empty());
    let error = state
        .modal
        .as_ref()
        .and_then(|m| m.form())
        .and_then(|f| f.error.clone());
    assert!(error.is_some(), "no inline error");
    for c in "+2h".chars() {
        press(&mut state, &keymap, c);
    }
    let effects = press_code(&mut state, &keymap, KeyCode::Enter);
    match effects.as_slice() {
        [Effect::LogCall { req, .. }] => assert_eq!(req.next, Some(now() + Duration::hours(2))),
        other => panic!("unexpected effects {other:?}"),
    }
}

#[test]
fn esc_cancels_the_call_popup_without_logging() {
    let (mut state, keymap) = setup();
    press(&mut state, &keymap, 'c');
    assert!(press_code(&mut state, &keymap, KeyCode::Esc).is_empty());
    assert!(state.modal.is_none());
}

#[test]
fn a_refusal_asks_and_yes_retries_forced() {
    let (mut state, keymap) = setup();
    let mut req = leadbench::domain::call::CallRequest::new(Outcome::Busy);
    req.force = true;
    let retry = Effect::LogCall {
        id: 1,
        version: None,
        req,
        select_after: None,
    };
    update(
        &mut state,
        Msg::Refused {
            reasons: vec!["over the cap".into()],
            retry: Box::new(retry.clone()),
        },
        &keymap,
    );
    assert!(matches!(state.modal, Some(Modal::Confirm { .. })));
    assert_eq!(press(&mut state, &keymap, 'y'), vec![retry]);
    assert!(state.modal.is_none());
}

#[test]
fn moving_down_selects_the_next_row_and_asks_for_its_detail() {
    let (mut state, keymap) = setup();
    let effects = press(&mut state, &keymap, 'j');
    assert_eq!(state.table.selected, 1);
    assert!(effects.contains(&Effect::LoadDetail(2)));
    press(&mut state, &keymap, 'G');
    press(&mut state, &keymap, 'k');
    assert!(state.table.selected < 5);
}

#[test]
fn a_page_arriving_after_a_write_selects_the_lead_asked_for() {
    let (mut state, keymap) = setup();
    update(
        &mut state,
        Msg::Page {
            queue: Queue::Today,
            rows: (2..=5).map(row).collect(),
            window_index: 0,
            total: 4,
            select: Some(3),
        },
        &keymap,
    );
    assert_eq!(state.table.selected_row().map(|r| r.id), Some(3));
}

/// After the rep's own write on the lead shown (a note, a schedule), the pane must show the
/// lead as written: a second action on it carries the new version, not the one before the
/// first write (which the store refuses as changed elsewhere).
#[test]
fn a_write_on_the_shown_lead_reloads_its_detail_for_the_next_action() {
    let (mut state, keymap) = setup();
    let mut lead = crate::support::lead(1, Stage::New);
    lead.id = 1;
    lead.version = 4;
    update(
        &mut state,
        Msg::Detail(Box::new(leadbench::app::Detail {
            lead,
            activities: Vec::new(),
            sequence: None,
            scored: None,
        })),
        &keymap,
    );
    assert_eq!(state.selected_lead().and_then(|l| l.version), Some(4));
    for select in [Some(1), None] {
        let effects = update(
            &mut state,
            Msg::Written {
                status: "Note added".into(),
                select,
            },
            &keymap,
        );
        assert!(
            effects.contains(&Effect::LoadDetail(1)),
            "{select:?}: {effects:?}"
        );
    }
    // A write that selects another lead leaves the detail to the page that selects it.
    let effects = update(
        &mut state,
        Msg::Written {
            status: "Logged".into(),
            select: Some(2),
        },
        &keymap,
    );
    assert!(!effects.contains(&Effect::LoadDetail(1)), "{effects:?}");
}

fn detail_msg(id: i64) -> Msg {
    let mut lead = crate::support::lead(id, Stage::New);
    lead.id = id;
    Msg::Detail(Box::new(leadbench::app::Detail {
        lead,
        activities: Vec::new(),
        sequence: None,
        scored: None,
    }))
}

/// In the search results the pane shows the highlighted result, the lead `c` would log
/// against — not the row selected in the list behind the search.
#[test]
fn the_detail_pane_follows_the_highlighted_search_result() {
    let (mut state, keymap) = setup();
    update(&mut state, detail_msg(1), &keymap);
    press(&mut state, &keymap, '/');
    press(&mut state, &keymap, 'x');
    update(
        &mut state,
        Msg::SearchResults {
            query: "x".into(),
            rows: vec![row(4), row(5)],
            total: 2,
            capped: false,
        },
        &keymap,
    );
    assert_eq!(
        press_code(&mut state, &keymap, KeyCode::Down),
        vec![Effect::LoadDetail(4)]
    );
    update(&mut state, detail_msg(4), &keymap);
    assert_eq!(state.detail.as_ref().map(|d| d.lead.id), Some(4));
    assert_eq!(press(&mut state, &keymap, 'j'), vec![Effect::LoadDetail(5)]);
    update(&mut state, detail_msg(5), &keymap);
    assert_eq!(state.detail.as_ref().map(|d| d.lead.id), Some(5));
    assert_eq!(state.selected_lead().map(|l| l.id), Some(5));
    // A late detail of the list's lead no longer replaces it.
    update(&mut state, detail_msg(1), &keymap);
    assert_eq!(state.detail.as_ref().map(|d| d.lead.id), Some(5));
}

/// `C` asks before ringing a lead outside its calling window (19:00 in Chicago while it is
/// 10:00 in Tokyo); yes dials, no leaves the phone alone. Inside the window it dials at once.
#[test]
fn dialing_outside_the_calling_window_asks_first() {
    let (mut state, keymap) = setup();
    update(&mut state, detail_msg(1), &keymap);
    let effects = press(&mut state, &keymap, 'C');
    assert!(
        matches!(effects.as_slice(), [Effect::Dial { phone, .. }] if phone == "+81312340001"),
        "{effects:?}"
    );
    assert!(matches!(state.modal, Some(Modal::Dialing(..))));
    state.modal = None;
    state.dialing = None;

    let mut far = crate::support::lead(1, Stage::New);
    far.id = 1;
    far.timezone = Some("America/Chicago".into());
    update(
        &mut state,
        Msg::Detail(Box::new(leadbench::app::Detail {
            lead: far,
            activities: Vec::new(),
            sequence: None,
            scored: None,
        })),
        &keymap,
    );
    assert_eq!(press(&mut state, &keymap, 'C'), Vec::new());
    match &state.modal {
        Some(Modal::Confirm { message, .. }) => {
            assert!(message.join(" ").contains("America/Chicago"), "{message:?}");
        }
        other => panic!("no question: {other:?}"),
    }
    assert_eq!(press(&mut state, &keymap, 'n'), Vec::new());
    assert!(state.modal.is_none() && state.dialing.is_none());
    press(&mut state, &keymap, 'C');
    let effects = press(&mut state, &keymap, 'y');
    assert!(
        matches!(effects.as_slice(), [Effect::Dial { .. }]),
        "{effects:?}"
    );
    assert!(matches!(state.modal, Some(Modal::Dialing(..))));
}

/// `=` on two marked leads names both in its question; yes merges and clears the marks (one of
/// the two leads is gone: a bulk action after it must not reach it).
#[test]
fn merging_two_marked_leads_names_them_and_clears_the_marks() {
    let (mut state, keymap) = setup();
    press(&mut state, &keymap, ' ');
    press(&mut state, &keymap, ' ');
    assert_eq!(state.marked.len(), 2);
    press(&mut state, &keymap, '=');
    match &state.modal {
        Some(Modal::Confirm { message, .. }) => {
            let text = message.join(" ");
            assert!(
                text.contains("#2 山田 2") && text.contains("#1 山田 1"),
                "{text}"
            );
        }
        other => panic!("no question: {other:?}"),
    }
    let effects = press(&mut state, &keymap, 'y');
    assert_eq!(effects, vec![Effect::Merge { keep: 1, other: 2 }]);
    assert!(state.marked.is_empty());
}

/// A job's progress line goes when its report arrives (it said "Importing … 100%" for good).
#[test]
fn a_jobs_report_ends_its_progress_line() {
    let (mut state, keymap) = setup();
    update(
        &mut state,
        Msg::Progress("Importing writing 100% · 6 rows".into()),
        &keymap,
    );
    assert!(state.status.is_some());
    update(
        &mut state,
        Msg::Info("Import".into(), vec!["rows 6 · imported 6".into()]),
        &keymap,
    );
    assert!(state.status.is_none());
    assert!(matches!(state.modal, Some(Modal::Info(..))));
}

/// The over-SLA list (`o`) is a list, not a search: Esc leaves it for the view, and the keys
/// after it act on the list again, never type into a search box.
#[test]
fn esc_leaves_the_over_sla_list_for_the_view() {
    let (mut state, keymap) = setup();
    update(
        &mut state,
        Msg::OverSlaList {
            title: "Over SLA — New".into(),
            rows: vec![row(4), row(5)],
        },
        &keymap,
    );
    assert!(state.search.as_ref().is_some_and(|s| s.in_results));
    press(&mut state, &keymap, 'k');
    assert!(
        state.search.as_ref().is_some_and(|s| s.in_results),
        "up stays in the list"
    );
    let effects = press_code(&mut state, &keymap, KeyCode::Esc);
    assert!(state.search.is_none());
    assert!(
        effects.iter().any(|e| matches!(e, Effect::LoadPage { .. })),
        "{effects:?}"
    );
}

#[test]
fn number_keys_switch_views_and_read_the_first_page() {
    let (mut state, keymap) = setup();
    let effects = press(&mut state, &keymap, '2');
    assert_eq!(state.view, View::Stage(Stage::New));
    assert!(effects.iter().any(|e| matches!(
        e,
        Effect::LoadPage {
            queue: Queue::Stage(Stage::New),
            ..
        }
    )));
    // A late page of the old view is ignored.
    update(
        &mut state,
        Msg::Page {
            queue: Queue::Today,
            rows: vec![row(9)],
            window_index: 0,
            total: 1,
            select: None,
        },
        &keymap,
    );
    assert!(state.table.rows.is_empty());
}

#[test]
fn space_marks_and_moves_on() {
    let (mut state, keymap) = setup();
    press(&mut state, &keymap, ' ');
    assert!(state.marked.contains(&1));
    assert_eq!(state.table.selected, 1);
}

#[test]
fn marks_stay_with_their_view() {
    let (mut state, keymap) = setup();
    press(&mut state, &keymap, ' ');
    assert_eq!(state.marked.len(), 1);
    // The same view again (a reload) keeps them; another view starts without.
    press(&mut state, &keymap, '1');
    assert_eq!(state.marked.len(), 1);
    press(&mut state, &keymap, '6');
    assert!(state.marked.is_empty());
}

#[test]
fn schedule_lost_and_note_forms_produce_their_effects() {
    let (mut state, keymap) = setup();
    press(&mut state, &keymap, 's');
    for c in "tomorrow 10:00".chars() {
        press(&mut state, &keymap, c);
    }
    let effects = press_code(&mut state, &keymap, KeyCode::Enter);
    assert!(
        matches!(effects.as_slice(), [Effect::Schedule { id: 1, .. }]),
        "{effects:?}"
    );

    press(&mut state, &keymap, 'l');
    press_code(&mut state, &keymap, KeyCode::Right); // next reason
    let effects = press_code(&mut state, &keymap, KeyCode::Enter);
    assert!(
        matches!(effects.as_slice(), [Effect::MarkLost { reason, .. }] if reason == "bad_timing"),
        "{effects:?}"
    );

    press(&mut state, &keymap, 'n');
    assert!(
        press_code(&mut state, &keymap, KeyCode::Enter).is_empty(),
        "an empty note is refused"
    );
    press(&mut state, &keymap, 'x');
    let effects = press_code(&mut state, &keymap, KeyCode::Enter);
    assert!(
        matches!(effects.as_slice(), [Effect::Note { text, .. }] if text == "x"),
        "{effects:?}"
    );
}

#[test]
fn q_quits_and_help_opens_and_closes() {
    let (mut state, keymap) = setup();
    press(&mut state, &keymap, '?');
    assert_eq!(state.modal, Some(Modal::Help));
    press_code(&mut state, &keymap, KeyCode::Esc);
    assert!(state.modal.is_none());
    assert_eq!(press(&mut state, &keymap, 'q'), vec![Effect::Quit]);
    assert!(state.quit);
}

#[test]
fn bulk_mail_goes_to_the_marked_leads_or_else_to_the_whole_view_after_a_confirmation() {
    let (mut state, keymap) = setup();
    let templates = vec![("first-follow-up".to_owned(), "First follow-up".to_owned())];
    update(&mut state, Msg::BulkTemplates(templates.clone()), &keymap);
    assert!(
        press_code(&mut state, &keymap, KeyCode::Enter).is_empty(),
        "asks first"
    );
    assert!(matches!(state.modal, Some(Modal::Confirm { .. })));
    match press(&mut state, &keymap, 'y').as_slice() {
        [
            Effect::BulkMail {
                ids,
                view: Some((Queue::Today, _)),
                template,
            },
        ] => {
            assert!(ids.is_empty());
            assert_eq!(template, "first-follow-up");
        }
        other => panic!("unexpected effects {other:?}"),
    }
    press(&mut state, &keymap, ' ');
    press(&mut state, &keymap, ' ');
    update(&mut state, Msg::BulkTemplates(templates), &keymap);
    press_code(&mut state, &keymap, KeyCode::Enter);
    match press(&mut state, &keymap, 'y').as_slice() {
        [
            Effect::BulkMail {
                ids, view: None, ..
            },
        ] => assert_eq!(ids, &vec![1, 2]),
        other => panic!("unexpected effects {other:?}"),
    }
}

#[test]
fn e_asks_for_the_compose_popup_and_enter_confirms_before_queueing() {
    use leadbench::app::mail::{Compose, Preview};
    let (mut state, keymap) = setup();
    let effects = press(&mut state, &keymap, 'e');
    let lead = match effects.as_slice() {
        [Effect::OpenCompose(lead)] => lead.clone(),
        other => panic!("unexpected effects {other:?}"),
    };
    let preview = Preview {
        to: "taro@example.jp".into(),
        subject: "ご連絡".into(),
        body: "山田様".into(),
        error: None,
    };
    let compose = Compose {
        lead,
        templates: vec![
            ("first-follow-up".into(), "First".into()),
            ("breakup".into(), "Breakup".into()),
        ],
        index: 0,
        preview,
        edited: None,
    };
    update(&mut state, Msg::Compose(Box::new(compose)), &keymap);
    // ↓ picks the next template and asks for its preview.
    let effects = press_code(&mut state, &keymap, KeyCode::Down);
    assert!(
        matches!(effects.as_slice(), [Effect::PreviewMail { template, .. }] if template == "breakup"),
        "{effects:?}"
    );
    assert!(press_code(&mut state, &keymap, KeyCode::Enter).is_empty());
    match press(&mut state, &keymap, 'y').as_slice() {
        [
            Effect::QueueMail {
                lead: 1,
                template,
                edited: None,
            },
        ] => assert_eq!(template, "breakup"),
        other => panic!("unexpected effects {other:?}"),
    }
}

/// Today's size comes from the clock's count (off the UI thread); a page brings what it
/// knows, never less than its own end, and a later count updates the table at once.
#[test]
fn todays_total_follows_the_clocks_count_and_never_falls_below_the_page() {
    let (mut state, keymap) = setup();
    let count = |total| Msg::TodayCount {
        total,
        new_since_yesterday: 0,
        new_over_sla: 0,
        calls_due: 0,
    };
    update(&mut state, count(120), &keymap);
    assert_eq!(state.table.total, 120, "the count reaches the open table");
    update(
        &mut state,
        Msg::Page {
            queue: Queue::Today,
            rows: (1..=5).map(row).collect(),
            window_index: 0,
            total: 5,
            select: None,
        },
        &keymap,
    );
    assert_eq!(
        state.table.total, 120,
        "a page knowing less keeps the count"
    );
    update(&mut state, count(3), &keymap);
    assert_eq!(state.table.total, 5, "never fewer than the rows on screen");
    assert_eq!(state.figures.today, 3);
}
