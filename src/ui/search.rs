//! The search view: the input, the match count and the results (with the detail pane beside
//! them on wide terminals, or instead of them once a result is opened).

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::State;
use crate::domain::i18n::TextKey;
use crate::domain::text::display_width;

use super::{DETAIL_BESIDE_MIN_WIDTH, detail, fmt, style, table};

/// Draws the search view into the main area.
pub(super) fn render_search(frame: &mut Frame, area: Rect, state: &State) {
    let Some(search) = &state.search else {
        return;
    };
    if area.height < 3 {
        return;
    }
    let lang = state.lang();
    let (list, pane) = if area.width >= DETAIL_BESIDE_MIN_WIDTH {
        let dw = (area.width * 35 / 100).clamp(40, 64);
        (
            Rect::new(area.x, area.y, area.width - dw, area.height),
            Some(Rect::new(area.x + area.width - dw, area.y, dw, area.height)),
        )
    } else if search.open {
        (Rect::new(area.x, area.y, 0, 0), Some(area))
    } else {
        (area, None)
    };
    if let Some(p) = pane {
        if search.in_results {
            detail::render_detail(frame, p, state, list.width > 0);
        }
    }
    if list.width == 0 {
        return;
    }
    // The input line: the cursor sits in it while it has focus.
    let prompt = format!(" {} / ", lang.text(TextKey::UiSearchSearch));
    let width = usize::from(list.width);
    let text = fmt::safe(
        &search.input.text,
        width.saturating_sub(display_width(&prompt) + 1),
    );
    let input_style = if search.in_results {
        style::dim()
    } else {
        style::title()
    };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(prompt.clone(), style::title()),
            Span::styled(text, input_style),
        ])),
        Rect::new(list.x, list.y, list.width, 1),
    );
    if !search.in_results && state.modal.is_none() {
        let before = display_width(&fmt::safe(search.input.before_cursor(), width));
        let x = list.x + u16::try_from(display_width(&prompt) + before).unwrap_or(list.width - 1);
        frame.set_cursor_position(Position::new(x.min(list.x + list.width - 1), list.y));
    }
    let count = if search.input.text.trim().is_empty() {
        lang.text(TextKey::UiSearchPlaceholder).to_owned()
    } else {
        let n = fmt::thousands(search.total);
        let plus = if search.capped { "+" } else { "" };
        let shown = search.rows.len();
        format!(
            "{n}{plus} {}{}",
            lang.text(TextKey::UiSearchMatches),
            if (shown as u64) < search.total {
                format!(" · {} {shown}", lang.text(TextKey::UiSearchShowingTheFirst))
            } else {
                String::new()
            }
        )
    };
    frame.render_widget(
        Paragraph::new(Line::styled(format!(" {count}"), style::dim())),
        Rect::new(list.x, list.y + 1, list.width, 1),
    );
    let body = Rect::new(list.x, list.y + 2, list.width, list.height - 2);
    let fits = usize::from(body.height.saturating_sub(1)).max(1);
    let start = search.selected.saturating_sub(fits - 1);
    let rows: Vec<(bool, &crate::domain::queue::LeadSummary)> = search
        .rows
        .iter()
        .enumerate()
        .skip(start)
        .take(fits)
        .map(|(i, r)| (search.in_results && i == search.selected, r))
        .collect();
    table::render_rows(frame, body, state, &rows);
}
