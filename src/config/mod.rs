//! Configuration (SPEC Appendix C): serde structs with `deny_unknown_fields`, typed values,
//! errors that name file, line and key, and the keymap (SPEC §5).
//!
//! Defaults live in the `Default` impls of each section and in the built-in lists
//! (`builtin_lost_reasons`, `builtin_fit_rules`, `builtin_sequences`); the default keymap lives
//! only in the `[keys.*]` tables of `config.example.toml`, embedded as [`EXAMPLE_TOML`]. A test
//! holds the example file equal to [`Config::default`].

mod action;
mod error;
mod group;
mod handoff;
mod key;
mod keymap;
mod keymap_doc;
mod lost_reason;
mod mail;
mod model;
mod policy;
mod scoring;
mod scoring_rules;
mod value;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use serde::Deserialize;

pub use action::{Action, Layer};
pub use error::ConfigError;
pub use group::{Condition, Group, builtin_groups};
pub use handoff::{FieldRep, Framework, HandoffConfig, Targets, is_target_kpi};
pub use key::{Key, KeyCode, KeyParseError};
pub use keymap::{Binding, Keymap, KeymapError, KeysConfig, LayerBindings};
pub use lost_reason::{LostReason, SYSTEM_REASONS, builtin_lost_reasons};
pub use mail::{
    MailConfig, Security, SendmailConfig, Sequence, SmtpConfig, Step, StepAction, Transport,
    builtin_sequences,
};
pub use model::{
    CallingConfig, CallingHours, Holidays, LogConfig, LogLevel, RepConfig, RulesConfig, SlaConfig,
    TeamConfig, UiConfig,
};
pub use scoring::{
    Engagement, FitRule, FitTest, Grades, LEAD_FIELDS, RULE_FIELDS, ScoringConfig,
    builtin_fit_rules, is_rule_field,
};
pub use value::{OffsetUnit, RetryOffset, Role, weekday_from_id, weekday_id};

use error::Locator;

/// The shipped example configuration: every key with its default (`leadbench config init`
/// writes it; the default keymap is read from it).
pub const EXAMPLE_TOML: &str = include_str!("../../config.example.toml");

/// The whole configuration, validated and with every default applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// `[rep]`.
    pub rep: RepConfig,
    /// `[ui]`.
    pub ui: UiConfig,
    /// `[calling]`.
    pub calling: CallingConfig,
    /// `[rules]` with the merged lost reasons.
    pub rules: RulesConfig,
    /// `[sla]`.
    pub sla: SlaConfig,
    /// `[scoring]` with the merged fit rules.
    pub scoring: ScoringConfig,
    /// `[[groups]]`, merged over the built-ins, in config order (the first match is primary).
    pub groups: Vec<Group>,
    /// `[mail]`.
    pub mail: MailConfig,
    /// `[[sequences]]`, merged over the built-ins.
    pub sequences: Vec<Sequence>,
    /// `[handoff]` with the field reps.
    pub handoff: HandoffConfig,
    /// `[targets]` with per-role overrides.
    pub targets: Targets,
    /// `[log]`.
    pub log: LogConfig,
    /// `[team]`.
    pub team: TeamConfig,
    /// The resolved keymap (`[keys.*]` merged over the built-in one).
    pub keys: Keymap,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            rep: RepConfig::default(),
            ui: UiConfig::default(),
            calling: CallingConfig::default(),
            rules: RulesConfig::default(),
            sla: SlaConfig::default(),
            scoring: ScoringConfig::default(),
            groups: builtin_groups(),
            mail: MailConfig::default(),
            sequences: builtin_sequences(),
            handoff: HandoffConfig::default(),
            targets: Targets::default(),
            log: LogConfig::default(),
            team: TeamConfig::default(),
            keys: Keymap::default(),
        }
    }
}

