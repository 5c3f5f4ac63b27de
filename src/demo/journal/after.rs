//! What follows a planned history: meeting outcomes, the re-engagement mail, the next action.

use serde_json::json;

use crate::domain::{ActionKind, ActivityKind, NewActivity, NextAction};

use super::{Due, Sim, Template, reengage_days, rfc3339, ts};
use crate::demo::clock::{DAY, HOUR, MIN};
use crate::demo::vocab::NEXT_ACTION_NOTES;

impl Sim<'_> {
    /// Marks the booked meeting held (when it is over) or a no-show; a no-show clears the
    /// meeting. Returns whether an entry was written.
    pub fn meeting_outcome(&mut self, held: bool) -> bool {
        let Some(meeting) = self.meeting else {
            return false;
        };
        let at = meeting
            + if held {
                self.rng.range(45, 90) * MIN
            } else {
                15 * MIN
            };
        if at > self.limit || at < self.t {
            return false;
        }
        self.t = at;
        let outcome = if held { "held" } else { "no_show" };
        self.acts.push(
            NewActivity::new(ActivityKind::Meeting, ts(at))
                .with_outcome(outcome)
                .with_data(json!({ "meeting": rfc3339(meeting) })),
        );
        if !held {
            self.meeting = None;
            self.next = None;
        }
        true
    }

    /// A lost lead past its re-engage date gets the re-engagement mail (it stays lost).
    pub fn reengage_mail(&mut self, template: Template) {
        let (Some(lost_at), Some(reason)) = (self.lost_at, self.lead.lost_reason.as_deref()) else {
            return;
        };
        let days = i64::from(reengage_days(reason));
        if days == 0 || !self.mailable() {
            return;
        }
        let at = self.cal.business(
            self.zone,
            lost_at + days * DAY + self.rng.range(0, 3 * DAY),
            self.rng.next_u64(),
        );
        if at <= self.limit && at >= self.t {
            self.t = at;
            self.mail(template);
        }
    }

    /// Sets the next action of an open lead, due as `due` says. The `schedule` entry is written
    /// when the rep set it by hand: when `by_hand`, when the lead was left alone for days (a
    /// snooze), and for some retries; other retries follow from the call outcome.
    pub fn schedule(&mut self, kind: ActionKind, due: Due, by_hand: bool) {
        let r = &mut *self.rng;
        let snooze = self.now - self.t >= 3 * DAY;
        let record = by_hand || snooze || r.pct(30);
        if record {
            let sched = if snooze {
                self.cal
                    .business(self.zone, self.now - r.range(HOUR, 2 * DAY), r.next_u64())
            } else {
                self.t + r.range(MIN, 5 * MIN)
            };
            self.t = sched.min(self.limit).max(self.t);
        }
        let due = match due {
            Due::Overdue if self.t < self.now - 30 * MIN => {
                let hi = self.now - 10 * MIN;
                let retry = self.t + DAY;
                if retry < hi && self.rng.pct(60) {
                    retry
                } else {
                    let at = self.rng.range(self.t + 10 * MIN, hi);
                    let inside = self.cal.business_before(self.zone, at, self.rng.next_u64());
                    if inside > self.t + 5 * MIN {
                        inside
                    } else {
                        at
                    }
                }
            }
            Due::Overdue | Due::Today => {
                // Later in the rep's day, moved into the lead's calling window.
                let day_left = self.cal.rep_day_end(self.now) - self.now - 5 * MIN;
                let at = self.now + self.rng.range(15 * MIN, day_left.clamp(16 * MIN, 6 * HOUR));
                self.cal.business(self.zone, at, self.rng.next_u64())
            }
            Due::Later => {
                let t = self.now + self.rng.range(DAY, 7 * DAY);
                self.cal.business(self.zone, t, self.rng.next_u64())
            }
        };
        // Reps pick round times.
        let due = due - due.rem_euclid(5 * MIN) + 5 * MIN;
        let note = if by_hand {
            self.note(NEXT_ACTION_NOTES)
        } else {
            ""
        };
        if record {
            self.acts.push(
                NewActivity::new(ActivityKind::Schedule, ts(self.t))
                    .with_note(note)
                    .with_data(json!({ "kind": kind.id(), "due": rfc3339(due) })),
            );
        }
        self.next = Some(NextAction {
            kind,
            due_at: ts(due),
            note: note.to_owned(),
        });
    }
}
