//! Mapping between lead rows and domain leads.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Row;
use rusqlite::types::Value as SqlValue;

use crate::domain::{ActionKind, Employees, Lead, NextAction, Stage, Ts};

use super::StoreError;
use super::score::Derived;

/// The lead columns in the order [`lead_from_row`] reads them.
pub const LEAD_COLUMNS: &str = "id, first_name, last_name, full_name, reading, company, department, title, \
     email, timezone, industry, employees_min, employees_max, source, created_at, imported_at, \
     handover_at, stage, stage_entered_at, attempts, last_touch_at, last_conversation_at, \
     last_engagement_at, next_kind, due_at, next_note, meeting_at, lost_reason, reengage_on, \
     email_opt_out, do_not_call, tags, external_ids, extra, notes, sequence, sequence_step, score, \
     transferred_to, version, engagement, qualification";

pub fn ts(secs: i64) -> Ts {
    DateTime::<Utc>::from_timestamp(secs, 0).unwrap_or_default()
}

pub fn opt_ts(secs: Option<i64>) -> Option<Ts> {
    secs.map(ts)
}

pub fn stage_from_sql(s: &str) -> rusqlite::Result<Stage> {
    Stage::from_id(s).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("unknown stage {s:?}").into(),
        )
    })
}

fn json_col<T: serde::de::DeserializeOwned + Default>(text: &str) -> T {
    serde_json::from_str(text).unwrap_or_default()
}

/// Reads a lead (without phones) from a row selected with [`LEAD_COLUMNS`].
pub fn lead_from_row(row: &Row<'_>) -> rusqlite::Result<Lead> {
    let stage: String = row.get(17)?;
    let next_kind: Option<String> = row.get(23)?;
    let due_at: Option<i64> = row.get(24)?;
    let next_action = match (next_kind.as_deref().and_then(ActionKind::from_id), due_at) {
        (Some(kind), Some(due)) => Some(NextAction {
            kind,
            due_at: ts(due),
            note: row.get(25)?,
        }),
        _ => None,
    };
    let reengage: Option<String> = row.get(28)?;
    Ok(Lead {
        id: row.get(0)?,
        first_name: row.get(1)?,
        last_name: row.get(2)?,
        full_name: row.get(3)?,
        reading: row.get(4)?,
        company: row.get(5)?,
        department: row.get(6)?,
        title: row.get(7)?,
        email: row.get(8)?,
        phones: Vec::new(),
        timezone: row.get(9)?,
        industry: row.get(10)?,
        employees: Employees {
            min: row.get(11)?,
            max: row.get(12)?,
        },
        source: row.get(13)?,
        created_at: opt_ts(row.get(14)?),
        imported_at: opt_ts(row.get(15)?),
        handover_at: ts(row.get(16)?),
        stage: stage_from_sql(&stage)?,
        stage_entered_at: ts(row.get(18)?),
        attempts: row.get(19)?,
        last_touch_at: opt_ts(row.get(20)?),
        last_conversation_at: opt_ts(row.get(21)?),
        last_engagement_at: opt_ts(row.get(22)?),
        next_action,
        meeting_at: opt_ts(row.get(26)?),
        lost_reason: row.get(27)?,
        reengage_on: reengage.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
        email_opt_out: row.get(29)?,
        do_not_call: row.get(30)?,
        tags: json_col(&row.get::<_, String>(31)?),
        external_ids: json_col(&row.get::<_, String>(32)?),
        extra: json_col(&row.get::<_, String>(33)?),
        notes: row.get(34)?,
        // By position like the rest: by name, rusqlite compares it with every column's name
        // on every row (a twentieth of reading a million leads).
        qualification: row
            .get::<_, Option<String>>(41)?
            .map(|t| json_col(&t))
            .unwrap_or_default(),
        sequence: row.get(35)?,
        sequence_step: row.get(36)?,
        score: row.get(37)?,
        transferred_to: row.get(38)?,
        version: row.get(39)?,
        engagement: json_col(&row.get::<_, String>(40)?),
    })
}

/// The normalised email used for duplicate checks and lookups.
pub fn email_norm(email: &str) -> Option<String> {
    let e = email.trim().to_lowercase();
    (!e.is_empty()).then_some(e)
}

