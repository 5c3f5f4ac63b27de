//! What happened to a booked meeting (SPEC §2: held, no-show, rescheduled).

use chrono::Duration;

use super::lead::{ActionKind, Lead, NextAction, Ts};
use super::transition::{Applied, apply_conversation};

/// The meeting's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingOutcome {
    /// It took place: a conversation.
    Held,
    /// The lead did not come: call to rebook.
    NoShow,
    /// Moved to a new time.
    Rescheduled(Ts),
}

impl MeetingOutcome {
    /// The id written to the journal (`meeting` activity outcome).
    pub fn id(self) -> &'static str {
        match self {
            MeetingOutcome::Held => "held",
            MeetingOutcome::NoShow => "no_show",
            MeetingOutcome::Rescheduled(_) => "rescheduled",
        }
    }
}

/// Applies a meeting outcome: held is a conversation (and keeps the meeting on record),
/// no-show clears the meeting and asks for a call to rebook now, rescheduled moves it.
pub fn apply_meeting_outcome(before: &Lead, outcome: MeetingOutcome, at: Ts) -> Applied {
    match outcome {
        MeetingOutcome::Held => {
            let mut applied = apply_conversation(before, at);
            applied.lead.next_action = None;
            applied
        }
        MeetingOutcome::NoShow => {
            let mut lead = before.clone();
            lead.meeting_at = None;
            lead.last_touch_at = Some(at);
            lead.next_action = Some(NextAction {
                kind: ActionKind::Call,
                due_at: at + Duration::minutes(5),
                note: "rebook the meeting".into(),
            });
            Applied {
                lead,
                stage_change: None,
                invalidated_phone: None,
            }
        }
        MeetingOutcome::Rescheduled(when) => {
            let mut lead = before.clone();
            lead.meeting_at = Some(when);
            lead.last_touch_at = Some(at);
            lead.next_action = Some(NextAction {
                kind: ActionKind::Task,
                due_at: when,
                note: "meeting".into(),
            });
            Applied {
                lead,
                stage_change: None,
                invalidated_phone: None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::domain::Stage;

    fn t0() -> Ts {
        Utc.with_ymd_and_hms(2026, 11, 27, 1, 0, 0)
            .single()
            .unwrap_or_default()
    }

    fn booked() -> Lead {
        Lead {
            stage: Stage::Engaged,
            meeting_at: Some(t0()),
            attempts: 2,
            ..Lead::default()
        }
    }

    #[test]
    fn a_held_meeting_is_a_conversation_and_stays_on_record() {
        let a = apply_meeting_outcome(&booked(), MeetingOutcome::Held, t0());
        assert_eq!(a.lead.attempts, 0);
        assert_eq!(a.lead.last_conversation_at, Some(t0()));
        assert_eq!(a.lead.meeting_at, Some(t0()));
    }

    #[test]
    fn a_no_show_asks_for_a_call_to_rebook() {
        let a = apply_meeting_outcome(&booked(), MeetingOutcome::NoShow, t0());
        assert_eq!(a.lead.meeting_at, None);
        assert_eq!(a.lead.next_action.map(|n| n.kind), Some(ActionKind::Call));
        assert_eq!(a.lead.stage, Stage::Engaged);
    }

    #[test]
    fn a_rescheduled_meeting_moves() {
        let later = t0() + Duration::days(3);
        let a = apply_meeting_outcome(&booked(), MeetingOutcome::Rescheduled(later), t0());
        assert_eq!(a.lead.meeting_at, Some(later));
        assert_eq!(a.lead.next_action.map(|n| n.due_at), Some(later));
    }
}
