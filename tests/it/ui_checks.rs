//! Screen properties: hostile text never reaches the terminal, selection survives NO_COLOR, the
//! table draws exactly `table_rows` rows, the top bar fits, the cursor sits in the field.

use leadbench::app::{LeadRef, Modal, StatusKind, View};
use leadbench::domain::text::{display_width, is_unsafe_char};
use leadbench::domain::{Lang, Stage};
use leadbench::ui::table_rows;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;

use crate::ui_fixture::{HOSTILE_NAME, buffer, callback_form, draw, state};

/// The visible cells of a line with their x (the cell hidden behind a wide character skipped).
fn cells(buf: &Buffer, y: u16) -> Vec<(u16, &str)> {
    let mut out = Vec::new();
    let mut x = 0;
    while x < buf.area.width {
        let symbol = buf[(x, y)].symbol();
        out.push((x, symbol));
        x += u16::try_from(display_width(symbol).max(1)).unwrap_or(1);
    }
    out
}

/// A line as the terminal shows it.
fn line(buf: &Buffer, y: u16) -> String {
    cells(buf, y).into_iter().map(|(_, s)| s).collect()
}

/// The x of the cell where `needle` starts on line `y`.
fn x_of(buf: &Buffer, y: u16, needle: &str) -> Option<u16> {
    let cells = cells(buf, y);
    (0..cells.len()).find_map(|i| {
        let rest: String = cells[i..].iter().map(|(_, s)| *s).collect();
        rest.starts_with(needle).then_some(cells[i].0)
    })
}

fn find_line(buf: &Buffer, needle: &str) -> Option<u16> {
    (0..buf.area.height).find(|y| line(buf, *y).contains(needle))
}

#[test]
fn hostile_lead_data_never_reaches_the_terminal() {
    for lang in [Lang::En, Lang::Ja] {
        for (w, h, modal) in [(140, 32, false), (100, 30, true), (80, 24, false)] {
            let mut s = state(lang, View::Today);
            // The hostile row selected, its name in the detail, a popup and the status line.
            s.table.selected = 3;
            if let Some(d) = s.detail.as_mut() {
                d.lead.id = 4;
                d.lead.full_name = HOSTILE_NAME.into();
                d.lead.tags.push("\x1b]52;c;cGF5bG9hZA==\x07".into());
            }
            s.detail_open = w < 100;
            s.say(StatusKind::Error, HOSTILE_NAME);
            if modal {
                s.modal = Some(Modal::CallOutcome(LeadRef {
                    id: 4,
                    version: None,
                    name: HOSTILE_NAME.into(),
                }));
            }
            let t = draw(&mut s, w, h);
            let buf = buffer(&t);
            for cell in &buf.content {
                assert!(
                    !cell.symbol().chars().any(is_unsafe_char),
                    "unsafe character in {:?} at {w}x{h}",
                    cell.symbol()
                );
            }
            assert!(
                find_line(buf, "Mallory").is_some(),
                "the name is still shown, made safe"
            );
        }
    }
}

#[test]
fn the_selected_row_is_reversed_and_bold_so_no_color_still_shows_it() {
    let mut s = state(Lang::En, View::Today);
    s.table.selected = 1;
    let t = draw(&mut s, 100, 30);
    let buf = buffer(&t);
    let selected = find_line(buf, "Jane Cooper").expect("selected row drawn");
    let other = find_line(buf, "Robert Brown").expect("other row drawn");
    for x in 0..buf.area.width {
        let m = buf[(x, selected)].modifier;
        assert!(
            m.contains(Modifier::REVERSED | Modifier::BOLD),
            "cell {x} of the selected row: {m:?}"
        );
        assert!(
            !buf[(x, other)].modifier.contains(Modifier::REVERSED),
            "cell {x} of another row"
        );
    }
}

#[test]
fn the_active_view_is_reversed_in_the_top_bar() {
    let mut s = state(Lang::Ja, View::Stage(Stage::Engaged));
    let t = draw(&mut s, 80, 24);
    let buf = buffer(&t);
    let x = x_of(buf, 0, "4 育成中").expect("active view label");
    assert!(
        buf[(x, 0)]
            .modifier
            .contains(Modifier::REVERSED | Modifier::BOLD)
    );
}

#[test]
fn the_table_draws_exactly_table_rows_rows() {
    for (w, h) in [(80, 24), (100, 30), (140, 45), (60, 10)] {
        let mut s = state(Lang::En, View::Stage(Stage::New));
        for (i, r) in s.table.rows.iter_mut().enumerate() {
            r.name = format!("Lead {i:03}");
        }
        s.table
            .rows
            .extend(
                crate::ui_fixture::rows(40)
                    .into_iter()
                    .enumerate()
                    .map(|(i, mut r)| {
                        r.id = 100 + i as i64;
                        r.name = format!("Lead {:03}", 40 + i);
                        r
                    }),
            );
        let expected = table_rows(Rect::new(0, 0, w, h), &s);
        let t = draw(&mut s, w, h);
        let buf = buffer(&t);
        let drawn = (0..h).filter(|y| line(buf, *y).contains("Lead 0")).count();
        assert_eq!(drawn, expected, "at {w}x{h}");
        assert!(expected > 0);
    }
}

