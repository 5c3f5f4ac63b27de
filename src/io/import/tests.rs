//! Byte-slice tests of the reader: encodings, delimiters, physical lines, cleaning, rejects.

use std::io::Cursor;

use chrono::TimeZone;
use encoding_rs::{SHIFT_JIS, WINDOWS_1252};

use super::*;
use crate::domain::Stage;

fn opts() -> ParseOptions {
    ParseOptions {
        encoding: None,
        date_order: None,
        maps: Vec::new(),
        country: "JP".into(),
        tz: chrono_tz::Asia::Tokyo,
        now: chrono::Utc
            .with_ymd_and_hms(2026, 11, 27, 1, 0, 0)
            .single()
            .unwrap_or_default(),
    }
}

fn read(bytes: Vec<u8>, o: &ParseOptions) -> (LeadFile, Vec<Result<Row, Reject>>) {
    let len = bytes.len() as u64;
    let mut f = LeadFile::from_reader(Cursor::new(bytes), len, o).unwrap_or_else(|e| panic!("{e}"));
    let mut all = Vec::new();
    while let Some(chunk) = f.next_chunk(3).unwrap_or_else(|e| panic!("{e}")) {
        all.extend(chunk);
    }
    (f, all)
}

fn ok(rows: &[Result<Row, Reject>]) -> Vec<&Row> {
    rows.iter().filter_map(|r| r.as_ref().ok()).collect()
}

fn rejects(rows: &[Result<Row, Reject>]) -> Vec<(u64, String)> {
    rows.iter()
        .filter_map(|r| r.as_ref().err())
        .map(|r| (r.line, r.reason.to_string()))
        .collect()
}

#[test]
fn cp932_crlf_with_japanese_headers() {
    let text = "氏名,会社名,メールアドレス,電話番号\r\n山田 太郎,山田商事株式会社,taro@example.jp,03-1234-5678\r\n,,,\r\n";
    let (bytes, _, _) = SHIFT_JIS.encode(text);
    let (f, rows) = read(bytes.into_owned(), &opts());
    assert_eq!(f.detection.name(), "Shift_JIS");
    let good = ok(&rows);
    assert_eq!(good.len(), 1);
    let l = &good[0].lead;
    assert_eq!(l.full_name, "山田 太郎");
    assert_eq!(l.company, "山田商事株式会社");
    assert_eq!(l.phones[0].number.as_deref(), Some("+81312345678"));
    assert_eq!(l.timezone.as_deref(), Some("Asia/Tokyo"));
    assert_eq!(
        rejects(&rows),
        vec![(3, "no usable email and no usable phone".to_owned())]
    );
}

#[test]
fn windows_1252_names_survive() {
    let (bytes, _, _) =
        WINDOWS_1252.encode("Name;Firma;E-Mail\nFrançois Lefèvre;Société Générale;f@sg.fr\nJürgen Groß;Bäckerei Müller;j@b.de\n");
    let (f, rows) = read(bytes.into_owned(), &opts());
    assert_eq!(f.detection.name(), "windows-1252");
    assert_eq!(f.delimiter, b';');
    let names: Vec<&str> = ok(&rows)
        .iter()
        .map(|r| r.lead.full_name.as_str())
        .collect();
    assert_eq!(names, ["François Lefèvre", "Jürgen Groß"]);
}

#[test]
fn multi_line_fields_keep_physical_line_numbers() {
    let text =
        "email,notes,company\na@x.com,\"one\ntwo\nthree\",A\nbroken\nc@x.com,,\"x\ny\"\n,,\n";
    let (_, rows) = read(text.as_bytes().to_vec(), &opts());
    assert_eq!(ok(&rows)[0].lead.notes, "one\ntwo\nthree");
    assert_eq!(ok(&rows)[1].lead.company, "x y");
    assert_eq!(ok(&rows)[1].line, 6);
    let r = rejects(&rows);
    assert_eq!(r[0].0, 5);
    assert!(r[0].1.contains("wrong column count"), "{r:?}");
    assert_eq!(r[1].0, 8);
}

#[test]
fn a_stray_byte_rejects_its_row_and_a_nul_is_cleaned() {
    let mut b = "氏名,メールアドレス\n山田 太郎,taro@example.jp\n"
        .as_bytes()
        .to_vec();
    b.extend_from_slice(b"Bad\xff Row,bad@example.jp\n");
    b.extend_from_slice("鈴木\0花子,hanako@example.jp\n".as_bytes());
    let (f, rows) = read(b, &opts());
    assert_eq!(f.detection.name(), "UTF-8");
    assert_eq!(ok(&rows).len(), 2);
    assert_eq!(ok(&rows)[1].lead.full_name, "鈴木花子");
    let r = rejects(&rows);
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].0, 3);
    assert!(r[0].1.contains("invalid bytes"), "{r:?}");
}

