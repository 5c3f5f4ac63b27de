//! The seven views, in key order (SPEC §4).

use crate::domain::i18n::TextKey;
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
    /// 8…: a saved filter over Today (index into the saved views).
    Saved(usize),
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
            View::Saved(i) => 8u8.saturating_add(u8::try_from(i).unwrap_or(u8::MAX)),
        }
    }

    /// The view with a number.
    pub fn from_number(n: u8) -> Option<View> {
        View::ALL.get(usize::from(n).checked_sub(1)?).copied()
    }

    /// The next view, wrapping; `saved` views follow the dashboard.
    pub fn next(self, saved: usize) -> View {
        match self {
            View::Dashboard if saved > 0 => View::Saved(0),
            View::Saved(i) if i + 1 < saved => View::Saved(i + 1),
            View::Saved(_) => View::Today,
            v => View::from_number(v.number() % 7 + 1).unwrap_or(View::Today),
        }
    }

    /// The previous view, wrapping.
    pub fn prev(self, saved: usize) -> View {
        match self {
            View::Today if saved > 0 => View::Saved(saved - 1),
            View::Saved(0) => View::Dashboard,
            View::Saved(i) => View::Saved(i - 1),
            v => View::from_number((v.number() + 5) % 7 + 1).unwrap_or(View::Today),
        }
    }

    /// The lead queue the view lists (the dashboard lists none).
    pub fn queue(self) -> Option<Queue> {
        match self {
            View::Today | View::Saved(_) => Some(Queue::Today),
            View::Stage(s) => Some(Queue::Stage(s)),
            View::Dashboard => None,
        }
    }

    /// The label, full or short.
    pub fn label(self, lang: Lang, short: bool) -> &'static str {
        match self {
            View::Today => lang.text(TextKey::AppViewToday),
            View::Stage(s) if short => s.short_label(lang),
            View::Stage(s) => s.label(lang),
            View::Dashboard if short => lang.text(TextKey::AppViewDash),
            View::Dashboard => lang.text(TextKey::AppViewDashboard),
            View::Saved(_) => lang.text(TextKey::AppViewSavedView),
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
            assert_eq!(v.next(0).prev(0), v);
            assert_eq!(v.next(2).prev(2), v);
        }
        assert_eq!(View::Dashboard.next(0), View::Today);
        assert_eq!(View::Today.prev(0), View::Dashboard);
        assert_eq!(View::Dashboard.next(2), View::Saved(0));
        assert_eq!(View::Saved(1).next(2), View::Today);
        assert_eq!(View::Today.prev(2), View::Saved(1));
    }
}
