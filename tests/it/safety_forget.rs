//! `forget` (SPEC §11): personal data leaves the lead, the journal, the search index, the undo
//! log and the queue — and the file's bytes — while an anonymous trace stays for the KPIs.

use std::path::Path;

use crate::cli::Sandbox;
use crate::pty::Tui;
use crate::safety_support::{count, integrity, rep_config};

/// Texts that identify the test lead; none may be left anywhere in the database file.
const SECRETS: &[&str] = &[
    "Zebulon",
    "zebulon",
    "Quixote",
    "quixote",
    "2125550199",
    "212-555-0199",
    "espresso",
    "綿貫",
    "朔太郎",
];

fn add_secret_lead(sb: &Sandbox) -> String {
    rep_config(sb);
    let (code, _, err) = sb.run(&[
        "add",
        "--name",
        "Zebulon Quixote",
        "--company",
        "Quixote Widgets 綿貫朔太郎商店",
        "--email",
        "zebulon.quixote@example.org",
        "--phone",
        "+1 212-555-0199",
    ]);
    assert_eq!(code, 0, "{err}");
    let id = sb.json(&["show", "zebulon.quixote@example.org", "--json"])["id"].to_string();
    for args in [
        vec!["note", &id, "Zebulon drinks espresso; call after 3"],
        vec![
            "log-call",
            &id,
            "connected",
            "--next",
            "+2d",
            "--note",
            "Zebulon Quixote was keen",
            "--force",
        ],
        vec!["edit", &id, "title=Head of Quixote Labs"],
        vec!["mail", &id, "first-follow-up.en"],
    ] {
        let (code, _, err) = sb.run(&args);
        assert_eq!(code, 0, "{args:?}: {err}");
    }
    id
}

