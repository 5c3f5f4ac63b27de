//! The handoff summary (SPEC §8) in every format field sales takes: Markdown for people, JSON
//! for machines, an `.ics` for the meeting, and CSV rows in HubSpot's or Salesforce's import
//! shape. Each writer renders a [`Summary`] to text or bytes; writing files is the caller's.

pub mod crm_csv;
pub mod ics;
pub mod json;
pub mod md;

use std::path::{Path, PathBuf};

use chrono_tz::Tz;

use crate::domain::outcome::Outcome;
use crate::domain::{Activity, ActivityKind, Lang, Lead, Ts};

/// How long a meeting lasts in the `.ics` (the journal keeps only its start).
pub const MEETING_MINUTES: i64 = 60;

/// A person with a name and an email (the rep, a field rep).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Person {
    /// The name.
    pub name: String,
    /// The email (empty when unknown).
    pub email: String,
}

/// The escalation a summary reports: the newest one not undone.
#[derive(Debug, Clone, PartialEq)]
pub struct Escalation {
    /// Its journal row.
    pub activity_id: i64,
    /// When it happened.
    pub at: Ts,
    /// The field rep.
    pub to: Person,
    /// The meeting it set.
    pub meeting: Option<Ts>,
    /// The written override, when the gate had failed.
    pub override_reason: Option<String>,
    /// The summary note.
    pub note: String,
    /// The gate as it was judged (`GateResult` as JSON).
    pub gate: serde_json::Value,
}

impl Escalation {
    /// Reads an `escalation` journal row.
    pub fn from_activity(a: &Activity) -> Escalation {
        let text = |k: &str| a.data.get(k).and_then(|v| v.as_str()).unwrap_or_default();
        Escalation {
            activity_id: a.id,
            at: a.at,
            to: Person {
                name: text("to").to_owned(),
                email: text("email").to_owned(),
            },
            meeting: chrono::DateTime::parse_from_rfc3339(text("meeting"))
                .ok()
                .map(|t| t.to_utc()),
            override_reason: Some(text("override").to_owned()).filter(|s| !s.is_empty()),
            note: a.note.clone(),
            gate: a.data.get("gate").cloned().unwrap_or_default(),
        }
    }
}

/// Field sales' answer to the escalation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feedback {
    /// When it came.
    pub at: Ts,
    /// `accepted` or `rejected`.
    pub result: String,
    /// The reason given.
    pub reason: String,
}

/// Everything a handoff summary holds, read from the store and the configuration.
#[derive(Debug, Clone)]
pub struct Summary {
    /// The lead as it is now.
    pub lead: Lead,
    /// Its journal rows not undone, oldest first.
    pub timeline: Vec<Activity>,
    /// The framework id (`bant`, `meddic`).
    pub framework: String,
    /// The framework's item ids, in order.
    pub items: Vec<String>,
    /// The required item ids.
    pub required: Vec<String>,
    /// The score breakdown as (rule, points); empty when scoring gives none.
    pub score_breakdown: Vec<(String, i64)>,
    /// The newest escalation, when there was one.
    pub escalation: Option<Escalation>,
    /// Field sales' newest feedback after that escalation.
    pub feedback: Option<Feedback>,
    /// The inside-sales rep (the `.ics` organizer).
    pub rep: Person,
    /// The rep's zone: times for people are shown in it.
    pub tz: Tz,
    /// The language of headings and labels.
    pub lang: Lang,
    /// When the summary was made.
    pub generated_at: Ts,
}

impl Summary {
    /// The meeting: the escalation's, else the lead's.
    pub fn meeting(&self) -> Option<Ts> {
        self.escalation
            .as_ref()
            .and_then(|e| e.meeting)
            .or(self.lead.meeting_at)
    }

    /// The field rep escalated to.
    pub fn field_rep(&self) -> Person {
        self.escalation
            .as_ref()
            .map(|e| e.to.clone())
            .unwrap_or_default()
    }

    /// The newest `n` conversations (calls with a conversation outcome, inbound calls,
    /// replies), newest first.
    pub fn conversations(&self, n: usize) -> Vec<&Activity> {
        self.timeline
            .iter()
            .rev()
            .filter(|a| is_conversation(a))
            .take(n)
            .collect()
    }

    /// The notes: the lead's own notes and `note` journal rows.
    pub fn note_rows(&self) -> Vec<&Activity> {
        self.timeline
            .iter()
            .filter(|a| a.kind == ActivityKind::Note && !a.note.trim().is_empty())
            .collect()
    }

    /// The file name stem for this lead's summary files: `handoff-<id>`.
    pub fn stem(&self) -> String {
        file_stem(self.lead.id)
    }
}

/// The file name stem of a lead's summary files.
pub fn file_stem(id: i64) -> String {
    format!("handoff-{id}")
}

/// The path of one lead's file of `ext` in `dir`.
pub fn file_in(dir: &Path, id: i64, ext: &str) -> PathBuf {
    dir.join(format!("{}.{ext}", file_stem(id)))
}

/// Whether a journal row is a conversation with the lead.
pub fn is_conversation(a: &Activity) -> bool {
    match a.kind {
        ActivityKind::Inbound | ActivityKind::Reply => true,
        ActivityKind::Call => a
            .outcome
            .as_deref()
            .and_then(Outcome::from_id)
            .is_some_and(Outcome::is_conversation),
        _ => false,
    }
}

/// A UTC time as RFC 3339 (`2026-11-27T01:00:00Z`).
pub fn rfc3339(t: Ts) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