/// The named parameters of a lead row (everything but id and version); the priority key,
/// grade, groups and search text come from the scorer.
pub fn lead_params(
    lead: &Lead,
    derived: &Derived,
) -> Result<Vec<(&'static str, SqlValue)>, StoreError> {
    let json = |v: &dyn erased::Json| v.to_json();
    let t = |x: Option<Ts>| x.map_or(SqlValue::Null, |t| SqlValue::Integer(t.timestamp()));
    let s = |x: &str| SqlValue::Text(x.to_owned());
    let os = |x: &Option<String>| x.clone().map_or(SqlValue::Null, SqlValue::Text);
    let oi = |x: Option<u32>| x.map_or(SqlValue::Null, |v| SqlValue::Integer(i64::from(v)));
    let b = |x: bool| SqlValue::Integer(i64::from(x));
    let primary = lead.primary_phone().and_then(|p| p.number.clone());
    Ok(vec![
        (":first_name", s(&lead.first_name)),
        (":last_name", s(&lead.last_name)),
        (":full_name", s(&lead.full_name)),
        (":reading", s(&lead.reading)),
        (":company", s(&lead.company)),
        (":department", s(&lead.department)),
        (":title", s(&lead.title)),
        (":email", s(&lead.email)),
        (
            ":email_norm",
            email_norm(&lead.email).map_or(SqlValue::Null, SqlValue::Text),
        ),
        (":phone", primary.map_or(SqlValue::Null, SqlValue::Text)),
        (":timezone", os(&lead.timezone)),
        (":industry", s(&lead.industry)),
        (":employees_min", oi(lead.employees.min)),
        (":employees_max", oi(lead.employees.max)),
        (":source", s(&lead.source)),
        (":created_at", t(lead.created_at)),
        (":imported_at", t(lead.imported_at)),
        (
            ":handover_at",
            SqlValue::Integer(lead.handover_at.timestamp()),
        ),
        (":stage", s(lead.stage.id())),
        (
            ":stage_entered_at",
            SqlValue::Integer(lead.stage_entered_at.timestamp()),
        ),
        (":attempts", SqlValue::Integer(i64::from(lead.attempts))),
        (":last_touch_at", t(lead.last_touch_at)),
        (":last_conversation_at", t(lead.last_conversation_at)),
        (":last_engagement_at", t(lead.last_engagement_at)),
        (":alive_at", SqlValue::Integer(lead.alive_at().timestamp())),
        (
            ":next_kind",
            lead.next_action
                .as_ref()
                .map_or(SqlValue::Null, |n| s(n.kind.id())),
        ),
        (":due_at", t(lead.next_action.as_ref().map(|n| n.due_at))),
        (
            ":next_note",
            s(lead.next_action.as_ref().map_or("", |n| n.note.as_str())),
        ),
        (":meeting_at", t(lead.meeting_at)),
        (":lost_reason", os(&lead.lost_reason)),
        (
            ":reengage_on",
            lead.reengage_on.map_or(SqlValue::Null, |d| {
                SqlValue::Text(d.format("%Y-%m-%d").to_string())
            }),
        ),
        (":email_opt_out", b(lead.email_opt_out)),
        (":do_not_call", b(lead.do_not_call)),
        (":tags", json(&lead.tags)?),
        (":external_ids", json(&lead.external_ids)?),
        (":extra", json(&lead.extra)?),
        (":notes", s(&lead.notes)),
        (":qualification", json(&lead.qualification)?),
        (":sequence", os(&lead.sequence)),
        (
            ":sequence_step",
            SqlValue::Integer(i64::from(lead.sequence_step)),
        ),
        (":score", SqlValue::Integer(lead.score)),
        (":prio", SqlValue::Real(derived.prio)),
        (":transferred_to", os(&lead.transferred_to)),
        (":engagement", json(&lead.engagement)?),
        (":grade", s(derived.grade.id())),
        (":groups", json(&derived.groups)?),
        (":search_doc", s(&derived.search_doc)),
    ])
}

/// The lead columns an INSERT writes, in [`lead_params`] order (bound by position), built once
/// (bulk loads insert a million leads through it).
pub fn insert_columns() -> &'static str {
    static COLUMNS: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    COLUMNS.get_or_init(|| PARAM_NAMES.join(", "))
}

/// `?, ?, …` for `n` parameters bound by position.
pub(super) fn marks(n: usize) -> String {
    vec!["?"; n].join(", ")
}

const PARAM_NAMES: &[&str] = &[
    "first_name",
    "last_name",
    "full_name",
    "reading",
    "company",
    "department",
    "title",
    "email",
    "email_norm",
    "phone",
    "timezone",
    "industry",
    "employees_min",
    "employees_max",
    "source",
    "created_at",
    "imported_at",
    "handover_at",
    "stage",
    "stage_entered_at",
    "attempts",
    "last_touch_at",
    "last_conversation_at",
    "last_engagement_at",
    "alive_at",
    "next_kind",
    "due_at",
    "next_note",
    "meeting_at",
    "lost_reason",
    "reengage_on",
    "email_opt_out",
    "do_not_call",
    "tags",
    "external_ids",
    "extra",
    "notes",
    "qualification",
    "sequence",
    "sequence_step",
    "score",
    "prio",
    "transferred_to",
    "engagement",
    "grade",
    "groups",
    "search_doc",
];

mod erased {
    use rusqlite::types::Value as SqlValue;

    use crate::store::StoreError;

    /// Serialises a column stored as JSON text.
    pub trait Json {
        fn to_json(&self) -> Result<SqlValue, StoreError>;
    }

    impl<T: serde::Serialize> Json for T {
        fn to_json(&self) -> Result<SqlValue, StoreError> {
            serde_json::to_string(self)
                .map(SqlValue::Text)
                .map_err(|e| StoreError::Corrupt {
                    what: "lead json column",
                    detail: e.to_string(),
                })
        }
    }
}

#[cfg(test)]
mod tests {
    /// The inserts (of a lead, of a staged import row) bind `lead_params` by position.
    #[test]
    fn lead_params_come_in_the_order_of_the_insert_columns() {
        let store = crate::store::Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
        let mut lead = crate::domain::Lead::default();
        let derived = store.scorer().derive(&mut lead);
        let params = super::lead_params(&lead, &derived).unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<&str> = params
            .iter()
            .map(|(k, _)| k.trim_start_matches(':'))
            .collect();
        assert_eq!(names, super::PARAM_NAMES);
    }
}
