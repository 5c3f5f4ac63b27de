//! Store: opening, migrations, the version guard, counters and undo.

use chrono::Duration;
use leadbench::domain::{ActivityKind, NewActivity, Stage};
use leadbench::store::{Change, Store, StoreError};

use crate::support::{lead, now};

fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let store =
        Store::open(&dir.path().join("data").join("lb.db")).unwrap_or_else(|e| panic!("{e}"));
    (dir, store)
}

#[test]
fn a_new_file_gets_the_latest_schema_and_private_modes() {
    let (dir, store) = temp_store();
    let path = dir.path().join("data").join("lb.db");
    assert_eq!(store.path(), Some(path.as_path()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| {
            std::fs::metadata(p)
                .map(|m| m.permissions().mode() & 0o777)
                .unwrap_or(0)
        };
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&dir.path().join("data")), 0o700);
    }
    drop(store);
    let version: i64 = rusqlite::Connection::open(&path)
        .and_then(|c| c.pragma_query_value(None, "user_version", |r| r.get(0)))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(version, Store::schema_version());
}

#[test]
fn reopening_keeps_the_data() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("lb.db");
    let id = {
        let mut s = Store::open(&path).unwrap_or_else(|e| panic!("{e}"));
        s.insert_lead(&lead(1, Stage::New), &[], "add")
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let s = Store::open(&path).unwrap_or_else(|e| panic!("{e}"));
    let l = s
        .lead(id)
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("lost"));
    assert_eq!(l.last_name, "山田1");
    assert_eq!(l.phones.len(), 1);
    assert_eq!(l.phones[0].number.as_deref(), Some("+81312340001"));
}

#[test]
fn a_newer_schema_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("lb.db");
    drop(Store::open(&path).unwrap_or_else(|e| panic!("{e}")));
    rusqlite::Connection::open(&path)
        .and_then(|c| c.pragma_update(None, "user_version", 9999))
        .unwrap_or_else(|e| panic!("{e}"));
    let before = std::fs::read(&path).unwrap_or_default();
    let err = Store::open(&path)
        .err()
        .unwrap_or_else(|| panic!("opened a newer file"));
    assert!(
        matches!(err, StoreError::NewerSchema { found: 9999, .. }),
        "{err}"
    );
    assert_eq!(std::fs::read(&path).unwrap_or_default(), before);
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_with_its_path() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("notes.txt");
    std::fs::write(
        &path,
        "this is not a database, just some text that is long enough",
    )
    .unwrap_or_default();
    let err = Store::open(&path)
        .err()
        .unwrap_or_else(|| panic!("opened a text file"));
    assert!(err.to_string().contains("notes.txt"), "{err}");
}

#[test]
fn a_stale_version_cannot_overwrite_newer_data_from_a_second_connection() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("lb.db");
    let mut a = Store::open(&path).unwrap_or_else(|e| panic!("{e}"));
    let mut b = Store::open(&path).unwrap_or_else(|e| panic!("{e}"));
    let id = a
        .insert_lead(&lead(1, Stage::New), &[], "add")
        .unwrap_or_else(|e| panic!("{e}"));
    let seen = a
        .lead(id)
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("gone"));
    // The second process writes first.
    b.mutate::<StoreError>(id, None, "edit", |l| {
        let mut l = l.clone();
        l.company = "newer".into();
        Ok(Change {
            lead: l,
            activities: vec![],
        })
    })
    .unwrap_or_else(|e| panic!("{e}"));
    // The first, holding the stale version, is refused.
    let err = a
        .mutate::<StoreError>(id, Some(seen.version), "edit", |l| {
            let mut l = l.clone();
            l.company = "stale".into();
            Ok(Change {
                lead: l,
                activities: vec![],
            })
        })
        .err();
    assert!(matches!(err, Some(StoreError::Conflict { .. })));
    let now_lead = a
        .lead(id)
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("gone"));
    assert_eq!(now_lead.company, "newer");
}

