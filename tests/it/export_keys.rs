//! The keys that name a CSV export's extra columns come from a table the store's triggers keep
//! (schema 11): after every kind of write — add, edit, bulk import, merge, forget, undo, redo,
//! import revert — they equal the keys the leads hold, in order of first appearance.

use std::collections::BTreeMap;

use leadbench::config::Config;
use leadbench::domain::{Lead, PhoneKind, Stage};
use leadbench::io::export::csv::{CsvEncoding, CsvExport, CsvOptions};
use leadbench::ops::import::{ImportOptions, import_file};
use leadbench::ops::{OpsError, Problem};
use leadbench::store::{Change, ExportFilter, Store, StoreError};

use crate::support::{lead, now};

/// The keys of the leads of `filter` as the leads themselves hold them: ordered by the first
/// lead (by id) holding each, then by key.
fn held_keys(store: &Store, filter: &ExportFilter) -> (Vec<String>, Vec<String>) {
    let mut external: BTreeMap<String, i64> = BTreeMap::new();
    let mut extra: BTreeMap<String, i64> = BTreeMap::new();
    leadbench::ops::export::for_each_lead(store, filter, |l: &Lead| -> Result<(), OpsError> {
        for k in l.external_ids.keys() {
            external.entry(k.clone()).or_insert(l.id);
        }
        for k in l.extra.keys() {
            extra.entry(k.clone()).or_insert(l.id);
        }
        Ok(())
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let order = |m: BTreeMap<String, i64>| {
        let mut v: Vec<(i64, String)> = m.into_iter().map(|(k, id)| (id, k)).collect();
        v.sort();
        v.into_iter().map(|(_, k)| k).collect()
    };
    (order(external), order(extra))
}

fn assert_keys_match(store: &Store, step: &str) {
    for filter in [
        ExportFilter::default(),
        ExportFilter {
            stage: Some(Stage::New),
            group: None,
        },
        ExportFilter {
            stage: Some(Stage::Engaged),
            group: None,
        },
    ] {
        let stored =
            leadbench::ops::export::export_keys(store, &filter).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(stored, held_keys(store, &filter), "{step}, {filter:?}");
    }
}

fn with_fields(n: i64, stage: Stage, extra: &[(&str, &str)], external: &[(&str, &str)]) -> Lead {
    let mut l = lead(n, stage);
    for (k, v) in extra {
        l.extra.insert((*k).into(), (*v).into());
    }
    for (k, v) in external {
        l.external_ids.insert((*k).into(), (*v).into());
    }
    l
}

fn edit(store: &mut Store, id: i64, f: impl FnOnce(&mut Lead)) {
    store
        .mutate(id, None, "edit", |before| -> Result<Change, StoreError> {
            let mut lead = before.clone();
            f(&mut lead);
            Ok(Change {
                lead,
                activities: Vec::new(),
            })
        })
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn the_export_header_keys_follow_every_write() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut store = Store::open(&dir.path().join("k.db")).unwrap_or_else(|e| panic!("{e}"));
    let config = Config::default();
    assert_keys_match(&store, "empty");

    // A bulk import (the batch is larger than the leads there): unknown columns become extra
    // fields through the bulk path, which applies the key trigger's effect in one statement.
    let csv = "Name,Email,Phone,都道府県,Campaign\r\n\
               Ann Lee,ann@example.com,03-1111-0001,東京都,\r\n\
               Bob Ray,bob@example.com,03-1111-0002,,spring\r\n";
    let file = dir.path().join("in.csv");
    std::fs::write(&file, csv).unwrap_or_else(|e| panic!("{e}"));
    let report = import_file(
        &mut store,
        &file,
        &ImportOptions::new(&config, now()),
        &mut |_| {},
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_keys_match(&store, "bulk import");
    let (_, extra) = held_keys(&store, &ExportFilter::default());
    assert!(extra.contains(&"都道府県".to_owned()), "{extra:?}");

    // Added leads, one at a time.
    let a = store
        .insert_lead(
            &with_fields(1, Stage::New, &[("zeta", "1"), ("alpha", "2")], &[]),
            &[],
            "add",
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let b = store
        .insert_lead(
            &with_fields(2, Stage::Engaged, &[("alpha", "3")], &[("hubspot", "9")]),
            &[],
            "add",
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let c = store
        .insert_lead(
            &with_fields(3, Stage::New, &[("beta", "x")], &[("sfdc", "00Q1")]),
            &[],
            "add",
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert_keys_match(&store, "add");

    // Edits: a key removed, one added, the external ids emptied.
    edit(&mut store, a, |l| {
        l.extra.remove("zeta");
        l.extra.insert("gamma".into(), "g".into());
    });
    edit(&mut store, b, |l| l.external_ids.clear());
    assert_keys_match(&store, "edit");

    // Undo and redo of the edit, then undo of an add (the lead row deleted) and its redo.
    store.undo().unwrap_or_else(|e| panic!("{e}"));
    assert_keys_match(&store, "undo edit");
    store.redo().unwrap_or_else(|e| panic!("{e}"));
    assert_keys_match(&store, "redo edit");

    // Merge: the other lead goes, the kept one gains its fields.
    leadbench::ops::merge::merge_leads(&mut store, &config.policy(), a, c, now())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_keys_match(&store, "merge");
    store.undo().unwrap_or_else(|e| panic!("{e}"));
    assert_keys_match(&store, "undo merge");

    // Forget: the lead's extra fields are erased.
    leadbench::ops::forget::forget(&mut store, &config, b, now()).unwrap_or_else(|e| panic!("{e}"));
    assert_keys_match(&store, "forget");

    // Reverting the import removes its leads.
    store
        .revert_import(report.batch.unwrap_or_default(), now())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_keys_match(&store, "revert");
    let d = store
        .insert_lead(&with_fields(4, Stage::New, &[], &[]), &[], "add")
        .unwrap_or_else(|e| panic!("{e}"));
    store.undo().unwrap_or_else(|e| panic!("{e}"));
    assert_keys_match(&store, "undo add");
    assert!(store.lead(d).unwrap_or_else(|e| panic!("{e}")).is_none());
}

fn csv(store: &Store, raw: bool, by_batch: bool) -> Vec<u8> {
    let filter = ExportFilter::default();
    let (external, extra) =
        leadbench::ops::export::export_keys(store, &filter).unwrap_or_else(|e| panic!("{e}"));
    let options = CsvOptions {
        raw,
        encoding: CsvEncoding::Utf8Bom,
        tz: chrono_tz::Asia::Tokyo,
    };
    let mut w =
        CsvExport::new(Vec::new(), options, external, extra).unwrap_or_else(|e| panic!("{e}"));
    let io = |e: std::io::Error| OpsError::Invalid(Problem::file(std::path::Path::new("x"), &e));
    if by_batch {
        leadbench::ops::export::for_each_batch_on_two_threads(store, &filter, |b| {
            w.write_batch(b).map_err(io)
        })
    } else {
        leadbench::ops::export::for_each_lead(store, &filter, |l| w.write_lead(l).map_err(io))
    }
    .unwrap_or_else(|e| panic!("{e}"));
    w.finish().unwrap_or_else(|e| panic!("{e}"))
}

/// The header names the held keys in order of first appearance, and the export read in
/// batches on two threads is byte for byte the export of whole leads.
#[test]
fn the_batched_export_writes_what_the_lead_by_lead_export_writes() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut store = Store::open(&dir.path().join("h.db")).unwrap_or_else(|e| panic!("{e}"));
    // More leads than one batch holds, with awkward cells and several phones of a kind.
    for n in 1..=2500 {
        let key = if n % 2 == 0 { "a" } else { "b" };
        let mut l = with_fields(
            n,
            if n % 3 == 0 {
                Stage::Engaged
            } else {
                Stage::New
            },
            &[(key, "=1+1"), ("県", "東京都\n\"x\"")],
            &[("hubspot", "-12")],
        );
        l.tags = vec!["vip".into(), "@home".into()];
        l.notes = format!("line one\r\nline two, {n}");
        if n % 7 == 0 {
            let mut second = l.phones[0].clone();
            second.raw = "+81 3-0000-0000".into();
            let mut third = l.phones[0].clone();
            third.raw = "090-0000-0000".into();
            third.number = Some("+819000000000".into());
            third.kind = PhoneKind::Mobile;
            // A phone that is no number goes as its text.
            let mut note = l.phones[0].clone();
            note.raw = "未記入".into();
            note.number = None;
            note.invalid = true;
            l.phones[0].kind = PhoneKind::Mobile;
            l.phones.extend([second, third, note]);
            l.timezone = None;
            l.created_at = Some(now());
            l.employees.min = Some(50);
        }
        store
            .insert_lead(&l, &[], "add")
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let (external, extra) = leadbench::ops::export::export_keys(&store, &ExportFilter::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(external, ["hubspot"]);
    assert_eq!(extra, ["b", "県", "a"]);
    for raw in [false, true] {
        let batched = csv(&store, raw, true);
        assert_eq!(batched, csv(&store, raw, false), "raw: {raw}");
        let text = String::from_utf8_lossy(&batched);
        assert_eq!(text.matches("\r\nline two").count(), 2500);
        assert!(
            text.contains("+81312340007; +819000000000"),
            "mobiles as E.164"
        );
        assert!(
            text.contains("+81312340007; 未記入"),
            "the note as its text"
        );
    }
}
