//! `demo --db PATH` and `--demo`: realistic demo databases.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::demo::{DemoLead, DemoOptions, demo_config_toml, generate};
use crate::domain::i18n::TextKey;
use crate::store::{BulkProgress, Store, StoreError};

use super::args::DemoArgs;
use super::context::{Context, now};

/// Leads in the `--demo` database.
const DEMO_TUI_LEADS: usize = 600;

/// Fills a new database at `path` with `leads` demo leads, reporting progress on `progress`.
/// The leads are scored, grouped and indexed for search with `config`'s rules, and their
/// speed-to-lead minutes computed in its calling window (as years of daily reports would have
/// left them). The generator runs on a thread of its own, a few batches ahead of the writer.
pub fn fill(
    path: &Path,
    config: &Config,
    leads: usize,
    seed: u64,
    progress: impl FnMut(BulkProgress),
) -> Result<Store, StoreError> {
    let mut store = Store::open(path)?;
    store.set_half_life_days(config.scoring.value_half_life_days);
    store.set_scoring(std::sync::Arc::new(config.scoring_rules()));
    let opts = DemoOptions {
        leads,
        seed,
        now: now(),
    };
    let (batches, received) = std::sync::mpsc::sync_channel::<Vec<DemoLead>>(4);
    // A writer that stops drops `received`: the generator's next send fails and it stops too.
    let generator = std::thread::spawn(move || generate(&opts, 5_000, |b| batches.send(b)));
    let minutes = crate::ops::kpi::touch_window(config);
    let written = store.bulk_load(received, Some(&minutes), progress);
    let generated = generator.join();
    let written = written?;
    if generated.is_err() || written != leads {
        return Err(StoreError::Corrupt {
            what: "demo generation",
            detail: format!("{written} of {leads} leads were generated"),
        });
    }
    Ok(store)
}

/// `demo`: refuses an existing file without `--force`.
pub fn create(
    path: &Path,
    args: &DemoArgs,
    config: Option<PathBuf>,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    if path.exists() {
        if !args.force {
            let lang = super::context::configured_lang(config.clone());
            let text = lang.fill(TextKey::CliDemoExists, &[("path", &path.display())]);
            let _ = writeln!(err, "leadbench demo: {text}");
            return 1;
        }
        for suffix in ["", "-wal", "-shm"] {
            let p = PathBuf::from(format!("{}{suffix}", path.display()));
            if p.exists() {
                if let Err(e) = std::fs::remove_file(&p) {
                    let _ = writeln!(err, "leadbench demo: {}: {e}", p.display());
                    return 1;
                }
            }
        }
    }
    // The leads are scored with the configuration they will be used with (defaults when none).
    let cfg_path = crate::config::config_path(config.clone());
    let cfg = match crate::config::load(&cfg_path, config.is_some()) {
        Ok(c) => c,
        Err(e) => {
            let _ = writeln!(err, "leadbench demo: {e}");
            return 2;
        }
    };
    let total = args.leads;
    let show_progress = total >= 50_000;
    let started = std::time::Instant::now();
    let result = fill(path, &cfg, total, args.seed, |step| {
        if show_progress {
            let line = match step {
                BulkProgress::Leads(done) => cfg.ui.language.fill(
                    TextKey::CliProgressLeads,
                    &[
                        ("what", &"demo"),
                        ("done", &done),
                        ("total", &total),
                        ("pct", &(done * 100 / total.max(1))),
                    ],
                ),
                // Longer than the leads' line it overwrites, so no rest of it shows.
                BulkProgress::Finishing { done, total } => cfg.ui.language.fill(
                    TextKey::CliProgressFinishing,
                    &[("what", &"demo"), ("done", &done), ("total", &total)],
                ),
            };
            let _ = write!(err, "\r{line}");
            let _ = err.flush();
        }
    });
    if show_progress {
        let _ = writeln!(err);
    }
    match result {
        Ok(_) => {
            let secs = format!("{:.1}", started.elapsed().as_secs_f64());
            let text = cfg.ui.language.fill(
                TextKey::CliDemoCreated,
                &[
                    ("path", &path.display()),
                    ("count", &total),
                    ("secs", &secs),
                ],
            );
            let _ = writeln!(out, "{text}");
            0
        }
        Err(e) => {
            let _ = writeln!(err, "leadbench demo: {e}");
            1
        }
    }
}

/// `--demo`: a temporary database and the built-in demo configuration.
pub fn open_demo_tui() -> Result<(Context, tempfile::TempDir), String> {
    let dir = tempfile::Builder::new()
        .prefix("leadbench-demo-")
        .tempdir()
        .map_err(|e| format!("cannot make a temporary directory: {e}"))?;
    let db = dir.path().join("demo.db");
    let config_path = dir.path().join("demo.toml");
    let config =
        Config::from_toml_str(demo_config_toml(), &config_path).map_err(|e| e.to_string())?;
    fill(&db, &config, DEMO_TUI_LEADS, 42, |_| {}).map_err(|e| e.to_string())?;
    let ctx = Context::with_config(config, config_path, db).map_err(|e| e.message)?;
    Ok((ctx, dir))
}
