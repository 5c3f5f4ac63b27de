//! Schema V9's coarser KPI aggregates (hourly rollups, speed-to-lead histograms, hourly stage
//! entries) equal a recount after random operations, the figures read from them equal the
//! figures read from the rows, and their queries seek their keys.

use chrono::Duration;
use leadbench::domain::{ActivityKind, Lead, NewActivity, Stage, Ts};
use leadbench::store::{Change, Store, StoreError};
use serde_json::json;

use crate::support::{lead, now};

struct Rng(u64);

impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }

    /// A time in the last 20 days, to the minute, so hours and days get cut anywhere.
    fn time(&mut self) -> Ts {
        now() - Duration::minutes(self.next(20 * 24 * 60) as i64)
    }
}

fn activity(rng: &mut Rng, stage: Stage) -> NewActivity {
    let at = rng.time();
    match rng.next(7) {
        0 => NewActivity::new(ActivityKind::Call, at).with_outcome("no_answer"),
        1 => NewActivity::new(ActivityKind::Call, at).with_outcome("connected"),
        2 => NewActivity::new(ActivityKind::Mail, at),
        3 => NewActivity::new(ActivityKind::Inbound, at),
        4 => NewActivity::new(ActivityKind::Feedback, at).with_outcome("accepted"),
        5 => NewActivity::new(ActivityKind::Meeting, at).with_outcome("booked"),
        _ => NewActivity::new(ActivityKind::Stage, at)
            .with_data(json!({"from": "lost", "to": stage.id()})),
    }
}

fn fresh(rng: &mut Rng, step: i64) -> Lead {
    let mut l = lead(step, Stage::ALL[rng.next(5) as usize]);
    l.handover_at = rng.time();
    l.stage_entered_at = l.handover_at + Duration::minutes(rng.next(600) as i64);
    if rng.next(3) == 0 {
        l.timezone = Some("Asia/Kolkata".into());
    }
    l
}

fn check(store: &Store, step: i64) {
    let mismatches = store
        .kpi_aggregate_mismatches()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(mismatches.is_empty(), "after step {step}: {mismatches:?}");
}

fn random_operations(store: &mut Store, rng: &mut Rng, steps: i64) -> Vec<i64> {
    let mut ids = Vec::new();
    for step in 0..steps {
        match rng.next(11) {
            0 | 1 => {
                let l = fresh(rng, step);
                let acts: Vec<_> = (0..rng.next(3)).map(|_| activity(rng, l.stage)).collect();
                ids.push(
                    store
                        .insert_lead(&l, &acts, "add")
                        .unwrap_or_else(|e| panic!("{e}")),
                );
            }
            2..=4 if !ids.is_empty() => {
                let id = ids[rng.next(ids.len() as u64) as usize];
                let stage = Stage::ALL[rng.next(5) as usize];
                let transfer = rng.next(12) == 0;
                let entered = rng.time();
                let acts: Vec<_> = (0..1 + rng.next(3)).map(|_| activity(rng, stage)).collect();
                let _ = store.mutate::<StoreError>(id, None, "work", |l| {
                    let mut l = l.clone();
                    if l.stage != stage {
                        l.stage = stage;
                        l.stage_entered_at = entered;
                    }
                    if transfer {
                        l.transferred_to = Some("同僚".into());
                    }
                    Ok(Change {
                        lead: l,
                        activities: acts,
                    })
                });
            }
            5 => {
                let _ = store.undo();
            }
            6 => {
                let _ = store.redo();
            }
            7 => {
                let pending = store
                    .pending_touches(
                        now() - Duration::days(40),
                        now() + Duration::days(1),
                        None,
                        usize::MAX,
                    )
                    .unwrap_or_else(|e| panic!("{e}"));
                let minutes: Vec<_> = pending
                    .iter()
                    .map(|p| (p.lead_id, rng.next(40) as i64))
                    .collect();
                store
                    .save_touch_minutes(&minutes)
                    .unwrap_or_else(|e| panic!("{e}"));
            }
            8 if ids.len() > 1 => {
                let (a, b) = (ids[0], ids[ids.len() - 1]);
                let (Ok(Some(keep)), Ok(Some(other))) = (store.lead(a), store.lead(b)) else {
                    continue;
                };
                if store
                    .merge_leads(
                        (a, keep.version),
                        (b, other.version),
                        &keep,
                        &NewActivity::new(ActivityKind::Merge, now()),
                        "merge",
                    )
                    .is_ok()
                {
                    ids.pop();
                }
            }
            9 => {
                let batch: Vec<_> = (0..3)
                    .map(|i| {
                        let l = fresh(rng, step * 10 + i);
                        let acts = vec![activity(rng, l.stage)];
                        (l, acts)
                    })
                    .collect();
                store
                    .insert_leads_bulk(batch)
                    .unwrap_or_else(|e| panic!("{e}"));
            }
            _ if rng.next(4) == 0 => {
                // A changed calling window clears every stored minute.
                store
                    .check_touch_window(&format!("window {step}"))
                    .unwrap_or_else(|e| panic!("{e}"));
            }
            _ => {}
        }
        check(store, step);
    }
    ids
}

