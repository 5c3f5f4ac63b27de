//! Sequences (SPEC §7): enrol by hand or on a stage change, advance on completed steps, end on
//! a conversation, meeting, escalation, opt-out or loss; re-engage lost leads on their date.
//!
//! The rules are pure (`domain::sequence`); this module reads what they need (the configured
//! sequences, the enrolment time) and writes through the store in the same transaction as the
//! lead change that triggered them, so undo restores a sequence with its lead.

use std::sync::Arc;

use crate::config::{Config, StepAction};
use crate::domain::i18n::TextKey;
use crate::domain::policy::Policy;
use crate::domain::sequence::{self, Hook, SeqEvent, SequenceDef, StepDef};
use crate::domain::{ActionKind, Lead, LeadId, NewActivity, Ts};
use crate::store::{Change, Store, StoreError};

use super::{OpsError, Problem};

/// The configured sequences in domain types.
pub fn defs(config: &Config) -> Vec<SequenceDef> {
    config
        .sequences
        .iter()
        .map(|s| SequenceDef {
            name: s.name.clone(),
            enrol_on: s.enrol_on.clone(),
            auto_send: s.auto_send,
            steps: s
                .steps
                .iter()
                .map(|st| StepDef {
                    day: st.day,
                    action: match st.action {
                        StepAction::Call => ActionKind::Call,
                        StepAction::Mail => ActionKind::Mail,
                        StepAction::Task => ActionKind::Task,
                    },
                    template: st.template.clone(),
                    text: st.text.clone(),
                })
                .collect(),
        })
        .collect()
}

/// Gives the store the configured sequences (the CLI and the TUI do this on open).
pub fn install(store: &mut Store, config: &Config) {
    store.set_sequences(defs(config));
}

/// What the hook needs, read before the lead's transaction.
#[derive(Debug, Clone)]
pub struct Prepared {
    defs: Arc<Vec<SequenceDef>>,
    anchor: Option<Ts>,
}

/// Reads the sequences and the lead's enrolment time for [`on_stage_change`].
pub fn prepare(store: &Store, lead: &Lead) -> Result<Prepared, StoreError> {
    let anchor = match &lead.sequence {
        Some(name) => store.sequence_anchor(lead.id, name)?,
        None => None,
    };
    Ok(Prepared {
        defs: store.sequences(),
        anchor,
    })
}

/// The sequence side of any lead change: `after` is the lead after the action's own rule;
/// this ends, advances or starts its sequence and returns the journal rows to write with it.
/// Called inside the action's transaction (ops/call.rs, ops/edit.rs, the mail path).
pub fn on_stage_change(
    prepared: &Prepared,
    policy: &Policy,
    before: &Lead,
    after: &mut Lead,
    event: &SeqEvent,
    at: Ts,
) -> Vec<NewActivity> {
    let hook = Hook {
        defs: &prepared.defs,
        anchor: prepared
            .anchor
            .filter(|_| before.sequence == after.sequence),
        policy,
    };
    sequence::on_event(&hook, before, after, event, at)
}

/// Enrols a lead that is about to be added (it enters its stage now) in the sequence that
/// enrols on that stage; returns the journal rows to insert with it.
pub fn on_new_lead(store: &Store, policy: &Policy, lead: &mut Lead, at: Ts) -> Vec<NewActivity> {
    let defs = store.sequences();
    let hook = Hook {
        defs: &defs,
        anchor: None,
        policy,
    };
    match defs
        .iter()
        .find(|d| d.enrol_on.contains(&lead.stage) && lead.stage != crate::domain::Stage::Lost)
    {
        Some(def) if lead.sequence.is_none() && sequence::enrol_refusal(lead, def).is_none() => {
            let why = format!("entered {}", lead.stage.id());
            sequence::enrol(&hook, def, lead, &why, None, at)
        }
        _ => Vec::new(),
    }
}

