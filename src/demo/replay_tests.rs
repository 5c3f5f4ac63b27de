//! Replays every demo journal through the real stage rules (`domain::transition`) and checks
//! that the generator's own, faster simulation ends where the rules do.

#![allow(clippy::unwrap_used)]

use chrono::{DateTime, Duration};
use chrono_tz::Tz;

use crate::domain::transition::{
    Call, Rules, StageChange, apply_call, apply_conversation, apply_mail_sent, mark_lost,
};
use crate::domain::{ActivityKind, Lead, NewActivity, Outcome, Stage, Ts};

use super::{DemoOptions, generate};

fn time(v: &serde_json::Value) -> Option<Ts> {
    v.as_str()
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.to_utc())
}

fn replay(generated: &Lead, acts: &[NewActivity]) -> Lead {
    let rules = Rules::default();
    let mut lead = generated.clone();
    lead.stage = Stage::New;
    lead.stage_entered_at = lead.handover_at;
    lead.attempts = 0;
    lead.last_touch_at = None;
    lead.last_conversation_at = None;
    lead.next_action = None;
    lead.meeting_at = None;
    lead.lost_reason = None;
    lead.reengage_on = None;
    // Only new leads were imported with the flag; the others got it on a call.
    lead.do_not_call = generated.do_not_call && generated.stage == Stage::New;
    for p in &mut lead.phones {
        p.invalid = p.number.is_none();
    }
    let mut pending: Option<StageChange> = None;
    for (i, a) in acts.iter().enumerate() {
        let today = a.at.with_timezone(&Tz::Asia__Tokyo).date_naive();
        let applied = match a.kind {
            ActivityKind::Call => {
                let outcome = a.outcome.as_deref().and_then(Outcome::from_id).unwrap();
                let phone = lead
                    .phones
                    .iter()
                    .position(|p| p.number.as_deref() == a.data["phone"].as_str());
                let later = &acts[i + 1..];
                let meeting = later
                    .iter()
                    .find(|b| b.kind == ActivityKind::Meeting)
                    .and_then(|b| time(&b.data["meeting"]))
                    .filter(|_| outcome == Outcome::Meeting);
                let reason = later
                    .iter()
                    .take_while(|b| b.at == a.at)
                    .find(|b| b.kind == ActivityKind::Stage)
                    .and_then(|b| b.data["reason"].as_str())
                    .map(str::to_owned);
                let call = Call {
                    outcome,
                    at: a.at,
                    today,
                    phone,
                    next: Some(a.at + Duration::days(1)),
                    meeting,
                    lost_reason: reason,
                    note: a.note.clone(),
                };
                Some(apply_call(&lead, &call, &rules).unwrap())
            }
            ActivityKind::Inbound => Some(apply_conversation(&lead, a.at)),
            ActivityKind::Mail => Some(apply_mail_sent(&lead, a.at)),
            ActivityKind::Meeting if a.outcome.as_deref() == Some("no_show") => {
                lead.meeting_at = None;
                None
            }
            ActivityKind::Stage => {
                let to = a.data["to"].as_str().and_then(Stage::from_id).unwrap();
                match pending.take() {
                    Some(change) => {
                        assert_eq!(
                            change.to, to,
                            "{}: stage after {:?}",
                            lead.full_name, change
                        );
                        assert_eq!(change.reason.as_deref(), a.data["reason"].as_str());
                    }
                    None if to == Stage::Lost => {
                        let reason = a.data["reason"].as_str().unwrap();
                        lead = mark_lost(&lead, reason, None, a.at, today, &rules)
                            .unwrap()
                            .lead;
                    }
                    None => {
                        assert_eq!(
                            to,
                            Stage::HandedOff,
                            "{}: unexplained stage",
                            lead.full_name
                        );
                        lead.stage = to;
                        lead.stage_entered_at = a.at;
                    }
                }
                None
            }
            _ => None,
        };
        if let Some(applied) = applied {
            lead = applied.lead;
            pending = applied.stage_change;
        }
    }
    assert!(
        pending.is_none(),
        "{}: stage change without its entry",
        lead.full_name
    );
    lead
}

#[test]
fn the_journals_replay_through_the_stage_rules_to_the_same_leads() {
    let opts = DemoOptions {
        leads: 3_000,
        seed: 31,
        now: DateTime::parse_from_rfc3339("2026-07-01T10:00:00+09:00")
            .unwrap()
            .to_utc(),
    };
    generate(&opts, 500, |batch| {
        for (lead, acts) in &batch {
            let r = replay(lead, acts);
            let who = &lead.full_name;
            assert_eq!(r.stage, lead.stage, "{who}: stage");
            assert_eq!(
                r.stage_entered_at, lead.stage_entered_at,
                "{who}: stage_entered_at"
            );
            assert_eq!(r.attempts, lead.attempts, "{who}: attempts");
            assert_eq!(r.last_touch_at, lead.last_touch_at, "{who}: last touch");
            assert_eq!(r.last_conversation_at, lead.last_conversation_at, "{who}");
            assert_eq!(r.lost_reason, lead.lost_reason, "{who}: lost reason");
            assert_eq!(r.reengage_on, lead.reengage_on, "{who}: reengage_on");
            assert_eq!(r.do_not_call, lead.do_not_call, "{who}: do_not_call");
            assert_eq!(r.meeting_at, lead.meeting_at, "{who}: meeting");
            assert_eq!(r.phones, lead.phones, "{who}: phones");
        }
        Ok::<(), ()>(())
    })
    .unwrap();
}
