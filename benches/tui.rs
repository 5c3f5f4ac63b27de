//! The TUI bench driver: update + render on ratatui's `TestBackend` with scripted keys over a
//! generated database, plus process start to first frame of the real binary in a
//! pseudo-terminal, and logging a call. Figures go to BENCHMARKS.md.
//!
//! `cargo bench --bench tui` (100,000 leads); `LEADBENCH_BENCH_LEADS=1000000 cargo bench --bench tui`.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use leadbench::app::Msg;
use leadbench::cli::Context;
use leadbench::config::{Config, Key, KeyCode};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() {
    let leads: usize = std::env::var("LEADBENCH_BENCH_LEADS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let master = database(leads);
    println!("leadbench TUI bench — {leads} leads ({})", master.display());
    if std::env::var_os("LEADBENCH_BENCH_PARTS").is_some() {
        parts(&master);
        reload_split(&master);
        return;
    }
    // `LEADBENCH_BENCH_ONLY=first-frame|keys|log-call` runs one part (for profiling).
    let only = std::env::var("LEADBENCH_BENCH_ONLY").ok();
    let run = |part: &str| only.as_deref().is_none_or(|o| o == part);
    if run("first-frame") {
        first_frame(&master);
    }
    if run("keys") {
        keys(&master);
    }
    if run("log-call") {
        log_calls(&master);
    }
}

/// The generated database, cached under target/ so repeated runs skip generation
/// (`LEADBENCH_BENCH_DB=PATH` for another file).
fn database(leads: usize) -> PathBuf {
    if let Some(path) = std::env::var_os("LEADBENCH_BENCH_DB") {
        return PathBuf::from(path);
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("bench-data");
    let path = dir.join(format!("demo-{leads}.db"));
    if path.exists() {
        return path;
    }
    let _ = std::fs::create_dir_all(&dir);
    let tmp = dir.join(format!("demo-{leads}.db.part"));
    let _ = std::fs::remove_file(&tmp);
    let started = Instant::now();
    // As `leadbench demo` fills it (the generator on its own thread, the bulk load).
    let store = leadbench::cli::fill_demo(&tmp, &Config::default(), leads, 42, |_| {})
        .unwrap_or_else(|e| panic!("{e}"));
    drop(store);
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", tmp.display()));
    }
    std::fs::rename(&tmp, &path).unwrap_or_else(|e| panic!("{e}"));
    println!("generated in {:.1}s", started.elapsed().as_secs_f64());
    path
}

/// A private copy for a run that writes.
fn scratch(master: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("bench.db");
    std::fs::copy(master, &path).unwrap_or_else(|e| panic!("{e}"));
    // Flush the copy before timing: gigabytes of dirty pages being written back would
    // throttle the run's own writes.
    std::fs::File::open(&path)
        .and_then(|f| f.sync_all())
        .unwrap_or_else(|e| panic!("{e}"));
    (dir, path)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn report(what: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{what:<44} n={:<5} p50 {:>7.3} ms  p99 {:>7.3} ms  max {:>7.3} ms",
        samples.len(),
        ms(percentile(&samples, 0.5)),
        ms(percentile(&samples, 0.99)),
        ms(samples.last().copied().unwrap_or_default()),
    );
}

/// Process start → first frame: the release binary in a pseudo-terminal, timed until the
/// screen shows the top bar.
fn first_frame(master: &Path) {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    let (_dir, db) = scratch(master);
    let mut samples = Vec::new();
    for _ in 0..15 {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 30,
                cols: 100,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap_or_else(|e| panic!("{e}"));
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_leadbench"));
        cmd.arg("--db");
        cmd.arg(&db);
        cmd.env("TERM", "xterm-256color");
        cmd.env("XDG_CONFIG_HOME", db.with_extension("cfg"));
        let started = Instant::now();
        let mut child = pair
            .slave
            .spawn_command(cmd)
            .unwrap_or_else(|e| panic!("{e}"));
        let mut reader = pair
            .master
            .try_clone_reader()
            .unwrap_or_else(|e| panic!("{e}"));
        let mut seen = Vec::new();
        let mut buf = [0u8; 16384];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&buf[..n]);
            // The first frame is complete once its last line (the key hints) is drawn.
            let text = String::from_utf8_lossy(&seen);
            if text.contains("Today") && text.contains("help") {
                break;
            }
        }
        samples.push(started.elapsed());
        let _ = child.kill();
        let _ = child.wait();
    }
    report("process start → first frame (pty, 100×30)", samples);
}

