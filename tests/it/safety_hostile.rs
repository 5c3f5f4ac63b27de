//! Hostile lead data — escape sequences (CSI, OSC title and clipboard, DCS), C1 controls, bidi
//! overrides and zero-width characters — never reaches a terminal or a document raw: not the
//! TUI (checked on the raw bytes the pseudo-terminal received), not the CLI's tables, not error
//! messages, not Markdown summaries. The data is written straight into the file, as a file
//! from elsewhere could hold it, so input cleaning cannot hide a gap in output cleaning.

use crate::cli::Sandbox;
use crate::pty::Tui;
use crate::safety_support::conn;

/// Every kind of hostile sequence, around readable text.
const HOSTILE: &str = "Evil\u{1b}[7777X\u{1b}]0;pwned-title\u{7}\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}P1$qm\u{1b}\\\u{9b}31m\u{9d}0;c1\u{9c}\u{202e}desrever\u{2066}iso\u{200b}zw\u{feff}Corp";

/// Sequences that must never arrive raw.
const FORBIDDEN: &[&str] = &[
    "\u{1b}[7777X",
    "\u{1b}]0;pwned",
    "\u{1b}]52;c;cHdu",
    "\u{1b}P1$q",
    "\u{9b}",
    "\u{9d}",
    "\u{9c}",
    "\u{202e}",
    "\u{2066}",
    "\u{200b}",
    "\u{feff}",
];

fn assert_clean(what: &str, text: &str) {
    for f in FORBIDDEN {
        assert!(!text.contains(f), "{what}: {f:?} arrived raw in {text:?}");
    }
}

/// A sandbox whose every lead carries hostile text in its name, company, notes and journal.
fn hostile_sandbox() -> Sandbox {
    let sb = Sandbox::new();
    sb.demo(6);
    let c = conn(&sb.db());
    c.execute(
        "UPDATE leads SET full_name = ?1, first_name = '', last_name = ?1, company = ?1, notes = ?1, title = ?1",
        [HOSTILE],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    c.execute("UPDATE activities SET note = ?1", [HOSTILE])
        .unwrap_or_else(|e| panic!("{e}"));
    sb
}

#[test]
fn cli_tables_errors_and_markdown_never_carry_hostile_sequences() {
    let sb = hostile_sandbox();
    let (_, out, _) = sb.run(&["list"]);
    assert!(out.contains("Evil"), "{out}");
    assert_clean("list", &out);
    let id = sb.json(&["list", "--json"])[0]["id"].to_string();
    let (_, out, _) = sb.run(&["show", &id]);
    assert_clean("show", &out);
    let (code, _, err) = sb.run(&["show", HOSTILE]);
    assert_eq!(code, 1);
    assert_clean("show error", &err);
    let (code, _, err) = sb.run(&["note", &format!("x{HOSTILE}@example.com"), "hi"]);
    assert_eq!(code, 1);
    assert_clean("note error", &err);
    // clap's own errors echo the argument.
    let out = sb
        .cmd()
        .arg(format!("--bogus{HOSTILE}"))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    assert_clean("usage error", &String::from_utf8_lossy(&out.stderr));
    let md = sb.dir.path().join("summary.md");
    let (code, _, err) = sb.run(&["handoff", "export", &id, "-o", &md.to_string_lossy()]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&md).unwrap_or_default();
    assert!(text.contains("Evil"), "{text}");
    assert_clean("markdown summary", &text);
}

#[test]
fn the_tui_sends_no_hostile_byte_to_the_terminal() {
    let sb = hostile_sandbox();
    let db = sb.db().to_string_lossy().into_owned();
    let mut tui = Tui::start(&sb, &["--db", &db], 120, 40);
    tui.wait_text("Today");
    tui.wait_text("Evil");
    tui.send("\r"); // the detail pane: notes and the journal
    std::thread::sleep(std::time::Duration::from_millis(300));
    tui.send("\u{1b}/Evil"); // search
    tui.wait_for("search results", |s| s.matches("Evil").count() >= 2);
    tui.send("\u{1b}\u{1b}q");
    tui.wait_exit();
    let raw = String::from_utf8_lossy(&tui.raw()).into_owned();
    assert!(raw.contains("Evil"));
    assert_clean("TUI", &raw);
    // No sequence that sets the title or the clipboard, nor any device control string.
    assert!(
        !raw.contains("\u{1b}]"),
        "an OSC sequence reached the terminal"
    );
    assert!(
        !raw.contains("\u{1b}P"),
        "a DCS sequence reached the terminal"
    );
}
