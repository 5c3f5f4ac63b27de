//! Sequences (SPEC §7) as pure rules: a lead follows timed steps from its enrolment; its next
//! action is its first pending step; events complete steps or end the sequence.
//!
//! The journal holds a sequence's history (`schedule` rows with outcome `enrol`, `step` and
//! `end`), so undo restores it with the lead. The enrolment time (the anchor every step's day
//! counts from) is read from the newest `enrol` row.

use chrono::{Duration, NaiveDate};
use serde_json::json;

use super::i18n::TextKey;
use super::policy::Policy;
use super::{ActionKind, ActivityKind, Lang, Lead, NewActivity, NextAction, Stage, Ts};

/// A sequence's definition, in domain types (from `[[sequences]]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SequenceDef {
    /// Its name.
    pub name: String,
    /// Stages whose entry enrols a lead that has no active sequence (`lost`: on the lead's
    /// `reengage_on` date instead).
    pub enrol_on: Vec<Stage>,
    /// Mail steps are queued at their time instead of drafted for the rep.
    pub auto_send: bool,
    /// The steps, by day.
    pub steps: Vec<StepDef>,
}

impl SequenceDef {
    /// Whether a lost lead stays in this sequence (it is the one that re-engages lost leads).
    pub fn is_for_lost(&self) -> bool {
        self.enrol_on.contains(&Stage::Lost)
    }
}

/// One step of a sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepDef {
    /// Days after enrolment.
    pub day: u32,
    /// Call, mail or task.
    pub action: ActionKind,
    /// The template of a mail step.
    pub template: Option<String>,
    /// The text of a task (or a note for a call).
    pub text: Option<String>,
}

impl StepDef {
    /// A short description: the template, the task text, or "call".
    pub fn describe(&self) -> String {
        match self.action {
            ActionKind::Mail => self.template.clone().unwrap_or_default(),
            ActionKind::Task => self.text.clone().unwrap_or_default(),
            ActionKind::Call => self.text.clone().unwrap_or_else(|| "call".into()),
        }
    }
}

/// What happened to a lead, as far as its sequence cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeqEvent {
    /// A call was logged; `conversation` when someone was reached.
    Call {
        /// The outcome was a conversation.
        conversation: bool,
    },
    /// An inbound call or a reply: a conversation.
    Conversation,
    /// A meeting was booked, held or rescheduled.
    Meeting,
    /// The lead was escalated to field sales.
    Escalation,
    /// A mail left for the lead.
    MailSent,
    /// The lead was marked lost.
    Lost,
    /// Fields were edited (an opt-out ends the sequence).
    Edit,
    /// The rep marked the current step done.
    StepDone,
    /// The rep skipped the current step.
    StepSkipped,
    /// The rep ended the sequence.
    EndByRep,
}

/// What the hook needs besides the event: the definitions, the lead's enrolment time and the
/// rules that place steps in the calling window.
#[derive(Debug, Clone, Copy)]
pub struct Hook<'a> {
    /// Every configured sequence, in config order.
    pub defs: &'a [SequenceDef],
    /// When the lead's active sequence began (from the journal).
    pub anchor: Option<Ts>,
    /// Calling window, zones, rep's day.
    pub policy: &'a Policy,
}

/// Whether a lead can take a step: a call needs a usable phone and no do-not-call, a mail a
/// usable (not opted-out) email.
pub fn can_take(lead: &Lead, step: &StepDef) -> Result<(), &'static str> {
    match step.action {
        ActionKind::Call if lead.do_not_call => Err("do not call"),
        ActionKind::Call if lead.primary_phone().is_none() => Err("no usable phone"),
        ActionKind::Mail if lead.email_opt_out => Err("opted out of mail"),
        ActionKind::Mail if lead.email.trim().is_empty() => Err("no email"),
        _ => Ok(()),
    }
}

/// When step `step` is due for a lead enrolled at `anchor`: calls and mail inside the lead's
/// calling window, never before `floor` (the retry rule after a call).
pub fn step_due(policy: &Policy, lead: &Lead, anchor: Ts, step: &StepDef, floor: Option<Ts>) -> Ts {
    let base = anchor + Duration::days(i64::from(step.day));
    let base = floor.map_or(base, |f| f.max(base));
    match step.action {
        ActionKind::Call | ActionKind::Mail => policy.next_callable(lead, base),
        ActionKind::Task => base,
    }
}

