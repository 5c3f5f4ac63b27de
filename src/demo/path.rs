//! Histories per stage: which steps a lead went through, how far apart, and how long ago the
//! last one was. The ages of the last step are weighted to the recent days with a tail of up
//! to three years, and the hand-over is placed before the whole history, so that recent days
//! are dense and nothing but next actions, meetings and re-engage dates lies in the future.

use crate::domain::lost_reason::{DO_NOT_CALL, INVALID_DATA, NOT_INTERESTED, UNREACHABLE};
use crate::domain::{ActionKind, Lead, NewActivity, Stage};

use super::clock::{Calendar, DAY, HOUR, MIN, Zone};
use super::journal::{Due, Sim, ts};
use super::plan::{Plan, age, engaged, handed_off, lost, unreached};
use super::rng::Rng;
use super::vocab::MAIL_REENGAGE;

/// How far back a history may reach.
const HISTORY: i64 = 1_095 * DAY;

/// Stage weights: new 8 %, not reached 20 %, engaged 27 %, lost 30 %, handed off 15 %.
const STAGE_WEIGHTS: [u32; 5] = [8, 20, 27, 30, 15];

/// Lost reasons and their weights.
const LOST_REASONS: &[(&str, u32)] = &[
    (NOT_INTERESTED, 29),
    ("bad_timing", 14),
    ("no_budget", 12),
    ("competitor", 10),
    (UNREACHABLE, 22),
    (INVALID_DATA, 5),
    (DO_NOT_CALL, 8),
];

/// What a lead's history will be, decided before the person is drawn.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// The stage it ends in.
    pub stage: Stage,
    /// Why it was lost.
    pub reason: Option<&'static str>,
    /// It began with an inbound call.
    pub inbound: bool,
    /// One of the first ten leads, which show every case even in a tiny demo.
    pub force: Option<u64>,
}

/// Draws the shape of lead `index`: the first ten cycle through the stages.
pub fn shape(r: &mut Rng, index: u64) -> Shape {
    let force = (index < 10).then_some(index);
    let stage = match force {
        Some(i) => Stage::ALL[(i % 5) as usize],
        None => Stage::ALL[r.weighted(&STAGE_WEIGHTS)],
    };
    let reason = (stage == Stage::Lost).then(|| match force {
        Some(3) => DO_NOT_CALL,
        Some(_) => NOT_INTERESTED,
        None => LOST_REASONS[r.weighted_by(LOST_REASONS, |l| l.1)].0,
    });
    let inbound = force.is_none()
        && match stage {
            Stage::Engaged => r.pct(12),
            Stage::HandedOff => r.pct(10),
            _ => false,
        };
    Shape {
        stage,
        reason,
        inbound,
        force,
    }
}

/// When the lead was created and imported, and the engagement that made it a lead. Forms come
/// in at any hour; webinars and trade shows happen in business hours some days before the list
/// is imported.
fn arrival(
    r: &mut Rng,
    cal: &Calendar,
    zone: Zone,
    source: &str,
    handover: i64,
) -> (i64, Option<i64>, Option<&'static str>) {
    let before = |r: &mut Rng, lo: i64, hi: i64| {
        let t = handover - r.range(lo, hi);
        cal.business_before(zone, t, r.next_u64()).min(handover)
    };
    match source {
        "web_form" | "資料請求" => (
            handover - r.range(MIN, 15 * MIN),
            Some(handover),
            Some("form"),
        ),
        "webinar" | "セミナー" => (before(r, DAY, 3 * DAY), Some(handover), Some("webinar")),
        "trade_show" => (before(r, 2 * DAY, 10 * DAY), Some(handover), None),
        "purchased_list" => (
            handover - r.range(30 * DAY, 400 * DAY),
            Some(handover),
            None,
        ),
        _ => (handover, None, None),
    }
}

