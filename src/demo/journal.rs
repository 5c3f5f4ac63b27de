//! The journal simulator: applies planned steps to a lead the way leadbench's rules do (SPEC §2)
//! — attempts, stage changes, lost reasons, re-engage dates — writing an activity for each, so
//! that the lead's projection always agrees with its journal. Faster than calling
//! `domain::transition` per step, which clones the whole lead each time.

use chrono::{DateTime, SecondsFormat};
use serde_json::json;

use crate::domain::lost_reason::{self, DO_NOT_CALL, INVALID_DATA, UNREACHABLE};
use crate::domain::{ActionKind, ActivityKind, Lead, NewActivity, NextAction, Outcome, Stage, Ts};

use super::clock::{Calendar, DAY, HOUR, MIN, Zone};
use super::names::{EN_FIELD_REPS, JA_FIELD_REPS};
use super::rng::Rng;
use super::vocab::{
    CALLBACK_NOTES, CONVERSATION_NOTES, DO_NOT_CALL_NOTES, ESCALATION_NOTES, GATEKEEPER_NOTES,
    INBOUND_NOTES, MEETING_NOTES, NOT_INTERESTED_NOTES, Pair, WRONG_NUMBER_NOTES,
};

mod after;

/// `rules.lost_after_attempts` at its default.
pub const LOST_AFTER_ATTEMPTS: u32 = 6;

