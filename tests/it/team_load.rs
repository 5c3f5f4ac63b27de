//! Team load over reps' files (SPEC §9), read-only, live files included; transfers.

use std::path::{Path, PathBuf};

use chrono::Duration;
use leadbench::config::Config;
use leadbench::domain::kpi::PeriodKind;
use leadbench::domain::{ActivityKind, NewActivity, Stage};
use leadbench::ops::kpi::{kpis, period};
use leadbench::ops::team::team_report;
use leadbench::ops::transfer::{import_bundle, is_bundle, transfer};
use leadbench::store::Store;

use crate::support::{lead, now};

fn rep_file(dir: &Path, name: &str, new: i64, engaged: i64) -> PathBuf {
    let path = dir.join(format!("{name}.db"));
    let mut s = Store::open(&path).unwrap_or_else(|e| panic!("{e}"));
    s.set_meta("rep.name", name)
        .unwrap_or_else(|e| panic!("{e}"));
    let leads = (0..new)
        .map(|n| {
            let mut l = lead(n, Stage::New);
            l.handover_at = now() - Duration::minutes(90 + n);
            (l, vec![])
        })
        .chain((0..engaged).map(|n| (lead(100 + n, Stage::Engaged), vec![])));
    s.insert_leads_bulk(leads).unwrap_or_else(|e| panic!("{e}"));
    path
}

#[test]
fn team_report_reads_files_and_flags_the_overloaded_rep() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let files = vec![
        rep_file(dir.path(), "佐藤", 2, 3),
        rep_file(dir.path(), "Kim", 1, 1),
        rep_file(dir.path(), "Lee", 12, 4),
    ];
    // Lee's file is live: another connection holds a write transaction while the team reads.
    let writer = rusqlite::Connection::open(&files[2]).unwrap_or_else(|e| panic!("{e}"));
    writer
        .execute_batch("BEGIN IMMEDIATE; INSERT INTO meta (key, value) VALUES ('x', 'y');")
        .unwrap_or_else(|e| panic!("{e}"));
    let started = std::time::Instant::now();
    let r = team_report(&files, &Config::default(), now()).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "blocked by the writer"
    );
    writer
        .execute_batch("COMMIT")
        .unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = r.reps.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(names, ["佐藤", "Kim", "Lee"]);
    assert_eq!(r.reps[2].open, 16);
    assert_eq!(r.reps[2].oldest_new_minutes, Some(101));
    // Open loads 5, 2, 16: mean 7.67, Lee is over it by more than 25 %.
    assert_eq!(r.flagged, ["Lee"]);
    assert!((r.overall.max_over_mean.unwrap_or(0.0) - 16.0 / (23.0 / 3.0)).abs() < 1e-9);
    assert_eq!(r.stages[Stage::Lost.index()].cv, None);
    assert!(r.reps[0].over_sla[Stage::New.index()] == 0);
}

#[test]
fn team_report_reads_a_backup_copy() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let live = rep_file(dir.path(), "Mori", 3, 0);
    let copy = dir.path().join("copy.db");
    Store::open(&live)
        .and_then(|s| s.backup_single_file(&copy))
        .unwrap_or_else(|e| panic!("{e}"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&copy)
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or(0);
        assert_eq!(mode, 0o600);
    }
    let r = team_report(&[copy], &Config::default(), now()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((r.reps[0].name.as_str(), r.reps[0].open), ("Mori", 3));
}

#[test]
fn a_transfer_round_trip_keeps_the_whole_history() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut a = Store::open(&dir.path().join("a.db")).unwrap_or_else(|e| panic!("{e}"));
    let mut l = lead(1, Stage::Unreached);
    l.handover_at = now() - Duration::hours(2);
    let acts = vec![
        NewActivity::new(ActivityKind::Call, now() - Duration::hours(1)).with_outcome("no_answer"),
        NewActivity::new(ActivityKind::Note, now() - Duration::minutes(50))
            .with_note("話し中が多い"),
    ];
    let id = a
        .insert_lead(&l, &acts, "t")
        .unwrap_or_else(|e| panic!("{e}"));
    let bundle = dir.path().join("to-kim.jsonl");
    transfer(&mut a, &[id], "佐藤", "Kim", &bundle, now()).unwrap_or_else(|e| panic!("{e}"));
    assert!(is_bundle(&bundle));
    assert!(!is_bundle(&dir.path().join("a.db")));
    let sent = a.lead(id).ok().flatten().unwrap_or_else(|| panic!("gone"));
    assert_eq!(
        (sent.transferred_to.as_deref(), sent.stage),
        (Some("Kim"), Stage::Unreached)
    );
    assert_eq!(
        a.stage_counts().unwrap_or_default()[Stage::Unreached.index()],
        0
    );
    let cfg = Config::default();
    let day = period(&cfg, PeriodKind::Day, now());
    let sender = kpis(&a, &cfg, &day, &["dials"]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sender[0].1.scalar(), Some(1.0));

    let mut b = Store::open(&dir.path().join("b.db")).unwrap_or_else(|e| panic!("{e}"));
    let report = import_bundle(&mut b, &bundle, now()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (report.from.as_str(), report.to.as_str(), report.ids.len()),
        ("佐藤", "Kim", 1)
    );
    let got = b
        .lead(report.ids[0])
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("missing"));
    assert_eq!(
        (got.email.as_str(), got.stage, got.transferred_to),
        ("taro1@example.jp", Stage::Unreached, None)
    );
    let history = b.activities(report.ids[0]).unwrap_or_default();
    let original = a.activities(id).unwrap_or_default();
    // Everything the sender had before the transfer (its own `transfer` row came after the
    // bundle was written), plus the arrival row.
    assert_eq!(history.len(), original.len());
    assert!(history.iter().filter(|x| x.by_other).count() == original.len() - 1);
    assert!(history.iter().any(|x| x.note == "話し中が多い"));
    let receiver = kpis(&b, &cfg, &day, &["dials"]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(receiver[0].1.scalar(), Some(0.0));
    assert_eq!(
        b.find_lead("taro1@example.jp").map(|l| l.id).ok(),
        Some(report.ids[0])
    );
}
