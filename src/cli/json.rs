//! JSON of SPEC Appendix B.

use chrono_tz::Tz;
use serde_json::{Value, json};

use crate::domain::group::groups_of;
use crate::domain::policy::Policy;
use crate::domain::priority::{shown_at, value};
use crate::domain::scoring::{Rules, Scored, Thresholds};
use crate::domain::{Activity, Lead, Ts};

/// RFC 3339 in the rep's zone.
pub fn time(t: Option<Ts>, tz: Tz) -> Value {
    t.map_or(Value::Null, |t| {
        Value::String(
            t.with_timezone(&tz)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        )
    })
}

fn text_or_null(s: &str) -> Value {
    if s.is_empty() {
        Value::Null
    } else {
        Value::String(s.to_owned())
    }
}

/// A lead's score explained and its groups, with the rules (without: the stored score alone).
fn scored(l: &Lead, rules: Option<&Rules>) -> (Scored, Vec<String>) {
    match rules {
        Some(r) => {
            let s = r.score(l);
            let g = groups_of(&r.groups, l, &s)
                .into_iter()
                .map(str::to_owned)
                .collect();
            (s, g)
        }
        None => (
            Scored {
                score: l.score,
                breakdown: vec![("score".to_owned(), l.score)],
                grade: Thresholds::default().grade(l.score),
            },
            Vec::new(),
        ),
    }
}

/// A lead as `list --json` prints it; `rules` give grade and groups.
pub fn lead(l: &Lead, policy: &Policy, rules: Option<&Rules>, now: Ts) -> Value {
    let (s, groups) = scored(l, rules);
    lead_with(l, policy, &s, &groups, now)
}

fn lead_with(l: &Lead, policy: &Policy, s: &Scored, groups: &[String], now: Ts) -> Value {
    let tz = policy.rep_tz;
    let full_name = if l.full_name.is_empty() {
        l.display_name()
    } else {
        l.full_name.clone()
    };
    json!({
        "id": l.id,
        "first_name": l.first_name,
        "last_name": l.last_name,
        "full_name": full_name,
        "reading": text_or_null(&l.reading),
        "company": l.company,
        "department": text_or_null(&l.department),
        "title": text_or_null(&l.title),
        "email": text_or_null(&l.email),
        "phone": l.primary_phone().and_then(|p| p.number.clone()),
        "phones": l.phones.iter().map(|p| json!({
            "number": p.number, "raw": p.raw, "kind": p.kind.id(), "invalid": p.invalid,
        })).collect::<Vec<_>>(),
        "timezone": l.timezone,
        "industry": text_or_null(&l.industry),
        "employees": if l.employees.min.is_none() && l.employees.max.is_none() { Value::Null } else {
            json!({ "min": l.employees.min, "max": l.employees.max })
        },
        "source": text_or_null(&l.source),
        "stage": l.stage.id(),
        "score": s.score,
        "value": round3(value(s.score, l.alive_at(), shown_at(now), policy.half_life_days)),
        "grade": s.grade.id(),
        "group": groups.first(),
        "groups": groups,
        "tags": l.tags,
        "attempts": l.attempts,
        "next_action_at": time(l.next_action.as_ref().map(|n| n.due_at), tz),
        "next_action_kind": l.next_action.as_ref().map(|n| n.kind.id()),
        "next_action_note": l.next_action.as_ref().map(|n| n.note.as_str()).filter(|n| !n.is_empty()),
        "meeting_at": time(l.meeting_at, tz),
        "lost_reason": l.lost_reason,
        "reengage_on": l.reengage_on.map(|d| d.format("%Y-%m-%d").to_string()),
        "email_opt_out": l.email_opt_out,
        "do_not_call": l.do_not_call,
        "created_at": time(l.created_at, tz),
        "handover_at": time(Some(l.handover_at), tz),
        "last_touch_at": time(l.last_touch_at, tz),
        "stage_entered_at": time(Some(l.stage_entered_at), tz),
        "sequence": l.sequence,
        "transferred_to": l.transferred_to,
        "external_ids": l.external_ids,
        "version": l.version,
    })
}

/// A lead as `show --json` prints it: the list fields plus journal, score breakdown,
/// qualification and extra fields.
pub fn lead_detail(
    l: &Lead,
    activities: &[Activity],
    policy: &Policy,
    rules: Option<&Rules>,
    now: Ts,
) -> Value {
    let (s, groups) = scored(l, rules);
    let mut v = lead_with(l, policy, &s, &groups, now);
    let tz = policy.rep_tz;
    v["activities"] = activities
        .iter()
        .map(|a| {
            json!({
                "id": a.id,
                "at": time(Some(a.at), tz),
                "kind": a.kind.id(),
                "outcome": a.outcome,
                "note": a.note,
                "data": a.data,
                "undone": a.undone,
                "by_other": a.by_other,
            })
        })
        .collect();
    v["score_breakdown"] = s
        .breakdown
        .iter()
        .map(|(rule, points)| json!({ "rule": rule, "points": points }))
        .collect();
    v["qualification"] = json!({ "framework": "bant", "items": {} });
    v["extra"] = json!(l.extra);
    v["notes"] = text_or_null(&l.notes).clone();
    v
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
