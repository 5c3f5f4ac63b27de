//! Replies received and meeting outcomes (SPEC §2, §5 `R` and `M`); both end the lead's
//! sequence (SPEC §7).

use serde_json::json;

use crate::domain::i18n::TextKey;
use crate::domain::meeting::{MeetingOutcome, apply_meeting_outcome};
use crate::domain::sequence::SeqEvent;
use crate::domain::transition::apply_conversation;
use crate::domain::{ActivityKind, Lead, LeadId, NewActivity, Ts};
use crate::store::Store;

use super::call::stage_activity;
use super::sequence::mutate_with_event;
use super::{OpsError, Policy};

/// A mail reply from the lead: a conversation (new/unreached/lost → engaged).
pub fn reply_received(
    store: &mut Store,
    policy: &Policy,
    id: LeadId,
    expected_version: Option<i64>,
    note: &str,
    now: Ts,
) -> Result<Lead, OpsError> {
    let label = policy
        .lang
        .text(TextKey::OpsConversationReplyReceived)
        .to_owned();
    let event = (SeqEvent::Conversation, now);
    mutate_with_event(
        store,
        policy,
        id,
        expected_version,
        &label,
        event,
        |before| {
            let applied = apply_conversation(before, now);
            let mut activities = vec![NewActivity::new(ActivityKind::Reply, now).with_note(note)];
            activities.extend(stage_activity(&applied, now));
            Ok((applied.lead, activities))
        },
    )
}

/// Records what happened to the lead's meeting.
pub fn meeting_outcome(
    store: &mut Store,
    policy: &Policy,
    id: LeadId,
    expected_version: Option<i64>,
    outcome: MeetingOutcome,
    note: &str,
    now: Ts,
) -> Result<Lead, OpsError> {
    let label = format!(
        "{}: {}",
        policy.lang.text(TextKey::OpsConversationMeeting),
        outcome.id()
    );
    let event = (SeqEvent::Meeting, now);
    mutate_with_event(
        store,
        policy,
        id,
        expected_version,
        &label,
        event,
        |before| {
            let applied = apply_meeting_outcome(before, outcome, now);
            let mut data = json!({ "meeting": before.meeting_at.map(|m| m.to_rfc3339()) });
            if let MeetingOutcome::Rescheduled(when) = outcome {
                data["rescheduled_to"] = json!(when.to_rfc3339());
            }
            let mut activities = vec![
                NewActivity::new(ActivityKind::Meeting, now)
                    .with_outcome(outcome.id())
                    .with_note(note)
                    .with_data(data),
            ];
            activities.extend(stage_activity(&applied, now));
            Ok((applied.lead, activities))
        },
    )
}
