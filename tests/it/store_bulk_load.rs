//! Store: the bulk load of a new database must leave exactly the database the row-by-row path
//! writes: every table, the schema objects and the search index are compared on the same
//! generated leads.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use rusqlite::types::Value;

use leadbench::config::Config;
use leadbench::demo::{DemoLead, DemoOptions, generate};
use leadbench::store::{BulkProgress, Store, StoreError};

fn demo_batches(leads: usize) -> Vec<Vec<DemoLead>> {
    let opts = DemoOptions {
        leads,
        seed: 7,
        now: Utc
            .with_ymd_and_hms(2026, 11, 20, 9, 30, 0)
            .single()
            .unwrap_or_else(|| panic!("a valid time")),
    };
    let mut out = Vec::new();
    generate(&opts, 500, |b| {
        out.push(b);
        Ok::<_, ()>(())
    })
    .unwrap_or_else(|()| panic!("generation failed"));
    out
}

/// Journals the demo does not write, for the KPI rules that look at earlier rows: meetings
/// booked on the call that re-engaged a lost lead and after it, a conversation judged by the
/// lead's own stage, mail that is and is not a touch, and field-sales feedback.
fn crafted() -> Vec<DemoLead> {
    use leadbench::domain::{ActivityKind as K, NewActivity, Stage};
    let t = |h: i64| {
        Utc.with_ymd_and_hms(2026, 10, 1, 9, 0, 0)
            .single()
            .unwrap_or_else(|| panic!("a valid time"))
            + chrono::Duration::hours(h)
    };
    let act = |kind, h, outcome: Option<&str>, data: serde_json::Value| NewActivity {
        kind,
        at: t(h),
        outcome: outcome.map(str::to_owned),
        note: String::new(),
        data,
    };
    let stage = |h, from: &str, to: &str| {
        act(
            K::Stage,
            h,
            None,
            serde_json::json!({"from": from, "to": to}),
        )
    };
    let lead = |name: &str, stage: Stage, entered: i64| leadbench::domain::Lead {
        full_name: name.to_owned(),
        email: format!("{name}@example.com"),
        stage,
        handover_at: t(-48),
        stage_entered_at: t(entered),
        version: 1,
        ..leadbench::domain::Lead::default()
    };
    vec![
        (
            lead("reengaged", Stage::Engaged, 30),
            vec![
                act(K::Call, 0, Some("no_answer"), serde_json::json!({})),
                stage(1, "new", "lost"),
                act(K::Call, 2, Some("connected"), serde_json::json!({})),
                act(K::Call, 30, Some("meeting"), serde_json::json!({})),
                act(K::Meeting, 30, Some("booked"), serde_json::json!({})),
                stage(30, "lost", "engaged"),
                act(K::Meeting, 40, Some("booked"), serde_json::json!({})),
                act(
                    K::Feedback,
                    50,
                    None,
                    serde_json::json!({"result": "accepted"}),
                ),
                act(K::Mail, 51, None, serde_json::json!({"auto": true})),
                act(K::Mail, 52, None, serde_json::json!({})),
            ],
        ),
        (
            lead("still-lost", Stage::Lost, 5),
            vec![
                act(K::Inbound, 6, None, serde_json::json!({})),
                act(K::Feedback, 7, Some("rejected"), serde_json::json!({})),
                act(K::Mail, 8, None, serde_json::json!({"auto": true})),
            ],
        ),
    ]
}

fn fresh(dir: &tempfile::TempDir, name: &str) -> (Store, PathBuf) {
    let path = dir.path().join(name);
    let mut store = Store::open(&path).unwrap_or_else(|e| panic!("open {name}: {e}"));
    store.set_scoring(Arc::new(Config::default().scoring_rules()));
    // Some re-engage dates are past the swept day: the lane flag is part of the comparison.
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default();
    store
        .sweep_reengage(today)
        .unwrap_or_else(|e| panic!("sweep: {e}"));
    (store, path)
}

