//! Private files and quiet logs (SPEC §11): the data directory is 0700 and every file leadbench
//! writes — database, -wal, -shm, exports, outbox mail, backups, handoff summaries, the log —
//! is 0600; logging is off by default and no email or phone number reaches it above debug.

use std::path::{Path, PathBuf};

use crate::cli::Sandbox;
use crate::safety_support::{mode, rep_config};

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_in(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn every_file_leadbench_writes_is_private() {
    let sb = Sandbox::new();
    sb.demo(20);
    rep_config(&sb);
    let data = sb.db().parent().map(Path::to_path_buf).unwrap_or_default();
    let id = sb.json(&["list", "--json", "--stage", "new"])[0]["id"].to_string();
    let export = data.join("leads.csv");
    let backup = data.join("copy.db");
    for args in [
        vec!["mail".to_owned(), id.clone(), "first-follow-up.en".into()],
        vec!["export".into(), "-o".into(), export.display().to_string()],
        vec![
            "export".into(),
            "--format".into(),
            "json".into(),
            "-o".into(),
            data.join("leads.json").display().to_string(),
        ],
        vec!["backup".into(), backup.display().to_string()],
        vec!["handoff".into(), "export".into(), id.clone()],
        vec![
            "transfer".into(),
            id.clone(),
            "--to".into(),
            "Bob".into(),
            "-o".into(),
            data.join("bundle.jsonl").display().to_string(),
        ],
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = sb
            .cmd()
            .env("LEADBENCH_LOG", "info")
            .args(&args)
            .arg("--db")
            .arg(sb.db())
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(mode(&data), 0o700, "the data directory");
    // -wal and -shm exist while a connection is open.
    let store = leadbench::store::Store::open(&sb.db()).unwrap_or_else(|e| panic!("{e}"));
    store
        .set_meta("probe", "1")
        .unwrap_or_else(|e| panic!("{e}"));
    let files = files_in(&data);
    for want in [
        "lb.db",
        "lb.db-wal",
        "lb.db-shm",
        "leads.csv",
        "leads.json",
        "copy.db",
        "bundle.jsonl",
        "leadbench.log",
    ] {
        assert!(
            files
                .iter()
                .any(|f| f.file_name().is_some_and(|n| n == want)),
            "{want} missing from {files:?}"
        );
    }
    assert!(
        files
            .iter()
            .any(|f| f.to_string_lossy().contains("/outbox/")),
        "no outbox mail"
    );
    assert!(
        files
            .iter()
            .any(|f| f.to_string_lossy().contains("/handoff/")),
        "no handoff summary"
    );
    for f in &files {
        assert_eq!(mode(f), 0o600, "{} is {:o}", f.display(), mode(f));
    }
    drop(store);
}

fn log_text(sb: &Sandbox) -> String {
    let log = sb
        .db()
        .parent()
        .map(|d| d.join("leadbench.log"))
        .unwrap_or_default();
    std::fs::read_to_string(log).unwrap_or_default()
}

fn run_logged(sb: &Sandbox, level: Option<&str>, args: &[&str]) {
    let mut c = sb.cmd();
    if let Some(level) = level {
        c.env("LEADBENCH_LOG", level);
    }
    let _ = c.args(args).arg("--db").arg(sb.db()).output();
}

#[test]
fn logs_are_off_by_default_and_hold_no_contact_above_debug() {
    let sb = Sandbox::new();
    sb.demo(5);
    let add = [
        "add",
        "--name",
        "Log Probe",
        "--email",
        "log.probe@example.com",
        "--phone",
        "+1 212-555-0142",
    ];
    run_logged(&sb, None, &add);
    assert!(
        log_text(&sb).is_empty(),
        "a log was written with logging off"
    );
    for level in ["error", "warn", "info"] {
        run_logged(&sb, Some(level), &["show", "log.probe@example.com"]);
        run_logged(&sb, Some(level), &["show", "nobody.else@example.com"]);
        run_logged(&sb, Some(level), &["note", "+1 212-555-0142", "x"]);
    }
    let text = log_text(&sb);
    assert!(text.contains("no lead"), "errors are logged: {text}");
    assert!(
        text.contains("leadbench show: exit"),
        "commands are logged at info: {text}"
    );
    for secret in ["@example.com", "555-0142", "2125550142", "log.probe"] {
        assert!(
            !text.contains(secret),
            "{secret} logged above debug:\n{text}"
        );
    }
    // At debug they may appear: the rule is about the level, and this proves it is applied.
    run_logged(&sb, Some("debug"), &["show", "log.probe@example.com"]);
    assert!(log_text(&sb).contains("log.probe@example.com"));
}
