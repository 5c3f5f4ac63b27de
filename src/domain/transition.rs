//! Stage rules (SPEC §2): what a call outcome, an inbound call, a reply or a lost mark does to a
//! lead. Pure functions: the lead before, the event and the rules in; the lead after out.

use chrono::{Duration, NaiveDate};

use super::Lang;
use super::i18n::TextKey;
use super::lead::{ActionKind, Lead, NextAction, Ts};
use super::lost_reason::{self, DO_NOT_CALL, INVALID_DATA, NOT_INTERESTED, UNREACHABLE};
use super::outcome::Outcome;
use super::stage::Stage;

/// The configured rules a transition needs.
#[derive(Debug, Clone)]
pub struct Rules {
    /// Unsuccessful attempts after which a not-reached lead is lost.
    pub lost_after_attempts: u32,
    /// Delay before calling again after no answer, voicemail or gatekeeper.
    pub retry_no_answer: Duration,
    /// Delay before calling again after a busy line.
    pub retry_busy: Duration,
    /// Re-engage delay in days per lost-reason id (0 = never); unknown ids give 0.
    pub reengage_days: Vec<(String, u32)>,
}

impl Rules {
    fn reengage_days(&self, reason: &str) -> u32 {
        self.reengage_days
            .iter()
            .find(|(id, _)| id == reason)
            .map_or(0, |(_, d)| *d)
    }
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            lost_after_attempts: 6,
            retry_no_answer: Duration::days(1),
            retry_busy: Duration::hours(2),
            reengage_days: vec![
                ("not_interested".into(), 90),
                ("bad_timing".into(), 90),
                ("no_budget".into(), 120),
                ("competitor".into(), 180),
                ("unreachable".into(), 60),
                ("invalid_data".into(), 0),
                ("do_not_call".into(), 0),
            ],
        }
    }
}

/// A logged call.
#[derive(Debug, Clone)]
pub struct Call {
    /// What happened.
    pub outcome: Outcome,
    /// When the call happened.
    pub at: Ts,
    /// The rep's calendar date at `at` (re-engage dates count from it).
    pub today: NaiveDate,
    /// Index into `lead.phones` of the number dialled (default: the primary).
    pub phone: Option<usize>,
    /// The next call or action the rep asked for (required for callback).
    pub next: Option<Ts>,
    /// The meeting time (required for meeting).
    pub meeting: Option<Ts>,
    /// The lost-reason id for not interested (default `not_interested`).
    pub lost_reason: Option<String>,
    /// The rep's note.
    pub note: String,
}

/// A stage change caused by an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageChange {
    /// The stage before.
    pub from: Stage,
    /// The stage after.
    pub to: Stage,
    /// The lost reason, when the lead was lost.
    pub reason: Option<String>,
}

impl StageChange {
    /// Lost → engaged counts as re-engaged.
    pub fn is_reengagement(&self) -> bool {
        self.from == Stage::Lost && self.to == Stage::Engaged
    }
}

/// What an event did: the lead after it and the stage change, if any.
#[derive(Debug, Clone)]
pub struct Applied {
    /// The lead after the event.
    pub lead: Lead,
    /// The stage change it caused.
    pub stage_change: Option<StageChange>,
    /// The phone marked invalid (wrong number).
    pub invalidated_phone: Option<usize>,
}

/// Why a call cannot be logged as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleError {
    /// A callback needs the time to call back.
    CallbackNeedsTime,
    /// A meeting needs its time.
    MeetingNeedsTime,
    /// The lead has no such phone (1-based).
    NoSuchPhone(usize),
    /// The lead is handed off: only field-sales feedback changes its stage.
    HandedOff,
}

impl RuleError {
    /// The reason in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            RuleError::CallbackNeedsTime => {
                lang.text(TextKey::DomainRuleCallbackNeedsTime).to_owned()
            }
            RuleError::MeetingNeedsTime => {
                lang.text(TextKey::DomainRuleMeetingNeedsTime).to_owned()
            }
            RuleError::NoSuchPhone(n) => lang.fill(TextKey::DomainRuleNoSuchPhone, &[("n", n)]),
            RuleError::HandedOff => lang.text(TextKey::DomainRuleHandedOff).to_owned(),
        }
    }
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