/// A second connection to the file, for reading what the store wrote.
pub fn conn(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every row of `table`, sorted by all its columns.
pub fn rows(db: &rusqlite::Connection, table: &str) -> Vec<Vec<Value>> {
    let mut stmt = db
        .prepare(&format!("SELECT * FROM \"{table}\""))
        .unwrap_or_else(|e| panic!("{table}: {e}"));
    let n = stmt.column_count();
    let mut out: Vec<Vec<Value>> = stmt
        .query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect())
        .unwrap_or_else(|e| panic!("{table}: {e}"))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{table}: {e}"));
    out.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    out
}

pub fn strings(db: &rusqlite::Connection, sql: &str) -> Vec<String> {
    let mut stmt = db.prepare(sql).unwrap_or_else(|e| panic!("{e}"));
    let mut out: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{e}"))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{e}"));
    out.sort();
    out
}

/// `got` has the schema objects of `expected` and, in every table but the search index's
/// (whose segments depend on how it was filled), the same rows.
pub fn assert_same_schema_and_rows(expected: &rusqlite::Connection, got: &rusqlite::Connection) {
    let schema =
        "SELECT type || ' ' || name || ' ' || sql FROM sqlite_master WHERE sql IS NOT NULL";
    assert_eq!(strings(got, schema), strings(expected, schema));
    let tables = strings(
        expected,
        "SELECT name FROM sqlite_master WHERE type = 'table'
           AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'lead_search%'",
    );
    assert!(tables.len() > 20, "{tables:?}");
    for table in &tables {
        let (want, have) = (rows(expected, table), rows(got, table));
        assert_eq!(have.len(), want.len(), "{table}: row count");
        assert!(have == want, "{table}: rows differ");
    }
}

#[test]
fn bulk_load_writes_what_the_row_by_row_path_writes() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut batches = demo_batches(3_000);
    batches.push(crafted());
    let (mut by_row, row_path) = fresh(&dir, "rows.db");
    for b in batches.clone() {
        by_row
            .insert_leads_bulk(b)
            .unwrap_or_else(|e| panic!("row by row: {e}"));
    }
    let (mut bulk, bulk_path) = fresh(&dir, "bulk.db");
    let mut seen = Vec::new();
    let n = bulk
        .bulk_load(batches, None, |p| seen.push(p))
        .unwrap_or_else(|e| panic!("bulk: {e}"));
    assert_eq!(n, 3_002);
    assert_eq!(seen.first(), Some(&BulkProgress::Leads(500)));
    assert!(
        matches!(seen.last(), Some(BulkProgress::Finishing { done, total }) if done == total),
        "{seen:?}"
    );

    let (rows_db, bulk_db) = (conn(&row_path), conn(&bulk_path));
    assert_same_schema_and_rows(&rows_db, &bulk_db);
    // The KPI rules that look back at earlier journal rows had something to look at.
    for metric in [
        "reengaged",
        "lost_conversation",
        "meeting_from_lost",
        "accepted",
        "rejected",
    ] {
        let n: i64 = bulk_db
            .query_row(
                "SELECT count(*) FROM activity_kpi WHERE metric = ?1",
                [metric],
                |r| r.get(0),
            )
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(n > 0, "no {metric} rows in the sample");
    }
    let lane: i64 = bulk_db
        .query_row(
            "SELECT count(*) FROM leads WHERE reengage_due = 1",
            [],
            |r| r.get(0),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(lane > 0, "no lead in the re-engage lane");
    // The search index answers the same.
    for q in ["株式会社", "sato", "03", "山"] {
        let a = by_row.search(q, 50).unwrap_or_else(|e| panic!("{e}"));
        let b = bulk.search(q, 50).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(format!("{b:?}"), format!("{a:?}"), "search {q}");
    }
    let docs = "SELECT id || ' ' || sz FROM lead_search_docsize";
    assert_eq!(strings(&bulk_db, docs), strings(&rows_db, docs));
    let check: String = bulk_db
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(check, "ok");
    // And the file keeps its journal mode.
    let mode: String = bulk_db
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(mode, "wal");
}