#[test]
fn kpi_aggregates_equal_a_recount_after_random_operations() {
    let mut store = Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    random_operations(&mut store, &mut rng, 400);
}

#[test]
fn figures_from_the_levels_equal_figures_from_the_rows() {
    let mut store = Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    random_operations(&mut store, &mut rng, 300);
    let leads: Vec<Lead> = (1..=5_000)
        .filter_map(|id| store.lead(id).ok().flatten())
        .filter(|l| l.transferred_to.is_none())
        .collect();
    for _ in 0..40 {
        // Bounds on 15-minute slots, as local midnights are, in any zone.
        let t = rng.time();
        let a = t - Duration::seconds(t.timestamp() % 900);
        let b = a + Duration::minutes(15 * (1 + rng.next(4 * 24 * 8)) as i64);
        let mut spelled = store.touch_minutes(a, b).unwrap_or_else(|e| panic!("{e}"));
        spelled.sort_unstable();
        let counted: Vec<i64> = store
            .touch_minute_counts(a, b)
            .unwrap_or_else(|e| panic!("{e}"))
            .iter()
            .flat_map(|(m, n)| std::iter::repeat_n(*m, *n as usize))
            .collect();
        assert_eq!(counted, spelled, "{a} .. {b}");

        let mut days = vec![a];
        while let Some(last) = days.last().copied().filter(|d| *d < b) {
            days.push((last + Duration::minutes(15 * (1 + rng.next(200)) as i64)).min(b));
        }
        let per_day = store
            .daily_activity_counts(&days)
            .unwrap_or_else(|e| panic!("{e}"));
        let whole = store
            .activity_counts(a, b)
            .unwrap_or_else(|e| panic!("{e}"));
        let mut sum = leadbench::store::ActivityCounts::default();
        for c in &per_day {
            sum.dials += c.dials;
            sum.mails += c.mails;
            sum.conversations += c.conversations;
            sum.accepted += c.accepted;
            sum.reengaged += c.reengaged;
            sum.lost_conversations += c.lost_conversations;
        }
        assert_eq!(
            (sum.dials, sum.mails, sum.conversations, sum.accepted),
            (
                whole.dials,
                whole.mails,
                whole.conversations,
                whole.accepted
            )
        );
        assert_eq!(
            (sum.reengaged, sum.lost_conversations),
            (whole.reengaged, whole.lost_conversations)
        );
        let (mut dials, mut mails) = (0, 0);
        // Every lead's journal, bulk-inserted and merged leads' included.
        for id in 1..=5_000 {
            for act in store.activities(id).unwrap_or_default() {
                if act.undone || act.by_other || act.at < a || act.at >= b {
                    continue;
                }
                match act.kind {
                    ActivityKind::Call => dials += 1,
                    ActivityKind::Mail => mails += 1,
                    _ => {}
                }
            }
        }
        assert_eq!((whole.dials, whole.mails), (dials, mails), "{a} .. {b}");
    }
    for stage in Stage::ALL {
        let cutoffs: Vec<Ts> = (0..5).map(|_| rng.time()).collect();
        let ages = store
            .stage_ages(stage, &cutoffs)
            .unwrap_or_else(|e| panic!("{e}"));
        let mut entered: Vec<i64> = leads
            .iter()
            .filter(|l| l.stage == stage)
            .map(|l| l.stage_entered_at.timestamp())
            .collect();
        entered.sort_unstable();
        assert_eq!(ages.count, entered.len() as u64);
        let before: Vec<u64> = cutoffs
            .iter()
            .map(|c| entered.iter().filter(|t| **t < c.timestamp()).count() as u64)
            .collect();
        assert_eq!(ages.entered_before, before, "{stage:?}");
        let median = (!entered.is_empty()).then(|| {
            let (lo, hi) = (entered[(entered.len() - 1) / 2], entered[entered.len() / 2]);
            lo + (hi - lo) / 2
        });
        assert_eq!(
            ages.median_entered.map(|t| t.timestamp()),
            median,
            "{stage:?}"
        );
    }
}

