//! The whole state of the TUI. The view is a pure function of it.

use std::collections::BTreeSet;

use crate::domain::filter::{Filter, SavedView};
use crate::domain::policy::Policy;
use crate::domain::queue::LeadSummary;
use crate::domain::{Lang, LeadId, Ts};

use super::effect::{Detail, Figures};
use super::modal::{LeadRef, Modal};
use super::view::View;

/// Rows kept around the cursor; pages are read by keyset as the cursor nears either end.
pub const WINDOW: usize = 48;
/// How close to the window's end the cursor may come before the next window is read.
pub const MARGIN: usize = 20;

/// The lead table: a window of a queue around the cursor.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// The rows held (a window of the queue).
    pub rows: Vec<LeadSummary>,
    /// Absolute index of `rows[0]` in the queue.
    pub window_index: u64,
    /// Absolute index of the selected row.
    pub selected: u64,
    /// Absolute index of the first visible row.
    pub offset: u64,
    /// Rows in the queue.
    pub total: u64,
    /// Rows the screen shows.
    pub visible: usize,
}

impl Table {
    /// The selected row, if loaded.
    pub fn selected_row(&self) -> Option<&LeadSummary> {
        let i = self.selected.checked_sub(self.window_index)?;
        self.rows.get(usize::try_from(i).ok()?)
    }

    /// The row after the selected one, if loaded.
    pub fn row_after_selected(&self) -> Option<&LeadSummary> {
        let i = self.selected.checked_sub(self.window_index)? + 1;
        self.rows.get(usize::try_from(i).ok()?)
    }

    /// The visible rows with their absolute indexes.
    pub fn visible_rows(&self) -> impl Iterator<Item = (u64, &LeadSummary)> {
        let start = self.offset.saturating_sub(self.window_index) as usize;
        self.rows
            .iter()
            .enumerate()
            .skip(start)
            .take(self.visible.max(1))
            .map(|(i, r)| (self.window_index + i as u64, r))
    }
}

/// How a status line message looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    /// Done.
    Info,
    /// Worth a look.
    Warn,
    /// Failed.
    Error,
}

/// The status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// Text.
    pub text: String,
    /// Look.
    pub kind: StatusKind,
}

/// The TUI state.
#[derive(Debug, Clone)]
pub struct State {
    /// The current view.
    pub view: View,
    /// The configured rules (time zone, lost reasons, language).
    pub policy: Policy,
    /// The rep's name.
    pub rep_name: String,
    /// Now (ticks with the clock).
    pub now: Ts,
    /// Counters.
    pub figures: Figures,
    /// Today's count and the morning line have been read (they come from the figures
    /// reader, after the first frame): until then they show as unknown, not as zero.
    pub today_known: bool,
    /// The lead table.
    pub table: Table,
    /// The selected lead in full.
    pub detail: Option<Detail>,
    /// The detail takes the whole main area (narrow terminals).
    pub detail_open: bool,
    /// Marked leads (bulk actions).
    pub marked: BTreeSet<LeadId>,
    /// The modal on top, if any.
    pub modal: Option<Modal>,
    /// The status line.
    pub status: Option<Status>,
    /// Lost reasons: (id, label) in the UI language.
    pub lost_reasons: Vec<(String, String)>,
    /// Set when the app should end.
    pub quit: bool,
    /// A dialled call: the lead and when it started (its duration is logged with the outcome).
    pub dialing: Option<(LeadId, Ts)>,
    /// The filter on the list views (`f`).
    pub filter: Filter,
    /// Saved filters, shown as views after the dashboard (`v`).
    pub saved_views: Vec<SavedView>,
    /// The search view (`/`), when open.
    pub search: Option<Search>,
    /// The escalation form's side data while it is open.
    pub escalation: Option<Box<super::escalate::EscalateCtx>>,
    /// Field sales' capacity this week for the top bar ("FS 7/10 ≥40"), once loaded.
    pub capacity: Option<String>,
    /// The time zones leads have (refreshed now and then: few, and slow to change).
    pub lead_zones: Vec<String>,
    /// Today shows only the leads callable now (`b`).
    pub call_block: bool,
    /// Text to open in `$EDITOR` (the event loop does it: it owns the terminal).
    pub editor_request: Option<String>,
    /// The configured sequence names (for `S`).
    pub sequences: Vec<String>,
    /// The Dashboard's figures, when read.
    pub dashboard: Option<super::dashboard::DashboardView>,
    /// Leads over their stage's SLA, per stage (the top bar's stuck counts).
    pub stuck: [u64; 5],
}

