//! Hostile surroundings (SPEC §11): a full disk, a read-only database, a missing directory and
//! a network file system give clear errors that say what happened, and nothing half-written.

use std::path::Path;

use crate::cli::Sandbox;
use crate::safety_support::{count, integrity};

fn lead_count(db: &Path) -> i64 {
    count(db, "SELECT count(*) FROM leads")
}

fn big_csv(sb: &Sandbox, rows: usize) -> std::path::PathBuf {
    let mut text = String::from("Full Name,Company,Email,Phone,Notes\n");
    for i in 0..rows {
        text.push_str(&format!(
            "Full Disk {i},Disk Co {i},full{i}@disk.example,+1 212 555 {:04},{}\n",
            i % 10_000,
            "padding ".repeat(40)
        ));
    }
    sb.write("full.csv", &text)
}

#[test]
fn a_full_disk_fails_the_import_whole_with_a_clear_error() {
    let sb = Sandbox::new();
    sb.demo(20);
    let db = sb.db();
    let pages = count(&db, "PRAGMA page_count");
    let before = std::fs::read(&db).unwrap_or_default();
    let file = big_csv(&sb, 2_000);
    let out = sb
        .cmd()
        .env("LEADBENCH_MAX_PAGES", (pages + 8).to_string())
        .args(["import", &file.to_string_lossy(), "--db"])
        .arg(&db)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("disk is full") && err.contains("nothing was written"),
        "{err}"
    );
    assert_eq!(lead_count(&db), 20, "half an import landed");
    assert_eq!(integrity(&db), "ok");
    assert_eq!(count(&db, "SELECT count(*) FROM import_batches"), 0);
    let _ = before;
    // With room again the same import goes through.
    let (code, _, err) = sb.run(&["import", &file.to_string_lossy()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(lead_count(&db), 2_020);
}

#[test]
fn a_full_disk_refuses_a_single_write_cleanly_through_the_library() {
    let sb = Sandbox::new();
    sb.demo(5);
    let db = sb.db();
    let pages = count(&db, "PRAGMA page_count");
    let mut store = leadbench::store::Store::open(&db).unwrap_or_else(|e| panic!("{e}"));
    store
        .limit_pages(u64::try_from(pages).unwrap_or(0))
        .unwrap_or_else(|e| panic!("{e}"));
    let policy = leadbench::config::Config::default().policy();
    let id = sb.json(&["list", "--json"])[0]["id"]
        .as_i64()
        .unwrap_or_default();
    let long = "x".repeat(200_000);
    let before = count(&db, "SELECT count(*) FROM activities");
    let e = leadbench::ops::note(&mut store, &policy, id, None, &long, crate::support::now())
        .err()
        .unwrap_or_else(|| panic!("a note larger than the room left must fail"));
    assert!(e.to_string().contains("disk is full"), "{e}");
    assert_eq!(count(&db, "SELECT count(*) FROM activities"), before);
    assert_eq!(integrity(&db), "ok");
}

#[test]
fn read_only_refuses_every_write_and_leaves_the_file_as_it_was() {
    let sb = Sandbox::new();
    sb.demo(10);
    let db = sb.db();
    // A writable open may move the day-bound bookkeeping (the re-engage sweep) to the fixed
    // clock of the sandbox, so the file is taken after it, just before the read-only runs.
    let id = sb.json(&["list", "--json"])[0]["id"].to_string();
    let before = std::fs::read(&db).unwrap_or_default();
    let (code, out, err) = sb.run(&["list", "--read-only"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.is_empty());
    for args in [
        vec!["note", &id, "hi", "--read-only"],
        vec!["forget", &id, "--yes", "--read-only"],
        vec!["log-call", &id, "no_answer", "--force", "--read-only"],
    ] {
        let (code, _, err) = sb.run(&args);
        assert_eq!(code, 1, "{args:?}: {err}");
        assert!(
            err.contains("read-only") && err.contains("nothing changed"),
            "{err}"
        );
    }
    assert_eq!(std::fs::read(&db).unwrap_or_default(), before);
    // Through the library: SQLite itself refuses, and says so in words.
    let mut store = leadbench::store::Store::open_read_only(&db).unwrap_or_else(|e| panic!("{e}"));
    let policy = leadbench::config::Config::default().policy();
    let e = leadbench::ops::note(
        &mut store,
        &policy,
        id.parse().unwrap_or_default(),
        None,
        "x",
        crate::support::now(),
    )
    .err()
    .unwrap_or_else(|| panic!("a read-only store wrote"));
    assert!(e.to_string().contains("read-only"), "{e}");
    drop(store);
    assert_eq!(std::fs::read(&db).unwrap_or_default(), before);
}

#[test]
fn a_missing_or_impossible_directory_is_named_and_nothing_is_left_half_written() {
    let sb = Sandbox::new();
    sb.demo(5);
    let missing = sb.dir.path().join("no").join("such").join("dir");
    for args in [
        vec![
            "backup".to_owned(),
            missing.join("copy.db").display().to_string(),
        ],
        vec![
            "export".into(),
            "-o".into(),
            missing.join("leads.csv").display().to_string(),
        ],
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, _, err) = sb.run(&args);
        assert_eq!(code, 1, "{args:?}: {err}");
        assert!(
            err.contains(&missing.display().to_string()),
            "{args:?}: {err}"
        );
    }
    assert!(!missing.exists(), "a half-made path was left");
    // A database whose folder cannot exist: its parent is a file.
    let blocker = sb.write("blocker", "not a folder");
    let out = sb
        .cmd()
        .args(["list", "--db"])
        .arg(blocker.join("lb.db"))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains(&blocker.display().to_string()), "{err}");
    assert_eq!(
        std::fs::read_to_string(&blocker).unwrap_or_default(),
        "not a folder"
    );
}

#[test]
fn doctor_reports_the_file_system_kind() {
    let sb = Sandbox::new();
    sb.demo(5);
    let (code, out, err) = sb.run(&["doctor"]);
    assert_eq!(code, 0, "{out}{err}");
    // The sandbox is on a local disk; the network case is covered by the mount-table tests
    // in src/io/fs_kind.rs, as CI has no network file system to mount.
    assert!(out.contains("file system: local"), "{out}");
}
