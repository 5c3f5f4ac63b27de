//! Store: search by name, reading, company, e-mail and phone; order, totals and indexes.

use std::sync::Arc;

use leadbench::domain::search::Query;
use leadbench::domain::{Lead, Phone, PhoneKind, Stage};
use leadbench::store::{Change, SEARCH_COUNT_CAP, Store};

use crate::score_store::{rules, varied};
use crate::support::lead;

fn english(i: i64) -> Lead {
    let mut l = lead(i, Stage::ALL[(i % 5) as usize]);
    l.first_name = "Chloé".into();
    l.last_name = format!("Mitchell{i}");
    l.full_name = format!("Chloé Mitchell{i}");
    l.company = "Northwind Manufacturing Inc.".into();
    l.email = format!("cmitchell{i}@northwind.example");
    l.phones = vec![Phone {
        number: Some(format!("+1212555{i:04}")),
        raw: format!("(212) 555-{i:04}"),
        kind: PhoneKind::Main,
        invalid: false,
    }];
    l
}

fn store() -> Store {
    let mut store = Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
    store.set_scoring(Arc::new(rules()));
    let mut leads = Vec::new();
    for i in 0..60 {
        let mut l = varied(i);
        l.reading = format!("ヤマダ タロウ{i}");
        leads.push((l, vec![]));
    }
    for i in 60..90 {
        leads.push((english(i), vec![]));
    }
    let mut tanaka = lead(90, Stage::Lost);
    tanaka.first_name = "花子".into();
    tanaka.last_name = "田中".into();
    tanaka.full_name = "田中 花子".into();
    tanaka.reading = "タナカ ハナコ".into();
    tanaka.company = "株式会社トヨタ精機".into();
    leads.push((tanaka, vec![]));
    store
        .insert_leads_bulk(leads)
        .unwrap_or_else(|e| panic!("{e}"));
    store
}

fn ids(store: &Store, q: &str) -> (Vec<i64>, u64) {
    let r = store.search(q, 200).unwrap_or_else(|e| panic!("{q}: {e}"));
    (r.rows.iter().map(|x| x.id).collect(), r.total)
}

/// What a full scan with the same matcher finds, in key order.
fn brute(store: &Store, q: &str) -> Vec<i64> {
    let query = Query::parse(q);
    let mut all: Vec<(f64, i64)> = Vec::new();
    for id in 1..=91 {
        if let Ok(Some(l)) = store.lead(id) {
            if query.matches(&leadbench::domain::search::search_doc(&l)) {
                let (s, _) = store.explain(&l).unwrap_or_default();
                let prio = leadbench::domain::priority::priority_key(s.score, l.alive_at(), 14.0);
                all.push((prio, id));
            }
        }
    }
    all.sort_by(|a, b| b.partial_cmp(a).unwrap_or(std::cmp::Ordering::Equal));
    all.into_iter().map(|(_, id)| id).collect()
}

#[test]
fn english_names_companies_and_emails_by_word_prefix() {
    let s = store();
    assert_eq!(ids(&s, "chloe").1, 30);
    assert_eq!(ids(&s, "Mitchell61").0, vec![62]);
    assert_eq!(ids(&s, "north manu").1, 30);
    assert_eq!(ids(&s, "cmitchell70@north").0, vec![71]);
    assert_eq!(ids(&s, "zzz").1, 0);
    for q in ["chloe", "mitch", "NORTHWIND"] {
        assert_eq!(ids(&s, q).0, brute(&s, q), "{q}");
    }
}

#[test]
fn japanese_queries_of_one_two_and_more_characters() {
    let s = store();
    assert_eq!(ids(&s, "田").1, 61, "山田… and 田中");
    assert_eq!(ids(&s, "田中").0, vec![91]);
    assert_eq!(ids(&s, "山田").1, 60);
    assert_eq!(ids(&s, "山田商事7株式会社").0, vec![8]);
    assert_eq!(ids(&s, "トヨタ").0, vec![91]);
    assert_eq!(ids(&s, "精機").0, vec![91]);
    assert_eq!(ids(&s, "精").0, vec![91]);
    for q in ["田", "山田", "商事", "株式会社"] {
        assert_eq!(ids(&s, q).0, brute(&s, q), "{q}");
    }
}

