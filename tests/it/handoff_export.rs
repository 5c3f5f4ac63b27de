//! The handoff summary in every format, read back field by field: Markdown sections and
//! escaping, JSON against its schema, the `.ics` parsed by a strict hand parser (CRLF, 75-octet
//! folding, unfolding, TEXT unescaping), CSV rows with the importers' headers; Japanese text
//! round-trips in each.

use std::collections::BTreeMap;

use chrono::Duration;
use leadbench::domain::qualification::ItemState;
use leadbench::domain::{ActivityKind, NewActivity, Stage};
use leadbench::io::handoff::crm_csv::{self, Crm, HUBSPOT_HEADERS, SALESFORCE_HEADERS};
use leadbench::io::handoff::{Summary, ics, json, md};
use leadbench::ops::handoff_export::{self, ExportFormat};
use leadbench::store::Change;

use crate::handoff_gate::Bench;
use crate::support::now;

/// A handed-off Japanese lead with calls, a note, qualification and a hostile name.
fn escalated(b: &mut Bench, hostile: bool) -> Summary {
    let id = b.add(1, 55);
    let t = now() - Duration::days(2);
    b.store
        .mutate(id, None, "setup", |before| {
            let mut l = before.clone();
            if hostile {
                l.first_name = "=HYPERLINK(\"http://evil\")".into();
                l.last_name = "[click](http://evil) **x**\u{202E}".into();
                l.company = "@株式会社\x1b[31m赤".into();
            } else {
                l.first_name = "太郎".into();
                l.last_name = "山田".into();
                l.company = "山田商事株式会社".into();
            }
            l.title = "情報システム部長".into();
            l.source = "展示会".into();
            l.notes = "紹介: 鈴木様\n二行目".into();
            let call = |o: &str, note: &str, h| {
                NewActivity::new(ActivityKind::Call, t + Duration::hours(h))
                    .with_outcome(o)
                    .with_note(note)
            };
            Ok::<_, leadbench::store::StoreError>(Change {
                lead: l,
                activities: vec![
                    call("no_answer", "", 0),
                    call("connected", "一回目: 課題はExcel管理", 1),
                    call("connected", "二回目: 予算は500万円, 来期", 2),
                    call("callback", "三回目; 部長同席", 3),
                    call("connected", "四回目 — 稟議へ", 4),
                    NewActivity::new(ActivityKind::Note, t + Duration::hours(5))
                        .with_note("競合はA社"),
                ],
            })
        })
        .unwrap_or_else(|e| panic!("{e}"));
    b.qualify(
        id,
        &[("need", ItemState::Confirmed)],
        Some("Excel管理が限界"),
    );
    b.qualify(
        id,
        &[("timeline", ItemState::Confirmed)],
        Some("来期4月に導入"),
    );
    b.qualify(id, &[("budget", ItemState::Partial)], None);
    b.escalate_at(id, now(), None)
        .unwrap_or_else(|e| panic!("{e}"));
    handoff_export::summary(&b.store, &b.config, id, now()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn markdown_has_every_section_in_english_and_japanese() {
    let mut b = Bench::new();
    let s = escalated(&mut b, false);
    let text = md::render(&s);
    for section in [
        "# Handoff: 山田 太郎 — 山田商事株式会社",
        "## Contact",
        "## Source",
        "## Meeting",
        "## Score",
        "## Qualification (BANT)",
        "## Last conversations",
        "## Timeline",
        "## Notes",
    ] {
        assert!(text.contains(section), "missing {section:?} in\n{text}");
    }
    assert!(text.contains("- **Score:** 55"));
    assert!(text.contains("| Need \\* | ✓ confirmed | Excel管理が限界"));
    assert!(text.contains("| Budget | partial |"));
    assert!(text.contains("Kenji Tanaka \\<kenji\\@example\\.jp\\>"));
    assert!(text.contains("> 予算確保済み、来期導入を検討"));
    assert!(text.contains("> 紹介\\: 鈴木様  \n> 二行目"));
    assert!(text.contains("競合はA社"));
    // The last three conversations, newest first: the first connected call is left out.
    let convs = text
        .split("## Last conversations")
        .nth(1)
        .and_then(|r| r.split("## Timeline").next())
        .unwrap_or_default();
    assert!(convs.contains("四回目") && convs.contains("三回目") && convs.contains("二回目"));
    assert!(!convs.contains("一回目"));
    assert!(convs.find("四回目") < convs.find("二回目"));

    let mut ja = s.clone();
    ja.lang = leadbench::domain::Lang::Ja;
    let text = md::render(&ja);
    for section in [
        "# 引き継ぎ: 山田 太郎",
        "## 連絡先",
        "## 商談",
        "## クオリフィケーション (BANT)",
        "## 直近の会話",
        "## 履歴",
        "## メモ",
    ] {
        assert!(text.contains(section), "missing {section:?}");
    }
    assert!(text.contains("| ニーズ \\* | ✓ 確認済み |"));
}

#[test]
fn markdown_cannot_be_injected_through_lead_text() {
    let mut b = Bench::new();
    let s = escalated(&mut b, true);
    let text = md::render(&s);
    assert!(!text.contains("[click](http"), "{text}");
    assert!(text.contains("\\[click\\]\\(http\\:\\/\\/evil\\) \\*\\*x\\*\\*"));
    assert!(!text.contains('\u{202E}') && !text.contains('\x1b'));
    assert!(text.contains("\\@株式会社赤"), "{text}");
}

#[test]
fn json_follows_its_schema() {
    let mut b = Bench::new();
    let s = escalated(&mut b, false);
    let doc: serde_json::Value =
        serde_json::from_str(&json::render(std::slice::from_ref(&s), &s.rep, now()))
            .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc["schema"], "leadbench.handoff/1");
    assert_eq!(doc["generated_at"], "2026-11-27T01:00:00Z");
    assert_eq!(doc["rep"]["name"], "佐藤 花子");
    assert_eq!(doc["rep"]["email"], "hanako@example.jp");
    let l = &doc["leads"][0];
    let keys: Vec<&str> = l
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    for k in [
        "id",
        "name",
        "first_name",
        "last_name",
        "full_name",
        "reading",
        "company",
        "department",
        "title",
        "email",
        "phone",
        "phones",
        "timezone",
        "industry",
        "employees",
        "source",
        "created_at",
        "handover_at",
        "stage",
        "score",
        "score_breakdown",
        "tags",
        "external_ids",
        "email_opt_out",
        "do_not_call",
        "qualification",
        "meeting_at",
        "escalation",
        "feedback",
        "last_conversations",
        "timeline",
        "notes",
    ] {
        assert!(keys.contains(&k), "lead lacks {k}");
    }
    assert_eq!(l["name"], "山田 太郎");
    assert_eq!(l["company"], "山田商事株式会社");
    assert_eq!(l["stage"], "handed_off");
    assert_eq!(l["score"], 55);
    assert_eq!(l["phone"], "+81312340001");
    assert_eq!(l["meeting_at"], "2026-11-30T01:00:00Z");
    let q = &l["qualification"];
    assert_eq!(q["framework"], "bant");
    assert_eq!(q["required"], serde_json::json!(["need", "timeline"]));
    assert_eq!(q["met"], true);
    let items = q["items"].as_object().map(|o| o.len()).unwrap_or(0);
    assert_eq!(items, 4, "every BANT item, unknown ones included");
    assert_eq!(q["items"]["authority"]["state"], "unknown");
    assert_eq!(q["items"]["authority"]["evidence"], serde_json::Value::Null);
    assert_eq!(q["items"]["need"]["state"], "confirmed");
    assert_eq!(q["items"]["need"]["evidence"]["text"], "Excel管理が限界");
    assert_eq!(q["items"]["need"]["evidence"]["at"], "2026-11-27T01:00:00Z");
    assert_eq!(q["items"]["need"]["required"], true);
    let e = &l["escalation"];
    assert_eq!(e["to"]["name"], "Kenji Tanaka");
    assert_eq!(e["to"]["email"], "kenji@example.jp");
    assert_eq!(e["note"], "予算確保済み、来期導入を検討");
    assert_eq!(e["override"], serde_json::Value::Null);
    assert_eq!(e["gate"]["passes"], true);
    assert_eq!(e["gate"]["min_score"], 40);
    assert_eq!(l["feedback"], serde_json::Value::Null);
    let convs = l["last_conversations"].as_array().map(Vec::len);
    assert_eq!(convs, Some(3));
    assert_eq!(l["last_conversations"][0]["note"], "四回目 — 稟議へ");
    let kinds: Vec<&str> = l["timeline"]
        .as_array()
        .map(|a| a.iter().filter_map(|x| x["kind"].as_str()).collect())
        .unwrap_or_default();
    assert!(kinds.contains(&"escalation") && kinds.contains(&"stage") && kinds.contains(&"call"));
    assert_eq!(l["notes"], "紹介: 鈴木様\n二行目");
}

/// Unfolds an iCalendar text after checking CRLF line ends and the 75-octet limit.
fn parse_ics(text: &str) -> Vec<(String, String, String)> {
    assert!(text.ends_with("\r\n"));
    assert!(
        !text.replace("\r\n", "").contains(['\n', '\r']),
        "bare LF or CR"
    );
    let mut logical: Vec<String> = Vec::new();
    for line in text.trim_end_matches("\r\n").split("\r\n") {
        assert!(line.len() <= 75, "line over 75 octets: {line:?}");
        if let Some(rest) = line.strip_prefix(' ') {
            logical
                .last_mut()
                .unwrap_or_else(|| panic!("continuation first"))
                .push_str(rest);
        } else {
            logical.push(line.to_owned());
        }
    }
    logical
        .into_iter()
        .map(|l| {
            // The value starts at the first ':' outside a quoted parameter value.
            let mut quoted = false;
            let split = l
                .char_indices()
                .find(|(_, c)| {
                    if *c == '"' {
                        quoted = !quoted;
                    }
                    *c == ':' && !quoted
                })
                .map(|(i, _)| i)
                .unwrap_or_else(|| panic!("no value in {l:?}"));
            let (head, value) = (&l[..split], &l[split + 1..]);
            let (name, params) = head.split_once(';').unwrap_or((head, ""));
            (name.to_owned(), params.to_owned(), value.to_owned())
        })
        .collect()
}

fn unescape(v: &str) -> String {
    let mut out = String::new();
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(x) => out.push(x),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn ics_is_rfc_5545_and_round_trips_japanese() {
    let mut b = Bench::new();
    let s = escalated(&mut b, false);
    let text = ics::render(&s, now()).unwrap_or_else(|| panic!("no meeting"));
    let props = parse_ics(&text);
    let get =
        |n: &str| -> Vec<&(String, String, String)> { props.iter().filter(|p| p.0 == n).collect() };
    let one = |n: &str| -> (String, String) {
        let v = get(n);
        assert_eq!(v.len(), 1, "{n}");
        (v[0].1.clone(), v[0].2.clone())
    };
    assert_eq!(props.first().map(|p| p.2.as_str()), Some("VCALENDAR"));
    assert_eq!(props.last().map(|p| p.2.as_str()), Some("VCALENDAR"));
    assert_eq!(one("VERSION").1, "2.0");
    assert!(one("PRODID").1.contains("leadbench"));
    assert_eq!(one("METHOD").1, "REQUEST");
    assert!(
        one("UID")
            .1
            .starts_with(&format!("leadbench-lead-{}-", s.lead.id))
    );
    assert!(one("UID").1.ends_with("@example.jp"));
    assert_eq!(one("DTSTAMP").1, "20261127T010000Z");
    assert_eq!(one("DTSTART").1, "20261130T010000Z");
    assert_eq!(one("DTEND").1, "20261130T020000Z");
    assert_eq!(
        unescape(&one("SUMMARY").1),
        "Meeting: 山田 太郎 (山田商事株式会社)"
    );
    let desc = unescape(&one("DESCRIPTION").1);
    assert!(
        desc.starts_with("山田 太郎 — 山田商事株式会社\n情報システム部長"),
        "{desc}"
    );
    assert!(desc.contains("Need: confirmed — Excel管理が限界"));
    assert!(desc.contains("予算確保済み、来期導入を検討"));
    let (params, value) = one("ORGANIZER");
    assert_eq!(value, "mailto:hanako@example.jp");
    assert_eq!(params, "CN=\"佐藤 花子\"");
    let (params, value) = one("ATTENDEE");
    assert_eq!(value, "mailto:kenji@example.jp");
    assert!(params.starts_with("CN=\"Kenji Tanaka\";ROLE=REQ-PARTICIPANT"));
    // The description is long and Japanese: it must have been folded.
    assert!(text.contains("\r\n "));
}

#[test]
fn ics_escapes_text_values() {
    let mut b = Bench::new();
    let mut s = escalated(&mut b, false);
    s.lead.company = "A, B; C\\D".into();
    let text = ics::render(&s, now()).unwrap_or_else(|| panic!("no meeting"));
    let props = parse_ics(&text);
    let summary = props
        .iter()
        .find(|p| p.0 == "SUMMARY")
        .map(|p| p.2.clone())
        .unwrap_or_default();
    assert!(summary.contains("A\\, B\\; C\\\\D"), "{summary}");
    assert_eq!(unescape(&summary), "Meeting: 山田 太郎 (A, B; C\\D)");
}

fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    assert!(bytes.starts_with("\u{FEFF}".as_bytes()), "no BOM");
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let headers: Vec<String> = r
        .headers()
        .unwrap_or_else(|e| panic!("{e}"))
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = r
        .records()
        .map(|rec| {
            let rec = rec.unwrap_or_else(|e| panic!("{e}"));
            headers
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_owned))
                .collect()
        })
        .collect();
    (headers, rows)
}

