//! Forgetting a lead (SPEC §11): what of a lead is personal data and goes, and what stays as an
//! anonymous trace for the KPIs (stage, times, outcomes, counts).
//!
//! The rule is an allow-list, not a block-list: a field or journal value is kept only when it is
//! known to carry no personal data, so a field added later is erased until someone decides
//! otherwise.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::lead::Lead;

/// The name a forgotten lead shows in lists (not personal, so it is not erased again).
pub const FORGOTTEN_NAME: &str = "(forgotten)";

/// Journal `data` keys whose values may stay when they are anonymous tokens (ids, times,
/// numbers): what the KPIs and the stage history read.
const KEPT_DATA_KEYS: &[&str] = &[
    "action",
    "asked",
    "automatic",
    "batch",
    "direction",
    "due",
    "duration",
    "fields",
    "from",
    "kind",
    "lang",
    "lost_reason",
    "meeting",
    "next",
    "reason",
    "reengaged",
    "rescheduled_to",
    "result",
    "sequence",
    "step",
    "template",
    "to",
    "transport",
    "why",
];

/// The lead with its personal data erased: names, contact, company, notes, free text, ids in
/// other systems, tags and qualification evidence. Stage, times, attempts, outcomes, score
/// inputs that describe the company's size and industry (not the person), and the source stay.
/// A forgotten lead can never be contacted again: opt-out and do-not-call are set and its next
/// action and sequence end.
pub fn anonymise(lead: &Lead) -> Lead {
    let mut out = lead.clone();
    out.first_name.clear();
    out.last_name.clear();
    out.full_name = FORGOTTEN_NAME.to_owned();
    out.reading.clear();
    out.company.clear();
    out.department.clear();
    out.title.clear();
    out.email.clear();
    out.phones.clear();
    out.notes.clear();
    out.tags.clear();
    out.external_ids = BTreeMap::new();
    out.extra = BTreeMap::new();
    out.next_action = None;
    out.sequence = None;
    out.sequence_step = 0;
    out.email_opt_out = true;
    out.do_not_call = true;
    for item in out.qualification.items.values_mut() {
        // The state counts for the gate history; the evidence is the lead's words.
        item.evidence = None;
    }
    out
}

/// Whether a journal value is an anonymous token: an id (`no_answer`, `handed_off`), a time
/// (`2026-11-28T10:00:00+00:00`) or a number — never a name, an address, a phone or free text.
fn is_anonymous_token(s: &str) -> bool {
    s.len() <= 40
        && !s.starts_with('+')
        && s.chars().all(|c| {
            c.is_ascii_lowercase()
                || c.is_ascii_digit()
                || matches!(c, '_' | '-' | ':' | 'T' | 'Z' | '+')
        })
        // A run of digits as long as a phone number is treated as one.
        && s.chars().filter(char::is_ascii_digit).count() < 8
        || is_timestamp(s)
}

fn is_timestamp(s: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(s).is_ok()
}

fn scrub_value(v: &Value) -> Option<Value> {
    match v {
        Value::Null | Value::Bool(_) | Value::Number(_) => Some(v.clone()),
        Value::String(s) if is_anonymous_token(s) => Some(v.clone()),
        Value::Array(items) => Some(Value::Array(items.iter().filter_map(scrub_value).collect())),
        Value::String(_) | Value::Object(_) => None,
    }
}

/// A journal row's `data` with only the anonymous values of the kept keys left.
pub fn scrub_activity_data(data: &Value) -> Value {
    let Value::Object(map) = data else {
        return Value::Object(Map::new());
    };
    let kept = map
        .iter()
        .filter(|(k, _)| KEPT_DATA_KEYS.contains(&k.as_str()))
        .filter_map(|(k, v)| scrub_value(v).map(|v| (k.clone(), v)))
        .collect();
    Value::Object(kept)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Phone, Stage};
    use serde_json::json;

    #[test]
    fn anonymise_erases_the_person_and_keeps_the_trace() {
        let lead = Lead {
            id: 7,
            first_name: "Taro".into(),
            last_name: "Yamada".into(),
            full_name: "Taro Yamada".into(),
            email: "taro@example.jp".into(),
            company: "Yamada Trading".into(),
            notes: "likes golf".into(),
            phones: vec![Phone {
                number: Some("+81312345678".into()),
                raw: "03-1234-5678".into(),
                ..Phone::default()
            }],
            stage: Stage::Engaged,
            attempts: 2,
            industry: "manufacturing".into(),
            ..Lead::default()
        };
        let anon = anonymise(&lead);
        let text = serde_json::to_string(&anon).unwrap_or_default();
        for secret in ["Taro", "Yamada", "taro@", "1234", "golf"] {
            assert!(!text.contains(secret), "{secret} left in {text}");
        }
        assert_eq!((anon.id, anon.stage, anon.attempts), (7, Stage::Engaged, 2));
        assert!(anon.do_not_call && anon.email_opt_out);
        assert_eq!(anon.industry, "manufacturing");
    }

    #[test]
    fn scrubbed_journal_data_keeps_ids_and_times_only() {
        let data = json!({
            "phone": "+81312345678",
            "duration": 42,
            "to": "taro@example.jp",
            "from": "new",
            "next": "2026-11-28T10:00:00+00:00",
            "subject": "Hello Taro",
            "reason": "he said no thanks",
            "fields": ["email", "phone"],
            "previous": { "email": "taro@example.jp" },
            "step": 1,
        });
        assert_eq!(
            scrub_activity_data(&data),
            json!({
                "duration": 42,
                "from": "new",
                "next": "2026-11-28T10:00:00+00:00",
                "fields": ["email", "phone"],
                "step": 1,
            })
        );
    }

    #[test]
    fn a_phone_written_as_a_token_is_not_kept() {
        assert!(!is_anonymous_token("0312345678"));
        assert!(!is_anonymous_token("+81312345678"));
        assert!(is_anonymous_token("no_answer"));
        assert!(scrub_activity_data(&json!("not an object")).is_object());
    }
}
