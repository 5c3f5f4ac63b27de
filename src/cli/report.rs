//! `leadbench report`: KPIs for a period (SPEC §9, Appendix B `report --json`).

use std::io::Write;

use chrono::NaiveDate;
use clap::Args;
use serde_json::{Map, Value, json};

use crate::domain::Lang;
use crate::domain::i18n::TextKey;
use crate::domain::kpi::{KpiValue, Period, PeriodKind, misses_target};
use crate::ops::kpi::{KpiReport, period, report as build_report};

use super::context::{Context, now};
use super::table::write_table;

/// `report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// day, week or month (default: day).
    #[arg(long, value_parser = parse_period, conflicts_with_all = ["from", "to"])]
    pub period: Option<PeriodKind>,
    /// First date of a range (YYYY-MM-DD, your time zone); needs --to.
    #[arg(long, value_name = "D", requires = "to")]
    pub from: Option<NaiveDate>,
    /// Last date of a range, inclusive; needs --from.
    #[arg(long, value_name = "D", requires = "from")]
    pub to: Option<NaiveDate>,
    /// JSON (SPEC Appendix B).
    #[arg(long)]
    pub json: bool,
}

fn parse_period(s: &str) -> Result<PeriodKind, String> {
    match s {
        "day" => Ok(PeriodKind::Day),
        "week" => Ok(PeriodKind::Week),
        "month" => Ok(PeriodKind::Month),
        _ => Err(format!("unknown period {s:?}: day, week or month")),
    }
}

/// Runs `report`.
pub fn report(
    ctx: &mut Context,
    args: &ReportArgs,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    let now = now();
    let p = match (args.from, args.to) {
        (Some(from), Some(to)) => match Period::range(from, to, ctx.config.rep.timezone) {
            Ok(p) => p,
            Err(e) => {
                let _ = writeln!(err, "leadbench report: {}", e.text(ctx.policy.lang));
                return 2;
            }
        },
        _ => period(&ctx.config, args.period.unwrap_or(PeriodKind::Day), now),
    };
    let r = match build_report(&ctx.store, &ctx.config, p, now) {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(err, "leadbench report: {}", e.text(ctx.policy.lang));
            return e.exit_code();
        }
    };
    let written = if args.json {
        serde_json::to_string_pretty(&report_json(&r))
            .map_err(std::io::Error::other)
            .and_then(|s| writeln!(out, "{s}"))
    } else {
        write_text(&r, ctx.config.ui.language, out)
    };
    match written {
        Ok(()) => 0,
        Err(e) => {
            let _ = writeln!(err, "leadbench report: {e}");
            1
        }
    }
}

fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

/// A KPI value as JSON: counts as integers, rates and medians as numbers or null.
pub fn value_json(v: &KpiValue) -> Value {
    match v {
        KpiValue::Count(n) => json!(n),
        KpiValue::Number(x) => x.map_or(Value::Null, |x| json!(round(x, 4))),
        KpiValue::Hours(h) => Value::Array(
            h.iter()
                .map(|x| x.map_or(Value::Null, |x| json!(round(x, 4))))
                .collect(),
        ),
        KpiValue::Grades(g) => json!({ "A": g[0], "B": g[1], "C": g[2], "D": g[3] }),
    }
}

/// `report --json` (Appendix B).
pub fn report_json(r: &KpiReport) -> Value {
    let kpis: Map<String, Value> = r
        .kpis
        .iter()
        .map(|(k, v)| ((*k).to_owned(), value_json(v)))
        .collect();
    let stages: Map<String, Value> = r
        .stages
        .iter()
        .map(|s| {
            (
                s.stage.id().to_owned(),
                json!({ "count": s.count, "over_sla": s.over_sla, "median_age_days": s.median_age_days }),
            )
        })
        .collect();
    json!({
        "period": r.period.kind.id(),
        "from": r.period.from.to_string(),
        "to": r.period.to.to_string(),
        "role": r.role.id(),
        "headline": r.headline,
        "kpis": kpis,
        "targets": r.targets,
        "stages": stages,
        "working_days": r.working_days,
    })
}

