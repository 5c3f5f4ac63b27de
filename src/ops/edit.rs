//! Adding and editing leads, notes, scheduling and marking lost.

use serde_json::json;

use crate::domain::employees::parse_employees;
use crate::domain::i18n::TextKey;
use crate::domain::name::compose_full_name;
use crate::domain::phone::{normalize_phone, timezone_for_number};
use crate::domain::sequence::SeqEvent;
use crate::domain::text::{sanitize_line, sanitize_multiline};
use crate::domain::transition;
use crate::domain::{
    ActionKind, ActivityKind, Lead, LeadId, NewActivity, NextAction, Phone, PhoneKind, Stage, Ts,
};
use crate::store::{Change, Store};

use super::call::stage_activity;
use super::{OpsError, Policy, Problem};

/// The lead field ids (SPEC Appendix D) that `add` and `edit` accept: all but `status`, which
/// only an import reads.
fn editable_fields() -> Vec<&'static str> {
    crate::domain::lead::FIELD_IDS
        .into_iter()
        .filter(|f| *f != "status")
        .collect()
}

fn parse_bool(field: &str, v: &str) -> Result<bool, OpsError> {
    match v.trim().to_lowercase().as_str() {
        "1" | "true" | "yes" | "y" | "on" | "はい" => Ok(true),
        "0" | "false" | "no" | "n" | "off" | "" | "いいえ" => Ok(false),
        _ => Err(OpsError::Invalid(Problem::NotTrueOrFalse {
            field: field.to_owned(),
            value: v.to_owned(),
        })),
    }
}

fn set_phone(lead: &mut Lead, kind: PhoneKind, raw: &str, country: &str) {
    lead.phones.retain(|p| p.kind != kind);
    if raw.trim().is_empty() {
        return;
    }
    let number = normalize_phone(raw, country);
    let phone = Phone {
        invalid: number.is_none(),
        number,
        raw: raw.trim().to_owned(),
        kind,
    };
    // The main number stays first: it is the primary.
    if kind == PhoneKind::Main {
        lead.phones.insert(0, phone);
    } else {
        lead.phones.push(phone);
    }
}

/// Sets one field from text, validating it; `country` reads national phone numbers.
pub fn set_field(
    lead: &mut Lead,
    field: &str,
    value: &str,
    country: &str,
    now: Ts,
) -> Result<(), OpsError> {
    let line = sanitize_line(value).trim().to_owned();
    match field {
        "first_name" => lead.first_name = line,
        "last_name" => lead.last_name = line,
        "full_name" => lead.full_name = line,
        "reading" => lead.reading = line,
        "company" => lead.company = line,
        "department" => lead.department = line,
        "title" => lead.title = line,
        // Read as import reads an email cell (full-width, `Name <address>`, `mailto:`).
        "email" if line.is_empty() => lead.email = line,
        "email" => match crate::io::import::row::address_in(&line) {
            Some(address) => lead.email = address,
            None => return Err(OpsError::Invalid(Problem::NotAnEmail(line))),
        },
        "phone" => set_phone(lead, PhoneKind::Main, &line, country),
        "mobile" => set_phone(lead, PhoneKind::Mobile, &line, country),
        "direct_phone" => set_phone(lead, PhoneKind::Direct, &line, country),
        "switchboard" => set_phone(lead, PhoneKind::Switchboard, &line, country),
        "timezone" => {
            if line.is_empty() {
                lead.timezone = None;
            } else if line.parse::<chrono_tz::Tz>().is_err() {
                return Err(OpsError::Invalid(Problem::NotATimeZone(line)));
            } else {
                lead.timezone = Some(line);
            }
        }
        "industry" => lead.industry = line,
        "employees" => {
            lead.employees = if line.is_empty() {
                crate::domain::Employees::default()
            } else {
                parse_employees(&line).ok_or_else(|| {
                    OpsError::Invalid(Problem::NoNumber {
                        field: "employees".into(),
                        value: line.clone(),
                    })
                })?
            }
        }
        "source" => lead.source = line,
        "created_at" => {
            let at = crate::domain::when::parse_when(&line, now, chrono_tz::UTC).map_err(|e| {
                OpsError::Invalid(Problem::BadTime {
                    field: "created_at".into(),
                    error: e,
                })
            })?;
            lead.created_at = Some(at);
        }
        "tags" => {
            lead.tags = line
                .split([',', '、', ';'])
                .map(|t| t.trim().to_owned())
                .filter(|t| !t.is_empty())
                .collect();
        }
        "external_id" => {
            lead.external_ids.insert("external_id".into(), line);
        }
        "email_opt_out" => lead.email_opt_out = parse_bool(field, &line)?,
        "do_not_call" => lead.do_not_call = parse_bool(field, &line)?,
        "notes" => lead.notes = sanitize_multiline(value),
        _ => {
            return Err(OpsError::Invalid(Problem::UnknownField {
                field: field.to_owned(),
                known: editable_fields().join(", "),
            }));
        }
    }
    Ok(())
}