fn mutate_sequence(
    store: &mut Store,
    policy: &Policy,
    id: LeadId,
    expected_version: Option<i64>,
    label: &str,
    f: impl FnOnce(&Hook<'_>, &Lead, &mut Lead) -> Result<Vec<NewActivity>, OpsError>,
) -> Result<Lead, OpsError> {
    let current = store
        .lead(id)?
        .ok_or_else(|| StoreError::NoSuchLead(id.to_string()))?;
    let prepared = prepare(store, &current)?;
    store.mutate(id, expected_version, label, |before| {
        let hook = Hook {
            defs: &prepared.defs,
            anchor: prepared
                .anchor
                .filter(|_| before.sequence == current.sequence),
            policy,
        };
        let mut lead = before.clone();
        let activities = f(&hook, before, &mut lead)?;
        Ok::<_, OpsError>(Change { lead, activities })
    })
}

/// Applies a use case's change to a lead together with what it means for the lead's sequence
/// (SPEC §7: a conversation, a meeting or an escalation ends it …), in one transaction. `f`
/// gives the lead after the change and its journal rows; the sequence's rows follow them.
pub fn mutate_with_event(
    store: &mut Store,
    policy: &Policy,
    id: LeadId,
    expected_version: Option<i64>,
    label: &str,
    (event, at): (SeqEvent, Ts),
    f: impl FnOnce(&Lead) -> Result<(Lead, Vec<NewActivity>), OpsError>,
) -> Result<Lead, OpsError> {
    mutate_sequence(
        store,
        policy,
        id,
        expected_version,
        label,
        |hook, before, lead| {
            let (after, mut activities) = f(before)?;
            *lead = after;
            activities.extend(sequence::on_event(hook, before, lead, &event, at));
            Ok(activities)
        },
    )
}

/// Enrols a lead in a sequence by hand (`enrol`, the TUI's `S`). Refused (exit 4) when the
/// lead is in another sequence, handed off, or no step can reach it. Undoable.
pub fn enrol(
    store: &mut Store,
    policy: &Policy,
    id: LeadId,
    expected_version: Option<i64>,
    name: &str,
    now: Ts,
) -> Result<Lead, OpsError> {
    let defs = store.sequences();
    let def = defs
        .iter()
        .find(|d| d.name == name)
        .cloned()
        .ok_or_else(|| {
            OpsError::Invalid(Problem::UnknownSequence {
                name: name.to_owned(),
                known: defs
                    .iter()
                    .map(|d| d.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
        })?;
    let label = format!("{}: {name}", policy.lang.text(TextKey::OpsSequenceEnrol));
    mutate_sequence(
        store,
        policy,
        id,
        expected_version,
        &label,
        |hook, before, lead| {
            if let Some(why) = sequence::enrol_refusal(before, &def) {
                return Err(OpsError::Blocked(Problem::CannotEnrol(why)));
            }
            Ok(sequence::enrol(hook, &def, lead, "by hand", None, now))
        },
    )
}

/// What the rep does to a lead's sequence by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepStep {
    /// The current step is done (a task, or a step done outside leadbench).
    Done,
    /// Skip the current step.
    Skip,
    /// End the sequence.
    End,
}

/// Marks the current step done, skips it, or ends the sequence. Undoable.
pub fn rep_step(
    store: &mut Store,
    policy: &Policy,
    id: LeadId,
    expected_version: Option<i64>,
    step: RepStep,
    now: Ts,
) -> Result<Lead, OpsError> {
    let (label, event) = match step {
        RepStep::Done => (
            policy.lang.text(TextKey::OpsSequenceStepDone),
            SeqEvent::StepDone,
        ),
        RepStep::Skip => (
            policy.lang.text(TextKey::OpsSequenceSkipStep),
            SeqEvent::StepSkipped,
        ),
        RepStep::End => (
            policy.lang.text(TextKey::OpsSequenceEndSequence),
            SeqEvent::EndByRep,
        ),
    };
    mutate_sequence(
        store,
        policy,
        id,
        expected_version,
        label,
        |hook, before, lead| {
            if before.sequence.is_none() {
                return Err(OpsError::Invalid(Problem::NotInSequence(id)));
            }
            Ok(sequence::on_event(hook, before, lead, &event, now))
        },
    )
}

/// Enrols lost leads whose `reengage_on` date has come in the sequence that enrols on `lost`
/// (the built-in `re-engagement`). Called on the TUI's tick and before CLI commands; cheap
/// when nothing is due (a partial index). Returns the leads enrolled.
pub fn enrol_due(store: &mut Store, config: &Config, now: Ts) -> Result<Vec<LeadId>, OpsError> {
    let policy = config.policy();
    let defs = store.sequences();
    let Some(def) = defs.iter().find(|d| d.is_for_lost()).cloned() else {
        return Ok(Vec::new());
    };
    let today = policy.rep_day(now).date;
    let mut enrolled = Vec::new();
    for id in store.reengage_due(today, 500)? {
        let label = format!(
            "{}: {}",
            policy.lang.text(TextKey::OpsSequenceEnrol),
            def.name
        );
        let r = mutate_sequence(store, &policy, id, None, &label, |hook, before, lead| {
            if !sequence::reengage_due(before, today) {
                return Ok(Vec::new());
            }
            if sequence::enrol_refusal(before, &def).is_some() {
                // Nothing can reach it; the date has been acted on.
                lead.reengage_on = None;
                return Ok(Vec::new());
            }
            Ok(sequence::enrol(
                hook,
                &def,
                lead,
                "re-engage date",
                None,
                now,
            ))
        });
        if r.is_ok_and(|l| l.sequence.is_some()) {
            enrolled.push(id);
        }
    }
    Ok(enrolled)
}

/// One step as the detail pane shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepStatus {
    /// 0-based index.
    pub index: usize,
    /// Call, mail or task.
    pub action: ActionKind,
    /// Template, task text or "call".
    pub what: String,
    /// When it is (or was) due.
    pub due_at: Ts,
    /// `done`, `skipped`, `current` or `pending`.
    pub state: &'static str,
}

/// A lead's sequence for the detail pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SequenceStatus {
    /// The sequence.
    pub name: String,
    /// When the lead was enrolled.
    pub enrolled_at: Ts,
    /// Mail steps are sent without a draft.
    pub auto_send: bool,
    /// Every step with its state.
    pub steps: Vec<StepStatus>,
}

impl SequenceStatus {
    /// The current step, if any.
    pub fn current(&self) -> Option<&StepStatus> {
        self.steps.iter().find(|s| s.state == "current")
    }
}

/// The lead's active sequence with each step's state, or `None` when it is in none.
pub fn status(
    store: &Store,
    policy: &Policy,
    lead: &Lead,
) -> Result<Option<SequenceStatus>, OpsError> {
    let Some(name) = &lead.sequence else {
        return Ok(None);
    };
    let defs = store.sequences();
    let Some(def) = defs.iter().find(|d| &d.name == name) else {
        return Ok(None);
    };
    let anchor = store
        .sequence_anchor(lead.id, name)?
        .unwrap_or(lead.stage_entered_at);
    let rows = store.sequence_rows(lead.id, anchor)?;
    let result_of = |i: usize| {
        rows.iter().rev().find_map(|a| {
            (a.outcome.as_deref() == Some("step")
                && a.data.get("step").and_then(serde_json::Value::as_u64) == Some(i as u64))
            .then(|| {
                a.data
                    .get("result")
                    .and_then(|r| r.as_str())
                    .unwrap_or("done")
            })
        })
    };
    let current = lead.sequence_step as usize;
    let steps = def
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| StepStatus {
            index: i,
            action: s.action,
            what: s.describe(),
            due_at: sequence::step_due(policy, lead, anchor, s, None),
            state: match (i.cmp(&current), result_of(i)) {
                (std::cmp::Ordering::Equal, _) => "current",
                (std::cmp::Ordering::Less, Some("skipped")) => "skipped",
                (std::cmp::Ordering::Less, _) => "done",
                (std::cmp::Ordering::Greater, _) => "pending",
            },
        })
        .collect();
    Ok(Some(SequenceStatus {
        name: name.clone(),
        enrolled_at: anchor,
        auto_send: def.auto_send,
        steps,
    }))
}

/// The template of the lead's current step when it is a mail step (what `e` opens filled in).
pub fn draft_template(store: &Store, lead: &Lead) -> Option<String> {
    let name = lead.sequence.as_ref()?;
    let defs = store.sequences();
    let step = defs
        .iter()
        .find(|d| &d.name == name)?
        .steps
        .get(lead.sequence_step as usize)?;
    (step.action == ActionKind::Mail)
        .then(|| step.template.clone())
        .flatten()
}
