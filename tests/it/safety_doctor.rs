//! `doctor`, `backup` and the guided recovery of a damaged file (SPEC §11, Appendix A).

use std::path::Path;

use crate::cli::Sandbox;
use crate::safety_support::{count, integrity, mode, rep_config};

/// Runs leadbench on another database file than the sandbox's: (code, stdout, stderr).
fn run_on(sb: &Sandbox, db: &Path, args: &[&str]) -> (i32, String, String) {
    let out = sb
        .cmd()
        .args(args)
        .arg("--db")
        .arg(db)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn backup_is_a_private_consistent_copy_even_while_another_process_writes() {
    let sb = Sandbox::new();
    sb.demo(100);
    let id = sb.json(&["list", "--json"])[0]["id"].to_string();
    let writer = {
        let db = sb.db();
        let home = sb.dir.path().to_path_buf();
        let id = id.clone();
        std::thread::spawn(move || {
            for i in 0..15 {
                let _ = assert_cmd::Command::cargo_bin("leadbench")
                    .unwrap_or_else(|e| panic!("{e}"))
                    .env_clear()
                    .env("HOME", &home)
                    .env("XDG_CONFIG_HOME", home.join("cfg"))
                    .args(["note", &id, &format!("during backup {i}"), "--db"])
                    .arg(&db)
                    .output();
            }
        })
    };
    let copy = sb.dir.path().join("copies").join("rep.db");
    std::fs::create_dir_all(copy.parent().unwrap_or(Path::new(".")))
        .unwrap_or_else(|e| panic!("{e}"));
    for _ in 0..3 {
        let (code, _, err) = sb.run(&["backup", &copy.to_string_lossy()]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(mode(&copy), 0o600);
        assert_eq!(integrity(&copy), "ok");
        assert_eq!(count(&copy, "SELECT count(*) FROM leads"), 100);
    }
    let _ = writer.join();
    let (code, out, err) = run_on(&sb, &copy, &["doctor"]);
    assert_eq!(code, 0, "the copy passes doctor: {out}{err}");
}

#[test]
fn doctor_fails_a_file_others_can_read() {
    let sb = Sandbox::new();
    sb.demo(10);
    rep_config(&sb);
    let id = sb.json(&["list", "--json", "--stage", "new"])[0]["id"].to_string();
    let (code, _, err) = sb.run(&["mail", &id, "first-follow-up.en"]);
    assert_eq!(code, 0, "{err}");
    let outbox = sb
        .db()
        .parent()
        .map(|d| d.join("outbox"))
        .unwrap_or_default();
    let eml = std::fs::read_dir(&outbox)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .next()
        .unwrap_or_else(|| panic!("no outbox mail"));
    let (code, out, _) = sb.run(&["doctor"]);
    assert_eq!(code, 0, "{out}");
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&eml, std::fs::Permissions::from_mode(0o644))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let (code, out, _) = sb.run(&["doctor"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("FAIL") && l.contains(&eml.display().to_string())),
        "{out}"
    );
}

#[test]
fn doctor_fails_filter_sizes_or_copies_that_differ_from_a_recount() {
    let sb = Sandbox::new();
    sb.demo(30);
    let (code, out, _) = sb.run(&["doctor"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("ok") && l.contains("filter index")),
        "{out}"
    );
    // A size the triggers did not keep (as a bug or a hand edit would leave it).
    rusqlite::Connection::open(sb.db())
        .and_then(|c| {
            c.execute(
                "UPDATE facet_counts SET n = n + 1 WHERE field = 'grade'",
                [],
            )
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let (code, out, _) = sb.run(&["doctor"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("FAIL") && l.contains("filter index")),
        "{out}"
    );
}

/// Overwrites the page that holds lead `email`'s row (the table leaf: the only page with both
/// its email and its company as typed) with garbage; returns the page number.
fn smash_the_page_of(db: &Path, email: &str, company: &str) -> usize {
    let page_size = usize::try_from(count(db, "PRAGMA page_size")).unwrap_or(4096);
    let mut bytes = std::fs::read(db).unwrap_or_default();
    let has = |page: &[u8], s: &str| page.windows(s.len()).any(|w| w == s.as_bytes());
    let n = (1..bytes.len() / page_size)
        .find(|&n| {
            let page = &bytes[n * page_size..(n + 1) * page_size];
            has(page, email) && has(page, company)
        })
        .unwrap_or_else(|| panic!("no page holds {email}"));
    for (i, b) in bytes[n * page_size..(n + 1) * page_size]
        .iter_mut()
        .enumerate()
    {
        *b = (i as u8).wrapping_mul(37) ^ 0xA5;
    }
    std::fs::write(db, bytes).unwrap_or_else(|e| panic!("{e}"));
    n + 1
}

#[test]
fn a_damaged_file_is_diagnosed_and_what_can_be_read_is_salvaged_into_a_new_file() {
    let sb = Sandbox::new();
    sb.demo(300);
    let leads = sb.json(&["list", "--json", "--all"]);
    let victim = &leads[150];
    let email = victim["email"].as_str().unwrap_or_default().to_owned();
    let company = victim["company"].as_str().unwrap_or_default().to_owned();
    let db = sb.db();
    smash_the_page_of(&db, &email, &company);
    let damaged = std::fs::read(&db).unwrap_or_default();

    let (code, out, err) = sb.run(&["doctor"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        format!("{out}{err}").contains("doctor --salvage"),
        "doctor must say how to recover: {out}{err}"
    );

    let new = sb.dir.path().join("rescue").join("salvaged.db");
    let (code, out, err) = sb.run(&["doctor", "--salvage", &new.to_string_lossy()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("LOST  leads"),
        "the damaged table is named: {out}"
    );
    assert_eq!(
        std::fs::read(&db).unwrap_or_default(),
        damaged,
        "salvage wrote to the damaged file"
    );
    assert_eq!(mode(&new), 0o600);
    assert_eq!(integrity(&new), "ok");
    let salvaged = count(&new, "SELECT count(*) FROM leads");
    assert!(
        (200..300).contains(&salvaged),
        "{salvaged} of 300 leads salvaged"
    );
    assert_eq!(
        count(
            &new,
            &format!("SELECT count(*) FROM leads WHERE email = '{email}'")
        ),
        0,
        "the smashed row cannot have been read"
    );
    assert!(count(&new, "SELECT count(*) FROM activities") > 0);
    // The new file is a working leadbench database: counters, search, doctor.
    let (code, out, err) = run_on(&sb, &new, &["doctor"]);
    assert_eq!(code, 0, "the salvaged file passes doctor: {out}{err}");
    // A lead far from the victim by id sits on another page.
    let victim_id = victim["id"].as_i64().unwrap_or_default();
    let far = leads
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|l| (l["id"].as_i64().unwrap_or_default() - victim_id).abs() > 60)
        })
        .unwrap_or_else(|| panic!("no far lead"));
    let name = far["email"].as_str().unwrap_or_default().to_owned();
    let (code, found, err) = run_on(&sb, &new, &["list", "--json", "--all"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        found.contains(&name),
        "{name} was on a sound page and must be salvaged"
    );
    // Salvage never overwrites.
    let (code, _, err) = sb.run(&["doctor", "--salvage", &new.to_string_lossy()]);
    assert_eq!(code, 1);
    assert!(err.contains("exists"), "{err}");
}
