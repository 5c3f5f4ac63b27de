//! CLI: scores, grades, groups and breakdowns in JSON, `list --group`, `rescore`.

use serde_json::Value;

use crate::cli::Sandbox;

const GROUPS: &str = r#"
[[groups]]
name = "enterprise"
when = { employees = { min = 1000 } }

[[groups]]
name = "hot"
when = { grade = ["A", "B"] }

[[groups]]
name = "ja-it"
when = { industry = ["IT・ソフトウェア", "製造業"] }
"#;

fn arr(v: &Value) -> &Vec<Value> {
    v.as_array().unwrap_or_else(|| panic!("not an array: {v}"))
}

#[test]
fn demo_leads_are_scored_graded_and_explained_line_by_line() {
    let sb = Sandbox::new();
    sb.demo(200);
    let leads = sb.json(&["list", "--json"]);
    let mut scored = 0;
    for l in arr(&leads) {
        assert!(
            ["A", "B", "C", "D"].contains(&l["grade"].as_str().unwrap_or("")),
            "{l}"
        );
        if l["score"].as_i64().unwrap_or(0) > 0 {
            scored += 1;
        }
    }
    assert!(scored > 50, "only {scored} leads scored");
    for l in arr(&leads).iter().take(15) {
        let d = sb.json(&["show", &l["id"].to_string(), "--json"]);
        let sum: i64 = arr(&d["score_breakdown"])
            .iter()
            .map(|x| x["points"].as_i64().unwrap_or(0))
            .sum();
        assert_eq!(
            sum,
            d["score"].as_i64().unwrap_or(-1),
            "{}",
            d["score_breakdown"]
        );
        assert!(d["value"].as_f64().unwrap_or(1e9) <= d["score"].as_f64().unwrap_or(0.0) + 1.0);
    }
}

#[test]
fn groups_show_in_json_and_list_group_lists_members_only() {
    let sb = Sandbox::new();
    let cfg = sb.write("groups.toml", GROUPS);
    let cfg = cfg.to_string_lossy().into_owned();
    let (code, _, err) = sb.run(&["demo", "--leads", "200", "--config", &cfg]);
    assert_eq!(code, 0, "{err}");
    let all = sb.json(&["list", "--json", "--config", &cfg]);
    let members: Vec<i64> = arr(&all)
        .iter()
        .filter(|l| arr(&l["groups"]).iter().any(|g| g == "hot"))
        .map(|l| l["id"].as_i64().unwrap_or(0))
        .collect();
    assert!(!members.is_empty());
    for l in arr(&all) {
        let groups = arr(&l["groups"]);
        assert_eq!(l["group"], groups.first().cloned().unwrap_or(Value::Null));
        let hot = matches!(l["grade"].as_str(), Some("A" | "B"));
        assert_eq!(groups.iter().any(|g| g == "hot"), hot, "{l}");
    }
    let listed = sb.json(&["list", "--group", "hot", "--json", "--config", &cfg]);
    let mut got: Vec<i64> = arr(&listed)
        .iter()
        .map(|l| l["id"].as_i64().unwrap_or(0))
        .collect();
    let mut want = members.clone();
    got.sort_unstable();
    want.sort_unstable();
    assert_eq!(got, want);
    let (code, _, err) = sb.run(&["list", "--group", "nope", "--config", &cfg]);
    assert_eq!(code, 2);
    assert!(err.contains("enterprise"), "{err}");
}

#[test]
fn rescore_applies_a_changed_configuration() {
    let sb = Sandbox::new();
    sb.demo(120);
    let before = sb.json(&["list", "--json"]);
    let cfg = sb.write(
        "zero.toml",
        "[[scoring.fit]]\nname = \"executive\"\nfield = \"title\"\ncontains = [\"x\"]\npoints = 0\n\n[[scoring.fit]]\nname = \"company-size\"\nfield = \"employees\"\nmin = 1\npoints = 0\n\n[[scoring.fit]]\nname = \"inbound\"\nfield = \"source\"\ncontains = [\"x\"]\npoints = 0\n\n[[scoring.fit]]\nname = \"manager\"\nfield = \"title\"\ncontains = [\"x\"]\npoints = 0\n\n[[scoring.fit]]\nname = \"student\"\nfield = \"title\"\ncontains = [\"学生\", \"Student\"]\npoints = -100\n",
    );
    let cfg = cfg.to_string_lossy().into_owned();
    let (code, out, err) = sb.run(&["rescore", "--config", &cfg]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("rescored 120 leads"), "{out}");
    let after = sb.json(&["list", "--json", "--config", &cfg]);
    let total = |v: &Value| {
        arr(v)
            .iter()
            .map(|l| l["score"].as_i64().unwrap_or(0))
            .sum::<i64>()
    };
    assert!(total(&after) < total(&before));
    let (code, out, _) = sb.run(&["rescore", "--config", &cfg]);
    assert_eq!(code, 0);
    assert!(out.contains("(0 changed)"), "{out}");
}

/// Values decay continuously; reads within one minute agree (a script diffing two reads around
/// a no-op sees no change), and a later minute shows the decay.
#[test]
fn values_agree_within_a_minute_and_decay_after_it() {
    let sb = Sandbox::new();
    sb.demo(60);
    let read = |now: &str| -> Vec<f64> {
        let out = sb
            .cmd()
            .env("LEADBENCH_NOW", now)
            .args(["list", "--json", "--db"])
            .arg(sb.db())
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
        arr(&v)
            .iter()
            .map(|l| l["value"].as_f64().unwrap_or(f64::NAN))
            .collect()
    };
    let first = read("2026-11-27T01:00:01Z");
    assert_eq!(first, read("2026-11-27T01:00:59Z"));
    // Ten days on, the leads are worth less (summed: the list's order is by value).
    let later: f64 = read("2026-12-07T01:00:00Z").iter().sum();
    assert!(later < first.iter().sum::<f64>(), "{later}");
}