/// A tiny deterministic generator so the random-operations test needs no extra crate state.
struct Rng(u64);
impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn counters_equal_a_recount_after_random_operations() {
    let mut store = Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut ids = Vec::new();
    for step in 0..400 {
        match rng.next(6) {
            0 | 1 => {
                let stage = Stage::ALL[rng.next(5) as usize];
                ids.push(
                    store
                        .insert_lead(&lead(step, stage), &[], "add")
                        .unwrap_or_else(|e| panic!("{e}")),
                );
            }
            2 | 3 if !ids.is_empty() => {
                let id = ids[rng.next(ids.len() as u64) as usize];
                let stage = Stage::ALL[rng.next(5) as usize];
                let transfer = rng.next(10) == 0;
                let _ = store.mutate::<StoreError>(id, None, "move", |l| {
                    let mut l = l.clone();
                    l.stage = stage;
                    if transfer {
                        l.transferred_to = Some("同僚".into());
                    }
                    Ok(Change {
                        lead: l,
                        activities: vec![],
                    })
                });
            }
            4 => {
                let _ = store.undo();
            }
            _ => {
                let _ = store.redo();
            }
        }
        assert_eq!(
            store.stage_counts().unwrap_or_default(),
            store.stage_counts_recounted().unwrap_or_default(),
            "after step {step}"
        );
        assert_eq!(
            store.facet_drift().ok(),
            Some(0),
            "facet sizes after step {step}"
        );
        assert_eq!(
            store.membership_drift().ok(),
            Some(0),
            "membership copies after step {step}"
        );
    }
}

#[test]
fn undo_restores_the_lead_and_marks_its_journal_rows_and_redo_reapplies() {
    let mut store = Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
    let id = store
        .insert_lead(&lead(1, Stage::New), &[], "add")
        .unwrap_or_else(|e| panic!("{e}"));
    store
        .mutate::<StoreError>(id, None, "log call: no answer", |l| {
            let mut l = l.clone();
            l.stage = Stage::Unreached;
            l.attempts = 1;
            Ok(Change {
                lead: l,
                activities: vec![
                    NewActivity::new(ActivityKind::Call, now()).with_outcome("no_answer"),
                ],
            })
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(store.stage_counts().unwrap_or_default()[1], 1);

    let undone = store
        .undo()
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("nothing undone"));
    assert_eq!(undone.label, "log call: no answer");
    let l = store
        .lead(id)
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("gone"));
    assert_eq!((l.stage, l.attempts), (Stage::New, 0));
    let journal = store.activities(id).unwrap_or_default();
    assert!(
        journal
            .iter()
            .any(|a| a.kind == ActivityKind::Call && a.undone)
    );
    assert!(journal.iter().any(|a| a.kind == ActivityKind::Undo));
    assert_eq!(store.stage_counts().unwrap_or_default()[0], 1);

    store
        .redo()
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("nothing redone"));
    let l = store
        .lead(id)
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("gone"));
    assert_eq!((l.stage, l.attempts), (Stage::Unreached, 1));
    assert!(
        store
            .activities(id)
            .unwrap_or_default()
            .iter()
            .any(|a| a.kind == ActivityKind::Call && !a.undone)
    );
}

#[test]
fn undo_survives_a_restart_and_goes_newest_first() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("lb.db");
    let id = {
        let mut s = Store::open(&path).unwrap_or_else(|e| panic!("{e}"));
        let id = s
            .insert_lead(&lead(1, Stage::New), &[], "add")
            .unwrap_or_else(|e| panic!("{e}"));
        for (label, company) in [("first", "A"), ("second", "B")] {
            s.mutate::<StoreError>(id, None, label, |l| {
                let mut l = l.clone();
                l.company = company.into();
                Ok(Change {
                    lead: l,
                    activities: vec![],
                })
            })
            .unwrap_or_else(|e| panic!("{e}"));
        }
        id
    };
    let mut s = Store::open(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        s.undo().ok().flatten().map(|u| u.label).as_deref(),
        Some("second")
    );
    assert_eq!(
        s.lead(id).ok().flatten().map(|l| l.company).as_deref(),
        Some("A")
    );
    assert_eq!(
        s.undo().ok().flatten().map(|u| u.label).as_deref(),
        Some("first")
    );
    assert_eq!(
        s.undo().ok().flatten().map(|u| u.label).as_deref(),
        Some("add")
    );
    assert!(
        s.lead(id).ok().flatten().is_none(),
        "undoing the add removes the lead"
    );
    assert_eq!(s.undo().ok().flatten(), None);
    assert_eq!(
        s.redo().ok().flatten().map(|u| u.label).as_deref(),
        Some("add")
    );
    assert!(s.lead(id).ok().flatten().is_some());
}

#[test]
fn undo_refuses_when_the_lead_changed_since() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("lb.db");
    let mut a = Store::open(&path).unwrap_or_else(|e| panic!("{e}"));
    let id = a
        .insert_lead(&lead(1, Stage::New), &[], "add")
        .unwrap_or_else(|e| panic!("{e}"));
    a.mutate::<StoreError>(id, None, "one", |l| {
        Ok(Change {
            lead: l.clone(),
            activities: vec![],
        })
    })
    .unwrap_or_else(|e| panic!("{e}"));
    // Another process changes the lead without going through the undo log.
    let c = rusqlite::Connection::open(&path).unwrap_or_else(|e| panic!("{e}"));
    c.execute(
        "UPDATE leads SET company = 'x', version = version + 1 WHERE id = ?1",
        [id],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(a.undo(), Err(StoreError::Conflict { .. })));
    assert_eq!(
        a.lead(id).ok().flatten().map(|l| l.company).as_deref(),
        Some("x")
    );
}

