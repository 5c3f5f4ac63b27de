//! `import` (with `--list` and `--revert`), `import-events` and `merge`.

use std::io::{IsTerminal, Write};

use serde_json::json;

use crate::domain::Lang;
use crate::domain::i18n::TextKey;
use crate::io::import::encoding::{LABELS, for_label};
use crate::io::import::{DateOrder, Reject};
use crate::ops::OpsError;
use crate::ops::import::{
    ImportOptions, ImportPhase, ImportProgress, ImportReport, OnDuplicate, import_file,
};
use crate::store::RevertOutcome;

use super::args::{ImportArgs, ImportEventsArgs, MergeArgs};
use super::context::{Context, now};

/// Reads `--encoding`.
pub(super) fn encoding_arg(
    lang: Lang,
    cmd: &str,
    label: Option<&str>,
    err: &mut impl Write,
) -> Result<Option<&'static encoding_rs::Encoding>, i32> {
    match label {
        None => Ok(None),
        Some(l) => for_label(l).map(Some).ok_or_else(|| {
            let text = lang.fill(
                TextKey::CliImportUnknownEncoding,
                &[("label", &format!("{l:?}")), ("labels", &LABELS)],
            );
            let _ = writeln!(err, "leadbench {cmd}: {text}");
            2
        }),
    }
}

/// `import`.
pub fn import(
    ctx: &mut Context,
    a: &ImportArgs,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    let lang = ctx.policy.lang;
    if a.list {
        return list(ctx, a.json, out, err);
    }
    if let Some(batch) = a.revert {
        return revert(ctx, batch, out, err);
    }
    let Some(path) = &a.file else {
        let _ = writeln!(
            err,
            "leadbench import: {}",
            lang.text(TextKey::CliImportNeedsFile)
        );
        return 2;
    };
    // A colleague's transfer bundle (SPEC §9) arrives with its history.
    if crate::ops::transfer::is_bundle(path) {
        return match crate::ops::transfer::import_bundle(&mut ctx.store, path, now()) {
            Ok(r) => {
                if a.json {
                    let _ = writeln!(
                        out,
                        "{}",
                        serde_json::json!({
                            "bundle": true, "from": r.from, "to": r.to,
                            "imported": r.ids.len(), "ids": r.ids, "activities": r.activities,
                        })
                    );
                } else {
                    let text = lang.fill(
                        TextKey::CliImportBundle,
                        &[
                            ("count", &r.ids.len()),
                            ("rows", &r.activities),
                            ("from", &crate::domain::text::sanitize_line(&r.from)),
                        ],
                    );
                    let _ = writeln!(out, "{text}");
                }
                0
            }
            Err(e) => {
                let _ = writeln!(
                    err,
                    "leadbench import: {}: {}",
                    path.display(),
                    e.text(ctx.policy.lang)
                );
                e.exit_code()
            }
        };
    }
    let mut options = ImportOptions::new(&ctx.config, now());
    options.parse.encoding = match encoding_arg(lang, "import", a.encoding.as_deref(), err) {
        Ok(e) => e,
        Err(code) => return code,
    };
    options.parse.date_order = a.date_order.as_deref().and_then(DateOrder::from_id);
    for m in &a.map {
        let Some((h, f)) = m.rsplit_once('=') else {
            let text = lang.fill(TextKey::CliImportBadMap, &[("map", &format!("{m:?}"))]);
            let _ = writeln!(err, "leadbench import: {text}");
            return 2;
        };
        // A field that does not exist is a usage error, known before the file is opened.
        if crate::io::import::Field::from_id(f.trim()).is_none() {
            let text = lang.fill(
                TextKey::CliImportUnknownMapField,
                &[
                    ("map", &format!("{m:?}")),
                    ("field", &format!("{:?}", f.trim())),
                    ("fields", &crate::io::import::header::MAP_FIELDS),
                ],
            );
            let _ = writeln!(err, "leadbench import: {text}");
            return 2;
        }
        options
            .parse
            .maps
            .push((h.trim().to_owned(), f.trim().to_owned()));
    }
    options.on_duplicate = if a.on_duplicate == "skip" {
        OnDuplicate::Skip
    } else {
        OnDuplicate::Merge
    };
    options.dry_run = a.dry_run;
    let show_bar = a.progress || std::io::stderr().is_terminal();
    let mut bar = |p: ImportProgress| {
        if show_bar {
            let _ = write!(err, "\r{}", progress_line(p, lang));
            let _ = err.flush();
        }
    };
    let result = import_file(&mut ctx.store, path, &options, &mut bar);
    if show_bar {
        let _ = writeln!(err);
    }
    match result {
        Ok(report) => print_report(lang, &report, a.json, out, err),
        Err(e) => {
            let _ = writeln!(err, "leadbench import: {}", e.text(ctx.policy.lang));
            match e {
                OpsError::Invalid(_) => 1,
                e => e.exit_code(),
            }
        }
    }
}

