//! The sections: defaults, typed values and their checks, targets, paths.

use chrono::{NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;

use super::{parse_err, parse_ok};
use crate::config::{Config, Framework, Holidays, LogLevel, OffsetUnit, Role, Security, Transport};
use crate::domain::{Lang, Stage};

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or_else(|| panic!("bad time"))
}

#[test]
fn defaults_follow_appendix_c() {
    let c = Config::default();
    assert_eq!(c.rep.timezone, Tz::Asia__Tokyo);
    assert_eq!(c.rep.role, Role::All);
    assert_eq!(c.rep.name, "");
    assert_eq!(c.ui.language, Lang::En);
    assert_eq!(
        (c.calling.window.start, c.calling.window.end),
        (time(9, 0), time(18, 0))
    );
    assert_eq!(
        c.calling.days,
        [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri
        ]
    );
    assert_eq!(c.calling.holidays, Holidays::Jp);
    assert_eq!(c.calling.max_attempts_per_day, 3);
    assert_eq!(c.calling.default_country, "JP");
    assert_eq!(c.calling.dial_command, ["xdg-open", "tel:{phone}"]);
    assert_eq!(c.rules.lost_after_attempts, 6);
    assert_eq!(c.rules.retry_no_answer.as_str(), "+1d");
    assert_eq!(
        c.rules.retry_no_answer.duration(),
        chrono::Duration::days(1)
    );
    assert_eq!(c.rules.retry_busy.duration(), chrono::Duration::hours(2));
    assert_eq!(c.rules.week_start, Weekday::Mon);
    let sla = &c.sla;
    assert_eq!(
        (
            sla.new,
            sla.unreached,
            sla.engaged,
            sla.handed_off,
            sla.lost
        ),
        (1, 14, 30, 14, 7)
    );
    assert_eq!(sla.speed_to_lead_minutes, 60);
    assert_eq!(sla.days(Stage::Engaged), 30);
    assert!((c.scoring.value_half_life_days - 14.0).abs() < f64::EPSILON);
    assert_eq!(
        (c.scoring.grades.a, c.scoring.grades.b, c.scoring.grades.c),
        (80, 60, 40)
    );
    assert_eq!(c.mail.transport, Transport::Outbox);
    assert_eq!(c.mail.send_delay_secs, 20);
    assert_eq!(c.mail.outbox_dir, None);
    assert_eq!(c.mail.smtp.port, 587);
    assert_eq!(c.mail.smtp.security, Security::Starttls);
    assert_eq!(c.mail.smtp.password_env, "LEADBENCH_SMTP_PASSWORD");
    assert_eq!(c.mail.sendmail.command, "sendmail");
    assert_eq!(c.handoff.framework, Framework::Bant);
    assert_eq!(c.handoff.required_items(), ["need", "timeline"]);
    assert_eq!(
        (c.handoff.min_score_relaxed, c.handoff.min_score_strict),
        (40, 70)
    );
    assert_eq!(c.handoff.weekly_capacity, 10);
    assert_eq!(c.handoff.export_dir, None);
    assert_eq!(c.targets.target(Role::All, "dials"), Some(60.0));
    assert_eq!(c.targets.target(Role::All, "connect_rate"), Some(0.2));
    assert_eq!(c.log.level, LogLevel::Off);
    assert!((c.team.flag_margin - 0.25).abs() < f64::EPSILON);
}

