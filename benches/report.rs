//! KPI report and Dashboard data on a 1M-lead demo database (budgets: `report` for a month
//! ≤ 200 ms, the Dashboard's figures ≤ 16 ms).
//!
//! The database is generated once with the release binary:
//! `./target/release/leadbench demo --db target/bench-data/demo-1000000.db --leads 1000000`
//! (the first open migrates it). `LEADBENCH_BENCH_DB` points elsewhere.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use leadbench::config::Config;
use leadbench::domain::kpi::PeriodKind;
use leadbench::ops::kpi::{dashboard, period, report, stuck_counts};
use leadbench::store::Store;

fn stats(name: &str, mut runs: Vec<Duration>, budget_ms: f64) {
    runs.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let p50 = ms(runs[runs.len() / 2]);
    let max = ms(*runs.last().unwrap());
    let verdict = if p50 <= budget_ms { "ok" } else { "OVER" };
    println!("{name:<34} p50 {p50:8.2} ms  max {max:8.2} ms  budget {budget_ms} ms  {verdict}");
}

fn time<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let t = Instant::now();
    let v = f();
    (t.elapsed(), v)
}

fn main() {
    let path = std::env::var_os("LEADBENCH_BENCH_DB")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target/bench-data/demo-1000000.db"));
    if !path.exists() {
        eprintln!(
            "no database at {}: generate it first (see the file's doc)",
            path.display()
        );
        return;
    }
    let (open, store) = time(|| Store::open(&path).unwrap());
    println!(
        "open (migrations on the first run) {:.0} ms",
        open.as_secs_f64() * 1000.0
    );
    let cfg = Config::default();
    let now = chrono::Utc::now();
    let month = period(&cfg, PeriodKind::Month, now);
    let (first, _) = time(|| report(&store, &cfg, month, now).unwrap());
    println!(
        "first month report (computes and stores window minutes) {:.0} ms",
        first.as_secs_f64() * 1000.0
    );
    let runs = (0..10)
        .map(|_| time(|| report(&store, &cfg, month, now).unwrap()).0)
        .collect();
    stats("report --period month", runs, 200.0);
    let (first, _) = time(|| dashboard(&store, &cfg, now).unwrap());
    println!("first dashboard {:.1} ms", first.as_secs_f64() * 1000.0);
    let runs = (0..20)
        .map(|_| time(|| dashboard(&store, &cfg, now).unwrap()).0)
        .collect();
    stats("dashboard data", runs, 16.0);
    // Where the Dashboard's time goes.
    let week = period(&cfg, PeriodKind::Week, now);
    let day = period(&cfg, PeriodKind::Day, now);
    for (name, p) in [("day", day), ("week", week)] {
        for ids in [
            &["speed_to_lead_median_minutes"][..],
            &["dials", "conversations", "meetings", "handoffs"][..],
        ] {
            let runs = (0..10)
                .map(|_| time(|| leadbench::ops::kpi::kpis(&store, &cfg, &p, ids).unwrap()).0)
                .collect();
            stats(&format!("  {name} {}", ids[0]), runs, 16.0);
        }
    }
    let runs = (0..10)
        .map(|_| time(|| leadbench::ops::kpi::stage_summaries(&store, &cfg, now).unwrap()).0)
        .collect();
    stats("  stage summaries", runs, 16.0);
    let runs = (0..50)
        .map(|_| time(|| stuck_counts(&store, &cfg, now).unwrap()).0)
        .collect();
    stats("stage_stuck_counts", runs, 2.0);
}
