//! The detail pane: the selected lead in full and its newest journal rows.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::app::{Detail, State};
use crate::domain::i18n::TextKey;
use crate::domain::text::display_width;
use crate::domain::{Activity, ActivityKind, Lead, Outcome, Stage, priority};

use super::{fmt, label, style};

/// Draws the pane; `beside` draws a rule on its left (the table is next to it).
pub(super) fn render_detail(frame: &mut Frame, area: Rect, state: &State, beside: bool) {
    let block = if beside {
        Block::default()
            .borders(Borders::LEFT)
            .border_style(style::dim())
    } else {
        Block::default()
    };
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let inner = Rect::new(
        inner.x + 1.min(inner.width),
        inner.y,
        inner.width.saturating_sub(2),
        inner.height,
    );
    let lang = state.lang();
    let selected = state.table.selected_row().map(|r| r.id);
    let lines = match &state.detail {
        Some(d) if selected.is_none_or(|id| id == d.lead.id) => {
            lines(state, d, usize::from(inner.width))
        }
        _ if selected.is_some() => {
            vec![Line::styled(
                lang.text(TextKey::UiDetailLoading),
                style::dim(),
            )]
        }
        _ => vec![Line::styled(
            lang.text(TextKey::UiDetailNoLeadSelected),
            style::dim(),
        )],
    };
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Labelled rows: labels padded to one width, values cut to the rest.
struct Rows {
    label_w: usize,
    value_w: usize,
    out: Vec<Line<'static>>,
}

impl Rows {
    fn push(&mut self, label: &str, value: Vec<Span<'static>>) {
        let mut spans = vec![Span::styled(
            fmt::pad_right(label, self.label_w),
            style::dim(),
        )];
        spans.extend(value);
        self.out.push(Line::from(spans));
    }

    /// Lead data as a plain value span.
    fn text(&self, s: &str) -> Span<'static> {
        Span::raw(fmt::safe(s, self.value_w))
    }
}

fn lines(state: &State, d: &Detail, width: usize) -> Vec<Line<'static>> {
    let lang = state.lang();
    let l = &d.lead;
    let labels = [
        lang.text(TextKey::UiDetailCompany),
        lang.text(TextKey::UiDetailEmail),
        lang.text(TextKey::UiDetailPhone),
        lang.text(TextKey::UiDetailLocal),
        lang.text(TextKey::UiDetailStage),
        lang.text(TextKey::UiDetailNext),
        lang.text(TextKey::UiDetailMeeting),
        lang.text(TextKey::UiDetailLost),
        lang.text(TextKey::UiDetailTags),
        lang.text(TextKey::UiDetailScore),
    ];
    let label_w = labels.iter().map(|s| display_width(s)).max().unwrap_or(0) + 1;
    let mut rows = Rows {
        label_w,
        value_w: width.saturating_sub(label_w),
        out: Vec::new(),
    };
    let mut name = l.display_name();
    if !l.reading.trim().is_empty() {
        name = format!("{name}  ({})", l.reading.trim());
    }
    rows.out
        .push(Line::styled(fmt::safe(&name, width), style::title()));
    contact(&mut rows, state, l, &labels[..3]);
    work(&mut rows, state, l, &labels[3..]);
    let mut out = rows.out;
    out.push(Line::raw(""));
    out.push(Line::styled(
        fmt::safe(
            &format!("── {} ", lang.text(TextKey::UiDetailTimeline)),
            width,
        ),
        style::title(),
    ));
    if d.activities.is_empty() {
        out.push(Line::styled(
            lang.text(TextKey::UiDetailNoActivityYet),
            style::dim(),
        ));
    }
    let kind_w = d
        .activities
        .iter()
        .map(|a| display_width(label::activity_kind(a.kind, lang)))
        .max()
        .unwrap_or(0);
    out.extend(
        d.activities
            .iter()
            .map(|a| timeline_line(state, a, kind_w, width)),
    );
    out
}

/// Company, email and phones.
fn contact(rows: &mut Rows, state: &State, l: &Lead, labels: &[&str]) {
    let lang = state.lang();
    let org: Vec<&str> = [&l.company, &l.department, &l.title]
        .into_iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    let org = rows.text(&org.join(" / "));
    rows.push(labels[0], vec![org]);
    if !l.email.is_empty() {
        let mut spans = vec![rows.text(&l.email)];
        if l.email_opt_out {
            let note = format!(" {}", lang.text(TextKey::UiDetailOptedOut));
            spans.push(Span::styled(note, style::warn()));
        }
        rows.push(labels[1], spans);
    }
    for (i, p) in l.phones.iter().enumerate() {
        let kind = label::phone_kind(p.kind, lang);
        let number = fmt::safe(&p.raw, rows.value_w.saturating_sub(display_width(kind) + 1));
        let look = if p.invalid {
            style::struck()
        } else {
            Style::new()
        };
        let mut spans = vec![
            Span::styled(format!("{kind} "), style::dim()),
            Span::styled(number, look),
        ];
        if p.invalid {
            let note = format!(" {}", lang.text(TextKey::UiDetailInvalid));
            spans.push(Span::styled(note, style::warn()));
        }
        rows.push(if i == 0 { labels[2] } else { "" }, spans);
    }
}

