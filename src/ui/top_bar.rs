//! The top bar: the seven views with live counts, the rep, the clock and field-sales capacity.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::{State, View};
use crate::domain::text::display_width;

use super::{fmt, style};

/// Terminals narrower than this get short labels and abbreviated counts.
const FULL_LABELS_MIN_WIDTH: u16 = 100;

/// How tightly the views are written, loosest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Density {
    /// `1 Today 1,234 · 2 New 12`.
    Full,
    /// `1 Today 1.2k · 2 New 12`.
    Short,
    /// `1 Today 1.2k  2 New 12`.
    Tight,
    /// `1 Today 1.2k 2 New 12`.
    Dense,
    /// Only the active view keeps its label: `1 Today 1.2k 2 12`.
    Compact,
}

fn count(state: &State, view: View) -> Option<u64> {
    match view {
        View::Today => Some(state.figures.today),
        View::Stage(s) => state.figures.stages.get(s.index()).copied(),
        View::Dashboard | View::Saved(_) => None,
    }
}

/// The view items as (text, active) and the separator.
fn items(state: &State, density: Density, with_stuck: bool) -> (Vec<(String, bool)>, &'static str) {
    let lang = state.lang();
    let items = View::ALL
        .iter()
        .map(|&v| {
            let active = v == state.view;
            let n = v.number();
            let stuck = match v {
                View::Stage(s) if with_stuck => state.stuck.get(s.index()).copied().unwrap_or(0),
                _ => 0,
            };
            let unknown = v == View::Today && !state.today_known;
            let count = count(state, v).map(|c| match density {
                // Not read yet: a zero would say there is nothing to do.
                _ if unknown => "…".to_owned(),
                // Stuck leads (over the stage's SLA) ride along while there is room.
                Density::Full if stuck > 0 => {
                    format!("{} !{}", fmt::thousands(c), fmt::abbreviate(stuck))
                }
                Density::Full => fmt::thousands(c),
                _ => fmt::abbreviate(c),
            });
            let label = match density {
                Density::Full => Some(v.label(lang, false)),
                Density::Compact if !active => None,
                _ => Some(v.label(lang, true)),
            };
            let text = [Some(n.to_string()), label.map(str::to_owned), count]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            (text, active)
        })
        .collect();
    let sep = match density {
        Density::Full | Density::Short => " · ",
        Density::Tight => "  ",
        Density::Dense | Density::Compact => " ",
    };
    (items, sep)
}

fn items_width(items: &[(String, bool)], sep: &str) -> usize {
    items.iter().map(|(t, _)| display_width(t)).sum::<usize>()
        + display_width(sep) * items.len().saturating_sub(1)
}

/// Draws the top bar; drops the rep name, then the clock, before it tightens the views further.
pub(super) fn render_top_bar(frame: &mut Frame, area: Rect, state: &State) {
    let width = usize::from(area.width);
    let clock = fmt::hm(state.now, state.policy.rep_tz);
    let rep = fmt::safe(&state.rep_name, 24);
    // Field sales' capacity follows the clock; it is the first thing dropped when space is short.
    let cap = state.capacity.as_deref().map(|c| fmt::safe(c, 16));
    let rights: Vec<String> = [
        cap.as_ref().map(|c| {
            if rep.is_empty() {
                format!("{clock}  {c}")
            } else {
                format!("{rep}  {clock}  {c}")
            }
        }),
        (!rep.is_empty()).then(|| format!("{rep}  {clock}")),
        Some(clock.clone()),
        Some(String::new()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let densities: &[Density] = if area.width >= FULL_LABELS_MIN_WIDTH {
        &[
            Density::Full,
            Density::Short,
            Density::Tight,
            Density::Dense,
            Density::Compact,
        ]
    } else {
        &[
            Density::Short,
            Density::Tight,
            Density::Dense,
            Density::Compact,
        ]
    };
    let mut chosen = None;
    // Stuck counts ride along only when everything else still fits beside them.
    if area.width >= FULL_LABELS_MIN_WIDTH {
        let (items, sep) = items(state, Density::Full, true);
        if let Some(right) = rights.first() {
            if items_width(&items, sep) + 2 + display_width(right) <= width {
                chosen = Some((items, sep, right.clone()));
            }
        }
    }
    'search: for &d in densities {
        if chosen.is_some() {
            break;
        }
        let (items, sep) = items(state, d, false);
        let left = items_width(&items, sep);
        for right in &rights {
            let need = if right.is_empty() {
                left
            } else {
                left + 2 + display_width(right)
            };
            if need <= width {
                chosen = Some((items, sep, right.clone()));
                break 'search;
            }
        }
    }
    // Nothing fits (a very narrow terminal): the tightest form, cut at the edge.
    let (items, sep, right) = chosen.unwrap_or_else(|| {
        let (items, sep) = items(state, Density::Compact, false);
        (items, sep, String::new())
    });
    let mut spans: Vec<Span> = Vec::new();
    for (i, (text, active)) in items.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw(sep));
        }
        spans.push(if *active {
            Span::styled(text.clone(), style::selected())
        } else {
            Span::raw(text.clone())
        });
    }
    if !right.is_empty() {
        let used = items_width(&items, sep);
        let gap = width.saturating_sub(used + display_width(&right));
        spans.push(Span::raw(" ".repeat(gap)));
        spans.push(Span::styled(right, style::dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
