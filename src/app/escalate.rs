//! The escalation form (SPEC §8): the framework's checklist with evidence, the field rep, the
//! meeting and a note, with the capacity-aware gate explained on top and re-judged as items
//! change. Submitting asks for a confirmation; yes runs [`Effect::Escalate`].
//!
//! The form is a plain [`Form`] (so the generic keys and renderer apply); what it cannot hold —
//! the data loaded from the store and the evidence of every item — lives in [`EscalateCtx`] on
//! the state while the form is open. The two evidence fields edit the item focused last.

use crate::domain::gate::{self, GateConfig};
use crate::domain::i18n::TextKey;
use crate::domain::qualification::{ItemState, Qualification};
use crate::domain::text::sanitize_line;
use crate::domain::when::parse_when;
use crate::domain::{Lang, LeadId, Stage, Ts};

use super::effect::Effect;
use super::escalate_form::{item_state, new_evidence, qualification};
use super::form::Form;
use super::modal::{FormKind, LeadRef, Modal};
use super::state::{State, StatusKind};

pub use super::escalate_form::{after_key, open, step_focus};

/// A journal row the rep may quote as evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// The journal row.
    pub activity_id: i64,
    /// When it was said.
    pub at: Ts,
    /// Its note.
    pub note: String,
}

/// What the escalation form needs from the store and the configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct EscalationData {
    /// The lead, with its current version.
    pub lead: LeadRef,
    /// Its stage.
    pub stage: Stage,
    /// Its score.
    pub score: i64,
    /// Its qualification as stored.
    pub qualification: Qualification,
    /// Its booked meeting.
    pub meeting_at: Option<Ts>,
    /// The framework's item ids, in order.
    pub items: Vec<String>,
    /// The gate's settings.
    pub gate: GateConfig,
    /// The rep's escalations this week.
    pub used: u32,
    /// Journal rows with a note, newest first.
    pub quotes: Vec<Quote>,
    /// Configured field reps' names.
    pub field_reps: Vec<String>,
}

/// One item's evidence as typed or picked in the form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    /// Evidence in words.
    pub text: String,
    /// The picked quote's index in the quote choice (0: none).
    pub quote: usize,
}

/// The escalation form's side data while it is open.
#[derive(Debug, Clone, PartialEq)]
pub struct EscalateCtx {
    /// What was loaded.
    pub data: EscalationData,
    /// Each item's evidence as edited.
    pub drafts: Vec<Draft>,
    /// Each item's evidence as loaded (to tell changes).
    pub initial: Vec<Draft>,
    /// The item the evidence fields edit.
    pub current: usize,
    /// The override reason, kept while the field is hidden.
    pub override_text: String,
    /// The meeting as prefilled (unchanged text keeps the booked meeting).
    pub meeting_prefill: String,
    /// The form while its confirmation is open (no goes back to it).
    pub parked: Option<Form>,
}

/// One qualification item to save before escalating.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemChange {
    /// The item id.
    pub item: String,
    /// Its new state.
    pub state: ItemState,
    /// New evidence in words.
    pub text: Option<String>,
    /// A journal row quoted as new evidence.
    pub activity_id: Option<i64>,
}

/// An escalation as the form asks for it: qualification changes, then the handoff.
#[derive(Debug, Clone, PartialEq)]
pub struct EscalationPlan {
    /// The lead.
    pub id: LeadId,
    /// The version the form saw.
    pub version: Option<i64>,
    /// The qualification changes (saved first).
    pub items: Vec<ItemChange>,
    /// The field rep.
    pub to: String,
    /// A new meeting time (none keeps the booked one).
    pub meeting: Option<Ts>,
    /// The summary note.
    pub note: String,
    /// The written reason that passes a failed gate.
    pub override_reason: Option<String>,
}

/// Asks for the lead's escalation data (the form opens when it arrives).
pub fn request(state: &mut State, lead: &LeadRef, stage: Stage) -> Vec<Effect> {
    if stage == Stage::HandedOff {
        state.say(StatusKind::Warn, already_handed_off(state.lang()));
        return Vec::new();
    }
    vec![Effect::OpenEscalation(lead.id)]
}

pub(super) fn already_handed_off(lang: Lang) -> &'static str {
    lang.text(TextKey::AppEscalateAlreadyHandedOff)
}

