//! The Dashboard with KPI figures, in English and Japanese at 100×30 and 80×24.

use leadbench::app::View;
use leadbench::app::dashboard::{DashboardView, Gauge, StageLine};
use leadbench::domain::{Lang, Stage};

use crate::ui_fixture::{draw, state};

fn gauge(id: &str, value: f64, target: f64, missed: bool) -> Gauge {
    Gauge {
        id: id.into(),
        value: Some(value),
        target: Some(target),
        missed,
        rate: id.contains("rate"),
    }
}

fn figures() -> DashboardView {
    DashboardView {
        today: vec![
            gauge("dials", 14.0, 60.0, true),
            gauge("conversations", 5.0, 12.0, true),
            gauge("meetings", 2.0, 2.0, false),
            gauge("handoffs", 1.0, 1.0, false),
            gauge("speed_to_lead_median_minutes", 42.0, 60.0, false),
        ],
        week: vec![
            gauge("dials", 250.0, 240.0, false),
            gauge("connect_rate", 0.18, 0.2, true),
        ],
        sparklines: vec![
            (
                "dials".into(),
                vec![0, 40, 55, 60, 52, 0, 0, 48, 61, 70, 58, 63, 0, 14],
            ),
            (
                "conversations".into(),
                vec![0, 8, 11, 12, 9, 0, 0, 10, 14, 13, 12, 12, 0, 5],
            ),
            (
                "meetings".into(),
                vec![0, 1, 2, 2, 1, 0, 0, 2, 3, 1, 2, 2, 0, 2],
            ),
        ],
        stages: Stage::ALL
            .iter()
            .enumerate()
            .map(|(i, &stage)| StageLine {
                stage,
                count: 100 * (i as u64 + 1),
                over_sla: 7 * i as u64,
                median_age_days: Some(1.5 * (i as f64 + 1.0)),
                aging: [5, 10, 20, 30, 20, 15],
            })
            .collect(),
        pile_up: vec![
            (Stage::New, 37, Some(2.4)),
            (Stage::Unreached, 140, Some(9.8)),
            (Stage::Engaged, 90, None),
        ],
        capacity: (7, 10),
    }
}

#[test]
fn the_dashboard_looks_right_at_both_sizes_in_both_languages() {
    for lang in [Lang::En, Lang::Ja] {
        for (w, h) in [(100, 30), (80, 24)] {
            let mut s = state(lang, View::Dashboard);
            s.dashboard = Some(figures());
            let terminal = draw(&mut s, w, h);
            let name = format!(
                "dashboard_kpi_{}_{w}x{h}",
                if lang == Lang::En { "en" } else { "ja" }
            );
            insta::assert_snapshot!(name, terminal.backend());
        }
    }
}

#[test]
fn a_missed_target_is_marked_so_it_shows_without_colour() {
    let mut s = state(Lang::En, View::Dashboard);
    s.dashboard = Some(figures());
    let terminal = draw(&mut s, 100, 30);
    let text = format!("{}", terminal.backend());
    assert!(text.contains("!dials 14/60"), "{text}");
    assert!(
        text.contains("meetings 2/2") && !text.contains("!meetings"),
        "{text}"
    );
}
