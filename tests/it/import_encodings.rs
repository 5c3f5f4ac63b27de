//! Files in every encoding reps get, generated here: CP932 without BOM (CRLF), UTF-8 with BOM,
//! UTF-16 TSV (Excel "Unicode text"), Windows-1252 (not misread as Japanese), EUC-JP.

use crate::cli::Sandbox;
use crate::import_support::*;

const JA_ROWS: &[&[&str]] = &[
    &[
        "氏名",
        "会社名",
        "部署名",
        "役職",
        "メールアドレス",
        "電話番号",
        "業種",
        "従業員数",
        "流入経路",
        "登録日時",
    ],
    &[
        "山田 太郎",
        "山田商事株式会社",
        "営業部",
        "部長",
        "taro@example.jp",
        "03-1234-5678",
        "製造業",
        "100～499名",
        "展示会",
        "2026/3/12 9:14",
    ],
    &[
        "鈴木 花子",
        "株式会社テスト～ワークス",
        "情報システム部",
        "課長",
        "hanako@example.jp",
        "090-1111-2222",
        "情報通信業",
        "1,000+",
        "Webフォーム",
        "2026年3月12日",
    ],
];

fn check_japanese(sb: &Sandbox, report: &serde_json::Value, encoding: &str) {
    assert_eq!(report["encoding"], encoding, "{report}");
    assert_eq!(report["imported"], 2, "{report}");
    let taro = show(sb, "taro@example.jp");
    assert_eq!(taro["full_name"], "山田 太郎");
    assert_eq!(taro["company"], "山田商事株式会社");
    assert_eq!(taro["department"], "営業部");
    assert_eq!(taro["phone"], "+81312345678");
    assert_eq!(taro["phones"][0]["raw"], "03-1234-5678");
    assert_eq!(taro["timezone"], "Asia/Tokyo");
    assert_eq!(taro["employees"]["min"], 100);
    assert_eq!(taro["employees"]["max"], 499);
    assert_eq!(taro["source"], "展示会");
    // 2026-03-12 09:14 in the rep's zone (Asia/Tokyo by default).
    assert_eq!(taro["created_at"], "2026-03-12T09:14:00+09:00");
    let hanako = show(sb, "hanako@example.jp");
    assert_eq!(hanako["company"], "株式会社テスト～ワークス");
    assert_eq!(hanako["phone"], "+819011112222");
}

#[test]
fn cp932_without_bom_with_crlf() {
    let sb = Sandbox::new();
    let p = file(&sb, "ja.csv", &cp932(&csv_text(JA_ROWS, ',', "\r\n")));
    let (code, report) = import(&sb, &p, &[]);
    assert_eq!(code, 0);
    check_japanese(&sb, &report, "Shift_JIS");
}

#[test]
fn utf8_with_bom() {
    let sb = Sandbox::new();
    let p = file(&sb, "ja.csv", &utf8_bom(&csv_text(JA_ROWS, ',', "\n")));
    let (code, report) = import(&sb, &p, &[]);
    assert_eq!(code, 0);
    check_japanese(&sb, &report, "UTF-8");
}

#[test]
fn utf16_tab_separated_excel_unicode_text() {
    let sb = Sandbox::new();
    let p = file(
        &sb,
        "ja.txt",
        &utf16le_bom(&csv_text(JA_ROWS, '\t', "\r\n")),
    );
    let (code, report) = import(&sb, &p, &[]);
    assert_eq!(code, 0);
    check_japanese(&sb, &report, "UTF-16LE");
}

#[test]
fn euc_jp_file() {
    let sb = Sandbox::new();
    let p = file(&sb, "ja.csv", &euc_jp(&csv_text(JA_ROWS, ',', "\n")));
    let (code, report) = import(&sb, &p, &[]);
    assert_eq!(code, 0);
    check_japanese(&sb, &report, "EUC-JP");
}

#[test]
fn windows_1252_french_and_german_names_are_not_read_as_japanese() {
    let sb = Sandbox::new();
    let rows: &[&[&str]] = &[
        &[
            "First Name",
            "Last Name",
            "Company Name",
            "Email",
            "Phone Number",
        ],
        &[
            "François",
            "Lefèvre",
            "Société Générale",
            "francois@sg.fr",
            "+33 1 42 14 20 00",
        ],
        &[
            "Jürgen",
            "Groß",
            "Bäckerei Müller GmbH",
            "juergen@mueller.de",
            "+49 30 1234567",
        ],
        &[
            "Zoë",
            "Ærøskøbing",
            "Café Noël",
            "zoe@cafe.fr",
            "+33 1 23 45 67 89",
        ],
    ];
    let p = file(&sb, "eu.csv", &windows_1252(&csv_text(rows, ';', "\r\n")));
    // The default country is JP, so the detector gets the Japan hint: it must still say 1252.
    let (code, report) = import(&sb, &p, &[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["encoding"], "windows-1252");
    let f = show(&sb, "francois@sg.fr");
    assert_eq!(f["full_name"], "François Lefèvre");
    assert_eq!(f["company"], "Société Générale");
    assert_eq!(f["timezone"], "Europe/Paris");
    let j = show(&sb, "juergen@mueller.de");
    assert_eq!(j["full_name"], "Jürgen Groß");
    assert_eq!(j["phone"], "+49301234567");
    assert_eq!(j["timezone"], "Europe/Berlin");
    assert_eq!(show(&sb, "zoe@cafe.fr")["company"], "Café Noël");
}

#[test]
fn forced_encoding_aliases_and_unknown_labels() {
    let sb = Sandbox::new();
    let p = file(&sb, "ja.csv", &cp932(&csv_text(JA_ROWS, ',', "\r\n")));
    for label in ["cp932", "ms932", "windows-31j", "sjis", "shift_jis"] {
        let (code, report) = import(&sb, &p, &["--encoding", label, "--dry-run"]);
        assert_eq!(code, 0, "{label}");
        assert_eq!(report["encoding"], "Shift_JIS", "{label}");
    }
    let (code, _, err) = sb.run(&["import", &p.to_string_lossy(), "--encoding", "klingon"]);
    assert_eq!(code, 2);
    assert!(err.contains("cp932"), "{err}");
}