/// The search view: its input, where the focus is, and the results.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Search {
    /// What the rep typed.
    pub input: super::input::TextInput,
    /// Focus on the results (else on the input).
    pub in_results: bool,
    /// The first matches by priority key.
    pub rows: Vec<LeadSummary>,
    /// How many match (counted up to a cap).
    pub total: u64,
    /// More than `total` match.
    pub capped: bool,
    /// The selected result.
    pub selected: usize,
    /// The selected result's detail takes the main area.
    pub open: bool,
    /// A list the app made (the leads over SLA), not a typed search: there is no query to go
    /// back to, so leaving the results leaves the list.
    pub listed: bool,
}

impl State {
    /// A fresh state on a view.
    pub fn new(
        policy: Policy,
        rep_name: &str,
        lost_reasons: Vec<(String, String)>,
        view: View,
        now: Ts,
    ) -> State {
        State {
            view,
            policy,
            rep_name: rep_name.to_owned(),
            now,
            figures: Figures::default(),
            today_known: false,
            table: Table {
                visible: 20,
                ..Table::default()
            },
            detail: None,
            detail_open: false,
            marked: BTreeSet::new(),
            modal: None,
            status: None,
            lost_reasons,
            quit: false,
            dialing: None,
            filter: Filter::default(),
            saved_views: Vec::new(),
            search: None,
            escalation: None,
            capacity: None,
            lead_zones: Vec::new(),
            call_block: false,
            editor_request: None,
            sequences: Vec::new(),
            dashboard: None,
            stuck: [0; 5],
        }
    }

    /// The UI language.
    pub fn lang(&self) -> Lang {
        self.policy.lang
    }

    /// Where it is calling time now, for Today's callable-first order (other queues: none).
    pub fn callable_zones(&self) -> Option<crate::domain::queue::CallableZones> {
        (self.view == super::view::View::Today)
            .then(|| self.policy.callable_zones(&self.lead_zones, self.now))
    }

    /// Whether the call block applies to the current view.
    pub fn call_block_on(&self) -> bool {
        self.call_block && self.view == super::view::View::Today
    }

    /// The filter of the current view: a saved view's own, else the one set with `f`.
    pub fn active_filter(&self) -> Filter {
        match self.view {
            super::view::View::Saved(i) => self
                .saved_views
                .get(i)
                .map(|v| v.filter.clone())
                .unwrap_or_default(),
            _ => self.filter.clone(),
        }
    }

    /// The row the actions act on: the selected search result while searching, else the
    /// table's selected row.
    pub fn selected_row(&self) -> Option<&LeadSummary> {
        match &self.search {
            Some(s) => s.rows.get(s.selected).filter(|_| s.in_results),
            None => self.table.selected_row(),
        }
    }

    /// The selected lead as a modal's target, with the version the detail pane saw.
    pub fn selected_lead(&self) -> Option<LeadRef> {
        let row = self.selected_row()?;
        let version = self
            .detail
            .as_ref()
            .filter(|d| d.lead.id == row.id)
            .map(|d| d.lead.version);
        Some(LeadRef {
            id: row.id,
            version,
            name: row.name.clone(),
        })
    }

    /// Says something on the status line.
    pub fn say(&mut self, kind: StatusKind, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            kind,
        });
    }
}
