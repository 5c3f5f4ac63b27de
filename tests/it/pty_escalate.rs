//! Escalation end to end: the real binary in a pseudo-terminal escalates a lead with a written
//! override, and the handoff summary lands 0600 in a 0700 directory.

use crate::cli::Sandbox;
use crate::pty::Tui;

/// The focused form line (the popup's border, a space, then the focus mark).
fn focused_line(screen: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains("│ › "))
        .unwrap_or_default()
        .to_owned()
}

/// Tabs through the form until the field labelled `label` has the focus (around the form twice
/// at most: each checklist item is followed by its evidence and quote, ~20 stops).
fn focus_field(tui: &mut Tui, label: &str) {
    for _ in 0..48 {
        let before = focused_line(&tui.screen());
        if before.contains(&format!("› {label}")) {
            return;
        }
        tui.send("\t");
        // The focused line changes once the key is drawn; a field scrolled out of the popup
        // shows no focused line, so a line that stays the same is waited for briefly only.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
        while focused_line(&tui.screen()) == before && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
    panic!("no field {label}; screen:\n{}", tui.screen());
}

fn escalations(sb: &Sandbox) -> Vec<(i64, String)> {
    let c = rusqlite::Connection::open(sb.db()).unwrap_or_else(|e| panic!("{e}"));
    let mut stmt = c
        .prepare(
            "SELECT a.lead_id, l.stage FROM activities a JOIN leads l ON l.id = a.lead_id
             WHERE a.kind = 'escalation' AND a.undone = 0",
        )
        .unwrap_or_else(|e| panic!("{e}"));
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap_or_else(|e| panic!("{e}"))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{e}"))
}

#[cfg(unix)]
fn mode(p: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .permissions()
        .mode()
        & 0o777
}

#[test]
fn h_escalates_a_lead_with_an_override_and_writes_its_private_summary() {
    let sb = Sandbox::new();
    sb.demo(40);
    // A gate no demo lead passes, and a configured field rep.
    let cfg = sb.write(
        "handoff.toml",
        "[handoff]\nmin_score_relaxed = 990\nmin_score_strict = 999\n\n\
         [[handoff.field_reps]]\nname = \"Sato\"\nemail = \"sato@example.com\"\n",
    );
    let db = sb.db().to_string_lossy().into_owned();
    let cfg = cfg.to_string_lossy().into_owned();
    let mut tui = Tui::start(&sb, &["--db", &db, "--config", &cfg], 120, 30);
    tui.wait_text("Today");
    // The demo's escalations this week count against capacity.
    let before = escalations(&sb);
    tui.wait_text("/10 ≥990");
    // The first lead of Today (loaded before the first frame) is selected.
    tui.send("h");
    tui.wait_text("Escalate to field sales");
    tui.wait_text("relaxed: min score 990");
    // Without a reason the gate's failure stays in the form.
    tui.send("\r");
    tui.wait_text("The gate fails");
    focus_field(&mut tui, "Meeting");
    tui.send(&"\u{7f}".repeat(24)); // clear a booked meeting
    tui.send("12/3 15:00");
    focus_field(&mut tui, "Override");
    tui.send("CFO asked for a demo");
    tui.send("\r");
    tui.wait_text("to Sato? (y/n)");
    tui.send("y");
    tui.wait_for("the status line", |s| s.contains("→ Handed off (Sato)"));
    let done: Vec<_> = escalations(&sb)
        .into_iter()
        .filter(|e| !before.iter().any(|b| b.0 == e.0))
        .collect();
    assert_eq!(done.len(), 1, "{done:?}");
    let (id, stage) = done[0].clone();
    assert_eq!(stage, "handed_off");
    let dir = sb.db().with_file_name("handoff");
    for ext in ["md", "json", "ics"] {
        let f = dir.join(format!("handoff-{id}.{ext}"));
        assert!(f.exists(), "{} missing", f.display());
        #[cfg(unix)]
        assert_eq!(mode(&f), 0o600, "{}", f.display());
    }
    #[cfg(unix)]
    assert_eq!(mode(&dir), 0o700);
    let ics = std::fs::read_to_string(dir.join(format!("handoff-{id}.ics"))).unwrap_or_default();
    assert!(ics.contains("sato@example.com"), "{ics}");
    let status = tui.screen();
    assert!(status.contains(&format!("handoff-{id}")), "{status}");
    // Undo takes the escalation back.
    tui.send("u");
    tui.wait_text("Undid");
    assert_eq!(escalations(&sb), before);
    tui.send("q");
    assert!(tui.wait_exit());
}

#[test]
fn x_exports_and_f_records_feedback_in_the_handed_off_view() {
    let sb = Sandbox::new();
    sb.demo(40);
    let db = sb.db().to_string_lossy().into_owned();
    let mut tui = Tui::start(&sb, &["--db", &db], 120, 30);
    tui.wait_text("Today");
    tui.send("F");
    tui.wait_text("works in the Handed off view");
    tui.send("6");
    tui.wait_text("F feedback");
    tui.send("x");
    tui.wait_text("Exported handoff summary (1)");
    let dir = sb.db().with_file_name("handoff");
    let written: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(written.iter().any(|n| n.ends_with(".md")), "{written:?}");
    assert!(written.iter().any(|n| n.ends_with(".json")), "{written:?}");
    // Rejected back to engaged, with its reason.
    tui.send("F");
    tui.wait_text("Field-sales feedback");
    tui.send("\u{1b}[C"); // →: rejected
    tui.send("\t");
    tui.send("no budget this year");
    tui.send("\r");
    tui.wait_text("Field sales rejected");
    let c = rusqlite::Connection::open(sb.db()).unwrap_or_else(|e| panic!("{e}"));
    let n: i64 = c
        .query_row(
            "SELECT count(*) FROM activities WHERE kind = 'feedback' AND outcome = 'rejected'
             AND note = 'no budget this year' AND undone = 0",
            [],
            |r| r.get(0),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(n, 1);
    tui.send("q");
    assert!(tui.wait_exit());
}
