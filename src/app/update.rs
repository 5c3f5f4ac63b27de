//! `update(state, msg) -> effects`: the only place the state changes. No IO, no terminal.

use crate::config::{Action, Key, Keymap, Layer};
use crate::domain::i18n::TextKey;
use crate::domain::queue::Queue;

use super::effect::{Anchor, Effect, Msg};
use super::modal::Modal;
use super::state::{MARGIN, State, StatusKind, WINDOW};
use super::view::View;
use super::{forms, modal_keys};

/// How often Today's count is refreshed from the clock.
const TODAY_RECOUNT_SECS: i64 = 5;
/// How often the Dashboard and the stuck counts are re-read.
const DASHBOARD_EVERY_SECS: i64 = 30;
/// How often the lead time zones are re-read.
const ZONES_EVERY_SECS: i64 = 300;

/// Applies a message to the state and returns the IO to perform.
pub fn update(state: &mut State, msg: Msg, keymap: &Keymap) -> Vec<Effect> {
    match msg {
        Msg::Key(key) => on_key(state, key, keymap),
        Msg::Tick(now) => {
            // Clock-dependent figures follow the clock, not the keys: every few seconds.
            let recount =
                now.timestamp() / TODAY_RECOUNT_SECS != state.now.timestamp() / TODAY_RECOUNT_SECS;
            let new_minute = now.timestamp() / 60 != state.now.timestamp() / 60;
            let zones_again =
                now.timestamp() / ZONES_EVERY_SECS != state.now.timestamp() / ZONES_EVERY_SECS;
            let zones_before = state.callable_zones();
            let before = state.now;
            state.now = now;
            let mut effects = if recount {
                vec![Effect::LoadTodayCount]
            } else {
                Vec::new()
            };
            // A calling window opened or closed somewhere: Today's order changes.
            if new_minute && state.callable_zones() != zones_before {
                effects.extend(reload(state, None));
            }
            if zones_again {
                effects.push(Effect::LoadZones);
            }
            // The Dashboard and the stuck counts follow the clock, not the keys.
            if now.timestamp() / DASHBOARD_EVERY_SECS != before.timestamp() / DASHBOARD_EVERY_SECS {
                effects.push(Effect::LoadStuck);
                if state.view == View::Dashboard {
                    effects.push(Effect::LoadDashboard);
                }
            }
            // Mail waiting out its undo window leaves on time; sequence mail due is sent too.
            if state.figures.queued_mail > 0 || recount {
                effects.push(Effect::SendDueMail);
            }
            effects
        }
        Msg::Resize(rows) => {
            state.table.visible = rows.max(1);
            keep_selection_visible(state);
            Vec::new()
        }
        Msg::Page {
            queue,
            rows,
            window_index,
            total,
            select,
        } => on_page(state, queue, rows, window_index, total, select),
        Msg::Detail(d) => {
            // The selected row: a search result while the rep is in the results.
            if state.selected_row().is_some_and(|r| r.id == d.lead.id) {
                state.detail = Some(*d);
            }
            Vec::new()
        }
        Msg::Figures(f) => {
            state.figures = crate::app::Figures {
                today: state.figures.today,
                new_since_yesterday: state.figures.new_since_yesterday,
                new_over_sla: state.figures.new_over_sla,
                calls_due: state.figures.calls_due,
                ..f
            };
            Vec::new()
        }
        Msg::TodayCount {
            total,
            new_since_yesterday,
            new_over_sla,
            calls_due,
        } => {
            state.figures.today = total;
            state.today_known = true;
            state.figures.new_since_yesterday = new_since_yesterday;
            state.figures.new_over_sla = new_over_sla;
            state.figures.calls_due = calls_due;
            if state.view.queue() == Some(Queue::Today) && state.active_filter().is_empty() {
                let t = &mut state.table;
                t.total = total.max(t.window_index + t.rows.len() as u64);
            }
            Vec::new()
        }
        Msg::Written { status, select } => {
            state.say(StatusKind::Info, status);
            reload(state, select)
        }
        Msg::Refused { reasons, retry } => {
            let mut message = reasons;
            message.push(
                state
                    .lang()
                    .text(TextKey::AppUpdateLogItAnywayYN)
                    .to_owned(),
            );
            state.modal = Some(Modal::Confirm {
                message,
                effect: retry,
            });
            Vec::new()
        }
        Msg::Failed(text) => {
            state.say(StatusKind::Error, text);
            reload(state, None)
        }
        Msg::ExternalChange => reload(state, None),
        Msg::SearchResults {
            query,
            rows,
            total,
            capped,
        } => super::search::results(state, &query, rows, total, capped),
        Msg::FilterChoices(groups, sources, tags) => {
            super::search::open_filter(state, groups, sources, tags);
            Vec::new()
        }
        Msg::Compose(c) => {
            state.modal = Some(Modal::Compose(*c));
            Vec::new()
        }
        Msg::Preview { template, preview } => {
            if let Some(Modal::Compose(c)) = state.modal.as_mut() {
                if c.template() == template {
                    c.preview = preview;
                }
            }
            Vec::new()
        }
        Msg::BulkTemplates(templates) => {
            super::mail::open_bulk(state, templates);
            Vec::new()
        }
        Msg::Edited(text) => {
            super::mail::edited(state, text);
            Vec::new()
        }
        Msg::Info(title, lines) => {
            // A job's report: its progress line is over.
            state.status = None;
            state.modal = Some(Modal::Info(title, lines));
            reload(state, None)
        }
        Msg::Dashboard(d) => {
            state.dashboard = Some(*d);
            Vec::new()
        }
        Msg::OverSlaList { title, rows } => {
            // Shown in the search view: the same keys move, open and act on the leads.
            let total = rows.len() as u64;
            let first = rows.first().map(|r| r.id);
            state.search = Some(crate::app::Search {
                input: crate::app::TextInput::with(&title),
                in_results: !rows.is_empty(),
                rows,
                total,
                listed: true,
                ..Default::default()
            });
            first
                .map(|id| vec![Effect::LoadDetail(id)])
                .unwrap_or_default()
        }
        Msg::Progress(text) => {
            state.say(StatusKind::Info, text);
            Vec::new()
        }
        Msg::Stuck(s) => {
            state.stuck = s;
            Vec::new()
        }
        Msg::Zones(zones) => {
            let changed = zones != state.lead_zones;
            state.lead_zones = zones;
            if changed && state.view == View::Today {
                reload(state, None)
            } else {
                Vec::new()
            }
        }
        Msg::EscalationData(data) => {
            super::escalate::open(state, *data);
            Vec::new()
        }
        Msg::OfferEscalation { id, name } => {
            super::escalate::offer(state, id, &name);
            Vec::new()
        }
        Msg::Capacity(short) => {
            state.capacity = Some(short);
            Vec::new()
        }
        Msg::SavedViews(views) => {
            state.saved_views = views;
            if let View::Saved(i) = state.view {
                if i >= state.saved_views.len() {
                    return open_view(state, View::Today);
                }
            }
            Vec::new()
        }
    }
}