/// Fills the lead's zone from its primary phone when it has none.
fn derive_timezone(lead: &mut Lead) {
    if lead.timezone.is_none() {
        lead.timezone = lead
            .primary_phone()
            .and_then(|p| p.number.as_deref())
            .and_then(timezone_for_number)
            .map(str::to_owned);
    }
}

/// Adds a lead by hand from `field=value` pairs; it is new and reached the rep now.
pub fn add_lead(
    store: &mut Store,
    policy: &Policy,
    fields: &[(String, String)],
    country: &str,
    now: Ts,
) -> Result<LeadId, OpsError> {
    let mut lead = Lead {
        handover_at: now,
        created_at: Some(now),
        stage: Stage::New,
        stage_entered_at: now,
        version: 1,
        ..Lead::default()
    };
    for (f, v) in fields {
        set_field(&mut lead, f, v, country, now)?;
    }
    if lead.display_name().is_empty() && lead.company.is_empty() {
        return Err(OpsError::Invalid(Problem::NeedsNameOrCompany));
    }
    if lead.full_name.is_empty() {
        lead.full_name = compose_full_name(&lead.first_name, &lead.last_name);
    }
    derive_timezone(&mut lead);
    let label = format!(
        "{}: {}",
        policy.lang.text(TextKey::OpsEditAddLead),
        lead.display_name()
    );
    let activity = NewActivity::new(ActivityKind::Edit, now)
        .with_outcome("created")
        .with_data(json!({ "fields": fields.iter().map(|(f, _)| f).collect::<Vec<_>>() }));
    let mut activities = vec![activity];
    activities.extend(super::sequence::on_new_lead(store, policy, &mut lead, now));
    Ok(store.insert_lead(&lead, &activities, &label)?)
}

/// Edits fields of a lead; the journal records the previous values.
pub fn edit_lead(
    store: &mut Store,
    policy: &Policy,
    id: LeadId,
    expected_version: Option<i64>,
    fields: &[(String, String)],
    country: &str,
    now: Ts,
) -> Result<Lead, OpsError> {
    let label = policy.lang.text(TextKey::OpsEditEditLead).to_owned();
    let seq = sequence_hook(store, id)?;
    store.mutate(id, expected_version, &label, |before| {
        let mut lead = before.clone();
        for (f, v) in fields {
            set_field(&mut lead, f, v, country, now)?;
        }
        if fields.iter().any(|(f, _)| f == "first_name" || f == "last_name")
            && !fields.iter().any(|(f, _)| f == "full_name")
        {
            lead.full_name = compose_full_name(&lead.first_name, &lead.last_name);
        }
        derive_timezone(&mut lead);
        let changed: Vec<&String> = fields.iter().map(|(f, _)| f).collect();
        let previous = serde_json::to_value(before).unwrap_or_default();
        let activity = NewActivity::new(ActivityKind::Edit, now).with_data(json!({
            "fields": changed,
            "previous": changed.iter().map(|f| (f.to_string(), previous.get(f.as_str()).cloned().unwrap_or_default())).collect::<serde_json::Map<_, _>>(),
        }));
        let mut activities = vec![activity];
        // An opt-out ends the lead's sequence.
        activities.extend(seq.as_ref().map_or_else(Vec::new, |seq| {
            super::sequence::on_stage_change(seq, policy, before, &mut lead, &SeqEvent::Edit, now)
        }));
        Ok::<_, OpsError>(Change { lead, activities })
    })
}

