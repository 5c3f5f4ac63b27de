//! Store: the scorer on every write, engagement, rescore, memberships and filtered queues.

use std::sync::Arc;

use chrono::Duration;
use leadbench::domain::filter::Filter;
use leadbench::domain::group::GroupRule;
use leadbench::domain::priority::priority_key;
use leadbench::domain::queue::{Clock, Direction, Queue};
use leadbench::domain::scoring::{FitRule, Grade, Rules, Test, Thresholds};
use leadbench::domain::{
    ActionKind, ActivityKind, Employees, Lead, NewActivity, NextAction, Stage,
};
use leadbench::store::{Change, Store};

use crate::support::{lead, now};

fn words(w: &[&str]) -> Vec<String> {
    w.iter().map(ToString::to_string).collect()
}

pub fn rules() -> Rules {
    Rules {
        fit: vec![
            FitRule {
                label: "executive".into(),
                field: "title".into(),
                test: Test::contains(&words(&["部長", "director", "VP"])),
                points: 30,
            },
            FitRule {
                label: "company-size".into(),
                field: "employees".into(),
                test: Test::Range {
                    min: Some(100),
                    max: None,
                },
                points: 20,
            },
            FitRule {
                label: "inbound".into(),
                field: "source".into(),
                test: Test::any(&words(&["資料請求", "web_form"])),
                points: 20,
            },
            FitRule {
                label: "student".into(),
                field: "title".into(),
                test: Test::contains(&words(&["学生"])),
                points: -40,
            },
        ],
        engagement: [("conversation", 10), ("reply", 8), ("webinar", 10)]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
        engagement_other: 1,
        grades: Thresholds::default(),
        groups: vec![
            GroupRule {
                name: "big".into(),
                when: vec![(
                    "employees".into(),
                    Test::Range {
                        min: Some(100),
                        max: None,
                    },
                )],
            },
            GroupRule {
                name: "hot".into(),
                when: vec![("grade".into(), Test::any(&words(&["A", "B"])))],
            },
            GroupRule {
                name: "vip".into(),
                when: vec![("tags".into(), Test::any(&words(&["vip"])))],
            },
        ],
    }
}

pub fn clock() -> Clock {
    Clock {
        now: now(),
        end_of_today: now() + Duration::hours(14),
        today: now().date_naive(),
    }
}

/// A varied lead: title, size, source, tags and due times cycle with `i`.
pub fn varied(i: i64) -> Lead {
    let mut l = lead(i, Stage::ALL[(i % 5) as usize]);
    l.title = ["営業部長", "課長", "Director", "担当", "学生"][(i % 5) as usize].into();
    l.employees = Employees {
        min: Some([10, 100, 1000][(i % 3) as usize]),
        max: None,
    };
    l.source = ["資料請求", "web_form", "referral", "webinar"][(i % 4) as usize].into();
    l.tags = match i % 6 {
        0 => vec!["vip".into()],
        1 => vec!["vip".into(), "展示会".into()],
        2 => vec!["展示会".into()],
        _ => vec![],
    };
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
        _ => None,
    };
    l
}

pub fn scored_store(n: i64) -> Store {
    let mut store = Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
    store.set_scoring(Arc::new(rules()));
    store
        .insert_leads_bulk((0..n).map(|i| (varied(i), vec![])))
        .unwrap_or_else(|e| panic!("{e}"));
    store
}

fn read(store: &Store, id: i64) -> Lead {
    store
        .lead(id)
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("no lead {id}"))
}