fn row(at: Ts, outcome: &str, note: String, data: serde_json::Value) -> NewActivity {
    NewActivity::new(ActivityKind::Schedule, at)
        .with_outcome(outcome)
        .with_note(note)
        .with_data(data)
}

/// The journal row of an ended sequence.
fn end_row(name: &str, reason: &str, at: Ts) -> NewActivity {
    row(
        at,
        "end",
        format!("{name}: {reason}"),
        json!({ "sequence": name, "reason": reason }),
    )
}

/// Moves `lead` to its first step at or after `from` that it can take, recording skipped ones;
/// sets the next action, or ends the sequence (completed) when none is left.
#[allow(clippy::too_many_arguments)]
fn settle(
    hook: &Hook<'_>,
    def: &SequenceDef,
    lead: &mut Lead,
    from: usize,
    anchor: Ts,
    floor: Option<Ts>,
    at: Ts,
    out: &mut Vec<NewActivity>,
) {
    let total = def.steps.len();
    for (i, step) in def.steps.iter().enumerate().skip(from) {
        match can_take(lead, step) {
            Ok(()) => {
                lead.sequence = Some(def.name.clone());
                lead.sequence_step = u32::try_from(i).unwrap_or(u32::MAX);
                let floor = floor.filter(|_| step.action == ActionKind::Call);
                lead.next_action = Some(NextAction {
                    kind: step.action,
                    due_at: step_due(hook.policy, lead, anchor, step, floor),
                    note: format!("{} {}/{total}: {}", def.name, i + 1, step.describe()),
                });
                return;
            }
            Err(why) => out.push(row(
                at,
                "step",
                format!("{} {}/{total}: skipped ({why})", def.name, i + 1),
                json!({ "sequence": def.name, "step": i, "action": step.action.id(),
                        "result": "skipped", "why": why }),
            )),
        }
    }
    lead.sequence = None;
    lead.sequence_step = 0;
    out.push(end_row(&def.name, "completed", at));
    if def.is_for_lost() && lead.stage == Stage::Lost {
        // The re-engagement this date asked for has been made.
        let today = hook.policy.rep_day(at).date;
        lead.reengage_on = lead.reengage_on.filter(|d| *d > today);
    }
}

/// Enrols `lead` in `def` at `at` (the caller checked that it may be); returns the journal rows.
pub fn enrol(
    hook: &Hook<'_>,
    def: &SequenceDef,
    lead: &mut Lead,
    why: &str,
    floor: Option<Ts>,
    at: Ts,
) -> Vec<NewActivity> {
    let mut out = vec![row(
        at,
        "enrol",
        format!("{} ({why})", def.name),
        json!({ "sequence": def.name, "why": why }),
    )];
    settle(hook, def, lead, 0, at, floor, at, &mut out);
    out
}

/// Why a lead cannot be enrolled by hand; the rep sees [`EnrolRefusal::text`] in their language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnrolRefusal {
    /// Field sales have the lead.
    HandedOff,
    /// A colleague has the lead.
    Transferred,
    /// The lead is in this sequence already.
    AlreadyIn(String),
    /// Every step of this sequence is barred (opted out, do not call or no contact).
    Unreachable(String),
}

impl EnrolRefusal {
    /// The reason in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            EnrolRefusal::HandedOff => lang.text(TextKey::DomainSequenceHandedOff).to_owned(),
            EnrolRefusal::Transferred => lang.text(TextKey::DomainSequenceTransferred).to_owned(),
            EnrolRefusal::AlreadyIn(name) => {
                lang.fill(TextKey::DomainSequenceAlreadyIn, &[("name", name)])
            }
            EnrolRefusal::Unreachable(name) => {
                lang.fill(TextKey::DomainSequenceUnreachable, &[("name", name)])
            }
        }
    }
}

/// Why a lead cannot be enrolled by hand, if it cannot.
pub fn enrol_refusal(lead: &Lead, def: &SequenceDef) -> Option<EnrolRefusal> {
    if lead.stage == Stage::HandedOff {
        return Some(EnrolRefusal::HandedOff);
    }
    if lead.transferred_to.is_some() {
        return Some(EnrolRefusal::Transferred);
    }
    if let Some(current) = &lead.sequence {
        return Some(EnrolRefusal::AlreadyIn(current.clone()));
    }
    if def.steps.iter().all(|s| can_take(lead, s).is_err()) {
        return Some(EnrolRefusal::Unreachable(def.name.clone()));
    }
    None
}

