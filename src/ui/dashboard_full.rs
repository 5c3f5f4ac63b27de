//! The Dashboard with the KPI figures (SPEC §4): the role's KPIs today and this week against
//! their targets, 14-day sparklines, the funnel with median age, over-SLA counts and an aging
//! histogram, the pile-up forecast and field-sales capacity.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::State;
use crate::app::dashboard::{DashboardView, Gauge};
use crate::domain::Lang;
use crate::domain::i18n::TextKey;
use crate::domain::text::display_width;

use super::{fmt, style};

/// The label of a KPI id.
pub(super) fn kpi_label(id: &str, lang: Lang) -> &str {
    let key = match id {
        "dials" => TextKey::KpiDials,
        "conversations" => TextKey::KpiConversations,
        "connect_rate" => TextKey::KpiConnectRate,
        "meetings" => TextKey::KpiMeetings,
        "handoffs" => TextKey::KpiHandoffs,
        "acceptance_rate" => TextKey::KpiAcceptanceRate,
        "mails" => TextKey::KpiMails,
        "replies" => TextKey::KpiReplies,
        "reply_rate" => TextKey::KpiReplyRate,
        "speed_to_lead_median_minutes" => TextKey::KpiSpeedToLeadMedianMinutes,
        "speed_to_lead_within_sla" => TextKey::KpiSpeedToLeadWithinSla,
        "reengaged" => TextKey::KpiReengaged,
        "attempts_per_lead" => TextKey::KpiAttemptsPerLead,
        "graded" => TextKey::KpiGraded,
        "lost_conversations" => TextKey::KpiLostConversations,
        "meetings_from_lost" => TextKey::KpiMeetingsFromLost,
        "next_action_share" => TextKey::KpiNextActionShare,
        "new_backlog" => TextKey::KpiNewBacklog,
        "share_ab" => TextKey::KpiShareAb,
        other => return other,
    };
    lang.text(key)
}

fn value_text(g: &Gauge, lang: Lang) -> String {
    let v = match g.value {
        None => "–".to_owned(),
        Some(x) if g.rate => format!("{:.0}%", x * 100.0),
        Some(x) if g.id.ends_with("minutes") => {
            format!("{x:.0}{}", lang.text(TextKey::UiFmtUnitMinutes))
        }
        Some(x) if x.fract() != 0.0 => format!("{x:.1}"),
        Some(x) => fmt::thousands(x.max(0.0) as u64),
    };
    match g.target {
        Some(t) if g.rate => format!("{v}/{:.0}%", t * 100.0),
        Some(t) => format!("{v}/{t:.0}"),
        None => v,
    }
}

fn gauge_line(label: &str, gauges: &[Gauge], lang: Lang, width: usize) -> Line<'static> {
    let mut spans = vec![Span::styled(format!(" {label} "), style::title())];
    for g in gauges {
        let text = format!("{} {}", kpi_label(&g.id, lang), value_text(g, lang));
        if g.missed {
            spans.push(Span::styled(format!("!{text}"), style::warn()));
        } else {
            spans.push(Span::raw(text));
        }
        spans.push(Span::raw(" · "));
    }
    spans.pop();
    let mut used = 0;
    let mut out = Vec::new();
    for s in spans {
        let w = display_width(&s.content);
        if used + w > width {
            break;
        }
        used += w;
        out.push(s);
    }
    Line::from(out)
}

const SPARKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

fn sparkline(values: &[u64]) -> String {
    let max = values.iter().copied().max().unwrap_or(0);
    values
        .iter()
        .map(|v| {
            if max == 0 {
                SPARKS[0]
            } else {
                let i = (u128::from(*v) * 7 / u128::from(max)) as usize;
                SPARKS[i.min(7)]
            }
        })
        .collect()
}

/// Draws the Dashboard from its figures.
pub(super) fn render(frame: &mut Frame, area: Rect, state: &State, d: &DashboardView) {
    let lang = state.lang();
    let width = usize::from(area.width).saturating_sub(1);
    let mut out = vec![
        gauge_line(
            lang.text(TextKey::UiDashboardFullToday),
            &d.today,
            lang,
            width,
        ),
        gauge_line(
            lang.text(TextKey::UiDashboardFullWeek),
            &d.week,
            lang,
            width,
        ),
        Line::raw(""),
    ];
    let lw = d
        .sparklines
        .iter()
        .map(|(id, _)| display_width(kpi_label(id, lang)))
        .max()
        .unwrap_or(0)
        + 2;
    let spark_rows = usize::from(area.height)
        .saturating_sub(16)
        .clamp(3, d.sparklines.len().max(3));
    for (id, values) in d.sparklines.iter().take(spark_rows) {
        let total: u64 = values.iter().sum();
        out.push(Line::from(vec![
            Span::styled(
                fmt::pad_right(&format!(" {}", kpi_label(id, lang)), lw + 1),
                style::dim(),
            ),
            Span::raw(sparkline(values)),
            Span::raw(format!("  {}", fmt::thousands(total))),
        ]));
    }
    out.push(Line::raw(""));
    let sw = crate::domain::Stage::ALL
        .iter()
        .map(|s| display_width(s.short_label(lang)))
        .max()
        .unwrap_or(0)
        + 1;
    out.push(Line::styled(
        fmt::safe(
            &format!(
                " {}{}",
                fmt::pad_right("", sw),
                lang.text(TextKey::UiDashboardFullFunnelHeader)
            ),
            width,
        ),
        style::header(),
    ));
    for s in &d.stages {
        let median = s
            .median_age_days
            .map_or("–".to_owned(), |m| format!("{m:.1}d"));
        let aging: String = s
            .aging
            .iter()
            .map(|n| format!("{:>5}", fmt::abbreviate(*n)))
            .collect();
        let stuck = fmt::abbreviate(s.over_sla);
        let line = format!(
            " {}{:>7} {:>6} {:>7} {aging}",
            fmt::pad_right(s.stage.short_label(lang), sw),
            fmt::abbreviate(s.count),
            stuck,
            median
        );
        let look = if s.over_sla > 0 {
            style::warn()
        } else {
            ratatui::style::Style::new()
        };
        out.push(Line::styled(fmt::safe(&line, width), look));
    }
    out.push(Line::raw(""));
    let piles: Vec<String> = d
        .pile_up
        .iter()
        .map(|(stage, open, days)| match days {
            Some(days) => format!(
                "{} {} = {days:.1} {}",
                fmt::thousands(*open),
                stage.short_label(lang),
                lang.text(TextKey::UiDashboardFullDaysAtPace)
            ),
            None => format!("{} {}", fmt::thousands(*open), stage.short_label(lang)),
        })
        .collect();
    out.push(Line::raw(fmt::safe(
        &format!(" {}", piles.join(" · ")),
        width,
    )));
    let (used, cap) = d.capacity;
    out.push(Line::raw(fmt::safe(
        &format!(
            " {} {used}/{cap} {}",
            lang.text(TextKey::UiDashboardFullFieldSales),
            lang.text(TextKey::UiDashboardFullEscalationsThisWeek)
        ),
        width,
    )));
    frame.render_widget(Paragraph::new(out), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparklines_scale_to_the_largest_day() {
        assert_eq!(sparkline(&[0, 7, 14]), "▁▄█");
        assert_eq!(sparkline(&[0, 0]), "▁▁");
    }
}