#[test]
fn every_write_scores_the_lead_and_stores_its_key() {
    let mut store = Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
    store.set_scoring(Arc::new(rules()));
    let mut l = lead(1, Stage::New);
    l.title = "営業部長".into();
    l.source = "資料請求".into();
    let id = store
        .insert_lead(&l, &[], "add")
        .unwrap_or_else(|e| panic!("{e}"));
    let stored = read(&store, id);
    assert_eq!(stored.score, 50);
    let row = store
        .queue_page(
            Queue::Stage(Stage::New),
            clock(),
            None,
            false,
            Direction::Forward,
            10,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(row[0].prio, priority_key(50, stored.alive_at(), 14.0));
    // An edit that changes the fit rescores at once.
    let after = store
        .mutate(id, None, "edit", |b| {
            let mut lead = b.clone();
            lead.title = "担当".into();
            Ok::<_, leadbench::store::StoreError>(Change {
                lead,
                activities: vec![],
            })
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(after.score, 20);
    assert_eq!(read(&store, id).score, 20);
}

#[test]
fn conversations_replies_and_events_add_engagement_points_and_move_alive() {
    let mut store = Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
    store.set_scoring(Arc::new(rules()));
    let id = store
        .insert_lead(&lead(2, Stage::New), &[], "add")
        .unwrap_or_else(|e| panic!("{e}"));
    let at = now() + Duration::days(3);
    let after = store
        .mutate(id, None, "events", |b| {
            Ok::<_, leadbench::store::StoreError>(Change {
                lead: b.clone(),
                activities: vec![
                    NewActivity::new(ActivityKind::Event, at).with_outcome("webinar"),
                    NewActivity::new(ActivityKind::Event, at).with_outcome("podcast"),
                    NewActivity::new(ActivityKind::Call, at).with_outcome("connected"),
                    NewActivity::new(ActivityKind::Reply, at),
                ],
            })
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(after.score, 10 + 1 + 10 + 8);
    assert_eq!(after.last_engagement_at, Some(at));
    let stored = read(&store, id);
    assert_eq!(stored.engagement.get("conversation"), Some(&1));
    assert_eq!(stored.score, 29);
    // Undo takes the points back.
    store.undo().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(read(&store, id).score, 0);
}

fn brute_force(store: &Store, queue: Queue, filter: &Filter) -> Vec<i64> {
    let rules = rules();
    store
        .queue_page(queue, clock(), None, false, Direction::Forward, 100_000)
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .filter(|row| {
            let l = read(store, row.id);
            let (s, groups) = store.explain(&l).unwrap_or_default();
            assert_eq!(s.score, row.score, "stored score is current");
            assert_eq!(s.grade, rules.grades.grade(row.score));
            filter.group.as_ref().is_none_or(|g| groups.contains(g))
                && filter.grade.is_none_or(|g| g == s.grade)
                && filter.source.as_ref().is_none_or(|x| *x == l.source)
                && filter.tag.as_ref().is_none_or(|t| l.tags.contains(t))
        })
        .map(|r| r.id)
        .collect()
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
        f(Some("big"), None, None, None),
        f(Some("hot"), None, None, None),
        f(None, Some(Grade::C), None, None),
        f(None, None, Some("web_form"), None),
        f(None, None, None, Some("展示会")),
        f(Some("big"), Some(Grade::B), None, None),
        f(Some("vip"), None, Some("資料請求"), None),
        f(None, Some(Grade::D), Some("referral"), Some("vip")),
        f(Some("big"), Some(Grade::A), Some("web_form"), Some("vip")),
        f(Some("nobody"), None, None, None),
    ]
}

/// A filtered queue read page by page from the top (forward) or the bottom (backward), in
/// queue order either way.
fn filtered_pages(
    store: &Store,
    queue: Queue,
    filter: &Filter,
    dir: Direction,
    size: usize,
) -> Vec<i64> {
    let mut ids: Vec<i64> = Vec::new();
    let mut cursor = None;
    loop {
        let page = store
            .queue_page_filtered(queue, clock(), filter, cursor, false, dir, size)
            .unwrap_or_else(|e| panic!("{e}"));
        if page.is_empty() {
            return ids;
        }
        let page_ids = page.iter().map(|r| r.id);
        if dir == Direction::Forward {
            cursor = page.last().map(|r| r.cursor());
            ids.extend(page_ids);
        } else {
            cursor = page.first().map(|r| r.cursor());
            ids.splice(0..0, page_ids);
        }
    }
}

#[test]
fn filtered_pages_equal_the_queue_filtered_row_by_row_and_page_by_keyset() {
    let store = scored_store(300);
    let mut queues = vec![Queue::Today];
    queues.extend(Stage::ALL.map(Queue::Stage));
    for filter in filters() {
        for &queue in &queues {
            let want = brute_force(&store, queue, &filter);
            assert_eq!(
                filtered_pages(&store, queue, &filter, Direction::Forward, 4),
                want,
                "{queue:?} {filter:?}"
            );
            let back = filtered_pages(&store, queue, &filter, Direction::Backward, 3);
            assert_eq!(back, want, "{queue:?} {filter:?} backward");
        }
    }
}

#[test]
fn memberships_follow_stage_key_and_tag_changes() {
    let mut store = scored_store(60);
    let vip = Filter {
        tag: Some("vip".into()),
        ..Filter::default()
    };
    let id = 1; // lead 0: stage new, tagged vip
    let new_vip = |s: &Store, q| {
        s.queue_page_filtered(q, clock(), &vip, None, false, Direction::Forward, 1000)
            .unwrap_or_else(|e| panic!("{e}"))
            .into_iter()
            .map(|r| r.id)
            .collect::<Vec<_>>()
    };
    assert!(new_vip(&store, Queue::Stage(Stage::New)).contains(&id));
    store
        .mutate(id, None, "move", |b| {
            let mut lead = b.clone();
            lead.stage = Stage::Engaged;
            lead.tags = vec!["other".into()];
            Ok::<_, leadbench::store::StoreError>(Change {
                lead,
                activities: vec![],
            })
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!new_vip(&store, Queue::Stage(Stage::New)).contains(&id));
    assert!(!new_vip(&store, Queue::Stage(Stage::Engaged)).contains(&id));
    store.undo().unwrap_or_else(|e| panic!("{e}"));
    assert!(new_vip(&store, Queue::Stage(Stage::New)).contains(&id));
}

#[test]
fn rescore_after_a_rules_change_rewrites_what_changed() {
    let mut store = scored_store(200);
    let untouched = store
        .rescore(false, |_, _| {})
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((untouched.leads, untouched.changed), (200, 0));
    let mut r = rules();
    r.fit[0].points = 70; // executives become A
    store.set_scoring(Arc::new(r));
    let mut calls = 0;
    let report = store
        .rescore(false, |done, total| {
            calls += 1;
            assert!(done <= total);
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(calls >= 1);
    assert!(report.changed > 0 && report.changed < 200, "{report:?}");
    // Stage moves after the rescore update the membership rows in place (their stage and key).
    for id in (1..=200).step_by(7) {
        store
            .mutate(id, None, "move", |b| {
                let mut lead = b.clone();
                lead.stage = Stage::ALL[(id as usize / 7) % 5];
                Ok::<_, leadbench::store::StoreError>(Change {
                    lead,
                    activities: vec![],
                })
            })
            .unwrap_or_else(|e| panic!("{e}"));
    }
    // Every filtered queue (group and tag filters read the membership rows, ordered by the key
    // they copy) still equals the queue filtered lead by lead.
    let mut filters = filters();
    filters.push(Filter {
        grade: Some(Grade::A),
        ..Filter::default()
    });
    for f in &filters {
        for q in Stage::ALL.map(Queue::Stage) {
            assert_eq!(
                store
                    .queue_page_filtered(q, clock(), f, None, false, Direction::Forward, 1000)
                    .unwrap_or_else(|e| panic!("{e}"))
                    .into_iter()
                    .map(|r| r.id)
                    .collect::<Vec<_>>(),
                brute_force(&store, q, f),
                "{q:?} {f:?}"
            );
        }
    }
}

#[test]
fn every_filter_query_uses_an_index() {
    let store = scored_store(300);
    for filter in filters() {
        let plans = store
            .explain_filter_plans(clock(), &filter)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(!plans.is_empty());
        for (what, plan) in plans {
            let bare_scan = plan
                .split("; ")
                .any(|step| step.starts_with("SCAN") && !step.contains("INDEX"));
            assert!(!bare_scan, "{filter:?} {what}: {plan}");
            // The page's ids come from index entries alone; then only its rows are read.
            assert!(
                plan.contains("USING INTEGER PRIMARY KEY"),
                "{filter:?} {what}: {plan}"
            );
            if what.contains("bucket-index") {
                // A small range of the queue's own index (sorting a due bucket is fine, SPEC §3).
                assert!(
                    plan.contains("COVERING INDEX leads_due (")
                        || plan.contains("COVERING INDEX leads_reengage_queue ("),
                    "{filter:?} {what}: {plan}"
                );
            } else if what.contains(" lane ") {
                // The re-engage lane, in key order: the only sort is of the page's own rows.
                assert!(
                    plan.contains("COVERING INDEX leads_reengage_lane"),
                    "{filter:?} {what}: {plan}"
                );
                assert_eq!(
                    plan.matches("TEMP B-TREE").count(),
                    1,
                    "{filter:?} {what}: {plan}"
                );
            } else {
                // Walked in key order along a filter index: the only sort is of the page's own
                // rows, whatever the queue size.
                assert_eq!(
                    plan.matches("TEMP B-TREE").count(),
                    1,
                    "{filter:?} {what}: {plan}"
                );
                assert!(
                    [
                        "lead_groups_queue",
                        "lead_tags_queue",
                        "leads_grade_queue",
                        "leads_source_queue"
                    ]
                    .iter()
                    .any(|i| plan.contains(&format!("COVERING INDEX {i} ("))),
                    "{filter:?} {what}: {plan}"
                );
            }
        }
    }
}

#[test]
fn saved_views_are_stored_listed_replaced_and_deleted() {
    let store = scored_store(5);
    let f = Filter {
        group: Some("big".into()),
        grade: Some(Grade::A),
        ..Filter::default()
    };
    store
        .save_view("大口 A", &f)
        .unwrap_or_else(|e| panic!("{e}"));
    store
        .save_view("vip", &Filter::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let mut g = f.clone();
    g.tag = Some("vip".into());
    store
        .save_view("大口 A", &g)
        .unwrap_or_else(|e| panic!("{e}"));
    let views = store.saved_views().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(views.len(), 2);
    assert_eq!(
        views.iter().find(|v| v.name == "大口 A").map(|v| &v.filter),
        Some(&g)
    );
    assert!(store.delete_view("vip").unwrap_or_else(|e| panic!("{e}")));
    assert!(!store.delete_view("vip").unwrap_or_else(|e| panic!("{e}")));
    assert!(store.save_view("  ", &f).is_err());
}
