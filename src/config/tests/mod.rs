//! Unit tests of the configuration.

mod arrays;
mod fixtures;
mod key;
mod keymap;
mod load;
mod sections;

use std::path::Path;

use super::{Config, ConfigError};

/// Parses a configuration text named `test.toml` in messages.
fn parse(text: &str) -> Result<Config, ConfigError> {
    Config::from_toml_str(text, Path::new("test.toml"))
}

/// Parses a text that must fail, and returns the error.
fn parse_err(text: &str) -> ConfigError {
    match parse(text) {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => e,
    }
}

/// Parses a text that must load.
fn parse_ok(text: &str) -> Config {
    match parse(text) {
        Ok(c) => c,
        Err(e) => panic!("unexpected error: {e}\nfor:\n{text}"),
    }
}
