//! Screen snapshots per view and modal, at 100×30 and 80×24, in English and Japanese.

use leadbench::app::{Modal, State, StatusKind, View};
use leadbench::domain::{Lang, Stage};

use crate::ui_fixture::{HOSTILE_NAME, callback_form, draw, lead_ref, schedule_form, state};

const SIZES: [(u16, u16); 2] = [(100, 30), (80, 24)];
const LANGS: [(Lang, &str); 2] = [(Lang::En, "en"), (Lang::Ja, "ja")];

fn stage_state(lang: Lang) -> State {
    let mut s = state(lang, View::Stage(Stage::Unreached));
    s.table.rows.retain(|r| r.stage == Stage::Unreached);
    s.table.total = s.table.rows.len() as u64;
    s.table.selected = 1;
    s.say(
        StatusKind::Warn,
        lang.pick("3 leads over SLA", "SLA超過 3件"),
    );
    s
}

/// Every case: (name, state).
fn cases(lang: Lang) -> Vec<(&'static str, State)> {
    let mut today = state(lang, View::Today);
    today.say(
        StatusKind::Info,
        format!(
            "{} — {HOSTILE_NAME}",
            lang.pick("Logged: no answer", "記録: 不在")
        ),
    );
    let mut dashboard = state(lang, View::Dashboard);
    dashboard.say(
        StatusKind::Error,
        lang.pick("The database is locked", "データベースがロックされています"),
    );
    let with_modal = |m: Modal| {
        let mut s = state(lang, View::Today);
        s.modal = Some(m);
        s
    };
    vec![
        ("today", today),
        ("stage", stage_state(lang)),
        ("dashboard", dashboard),
        ("call", with_modal(Modal::CallOutcome(lead_ref()))),
        ("call_details", with_modal(callback_form(lang))),
        ("help", with_modal(Modal::Help)),
    ]
}

#[test]
fn views_and_modals_look_right_at_both_sizes_in_both_languages() {
    for (lang, tag) in LANGS {
        for (w, h) in SIZES {
            for (name, mut s) in cases(lang) {
                let terminal = draw(&mut s, w, h);
                insta::assert_snapshot!(format!("{name}_{tag}_{w}x{h}"), terminal.backend());
            }
        }
    }
}

#[test]
fn wide_terminals_show_the_detail_beside_the_table() {
    for (lang, tag) in LANGS {
        let mut s = state(lang, View::Today);
        let terminal = draw(&mut s, 140, 32);
        insta::assert_snapshot!(format!("detail_beside_{tag}_140x32"), terminal.backend());
    }
}

#[test]
fn narrow_terminals_show_the_open_detail_instead_of_the_table() {
    for (lang, tag) in LANGS {
        let mut s = state(lang, View::Today);
        s.detail_open = true;
        let terminal = draw(&mut s, 80, 24);
        insta::assert_snapshot!(format!("detail_open_{tag}_80x24"), terminal.backend());
    }
}

#[test]
fn forms_confirmations_and_an_empty_queue_look_right() {
    for (lang, tag) in LANGS {
        let mut s = state(lang, View::Today);
        s.modal = Some(schedule_form(lang));
        insta::assert_snapshot!(
            format!("schedule_form_{tag}_80x24"),
            draw(&mut s, 80, 24).backend()
        );

        let mut s = state(lang, View::Today);
        s.modal = Some(Modal::Confirm {
            message: vec![
                lang.pick(
                    "Third call to this lead today.",
                    "このリードへの本日3回目の架電です。",
                )
                .to_owned(),
                lang.pick("Log it anyway? (y/n)", "記録しますか？ (y/n)")
                    .to_owned(),
            ],
            effect: Box::new(leadbench::app::Effect::Undo),
        });
        insta::assert_snapshot!(
            format!("confirm_{tag}_80x24"),
            draw(&mut s, 80, 24).backend()
        );

        let mut s = state(lang, View::Today);
        s.table.rows.clear();
        s.table.total = 0;
        s.detail = None;
        s.marked.clear();
        insta::assert_snapshot!(
            format!("today_empty_{tag}_80x24"),
            draw(&mut s, 80, 24).backend()
        );
    }
}
