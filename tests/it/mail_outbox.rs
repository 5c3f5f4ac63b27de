//! `mail` through the outbox transport: the `.eml` parses back with every header, the merge
//! fields filled and Japanese decoded; refusals and exit codes.

use std::path::PathBuf;

use mail_parser::MessageParser;
use serde_json::Value;

use crate::cli::Sandbox;

fn setup(lang: &str, delay: u32) -> (Sandbox, PathBuf, String) {
    let sb = Sandbox::new();
    let outbox = sb.dir.path().join("outbox");
    sb.write(
        "mail.toml",
        &format!(
            "[rep]\nname = \"佐藤 花子\"\nemail = \"hanako@example.co.jp\"\n\n[ui]\nlanguage = \"{lang}\"\n\n\
             [mail]\ntransport = \"outbox\"\noutbox_dir = \"{}\"\nsend_delay_secs = {delay}\nbcc = [\"log@crm.example.com\"]\n",
            outbox.display()
        ),
    );
    let (code, _, err) = sb.run(&[
        "add",
        "--name",
        "山田 太郎",
        "--company",
        "山田商事株式会社",
        "--email",
        "taro@yamada.example.jp",
        "--phone",
        "03-1234-5678",
        "--set",
        "first_name=太郎",
        "--set",
        "last_name=山田",
        "--config",
        &cfg(&sb),
    ]);
    assert_eq!(code, 0, "{err}");
    let id = sb.json(&["show", "taro@yamada.example.jp", "--json"])["id"].to_string();
    (sb, outbox, id)
}

fn cfg(sb: &Sandbox) -> String {
    sb.dir.path().join("mail.toml").display().to_string()
}

fn emls(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .collect();
    v.sort();
    v
}

#[test]
fn a_japanese_mail_lands_in_the_outbox_as_a_parseable_eml() {
    let (sb, outbox, id) = setup("ja", 20);
    let (code, out, err) = sb.run(&["mail", &id, "first-follow-up", "--config", &cfg(&sb)]);
    assert_eq!(code, 0, "{err}");
    // The rep works in Japanese, so the confirmation is in Japanese too.
    assert!(
        out.contains(&format!("リード {id} に outbox で送信しました")),
        "{out}"
    );
    let files = emls(&outbox);
    assert_eq!(files.len(), 1);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&files[0]).map(|m| m.permissions().mode() & 0o777);
        assert_eq!(mode.ok(), Some(0o600));
    }
    let bytes = std::fs::read(&files[0]).unwrap_or_default();
    // Headers are 7-bit: the Japanese subject is RFC 2047 encoded.
    let head = String::from_utf8_lossy(&bytes);
    let head = head.split("\r\n\r\n").next().unwrap_or("");
    assert!(head.is_ascii(), "{head}");
    let msg = MessageParser::default()
        .parse(&bytes)
        .unwrap_or_else(|| panic!("unparseable"));
    assert_eq!(
        msg.from().and_then(|a| a.first()).and_then(|a| a.address()),
        Some("hanako@example.co.jp")
    );
    assert_eq!(
        msg.from().and_then(|a| a.first()).and_then(|a| a.name()),
        Some("佐藤 花子")
    );
    assert_eq!(
        msg.to().and_then(|a| a.first()).and_then(|a| a.address()),
        Some("taro@yamada.example.jp")
    );
    assert_eq!(
        msg.bcc().and_then(|a| a.first()).and_then(|a| a.address()),
        Some("log@crm.example.com")
    );
    assert_eq!(
        msg.subject(),
        Some("お問い合わせいただきありがとうございます")
    );
    assert_eq!(
        msg.date().map(|d| d.to_rfc3339()).as_deref(),
        Some("2026-11-27T01:00:00Z")
    );
    assert!(
        msg.message_id()
            .is_some_and(|m| m.ends_with("@example.co.jp"))
    );
    let body = msg.body_text(0).unwrap_or_default();
    assert!(body.contains("山田商事株式会社 山田様"), "{body}");
    assert!(body.contains("佐藤 花子と申します"), "{body}");
    assert!(!body.contains("{{"), "{body}");

    // The mail is an activity, and it moved the new lead to not reached.
    let l: Value = sb.json(&["show", &id, "--json"]);
    assert_eq!(l["stage"], "unreached");
    let acts = l["activities"].as_array().cloned().unwrap_or_default();
    let mail = acts
        .iter()
        .find(|a| a["kind"] == "mail")
        .unwrap_or_else(|| panic!("no mail activity: {acts:?}"));
    assert_eq!(mail["data"]["template"], "first-follow-up");
    assert_eq!(mail["data"]["transport"], "outbox");
    assert_eq!(
        mail["data"]["subject"],
        "お問い合わせいただきありがとうございます"
    );
    assert!(
        mail["data"]["message_id"]
            .as_str()
            .is_some_and(|m| m.contains('@'))
    );
}