fn file_holds(path: &Path, needle: &str) -> bool {
    let bytes = std::fs::read(path).unwrap_or_default();
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

fn wal(db: &Path) -> std::path::PathBuf {
    std::path::PathBuf::from(format!("{}-wal", db.display()))
}

#[test]
fn forget_without_yes_and_without_a_terminal_is_refused_and_changes_nothing() {
    let sb = Sandbox::new();
    sb.demo(5);
    let id = add_secret_lead(&sb);
    let before = sb.json(&["show", &id, "--json"]);
    let (code, _, err) = sb.run(&["forget", &id]);
    assert_eq!(code, 4, "{err}");
    assert!(
        err.contains("--yes") && err.contains("not confirmed"),
        "{err}"
    );
    assert_eq!(sb.json(&["show", &id, "--json"]), before);
}

#[test]
fn forget_erases_the_person_from_every_table_and_from_the_file_bytes() {
    let sb = Sandbox::new();
    sb.demo(30);
    let id = add_secret_lead(&sb);
    let lead_id: i64 = id.parse().unwrap_or_default();
    // Files made earlier that hold the data: a backup, a handoff summary, an export.
    let data = sb.db().parent().map(Path::to_path_buf).unwrap_or_default();
    let backup = data.join("before-forget.db");
    let export = data.join("leads.csv");
    for args in [
        vec!["backup".to_owned(), backup.display().to_string()],
        vec!["handoff".into(), "export".into(), id.clone()],
        vec!["export".into(), "-o".into(), export.display().to_string()],
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, _, err) = sb.run(&args);
        assert_eq!(code, 0, "{args:?}: {err}");
    }
    let calls_before = sb.json(&["show", &id, "--json"])["activities"]
        .as_array()
        .map_or(0, |a| a.iter().filter(|x| x["kind"] == "call").count());
    assert!(calls_before >= 1);
    let (code, out, err) = sb.run(&["forget", &id, "--yes"]);
    assert_eq!(code, 0, "{err}");
    // The files made earlier are listed.
    for f in [&backup, &export] {
        assert!(
            out.contains(&f.display().to_string()),
            "{} not listed:\n{out}",
            f.display()
        );
    }
    assert!(out.contains("outbox"), "outbox mail not listed:\n{out}");
    assert!(
        out.contains("handoff"),
        "handoff summary not listed:\n{out}"
    );

    // The anonymous trace: same id, stage and call outcomes; no name, contact or notes.
    let l = sb.json(&["show", &id, "--json"]);
    assert_eq!(l["stage"], "engaged");
    assert!(l["email"].is_null() || l["email"] == "", "{}", l["email"]);
    assert_eq!(l["phones"], serde_json::json!([]));
    assert!(
        l["company"].is_null() || l["company"] == "",
        "{}",
        l["company"]
    );
    assert!(l["do_not_call"] == true && l["email_opt_out"] == true);
    let acts = l["activities"].as_array().cloned().unwrap_or_default();
    assert_eq!(
        acts.iter().filter(|a| a["kind"] == "call").count(),
        calls_before,
        "the call trace stays"
    );
    assert!(acts.iter().any(|a| a["outcome"] == "connected"));
    assert!(acts.iter().all(|a| a["note"] == ""), "{acts:?}");
    let text = l.to_string();
    for s in SECRETS {
        assert!(!text.contains(s), "{s} still shown: {text}");
    }

    let db = sb.db();
    assert_eq!(integrity(&db), "ok");
    // Search index, undo log and mail queue.
    for (what, sql) in [
        ("search index", "SELECT count(*) FROM lead_search WHERE lead_search MATCH 'zebulon'".to_owned()),
        ("search index (phone)", "SELECT count(*) FROM lead_search WHERE lead_search MATCH '2125550199'".to_owned()),
        ("undo log", format!("SELECT count(*) FROM undo_log WHERE lead_id = {lead_id} OR before LIKE '%Zebulon%' OR after LIKE '%Zebulon%'")),
        ("mail queue", format!("SELECT count(*) FROM mail_queue WHERE lead_id = {lead_id}")),
        ("phones", format!("SELECT count(*) FROM phones WHERE lead_id = {lead_id}")),
        ("journal text", "SELECT count(*) FROM activities WHERE note LIKE '%Zebulon%' OR data LIKE '%zebulon%' OR data LIKE '%Zebulon%' OR data LIKE '%5550199%' OR data LIKE '%555-0199%'".to_owned()),
    ] {
        assert_eq!(count(&db, &sql), 0, "{what} still holds the lead");
    }
    // The bytes: checkpointed and rebuilt, nothing of the person is left in the file or WAL.
    for s in SECRETS {
        assert!(!file_holds(&db, s), "{s} still in the database file");
        assert!(!file_holds(&wal(&db), s), "{s} still in the -wal file");
    }
    // The backup made before still holds it: that is why it was listed.
    assert!(file_holds(&backup, "Zebulon"));
}

#[test]
fn forget_is_irreversible_undo_brings_nothing_back() {
    let sb = Sandbox::new();
    sb.demo(5);
    let id = add_secret_lead(&sb);
    assert_eq!(sb.run(&["forget", &id, "--yes"]).0, 0);
    let mut store = leadbench::store::Store::open(&sb.db()).unwrap_or_else(|e| panic!("{e}"));
    for _ in 0..50 {
        if store.undo().unwrap_or_else(|e| panic!("{e}")).is_none() {
            break;
        }
    }
    let lead = store
        .lead(id.parse().unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("the lead row stays"));
    assert!(lead.email.is_empty() && lead.phones.is_empty(), "{lead:?}");
    assert_eq!(lead.full_name, leadbench::domain::forget::FORGOTTEN_NAME);
}

#[test]
fn forget_asks_on_a_terminal_and_only_yes_goes_on() {
    let sb = Sandbox::new();
    sb.demo(5);
    let id = add_secret_lead(&sb);
    let db = sb.db().to_string_lossy().into_owned();
    let mut tui = Tui::start(&sb, &["forget", &id, "--db", &db], 120, 30);
    tui.wait_text("Type yes");
    tui.send("no\r");
    assert!(!tui.wait_exit(), "an answer other than yes must fail");
    assert_eq!(
        sb.json(&["show", &id, "--json"])["email"],
        "zebulon.quixote@example.org"
    );
    let mut tui = Tui::start(&sb, &["forget", &id, "--db", &db], 120, 30);
    tui.wait_text("Type yes");
    tui.send("yes\r");
    assert!(tui.wait_exit());
    assert!(sb.json(&["show", &id, "--json"])["email"].is_null());
}