#[test]
fn typed_values_are_read() {
    let c = parse_ok(
        "[rep]\ntimezone = \"Europe/Berlin\"\nrole = \"task:calls\"\n[ui]\nlanguage = \"ja\"\n\
         [calling]\nwindow = [\"8:30\", \"17:00\"]\ndays = [\"mon\", \"wed\", \"mon\"]\nholidays = \"none\"\n\
         extra_holidays = [\"2026-12-29\", 2026-12-30]\ndefault_country = \"us\"\n\
         [rules]\nretry_no_answer = \"+3w\"\nretry_busy = \"+45m\"\nweek_start = \"sun\"\n\
         [mail]\ntransport = \"smtp\"\nbcc = [\"log@crm.example\"]\n[mail.smtp]\nsecurity = \"tls\"\nport = 465\n\
         [log]\nlevel = \"debug\"\n",
    );
    assert_eq!(c.rep.timezone, Tz::Europe__Berlin);
    assert_eq!(c.rep.role, Role::TaskCalls);
    assert_eq!(c.ui.language, Lang::Ja);
    assert_eq!(
        (c.calling.window.start, c.calling.window.end),
        (time(8, 30), time(17, 0))
    );
    assert_eq!(c.calling.days, [Weekday::Mon, Weekday::Wed]);
    assert_eq!(c.calling.holidays, Holidays::None);
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(c.calling.extra_holidays, [d("2026-12-29"), d("2026-12-30")]);
    assert_eq!(c.calling.default_country, "US");
    assert_eq!(c.rules.retry_no_answer.unit(), OffsetUnit::Weeks);
    assert_eq!(
        c.rules.retry_no_answer.duration(),
        chrono::Duration::weeks(3)
    );
    assert_eq!(c.rules.retry_busy.duration(), chrono::Duration::minutes(45));
    assert_eq!(c.rules.week_start, Weekday::Sun);
    assert_eq!(c.mail.transport, Transport::Smtp);
    assert_eq!(
        (c.mail.smtp.security, c.mail.smtp.port),
        (Security::Tls, 465)
    );
    assert_eq!(c.log.level, LogLevel::Debug);
    let w = c.calling.window();
    assert!(!w.japan_holidays);
    assert_eq!(w.days, [Weekday::Mon, Weekday::Wed]);
}

#[test]
fn bad_values_are_errors_naming_their_key() {
    let cases = [
        (
            "[rep]\ntimezone = \"Mars/Olympus\"\n",
            "rep.timezone",
            "unknown time zone",
        ),
        (
            "[rep]\nrole = \"stage:won\"\n",
            "rep.role",
            "unknown role `stage:won`",
        ),
        (
            "[calling]\nwindow = [\"09:00\"]\n",
            "calling.window",
            "two times",
        ),
        (
            "[calling]\nwindow = [\"09:00\", \"25:00\"]\n",
            "calling.window[1]",
            "not a time",
        ),
        (
            "[calling]\ndays = [\"monday\"]\n",
            "calling.days",
            "unknown day `monday`",
        ),
        ("[calling]\ndays = []\n", "calling.days", "at least one day"),
        (
            "[calling]\nholidays = \"us\"\n",
            "calling.holidays",
            "unknown variant",
        ),
        (
            "[calling]\nextra_holidays = [\"12/29\"]\n",
            "calling.extra_holidays[0]",
            "not a date",
        ),
        (
            "[calling]\ndefault_country = \"Japan\"\n",
            "calling.default_country",
            "two-letter",
        ),
        (
            "[calling]\ndial_command = []\n",
            "calling.dial_command",
            "name a program",
        ),
        (
            "[calling]\ndial_command = [\"dial\"]\n",
            "calling.dial_command",
            "{phone}",
        ),
        (
            "[rep]\nemail = \"taro\"\n",
            "rep.email",
            "not an email address",
        ),
        (
            "[rules]\nretry_no_answer = \"+0d\"\n",
            "rules.retry_no_answer",
            "1 to",
        ),
        (
            "[rules]\nretry_no_answer = \"1d\"\n",
            "rules.retry_no_answer",
            "not an offset",
        ),
        (
            "[rules]\nretry_no_answer = \"+1y\"\n",
            "rules.retry_no_answer",
            "not an offset",
        ),
        (
            "[rules]\nweek_start = \"Monday\"\n",
            "rules.week_start",
            "unknown day",
        ),
        (
            "[scoring]\nvalue_half_life_days = 0\n",
            "scoring.value_half_life_days",
            "greater than 0",
        ),
        (
            "[scoring]\ngrades = { A = 80, B = 80 }\n",
            "scoring.grades",
            "must descend",
        ),
        (
            "[mail]\nbcc = [\"crm\"]\n",
            "mail.bcc",
            "not an email address",
        ),
        (
            "[mail]\ntransport = \"pigeon\"\n",
            "mail.transport",
            "unknown variant",
        ),
        (
            "[mail.smtp]\nsecurity = \"ssl\"\n",
            "mail.smtp.security",
            "unknown variant",
        ),
        ("[mail.smtp]\nport = 70000\n", "mail.smtp.port", ""),
        (
            "[handoff]\nframework = \"spiced\"\n",
            "handoff.framework",
            "unknown variant",
        ),
        ("[log]\nlevel = \"trace\"\n", "log.level", "unknown variant"),
        (
            "[team]\nflag_margin = -1\n",
            "team.flag_margin",
            "0 or more",
        ),
        (
            "[ui]\nlanguage = \"fr\"\n",
            "ui.language",
            "unknown variant",
        ),
    ];
    for (text, key, msg) in cases {
        let e = parse_err(text);
        assert_eq!(e.key, key, "{text} → {e}");
        assert_eq!(e.line, 2, "{text} → {e}");
        assert!(e.msg.contains(msg), "{text} → {e}");
    }
}