#[test]
fn bulk_load_refuses_a_database_with_leads_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut batches = demo_batches(20);
    let (mut store, path) = fresh(&dir, "full.db");
    store
        .insert_leads_bulk(batches.remove(0))
        .unwrap_or_else(|e| panic!("{e}"));
    let before = rows(&conn(&path), "leads");
    let err = store.bulk_load(demo_batches(5), None, |_| {});
    assert!(matches!(err, Err(StoreError::NotEmpty)), "{err:?}");
    assert_eq!(rows(&conn(&path), "leads"), before);
}

#[test]
fn a_failed_bulk_load_leaves_the_empty_database_with_its_indexes_and_triggers() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut store, path) = fresh(&dir, "fail.db");
    let schema = "SELECT type || ' ' || name FROM sqlite_master";
    let before = strings(&conn(&path), schema);
    let mut batches = demo_batches(10);
    // The same lead id twice: the second insert fails on the primary key.
    let mut twin = batches[0][0].clone();
    twin.0.id = 1;
    batches[0][0].0.id = 1;
    batches[0].push(twin);
    let err = store.bulk_load(batches, None, |_| {});
    assert!(err.is_err(), "a duplicate id must fail");
    let db = conn(&path);
    assert_eq!(strings(&db, schema), before);
    assert!(rows(&db, "leads").is_empty());
    assert!(rows(&db, "activities").is_empty());
    let mode: String = db
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(mode, "wal");
    drop(store);
    // And the store still writes afterwards, triggers and all.
    let (mut again, _) = fresh(&dir, "fail.db");
    again
        .insert_leads_bulk(demo_batches(10).remove(0))
        .unwrap_or_else(|e| panic!("{e}"));
    let counted: i64 = conn(&path)
        .query_row("SELECT sum(n) FROM stage_counts", [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(counted, 10);
}

#[test]
fn bulk_load_fills_the_speed_to_lead_minutes_a_report_would_compute() {
    // Row by row, the minutes are computed by the first report that covers them; in bulk they
    // are filled during the load. Both files must then hold the same minutes and histograms,
    // and the report on the bulk file must find nothing left to compute.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let cfg = Config::default();
    let batches = demo_batches(1_500);
    let (mut by_row, row_path) = fresh(&dir, "rows.db");
    for b in batches.clone() {
        by_row
            .insert_leads_bulk(b)
            .unwrap_or_else(|e| panic!("row by row: {e}"));
    }
    let rule = leadbench::ops::kpi::touch_window(&cfg);
    let (mut bulk, bulk_path) = fresh(&dir, "bulk.db");
    bulk.bulk_load(batches, Some(&rule), |_| {})
        .unwrap_or_else(|e| panic!("bulk: {e}"));
    let bulk_db = conn(&bulk_path);
    let filled: i64 = bulk_db
        .query_row(
            "SELECT count(*) FROM lead_kpi WHERE first_touch_at IS NOT NULL AND stl_minutes IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(filled > 500, "{filled} minutes filled");
    let everything = leadbench::domain::kpi::Period::range(
        chrono::NaiveDate::from_ymd_opt(2015, 1, 1).unwrap_or_default(),
        chrono::NaiveDate::from_ymd_opt(2027, 12, 31).unwrap_or_default(),
        cfg.rep.timezone,
    )
    .unwrap_or_else(|_| panic!("a valid range"));
    let now = Utc
        .with_ymd_and_hms(2026, 11, 20, 9, 30, 0)
        .single()
        .unwrap_or_default();
    let from_rows = leadbench::ops::kpi::report(&by_row, &cfg, everything, now)
        .unwrap_or_else(|e| panic!("{e}"));
    let from_bulk =
        leadbench::ops::kpi::report(&bulk, &cfg, everything, now).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(format!("{from_bulk:?}"), format!("{from_rows:?}"));
    let rows_db = conn(&row_path);
    for table in ["lead_kpi", "stl_days", "stl_hours"] {
        assert_eq!(rows(&bulk_db, table), rows(&rows_db, table), "{table}");
    }
    let window = "SELECT value FROM meta WHERE key = 'kpi.stl_window'";
    assert_eq!(strings(&bulk_db, window), strings(&rows_db, window));
}