/// Reloads what a write or another process may have changed: counters, the window, the detail.
pub fn reload(state: &mut State, select: Option<crate::domain::LeadId>) -> Vec<Effect> {
    let mut effects = vec![Effect::LoadCounts];
    if let Some(s) = &state.search {
        effects.push(Effect::Search(s.input.text.clone()));
        if let Some(row) = s.rows.get(s.selected).filter(|_| s.in_results) {
            effects.push(Effect::LoadDetail(row.id));
        }
    }
    if let Some(queue) = state.view.queue() {
        let anchor = state
            .table
            .rows
            .first()
            .map_or(Anchor::Top, |r| Anchor::At(r.cursor()));
        effects.push(Effect::LoadPage {
            queue,
            filter: state.active_filter(),
            zones: state.callable_zones(),
            call_block: state.call_block_on(),
            anchor,
            window_index: if matches!(anchor, Anchor::Top) {
                0
            } else {
                state.table.window_index
            },
            select: select.or_else(|| state.table.selected_row().map(|r| r.id)),
        });
        // The page keeps the selection, so it asks for no detail: without this the detail
        // pane would go on showing (and guarding actions with) the lead as it was before the
        // write — the rep's own (a note, then a second note on the same lead) or another
        // process's — and the next action on it would be refused as changed elsewhere.
        let shown = state.detail.as_ref().map(|d| d.lead.id);
        let stays_selected = select.or_else(|| state.table.selected_row().map(|r| r.id));
        if shown.is_some() && shown == stays_selected {
            effects.extend(shown.map(Effect::LoadDetail));
        }
    }
    effects
}

