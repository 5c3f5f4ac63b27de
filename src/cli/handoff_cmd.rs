//! `qualify`, `escalate`, `handoff export` and `handoff feedback` (SPEC §8, Appendix A).

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde_json::{Value, json};

use crate::config::Config;
use crate::domain::i18n::TextKey;
use crate::domain::qualification::{framework_label, item_label};
use crate::domain::text::sanitize_line;
use crate::domain::when::{local_to_utc, parse_date, parse_when};
use crate::domain::{Lang, Lead, Stage, Ts};
use crate::ops::OpsError;
use crate::ops::escalate::{self, EscalateRequest};
use crate::ops::feedback::{self, FeedbackRequest, FeedbackResult};
use crate::ops::handoff_export::{self, ExportFormat};
use crate::ops::qualify::{self, EvidenceInput, QualifyRequest};

use super::context::{Context, now};

/// `qualify`.
#[derive(Debug, Args)]
pub struct QualifyArgs {
    /// Lead id or email.
    pub lead: String,
    /// ITEM=STATE pairs (bant: budget, authority, need, timeline; meddic: metrics,
    /// economic_buyer, decision_criteria, decision_process, identify_pain, champion; states:
    /// unknown, partial, confirmed, n_a).
    #[arg(required = true, value_name = "ITEM=STATE")]
    pub items: Vec<String>,
    /// Evidence for the items given.
    #[arg(long, value_name = "TEXT")]
    pub evidence: Option<String>,
    /// Quote a journal row of the lead as evidence (its note and date are copied).
    #[arg(long, value_name = "ID")]
    pub from_activity: Option<i64>,
}

/// `escalate`.
#[derive(Debug, Args)]
pub struct EscalateArgs {
    /// Lead id or email.
    pub lead: String,
    /// The field rep: a name from [[handoff.field_reps]] or any name.
    #[arg(long, value_name = "NAME")]
    pub to: String,
    /// The meeting (default: the lead's booked meeting).
    #[arg(long, value_name = "WHEN")]
    pub meeting: Option<String>,
    /// The summary note for field sales.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Escalate although the gate fails, for this written reason (recorded).
    #[arg(long = "override", value_name = "REASON")]
    pub override_reason: Option<String>,
}

/// `handoff`.
#[derive(Debug, Subcommand)]
pub enum HandoffCommand {
    /// Write handoff summaries (md, json, ics, hubspot-csv, salesforce-csv).
    Export(ExportArgs),
    /// Record field sales' feedback: accepted or rejected.
    Feedback(FeedbackArgs),
}

/// `handoff export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Lead ids or emails (default: the leads escalated since --since, else every handed-off lead).
    pub leads: Vec<String>,
    /// Leads escalated since then (a date or any WHEN).
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// md, json, ics, hubspot-csv or salesforce-csv.
    #[arg(long, default_value = "md", value_parser = parse_format)]
    pub format: ExportFormat,
    /// Output: a directory (md, ics: one file per lead) or a file (json, csv; md or ics of one lead).
    #[arg(short = 'o', long = "output", value_name = "PATH")]
    pub output: Option<PathBuf>,
}

/// `handoff feedback`.
#[derive(Debug, Args)]
pub struct FeedbackArgs {
    /// Lead id or email.
    pub lead: String,
    /// accepted or rejected.
    #[arg(value_parser = parse_result)]
    pub result: FeedbackResult,
    /// Why (required for rejected).
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// Where a rejected lead goes: engaged (default) or lost.
    #[arg(long, value_parser = parse_back_stage)]
    pub to: Option<Stage>,
    /// The lost-reason id when it goes to lost (sets the re-engage date).
    #[arg(long, value_name = "ID")]
    pub lost_reason: Option<String>,
}

fn parse_format(s: &str) -> Result<ExportFormat, String> {
    ExportFormat::from_id(s)
        .ok_or_else(|| format!("unknown format {s:?}: md, json, ics, hubspot-csv, salesforce-csv"))
}

fn parse_result(s: &str) -> Result<FeedbackResult, String> {
    FeedbackResult::from_id(s).ok_or_else(|| format!("{s:?}: accepted or rejected"))
}

fn parse_back_stage(s: &str) -> Result<Stage, String> {
    match Stage::from_id(s) {
        Some(st @ (Stage::Engaged | Stage::Lost)) => Ok(st),
        _ => Err(format!("{s:?}: engaged or lost")),
    }
}

fn report(err: &mut impl Write, lang: Lang, cmd: &str, e: &OpsError) -> i32 {
    let _ = writeln!(err, "leadbench {cmd}: {}", e.text(lang));
    e.exit_code()
}

