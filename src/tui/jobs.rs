//! Long jobs off the UI thread (an import from the TUI): a thread with its own connection
//! reports progress and its result as messages, which the event loop picks up each turn.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::app::Msg;
use crate::config::Config;
use crate::domain::Ts;
use crate::ops::import::{ImportOptions, ImportProgress, OnDuplicate, import_file};
use crate::store::Store;

/// Running jobs' message channels.
#[derive(Debug, Default)]
pub struct Jobs {
    running: Vec<Receiver<Msg>>,
    dashboard: Option<super::dashboard_reader::DashboardReader>,
}

impl Jobs {
    /// Messages that arrived since the last turn; finished jobs are dropped.
    pub fn poll(&mut self) -> Vec<Msg> {
        let mut out = Vec::new();
        self.running.retain(|rx| {
            loop {
                match rx.try_recv() {
                    Ok(m) => out.push(m),
                    Err(std::sync::mpsc::TryRecvError::Empty) => break true,
                    Err(std::sync::mpsc::TryRecvError::Disconnected) => break false,
                }
            }
        });
        if let Some(reader) = &mut self.dashboard {
            out.extend(reader.poll());
        }
        out
    }

    /// Asks the Dashboard reader (started on first use) for the figures at `now`.
    pub fn dashboard(&mut self, db: PathBuf, config: &Config, now: Ts) {
        let reader = self.dashboard.get_or_insert_with(|| {
            super::dashboard_reader::DashboardReader::start(db.clone(), config.clone())
        });
        if !reader.request(now) {
            // The thread ended (it could not open the file): start over on the next request.
            self.dashboard = None;
        }
    }

    /// Starts an import of `file` into the database at `db` on its own thread.
    pub fn import(
        &mut self,
        db: PathBuf,
        config: Config,
        file: PathBuf,
        skip: bool,
        dry_run: bool,
        now: Ts,
    ) {
        let (tx, rx) = channel();
        self.running.push(rx);
        std::thread::spawn(move || run_import(&tx, &db, &config, &file, skip, dry_run, now));
    }
}

fn run_import(
    tx: &Sender<Msg>,
    db: &std::path::Path,
    config: &Config,
    file: &std::path::Path,
    skip: bool,
    dry_run: bool,
    now: Ts,
) {
    let lang = config.ui.language;
    let mut store = match Store::open(db) {
        Ok(s) => s,
        Err(e) => {
            let _ = tx.send(Msg::Failed(e.to_string()));
            return;
        }
    };
    crate::ops::sequence::install(&mut store, config);
    let mut options = ImportOptions::new(config, now);
    options.on_duplicate = if skip {
        OnDuplicate::Skip
    } else {
        OnDuplicate::Merge
    };
    options.dry_run = dry_run;
    let mut last_pct = u64::MAX;
    let mut progress = |p: ImportProgress| {
        let pct = (p.done * 100).checked_div(p.total).unwrap_or(0);
        if pct != last_pct {
            last_pct = pct;
            let _ = tx.send(Msg::Progress(format!(
                "{} {:?} {pct}% · {} {}",
                lang.pick("Importing", "インポート中"),
                p.phase,
                p.rows,
                lang.pick("rows", "行")
            )));
        }
    };
    match import_file(&mut store, file, &options, &mut progress) {
        Ok(r) => {
            let mut lines = vec![
                format!("{}: {}", lang.pick("File", "ファイル"), file.display()),
                format!("{}: {}", lang.pick("Encoding", "文字コード"), r.encoding),
                format!(
                    "{} {} · {} {} · {} {} · {} {} · {} {}",
                    lang.pick("rows", "行"),
                    r.rows,
                    lang.pick("imported", "取込"),
                    r.imported,
                    lang.pick("merged", "統合"),
                    r.merged,
                    lang.pick("skipped", "スキップ"),
                    r.skipped,
                    lang.pick("rejected", "除外"),
                    r.rejected.len()
                ),
            ];
            if r.dry_run {
                lines.push(
                    lang.pick(
                        "Dry run: nothing was written.",
                        "試行のみ: 何も書き込んでいません。",
                    )
                    .to_owned(),
                );
            } else if let Some(b) = r.batch {
                lines.push(format!(
                    "{} {b} (leadbench import --revert {b})",
                    lang.pick("Batch", "バッチ")
                ));
            }
            lines.extend(
                r.rejected
                    .iter()
                    .take(30)
                    .map(|x| format!("  {} {}: {}", lang.pick("line", "行"), x.line, x.reason)),
            );
            if r.rejected.len() > 30 {
                lines.push(format!(
                    "  … {} {}",
                    r.rejected.len() - 30,
                    lang.pick("more", "件 ほか")
                ));
            }
            lines.extend(r.warning_samples.iter().take(5).map(|w| format!("  ! {w}")));
            let _ = tx.send(Msg::Info(
                lang.pick("Import", "インポート").to_owned(),
                lines,
            ));
        }
        Err(e) => {
            let _ = tx.send(Msg::Failed(format!(
                "{}: {e}",
                lang.pick("Import failed", "インポート失敗")
            )));
        }
    }
}
