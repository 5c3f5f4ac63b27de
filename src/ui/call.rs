//! The call popup: the lead and the ten outcomes with their keys from the popup layer.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::{LeadRef, State};
use crate::config::{Action, Keymap, Layer};
use crate::domain::Outcome;
use crate::domain::i18n::TextKey;
use crate::domain::text::display_width;

use super::{bottom, centered, fmt, popup_box, style};

/// Draws the popup centred over the screen.
pub(super) fn render_call_outcome(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    lead: &LeadRef,
    dialing: Option<&str>,
    keymap: &Keymap,
) {
    let lang = state.lang();
    let entries: Vec<(String, &str)> = Outcome::ALL
        .iter()
        .map(|o| {
            let keys = keymap.keys_label(Layer::Popup, Action::for_outcome(*o));
            (
                if keys.is_empty() {
                    "–".to_owned()
                } else {
                    keys
                },
                o.label(lang),
            )
        })
        .collect();
    let kw = entries
        .iter()
        .map(|(k, _)| display_width(k))
        .max()
        .unwrap_or(1);
    let lw = entries
        .iter()
        .map(|(_, l)| display_width(l))
        .max()
        .unwrap_or(1);
    let cell = kw + 1 + lw;
    let half = entries.len().div_ceil(2);
    // Borders, the name, a blank line, the two columns, a blank line.
    let inner_w = (cell * 2 + 4).max(36);
    let w = u16::try_from(inner_w + 4).unwrap_or(u16::MAX);
    let h = u16::try_from(half + 5 + usize::from(dialing.is_some())).unwrap_or(u16::MAX);
    let rect = centered(area, w, h);
    let hints = bottom::hints(state, keymap);
    let footer = bottom::footer(&hints, rect.width);
    let inner = popup_box(frame, rect, lang.text(TextKey::UiCallLogCall), Some(footer));
    let inner = Rect::new(
        inner.x + 1.min(inner.width),
        inner.y,
        inner.width.saturating_sub(2),
        inner.height,
    );
    let width = usize::from(inner.width);
    let entry = |i: usize| -> Vec<Span<'static>> {
        entries.get(i).map_or_else(Vec::new, |(k, l)| {
            vec![
                Span::styled(fmt::pad_right(k, kw), style::title()),
                Span::raw(" "),
                Span::raw(fmt::pad_right(l, lw)),
            ]
        })
    };
    let mut lines = vec![Line::styled(fmt::safe(&lead.name, width), style::title())];
    if let Some(d) = dialing {
        lines.push(Line::raw(fmt::safe(d, width)));
    }
    lines.push(Line::raw(""));
    for row in 0..half {
        let mut spans = entry(row);
        spans.push(Span::raw("    "));
        spans.extend(entry(row + half));
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