/// After a meeting was booked on a call: offer the escalation form.
pub fn offer(state: &mut State, id: LeadId, name: &str) {
    if state.modal.is_some() {
        return;
    }
    let lang = state.lang();
    state.modal = Some(Modal::Confirm {
        message: vec![
            format!("{}: {name}", lang.text(TextKey::AppEscalateMeetingBooked)),
            lang.text(TextKey::AppEscalateConfirmEscalateNow).to_owned(),
        ],
        effect: Box::new(Effect::OpenEscalation(id)),
    });
}

/// Validates the form; on success parks it and asks for the confirmation.
pub fn submit(state: &mut State) -> Result<Vec<Effect>, String> {
    after_key(state);
    let lang = state.lang();
    let (now, tz) = (state.now, state.policy.rep_tz);
    let (Some(Modal::Form(FormKind::Escalate, Some(lead), form)), Some(ctx)) =
        (state.modal.clone(), state.escalation.as_deref_mut())
    else {
        return Ok(Vec::new());
    };
    let typed = sanitize_line(&form.value("rep_name")).trim().to_owned();
    let to = if typed.is_empty() {
        form.value("rep")
    } else {
        typed
    };
    if to.is_empty() {
        return Err(lang.text(TextKey::AppEscalatePickOrTypeFieldRep).into());
    }
    let meeting_text = form.value("meeting");
    let meeting = if meeting_text.is_empty() || meeting_text == ctx.meeting_prefill.trim() {
        None
    } else {
        Some(parse_when(&meeting_text, now, tz).map_err(|e| e.text(lang))?)
    };
    let q = qualification(ctx, &form, now);
    let g = gate::evaluate(&q, ctx.data.score, ctx.data.used, &ctx.data.gate, lang);
    let reason = sanitize_line(&form.value("override")).trim().to_owned();
    if !g.passes && reason.is_empty() {
        return Err(format!(
            "{}: {} — {}",
            lang.text(TextKey::AppEscalateTheGateFails),
            g.reasons.get(1..).unwrap_or_default().join("; "),
            lang.text(TextKey::AppEscalateWriteAnOverrideReason)
        ));
    }
    let items = (0..ctx.data.items.len())
        .filter_map(|i| {
            let id = &ctx.data.items[i];
            let state = item_state(&form, i);
            let ev = new_evidence(ctx, i, now);
            if state == ctx.data.qualification.item(id).state && ev.is_none() {
                return None;
            }
            let draft = ctx.drafts.get(i).cloned().unwrap_or_default();
            Some(ItemChange {
                item: id.clone(),
                state,
                text: ev
                    .as_ref()
                    .map(|_| draft.text.trim().to_owned())
                    .filter(|t| !t.is_empty()),
                activity_id: ev.and_then(|e| e.activity_id),
            })
        })
        .collect();
    let plan = EscalationPlan {
        id: lead.id,
        version: lead.version,
        items,
        to: to.clone(),
        meeting,
        note: form.value("note"),
        override_reason: (!g.passes).then(|| reason.clone()),
    };
    let mut message = Vec::new();
    if let Some(m) = meeting.or(ctx.data.meeting_at) {
        let at = m.with_timezone(&tz).format("%Y-%m-%d %H:%M");
        message.push(format!("{}: {at}", lang.text(TextKey::AppEscalateMeeting)));
    }
    if !g.passes {
        message.push(format!(
            "{}: {reason}",
            lang.text(TextKey::AppEscalateGateOverridden)
        ));
    }
    message.push(lang.fill(
        TextKey::AppEscalateConfirmEscalate,
        &[("lead", &lead.name), ("to", &to)],
    ));
    ctx.parked = Some(form);
    state.modal = Some(Modal::Confirm {
        message,
        effect: Box::new(Effect::Escalate(Box::new(plan))),
    });
    Ok(Vec::new())
}

/// A confirmation was answered: yes on the escalation drops the form; no goes back to it.
pub fn confirmed(state: &mut State, yes: bool) {
    let Some(ctx) = state.escalation.as_deref_mut() else {
        return;
    };
    let Some(form) = ctx.parked.take() else {
        return;
    };
    if yes {
        state.escalation = None;
    } else {
        let lead = ctx.data.lead.clone();
        state.modal = Some(Modal::Form(FormKind::Escalate, Some(lead), form));
    }
}