fn find(ctx: &Context, cmd: &str, key: &str, err: &mut impl Write) -> Result<Lead, i32> {
    ctx.store.find_lead(key).map_err(|e| {
        let _ = writeln!(err, "leadbench {cmd}: {}", e.text(ctx.policy.lang));
        1
    })
}

/// `qualification` of `show --json`: `{framework, required, items: {<item>: {state,
/// evidence}}}` with every item of the configured framework.
pub fn qualification_json(config: &Config, lead: &Lead) -> Value {
    let f = config.handoff.framework;
    let items: serde_json::Map<String, Value> = f
        .items()
        .iter()
        .map(|id| {
            let item = lead.qualification.item(id);
            let evidence = item.evidence.as_ref().map_or(Value::Null, |e| {
                json!({
                    "text": e.text,
                    "activity_id": e.activity_id,
                    "at": e.at.map(crate::io::handoff::rfc3339),
                })
            });
            (
                (*id).to_owned(),
                json!({ "state": item.state.id(), "evidence": evidence }),
            )
        })
        .collect();
    json!({
        "framework": f.id(),
        "required": config.handoff.required_items(),
        "items": items,
    })
}

/// `qualify`.
pub fn qualify(
    ctx: &mut Context,
    a: &QualifyArgs,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    let lead = match find(ctx, "qualify", &a.lead, err) {
        Ok(l) => l,
        Err(c) => return c,
    };
    let now = now();
    let updates = match a
        .items
        .iter()
        .map(|t| qualify::parse_update(&ctx.config.handoff, t))
        .collect::<Result<Vec<_>, _>>()
    {
        Ok(u) => u,
        Err(e) => return report(err, ctx.policy.lang, "qualify", &e),
    };
    let req = QualifyRequest {
        updates,
        evidence: EvidenceInput {
            text: a.evidence.clone(),
            activity_id: a.from_activity,
        },
    };
    let lang = ctx.config.ui.language;
    let after = match qualify::qualify(
        &mut ctx.store,
        &ctx.config.handoff,
        lang,
        lead.id,
        None,
        &req,
        now,
    ) {
        Ok(l) => l,
        Err(e) => return report(err, ctx.policy.lang, "qualify", &e),
    };
    let f = ctx.config.handoff.framework;
    let required = ctx.config.handoff.required_items();
    let heading = lang.fill(
        TextKey::CliHandoffQualifyHeading,
        &[("id", &after.id), ("framework", &framework_label(f.id()))],
    );
    let _ = writeln!(out, "{heading}");
    for id in f.items() {
        let item = after.qualification.item(id);
        let ev = item
            .evidence
            .as_ref()
            .map(|e| format!("  “{}”", sanitize_line(&e.text)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {}{:<18} {:<10}{ev}",
            if required.contains(id) { "*" } else { " " },
            item_label(id, lang),
            item.state.label(lang)
        );
    }
    if let Ok(g) = escalate::check_gate(&ctx.store, &ctx.config, &after, now) {
        for r in &g.reasons {
            let _ = writeln!(out, "{}", gate_line(lang, r));
        }
    }
    0
}

/// `escalate`.
pub fn escalate(
    ctx: &mut Context,
    a: &EscalateArgs,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    let lead = match find(ctx, "escalate", &a.lead, err) {
        Ok(l) => l,
        Err(c) => return c,
    };
    let now = now();
    let meeting = match a
        .meeting
        .as_deref()
        .map(|m| parse_when(m, now, ctx.policy.rep_tz))
    {
        None => None,
        Some(Ok(t)) => Some(t),
        Some(Err(e)) => {
            let _ = writeln!(
                err,
                "leadbench escalate: --meeting: {}",
                e.text(ctx.policy.lang)
            );
            return 2;
        }
    };
    let req = EscalateRequest {
        to: a.to.clone(),
        meeting,
        note: a.note.clone().unwrap_or_default(),
        override_reason: a.override_reason.clone(),
    };
    let dir = handoff_export::export_dir(&ctx.config, &ctx.store);
    let done = match escalate::escalate(&mut ctx.store, &ctx.config, &dir, lead.id, None, &req, now)
    {
        Ok(d) => d,
        Err(e) => return report(err, ctx.policy.lang, "escalate", &e),
    };
    let to = if done.to.email.is_empty() {
        sanitize_line(&done.to.name)
    } else {
        format!("{} <{}>", sanitize_line(&done.to.name), done.to.email)
    };
    let lang = ctx.policy.lang;
    let text = lang.fill(
        TextKey::CliHandoffHandedOff,
        &[("id", &done.lead.id), ("to", &to)],
    );
    let _ = writeln!(out, "{text}");
    if let Some(m) = done.lead.meeting_at {
        let at = m
            .with_timezone(&ctx.policy.rep_tz)
            .format("%Y-%m-%d %H:%M %Z");
        let _ = writeln!(
            out,
            "{}",
            lang.fill(TextKey::CliHandoffMeeting, &[("at", &at)])
        );
    }
    for r in &done.gate.reasons {
        let _ = writeln!(out, "{}", gate_line(lang, r));
    }
    if done.overridden {
        let reason = a
            .override_reason
            .as_deref()
            .map(sanitize_line)
            .unwrap_or_default();
        let text = lang.fill(TextKey::CliHandoffGateOverridden, &[("reason", &reason)]);
        let _ = writeln!(out, "{text}");
    }
    for f in &done.files {
        let _ = writeln!(out, "wrote {}", f.display());
    }
    if let Some(e) = done.file_error {
        let _ = writeln!(
            err,
            "leadbench escalate: {}: {e}",
            ctx.policy.lang.text(TextKey::TuiHandoffSummaryNotWritten)
        );
        return 3;
    }
    0
}

/// One failing (or relaxed) gate check under a qualify or escalate summary.
fn gate_line(lang: Lang, reason: &dyn std::fmt::Display) -> String {
    lang.fill(TextKey::CliHandoffGate, &[("reason", reason)])
}

fn since(text: &str, ctx: &Context, now: Ts) -> Result<Ts, String> {
    if let Ok(d) = parse_date(text) {
        return Ok(local_to_utc(
            d.and_time(chrono::NaiveTime::MIN),
            ctx.policy.rep_tz,
        ));
    }
    parse_when(text, now, ctx.policy.rep_tz).map_err(|e| e.text(ctx.policy.lang))
}

/// `handoff export`.
pub fn export(
    ctx: &mut Context,
    a: &ExportArgs,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    let now = now();
    let mut ids = Vec::new();
    for key in &a.leads {
        match find(ctx, "handoff export", key, err) {
            Ok(l) => ids.push(l.id),
            Err(c) => return c,
        }
    }
    if ids.is_empty() {
        let from = match a.since.as_deref().map(|s| since(s, ctx, now)).transpose() {
            Ok(f) => f,
            Err(e) => {
                let _ = writeln!(err, "leadbench handoff export: --since: {e}");
                return 2;
            }
        };
        ids = match handoff_export::default_selection(&ctx.store, from) {
            Ok(ids) => ids,
            Err(e) => return report(err, ctx.policy.lang, "handoff export", &e),
        };
        if ids.is_empty() {
            let _ = writeln!(
                err,
                "leadbench handoff export: {}",
                ctx.policy.lang.text(TextKey::CliHandoffNothingToExport)
            );
            return 0;
        }
    }
    let dir = handoff_export::export_dir(&ctx.config, &ctx.store);
    let done = match handoff_export::export(
        &ctx.store,
        &ctx.config,
        &ids,
        a.format,
        a.output.as_deref(),
        &dir,
        now,
    ) {
        Ok(d) => d,
        Err(e) => return report(err, ctx.policy.lang, "handoff export", &e),
    };
    for f in &done.files {
        let _ = writeln!(out, "wrote {}", f.display());
    }
    for (id, why) in &done.skipped {
        let text = ctx
            .policy
            .lang
            .fill(TextKey::CliHandoffSkipped, &[("id", id), ("why", why)]);
        let _ = writeln!(err, "leadbench handoff export: {text}");
    }
    match (done.files.is_empty(), done.skipped.is_empty()) {
        (_, true) => 0,
        (false, false) => 3,
        (true, false) => 1,
    }
}

/// `handoff feedback`.
pub fn feedback(
    ctx: &mut Context,
    a: &FeedbackArgs,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    let lead = match find(ctx, "handoff feedback", &a.lead, err) {
        Ok(l) => l,
        Err(c) => return c,
    };
    let req = FeedbackRequest {
        result: a.result,
        reason: a.reason.clone().unwrap_or_default(),
        to: a.to,
        lost_reason: a.lost_reason.clone(),
    };
    match feedback::feedback(&mut ctx.store, &ctx.config, lead.id, None, &req, now()) {
        Ok(l) => {
            let lang = ctx.policy.lang;
            let text = match a.result {
                FeedbackResult::Accepted => {
                    lang.fill(TextKey::CliHandoffAccepted, &[("id", &l.id)])
                }
                FeedbackResult::Rejected => {
                    let reengage = l.reengage_on.map_or(String::new(), |d| {
                        lang.fill(TextKey::CliHandoffReengage, &[("date", &d)])
                    });
                    lang.fill(
                        TextKey::CliHandoffRejected,
                        &[
                            ("id", &l.id),
                            ("stage", &l.stage.id()),
                            ("reengage", &reengage),
                        ],
                    )
                }
            };
            let _ = writeln!(out, "{text}");
            0
        }
        Err(e) => report(err, ctx.policy.lang, "handoff feedback", &e),
    }
}
