//! Escalation to field sales (SPEC §8): the capacity-aware gate, the handoff itself (one
//! undoable write: escalation, meeting and stage rows, the lead handed off and out of its
//! sequence), and the summary written at once to `handoff.export_dir`.

use std::path::{Path, PathBuf};

use serde_json::json;

use crate::config::{Config, HandoffConfig};
use crate::domain::gate::{self, GateConfig, GateResult};
use crate::domain::i18n::TextKey;
use crate::domain::text::{sanitize_line, sanitize_multiline};
use crate::domain::{ActivityKind, Lead, LeadId, NewActivity, Stage, Ts};
use crate::io::handoff::{Person, rfc3339};
use crate::store::{Change, Store, StoreError};

use super::handoff_export::{summary, write_summary};
use super::{OpsError, Problem};

/// The `[handoff]` settings as the gate's plain data.
pub fn gate_config(handoff: &HandoffConfig) -> GateConfig {
    GateConfig {
        required: handoff
            .required_items()
            .into_iter()
            .map(str::to_owned)
            .collect(),
        min_score_relaxed: handoff.min_score_relaxed,
        min_score_strict: handoff.min_score_strict,
        weekly_capacity: handoff.weekly_capacity,
    }
}

/// Field sales' capacity this week, for the top bar, the morning line and the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capacity {
    /// The rep's escalations this week (not undone).
    pub used: u32,
    /// `handoff.weekly_capacity`.
    pub capacity: u32,
    /// Whether the relaxed minimum applies.
    pub relaxed: bool,
    /// The minimum score that applies now.
    pub min_score: i64,
    /// "field sales 7/10 this week — relaxed: min score 40" in the UI language.
    pub text: String,
    /// "FS 7/10 ≥40" for a narrow top bar.
    pub short: String,
}

/// The rep's escalations in the week of `now` (weeks start on `rules.week_start`, in the
/// rep's zone).
pub fn escalations_this_week(store: &Store, config: &Config, now: Ts) -> Result<u32, OpsError> {
    let (from, to) = gate::week_bounds(now, config.rep.timezone, config.rules.week_start);
    Ok(store.escalations_between(from, to)?)
}

/// Field sales' capacity this week.
pub fn capacity(store: &Store, config: &Config, now: Ts) -> Result<Capacity, OpsError> {
    let used = escalations_this_week(store, config, now)?;
    let c = gate::Capacity::new(used, &gate_config(&config.handoff));
    let lang = config.ui.language;
    Ok(Capacity {
        text: c.text(lang),
        short: c.short_text(lang),
        used: c.used,
        capacity: c.capacity,
        relaxed: c.relaxed,
        min_score: c.min_score,
    })
}

/// Judges a lead against the gate now (the escalation form shows `reasons`).
pub fn check_gate(
    store: &Store,
    config: &Config,
    lead: &Lead,
    now: Ts,
) -> Result<GateResult, OpsError> {
    let used = escalations_this_week(store, config, now)?;
    Ok(gate::evaluate(
        &lead.qualification,
        lead.score,
        used,
        &gate_config(&config.handoff),
        config.ui.language,
    ))
}

/// The field rep of a typed name: a configured one (name and email), else the name as typed.
pub fn field_rep(config: &Config, name: &str) -> Person {
    match config.handoff.field_rep(name.trim()) {
        Some(r) => Person {
            name: r.name.clone(),
            email: r.email.clone(),
        },
        None => Person {
            name: sanitize_line(name).trim().to_owned(),
            email: String::new(),
        },
    }
}

/// What the rep asks for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EscalateRequest {
    /// The field rep's name (configured or typed).
    pub to: String,
    /// The meeting; none keeps the lead's booked meeting.
    pub meeting: Option<Ts>,
    /// The summary note for field sales.
    pub note: String,
    /// A written reason that passes a failed gate.
    pub override_reason: Option<String>,
}

