//! Planned histories per stage: the steps and the gaps between them, and how long ago the last
//! step was. `path` places them in time and plays them.

use crate::domain::Outcome;
use crate::domain::lost_reason::{DO_NOT_CALL, INVALID_DATA, NOT_INTERESTED, UNREACHABLE};

use super::clock::{DAY, HOUR, MIN};
use super::journal::{Step, Template};
use super::path::Shape;
use super::rng::Rng;
use super::vocab::{MAIL_BREAKUP, MAIL_FIRST, MAIL_MEETING, MAIL_VOICEMAIL};

/// Steps being planned, with what the plan must respect.
pub struct Plan {
    pub steps: Vec<(i64, Step)>,
    /// Usable phones beyond one: a wrong number may use them up.
    pub spare_phones: usize,
    pub mailable: bool,
}

impl Plan {
    fn push(&mut self, gap: i64, step: Step) {
        self.steps.push((gap, step));
    }

    /// The gap before the next call: speed-to-lead for the first, the retry rhythm after.
    fn gap(&self, r: &mut Rng) -> i64 {
        if self.steps.is_empty() {
            match r.weighted(&[35, 30, 25, 10]) {
                0 => r.range(3 * MIN, 55 * MIN),
                1 => r.range(HOUR, 6 * HOUR),
                2 => r.range(DAY, 3 * DAY),
                _ => r.range(3 * DAY, 10 * DAY),
            }
        } else {
            match r.weighted(&[55, 25, 10, 10]) {
                0 => r.range(20 * HOUR, 30 * HOUR),
                1 => r.range(2 * DAY, 4 * DAY),
                2 => r.range(2 * HOUR, 3 * HOUR),
                _ => r.range(5 * DAY, 8 * DAY),
            }
        }
    }

    /// A call without a conversation.
    fn miss(&mut self, r: &mut Rng) {
        let gap = self.gap(r);
        let mut o = [
            Outcome::NoAnswer,
            Outcome::Voicemail,
            Outcome::Busy,
            Outcome::Gatekeeper,
            Outcome::WrongNumber,
        ][r.weighted(&[45, 20, 10, 20, 5])];
        if o == Outcome::WrongNumber {
            if self.spare_phones == 0 {
                o = Outcome::NoAnswer;
            } else {
                self.spare_phones -= 1;
            }
        }
        self.push(gap, Step::Call(o));
    }

    fn misses(&mut self, r: &mut Rng, weights: &[u32]) {
        for _ in 0..r.weighted(weights) {
            self.miss(r);
        }
    }

    fn call(&mut self, r: &mut Rng, o: Outcome) {
        let gap = self.gap(r);
        self.push(gap, Step::Call(o));
    }

    fn mail(&mut self, gap: i64, template: Template) {
        if self.mailable {
            self.push(gap, Step::Mail(template));
        }
    }

    pub fn span(&self) -> i64 {
        self.steps.iter().map(|s| s.0).sum()
    }
}

/// An age drawn from (weight, low, high) bands.
pub fn age(r: &mut Rng, bands: &[(u32, i64, i64)]) -> i64 {
    let (_, lo, hi) = bands[r.weighted_by(bands, |b| b.0)];
    r.range(lo, hi)
}

/// A not-reached lead: one to five calls without a conversation.
pub fn unreached(plan: &mut Plan, r: &mut Rng) -> i64 {
    let calls = r.weighted(&[35, 28, 18, 12, 7]) + 1;
    for i in 0..calls {
        plan.miss(r);
        if i == 0 && r.pct(30) {
            let template = if r.pct(70) {
                MAIL_VOICEMAIL
            } else {
                MAIL_FIRST
            };
            plan.mail(r.range(5 * MIN, 30 * MIN), template);
        }
    }
    if r.pct(15) {
        let kind = *r.pick(&["email_open", "web_visit"]);
        plan.push(r.range(HOUR, 2 * DAY), Step::Event(kind));
    }
    age(
        r,
        &[
            (50, 0, 2 * DAY),
            (30, 2 * DAY, 10 * DAY),
            (15, 10 * DAY, 45 * DAY),
            (5, 45 * DAY, 120 * DAY),
        ],
    )
}

