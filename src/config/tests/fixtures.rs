//! The bad-config fixtures in `tests/fixtures/config/`: each error names the file, line and key.

use std::path::PathBuf;

use crate::config::{Config, ConfigError};

fn load_fixture(name: &str) -> (PathBuf, ConfigError) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/config")
        .join(name);
    match Config::load(&path) {
        Ok(_) => panic!("{name} should not load"),
        Err(e) => (path, e),
    }
}

fn assert_fixture(name: &str, line: usize, key: &str, msg_part: &str) {
    let (path, e) = load_fixture(name);
    assert_eq!(e.path, path, "{e}");
    assert_eq!(e.line, line, "{e}");
    assert_eq!(e.key, key, "{e}");
    assert!(e.msg.contains(msg_part), "{e}");
    let shown = e.to_string();
    assert!(
        shown.starts_with(&format!("{}:{line}: {key}: ", path.display())),
        "{shown}"
    );
}

#[test]
fn a_misspelt_key_is_named_with_its_line() {
    assert_fixture(
        "bad_key.toml",
        6,
        "rules.lost_after_attemps",
        "unknown field `lost_after_attemps`",
    );
}

#[test]
fn a_value_of_the_wrong_type_is_named_with_its_line() {
    assert_fixture(
        "bad_value_type.toml",
        5,
        "calling.max_attempts_per_day",
        "invalid type",
    );
}

#[test]
fn an_unknown_time_zone_is_named_with_its_line() {
    assert_fixture(
        "bad_time_zone.toml",
        4,
        "rep.timezone",
        "unknown time zone `Asia/Tokio`",
    );
}

#[test]
fn a_key_bound_twice_in_one_layer_is_named_with_its_line() {
    assert_fixture(
        "duplicate_binding.toml",
        6,
        "keys.list.copy",
        "bound twice in [keys.list]",
    );
}

#[test]
fn an_unknown_action_is_named_with_its_line() {
    assert_fixture(
        "unknown_action.toml",
        5,
        "keys.list.call",
        "unknown action `call`",
    );
}

#[test]
fn an_unreadable_key_is_named_with_its_line() {
    assert_fixture(
        "bad_key_name.toml",
        3,
        "keys.global.redo",
        "unknown key `ctrl-`",
    );
}

#[test]
fn a_window_ending_before_it_starts_is_named_with_its_line() {
    assert_fixture("window_order.toml", 3, "calling.window", "before it starts");
}

#[test]
fn a_bad_retry_offset_is_named_with_its_line() {
    assert_fixture("bad_offset.toml", 4, "rules.retry_busy", "not an offset");
}

#[test]
fn grades_that_do_not_descend_are_named_with_their_line() {
    assert_fixture("grades_order.toml", 4, "scoring.grades", "must descend");
}

#[test]
fn an_action_in_the_wrong_layer_is_named_with_its_line() {
    assert_fixture(
        "wrong_layer.toml",
        3,
        "keys.list.quit",
        "belongs in [keys.global]",
    );
}