/// A mail template id with its subjects.
pub type Template = (&'static str, Pair);

/// The built-in re-engage delay of a lost reason (Appendix C); 0 = never.
pub fn reengage_days(reason: &str) -> u32 {
    match reason {
        "not_interested" | "bad_timing" => 90,
        "no_budget" => 120,
        "competitor" => 180,
        "unreachable" => 60,
        _ => 0,
    }
}

/// Unix seconds as a timestamp.
pub fn ts(secs: i64) -> Ts {
    DateTime::from_timestamp(secs, 0).unwrap_or_default()
}

/// Unix seconds in RFC 3339 (UTC, whole seconds).
pub fn rfc3339(secs: i64) -> String {
    ts(secs).to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// One planned thing that happens to a lead.
#[derive(Debug, Clone, Copy)]
pub enum Step {
    /// A marketing engagement event of this kind (any time of day).
    Event(&'static str),
    /// An outbound call with this outcome.
    Call(Outcome),
    /// A `not_interested` call with this lost reason.
    Refuse(&'static str),
    /// An inbound call.
    Inbound,
    /// A mail the rep sent.
    Mail(Template),
    /// A note about the last conversation.
    Note,
    /// Marked lost by hand for this reason.
    Lost(&'static str),
    /// Escalated to field sales.
    Escalate,
}

/// When the next action falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// Already past.
    Overdue,
    /// Later today.
    Today,
    /// In the coming days.
    Later,
}

/// A lead being played through its history.
pub struct Sim<'a> {
    cal: &'a Calendar,
    rng: &'a mut Rng,
    lead: &'a mut Lead,
    acts: Vec<NewActivity>,
    zone: Zone,
    ja: bool,
    now: i64,
    /// Latest instant a journal entry may have.
    limit: i64,
    /// The time of the last entry.
    t: i64,
    /// Where the plan says the clock is, before snapping into business hours; snapping each
    /// step from here keeps the delays of nights and weekends from adding up.
    nominal: i64,
    /// Factor on planned gaps (below 1 when a history is squeezed into the last three years).
    scale: f64,
    /// Meetings booked by calls are put after `now` (engaged leads waiting for theirs).
    pub future_meeting: bool,
    stage: Stage,
    stage_entered: i64,
    attempts: u32,
    last_touch: Option<i64>,
    last_conversation: Option<i64>,
    last_engagement: Option<i64>,
    meeting: Option<i64>,
    lost_at: Option<i64>,
    next: Option<NextAction>,
}

impl<'a> Sim<'a> {
    /// Starts a lead handed over at `handover`, in stage new.
    pub fn new(
        cal: &'a Calendar,
        rng: &'a mut Rng,
        lead: &'a mut Lead,
        zone: Zone,
        now: i64,
        handover: i64,
    ) -> Sim<'a> {
        Sim {
            cal,
            rng,
            lead,
            acts: Vec::with_capacity(12),
            zone,
            ja: zone == Zone::Tokyo,
            now,
            limit: now - MIN,
            t: handover,
            nominal: handover,
            scale: 1.0,
            future_meeting: false,
            stage: Stage::New,
            stage_entered: handover,
            attempts: 0,
            last_touch: None,
            last_conversation: None,
            last_engagement: None,
            meeting: None,
            lost_at: None,
            next: None,
        }
    }

    /// The stage so far.
    pub fn stage(&self) -> Stage {
        self.stage
    }

    /// The meeting booked so far.
    pub fn meeting(&self) -> Option<i64> {
        self.meeting
    }

    /// True with probability `percent` / 100, from the lead's stream.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.rng.pct(percent)
    }

    /// An index drawn by weights from the lead's stream.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        self.rng.weighted(weights)
    }

    fn text(&self, pair: &Pair) -> &'static str {
        if self.ja { pair.0 } else { pair.1 }
    }

    fn note(&mut self, list: &[Pair]) -> &'static str {
        let pair = *self.rng.pick(list);
        self.text(&pair)
    }

    /// Whether the rep may mail the lead.
    pub fn mailable(&self) -> bool {
        self.lead.has_usable_email()
    }

    /// Records a marketing event that happened at `at` (before or at hand-over).
    pub fn arrival_event(&mut self, kind: &'static str, at: i64) {
        self.acts
            .push(NewActivity::new(ActivityKind::Event, ts(at)).with_outcome(kind));
        self.last_engagement = Some(at);
    }

    /// Squeezes planned gaps by `scale` (0–1).
    pub fn set_scale(&mut self, scale: f64) {
        self.scale = scale.clamp(0.0, 1.0);
    }

    /// Moves the clock on by `gap` planned seconds, into business hours unless `any_time`
    /// (the last business moment before, when the next one is past the limit), never past the
    /// limit and never backwards.
    fn advance(&mut self, gap: i64, any_time: bool) {
        let gap = (gap.max(0) as f64 * self.scale) as i64;
        self.nominal += gap;
        let mut target = self.nominal;
        if !any_time {
            let jitter = self.rng.next_u64();
            target = self.cal.business(self.zone, self.nominal, jitter);
            if target > self.limit {
                target = self.cal.business_before(self.zone, self.nominal, jitter);
            }
        }
        // Two steps that snapping put at one moment are still a few minutes apart.
        let spaced = self.t + gap.min(self.rng.range(2 * MIN, 20 * MIN));
        self.t = target.max(spaced).min(self.limit).max(self.t);
    }

    /// Applies one step `gap` seconds after the previous one.
    pub fn step(&mut self, gap: i64, step: Step) {
        self.advance(gap, matches!(step, Step::Event(_)));
        match step {
            Step::Event(kind) => {
                self.acts
                    .push(NewActivity::new(ActivityKind::Event, ts(self.t)).with_outcome(kind));
                self.last_engagement = Some(self.t);
            }
            Step::Call(o) => self.call(o, None),
            Step::Refuse(reason) => self.call(Outcome::NotInterested, Some(reason)),
            Step::Inbound => self.inbound(),
            Step::Mail(template) => self.mail(template),
            Step::Note => {
                let note = self.note(CONVERSATION_NOTES);
                self.acts
                    .push(NewActivity::new(ActivityKind::Note, ts(self.t)).with_note(note));
            }
            Step::Lost(reason) => self.set_lost(reason),
            Step::Escalate => self.escalate(),
        }
    }

    fn call(&mut self, o: Outcome, reason: Option<&'static str>) {
        let Some(dialled) = self.lead.phones.iter().position(|p| p.is_usable()) else {
            return;
        };
        let (lo, hi) = match o {
            Outcome::NoAnswer => (15, 40),
            Outcome::Voicemail => (30, 75),
            Outcome::Busy => (3, 10),
            Outcome::Gatekeeper => (40, 150),
            Outcome::WrongNumber => (15, 45),
            Outcome::Connected => (180, 900),
            Outcome::Callback => (40, 150),
            Outcome::Meeting => (300, 1_200),
            Outcome::NotInterested => (40, 180),
            Outcome::DoNotCall => (15, 60),
        };
        let duration = self.rng.range(lo, hi);
        let note = match o {
            Outcome::Gatekeeper if self.rng.pct(40) => self.note(GATEKEEPER_NOTES),
            Outcome::Connected => self.note(CONVERSATION_NOTES),
            Outcome::Callback => self.note(CALLBACK_NOTES),
            Outcome::Meeting => self.note(MEETING_NOTES),
            Outcome::NotInterested => {
                let i = match reason {
                    Some("no_budget") => 1,
                    Some("competitor") => 2,
                    Some("bad_timing") => 3,
                    _ => 0,
                };
                self.text(&NOT_INTERESTED_NOTES[i])
            }
            Outcome::DoNotCall => self.note(DO_NOT_CALL_NOTES),
            Outcome::WrongNumber => self.note(WRONG_NUMBER_NOTES),
            _ => "",
        };
        let phone = &mut self.lead.phones[dialled];
        let data = json!({ "duration": duration, "phone": phone.dial_text() });
        if o == Outcome::WrongNumber {
            phone.invalid = true;
        }
        self.acts.push(
            NewActivity::new(ActivityKind::Call, ts(self.t))
                .with_outcome(o.id())
                .with_note(note)
                .with_data(data),
        );
        self.last_touch = Some(self.t);
        if o.is_conversation() {
            self.attempts = 0;
            self.last_conversation = Some(self.t);
        } else {
            self.attempts += 1;
        }
        if o == Outcome::DoNotCall {
            self.lead.do_not_call = true;
        }
        let has_channel = self.lead.primary_phone().is_some() || self.lead.has_usable_email();
        match (self.stage, o) {
            (Stage::HandedOff, _) => {}
            (Stage::Lost, Outcome::Connected | Outcome::Callback | Outcome::Meeting) => {
                self.enter(Stage::Engaged, None);
            }
            (Stage::Lost, Outcome::NotInterested) => {
                self.set_lost(reason.unwrap_or(lost_reason::NOT_INTERESTED));
            }
            (Stage::Lost, _) => {}
            (_, Outcome::NotInterested) => {
                self.set_lost(reason.unwrap_or(lost_reason::NOT_INTERESTED));
            }
            (_, Outcome::DoNotCall) => self.set_lost(DO_NOT_CALL),
            (_, Outcome::WrongNumber) if !has_channel => self.set_lost(INVALID_DATA),
            (Stage::Engaged, _) => {}
            (_, Outcome::Connected | Outcome::Callback | Outcome::Meeting) => {
                self.enter(Stage::Engaged, None);
            }
            (Stage::Unreached, _) if self.attempts >= LOST_AFTER_ATTEMPTS => {
                self.set_lost(UNREACHABLE);
            }
            (_, _) => self.enter(Stage::Unreached, None),
        }
        if o == Outcome::Meeting {
            self.book_meeting();
        }
    }

    fn inbound(&mut self) {
        let duration = self.rng.range(120, 600);
        let note = self.note(INBOUND_NOTES);
        self.acts.push(
            NewActivity::new(ActivityKind::Inbound, ts(self.t))
                .with_note(note)
                .with_data(json!({ "duration": duration })),
        );
        self.attempts = 0;
        self.last_conversation = Some(self.t);
        self.last_touch = Some(self.t);
        if matches!(self.stage, Stage::New | Stage::Unreached | Stage::Lost) {
            self.enter(Stage::Engaged, None);
        }
    }

    fn mail(&mut self, (template, subject): Template) {
        if !self.mailable() {
            return;
        }
        let subject = self.text(&subject);
        self.acts.push(
            NewActivity::new(ActivityKind::Mail, ts(self.t))
                .with_data(json!({ "template": template, "subject": subject })),
        );
        self.last_touch = Some(self.t);
        if self.stage == Stage::New {
            self.enter(Stage::Unreached, None);
        }
    }

    fn enter(&mut self, to: Stage, reason: Option<&'static str>) {
        let from = self.stage;
        if from == to {
            return;
        }
        self.acts.push(
            NewActivity::new(ActivityKind::Stage, ts(self.t)).with_data(json!({
                "from": from.id(),
                "to": to.id(),
                "reason": reason,
            })),
        );
        self.stage = to;
        self.stage_entered = self.t;
        if from == Stage::Lost {
            self.lead.lost_reason = None;
            self.lead.reengage_on = None;
            self.lost_at = None;
        }
    }

    fn set_lost(&mut self, reason: &'static str) {
        if self.stage != Stage::Lost {
            self.enter(Stage::Lost, Some(reason));
        }
        self.lost_at = Some(self.t);
        self.lead.lost_reason = Some(reason.to_owned());
        let today = self.cal.rep_date(self.t);
        self.lead.reengage_on = lost_reason::reengage_on(reason, reengage_days(reason), today);
        self.next = None;
        if reason == DO_NOT_CALL {
            self.lead.do_not_call = true;
        }
    }

    fn book_meeting(&mut self) {
        let earliest = if self.future_meeting {
            (self.t + 2 * DAY).max(self.now + self.rng.range(2 * HOUR, 8 * DAY))
        } else {
            self.t + self.rng.range(2 * DAY, 12 * DAY)
        };
        let meeting = self
            .cal
            .meeting_slot(self.zone, earliest, self.rng.next_u64());
        self.meeting = Some(meeting);
        self.acts.push(
            NewActivity::new(ActivityKind::Meeting, ts(self.t))
                .with_outcome("booked")
                .with_data(json!({ "meeting": rfc3339(meeting) })),
        );
        self.next = Some(NextAction {
            kind: ActionKind::Task,
            due_at: ts(meeting),
            note: "meeting".to_owned(),
        });
    }

    fn escalate(&mut self) {
        let reps = if self.ja {
            JA_FIELD_REPS
        } else {
            EN_FIELD_REPS
        };
        let to = *self.rng.pick(reps);
        let note = self.note(ESCALATION_NOTES);
        let meeting = self.meeting.map(rfc3339);
        self.acts.push(
            NewActivity::new(ActivityKind::Escalation, ts(self.t))
                .with_note(note)
                .with_data(json!({ "to": to, "meeting": meeting })),
        );
        self.enter(Stage::HandedOff, None);
        self.next = None;
    }

    /// Writes the projection into the lead and hands back the journal.
    pub fn finish(self, handover: i64) -> Vec<NewActivity> {
        let lead = self.lead;
        lead.handover_at = ts(handover);
        lead.stage = self.stage;
        lead.stage_entered_at = ts(self.stage_entered);
        lead.attempts = self.attempts;
        lead.last_touch_at = self.last_touch.map(ts);
        lead.last_conversation_at = self.last_conversation.map(ts);
        lead.last_engagement_at = self.last_engagement.map(ts);
        lead.meeting_at = self.meeting.map(ts);
        lead.next_action = if self.stage.is_open() {
            self.next
        } else {
            None
        };
        if self.stage != Stage::Lost {
            lead.lost_reason = None;
            lead.reengage_on = None;
        }
        self.acts
    }
}
