//! Files as other systems write them: Salesforce reports (English and Japanese labels, with
//! their footer), HubSpot in Japanese, Zoho, a business-card service, a trade-show list with a
//! title above the header in full-width and half-width text, and Excel's `sep=` line.

use crate::cli::Sandbox;
use crate::import_support::*;

#[test]
fn a_salesforce_report_maps_its_labels_and_explains_its_footer() {
    let sb = Sandbox::new();
    let text = "Lead Owner,First Name,Last Name,Title,Company / Account,Email,Phone,Mobile,\
Lead Source,Lead Status,Industry,No. of Employees,Create Date,Email Opt Out,Do Not Call,Lead ID\r\n\
Ken Sato,Mary,Jones,VP Sales,Acme Corp,mary@acme.com,+1 415 555 0100,,Web,\
Working - Contacted,Retail,\"1,200\",3/15/2026,1,0,00Q5g000001AbCd\r\n\
\"Grand Totals (1 record)\"\r\n\r\n\
\"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved.\"\r\n";
    let path = file(&sb, "report.csv", text.as_bytes());
    let (code, report) = import(&sb, &path, &[]);
    assert_eq!(code, 3, "{report}");
    assert_eq!(report["imported"], 1);
    // The footer lines are refused, each with its physical line, never dropped in silence.
    assert_eq!(rejected_lines(&report), vec![3, 5]);
    let lead = show(&sb, "mary@acme.com");
    assert_eq!(lead["company"], "Acme Corp");
    assert_eq!(lead["title"], "VP Sales");
    assert_eq!(lead["stage"], "engaged");
    assert_eq!(lead["employees"]["min"], 1200);
    assert_eq!(lead["email_opt_out"], true);
    assert_eq!(lead["do_not_call"], false);
    assert_eq!(lead["external_ids"]["salesforce"], "00Q5g000001AbCd");
    assert_eq!(lead["extra"]["Lead Owner"], "Ken Sato");
}

