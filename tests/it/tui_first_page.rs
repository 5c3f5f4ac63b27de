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

/// A typed character; `\r` is Enter.
fn key(c: char) -> leadbench::app::Msg {
    use leadbench::config::KeyCode;
    crate::support::key_msg(if c == '\r' {
        KeyCode::Enter
    } else {
        KeyCode::Char(c)
    })
}

/// A call moves the first lead of New out of the view and the list moves on to the next; `u`
/// brings the lead back where it was — above the row the list had moved on to — and the
/// list shows and selects it again, not only the counts.
#[test]
fn undo_brings_the_lead_back_into_the_list() {
    let sb = Sandbox::new();
    let cfg = sb.write("config.toml", "[rep]\ntimezone = \"Asia/Tokyo\"\n");
    let mut ctx =
        Context::open(Some(cfg), Some(sb.db())).unwrap_or_else(|e| panic!("{}", e.message));
    // More than a window's rows below the first: the page after the call is full without
    // reading above it.
    let total = leadbench::app::WINDOW as i64 * 2;
    let leads: Vec<_> = (1..=total)
        .map(|n| {
            (
                new_lead(
                    n,
                    "Asia/Tokyo",
                    &format!("+81312{n:06}"),
                    &format!("会社{n}"),
                ),
                vec![],
            )
        })
        .collect();
    ctx.store
        .insert_leads_bulk(leads)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut state = State::new(
        ctx.policy.clone(),
        "Rep",
        Vec::new(),
        View::Stage(Stage::New),
        now(),
    );
    leadbench::tui::start(&mut ctx, &mut state);
    let first = state.table.selected_row().map(|r| r.id);
    assert!(first.is_some());
    for k in ['c', 'n', '\r'] {
        leadbench::tui::dispatch(&mut ctx, &mut state, key(k));
    }
    let ids = |s: &State| s.table.rows.iter().map(|r| r.id).collect::<Vec<_>>();
    assert!(
        !ids(&state).contains(&first.unwrap_or_default()),
        "moved to Not reached"
    );
    leadbench::tui::dispatch(&mut ctx, &mut state, key('u'));
    assert!(
        ids(&state).contains(&first.unwrap_or_default()),
        "{:?}",
        ids(&state)
    );
    assert_eq!(state.table.selected_row().map(|r| r.id), first);
}

/// Marking a lead lost says the reason as the rep picked it, not its id.
#[test]
fn marking_lost_names_the_reason_not_its_id() {
    let sb = Sandbox::new();
    let cfg = sb.write("config.toml", "[rep]\ntimezone = \"Asia/Tokyo\"\n");
    let mut ctx =
        Context::open(Some(cfg), Some(sb.db())).unwrap_or_else(|e| panic!("{}", e.message));
    ctx.store
        .insert_leads_bulk(vec![(
            new_lead(1, "Asia/Tokyo", "+81312340001", "会社1"),
            vec![],
        )])
        .unwrap_or_else(|e| panic!("{e}"));
    let mut state = leadbench::tui::initial_state(&ctx);
    state.view = View::Stage(Stage::New);
    leadbench::tui::start(&mut ctx, &mut state);
    for k in ['l', '\r'] {
        leadbench::tui::dispatch(&mut ctx, &mut state, key(k));
    }
    let status = state
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    let (id, label) = state.lost_reasons[0].clone();
    assert!(status.contains(&format!("({label})")), "{status}");
    assert!(
        id == label || !status.contains(&format!("({id})")),
        "{status}"
    );
}