/// Local time, stage, next action, meeting, lost reason, tags, score and value.
fn work(rows: &mut Rows, state: &State, l: &Lead, labels: &[&str]) {
    let lang = state.lang();
    let policy = &state.policy;
    let now = state.now;
    let tz = policy.lead_tz(l.timezone.as_deref());
    let window = if policy.is_callable(l, now) {
        lang.text(TextKey::UiDetailCallableNow)
    } else {
        lang.text(TextKey::UiDetailOutsideCallingHours)
    };
    let zone = fmt::safe(
        &format!("{} · {window}", tz.name()),
        rows.value_w.saturating_sub(6),
    );
    rows.push(
        labels[0],
        vec![
            Span::raw(format!("{} ", fmt::hm(now, tz))),
            Span::styled(zone, style::dim()),
        ],
    );
    let stage = format!(
        "{} · {} · {} {}",
        l.stage.label(lang),
        fmt::age(now - l.stage_entered_at, lang),
        l.attempts,
        lang.text(TextKey::UiDetailAttempts),
    );
    let stage = rows.text(&stage);
    rows.push(labels[1], vec![stage]);
    if l.do_not_call {
        let text = format!("! {}", lang.text(TextKey::UiDetailDoNotCall));
        rows.push("", vec![Span::styled(text, style::alarm())]);
    }
    if let Some(n) = &l.next_action {
        let overdue = n.due_at < now;
        let mark = if overdue { "!" } else { "" };
        let kind = label::action_kind(n.kind, lang);
        let mut s = format!("{mark}{kind} {}", fmt::md_hm(n.due_at, now, policy.rep_tz));
        if let Some(note) = n.note.lines().map(str::trim).find(|s| !s.is_empty()) {
            s = format!("{s} · {note}");
        }
        let look = if overdue {
            style::alarm()
        } else {
            Style::new()
        };
        rows.push(
            labels[2],
            vec![Span::styled(fmt::safe(&s, rows.value_w), look)],
        );
    }
    if let Some(m) = l.meeting_at {
        let when = rows.text(&fmt::md_hm(m, now, policy.rep_tz));
        rows.push(labels[3], vec![when]);
    }
    if let Some(seq) = state.detail.as_ref().and_then(|d| d.sequence.as_ref()) {
        let text = rows.text(seq);
        rows.push(lang.text(TextKey::UiDetailSteps), vec![text]);
    }
    if let Some(reason) = &l.lost_reason {
        let mut s = state
            .lost_reasons
            .iter()
            .find(|(id, _)| id == reason)
            .map_or(reason.as_str(), |(_, label)| label.as_str())
            .to_owned();
        if let Some(date) = l.reengage_on {
            let again = lang.text(TextKey::UiDetailReEngage);
            s = format!("{s} · {again} {}", date.format("%Y-%m-%d"));
        }
        let lost = rows.text(&s);
        rows.push(labels[4], vec![lost]);
    }
    if !l.tags.is_empty() {
        let tags = rows.text(&l.tags.join(", "));
        rows.push(labels[5], vec![tags]);
    }
    // The score, its grade and value now, then the rules that make it, line by line.
    let v = priority::value(l.score, l.alive_at(), now, policy.half_life_days);
    let scored = state.detail.as_ref().and_then(|d| d.scored.as_ref());
    let grade = scored.map_or("–", |s| s.grade.id());
    let score = rows.text(&format!(
        "{} ({grade}) · {} {}",
        l.score,
        lang.text(TextKey::UiDetailValue),
        fmt::value(v)
    ));
    rows.push(labels[6], vec![score]);
    for (rule, points) in scored.map(|s| s.breakdown.as_slice()).unwrap_or_default() {
        let line = rows.text(&format!("  {points:+} {rule}"));
        rows.push("", vec![line]);
    }
}

fn timeline_line(state: &State, a: &Activity, kind_w: usize, width: usize) -> Line<'static> {
    let lang = state.lang();
    let when = fmt::md_hm(a.at, state.now, state.policy.rep_tz);
    let kind = fmt::pad_right(label::activity_kind(a.kind, lang), kind_w);
    let mut rest = Vec::new();
    if let Some(o) = a.outcome.as_deref().filter(|o| !o.is_empty()) {
        let label = match a.kind {
            ActivityKind::Stage => Stage::from_id(o).map(|s| s.label(lang)),
            _ => Outcome::from_id(o).map(|o| o.label(lang)),
        };
        rest.push(label.map_or_else(|| o.to_owned(), str::to_owned));
    }
    if let Some(first) = a.note.lines().map(str::trim).find(|l| !l.is_empty()) {
        rest.push(first.to_owned());
    }
    // The undone marker goes before the note so that truncation never hides it.
    let marker = if a.undone {
        format!("{} ", lang.text(TextKey::UiDetailUndone))
    } else {
        String::new()
    };
    let s = format!("{when} {kind} {marker}{}", rest.join(" · "));
    let look = if a.undone {
        style::struck()
    } else {
        Style::new()
    };
    Line::styled(fmt::safe(s.trim_end(), width), look)
}
