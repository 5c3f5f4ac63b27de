//! The log file (SPEC §11, Appendix C `[log]`): off unless `[log] level` or `LEADBENCH_LOG` turns
//! it on; `leadbench.log` in the data directory, created 0600; emails and phone numbers are
//! replaced in every line above debug.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use crate::config::LogLevel;
use crate::domain::redact::redact_contacts;

/// The log file's name in the data directory.
pub const FILE_NAME: &str = "leadbench.log";

struct Logger {
    level: LogLevel,
    file: Mutex<File>,
}

static LOGGER: OnceLock<Logger> = OnceLock::new();

/// The level in force: `LEADBENCH_LOG` (when it names a level) over the configured one.
pub fn effective_level(configured: LogLevel) -> LogLevel {
    match std::env::var("LEADBENCH_LOG")
        .ok()
        .as_deref()
        .map(str::trim)
    {
        Some("off") => LogLevel::Off,
        Some("error") => LogLevel::Error,
        Some("warn") => LogLevel::Warn,
        Some("info") => LogLevel::Info,
        Some("debug") => LogLevel::Debug,
        _ => configured,
    }
}

/// Where the log of a database at `db` goes.
pub fn path_for(db: &Path) -> PathBuf {
    db.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join(FILE_NAME)
}

/// Opens the log (once per process) at `level` in the data directory of `db`. Logging is best
/// effort: a log that cannot be opened never stops the rep's work.
pub fn init(level: LogLevel, db: &Path) {
    if level == LogLevel::Off || LOGGER.get().is_some() {
        return;
    }
    let path = path_for(db);
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let Ok(file) = options.open(&path) else {
        return;
    };
    #[cfg(unix)]
    {
        // A file made by an older leadbench, or by hand, is tightened too.
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600));
    }
    let _ = LOGGER.set(Logger {
        level,
        file: Mutex::new(file),
    });
}

/// The line as it is written at `level`: contacts taken out above debug.
pub fn line_for(level: LogLevel, msg: &str) -> String {
    let text = if level >= LogLevel::Debug {
        msg.to_owned()
    } else {
        redact_contacts(msg)
    };
    // One record per line: a message's own line breaks must not forge another record.
    text.replace(['\n', '\r'], " ")
}

/// Writes `msg` at `level` when the log is on at that level.
pub fn write(level: LogLevel, msg: &str) {
    let Some(logger) = LOGGER.get() else {
        return;
    };
    if level == LogLevel::Off || level > logger.level {
        return;
    }
    let line = line_for(level, msg);
    if let Ok(mut f) = logger.file.lock() {
        let _ = writeln!(
            f,
            "{} {:5} {line}",
            chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ"),
            level.id()
        );
    }
}

/// Writes at error level.
pub fn error(msg: &str) {
    write(LogLevel::Error, msg);
}

/// Writes at info level.
pub fn info(msg: &str) {
    write(LogLevel::Info, msg);
}

/// Writes at debug level (emails and phone numbers stay).
pub fn debug(msg: &str) {
    write(LogLevel::Debug, msg);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contacts_leave_every_line_above_debug() {
        let msg = "no lead taro@example.jp (+81 3-1234-5678)\nforged";
        for level in [LogLevel::Error, LogLevel::Warn, LogLevel::Info] {
            let line = line_for(level, msg);
            assert!(!line.contains("taro@") && !line.contains("1234"), "{line}");
            assert!(!line.contains('\n'));
        }
        assert!(line_for(LogLevel::Debug, msg).contains("taro@example.jp"));
    }
}
