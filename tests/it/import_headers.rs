//! Header families (HubSpot, Salesforce, Japanese), a single 氏名 column, `--map`, statuses,
//! opt-outs, dates and extra columns.

use crate::cli::Sandbox;
use crate::import_support::*;

#[test]
fn hubspot_export() {
    let sb = Sandbox::new();
    let rows: &[&[&str]] = &[
        &[
            "Record ID",
            "First Name",
            "Last Name",
            "Email",
            "Phone Number",
            "Mobile Phone Number",
            "Company Name",
            "Job Title",
            "Lead Status",
            "Create Date",
            "Original Source",
            "Number of Employees",
            "Unsubscribed from all email",
            "Favourite Colour",
        ],
        &[
            "501",
            "Jane",
            "Smith",
            "jane@acme.com",
            "(212) 555-0100",
            "",
            "Acme Corp",
            "CTO",
            "ATTEMPTED_TO_CONTACT",
            "2026-03-12 09:14",
            "Organic Search",
            "50-99",
            "true",
            "teal",
        ],
        &[
            "502",
            "John",
            "Doe",
            "john@acme.com",
            "",
            "+1 415 555 0199",
            "Acme Corp",
            "",
            "CONNECTED",
            "3/15/2026 2:30 PM",
            "Paid Social",
            "1,000+",
            "false",
            "",
        ],
        &[
            "503",
            "Ann",
            "Lee",
            "ann@acme.com",
            "",
            "",
            "Acme Corp",
            "",
            "UNQUALIFIED",
            "",
            "",
            "",
            "",
            "",
        ],
        &[
            "504",
            "Bob",
            "Ray",
            "bob@acme.com",
            "",
            "",
            "Acme Corp",
            "",
            "SOMETHING_NEW",
            "",
            "",
            "",
            "",
            "",
        ],
    ];
    let p = file(&sb, "hubspot.csv", csv_text(rows, ',', "\r\n").as_bytes());
    let (code, report) = import(&sb, &p, &[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["imported"], 4);
    assert_eq!(
        report["warnings"], 1,
        "the unknown status is a warning: {report}"
    );
    let jane = show(&sb, "jane@acme.com");
    assert_eq!(jane["full_name"], "Jane Smith");
    assert_eq!(jane["stage"], "unreached");
    assert_eq!(jane["title"], "CTO");
    assert_eq!(jane["email_opt_out"], true);
    assert_eq!(jane["external_ids"]["hubspot"], "501");
    assert_eq!(jane["extra"]["Favourite Colour"], "teal");
    assert_eq!(jane["employees"]["max"], 99);
    assert_eq!(jane["source"], "Organic Search");
    let john = show(&sb, "john@acme.com");
    assert_eq!(john["stage"], "engaged");
    assert_eq!(john["phones"][0]["kind"], "mobile");
    assert_eq!(john["phone"], "+14155550199");
    assert_eq!(john["created_at"], "2026-03-15T14:30:00+09:00");
    assert_eq!(show(&sb, "ann@acme.com")["stage"], "lost");
    let bob = show(&sb, "bob@acme.com");
    assert_eq!(bob["stage"], "new");
    assert_eq!(bob["extra"]["Lead Status"], "SOMETHING_NEW");
}

#[test]
fn salesforce_api_names() {
    let sb = Sandbox::new();
    let rows: &[&[&str]] = &[
        &[
            "Id",
            "FirstName",
            "LastName",
            "Company",
            "Title",
            "Email",
            "Phone",
            "MobilePhone",
            "LeadSource",
            "Status",
            "NumberOfEmployees",
            "CreatedDate",
            "HasOptedOutOfEmail",
            "DoNotCall",
        ],
        &[
            "00Q5g00000ABCDe",
            "Mary",
            "Major",
            "Globex",
            "VP Sales",
            "mary@globex.com",
            "+44 20 7946 0958",
            "",
            "Web",
            "Open - Not Contacted",
            "250",
            "2026-03-12T00:14:00.000+0000",
            "0",
            "1",
        ],
        &[
            "00Q5g00000ABCDf",
            "Tom",
            "Minor",
            "Globex",
            "",
            "tom@globex.com",
            "",
            "",
            "Web",
            "Working - Contacted",
            "",
            "",
            "1",
            "0",
        ],
        &[
            "00Q5g00000ABCDg",
            "Sue",
            "Smith",
            "Globex",
            "",
            "sue@globex.com",
            "",
            "",
            "Web",
            "Closed - Not Converted",
            "",
            "",
            "0",
            "0",
        ],
    ];
    let p = file(&sb, "sf.csv", csv_text(rows, ',', "\n").as_bytes());
    let (code, report) = import(&sb, &p, &[]);
    assert_eq!(code, 0, "{report}");
    let mary = show(&sb, "mary@globex.com");
    assert_eq!(mary["stage"], "new");
    assert_eq!(mary["do_not_call"], true);
    assert_eq!(mary["external_ids"]["salesforce"], "00Q5g00000ABCDe");
    assert_eq!(mary["created_at"], "2026-03-12T09:14:00+09:00");
    assert_eq!(mary["timezone"], "Europe/London");
    assert_eq!(mary["employees"]["min"], 250);
    let tom = show(&sb, "tom@globex.com");
    assert_eq!(tom["stage"], "engaged");
    assert_eq!(tom["email_opt_out"], true);
    assert_eq!(show(&sb, "sue@globex.com")["stage"], "lost");
}

#[test]
fn japanese_headers_with_family_and_given_names_and_kana() {
    let sb = Sandbox::new();
    let rows: &[&[&str]] = &[
        &[
            "姓",
            "名",
            "セイ",
            "メイ",
            "会社名",
            "部署名",
            "役職",
            "メールアドレス",
            "携帯電話",
            "業種",
            "従業員数",
            "流入経路",
            "登録日時",
            "ステータス",
            "メール配信停止",
            "備考",
        ],
        &[
            "山田",
            "太郎",
            "ヤマダ",
            "タロウ",
            "山田商事株式会社",
            "営業部",
            "部長",
            "taro@example.jp",
            "090-1111-2222",
            "製造業",
            "100～499名",
            "展示会",
            "2026年3月12日 9時14分",
            "未接続",
            "はい",
            "一行目\n二行目",
        ],
    ];
    let p = file(&sb, "ja.csv", &cp932(&csv_text(rows, ',', "\r\n")));
    let (code, report) = import(&sb, &p, &[]);
    assert_eq!(code, 0, "{report}");
    let l = show(&sb, "taro@example.jp");
    assert_eq!(l["last_name"], "山田");
    assert_eq!(l["first_name"], "太郎");
    assert_eq!(l["full_name"], "山田 太郎");
    assert_eq!(l["reading"], "ヤマダ タロウ");
    assert_eq!(l["stage"], "unreached");
    assert_eq!(l["email_opt_out"], true);
    assert_eq!(l["phones"][0]["kind"], "mobile");
    assert_eq!(l["created_at"], "2026-03-12T09:14:00+09:00");
    assert_eq!(l["notes"], "一行目\n二行目");
}

#[test]
fn a_single_full_name_column_is_kept_as_imported() {
    let sb = Sandbox::new();
    let rows: &[&[&str]] = &[
        &["氏名", "電話番号"],
        &["佐藤花子", "06-6123-4567"],
        &["John Q. Public", "+1 212 555 0123"],
    ];
    let p = file(&sb, "one.csv", csv_text(rows, ',', "\n").as_bytes());
    let (code, report) = import(&sb, &p, &[]);
    assert_eq!(code, 0, "{report}");
    let all = leads(&sb);
    let names: Vec<&str> = all.iter().filter_map(|l| l["full_name"].as_str()).collect();
    assert!(names.contains(&"佐藤花子"), "{names:?}");
    assert!(names.contains(&"John Q. Public"));
    let sato = all
        .iter()
        .find(|l| l["full_name"] == "佐藤花子")
        .unwrap_or_else(|| panic!());
    assert_eq!(sato["first_name"], "");
    assert_eq!(sato["phone"], "+81661234567");
}

#[test]
fn map_reads_any_header_as_a_field() {
    let sb = Sandbox::new();
    let rows: &[&[&str]] = &[
        &["Kontakt", "Firma", "Rufnummer"],
        &["a@firma.de", "Firma GmbH", "030 1234567"],
    ];
    let p = file(&sb, "de.csv", csv_text(rows, ';', "\n").as_bytes());
    let (code, report) = import(
        &sb,
        &p,
        &[
            "--map",
            "Kontakt=email",
            "--map",
            "Firma=company",
            "--map",
            "Rufnummer=phone",
        ],
    );
    assert_eq!(code, 0, "{report}");
    let l = show(&sb, "a@firma.de");
    assert_eq!(l["company"], "Firma GmbH");
    assert_eq!(l["phones"][0]["raw"], "030 1234567");
    // A field that does not exist is a usage error.
    let (code, _, err) = sb.run(&["import", &p.to_string_lossy(), "--map", "Kontakt=colour"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("colour"), "{err}");
}

#[test]
fn day_first_dates_follow_date_order() {
    let sb = Sandbox::new();
    let rows: &[&[&str]] = &[&["Email", "Created"], &["a@x.co.uk", "03/04/2026 10:00"]];
    let p = file(&sb, "d.csv", csv_text(rows, ',', "\n").as_bytes());
    let (code, _) = import(&sb, &p, &["--date-order", "dmy"]);
    assert_eq!(code, 0);
    assert_eq!(
        show(&sb, "a@x.co.uk")["created_at"],
        "2026-04-03T10:00:00+09:00"
    );
}

/// Opt-out columns in the words CRMs and people use; a value that is neither yes nor no is
/// taken as an opt-out (with a warning), never as leave to mail or call.
#[test]
fn opt_out_words_are_honoured_and_unclear_ones_taken_as_yes() {
    let sb = Sandbox::new();
    let text = "Email,Email Opt Out,Do Not Call\n\
        a@x.com,Unsubscribed,\n\
        b@x.com,opted out,no\n\
        c@x.com,配信停止,\n\
        d@x.com,希望しない,\n\
        e@x.com,subscribed,\n\
        f@x.com,maybe later,call only mornings\n\
        g@x.com,,\n";
    let p = file(&sb, "optout.csv", text.as_bytes());
    let (code, report) = import(&sb, &p, &[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["warnings"], 2, "{report}");
    let all = leads(&sb);
    let flags = |email: &str| {
        let l = find(&all, email);
        (l["email_opt_out"].clone(), l["do_not_call"].clone())
    };
    for email in ["a@x.com", "b@x.com", "c@x.com", "d@x.com"] {
        assert_eq!(flags(email).0, true, "{email}");
    }
    assert_eq!(flags("e@x.com").0, false);
    assert_eq!(flags("f@x.com"), (true.into(), true.into()));
    assert_eq!(flags("g@x.com"), (false.into(), false.into()));
    // HubSpot's Japanese label of its unsubscribe column.
    let p = file(
        &sb,
        "hubspot-ja.csv",
        "Eメール,すべてのEメールの配信停止\nh@x.com,はい\n".as_bytes(),
    );
    let (code, report) = import(&sb, &p, &[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(show(&sb, "h@x.com")["email_opt_out"], true);
}

/// `--map` with a field that does not exist is a usage error (exit 2), named before the file
/// is read; nothing is written.
#[test]
fn a_map_to_an_unknown_field_is_a_usage_error() {
    let sb = Sandbox::new();
    let p = file(&sb, "m.csv", b"Email,Foo\na@x.com,1\n");
    let (code, _, err) = sb.run(&["import", &p.to_string_lossy(), "--map", "Foo=emial"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("\"emial\"") && err.contains("email, phone"),
        "{err}"
    );
    assert!(!sb.db().exists() || leads(&sb).is_empty());
}