/// Plays the history of `shape` on `lead` (whose person is already drawn) and returns its
/// journal.
pub fn play(
    shape: &Shape,
    lead: &mut Lead,
    r: &mut Rng,
    cal: &Calendar,
    now: i64,
    zone: Zone,
) -> Vec<NewActivity> {
    let usable = lead.phones.iter().filter(|p| p.is_usable()).count();
    let mut plan = Plan {
        steps: Vec::with_capacity(12),
        spare_phones: usable.saturating_sub(1),
        mailable: lead.has_usable_email(),
    };
    let force = shape.force;
    let tail = match shape.stage {
        Stage::New => 0,
        Stage::Unreached => unreached(&mut plan, r),
        Stage::Engaged => engaged(&mut plan, r, shape),
        Stage::Lost => lost(&mut plan, r, shape.reason.unwrap_or(NOT_INTERESTED), usable),
        Stage::HandedOff => handed_off(&mut plan, r, shape),
    };
    let tail = match (shape.stage, force) {
        (Stage::New, Some(5)) => r.range(2 * DAY, 4 * DAY),
        (Stage::New, _) if force.is_some() => r.range(5 * MIN, 40 * MIN),
        (Stage::New, _) => age(
            r,
            &[
                (30, 2 * MIN, HOUR),
                (25, HOUR, 8 * HOUR),
                (20, 8 * HOUR, DAY),
                (20, DAY, 10 * DAY),
                (5, 10 * DAY, 30 * DAY),
            ],
        ),
        (Stage::Lost, Some(8)) => r.range(100 * DAY, 200 * DAY),
        (Stage::HandedOff, Some(4)) => r.range(HOUR, 3 * DAY),
        (Stage::HandedOff, Some(9)) => r.range(60 * DAY, 120 * DAY),
        _ => tail,
    };

    // The hand-over comes before the whole history; a history that would reach back more than
    // three years is squeezed.
    let span = plan.span();
    let mut handover = now - tail - span;
    let mut scale = 1.0;
    if now - handover > HISTORY {
        handover = now - HISTORY + r.range(0, 20 * DAY);
        let room = (now - tail - handover).max(0);
        scale = room as f64 / span.max(1) as f64;
    }
    if shape.inbound {
        // The lead arrived by calling in, during the lead's business hours.
        handover = cal.business(zone, handover, r.next_u64()).min(now - MIN);
    }
    let (created, imported, event) = arrival(r, cal, zone, &lead.source, handover);
    lead.created_at = Some(ts(created));
    lead.imported_at = imported.map(ts);

    if shape.stage == Stage::New && r.permille(15) {
        // Imported with the do-not-call flag set.
        lead.do_not_call = true;
    }
    let no_show = shape.stage == Stage::Engaged && force.is_none() && r.pct(8);
    let mut sim = Sim::new(cal, r, lead, zone, now, handover);
    sim.set_scale(scale);
    sim.future_meeting = shape.stage == Stage::Engaged && !no_show;
    if let Some(kind) = event {
        sim.arrival_event(kind, created);
    }
    for (gap, step) in plan.steps {
        sim.step(gap, step);
    }
    finish(&mut sim, shape, no_show);
    sim.finish(handover)
}

/// What follows the planned steps: next actions, meeting outcomes, re-engagement mail.
fn finish(sim: &mut Sim<'_>, shape: &Shape, no_show: bool) {
    let force = shape.force;
    match sim.stage() {
        Stage::New => {}
        Stage::Unreached => {
            let due = match force {
                Some(1) => Due::Today,
                Some(6) => Due::Overdue,
                _ => pick_due(sim),
            };
            sim.schedule(ActionKind::Call, due, false);
        }
        Stage::Engaged => {
            if sim.meeting().is_some() {
                // A no-show now and then; the meeting otherwise stays the next action.
                if no_show && sim.meeting_outcome(false) {
                    let due = if sim.chance(50) {
                        Due::Overdue
                    } else {
                        Due::Today
                    };
                    sim.schedule(ActionKind::Call, due, true);
                }
                return;
            }
            let kind = match sim.weighted(&[80, 10, 10]) {
                1 if sim.mailable() => ActionKind::Mail,
                2 => ActionKind::Task,
                _ => ActionKind::Call,
            };
            let due = pick_due(sim);
            sim.schedule(kind, due, true);
        }
        Stage::Lost => {
            if force.is_some() || sim.chance(35) {
                sim.reengage_mail(MAIL_REENGAGE);
            }
        }
        Stage::HandedOff => {
            if force.is_some() || sim.chance(85) {
                sim.meeting_outcome(true);
            }
        }
    }
}

fn pick_due(sim: &mut Sim<'_>) -> Due {
    [Due::Overdue, Due::Today, Due::Later][sim.weighted(&[20, 20, 60])]
}
