//! Screens of the escalation form and the feedback form, at 100×30 and 80×24 in English and
//! Japanese, with field-sales capacity in the top bar.

use leadbench::app::{Msg, State, View, update};
use leadbench::config::{Action, Config};
use leadbench::domain::text::display_width;
use leadbench::domain::{Lang, Stage};

use crate::app_escalate::data;
use crate::ui_fixture::{buffer, draw, state};

const SIZES: [(u16, u16); 2] = [(100, 30), (80, 24)];
const LANGS: [(Lang, &str); 2] = [(Lang::En, "en"), (Lang::Ja, "ja")];

fn with_capacity(lang: Lang, view: View) -> State {
    let mut s = state(lang, view);
    s.capacity = Some("FS 7/10 ≥40".into());
    s
}

fn escalation(lang: Lang) -> State {
    let mut s = with_capacity(lang, View::Today);
    update(
        &mut s,
        Msg::EscalationData(Box::new(data(35, 7))),
        &Config::default().keys,
    );
    s
}

fn screen_text(s: &mut State, w: u16, h: u16) -> String {
    let t = draw(s, w, h);
    let b = buffer(&t);
    let mut lines = Vec::new();
    for y in 0..h {
        let mut line = String::new();
        let mut x = 0;
        while x < w {
            let sym = b.cell((x, y)).map_or(" ", |c| c.symbol());
            line.push_str(sym);
            // A wide character hides the cell after it.
            x += u16::try_from(display_width(sym).max(1)).unwrap_or(1);
        }
        lines.push(line);
    }
    lines.join("\n")
}

#[test]
fn the_escalation_form_looks_right_at_both_sizes_in_both_languages() {
    for (lang, tag) in LANGS {
        for (w, h) in SIZES {
            let mut s = escalation(lang);
            let terminal = draw(&mut s, w, h);
            insta::assert_snapshot!(format!("escalate_{tag}_{w}x{h}"), terminal.backend());
        }
    }
}

#[test]
fn the_feedback_form_looks_right() {
    for (lang, tag) in LANGS {
        let mut s = with_capacity(lang, View::Stage(Stage::HandedOff));
        s.table.rows[0].stage = Stage::HandedOff;
        let keymap = Config::default().keys;
        let key = keymap
            .keys(leadbench::config::Layer::List, Action::Feedback)
            .first()
            .cloned()
            .unwrap_or_else(|| panic!("F unbound"));
        update(&mut s, Msg::Key(key), &keymap);
        insta::assert_snapshot!(
            format!("feedback_{tag}_80x24"),
            draw(&mut s, 80, 24).backend()
        );
    }
}

#[test]
fn the_gate_and_the_whole_form_fit_80x24_and_quotes_cannot_reach_the_terminal() {
    for (lang, _) in LANGS {
        let mut s = escalation(lang);
        let text = screen_text(&mut s, 80, 24);
        let capacity = lang.pick("field sales 7/10", "フィールドセールス 今週 7/10");
        assert!(text.contains(capacity), "{text}");
        // The last field (the override reason) is on screen.
        let last = lang.pick("Override reason", "例外の理由");
        assert!(text.contains(last), "{text}");
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text}"
        );
    }
}

#[test]
fn capacity_follows_the_clock_when_it_fits_and_goes_first_when_it_does_not() {
    for (lang, _) in LANGS {
        let mut s = with_capacity(lang, View::Today);
        let wide = screen_text(&mut s, 160, 30);
        let top = wide.lines().next().unwrap_or_default().to_owned();
        assert!(top.contains("FS 7/10 ≥40"), "{top}");
        let narrow = screen_text(&mut s, 80, 24);
        let top = narrow.lines().next().unwrap_or_default().to_owned();
        // Every view keeps its number at 80 columns.
        for n in 1..=7 {
            assert!(top.contains(&n.to_string()), "{top}");
        }
    }
}

#[test]
fn the_hint_line_offers_feedback_and_export_in_the_handed_off_view() {
    let mut s = with_capacity(Lang::En, View::Stage(Stage::HandedOff));
    let text = screen_text(&mut s, 100, 30);
    let hints = text.lines().nth(28).unwrap_or_default().to_owned();
    assert!(
        hints.starts_with(" F feedback · x export summary"),
        "{hints}"
    );
    assert!(!hints.contains("escalate"), "{hints}");
}

#[test]
fn a_meddic_form_with_its_error_still_fits_80x24() {
    for (lang, _) in LANGS {
        let mut d = data(35, 10);
        d.items = [
            "metrics",
            "economic_buyer",
            "decision_criteria",
            "decision_process",
            "identify_pain",
            "champion",
        ]
        .map(str::to_owned)
        .to_vec();
        d.gate.required = ["identify_pain", "economic_buyer", "champion"]
            .map(str::to_owned)
            .to_vec();
        let mut s = with_capacity(lang, View::Today);
        let keymap = Config::default().keys;
        update(&mut s, Msg::EscalationData(Box::new(d)), &keymap);
        let enter = leadbench::config::Key {
            code: leadbench::config::KeyCode::Enter,
            ctrl: false,
            alt: false,
            shift: false,
        };
        update(&mut s, Msg::Key(enter), &keymap);
        let text = screen_text(&mut s, 80, 24);
        for want in [
            lang.pick("strict: min score 70", "厳格: 最低スコア 70"),
            lang.pick("Champion *", "推進者 *"),
            lang.pick("Override reason", "例外の理由"),
            lang.pick("! The gate fails", "! 引き継ぎ条件を満たしていません"),
        ] {
            assert!(text.contains(want), "{want}:\n{text}");
        }
    }
}
