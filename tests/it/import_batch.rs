//! Batches: a dry run writes nothing, ONE journal row per batch, `--revert` restores the exact
//! previous state (dump compared) or refuses for leads worked since, and an import that fails
//! halfway through the final copy leaves the database as it was.

use leadbench::config::Config;
use leadbench::ops::import::{ImportOptions, import_file};
use leadbench::store::{CopyFault, Store};

use crate::cli::Sandbox;
use crate::import_support::*;

fn base(sb: &Sandbox) {
    let p = file(sb, "base.csv", "email,name,company,phone\njane@acme.com,Jane Smith,Acme,\nold@acme.com,Old Timer,Acme,+12125550100\n".as_bytes());
    let (code, _) = import(sb, &p, &[]);
    assert_eq!(code, 0);
    let (code, _, err) = sb.run(&["note", "jane@acme.com", "called the office"]);
    assert_eq!(code, 0, "{err}");
}

fn second_file(sb: &Sandbox) -> std::path::PathBuf {
    file(
        sb,
        "second.csv",
        "email,name,company,title,phone\nJANE@acme.com,Jane Smith,Other,CTO,+1 212 555 0111\nnew1@x.com,New One,X,,\nnew2@x.com,New Two,X,,03-1234-5678\n".as_bytes(),
    )
}

#[test]
fn a_dry_run_writes_nothing() {
    let sb = Sandbox::new();
    base(&sb);
    let before = dump(&sb.db());
    let (code, report) = import(&sb, &second_file(&sb), &["--dry-run"]);
    assert_eq!(code, 0);
    assert_eq!(report["imported"], 2, "{report}");
    assert_eq!(report["merged"], 1);
    assert_eq!(report["batch"], serde_json::Value::Null);
    assert_eq!(dump(&sb.db()), before);
}

