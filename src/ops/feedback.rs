//! Field-sales feedback on a handed-off lead (SPEC §8): accepted (it stays handed off, marked
//! accepted) or rejected with a reason (back to engaged, or lost with a lost-reason id that
//! sets `reengage_on`). One undoable write; the `feedback` row's `data.result` is exactly
//! `accepted` or `rejected`, which the acceptance-rate KPI counts.

use serde_json::json;

use crate::config::Config;
use crate::domain::i18n::TextKey;
use crate::domain::text::sanitize_multiline;
use crate::domain::transition;
use crate::domain::{ActionKind, ActivityKind, Lead, LeadId, NewActivity, NextAction, Stage, Ts};
use crate::store::{Change, Store, StoreError};

use super::{OpsError, Problem};

/// Field sales' answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedbackResult {
    /// Field sales takes the lead.
    Accepted,
    /// Field sales sends it back.
    Rejected,
}

impl FeedbackResult {
    /// The stable id (`data.result` of the journal row).
    pub fn id(self) -> &'static str {
        match self {
            FeedbackResult::Accepted => "accepted",
            FeedbackResult::Rejected => "rejected",
        }
    }

    /// Parses a stable id.
    pub fn from_id(id: &str) -> Option<FeedbackResult> {
        match id {
            "accepted" => Some(FeedbackResult::Accepted),
            "rejected" => Some(FeedbackResult::Rejected),
            _ => None,
        }
    }
}

/// The feedback as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackRequest {
    /// Accepted or rejected.
    pub result: FeedbackResult,
    /// Why (required for a rejection).
    pub reason: String,
    /// Where a rejected lead goes: engaged (default) or lost.
    pub to: Option<Stage>,
    /// The lost-reason id when it goes to lost.
    pub lost_reason: Option<String>,
}

/// The newest feedback result since the lead's newest escalation, if any.
pub fn current_feedback(store: &Store, id: LeadId) -> Result<Option<FeedbackResult>, OpsError> {
    let rows = store.activities(id)?;
    let live = rows.iter().filter(|a| !a.undone);
    let last_escalation = live
        .clone()
        .filter(|a| a.kind == ActivityKind::Escalation)
        .map(|a| (a.at, a.id))
        .max();
    Ok(live
        .filter(|a| a.kind == ActivityKind::Feedback)
        .filter(|a| last_escalation.is_none_or(|e| (a.at, a.id) > e))
        .max_by_key(|a| (a.at, a.id))
        .and_then(|a| a.data.get("result").and_then(|v| v.as_str()))
        .and_then(FeedbackResult::from_id))
}

/// Records field sales' feedback on a handed-off lead.
pub fn feedback(
    store: &mut Store,
    config: &Config,
    id: LeadId,
    expected_version: Option<i64>,
    req: &FeedbackRequest,
    now: Ts,
) -> Result<Lead, OpsError> {
    let lang = config.ui.language;
    let reason = sanitize_multiline(&req.reason).trim().to_owned();
    let current = store
        .lead(id)?
        .ok_or_else(|| StoreError::NoSuchLead(id.to_string()))?;
    if current.stage != Stage::HandedOff {
        return Err(OpsError::Blocked(Problem::NotHandedOff {
            id,
            stage: current.stage.id().to_owned(),
        }));
    }
    let rules = config.rules.transition_rules();
    let target = match req.result {
        FeedbackResult::Accepted => {
            if req.to.is_some() || req.lost_reason.is_some() {
                return Err(OpsError::Invalid(Problem::FeedbackOptionsNeedRejection));
            }
            if current_feedback(store, id)? == Some(FeedbackResult::Accepted) {
                return Err(OpsError::Blocked(Problem::AlreadyAccepted(id)));
            }
            None
        }
        FeedbackResult::Rejected => {
            if reason.is_empty() {
                return Err(OpsError::Invalid(Problem::RejectionNeedsReason));
            }
            match (req.to.unwrap_or(Stage::Engaged), req.lost_reason.as_deref()) {
                (Stage::Engaged, None) => Some((Stage::Engaged, None)),
                (Stage::Engaged, Some(_)) => {
                    return Err(OpsError::Invalid(Problem::LostReasonNeedsToLost));
                }
                (Stage::Lost, Some(r)) => {
                    if !rules.reengage_days.iter().any(|(id, _)| id == r) {
                        let known: Vec<&str> = rules
                            .reengage_days
                            .iter()
                            .map(|(r, _)| r.as_str())
                            .collect();
                        return Err(OpsError::Invalid(Problem::UnknownFeedbackLostReason {
                            reason: r.to_owned(),
                            known: known.join(", "),
                        }));
                    }
                    Some((Stage::Lost, Some(r.to_owned())))
                }
                (Stage::Lost, None) => {
                    return Err(OpsError::Invalid(Problem::ToLostNeedsLostReason));
                }
                (other, _) => {
                    return Err(OpsError::Invalid(Problem::FeedbackBadStage(
                        other.id().to_owned(),
                    )));
                }
            }
        }
    };
    let today = now.with_timezone(&config.rep.timezone).date_naive();
    let label = format!(
        "{}: {}",
        lang.text(TextKey::OpsFeedbackFieldSalesFeedback),
        req.result.id()
    );
    store.mutate(id, expected_version, &label, |before| {
        if before.stage != Stage::HandedOff {
            return Err(OpsError::Blocked(Problem::NotHandedOff {
                id,
                stage: before.stage.id().to_owned(),
            }));
        }
        let mut activities = vec![
            NewActivity::new(ActivityKind::Feedback, now)
                .with_outcome(req.result.id())
                .with_note(reason.clone())
                .with_data(json!({
                    "result": req.result.id(),
                    "reason": Some(reason.as_str()).filter(|r| !r.is_empty()),
                    "to": target.as_ref().map(|(s, _)| s.id()),
                    "lost_reason": target.as_ref().and_then(|(_, r)| r.clone()),
                })),
        ];
        let lead = match &target {
            None => before.clone(),
            Some((Stage::Lost, Some(r))) => {
                // The stage rules refuse a handed-off lead; feedback is the one way out.
                let mut open = before.clone();
                open.stage = Stage::Engaged;
                let mut lead = transition::mark_lost(&open, r, None, now, today, &rules)?.lead;
                lead.stage_entered_at = now;
                lead
            }
            Some(_) => {
                let mut lead = before.clone();
                lead.stage = Stage::Engaged;
                lead.stage_entered_at = now;
                lead.attempts = 0;
                // Back on the rep's desk: a call today to pick it up again.
                lead.next_action = Some(NextAction {
                    kind: ActionKind::Call,
                    due_at: now,
                    note: reason.clone(),
                });
                lead
            }
        };
        if let Some((to, r)) = &target {
            activities.push(NewActivity::new(ActivityKind::Stage, now).with_data(json!({
                "from": Stage::HandedOff.id(),
                "to": to.id(),
                "reason": r,
                "reengaged": false,
            })));
        }
        Ok::<_, OpsError>(Change { lead, activities })
    })
}
