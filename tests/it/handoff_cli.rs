//! `qualify`, `escalate` and `handoff export|feedback` as a real process: exit codes, the
//! paths written, `show --json` qualification, feedback moving the stage.

use serde_json::Value;

use crate::cli::Sandbox;

fn add(sb: &Sandbox) -> String {
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
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    v["id"].to_string()
}

fn config(sb: &Sandbox, extra: &str) -> String {
    let text = format!(
        "[rep]\nname = \"佐藤 花子\"\nemail = \"hanako@example.jp\"\n\n[handoff]\nweekly_capacity = 2\n{extra}\n[[handoff.field_reps]]\nname = \"Kenji Tanaka\"\nemail = \"kenji@example.jp\"\n"
    );
    sb.write("config.toml", &text)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn qualify_sets_items_and_show_json_lists_every_item() {
    let sb = Sandbox::new();
    let id = add(&sb);
    let (code, out, err) = sb.run(&[
        "qualify",
        &id,
        "need=confirmed",
        "timeline=partial",
        "--evidence",
        "Excel管理が限界",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("gate: field sales 0/10 this week — relaxed: min score 40"),
        "{out}"
    );
    let (code, _, err) = sb.run(&["note", &id, "予算は500万円、来期4月"]);
    assert_eq!(code, 0, "{err}");
    let show = sb.json(&["show", &id, "--json"]);
    let note_id = show["activities"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["kind"] == "note"))
        .map(|x| x["id"].to_string())
        .unwrap_or_else(|| panic!("no note"));
    let (code, _, err) = sb.run(&[
        "qualify",
        &id,
        "budget=confirmed",
        "--from-activity",
        &note_id,
    ]);
    assert_eq!(code, 0, "{err}");
    let q = &sb.json(&["show", &id, "--json"])["qualification"];
    assert_eq!(q["framework"], "bant");
    let items = q["items"].as_object().unwrap_or_else(|| panic!("no items"));
    assert_eq!(items.len(), 4);
    assert_eq!(q["items"]["authority"]["state"], "unknown");
    assert_eq!(q["items"]["authority"]["evidence"], Value::Null);
    assert_eq!(q["items"]["need"]["state"], "confirmed");
    assert_eq!(q["items"]["need"]["evidence"]["text"], "Excel管理が限界");
    assert_eq!(q["items"]["timeline"]["state"], "partial");
    assert_eq!(
        q["items"]["budget"]["evidence"]["text"],
        "予算は500万円、来期4月"
    );
    assert_eq!(
        q["items"]["budget"]["evidence"]["activity_id"].to_string(),
        note_id
    );
    assert_eq!(
        q["items"]["budget"]["evidence"]["at"],
        "2026-11-27T01:00:00Z"
    );
    // Bad input: exit 2, nothing changed.
    assert_eq!(sb.run(&["qualify", &id, "champion=confirmed"]).0, 2);
    assert_eq!(sb.run(&["qualify", &id, "need=maybe"]).0, 2);
    assert_eq!(
        sb.run(&["qualify", &id, "need=n_a", "--from-activity", "99999"])
            .0,
        2
    );
}

#[test]
fn escalate_refuses_a_failed_gate_with_exit_4_then_takes_an_override() {
    let sb = Sandbox::new();
    let id = add(&sb);
    let (code, _, err) = sb.run(&[
        "escalate",
        &id,
        "--to",
        "Field Rep",
        "--meeting",
        "tomorrow 14:00",
    ]);
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("gate"), "{err}");
    assert_eq!(sb.json(&["show", &id, "--json"])["stage"], "new");
    let (code, out, err) = sb.run(&[
        "escalate",
        &id,
        "--to",
        "Field Rep",
        "--meeting",
        "tomorrow 14:00",
        "--note",
        "来期導入を検討",
        "--override",
        "asked for a visit",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("handed off to Field Rep"), "{out}");
    assert!(out.contains("gate overridden: asked for a visit"), "{out}");
    let dir = sb
        .db()
        .parent()
        .map(|d| d.join("handoff"))
        .unwrap_or_default();
    for ext in ["md", "json", "ics"] {
        let path = dir.join(format!("handoff-{id}.{ext}"));
        assert!(out.contains(&format!("wrote {}", path.display())), "{out}");
        assert!(path.exists());
    }
    let show = sb.json(&["show", &id, "--json"]);
    assert_eq!(show["stage"], "handed_off");
    assert_eq!(show["meeting_at"], "2026-11-28T14:00:00+09:00");
    assert_eq!(show["sequence"], Value::Null);
    let esc = show["activities"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["kind"] == "escalation"))
        .cloned()
        .unwrap_or_else(|| panic!("no escalation"));
    assert_eq!(esc["data"]["override"], "asked for a visit");
    assert_eq!(esc["note"], "来期導入を検討");
    // Twice: exit 4 with a clear message.
    let (code, _, err) = sb.run(&["escalate", &id, "--to", "Field Rep"]);
    assert_eq!(code, 4);
    assert!(err.contains("already handed off"), "{err}");
}