#[test]
fn the_level_queries_seek_their_keys() {
    let mut store = Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
    let mut rng = Rng(7);
    random_operations(&mut store, &mut rng, 60);
    for (what, plan) in store
        .explain_kpi_level_plans()
        .unwrap_or_else(|e| panic!("{e}"))
    {
        assert!(plan.contains("SEARCH"), "{what}: {plan}");
        assert!(
            plan.contains("PRIMARY KEY") || plan.contains("INDEX"),
            "{what}: {plan}"
        );
        assert!(!plan.contains("SCAN"), "{what}: {plan}");
    }
}

#[test]
fn a_bulk_import_and_its_revert_keep_the_aggregates_equal_to_a_recount() {
    use crate::cli::Sandbox;
    use crate::import_support::{file, import};
    let sb = Sandbox::new();
    let statuses = ["new", "ATTEMPTED_TO_CONTACT", "CONNECTED", "UNQUALIFIED"];
    let mut text = String::from("email,name,company,status,created\n");
    for i in 0..3_000 {
        text.push_str(&format!(
            "bulk{i}@example.com,Bulk {i},会社{},{},2026-0{}-1{} {:02}:{:02}\n",
            i % 97,
            statuses[i % 4],
            i % 9 + 1,
            i % 10,
            i % 24,
            i % 60
        ));
    }
    let p = file(&sb, "bulk.csv", text.as_bytes());
    let (code, report) = import(&sb, &p, &[]);
    assert_eq!(code, 0, "{report}");
    check(&Store::open(&sb.db()).unwrap_or_else(|e| panic!("{e}")), 0);
    let batch = report["batch"]
        .as_i64()
        .unwrap_or_else(|| panic!("{report}"));
    let (code, _, err) = sb.run(&["import", "--revert", &batch.to_string()]);
    assert_eq!(code, 0, "{err}");
    check(&Store::open(&sb.db()).unwrap_or_else(|e| panic!("{e}")), 1);
}

/// Pending first touches read a page at a time, each page after the last one's (hand-over,
/// lead), are exactly the pending touches read at once, in hand-over order — also when several
/// leads share a hand-over time.
#[test]
fn pending_touches_page_through_in_handover_order() {
    let mut store = Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
    let mut rng = Rng(0x51_7cc1_b727_220a);
    let shared = now() - Duration::days(3);
    let batch: Vec<_> = (0..40)
        .map(|i| {
            let mut l = fresh(&mut rng, i);
            if i % 4 == 0 {
                l.handover_at = shared;
            }
            let call = NewActivity::new(ActivityKind::Call, l.handover_at + Duration::minutes(5))
                .with_outcome("no_answer");
            (l, vec![call])
        })
        .collect();
    store
        .insert_leads_bulk(batch)
        .unwrap_or_else(|e| panic!("{e}"));
    let (start, end) = (now() - Duration::days(40), now() + Duration::days(1));
    let all = store
        .pending_touches(start, end, None, usize::MAX)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(all.len(), 40);
    assert!(
        all.windows(2)
            .all(|w| (w[0].handover_at, w[0].lead_id) < (w[1].handover_at, w[1].lead_id)),
        "not in hand-over order"
    );
    let mut paged = Vec::new();
    let mut after = None;
    loop {
        let page = store
            .pending_touches(start, end, after, 3)
            .unwrap_or_else(|e| panic!("{e}"));
        let Some(last) = page.last() else { break };
        after = Some((last.handover_at, last.lead_id));
        assert!(page.len() <= 3);
        paged.extend(page);
    }
    assert_eq!(paged, all);
}
