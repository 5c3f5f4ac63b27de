//! Drawing only: the whole screen is a pure function of [`State`] and the [`Keymap`].
//!
//! One file per view or modal. Every piece of lead data goes through [`fmt::safe`] (sanitised,
//! then cut to a display width), and every width is measured in terminal cells, so wide
//! characters align and nothing in lead data can move the cursor.

mod bottom;
mod call;
mod confirm;
mod dashboard;
mod dashboard_full;
mod detail;
mod fmt;
mod form;
mod help;
mod label;
mod mail;
mod search;
mod style;
mod table;
mod top_bar;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear};

use crate::app::{Modal, State, View};
use crate::config::Keymap;
use crate::domain::i18n::TextKey;

/// Terminals at least this wide show the detail pane beside the table.
pub const DETAIL_BESIDE_MIN_WIDTH: u16 = 120;

/// The four bands of the screen.
#[derive(Debug, Clone, Copy)]
struct Screen {
    top: Rect,
    main: Rect,
    hints: Rect,
    status: Rect,
}

/// The parts of the main area of a list view.
#[derive(Debug, Clone, Copy)]
struct ListAreas {
    /// The table's title line, header and rows (zero-sized when the detail replaces it).
    table: Rect,
    /// The detail pane, when shown.
    detail: Option<Rect>,
    /// Rows the table can draw under its title and header.
    rows: usize,
}

fn screen(area: Rect) -> Screen {
    let line = |y: u16, h: u16| Rect::new(area.x, y, area.width, h);
    let h = area.height;
    let top = line(area.y, h.min(1));
    let status = line(area.y + h.saturating_sub(1), u16::from(h >= 2));
    let hints = line(area.y + h.saturating_sub(2), u16::from(h >= 3));
    let main = line(area.y + 1, h.saturating_sub(3));
    Screen {
        top,
        main,
        hints,
        status,
    }
}

fn list_areas(main: Rect, state: &State) -> ListAreas {
    // The title line and the header sit above the rows.
    let rows = usize::from(main.height.saturating_sub(2));
    // Opened (Enter), the detail takes the whole area at any width: beside the table it is a
    // third of the screen, too narrow for a long call note or a full phone line.
    if state.detail_open {
        return ListAreas {
            table: Rect::new(main.x, main.y, 0, 0),
            detail: Some(main),
            rows,
        };
    }
    if main.width >= DETAIL_BESIDE_MIN_WIDTH {
        let dw = (main.width * 35 / 100).clamp(40, 64);
        let table = Rect::new(main.x, main.y, main.width - dw, main.height);
        let detail = Rect::new(main.x + main.width - dw, main.y, dw, main.height);
        return ListAreas {
            table,
            detail: Some(detail),
            rows,
        };
    }
    ListAreas {
        table: main,
        detail: None,
        rows,
    }
}

/// How many table rows fit on a terminal of this size (send it to the app as `Msg::Resize`).
pub fn table_rows(area: Rect, state: &State) -> usize {
    list_areas(screen(area).main, state).rows
}

/// Draws the whole screen: top bar, the view, hints, status line and the modal on top.
pub fn render(frame: &mut Frame, state: &State, keymap: &Keymap) {
    let s = screen(frame.area());
    top_bar::render_top_bar(frame, s.top, state);
    match state.view {
        _ if state.search.is_some() => search::render_search(frame, s.main, state),
        View::Dashboard => match &state.dashboard {
            Some(d) => dashboard_full::render(frame, s.main, state, d),
            None => dashboard::render_dashboard(frame, s.main, state),
        },
        View::Today | View::Stage(_) | View::Saved(_) => {
            let areas = list_areas(s.main, state);
            if areas.table.width > 0 {
                table::render_table(frame, areas.table, state);
            }
            if let Some(d) = areas.detail {
                detail::render_detail(frame, d, state, areas.table.width > 0);
            }
        }
    }
    bottom::render_hints(frame, s.hints, state, keymap);
    bottom::render_status(frame, s.status, state);
    render_modal(frame, state, keymap);
}

fn render_modal(frame: &mut Frame, state: &State, keymap: &Keymap) {
    let area = frame.area();
    match &state.modal {
        None => {}
        Some(Modal::Help) => help::render_help(frame, area, state, keymap),
        Some(Modal::CallOutcome(lead)) => {
            call::render_call_outcome(frame, area, state, lead, None, keymap)
        }
        Some(Modal::Dialing(lead, phone, started)) => {
            let secs = (state.now - *started).num_seconds().max(0);
            let line = format!(
                "☎ {} · {:02}:{:02} — {}",
                phone,
                secs / 60,
                secs % 60,
                state.lang().text(TextKey::UiFrameDialHint)
            );
            call::render_call_outcome(frame, area, state, lead, Some(&line), keymap);
        }
        Some(Modal::CallDetails(lead, _, form)) => {
            form::render_form(frame, area, state, Some(&lead.name), form, keymap);
        }
        Some(Modal::Form(_, _, form)) => form::render_form(frame, area, state, None, form, keymap),
        Some(Modal::Compose(c)) => mail::render_compose(frame, area, state, c, keymap),
        Some(Modal::QuitWithMail(message)) => {
            let hints = bottom::quit_with_mail_hints(state.lang());
            confirm::render_question(frame, area, state, message, hints);
        }
        Some(Modal::Info(title, lines)) => mail::render_info(frame, area, title, lines),
        Some(Modal::Confirm { message, .. }) => {
            confirm::render_confirm(frame, area, state, message, keymap)
        }
    }
}

/// A rectangle of at most `w`×`h` centred in `area`.
fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Clears `area` and draws a bordered box titled `title`; returns the inner area.
fn popup_box(frame: &mut Frame, area: Rect, title: &str, footer: Option<Line<'_>>) -> Rect {
    frame.render_widget(Clear, area);
    clear_straddling(frame, area);
    let title = fmt::safe(title, usize::from(area.width.saturating_sub(4)));
    let mut block = Block::default()
        .borders(Borders::ALL)
        .title(Line::from(format!(" {title} ")).style(style::title()));
    if let Some(f) = footer {
        block = block.title_bottom(f);
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// Blanks a wide character just left of `area` whose right half the popup covers: the terminal
/// would otherwise draw the whole character over the popup's left border.
fn clear_straddling(frame: &mut Frame, area: Rect) {
    let Some(x) = area.x.checked_sub(1) else {
        return;
    };
    let buf = frame.buffer_mut();
    for y in area.top()..area.bottom() {
        if let Some(cell) = buf.cell_mut((x, y)) {
            if crate::domain::text::display_width(cell.symbol()) > 1 {
                cell.set_symbol(" ");
            }
        }
    }
}
