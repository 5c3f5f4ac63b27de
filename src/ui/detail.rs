//! The detail pane: the selected lead in full and its newest journal rows.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::app::{Detail, State};
use crate::domain::text::display_width;
use crate::domain::{Activity, ActivityKind, Lang, Outcome, PhoneKind, priority};

use super::table::kind_label;
use super::{fmt, style};

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
    let width = usize::from(inner.width.saturating_sub(1));
    let inner = Rect::new(
        inner.x + 1.min(inner.width),
        inner.y,
        inner.width.saturating_sub(1),
        inner.height,
    );
    let lang = state.lang();
    let selected = state.table.selected_row().map(|r| r.id);
    let lines = match &state.detail {
        Some(d) if selected.is_none_or(|id| id == d.lead.id) => lines(state, d, width),
        _ if selected.is_some() => vec![Line::styled(
            lang.pick("Loading…", "読み込み中…"),
            style::dim(),
        )],
        _ => vec![Line::styled(
            lang.pick("No lead selected.", "リードが選択されていません。"),
            style::dim(),
        )],
    };
    frame.render_widget(Paragraph::new(lines), inner);
}

fn phone_kind(kind: PhoneKind, lang: Lang) -> &'static str {
    match kind {
        PhoneKind::Main => lang.pick("main", "代表番号"),
        PhoneKind::Direct => lang.pick("direct", "直通"),
        PhoneKind::Mobile => lang.pick("mobile", "携帯"),
        PhoneKind::Switchboard => lang.pick("switchboard", "交換台"),
    }
}

/// The label of a journal row's kind.
fn activity_kind(kind: ActivityKind, lang: Lang) -> &'static str {
    use ActivityKind as K;
    match kind {
        K::Call => lang.pick("call", "架電"),
        K::Inbound => lang.pick("inbound", "受電"),
        K::Reply => lang.pick("reply", "返信"),
        K::Mail => lang.pick("mail", "メール"),
        K::Note => lang.pick("note", "メモ"),
        K::Stage => lang.pick("stage", "ステージ"),
        K::Schedule => lang.pick("schedule", "予定"),
        K::Meeting => lang.pick("meeting", "商談"),
        K::Escalation => lang.pick("escalation", "引き継ぎ"),
        K::Feedback => lang.pick("feedback", "FB"),
        K::Event => lang.pick("event", "イベント"),
        K::Import => lang.pick("import", "取込"),
        K::Merge => lang.pick("merge", "統合"),
        K::Edit => lang.pick("edit", "編集"),
        K::Transfer => lang.pick("transfer", "移管"),
        K::Undo => lang.pick("undo", "取消"),
    }
}

/// A labelled row: the label padded to `lw` cells, the value cut to the rest.
fn row<'a>(label: &str, lw: usize, value: Vec<Span<'a>>) -> Line<'a> {
    let mut spans = vec![Span::styled(fmt::pad_right(label, lw), style::dim())];
    spans.extend(value);
    Line::from(spans)
}

