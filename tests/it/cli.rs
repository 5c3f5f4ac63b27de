//! The command line, run as a real process (assert_cmd): outputs, exit codes, error text.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// A sandbox: its own XDG dirs, a fixed clock, no colour.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().unwrap_or_else(|e| panic!("{e}")),
        }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("data").join("lb.db")
    }

    /// Runs `args` with `--db` and, for `Some(lang)`, a configuration that sets `ui.language`;
    /// returns (exit code, stdout, stderr).
    pub fn run_in(&self, lang: Option<&str>, args: &[&str]) -> (i32, String, String) {
        let mut cmd = self.cmd();
        cmd.args(args).arg("--db").arg(self.db());
        if let Some(lang) = lang {
            let cfg = self.write(
                &format!("config-{lang}.toml"),
                &format!("[ui]\nlanguage = \"{lang}\"\n"),
            );
            cmd.arg("--config").arg(cfg);
        }
        let out = cmd.output().unwrap_or_else(|e| panic!("{e}"));
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("leadbench").unwrap_or_else(|e| panic!("{e}"));
        c.env_clear()
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("cfg"))
            .env("XDG_DATA_HOME", self.dir.path().join("share"))
            .env("LEADBENCH_NOW", "2026-11-27T01:00:00Z")
            .env("NO_COLOR", "1")
            .env("TZ", "UTC");
        c
    }

    /// Runs with `--db` and returns (code, stdout, stderr).
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = self
            .cmd()
            .args(args)
            .arg("--db")
            .arg(self.db())
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    pub fn json(&self, args: &[&str]) -> Value {
        let (code, out, err) = self.run(args);
        assert!(code == 0 || code == 3, "{args:?}: exit {code}: {err}");
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}: {out}"))
    }

    pub fn demo(&self, leads: usize) {
        let (code, _, err) = self.run(&["demo", "--leads", &leads.to_string()]);
        assert_eq!(code, 0, "{err}");
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).unwrap_or_else(|e| panic!("{e}"));
        p
    }
}

fn exists(p: &Path) -> bool {
    p.exists()
}

fn first(leads: &Value, pred: impl Fn(&Value) -> bool) -> Value {
    leads
        .as_array()
        .and_then(|a| a.iter().find(|l| pred(l)).cloned())
        .unwrap_or_else(|| panic!("no lead matches"))
}

fn stage_is(s: &'static str) -> impl Fn(&Value) -> bool {
    move |l: &Value| l["stage"] == s && l["do_not_call"] == false
}

#[test]
fn help_and_version_never_touch_the_data_directory() {
    let sb = Sandbox::new();
    sb.cmd().arg("--version").assert().success();
    sb.cmd().arg("--help").assert().success();
    sb.cmd().args(["config", "path"]).assert().success();
    assert!(!exists(&sb.dir.path().join("share")));
}

#[test]
fn demo_needs_the_db_flag_itself() {
    let sb = Sandbox::new();
    sb.cmd().arg("demo").assert().code(2);
    sb.cmd()
        .arg("demo")
        .env("LEADBENCH_DB", sb.db())
        .assert()
        .code(2);
    assert!(!exists(&sb.db()));
    sb.demo(40);
    let (code, _, err) = sb.run(&["demo", "--leads", "10"]);
    assert_eq!(code, 1, "an existing file must be refused");
    assert!(err.contains("--force"), "{err}");
    let (code, _, _) = sb.run(&["demo", "--leads", "10", "--force"]);
    assert_eq!(code, 0);
}

#[test]
fn list_json_has_the_contract_fields_and_every_stage() {
    let sb = Sandbox::new();
    sb.demo(300);
    let leads = sb.json(&["list", "--json"]);
    let arr = leads.as_array().unwrap_or_else(|| panic!("not an array"));
    assert_eq!(arr.len(), 300);
    for key in [
        "id",
        "first_name",
        "last_name",
        "full_name",
        "company",
        "email",
        "phone",
        "phones",
        "stage",
        "score",
        "value",
        "grade",
        "group",
        "groups",
        "tags",
        "attempts",
        "next_action_at",
        "next_action_kind",
        "meeting_at",
        "lost_reason",
        "reengage_on",
        "email_opt_out",
        "do_not_call",
        "created_at",
        "last_touch_at",
        "stage_entered_at",
        "sequence",
        "transferred_to",
    ] {
        assert!(arr[0].get(key).is_some(), "missing {key}");
    }
    for stage in ["new", "unreached", "engaged", "lost", "handed_off"] {
        assert!(arr.iter().any(|l| l["stage"] == stage), "no {stage} lead");
    }
    let limited = sb.json(&["list", "--json", "--limit", "5", "--stage", "engaged"]);
    assert_eq!(limited.as_array().map(Vec::len), Some(5));
    assert!(
        limited
            .as_array()
            .is_some_and(|a| a.iter().all(|l| l["stage"] == "engaged"))
    );
}