fn key(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
        alt: false,
        shift: false,
    }
}

fn special(code: KeyCode) -> Key {
    Key {
        code,
        ctrl: false,
        alt: false,
        shift: false,
    }
}

fn session(db: &Path) -> (Context, leadbench::app::State, Terminal<TestBackend>) {
    let config = Config::default();
    let mut ctx = Context::with_config(config, PathBuf::from("bench.toml"), db.to_path_buf())
        .unwrap_or_else(|e| panic!("{}", e.message));
    // As the TUI does: checkpoints wait for a pause instead of running inside a commit.
    ctx.store
        .defer_checkpoints()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut state = leadbench::tui::initial_state(&ctx);
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap_or_else(|e| panic!("{e}"));
    let area = ratatui::layout::Rect::new(0, 0, 100, 30);
    state.table.visible = leadbench::ui::table_rows(area, &state);
    leadbench::tui::start(&mut ctx, &mut state);
    let _ = terminal.draw(|f| leadbench::ui::render(f, &state, &ctx.config.keys));
    (ctx, state, terminal)
}

fn press(
    ctx: &mut Context,
    state: &mut leadbench::app::State,
    terminal: &mut Terminal<TestBackend>,
    k: Key,
) -> Duration {
    let started = Instant::now();
    leadbench::tui::dispatch(ctx, state, Msg::Key(k));
    let _ = terminal.draw(|f| leadbench::ui::render(f, state, &ctx.config.keys));
    started.elapsed()
}

/// Key press → finished frame for moving, paging, switching views and opening the detail.
fn keys(master: &Path) {
    let (_dir, db) = scratch(master);
    let (mut ctx, mut state, mut terminal) = session(&db);
    let mut script: Vec<(&str, Key)> = Vec::new();
    for view in ['2', '3', '4', '5', '6', '1'] {
        script.push(("switch view", key(view)));
        for _ in 0..150 {
            script.push(("move (j)", key('j')));
        }
        for _ in 0..40 {
            script.push(("move (k)", key('k')));
        }
        for _ in 0..15 {
            script.push(("page down", special(KeyCode::PageDown)));
        }
        for _ in 0..5 {
            script.push(("page up", special(KeyCode::PageUp)));
        }
        script.push(("bottom (G)", key('G')));
        script.push(("top (g)", key('g')));
        script.push(("open detail", special(KeyCode::Enter)));
        script.push(("back", special(KeyCode::Esc)));
    }
    let mut all = Vec::new();
    let mut by_kind: std::collections::BTreeMap<&str, Vec<Duration>> = Default::default();
    for (what, k) in script {
        let d = press(&mut ctx, &mut state, &mut terminal, k);
        all.push(d);
        by_kind.entry(what).or_default().push(d);
    }
    report("key → finished frame (all list keys)", all);
    for (what, samples) in by_kind {
        report(&format!("  {what}"), samples);
    }
    dashboard_switches(&mut ctx, &mut state, &mut terminal);
}

