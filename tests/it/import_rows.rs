//! Hostile and broken rows: known lines rejected with reasons, everything else imported,
//! nothing that reaches the terminal or a spreadsheet unsafely, never a crash or a silent drop.

use crate::cli::Sandbox;
use crate::import_support::*;

#[test]
fn broken_rows_are_rejected_at_their_physical_lines() {
    let sb = Sandbox::new();
    // Line 3 opens a quoted field over three lines, so record numbers and lines differ after it.
    let text = "email,name,notes\n\
        a@x.com,Ann,\n\
        b@x.com,Bob,\"line one\nline two\nline three\"\n\
        c@x.com,Cy\n\
        ,Nobody,no contact at all\n\
        d@x.com,Dee,,extra,cells\n\
        e@x.com,Eve,\n";
    let p = file(&sb, "broken.csv", text.as_bytes());
    let (code, report) = import(&sb, &p, &[]);
    assert_eq!(code, 3, "partly done: {report}");
    assert_eq!(rejected_lines(&report), vec![6, 7, 8]);
    let reasons: Vec<&str> = report["rejected"]
        .as_array()
        .map(|a| a.iter().filter_map(|r| r["reason"].as_str()).collect())
        .unwrap_or_default();
    assert!(reasons[0].contains("wrong column count"), "{reasons:?}");
    assert_eq!(reasons[1], "no usable email and no usable phone");
    assert!(reasons[2].contains("wrong column count"));
    assert_eq!(report["rows"], 6);
    assert_eq!(report["imported"], 3);
    assert_eq!(
        show(&sb, "b@x.com")["notes"],
        "line one\nline two\nline three"
    );
}

