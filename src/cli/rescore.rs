//! `rescore`: recompute every lead's score, grade, groups and search text after a change of
//! `[scoring]` or `[[groups]]`, with progress on stderr.

use std::io::Write;
use std::time::Instant;

use crate::domain::Lang;
use crate::domain::i18n::TextKey;
use crate::store::{RescoreReport, Store, StoreError};

use super::args::RescoreArgs;
use super::context::Context;

/// Rescoring fewer leads than this prints no progress line.
const QUIET_BELOW: u64 = 50_000;

/// Rescores with the rules already set on the store, reporting progress on `err`.
pub fn run_with_progress(
    store: &mut Store,
    lang: Lang,
    err: &mut impl Write,
) -> Result<RescoreReport, StoreError> {
    run(store, false, lang, err)
}

fn run(
    store: &mut Store,
    full: bool,
    lang: Lang,
    err: &mut impl Write,
) -> Result<RescoreReport, StoreError> {
    let mut shown = false;
    let report = store.rescore(full, |done, total| {
        if total >= QUIET_BELOW {
            let pct = done * 100 / total.max(1);
            let line = lang.fill(
                TextKey::CliProgressLeads,
                &[
                    ("what", &"rescore"),
                    ("done", &done),
                    ("total", &total),
                    ("pct", &pct),
                ],
            );
            let _ = write!(err, "\r{line}");
            let _ = err.flush();
            shown = true;
        }
    })?;
    if shown {
        let _ = writeln!(err);
    }
    Ok(report)
}

/// `rescore [--full]`.
pub fn rescore(
    ctx: &mut Context,
    args: &RescoreArgs,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    let started = Instant::now();
    match run(&mut ctx.store, args.full, ctx.policy.lang, err) {
        Ok(r) => {
            let secs = format!("{:.1}", started.elapsed().as_secs_f64());
            let text = ctx.policy.lang.fill(
                TextKey::CliRescoreDone,
                &[
                    ("count", &r.leads),
                    ("changed", &r.changed),
                    ("secs", &secs),
                ],
            );
            let _ = writeln!(out, "{text}");
            0
        }
        Err(e) => {
            let _ = writeln!(err, "leadbench rescore: {}", e.text(ctx.policy.lang));
            1
        }
    }
}
