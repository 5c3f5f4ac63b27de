//! The duplicate rule: same email (case, spaces) or same phone AND name — never a shared
//! switchboard alone; within the file and against the database; merge or skip.

use crate::cli::Sandbox;
use crate::import_support::*;

#[test]
fn duplicates_differing_by_case_spaces_and_phone_format_merge() {
    let sb = Sandbox::new();
    let text = "氏名,メールアドレス,電話番号,会社名,役職\n\
        山田 太郎,taro@example.jp,03-1234-5678,山田商事,\n\
        山田 太郎, Taro@Example.JP ,,,部長\n\
        鈴木 花子,,090-1111-2222,,\n\
        鈴木花子,,+81 90 1111 2222,鈴木工業,\n";
    let p = file(&sb, "dups.csv", text.as_bytes());
    let (code, report) = import(&sb, &p, &[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["imported"], 2, "{report}");
    assert_eq!(report["merged"], 2);
    let taro = show(&sb, "taro@example.jp");
    assert_eq!(taro["company"], "山田商事", "filled first, kept");
    assert_eq!(
        taro["title"], "部長",
        "empty field filled from the duplicate"
    );
    let all = leads(&sb);
    let hanako = all
        .iter()
        .find(|l| l["phone"] == "+819011112222")
        .unwrap_or_else(|| panic!());
    assert_eq!(hanako["company"], "鈴木工業");
}

#[test]
fn colleagues_sharing_a_switchboard_are_different_leads() {
    let sb = Sandbox::new();
    let text =
        "氏名,代表電話\n山田 太郎,03-1234-5678\n鈴木 花子,03-1234-5678\n佐藤 一郎,0312345678\n";
    let p = file(&sb, "sw.csv", text.as_bytes());
    let (code, report) = import(&sb, &p, &[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["imported"], 3);
    // And against the database: a new colleague on the same number is a new lead too.
    let p2 = file(
        &sb,
        "sw2.csv",
        "氏名,代表電話\n高橋 次郎,03-1234-5678\n山田 太郎,03 1234 5678\n".as_bytes(),
    );
    let (_, r2) = import(&sb, &p2, &[]);
    assert_eq!(r2["imported"], 1, "{r2}");
    assert_eq!(r2["merged"], 1);
    assert_eq!(leads(&sb).len(), 4);
}

#[test]
fn duplicates_of_existing_leads_merge_with_a_journal_row_or_are_skipped() {
    let sb = Sandbox::new();
    let p1 = file(
        &sb,
        "a.csv",
        "email,company,title\njane@acme.com,Acme,\n".as_bytes(),
    );
    import(&sb, &p1, &[]);
    let p2 = file(
        &sb,
        "b.csv",
        "email,company,title\n JANE@acme.com,Other,CTO\n".as_bytes(),
    );
    let (_, skipped) = import(&sb, &p2, &["--on-duplicate", "skip"]);
    assert_eq!(skipped["skipped"], 1, "{skipped}");
    assert_eq!(show(&sb, "jane@acme.com")["title"], serde_json::Value::Null);
    let (_, merged) = import(&sb, &p2, &[]);
    assert_eq!(merged["merged"], 1, "{merged}");
    let jane = show(&sb, "jane@acme.com");
    assert_eq!(jane["company"], "Acme");
    assert_eq!(jane["title"], "CTO");
    let merge_rows: Vec<&serde_json::Value> = jane["activities"]
        .as_array()
        .map(|a| a.iter().filter(|x| x["kind"] == "merge").collect())
        .unwrap_or_default();
    assert_eq!(merge_rows.len(), 1);
    assert_eq!(merge_rows[0]["data"]["previous"]["title"], "");
}