/// Switching to the Dashboard as the event loop does it: the key and its frame on the UI
/// thread (the figures are asked of the figures thread), then the wait until they arrive.
fn dashboard_switches(
    ctx: &mut Context,
    state: &mut leadbench::app::State,
    terminal: &mut Terminal<TestBackend>,
) {
    let mut jobs = leadbench::tui::Jobs::default();
    let (mut switch, mut arrive) = (Vec::new(), Vec::new());
    for _ in 0..20 {
        press(ctx, state, terminal, key('1'));
        let started = Instant::now();
        leadbench::tui::dispatch_with_jobs(ctx, state, Msg::Key(key('7')), &mut jobs);
        let _ = terminal.draw(|f| leadbench::ui::render(f, state, &ctx.config.keys));
        switch.push(started.elapsed());
        let deadline = Instant::now() + Duration::from_secs(10);
        'wait: while Instant::now() < deadline {
            for m in jobs.poll() {
                let figures = matches!(m, Msg::Dashboard(_));
                leadbench::tui::dispatch_with_jobs(ctx, state, m, &mut jobs);
                if figures {
                    let _ = terminal.draw(|f| leadbench::ui::render(f, state, &ctx.config.keys));
                    arrive.push(started.elapsed());
                    break 'wait;
                }
            }
            std::thread::sleep(Duration::from_micros(200));
        }
    }
    report("switch to the Dashboard (UI thread: key + frame)", switch);
    // The first figures of a new file also compute the speed-to-lead minutes nobody has
    // asked for yet (stored, so once per file): reported apart from the refreshes after it.
    if !arrive.is_empty() {
        let first = arrive.remove(0);
        println!(
            "  … first figures of the session (computes any speed-to-lead minutes still missing) {:.3} ms",
            first.as_secs_f64() * 1e3
        );
    }
    report("  … its figures drawn (figures thread)", arrive);
}

/// Logging a call from the TUI: `c`, `n`, Enter — the write, the counters and the reload of
/// the visible page — timed on the Enter that logs it.
fn log_calls(master: &Path) {
    let (_dir, db) = scratch(master);
    let (mut ctx, mut state, mut terminal) = session(&db);
    press(&mut ctx, &mut state, &mut terminal, key('4'));
    let mut samples = Vec::new();
    // A rep's mix: mostly no answer or busy, one call in three a conversation (which also
    // runs the conversation KPI triggers).
    let outcomes = ['n', 'b', 'a'];
    for i in 0..300 {
        press(&mut ctx, &mut state, &mut terminal, key('c'));
        press(&mut ctx, &mut state, &mut terminal, key(outcomes[i % 3]));
        samples.push(press(
            &mut ctx,
            &mut state,
            &mut terminal,
            special(KeyCode::Enter),
        ));
        // A refusal (daily cap, calling window) asks; answer yes like a rep would.
        if state.modal.is_some() {
            samples.pop();
            samples.push(press(&mut ctx, &mut state, &mut terminal, key('y')));
        }
    }
    report(
        "log a call (n/b/a: write + counters + page + frame)",
        samples,
    );

    // The write alone (lead, journal, counters, undo entry in one transaction).
    let (_dir2, db2) = scratch(master);
    let (mut ctx, _state, _terminal) = session(&db2);
    let ids: Vec<i64> = (1..=300).collect();
    let mut writes = Vec::new();
    let now = chrono::Utc::now();
    let outcomes = [
        leadbench::domain::Outcome::NoAnswer,
        leadbench::domain::Outcome::Busy,
        leadbench::domain::Outcome::Connected,
    ];
    for id in ids {
        let outcome = outcomes[usize::try_from(id).unwrap_or(0) % 3];
        let mut req = leadbench::domain::call::CallRequest::new(outcome);
        req.force = true;
        let started = Instant::now();
        let policy = ctx.policy.clone();
        let _ = leadbench::ops::log_call(&mut ctx.store, &policy, id, None, &req, now);
        writes.push(started.elapsed());
    }
    report("log a call: the write alone", writes);
}

/// The reload after a write, and the frame, timed apart from the write.
fn reload_split(master: &Path) {
    let (_dir, db) = scratch(master);
    let (mut ctx, mut state, mut terminal) = session(&db);
    press(&mut ctx, &mut state, &mut terminal, key('4'));
    let (mut reload, mut frame) = (Vec::new(), Vec::new());
    for _ in 0..200 {
        let select = state.table.row_after_selected().map(|r| r.id);
        let t = Instant::now();
        leadbench::tui::dispatch(
            &mut ctx,
            &mut state,
            Msg::Written {
                status: "x".into(),
                select,
            },
        );
        reload.push(t.elapsed());
        let t = Instant::now();
        let _ = terminal.draw(|f| leadbench::ui::render(f, &state, &ctx.config.keys));
        frame.push(t.elapsed());
    }
    report("  reload after a write (no write)", reload);
    report("  frame", frame);
}

