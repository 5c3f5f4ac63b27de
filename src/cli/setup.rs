//! `config path | init | check`: never open the database.

use std::io::Write;
use std::path::PathBuf;

use crate::config::{self, EXAMPLE_TOML};
use crate::domain::i18n::TextKey;

use super::args::ConfigCommand;

/// Runs a `config` subcommand.
pub fn config(
    cmd: ConfigCommand,
    flag: Option<PathBuf>,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    let explicit = flag.is_some();
    let path = config::config_path(flag);
    match cmd {
        ConfigCommand::Path => {
            let _ = writeln!(out, "{}", path.display());
            0
        }
        ConfigCommand::Init => {
            if path.exists() {
                let lang = super::context::configured_lang(Some(path.clone()));
                let text = lang.fill(TextKey::CliConfigExists, &[("path", &path.display())]);
                let _ = writeln!(err, "leadbench config init: {text}");
                return 1;
            }
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                if let Err(e) = std::fs::create_dir_all(dir) {
                    let _ = writeln!(err, "leadbench config init: {}: {e}", dir.display());
                    return 1;
                }
            }
            match crate::io::private_file::write_atomic(&path, EXAMPLE_TOML.as_bytes()) {
                Ok(()) => {
                    let _ = writeln!(out, "wrote {}", path.display());
                    0
                }
                Err(e) => {
                    let _ = writeln!(err, "leadbench config init: {}: {e}", path.display());
                    1
                }
            }
        }
        ConfigCommand::Check => match config::load(&path, explicit) {
            // "PATH: ok" is the line a script checks for; it stays as it is in every language.
            Ok(_) if path.exists() => {
                let _ = writeln!(out, "{}: ok", path.display());
                0
            }
            Ok(c) => {
                let text =
                    c.ui.language
                        .fill(TextKey::CliConfigNoFile, &[("path", &path.display())]);
                let _ = writeln!(out, "{text}");
                0
            }
            Err(e) => {
                let _ = writeln!(err, "{e}");
                2
            }
        },
    }
}
