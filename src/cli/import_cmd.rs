//! `import` (with `--list` and `--revert`), `import-events` and `merge`.

use std::io::{IsTerminal, Write};

use serde_json::json;

use crate::io::import::DateOrder;
use crate::io::import::encoding::{LABELS, for_label};
use crate::ops::OpsError;
use crate::ops::import::{
    ImportOptions, ImportPhase, ImportProgress, ImportReport, OnDuplicate, import_file,
};
use crate::store::RevertOutcome;

use super::args::{ImportArgs, ImportEventsArgs, MergeArgs};
use super::context::{Context, now};

/// Reads `--encoding`.
pub(super) fn encoding_arg(
    cmd: &str,
    label: Option<&str>,
    err: &mut impl Write,
) -> Result<Option<&'static encoding_rs::Encoding>, i32> {
    match label {
        None => Ok(None),
        Some(l) => for_label(l).map(Some).ok_or_else(|| {
            let _ = writeln!(
                err,
                "leadbench {cmd}: --encoding: unknown encoding {l:?}; use {LABELS}"
            );
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
    if a.list {
        return list(ctx, a.json, out, err);
    }
    if let Some(batch) = a.revert {
        return revert(ctx, batch, out, err);
    }
    let Some(path) = &a.file else {
        let _ = writeln!(
            err,
            "leadbench import: give a FILE, --list or --revert BATCH"
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
                    let _ = writeln!(
                        out,
                        "imported {} leads with {} journal rows from {}'s bundle",
                        r.ids.len(),
                        r.activities,
                        crate::domain::text::sanitize_line(&r.from)
                    );
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
    options.parse.encoding = match encoding_arg("import", a.encoding.as_deref(), err) {
        Ok(e) => e,
        Err(code) => return code,
    };
    options.parse.date_order = a.date_order.as_deref().and_then(DateOrder::from_id);
    for m in &a.map {
        let Some((h, f)) = m.rsplit_once('=') else {
            let _ = writeln!(
                err,
                "leadbench import: --map {m:?}: write it as \"Header=field\""
            );
            return 2;
        };
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
            let _ = write!(err, "\r{}", progress_line(p));
            let _ = err.flush();
        }
    };
    let result = import_file(&mut ctx.store, path, &options, &mut bar);
    if show_bar {
        let _ = writeln!(err);
    }
    match result {
        Ok(report) => print_report(&report, a.json, out, err),
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
fn progress_line(p: ImportProgress) -> String {
    let pct = (p.done.min(p.total) * 100)
        .checked_div(p.total)
        .unwrap_or(0);
    let filled = usize::try_from(pct / 5).unwrap_or(20);
    let step = match p.phase {
        ImportPhase::Reading => "reading",
        ImportPhase::Matching => "matching duplicates",
        ImportPhase::Writing => "writing (the database waits)",
    };
    format!(
        "[{}{}] {pct:>3}% {} rows — {step}   ",
        "#".repeat(filled),
        ".".repeat(20 - filled.min(20)),
        p.rows
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
    r: &ImportReport,
    as_json: bool,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    if as_json {
        let _ = writeln!(out, "{:#}", report_json(r));
        return exit_code(r);
    }
    let what = if r.dry_run {
        "would import"
    } else {
        "imported"
    };
    let batch = r.batch.map_or(String::new(), |b| format!(" (batch {b})"));
    let _ = writeln!(
        out,
        "{what} {} leads{batch}: {} merged, {} skipped, {} rejected of {} rows; encoding {}",
        r.imported,
        r.merged,
        r.skipped,
        r.rejected.len(),
        r.rows,
        r.encoding
    );
    for rej in &r.rejected {
        let _ = writeln!(err, "  line {}: {}", rej.line, rej.reason);
    }
    if r.warnings > 0 {
        let _ = writeln!(err, "{} warnings:", r.warnings);
        for w in &r.warning_samples {
            let _ = writeln!(err, "  {w}");
        }
    }
    exit_code(r)
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
        let _ = writeln!(out, "no imports yet");
    }
    for b in &batches {
        let state = b.reverted_at.map_or(String::new(), |t| {
            format!(
                "  reverted {}",
                t.with_timezone(&tz).format("%Y-%m-%d %H:%M")
            )
        });
        let _ = writeln!(
            out,
            "{:>4}  {}  {}  rows {} imported {} merged {} skipped {} rejected {}{state}",
            b.id,
            b.at.with_timezone(&tz).format("%Y-%m-%d %H:%M"),
            b.file,
            b.rows,
            b.imported,
            b.merged,
            b.skipped,
            b.rejected
        );
    }
    0
}

fn revert(ctx: &mut Context, batch: i64, out: &mut impl Write, err: &mut impl Write) -> i32 {
    match ctx.store.revert_import(batch, now()) {
        Ok(RevertOutcome::Reverted { removed, restored }) => {
            let _ = writeln!(
                out,
                "reverted batch {batch}: removed {removed} leads, restored {restored}"
            );
            0
        }
        Ok(RevertOutcome::Refused(ids)) => {
            let list: Vec<String> = ids.iter().map(ToString::to_string).collect();
            let _ = writeln!(
                err,
                "leadbench import --revert {batch}: refused: these leads were worked since the import: {}",
                list.join(", ")
            );
            4
        }
        Ok(RevertOutcome::NoSuchBatch) => {
            let _ = writeln!(
                err,
                "leadbench import --revert: no batch {batch} (see import --list)"
            );
            1
        }
        Ok(RevertOutcome::AlreadyReverted) => {
            let _ = writeln!(
                err,
                "leadbench import --revert: batch {batch} was reverted already"
            );
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
    let encoding = match encoding_arg("import-events", a.encoding.as_deref(), err) {
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
                let _ = writeln!(out, "recorded {} events of {} rows", r.recorded, r.rows);
                for (line, email) in &r.unknown_leads {
                    let _ = writeln!(err, "  line {line}: no lead with email {email}");
                }
                for rej in &r.rejected {
                    let _ = writeln!(err, "  line {}: {}", rej.line, rej.reason);
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
            let _ = writeln!(
                out,
                "merged lead {} into lead {} ({})",
                other.id,
                l.id,
                l.display_name()
            );
            0
        }
        Err(e) => {
            let _ = writeln!(err, "leadbench merge: {}", e.text(ctx.policy.lang));
            e.exit_code()
        }
    }
}