/// Where the reload after a write goes: each read timed on its own (`LEADBENCH_BENCH_PARTS=1`).
fn parts(master: &Path) {
    let (_dir, db) = scratch(master);
    let (ctx, _state, _terminal) = session(&db);
    let now = chrono::Utc::now();
    let policy = ctx.policy.clone();
    let clock = policy.clock(now);
    let store = &ctx.store;
    let time = |what: &str, f: &dyn Fn()| {
        let mut samples = Vec::new();
        for _ in 0..30 {
            let t = Instant::now();
            f();
            samples.push(t.elapsed());
        }
        report(what, samples);
    };
    time("  stage_counts", &|| {
        let _ = store.stage_counts();
    });
    time("  queue_len(Today)", &|| {
        let _ = store.queue_len(leadbench::domain::queue::Queue::Today, clock);
    });
    time("  morning_counts", &|| {
        let _ = store.morning_counts(clock, now - chrono::Duration::days(1), now);
    });
    time("  call_counts_between (today)", &|| {
        let d = policy.rep_day(now);
        let _ = store.call_counts_between(d.start, d.end);
    });
    time("  capacity", &|| {
        let _ = leadbench::ops::escalate::capacity(store, &ctx.config, now);
    });
    time("  stuck_counts", &|| {
        let _ = leadbench::ops::kpi::stuck_counts(store, &ctx.config, now);
    });
    time("  queued_count", &|| {
        let _ = store.queued_count();
    });
    time("  lead + recent_activities", &|| {
        let _ = store.lead(5000);
        let _ = store.recent_activities(5000, 50);
    });
    time("  scoring explain", &|| {
        if let Ok(Some(l)) = store.lead(5000) {
            let _ = ctx.config.scoring_rules().score(&l);
        }
    });
    time("  sequence status", &|| {
        if let Ok(Some(l)) = store.lead(5000) {
            let _ = leadbench::ops::sequence::status(store, &policy, &l);
        }
    });
    time("  dashboard (all)", &|| {
        let _ = leadbench::ops::kpi::dashboard(store, &ctx.config, now);
    });
    time("  - stage_summaries", &|| {
        let _ = leadbench::ops::kpi::stage_summaries(store, &ctx.config, now);
    });
    time("  - stage_ages(engaged)", &|| {
        let cut: Vec<_> = [1, 3, 7, 14, 30]
            .iter()
            .map(|d| now - chrono::Duration::days(*d))
            .collect();
        let _ = store.stage_ages(leadbench::domain::Stage::Engaged, &cut);
    });
    time("  - activity_counts(week)", &|| {
        let _ = store.activity_counts(now - chrono::Duration::days(7), now);
    });
    time("  - daily_activity_counts(14)", &|| {
        let b: Vec<_> = (0..15)
            .rev()
            .map(|d| now - chrono::Duration::days(d))
            .collect();
        let _ = store.daily_activity_counts(&b);
    });
    time("  - open_scores", &|| {
        let _ = store.open_scores();
    });
    time("  - touch_minute_counts(week)", &|| {
        let _ = store.touch_minute_counts(now - chrono::Duration::days(7), now);
    });
    time("  - stage_outflow(engaged, 7d)", &|| {
        let _ = store.stage_outflow(
            leadbench::domain::Stage::Engaged,
            now - chrono::Duration::days(7),
            now,
        );
    });
    time("  first page (engaged)", &|| {
        let _ = store.queue_page(
            leadbench::domain::queue::Queue::Stage(leadbench::domain::Stage::Engaged),
            clock,
            None,
            false,
            leadbench::domain::queue::Direction::Forward,
            120,
        );
    });
}
