//! Arrays of tables: built-ins, replacement by id or name, and the checks on each entry.

use super::{parse_err, parse_ok};
use crate::config::{Condition, Config, FitTest, StepAction, builtin_sequences};
use crate::domain::{Lang, Stage};

#[test]
fn builtin_lost_reasons_are_there_in_both_languages() {
    let c = Config::default();
    let days: Vec<(&str, u32)> = c
        .lost_reasons()
        .iter()
        .map(|r| (r.id.as_str(), r.reengage_after_days))
        .collect();
    assert_eq!(
        days,
        [
            ("not_interested", 90),
            ("bad_timing", 90),
            ("no_budget", 120),
            ("competitor", 180),
            ("unreachable", 60),
            ("invalid_data", 0),
            ("do_not_call", 0)
        ]
    );
    let r = c
        .lost_reason("no_budget")
        .unwrap_or_else(|| panic!("missing"));
    assert_eq!(
        (r.label(Lang::En), r.label(Lang::Ja)),
        ("No budget", "予算なし")
    );
    assert!(
        c.lost_reason("do_not_call")
            .is_some_and(crate::config::LostReason::is_system)
    );
    assert!(c.lost_reason("nope").is_none());
}

#[test]
fn a_user_lost_reason_replaces_a_builtin_in_place_and_new_ones_are_added() {
    let c = parse_ok(
        "[[rules.lost_reasons]]\nid = \"bad_timing\"\nreengage_after_days = 30\n\n\
         [[rules.lost_reasons]]\nid = \"acquired\"\nlabel = \"Company acquired\"\nreengage_after_days = 365\n",
    );
    let bad_timing = c
        .lost_reason("bad_timing")
        .unwrap_or_else(|| panic!("missing"));
    assert_eq!(bad_timing.reengage_after_days, 30);
    assert_eq!(
        bad_timing.label_ja, "時期が合わない",
        "labels fall back to the built-in"
    );
    assert_eq!(c.lost_reasons()[1].id, "bad_timing");
    let acquired = c
        .lost_reason("acquired")
        .unwrap_or_else(|| panic!("missing"));
    assert_eq!(
        (acquired.label.as_str(), acquired.label_ja.as_str()),
        ("Company acquired", "Company acquired")
    );
    assert_eq!(c.lost_reasons().len(), 8);
    for id in ["unreachable", "invalid_data", "do_not_call"] {
        assert!(c.lost_reason(id).is_some(), "{id} always exists");
    }
}

#[test]
fn do_not_call_cannot_be_made_to_re_engage() {
    let e = parse_err("[[rules.lost_reasons]]\nid = \"do_not_call\"\nreengage_after_days = 30\n");
    assert_eq!(e.key, "rules.lost_reasons[0]");
    assert_eq!(e.line, 1);
    assert!(e.msg.contains("never re-engages"), "{e}");
    let c = parse_ok("[[rules.lost_reasons]]\nid = \"do_not_call\"\nlabel_ja = \"架電拒否\"\n");
    assert_eq!(
        c.lost_reason("do_not_call").map(|r| r.label_ja.as_str()),
        Some("架電拒否")
    );
}

#[test]
fn lost_reason_ids_are_checked() {
    let e = parse_err("[[rules.lost_reasons]]\nid = \"Bad Id\"\n");
    assert!(e.msg.contains("lowercase"), "{e}");
}

#[test]
fn fit_rules_parse_every_shape_and_replace_builtins_by_name() {
    let c = parse_ok(
        "[[scoring.fit]]\nname = \"manager\"\nfield = \"title\"\ncontains = [\"Manager\"]\npoints = 5\n\n\
         [[scoring.fit]]\nfield = \"industry\"\nany = [\"IT\", \"情報通信\"]\npoints = 10\n\n\
         [[scoring.fit]]\nfield = \"email\"\ncontains = [\"@competitor.example\"]\npoints = -50\n\n\
         [[scoring.fit]]\nfield = \"employees\"\nmin = 10\nmax = 99\npoints = 5\n",
    );
    let fit = &c.scoring.fit;
    assert_eq!(fit.len(), 4 + 3);
    assert_eq!(fit[1].name, "manager");
    assert_eq!(fit[1].points, 5);
    assert_eq!(
        fit[4].test,
        FitTest::Any(vec!["IT".into(), "情報通信".into()])
    );
    assert_eq!(fit[4].label(), "industry");
    assert_eq!(fit[5].points, -50);
    assert_eq!(
        fit[6].test,
        FitTest::Range {
            min: Some(10),
            max: Some(99)
        }
    );
}

#[test]
fn fit_rules_need_one_test_and_a_known_field() {
    let e = parse_err(
        "[[scoring.fit]]\nfield = \"title\"\nany = [\"a\"]\ncontains = [\"b\"]\npoints = 1\n",
    );
    assert!(e.msg.contains("exactly one test"), "{e}");
    assert_eq!((e.line, e.key.as_str()), (1, "scoring.fit[0]"));
    let e = parse_err("[[scoring.fit]]\nfield = \"titel\"\nany = [\"a\"]\npoints = 1\n");
    assert!(e.msg.contains("unknown lead field `titel`"), "{e}");
    let e = parse_err("[[scoring.fit]]\nfield = \"employees\"\nmin = 100\nmax = 10\npoints = 1\n");
    assert!(e.msg.contains("above max"), "{e}");
}