fn on_page(
    state: &mut State,
    queue: Queue,
    rows: Vec<crate::domain::queue::LeadSummary>,
    window_index: u64,
    total: u64,
    select: Option<crate::domain::LeadId>,
) -> Vec<Effect> {
    if state.view.queue() != Some(queue) {
        return Vec::new(); // a page for a view the rep already left
    }
    // Today's size is counted on the clock's reads (it spans the whole due range, too long a
    // count for a key press on a large file): a page brings what it knows, at least its end.
    let total = if queue == Queue::Today && state.active_filter().is_empty() {
        total.max(state.figures.today)
    } else {
        total
    };
    let t = &mut state.table;
    let before = t.selected_row().map(|r| r.id);
    t.rows = rows;
    t.total = total;
    t.window_index = window_index.min(total.saturating_sub(t.rows.len() as u64));
    if let Some(i) = select.and_then(|id| t.rows.iter().position(|r| r.id == id)) {
        t.selected = t.window_index + i as u64;
    }
    let last = (t.window_index + t.rows.len() as u64).saturating_sub(1);
    t.selected = t.selected.clamp(t.window_index, last.max(t.window_index));
    if t.rows.is_empty() {
        t.selected = 0;
        t.window_index = 0;
    }
    keep_selection_visible(state);
    if state.search.is_some() {
        return Vec::new();
    }
    selection_changed(state, before)
}

/// Asks for the detail when the selected lead changed.
fn selection_changed(state: &mut State, before: Option<crate::domain::LeadId>) -> Vec<Effect> {
    match state.table.selected_row().map(|r| r.id) {
        Some(id) if Some(id) != before || state.detail.as_ref().is_none_or(|d| d.lead.id != id) => {
            vec![Effect::LoadDetail(id)]
        }
        Some(_) => Vec::new(),
        None => {
            state.detail = None;
            Vec::new()
        }
    }
}

fn keep_selection_visible(state: &mut State) {
    let t = &mut state.table;
    let visible = t.visible.max(1) as u64;
    if t.selected < t.offset {
        t.offset = t.selected;
    } else if t.selected >= t.offset + visible {
        t.offset = t.selected + 1 - visible;
    }
    // Never show past the loaded window.
    t.offset = t.offset.max(t.window_index);
    let window_end = t.window_index + t.rows.len() as u64;
    if t.offset + visible > window_end {
        t.offset = window_end.saturating_sub(visible).max(t.window_index);
    }
}

fn on_key(state: &mut State, key: Key, keymap: &Keymap) -> Vec<Effect> {
    if state.modal.is_some() {
        return modal_keys::on_modal_key(state, key, keymap);
    }
    if state.search.is_some() {
        if let Some(effects) = super::search::on_key(state, key, keymap) {
            return effects;
        }
    }
    let action = keymap
        .action(Layer::List, &key)
        .or_else(|| keymap.action(Layer::Global, &key));
    match action {
        Some(a) => on_action(state, a),
        None => Vec::new(),
    }
}

/// Switches to a view and reads its first page (nothing when it is already shown).
pub fn switch_view(state: &mut State, view: View) -> Vec<Effect> {
    if state.view == view {
        return Vec::new();
    }
    open_view(state, view)
}

/// Shows a view from its top, reading its first page and the counters.
pub fn open_view(state: &mut State, view: View) -> Vec<Effect> {
    // Marks belong to the list they were made in: a bulk action in another view would
    // otherwise act on leads the rep cannot see there (Today's marks exported as hand-off
    // summaries from the Handed off view).
    if view != state.view {
        state.marked.clear();
    }
    state.view = view;
    state.search = None;
    state.table.rows.clear();
    state.table.selected = 0;
    state.table.offset = 0;
    state.table.window_index = 0;
    state.table.total = 0;
    state.detail = None;
    state.detail_open = false;
    // (Today's count and the morning line follow the clock: the tick re-reads them.)
    let mut effects = vec![Effect::LoadCounts];
    if view == View::Dashboard {
        effects.push(Effect::LoadDashboard);
    }
    if let Some(queue) = view.queue() {
        effects.push(Effect::LoadPage {
            queue,
            filter: state.active_filter(),
            zones: state.callable_zones(),
            call_block: state.call_block_on(),
            anchor: Anchor::Top,
            window_index: 0,
            select: None,
        });
    }
    effects
}

