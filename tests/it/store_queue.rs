//! Store: queue order, keyset paging and the indexes behind them.

use chrono::Duration;
use leadbench::domain::queue::{Bucket, Clock, Direction, Queue};
use leadbench::domain::{ActionKind, NextAction, Stage};
use leadbench::store::Store;

use crate::support::{lead, now};

fn clock() -> Clock {
    Clock {
        now: now(),
        end_of_today: now() + Duration::hours(14),
        today: now().date_naive(),
    }
}

fn filled_store() -> Store {
    let mut store = Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
    let mut leads = Vec::new();
    for i in 0..120 {
        let stage = Stage::ALL[(i % 5) as usize];
        let mut l = lead(i, stage);
        l.next_action = match i % 7 {
            0 => Some(NextAction {
                kind: ActionKind::Call,
                due_at: now() - Duration::hours(i),
                note: String::new(),
            }),
            1 => Some(NextAction {
                kind: ActionKind::Call,
                due_at: now() + Duration::hours(2),
                note: String::new(),
            }),
            2 => Some(NextAction {
                kind: ActionKind::Call,
                due_at: now() + Duration::days(3),
                note: String::new(),
            }),
            _ => None,
        };
        leads.push((l, vec![]));
    }
    store
        .insert_leads_bulk(leads)
        .unwrap_or_else(|e| panic!("{e}"));
    store
}

fn whole_queue(store: &Store, queue: Queue) -> Vec<(Bucket, f64, i64)> {
    store
        .queue_page(queue, clock(), None, false, Direction::Forward, 10_000)
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|r| (r.bucket, r.prio, r.id))
        .collect()
}

/// The whole queue read page by page from the top (forward) or the bottom (backward), in
/// queue order either way.
fn page_through(
    store: &Store,
    queue: Queue,
    dir: Direction,
    size: usize,
) -> Vec<(Bucket, f64, i64)> {
    let mut rows: Vec<(Bucket, f64, i64)> = Vec::new();
    let mut cursor = None;
    loop {
        let page = store
            .queue_page(queue, clock(), cursor, false, dir, size)
            .unwrap_or_else(|e| panic!("{e}"));
        if page.is_empty() {
            return rows;
        }
        let keys = page.iter().map(|r| (r.bucket, r.prio, r.id));
        if dir == Direction::Forward {
            cursor = page.last().map(|r| r.cursor());
            rows.extend(keys);
        } else {
            cursor = page.first().map(|r| r.cursor());
            rows.splice(0..0, keys);
        }
    }
}

#[test]
fn stage_queues_put_overdue_then_due_today_then_the_rest_by_key() {
    let store = filled_store();
    let rows = whole_queue(&store, Queue::Stage(Stage::Engaged));
    assert_eq!(
        rows.len() as u64,
        store.stage_counts().unwrap_or_default()[2]
    );
    for w in rows.windows(2) {
        let (a, b) = (w[0], w[1]);
        assert!(
            a.0 < b.0 || (a.0 == b.0 && (a.1 > b.1 || (a.1 == b.1 && a.2 > b.2))),
            "{a:?} before {b:?}"
        );
    }
    assert!(rows.iter().any(|r| r.0 == Bucket::Overdue));
    assert!(rows.iter().any(|r| r.0 == Bucket::DueToday));
}