/// An engaged lead: reached after a few tries, by an inbound call, or re-engaged after a loss.
pub fn engaged(plan: &mut Plan, r: &mut Rng, shape: &Shape) -> i64 {
    let variant = if shape.inbound {
        1
    } else if shape.force.is_none() && r.pct(18) {
        2
    } else {
        0
    };
    match variant {
        0 => {
            plan.misses(r, &[55, 28, 12, 5]);
            let o = match shape.force {
                Some(2) => Outcome::Connected,
                Some(_) => Outcome::Meeting,
                None => [Outcome::Connected, Outcome::Callback, Outcome::Meeting]
                    [r.weighted(&[50, 30, 20])],
            };
            plan.call(r, o);
            if r.pct(25) {
                plan.push(r.range(2 * MIN, 20 * MIN), Step::Note);
            }
            if o == Outcome::Meeting {
                if r.pct(60) {
                    plan.mail(r.range(10 * MIN, HOUR), MAIL_MEETING);
                }
                // Booked lately: the meeting is still ahead (or just missed).
                return r.range(0, 12 * DAY);
            }
            if r.pct(35) {
                plan.mail(r.range(10 * MIN, HOUR), MAIL_FIRST);
            }
            if r.pct(25) {
                let kind = *r.pick(&["pricing_page", "email_click", "web_visit", "webinar"]);
                plan.push(r.range(DAY, 5 * DAY), Step::Event(kind));
            }
            if r.pct(25) {
                plan.push(r.range(7 * DAY, 40 * DAY), Step::Call(Outcome::Connected));
            }
            if r.pct(15) {
                plan.misses(r, &[0, 60, 40]);
            }
        }
        1 => {
            plan.push(0, Step::Inbound);
            if r.pct(30) {
                plan.push(r.range(2 * MIN, 20 * MIN), Step::Note);
            }
            plan.mail(r.range(30 * MIN, 2 * HOUR), MAIL_FIRST);
            if r.pct(30) {
                plan.push(r.range(3 * DAY, 20 * DAY), Step::Call(Outcome::Connected));
            }
        }
        _ => {
            // Lost for bad timing once, back months later.
            plan.misses(r, &[50, 30, 20]);
            let gap = plan.gap(r);
            plan.push(gap, Step::Refuse("bad_timing"));
            let later = r.range(90 * DAY, 200 * DAY);
            if r.pct(60) {
                let kind = *r.pick(&["webinar", "email_click", "pricing_page"]);
                plan.push(later, Step::Event(kind));
                plan.push(r.range(HOUR, 3 * DAY), Step::Call(Outcome::Connected));
            } else {
                plan.push(later, Step::Inbound);
            }
            if r.pct(30) {
                plan.push(r.range(2 * MIN, 20 * MIN), Step::Note);
            }
        }
    }
    age(
        r,
        &[
            (40, 0, 3 * DAY),
            (30, 3 * DAY, 14 * DAY),
            (20, 14 * DAY, 60 * DAY),
            (10, 60 * DAY, 200 * DAY),
        ],
    )
}

/// A lost lead: the history its lost reason implies.
pub fn lost(plan: &mut Plan, r: &mut Rng, reason: &'static str, usable: usize) -> i64 {
    match reason {
        UNREACHABLE => {
            for i in 0..6 {
                if i == 5 && r.pct(25) {
                    plan.mail(r.range(HOUR, DAY), MAIL_BREAKUP);
                }
                plan.miss(r);
                if i == 1 && r.pct(30) {
                    plan.mail(r.range(5 * MIN, 30 * MIN), MAIL_VOICEMAIL);
                }
            }
        }
        INVALID_DATA => {
            for _ in 0..usable.max(1) {
                plan.call(r, Outcome::WrongNumber);
            }
            plan.push(r.range(5 * MIN, HOUR), Step::Lost(INVALID_DATA));
        }
        DO_NOT_CALL => {
            plan.misses(r, &[60, 25, 15]);
            plan.call(r, Outcome::DoNotCall);
        }
        NOT_INTERESTED => {
            plan.misses(r, &[60, 25, 15]);
            let gap = plan.gap(r);
            plan.push(gap, Step::Refuse(reason));
        }
        _ if r.pct(50) => {
            plan.misses(r, &[60, 40]);
            let gap = plan.gap(r);
            plan.push(gap, Step::Refuse(reason));
        }
        _ => {
            // Engaged for a while first.
            plan.misses(r, &[60, 40]);
            plan.call(r, Outcome::Connected);
            if r.pct(30) {
                plan.push(r.range(2 * MIN, 20 * MIN), Step::Note);
            }
            if r.pct(40) {
                plan.mail(r.range(10 * MIN, HOUR), MAIL_FIRST);
            }
            plan.push(r.range(5 * DAY, 40 * DAY), Step::Refuse(reason));
        }
    }
    age(
        r,
        &[
            (45, 0, 30 * DAY),
            (25, 30 * DAY, 120 * DAY),
            (15, 120 * DAY, 365 * DAY),
            (15, 365 * DAY, 1_000 * DAY),
        ],
    )
}

/// A handed-off lead: a meeting set, then the escalation to field sales.
pub fn handed_off(plan: &mut Plan, r: &mut Rng, shape: &Shape) -> i64 {
    if shape.inbound {
        plan.push(0, Step::Inbound);
        if r.pct(50) {
            plan.push(r.range(2 * MIN, 20 * MIN), Step::Note);
        }
        plan.push(r.range(DAY, 5 * DAY), Step::Call(Outcome::Meeting));
    } else {
        plan.misses(r, &[55, 30, 15]);
        if r.pct(70) {
            plan.call(r, Outcome::Meeting);
        } else {
            plan.call(r, Outcome::Connected);
            if r.pct(30) {
                plan.push(r.range(2 * MIN, 20 * MIN), Step::Note);
            }
            plan.mail(r.range(10 * MIN, HOUR), MAIL_FIRST);
            plan.push(r.range(3 * DAY, 30 * DAY), Step::Call(Outcome::Meeting));
        }
    }
    if r.pct(50) {
        plan.mail(r.range(10 * MIN, HOUR), MAIL_MEETING);
    }
    plan.push(r.range(10 * MIN, DAY), Step::Escalate);
    age(
        r,
        &[
            (45, 0, 21 * DAY),
            (25, 21 * DAY, 90 * DAY),
            (15, 90 * DAY, 365 * DAY),
            (15, 365 * DAY, 1_000 * DAY),
        ],
    )
}