#[test]
fn the_top_bar_fits_80_columns_with_huge_counts_in_both_languages() {
    for lang in [Lang::En, Lang::Ja] {
        let mut s = state(lang, View::Dashboard);
        s.figures.stages = [98_765, 1_234_567, 99_999, 123_456, 45_678];
        s.figures.today = 87_654;
        s.today_known = true;
        let t = draw(&mut s, 80, 24);
        let top = line(buffer(&t), 0);
        for n in 1..=7 {
            assert!(top.contains(&n.to_string()), "view {n} missing in {top:?}");
        }
        assert!(top.contains("1.2M"), "{top:?}");
        assert!(!top.contains('…'), "views cut: {top:?}");
    }
}

#[test]
fn the_cursor_sits_at_the_input_cursor_of_the_focused_field() {
    let mut s = state(Lang::Ja, View::Today);
    s.modal = Some(callback_form(Lang::Ja));
    let mut t = draw(&mut s, 80, 24);
    let pos = t.get_cursor_position().expect("cursor");
    let buf = buffer(&t);
    let y = find_line(buf, "秘書の方").expect("note field drawn");
    assert_eq!(pos.y, y);
    // Four characters in: after 秘書の方, on the colon.
    assert_eq!(buf[(pos.x, pos.y)].symbol(), ":");
}

#[test]
fn wide_characters_keep_the_columns_aligned() {
    let mut s = state(Lang::Ja, View::Today);
    let t = draw(&mut s, 80, 24);
    let buf = buffer(&t);
    let header = find_line(buf, "現地").expect("header");
    let col = x_of(buf, header, "現地").expect("local column");
    // Every drawn row has a clock (HH:MM) starting in that column.
    for y in header + 1..buf.area.height - 2 {
        let l = line(buf, y);
        if l.trim().is_empty() {
            continue;
        }
        let cells: String = (col..col + 5).map(|x| buf[(x, y)].symbol()).collect();
        assert!(
            cells.len() == 5 && cells.as_bytes()[2] == b':',
            "row {y} is misaligned: {l:?}"
        );
    }
}

#[test]
fn todays_figures_show_as_unknown_until_read_never_as_zero() {
    let mut s = state(Lang::En, View::Today);
    s.today_known = false;
    s.figures.today = 0;
    let t = draw(&mut s, 100, 30);
    let (top, title) = (line(buffer(&t), 0), line(buffer(&t), 1));
    assert!(top.contains("1 Today …"), "{top}");
    assert!(title.contains("… new since yesterday"), "{title}");
    s.today_known = true;
    let t = draw(&mut s, 100, 30);
    let (top, title) = (line(buffer(&t), 0), line(buffer(&t), 1));
    assert!(top.contains("1 Today 0"), "{top}");
    assert!(title.contains("4 new since yesterday"), "{title}");
}

/// Quitting with mail waiting asks send / keep / cancel: the popup names those keys, not the
/// yes/no of other questions (which do nothing there).
#[test]
fn the_quit_with_mail_question_names_its_own_keys() {
    let mut s = state(Lang::En, View::Today);
    s.modal = Some(Modal::QuitWithMail(vec!["2 mails wait to leave".into()]));
    let t = draw(&mut s, 100, 30);
    let buf = buffer(&t);
    let popup = find_line(buf, "2 mails wait to leave").unwrap_or_else(|| panic!("no popup"));
    let below: String = (popup..buf.area.height).map(|y| line(buf, y)).collect();
    assert!(below.contains("s/k/c"), "{below}");
    assert!(!below.contains("y/Enter"), "{below}");
}

/// Opened with Enter, the detail takes the whole width even where it is drawn beside the
/// table: a long call note is read whole, not cut at a third of the screen.
#[test]
fn an_opened_detail_takes_the_whole_width_of_a_wide_terminal() {
    let mut s = state(Lang::En, View::Today);
    let note = "Sales team of 12; keen on call-activity reports, asks for a demo with their IT lead next week";
    if let Some(d) = s.detail.as_mut() {
        d.activities[0].note = note.into();
    }
    let t = draw(&mut s, 200, 40);
    let beside = (0..40).map(|y| line(buffer(&t), y)).collect::<String>();
    assert!(!beside.contains(note), "beside the table the note is cut");
    s.detail_open = true;
    let t = draw(&mut s, 200, 40);
    let opened = (0..40).map(|y| line(buffer(&t), y)).collect::<String>();
    assert!(opened.contains(note), "{opened}");
}

/// A next action far from today shows its year (`12/01` typed in December is next December;
/// without the year it reads as last week); near ones stay short.
#[test]
fn far_dates_show_their_year() {
    use leadbench::domain::ActionKind;
    let mut s = state(Lang::En, View::Today);
    let now = s.now;
    let far = now + chrono::Duration::days(360);
    let near = now + chrono::Duration::days(3);
    s.table.rows[0].next_kind = Some(ActionKind::Call);
    s.table.rows[0].due_at = Some(far);
    s.table.rows[1].next_kind = Some(ActionKind::Call);
    s.table.rows[1].due_at = Some(near);
    let t = draw(&mut s, 160, 30);
    let text: String = (0..30).map(|y| line(buffer(&t), y)).collect();
    let tz = s.policy.rep_tz;
    let far_text = far.with_timezone(&tz).format("%y/%m/%d").to_string();
    let near_text = near.with_timezone(&tz).format("%m/%d").to_string();
    assert!(text.contains(&far_text), "{far_text} in {text}");
    assert!(text.contains(&near_text), "{near_text}");
    assert!(
        !text.contains(&near.with_timezone(&tz).format("%y/%m/%d").to_string()),
        "a near date stays short"
    );
}