#[test]
fn groups_parse_the_appendix_c_shape_in_config_order() {
    let c = parse_ok(
        "[[groups]]\nname = \"enterprise\"\nwhen = { industry = [\"IT\"], employees = { min = 1000 }, source = [\"web\"], grade = [\"A\", \"B\"], tags = [\"vip\"] }\n\n\
         [[groups]]\nname = \"opted-out\"\nwhen = { email_opt_out = true, stage = \"lost\" }\n\n\
         [[groups]]\nname = \"everyone\"\n",
    );
    let names: Vec<&str> = c.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["enterprise", "opted-out", "everyone"]);
    let g = &c.groups[0];
    assert_eq!(
        g.when.get("employees"),
        Some(&Condition::Range {
            min: Some(1000),
            max: None
        })
    );
    assert_eq!(
        g.when.get("grade"),
        Some(&Condition::Any(vec!["A".into(), "B".into()]))
    );
    assert_eq!(
        c.groups[1].when.get("email_opt_out"),
        Some(&Condition::Is(true))
    );
    assert_eq!(
        c.groups[1].when.get("stage"),
        Some(&Condition::Any(vec!["lost".into()]))
    );
    assert!(c.groups[2].when.is_empty());
}

#[test]
fn group_conditions_are_checked() {
    let e = parse_err("[[groups]]\nname = \"x\"\nwhen = { indstry = [\"IT\"] }\n");
    assert_eq!(
        (e.line, e.key.as_str()),
        (3, "groups[0].when.indstry"),
        "{e}"
    );
    let e = parse_err("[[groups]]\nname = \"x\"\nwhen = { grade = [\"E\"] }\n");
    assert!(e.msg.contains("unknown grade `E`"), "{e}");
    let e = parse_err("[[groups]]\nname = \"x\"\nwhen = { stage = [\"won\"] }\n");
    assert!(e.msg.contains("unknown stage `won`"), "{e}");
    let e = parse_err("[[groups]]\nwhen = { grade = [\"A\"] }\n");
    assert!(e.msg.contains("missing field `name`"), "{e}");
}

#[test]
fn builtin_sequences_exist_and_user_ones_replace_or_extend_them() {
    let names: Vec<String> = builtin_sequences().into_iter().map(|s| s.name).collect();
    assert_eq!(names, ["new-lead", "not-reached", "re-engagement"]);
    let c = parse_ok(
        "[[sequences]]\nname = \"not-reached\"\nenrol_on = [\"unreached\"]\nsteps = [{ day = 0, action = \"call\" }]\n\n\
         [[sequences]]\nname = \"webinar\"\nauto_send = true\nsteps = [\n  { day = 0, action = \"mail\", template = \"first-follow-up\" },\n  { day = 2, action = \"task\", text = \"check attendance\" },\n]\n",
    );
    assert_eq!(c.sequences.len(), 4);
    assert_eq!(c.sequence("not-reached").map(|s| s.steps.len()), Some(1));
    let webinar = c.sequence("webinar").unwrap_or_else(|| panic!("missing"));
    assert_eq!(
        webinar.enrol_on,
        [Stage::New],
        "enrol_on defaults to [\"new\"]"
    );
    assert!(webinar.auto_send);
    assert_eq!(webinar.steps[1].action, StepAction::Task);
    assert_eq!(webinar.steps[1].text.as_deref(), Some("check attendance"));
}

#[test]
fn sequence_steps_are_checked() {
    let seq = |steps: &str| format!("[[sequences]]\nname = \"s\"\nsteps = [{steps}]\n");
    let e = parse_err(&seq("{ day = 0, action = \"mail\" }"));
    assert!(e.msg.contains("needs `template`"), "{e}");
    assert_eq!(e.key, "sequences[0].steps[0]");
    let e = parse_err(&seq("{ day = 0, action = \"task\" }"));
    assert!(e.msg.contains("needs `text`"), "{e}");
    let e = parse_err(&seq(
        "{ day = 3, action = \"call\" }, { day = 1, action = \"call\" }",
    ));
    assert!(e.msg.contains("day order"), "{e}");
    let e = parse_err(&seq(""));
    assert!(e.msg.contains("no steps"), "{e}");
    let e = parse_err(
        "[[sequences]]\nname = \"s\"\nenrol_on = [\"won\"]\nsteps = [{ day = 0, action = \"call\" }]\n",
    );
    assert_eq!(
        (e.line, e.key.as_str()),
        (3, "sequences[0].enrol_on"),
        "{e}"
    );
}

#[test]
fn handoff_reads_framework_items_and_field_reps() {
    let c = parse_ok(
        "[handoff]\nframework = \"meddic\"\nweekly_capacity = 4\n\n[[handoff.field_reps]]\nname = \"Sato\"\nemail = \"sato@example.com\"\n",
    );
    assert_eq!(
        c.handoff.required_items(),
        ["identify_pain", "economic_buyer", "champion"]
    );
    assert_eq!(
        c.handoff.field_rep("sato").map(|r| r.email.as_str()),
        Some("sato@example.com")
    );
    let c = parse_ok("[handoff]\nrequired = [\"budget\", \"need\"]\n");
    assert_eq!(c.handoff.required_items(), ["budget", "need"]);
}
