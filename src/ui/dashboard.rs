//! The dashboard: per-stage counts with bars, today's dials and conversations.
//!
//! Only the figures the app has today; gauges against targets and sparklines come later.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::State;
use crate::domain::Stage;
use crate::domain::i18n::TextKey;
use crate::domain::text::display_width;

use super::{fmt, style};

/// Draws the dashboard into the main area.
pub(super) fn render_dashboard(frame: &mut Frame, area: Rect, state: &State) {
    let lang = state.lang();
    let f = &state.figures;
    let width = usize::from(area.width).saturating_sub(1);
    let mut out = vec![
        Line::styled(
            fmt::safe(
                &format!(" {}", lang.text(TextKey::UiDashboardDashboard)),
                width,
            ),
            style::title(),
        ),
        Line::raw(""),
    ];

    let today = [
        (
            lang.text(TextKey::UiDashboardTodaySQueue),
            fmt::thousands(f.today),
        ),
        (
            lang.text(TextKey::UiDashboardDialsToday),
            fmt::thousands(f.dials_today),
        ),
        (
            lang.text(TextKey::UiDashboardConversationsToday),
            conversations(f.conversations_today, f.dials_today),
        ),
    ];
    let lw = today
        .iter()
        .map(|(l, _)| display_width(l))
        .max()
        .unwrap_or(0)
        + 2;
    for (label, value) in &today {
        out.push(Line::from(vec![
            Span::raw(" "),
            Span::styled(fmt::pad_right(label, lw), style::dim()),
            Span::raw(fmt::safe(value, width.saturating_sub(lw + 1))),
        ]));
    }
    out.push(Line::raw(""));

    out.push(Line::styled(
        fmt::safe(
            &format!(" {}", lang.text(TextKey::UiDashboardLeadsByStage)),
            width,
        ),
        style::title(),
    ));
    let sw = Stage::ALL
        .iter()
        .map(|s| display_width(s.label(lang)))
        .max()
        .unwrap_or(0)
        + 2;
    let counts: Vec<String> = f.stages.iter().map(|c| fmt::thousands(*c)).collect();
    let cw = counts.iter().map(|c| display_width(c)).max().unwrap_or(1);
    let max = f.stages.iter().copied().max().unwrap_or(0);
    let bar_room = width.saturating_sub(1 + sw + cw + 2);
    for (stage, (n, text)) in Stage::ALL.iter().zip(f.stages.iter().zip(&counts)) {
        out.push(Line::from(vec![
            Span::raw(" "),
            Span::raw(fmt::pad_right(stage.label(lang), sw)),
            Span::raw(fmt::pad_left(text, cw)),
            Span::raw("  "),
            Span::raw("█".repeat(bar(*n, max, bar_room))),
        ]));
    }
    frame.render_widget(Paragraph::new(out), area);
}

/// `3 (21% of dials)`: conversations with their share of dials when there were dials.
fn conversations(conversations: u64, dials: u64) -> String {
    if dials == 0 {
        return fmt::thousands(conversations);
    }
    let pct = conversations.saturating_mul(100) / dials;
    format!("{} ({pct}%)", fmt::thousands(conversations))
}

/// Bar length for `n` of `max` in `room` cells; any non-zero count gets at least one cell.
fn bar(n: u64, max: u64, room: usize) -> usize {
    if n == 0 || max == 0 || room == 0 {
        return 0;
    }
    let len = u128::from(n) * room as u128 / u128::from(max);
    usize::try_from(len).unwrap_or(room).clamp(1, room)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_count_and_never_vanish() {
        assert_eq!(bar(50, 100, 40), 20);
        assert_eq!(bar(100, 100, 40), 40);
        assert_eq!(bar(1, 1_000_000, 40), 1);
        assert_eq!(bar(0, 100, 40), 0);
    }
}
