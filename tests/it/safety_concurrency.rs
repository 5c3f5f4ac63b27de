//! Two writers on one file (SPEC §11): the TUI in a pseudo-terminal and a CLI loop — plus
//! writers in this process through the library, which carry most of the load because 1,000
//! process starts would not fit CI's time — write at once. No write is lost, none fails with
//! "database is locked", the TUI shows the CLI's changes on its next tick, and the version
//! guard stops a stale read from overwriting newer data.
//!
//! CI: 1,000 writes (2 library writers × 460 notes, 70 CLI notes, 10 TUI calls) and one lead
//! added from the CLI for the tick check. Full (`LEADBENCH_SAFETY_FULL=1`): 10,000 writes
//! (2 × 4,600, 700, 100). The version guard is checked twice: a stale read through the library,
//! and the TUI's edit form left open while a script writes the lead; and the detail pane follows
//! a script's change to the selected lead (it did not: the TUI then guarded its next action
//! with the stale version and refused it as "changed elsewhere").

use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};
use std::time::Duration;

use leadbench::cli::Context;

use crate::cli::Sandbox;
use crate::pty::Tui;
use crate::safety_support::{count, empty_config, figure, integrity, scale};

fn context(db: &Path, cfg: &Path) -> Context {
    Context::open(Some(cfg.to_path_buf()), Some(db.to_path_buf()))
        .unwrap_or_else(|e| panic!("{}", e.message))
}

/// Leads the background writers note on: handed-off leads are in no view the TUI works, so
/// the TUI's calls never meet a version bumped by them.
fn background_leads(db: &Path) -> Vec<i64> {
    let c = crate::safety_support::conn(db);
    let mut stmt = c
        .prepare("SELECT id FROM leads WHERE stage = 'handed_off' ORDER BY id")
        .unwrap_or_else(|e| panic!("{e}"));
    stmt.query_map([], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{e}"))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{e}"))
}

fn notes(db: &Path, prefix: &str) -> i64 {
    count(
        db,
        &format!("SELECT count(*) FROM activities WHERE kind = 'note' AND note LIKE '{prefix}%'"),
    )
}

fn calls(db: &Path) -> i64 {
    count(
        db,
        "SELECT count(*) FROM activities WHERE kind = 'call' AND undone = 0 AND at >= 1795740000",
    )
}

#[test]
fn the_tui_a_cli_loop_and_library_writers_lose_no_write() {
    let per_thread = scale(460, 4_600);
    let cli_writes = scale(70, 700);
    let tui_calls = scale(10, 100);
    let sb = Sandbox::new();
    sb.demo(scale(200, 400));
    let db: PathBuf = sb.db();
    let cfg = empty_config(sb.dir.path());
    let targets = background_leads(&db);
    assert!(targets.len() >= 4, "the demo has handed-off leads");
    let calls_before = calls(&db);

    let dbs = db.to_string_lossy().into_owned();
    let mut tui = Tui::start(&sb, &["--db", &dbs], 100, 30);
    tui.wait_text("Today");
    // The Engaged view: a call without an answer keeps a lead there (Today empties as it is
    // worked), so the rep always has a lead under the cursor.
    tui.send("4");
    tui.wait_text("Engaged");

    let start = Arc::new(Barrier::new(4));
    let mut writers = Vec::new();
    for t in 0..2usize {
        let (db, cfg, targets, start) = (db.clone(), cfg.clone(), targets.clone(), start.clone());
        writers.push(std::thread::spawn(move || {
            let mut ctx = context(&db, &cfg);
            start.wait();
            let mut failures = Vec::new();
            for i in 0..per_thread {
                let id = targets[(i + t) % targets.len()];
                let text = format!("lib{t}-{i}");
                if let Err(e) = leadbench::ops::note(
                    &mut ctx.store,
                    &ctx.policy,
                    id,
                    None,
                    &text,
                    crate::support::now(),
                ) {
                    failures.push(e.to_string());
                }
            }
            failures
        }));
    }
    let cli = {
        let (start, targets) = (start.clone(), targets.clone());
        let sb_db = db.clone();
        let home = sb.dir.path().to_path_buf();
        std::thread::spawn(move || {
            start.wait();
            let mut failures = Vec::new();
            for i in 0..cli_writes {
                let out = assert_cmd::Command::cargo_bin("leadbench")
                    .unwrap_or_else(|e| panic!("{e}"))
                    .env_clear()
                    .env("HOME", &home)
                    .env("XDG_CONFIG_HOME", home.join("cfg"))
                    .env("LEADBENCH_NOW", "2026-11-27T01:00:00Z")
                    .args([
                        "note",
                        &targets[i % targets.len()].to_string(),
                        &format!("cli-{i}"),
                    ])
                    .arg("--db")
                    .arg(&sb_db)
                    .output()
                    .unwrap_or_else(|e| panic!("{e}"));
                if !out.status.success() {
                    failures.push(String::from_utf8_lossy(&out.stderr).into_owned());
                }
            }
            failures
        })
    };
    start.wait();
    // Meanwhile the rep works the Engaged view in the TUI: c, an outcome, Enter.
    for i in 0..tui_calls {
        tui.send("c");
        tui.wait_for("the call popup", |s| s.contains("voicemail"));
        tui.send("n");
        tui.wait_for("the details", |s| {
            !s.contains("voicemail") || s.contains("Enter")
        });
        tui.send("\r");
        std::thread::sleep(Duration::from_millis(100));
        if tui.screen().contains("anyway") {
            tui.send("y");
        }
        tui.wait_for("the call logged", |_| {
            calls(&db) == calls_before + i as i64 + 1
        });
    }
    let mut failures = cli
        .join()
        .unwrap_or_else(|_| vec!["the CLI loop panicked".into()]);
    for w in writers {
        failures.extend(
            w.join()
                .unwrap_or_else(|_| vec!["a writer panicked".into()]),
        );
    }
    assert!(
        failures.is_empty(),
        "{} writes failed: {:?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );

    // The TUI shows what the CLI wrote on its next tick, with no key pressed.
    tui.send("2");
    let (code, _, err) = sb.run(&["add", "--name", "Tick Probe", "--email", "tick@example.com"]);
    assert_eq!(code, 0, "{err}");
    tui.wait_text("Tick Probe");
    let screen_bytes = String::from_utf8_lossy(&tui.raw()).into_owned();
    assert!(
        !screen_bytes.contains("locked") && !screen_bytes.contains("held the database"),
        "the TUI showed a lock error"
    );
    tui.send("q");
    assert!(tui.wait_exit());

    let attempted = 2 * per_thread + cli_writes + tui_calls;
    let landed = notes(&db, "lib") + notes(&db, "cli-") + (calls(&db) - calls_before);
    figure("concurrent_writes_attempted", attempted);
    figure("concurrent_writes_lost", attempted as i64 - landed);
    assert_eq!(landed, attempted as i64, "writes were lost");
    assert_eq!(integrity(&db), "ok");
}

#[test]
fn a_stale_read_cannot_overwrite_what_another_process_wrote() {
    let sb = Sandbox::new();
    sb.demo(10);
    let db = sb.db();
    let cfg = empty_config(sb.dir.path());
    let id = sb.json(&["list", "--json"])[0]["id"]
        .as_i64()
        .unwrap_or_default();
    // The "screen": a lead read by one connection…
    let mut screen = context(&db, &cfg);
    let seen = screen
        .store
        .lead(id)
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("no lead"));
    // …then another process writes it.
    let (code, _, err) = sb.run(&["edit", &id.to_string(), "title=Written by the script"]);
    assert_eq!(code, 0, "{err}");
    let stale = leadbench::ops::edit_lead(
        &mut screen.store,
        &screen.policy,
        id,
        Some(seen.version),
        &[("title".into(), "From the stale screen".into())],
        "JP",
        crate::support::now(),
    );
    let e = stale
        .err()
        .unwrap_or_else(|| panic!("the stale write went through"));
    assert!(e.to_string().contains("changed elsewhere"), "{e}");
    assert_eq!(
        sb.json(&["show", &id.to_string(), "--json"])["title"],
        "Written by the script"
    );
}

