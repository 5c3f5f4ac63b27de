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
        let mut seen = Vec::new();
        let mut cursor = None;
        loop {
            let page = store
                .queue_page(queue, clock(), cursor, false, Direction::Forward, 7)
                .unwrap_or_else(|e| panic!("{e}"));
            if page.is_empty() {
                break;
            }
            cursor = page.last().map(|r| r.cursor());
            seen.extend(page.into_iter().map(|r| (r.bucket, r.prio, r.id)));
        }
        assert_eq!(seen, all, "{queue:?} forward");
        let mut back = Vec::new();
        let mut cursor = None;
        loop {
            let page = store
                .queue_page(queue, clock(), cursor, false, Direction::Backward, 5)
                .unwrap_or_else(|e| panic!("{e}"));
            if page.is_empty() {
                break;
            }
            cursor = page.first().map(|r| r.cursor());
            let mut ids: Vec<_> = page.into_iter().map(|r| (r.bucket, r.prio, r.id)).collect();
            ids.extend(back);
            back = ids;
        }
        assert_eq!(back, all, "{queue:?} backward");
    }
}

#[test]
fn every_queue_page_query_uses_its_index() {
    let store = filled_store();
    let plans = store
        .explain_queue_plans(clock())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(plans.len() > 100, "{} plans", plans.len());
    for (what, plan) in plans {
        // (The only scan allowed is of the handful of callable zones, a JSON array.)
        assert!(!plan.contains("SCAN leads"), "{what}: {plan}");
        if what.contains(" Rest ") {
            // Served in key order: no sort, whatever the queue size.
            assert!(
                plan.contains("USING INDEX leads_queue") && !plan.contains("TEMP B-TREE"),
                "{what}: {plan}"
            );
        } else if what.contains(" Reengage ") {
            assert!(
                plan.contains("USING COVERING INDEX leads_reengage_queue"),
                "{what}: {plan}"
            );
            assert!(plan.contains("USING INTEGER PRIMARY KEY"), "{what}: {plan}");
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