#[test]
fn targets_merge_over_the_defaults_and_roles_override() {
    let c = parse_ok(
        "[targets]\ndials = 80\nreply_rate = 0.1\n\n[targets.\"task:calls\"]\ndials = 100\n",
    );
    assert_eq!(c.targets.target(Role::All, "dials"), Some(80.0));
    assert_eq!(c.targets.target(Role::TaskCalls, "dials"), Some(100.0));
    assert_eq!(c.targets.target(Role::TaskCalls, "meetings"), Some(2.0));
    assert_eq!(c.targets.target(Role::All, "reply_rate"), Some(0.1));
    assert_eq!(c.targets.target(Role::All, "graded"), None);
    assert_eq!(
        c.targets.for_role(Role::TaskCalls).get("dials"),
        Some(&100.0)
    );
}

#[test]
fn unknown_targets_name_their_key() {
    let e = parse_err("[targets]\ndials = 60\ndails = 3\n");
    assert_eq!((e.line, e.key.as_str()), (3, "targets.dails"), "{e}");
    let e = parse_err("[targets.\"task:calls\"]\n\ndails = 3\n");
    assert_eq!(
        (e.line, e.key.as_str()),
        (3, "targets.\"task:calls\".dails"),
        "{e}"
    );
    let e = parse_err("[targets.\"task:cals\"]\ndials = 3\n");
    assert_eq!(e.line, 1, "{e}");
    let e = parse_err("[targets]\ngrade_mix = 3\n");
    assert!(e.msg.contains("unknown KPI"), "{e}");
}

#[test]
fn engagement_points_are_read_and_unknown_kinds_count_as_other() {
    let c = parse_ok("[scoring.engagement]\npricing_page = 25\nother = 2\n");
    assert_eq!(c.scoring.engagement.points("pricing_page"), 25);
    assert_eq!(c.scoring.engagement.points("podcast"), 2);
    assert_eq!(c.scoring.engagement.points("reply"), 8);
    let e = parse_err("[scoring.engagement]\npricing = 3\n");
    assert_eq!(e.key, "scoring.engagement.pricing");
}

#[test]
fn paths_default_to_the_data_dir_and_expand_home() {
    let c = Config::default();
    let data = std::path::Path::new("/data");
    assert_eq!(c.mail.outbox_dir(data), data.join("outbox"));
    assert_eq!(c.handoff.export_dir(data), data.join("handoff"));
    let c = parse_ok("[mail]\noutbox_dir = \"/srv/out\"\ntemplates_dir = \"~/tpl\"\n");
    assert_eq!(
        c.mail.outbox_dir(data),
        std::path::PathBuf::from("/srv/out")
    );
    let tpl = c.mail.templates_dir.unwrap_or_default();
    assert!(tpl.ends_with("tpl") && !tpl.starts_with("~"), "{tpl:?}");
}

#[test]
fn mail_from_falls_back_to_the_rep() {
    let c = parse_ok("[rep]\nname = \"Taro Yamada\"\nemail = \"taro@example.com\"\n");
    assert_eq!(c.mail_from(), "Taro Yamada <taro@example.com>");
    let c = parse_ok(
        "[rep]\nemail = \"taro@example.com\"\n[mail]\nfrom = \"Sales <sales@example.com>\"\n",
    );
    assert_eq!(c.mail_from(), "Sales <sales@example.com>");
}

#[test]
fn transition_rules_carry_the_configured_values() {
    let c = parse_ok("[rules]\nlost_after_attempts = 4\nretry_busy = \"+30m\"\n");
    let r = c.rules.transition_rules();
    assert_eq!(r.lost_after_attempts, 4);
    assert_eq!(r.retry_busy, chrono::Duration::minutes(30));
    assert!(r.reengage_days.contains(&("competitor".to_string(), 180)));
}

#[test]
fn grades_map_scores_to_letters() {
    let g = Config::default().scoring.grades;
    assert_eq!(
        [
            g.grade(95),
            g.grade(80),
            g.grade(60),
            g.grade(59),
            g.grade(0)
        ],
        ['A', 'A', 'B', 'C', 'D']
    );
}