#[test]
fn today_holds_due_open_leads_and_untouched_new_ones() {
    let store = filled_store();
    let rows = store
        .queue_page(
            Queue::Today,
            clock(),
            None,
            false,
            Direction::Forward,
            10_000,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(rows.iter().all(|r| r.stage.is_open()));
    assert!(
        rows.iter()
            .filter(|r| r.bucket == Bucket::Rest)
            .all(|r| r.stage == Stage::New)
    );
    assert_eq!(
        rows.len() as u64,
        store.queue_len(Queue::Today, clock()).unwrap_or_default()
    );
}

#[test]
fn paging_forward_and_backward_visits_every_row_once_in_order() {
    let store = filled_store();
    for queue in [
        Queue::Today,
        Queue::Stage(Stage::Lost),
        Queue::Stage(Stage::New),
    ] {
        let all = whole_queue(&store, queue);
        assert_eq!(
            page_through(&store, queue, Direction::Forward, 7),
            all,
            "{queue:?} forward"
        );
        assert_eq!(
            page_through(&store, queue, Direction::Backward, 5),
            all,
            "{queue:?} backward"
        );
    }
}

/// Enough overdue leads that the first pages of the due buckets walk the key order, and the
/// last ones (after a keyset, fewer remain) sort the due range: the order is the same.
#[test]
fn dense_due_buckets_page_in_queue_order_whichever_plan_reads_them() {
    let mut store = Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
    let mut leads = Vec::new();
    let mut expected: std::collections::HashMap<Stage, Vec<i64>> = Default::default();
    for i in 1..=3000 {
        let stage = [Stage::New, Stage::Unreached, Stage::Engaged][(i % 3) as usize];
        let mut l = lead(i, stage);
        l.id = i;
        l.next_action = (i % 5 != 0).then(|| NextAction {
            kind: ActionKind::Call,
            // Four in five due: most overdue, some later today, some next week.
            due_at: match i % 5 {
                1 | 2 => now() - Duration::hours(i % 48 + 1),
                3 => now() + Duration::hours(1),
                _ => now() + Duration::days(7),
            },
            note: String::new(),
        });
        expected.entry(stage).or_default().push(i);
        leads.push((l, vec![]));
    }
    // Lost leads, four in five due for re-engagement (so the Lost view's first bucket walks
    // too), the rest later.
    for i in 3001..=4000 {
        let mut l = lead(i, Stage::Lost);
        l.id = i;
        l.next_action = None;
        l.reengage_on =
            Some(now().date_naive() + Duration::days(if i % 5 == 0 { 30 } else { -(i % 60) }));
        expected.entry(Stage::Lost).or_default().push(i);
        leads.push((l, vec![]));
    }
    store
        .insert_leads_bulk(leads)
        .unwrap_or_else(|e| panic!("{e}"));
    // Buckets in the queue's own order (the Lost view starts with the re-engagement bucket).
    let key = |queue: Queue, r: &(Bucket, f64, i64)| {
        let b = queue.buckets().iter().position(|b| *b == r.0);
        (b, -r.1, -r.2)
    };
    for queue in [
        Queue::Today,
        Queue::Stage(Stage::Engaged),
        Queue::Stage(Stage::Unreached),
        Queue::Stage(Stage::Lost),
    ] {
        let forward = page_through(&store, queue, Direction::Forward, 48);
        for w in forward.windows(2) {
            assert!(
                key(queue, &w[0]).partial_cmp(&key(queue, &w[1])) == Some(std::cmp::Ordering::Less),
                "{queue:?}: {:?} before {:?}",
                w[0],
                w[1]
            );
        }
        let first = if queue == Queue::Stage(Stage::Lost) {
            Bucket::Reengage
        } else {
            Bucket::Overdue
        };
        let dense = forward.iter().filter(|r| r.0 == first).count();
        assert!(dense > 300, "{queue:?}: {dense} {first:?}, too few to walk");
        let mut ids: Vec<i64> = forward.iter().map(|r| r.2).collect();
        ids.sort_unstable();
        let mut want: Vec<i64> = match queue {
            Queue::Stage(s) => expected[&s].clone(),
            // Open leads due by tonight, new leads with nothing due today, and lost leads due
            // for re-engagement.
            Queue::Today => (1..=4000)
                .filter(|i| {
                    if *i > 3000 {
                        i % 5 != 0
                    } else {
                        matches!(i % 5, 1..=3) || i % 3 == 0
                    }
                })
                .collect(),
        };
        want.sort_unstable();
        assert_eq!(ids, want, "{queue:?}: the queue's leads, each once");
        let backward = page_through(&store, queue, Direction::Backward, 48);
        assert_eq!(backward, forward, "{queue:?} backward");
    }
}

#[test]
fn every_queue_page_query_uses_its_index() {
    let store = filled_store();
    let plans = store
        .explain_queue_plans(clock())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(plans.len() > 100, "{} plans", plans.len());
    if std::env::var_os("LEADBENCH_PRINT_PLANS").is_some() {
        for (what, plan) in &plans {
            println!("{what}: {plan}");
        }
    }
    for (what, plan) in plans {
        // (The only scans allowed are of the handful of callable zones, a JSON array, Today's
        // walk in key order over the open stages' own index, and the re-engage lane's.)
        let walk = "SCAN leads USING COVERING INDEX leads_open_queue";
        let lane = "SCAN leads USING COVERING INDEX leads_reengage_lane";
        assert!(
            !plan
                .replace(walk, "")
                .replace(lane, "")
                .contains("SCAN leads"),
            "{what}: {plan}"
        );
        if what.contains(" Rest ") {
            // Served in key order: no sort, whatever the queue size.
            assert!(
                plan.contains("USING COVERING INDEX leads_queue")
                    || plan.contains("USING INDEX leads_queue"),
                "{what}: {plan}"
            );
            assert!(!plan.contains("TEMP B-TREE"), "{what}: {plan}");
        } else if what.contains(" Reengage ") && what.ends_with("plan=Lane") {
            // The re-engage lane: only due leads, in key order, on the index alone; the only
            // sort is of the page's own rows, outside the subquery.
            assert!(
                plan.contains("USING COVERING INDEX leads_reengage_lane"),
                "{what}: {plan}"
            );
            assert!(plan.contains("USING INTEGER PRIMARY KEY"), "{what}: {plan}");
            assert_eq!(plan.matches("TEMP B-TREE").count(), 1, "{what}: {plan}");
        } else if what.contains(" Reengage ") && what.ends_with("plan=Walk") {
            // Many lost leads due: the Lost stage's key order, on the index alone.
            assert!(
                plan.contains("USING COVERING INDEX leads_queue (stage="),
                "{what}: {plan}"
            );
            assert!(plan.contains("USING INTEGER PRIMARY KEY"), "{what}: {plan}");
            assert_eq!(plan.matches("TEMP B-TREE").count(), 1, "{what}: {plan}");
        } else if what.contains(" Reengage ") {
            assert!(
                plan.contains("USING COVERING INDEX leads_reengage_queue"),
                "{what}: {plan}"
            );
            if !what.ends_with(" probe") {
                assert!(plan.contains("USING INTEGER PRIMARY KEY"), "{what}: {plan}");
            }
        } else if what.ends_with(" probe") {
            // The bounded count that picks the plan reads the due index alone.
            assert!(
                plan.contains("USING COVERING INDEX leads_due (stage="),
                "{what}: {plan}"
            );
        } else if what.ends_with("plan=Walk") {
            // The key order walked on the index alone (it carries the due time and zone):
            // the only sort is of the page's own rows, outside the subquery.
            let index = if what.starts_with("Today") {
                "USING COVERING INDEX leads_open_queue"
            } else {
                "USING COVERING INDEX leads_queue (stage="
            };
            assert!(plan.contains(index), "{what}: {plan}");
            assert!(plan.contains("USING INTEGER PRIMARY KEY"), "{what}: {plan}");
            assert_eq!(plan.matches("TEMP B-TREE").count(), 1, "{what}: {plan}");
        } else {
            // A range of the due index read from the index alone; only the page's rows are read.
            assert!(
                plan.contains("USING COVERING INDEX leads_due (stage="),
                "{what}: {plan}"
            );
            assert!(plan.contains("USING INTEGER PRIMARY KEY"), "{what}: {plan}");
        }
    }
}

/// Today's callable-now order across Tokyo, London and New York leads (SPEC §4, §6).
mod callable {
    use chrono::{TimeZone, Utc};
    use leadbench::domain::policy::Policy;
    use leadbench::domain::queue::{Direction, Queue};
    use leadbench::domain::{Lead, Stage, Ts};
    use leadbench::store::Store;

    use crate::support::lead;

    fn at(y: i32, m: u32, d: u32, h: u32) -> Ts {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0)
            .single()
            .unwrap_or_default()
    }

    fn new_lead(i: i64, zone: &str, handover: Ts) -> Lead {
        let mut l = lead(i, Stage::New);
        l.timezone = Some(zone.into());
        l.handover_at = handover;
        l.stage_entered_at = handover;
        l.next_action = None;
        l
    }

    /// Ids of Today's rest bucket in order, with the callable zones at `now`.
    fn order(store: &Store, now: Ts) -> Vec<(String, bool)> {
        let policy = Policy::default();
        let zones = store.lead_zones().unwrap_or_default();
        let callable = policy.callable_zones(&zones, now);
        store
            .queue_page_segmented(
                Queue::Today,
                policy.clock(now),
                Some(&callable),
                false,
                None,
                false,
                Direction::Forward,
                50,
            )
            .unwrap_or_default()
            .into_iter()
            .map(|r| (r.timezone.unwrap_or_default(), r.callable))
            .collect()
    }

    fn store() -> Store {
        let mut store = Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
        let old = at(2026, 11, 1, 0);
        // The most valuable lead is in New York, then London, then Tokyo.
        let leads = vec![
            (new_lead(1, "Asia/Tokyo", old), vec![]),
            (
                new_lead(2, "Europe/London", old + chrono::Duration::days(1)),
                vec![],
            ),
            (
                new_lead(3, "America/New_York", old + chrono::Duration::days(2)),
                vec![],
            ),
        ];
        store
            .insert_leads_bulk(leads)
            .unwrap_or_else(|e| panic!("{e}"));
        store
    }

    #[test]
    fn tokyo_morning_puts_tokyo_leads_first_whatever_their_value() {
        // Friday 2026-11-27 10:00 in Tokyo = 01:00 in London, 20:00 Thursday in New York.
        let rows = order(&store(), at(2026, 11, 27, 1));
        assert_eq!(rows[0], ("Asia/Tokyo".into(), true));
        assert!(rows[1..].iter().all(|(_, c)| !c), "{rows:?}");
        // Among the rest, value decides: New York before London.
        assert_eq!(rows[1].0, "America/New_York");
    }

    #[test]
    fn london_afternoon_puts_london_and_new_york_first() {
        // Friday 15:00 in London = 10:00 in New York, midnight in Tokyo.
        let rows = order(&store(), at(2026, 11, 27, 15));
        let callable: Vec<&str> = rows.iter().filter(|r| r.1).map(|r| r.0.as_str()).collect();
        assert_eq!(callable, vec!["America/New_York", "Europe/London"]);
        assert_eq!(rows[2], ("Asia/Tokyo".into(), false));
    }

    #[test]
    fn nobody_is_callable_on_a_weekend_and_value_alone_orders() {
        // Saturday 2026-11-28 11:00 in Tokyo.
        let rows = order(&store(), at(2026, 11, 28, 2));
        assert!(rows.iter().all(|r| !r.1), "{rows:?}");
        let zones: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(
            zones,
            vec!["America/New_York", "Europe/London", "Asia/Tokyo"]
        );
    }

    #[test]
    fn a_japanese_holiday_closes_tokyo_but_not_london() {
        // Monday 2026-11-23 (勤労感謝の日) 17:00 in Tokyo = 08:00 in London (closed), then 10:00.
        let rows = order(&store(), at(2026, 11, 23, 1));
        assert!(
            rows.iter().all(|r| !r.1),
            "Tokyo is on holiday, London not yet open: {rows:?}"
        );
        let rows = order(&store(), at(2026, 11, 23, 10));
        let callable: Vec<&str> = rows.iter().filter(|r| r.1).map(|r| r.0.as_str()).collect();
        assert_eq!(callable, vec!["Europe/London"]);
    }

    #[test]
    fn the_call_block_keeps_only_the_callable_leads() {
        let store = store();
        let now = at(2026, 11, 27, 1);
        let policy = Policy::default();
        let callable = policy.callable_zones(&store.lead_zones().unwrap_or_default(), now);
        let rows = store
            .queue_page_segmented(
                Queue::Today,
                policy.clock(now),
                Some(&callable),
                true,
                None,
                false,
                Direction::Forward,
                50,
            )
            .unwrap_or_default();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].timezone.as_deref(), Some("Asia/Tokyo"));
    }
}
