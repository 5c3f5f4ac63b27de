//! CLI success and status lines follow `ui.language`, while what scripts read — `--json`, exit
//! codes — stays the same in every language.

use crate::cli::Sandbox;

/// Runs `args` in `lang` (see [`Sandbox::run_in`]).
fn run(sb: &Sandbox, lang: Option<&str>, args: &[&str]) -> (i32, String, String) {
    sb.run_in(lang, args)
}

/// Adds a callable lead; returns its id.
fn one_lead(sb: &Sandbox, email: &str) -> String {
    let (code, _, err) = run(
        sb,
        None,
        &[
            "add",
            "--name",
            "Jane Roe",
            "--phone",
            "+1 212 555 0100",
            "--email",
            email,
        ],
    );
    assert_eq!(code, 0, "{err}");
    sb.json(&["show", email, "--json"])["id"].to_string()
}

#[test]
fn marking_a_lead_lost_is_confirmed_in_the_configured_language() {
    let sb = Sandbox::new();
    let id = one_lead(&sb, "jane@example.com");
    let (code, out, err) = run(&sb, Some("ja"), &["lost", &id, "not_interested"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out.trim(),
        format!("リード {id} を失注にしました（not_interested）")
    );
    let id = one_lead(&sb, "john@example.com");
    let (code, out, err) = run(&sb, None, &["lost", &id, "bad_timing"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), format!("lead {id} lost (bad_timing)"));
}

/// A file of three rows, the second (line 3) with neither email nor phone.
const ONE_BAD_ROW: &str = "email,name\nann@example.com,Ann\n,Nobody\nbob@example.com,Bob\n";

#[test]
fn the_import_summary_and_its_reject_reasons_speak_japanese() {
    let sb = Sandbox::new();
    let file = sb.write("leads.csv", ONE_BAD_ROW);
    let file = file.to_string_lossy();
    let (code, out, err) = run(&sb, Some("ja"), &["import", &file, "--dry-run"]);
    assert_eq!(code, 3, "partly done: {out}{err}");
    assert!(
        out.contains("リード 2 件を取り込む見込みです") && out.contains("却下 1"),
        "{out}"
    );
    assert!(
        err.contains("3 行目: 使えるメールアドレスも電話番号もありません"),
        "{err}"
    );
    let (code, out, err) = run(&sb, None, &["import", &file]);
    assert_eq!(code, 3, "{out}{err}");
    assert!(
        out.starts_with("imported 2 leads (batch 1): 0 merged, 0 skipped, 1 rejected of 3 rows"),
        "{out}"
    );
    assert!(
        err.contains("  line 3: no usable email and no usable phone"),
        "{err}"
    );
}

#[test]
fn import_json_keeps_english_reasons_whatever_the_language() {
    let sb = Sandbox::new();
    let file = sb.write("leads.csv", ONE_BAD_ROW);
    let (code, out, err) = run(
        &sb,
        Some("ja"),
        &["import", &file.to_string_lossy(), "--json"],
    );
    assert_eq!(code, 3, "{err}");
    let report: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    assert_eq!(
        report["rejected"],
        serde_json::json!([{"line": 3, "reason": "no usable email and no usable phone"}])
    );
}

#[test]
fn an_empty_outbox_says_so_in_either_language() {
    let sb = Sandbox::new();
    one_lead(&sb, "jane@example.com");
    let (code, out, _) = run(&sb, Some("ja"), &["outbox", "list"]);
    assert_eq!((code, out.trim()), (0, "キューは空です"));
    let (code, out, _) = run(&sb, Some("ja"), &["outbox", "flush"]);
    assert_eq!((code, out.trim()), (0, "送信予定のメールはありません"));
    let (code, out, _) = run(&sb, None, &["outbox", "list"]);
    assert_eq!((code, out.trim()), (0, "the queue is empty"));
    let (code, out, _) = run(&sb, None, &["outbox", "flush"]);
    assert_eq!((code, out.trim()), (0, "nothing due"));
}

#[test]
fn the_export_count_follows_the_language_and_the_file_does_not() {
    let sb = Sandbox::new();
    one_lead(&sb, "jane@example.com");
    let ja_file = sb.dir.path().join("ja.csv");
    let (code, _, err) = run(
        &sb,
        Some("ja"),
        &["export", "-o", &ja_file.to_string_lossy()],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err.trim(),
        format!("リード 1 件を {} に書き出しました", ja_file.display())
    );
    let en_file = sb.dir.path().join("en.csv");
    let (code, _, err) = run(&sb, None, &["export", "-o", &en_file.to_string_lossy()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err.trim(),
        format!("exported 1 leads to {}", en_file.display())
    );
    let read = |p: &std::path::Path| std::fs::read(p).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(read(&ja_file), read(&en_file), "the CSV is the same file");
}

/// `doctor` names its checks and findings in the configured language; the verdict column
/// (`ok` / `FAIL`) stays the same for scripts.
#[test]
fn doctor_speaks_the_configured_language_and_keeps_its_verdict_column() {
    let sb = Sandbox::new();
    one_lead(&sb, "jane@example.com");
    let (code, out, err) = run(&sb, Some("ja"), &["doctor"]);
    assert_eq!(code, 0, "{out}{err}");
    for line in [
        "ok    整合性: ok",
        "ok    外部キー: 参照切れ 0 件",
        "ok    ファイルシステム: ローカル",
    ] {
        assert!(out.lines().any(|l| l == line), "{line:?} in:\n{out}");
    }
    assert!(
        out.lines()
            .all(|l| l.starts_with("ok  ") || l.starts_with("FAIL")),
        "{out}"
    );
    let (code, out, err) = run(&sb, None, &["doctor"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.lines()
            .any(|l| l == "ok    foreign keys: 0 dangling references"),
        "{out}"
    );
    // Salvage words its summary the same way.
    let copy = sb.dir.path().join("saved.db");
    let (code, out, err) = run(
        &sb,
        Some("ja"),
        &["doctor", "--salvage", &copy.to_string_lossy()],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("行を写しました"), "{out}");
    assert!(out.contains("に復旧しました"), "{out}");
}

/// The import's progress bar words its phases in the configured language.
#[test]
fn the_import_progress_bar_follows_the_language() {
    let sb = Sandbox::new();
    let file = sb.write("leads.csv", ONE_BAD_ROW);
    let (_, _, err) = run(
        &sb,
        Some("ja"),
        &["import", &file.to_string_lossy(), "--progress"],
    );
    assert!(err.contains("行 — "), "{err}");
    assert!(
        err.contains("書き込み中") || err.contains("読み込み中"),
        "{err}"
    );
    let sb = Sandbox::new();
    let file = sb.write("leads.csv", ONE_BAD_ROW);
    let (_, _, err) = run(
        &sb,
        None,
        &["import", &file.to_string_lossy(), "--progress"],
    );
    assert!(err.contains(" rows — "), "{err}");
}

/// A value kept as an extra field is reported in the configured language, while
/// `import --json`'s `warning_samples` keep their English text for scripts.
#[test]
fn import_warnings_speak_the_language_and_the_json_stays_english() {
    let csv = "email,phone,name,timezone\nann@example.com,+81 3 1234 5678,Ann,Mars/Olympus\n";
    let sb = Sandbox::new();
    let file = sb.write("leads.csv", csv);
    let (code, _, err) = run(&sb, Some("ja"), &["import", &file.to_string_lossy()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("IANA のタイムゾーンではありません")
            && err.contains("追加項目として保存しました"),
        "{err}"
    );
    let sb = Sandbox::new();
    let file = sb.write("leads.csv", csv);
    let (code, out, err) = run(
        &sb,
        Some("ja"),
        &["import", &file.to_string_lossy(), "--json"],
    );
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    assert_eq!(
        json["warning_samples"][0],
        "line 2: \"timezone\": not an IANA time zone: \"Mars/Olympus\" kept as an extra field"
    );
}
