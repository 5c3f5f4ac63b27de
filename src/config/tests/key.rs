//! Key strings: parsing, normalisation and compact display.

use proptest::prelude::*;

use crate::config::{Key, KeyCode};

fn k(text: &str) -> Key {
    text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn with(code: KeyCode, ctrl: bool, alt: bool, shift: bool) -> Key {
    Key {
        code,
        ctrl,
        alt,
        shift,
    }
}

#[test]
fn key_strings_are_read() {
    let cases = [
        ("j", Key::char('j')),
        ("G", Key::char('G')),
        ("?", Key::char('?')),
        ("=", Key::char('=')),
        ("-", Key::char('-')),
        ("+", Key::char('+')),
        ("ctrl-r", Key::ctrl('r')),
        ("C-r", Key::ctrl('r')),
        ("Ctrl+r", Key::ctrl('r')),
        ("ctrl-R", Key::ctrl('R')),
        ("ctrl--", Key::ctrl('-')),
        ("alt-x", with(KeyCode::Char('x'), false, true, false)),
        ("M-x", with(KeyCode::Char('x'), false, true, false)),
        ("shift-tab", Key::new(KeyCode::BackTab)),
        ("S-Tab", Key::new(KeyCode::BackTab)),
        ("backtab", Key::new(KeyCode::BackTab)),
        ("shift-g", Key::char('G')),
        ("enter", Key::new(KeyCode::Enter)),
        ("Return", Key::new(KeyCode::Enter)),
        ("esc", Key::new(KeyCode::Esc)),
        ("space", Key::char(' ')),
        (" ", Key::char(' ')),
        ("pgdn", Key::new(KeyCode::PageDown)),
        ("pagedown", Key::new(KeyCode::PageDown)),
        ("pageup", Key::new(KeyCode::PageUp)),
        ("PgUp", Key::new(KeyCode::PageUp)),
        ("page-up", Key::new(KeyCode::PageUp)),
        (
            "ctrl-page-down",
            with(KeyCode::PageDown, true, false, false),
        ),
        ("up", Key::new(KeyCode::Up)),
        ("↓", Key::new(KeyCode::Down)),
        ("shift-up", with(KeyCode::Up, false, false, true)),
        ("home", Key::new(KeyCode::Home)),
        ("del", Key::new(KeyCode::Delete)),
        ("backspace", Key::new(KeyCode::Backspace)),
        ("f1", Key::new(KeyCode::F(1))),
        ("F12", Key::new(KeyCode::F(12))),
        ("F", Key::char('F')),
        ("ctrl-alt-x", with(KeyCode::Char('x'), true, true, false)),
        ("ね", Key::char('ね')),
    ];
    for (text, want) in cases {
        assert_eq!(k(text), want, "{text}");
    }
}

#[test]
fn unreadable_key_strings_are_errors() {
    for text in [
        "",
        "gg",
        "ctrl-",
        "ctrl-ctrl-x",
        "hyper-x",
        "f0",
        "f25",
        "shift-1",
        "shift-?",
        "\t",
        "j ",
    ] {
        assert!(text.parse::<Key>().is_err(), "{text:?} should not parse");
    }
    let e = "shift-/"
        .parse::<Key>()
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("shifted character itself"), "{e}");
}

#[test]
fn upper_and_lower_case_letters_are_different_keys() {
    assert_ne!(k("g"), k("G"));
    assert_ne!(k("ctrl-r"), k("ctrl-R"));
}

#[test]
fn terminal_shift_reports_are_normalised() {
    // Terminals report `G` as 'G' with Shift, sometimes as 'g' with Shift; `?` with Shift.
    assert_eq!(
        with(KeyCode::Char('G'), false, false, true).normalized(),
        k("G")
    );
    assert_eq!(
        with(KeyCode::Char('g'), false, false, true).normalized(),
        k("G")
    );
    assert_eq!(
        with(KeyCode::Char('?'), false, false, true).normalized(),
        k("?")
    );
    assert_eq!(
        with(KeyCode::BackTab, false, false, true).normalized(),
        k("shift-tab")
    );
    assert_eq!(
        with(KeyCode::Tab, false, false, true).normalized(),
        k("shift-tab")
    );
    assert_eq!(
        with(KeyCode::Up, false, false, true).normalized(),
        k("shift-up")
    );
}

#[test]
fn keys_are_shown_compactly() {
    let cases = [
        ("ctrl-r", "Ctrl-r"),
        ("enter", "Enter"),
        ("space", "Space"),
        ("down", "↓"),
        ("up", "↑"),
        ("pgdn", "PgDn"),
        ("pgup", "PgUp"),
        ("shift-tab", "Shift-Tab"),
        ("G", "G"),
        ("esc", "Esc"),
        ("alt-x", "Alt-x"),
        ("f5", "F5"),
        ("shift-left", "Shift-←"),
    ];
    for (text, shown) in cases {
        assert_eq!(k(text).to_string(), shown, "{text}");
    }
}

#[test]
fn text_keys_are_plain_characters() {
    assert!(k("q").is_text());
    assert!(k("1").is_text());
    assert!(!k("ctrl-c").is_text());
    assert!(!k("enter").is_text());
}

fn any_code() -> impl Strategy<Value = KeyCode> {
    prop_oneof![
        any::<char>()
            .prop_filter("printable, not whitespace or an arrow", |c| {
                !c.is_control() && (!c.is_whitespace() || *c == ' ') && !"↑↓←→".contains(*c)
            })
            .prop_map(KeyCode::Char),
        (1u8..=24).prop_map(KeyCode::F),
        prop::sample::select(vec![
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Backspace,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::Delete,
        ]),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn every_shown_key_reads_back_as_itself(code in any_code(), ctrl: bool, alt: bool, shift: bool) {
        let key = Key { code, ctrl, alt, shift }.normalized();
        let shown = key.to_string();
        let back: Result<Key, _> = shown.parse();
        prop_assert_eq!(back, Ok(key), "shown as {}", shown);
    }
}