#[test]
fn the_tui_edit_form_left_open_cannot_overwrite_what_a_script_wrote_meanwhile() {
    let sb = Sandbox::new();
    sb.demo(5);
    let (code, _, err) = sb.run(&[
        "add",
        "--name",
        "Stale Screen",
        "--email",
        "stale@example.com",
    ]);
    assert_eq!(code, 0, "{err}");
    let id = sb.json(&["show", "stale@example.com", "--json"])["id"].to_string();
    let db = sb.db().to_string_lossy().into_owned();
    let mut tui = Tui::start(&sb, &["--db", &db], 120, 35);
    tui.wait_text("Today");
    tui.send("2"); // New: the lead just added is at the top
    tui.wait_text("Stale Screen");
    std::thread::sleep(Duration::from_millis(300)); // the detail loads
    tui.send("E");
    tui.wait_text("Edit lead");
    // A script writes the lead while the form is open; the TUI reloads on its tick.
    let (code, _, err) = sb.run(&["edit", &id, "title=From the script"]);
    assert_eq!(code, 0, "{err}");
    std::thread::sleep(Duration::from_millis(1_500));
    tui.send("\r");
    tui.wait_text("Changed elsewhere");
    tui.send("\u{1b}");
    std::thread::sleep(Duration::from_millis(200));
    tui.send("q");
    tui.wait_exit();
    assert_eq!(
        sb.json(&["show", &id, "--json"])["title"],
        "From the script",
        "the stale form overwrote the script's change"
    );
}

#[test]
fn the_detail_pane_shows_what_a_script_wrote_to_the_selected_lead_on_the_next_tick() {
    let sb = Sandbox::new();
    sb.demo(5);
    let (code, _, err) = sb.run(&[
        "add",
        "--name",
        "Detail Probe",
        "--email",
        "probe@example.com",
    ]);
    assert_eq!(code, 0, "{err}");
    let id = sb.json(&["show", "probe@example.com", "--json"])["id"].to_string();
    let db = sb.db().to_string_lossy().into_owned();
    let mut tui = Tui::start(&sb, &["--db", &db], 120, 35);
    tui.wait_text("Today");
    tui.send("2"); // New: the lead just added is at the top, its detail on the right
    tui.wait_text("probe@example.com");
    let (code, _, err) = sb.run(&["edit", &id, "company=Freshly Written Co"]);
    assert_eq!(code, 0, "{err}");
    tui.wait_for("the detail pane to show the script's change", |s| {
        // Right of the divider: the detail pane, not the table row.
        s.lines()
            .filter_map(|l| l.split_once('│').map(|(_, right)| right))
            .any(|right| right.contains("Freshly Written"))
    });
    tui.send("q");
    tui.wait_exit();
}
