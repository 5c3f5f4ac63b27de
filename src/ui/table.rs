//! The lead table of the list views: a title line with the position, a header, and only the
//! visible window of rows (ratatui's `Table` walks every row it is given).

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use crate::app::{State, View};
use crate::domain::calling::is_in_japan;
use crate::domain::i18n::TextKey;
use crate::domain::queue::LeadSummary;
use crate::domain::text::display_width;
use crate::domain::{ActionKind, Lang, Stage, priority};

use super::{fmt, label, style};

/// Cells between columns.
const SPACING: u16 = 1;

/// How a column aligns its text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Align {
    Left,
    Right,
}

/// The fixed columns after name and company: header, width, alignment.
fn fixed_columns(lang: Lang) -> [(&'static str, usize, Align); 6] {
    let kind_w = [ActionKind::Call, ActionKind::Mail, ActionKind::Task]
        .iter()
        .map(|k| display_width(label::action_kind(*k, lang)))
        .max()
        .unwrap_or(4);
    let w = |h: &str, content: usize| display_width(h).max(content);
    let grade = lang.text(TextKey::UiTableColumnGrade);
    let value = lang.text(TextKey::UiTableColumnValue);
    let time = lang.text(TextKey::UiTableColumnTime);
    let attempts = lang.text(TextKey::UiTableColumnAttempts);
    let next = lang.text(TextKey::UiTableColumnNext);
    let local = lang.text(TextKey::UiTableColumnLocal);
    [
        (grade, w(grade, 1), Align::Left),
        (value, w(value, 5), Align::Right),
        (time, w(time, fmt::age_width(lang)), Align::Right),
        (attempts, w(attempts, 2), Align::Right),
        // "!" + kind + " " + "MM/DD", or "YY/MM/DD" for a date far from today
        (next, w(next, 1 + kind_w + 1 + 8), Align::Left),
        (local, w(local, 5), Align::Left),
    ]
}

/// Column widths for a table `width` cells wide: mark, name, company, then the fixed ones.
fn widths(width: u16, lang: Lang) -> Vec<usize> {
    let fixed = fixed_columns(lang);
    let fixed_w: usize = 1 + fixed.iter().map(|c| c.1).sum::<usize>();
    let spacing = usize::from(SPACING) * (fixed.len() + 2);
    let flexible = usize::from(width).saturating_sub(fixed_w + spacing);
    let name = flexible * 45 / 100;
    let mut out = vec![1, name, flexible - name];
    out.extend(fixed.iter().map(|c| c.1));
    out
}

/// Draws the title line, the header and the visible rows.
pub(super) fn render_table(frame: &mut Frame, area: Rect, state: &State) {
    let lang = state.lang();
    if area.height == 0 {
        return;
    }
    render_title(frame, Rect::new(area.x, area.y, area.width, 1), state);
    let body = Rect::new(area.x, area.y + 1, area.width, area.height - 1);
    if body.height == 0 {
        return;
    }
    let t = &state.table;
    if t.rows.is_empty() {
        let msg = if t.total > 0 {
            lang.text(TextKey::UiTableLoading)
        } else if state.view == View::Today {
            lang.text(TextKey::UiTableNothingDue)
        } else {
            lang.text(TextKey::UiTableNoLeadsInView)
        };
        let line = Line::styled(format!(" {msg}"), style::dim());
        frame.render_widget(
            Paragraph::new(line),
            Rect::new(body.x, body.y + 1.min(body.height - 1), body.width, 1),
        );
        return;
    }
    let visible: Vec<(bool, &LeadSummary)> = t
        .visible_rows()
        .map(|(index, row)| (index == t.selected, row))
        .collect();
    render_rows(frame, body, state, &visible);
}

/// Draws the header and the given rows (selected flag, row) into `body`.
pub(super) fn render_rows(
    frame: &mut Frame,
    body: Rect,
    state: &State,
    rows: &[(bool, &LeadSummary)],
) {
    let lang = state.lang();
    let widths = widths(body.width, lang);
    let fixed = fixed_columns(lang);
    let header_texts = [
        String::new(),
        fmt::pad_right(lang.text(TextKey::UiTableColumnName), widths[1]),
        fmt::pad_right(lang.text(TextKey::UiTableColumnCompany), widths[2]),
    ]
    .into_iter()
    .chain(
        fixed
            .iter()
            .zip(&widths[3..])
            .map(|((h, _, a), w)| align(h, *w, *a)),
    );
    let header = Row::new(header_texts.map(Cell::from)).style(style::header());
    let fits = usize::from(body.height.saturating_sub(1));
    let rows: Vec<Row> = rows
        .iter()
        .take(fits)
        .map(|(selected, row)| table_row(state, row, *selected, &widths))
        .collect();
    let constraints: Vec<Constraint> = widths
        .iter()
        .map(|w| Constraint::Length(u16::try_from(*w).unwrap_or(u16::MAX)))
        .collect();
    let table = Table::new(rows, constraints)
        .header(header)
        .column_spacing(SPACING);
    frame.render_widget(table, body);
}

fn align(s: &str, w: usize, a: Align) -> String {
    match a {
        Align::Left => fmt::pad_right(s, w),
        Align::Right => fmt::pad_left(s, w),
    }
}

/// The title line: the view and the position in it (`37/1,204`), marked leads.
fn render_title(frame: &mut Frame, area: Rect, state: &State) {
    let lang = state.lang();
    let t = &state.table;
    let pos = if t.total == 0 {
        String::new()
    } else {
        format!(
            "{}/{}",
            fmt::thousands(t.selected + 1),
            fmt::thousands(t.total)
        )
    };
    let marked = if state.marked.is_empty() {
        String::new()
    } else {
        format!(
            "● {} {}  ",
            fmt::thousands(state.marked.len() as u64),
            lang.text(TextKey::UiTableMarked)
        )
    };
    let right = format!("{marked}{pos}");
    let mut label = match state.view {
        View::Saved(i) => format!(
            "★ {}",
            state.saved_views.get(i).map_or("", |v| v.name.as_str())
        ),
        v => v.label(lang, false).to_owned(),
    };
    let filter = state.active_filter();
    if !filter.is_empty() {
        let parts: Vec<String> = [
            filter
                .group
                .as_ref()
                .map(|g| format!("{}={g}", lang.text(TextKey::UiTableFilterGroup))),
            filter
                .grade
                .map(|g| format!("{}={}", lang.text(TextKey::UiTableFilterGrade), g.id())),
            filter
                .source
                .as_ref()
                .map(|s| format!("{}={s}", lang.text(TextKey::UiTableFilterSource))),
            filter
                .tag
                .as_ref()
                .map(|t| format!("{}={t}", lang.text(TextKey::UiTableFilterTag))),
        ]
        .into_iter()
        .flatten()
        .collect();
        label = format!("{label} · {}", parts.join(" "));
    }
    if state.view == View::Today {
        let f = &state.figures;
        if state.call_block {
            label = format!(
                "{label} · {}",
                lang.text(TextKey::UiTableCallBlockCallableNow)
            );
        }
        // The morning line (SPEC §4): what arrived, what waits past the SLA, what is due.
        // Not read yet (the first frame): unknown, not zero.
        let figure = |n: u64| {
            if state.today_known {
                fmt::thousands(n)
            } else {
                "…".to_owned()
            }
        };
        let (n, o, c) = (
            figure(f.new_since_yesterday),
            figure(f.new_over_sla),
            figure(f.calls_due),
        );
        label = lang.fill(
            TextKey::UiTableMorningLine,
            &[
                ("label", &label),
                ("new", &n),
                ("over_sla", &o),
                ("calls_due", &c),
            ],
        );
        if let Some(cap) = &state.capacity {
            label = format!("{label} · {cap}");
        }
    }
    let left_w = usize::from(area.width).saturating_sub(display_width(&right) + 1);
    let left = fmt::pad_right(&format!(" {label}"), left_w);
    let line = Line::from(vec![
        Span::styled(left, style::title()),
        Span::raw(" "),
        Span::raw(right),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

fn table_row<'a>(state: &State, row: &LeadSummary, selected: bool, widths: &[usize]) -> Row<'a> {
    let lang = state.lang();
    let policy = &state.policy;
    let now = state.now;
    let w = |i: usize| widths.get(i).copied().unwrap_or(0);
    let mark = if state.marked.contains(&row.id) {
        "●"
    } else {
        " "
    };
    let v = priority::value(row.score, row.alive_at, now, policy.half_life_days);
    // Time column: speed-to-lead age for new leads, else time in stage.
    let (since, late) = if row.stage == Stage::New {
        let age = now - row.handover_at;
        (age, age.num_minutes() > state.policy.speed_to_lead_minutes)
    } else {
        (now - row.stage_entered_at, false)
    };
    let time_text = format!("{}{}", if late { "!" } else { "" }, fmt::age(since, lang));
    let time = Cell::from(fmt::pad_left(&time_text, w(5))).style(if late {
        style::alarm()
    } else {
        Style::new()
    });
    let next = match (row.next_kind, row.due_at) {
        (Some(kind), Some(due)) => {
            let today = policy.rep_day(now);
            let when = if due >= today.start && due < today.end {
                fmt::hm(due, policy.rep_tz)
            } else {
                fmt::md(due, now, policy.rep_tz)
            };
            let overdue = due < now;
            let text = format!(
                "{}{} {when}",
                if overdue { "!" } else { "" },
                label::action_kind(kind, lang)
            );
            Cell::from(fmt::pad_right(&text, w(7))).style(if overdue {
                style::alarm()
            } else {
                Style::new()
            })
        }
        (Some(kind), None) => Cell::from(fmt::pad_right(label::action_kind(kind, lang), w(7))),
        _ => Cell::from(" ".repeat(w(7))),
    };
    let tz = policy.lead_tz(row.timezone.as_deref());
    let callable = !row.do_not_call && policy.window.is_open(now, tz, is_in_japan(tz.name()));
    let local = Cell::from(fmt::pad_right(&fmt::hm(now, tz), w(8))).style(if callable {
        Style::new()
    } else {
        style::dim()
    });
    let cells = vec![
        Cell::from(mark),
        Cell::from(fmt::pad_right(&fmt::safe(&row.name, w(1)), w(1))),
        Cell::from(fmt::pad_right(&fmt::safe(&row.company, w(2)), w(2))),
        Cell::from(fmt::pad_right(row.grade.map_or("–", |g| g.id()), w(3))),
        Cell::from(fmt::pad_left(&fmt::value(v), w(4))),
        time,
        Cell::from(fmt::pad_left(&row.attempts.to_string(), w(6))),
        next,
        local,
    ];
    let r = Row::new(cells);
    if selected {
        r.style(style::selected())
    } else {
        r
    }
}