#[test]
fn calls_today_count_only_live_calls_in_the_range() {
    let mut store = Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
    let id = store
        .insert_lead(
            &lead(1, Stage::Unreached),
            &[
                NewActivity::new(ActivityKind::Call, now()),
                NewActivity::new(ActivityKind::Call, now() - Duration::days(2)),
                NewActivity::new(ActivityKind::Note, now()),
            ],
            "add",
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let n = store
        .calls_between(id, now() - Duration::hours(5), now() + Duration::hours(5))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(n, 1);
}

/// The daily-cap count on the write path and the report's "dialled again" seek the lead's
/// journal: the kind index would walk every call of the day (or period) instead.
#[test]
fn lead_scoped_journal_reads_seek_the_lead_index() {
    let (_dir, store) = temp_store();
    let plans = store
        .explain_journal_plans()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(plans.len(), 2);
    for (what, plan) in plans {
        assert!(
            plan.contains("USING INDEX activities_lead (lead_id=?"),
            "{what}: {plan}"
        );
        assert!(!plan.contains("activities_kind_at"), "{what}: {plan}");
    }
}

/// A write names only the columns it changes, and leaves every other column as it was.
#[test]
fn an_update_changes_only_what_it_changes() {
    let (_dir, mut store) = temp_store();
    let mut l = lead(1, Stage::New);
    l.title = "部長".into();
    l.notes = "紹介".into();
    let id = store
        .insert_lead(&l, &[], "add")
        .unwrap_or_else(|e| panic!("{e}"));
    let before = store
        .lead(id)
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_default();
    let after = store
        .mutate::<StoreError>(id, Some(before.version), "call", |l| {
            let mut lead = l.clone();
            lead.attempts += 1;
            Ok(Change {
                lead,
                activities: vec![],
            })
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let reread = store
        .lead(id)
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_default();
    assert_eq!(reread.attempts, before.attempts + 1);
    assert_eq!(reread.version, before.version + 1);
    assert_eq!(after.version, reread.version);
    let mut same = reread.clone();
    same.attempts = before.attempts;
    same.version = before.version;
    assert_eq!(same, before, "nothing else moved");
    // A stale version is still refused when few columns change.
    let stale = store.mutate::<StoreError>(id, Some(before.version), "call", |l| {
        let mut lead = l.clone();
        lead.attempts += 1;
        Ok(Change {
            lead,
            activities: vec![],
        })
    });
    assert!(
        matches!(stale, Err(StoreError::Conflict { .. })),
        "{stale:?}"
    );
}

/// The week's escalations (field-sales capacity) come from the rollup on slot boundaries and
/// from the journal otherwise: the same count either way, undone ones left out.
#[test]
fn escalations_count_the_same_from_the_rollup_and_from_the_journal() {
    let mut store = Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
    let at = |h: i64| now() - Duration::hours(h);
    store
        .insert_lead(
            &lead(1, Stage::Engaged),
            &[
                NewActivity::new(ActivityKind::Escalation, at(30)),
                NewActivity::new(ActivityKind::Escalation, at(3)),
                NewActivity::new(ActivityKind::Call, at(3)),
            ],
            "add",
        )
        .unwrap_or_else(|e| panic!("{e}"));
    store
        .insert_lead(
            &lead(2, Stage::Engaged),
            &[NewActivity::new(ActivityKind::Escalation, at(2))],
            "add",
        )
        .unwrap_or_else(|e| panic!("{e}"));
    // The second lead's escalation is undone.
    store.undo().unwrap_or_else(|e| panic!("{e}"));
    let slot = |t: leadbench::domain::Ts| t - Duration::seconds(t.timestamp().rem_euclid(900));
    let (from, to) = (slot(at(48)), slot(now()) + Duration::minutes(15));
    let from_rollup = store
        .escalations_between(from, to)
        .unwrap_or_else(|e| panic!("{e}"));
    let from_journal = store
        .escalations_between(from + Duration::seconds(1), to + Duration::seconds(1))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(from_rollup, 2);
    assert_eq!(from_journal, 2);
    let last_day = store
        .escalations_between(slot(at(24)), to)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(last_day, 1);
}
