//! Schema versions (SPEC §11): a file from a newer leadbench is refused and left byte for byte
//! as it was; a file of every earlier version migrates, after a backup made with SQLite's
//! backup API; `--help`, `--version`, `config` and `completions` never open the database.

use std::path::{Path, PathBuf};

use leadbench::store::Store;

use crate::cli::Sandbox;
use crate::pty::Tui;
use crate::safety_support::{conn, count, integrity, mode};

/// A database at schema version `version`, built with the migrations as they shipped, holding
/// two leads and a journal row written the way that version wrote them.
fn file_at_version(path: &Path, version: i64) {
    let c = conn(path);
    for from in 0..version {
        let sql = Store::migration_sql(from).unwrap_or_else(|| panic!("no migration {from}"));
        c.execute_batch(sql)
            .unwrap_or_else(|e| panic!("v{from}: {e}"));
    }
    c.pragma_update(None, "user_version", version)
        .unwrap_or_else(|e| panic!("{e}"));
    for (name, email) in [
        ("Old Timer", "old@example.com"),
        ("古田 一郎", "furuta@example.jp"),
    ] {
        c.execute(
            "INSERT INTO leads (full_name, email, email_norm, handover_at, stage, stage_entered_at, alive_at, prio)
             VALUES (?1, ?2, ?2, 1790000000, 'new', 1790000000, 1790000000, 0)",
            [name, email],
        )
        .unwrap_or_else(|e| panic!("v{version}: {e}"));
    }
    c.execute(
        "INSERT INTO activities (lead_id, at, kind, note) VALUES (1, 1790000100, 'note', 'from an old version')",
        [],
    )
    .unwrap_or_else(|e| panic!("{e}"));
}

fn backups(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".bak"))
        .collect()
}

#[test]
fn every_earlier_schema_version_migrates_after_a_backup() {
    for version in 1..Store::schema_version() {
        let sb = Sandbox::new();
        let db = sb.db();
        std::fs::create_dir_all(db.parent().unwrap_or(Path::new(".")))
            .unwrap_or_else(|e| panic!("{e}"));
        file_at_version(&db, version);
        let (code, _, err) = sb.run(&["list", "--json"]);
        assert_eq!(code, 0, "v{version}: {err}");
        let leads = sb.json(&["list", "--json"]);
        let names: Vec<&str> = leads
            .as_array()
            .map(|a| a.iter().filter_map(|l| l["full_name"].as_str()).collect())
            .unwrap_or_default();
        assert!(
            names.contains(&"Old Timer") && names.contains(&"古田 一郎"),
            "v{version}: {names:?}"
        );
        let note = sb.json(&["show", "old@example.com", "--json"])["activities"].to_string();
        assert!(
            note.contains("from an old version"),
            "v{version}: journal lost"
        );
        assert_eq!(
            count(&db, "PRAGMA user_version"),
            Store::schema_version(),
            "v{version} was not migrated"
        );
        let found = backups(db.parent().unwrap_or(Path::new(".")));
        assert_eq!(
            found.len(),
            1,
            "v{version}: one backup expected, found {found:?}"
        );
        let bak = &found[0];
        assert!(
            bak.to_string_lossy().contains(&format!(".v{version}-")),
            "{}",
            bak.display()
        );
        assert_eq!(mode(bak), 0o600, "the backup is private");
        assert_eq!(integrity(bak), "ok");
        assert_eq!(
            count(bak, "PRAGMA user_version"),
            version,
            "the backup is the old file"
        );
        assert_eq!(count(bak, "SELECT count(*) FROM leads"), 2);
        // A second open migrates nothing and backs up nothing.
        assert_eq!(sb.run(&["list"]).0, 0);
        assert_eq!(backups(db.parent().unwrap_or(Path::new("."))).len(), 1);
    }
}

fn newer_file(sb: &Sandbox) -> Vec<u8> {
    sb.demo(10);
    conn(&sb.db())
        .pragma_update(None, "user_version", Store::schema_version() + 1)
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::read(sb.db()).unwrap_or_default()
}

#[test]
fn a_newer_file_is_refused_by_every_command_and_the_tui_and_stays_untouched() {
    let sb = Sandbox::new();
    let before = newer_file(&sb);
    let id = "1";
    let out = sb.dir.path().join("copy.db");
    for args in [
        vec!["list"],
        vec!["doctor"],
        vec!["note", id, "hello"],
        vec!["forget", id, "--yes"],
        vec!["backup", &out.to_string_lossy()],
        vec!["import", "--list"],
    ] {
        let (code, out, err) = sb.run(&args);
        assert_eq!(code, 1, "{args:?}: {err}");
        // doctor reports on stdout, the others on stderr.
        assert!(
            format!("{out}{err}").contains("newer"),
            "{args:?}: {out}{err}"
        );
        assert_eq!(
            std::fs::read(sb.db()).unwrap_or_default(),
            before,
            "{args:?} changed the file"
        );
    }
    let db = sb.db().to_string_lossy().into_owned();
    let mut tui = Tui::start(&sb, &["--db", &db], 80, 24);
    assert!(!tui.wait_exit(), "the TUI must refuse a newer file");
    assert!(String::from_utf8_lossy(&tui.raw()).contains("newer"));
    assert_eq!(
        std::fs::read(sb.db()).unwrap_or_default(),
        before,
        "the TUI changed the file"
    );
    assert!(backups(sb.db().parent().unwrap_or(Path::new("."))).is_empty());
    assert!(!out.exists());
}

#[test]
fn help_version_config_and_completions_never_open_the_database() {
    let sb = Sandbox::new();
    let before = newer_file(&sb);
    let stamp = std::fs::metadata(sb.db()).and_then(|m| m.modified()).ok();
    let cfg = sb.dir.path().join("c.toml");
    let cfg = cfg.to_string_lossy().into_owned();
    for args in [
        vec!["--help"],
        vec!["--version"],
        vec!["list", "--help"],
        vec!["help", "forget"],
        vec!["config", "path"],
        vec!["config", "init", "--config", &cfg],
        vec!["config", "check", "--config", &cfg],
        vec!["completions", "bash"],
    ] {
        // LEADBENCH_DB points at a file these commands would refuse if they opened it.
        let out = sb
            .cmd()
            .env("LEADBENCH_DB", sb.db())
            .args(&args)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            std::fs::read(sb.db()).unwrap_or_default(),
            before,
            "{args:?}"
        );
        assert_eq!(
            std::fs::metadata(sb.db()).and_then(|m| m.modified()).ok(),
            stamp
        );
        for side in ["-wal", "-shm"] {
            assert!(
                !Path::new(&format!("{}{side}", sb.db().display())).exists(),
                "{args:?} opened the database ({side} appeared)"
            );
        }
    }
}