/// Applies an event to the lead's sequence: `before` is the lead before the event, `after`
/// the lead after its own rule (changed here: sequence, step, next action). Returns the
/// journal rows to append in the same transaction.
pub fn on_event(
    hook: &Hook<'_>,
    before: &Lead,
    after: &mut Lead,
    event: &SeqEvent,
    at: Ts,
) -> Vec<NewActivity> {
    let mut out = Vec::new();
    let floor = match event {
        SeqEvent::Call { .. } => after
            .next_action
            .as_ref()
            .filter(|n| n.kind == ActionKind::Call)
            .map(|n| n.due_at),
        _ => None,
    };
    if let Some(name) = after.sequence.clone() {
        match hook.defs.iter().find(|d| d.name == name) {
            None => {
                after.sequence = None;
                after.sequence_step = 0;
                out.push(end_row(&name, "no longer configured", at));
            }
            Some(def) => {
                if let Some(reason) = end_reason(def, before, after, event) {
                    after.sequence = None;
                    after.sequence_step = 0;
                    if matches!(event, SeqEvent::Edit | SeqEvent::EndByRep)
                        && after.next_action.as_ref() == before.next_action.as_ref()
                    {
                        // The step's action goes with the sequence.
                        after.next_action = None;
                    }
                    out.push(end_row(&name, reason, at));
                } else {
                    advance(hook, def, before, after, event, floor, at, &mut out);
                }
            }
        }
    }
    if after.sequence.is_none() && after.stage != before.stage && after.stage != Stage::Lost {
        let just_ended = before.sequence.is_some();
        let def = hook.defs.iter().find(|d| d.enrol_on.contains(&after.stage));
        if let Some(def) = def.filter(|d| !just_ended || before.sequence.as_ref() != Some(&d.name))
        {
            if enrol_refusal(after, def).is_none() {
                let why = format!("entered {}", after.stage.id());
                out.extend(enrol(hook, def, after, &why, floor, at));
            }
        }
    }
    out
}

fn end_reason(
    def: &SequenceDef,
    before: &Lead,
    after: &Lead,
    event: &SeqEvent,
) -> Option<&'static str> {
    match event {
        SeqEvent::Call { conversation: true } | SeqEvent::Conversation => Some("conversation"),
        SeqEvent::Meeting => Some("meeting"),
        SeqEvent::Escalation => Some("escalation"),
        SeqEvent::EndByRep => Some("ended by the rep"),
        _ if after.email_opt_out && !before.email_opt_out => Some("opted out"),
        _ if after.stage == Stage::HandedOff => Some("handed off"),
        _ if after.stage == Stage::Lost && !def.is_for_lost() => Some("lost"),
        _ => None,
    }
}

#[allow(clippy::too_many_arguments)]
fn advance(
    hook: &Hook<'_>,
    def: &SequenceDef,
    before: &Lead,
    after: &mut Lead,
    event: &SeqEvent,
    floor: Option<Ts>,
    at: Ts,
    out: &mut Vec<NewActivity>,
) {
    let i = after.sequence_step as usize;
    let Some(step) = def.steps.get(i) else {
        settle(
            hook,
            def,
            after,
            i,
            hook.anchor.unwrap_or(at),
            floor,
            at,
            out,
        );
        return;
    };
    let result = match (event, step.action) {
        (SeqEvent::Call { .. }, ActionKind::Call) | (SeqEvent::MailSent, ActionKind::Mail) => {
            "done"
        }
        (SeqEvent::StepDone, _) => "done",
        (SeqEvent::StepSkipped, _) => "skipped",
        _ => return,
    };
    let total = def.steps.len();
    out.push(row(
        at,
        "step",
        format!("{} {}/{total}: {result}", def.name, i + 1),
        json!({ "sequence": def.name, "step": i, "action": step.action.id(), "result": result }),
    ));
    if !matches!(event, SeqEvent::Call { .. })
        && after.next_action.as_ref() == before.next_action.as_ref()
    {
        // The step's own next action is done; the next step (if any) replaces it.
        after.next_action = None;
    }
    settle(
        hook,
        def,
        after,
        i + 1,
        hook.anchor.unwrap_or(at),
        floor,
        at,
        out,
    );
}

/// Whether a lost lead is due for its re-engagement sequence on `today`.
pub fn reengage_due(lead: &Lead, today: NaiveDate) -> bool {
    lead.stage == Stage::Lost
        && lead.sequence.is_none()
        && lead.transferred_to.is_none()
        && lead.reengage_on.is_some_and(|d| d <= today)
}

#[cfg(test)]
#[path = "sequence_tests.rs"]
mod tests;
