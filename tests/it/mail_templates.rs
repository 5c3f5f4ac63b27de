//! Templates: every built-in renders in English and Japanese; the user's directory overrides
//! and adds; unknown and empty fields block sending with the field named.

use chrono::TimeZone;
use leadbench::ops::mail::{self, MailError};

use crate::mail_fixture::{add, add_yamada, config, store, tmp};

const BUILTINS: [&str; 5] = [
    "first-follow-up",
    "after-voicemail",
    "meeting-confirmation",
    "re-engagement",
    "breakup",
];

#[test]
fn every_builtin_renders_in_english_and_japanese_for_a_demo_lead() {
    let dir = tmp();
    let cfg = config(dir.path(), "en", "");
    let mut st = store(dir.path(), &cfg);
    let id = add_yamada(&mut st, &cfg);
    // A meeting, booked with a call, for the confirmation.
    let req = leadbench::ops::CallRequest {
        outcome: leadbench::domain::Outcome::Meeting,
        meeting: chrono::Utc.with_ymd_and_hms(2026, 12, 1, 5, 0, 0).single(),
        force: true,
        ..leadbench::ops::CallRequest::new(leadbench::domain::Outcome::Meeting)
    };
    leadbench::ops::log_call(
        &mut st,
        &cfg.policy(),
        id,
        None,
        &req,
        crate::mail_fixture::now(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    for name in BUILTINS {
        for lang in ["en", "ja"] {
            let d = mail::compose(&st, &cfg, id, &format!("{name}.{lang}"))
                .unwrap_or_else(|e| panic!("{name}.{lang}: {e}"));
            assert!(
                !d.subject.is_empty() && !d.subject.contains("{{"),
                "{name}.{lang}"
            );
            assert!(!d.body.contains("{{"), "{name}.{lang}: {}", d.body);
            assert!(d.body.contains("佐藤 花子"), "{name}.{lang}: signature");
            if lang == "ja" {
                assert!(d.body.starts_with("山田商事株式会社 山田様"), "{}", d.body);
            } else {
                assert!(d.body.starts_with("Dear 太郎,"), "{}", d.body);
            }
        }
    }
    let d =
        mail::compose(&st, &cfg, id, "meeting-confirmation.ja").unwrap_or_else(|e| panic!("{e}"));
    assert!(d.subject.contains("2026年12月1日(火)"), "{}", d.subject);
    assert!(d.body.contains("14:00 (JST)"), "{}", d.body);
    // The UI language picks when no language is named.
    let ja = config(dir.path(), "ja", "");
    let d = mail::compose(&st, &ja, id, "breakup").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(d.subject, "今後のご連絡について");
}

#[test]
fn user_templates_override_and_add_and_bad_fields_are_named() {
    let dir = tmp();
    let tdir = dir.path().join("templates");
    std::fs::create_dir_all(&tdir).unwrap_or_else(|e| panic!("{e}"));
    let write = |name: &str, text: &str| {
        std::fs::write(tdir.join(name), text).unwrap_or_else(|e| panic!("{e}"));
    };
    write(
        "breakup.en.md",
        "+++\nname = \"Mine\"\nsubject = \"Last note for {{company}}\"\n+++\nBye {{first_name|\"there\"}}\n",
    );
    write(
        "webinar.md",
        "+++\nsubject = \"Webinar\"\n+++\nHi {{frist_name}}\n",
    );
    write(
        "titled.md",
        "+++\nsubject = \"For the {{title}}\"\n+++\nHello\n",
    );
    let cfg = config(
        dir.path(),
        "en",
        &format!("templates_dir = \"{}\"\n", tdir.display()),
    );
    let mut st = store(dir.path(), &cfg);
    let id = add(
        &mut st,
        &cfg,
        &[
            ("full_name", "Jane Doe"),
            ("company", "Acme"),
            ("email", "jane@example.com"),
        ],
    );
    let d = mail::compose(&st, &cfg, id, "breakup").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(d.subject, "Last note for Acme");
    assert!(d.body.starts_with("Bye there"), "{}", d.body);
    // The signature is appended when a template does not place it.
    assert!(d.body.contains("\n-- \n佐藤 花子"), "{}", d.body);
    let e = mail::compose(&st, &cfg, id, "webinar").err();
    assert!(matches!(&e, Some(MailError::Merge { .. })), "{e:?}");
    let e = e.unwrap_or(MailError::NoFrom);
    assert_eq!(e.fields(), vec!["frist_name"]);
    assert!(
        e.to_string().contains("unknown merge field `frist_name`"),
        "{e}"
    );
    assert_eq!(e.exit_code(), 4);
    let e = mail::compose(&st, &cfg, id, "titled")
        .err()
        .unwrap_or(MailError::NoFrom);
    assert!(
        e.to_string().contains("merge field `title` is empty"),
        "{e}"
    );
    let (list, problems) = mail::templates(&cfg);
    assert!(problems.is_empty(), "{problems:?}");
    assert!(list.iter().any(|t| t.id == "webinar" && t.user));
    assert!(
        list.iter()
            .any(|t| t.id == "breakup" && t.user && t.name == "Mine")
    );
    // No path tricks in a template name.
    assert!(matches!(
        mail::compose(&st, &cfg, id, "../../etc/passwd"),
        Err(MailError::UnknownTemplate { .. })
    ));
}