/// The progress line: a bar while reading, then the step.
fn progress_line(p: ImportProgress, lang: crate::domain::Lang) -> String {
    let pct = (p.done.min(p.total) * 100)
        .checked_div(p.total)
        .unwrap_or(0);
    let filled = usize::try_from(pct / 5).unwrap_or(20);
    let step = lang.text(match p.phase {
        ImportPhase::Reading => TextKey::CliProgressReading,
        ImportPhase::Matching => TextKey::CliProgressMatching,
        ImportPhase::Writing => TextKey::CliProgressWriting,
    });
    let text = lang.fill(
        TextKey::CliProgressRows,
        &[
            ("pct", &format!("{pct:>3}")),
            ("rows", &p.rows),
            ("step", &step),
        ],
    );
    format!(
        "[{}{}] {text}   ",
        "#".repeat(filled),
        ".".repeat(20 - filled.min(20)),
    )
}

/// Exit code of SPEC Appendix A: 3 when some rows were rejected and others imported, 1 when
/// every row was rejected.
fn exit_code(r: &ImportReport) -> i32 {
    let done = r.imported + r.merged + r.skipped;
    match (r.rejected.is_empty(), done) {
        (true, _) => 0,
        (false, 0) => 1,
        (false, _) => 3,
    }
}

/// The report as `import --json` prints it (SPEC Appendix B).
pub fn report_json(r: &ImportReport) -> serde_json::Value {
    json!({
        "batch": r.batch,
        "rows": r.rows,
        "imported": r.imported,
        "merged": r.merged,
        "skipped": r.skipped,
        "rejected": r.rejected,
        "warnings": r.warnings,
        "warning_samples": r.warning_samples,
        "encoding": r.encoding,
        "dry_run": r.dry_run,
    })
}

fn print_report(
    lang: Lang,
    r: &ImportReport,
    as_json: bool,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    if as_json {
        let _ = writeln!(out, "{:#}", report_json(r));
        return exit_code(r);
    }
    let summary = if r.dry_run {
        TextKey::CliImportSummaryDryRun
    } else {
        TextKey::CliImportSummary
    };
    let batch = r.batch.map_or(String::new(), |b| {
        lang.fill(TextKey::CliImportBatch, &[("batch", &b)])
    });
    let text = lang.fill(
        summary,
        &[
            ("imported", &r.imported),
            ("batch", &batch),
            ("merged", &r.merged),
            ("skipped", &r.skipped),
            ("rejected", &r.rejected.len()),
            ("rows", &r.rows),
            ("encoding", &r.encoding),
        ],
    );
    let _ = writeln!(out, "{text}");
    for rej in &r.rejected {
        let _ = writeln!(err, "{}", reject_line(lang, rej));
    }
    if r.warnings > 0 {
        let text = lang.fill(TextKey::CliImportWarnings, &[("count", &r.warnings)]);
        let _ = writeln!(err, "{text}");
        for w in &r.warning_samples {
            let _ = writeln!(err, "  {}", w.text(lang));
        }
    }
    exit_code(r)
}

/// A rejected row as the human summary lists it: its line and the reason in `lang`.
fn reject_line(lang: Lang, rej: &Reject) -> String {
    lang.fill(
        TextKey::CliImportLine,
        &[("line", &rej.line), ("reason", &rej.reason.text(lang))],
    )
}

fn list(ctx: &Context, as_json: bool, out: &mut impl Write, err: &mut impl Write) -> i32 {
    let batches = match ctx.store.import_batches() {
        Ok(b) => b,
        Err(e) => {
            let _ = writeln!(err, "leadbench import --list: {}", e.text(ctx.policy.lang));
            return 1;
        }
    };
    let tz = ctx.policy.rep_tz;
    let lang = ctx.policy.lang;
    if as_json {
        let v: Vec<serde_json::Value> = batches
            .iter()
            .map(|b| {
                json!({
                    "batch": b.id, "at": super::json::time(Some(b.at), tz), "file": b.file,
                    "encoding": b.encoding, "rows": b.rows, "imported": b.imported,
                    "merged": b.merged, "skipped": b.skipped, "rejected": b.rejected,
                    "reverted_at": super::json::time(b.reverted_at, tz),
                })
            })
            .collect();
        let _ = writeln!(out, "{:#}", serde_json::Value::Array(v));
        return 0;
    }
    if batches.is_empty() {
        let _ = writeln!(out, "{}", lang.text(TextKey::CliImportNoneYet));
    }
    for b in &batches {
        let state = b.reverted_at.map_or(String::new(), |t| {
            let at = t.with_timezone(&tz).format("%Y-%m-%d %H:%M");
            lang.fill(TextKey::CliImportBatchReverted, &[("at", &at)])
        });
        let counts = lang.fill(
            TextKey::CliImportBatchCounts,
            &[
                ("rows", &b.rows),
                ("imported", &b.imported),
                ("merged", &b.merged),
                ("skipped", &b.skipped),
                ("rejected", &b.rejected),
            ],
        );
        let _ = writeln!(
            out,
            "{:>4}  {}  {}  {counts}{state}",
            b.id,
            b.at.with_timezone(&tz).format("%Y-%m-%d %H:%M"),
            b.file,
        );
    }
    0
}