fn sequence_hook(store: &Store, id: LeadId) -> Result<Option<super::sequence::Prepared>, OpsError> {
    Ok(match store.lead(id)? {
        Some(l) => Some(super::sequence::prepare(store, &l)?),
        None => None,
    })
}

/// Adds a note to a lead's journal.
pub fn note(
    store: &mut Store,
    policy: &Policy,
    id: LeadId,
    expected_version: Option<i64>,
    text: &str,
    now: Ts,
) -> Result<Lead, OpsError> {
    let text = sanitize_multiline(text).trim().to_owned();
    if text.is_empty() {
        return Err(OpsError::Invalid(Problem::EmptyNote));
    }
    let label = policy.lang.text(TextKey::OpsEditNote).to_owned();
    store.mutate(id, expected_version, &label, |before| {
        Ok::<_, OpsError>(Change {
            lead: before.clone(),
            activities: vec![NewActivity::new(ActivityKind::Note, now).with_note(text.clone())],
        })
    })
}

/// Schedules (or snoozes) the next action. A call outside the lead's calling window moves to
/// the window's next opening; the second value says where it moved.
pub fn schedule(
    store: &mut Store,
    policy: &Policy,
    id: LeadId,
    expected_version: Option<i64>,
    next: &NextAction,
    now: Ts,
) -> Result<(Lead, Option<Ts>), OpsError> {
    let (kind, due, text) = (next.kind, next.due_at, next.note.as_str());
    let label = policy.lang.text(TextKey::OpsEditSchedule).to_owned();
    let mut moved = None;
    let lead = store.mutate(id, expected_version, &label, |before| {
        let mut due_at = due;
        if kind == ActionKind::Call && !policy.is_callable(before, due) {
            due_at = policy.next_callable(before, due);
            if due_at != due {
                moved = Some(due_at);
            }
        }
        let mut lead = before.clone();
        lead.next_action = Some(NextAction {
            kind,
            due_at,
            note: sanitize_line(text),
        });
        let activity = NewActivity::new(ActivityKind::Schedule, now)
            .with_note(sanitize_line(text))
            .with_data(
                json!({ "kind": kind.id(), "due": due_at.to_rfc3339(), "asked": due.to_rfc3339() }),
            );
        Ok::<_, OpsError>(Change {
            lead,
            activities: vec![activity],
        })
    })?;
    Ok((lead, moved))
}

/// Marks a lead lost for a reason id; `reengage` overrides the reason's re-engage date.
pub fn mark_lost(
    store: &mut Store,
    policy: &Policy,
    id: LeadId,
    expected_version: Option<i64>,
    reason: &str,
    reengage: Option<chrono::NaiveDate>,
    now: Ts,
) -> Result<Lead, OpsError> {
    if !policy.rules.reengage_days.iter().any(|(r, _)| r == reason) {
        let known: Vec<&str> = policy
            .rules
            .reengage_days
            .iter()
            .map(|(r, _)| r.as_str())
            .collect();
        return Err(OpsError::Invalid(Problem::UnknownLostReason {
            reason: reason.to_owned(),
            known: known.join(", "),
        }));
    }
    let label = format!("{}: {reason}", policy.lang.text(TextKey::OpsEditMarkLost));
    let today = policy.rep_day(now).date;
    let seq = sequence_hook(store, id)?;
    store.mutate(id, expected_version, &label, |before| {
        let applied = transition::mark_lost(before, reason, reengage, now, today, &policy.rules)?;
        let mut activities = Vec::new();
        activities.extend(stage_activity(&applied, now));
        if applied.stage_change.is_none() {
            // Already lost: the journal still records the new reason.
            activities.push(NewActivity::new(ActivityKind::Stage, now).with_data(json!({
                "from": "lost", "to": "lost", "reason": reason,
            })));
        }
        let mut lead = applied.lead;
        if let Some(seq) = &seq {
            activities.extend(super::sequence::on_stage_change(
                seq,
                policy,
                before,
                &mut lead,
                &SeqEvent::Lost,
                now,
            ));
        }
        Ok::<_, OpsError>(Change { lead, activities })
    })
}