impl std::error::Error for RuleError {}

/// Applies a call outcome to a lead (the stage × outcome matrix of SPEC §2).
pub fn apply_call(before: &Lead, call: &Call, rules: &Rules) -> Result<Applied, RuleError> {
    let o = call.outcome;
    if o == Outcome::Callback && call.next.is_none() {
        return Err(RuleError::CallbackNeedsTime);
    }
    if o == Outcome::Meeting && call.meeting.is_none() {
        return Err(RuleError::MeetingNeedsTime);
    }
    let dialled = match call.phone {
        Some(i) if i >= before.phones.len() => return Err(RuleError::NoSuchPhone(i + 1)),
        Some(i) => Some(i),
        None => before.phones.iter().position(|p| p.is_usable()),
    };

    let mut lead = before.clone();
    let from = before.stage;
    lead.last_touch_at = Some(call.at);
    if o.is_conversation() {
        lead.attempts = 0;
        lead.last_conversation_at = Some(call.at);
    } else {
        lead.attempts = lead.attempts.saturating_add(1);
    }

    let mut invalidated_phone = None;
    if o == Outcome::WrongNumber {
        if let Some(i) = dialled {
            lead.phones[i].invalid = true;
            invalidated_phone = Some(i);
        }
    }

    // The next action each outcome asks for.
    lead.next_action = match o {
        Outcome::Connected => call.next.map(|due| call_action(due, &call.note)),
        Outcome::NoAnswer | Outcome::Voicemail | Outcome::Gatekeeper => {
            Some(call_action(call.at + rules.retry_no_answer, ""))
        }
        Outcome::Busy => Some(call_action(call.at + rules.retry_busy, "")),
        Outcome::WrongNumber => retry_after_wrong_number(&lead, call, rules),
        Outcome::Callback => call.next.map(|due| call_action(due, &call.note)),
        Outcome::Meeting => call.meeting.map(|due| NextAction {
            kind: ActionKind::Task,
            due_at: due,
            note: "meeting".into(),
        }),
        Outcome::NotInterested | Outcome::DoNotCall => None,
    };
    if o == Outcome::Meeting {
        lead.meeting_at = call.meeting;
    }
    if o == Outcome::DoNotCall {
        lead.do_not_call = true;
    }

    let has_channel = lead.primary_phone().is_some() || lead.has_usable_email();
    let lost_reason = call
        .lost_reason
        .clone()
        .unwrap_or_else(|| NOT_INTERESTED.to_owned());

    let target: Option<(Stage, Option<String>)> = match (from, o) {
        (Stage::HandedOff, _) => None,
        (Stage::Lost, Outcome::Connected | Outcome::Callback | Outcome::Meeting) => {
            Some((Stage::Engaged, None))
        }
        (Stage::Lost, Outcome::NotInterested) => Some((Stage::Lost, Some(lost_reason))),
        (Stage::Lost, _) => None,
        (_, Outcome::NotInterested) => Some((Stage::Lost, Some(lost_reason))),
        (_, Outcome::DoNotCall) => Some((Stage::Lost, Some(DO_NOT_CALL.to_owned()))),
        (Stage::Engaged, Outcome::WrongNumber) if !has_channel => {
            Some((Stage::Lost, Some(INVALID_DATA.to_owned())))
        }
        (Stage::Engaged, _) => None,
        (
            Stage::New | Stage::Unreached,
            Outcome::Connected | Outcome::Callback | Outcome::Meeting,
        ) => Some((Stage::Engaged, None)),
        (Stage::New | Stage::Unreached, Outcome::WrongNumber) if !has_channel => {
            Some((Stage::Lost, Some(INVALID_DATA.to_owned())))
        }
        (Stage::Unreached, _) if lead.attempts >= rules.lost_after_attempts => {
            Some((Stage::Lost, Some(UNREACHABLE.to_owned())))
        }
        (Stage::New | Stage::Unreached, _) => Some((Stage::Unreached, None)),
    };

    let stage_change = match target {
        Some((Stage::Lost, Some(reason))) => {
            set_lost(&mut lead, &reason, call.at, call.today, rules);
            (from != Stage::Lost).then_some(StageChange {
                from,
                to: Stage::Lost,
                reason: Some(reason),
            })
        }
        Some((to, _)) => enter(&mut lead, to, call.at),
        None => None,
    };
    Ok(Applied {
        lead,
        stage_change,
        invalidated_phone,
    })
}