/// The file as written: like [`Config`], but with the user's `[keys]` tables unresolved.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    #[serde(default)]
    rep: RepConfig,
    #[serde(default)]
    ui: UiConfig,
    #[serde(default)]
    calling: CallingConfig,
    #[serde(default)]
    rules: RulesConfig,
    #[serde(default)]
    sla: SlaConfig,
    #[serde(default)]
    scoring: ScoringConfig,
    #[serde(default = "builtin_groups", deserialize_with = "group::de_groups")]
    groups: Vec<Group>,
    #[serde(default)]
    mail: MailConfig,
    #[serde(default = "builtin_sequences", deserialize_with = "mail::de_sequences")]
    sequences: Vec<Sequence>,
    #[serde(default)]
    handoff: HandoffConfig,
    #[serde(default)]
    targets: Targets,
    #[serde(default)]
    log: LogConfig,
    #[serde(default)]
    team: TeamConfig,
    #[serde(default)]
    keys: KeysConfig,
}

impl Config {
    /// Loads a configuration file. A missing file at the default path ([`config_path`] with no
    /// explicit path) means all defaults; any other missing file is an error.
    ///
    /// # Errors
    /// The file cannot be read, does not parse, or holds a bad key or value.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        load(path, path != config_path(None))
    }

    /// Parses and validates a configuration text; `path` is only used in error messages.
    ///
    /// # Errors
    /// The text does not parse, or holds an unknown key, a bad value or a bad key binding.
    pub fn from_toml_str(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let locator = Locator::new(text);
        let file: FileConfig =
            toml::from_str(text).map_err(|e| ConfigError::from_toml(path, &locator, &e))?;
        file.handoff
            .check()
            .map_err(|(key, msg)| ConfigError::at_key(path, &locator, key, msg))?;
        let keys = Keymap::from_config(&file.keys)
            .map_err(|e| ConfigError::at_offset(path, &locator, e.span.start, &e.key, e.msg))?;
        Ok(Config {
            rep: file.rep,
            ui: file.ui,
            calling: file.calling,
            rules: file.rules,
            sla: file.sla,
            scoring: file.scoring,
            groups: file.groups,
            mail: file.mail,
            sequences: file.sequences,
            handoff: file.handoff,
            targets: file.targets,
            log: file.log,
            team: file.team,
            keys,
        })
    }

    /// Every lost reason: the built-ins merged with `[[rules.lost_reasons]]`.
    pub fn lost_reasons(&self) -> &[LostReason] {
        &self.rules.lost_reasons
    }

    /// The lost reason of an id.
    pub fn lost_reason(&self, id: &str) -> Option<&LostReason> {
        self.rules.lost_reasons.iter().find(|r| r.id == id)
    }

    /// The sequence of a name.
    pub fn sequence(&self, name: &str) -> Option<&Sequence> {
        self.sequences.iter().find(|s| s.name == name)
    }

    /// The From header: `mail.from`, else `rep.name <rep.email>`, else `rep.email`.
    pub fn mail_from(&self) -> String {
        if !self.mail.from.is_empty() {
            self.mail.from.clone()
        } else if self.rep.name.is_empty() || self.rep.email.is_empty() {
            self.rep.email.clone()
        } else {
            format!("{} <{}>", self.rep.name, self.rep.email)
        }
    }
}

/// Loads a configuration file; a missing file means all defaults unless the path was given
/// explicitly (`--config` / `LEADBENCH_CONFIG`), when it is an error.
///
/// # Errors
/// As [`Config::load`].
pub fn load(path: &Path, explicit: bool) -> Result<Config, ConfigError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Config::from_toml_str(&text, path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => Ok(Config::default()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(ConfigError::file(path, "no such file"))
        }
        Err(e) => Err(ConfigError::file(path, format!("cannot read: {e}"))),
    }
}

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "leadbench")
}

/// The configuration file to read: `--config` / `LEADBENCH_CONFIG` (the caller passes clap's
/// value, which already includes the variable), else `config.toml` in the XDG config directory
/// (`~/.config/leadbench/` on Linux), else `leadbench.toml` in the working directory when no
/// home directory is known.
pub fn config_path(explicit: Option<PathBuf>) -> PathBuf {
    explicit.unwrap_or_else(|| {
        project_dirs().map_or_else(
            || PathBuf::from("leadbench.toml"),
            |d| d.config_dir().join("config.toml"),
        )
    })
}

/// The XDG data directory for the database, outbox, exports and logs (`~/.local/share/leadbench`
/// on Linux); `leadbench-data` in the working directory when no home directory is known.
pub fn default_data_dir() -> PathBuf {
    project_dirs().map_or_else(
        || PathBuf::from("leadbench-data"),
        |d| d.data_dir().to_path_buf(),
    )
}