#[test]
fn a_japanese_salesforce_report_in_cp932_honours_its_opt_out_and_do_not_call_labels() {
    let sb = Sandbox::new();
    let text = "リード所有者,名,姓,役職,会社名 / 取引先,メール,電話,携帯,リードソース,リードの状況,\
業種,従業員数,作成日,メール送信除外,電話連絡不可,リード ID\r\n\
佐藤 健,花子,山田,部長,株式会社テスト,hanako@test.co.jp,03-1234-5678,090-1234-5678,Web,\
対応中,製造,\"1,200\",2026/03/15,1,1,00Q5g000001XyZ\r\n\
佐藤 健,次郎,田中,課長,株式会社テスト,jiro@test.co.jp,03-1234-5678,,展示会,取引開始済み,製造,,\
2026/03/16,0,0,00Q5g000001XyY\r\n";
    let path = file(&sb, "sf_jp.csv", &cp932(text));
    let (code, report) = import(&sb, &path, &[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["encoding"], "Shift_JIS");
    let hanako = show(&sb, "hanako@test.co.jp");
    assert_eq!(hanako["full_name"], "山田 花子");
    assert_eq!(hanako["company"], "株式会社テスト");
    assert_eq!(hanako["stage"], "engaged");
    assert_eq!(hanako["email_opt_out"], true);
    assert_eq!(hanako["do_not_call"], true);
    assert_eq!(hanako["external_ids"]["salesforce"], "00Q5g000001XyZ");
    let jiro = show(&sb, "jiro@test.co.jp");
    assert_eq!(jiro["stage"], "handed_off");
    assert_eq!(jiro["do_not_call"], false);
    // Colleagues on one switchboard number stay two leads.
    assert_eq!(report["imported"], 2);
}

#[test]
fn hubspot_in_japanese_and_zoho_map_their_own_labels() {
    let sb = Sandbox::new();
    let hubspot = "レコードID,名,姓,Eメール,電話番号,携帯電話番号,会社名,役職,リードステータス,作成日,\
元のソース,従業員数\n\
101,太郎,鈴木,taro@suzuki.jp,06-1111-2222,,鈴木商事,課長,連絡を試みた,2026-03-12 09:14,\
オーガニック検索,50-99\n";
    let (code, report) = import(&sb, &file(&sb, "hs.csv", hubspot.as_bytes()), &[]);
    assert_eq!(code, 0, "{report}");
    let taro = show(&sb, "taro@suzuki.jp");
    assert_eq!(taro["stage"], "unreached");
    assert_eq!(taro["source"], "オーガニック検索");
    assert_eq!(taro["external_ids"]["hubspot"], "101");
    assert_eq!(taro["employees"]["max"], 99);

    let zoho = "Lead Owner,Salutation,First Name,Last Name,Company,Designation,Email,Phone,\
Lead Source,Lead Status,No. of Employees,Created Time,Email Opt Out\n\
Kim,Mr.,John,Doe,Zeta LLC,CTO,john@zeta.io,+1 650 555 0199,Trade Show,Contact in Future,250,\
2026-02-01 10:20:30,false\n\
Kim,Ms.,Ann,Roe,Zeta LLC,CFO,ann@zeta.io,,Web,Junk Lead,250,2026-02-02 08:00:00,true\n";
    let (code, report) = import(&sb, &file(&sb, "zoho.csv", zoho.as_bytes()), &[]);
    assert_eq!(code, 0, "{report}");
    let john = show(&sb, "john@zeta.io");
    assert_eq!(john["title"], "CTO");
    assert_eq!(john["stage"], "engaged");
    assert_eq!(john["employees"]["min"], 250);
    assert!(
        john["created_at"]
            .as_str()
            .is_some_and(|t| t.starts_with("2026-02-01T10:20:30")),
        "{john}"
    );
    let ann = show(&sb, "ann@zeta.io");
    assert_eq!(ann["stage"], "lost");
    assert_eq!(ann["email_opt_out"], true);
}

#[test]
fn a_business_card_export_keeps_each_telephone_in_its_kind() {
    let sb = Sandbox::new();
    let text = "会社名,部署名,役職,姓,名,e-mail,郵便番号,住所,TEL会社,TEL部門,TEL直通,Fax,携帯電話,URL,\
名刺交換日\n\
株式会社エイト,営業部,主任,高橋,一郎,ichiro@eight.jp,100-0001,東京都千代田区,03-5555-0000,\
03-5555-0001,03-5555-0002,03-5555-0003,080-5555-0004,https://eight.jp,2026/10/01\n";
    let (code, report) = import(&sb, &file(&sb, "eight.csv", text.as_bytes()), &[]);
    assert_eq!(code, 0, "{report}");
    let lead = show(&sb, "ichiro@eight.jp");
    let kinds: Vec<(String, String)> = lead["phones"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|p| (p["kind"].to_string(), p["raw"].to_string()))
                .collect()
        })
        .unwrap_or_default();
    for (kind, raw) in [
        ("main", "03-5555-0001"),
        ("switchboard", "03-5555-0000"),
        ("direct", "03-5555-0002"),
        ("mobile", "080-5555-0004"),
    ] {
        assert!(
            kinds.contains(&(format!("{kind:?}"), format!("{raw:?}"))),
            "{kind} {raw}: {kinds:?}"
        );
    }
    // The fax is no phone to call: kept as an extra field with the address.
    assert_eq!(lead["extra"]["Fax"], "03-5555-0003");
    assert_eq!(lead["extra"]["住所"], "東京都千代田区");
    assert!(
        lead["created_at"]
            .as_str()
            .is_some_and(|t| t.starts_with("2026-10-01")),
        "{lead}"
    );
}

