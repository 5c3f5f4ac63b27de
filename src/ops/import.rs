//! Importing a lead file (SPEC §10): read and clean it chunk by chunk, deduplicate within the
//! file and against the database in a private staging database, then one final copy under the
//! write lock. Usable from a background thread with its own [`Store`] (the TUI's `i`).

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

use crate::config::Config;
use crate::domain::{Lead, Ts};
use crate::io::import::dedupe::{Seen, fill_empty, is_duplicate, keys, name_key};
use crate::io::import::{DateOrder, LeadFile, ParseOptions, Reject, Row};
use crate::store::{BatchInfo, CopyFault, PreparedRow, StagedAction, Store, StoreError};

use super::{OpsError, Problem};

/// What to do with a row that duplicates a lead (or an earlier row).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnDuplicate {
    /// Fill the lead's empty fields (the journal keeps the previous values).
    #[default]
    Merge,
    /// Leave the lead as it is.
    Skip,
}

/// How to import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// How to read the file.
    pub parse: ParseOptions,
    /// `--on-duplicate`.
    pub on_duplicate: OnDuplicate,
    /// `--dry-run`: report, write nothing.
    pub dry_run: bool,
    /// Test hook: make the final copy fail halfway.
    pub fault: CopyFault,
}

impl ImportOptions {
    /// Defaults from the configuration: the rep's zone and default country, merge, for real.
    pub fn new(config: &Config, now: Ts) -> ImportOptions {
        ImportOptions {
            parse: ParseOptions {
                encoding: None,
                date_order: None::<DateOrder>,
                maps: Vec::new(),
                country: config.calling.default_country.clone(),
                tz: config.rep.timezone,
                now,
            },
            on_duplicate: OnDuplicate::Merge,
            dry_run: false,
            fault: CopyFault::None,
        }
    }
}

/// Which step a running import is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportPhase {
    /// Reading and cleaning rows (done/total in bytes).
    Reading,
    /// Matching rows against the database.
    Matching,
    /// The final copy (holds the write lock).
    Writing,
}

/// Progress of a running import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportProgress {
    /// The step.
    pub phase: ImportPhase,
    /// Done so far (bytes while reading, rows after).
    pub done: u64,
    /// Out of.
    pub total: u64,
    /// Rows read so far.
    pub rows: u64,
}

/// What an import did (or, dry, would do).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportReport {
    /// The batch (none for a dry run).
    pub batch: Option<i64>,
    /// Data rows read.
    pub rows: u64,
    /// New leads.
    pub imported: u64,
    /// Rows merged into a lead or an earlier row.
    pub merged: u64,
    /// Duplicate rows skipped.
    pub skipped: u64,
    /// Rows refused, with their physical lines.
    pub rejected: Vec<Reject>,
    /// How many things were odd but kept.
    pub warnings: u64,
    /// The first warnings, for the rep.
    pub warning_samples: Vec<crate::io::import::Warning>,
    /// The encoding the file was read in.
    pub encoding: String,
    /// Nothing was written.
    pub dry_run: bool,
}

/// Rows converted per chunk (each chunk on two threads).
const CHUNK_ROWS: usize = 4096;
/// Warnings kept as text; the rest are counted.
const WARNING_SAMPLES: usize = 100;

/// Imports `path` (see the module doc). Rejected rows are reported, never fatal; a file that
/// cannot be read at all is an error.
pub fn import_file(
    store: &mut Store,
    path: &Path,
    options: &ImportOptions,
    progress: &mut dyn FnMut(ImportProgress),
) -> Result<ImportReport, OpsError> {
    let file_err = |e: &dyn std::fmt::Display| OpsError::Invalid(Problem::file(path, e));
    let file = LeadFile::open(path, &options.parse).map_err(|e| file_err(&e))?;
    store.stage_begin()?;
    let result = run(store, file, path, options, progress);
    store.stage_end();
    result
}

/// A row staged or waiting to be staged.
struct Pending {
    id: i64,
    line: u64,
    lead: Lead,
    /// Encoded for staging; `None` once a later duplicate changed the lead.
    prepared: Option<PreparedRow>,
}

/// A converted row with its staging encoding (made on the reading threads).
type Converted = (Result<Row, Reject>, Option<Result<PreparedRow, StoreError>>);