#[test]
fn hubspot_rows_have_hubspot_headers() {
    let mut b = Bench::new();
    let s = escalated(&mut b, false);
    let bytes = crm_csv::render(&[s], Crm::HubSpot).unwrap_or_else(|e| panic!("{e}"));
    let (headers, rows) = read_csv(&bytes);
    assert_eq!(headers, HUBSPOT_HEADERS.map(str::to_owned).to_vec());
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(r["First Name"], "太郎");
    assert_eq!(r["Last Name"], "山田");
    assert_eq!(r["Email"], "taro1@example.jp");
    assert_eq!(
        r["Phone Number"], "+81312340001",
        "E.164 is never neutralised"
    );
    assert_eq!(r["Company Name"], "山田商事株式会社");
    assert_eq!(r["Job Title"], "情報システム部長");
    assert_eq!(r["Lifecycle Stage"], "salesqualifiedlead");
    assert_eq!(r["Contact Owner"], "kenji@example.jp");
    assert_eq!(r["Original Source"], "展示会");
    assert_eq!(r["Meeting Date"], "2026-11-30T01:00:00Z");
    assert!(r["Handoff Summary"].contains("Need: confirmed — Excel管理が限界"));
}

#[test]
fn salesforce_rows_are_spreadsheet_safe() {
    let mut b = Bench::new();
    let s = escalated(&mut b, true);
    let bytes = crm_csv::render(&[s], Crm::Salesforce).unwrap_or_else(|e| panic!("{e}"));
    let (headers, rows) = read_csv(&bytes);
    assert_eq!(headers, SALESFORCE_HEADERS.map(str::to_owned).to_vec());
    let r = &rows[0];
    assert_eq!(r["FirstName"], "'=HYPERLINK(\"http://evil\")");
    assert_eq!(r["Company"], "'@株式会社赤");
    assert_eq!(r["Phone"], "+81312340001");
    assert_eq!(r["LeadSource"], "展示会");
    assert_eq!(r["Status"], "Qualified");
    assert!(r["Description"].contains("Timeline: confirmed — 来期4月に導入"));
    assert!(
        !r.values()
            .any(|v| v.contains('\u{202E}') || v.contains('\x1b'))
    );
}

