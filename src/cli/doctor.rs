//! `doctor`: integrity, foreign keys, schema, paths and permissions.

use std::io::Write;
use std::path::Path;

use super::context::Context;

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
    match ctx.store.health() {
        Ok(findings) => {
            for f in findings {
                line(f.ok, f.check, &f.detail);
            }
        }
        Err(e) => {
            let _ = writeln!(err, "leadbench doctor: {e}");
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
    line(true, "config", &ctx.config_path.display().to_string());
    i32::from(failed > 0)
}