/// A stray opening quote makes the CSV reader take the rest of the file for one field: that
/// record is refused, naming the quote's line and the lines it swallowed, never imported as a
/// lead whose notes hold the other rows.
#[test]
fn a_quote_never_closed_is_refused_with_the_lines_it_swallowed() {
    let sb = Sandbox::new();
    let text = "Email,Name,Notes\r\n\
        a@x.com,Taro,ok\r\n\
        b@x.com,Hanako,\"called, left vm\r\n\
        c@x.com,Jiro,ok\r\n\
        d@x.com,Ichiro,ok\r\n";
    let p = file(&sb, "open-quote.csv", text.as_bytes());
    let (code, report) = import(&sb, &p, &[]);
    assert_eq!(code, 3, "partly done: {report}");
    assert_eq!(report["imported"], 1, "{report}");
    assert_eq!(rejected_lines(&report), vec![3]);
    let reason = report["rejected"][0]["reason"].as_str().unwrap_or_default();
    assert!(
        reason.contains("line 3") && reason.contains("3-5"),
        "{reason}"
    );
    let emails: Vec<String> = leads(&sb)
        .iter()
        .filter_map(|l| l["email"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(emails, vec!["a@x.com".to_owned()]);

    // In the header the whole file is one record: the file is refused, naming the line.
    let p = file(
        &sb,
        "open-header.csv",
        b"Email,\"Name,Notes\na@x.com,Taro,ok\n",
    );
    let out = sb
        .cmd()
        .args(["import", "--db"])
        .arg(sb.db())
        .arg(&p)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("line 1") && err.contains("never closed"),
        "{err}"
    );
}

/// A created date ahead of the import (beyond a day's grace) is kept as an extra field with a
/// warning, not taken: as the hand-over it would put the lead above every other and make it
/// worth more than its score.
#[test]
fn a_created_date_in_the_future_is_a_warning_not_a_hand_over() {
    let sb = Sandbox::new();
    // The sandbox's clock: 2026-11-27 10:00 in Tokyo.
    let text = "email,name,Create Date\n\
        far@x.com,Far,2099-12-31\n\
        soon@x.com,Soon,2026-11-27 18:00\n\
        past@x.com,Past,2026-03-12 09:14\n";
    let p = file(&sb, "future.csv", text.as_bytes());
    let (code, report) = import(&sb, &p, &[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["warnings"], 1, "{report}");
    let sample = report["warning_samples"][0].as_str().unwrap_or_default();
    assert!(
        sample.contains("line 2") && sample.contains("in the future"),
        "{sample}"
    );
    let far = show(&sb, "far@x.com");
    assert_eq!(far["created_at"], serde_json::Value::Null);
    assert_eq!(far["extra"]["Create Date"], "2099-12-31");
    assert!(show(&sb, "past@x.com")["created_at"].is_string());
    for l in leads(&sb) {
        let (value, score) = (l["value"].as_f64(), l["score"].as_f64());
        assert!(value <= score.map(|s| s + 1.0), "{l}");
    }
}

/// A file whose every row is rejected changes nothing: exit 1, no batch written.
#[test]
fn a_file_with_every_row_rejected_writes_no_batch() {
    let sb = Sandbox::new();
    let p = file(&sb, "ok.csv", b"email,name\nok@x.com,Ok\n");
    import(&sb, &p, &[]);
    let before = dump(&sb.db());
    let p = file(
        &sb,
        "bad.csv",
        b"email,name\n,Nobody\nnot-an-address,Nobody Else\n",
    );
    let (code, report) = import(&sb, &p, &[]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["batch"], serde_json::Value::Null, "{report}");
    assert_eq!(rejected_lines(&report), vec![2, 3]);
    assert_eq!(dump(&sb.db()), before);
}

#[test]
fn escape_sequences_bidi_and_control_characters_are_cleaned() {
    let sb = Sandbox::new();
    let text = "email,name,company,title\n\
        a@x.com,\"Evil\u{1b}[2J\u{1b}]0;pwned\u{7}Name\",\"Acme\u{202e}gpj.exe\u{2066}\",\"CEO\r\nand founder\"\n";
    let p = file(&sb, "evil.csv", text.as_bytes());
    let (code, report) = import(&sb, &p, &[]);
    assert_eq!(code, 0, "{report}");
    let l = show(&sb, "a@x.com");
    for field in ["full_name", "company", "title"] {
        let s = l[field].as_str().unwrap_or_default();
        assert!(
            !s.chars()
                .any(|c| c.is_control() || matches!(c as u32, 0x202A..=0x202E | 0x2066..=0x2069)),
            "{field}: {s:?}"
        );
    }
    assert_eq!(l["company"], "Acmegpj.exe");
    assert_eq!(l["title"], "CEO and founder");
}

#[test]
fn formulas_import_as_text_and_export_neutralised() {
    let sb = Sandbox::new();
    let text = "email,company,title\na@x.com,\"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",@SUM(A1)\nb@x.com,'=1+2,+cmd\n";
    let p = file(&sb, "f.csv", text.as_bytes());
    let (code, _) = import(&sb, &p, &[]);
    assert_eq!(code, 0);
    assert_eq!(
        show(&sb, "a@x.com")["company"],
        "=HYPERLINK(\"http://evil\",\"x\")"
    );
    // A quote that neutralised a cell on export is removed on import.
    assert_eq!(show(&sb, "b@x.com")["company"], "=1+2");
    let (code, out, _) = sb.run(&["export"]);
    assert_eq!(code, 0);
    assert!(out.contains("\"'=HYPERLINK("), "{out}");
    assert!(out.contains(",'@SUM(A1)"), "{out}");
    assert!(out.contains(",'+cmd"), "{out}");
}

#[test]
fn a_100_kib_field_rejects_its_row_and_nothing_is_cut() {
    let sb = Sandbox::new();
    let big = "x".repeat(100 * 1024);
    let text = format!("email,notes\na@x.com,short\nb@x.com,{big}\nc@x.com,short\n");
    let p = file(&sb, "big.csv", text.as_bytes());
    let (code, report) = import(&sb, &p, &[]);
    assert_eq!(code, 3);
    assert_eq!(rejected_lines(&report), vec![3]);
    assert!(
        report["rejected"][0]["reason"]
            .as_str()
            .unwrap_or("")
            .contains("64 KiB")
    );
    assert_eq!(report["imported"], 2);
}

#[test]
fn a_stray_invalid_byte_rejects_one_row_and_a_nul_is_cleaned() {
    let sb = Sandbox::new();
    let mut bytes = "氏名,メールアドレス,会社名\n山田 太郎,taro@example.jp,山田商事\n"
        .as_bytes()
        .to_vec();
    bytes.extend_from_slice(b"Bad \xff Row,bad@example.jp,X\n");
    bytes.extend_from_slice("鈴木\0花子,hanako@example.jp,鈴木工業\n".as_bytes());
    let p = file(&sb, "stray.csv", &bytes);
    let (code, report) = import(&sb, &p, &[]);
    assert_eq!(code, 3, "{report}");
    assert_eq!(
        report["encoding"], "UTF-8",
        "the file is read as UTF-8, not misread whole"
    );
    assert_eq!(rejected_lines(&report), vec![3]);
    assert!(
        report["rejected"][0]["reason"]
            .as_str()
            .unwrap_or("")
            .contains("invalid bytes")
    );
    assert_eq!(show(&sb, "taro@example.jp")["company"], "山田商事");
    assert_eq!(show(&sb, "hanako@example.jp")["full_name"], "鈴木花子");
}

#[test]
fn every_row_is_accounted_for() {
    let sb = Sandbox::new();
    let mut text = String::from("email,phone,name\n");
    for i in 0..300 {
        match i % 5 {
            0 => text.push_str(&format!("user{i}@x.com,,User {i}\n")),
            1 => text.push_str(&format!(",03-1234-{i:04},User {i}\n")),
            2 => text.push_str(&format!("USER{}@X.COM ,,User dup\n", i - 2)),
            3 => text.push_str(",,nobody\n"),
            _ => text.push_str("\"unterminated,\n"),
        }
    }
    let p = file(&sb, "mix.csv", text.as_bytes());
    let (_, report) = import(&sb, &p, &[]);
    let rows = report["rows"].as_u64().unwrap_or(0);
    let accounted = ["imported", "merged", "skipped"]
        .iter()
        .map(|k| report[*k].as_u64().unwrap_or(0))
        .sum::<u64>()
        + report["rejected"].as_array().map_or(0, |a| a.len() as u64);
    assert_eq!(rows, accounted, "{report}");
}
