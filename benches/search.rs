//! Search, filter and rescore benchmarks over a generated database (SPEC §3, §4).
//!
//! Generate the database once (about two minutes for a million leads):
//!   ./target/release/leadbench demo --db target/bench-data/demo-1000000.db --leads 1000000
//! then `cargo bench --bench search` (`LEADBENCH_BENCH_DB=PATH` for another file). The bench
//! works on a private copy: it rescores it with a configuration that has groups and changed
//! fit points (timed: every lead changes), rescores again unchanged (timed), then times
//! search keystrokes and filter switches on it. Budgets: keystroke ≤ 30 ms p99, filter switch
//! ≤ 5 ms p99, rescore of 1M leads ≤ 10 s.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use leadbench::config::Config;
use leadbench::domain::Stage;
use leadbench::domain::filter::Filter;
use leadbench::domain::queue::{Direction, Queue};
use leadbench::domain::scoring::Grade;
use leadbench::domain::search::national_digits;
use leadbench::store::Store;

const CONFIG: &str = r#"
[[scoring.fit]]
name = "executive"
field = "title"
contains = ["Chief", "President", "Founder", "Director", "VP", "Head", "社長", "代表取締役", "取締役", "役員", "本部長", "部長"]
points = 35

[[scoring.fit]]
name = "industry"
field = "industry"
any = ["IT・ソフトウェア", "IT/Software", "製造業", "Manufacturing"]
points = 10

[[groups]]
name = "enterprise"
when = { employees = { min = 1000 } }

[[groups]]
name = "hot"
when = { grade = ["A", "B"] }

[[groups]]
name = "ja-manufacturing"
when = { industry = ["製造業"] }

[[groups]]
name = "inbound"
when = { source = ["web_form", "資料請求", "inbound_call"] }
"#;