/// An inbound call or a mail reply: a conversation (new/unreached/lost → engaged).
pub fn apply_conversation(before: &Lead, at: Ts) -> Applied {
    let mut lead = before.clone();
    lead.attempts = 0;
    lead.last_conversation_at = Some(at);
    lead.last_touch_at = Some(at);
    let stage_change = match before.stage {
        Stage::New | Stage::Unreached | Stage::Lost => enter(&mut lead, Stage::Engaged, at),
        Stage::Engaged | Stage::HandedOff => None,
    };
    Applied {
        lead,
        stage_change,
        invalidated_phone: None,
    }
}

/// Marks a lead lost for `reason`; `reengage` overrides the configured re-engage date.
pub fn mark_lost(
    before: &Lead,
    reason: &str,
    reengage: Option<NaiveDate>,
    at: Ts,
    today: NaiveDate,
    rules: &Rules,
) -> Result<Applied, RuleError> {
    if before.stage == Stage::HandedOff {
        return Err(RuleError::HandedOff);
    }
    let mut lead = before.clone();
    set_lost(&mut lead, reason, at, today, rules);
    if reengage.is_some() && lost_reason::may_reengage(reason) {
        lead.reengage_on = reengage;
    }
    let stage_change = (before.stage != Stage::Lost).then(|| StageChange {
        from: before.stage,
        to: Stage::Lost,
        reason: Some(reason.to_owned()),
    });
    Ok(Applied {
        lead,
        stage_change,
        invalidated_phone: None,
    })
}

/// A mail the rep sent: a touch without a conversation; a new lead becomes not reached.
pub fn apply_mail_sent(before: &Lead, at: Ts) -> Applied {
    let mut lead = before.clone();
    lead.last_touch_at = Some(at);
    let stage_change = if before.stage == Stage::New {
        enter(&mut lead, Stage::Unreached, at)
    } else {
        None
    };
    Applied {
        lead,
        stage_change,
        invalidated_phone: None,
    }
}

fn call_action(due_at: Ts, note: &str) -> NextAction {
    NextAction {
        kind: ActionKind::Call,
        due_at,
        note: note.to_owned(),
    }
}

fn retry_after_wrong_number(lead: &Lead, call: &Call, rules: &Rules) -> Option<NextAction> {
    if lead.primary_phone().is_some() {
        Some(call_action(call.at + rules.retry_no_answer, ""))
    } else if lead.has_usable_email() {
        Some(NextAction {
            kind: ActionKind::Mail,
            due_at: call.at,
            note: String::new(),
        })
    } else {
        None
    }
}

fn enter(lead: &mut Lead, to: Stage, at: Ts) -> Option<StageChange> {
    let from = lead.stage;
    if from == to {
        return None;
    }
    lead.stage = to;
    lead.stage_entered_at = at;
    if from == Stage::Lost {
        lead.lost_reason = None;
        lead.reengage_on = None;
    }
    Some(StageChange {
        from,
        to,
        reason: None,
    })
}

fn set_lost(lead: &mut Lead, reason: &str, at: Ts, today: NaiveDate, rules: &Rules) {
    if lead.stage != Stage::Lost {
        lead.stage = Stage::Lost;
        lead.stage_entered_at = at;
    }
    lead.lost_reason = Some(reason.to_owned());
    lead.reengage_on = lost_reason::reengage_on(reason, rules.reengage_days(reason), today);
    lead.next_action = None;
    if reason == DO_NOT_CALL {
        lead.do_not_call = true;
    }
}

#[cfg(test)]
#[path = "transition_tests.rs"]
mod tests;
