//! Long jobs off the UI thread (an import from the TUI): a thread with its own connection
//! reports progress and its result as messages, which the event loop picks up each turn.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::app::{Effect, Msg};
use crate::config::Config;
use crate::domain::Ts;
use crate::domain::i18n::TextKey;
use crate::ops::import::{ImportOptions, ImportPhase, ImportProgress, OnDuplicate, import_file};
use crate::store::Store;

/// Running jobs' message channels.
#[derive(Debug, Default)]
pub struct Jobs {
    running: Vec<Receiver<Msg>>,
    figures: Option<super::figures_reader::FiguresReader>,
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
        if let Some(reader) = &mut self.figures {
            out.extend(reader.poll());
        }
        out
    }

    /// Asks the figures reader (started on first use) for a clock-driven read at `now`.
    pub fn figures(
        &mut self,
        db: PathBuf,
        read_only: bool,
        config: &Config,
        effect: Effect,
        now: Ts,
    ) {
        let reader = self.figures.get_or_insert_with(|| {
            super::figures_reader::FiguresReader::start(db.clone(), config.clone(), read_only)
        });
        if !reader.request(effect, now) {
            // The thread ended (it could not open the file): start over on the next request.
            self.figures = None;
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
            let _ = tx.send(Msg::Failed(e.text(lang)));
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
            let step = lang.text(match p.phase {
                ImportPhase::Reading => TextKey::CliProgressReading,
                ImportPhase::Matching => TextKey::CliProgressMatching,
                ImportPhase::Writing => TextKey::CliProgressWriting,
            });
            let _ = tx.send(Msg::Progress(format!(
                "{} {step} {pct}% · {} {}",
                lang.text(TextKey::TuiJobsImporting),
                p.rows,
                lang.text(TextKey::TuiJobsRows)
            )));
        }
    };
    match import_file(&mut store, file, &options, &mut progress) {
        Ok(r) => {
            let mut lines = vec![
                format!("{}: {}", lang.text(TextKey::TuiJobsFile), file.display()),
                format!("{}: {}", lang.text(TextKey::TuiJobsEncoding), r.encoding),
                format!(
                    "{} {} · {} {} · {} {} · {} {} · {} {}",
                    lang.text(TextKey::TuiJobsRows),
                    r.rows,
                    lang.text(TextKey::TuiJobsImported),
                    r.imported,
                    lang.text(TextKey::TuiJobsMerged),
                    r.merged,
                    lang.text(TextKey::TuiJobsSkipped),
                    r.skipped,
                    lang.text(TextKey::TuiJobsRejected),
                    r.rejected.len()
                ),
            ];
            if r.dry_run {
                lines.push(lang.text(TextKey::TuiJobsDryRunNothingWritten).to_owned());
            } else if let Some(b) = r.batch {
                lines.push(format!(
                    "{} {b} (leadbench import --revert {b})",
                    lang.text(TextKey::TuiJobsBatch)
                ));
            }
            lines.extend(r.rejected.iter().take(30).map(|x| {
                format!(
                    "  {} {}: {}",
                    lang.text(TextKey::TuiJobsLine),
                    x.line,
                    x.reason.text(lang)
                )
            }));
            if r.rejected.len() > 30 {
                lines.push(format!(
                    "  … {} {}",
                    r.rejected.len() - 30,
                    lang.text(TextKey::TuiJobsMore)
                ));
            }
            lines.extend(
                r.warning_samples
                    .iter()
                    .take(5)
                    .map(|w| format!("  ! {}", w.text(lang))),
            );
            let _ = tx.send(Msg::Info(
                lang.text(TextKey::TuiJobsImport).to_owned(),
                lines,
            ));
        }
        Err(e) => {
            let _ = tx.send(Msg::Failed(format!(
                "{}: {}",
                lang.text(TextKey::TuiJobsImportFailed),
                e.text(lang)
            )));
        }
    }
}