#[test]
fn oversized_fields_reject_and_formulas_lose_their_quote() {
    let big = "x".repeat(100 * 1024);
    let text = format!("email,company\na@x.com,{big}\nb@x.com,'=1+2\n");
    let (_, rows) = read(text.into_bytes(), &opts());
    let r = rejects(&rows);
    assert_eq!(r.len(), 1);
    assert!(r[0].1.contains("64 KiB"));
    assert_eq!(ok(&rows)[0].lead.company, "=1+2");
}

#[test]
fn statuses_dates_employees_and_opt_outs() {
    let text = "Email,Lead Status,Create Date,Number of Employees,HasOptedOutOfEmail,Colour\n\
        a@x.com,ATTEMPTED_TO_CONTACT,3/15/2026 2:30 PM,100〜499名,true,red\n\
        b@x.com,Mystery,2026年3月12日,1000+,0,\n";
    let (_, rows) = read(text.as_bytes().to_vec(), &opts());
    let good = ok(&rows);
    assert_eq!(good[0].lead.stage, Stage::Unreached);
    assert!(good[0].lead.email_opt_out);
    assert_eq!(good[0].lead.employees.max, Some(499));
    assert_eq!(
        good[0].lead.extra.get("Colour").map(String::as_str),
        Some("red")
    );
    assert_eq!(
        good[0].lead.created_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2026-03-15T05:30:00+00:00")
    );
    assert_eq!(good[1].lead.stage, Stage::New);
    assert_eq!(
        good[1].lead.extra.get("Lead Status").map(String::as_str),
        Some("Mystery")
    );
    assert_eq!(good[1].warnings.len(), 1);
}

#[test]
fn id_columns_are_kept_under_the_system_their_values_belong_to() {
    for (header, value, key) in [
        ("Record ID", "51234", "hubspot"),
        ("Record Id", "zcrm_4876876000001234567", "zoho"),
        ("Id", "00Q5g00000AbCdE", "salesforce"),
        ("Id", "00Q5g00000AbCdEFGH", "salesforce"),
        ("Id", "1001", "external_id"),
    ] {
        let text = format!("email,{header}\na@x.com,{value}\n");
        let (_, rows) = read(text.into_bytes(), &opts());
        let lead = &rows[0].as_ref().unwrap_or_else(|r| panic!("{r:?}")).lead;
        assert_eq!(
            lead.external_ids.get(key).map(String::as_str),
            Some(value),
            "{header} {value}"
        );
    }
}

#[test]
fn email_cells_give_their_address_however_people_wrote_it() {
    use super::row::address_in;
    for (cell, want) in [
        ("taro@example.jp", Some("taro@example.jp")),
        (
            "ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｊｐ",
            Some("yamada@example.jp"),
        ),
        ("山田 太郎 <taro@example.jp>", Some("taro@example.jp")),
        ("\"Doe, Jane\" <jane@acme.com>", Some("jane@acme.com")),
        ("mailto:saburo@example.jp", Some("saburo@example.jp")),
        ("MAILTO:Jo@Example.com.", Some("Jo@Example.com")),
        ("taro@example", None),
        // The next cell's text run into the address; an all-Japanese top-level domain stays.
        ("yui.takeuchi5@example.jp代表取締役", None),
        ("info@例え.みんな", Some("info@例え.みんな")),
        ("a@b.jp; c@d.jp", None),
        ("<>", None),
        ("", None),
    ] {
        assert_eq!(address_in(cell).as_deref(), want, "{cell}");
    }
}

#[test]
fn blank_lines_do_not_shift_the_lines_of_the_rows_after_them() {
    let text = "email,company\r\n\r\na@x.com,A\r\n\r\n\r\nbroken\r\n\nc@x.com,C\n\n\n\"d@x.com\",\"D\nE\"\n\nlast\n";
    let (_, rows) = read(text.as_bytes().to_vec(), &opts());
    let lines: Vec<u64> = ok(&rows).iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![3, 8, 11]);
    let r: Vec<u64> = rejects(&rows).iter().map(|(l, _)| *l).collect();
    assert_eq!(r, vec![6, 14]);
}

#[test]
fn statuses_of_other_systems_and_editions_map_to_stages() {
    use super::row::stage_for_status;
    for (status, stage) in [
        ("Open - Not Contacted", Some(Stage::New)),
        ("OPEN_NOT_CONTACTED", Some(Stage::New)),
        ("Ｗｏｒｋｉｎｇ－Ｃｏｎｔａｃｔｅｄ", Some(Stage::Engaged)),
        ("Contact in Future", Some(Stage::Engaged)),
        ("Junk Lead", Some(Stage::Lost)),
        ("Closed - Converted", Some(Stage::HandedOff)),
        ("連絡を試みた", Some(Stage::Unreached)),
        ("取引開始済み", Some(Stage::HandedOff)),
        ("育成・商談設定中", Some(Stage::Engaged)),
        ("リード", Some(Stage::New)),
        ("セールスクオリファイドリード", Some(Stage::HandedOff)),
        // A header, and a status with a prefix, are no statuses.
        ("リードの状況", None),
        ("ライフサイクル: リード", None),
    ] {
        assert_eq!(stage_for_status(status), stage, "{status}");
    }
}