/// What an escalation did.
#[derive(Debug, Clone)]
pub struct Escalated {
    /// The lead after it (handed off).
    pub lead: Lead,
    /// The gate as judged.
    pub gate: GateResult,
    /// The field rep.
    pub to: Person,
    /// Whether the override let a failed gate through.
    pub overridden: bool,
    /// Summary files written (Markdown, JSON, and the `.ics` when there is a meeting).
    pub files: Vec<PathBuf>,
    /// Why the summary could not be written (the escalation itself is stored), in the UI
    /// language.
    pub file_error: Option<String>,
}

/// Escalates a lead: checks the gate (a written override passes a failed one), records the
/// escalation, the meeting and the stage change, hands the lead off and ends its sequence —
/// one undoable write — then writes the summary to `export_dir` (0700 directory, 0600 files).
pub fn escalate(
    store: &mut Store,
    config: &Config,
    export_dir: &Path,
    id: LeadId,
    expected_version: Option<i64>,
    req: &EscalateRequest,
    now: Ts,
) -> Result<Escalated, OpsError> {
    let lang = config.ui.language;
    let to = field_rep(config, &req.to);
    if to.name.is_empty() {
        return Err(OpsError::Invalid(Problem::NameTheFieldRep));
    }
    let current = store
        .lead(id)?
        .ok_or_else(|| StoreError::NoSuchLead(id.to_string()))?;
    if current.stage == Stage::HandedOff {
        return Err(OpsError::Blocked(Problem::AlreadyHandedOff(id)));
    }
    let gate_result = check_gate(store, config, &current, now)?;
    let override_reason = req
        .override_reason
        .as_deref()
        .map(|r| sanitize_line(r).trim().to_owned())
        .filter(|r| !r.is_empty());
    if !gate_result.passes && override_reason.is_none() {
        let why = gate_result.reasons.join("; ");
        return Err(OpsError::Blocked(Problem::GateFails { why }));
    }
    let overridden = !gate_result.passes;
    let note = sanitize_multiline(&req.note).trim().to_owned();
    let label = format!(
        "{}: {}",
        lang.text(TextKey::OpsEscalateEscalateToFieldSales),
        to.name
    );
    let gate_json = serde_json::to_value(&gate_result).unwrap_or_default();
    let lead = store.mutate(id, expected_version, &label, |before| {
        if before.stage == Stage::HandedOff {
            return Err(OpsError::Blocked(Problem::AlreadyHandedOff(id)));
        }
        let mut lead = before.clone();
        let meeting = req.meeting.or(before.meeting_at);
        let mut activities = vec![
            NewActivity::new(ActivityKind::Escalation, now)
                .with_note(note.clone())
                .with_data(json!({
                    "to": to.name,
                    "email": Some(to.email.as_str()).filter(|e| !e.is_empty()),
                    "meeting": meeting.map(rfc3339),
                    "override": override_reason,
                    "gate": gate_json,
                })),
        ];
        if let Some(m) = req.meeting.filter(|m| Some(*m) != before.meeting_at) {
            let outcome = if before.meeting_at.is_some() {
                "rescheduled"
            } else {
                "booked"
            };
            activities.push(
                NewActivity::new(ActivityKind::Meeting, now)
                    .with_outcome(outcome)
                    .with_data(json!({ "meeting": rfc3339(m), "with": to.name })),
            );
        }
        activities.push(NewActivity::new(ActivityKind::Stage, now).with_data(json!({
            "from": before.stage.id(),
            "to": Stage::HandedOff.id(),
            "reason": null,
            "reengaged": false,
        })));
        lead.stage = Stage::HandedOff;
        lead.stage_entered_at = now;
        lead.meeting_at = meeting;
        // Field sales owns the next step now; the lead leaves its sequence (SPEC §7).
        lead.next_action = None;
        lead.sequence = None;
        lead.sequence_step = 0;
        Ok(Change { lead, activities })
    })?;
    let (files, file_error) = match summary(store, config, id, now).and_then(|s| {
        write_summary(&s, export_dir, now)
            .map_err(|e| OpsError::Invalid(Problem::file(export_dir, &e)))
    }) {
        Ok(files) => (files, None),
        Err(e) => (Vec::new(), Some(e.text(lang))),
    };
    Ok(Escalated {
        lead,
        gate: gate_result,
        to,
        overridden,
        files,
        file_error,
    })
}
