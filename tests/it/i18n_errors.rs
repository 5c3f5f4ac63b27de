//! Error messages follow `ui.language`: Japanese when configured, English by default, with the
//! same exit codes either way.

use leadbench::domain::Lang;
use leadbench::domain::call::Refusal;
use leadbench::ops::{OpsError, Problem};
use leadbench::store::StoreError;

use crate::cli::Sandbox;

/// Runs `args` in `lang` (see [`Sandbox::run_in`]); returns the exit code and stderr.
fn run(sb: &Sandbox, lang: Option<&str>, args: &[&str]) -> (i32, String) {
    let (code, _, err) = sb.run_in(lang, args);
    (code, err)
}

/// A sandbox with one callable lead; returns its id.
fn one_lead(sb: &Sandbox) -> String {
    let (code, err) = run(
        sb,
        None,
        &[
            "add",
            "--name",
            "Jane Roe",
            "--phone",
            "+1 212 555 0100",
            "--email",
            "jane@example.com",
        ],
    );
    assert_eq!(code, 0, "{err}");
    sb.json(&["show", "jane@example.com", "--json"])["id"].to_string()
}

#[test]
fn an_empty_note_is_refused_in_the_configured_language() {
    let sb = Sandbox::new();
    let id = one_lead(&sb);
    let (code, err) = run(&sb, Some("ja"), &["note", &id, " "]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("メモが空です") && err.contains("リード"),
        "{err}"
    );
    let (code, err) = run(&sb, None, &["note", &id, " "]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("the note is empty"), "{err}");
}

#[test]
fn the_daily_cap_and_its_force_hint_speak_japanese() {
    let sb = Sandbox::new();
    let id = one_lead(&sb);
    for _ in 0..3 {
        assert_eq!(run(&sb, None, &["log-call", &id, "busy"]).0, 0);
    }
    let (code, err) = run(&sb, Some("ja"), &["log-call", &id, "busy"]);
    assert_eq!(code, 4, "{err}");
    assert!(
        err.contains("今日すでに 3 回") && err.contains("--force"),
        "{err}"
    );
    assert!(!err.contains("use --force"), "{err}");
    let (code, err) = run(&sb, Some("en"), &["log-call", &id, "busy"]);
    assert_eq!(code, 4, "{err}");
    assert!(
        err.contains("already called 3 times today") && err.contains("(use --force"),
        "{err}"
    );
}

#[test]
fn feedback_on_a_lead_not_handed_off_is_blocked_in_japanese() {
    let sb = Sandbox::new();
    let id = one_lead(&sb);
    let (code, err) = run(&sb, Some("ja"), &["handoff", "feedback", &id, "accepted"]);
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("引き継がれていない"), "{err}");
    let (code, err) = run(&sb, None, &["handoff", "feedback", &id, "accepted"]);
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("is not handed off"), "{err}");
}

#[test]
fn an_unknown_lead_and_a_newer_database_are_named_in_japanese() {
    let sb = Sandbox::new();
    one_lead(&sb);
    let (code, err) = run(&sb, Some("ja"), &["show", "nobody@example.com"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("リード nobody@example.com はありません"),
        "{err}"
    );
    rusqlite::Connection::open(sb.db())
        .and_then(|c| c.pragma_update(None, "user_version", 9999))
        .unwrap_or_else(|e| panic!("{e}"));
    let (code, err) = run(&sb, Some("ja"), &["list"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("スキーマバージョン 9999"), "{err}");
}

#[test]
fn typed_errors_render_in_either_language_and_display_stays_english() {
    let cases = [
        OpsError::Invalid(Problem::EmptyNote),
        OpsError::Blocked(Problem::AlreadyHandedOff(12)),
        OpsError::Refused(Refusal::DoNotCall),
        OpsError::Store(StoreError::Conflict { id: 12 }),
    ];
    for e in &cases {
        let (en, ja) = (e.text(Lang::En), e.text(Lang::Ja));
        assert_eq!(en, e.to_string(), "English is the default rendering");
        assert_ne!(en, ja, "{en} has no Japanese");
        assert!(!ja.is_ascii(), "{ja}");
    }
    // The exit codes do not depend on the language.
    let codes: Vec<i32> = cases.iter().map(OpsError::exit_code).collect();
    assert_eq!(codes, [2, 4, 4, 1]);
}
