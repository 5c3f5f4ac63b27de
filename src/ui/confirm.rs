//! The confirmation popup: the question and its yes/no keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::app::State;
use crate::config::Keymap;
use crate::domain::i18n::TextKey;
use crate::domain::text::display_width;

use super::{bottom, centered, fmt, popup_box};

/// Draws the question centred over the screen, with its yes/no keys.
pub(super) fn render_confirm(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    message: &[String],
    keymap: &Keymap,
) {
    let hints = bottom::confirm_hints(keymap, state.lang());
    render_question(frame, area, state, message, hints);
}

/// Draws a question centred over the screen with the keys that answer it.
pub(super) fn render_question(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    message: &[String],
    hints: Vec<(String, String)>,
) {
    let lang = state.lang();
    let max_w = usize::from(area.width.saturating_sub(8));
    let hint_w = display_width(
        &hints
            .iter()
            .map(|(k, d)| format!("{k} {d}"))
            .collect::<Vec<_>>()
            .join(" · "),
    );
    let text_w = message
        .iter()
        .map(|m| display_width(&fmt::safe(m, max_w)))
        .max()
        .unwrap_or(0)
        .max(hint_w)
        .max(30);
    let w = u16::try_from(text_w + 4).unwrap_or(u16::MAX);
    let h = u16::try_from(message.len() + 4).unwrap_or(u16::MAX);
    let rect = centered(area, w, h);
    let footer = bottom::footer(&hints, rect.width);
    let inner = popup_box(
        frame,
        rect,
        lang.text(TextKey::UiConfirmConfirm),
        Some(footer),
    );
    let inner = Rect::new(
        inner.x + 1.min(inner.width),
        inner.y + 1.min(inner.height),
        inner.width.saturating_sub(2),
        inner.height.saturating_sub(1),
    );
    let width = usize::from(inner.width);
    let lines: Vec<Line> = message
        .iter()
        .map(|m| Line::raw(fmt::safe(m, width)))
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