fn revert(ctx: &mut Context, batch: i64, out: &mut impl Write, err: &mut impl Write) -> i32 {
    let lang = ctx.policy.lang;
    match ctx.store.revert_import(batch, now()) {
        Ok(RevertOutcome::Reverted { removed, restored }) => {
            let text = lang.fill(
                TextKey::CliImportReverted,
                &[
                    ("batch", &batch),
                    ("removed", &removed),
                    ("restored", &restored),
                ],
            );
            let _ = writeln!(out, "{text}");
            0
        }
        Ok(RevertOutcome::Refused(ids)) => {
            let list: Vec<String> = ids.iter().map(ToString::to_string).collect();
            let text = lang.fill(
                TextKey::CliImportRevertRefused,
                &[("ids", &list.join(", "))],
            );
            let _ = writeln!(err, "leadbench import --revert {batch}: {text}");
            4
        }
        Ok(RevertOutcome::NoSuchBatch) => {
            let text = lang.fill(TextKey::CliImportNoBatch, &[("batch", &batch)]);
            let _ = writeln!(err, "leadbench import --revert: {text}");
            1
        }
        Ok(RevertOutcome::AlreadyReverted) => {
            let text = lang.fill(TextKey::CliImportAlreadyReverted, &[("batch", &batch)]);
            let _ = writeln!(err, "leadbench import --revert: {text}");
            1
        }
        Err(e) => {
            let _ = writeln!(
                err,
                "leadbench import --revert {batch}: {}",
                e.text(ctx.policy.lang)
            );
            1
        }
    }
}

/// `import-events`.
pub fn import_events(
    ctx: &mut Context,
    a: &ImportEventsArgs,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    let lang = ctx.policy.lang;
    let encoding = match encoding_arg(lang, "import-events", a.encoding.as_deref(), err) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let mut options = ImportOptions::new(&ctx.config, now());
    options.parse.encoding = encoding;
    match crate::ops::import::import_events(&mut ctx.store, &a.file, &options.parse) {
        Ok(r) => {
            if a.json {
                let _ = writeln!(
                    out,
                    "{:#}",
                    json!({
                        "rows": r.rows, "recorded": r.recorded,
                        "unknown_leads": r.unknown_leads.iter().map(|(line, email)| json!({"line": line, "email": email})).collect::<Vec<_>>(),
                        "rejected": r.rejected,
                    })
                );
            } else {
                let text = lang.fill(
                    TextKey::CliImportEventsRecorded,
                    &[("recorded", &r.recorded), ("rows", &r.rows)],
                );
                let _ = writeln!(out, "{text}");
                for (line, email) in &r.unknown_leads {
                    let text = lang.fill(
                        TextKey::CliImportUnknownLead,
                        &[("line", line), ("email", email)],
                    );
                    let _ = writeln!(err, "{text}");
                }
                for rej in &r.rejected {
                    let _ = writeln!(err, "{}", reject_line(lang, rej));
                }
            }
            let refused = r.rejected.len() + r.unknown_leads.len();
            match (refused, r.recorded) {
                (0, _) => 0,
                (_, 0) => 1,
                _ => 3,
            }
        }
        Err(e) => {
            let _ = writeln!(err, "leadbench import-events: {}", e.text(ctx.policy.lang));
            1
        }
    }
}

/// `merge`.
pub fn merge(ctx: &mut Context, a: &MergeArgs, out: &mut impl Write, err: &mut impl Write) -> i32 {
    let find = |key: &str| ctx.store.find_lead(key);
    let (keep, other) = match (find(&a.keep), find(&a.other)) {
        (Ok(k), Ok(o)) => (k, o),
        (Err(e), _) | (_, Err(e)) => {
            let _ = writeln!(err, "leadbench merge: {}", e.text(ctx.policy.lang));
            return 1;
        }
    };
    match crate::ops::merge::merge_leads(&mut ctx.store, &ctx.policy, keep.id, other.id, now()) {
        Ok(l) => {
            let text = ctx.policy.lang.fill(
                TextKey::CliImportMerged,
                &[
                    ("other", &other.id),
                    ("id", &l.id),
                    (
                        "name",
                        &crate::domain::text::sanitize_line(&l.display_name()),
                    ),
                ],
            );
            let _ = writeln!(out, "{text}");
            0
        }
        Err(e) => {
            let _ = writeln!(err, "leadbench merge: {}", e.text(ctx.policy.lang));
            e.exit_code()
        }
    }
}
