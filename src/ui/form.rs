//! Form popups (the call details after an outcome, schedule, lost, note, add, edit): one
//! `label: value` line per field, the focused one marked, and the terminal cursor placed at the
//! input cursor.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::{Field, FieldValue, Form, State};
use crate::config::Keymap;
use crate::domain::text::{display_width, sanitize_line};

use super::{bottom, centered, fmt, popup_box, style};

/// The widest a form popup gets.
const MAX_WIDTH: u16 = 76;

/// Draws the form centred over the screen; `lead` is shown above the fields.
pub(super) fn render_form(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    lead: Option<&str>,
    form: &Form,
    keymap: &Keymap,
) {
    let head = usize::from(lead.is_some()) * 2 + notes_height(form);
    let error = usize::from(form.error.is_some());
    let h = u16::try_from(2 + head + form.fields.len() + 1 + error).unwrap_or(u16::MAX);
    let rect = centered(area, MAX_WIDTH.min(area.width.saturating_sub(2)), h);
    let hints = bottom::hints(state, keymap);
    let footer = bottom::footer(&hints, rect.width);
    let inner = popup_box(frame, rect, &form.title, Some(footer));
    let inner = Rect::new(
        inner.x + 1.min(inner.width),
        inner.y,
        inner.width.saturating_sub(2),
        inner.height,
    );
    let width = usize::from(inner.width);
    let mut lines = Vec::new();
    if let Some(name) = lead {
        lines.push(Line::styled(fmt::safe(name, width), style::title()));
        lines.push(Line::raw(""));
    }
    for (text, warn) in &form.notes {
        let st = if *warn { style::alarm() } else { style::dim() };
        lines.push(Line::styled(fmt::safe(text, width), st));
    }
    if !form.notes.is_empty() {
        lines.push(Line::raw(""));
    }
    // Labels take at most half the width; "› " marks the focused field.
    let lw = form
        .fields
        .iter()
        .map(|f| display_width(&sanitize_line(&f.label)))
        .max()
        .unwrap_or(0)
        .min(width / 2);
    let vw = width.saturating_sub(2 + lw + 2);
    let mut cursor = None;
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let (value, at) = value_spans(field, focused, vw);
        let mark = if focused { "› " } else { "  " };
        let label_style = if focused {
            style::title()
        } else {
            style::dim()
        };
        let mut spans = vec![
            Span::styled(mark, style::title()),
            Span::styled(
                fmt::pad_right(&fmt::safe(&field.label, lw), lw),
                label_style,
            ),
            Span::raw(": "),
        ];
        spans.extend(value);
        if let Some(at) = at {
            let x = inner.x + u16::try_from(2 + lw + 2 + at).unwrap_or(u16::MAX);
            let y = inner.y + u16::try_from(lines.len()).unwrap_or(u16::MAX);
            cursor = Some(Position::new(x, y));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::raw(""));
    if let Some(e) = &form.error {
        lines.push(Line::styled(
            fmt::safe(&format!("! {e}"), width),
            style::alarm(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some(p) = cursor.filter(|p| inner.contains(*p)) {
        frame.set_cursor_position(p);
    }
}

/// Lines the notes take above the fields (with the blank line after them).
fn notes_height(form: &Form) -> usize {
    if form.notes.is_empty() {
        0
    } else {
        form.notes.len() + 1
    }
}

/// The value's spans and, for the focused text field, the cursor's cell offset in them.
fn value_spans(field: &Field, focused: bool, width: usize) -> (Vec<Span<'static>>, Option<usize>) {
    match &field.value {
        FieldValue::Choice(options, i) => {
            let label = options.get(*i).map_or("", |o| o.1.as_str());
            let text = fmt::safe(&format!("‹ {} ›", sanitize_line(label)), width);
            let st = if focused {
                style::title()
            } else {
                Style::new()
            };
            (vec![Span::styled(text, st)], None)
        }
        FieldValue::Text(input) if input.text.is_empty() => {
            let ph = fmt::safe(&field.placeholder, width.saturating_sub(1));
            (vec![Span::styled(ph, style::dim())], focused.then_some(0))
        }
        FieldValue::Text(input) => {
            let before = sanitize_line(input.before_cursor());
            let after = sanitize_line(&input.text[input.before_cursor().len()..]);
            // Scroll so that the cursor stays inside the field (one cell kept for it).
            let room = width.saturating_sub(1);
            let mut start = before.as_str();
            while display_width(start) > room {
                let mut chars = start.chars();
                chars.next();
                start = chars.as_str();
            }
            let at = display_width(start);
            let shown = fmt::safe(&format!("{start}{after}"), width);
            (vec![Span::raw(shown)], focused.then_some(at))
        }
    }
}
