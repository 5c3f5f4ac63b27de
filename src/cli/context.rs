//! What a command runs with: the configuration, the policy, the store and the clock.

use std::path::PathBuf;

use crate::config::{self, Config};
use crate::domain::i18n::TextKey;
use crate::domain::policy::Policy;
use crate::domain::{Lang, Ts};
use crate::store::Store;

/// Loaded configuration and open database.
#[derive(Debug)]
pub struct Context {
    /// The configuration.
    pub config: Config,
    /// The rules in domain types.
    pub policy: Policy,
    /// The database.
    pub store: Store,
    /// The configuration file's path.
    pub config_path: PathBuf,
}

/// Why a context could not be made, with the exit code.
#[derive(Debug)]
pub struct ContextError {
    /// What to print.
    pub message: String,
    /// 1 for a database problem, 2 for a configuration problem.
    pub code: i32,
}

/// The default database path: `leadbench.db` in the XDG data directory.
pub fn default_db_path() -> PathBuf {
    config::default_data_dir().join("leadbench.db")
}

/// The configuration from `--config` or the default place, and its path; a bad one is a
/// configuration error (exit 2).
pub fn load_config(config_flag: Option<PathBuf>) -> Result<(Config, PathBuf), ContextError> {
    let config_path = config::config_path(config_flag.clone());
    let config = config::load(&config_path, config_flag.is_some()).map_err(|e| ContextError {
        message: e.to_string(),
        code: 2,
    })?;
    Ok((config, config_path))
}

/// Now — or `LEADBENCH_NOW` (RFC 3339), which tests and demos use to fix the clock.
pub fn now() -> Ts {
    std::env::var("LEADBENCH_NOW")
        .ok()
        .and_then(|s| chrono::DateTime::parse_from_rfc3339(&s).ok())
        .map_or_else(chrono::Utc::now, |t| t.to_utc())
}

/// The configured `ui.language`, for commands that speak before (or without) a full context;
/// English when the configuration does not load, since its own error is reported elsewhere.
pub fn configured_lang(config_flag: Option<PathBuf>) -> Lang {
    let explicit = config_flag.is_some();
    config::load(&config::config_path(config_flag), explicit)
        .map(|c| c.ui.language)
        .unwrap_or_default()
}

impl Context {
    /// Loads the configuration (exit 2 on errors) and opens the database (exit 1).
    pub fn open(
        config_flag: Option<PathBuf>,
        db: Option<PathBuf>,
    ) -> Result<Context, ContextError> {
        Context::open_mode(config_flag, db, false)
    }

    /// [`Context::open`], read-only when `read_only` (`--read-only`): SQLite then refuses every
    /// write, and nothing — not even the migrations or the rep's name — is written.
    pub fn open_mode(
        config_flag: Option<PathBuf>,
        db: Option<PathBuf>,
        read_only: bool,
    ) -> Result<Context, ContextError> {
        let (config, config_path) = load_config(config_flag)?;
        let db = db.unwrap_or_else(default_db_path);
        if !read_only {
            return Context::with_config(config, config_path, db);
        }
        let store = Store::open_read_only(&db).map_err(|e| ContextError {
            message: e.to_string(),
            code: 1,
        })?;
        let mut ctx = Context {
            policy: config.policy(),
            config,
            store,
            config_path,
        };
        ctx.store.set_half_life_days(ctx.policy.half_life_days);
        ctx.store
            .set_scoring(std::sync::Arc::new(ctx.config.scoring_rules()));
        Ok(ctx)
    }

    /// Opens the database with a configuration already loaded.
    pub fn with_config(
        config: Config,
        config_path: PathBuf,
        db: PathBuf,
    ) -> Result<Context, ContextError> {
        let store = Store::open(&db).map_err(|e| ContextError {
            message: e.text(config.ui.language),
            code: 1,
        })?;
        crate::io::log::init(crate::io::log::effective_level(config.log.level), &db);
        crate::io::log::debug(&format!(
            "opened {} for {:?}",
            db.display(),
            std::env::args().collect::<Vec<_>>()
        ));
        Context::with_store(config, config_path, store)
    }

    /// A context on an empty database in memory: what a dry run of an import into a file that
    /// does not exist yet reads, leaving no file behind.
    pub fn in_memory(config_flag: Option<PathBuf>) -> Result<Context, ContextError> {
        let (config, config_path) = load_config(config_flag)?;
        let store = Store::open_in_memory().map_err(|e| ContextError {
            message: e.text(config.ui.language),
            code: 1,
        })?;
        Context::with_store(config, config_path, store)
    }

    /// The context over an open store: scoring, sequences and the rep's name set on it.
    fn with_store(
        config: Config,
        config_path: PathBuf,
        mut store: Store,
    ) -> Result<Context, ContextError> {
        let policy = config.policy();
        store.set_half_life_days(policy.half_life_days);
        // Stage changes enrol leads in the configured sequences (SPEC §7).
        crate::ops::sequence::install(&mut store, &config);
        // Every lead write scores the lead with the configured rules (SPEC §3).
        store.set_scoring(std::sync::Arc::new(config.scoring_rules()));
        if store.rescore_needed().unwrap_or(false) {
            // First open after the upgrade to schema 3: score, group and index existing leads.
            super::rescore::run_with_progress(
                &mut store,
                config.ui.language,
                &mut std::io::stderr(),
            )
            .map_err(|e| {
                let lang = config.ui.language;
                ContextError {
                    message: lang.fill(
                        TextKey::CliContextRescoringFailed,
                        &[("detail", &e.text(lang))],
                    ),
                    code: 1,
                }
            })?;
        }
        if !config.rep.name.is_empty() {
            // The rep's name travels with the file for team reports; a failure here is harmless.
            let _ = store.set_meta("rep.name", &config.rep.name);
        }
        // The re-engage lane follows the calendar (a no-op once it is on today). Pages read
        // correctly without it, only slower, so a busy file is no reason to fail.
        let _ = store.sweep_reengage(policy.clock(now()).today);
        Ok(Context {
            config,
            policy,
            store,
            config_path,
        })
    }
}
