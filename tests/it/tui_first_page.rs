//! The TUI's first page, as `tui::start` reads it.

use chrono::Duration;
use leadbench::app::{State, View};
use leadbench::cli::Context;
use leadbench::domain::{Lead, Stage};

use crate::cli::Sandbox;
use crate::support::{lead, now};

fn new_lead(n: i64, zone: &str, phone: &str, company: &str) -> Lead {
    let mut l = lead(n, Stage::New);
    l.timezone = Some(zone.into());
    l.phones[0].number = Some(phone.into());
    l.company = company.into();
    l.handover_at = now() - Duration::hours(n);
    l.stage_entered_at = l.handover_at;
    l
}

#[test]
fn todays_first_page_puts_every_lead_callable_now_first() {
    // 10:00 in Tokyo is 17:00 the day before in Los Angeles: both in their calling window,
    // while New York (20:00) is not. The first page must know that before it is read.
    let sb = Sandbox::new();
    let cfg = sb.write("config.toml", "[rep]\ntimezone = \"Asia/Tokyo\"\n");
    let mut ctx =
        Context::open(Some(cfg), Some(sb.db())).unwrap_or_else(|e| panic!("{}", e.message));
    let leads = vec![
        (
            new_lead(1, "America/New_York", "+12125550101", "Big Apple Inc."),
            vec![],
        ),
        (
            new_lead(2, "Asia/Tokyo", "+81312340002", "株式会社東京"),
            vec![],
        ),
        (
            new_lead(3, "America/Los_Angeles", "+14155550103", "Golden Gate LLC"),
            vec![],
        ),
    ];
    ctx.store
        .insert_leads_bulk(leads)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut state = State::new(ctx.policy.clone(), "Rep", Vec::new(), View::Today, now());
    leadbench::tui::start(&mut ctx, &mut state);
    let page: Vec<(String, bool)> = state
        .table
        .rows
        .iter()
        .map(|r| (r.company.clone(), r.callable))
        .collect();
    assert_eq!(
        page,
        vec![
            ("株式会社東京".to_owned(), true),
            ("Golden Gate LLC".to_owned(), true),
            ("Big Apple Inc.".to_owned(), false),
        ],
        "{page:?}"
    );
}

/// `S` offers the sequences the rep's file can use: the built-in ones without any
/// `[[sequences]]` in the configuration, and a configured one beside them.
#[test]
fn the_first_state_knows_every_sequence_for_s() {
    let sb = Sandbox::new();
    let cfg = sb.write(
        "config.toml",
        "[[sequences]]\nname = \"fair-follow-up\"\nsteps = [{ day = 0, action = \"call\" }]\n",
    );
    let ctx = Context::open(Some(cfg), Some(sb.db())).unwrap_or_else(|e| panic!("{}", e.message));
    let state = leadbench::tui::initial_state(&ctx);
    assert!(state.sequences.len() > 1, "{:?}", state.sequences);
    assert!(
        state.sequences.iter().any(|s| s == "new-lead"),
        "{:?}",
        state.sequences
    );
    assert!(state.sequences.iter().any(|s| s == "fair-follow-up"));
}