/// Reads on one thread (converting and encoding on both cores) while this one deduplicates and
/// stages: the two overlap.
fn run(
    store: &mut Store,
    mut file: LeadFile,
    path: &Path,
    options: &ImportOptions,
    progress: &mut dyn FnMut(ImportProgress),
) -> Result<ImportReport, OpsError> {
    let mut state = State {
        report: ImportReport {
            encoding: file.detection.name().to_owned(),
            dry_run: options.dry_run,
            ..ImportReport::default()
        },
        merge_mode: options.on_duplicate == OnDuplicate::Merge,
        seen: Seen::default(),
        next_id: 1,
    };
    for w in std::mem::take(&mut file.preamble) {
        state.report.warnings += 1;
        state.report.warning_samples.push(w);
    }
    let preparer = store.row_preparer();
    let bytes = file.bytes_handle();
    let total = file.total_bytes;
    let read_err = |e: &dyn std::fmt::Display| OpsError::Invalid(Problem::file(path, e));
    std::thread::scope(|scope| -> Result<(), OpsError> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Vec<Converted>, String>>(1);
        let producer = scope.spawn(move || {
            let mut file = file;
            loop {
                let chunk = file.next_chunk_map(CHUNK_ROWS, |r| {
                    let prepared = r.as_ref().ok().map(|row| preparer.prepare(&row.lead));
                    (r, prepared)
                });
                let msg = match chunk {
                    Ok(Some(rows)) => Ok(rows),
                    Ok(None) => return,
                    Err(e) => Err(e.to_string()),
                };
                let stop = msg.is_err();
                // A closed channel means the consumer stopped on an error: stop reading.
                if tx.send(msg).is_err() || stop {
                    return;
                }
            }
        });
        for msg in rx {
            let rows = msg.map_err(|e| read_err(&e))?;
            state.take_chunk(store, rows)?;
            progress(ImportProgress {
                phase: ImportPhase::Reading,
                done: bytes.load(std::sync::atomic::Ordering::Relaxed),
                total,
                rows: state.report.rows,
            });
        }
        producer
            .join()
            .map_err(|_| OpsError::Invalid(Problem::ReadingThreadFailed))
    })?;
    finish(store, state, path, options, progress)
}

/// What the consuming side keeps while rows arrive.
struct State {
    report: ImportReport,
    merge_mode: bool,
    seen: Seen,
    next_id: i64,
}

impl State {
    /// Deduplicates one chunk within the file and stages its new rows.
    fn take_chunk(&mut self, store: &mut Store, rows: Vec<Converted>) -> Result<(), OpsError> {
        let mut pending: Vec<Pending> = Vec::with_capacity(rows.len());
        let mut pending_at: HashMap<i64, usize> = HashMap::new();
        for (result, prepared) in rows {
            self.report.rows += 1;
            let row = match result {
                Ok(row) => row,
                Err(reject) => {
                    self.report.rejected.push(reject);
                    continue;
                }
            };
            for w in row.warnings {
                self.report.warnings += 1;
                if self.report.warning_samples.len() < WARNING_SAMPLES {
                    self.report.warning_samples.push(w);
                }
            }
            let row_keys = keys(&row.lead);
            if let Some(earlier) = self.seen.find(&row_keys) {
                let in_chunk = pending_at.get(&earlier).copied();
                let mut target = match in_chunk {
                    Some(i) => Some(pending[i].lead.clone()),
                    None => store.staged_lead(earlier)?,
                };
                if let Some(t) = target.as_mut().filter(|t| is_duplicate(t, &row.lead)) {
                    self.seen.add(&row_keys, earlier);
                    if !self.merge_mode {
                        self.report.skipped += 1;
                        continue;
                    }
                    self.report.merged += 1;
                    if fill_empty(t, &row.lead).is_empty() {
                        continue;
                    }
                    match in_chunk {
                        Some(i) => {
                            pending[i].lead = t.clone();
                            pending[i].prepared = None;
                        }
                        None => store.stage_replace(earlier, row.line, t)?,
                    }
                    continue;
                }
            }
            let id = self.next_id;
            self.next_id += 1;
            self.seen.add(&row_keys, id);
            pending_at.insert(id, pending.len());
            pending.push(Pending {
                id,
                line: row.line,
                lead: row.lead,
                prepared: prepared.transpose()?,
            });
        }
        let preparer = store.row_preparer();
        for p in &mut pending {
            if p.prepared.is_none() {
                p.prepared = Some(preparer.prepare(&p.lead)?);
            }
        }
        let rows: Vec<(i64, u64, &PreparedRow)> = pending
            .iter()
            .filter_map(|p| p.prepared.as_ref().map(|r| (p.id, p.line, r)))
            .collect();
        store.stage_prepared(&rows)?;
        Ok(())
    }
}

