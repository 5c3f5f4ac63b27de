//! Store: the re-engage lane and the membership rows' copied columns (schema 10). Pages read
//! through them must equal the pages read by the older plans, through sweeps, clocks before
//! and after the swept day, writes that move leads in and out of the lane, undo and rescore.

use std::sync::Arc;

use chrono::Duration;
use leadbench::domain::filter::Filter;
use leadbench::domain::queue::{Bucket, Clock, Direction, Queue};
use leadbench::domain::scoring::Grade;
use leadbench::domain::{ActionKind, Lead, NextAction, Stage};
use leadbench::store::{Change, Store};

use crate::score_store::{rules, varied};
use crate::support::now;

fn clock_on(days: i64) -> Clock {
    let at = now() + Duration::days(days);
    Clock {
        now: at,
        end_of_today: at + Duration::hours(14),
        today: at.date_naive(),
    }
}

/// Mostly lost leads with re-engage dates from three weeks back to three weeks ahead; some
/// with a next action, a few transferred.
fn lane_store() -> Store {
    let mut store = Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
    store.set_scoring(Arc::new(rules()));
    let leads = (0..400).map(|i| {
        let mut l = varied(i);
        if i % 5 < 2 {
            l.stage = Stage::Lost;
        }
        l.reengage_on = (i % 4 != 0).then(|| now().date_naive() + Duration::days(i % 41 - 20));
        if i % 37 == 0 {
            l.transferred_to = Some("suzuki".into());
        }
        (l, vec![])
    });
    store
        .insert_leads_bulk(leads)
        .unwrap_or_else(|e| panic!("{e}"));
    store
}

fn filters() -> Vec<Filter> {
    let f = |group: Option<&str>, grade: Option<Grade>, source: Option<&str>, tag: Option<&str>| {
        Filter {
            group: group.map(Into::into),
            grade,
            source: source.map(Into::into),
            tag: tag.map(Into::into),
        }
    };
    vec![
        Filter::default(),
        f(None, Some(Grade::C), None, None),
        f(Some("hot"), None, None, None),
        f(None, None, None, Some("vip")),
        f(Some("big"), None, None, Some("展示会")),
        f(None, Some(Grade::D), Some("web_form"), None),
    ]
}

/// A whole (filtered) queue, page by page in `dir`, in queue order.
fn pages(
    store: &Store,
    queue: Queue,
    clock: Clock,
    filter: &Filter,
    dir: Direction,
) -> Vec<(Bucket, i64)> {
    let mut out: Vec<(Bucket, i64)> = Vec::new();
    let mut cursor = None;
    loop {
        let page = store
            .queue_page_filtered(queue, clock, filter, cursor, false, dir, 7)
            .unwrap_or_else(|e| panic!("{e}"));
        if page.is_empty() {
            return out;
        }
        let rows = page.iter().map(|r| (r.bucket, r.id));
        if dir == Direction::Forward {
            cursor = page.last().map(|r| r.cursor());
            out.extend(rows);
        } else {
            cursor = page.first().map(|r| r.cursor());
            out.splice(0..0, rows);
        }
    }
}

/// `read` with the lane out of use (its day unknown: the pages take the older plans).
fn without_lane<T>(store: &Store, read: impl FnOnce(&Store) -> T) -> T {
    let swept = store
        .meta("reengage_swept")
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_default();
    store
        .set_meta("reengage_swept", "")
        .unwrap_or_else(|e| panic!("{e}"));
    let out = read(store);
    store
        .set_meta("reengage_swept", &swept)
        .unwrap_or_else(|e| panic!("{e}"));
    out
}

/// Today and the Lost view, every filter, both directions: through the lane as without it;
/// returns how many re-engage rows were compared.
fn assert_lane_matches(store: &Store, days: i64, what: &str) -> usize {
    let clock = clock_on(days);
    let mut reengage = 0;
    for queue in [Queue::Today, Queue::Stage(Stage::Lost)] {
        for filter in filters() {
            for dir in [Direction::Forward, Direction::Backward] {
                let lane = pages(store, queue, clock, &filter, dir);
                let plain = without_lane(store, |s| pages(s, queue, clock, &filter, dir));
                assert_eq!(lane, plain, "{what}: {queue:?} {filter:?} {dir:?}");
                reengage += lane.iter().filter(|r| r.0 == Bucket::Reengage).count();
            }
        }
    }
    assert_eq!(
        store.membership_drift().unwrap_or_else(|e| panic!("{e}")),
        0,
        "{what}: membership rows copy their lead"
    );
    assert_eq!(
        store.facet_drift().unwrap_or_else(|e| panic!("{e}")),
        0,
        "{what}: the filter fields' sizes equal a recount"
    );
    reengage
}

