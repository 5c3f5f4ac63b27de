//! `import-events` (engagement events on leads) and `merge LEAD LEAD` with undo.

use crate::cli::Sandbox;
use crate::import_support::*;

#[test]
fn events_land_on_their_leads_and_unknown_emails_are_reported() {
    let sb = Sandbox::new();
    let p = file(
        &sb,
        "l.csv",
        "email,name\njane@acme.com,Jane\nbob@acme.com,Bob\n".as_bytes(),
    );
    import(&sb, &p, &[]);
    let ev = file(
        &sb,
        "ev.csv",
        "Email,Event Type,Timestamp\nJane@Acme.com,Email Open,2026-11-20 10:00\njane@acme.com,pricing page,2026-11-21T09:00:00+09:00\nbob@acme.com,tweet,2026-11-22 08:00\nghost@acme.com,form,2026-11-22 08:00\nbob@acme.com,form,someday\n"
            .as_bytes(),
    );
    let (code, out, err) = sb.run(&["import-events", &ev.to_string_lossy(), "--json"]);
    assert_eq!(code, 3, "{err}");
    let r: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r["rows"], 5);
    assert_eq!(r["recorded"], 3);
    assert_eq!(r["unknown_leads"][0]["line"], 5);
    assert_eq!(r["unknown_leads"][0]["email"], "ghost@acme.com");
    assert_eq!(r["rejected"][0]["line"], 6);
    let jane = show(&sb, "jane@acme.com");
    let kinds: Vec<&str> = jane["activities"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|x| x["kind"] == "event")
                .filter_map(|x| x["outcome"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(kinds, ["email_open", "pricing_page"]);
    let bob = show(&sb, "bob@acme.com");
    assert!(
        bob["activities"]
            .as_array()
            .is_some_and(|a| a.iter().any(|x| x["outcome"] == "other"))
    );
}

/// An event dated ahead (beyond a day's grace) has not happened: it is rejected with its line,
/// and the lead's value stays within its score + 1.
#[test]
fn an_event_in_the_future_is_rejected_and_values_stay_within_the_score() {
    let sb = Sandbox::new();
    let p = file(&sb, "l.csv", b"email,name\njane@acme.com,Jane\n");
    import(&sb, &p, &[]);
    // The sandbox's clock: 2026-11-27 01:00 UTC.
    let ev = file(
        &sb,
        "ev.csv",
        b"email,kind,timestamp\njane@acme.com,form,2027-06-01 10:00\njane@acme.com,form,2026-11-27 15:00\n",
    );
    let (code, out, err) = sb.run(&["import-events", &ev.to_string_lossy(), "--json"]);
    assert_eq!(code, 3, "{err}");
    let r: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r["recorded"], 1, "{r}");
    assert_eq!(r["rejected"][0]["line"], 2);
    assert!(
        r["rejected"][0]["reason"]
            .as_str()
            .is_some_and(|t| t.contains("in the future")),
        "{r}"
    );
    for l in leads(&sb) {
        let (value, score) = (l["value"].as_f64(), l["score"].as_f64());
        assert!(value <= score.map(|s| s + 1.0), "{l}");
    }
}

#[test]
fn merge_unites_two_leads_moves_the_journal_and_undo_brings_both_back() {
    let sb = Sandbox::new();
    let p = file(
        &sb,
        "m.csv",
        "email,name,company,title,phone,mobile,tags\njane@acme.com,Jane Smith,Acme,,+12125550100,,vip\njsmith@gmail.com,Jane Smith,,CTO,,+1 415 555 0199,\"event, vip\"\n"
            .as_bytes(),
    );
    import(&sb, &p, &[]);
    let (code, _, err) = sb.run(&["note", "jsmith@gmail.com", "met at the booth"]);
    assert_eq!(code, 0, "{err}");
    let keep = show(&sb, "jane@acme.com")["id"].to_string();
    let other = show(&sb, "jsmith@gmail.com")["id"].to_string();
    let before = dump(&sb.db());
    let (code, out, err) = sb.run(&["merge", &keep, &other]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("merged"), "{out}");
    let jane = show(&sb, "jane@acme.com");
    assert_eq!(jane["title"], "CTO");
    assert_eq!(jane["company"], "Acme");
    assert_eq!(jane["phones"].as_array().map(Vec::len), Some(2));
    assert_eq!(jane["tags"], serde_json::json!(["vip", "event"]));
    let notes: Vec<&str> = jane["activities"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|x| x["kind"] == "note")
                .filter_map(|x| x["note"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        notes,
        ["met at the booth"],
        "the other's journal moved to the kept lead"
    );
    assert!(
        jane["activities"]
            .as_array()
            .is_some_and(|a| a.iter().any(|x| x["kind"] == "merge"))
    );
    let (code, _, _) = sb.run(&["show", &other]);
    assert_eq!(code, 1, "the other lead is gone");
    // Undo at the store level (the TUI's `u`): both leads come back, the note with its lead.
    let mut store = leadbench::store::Store::open(&sb.db()).unwrap_or_else(|e| panic!("{e}"));
    let undone = store
        .undo()
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("nothing to undo"));
    assert_eq!(undone.leads.len(), 2);
    drop(store);
    let other_back = show(&sb, "jsmith@gmail.com");
    assert!(
        other_back["activities"]
            .as_array()
            .is_some_and(|a| a.iter().any(|x| x["note"] == "met at the booth"))
    );
    assert_eq!(show(&sb, "jane@acme.com")["title"], serde_json::Value::Null);
    let _ = before;
    // Redo merges again, journal and all.
    let mut store = leadbench::store::Store::open(&sb.db()).unwrap_or_else(|e| panic!("{e}"));
    store.redo().unwrap_or_else(|e| panic!("{e}"));
    drop(store);
    let jane = show(&sb, "jane@acme.com");
    assert!(
        jane["activities"]
            .as_array()
            .is_some_and(|a| a.iter().any(|x| x["note"] == "met at the booth"))
    );
    let (code, _, _) = sb.run(&["merge", &keep, &keep]);
    assert_eq!(code, 2);
}
