//! The lead (SPEC §1) and its parts.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::stage::Stage;

/// A point in time; always UTC inside leadbench.
pub type Ts = DateTime<Utc>;

/// A lead's database id.
pub type LeadId = i64;

/// The lead field ids of SPEC Appendix D (for `edit`, `add`, `--map`, groups and fit rules).
pub const FIELD_IDS: [&str; 23] = [
    "first_name",
    "last_name",
    "full_name",
    "reading",
    "company",
    "department",
    "title",
    "email",
    "phone",
    "mobile",
    "direct_phone",
    "switchboard",
    "timezone",
    "industry",
    "employees",
    "source",
    "created_at",
    "tags",
    "external_id",
    "email_opt_out",
    "do_not_call",
    "status",
    "notes",
];

/// What kind of line a phone number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhoneKind {
    /// The lead's main number.
    #[default]
    Main,
    /// A direct line.
    Direct,
    /// A mobile phone.
    Mobile,
    /// The company switchboard (shared by colleagues).
    Switchboard,
}

impl PhoneKind {
    /// Every kind.
    pub const ALL: [PhoneKind; 4] = [
        PhoneKind::Main,
        PhoneKind::Direct,
        PhoneKind::Mobile,
        PhoneKind::Switchboard,
    ];

    /// The stable id.
    pub fn id(self) -> &'static str {
        match self {
            PhoneKind::Main => "main",
            PhoneKind::Direct => "direct",
            PhoneKind::Mobile => "mobile",
            PhoneKind::Switchboard => "switchboard",
        }
    }

    /// Parses a stable id.
    pub fn from_id(id: &str) -> Option<PhoneKind> {
        PhoneKind::ALL.into_iter().find(|k| k.id() == id)
    }
}

/// One phone number of a lead.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Phone {
    /// E.164 form, when the text could be normalised.
    pub number: Option<String>,
    /// The text as imported or typed.
    pub raw: String,
    /// What kind of line it is.
    pub kind: PhoneKind,
    /// Marked invalid (a wrong number, or text that is no number).
    pub invalid: bool,
}

impl Phone {
    /// Whether this number can still be dialled.
    pub fn is_usable(&self) -> bool {
        !self.invalid && self.number.is_some()
    }

    /// What to dial: the E.164 form, else the raw text.
    pub fn dial_text(&self) -> &str {
        self.number.as_deref().unwrap_or(&self.raw)
    }
}

/// What the next action is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// Call the lead.
    Call,
    /// Mail the lead.
    Mail,
    /// Any other task.
    Task,
}

impl ActionKind {
    /// The stable id.
    pub fn id(self) -> &'static str {
        match self {
            ActionKind::Call => "call",
            ActionKind::Mail => "mail",
            ActionKind::Task => "task",
        }
    }

    /// Parses a stable id.
    pub fn from_id(id: &str) -> Option<ActionKind> {
        [ActionKind::Call, ActionKind::Mail, ActionKind::Task]
            .into_iter()
            .find(|k| k.id() == id)
    }
}

/// The next thing to do with a lead, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextAction {
    /// Call, mail or task.
    pub kind: ActionKind,
    /// When it is due.
    pub due_at: Ts,
    /// Free text.
    pub note: String,
}

/// Company size as a range of employees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Employees {
    /// Lower bound, inclusive.
    pub min: Option<u32>,
    /// Upper bound, inclusive; `None` is open-ended.
    pub max: Option<u32>,
}

/// A lead with everything the rep knows of it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Lead {
    /// Database id (0 before it is stored).
    pub id: LeadId,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// The whole name as imported, or composed in display order.
    pub full_name: String,
    /// Kana reading.
    pub reading: String,
    /// Company.
    pub company: String,
    /// Department.
    pub department: String,
    /// Job title.
    pub title: String,
    /// Email address (empty when none).
    pub email: String,
    /// Phone numbers, the primary first.
    pub phones: Vec<Phone>,
    /// IANA time zone of the lead, when known.
    pub timezone: Option<String>,
    /// Industry.
    pub industry: String,
    /// Company size.
    pub employees: Employees,
    /// Where the lead came from.
    pub source: String,
    /// When the lead was created (in the source system, or by hand).
    pub created_at: Option<Ts>,
    /// When the lead was imported.
    pub imported_at: Option<Ts>,
    /// When the lead reached this rep.
    pub handover_at: Ts,
    /// The stage.
    pub stage: Stage,
    /// When the lead entered its stage.
    pub stage_entered_at: Ts,
    /// Unsuccessful calls since the last conversation.
    pub attempts: u32,
    /// Last touch of any kind by the rep.
    pub last_touch_at: Option<Ts>,
    /// Last conversation.
    pub last_conversation_at: Option<Ts>,
    /// Last marketing engagement event.
    pub last_engagement_at: Option<Ts>,
    /// The next action.
    pub next_action: Option<NextAction>,
    /// The booked meeting.
    pub meeting_at: Option<Ts>,
    /// Why the lead was lost.
    pub lost_reason: Option<String>,
    /// When a lost lead is due for re-engagement.
    pub reengage_on: Option<NaiveDate>,
    /// The lead asked for no more mail.
    pub email_opt_out: bool,
    /// The lead asked for no more calls.
    pub do_not_call: bool,
    /// Free-form tags.
    pub tags: Vec<String>,
    /// Ids in other systems (HubSpot Record ID, Salesforce Id …).
    pub external_ids: BTreeMap<String, String>,
    /// Import columns leadbench has no field for, kept as they were.
    pub extra: BTreeMap<String, String>,
    /// Free-text notes from import.
    pub notes: String,
    /// Qualification items with their evidence (SPEC §8).
    #[serde(default)]
    pub qualification: super::qualification::Qualification,
    /// The sequence the lead is enrolled in.
    pub sequence: Option<String>,
    /// The step of that sequence.
    pub sequence_step: u32,
    /// The score (fit + engagement), kept by the store's scorer on every write.
    pub score: i64,
    /// Engagement events counted by kind (`conversation`, `reply`, `email_open` …): the store
    /// counts the journal rows it writes, so a change of points per kind needs no journal scan.
    #[serde(default)]
    pub engagement: BTreeMap<String, u32>,
    /// The colleague the lead was transferred to.
    pub transferred_to: Option<String>,
    /// Optimistic-concurrency version.
    pub version: i64,
}

impl Lead {
    /// The primary phone: the first usable one.
    pub fn primary_phone(&self) -> Option<&Phone> {
        self.phones.iter().find(|p| p.is_usable())
    }

    /// Whether an email can still reach the lead.
    pub fn has_usable_email(&self) -> bool {
        !self.email.is_empty() && !self.email_opt_out
    }

    /// The moment the lead was last alive: hand-over, conversation or engagement.
    pub fn alive_at(&self) -> Ts {
        [self.last_conversation_at, self.last_engagement_at]
            .into_iter()
            .flatten()
            .fold(self.handover_at, Ts::max)
    }

    /// The name as shown: Japanese names family name first, others given name first.
    pub fn display_name(&self) -> String {
        super::name::display_name(&self.first_name, &self.last_name, &self.full_name)
    }
}
