//! Logging calls (SPEC §2) with the daily cap and calling-window checks.

use serde_json::json;

use crate::domain::i18n::TextKey;
use crate::domain::sequence::SeqEvent;
use crate::domain::transition::{self, Applied, Call};
use crate::domain::{ActivityKind, Lead, LeadId, NewActivity, Outcome, Ts};
use crate::store::{Change, Store};

use super::{OpsError, Policy, Problem};
pub use crate::domain::call::{CallRequest, Refusal};

/// What stops a call to `lead` at `at` (empty when nothing does). `check_window` is off for a
/// call the CLI logs as just made: that call happened, and refusing to record it loses data;
/// a time given with `--at` and every call logged in the TUI are checked.
pub fn check_call(
    store: &Store,
    policy: &Policy,
    lead: &Lead,
    at: Ts,
    check_window: bool,
) -> Result<Vec<Refusal>, OpsError> {
    let mut out = Vec::new();
    if lead.do_not_call {
        out.push(Refusal::DoNotCall);
    }
    let day = policy.rep_day(at);
    let calls = store.calls_between(lead.id, day.start, day.end)?;
    if calls >= policy.max_attempts_per_day {
        out.push(Refusal::DailyCap {
            calls,
            cap: policy.max_attempts_per_day,
        });
    }
    if check_window {
        out.extend(Refusal::outside_window(policy, lead, at));
    }
    Ok(out)
}

/// Logs a call: checks (unless forced), applies the §2 matrix, writes lead and journal.
/// `expected_version` guards against a stale screen.
pub fn log_call(
    store: &mut Store,
    policy: &Policy,
    id: LeadId,
    expected_version: Option<i64>,
    req: &CallRequest,
    now: Ts,
) -> Result<(Lead, Option<transition::StageChange>), OpsError> {
    let at = req.at.unwrap_or(now);
    let current = store
        .lead(id)?
        .ok_or_else(|| crate::store::StoreError::NoSuchLead(id.to_string()))?;
    if !req.force {
        if let Some(r) = check_call(store, policy, &current, at, req.check_window)?
            .into_iter()
            .next()
        {
            return Err(OpsError::Refused(r));
        }
    }
    let phone = match &req.phone {
        None => None,
        Some(p) => Some(
            current
                .phones
                .iter()
                .position(|x| x.number.as_deref() == Some(p.as_str()) || x.raw == *p)
                .ok_or_else(|| {
                    OpsError::Invalid(Problem::NoSuchPhone {
                        id,
                        phone: p.clone(),
                    })
                })?,
        ),
    };
    let call = Call {
        outcome: req.outcome,
        at,
        today: policy.rep_day(at).date,
        phone,
        next: req.next,
        meeting: req.meeting,
        lost_reason: req.reason.clone(),
        note: req.note.clone(),
    };
    let label = format!("log call: {}", req.outcome.label(policy.lang));
    let mut change = None;
    let seq = super::sequence::prepare(store, &current)?;
    let lead = store.mutate(id, expected_version, &label, |before| {
        let applied = transition::apply_call(before, &call, &policy.rules)?;
        let dialled = phone
            .or_else(|| before.phones.iter().position(|p| p.is_usable()))
            .and_then(|i| before.phones.get(i))
            .map(|p| p.dial_text().to_owned());
        let mut data = json!({ "phone": dialled });
        if let Some(d) = req.duration {
            data["duration"] = json!(d);
        }
        if let Some(next) = req.next {
            data["next"] = json!(next.to_rfc3339());
        }
        let mut activities = vec![
            NewActivity::new(ActivityKind::Call, at)
                .with_outcome(req.outcome.id())
                .with_note(req.note.clone())
                .with_data(data),
        ];
        if let Some(m) = req.meeting.filter(|_| req.outcome == Outcome::Meeting) {
            activities.push(
                NewActivity::new(ActivityKind::Meeting, at)
                    .with_outcome("booked")
                    .with_data(json!({ "meeting": m.to_rfc3339() })),
            );
        }
        activities.extend(stage_activity(&applied, at));
        change = applied.stage_change.clone();
        let mut lead = applied.lead;
        let event = SeqEvent::Call {
            conversation: req.outcome.is_conversation(),
        };
        activities.extend(super::sequence::on_stage_change(
            &seq, policy, before, &mut lead, &event, at,
        ));
        Ok::<_, OpsError>(Change { lead, activities })
    })?;
    Ok((lead, change))
}

/// Logs an inbound call: a conversation (new/unreached/lost → engaged).
pub fn inbound_call(
    store: &mut Store,
    policy: &Policy,
    id: LeadId,
    expected_version: Option<i64>,
    note: &str,
    now: Ts,
) -> Result<Lead, OpsError> {
    let label = policy.lang.text(TextKey::OpsCallInboundCall).to_owned();
    super::sequence::mutate_with_event(
        store,
        policy,
        id,
        expected_version,
        &label,
        (SeqEvent::Conversation, now),
        |before| {
            let applied = transition::apply_conversation(before, now);
            let mut activities = vec![NewActivity::new(ActivityKind::Inbound, now).with_note(note)];
            activities.extend(stage_activity(&applied, now));
            Ok((applied.lead, activities))
        },
    )
}

/// The `stage` journal row for a stage change, if there was one.
pub(super) fn stage_activity(applied: &Applied, at: Ts) -> Option<NewActivity> {
    applied.stage_change.as_ref().map(|c| {
        NewActivity::new(ActivityKind::Stage, at).with_data(json!({
            "from": c.from.id(),
            "to": c.to.id(),
            "reason": c.reason,
            "reengaged": c.is_reengagement(),
        }))
    })
}