#[test]
fn a_sheet_with_a_title_above_a_full_width_header_is_read_from_its_header() {
    let sb = Sandbox::new();
    let text = "【来場者リスト】\r\n出力日: 2026/11/01\r\n\r\n\
Ｎｏ．,会社名,部署名,役職名,氏名,ﾌﾘｶﾞﾅ,Ｅ－ｍａｉｌ,ＴＥＬ\r\n\
1,展示会株式会社,開発部,課長,伊藤 美咲,ｲﾄｳ ﾐｻｷ,misaki@tenji.jp,045-123-4567\r\n";
    let (code, report) = import(&sb, &file(&sb, "show.csv", &cp932(text)), &[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["imported"], 1);
    // The two title lines are reported with their lines; the blank one holds nothing.
    let warnings = report["warning_samples"].to_string();
    assert_eq!(report["warnings"], 2, "{warnings}");
    assert!(
        warnings.contains("line 1: \\\"【来場者リスト】\\\" comes before the header row"),
        "{warnings}"
    );
    assert!(warnings.contains("line 2: "), "{warnings}");
    let lead = show(&sb, "misaki@tenji.jp");
    assert_eq!(lead["full_name"], "伊藤 美咲");
    assert_eq!(lead["title"], "課長");
    // The reading is kept as written, and found in full-width katakana or hiragana.
    assert_eq!(lead["reading"], "ｲﾄｳ ﾐｻｷ");
    assert_eq!(lead["phone"], "+81451234567");
    let store = leadbench::store::Store::open(&sb.db()).unwrap_or_else(|e| panic!("{e}"));
    for query in ["イトウ", "いとう", "ミサキ", "ｲﾄｳ"] {
        let found = store
            .search(query, 10)
            .unwrap_or_else(|e| panic!("{query}: {e}"));
        assert_eq!(found.total, 1, "{query}");
    }
}

#[test]
fn excel_sep_line_names_the_delimiter_and_is_not_the_header() {
    let sb = Sandbox::new();
    let text = "sep=;\r\nFirst Name;Last Name;Email;Phone\r\nAnn;Lee;ann@example.com;\r\n\
Bob;Ray;bob@example;03-1234-5678\r\nbroken\"row;;\r\n";
    let (code, report) = import(&sb, &file(&sb, "excel.csv", text.as_bytes()), &[]);
    assert_eq!(code, 3, "{report}");
    assert_eq!(report["imported"], 2);
    // Physical lines count the sep= line.
    assert_eq!(rejected_lines(&report), vec![5]);
    let all = leads(&sb);
    assert_eq!(find(&all, "ann@example.com")["full_name"], "Ann Lee");
}

#[test]
fn a_first_row_of_data_is_never_taken_for_a_title() {
    // A header no alias knows for an email or a phone stays the header (not a title skipped
    // as a warning): the file is refused at once, naming its headers and the way to map them,
    // where every row would otherwise be rejected for want of a phone or an email.
    let sb = Sandbox::new();
    let text = "Kunde,Firma,Kontakt\nMüller,X GmbH,m@x.de\n";
    let p = file(&sb, "de.csv", text.as_bytes());
    let (code, _, err) = sb.run(&["import", &p.to_string_lossy()]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("line 1") && err.contains("Kontakt") && err.contains("--map"),
        "{err}"
    );
    // Mapped, the same file imports.
    let (code, report) = import(&sb, &p, &["--map", "Kontakt=email"]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["imported"], 1);
    assert_eq!(report["warnings"], 0);
}

/// A file without a header row: its first lead is not silently taken for the header.
#[test]
fn a_file_without_a_header_row_is_named_as_such() {
    let sb = Sandbox::new();
    let text =
        "Taro Yamada,taro@example.jp,03-1234-5678\nHanako Sato,hanako@example.jp,090-1111-2222\n";
    let p = file(&sb, "noheader.csv", text.as_bytes());
    let (code, _, err) = sb.run(&["import", &p.to_string_lossy()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("looks like a lead, not a header row"), "{err}");
    assert!(leads(&sb).is_empty());
}

#[test]
fn a_country_column_reads_each_rows_national_numbers_in_that_country() {
    // The rep's default country is Japan; the file mixes leads of three countries.
    let sb = Sandbox::new();
    let text = "Name,Email,Phone,Country/Region\n\
Amy Lee,amy@a.com,(415) 555-0100,United States\n\
山田 太郎,taro@a.jp,03-1234-5678,日本\n\
Hans Weber,hans@a.de,030 1234567,DE\n\
鈴木 花子,hanako@a.jp,06-1234-5678,\n";
    let (code, report) = import(&sb, &file(&sb, "world.csv", text.as_bytes()), &[]);
    assert_eq!(code, 0, "{report}");
    for (email, phone, zone) in [
        ("amy@a.com", "+14155550100", "America/New_York"),
        ("taro@a.jp", "+81312345678", "Asia/Tokyo"),
        ("hans@a.de", "+49301234567", "Europe/Berlin"),
        ("hanako@a.jp", "+81612345678", "Asia/Tokyo"),
    ] {
        let lead = show(&sb, email);
        assert_eq!(lead["phone"], phone, "{email}");
        assert_eq!(lead["timezone"], zone, "{email}");
    }
    // The country itself is kept, as written.
    assert_eq!(
        show(&sb, "amy@a.com")["extra"]["Country/Region"],
        "United States"
    );
}