#[test]
fn log_call_follows_the_stage_rules() {
    let sb = Sandbox::new();
    sb.demo(300);
    let leads = sb.json(&["list", "--json"]);
    let id = first(&leads, stage_is("new"))["id"].to_string();
    assert_eq!(sb.run(&["log-call", &id, "no_answer"]).0, 0);
    let l = sb.json(&["show", &id, "--json"]);
    assert_eq!(
        (l["stage"].as_str(), l["attempts"].as_u64()),
        (Some("unreached"), Some(1))
    );
    assert_eq!(l["next_action_kind"], "call");
    assert_eq!(
        sb.run(&["log-call", &id, "connected", "--next", "+2d"]).0,
        0
    );
    let l = sb.json(&["show", &id, "--json"]);
    assert_eq!(
        (l["stage"].as_str(), l["attempts"].as_u64()),
        (Some("engaged"), Some(0))
    );
    let (code, _, err) = sb.run(&["log-call", &id, "callback"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--next"), "{err}");
    assert_eq!(
        sb.run(&["log-call", &id, "meeting", "--meeting", "tomorrow 10:00"])
            .0,
        0
    );
    let l = sb.json(&["show", &id, "--json"]);
    assert!(
        l["meeting_at"]
            .as_str()
            .is_some_and(|m| m.starts_with("2026-11-28T10:00")),
        "{}",
        l["meeting_at"]
    );
    let kinds: Vec<&str> = l["activities"]
        .as_array()
        .map(|a| a.iter().filter_map(|x| x["kind"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        kinds.contains(&"call") && kinds.contains(&"stage") && kinds.contains(&"meeting"),
        "{kinds:?}"
    );
}

#[test]
fn the_daily_cap_refuses_with_exit_4_unless_forced() {
    let sb = Sandbox::new();
    sb.demo(10);
    assert_eq!(
        sb.run(&[
            "add",
            "--name",
            "Jane Roe",
            "--phone",
            "+1 212 555 0100",
            "--email",
            "jane@example.com"
        ])
        .0,
        0
    );
    let id = sb.json(&["show", "jane@example.com", "--json"])["id"].to_string();
    for _ in 0..3 {
        assert_eq!(sb.run(&["log-call", &id, "busy"]).0, 0);
    }
    let (code, _, err) = sb.run(&["log-call", &id, "busy"]);
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("max_attempts_per_day"), "{err}");
    assert_eq!(sb.run(&["log-call", &id, "busy", "--force"]).0, 0);
}

#[test]
fn unreached_becomes_lost_as_unreachable_after_enough_attempts() {
    let sb = Sandbox::new();
    sb.demo(300);
    let leads = sb.json(&["list", "--json"]);
    let id = first(&leads, stage_is("unreached"))["id"].to_string();
    for _ in 0..8 {
        sb.run(&["log-call", &id, "voicemail", "--force"]);
    }
    let l = sb.json(&["show", &id, "--json"]);
    assert_eq!(
        (l["stage"].as_str(), l["lost_reason"].as_str()),
        (Some("lost"), Some("unreachable"))
    );
}

#[test]
fn a_call_given_at_night_for_the_lead_is_refused_without_force() {
    let sb = Sandbox::new();
    sb.demo(300);
    let leads = sb.json(&["list", "--json"]);
    let id = first(&leads, |l| {
        stage_is("engaged")(l) && l["phone"].as_str().is_some_and(|p| p.starts_with("+81"))
    })["id"]
        .to_string();
    // 03:00 in Tokyo (the rep's zone in the default configuration).
    let (code, _, err) = sb.run(&["log-call", &id, "no_answer", "--at", "2026-11-26 03:00"]);
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("calling window"), "{err}");
    assert_eq!(
        sb.run(&[
            "log-call",
            &id,
            "no_answer",
            "--at",
            "2026-11-26 03:00",
            "--force"
        ])
        .0,
        0
    );
}

#[test]
fn unknown_lead_and_unknown_outcome_have_their_exit_codes() {
    let sb = Sandbox::new();
    sb.demo(20);
    let (code, _, err) = sb.run(&["log-call", "999999999", "no_answer"]);
    assert_eq!(code, 1);
    assert!(err.contains("999999999"), "{err}");
    let (code, _, err) = sb.run(&["log-call", "1", "teleport"]);
    assert_eq!(code, 2);
    assert!(err.contains("teleport"), "{err}");
    let (code, _, _) = sb.run(&["show", "nobody@example.com"]);
    assert_eq!(code, 1);
}

#[test]
fn show_finds_a_lead_by_email_too() {
    let sb = Sandbox::new();
    sb.demo(50);
    let leads = sb.json(&["list", "--json"]);
    let l = first(&leads, |l| l["email"].is_string());
    let email = l["email"].as_str().unwrap_or_default().to_uppercase();
    assert_eq!(sb.json(&["show", &email, "--json"])["id"], l["id"]);
}

#[test]
fn a_bad_config_key_is_named_with_its_line() {
    let sb = Sandbox::new();
    let cfg = sb.write("bad.toml", "[rules]\nlost_after_attemps = 3\n");
    let out = sb
        .cmd()
        .args(["list", "--db"])
        .arg(sb.db())
        .arg("--config")
        .arg(&cfg)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("lost_after_attemps") && err.contains(":2"),
        "{err}"
    );
    assert!(
        !exists(&sb.db()),
        "a bad config must stop before the database is opened"
    );
}

#[test]
fn config_check_and_init() {
    let sb = Sandbox::new();
    let cfg = sb.dir.path().join("c").join("config.toml");
    let path = cfg.to_string_lossy().into_owned();
    sb.cmd()
        .args(["config", "init", "--config", &path])
        .assert()
        .success();
    sb.cmd()
        .args(["config", "check", "--config", &path])
        .assert()
        .success();
    sb.cmd()
        .args(["config", "init", "--config", &path])
        .assert()
        .code(1);
    let bad = sb.write("bad2.toml", "[calling]\nwindow = [\"18:00\", \"09:00\"]\n");
    sb.cmd()
        .args(["config", "check", "--config"])
        .arg(&bad)
        .assert()
        .code(2);
}

#[test]
fn note_schedule_lost_add_and_edit_work_from_the_command_line() {
    let sb = Sandbox::new();
    sb.demo(60);
    let (code, out, err) = sb.run(&[
        "add",
        "--name",
        "山田 太郎",
        "--company",
        "山田商事株式会社",
        "--email",
        "taro@example.jp",
        "--phone",
        "03-1234-5678",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("added lead"));
    let l = sb.json(&["show", "taro@example.jp", "--json"]);
    assert_eq!(l["phone"], "+81312345678");
    assert_eq!(l["stage"], "new");
    assert_eq!(l["timezone"], "Asia/Tokyo");
    let id = l["id"].to_string();
    assert_eq!(sb.run(&["note", &id, "called from script"]).0, 0);
    assert_eq!(sb.run(&["schedule", &id, "+1d", "--kind", "mail"]).0, 0);
    assert_eq!(
        sb.json(&["show", &id, "--json"])["next_action_kind"],
        "mail"
    );
    assert_eq!(
        sb.run(&["edit", &id, "title=部長", "tags=展示会, VIP"]).0,
        0
    );
    let l = sb.json(&["show", &id, "--json"]);
    assert_eq!(l["title"], "部長");
    assert_eq!(l["tags"], serde_json::json!(["展示会", "VIP"]));
    let (code, _, err) = sb.run(&["edit", &id, "shoe_size=42"]);
    assert_eq!(code, 2);
    assert!(err.contains("shoe_size"), "{err}");
    assert_eq!(sb.run(&["lost", &id, "bad_timing"]).0, 0);
    let l = sb.json(&["show", &id, "--json"]);
    assert_eq!(
        (l["stage"].as_str(), l["reengage_on"].as_str()),
        (Some("lost"), Some("2027-02-25"))
    );
    let (code, _, err) = sb.run(&["lost", &id, "moon_phase"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn hostile_text_never_reaches_the_terminal_raw() {
    let sb = Sandbox::new();
    sb.demo(10);
    let evil = "Evil\u{1b}]0;pwned\u{7}\u{1b}[2J\u{202e}Corp\u{9b}";
    assert_eq!(
        sb.run(&[
            "add",
            "--name",
            evil,
            "--company",
            evil,
            "--email",
            "evil@example.com"
        ])
        .0,
        0
    );
    let (_, out, _) = sb.run(&["list"]);
    assert!(
        !out.contains('\u{1b}') && !out.contains('\u{202e}') && !out.contains('\u{9b}'),
        "{out:?}"
    );
    let (_, out, _) = sb.run(&["show", "evil@example.com"]);
    assert!(
        !out.contains('\u{1b}') && !out.contains('\u{202e}'),
        "{out:?}"
    );
}

#[test]
fn a_newer_database_is_refused_untouched() {
    let sb = Sandbox::new();
    sb.demo(10);
    rusqlite::Connection::open(sb.db())
        .and_then(|c| c.pragma_update(None, "user_version", 9999))
        .unwrap_or_else(|e| panic!("{e}"));
    let before = std::fs::read(sb.db()).unwrap_or_default();
    let (code, _, err) = sb.run(&["list"]);
    assert_eq!(code, 1);
    assert!(err.contains("newer"), "{err}");
    assert_eq!(std::fs::read(sb.db()).unwrap_or_default(), before);
}

#[test]
fn doctor_and_completions_run() {
    let sb = Sandbox::new();
    sb.demo(10);
    let (code, out, err) = sb.run(&["doctor"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("integrity"));
    sb.cmd().args(["completions", "bash"]).assert().success();
}

#[test]
fn a_transfer_bundle_imports_with_its_history_on_the_colleagues_side() {
    let sender = Sandbox::new();
    sender.demo(30);
    let leads = sender.json(&["list", "--json", "--stage", "engaged"]);
    let id = leads[0]["id"].to_string();
    let history = sender.json(&["show", &id, "--json"])["activities"]
        .as_array()
        .map_or(0, Vec::len);
    let bundle = sender.dir.path().join("bundle.jsonl");
    let bundle_s = bundle.to_string_lossy().into_owned();
    let (code, _, err) = sender.run(&["transfer", &id, "--to", "Bob", "-o", &bundle_s]);
    assert_eq!(code, 0, "{err}");
    // Gone from the sender's queues, still findable.
    let after = sender.json(&["list", "--json"]);
    assert!(
        after
            .as_array()
            .is_some_and(|a| a.iter().all(|l| l["id"] != leads[0]["id"]))
    );
    let receiver = Sandbox::new();
    let (code, out, err) = receiver.run(&["import", &bundle_s]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("imported 1"), "{out}");
    let arrived = receiver.json(&["list", "--json"]);
    let new_id = arrived[0]["id"].to_string();
    let shown = receiver.json(&["show", &new_id, "--json"]);
    let acts = shown["activities"].as_array().cloned().unwrap_or_default();
    assert!(
        acts.len() >= history,
        "{} of {history} journal rows",
        acts.len()
    );
    assert!(
        acts.iter()
            .filter(|a| a["kind"] != "import" && a["kind"] != "transfer")
            .all(|a| a["by_other"] == true)
    );
}

#[test]
fn an_import_dry_run_leaves_every_lead_as_it_was() {
    let sb = Sandbox::new();
    sb.demo(300);
    let file = sb.write(
        "dry.csv",
        "氏名,メールアドレス\n山田 花子,hanako.dry@example.jp\n",
    );
    let before = sb.json(&["list", "--json", "--all"]);
    let (code, _, err) = sb.run(&["import", &file.to_string_lossy(), "--dry-run"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = sb.run(&["import", "--list"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(sb.json(&["list", "--json", "--all"]), before);
}

/// A reading command pointed at a file that is not there says so and creates nothing: a
/// mistyped `--db` must not export an empty file, and a dry run must leave no file behind.
#[test]
fn reading_commands_refuse_a_missing_database_and_create_none() {
    let sb = Sandbox::new();
    let csv = sb.write("in.csv", "email,name\na@x.com,Ann\n");
    let out = sb.dir.path().join("out.csv");
    let csv = csv.to_string_lossy().into_owned();
    let out = out.to_string_lossy().into_owned();
    for args in [
        vec!["export", "-o", out.as_str()],
        vec!["list", "--json"],
        vec!["show", "1"],
        vec!["report"],
    ] {
        let (code, _, err) = sb.run(&args);
        assert_eq!(code, 1, "{args:?}: {err}");
        assert!(err.contains("no database at"), "{args:?}: {err}");
        assert!(!sb.db().exists(), "{args:?} created the file");
    }
    assert!(!std::path::Path::new(&out).exists());
    // A dry run into a file not made yet reports what would happen, against an empty one.
    let (code, stdout, err) = sb.run(&["import", &csv, "--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.contains("would import 1"), "{stdout}");
    assert!(!sb.db().exists(), "the dry run created the file");
    // A command that writes creates it, as before.
    let (code, _, err) = sb.run(&["import", &csv]);
    assert_eq!(code, 0, "{err}");
    assert!(sb.db().exists());
}

/// `edit` reads an email as import does: a run-on cell is refused (exit 2), a full-width or
/// named address is stored as the address.
#[test]
fn edit_refuses_an_email_with_text_run_into_it() {
    let sb = Sandbox::new();
    let (code, _, err) = sb.run(&["add", "--name", "Yui Takeuchi", "--email", "yui@example.jp"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = sb.run(&["edit", "yui@example.jp", "email=yui@example.jp代表取締役"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("代表取締役"), "{err}");
    let (code, _, err) = sb.run(&[
        "edit",
        "yui@example.jp",
        "email=竹内 結衣 <ｙｕｉ＠ｅｘａｍｐｌｅ．ｊｐ>",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        sb.json(&["show", "yui@example.jp", "--json"])["email"],
        "yui@example.jp"
    );
}