fn main() {
    let master = std::env::var_os("LEADBENCH_BENCH_DB").map_or_else(
        || {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("target")
                .join("bench-data")
                .join("demo-1000000.db")
        },
        PathBuf::from,
    );
    if !master.exists() {
        eprintln!(
            "no database at {}: generate it once with\n  ./target/release/leadbench demo --db {} --leads 1000000",
            master.display(),
            master.display()
        );
        std::process::exit(2);
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // `LEADBENCH_BENCH_IN_PLACE=1` works on the given file itself (one already rescored with
    // this bench's rules, say, to time only the searches and filters again).
    let in_place = std::env::var_os("LEADBENCH_BENCH_IN_PLACE").is_some();
    let path = if in_place {
        master.clone()
    } else {
        let path = dir.path().join("bench.db");
        std::fs::copy(&master, &path).unwrap_or_else(|e| panic!("{e}"));
        path
    };
    // A file generated before `leads_reengage_queue` joined schema 1 lacks it; add it to the copy.
    rusqlite::Connection::open(&path)
        .and_then(|c| {
            c.execute_batch(
                "CREATE INDEX IF NOT EXISTS leads_reengage_queue
                 ON leads(reengage_on, prio, stage, transferred_to, timezone, due_at)
                 WHERE stage = 'lost' AND transferred_to IS NULL AND reengage_on IS NOT NULL",
            )
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let config =
        Config::from_toml_str(CONFIG, Path::new("bench.toml")).unwrap_or_else(|e| panic!("{e}"));
    let mut store = Store::open(&path).unwrap_or_else(|e| panic!("{e}"));
    store.set_scoring(Arc::new(config.scoring_rules()));
    println!("leadbench search bench — {}", master.display());
    // `LEADBENCH_BENCH_ONLY=rescore|filters|search` runs one part.
    let only = std::env::var("LEADBENCH_BENCH_ONLY").unwrap_or_default();
    let part = |name: &str| only.is_empty() || only == name;
    if part("rescore") {
        rescore(&mut store);
    }
    if part("filters") {
        filters(&store);
    }
    if part("search") {
        search(&store);
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn report(what: &str, mut samples: Vec<Duration>, budget_ms: f64) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let p99 = ms(percentile(&samples, 0.99));
    println!(
        "{what:<44} n={:<5} p50 {:>7.2} ms  p99 {:>7.2} ms  max {:>7.2} ms  {}",
        samples.len(),
        ms(percentile(&samples, 0.5)),
        p99,
        ms(samples.last().copied().unwrap_or_default()),
        if p99 <= budget_ms {
            "ok"
        } else {
            "OVER BUDGET"
        }
    );
}

fn rescore(store: &mut Store) {
    let t = Instant::now();
    let r = store
        .rescore(false, |_, _| {})
        .unwrap_or_else(|e| panic!("{e}"));
    println!(
        "rescore, new rules (groups, fit points)      {} leads, {} changed in {:.2} s {}",
        r.leads,
        r.changed,
        t.elapsed().as_secs_f64(),
        if t.elapsed().as_secs_f64() <= 10.0 {
            "ok"
        } else {
            "OVER BUDGET"
        }
    );
    let t = Instant::now();
    let r = store
        .rescore(false, |_, _| {})
        .unwrap_or_else(|e| panic!("{e}"));
    println!(
        "rescore, unchanged rules                     {} leads, {} changed in {:.2} s",
        r.leads,
        r.changed,
        t.elapsed().as_secs_f64()
    );
}

fn filters(store: &Store) {
    let clock = leadbench::domain::policy::Policy::default().clock(chrono::Utc::now());
    // As the app does when it opens the file and when the day turns.
    store
        .sweep_reengage(clock.today)
        .unwrap_or_else(|e| panic!("{e}"));
    let f = |group: Option<&str>, grade: Option<Grade>, source: Option<&str>, tag: Option<&str>| {
        Filter {
            group: group.map(Into::into),
            grade,
            source: source.map(Into::into),
            tag: tag.map(Into::into),
        }
    };
    let filters = [
        f(Some("enterprise"), None, None, None),
        f(Some("hot"), None, None, None),
        f(Some("ja-manufacturing"), None, None, None),
        f(None, Some(Grade::A), None, None),
        f(None, Some(Grade::D), None, None),
        f(None, None, Some("webinar"), None),
        f(None, None, Some("資料請求"), None),
        f(None, None, None, Some("ホット")),
        f(None, None, None, Some("enterprise")),
        f(Some("inbound"), Some(Grade::B), None, None),
        f(Some("enterprise"), None, Some("web_form"), None),
        f(None, Some(Grade::C), Some("trade_show"), None),
        f(Some("hot"), None, None, Some("決裁者")),
        f(
            Some("ja-manufacturing"),
            Some(Grade::B),
            Some("セミナー"),
            None,
        ),
    ];
    let mut queues = vec![Queue::Today];
    queues.extend(Stage::ALL.map(Queue::Stage));
    let mut samples = Vec::new();
    let mut next = Vec::new();
    let mut slowest: Vec<(Duration, String)> = Vec::new();
    for _round in 0..3 {
        for filter in &filters {
            for &queue in &queues {
                let t = Instant::now();
                let page = store
                    .queue_page_filtered(queue, clock, filter, None, false, Direction::Forward, 60)
                    .unwrap_or_else(|e| panic!("{e}"));
                samples.push(t.elapsed());
                slowest.push((t.elapsed(), format!("first page {queue:?} {filter:?}")));
                if let Some(c) = page.last().map(|r| r.cursor()) {
                    let t = Instant::now();
                    store
                        .queue_page_filtered(
                            queue,
                            clock,
                            filter,
                            Some(c),
                            false,
                            Direction::Forward,
                            60,
                        )
                        .unwrap_or_else(|e| panic!("{e}"));
                    next.push(t.elapsed());
                    slowest.push((t.elapsed(), format!("next page {queue:?} {filter:?}")));
                }
            }
        }
    }
    report("filter switch: first page of 60 rows", samples, 5.0);
    report("filtered queue: next page (keyset)", next, 5.0);
    if std::env::var_os("LEADBENCH_BENCH_PARTS").is_some() {
        slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
        for (d, what) in slowest.iter().take_while(|s| s.0.as_secs_f64() > 0.005) {
            println!("  {:>8.2} ms  {what}", d.as_secs_f64() * 1000.0);
        }
    }
}

fn hiragana(s: &str) -> String {
    s.chars()
        .map(|c| match c as u32 {
            0x30A1..=0x30F6 => char::from_u32(c as u32 - 0x60).unwrap_or(c),
            _ => c,
        })
        .collect()
}

fn search(store: &Store) {
    let max_id: i64 = 1_000_000;
    let mut words: Vec<String> = Vec::new();
    let mut id = 7;
    while words.len() < 240 && id < max_id {
        if let Ok(Some(l)) = store.lead(id) {
            words.push(l.display_name());
            if !l.reading.is_empty() {
                words.push(hiragana(&l.reading));
            }
            words.push(l.company.clone());
            words.push(l.email.clone());
            if let Some(p) = l.phones.first() {
                words.push(p.raw.clone());
                if let Some(n) = &p.number {
                    words.push(n.clone());
                    words.extend(national_digits(n));
                }
            }
        }
        id += 9_973;
    }
    let mut all = Vec::new();
    let mut short_ja = Vec::new();
    let mut long = Vec::new();
    let mut totals = 0u64;
    let mut slowest: Vec<(Duration, String)> = Vec::new();
    for w in &words {
        let chars: Vec<char> = w.chars().collect();
        for n in 1..=chars.len().min(14) {
            let q: String = chars[..n].iter().collect();
            if q.trim().is_empty() {
                continue;
            }
            let t = Instant::now();
            let r = store.search(&q, 200).unwrap_or_else(|e| panic!("{q}: {e}"));
            let d = t.elapsed();
            totals += r.total;
            all.push(d);
            slowest.push((d, format!("{q:?}: {} matches", r.total)));
            if n <= 2
                && chars[..n]
                    .iter()
                    .any(|c| leadbench::domain::search::is_cjk(*c))
            {
                short_ja.push(d);
            } else if n >= 3 {
                long.push(d);
            }
        }
    }
    report("search keystroke (every prefix of 240 fields)", all, 30.0);
    report("  Japanese queries of 1–2 characters", short_ja, 30.0);
    report("  queries of 3+ characters", long, 30.0);
    println!(
        "  (mean total per keystroke {})",
        totals / words.len().max(1) as u64
    );
    if std::env::var_os("LEADBENCH_BENCH_PARTS").is_some() {
        slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
        for (d, what) in slowest.iter().take(30) {
            println!("  {:>8.2} ms  {what}", d.as_secs_f64() * 1000.0);
        }
    }
}
