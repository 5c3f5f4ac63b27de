//! The seven views, in key order (SPEC §4).

use crate::domain::queue::Queue;
use crate::domain::{Lang, Stage};

/// A top-level view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// 1: Today.
    Today,
    /// 2–6: one stage.
    Stage(Stage),
    /// 7: the dashboard.
    Dashboard,
}

impl View {
    /// Every view in key order.
    pub const ALL: [View; 7] = [
        View::Today,
        View::Stage(Stage::New),
        View::Stage(Stage::Unreached),
        View::Stage(Stage::Engaged),
        View::Stage(Stage::Lost),
        View::Stage(Stage::HandedOff),
        View::Dashboard,
    ];

    /// The view's number (1–7).
    pub fn number(self) -> u8 {
        match self {
            View::Today => 1,
            View::Stage(s) => 2 + s.index() as u8,
            View::Dashboard => 7,
        }
    }

    /// The view with a number.
    pub fn from_number(n: u8) -> Option<View> {
        View::ALL.get(usize::from(n).checked_sub(1)?).copied()
    }

    /// The next view, wrapping.
    pub fn next(self) -> View {
        View::from_number(self.number() % 7 + 1).unwrap_or(View::Today)
    }

    /// The previous view, wrapping.
    pub fn prev(self) -> View {
        View::from_number((self.number() + 5) % 7 + 1).unwrap_or(View::Today)
    }

    /// The lead queue the view lists (the dashboard lists none).
    pub fn queue(self) -> Option<Queue> {
        match self {
            View::Today => Some(Queue::Today),
            View::Stage(s) => Some(Queue::Stage(s)),
            View::Dashboard => None,
        }
    }

    /// The label, full or short.
    pub fn label(self, lang: Lang, short: bool) -> &'static str {
        match self {
            View::Today => lang.pick("Today", "今日"),
            View::Stage(s) if short => s.short_label(lang),
            View::Stage(s) => s.label(lang),
            View::Dashboard if short => lang.pick("Dash", "指標"),
            View::Dashboard => lang.pick("Dashboard", "ダッシュボード"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_cycle_in_key_order() {
        for v in View::ALL {
            assert_eq!(View::from_number(v.number()), Some(v));
            assert_eq!(v.next().prev(), v);
        }
        assert_eq!(View::Dashboard.next(), View::Today);
        assert_eq!(View::Today.prev(), View::Dashboard);
    }
}
