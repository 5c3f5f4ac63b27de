//! Runtime handlers of the handoff effects (SPEC §8): loading the escalation form's data,
//! saving qualification then escalating, field-sales feedback, summary export and the
//! capacity shown in the top bar.

use std::path::{Path, PathBuf};

use crate::app::{EscalationData, EscalationPlan, LeadRef, Msg, Quote};
use crate::cli::Context;
use crate::domain::i18n::TextKey;
use crate::domain::text::sanitize_line;
use crate::domain::{Lead, LeadId, Stage, Ts};
use crate::ops::OpsError;
use crate::ops::escalate::{self, EscalateRequest};
use crate::ops::feedback::{self, FeedbackRequest, FeedbackResult};
use crate::ops::handoff_export::{self, ExportFormat};
use crate::ops::qualify::{self, EvidenceInput, ItemUpdate, QualifyRequest};

/// Call notes offered as evidence, newest first.
const QUOTES: usize = 30;

fn name_of(lead: &Lead) -> String {
    sanitize_line(&lead.display_name())
}

/// Field sales' capacity for the top bar (nothing when it cannot be read).
pub fn capacity(
    store: &crate::store::Store,
    config: &crate::config::Config,
    now: Ts,
) -> Option<Msg> {
    escalate::capacity(store, config, now)
        .ok()
        .map(|c| Msg::Capacity(c.short))
}

/// Reads what the escalation form needs.
pub fn open_escalation(ctx: &Context, id: LeadId, now: Ts) -> Result<Vec<Msg>, OpsError> {
    let Some(lead) = ctx.store.lead(id)? else {
        return Ok(Vec::new());
    };
    let h = &ctx.config.handoff;
    let quotes = qualify::evidence_candidates(&ctx.store, id)?
        .into_iter()
        .take(QUOTES)
        .map(|a| Quote {
            activity_id: a.id,
            at: a.at,
            note: a.note,
        })
        .collect();
    let data = EscalationData {
        lead: LeadRef {
            id,
            version: Some(lead.version),
            name: name_of(&lead),
        },
        stage: lead.stage,
        score: lead.score,
        meeting_at: lead.meeting_at,
        items: h
            .framework
            .items()
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
        gate: escalate::gate_config(h),
        used: escalate::escalations_this_week(&ctx.store, &ctx.config, now)?,
        quotes,
        field_reps: h.field_reps.iter().map(|r| r.name.clone()).collect(),
        qualification: lead.qualification,
    };
    Ok(vec![Msg::EscalationData(Box::new(data))])
}

/// `dir/handoff-12.{md,json,ics}` when the files share a directory and a stem, else a list.
fn files_text(files: &[PathBuf]) -> String {
    let stem = |p: &PathBuf| {
        (
            p.parent().map(Path::to_path_buf),
            p.file_stem().map(|s| s.to_owned()),
        )
    };
    match files {
        [] => String::new(),
        [one] => one.display().to_string(),
        [first, rest @ ..] if rest.iter().all(|p| stem(p) == stem(first)) => {
            let exts: Vec<String> = files
                .iter()
                .filter_map(|p| p.extension().map(|e| e.to_string_lossy().into_owned()))
                .collect();
            format!(
                "{}.{{{}}}",
                first.with_extension("").display(),
                exts.join(",")
            )
        }
        [first, ..] => {
            let dir = first
                .parent()
                .map_or(String::new(), |d| d.display().to_string());
            let names: Vec<String> = files
                .iter()
                .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .collect();
            format!("{dir}/{{{}}}", names.join(", "))
        }
    }
}