#[test]
fn kana_readings_in_hiragana_or_katakana() {
    let s = store();
    assert_eq!(ids(&s, "たなか").0, vec![91]);
    assert_eq!(ids(&s, "タナカ").0, vec![91]);
    assert_eq!(ids(&s, "やまだ").1, 60);
    assert_eq!(ids(&s, "は").0, vec![91]);
}

#[test]
fn phones_in_national_and_international_form() {
    let s = store();
    for q in [
        "03-1234-0007",
        "0312340007",
        "+81312340007",
        "+81 3 1234 0007",
    ] {
        assert_eq!(ids(&s, q).0, vec![8], "{q}");
    }
    for q in ["(212) 555-0070", "+12125550070", "2125550070"] {
        assert_eq!(ids(&s, q).0, vec![71], "{q}");
    }
}

#[test]
fn the_index_follows_edits_and_deletes() {
    let mut s = store();
    s.mutate(91, None, "edit", |b| {
        let mut lead = b.clone();
        lead.company = "鈴木工業".into();
        Ok::<_, leadbench::store::StoreError>(Change {
            lead,
            activities: vec![],
        })
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ids(&s, "トヨタ").1, 0);
    assert_eq!(ids(&s, "鈴木").0, vec![91]);
    s.undo().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ids(&s, "トヨタ").0, vec![91]);
    assert_eq!(ids(&s, "鈴木").1, 0);
}

#[test]
fn many_matches_give_the_first_200_by_key_and_a_capped_total() {
    let mut s = Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
    s.set_scoring(Arc::new(rules()));
    let n = SEARCH_COUNT_CAP as i64 + 300;
    s.insert_leads_bulk((0..n).map(|i| (varied(i), vec![])))
        .unwrap_or_else(|e| panic!("{e}"));
    let r = s.search("山田", 200).unwrap_or_else(|e| panic!("{e}"));
    assert!(r.capped);
    assert_eq!(r.total, SEARCH_COUNT_CAP);
    assert_eq!(r.rows.len(), 200);
    // The first 200 of the whole match set by key: every lead matches, so the top of the queue.
    let mut all: Vec<(f64, i64)> = Vec::new();
    for stage in Stage::ALL {
        let mut cursor = None;
        loop {
            let page = s
                .queue_page(
                    leadbench::domain::queue::Queue::Stage(stage),
                    crate::score_store::clock(),
                    cursor,
                    false,
                    leadbench::domain::queue::Direction::Forward,
                    5000,
                )
                .unwrap_or_else(|e| panic!("{e}"));
            if page.is_empty() {
                break;
            }
            cursor = page.last().map(|r| r.cursor());
            all.extend(page.iter().map(|r| (r.prio, r.id)));
        }
    }
    all.sort_by(|a, b| b.partial_cmp(a).unwrap_or(std::cmp::Ordering::Equal));
    let want: Vec<i64> = all.iter().take(200).map(|x| x.1).collect();
    assert_eq!(r.rows.iter().map(|x| x.id).collect::<Vec<_>>(), want);
    let few = s
        .search("山田商事77株式会社", 200)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!few.capped);
    assert_eq!(few.rows.len() as u64, few.total);
}

#[test]
fn search_queries_use_their_indexes() {
    let s = store();
    for (what, plan) in s.explain_search_plans().unwrap_or_else(|e| panic!("{e}")) {
        match what.as_str() {
            "matched" => assert!(plan.contains("VIRTUAL TABLE INDEX"), "{what}: {plan}"),
            "top" => {
                // Each id of the match set is one seek of the narrow key index.
                assert!(
                    plan.contains("COVERING INDEX leads_id_prio (id=?)"),
                    "{what}: {plan}"
                );
                assert!(!plan.contains("SCAN leads"), "{what}: {plan}");
            }
            "sorted" => {
                assert!(plan.contains("VIRTUAL TABLE INDEX"), "{what}: {plan}");
                assert!(
                    plan.contains("COVERING INDEX leads_id_prio"),
                    "{what}: {plan}"
                );
            }
            _ => {
                assert!(
                    plan.contains("COVERING INDEX leads_prio_search"),
                    "{what}: {plan}"
                );
                assert!(!plan.contains("TEMP B-TREE"), "{what}: {plan}");
            }
        }
    }
}
