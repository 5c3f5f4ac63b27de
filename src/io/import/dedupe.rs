//! The duplicate rule (SPEC §10): the same normalised email (case and surrounding spaces), or
//! the same normalised phone AND the same name — never a shared phone alone: colleagues behind
//! one switchboard are different leads. And the merge of a duplicate: fill empty fields only.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use serde_json::{Map, Value, json};

use crate::domain::Lead;

/// The email as compared: trimmed, lower case; `None` when empty.
pub fn email_key(email: &str) -> Option<String> {
    let e = email.trim().to_lowercase();
    (!e.is_empty()).then_some(e)
}

/// The name as compared: the display name, lower case, without any spaces.
pub fn name_key(lead: &Lead) -> String {
    lead.display_name()
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

fn hash(parts: &[&str]) -> u64 {
    let mut h = DefaultHasher::new();
    parts.hash(&mut h);
    h.finish()
}

/// The keys a lead can be found by: its email, and each normalised phone with its name.
pub fn keys(lead: &Lead) -> Vec<u64> {
    let mut out = Vec::new();
    if let Some(e) = email_key(&lead.email) {
        out.push(hash(&["email", &e]));
    }
    let name = name_key(lead);
    if !name.is_empty() {
        for p in &lead.phones {
            if let Some(n) = &p.number {
                out.push(hash(&["phone", n, &name]));
            }
        }
    }
    out
}

/// Whether two leads are duplicates by the rule.
pub fn is_duplicate(a: &Lead, b: &Lead) -> bool {
    if let (Some(x), Some(y)) = (email_key(&a.email), email_key(&b.email)) {
        if x == y {
            return true;
        }
    }
    let (na, nb) = (name_key(a), name_key(b));
    !na.is_empty()
        && na == nb
        && a.phones
            .iter()
            .filter_map(|p| p.number.as_ref())
            .any(|n| b.phones.iter().any(|q| q.number.as_ref() == Some(n)))
}

/// Rows seen so far in a file, by key (hashes; a hit is confirmed with [`is_duplicate`]).
#[derive(Debug, Default)]
pub struct Seen {
    by_key: HashMap<u64, i64>,
}

impl Seen {
    /// The id of an earlier row with one of these keys.
    pub fn find(&self, keys: &[u64]) -> Option<i64> {
        keys.iter().find_map(|k| self.by_key.get(k).copied())
    }

    /// Remembers a row's keys (the first row with a key keeps it).
    pub fn add(&mut self, keys: &[u64], id: i64) {
        for k in keys {
            self.by_key.entry(*k).or_insert(id);
        }
    }
}

fn fill(target: &mut String, source: &str, field: &'static str, prev: &mut Map<String, Value>) {
    if target.trim().is_empty() && !source.trim().is_empty() {
        prev.insert(field.into(), json!(target));
        source.clone_into(target);
    }
}

/// Merges `source` into `target`: empty fields are filled, phones, tags, external ids and extra
/// fields united, opt-out and do-not-call honoured. Returns the previous values of the fields
/// that changed (empty when nothing did).
pub fn fill_empty(target: &mut Lead, source: &Lead) -> Map<String, Value> {
    let mut prev = Map::new();
    fill(
        &mut target.first_name,
        &source.first_name,
        "first_name",
        &mut prev,
    );
    fill(
        &mut target.last_name,
        &source.last_name,
        "last_name",
        &mut prev,
    );
    fill(
        &mut target.full_name,
        &source.full_name,
        "full_name",
        &mut prev,
    );
    fill(&mut target.reading, &source.reading, "reading", &mut prev);
    fill(&mut target.company, &source.company, "company", &mut prev);
    fill(
        &mut target.department,
        &source.department,
        "department",
        &mut prev,
    );
    fill(&mut target.title, &source.title, "title", &mut prev);
    fill(&mut target.email, &source.email, "email", &mut prev);
    fill(
        &mut target.industry,
        &source.industry,
        "industry",
        &mut prev,
    );
    fill(&mut target.source, &source.source, "source", &mut prev);
    fill(&mut target.notes, &source.notes, "notes", &mut prev);
    if target.timezone.is_none() && source.timezone.is_some() {
        prev.insert("timezone".into(), Value::Null);
        target.timezone.clone_from(&source.timezone);
    }
    if target.employees.min.is_none()
        && target.employees.max.is_none()
        && source.employees != target.employees
    {
        prev.insert("employees".into(), Value::Null);
        target.employees = source.employees;
    }
    if target.created_at.is_none() && source.created_at.is_some() {
        prev.insert("created_at".into(), Value::Null);
        target.created_at = source.created_at;
    }
    for (flag, t, s) in [
        (
            "email_opt_out",
            &mut target.email_opt_out,
            source.email_opt_out,
        ),
        ("do_not_call", &mut target.do_not_call, source.do_not_call),
    ] {
        if s && !*t {
            prev.insert(flag.into(), json!(false));
            *t = true;
        }
    }
    let new_phones: Vec<_> = source
        .phones
        .iter()
        .filter(|p| {
            !target.phones.iter().any(|q| match (&p.number, &q.number) {
                (Some(a), Some(b)) => a == b,
                _ => p.raw == q.raw,
            })
        })
        .cloned()
        .collect();
    if !new_phones.is_empty() {
        prev.insert("phones".into(), json!(target.phones));
        target.phones.extend(new_phones);
    }
    let new_tags: Vec<String> = source
        .tags
        .iter()
        .filter(|t| !target.tags.contains(t))
        .cloned()
        .collect();
    if !new_tags.is_empty() {
        prev.insert("tags".into(), json!(target.tags));
        target.tags.extend(new_tags);
    }
    for (name, (t, s)) in [
        (
            "external_ids",
            (&mut target.external_ids, &source.external_ids),
        ),
        ("extra", (&mut target.extra, &source.extra)),
    ] {
        let missing: Vec<_> = s.iter().filter(|(k, _)| !t.contains_key(*k)).collect();
        if !missing.is_empty() {
            prev.insert(name.into(), json!(t));
            for (k, v) in missing {
                t.insert(k.clone(), v.clone());
            }
        }
    }
    prev
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Phone, PhoneKind};

    fn lead(name: &str, email: &str, phone: &str) -> Lead {
        Lead {
            full_name: name.into(),
            email: email.into(),
            phones: vec![Phone {
                number: Some(phone.into()),
                raw: phone.into(),
                kind: PhoneKind::Main,
                invalid: false,
            }],
            ..Lead::default()
        }
    }

    #[test]
    fn case_and_spaces_do_not_hide_a_duplicate_email() {
        let a = lead("A", " Taro@Example.JP ", "+81312345678");
        let b = lead("B", "taro@example.jp", "+81399999999");
        assert!(is_duplicate(&a, &b));
        assert_eq!(keys(&a)[0], keys(&b)[0]);
    }

    #[test]
    fn a_shared_switchboard_alone_is_no_duplicate() {
        let a = lead("山田 太郎", "", "+81312345678");
        let b = lead("鈴木 花子", "", "+81312345678");
        assert!(!is_duplicate(&a, &b));
        let c = lead("山田太郎", "", "+81312345678");
        assert!(is_duplicate(&a, &c));
    }

    #[test]
    fn merging_fills_empty_fields_only_and_unites_phones() {
        let mut a = lead("Jane Smith", "jane@x.com", "+12125550100");
        a.company = "Acme".into();
        let mut b = lead("Jane Smith", "jane@x.com", "+12125550199");
        b.company = "Other".into();
        b.title = "CTO".into();
        b.email_opt_out = true;
        let prev = fill_empty(&mut a, &b);
        assert_eq!(a.company, "Acme");
        assert_eq!(a.title, "CTO");
        assert!(a.email_opt_out);
        assert_eq!(a.phones.len(), 2);
        assert_eq!(prev["title"], json!(""));
        assert!(fill_empty(&mut a, &b).is_empty());
    }
}