#[test]
fn export_writes_one_file_per_lead_or_one_file_for_all() {
    let mut b = Bench::new();
    let one = escalated(&mut b, false).lead.id;
    let two = b.add(2, 0);
    b.escalate_at(two, now(), Some("x"))
        .unwrap_or_else(|e| panic!("{e}"));
    let out = b.dir.path().join("out");
    let ids = [one, two];
    let default_dir = b.export_dir();
    let run = |f, o: Option<&std::path::Path>| {
        handoff_export::export(&b.store, &b.config, &ids, f, o, &default_dir, now())
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let md = run(ExportFormat::Md, Some(&out));
    assert_eq!(
        md.files,
        vec![
            out.join(format!("handoff-{one}.md")),
            out.join(format!("handoff-{two}.md"))
        ]
    );
    let file = b.dir.path().join("all.json");
    let js = run(ExportFormat::Json, Some(&file));
    assert_eq!(js.files, vec![file.clone()]);
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc["leads"].as_array().map(Vec::len), Some(2));
    let csv = run(ExportFormat::SalesforceCsv, None);
    assert_eq!(csv.files.len(), 1);
    assert!(csv.files[0].starts_with(&default_dir));
    // One lead to a file path.
    let single = b.dir.path().join("one.ics");
    let ics = handoff_export::export(
        &b.store,
        &b.config,
        &[one],
        ExportFormat::Ics,
        Some(&single),
        &default_dir,
        now(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ics.files, vec![single]);
    // A lead with no meeting has no .ics: skipped, named.
    let three = b.add(3, 0);
    let none = handoff_export::export(
        &b.store,
        &b.config,
        &[three],
        ExportFormat::Ics,
        Some(&out),
        &default_dir,
        now(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(none.files.is_empty());
    assert_eq!(none.skipped.len(), 1);
    assert_eq!(b.lead(three).stage, Stage::Engaged);
}
