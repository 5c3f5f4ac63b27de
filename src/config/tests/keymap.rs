//! Actions and the keymap: the built-in table of SPEC §5 and the rules for user bindings.

use super::{parse_err, parse_ok};
use crate::config::{Action, Config, Key, KeyCode, Keymap, Layer};
use crate::domain::Outcome;

fn k(text: &str) -> Key {
    text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// Every action id of SPEC Appendix D (the outcome actions spelled out).
const APPENDIX_D: [&str; 60] = [
    "help",
    "quit",
    "view-1",
    "view-2",
    "view-3",
    "view-4",
    "view-5",
    "view-6",
    "view-7",
    "next-view",
    "prev-view",
    "search",
    "undo",
    "redo",
    "down",
    "up",
    "top",
    "bottom",
    "page-down",
    "page-up",
    "open",
    "back",
    "mark",
    "log-call",
    "dial",
    "inbound-call",
    "reply-received",
    "meeting-outcome",
    "mail",
    "bulk-mail",
    "enrol",
    "escalate",
    "feedback",
    "export-summary",
    "mark-lost",
    "schedule",
    "note",
    "add-lead",
    "edit-lead",
    "merge",
    "import",
    "filter",
    "save-view",
    "over-sla",
    "call-block",
    "copy",
    "outcome-connected",
    "outcome-no-answer",
    "outcome-voicemail",
    "outcome-busy",
    "outcome-gatekeeper",
    "outcome-wrong-number",
    "outcome-callback",
    "outcome-meeting",
    "outcome-not-interested",
    "outcome-do-not-call",
    "cancel",
    "confirm",
    "edit-in-editor",
    "send",
];

#[test]
fn every_appendix_d_action_exists_with_its_id() {
    for id in APPENDIX_D {
        let a = Action::from_id(id).unwrap_or_else(|| panic!("missing action {id}"));
        assert_eq!(a.id(), id);
    }
    for id in ["next-field", "prev-field", "submit"] {
        assert!(Action::from_id(id).is_some(), "{id}");
    }
    assert_eq!(Action::ALL.len(), APPENDIX_D.len() + 3);
}

#[test]
fn action_ids_are_unique_and_round_trip() {
    for (i, a) in Action::ALL.iter().enumerate() {
        assert_eq!(Action::from_id(a.id()), Some(*a));
        assert!(
            Action::ALL[..i].iter().all(|b| b.id() != a.id()),
            "{a} twice"
        );
        assert!(!a.layers().is_empty());
    }
}

#[test]
fn actions_serialise_as_kebab_case_ids() {
    let json = serde_json::to_string(&[Action::LogCall, Action::View1, Action::OutcomeNoAnswer])
        .unwrap_or_default();
    assert_eq!(json, r#"["log-call","view-1","outcome-no-answer"]"#);
    let back: Vec<Action> = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(
        back,
        [Action::LogCall, Action::View1, Action::OutcomeNoAnswer]
    );
    assert!(serde_json::from_str::<Action>(r#""log_call""#).is_err());
}

#[test]
fn outcome_actions_map_to_outcomes() {
    for o in Outcome::ALL {
        let a = Action::for_outcome(o);
        assert_eq!(a.id(), format!("outcome-{}", o.id().replace('_', "-")));
        assert_eq!(a.outcome(), Some(o));
    }
    assert_eq!(Action::LogCall.outcome(), None);
    assert_eq!(Action::View7.view(), Some(7));
}

#[test]
fn the_builtin_keymap_is_the_table_of_spec_5() {
    let m = Keymap::default();
    let expect = [
        (Layer::Global, "?", Action::Help),
        (Layer::Global, "q", Action::Quit),
        (Layer::Global, "ctrl-c", Action::Quit),
        (Layer::Global, "1", Action::View1),
        (Layer::Global, "7", Action::View7),
        (Layer::Global, "tab", Action::NextView),
        (Layer::Global, "shift-tab", Action::PrevView),
        (Layer::Global, "/", Action::Search),
        (Layer::Global, "u", Action::Undo),
        (Layer::Global, "ctrl-r", Action::Redo),
        (Layer::List, "j", Action::Down),
        (Layer::List, "down", Action::Down),
        (Layer::List, "k", Action::Up),
        (Layer::List, "up", Action::Up),
        (Layer::List, "g", Action::Top),
        (Layer::List, "G", Action::Bottom),
        (Layer::List, "pgdn", Action::PageDown),
        (Layer::List, "ctrl-d", Action::PageDown),
        (Layer::List, "pgup", Action::PageUp),
        (Layer::List, "ctrl-u", Action::PageUp),
        (Layer::List, "enter", Action::Open),
        (Layer::List, "esc", Action::Back),
        (Layer::List, "space", Action::Mark),
        (Layer::List, "c", Action::LogCall),
        (Layer::List, "C", Action::Dial),
        (Layer::List, "I", Action::InboundCall),
        (Layer::List, "R", Action::ReplyReceived),
        (Layer::List, "M", Action::MeetingOutcome),
        (Layer::List, "e", Action::Mail),
        (Layer::List, "B", Action::BulkMail),
        (Layer::List, "S", Action::Enrol),
        (Layer::List, "h", Action::Escalate),
        (Layer::List, "F", Action::Feedback),
        (Layer::List, "x", Action::ExportSummary),
        (Layer::List, "l", Action::MarkLost),
        (Layer::List, "s", Action::Schedule),
        (Layer::List, "n", Action::Note),
        (Layer::List, "a", Action::AddLead),
        (Layer::List, "E", Action::EditLead),
        (Layer::List, "=", Action::Merge),
        (Layer::List, "i", Action::Import),
        (Layer::List, "f", Action::Filter),
        (Layer::List, "v", Action::SaveView),
        (Layer::List, "o", Action::OverSla),
        (Layer::List, "b", Action::CallBlock),
        (Layer::List, "y", Action::Copy),
        (Layer::Popup, "esc", Action::Cancel),
        (Layer::Popup, "enter", Action::Confirm),
        (Layer::Popup, "E", Action::EditInEditor),
        (Layer::Popup, "up", Action::Up),
        (Layer::Popup, "down", Action::Down),
        (Layer::Form, "tab", Action::NextField),
        (Layer::Form, "shift-tab", Action::PrevField),
        (Layer::Form, "enter", Action::Submit),
        (Layer::Form, "esc", Action::Cancel),
    ];
    for (layer, key, action) in expect {
        assert_eq!(m.action(layer, &k(key)), Some(action), "{layer} {key}");
    }
    for (o, key) in Outcome::ALL
        .iter()
        .zip(["a", "n", "v", "b", "g", "w", "r", "m", "x", "d"])
    {
        assert_eq!(
            m.action(Layer::Popup, &k(key)),
            Some(Action::for_outcome(*o))
        );
        assert_eq!(o.default_key().to_string(), key);
    }
    // Every list and global action has a key; `send` is the one popup action without one.
    for layer in [Layer::Global, Layer::List] {
        assert_eq!(m.unbound(layer), [], "{layer}");
    }
    assert_eq!(m.unbound(Layer::Popup), [Action::Send]);
}

#[test]
fn lookups_normalise_the_terminal_key() {
    let m = Keymap::default();
    let shifted_g = Key {
        code: KeyCode::Char('G'),
        ctrl: false,
        alt: false,
        shift: true,
    };
    assert_eq!(m.action(Layer::List, &shifted_g), Some(Action::Bottom));
    let shifted_tab = Key {
        code: KeyCode::BackTab,
        ctrl: false,
        alt: false,
        shift: true,
    };
    assert_eq!(
        m.action(Layer::Global, &shifted_tab),
        Some(Action::PrevView)
    );
    assert_eq!(m.action(Layer::List, &k("q")), None);
}

#[test]
fn keys_go_to_the_top_layer_first() {
    let m = Keymap::default();
    assert_eq!(
        m.route(&Layer::ROUTING, &k("esc")),
        Some((Layer::Form, Action::Cancel))
    );
    assert_eq!(
        m.route(&[Layer::List, Layer::Global], &k("esc")),
        Some((Layer::List, Action::Back))
    );
    assert_eq!(
        m.route(&[Layer::List, Layer::Global], &k("q")),
        Some((Layer::Global, Action::Quit))
    );
    assert_eq!(
        m.route(&[Layer::Popup, Layer::List], &k("b")),
        Some((Layer::Popup, Action::OutcomeBusy))
    );
}

#[test]
fn keys_and_bindings_come_in_a_stable_order() {
    let m = Keymap::default();
    assert_eq!(m.keys(Layer::List, Action::Down), [k("j"), k("down")]);
    assert_eq!(m.keys_label(Layer::List, Action::Down), "j/↓");
    assert_eq!(m.keys_label(Layer::List, Action::PageDown), "PgDn/Ctrl-d");
    assert!(m.keys(Layer::Popup, Action::Send).is_empty());
    let order: Vec<Action> = m.bindings(Layer::Global).map(|(a, _)| a).collect();
    let expect: Vec<Action> = Action::ALL
        .iter()
        .copied()
        .filter(|a| a.belongs_to(Layer::Global))
        .collect();
    assert_eq!(order, expect);
    let again: Vec<Action> = m.bindings(Layer::List).map(|(a, _)| a).collect();
    assert_eq!(again.first(), Some(&Action::Down));
    assert_eq!(again.last(), Some(&Action::Copy));
}

#[test]
fn a_user_binding_takes_its_key_from_the_default_action_of_the_same_layer() {
    let c = parse_ok("[keys.list]\nmark = \"x\"\n");
    let m = &c.keys;
    assert_eq!(m.action(Layer::List, &k("x")), Some(Action::Mark));
    assert!(m.keys(Layer::List, Action::ExportSummary).is_empty());
    assert_eq!(m.unbound(Layer::List), [Action::ExportSummary]);
    // The user binding replaces the action's default keys.
    assert_eq!(m.action(Layer::List, &k("space")), None);
    assert_eq!(m.keys(Layer::List, Action::Mark), [k("x")]);
    // Other layers keep their keys.
    assert_eq!(
        m.action(Layer::Popup, &k("x")),
        Some(Action::OutcomeNotInterested)
    );
}

#[test]
fn a_user_binding_can_keep_some_default_keys_and_add_more() {
    let c = parse_ok(
        "[keys.list]\ndown = [\"j\", \"down\", \"ctrl-n\"]\nup = [\"k\", \"up\", \"ctrl-p\"]\n",
    );
    assert_eq!(c.keys.action(Layer::List, &k("ctrl-n")), Some(Action::Down));
    assert_eq!(
        c.keys.keys(Layer::List, Action::Up),
        [k("k"), k("up"), k("ctrl-p")]
    );
}

#[test]
fn an_empty_list_unbinds_an_action() {
    let c = parse_ok("[keys.global]\nquit = \"ctrl-c\"\n\n[keys.list]\ncall-block = []\n");
    assert_eq!(c.keys.action(Layer::Global, &k("q")), None);
    assert_eq!(c.keys.action(Layer::List, &k("b")), None);
    assert_eq!(c.keys.unbound(Layer::List), [Action::CallBlock]);
}

#[test]
fn swapping_two_default_keys_is_allowed() {
    let c = parse_ok("[keys.list]\ntop = \"G\"\nbottom = \"g\"\n");
    assert_eq!(c.keys.action(Layer::List, &k("G")), Some(Action::Top));
    assert_eq!(c.keys.action(Layer::List, &k("g")), Some(Action::Bottom));
}

#[test]
fn two_user_bindings_of_one_key_in_one_layer_are_an_error() {
    let e = parse_err("[keys.list]\nmark = \"m\"\nnote = [\"n\", \"m\"]\n");
    assert_eq!((e.line, e.key.as_str()), (3, "keys.list.note"), "{e}");
    assert!(
        e.msg
            .contains("`m` is bound twice in [keys.list]: to `mark` and to `note`"),
        "{e}"
    );
    // Spelled differently, still one key.
    let e = parse_err("[keys.global]\nredo = \"ctrl-r\"\nundo = \"C-r\"\n");
    assert_eq!(e.line, 3, "{e}");
}

#[test]
fn one_key_in_two_layers_is_fine() {
    let c = parse_ok("[keys.list]\nmark = \"m\"\n\n[keys.popup]\noutcome-meeting = \"m\"\n");
    assert_eq!(c.keys.action(Layer::List, &k("m")), Some(Action::Mark));
    assert_eq!(
        c.keys.action(Layer::Popup, &k("m")),
        Some(Action::OutcomeMeeting)
    );
}

#[test]
fn unknown_actions_and_wrong_layers_are_errors_with_a_hint() {
    let e = parse_err("[keys.list]\nlog-cal = \"c\"\n");
    assert_eq!((e.line, e.key.as_str()), (2, "keys.list.log-cal"));
    assert!(e.msg.contains("did you mean `log-call`"), "{e}");
    let e = parse_err("[keys.popup]\nlog-call = \"c\"\n");
    assert!(e.msg.contains("belongs in [keys.list]"), "{e}");
    let e = parse_err("[keys.lists]\nmark = \"m\"\n");
    assert_eq!((e.line, e.key.as_str()), (1, "keys.lists"), "{e}");
}

#[test]
fn unreadable_keys_and_values_are_errors() {
    let e = parse_err("[keys.list]\nmark = [\"m\",\n  \"hyper-m\"]\n");
    assert_eq!((e.line, e.key.as_str()), (3, "keys.list.mark"), "{e}");
    let e = parse_err("[keys.list]\nmark = 3\n");
    assert_eq!((e.line, e.key.as_str()), (2, "keys.list.mark"), "{e}");
}

#[test]
fn the_example_keys_resolve_without_errors() {
    let builtin = crate::config::keymap::builtin_keys();
    assert!(!builtin.list.0.is_empty());
    assert_eq!(Keymap::empty().merged(&builtin), Ok(Keymap::default()));
}

#[test]
fn the_default_config_carries_the_builtin_keymap() {
    assert_eq!(Config::default().keys, Keymap::default());
    assert_ne!(Keymap::default(), Keymap::empty());
    let user = crate::config::KeysConfig::default();
    assert_eq!(Keymap::from_config(&user), Ok(Keymap::default()));
}

#[test]
fn every_action_has_a_description_in_both_languages() {
    for a in Action::ALL {
        assert!(!a.describe(crate::domain::Lang::En).is_empty());
        assert!(!a.describe(crate::domain::Lang::Ja).is_empty());
    }
}
