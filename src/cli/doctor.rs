//! `doctor`: integrity, foreign keys, schema, paths, permissions and the file system; and
//! `doctor --salvage NEW`, the guided recovery of a damaged file.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use crate::io::fs_kind;

use super::context::{Context, default_db_path};

/// `doctor`.
#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Copy what can still be read of a damaged database into this new file (the damaged file
    /// is only read); then check the copy and use it with --db.
    #[arg(long, value_name = "NEW")]
    pub salvage: Option<PathBuf>,
}

/// The next step after a failed integrity check.
const SALVAGE_HINT: &str = "the file is damaged: copy what can be read with `leadbench doctor --salvage NEW.db`, check the copy with `leadbench doctor --db NEW.db`, then use it (keep the damaged file until you are sure)";

/// A warning when the database lives on a network file system, where SQLite's locks are not
/// reliable (none elsewhere).
pub fn network_warning(db: &Path) -> Option<String> {
    let dir = db.parent().filter(|d| !d.as_os_str().is_empty())?;
    let kind = fs_kind::fs_type(dir)?;
    fs_kind::is_network(&kind).then(|| {
        format!(
            "{} is on a network file system ({kind}): SQLite cannot lock it reliably — keep one leadbench at a time on it, or move the database to a local disk",
            db.display()
        )
    })
}

/// `doctor` on a file that does not even open: says why, and how to recover.
pub fn cannot_open(message: &str, out: &mut impl Write) -> i32 {
    let _ = writeln!(out, "FAIL  open: {message}");
    let _ = writeln!(out, "next: {SALVAGE_HINT}");
    1
}

/// `doctor --salvage NEW`.
pub fn salvage(
    db: Option<PathBuf>,
    a: &DoctorArgs,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    let Some(target) = &a.salvage else {
        return 2;
    };
    let db = db.unwrap_or_else(default_db_path);
    match crate::store::salvage(&db, target) {
        Ok(tables) => {
            for t in &tables {
                let _ = writeln!(
                    out,
                    "{}  {}: {} rows copied{}",
                    if t.damaged { "LOST" } else { "ok  " },
                    t.table,
                    t.copied,
                    if t.damaged {
                        " (some rows could not be read)"
                    } else {
                        ""
                    }
                );
            }
            let _ = writeln!(
                out,
                "salvaged into {} — counters and the search index were rebuilt; check it with `leadbench doctor --db {}`",
                target.display(),
                target.display()
            );
            0
        }
        Err(e) => {
            let _ = writeln!(err, "leadbench doctor --salvage: {}: {e}", db.display());
            1
        }
    }
}

fn mode(path: &Path) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path)
            .ok()
            .map(|m| m.permissions().mode() & 0o777)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// Runs every check; exit 0 when all pass, 1 otherwise.
pub fn doctor(ctx: &mut Context, out: &mut impl Write, err: &mut impl Write) -> i32 {
    let mut failed = 0;
    let mut line = |ok: bool, what: &str, detail: &str| {
        if !ok {
            failed += 1;
        }
        let _ = writeln!(
            out,
            "{}  {what}: {detail}",
            if ok { "ok  " } else { "FAIL" }
        );
    };
    let mut damaged = false;
    match ctx.store.health() {
        Ok(findings) => {
            for f in findings {
                damaged |= !f.ok && f.check == "integrity";
                line(f.ok, f.check, &f.detail);
            }
        }
        Err(e) => {
            let _ = writeln!(err, "leadbench doctor: {e}");
            let _ = writeln!(out, "next: {SALVAGE_HINT}");
            return 1;
        }
    }
    if let Some(db) = ctx.store.path().map(Path::to_path_buf) {
        line(true, "database", &db.display().to_string());
        for suffix in ["", "-wal", "-shm"] {
            let p = Path::new(&format!("{}{suffix}", db.display())).to_path_buf();
            if let Some(m) = mode(&p) {
                line(
                    m & 0o077 == 0,
                    "permissions",
                    &format!("{} is {m:o} (want 600)", p.display()),
                );
            }
        }
        if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
            if let Some(m) = mode(dir) {
                let shared = m & 0o1000 != 0;
                line(
                    shared || m & 0o077 == 0,
                    "data directory",
                    &format!(
                        "{} is {m:o}{}",
                        dir.display(),
                        if shared {
                            " (shared; not tightened)"
                        } else {
                            " (want 700)"
                        }
                    ),
                );
            }
        }
    }
    if let Some(db) = ctx.store.path().map(Path::to_path_buf) {
        match network_warning(&db) {
            Some(w) => line(false, "file system", &w),
            None => line(true, "file system", "local"),
        }
        for p in other_private_files(ctx, &db) {
            if let Some(m) = mode(&p) {
                line(
                    m & 0o077 == 0,
                    "permissions",
                    &format!("{} is {m:o} (want 600)", p.display()),
                );
            }
        }
    }
    line(true, "config", &ctx.config_path.display().to_string());
    if damaged {
        let _ = writeln!(out, "next: {SALVAGE_HINT}");
    }
    i32::from(failed > 0)
}

/// The log and the files in the outbox and handoff directories: all must be the rep's alone.
fn other_private_files(ctx: &Context, db: &Path) -> Vec<PathBuf> {
    let data_dir = db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let mut files = vec![crate::io::log::path_for(db)];
    for dir in [
        ctx.config.mail.outbox_dir(&data_dir),
        ctx.config.handoff.export_dir(&data_dir),
    ] {
        files.extend(
            std::fs::read_dir(&dir)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file()),
        );
    }
    files
}