fn on_action(state: &mut State, action: Action) -> Vec<Effect> {
    if let Some(n) = action.view() {
        return View::from_number(n).map_or_else(Vec::new, |v| switch_view(state, v));
    }
    match action {
        Action::Quit if state.figures.queued_mail > 0 => {
            super::mail::ask_quit(state);
            Vec::new()
        }
        Action::Quit => {
            state.quit = true;
            vec![Effect::Quit]
        }
        Action::Mail => match state.selected_lead() {
            Some(lead) => vec![Effect::OpenCompose(lead)],
            None => Vec::new(),
        },
        Action::BulkMail => vec![Effect::OpenBulk],
        Action::Import => {
            super::import::open(state);
            Vec::new()
        }
        Action::Merge => super::import::merge(state),
        Action::OverSla => match state.view {
            View::Stage(s) => vec![Effect::OverSla(s)],
            _ => {
                state.say(
                    StatusKind::Warn,
                    state.lang().text(TextKey::AppUpdateOverSlaNeedsStageView),
                );
                Vec::new()
            }
        },
        Action::Enrol => super::mail::open_enrol(state),
        Action::Help => {
            state.modal = Some(Modal::Help);
            Vec::new()
        }
        Action::NextView => switch_view(state, state.view.next(state.saved_views.len())),
        Action::PrevView => switch_view(state, state.view.prev(state.saved_views.len())),
        Action::Search => super::search::open(state),
        Action::Filter => vec![Effect::OpenFilter],
        Action::CallBlock => {
            if state.view != View::Today {
                state.say(
                    StatusKind::Warn,
                    state.lang().text(TextKey::AppUpdateCallBlockOnlyToday),
                );
                return Vec::new();
            }
            state.call_block = !state.call_block;
            let view = state.view;
            open_view(state, view)
        }
        Action::SaveView => super::search::open_save_view(state),
        Action::Undo => vec![Effect::Undo],
        Action::Redo => vec![Effect::Redo],
        Action::Down => move_by(state, 1),
        Action::Up => move_by(state, -1),
        Action::PageDown => move_by(state, state.table.visible.max(1) as i64),
        Action::PageUp => move_by(state, -(state.table.visible.max(1) as i64)),
        Action::Top => jump(state, Anchor::Top),
        Action::Bottom => jump(state, Anchor::Bottom),
        Action::Open => {
            state.detail_open = state.table.selected_row().is_some();
            Vec::new()
        }
        Action::Back => {
            state.detail_open = false;
            state.marked.clear();
            Vec::new()
        }
        Action::Mark => {
            if let Some(id) = state.table.selected_row().map(|r| r.id) {
                if !state.marked.remove(&id) {
                    state.marked.insert(id);
                }
                return move_by(state, 1);
            }
            Vec::new()
        }
        other => forms::open_for_action(state, other),
    }
}

fn jump(state: &mut State, anchor: Anchor) -> Vec<Effect> {
    let Some(queue) = state.view.queue() else {
        return Vec::new();
    };
    let total = state.table.total;
    let (selected, window_index) = match anchor {
        Anchor::Bottom => (total.saturating_sub(1), total.saturating_sub(WINDOW as u64)),
        _ => (0, 0),
    };
    state.table.selected = selected;
    vec![Effect::LoadPage {
        queue,
        filter: state.active_filter(),
        zones: state.callable_zones(),
        call_block: state.call_block_on(),
        anchor,
        window_index,
        select: None,
    }]
}

/// Moves the cursor; reads the next window by keyset when it nears an end of the loaded one.
pub fn move_by(state: &mut State, delta: i64) -> Vec<Effect> {
    let Some(queue) = state.view.queue() else {
        return Vec::new();
    };
    let before = state.table.selected_row().map(|r| r.id);
    let filter = state.active_filter();
    let zones = state.callable_zones();
    let call_block = state.call_block_on();
    let t = &mut state.table;
    if t.rows.is_empty() {
        return Vec::new();
    }
    let loaded_end = t.window_index + t.rows.len() as u64 - 1;
    let target = (t.selected as i64 + delta).clamp(0, t.total.saturating_sub(1) as i64) as u64;
    t.selected = target.clamp(t.window_index, loaded_end);
    let mut effects = Vec::new();
    let near_end = loaded_end.saturating_sub(t.selected) < MARGIN as u64;
    let more_below = t.window_index + (t.rows.len() as u64) < t.total;
    let near_start = t.selected.saturating_sub(t.window_index) < MARGIN as u64;
    let pending = target != t.selected;
    if (near_end && more_below) || (pending && target > t.selected) {
        // Re-anchor the window a little above the cursor.
        // Half a window above: far from both margins, so the next moves read nothing.
        let back = (WINDOW / 2) as u64;
        let anchor_index = t.selected.saturating_sub(back).max(t.window_index);
        let i = (anchor_index - t.window_index) as usize;
        if let Some(row) = t.rows.get(i) {
            effects.push(Effect::LoadPage {
                queue,
                filter: filter.clone(),
                zones: zones.clone(),
                call_block,
                anchor: Anchor::At(row.cursor()),
                window_index: anchor_index,
                select: pending.then(|| t.rows.last().map(|r| r.id)).flatten(),
            });
        }
    } else if near_start && t.window_index > 0 {
        if let Some(first) = t.rows.first() {
            let n = (WINDOW / 2).min(t.window_index as usize);
            effects.push(Effect::LoadPage {
                queue,
                filter,
                zones,
                call_block,
                anchor: Anchor::Above(first.cursor(), n),
                window_index: t.window_index - n as u64,
                select: None,
            });
        }
    }
    keep_selection_visible(state);
    effects.extend(selection_changed(state, before));
    effects
}