#[test]
fn escalate_passes_the_gate_when_the_minimum_is_met() {
    let sb = Sandbox::new();
    let cfg = config(&sb, "min_score_relaxed = 0\nmin_score_strict = 1000\n");
    let id = add(&sb);
    let (code, _, err) = sb.run(&[
        "--config",
        &cfg,
        "qualify",
        &id,
        "need=confirmed",
        "timeline=n_a",
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = sb.run(&["--config", &cfg, "escalate", &id, "--to", "kenji tanaka"]);
    assert_eq!(code, 4, "n/a without evidence: {err}");
    assert!(err.contains("Timeline: n/a needs evidence"), "{err}");
    let (code, _, err) = sb.run(&[
        "--config",
        &cfg,
        "qualify",
        &id,
        "timeline=n_a",
        "--evidence",
        "継続利用のため期限なし",
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = sb.run(&["--config", &cfg, "escalate", &id, "--to", "kenji tanaka"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("handed off to Kenji Tanaka <kenji@example.jp>"),
        "{out}"
    );
    assert!(
        out.contains("gate: field sales 0/2 this week — relaxed: min score 0"),
        "{out}"
    );
    // No meeting: Markdown and JSON only.
    assert!(!out.contains(".ics"), "{out}");
}

#[test]
fn handoff_export_writes_each_format() {
    let sb = Sandbox::new();
    let cfg = config(&sb, "");
    let id = add(&sb);
    let (code, _, err) = sb.run(&[
        "--config",
        &cfg,
        "escalate",
        &id,
        "--to",
        "Kenji Tanaka",
        "--meeting",
        "mon 10:00",
        "--override",
        "紹介案件",
    ]);
    assert_eq!(code, 0, "{err}");
    let out_json = sb.dir.path().join("h.json");
    let (code, out, err) = sb.run(&[
        "--config",
        &cfg,
        "handoff",
        "export",
        &id,
        "--format",
        "json",
        "-o",
        &out_json.to_string_lossy(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("h.json"));
    let doc: Value = serde_json::from_slice(&std::fs::read(&out_json).unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc["leads"][0]["name"], "山田 太郎");
    assert_eq!(doc["leads"][0]["escalation"]["override"], "紹介案件");
    assert_eq!(doc["leads"][0]["meeting_at"], "2026-11-30T01:00:00Z");
    // Without LEADs: every handed-off lead; md to a directory.
    let dir = sb.dir.path().join("md");
    let (code, _, err) = sb.run(&[
        "--config",
        &cfg,
        "handoff",
        "export",
        "-o",
        &format!("{}/", dir.display()),
    ]);
    assert_eq!(code, 0, "{err}");
    let md = std::fs::read_to_string(dir.join(format!("handoff-{id}.md"))).unwrap_or_default();
    assert!(
        md.contains("# Handoff: 山田 太郎 — 山田商事株式会社"),
        "{md}"
    );
    // --since after the escalation: nothing to export.
    let (code, _, err) = sb.run(&[
        "--config",
        &cfg,
        "handoff",
        "export",
        "--since",
        "2026-12-01",
    ]);
    assert_eq!(code, 0);
    assert!(err.contains("no handed-off leads"), "{err}");
    for (format, name) in [
        ("ics", "m.ics"),
        ("hubspot-csv", "h.csv"),
        ("salesforce-csv", "s.csv"),
    ] {
        let p = sb.dir.path().join(name);
        let (code, _, err) = sb.run(&[
            "--config",
            &cfg,
            "handoff",
            "export",
            "--since",
            "2026-11-01",
            "--format",
            format,
            "-o",
            &p.to_string_lossy(),
        ]);
        assert_eq!(code, 0, "{format}: {err}");
        let bytes = std::fs::read(&p).unwrap_or_default();
        assert!(!bytes.is_empty(), "{format}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&p).map(|m| m.permissions().mode() & 0o777);
            assert_eq!(mode.unwrap_or(0), 0o600, "{format}");
        }
    }
    let (code, _, _) = sb.run(&["handoff", "export", &id, "--format", "pdf"]);
    assert_eq!(code, 2);
}

#[test]
fn feedback_moves_the_stage() {
    let sb = Sandbox::new();
    let a = add(&sb);
    let (code, _, err) = sb.run(&["handoff", "feedback", &a, "accepted"]);
    assert_eq!(code, 4, "not handed off yet: {err}");
    assert_eq!(
        sb.run(&["escalate", &a, "--to", "X", "--override", "o"]).0,
        0
    );
    let (code, out, err) = sb.run(&["handoff", "feedback", &a, "accepted"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("accepted — stays handed off"));
    assert_eq!(sb.json(&["show", &a, "--json"])["stage"], "handed_off");

    let (code, _, err) = sb.run(&["add", "--name", "Jane Roe", "--email", "jane@example.com"]);
    assert_eq!(code, 0, "{err}");
    let b = "jane@example.com";
    assert_eq!(
        sb.run(&["escalate", b, "--to", "X", "--override", "o"]).0,
        0
    );
    assert_eq!(
        sb.run(&["handoff", "feedback", b, "rejected"]).0,
        2,
        "a reason is required"
    );
    let (code, out, err) = sb.run(&[
        "handoff",
        "feedback",
        b,
        "rejected",
        "--reason",
        "no budget",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("rejected → engaged"), "{out}");
    let show = sb.json(&["show", b, "--json"]);
    assert_eq!(show["stage"], "engaged");
    let fb = show["activities"]
        .as_array()
        .and_then(|x| x.iter().find(|a| a["kind"] == "feedback"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(fb["data"]["result"], "rejected");

    assert_eq!(
        sb.run(&["escalate", b, "--to", "X", "--override", "again"])
            .0,
        0
    );
    let (code, out, err) = sb.run(&[
        "handoff",
        "feedback",
        b,
        "rejected",
        "--reason",
        "競合に決定",
        "--to",
        "lost",
        "--lost-reason",
        "competitor",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("rejected → lost (re-engage 2027-05-26)"),
        "{out}"
    );
    let show = sb.json(&["show", b, "--json"]);
    assert_eq!(show["stage"], "lost");
    assert_eq!(show["lost_reason"], "competitor");
    assert_eq!(show["reengage_on"], "2027-05-26");
}