fn lines(state: &State, d: &Detail, width: usize) -> Vec<Line<'static>> {
    let lang = state.lang();
    let policy = &state.policy;
    let now = state.now;
    let l = &d.lead;
    let labels = [
        lang.pick("Company", "会社"),
        lang.pick("Email", "メール"),
        lang.pick("Phone", "電話"),
        lang.pick("Local", "現地時刻"),
        lang.pick("Stage", "ステージ"),
        lang.pick("Next", "次の行動"),
        lang.pick("Meeting", "商談"),
        lang.pick("Lost", "失注"),
        lang.pick("Tags", "タグ"),
        lang.pick("Score", "スコア"),
    ];
    let lw = labels.iter().map(|s| display_width(s)).max().unwrap_or(0) + 1;
    let vw = width.saturating_sub(lw);
    let text = |s: &str| Span::raw(fmt::safe(s, vw));
    let mut out = Vec::new();

    let mut name = fmt::safe(&l.display_name(), width);
    if !l.reading.trim().is_empty() {
        name = fmt::safe(&format!("{name}  ({})", l.reading.trim()), width);
    }
    out.push(Line::styled(name, style::title()));
    let org: Vec<&str> = [&l.company, &l.department, &l.title]
        .into_iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    out.push(row(labels[0], lw, vec![text(&org.join(" / "))]));
    if !l.email.is_empty() {
        let mut spans = vec![text(&l.email)];
        if l.email_opt_out {
            spans.push(Span::styled(
                format!(" {}", lang.pick("(opted out)", "（配信停止）")),
                style::warn(),
            ));
        }
        out.push(row(labels[1], lw, spans));
    }
    for (i, p) in l.phones.iter().enumerate() {
        let label = if i == 0 { labels[2] } else { "" };
        let kind = phone_kind(p.kind, lang);
        let number = fmt::safe(&p.raw, vw.saturating_sub(display_width(kind) + 1));
        let s = if p.invalid {
            style::struck()
        } else {
            Style::new()
        };
        let mut spans = vec![
            Span::styled(format!("{kind} "), style::dim()),
            Span::styled(number, s),
        ];
        if p.invalid {
            spans.push(Span::styled(
                format!(" {}", lang.pick("(invalid)", "（無効）")),
                style::warn(),
            ));
        }
        out.push(row(label, lw, spans));
    }
    let tz = policy.lead_tz(l.timezone.as_deref());
    let callable = policy.is_callable(l, now);
    let window = if callable {
        lang.pick("callable now", "架電可能")
    } else {
        lang.pick("outside calling hours", "架電時間外")
    };
    out.push(row(
        labels[3],
        lw,
        vec![
            Span::raw(format!("{} ", fmt::hm(now, tz))),
            Span::styled(
                fmt::safe(&format!("{} · {window}", tz.name()), vw.saturating_sub(6)),
                style::dim(),
            ),
        ],
    ));
    let stage = format!(
        "{} · {} · {} {}",
        l.stage.label(lang),
        fmt::age(now - l.stage_entered_at, lang),
        l.attempts,
        lang.pick("attempts", "回不通"),
    );
    out.push(row(labels[4], lw, vec![text(&stage)]));
    if l.do_not_call {
        out.push(row(
            "",
            lw,
            vec![Span::styled(
                format!("! {}", lang.pick("Do not call", "架電禁止")),
                style::alarm(),
            )],
        ));
    }
    if let Some(n) = &l.next_action {
        let overdue = n.due_at < now;
        let mut s = format!(
            "{}{} {}",
            if overdue { "!" } else { "" },
            kind_label(n.kind, lang),
            fmt::md_hm(n.due_at, policy.rep_tz)
        );
        if !n.note.trim().is_empty() {
            s = format!("{s} · {}", n.note.lines().next().unwrap_or(""));
        }
        let st = if overdue {
            style::alarm()
        } else {
            Style::new()
        };
        out.push(row(
            labels[5],
            lw,
            vec![Span::styled(fmt::safe(&s, vw), st)],
        ));
    }
    if let Some(m) = l.meeting_at {
        out.push(row(
            labels[6],
            lw,
            vec![text(&fmt::md_hm(m, policy.rep_tz))],
        ));
    }
    if let Some(reason) = &l.lost_reason {
        let label = state
            .lost_reasons
            .iter()
            .find(|(id, _)| id == reason)
            .map_or(reason.as_str(), |(_, label)| label.as_str());
        let mut s = label.to_owned();
        if let Some(date) = l.reengage_on {
            s = format!(
                "{s} · {} {}",
                lang.pick("re-engage", "再アプローチ"),
                date.format("%Y-%m-%d")
            );
        }
        out.push(row(labels[7], lw, vec![text(&s)]));
    }
    if !l.tags.is_empty() {
        out.push(row(labels[8], lw, vec![text(&l.tags.join(", "))]));
    }
    let v = priority::value(l.score, l.alive_at(), now, policy.half_life_days);
    out.push(row(
        labels[9],
        lw,
        vec![text(&format!(
            "0 · {} {}",
            lang.pick("value", "価値"),
            fmt::value(v)
        ))],
    ));

    out.push(Line::raw(""));
    out.push(Line::styled(
        fmt::safe(&format!("── {} ", lang.pick("Timeline", "履歴")), width),
        style::title(),
    ));
    if d.activities.is_empty() {
        out.push(Line::styled(
            lang.pick("No activity yet.", "履歴はまだありません。"),
            style::dim(),
        ));
    }
    let kw = d
        .activities
        .iter()
        .map(|a| display_width(activity_kind(a.kind, lang)))
        .max()
        .unwrap_or(0);
    for a in &d.activities {
        out.push(timeline_line(state, a, kw, width));
    }
    out
}

fn timeline_line(state: &State, a: &Activity, kw: usize, width: usize) -> Line<'static> {
    let lang = state.lang();
    let when = fmt::md_hm(a.at, state.policy.rep_tz);
    let kind = fmt::pad_right(activity_kind(a.kind, lang), kw);
    let mut rest = Vec::new();
    if let Some(o) = a.outcome.as_deref().filter(|o| !o.is_empty()) {
        rest.push(Outcome::from_id(o).map_or_else(|| o.to_owned(), |o| o.label(lang).to_owned()));
    }
    if let Some(first) = a.note.lines().map(str::trim).find(|l| !l.is_empty()) {
        rest.push(first.to_owned());
    }
    // The undone marker goes before the note so that truncation never hides it.
    let marker = if a.undone {
        format!("{} ", lang.pick("(undone)", "（取消済）"))
    } else {
        String::new()
    };
    let s = format!("{when} {kind} {marker}{}", rest.join(" · "));
    let s = fmt::safe(s.trim_end(), width);
    Line::styled(
        s,
        if a.undone {
            style::struck()
        } else {
            Style::new()
        },
    )
}
