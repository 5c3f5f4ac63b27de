//! `export`: CSV (spreadsheet-safe unless `--raw`; UTF-8 with BOM or CP932), JSON or JSON Lines,
//! to a private file or stdout, streamed page by page.

use std::io::Write;

use serde_json::json;

use crate::domain::Lang;
use crate::domain::export::ExportBatch;
use crate::domain::i18n::TextKey;
use crate::io::export::Sink;
use crate::io::export::csv::{CsvEncoding, CsvExport, CsvOptions};
use crate::io::export::json::JsonWriter;
use crate::ops::OpsError;
use crate::ops::export::{
    export_keys, for_each_batch, for_each_batch_on_two_threads, for_each_lead,
};
use crate::store::ExportFilter;

use super::args::ExportArgs;
use super::context::{Context, now};

/// Why an export stopped.
enum Stop {
    Io(std::io::Error),
    Ops(OpsError),
}

impl From<OpsError> for Stop {
    fn from(e: OpsError) -> Stop {
        Stop::Ops(e)
    }
}

impl From<std::io::Error> for Stop {
    fn from(e: std::io::Error) -> Stop {
        Stop::Io(e)
    }
}

/// `export`.
pub fn export(
    ctx: &mut Context,
    a: &ExportArgs,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    let _ = out;
    let lang = ctx.policy.lang;
    let encoding = match a.encoding.to_ascii_lowercase().replace('_', "-").as_str() {
        "utf-8" | "utf8" => CsvEncoding::Utf8Bom,
        "cp932" | "shift-jis" | "sjis" | "ms932" | "windows-31j" => CsvEncoding::Cp932,
        other => {
            let text = lang.fill(
                TextKey::CliExportBadEncoding,
                &[("value", &format!("{other:?}"))],
            );
            let _ = writeln!(err, "leadbench export: {text}");
            return 2;
        }
    };
    if a.format != "csv" && (a.raw || encoding == CsvEncoding::Cp932) {
        let _ = writeln!(
            err,
            "leadbench export: {}",
            lang.text(TextKey::CliExportCsvOnly)
        );
        return 2;
    }
    let filter = ExportFilter {
        stage: a.stage,
        group: a.group.clone(),
    };
    let spool = encoding == CsvEncoding::Cp932;
    let sink = match Sink::open(a.output.as_deref(), spool) {
        Ok(s) => s,
        Err(e) => {
            let target = a
                .output
                .as_ref()
                .map_or("stdout".into(), |p| p.display().to_string());
            let _ = writeln!(err, "leadbench export: {target}: {e}");
            return 1;
        }
    };
    let result = match a.format.as_str() {
        "csv" => write_csv(ctx, &filter, a.raw, encoding, sink),
        f => write_json(ctx, &filter, f == "jsonl", sink),
    };
    match result {
        Ok((n, sink)) => match sink.finish() {
            Ok(()) => {
                if let Some(p) = &a.output {
                    let text = lang.fill(
                        TextKey::CliExportExported,
                        &[("count", &n), ("path", &p.display())],
                    );
                    let _ = writeln!(err, "{text}");
                }
                0
            }
            Err(e) => {
                let _ = writeln!(err, "leadbench export: {e}");
                1
            }
        },
        Err(message) => {
            let _ = writeln!(err, "leadbench export: {message}");
            1
        }
    }
}

/// Why the export stopped, in the rep's language where leadbench says it (an OS error reads as
/// the OS wrote it).
fn stop_message(lang: Lang, s: Stop) -> String {
    match s {
        Stop::Io(e) => e.to_string(),
        Stop::Ops(e) => e.text(lang),
    }
}

fn write_csv(
    ctx: &Context,
    filter: &ExportFilter,
    raw: bool,
    encoding: CsvEncoding,
    sink: Sink,
) -> Result<(u64, Sink), String> {
    let (external, extra) = export_keys(&ctx.store, filter).map_err(|e| e.text(ctx.policy.lang))?;
    let options = CsvOptions {
        raw,
        encoding,
        tz: ctx.policy.rep_tz,
    };
    // Straight to stdout the rows are written on this thread: the command's caller may hold
    // stdout's lock, which a second thread would wait for forever.
    let on_this_thread = sink.is_stdout();
    let mut csv = CsvExport::new(sink, options, external, extra).map_err(|e| e.to_string())?;
    let write = |batch: &ExportBatch| -> Result<(), Stop> {
        csv.write_batch(batch)?;
        Ok(())
    };
    let n = if on_this_thread {
        for_each_batch(&ctx.store, filter, write)
    } else {
        for_each_batch_on_two_threads(&ctx.store, filter, write)
    }
    .map_err(|s| stop_message(ctx.policy.lang, s))?;
    if !csv.failures().is_empty() {
        // The temporary file is dropped unrenamed: nothing is written.
        let heading = ctx.policy.lang.fill(
            TextKey::CliExportCp932Failures,
            &[("count", &csv.failures().len())],
        );
        return Err(format!("{heading}\n  {}", csv.failures().join("\n  ")));
    }
    let sink = csv.finish().map_err(|e| e.to_string())?;
    Ok((n, sink))
}

fn write_json(
    ctx: &Context,
    filter: &ExportFilter,
    lines: bool,
    sink: Sink,
) -> Result<(u64, Sink), String> {
    let now = now();
    let mut w = JsonWriter::new(sink, lines);
    let rules = ctx.store.scoring();
    let n = for_each_lead(&ctx.store, filter, |lead| -> Result<(), Stop> {
        let mut v = super::json::lead(lead, &ctx.policy, rules, now);
        v["extra"] = json!(lead.extra);
        v["notes"] = json!(lead.notes);
        w.write(&v)?;
        Ok(())
    })
    .map_err(|s| stop_message(ctx.policy.lang, s))?;
    let sink = w.finish().map_err(|e| e.to_string())?;
    Ok((n, sink))
}
