//! Effects (IO the runtime performs) and messages (what happened).

use crate::config::Key;
use crate::domain::call::CallRequest;
use crate::domain::queue::{Cursor, LeadSummary, Queue};
use crate::domain::{ActionKind, Activity, Lead, LeadId, Ts};

use super::modal::LeadRef;

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
        /// Only leads that pass this filter.
        filter: crate::domain::filter::Filter,
        /// The zones where it is calling time (Today puts those leads first in each bucket).
        zones: Option<crate::domain::queue::CallableZones>,
        /// Only the leads callable now (the call block, `b`).
        call_block: bool,
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
    /// A mail reply received.
    Reply {
        /// The lead.
        id: LeadId,
        /// The version seen.
        version: Option<i64>,
        /// A note.
        note: String,
    },
    /// A meeting outcome.
    MeetingOutcome {
        /// The lead.
        id: LeadId,
        /// The version seen.
        version: Option<i64>,
        /// Held, no-show or rescheduled.
        outcome: crate::domain::meeting::MeetingOutcome,
        /// A note.
        note: String,
    },
    /// Run `calling.dial_command` for a number (one argument, never a shell).
    Dial {
        /// The lead called.
        lead: LeadRef,
        /// The E.164 number.
        phone: String,
    },
    /// Put text on the terminal's clipboard (OSC 52).
    Copy(String),
    /// Search every lead.
    Search(String),
    /// Read the filter choices (groups, sources, tags) and open the filter form.
    OpenFilter,
    /// Save the current filter as a named view.
    SaveView {
        /// Its name.
        name: String,
        /// The filter.
        filter: crate::domain::filter::Filter,
    },
    /// Read the saved views.
    LoadSavedViews,
    /// Read the distinct lead time zones.
    LoadZones,
    /// Read the Dashboard's figures.
    LoadDashboard,
    /// Import a file on a background thread.
    Import {
        /// The file.
        path: String,
        /// Skip duplicates instead of merging them.
        skip: bool,
        /// Report only.
        dry_run: bool,
    },
    /// Merge the second lead into the first.
    Merge {
        /// The lead that stays.
        keep: LeadId,
        /// The lead merged into it.
        other: LeadId,
    },
    /// List a stage's leads over its SLA (`o`).
    OverSla(crate::domain::Stage),
    /// Read the stuck counts per stage (top bar).
    LoadStuck,
    /// Open the compose popup for a lead (templates and the first preview).
    OpenCompose(LeadRef),
    /// Render a template for a lead.
    PreviewMail {
        /// The lead.
        lead: LeadId,
        /// The template id.
        template: String,
    },
    /// Queue a mail (it waits `mail.send_delay_secs`).
    QueueMail {
        /// The lead.
        lead: LeadId,
        /// The template id.
        template: String,
        /// The text edited in `$EDITOR`, if it was.
        edited: Option<String>,
    },
    /// Send what is due from the mail queue.
    SendDueMail,
    /// Send everything queued now (quitting).
    FlushMail,
    /// Cancel everything queued (quitting).
    CancelAllMail,
    /// Open the bulk-mail template picker.
    OpenBulk,
    /// Queue one template to many leads.
    BulkMail {
        /// The marked leads (empty: the whole view).
        ids: Vec<LeadId>,
        /// The view's queue and filter, when no lead is marked.
        view: Option<(Queue, crate::domain::filter::Filter)>,
        /// The template id.
        template: String,
    },
    /// Enrol a lead in a sequence.
    Enrol {
        /// The lead.
        id: LeadId,
        /// The version seen.
        version: Option<i64>,
        /// The sequence.
        name: String,
    },
    /// Undo the newest action.
    Undo,
    /// Redo.
    Redo,
    /// Read what the escalation form needs for a lead (the form opens on the answer).
    OpenEscalation(LeadId),
    /// Save the form's qualification changes, then escalate (SPEC §8).
    Escalate(Box<super::escalate::EscalationPlan>),
    /// Record field sales' feedback on a handed-off lead.
    Feedback {
        /// The lead.
        id: LeadId,
        /// The version seen.
        version: Option<i64>,
        /// Accepted (else rejected).
        accepted: bool,
        /// Why (required for a rejection).
        reason: String,
        /// Where a rejected lead goes: engaged or lost.
        to: Option<crate::domain::Stage>,
        /// The lost-reason id when it goes to lost.
        lost_reason: Option<String>,
    },
    /// Write the handoff summaries (Markdown, JSON, `.ics`) of these leads to the export dir.
    ExportSummary(Vec<LeadId>),
    /// Leave.
    Quit,
}

/// The selected lead with its journal, for the detail pane.
#[derive(Debug, Clone, PartialEq)]
pub struct Detail {
    /// The lead.
    pub lead: Lead,
    /// Its newest journal rows, newest first.
    pub activities: Vec<Activity>,
    /// Its sequence and the current step, in words.
    pub sequence: Option<String>,
    /// Its score explained: (rule, points) lines summing to the score, and the grade.
    pub scored: Option<crate::domain::scoring::Scored>,
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
    /// Mail waiting in the queue.
    pub queued_mail: u64,
    /// New leads since the start of yesterday (the morning line).
    pub new_since_yesterday: u64,
    /// New leads waiting past the speed-to-lead SLA.
    pub new_over_sla: u64,
    /// Calls due today (overdue included).
    pub calls_due: u64,
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
    /// Today's queue was counted, with the morning line's figures.
    TodayCount {
        /// Rows in Today.
        total: u64,
        /// New since yesterday.
        new_since_yesterday: u64,
        /// New past the SLA.
        new_over_sla: u64,
        /// Calls due today.
        calls_due: u64,
    },
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
    /// Search results for a query.
    SearchResults {
        /// The query they answer.
        query: String,
        /// The first matches.
        rows: Vec<LeadSummary>,
        /// How many match.
        total: u64,
        /// More than `total` match.
        capped: bool,
    },
    /// The filter choices: group names, sources, tags.
    FilterChoices(Vec<String>, Vec<String>, Vec<String>),
    /// The saved views.
    SavedViews(Vec<crate::domain::filter::SavedView>),
    /// The distinct lead time zones.
    Zones(Vec<String>),
    /// The Dashboard's figures.
    Dashboard(Box<crate::app::dashboard::DashboardView>),
    /// Leads over their stage's SLA, per stage.
    Stuck([u64; 5]),
    /// A stage's leads over its SLA, oldest first (`o`).
    OverSlaList {
        /// What the list is.
        title: String,
        /// The leads.
        rows: Vec<LeadSummary>,
    },
    /// The compose popup's data arrived.
    Compose(Box<crate::app::mail::Compose>),
    /// A template was rendered.
    Preview {
        /// The template.
        template: String,
        /// The rendering.
        preview: crate::app::mail::Preview,
    },
    /// The templates for a bulk mail: (id, name).
    BulkTemplates(Vec<(String, String)>),
    /// The rep edited the mail in `$EDITOR`.
    Edited(String),
    /// Something to read in a popup.
    Info(String, Vec<String>),
    /// A background job's progress, for the status line.
    Progress(String),
    /// What the escalation form needs arrived: open it.
    EscalationData(Box<super::escalate::EscalationData>),
    /// A call booked a meeting: offer to escalate the lead.
    OfferEscalation {
        /// The lead.
        id: LeadId,
        /// Its name (sanitised).
        name: String,
    },
    /// Field sales' capacity this week, short form for the top bar ("FS 7/10 ≥40").
    Capacity(String),
}
