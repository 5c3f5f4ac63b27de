//! The handoff summary as JSON, for machines: schema `leadbench.handoff/1` (documented in the
//! README). Text is kept as stored (JSON escapes control characters itself); times are RFC 3339
//! in UTC; absent values are `null`.

use serde_json::{Value, json};

use crate::domain::Activity;

use super::{Person, Summary, rfc3339};

/// The schema id written into every file.
pub const SCHEMA: &str = "leadbench.handoff/1";

fn text_or_null(s: &str) -> Value {
    if s.is_empty() {
        Value::Null
    } else {
        Value::String(s.to_owned())
    }
}

fn time(t: Option<crate::domain::Ts>) -> Value {
    t.map_or(Value::Null, |t| Value::String(rfc3339(t)))
}

fn person(p: &Person) -> Value {
    json!({ "name": p.name, "email": text_or_null(&p.email) })
}

/// One journal row.
pub fn activity(a: &Activity) -> Value {
    json!({
        "id": a.id,
        "at": rfc3339(a.at),
        "kind": a.kind.id(),
        "outcome": a.outcome,
        "note": a.note,
        "data": a.data,
    })
}

/// The qualification of a summary: `{framework, required, met, items: {<id>: {state,
/// evidence, required, met}}}` with every item of the framework.
pub fn qualification(s: &Summary) -> Value {
    let q = &s.lead.qualification;
    let items: serde_json::Map<String, Value> = s
        .items
        .iter()
        .map(|id| {
            let item = q.item(id);
            let evidence = item.evidence.as_ref().map_or(
                Value::Null,
                |e| json!({ "text": e.text, "activity_id": e.activity_id, "at": time(e.at) }),
            );
            (
                id.clone(),
                json!({
                    "state": item.state.id(),
                    "evidence": evidence,
                    "required": s.required.contains(id),
                    "met": item.is_met(),
                }),
            )
        })
        .collect();
    json!({
        "framework": s.framework,
        "required": s.required,
        "met": q.unmet(&s.required).is_empty(),
        "items": items,
    })
}

/// One lead's summary object.
pub fn lead(s: &Summary) -> Value {
    let l = &s.lead;
    let employees = if l.employees.min.is_none() && l.employees.max.is_none() {
        Value::Null
    } else {
        json!({ "min": l.employees.min, "max": l.employees.max })
    };
    let escalation = s.escalation.as_ref().map_or(Value::Null, |e| {
        json!({
            "activity_id": e.activity_id,
            "at": rfc3339(e.at),
            "to": person(&e.to),
            "meeting_at": time(e.meeting),
            "note": text_or_null(&e.note),
            "override": e.override_reason,
            "gate": e.gate,
        })
    });
    let feedback = s.feedback.as_ref().map_or(
        Value::Null,
        |f| json!({ "at": rfc3339(f.at), "result": f.result, "reason": text_or_null(&f.reason) }),
    );
    json!({
        "id": l.id,
        "name": l.display_name(),
        "first_name": l.first_name,
        "last_name": l.last_name,
        "full_name": l.full_name,
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
        "employees": employees,
        "source": text_or_null(&l.source),
        "created_at": time(l.created_at),
        "handover_at": time(Some(l.handover_at)),
        "stage": l.stage.id(),
        "score": l.score,
        "score_breakdown": s.score_breakdown.iter()
            .map(|(rule, points)| json!({ "rule": rule, "points": points }))
            .collect::<Vec<_>>(),
        "tags": l.tags,
        "external_ids": l.external_ids,
        "email_opt_out": l.email_opt_out,
        "do_not_call": l.do_not_call,
        "qualification": qualification(s),
        "meeting_at": time(s.meeting()),
        "escalation": escalation,
        "feedback": feedback,
        "last_conversations": s.conversations(3).into_iter().map(activity).collect::<Vec<_>>(),
        "timeline": s.timeline.iter().map(activity).collect::<Vec<_>>(),
        "notes": text_or_null(&l.notes),
    })
}

/// The whole file: `{schema, generated_at, rep, leads: [...]}`.
pub fn document(summaries: &[Summary], rep: &Person, generated_at: crate::domain::Ts) -> Value {
    json!({
        "schema": SCHEMA,
        "generated_at": rfc3339(generated_at),
        "rep": person(rep),
        "leads": summaries.iter().map(lead).collect::<Vec<_>>(),
    })
}

/// The file's text (pretty-printed, ending in a newline).
pub fn render(summaries: &[Summary], rep: &Person, generated_at: crate::domain::Ts) -> String {
    format!("{:#}\n", document(summaries, rep, generated_at))
}
