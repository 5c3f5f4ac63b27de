//! The compose popup (template, recipient, subject, body preview, the blocking field if any)
//! and the plain text popups (bulk results, the import report).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::State;
use crate::app::mail::Compose;
use crate::config::Keymap;
use crate::domain::i18n::TextKey;
use crate::domain::text::sanitize_line;

use super::{bottom, centered, fmt, popup_box, style};

/// Draws the compose popup.
pub(super) fn render_compose(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    c: &Compose,
    keymap: &Keymap,
) {
    let lang = state.lang();
    let rect = centered(
        area,
        area.width.saturating_sub(4).min(100),
        area.height.saturating_sub(2),
    );
    let hints = bottom::hints(state, keymap);
    let footer = bottom::footer(&hints, rect.width);
    let title = format!("{} — {}", lang.text(TextKey::UiMailMail), c.lead.name);
    let inner = popup_box(frame, rect, &title, Some(footer));
    let w = usize::from(inner.width.saturating_sub(2));
    let template = c
        .templates
        .get(c.index)
        .map_or(String::new(), |(id, name)| format!("{name} ({id})"));
    let mut lines = vec![
        Line::styled(
            fmt::safe(
                &format!("{} ‹ {template} ›  ↑/↓", lang.text(TextKey::UiMailTemplate)),
                w,
            ),
            style::title(),
        ),
        Line::raw(fmt::safe(
            &format!("{} {}", lang.text(TextKey::UiMailTo), c.preview.to),
            w,
        )),
        Line::raw(fmt::safe(
            &format!(
                "{} {}",
                lang.text(TextKey::UiMailSubject),
                c.preview.subject
            ),
            w,
        )),
    ];
    if c.edited.is_some() {
        lines.push(Line::styled(
            lang.text(TextKey::UiMailEditedInEditor),
            style::dim(),
        ));
    }
    if let Some(e) = &c.preview.error {
        // Whole, wrapped with the body: the rep needs every field it names to fix it.
        lines.push(Line::styled(
            format!("! {}", sanitize_line(e)),
            style::alarm(),
        ));
    }
    lines.push(Line::raw(""));
    for l in c.preview.body.lines() {
        lines.push(Line::raw(sanitize_line(l)));
    }
    let body = Rect::new(
        inner.x + 1.min(inner.width),
        inner.y,
        inner.width.saturating_sub(2),
        inner.height,
    );
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
}

/// Draws lines to read under a title; any key closes it.
pub(super) fn render_info(frame: &mut Frame, area: Rect, title: &str, lines: &[String]) {
    let h = u16::try_from(lines.len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.height.saturating_sub(2));
    let rect = centered(area, area.width.saturating_sub(8).min(90), h.max(4));
    let inner = popup_box(frame, rect, title, None);
    let w = usize::from(inner.width.saturating_sub(2));
    let text: Vec<Line> = lines.iter().map(|l| Line::raw(fmt::safe(l, w))).collect();
    let body = Rect::new(
        inner.x + 1.min(inner.width),
        inner.y,
        inner.width.saturating_sub(2),
        inner.height,
    );
    frame.render_widget(Paragraph::new(text), body);
}
