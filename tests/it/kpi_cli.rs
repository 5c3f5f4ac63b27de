//! `report --json` and `team --json` shapes (SPEC Appendix B), `backup`, `transfer`.

use crate::cli::Sandbox;

const KPIS: [&str; 21] = leadbench::domain::kpi::KPI_IDS;

#[test]
fn report_json_has_every_kpi_target_and_stage() {
    let sb = Sandbox::new();
    sb.demo(60);
    for args in [
        vec!["report", "--json"],
        vec!["report", "--period", "month", "--json"],
        vec![
            "report",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-27",
            "--json",
        ],
    ] {
        let v = sb.json(&args);
        for k in [
            "period", "from", "to", "role", "headline", "kpis", "targets", "stages",
        ] {
            assert!(v.get(k).is_some(), "{args:?} lacks {k}");
        }
        for k in KPIS {
            assert!(v["kpis"].get(k).is_some(), "{args:?} lacks kpi {k}");
        }
        assert_eq!(
            v["kpis"]["connect_rate_by_hour"].as_array().map(Vec::len),
            Some(24)
        );
        for s in ["new", "unreached", "engaged", "lost", "handed_off"] {
            let st = &v["stages"][s];
            assert!(st["count"].is_u64() && st["over_sla"].is_u64(), "{s}");
            assert!(st.get("median_age_days").is_some(), "{s}");
        }
        assert_eq!(v["role"], "all");
        assert!(v["targets"]["dials"].is_number());
    }
    let (code, out, _) = sb.run(&["report", "--period", "week"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("*dials") && out.contains("median age"),
        "{out}"
    );
    let (code, _, err) = sb.run(&["report", "--from", "2026-11-27", "--to", "2026-11-01"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn team_json_shape_and_backup_copy() {
    let sb = Sandbox::new();
    sb.demo(40);
    let copy = sb.dir.path().join("copy.db");
    let (code, _, err) = sb.run(&["backup", copy.to_str().unwrap_or_default()]);
    assert_eq!(code, 0, "{err}");
    let db = sb.db();
    let v = sb.json(&[
        "team",
        db.to_str().unwrap_or_default(),
        copy.to_str().unwrap_or_default(),
        "--json",
    ]);
    assert_eq!(v["reps"].as_array().map(Vec::len), Some(2));
    for k in [
        "name",
        "file",
        "stages",
        "open",
        "over_sla",
        "oldest_new_minutes",
    ] {
        assert!(v["reps"][0].get(k).is_some(), "rep lacks {k}");
    }
    assert!(v["reps"][0]["stages"]["new"]["count"].is_u64());
    for k in [
        "overall",
        "new",
        "unreached",
        "engaged",
        "lost",
        "handed_off",
    ] {
        assert!(
            v["imbalance"][k].get("max_over_mean").is_some()
                && v["imbalance"][k].get("cv").is_some(),
            "{k}"
        );
    }
    assert!(v["flagged"].is_array());
    let (code, out, _) = sb.run(&["team", db.to_str().unwrap_or_default(), "--md"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("| rep |"), "{out}");
}

#[test]
fn transfer_writes_a_bundle_and_hides_the_lead() {
    let sb = Sandbox::new();
    sb.demo(20);
    let leads = sb.json(&["list", "--json"]);
    let id = leads[0]["id"].as_i64().unwrap_or_default().to_string();
    let out = sb.dir.path().join("b.jsonl");
    let (code, _, err) = sb.run(&[
        "transfer",
        &id,
        "--to",
        "Kim",
        "-o",
        out.to_str().unwrap_or_default(),
    ]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(
        text.starts_with("{\"leadbench_bundle\":1"),
        "{}",
        &text[..text.len().min(80)]
    );
    let after = sb.json(&["list", "--json"]);
    assert!(after.as_array().is_some_and(|a| {
        a.iter()
            .all(|l| l["id"].as_i64().map(|x| x.to_string()) != Some(id.clone()))
    }));
    let shown = sb.json(&["show", &id, "--json"]);
    assert_eq!(shown["transferred_to"], "Kim");
}

#[test]
fn report_and_list_headings_follow_the_ui_language_and_keep_the_ids() {
    let sb = Sandbox::new();
    sb.demo(20);
    let cfg = sb.dir.path().join("ja.toml");
    std::fs::write(&cfg, "[ui]\nlanguage = \"ja\"\n").unwrap_or_else(|e| panic!("{e}"));
    let cfg = cfg.to_str().unwrap_or_default();
    let (code, out, err) = sb.run(&["report", "--period", "week", "--config", cfg]);
    assert_eq!(code, 0, "{err}");
    // Headings in Japanese; KPI and stage ids are contract names and stay.
    assert!(
        out.contains("目標") && out.contains("経過日数の中央値"),
        "{out}"
    );
    assert!(
        out.contains("*dials") && out.contains("handed_off"),
        "{out}"
    );
    let (code, out, err) = sb.run(&["list", "--all", "--config", cfg]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("氏名") && out.contains("次の行動"), "{out}");
}