/// A KPI value for people.
pub fn value_text(id: &str, v: &KpiValue, lang: Lang) -> String {
    match v {
        KpiValue::Count(n) => n.to_string(),
        KpiValue::Number(None) => "–".to_owned(),
        KpiValue::Number(Some(x)) if id == "speed_to_lead_median_minutes" => {
            lang.fill(TextKey::CliReportMinutes, &[("n", &format!("{x:.0}"))])
        }
        KpiValue::Number(Some(x)) if id == "attempts_per_lead" => format!("{x:.1}"),
        KpiValue::Number(Some(x)) => format!("{:.1}%", x * 100.0),
        KpiValue::Hours(h) => {
            let shown: Vec<String> = h
                .iter()
                .enumerate()
                .filter_map(|(i, x)| {
                    x.map(|x| {
                        let hour =
                            lang.fill(TextKey::CliReportHourOfDay, &[("hour", &format!("{i:02}"))]);
                        format!("{hour} {:.0}%", x * 100.0)
                    })
                })
                .collect();
            if shown.is_empty() {
                "–".to_owned()
            } else {
                shown.join(" ")
            }
        }
        KpiValue::Grades(g) => format!("A {} · B {} · C {} · D {}", g[0], g[1], g[2], g[3]),
    }
}

fn target_text(id: &str, t: Option<f64>, lang: Lang) -> String {
    match t {
        None => String::new(),
        Some(t) if crate::domain::kpi::is_scaled(id) => format!("{t:.0}"),
        Some(t) => value_text(id, &KpiValue::Number(Some(t)), lang),
    }
}

fn write_text(r: &KpiReport, lang: Lang, out: &mut impl Write) -> std::io::Result<()> {
    let heading = if r.working_days == 1 {
        TextKey::CliReportHeadingOneDay
    } else {
        TextKey::CliReportHeading
    };
    writeln!(
        out,
        "{}",
        lang.fill(
            heading,
            &[
                ("period", &r.period.kind.id()),
                ("from", &r.period.from),
                ("to", &r.period.to),
                ("role", &r.role.id()),
                ("days", &r.working_days),
            ],
        )
    )?;
    let mut ids: Vec<&str> = r.headline.clone();
    ids.extend(
        r.kpis
            .iter()
            .map(|(k, _)| *k)
            .filter(|k| !r.headline.contains(k)),
    );
    let rows: Vec<Vec<String>> = ids
        .iter()
        .filter_map(|id| r.value(id).map(|v| (*id, v)))
        .map(|(id, v)| {
            let target = r.targets.get(id).copied();
            let mark = if misses_target(id, v.scalar(), target) {
                lang.text(TextKey::CliReportUnderTarget)
            } else {
                ""
            };
            let head = if r.headline.contains(&id) { "*" } else { "" };
            vec![
                format!("{head}{id}"),
                value_text(id, v, lang),
                target_text(id, target, lang),
                mark.to_owned(),
            ]
        })
        .collect();
    let kpi_header = [
        lang.text(TextKey::CliReportColumnKpi),
        lang.text(TextKey::CliReportColumnValue),
        lang.text(TextKey::CliReportColumnTarget),
        "",
    ];
    write_table(out, &kpi_header, &rows, 200)?;
    writeln!(out)?;
    let rows: Vec<Vec<String>> = r
        .stages
        .iter()
        .map(|s| {
            vec![
                s.stage.id().to_owned(),
                s.count.to_string(),
                s.over_sla.to_string(),
                s.median_age_days
                    .map_or("–".to_owned(), |d| format!("{d:.1}")),
            ]
        })
        .collect();
    write_table(
        out,
        &[
            lang.text(TextKey::CliReportColumnStage),
            lang.text(TextKey::CliReportColumnCount),
            lang.text(TextKey::CliReportColumnOverSla),
            lang.text(TextKey::CliReportColumnMedianAge),
        ],
        &rows,
        40,
    )
}
