//! The few styles the screen uses. Anything that must survive `NO_COLOR` also has a modifier.

use ratatui::style::{Color, Modifier, Style};

/// The selected row and the active view: reverse and bold.
pub(super) fn selected() -> Style {
    Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
}

/// Overdue, over SLA, errors: red and bold.
pub(super) fn alarm() -> Style {
    Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
}

/// Warnings: yellow and bold.
pub(super) fn warn() -> Style {
    Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
}

/// Secondary text.
pub(super) fn dim() -> Style {
    Style::new().add_modifier(Modifier::DIM)
}

/// Undone journal rows.
pub(super) fn struck() -> Style {
    Style::new().add_modifier(Modifier::DIM | Modifier::CROSSED_OUT)
}

/// Headers and titles.
pub(super) fn title() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

/// The table header.
pub(super) fn header() -> Style {
    Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
}
