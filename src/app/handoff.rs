//! The handoff actions of the list (SPEC §5, §8): `h` escalates, `F` records field sales'
//! feedback (Handed off view), `x` exports the handoff summary.

use crate::config::Action;
use crate::domain::Stage;

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
                    lang.pick(
                        "F (feedback) works in the Handed off view (6)",
                        "F（フィードバック）は引き継ぎ済みビュー (6) で使えます",
                    ),
                );
                return Vec::new();
            }
            if stage != Some(Stage::HandedOff) {
                state.say(
                    StatusKind::Warn,
                    lang.pick(
                        "The lead is not handed off to field sales",
                        "このリードはフィールドセールスへ引き継がれていません",
                    ),
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
            lang.pick("Field-sales feedback", "フィールドセールスのフィードバック")
        ),
        vec![
            Field::choice(
                "result",
                lang.pick("Result (←/→)", "結果 (←/→)"),
                vec![
                    ("accepted".into(), lang.pick("accepted", "受け入れ").into()),
                    ("rejected".into(), lang.pick("rejected", "差し戻し").into()),
                ],
                0,
            ),
            Field::text(
                "reason",
                lang.pick("Reason (rejected)", "理由（差し戻し時）"),
                "",
                lang.pick("required for a rejection", "差し戻しには必須"),
            ),
            Field::choice(
                "to",
                lang.pick("Back to (rejected)", "戻し先（差し戻し時）"),
                vec![
                    ("engaged".into(), Stage::Engaged.label(lang).into()),
                    ("lost".into(), Stage::Lost.label(lang).into()),
                ],
                0,
            ),
            Field::choice(
                "lost_reason",
                lang.pick("Lost reason (to lost)", "失注理由（失注へ戻す時）"),
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
            .pick("A rejection needs its reason", "差し戻しには理由が必要です")
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