/// Matches against the database and, unless dry, makes the final copy.
fn finish(
    store: &mut Store,
    state: State,
    path: &Path,
    options: &ImportOptions,
    progress: &mut dyn FnMut(ImportProgress),
) -> Result<ImportReport, OpsError> {
    let State {
        mut report,
        merge_mode,
        next_id,
        ..
    } = state;
    let staged = u64::try_from(next_id - 1).unwrap_or(0);
    progress(ImportProgress {
        phase: ImportPhase::Matching,
        done: 0,
        total: staged,
        rows: report.rows,
    });
    let matched = match_existing(store, merge_mode)?;
    let merged_in_file = report.merged;
    // Nothing staged (every row rejected, or none at all): no batch is written, so "failed,
    // nothing changed" holds and `import --list` shows no empty batch.
    if options.dry_run || staged == 0 {
        report.imported = staged - matched;
        if merge_mode {
            report.merged += matched;
        } else {
            report.skipped += matched;
        }
        return Ok(report);
    }
    progress(ImportProgress {
        phase: ImportPhase::Writing,
        done: 0,
        total: staged,
        rows: report.rows,
    });
    let info = BatchInfo {
        file: path.display().to_string(),
        encoding: report.encoding.clone(),
        rows: report.rows,
        merged_in_file,
        skipped: report.skipped,
        rejected: report.rejected.len() as u64,
        at: options.parse.now,
    };
    let mut merge = |current: &Lead, incoming: &Lead| {
        let mut after = current.clone();
        let previous = fill_empty(&mut after, incoming);
        (!previous.is_empty()).then_some((after, Value::Object(previous)))
    };
    let counts = store.stage_commit(&info, !merge_mode, &mut merge, options.fault)?;
    report.batch = Some(counts.batch);
    report.imported = counts.imported;
    report.merged += counts.merged;
    report.skipped = counts.skipped;
    progress(ImportProgress {
        phase: ImportPhase::Writing,
        done: staged,
        total: staged,
        rows: report.rows,
    });
    Ok(report)
}

/// Marks staged rows that duplicate existing leads; returns how many.
fn match_existing(store: &mut Store, merge_mode: bool) -> Result<u64, OpsError> {
    let action = |lead| {
        if merge_mode {
            StagedAction::Merge(lead)
        } else {
            StagedAction::Skip
        }
    };
    let by_email: Vec<(i64, StagedAction)> = store
        .stage_email_matches()?
        .into_iter()
        .map(|(sid, lid)| (sid, action(lid)))
        .collect();
    store.stage_set_actions(&by_email)?;
    let mut by_phone: Vec<(i64, StagedAction)> = Vec::new();
    for (sid, lid) in store.stage_phone_candidates()? {
        if by_phone.last().is_some_and(|(s, _)| *s == sid) {
            continue;
        }
        let (Some(staged), Some(existing)) = (store.staged_lead(sid)?, store.lead(lid)?) else {
            continue;
        };
        let name = name_key(&staged);
        if !name.is_empty() && name == name_key(&existing) {
            by_phone.push((sid, action(lid)));
        }
    }
    store.stage_set_actions(&by_phone)?;
    Ok((by_email.len() + by_phone.len()) as u64)
}

/// What `import-events` did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EventsReport {
    /// Data rows read.
    pub rows: u64,
    /// Events recorded.
    pub recorded: u64,
    /// Rows whose email no lead has: (line, email).
    pub unknown_leads: Vec<(u64, String)>,
    /// Rows refused.
    pub rejected: Vec<Reject>,
    /// The encoding the file was read in.
    pub encoding: String,
}

/// Imports engagement events: each an `event` activity on the lead with that email (outcome =
/// the kind), in one transaction.
pub fn import_events(
    store: &mut Store,
    path: &Path,
    parse: &ParseOptions,
) -> Result<EventsReport, OpsError> {
    use crate::domain::{ActivityKind, NewActivity};
    use crate::io::events::read_events;
    let (rows, encoding) =
        read_events(path, parse).map_err(|e| OpsError::Invalid(Problem::file(path, &e)))?;
    let mut report = EventsReport {
        rows: rows.len() as u64,
        encoding: encoding.to_owned(),
        ..EventsReport::default()
    };
    let mut events = Vec::new();
    for row in rows {
        let e = match row {
            Ok(e) => e,
            Err(r) => {
                report.rejected.push(r);
                continue;
            }
        };
        let lead = match store.find_lead(&e.email) {
            Ok(l) => l,
            Err(crate::store::StoreError::NoSuchLead(_)) => {
                report.unknown_leads.push((e.line, e.email));
                continue;
            }
            Err(other) => return Err(other.into()),
        };
        let activity = NewActivity::new(ActivityKind::Event, e.at)
            .with_outcome(e.kind)
            .with_data(serde_json::json!({ "kind": e.raw_kind, "file": path.display().to_string(), "line": e.line }));
        events.push((lead.id, activity));
    }
    report.recorded = store.record_events(events)?;
    Ok(report)
}