/// Saves the form's qualification changes (items sharing new evidence in one write), then
/// escalates; the status names the stage and the summary files written.
pub fn escalate(ctx: &mut Context, plan: &EscalationPlan, now: Ts) -> Result<Vec<Msg>, OpsError> {
    let lang = ctx.config.ui.language;
    let mut version = plan.version;
    // Items sharing the same new evidence are saved together: one undoable write per group.
    let mut groups: Vec<(EvidenceInput, Vec<ItemUpdate>)> = Vec::new();
    for c in &plan.items {
        let evidence = EvidenceInput {
            text: c.text.clone(),
            activity_id: c.activity_id,
        };
        let update = ItemUpdate {
            item: c.item.clone(),
            state: c.state,
        };
        match groups.iter_mut().find(|(e, _)| *e == evidence) {
            Some((_, updates)) => updates.push(update),
            None => groups.push((evidence, vec![update])),
        }
    }
    for (evidence, updates) in groups {
        let req = QualifyRequest { updates, evidence };
        let handoff = &ctx.config.handoff;
        let lead = qualify::qualify(&mut ctx.store, handoff, lang, plan.id, version, &req, now)?;
        version = Some(lead.version);
    }
    let dir = handoff_export::export_dir(&ctx.config, &ctx.store);
    let req = EscalateRequest {
        to: plan.to.clone(),
        meeting: plan.meeting,
        note: plan.note.clone(),
        override_reason: plan.override_reason.clone(),
    };
    let done = escalate::escalate(
        &mut ctx.store,
        &ctx.config,
        &dir,
        plan.id,
        version,
        &req,
        now,
    )?;
    let mut status = format!(
        "{} → {} ({})",
        name_of(&done.lead),
        done.lead.stage.label(lang),
        sanitize_line(&done.to.name)
    );
    if done.overridden {
        status.push_str(lang.text(TextKey::TuiHandoffGateOverridden));
    }
    if !done.files.is_empty() {
        status.push_str(&format!(
            " · {}: {}",
            lang.text(TextKey::TuiHandoffSummary),
            files_text(&done.files)
        ));
    }
    let mut msgs = vec![Msg::Written {
        status,
        select: None,
    }];
    if let Some(e) = done.file_error {
        msgs.push(Msg::Failed(format!(
            "{}: {e}",
            lang.text(TextKey::TuiHandoffSummaryNotWritten)
        )));
    }
    Ok(msgs)
}

/// What field sales said, as the form gave it.
#[derive(Debug)]
pub struct FeedbackInput {
    /// The lead.
    pub id: LeadId,
    /// The version seen.
    pub version: Option<i64>,
    /// Accepted (else rejected).
    pub accepted: bool,
    /// Why.
    pub reason: String,
    /// Where a rejected lead goes.
    pub to: Option<Stage>,
    /// The lost-reason id.
    pub lost_reason: Option<String>,
}

/// Records field sales' feedback.
pub fn feedback(ctx: &mut Context, f: FeedbackInput, now: Ts) -> Result<Vec<Msg>, OpsError> {
    let lang = ctx.config.ui.language;
    let req = FeedbackRequest {
        result: if f.accepted {
            FeedbackResult::Accepted
        } else {
            FeedbackResult::Rejected
        },
        reason: f.reason,
        to: f.to,
        lost_reason: f.lost_reason,
    };
    let lead = feedback::feedback(&mut ctx.store, &ctx.config, f.id, f.version, &req, now)?;
    let status = if f.accepted {
        format!(
            "{} — {}",
            lang.text(TextKey::TuiHandoffFieldSalesAccepted),
            name_of(&lead)
        )
    } else {
        format!(
            "{} — {} → {}",
            lang.text(TextKey::TuiHandoffFieldSalesRejected),
            name_of(&lead),
            lead.stage.label(lang)
        )
    };
    Ok(vec![Msg::Written {
        status,
        select: None,
    }])
}

/// Writes the summaries of `ids` (Markdown, JSON, `.ics`) to the export dir.
pub fn export(ctx: &Context, ids: &[LeadId], now: Ts) -> Result<Vec<Msg>, OpsError> {
    let lang = ctx.config.ui.language;
    let dir = handoff_export::export_dir(&ctx.config, &ctx.store);
    let mut files = Vec::new();
    let mut skipped = 0;
    for format in [ExportFormat::Md, ExportFormat::Json, ExportFormat::Ics] {
        let done = handoff_export::export(&ctx.store, &ctx.config, ids, format, None, &dir, now)?;
        files.extend(done.files);
        skipped += done.skipped.len();
    }
    let mut status = format!(
        "{} ({}): {}",
        lang.text(TextKey::TuiHandoffExportedHandoffSummary),
        ids.len(),
        files_text(&files)
    );
    if skipped > 0 {
        status.push_str(&format!(
            " · {} {skipped}",
            lang.text(TextKey::TuiHandoffNoMeetingNoIcs)
        ));
    }
    Ok(vec![Msg::Written {
        status,
        select: None,
    }])
}
