//! Store: a rescore written in bulk (indexes rebuilt, counts moved by one statement each) must
//! leave exactly the database the row-by-row rescore writes.

use std::sync::Arc;

use leadbench::domain::{ActivityKind, NewActivity};
use leadbench::store::Store;

use crate::score_store::{rules, varied};
use crate::store_bulk_load::{assert_same_schema_and_rows, conn};
use crate::support::now;

/// A file of leads scored without rules, so the rules change score, key, grade and groups of
/// most of them; some are transferred, some carry engagement.
fn unscored(path: &std::path::Path) {
    let mut store = Store::open(path).unwrap_or_else(|e| panic!("{e}"));
    let leads = (0..2_400).map(|i| {
        let mut l = varied(i);
        l.email = format!("lead{i}@example.com");
        if i % 97 == 0 {
            l.transferred_to = Some("tanaka@example.com".into());
        }
        let acts = if i % 5 == 0 {
            vec![NewActivity::new(ActivityKind::Call, now()).with_outcome("connected")]
        } else {
            vec![]
        };
        (l, acts)
    });
    store
        .insert_leads_bulk(leads)
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_bulk_rescore_writes_what_the_row_by_row_rescore_writes() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (by_row, bulk) = (dir.path().join("rows.db"), dir.path().join("bulk.db"));
    unscored(&by_row);
    std::fs::copy(&by_row, &bulk).unwrap_or_else(|e| panic!("{e}"));
    for suffix in ["-wal", "-shm"] {
        let from = format!("{}{suffix}", by_row.display());
        if std::path::Path::new(&from).exists() {
            std::fs::copy(&from, format!("{}{suffix}", bulk.display()))
                .unwrap_or_else(|e| panic!("{e}"));
        }
    }
    let rescore = |path: &std::path::Path, in_bulk: bool| {
        let mut store = Store::open(path).unwrap_or_else(|e| panic!("{e}"));
        store.set_scoring(Arc::new(rules()));
        let report = if in_bulk {
            store.rescore_in_bulk(|_, _| {})
        } else {
            store.rescore(false, |_, _| {})
        };
        report.unwrap_or_else(|e| panic!("{e}"))
    };
    let row_report = rescore(&by_row, false);
    let bulk_report = rescore(&bulk, true);
    assert_eq!(bulk_report, row_report);
    assert!(
        row_report.changed * 2 > row_report.leads,
        "the rules must change most leads: {row_report:?}"
    );

    let (a, b) = (conn(&by_row), conn(&bulk));
    assert_same_schema_and_rows(&a, &b);
    // What the rules moved is there to compare: groups, grades and the facet sizes.
    for sql in [
        "SELECT count(*) FROM lead_groups",
        "SELECT count(DISTINCT grade) FROM leads",
        "SELECT count(*) FROM facet_counts WHERE field = 'group' AND n > 0",
    ] {
        let n: i64 = b
            .query_row(sql, [], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(n > 1, "{sql}: {n}");
    }
    let check: String = b
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(check, "ok");
    // And a second bulk rescore under the same rules changes nothing.
    let again = rescore(&bulk, true);
    assert_eq!(again.changed, 0, "{again:?}");
}
