//! The activity journal (SPEC §1): append-only rows, one per thing that happened.

use serde_json::Value;

use super::lead::{LeadId, Ts};

/// What kind of thing happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActivityKind {
    /// An outbound call (outcome, duration).
    Call,
    /// An inbound call.
    Inbound,
    /// A mail reply received.
    Reply,
    /// A mail sent.
    Mail,
    /// A note.
    Note,
    /// A stage change (from, to, reason).
    Stage,
    /// A next action scheduled.
    Schedule,
    /// A meeting booked, held, no-show or rescheduled.
    Meeting,
    /// An escalation to field sales.
    Escalation,
    /// Field-sales feedback.
    Feedback,
    /// A marketing engagement event.
    Event,
    /// An import batch.
    Import,
    /// A merge of two leads.
    Merge,
    /// An edit of lead fields.
    Edit,
    /// A transfer to a colleague.
    Transfer,
    /// An undo or redo.
    Undo,
}

impl ActivityKind {
    /// Every kind.
    pub const ALL: [ActivityKind; 16] = [
        ActivityKind::Call,
        ActivityKind::Inbound,
        ActivityKind::Reply,
        ActivityKind::Mail,
        ActivityKind::Note,
        ActivityKind::Stage,
        ActivityKind::Schedule,
        ActivityKind::Meeting,
        ActivityKind::Escalation,
        ActivityKind::Feedback,
        ActivityKind::Event,
        ActivityKind::Import,
        ActivityKind::Merge,
        ActivityKind::Edit,
        ActivityKind::Transfer,
        ActivityKind::Undo,
    ];

    /// The stable id.
    pub fn id(self) -> &'static str {
        match self {
            ActivityKind::Call => "call",
            ActivityKind::Inbound => "inbound",
            ActivityKind::Reply => "reply",
            ActivityKind::Mail => "mail",
            ActivityKind::Note => "note",
            ActivityKind::Stage => "stage",
            ActivityKind::Schedule => "schedule",
            ActivityKind::Meeting => "meeting",
            ActivityKind::Escalation => "escalation",
            ActivityKind::Feedback => "feedback",
            ActivityKind::Event => "event",
            ActivityKind::Import => "import",
            ActivityKind::Merge => "merge",
            ActivityKind::Edit => "edit",
            ActivityKind::Transfer => "transfer",
            ActivityKind::Undo => "undo",
        }
    }

    /// Parses a stable id.
    pub fn from_id(id: &str) -> Option<ActivityKind> {
        ActivityKind::ALL.into_iter().find(|k| k.id() == id)
    }
}

/// An activity about to be written.
#[derive(Debug, Clone, PartialEq)]
pub struct NewActivity {
    /// What happened.
    pub kind: ActivityKind,
    /// When it happened.
    pub at: Ts,
    /// The call outcome or event sub-kind.
    pub outcome: Option<String>,
    /// Free text.
    pub note: String,
    /// Structured details (from/to stage, duration, phone …).
    pub data: Value,
}

impl NewActivity {
    /// An activity with no outcome, note or data.
    pub fn new(kind: ActivityKind, at: Ts) -> NewActivity {
        NewActivity {
            kind,
            at,
            outcome: None,
            note: String::new(),
            data: Value::Object(serde_json::Map::new()),
        }
    }

    /// Sets the outcome.
    pub fn with_outcome(mut self, outcome: impl Into<String>) -> NewActivity {
        self.outcome = Some(outcome.into());
        self
    }

    /// Sets the note.
    pub fn with_note(mut self, note: impl Into<String>) -> NewActivity {
        self.note = note.into();
        self
    }

    /// Sets the data.
    pub fn with_data(mut self, data: Value) -> NewActivity {
        self.data = data;
        self
    }
}

/// A stored activity.
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    /// Journal id.
    pub id: i64,
    /// The lead (none for batch rows such as an import).
    pub lead_id: Option<LeadId>,
    /// When it happened.
    pub at: Ts,
    /// What happened.
    pub kind: ActivityKind,
    /// The call outcome or event sub-kind.
    pub outcome: Option<String>,
    /// Free text.
    pub note: String,
    /// Structured details.
    pub data: Value,
    /// Undone by a later undo (kept in the journal, left out of KPIs).
    pub undone: bool,
    /// Done by another rep (arrived with a transfer bundle).
    pub by_other: bool,
}
