//! Opening a database: private files, pragmas, the version guard and migrations.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use super::schema;
use super::{Store, StoreError};

/// How long a writer waits for another writer before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Caps the database's size in pages (tests simulate a full disk with it).
pub const MAX_PAGES_ENV: &str = "LEADBENCH_MAX_PAGES";

/// The default of `scoring.value_half_life_days`.
const DEFAULT_HALF_LIFE_DAYS: f64 = 14.0;

impl Store {
    /// Opens (creating if needed) the database at `path`: directory 0700 and file 0600 before
    /// SQLite touches them, WAL, then migrations after a backup of an older file. A file from a
    /// newer leadbench is refused untouched.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        prepare_private_file(path)?;
        let existing_version = peek_version(path)?;
        if existing_version > schema::LATEST {
            return Err(StoreError::NewerSchema {
                path: path.to_owned(),
                found: existing_version,
                supported: schema::LATEST,
            });
        }
        let conn = Connection::open(path)?;
        let mut store = Store {
            conn,
            path: Some(path.to_owned()),
            half_life_days: DEFAULT_HALF_LIFE_DAYS,
            rules: None,
            sequences: std::sync::Arc::default(),
        };
        store.set_pragmas()?;
        if existing_version > 0 && existing_version < schema::LATEST {
            store.backup_before_migration(existing_version)?;
        }
        store.migrate()?;
        Ok(store)
    }

    /// Sets this connection's page cache to `mib` MiB (a connection that reads a few
    /// aggregates, like the figures thread's, needs far less than the one the keys use).
    pub fn set_cache_mib(&self, mib: u32) -> Result<(), StoreError> {
        self.conn
            .pragma_update(None, "cache_size", -i64::from(mib) * 1024)?;
        Ok(())
    }

    /// Opens a database read-only (for reports over colleagues' files); never migrates.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        let version = peek_version(path)?;
        if version != schema::LATEST {
            return Err(StoreError::NotADatabase {
                path: path.to_owned(),
                reason: format!(
                    "schema version {version}, this leadbench reads {}",
                    schema::LATEST
                ),
            });
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        Ok(Store {
            conn,
            path: Some(path.to_owned()),
            half_life_days: DEFAULT_HALF_LIFE_DAYS,
            rules: None,
            sequences: std::sync::Arc::default(),
        })
    }

    /// An in-memory database with the full schema (tests, benches).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let conn = Connection::open_in_memory()?;
        let mut store = Store {
            conn,
            path: None,
            half_life_days: DEFAULT_HALF_LIFE_DAYS,
            rules: None,
            sequences: std::sync::Arc::default(),
        };
        store.set_pragmas()?;
        store.migrate()?;
        Ok(store)
    }

    fn set_pragmas(&self) -> Result<(), StoreError> {
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        self.conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))?;
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        // 32 MiB of page cache (the default is 2 MiB) and no memory map: the pages a session
        // touches beyond the cache stay in the OS page cache, shared and not counted against
        // leadbench. With a 64 MiB cache and a 4 GiB map a session over a million leads peaked
        // at 720 MB resident (every mapped page it ever read counts); with 32 MiB and no map it
        // stays under the 64 MB budget, and a logged call keeps its 100k-lead figure (16 MiB
        // cost it ~0.5 ms: BENCHMARKS.md). Secondary connections ask for less (`set_cache_mib`).
        self.conn.pragma_update(None, "cache_size", -32_768)?;
        self.conn.execute_batch("PRAGMA mmap_size = 0")?;
        self.conn.set_prepared_statement_cache_capacity(64);
        // A cap on the file's size in pages: how the tests make a disk "full" at a chosen
        // point (SQLite then fails the write with SQLITE_FULL, exactly as on a full disk).
        if let Some(pages) = std::env::var(MAX_PAGES_ENV)
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
        {
            self.limit_pages(pages)?;
        }
        Ok(())
    }

    /// Caps the file at `pages` pages: a write that needs more fails as on a full disk
    /// (SQLITE_FULL) and rolls back whole.
    pub fn limit_pages(&self, pages: u64) -> Result<(), StoreError> {
        self.conn
            .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(()))?;
        Ok(())
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version > schema::LATEST {
            return Err(StoreError::NewerSchema {
                path: self.path.clone().unwrap_or_default(),
                found: version,
                supported: schema::LATEST,
            });
        }
        if version < schema::LATEST {
            schema::migrate(&tx, version)?;
        }
        tx.commit()?;
        Ok(())
    }

    fn backup_before_migration(&self, version: i64) -> Result<(), StoreError> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".v{version}-{stamp}.bak"));
        let target = path.with_file_name(name);
        self.backup_to(&target)
    }

    /// Writes a consistent copy of the database to `target` (0600) with SQLite's backup API.
    pub fn backup_to(&self, target: &Path) -> Result<(), StoreError> {
        create_private_file(target)?;
        let mut dst = Connection::open(target)?;
        let backup = rusqlite::backup::Backup::new(&self.conn, &mut dst)?;
        backup.run_to_completion(256, Duration::from_millis(0), None)?;
        Ok(())
    }
}

/// Reads `PRAGMA user_version` without changing the file (0 for a new, empty file).
fn peek_version(path: &Path) -> Result<i64, StoreError> {
    let len = fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if len == 0 {
        return Ok(0);
    }
    let not_db = |e: rusqlite::Error| StoreError::NotADatabase {
        path: path.to_owned(),
        reason: e.to_string(),
    };
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(not_db)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(not_db)?;
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(not_db)?;
    if version == 0 {
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(not_db)?;
        if tables > 0 {
            return Err(StoreError::NotADatabase {
                path: path.to_owned(),
                reason: "it holds tables but no leadbench schema version".into(),
            });
        }
    }
    Ok(version)
}

/// Makes sure the database's directory exists (0700 when we create it or own it privately) and
/// the file exists with mode 0600 before SQLite opens it (SQLite would create it 0644).
fn prepare_private_file(path: &Path) -> Result<(), StoreError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    if !dir.exists() {
        fs::create_dir_all(&dir).map_err(|source| StoreError::Io {
            path: dir.clone(),
            source,
        })?;
    }
    create_private_file(path)?;
    tighten_data_dir(&dir, path);
    Ok(())
}

/// Creates `path` with mode 0600 if it does not exist; leaves an existing file's content alone
/// but tightens its mode.
pub(crate) fn create_private_file(path: &Path) -> Result<(), StoreError> {
    let io = |source| StoreError::Io {
        path: path.to_owned(),
        source,
    };
    let mut options = fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).map_err(io)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(path).map_err(io)?.permissions().mode() & 0o777;
        if mode != 0o600 {
            fs::set_permissions(path, fs::Permissions::from_mode(0o600)).map_err(io)?;
        }
    }
    Ok(())
}

/// The data directory is 0700 (SPEC §11) — but only a directory that is the user's own: never
/// a shared one such as /tmp (sticky) or the home directory itself.
fn tighten_data_dir(dir: &Path, file: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let (Ok(d), Ok(f)) = (fs::metadata(dir), fs::metadata(file)) else {
            return;
        };
        let sticky = d.permissions().mode() & 0o1000 != 0;
        let is_home = std::env::var_os("HOME").is_some_and(|h| Path::new(&h) == dir);
        let is_root = dir.parent().is_none();
        if d.uid() == f.uid()
            && !sticky
            && !is_home
            && !is_root
            && d.permissions().mode() & 0o777 != 0o700
        {
            // Best effort: a directory we cannot tighten is reported by `doctor`.
            let _ = fs::set_permissions(dir, fs::Permissions::from_mode(0o700));
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (dir, file);
    }
}
