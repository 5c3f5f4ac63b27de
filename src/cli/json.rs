//! JSON of SPEC Appendix B.

use chrono_tz::Tz;
use serde_json::{Value, json};

use crate::domain::policy::Policy;
use crate::domain::priority::value;
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

/// A lead as `list --json` prints it.
pub fn lead(l: &Lead, policy: &Policy, now: Ts) -> Value {
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
        "score": l.score,
        "value": round3(value(l.score, l.alive_at(), now, policy.half_life_days)),
        "grade": Value::Null,
        "group": Value::Null,
        "groups": Vec::<String>::new(),
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
pub fn lead_detail(l: &Lead, activities: &[Activity], policy: &Policy, now: Ts) -> Value {
    let mut v = lead(l, policy, now);
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
    v["score_breakdown"] = json!([]);
    v["qualification"] = json!({ "framework": "bant", "items": {} });
    v["extra"] = json!(l.extra);
    v["notes"] = text_or_null(&l.notes).clone();
    v
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
