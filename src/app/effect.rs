//! Effects (IO the runtime performs) and messages (what happened).

use crate::config::Key;
use crate::domain::call::CallRequest;
use crate::domain::queue::{Cursor, LeadSummary, Queue};
use crate::domain::{ActionKind, Activity, Lead, LeadId, Ts};

/// Where a page of the table starts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Anchor {
    /// The top of the queue.
    Top,
    /// The bottom of the queue.
    Bottom,
    /// At this row (inclusive).
    At(Cursor),
    /// `n` rows above this row.
    Above(Cursor, usize),
}

/// IO for the runtime to perform.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Read a window of a queue; `window_index` is the absolute index the anchor row will have
    /// (the runtime corrects it for `Above` and `Bottom`).
    LoadPage {
        /// The queue.
        queue: Queue,
        /// Where the window starts.
        anchor: Anchor,
        /// Absolute index of the anchor row.
        window_index: u64,
        /// A lead to select once loaded.
        select: Option<LeadId>,
    },
    /// Read the selected lead with its journal.
    LoadDetail(LeadId),
    /// Read the counters and today's dials and conversations (maintained: cheap after a write).
    LoadCounts,
    /// Count Today's queue (it depends on the clock: refreshed on the tick, not per key).
    LoadTodayCount,
    /// Log a call.
    LogCall {
        /// The lead.
        id: LeadId,
        /// The version the screen saw.
        version: Option<i64>,
        /// The call.
        req: CallRequest,
        /// The lead to select afterwards (auto-advance).
        select_after: Option<LeadId>,
    },
    /// Log an inbound call.
    Inbound {
        /// The lead.
        id: LeadId,
        /// The version seen.
        version: Option<i64>,
        /// A note.
        note: String,
    },
    /// Schedule the next action.
    Schedule {
        /// The lead.
        id: LeadId,
        /// The version seen.
        version: Option<i64>,
        /// Call, mail or task.
        kind: ActionKind,
        /// When.
        due: Ts,
        /// A note.
        note: String,
    },
    /// Mark lost.
    MarkLost {
        /// The lead.
        id: LeadId,
        /// The version seen.
        version: Option<i64>,
        /// Reason id.
        reason: String,
        /// Re-engage date override.
        reengage: Option<chrono::NaiveDate>,
    },
    /// Add a note.
    Note {
        /// The lead.
        id: LeadId,
        /// The version seen.
        version: Option<i64>,
        /// The note.
        text: String,
    },
    /// Add a lead.
    AddLead {
        /// field id → value.
        fields: Vec<(String, String)>,
    },
    /// Edit a lead.
    EditLead {
        /// The lead.
        id: LeadId,
        /// The version seen.
        version: Option<i64>,
        /// field id → value.
        fields: Vec<(String, String)>,
    },
    /// Undo the newest action.
    Undo,
    /// Redo.
    Redo,
    /// Leave.
    Quit,
}

impl Effect {
    /// Whether the effect writes (and so needs a reload after it).
    pub fn writes(&self) -> bool {
        !matches!(
            self,
            Effect::LoadPage { .. }
                | Effect::LoadDetail(_)
                | Effect::LoadCounts
                | Effect::LoadTodayCount
                | Effect::Quit
        )
    }
}

/// The selected lead with its journal, for the detail pane.
#[derive(Debug, Clone, PartialEq)]
pub struct Detail {
    /// The lead.
    pub lead: Lead,
    /// Its newest journal rows, newest first.
    pub activities: Vec<Activity>,
}

/// Counters and figures the top bar and the dashboard show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Figures {
    /// Leads per stage.
    pub stages: [u64; 5],
    /// Rows in Today.
    pub today: u64,
    /// Calls made today.
    pub dials_today: u64,
    /// Conversations today.
    pub conversations_today: u64,
}

/// Something that happened.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    /// A key was pressed.
    Key(Key),
    /// The clock ticked.
    Tick(Ts),
    /// The table area can show this many rows.
    Resize(usize),
    /// A window of a queue arrived.
    Page {
        /// The queue it belongs to.
        queue: Queue,
        /// The rows.
        rows: Vec<LeadSummary>,
        /// Absolute index of the first row.
        window_index: u64,
        /// Rows in the queue.
        total: u64,
        /// A lead to select.
        select: Option<LeadId>,
    },
    /// The selected lead's detail arrived.
    Detail(Box<Detail>),
    /// Counters arrived (`today` is left as it was: see `TodayCount`).
    Figures(Figures),
    /// Today's queue was counted.
    TodayCount(u64),
    /// A write finished.
    Written {
        /// What to say.
        status: String,
        /// Lead to select after the reload.
        select: Option<LeadId>,
    },
    /// A rule refused the write; yes retries it forced.
    Refused {
        /// Why.
        reasons: Vec<String>,
        /// The same effect, forced.
        retry: Box<Effect>,
    },
    /// Something failed; say so on the status line.
    Failed(String),
    /// Another process changed the database.
    ExternalChange,
}