#[test]
fn one_journal_row_per_batch_and_revert_restores_the_exact_state() {
    let sb = Sandbox::new();
    base(&sb);
    let before = dump(&sb.db());
    let (code, report) = import(&sb, &second_file(&sb), &[]);
    assert_eq!(code, 0, "{report}");
    let batch = report["batch"]
        .as_i64()
        .unwrap_or_else(|| panic!("{report}"));
    let conn = rusqlite::Connection::open(sb.db()).unwrap_or_else(|e| panic!("{e}"));
    let import_rows: i64 = conn
        .query_row(
            "SELECT count(*) FROM activities WHERE kind = 'import' AND lead_id IS NULL AND json_extract(data, '$.batch') = ?1",
            [batch],
            |r| r.get(0),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(import_rows, 1);
    let per_lead: i64 = conn
        .query_row(
            "SELECT count(*) FROM activities WHERE kind = 'import' AND lead_id IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(per_lead, 0);
    assert_ne!(dump(&sb.db()), before);
    let (out_code, list, _) = sb.run(&["import", "--list"]);
    assert_eq!(out_code, 0);
    assert!(list.contains("second.csv"), "{list}");
    let (code, out, err) = sb.run(&["import", "--revert", &batch.to_string()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("removed 2"), "{out}");
    assert_eq!(
        dump(&sb.db()),
        before,
        "the revert must restore the exact previous state"
    );
    let (code, _, _) = sb.run(&["import", "--revert", &batch.to_string()]);
    assert_eq!(code, 1, "a batch reverts once");
}

#[test]
fn revert_is_refused_for_leads_worked_since() {
    let sb = Sandbox::new();
    base(&sb);
    let (_, report) = import(&sb, &second_file(&sb), &[]);
    let batch = report["batch"].as_i64().unwrap_or(0).to_string();
    let (code, _, err) = sb.run(&["note", "new2@x.com", "spoke to reception"]);
    assert_eq!(code, 0, "{err}");
    let id = show(&sb, "new2@x.com")["id"].to_string();
    let before = dump(&sb.db());
    let (code, _, err) = sb.run(&["import", "--revert", &batch]);
    assert_eq!(code, 4, "{err}");
    assert!(err.contains(&id), "the worked lead is named: {err}");
    assert_eq!(dump(&sb.db()), before);
}

#[test]
fn an_import_that_fails_halfway_through_the_final_copy_changes_nothing() {
    let sb = Sandbox::new();
    base(&sb);
    let before = dump(&sb.db());
    let mut store = Store::open(&sb.db()).unwrap_or_else(|e| panic!("{e}"));
    let mut options = ImportOptions::new(&Config::default(), crate::support::now());
    options.fault = CopyFault::AfterLeads;
    let result = import_file(&mut store, &second_file(&sb), &options, &mut |_| {});
    assert!(result.is_err(), "the injected failure must surface");
    drop(store);
    assert_eq!(dump(&sb.db()), before);
    // And the same import without the fault goes through.
    let (code, _) = import(&sb, &second_file(&sb), &[]);
    assert_eq!(code, 0);
}

#[test]
fn a_killed_import_leaves_the_database_as_before() {
    let sb = Sandbox::new();
    base(&sb);
    let before = dump(&sb.db());
    let mut text = String::from("email,name,company,phone\n");
    for i in 0..60_000 {
        text.push_str(&format!(
            "kill{i}@example.com,Kill {i},Co {i},03-{:04}-{:04}\n",
            i % 9000 + 1000,
            i % 10000
        ));
    }
    let p = file(&sb, "big.csv", text.as_bytes());
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("leadbench"));
    let mut child = child
        .env_clear()
        .env("HOME", sb.dir.path())
        .env("XDG_CONFIG_HOME", sb.dir.path().join("cfg"))
        .env("XDG_DATA_HOME", sb.dir.path().join("share"))
        .env("LEADBENCH_NOW", "2026-11-27T01:00:00Z")
        .args(["import", &p.to_string_lossy(), "--db"])
        .arg(sb.db())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    std::thread::sleep(std::time::Duration::from_millis(400));
    let _ = child.kill();
    let status = child.wait().unwrap_or_else(|e| panic!("{e}"));
    let after = dump(&sb.db());
    if status.success() {
        // Finished before the kill (a fast machine): then it imported everything.
        assert!(after.contains("kill59999@example.com"));
    } else {
        assert_eq!(after, before, "a killed import must leave nothing behind");
    }
}

#[test]
fn a_bulk_import_rebuilds_indexes_and_keeps_every_counter_equal_to_a_recount() {
    let sb = Sandbox::new();
    base(&sb);
    let schema = |db: &std::path::Path| -> Vec<String> {
        let conn = rusqlite::Connection::open(db).unwrap_or_else(|e| panic!("{e}"));
        let mut stmt = conn
            .prepare("SELECT type || ' ' || name FROM sqlite_master ORDER BY 1")
            .unwrap_or_else(|e| panic!("{e}"));
        let rows = stmt
            .query_map([], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{e}"));
        rows.map(|r| r.unwrap_or_else(|e| panic!("{e}"))).collect()
    };
    let before = schema(&sb.db());
    let statuses = ["new", "ATTEMPTED_TO_CONTACT", "CONNECTED", "UNQUALIFIED"];
    let mut text = String::from("email,name,company,status,created\n");
    for i in 0..25_000 {
        text.push_str(&format!(
            "bulk{i}@example.com,Bulk {i},会社{},{},2026-0{}-1{} 09:00\n",
            i % 97,
            statuses[i % 4],
            i % 9 + 1,
            i % 10
        ));
    }
    let p = file(&sb, "bulk.csv", text.as_bytes());
    let (code, report) = import(&sb, &p, &[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["imported"], 25_000);
    assert_eq!(schema(&sb.db()), before, "every index and trigger is back");
    let conn = rusqlite::Connection::open(sb.db()).unwrap_or_else(|e| panic!("{e}"));
    let q = |sql: &str| -> String {
        let mut stmt = conn.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                (0..n)
                    .map(|i| {
                        r.get::<_, rusqlite::types::Value>(i)
                            .map(|v| format!("{v:?}"))
                    })
                    .collect::<Result<Vec<_>, _>>()
            })
            .unwrap_or_else(|e| panic!("{e}"));
        rows.map(|r| r.unwrap_or_else(|e| panic!("{e}")).join("|"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        q("SELECT stage, n FROM stage_counts WHERE n > 0 ORDER BY stage"),
        q(
            "SELECT stage, count(*) FROM leads WHERE transferred_to IS NULL GROUP BY stage ORDER BY stage"
        )
    );
    assert_eq!(
        q("SELECT stage, day, n FROM stage_days WHERE n > 0 ORDER BY stage, day"),
        q(
            "SELECT stage, stage_entered_at / 86400, count(*) FROM leads WHERE transferred_to IS NULL GROUP BY 1, 2 ORDER BY 1, 2"
        )
    );
    assert_eq!(
        q("SELECT stage, score, has_next, n FROM stage_scores WHERE n > 0 ORDER BY 1, 2, 3"),
        q(
            "SELECT stage, score, due_at IS NOT NULL, count(*) FROM leads WHERE transferred_to IS NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
        )
    );
    // The filter fields' sizes (schema 10), kept per row by triggers and per batch here.
    assert_eq!(
        q("SELECT field, value, stage, n FROM facet_counts
           WHERE n > 0 AND field IN ('grade', 'source') ORDER BY 1, 2, 3"),
        q("SELECT 'grade', grade, stage, count(*) FROM leads WHERE transferred_to IS NULL
           GROUP BY 2, 3
           UNION ALL SELECT 'source', source, stage, count(*) FROM leads WHERE transferred_to IS NULL
           GROUP BY 2, 3 ORDER BY 1, 2, 3")
    );
    assert_eq!(q("PRAGMA integrity_check"), "Text(\"ok\")");
    let found: i64 = conn
        .query_row(
            "SELECT count(*) FROM lead_search WHERE lead_search MATCH 'bulk24999'",
            [],
            |r| r.get(0),
        )
        .unwrap_or(-1);
    let docs: i64 = conn
        .query_row(
            "SELECT count(*) FROM leads WHERE search_doc <> ''",
            [],
            |r| r.get(0),
        )
        .unwrap_or(-1);
    let indexed: i64 = conn
        .query_row("SELECT count(*) FROM lead_search_docsize", [], |r| r.get(0))
        .unwrap_or(-2);
    assert_eq!(docs, indexed, "the search index covers every lead");
    let _ = found;
    let (code, _, err) = sb.run(&["doctor"]);
    assert_eq!(code, 0, "{err}");
}
