//! Shared by the safety suites: the CI/full scale switch, a seeded random source, and quick
//! looks into a database file.
#![allow(dead_code)]

use std::path::Path;

/// `LEADBENCH_SAFETY_FULL=1` runs every safety suite at full size (scripts/safety-full.sh);
/// CI runs the scaled size.
pub fn full() -> bool {
    std::env::var("LEADBENCH_SAFETY_FULL").is_ok_and(|v| v == "1")
}

/// `ci` in CI, `full` in a full run.
pub fn scale(ci: usize, full_size: usize) -> usize {
    if full() { full_size } else { ci }
}

/// Prints a figure the full-size script collects (`SAFETY name=value`).
pub fn figure(name: &str, value: impl std::fmt::Display) {
    eprintln!("SAFETY {name}={value}");
}

/// A small seeded generator (xorshift): the same seed, the same kill points.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number in `lo..hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo).max(1)
    }
}

/// A plain connection to a test database (the tests look at the file from outside).
pub fn conn(db: &Path) -> rusqlite::Connection {
    let c = rusqlite::Connection::open(db).unwrap_or_else(|e| panic!("{}: {e}", db.display()));
    c.busy_timeout(std::time::Duration::from_secs(10))
        .unwrap_or_else(|e| panic!("{e}"));
    c
}

/// `PRAGMA integrity_check` of a file.
pub fn integrity(db: &Path) -> String {
    conn(db)
        .query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// One number from a query.
pub fn count(db: &Path, sql: &str) -> i64 {
    conn(db)
        .query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Unix permission bits of a path.
pub fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p)
        .map(|m| m.permissions().mode() & 0o777)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// An executable script in `dir`.
pub fn script(dir: &Path, name: &str, body: &str) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let p = dir.join(name);
    std::fs::write(&p, format!("#!/bin/sh\n{body}\n")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755))
        .unwrap_or_else(|e| panic!("{e}"));
    p
}

/// An empty configuration file (every default), so no test reads the machine's own.
pub fn empty_config(dir: &Path) -> std::path::PathBuf {
    let p = dir.join("empty.toml");
    std::fs::write(&p, "").unwrap_or_else(|e| panic!("{e}"));
    p
}

/// The rep's own configuration (name, email, signature: mail needs them) at the sandbox's
/// default configuration path, so every command of the sandbox reads it.
pub fn rep_config(sb: &crate::cli::Sandbox) {
    let dir = sb.dir.path().join("cfg").join("leadbench");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("config.toml"), REP).unwrap_or_else(|e| panic!("{e}"));
}

/// The `[rep]` section the safety suites use.
pub const REP: &str = "[rep]\nname = \"Rita Rep\"\nemail = \"rita@example.com\"\nsignature = \"Rita Rep, Example Inc.\"\n";
