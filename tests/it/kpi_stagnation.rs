//! Stagnation (SPEC §9): stuck counts, median age, aging and the over-SLA list.

use chrono::{Duration, NaiveDate};
use leadbench::config::Config;
use leadbench::domain::Stage;
use leadbench::ops::kpi::{over_sla_page, stage_summaries, stuck_counts};
use leadbench::store::Store;

use crate::support::{lead, now};

fn store_with_ages() -> Store {
    let mut s = Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
    // New leads entered 0.5, 2, 5 days ago (sla.new = 1 day): two stuck.
    for (n, hours) in [(1, 12), (2, 48), (3, 120)] {
        let mut l = lead(n, Stage::New);
        l.stage_entered_at = now() - Duration::hours(hours);
        l.handover_at = l.stage_entered_at;
        s.insert_lead(&l, &[], "t")
            .unwrap_or_else(|e| panic!("{e}"));
    }
    // Lost leads to re-engage 10 days ago and 3 days ago (sla.lost = 7 days past): one stuck.
    let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default();
    for (n, days) in [(4, 10), (5, 3)] {
        let mut l = lead(n, Stage::Lost);
        l.reengage_on = Some(today - Duration::days(days));
        s.insert_lead(&l, &[], "t")
            .unwrap_or_else(|e| panic!("{e}"));
    }
    s
}

#[test]
fn stuck_counts_follow_the_sla_of_each_stage() {
    let s = store_with_ages();
    let cfg = Config::default();
    let stuck = stuck_counts(&s, &cfg, now()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(stuck[Stage::New.index()], 2);
    assert_eq!(stuck[Stage::Lost.index()], 1);
    assert_eq!(stuck[Stage::Engaged.index()], 0);
}

#[test]
fn median_age_and_aging_buckets_of_a_stage() {
    let s = store_with_ages();
    let cfg = Config::default();
    let sums = stage_summaries(&s, &cfg, now()).unwrap_or_else(|e| panic!("{e}"));
    let new = &sums[Stage::New.index()];
    assert_eq!((new.count, new.over_sla), (3, 2));
    assert_eq!(new.median_age_days, Some(2.0));
    assert_eq!(new.aging, [1, 1, 1, 0, 0, 0]);
}

#[test]
fn the_over_sla_list_pages_oldest_first_by_keyset() {
    let mut s = store_with_ages();
    for n in 10..25 {
        let mut l = lead(n, Stage::Engaged);
        l.stage_entered_at = now() - Duration::days(31 + n);
        s.insert_lead(&l, &[], "t")
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let cfg = Config::default();
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = over_sla_page(&s, &cfg, Stage::Engaged, now(), after, 4)
            .unwrap_or_else(|e| panic!("{e}"));
        let Some((cursor, _)) = page.last() else {
            break;
        };
        after = Some(*cursor);
        seen.extend(page.iter().map(|(_, l)| l.stage_entered_at));
    }
    assert_eq!(seen.len(), 15);
    assert!(seen.windows(2).all(|w| w[0] <= w[1]));
    let lost =
        over_sla_page(&s, &cfg, Stage::Lost, now(), None, 10).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(lost.len(), 1);
}