#[test]
fn an_english_template_can_be_picked_by_name_and_dry_run_sends_nothing() {
    let (sb, outbox, id) = setup("ja", 20);
    let (code, out, err) = sb.run(&[
        "mail",
        &id,
        "after-voicemail.en",
        "--dry-run",
        "--config",
        &cfg(&sb),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Subject: Sorry I missed you"), "{out}");
    assert!(out.contains("Dear 太郎,"), "{out}");
    assert!(emls(&outbox).is_empty());
    assert_eq!(sb.json(&["show", &id, "--json"])["stage"], "new");
}

#[test]
fn opted_out_and_unreachable_leads_are_refused_with_exit_4() {
    let (sb, outbox, id) = setup("en", 20);
    assert_eq!(sb.run(&["edit", &id, "email_opt_out=true"]).0, 0);
    for extra in [&[][..], &["--queue"][..], &["--dry-run"][..]] {
        let mut args = vec!["mail", id.as_str(), "first-follow-up", "--config"];
        let c = cfg(&sb);
        args.push(&c);
        args.extend_from_slice(extra);
        let (code, _, err) = sb.run(&args);
        assert_eq!(code, 4, "{extra:?}: {err}");
        assert!(err.contains("opted out"), "{err}");
    }
    assert!(emls(&outbox).is_empty());
    let (code, _, err) = sb.run(&["add", "--name", "No Mail", "--phone", "03-1111-2222"]);
    assert_eq!(code, 0, "{err}");
    let list = sb.json(&["list", "--json"]);
    let nomail = list
        .as_array()
        .and_then(|a| a.iter().find(|l| l["full_name"] == "No Mail"))
        .map(|l| l["id"].to_string())
        .unwrap_or_default();
    let (code, _, err) = sb.run(&["mail", &nomail, "first-follow-up", "--config", &cfg(&sb)]);
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("no email"), "{err}");
    let (code, _, err) = sb.run(&["mail", &id, "no-such-template", "--config", &cfg(&sb)]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("first-follow-up"), "{err}");
}

#[test]
fn a_missing_meeting_blocks_the_confirmation_and_names_the_field() {
    let (sb, outbox, id) = setup("en", 20);
    let (code, _, err) = sb.run(&["mail", &id, "meeting-confirmation", "--config", &cfg(&sb)]);
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("`meeting_date`"), "{err}");
    assert!(emls(&outbox).is_empty());
}

#[test]
fn queued_mail_waits_survives_a_restart_and_can_be_cancelled_until_it_leaves() {
    let (sb, outbox, id) = setup("en", 60);
    let c = cfg(&sb);
    let (code, out, err) = sb.run(&["mail", &id, "first-follow-up", "--queue", "--config", &c]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("queued mail"), "{out}");
    let (code, out, _) = sb.run(&["outbox", "list", "--config", &c]);
    assert_eq!(code, 0);
    assert!(out.contains("Following up on your enquiry"), "{out}");
    // Not yet due: a flush sends nothing.
    let (code, out, _) = sb.run(&["outbox", "flush", "--config", &c]);
    assert_eq!((code, out.trim()), (0, "nothing due"));
    assert!(emls(&outbox).is_empty());
    // Queue a second one and cancel it inside the window.
    let (_, out, _) = sb.run(&["mail", &id, "after-voicemail", "--queue", "--config", &c]);
    let qid: String = out.split_whitespace().nth(2).unwrap_or_default().to_owned();
    let (code, out, err) = sb.run(&["outbox", "cancel", &qid, "--config", &c]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("cancelled"), "{out}");
    // A minute later (each run is a new process: the queue lives in the database).
    let (code, out, err) = sb
        .cmd()
        .env("LEADBENCH_NOW", "2026-11-27T01:01:30Z")
        .args(["outbox", "flush", "--config", &c, "--db"])
        .arg(sb.db())
        .output()
        .map(|o| {
            (
                o.status.code().unwrap_or(-1),
                String::from_utf8_lossy(&o.stdout).into_owned(),
                String::from_utf8_lossy(&o.stderr).into_owned(),
            )
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("sent to lead"), "{out}");
    assert_eq!(emls(&outbox).len(), 1);
    let (code, _, err) = sb.run(&["outbox", "cancel", "1", "--config", &c]);
    assert_eq!(code, 1);
    assert!(err.contains("cannot be undone"), "{err}");
    assert_eq!(
        sb.run(&["outbox", "list", "--config", &c]).1.trim(),
        "the queue is empty"
    );
}

#[test]
fn enrol_puts_a_lead_in_a_sequence_and_refuses_a_second() {
    let (sb, _, id) = setup("en", 20);
    let c = cfg(&sb);
    // Added by hand, the lead entered `new` and joined `new-lead`.
    assert_eq!(sb.json(&["show", &id, "--json"])["sequence"], "new-lead");
    let (code, _, err) = sb.run(&["enrol", &id, "not-reached", "--config", &c]);
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("already in sequence"), "{err}");
    let (code, _, err) = sb.run(&["enrol", &id, "no-such", "--config", &c]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("re-engagement"), "{err}");
}
