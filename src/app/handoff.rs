//! The handoff actions of the list (SPEC §5, §8): `h` escalates, `F` records field sales'
//! feedback (Handed off view), `x` exports the handoff summary.

use crate::config::Action;
use crate::domain::Stage;
use crate::domain::i18n::TextKey;

use super::effect::Effect;
use super::form::{Field, Form};
use super::modal::{FormKind, LeadRef, Modal};
use super::state::{State, StatusKind};
use super::view::View;

/// Runs a handoff action on the selected lead.
pub fn on_action(state: &mut State, action: Action, lead: LeadRef) -> Vec<Effect> {
    let lang = state.lang();
    let stage = state.selected_row().map(|r| r.stage);
    match action {
        Action::Escalate => super::escalate::request(state, &lead, stage.unwrap_or(Stage::New)),
        Action::Feedback => {
            let in_view = state.view == View::Stage(Stage::HandedOff) || state.search.is_some();
            if !in_view {
                state.say(
                    StatusKind::Warn,
                    lang.text(TextKey::AppHandoffFeedbackOnlyInHandedOff),
                );
                return Vec::new();
            }
            if stage != Some(Stage::HandedOff) {
                state.say(
                    StatusKind::Warn,
                    lang.text(TextKey::AppHandoffLeadNotHandedOff),
                );
                return Vec::new();
            }
            let form = feedback_form(state, &lead.name);
            state.modal = Some(Modal::Form(FormKind::Feedback, Some(lead), form));
            Vec::new()
        }
        Action::ExportSummary => {
            let ids = if state.marked.is_empty() {
                vec![lead.id]
            } else {
                state.marked.iter().copied().collect()
            };
            vec![Effect::ExportSummary(ids)]
        }
        _ => Vec::new(),
    }
}

fn feedback_form(state: &State, name: &str) -> Form {
    let lang = state.lang();
    let reason = state
        .lost_reasons
        .iter()
        .position(|(id, _)| id == "not_interested")
        .unwrap_or(0);
    Form::new(
        &format!(
            "{} — {name}",
            lang.text(TextKey::AppHandoffFieldSalesFeedback)
        ),
        vec![
            Field::choice(
                "result",
                lang.text(TextKey::AppHandoffResult),
                vec![
                    (
                        "accepted".into(),
                        lang.text(TextKey::AppHandoffAccepted).into(),
                    ),
                    (
                        "rejected".into(),
                        lang.text(TextKey::AppHandoffRejected).into(),
                    ),
                ],
                0,
            ),
            Field::text(
                "reason",
                lang.text(TextKey::AppHandoffReasonRejected),
                "",
                lang.text(TextKey::AppHandoffRequiredForARejection),
            ),
            Field::choice(
                "to",
                lang.text(TextKey::AppHandoffBackToRejected),
                vec![
                    ("engaged".into(), Stage::Engaged.label(lang).into()),
                    ("lost".into(), Stage::Lost.label(lang).into()),
                ],
                0,
            ),
            Field::choice(
                "lost_reason",
                lang.text(TextKey::AppHandoffLostReasonToLost),
                state.lost_reasons.clone(),
                reason,
            ),
        ],
    )
}

/// The effect of a submitted feedback form.
pub fn feedback_effect(state: &State, lead: &LeadRef, form: &Form) -> Result<Effect, String> {
    let lang = state.lang();
    let accepted = form.value("result") != "rejected";
    let reason = form.value("reason");
    if !accepted && reason.is_empty() {
        return Err(lang
            .text(TextKey::AppHandoffARejectionNeedsItsReason)
            .into());
    }
    let to_lost = !accepted && form.value("to") == "lost";
    Ok(Effect::Feedback {
        id: lead.id,
        version: lead.version,
        accepted,
        reason,
        to: (!accepted).then_some(if to_lost { Stage::Lost } else { Stage::Engaged }),
        lost_reason: to_lost.then(|| form.value("lost_reason")),
    })
}
