//! Loading: defaults, the example file, missing files and error positions.

use std::path::{Path, PathBuf};

use super::{parse, parse_err, parse_ok};
use crate::config::{Config, ConfigError, EXAMPLE_TOML, config_path, default_data_dir, load};

#[test]
fn the_example_file_loads_to_exactly_the_defaults() {
    let cfg = parse_ok(EXAMPLE_TOML);
    assert_eq!(cfg, Config::default());
}

#[test]
fn the_shipped_example_file_is_the_embedded_one() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("config.example.toml");
    let cfg = Config::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(cfg, Config::default());
}

#[test]
fn an_empty_file_means_all_defaults() {
    assert_eq!(parse_ok(""), Config::default());
    assert_eq!(parse_ok("# only a comment\n"), Config::default());
}

#[test]
fn a_missing_file_that_was_not_asked_for_means_all_defaults() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("config.toml");
    assert_eq!(load(&path, false), Ok(Config::default()));
}

#[test]
fn a_missing_file_given_explicitly_is_an_error() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("nope.toml");
    let e = load(&path, true)
        .err()
        .unwrap_or_else(|| panic!("should fail"));
    assert_eq!(e.path, path);
    assert_eq!(e.line, 0);
    assert!(e.to_string().ends_with("nope.toml: no such file"), "{e}");
    // `Config::load` treats any path but the default one as explicit.
    assert!(Config::load(&path).is_err());
}

#[test]
fn a_file_on_disk_is_read() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("c.toml");
    std::fs::write(&path, "[rep]\nname = \"Sato\"\n").unwrap_or_else(|e| panic!("{e}"));
    let cfg = load(&path, true).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(cfg.rep.name, "Sato");
}

#[test]
fn the_explicit_path_wins_and_the_default_is_in_the_config_dir() {
    assert_eq!(
        config_path(Some(PathBuf::from("/x/y.toml"))),
        PathBuf::from("/x/y.toml")
    );
    let default = config_path(None);
    assert!(
        default.ends_with("config.toml") || default.ends_with("leadbench.toml"),
        "{default:?}"
    );
    assert!(default_data_dir().to_string_lossy().contains("leadbench"));
}

#[test]
fn an_unknown_key_names_the_key_and_its_line() {
    let e =
        parse_err("[rep]\nname = \"a\"\n\n[rules]\nretry_busy = \"+1h\"\nlost_after_attemps = 3\n");
    assert_eq!((e.line, e.key.as_str()), (6, "rules.lost_after_attemps"));
    assert!(
        e.msg.starts_with("unknown field `lost_after_attemps`"),
        "{e}"
    );
    assert!(
        e.to_string()
            .starts_with("test.toml:6: rules.lost_after_attemps: unknown field"),
        "{e}"
    );
}

#[test]
fn an_unknown_section_is_named() {
    let e = parse_err("\n[rulez]\nx = 1\n");
    assert_eq!((e.line, e.key.as_str()), (2, "rulez"));
}

#[test]
fn unknown_keys_in_dotted_and_inline_forms_are_named() {
    let e = parse_err("calling.windw = [\"09:00\", \"18:00\"]\n");
    assert_eq!((e.line, e.key.as_str()), (1, "calling.windw"));
    let e = parse_err("[scoring]\ngrades = { A = 90, E = 10 }\n");
    assert_eq!((e.line, e.key.as_str()), (2, "scoring.grades.E"));
}

#[test]
fn a_missing_field_in_an_array_of_tables_names_the_entry() {
    let e = parse_err(
        "[[rules.lost_reasons]]\nid = \"moved\"\n\n[[rules.lost_reasons]]\nlabel = \"x\"\n",
    );
    assert_eq!(
        (e.line, e.key.as_str()),
        (4, "rules.lost_reasons[1].id"),
        "{e}"
    );
}

#[test]
fn a_syntax_error_names_its_line() {
    let e = parse_err("[rep]\nname = \"a\"\nemail = \n");
    assert_eq!(e.line, 3, "{e}");
    assert_eq!(e.key, "rep.email");
    let e = parse_err("[rep]\nname = \"a\"\n[rep]\nemail = \"b\"\n");
    assert_eq!(e.line, 3, "{e}");
}

#[test]
fn errors_after_parsing_find_the_line_of_their_key() {
    let e = parse_err("[handoff]\nframework = \"meddic\"\n\nrequired = [\"need\"]\n");
    assert_eq!((e.line, e.key.as_str()), (4, "handoff.required"));
    assert!(e.msg.contains("not a meddic item"), "{e}");
    let e = parse_err("[handoff]\nmin_score_relaxed = 80\n");
    assert_eq!(e.key, "handoff.min_score_strict");
    // The key is not in the file: the line of its table.
    assert_eq!(e.line, 1);
}

#[test]
fn a_file_level_error_shows_no_line_or_key() {
    let e = ConfigError::file(Path::new("c.toml"), "cannot read: denied");
    assert_eq!(e.to_string(), "c.toml: cannot read: denied");
}

#[test]
fn a_value_error_deep_in_an_inline_array_names_the_entry() {
    let e = parse_err(
        "[[sequences]]\nname = \"s\"\nsteps = [\n  { day = 0, action = \"call\" },\n  { day = 1, action = \"fax\" },\n]\n",
    );
    assert_eq!(e.line, 5, "{e}");
    assert_eq!(e.key, "sequences[0].steps[1].action");
}

#[test]
fn parse_returns_errors_as_values() {
    assert!(parse("[ui]\nlanguage = \"fr\"\n").is_err());
}