fn edit(store: &mut Store, id: i64, f: impl FnOnce(&mut Lead)) {
    store
        .mutate(id, None, "edit", |b| {
            let mut lead = b.clone();
            f(&mut lead);
            Ok::<_, leadbench::store::StoreError>(Change {
                lead,
                activities: vec![],
            })
        })
        .unwrap_or_else(|e| panic!("{e}"));
}

fn find(store: &Store, what: impl Fn(&Lead) -> bool) -> i64 {
    (1..=400)
        .filter_map(|id| store.lead(id).ok().flatten())
        .find(|l| what(l))
        .map(|l| l.id)
        .unwrap_or_else(|| panic!("no such lead"))
}

#[test]
fn the_reengage_lane_follows_sweeps_clocks_and_writes() {
    let mut store = lane_store();
    let today = clock_on(0).today;
    assert!(assert_lane_matches(&store, 0, "as migrated") > 0);
    store
        .sweep_reengage(today)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(assert_lane_matches(&store, 0, "swept to today") > 0);
    // A clock before the swept day reads the lane with the date checked on each entry; one
    // after it reads the older plans until the sweep catches up.
    assert_lane_matches(&store, -5, "clock before the sweep");
    assert_lane_matches(&store, 7, "clock after the sweep");
    store
        .sweep_reengage(clock_on(7).today)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_lane_matches(&store, 7, "swept a week ahead");
    assert_lane_matches(&store, 0, "a week ahead, read today");
    store
        .sweep_reengage(today)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_lane_matches(&store, 0, "swept back");

    // Writes move leads into and out of the lane.
    let later = find(&store, |l| {
        l.stage == Stage::Lost
            && l.transferred_to.is_none()
            && l.next_action.is_none()
            && l.reengage_on > Some(today)
    });
    edit(&mut store, later, |l| {
        l.reengage_on = Some(today - Duration::days(3));
    });
    let engaged = find(&store, |l| {
        l.stage == Stage::Engaged && l.transferred_to.is_none() && l.next_action.is_none()
    });
    edit(&mut store, engaged, |l| {
        l.stage = Stage::Lost;
        l.reengage_on = Some(today - Duration::days(2));
    });
    let due = find(&store, |l| {
        ![later, engaged].contains(&l.id)
            && l.stage == Stage::Lost
            && l.transferred_to.is_none()
            && l.next_action.is_none()
            && l.reengage_on.is_some_and(|d| d <= today)
    });
    edit(&mut store, due, |l| l.stage = Stage::Engaged);
    let due2 = find(&store, |l| {
        ![later, engaged, due].contains(&l.id)
            && l.stage == Stage::Lost
            && l.transferred_to.is_none()
            && l.next_action.is_none()
            && l.reengage_on.is_some_and(|d| d <= today)
    });
    edit(&mut store, due2, |l| {
        l.transferred_to = Some("tanaka".into())
    });
    // What the membership rows copy: the due time, the source, the grade (by the title).
    let tagged = find(&store, |l| {
        l.stage == Stage::Lost && l.transferred_to.is_none() && !l.tags.is_empty()
    });
    edit(&mut store, tagged, |l| {
        l.next_action = Some(NextAction {
            kind: ActionKind::Call,
            due_at: now() + Duration::days(2),
            note: String::new(),
        });
        l.source = "web_form".into();
        l.title = "営業部長".into();
        l.reengage_on = Some(today - Duration::days(1));
    });
    let lane = |s: &Store| -> Vec<i64> {
        pages(
            s,
            Queue::Stage(Stage::Lost),
            clock_on(0),
            &Filter::default(),
            Direction::Forward,
        )
        .into_iter()
        .filter(|r| r.0 == Bucket::Reengage)
        .map(|r| r.1)
        .collect()
    };
    let after = lane(&store);
    assert!(after.contains(&later) && after.contains(&engaged));
    assert!(!after.contains(&due) && !after.contains(&due2));
    assert_lane_matches(&store, 0, "after the writes");
    for _ in 0..5 {
        store.undo().unwrap_or_else(|e| panic!("{e}"));
    }
    let undone = lane(&store);
    assert!(!undone.contains(&later) && !undone.contains(&engaged));
    assert!(undone.contains(&due) && undone.contains(&due2));
    assert_lane_matches(&store, 0, "after undo");

    // A rescore under other rules moves keys and grades: the copies follow.
    let mut other = rules();
    other.fit.retain(|r| r.label != "company-size");
    store.set_scoring(Arc::new(other));
    let report = store
        .rescore(false, |_, _| {})
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(report.changed > 0);
    assert_lane_matches(&store, 0, "after a rescore");
}
