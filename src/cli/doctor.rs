//! `doctor`: integrity, foreign keys, schema, paths, permissions and the file system; and
//! `doctor --salvage NEW`, the guided recovery of a damaged file.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use crate::domain::Lang;
use crate::domain::i18n::TextKey;
use crate::io::fs_kind;
use crate::store::FindingDetail;

use super::context::{Context, configured_lang, default_db_path};

/// `doctor`.
#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Copy what can still be read of a damaged database into this new file (the damaged file
    /// is only read); then check the copy and use it with --db.
    #[arg(long, value_name = "NEW")]
    pub salvage: Option<PathBuf>,
}

/// The next step after a failed integrity check, as `doctor` prints it.
fn salvage_hint(lang: Lang) -> String {
    format!(
        "{}: {}",
        lang.text(TextKey::CliDoctorNext),
        lang.text(TextKey::CliDoctorSalvageHint)
    )
}

/// A warning when the database lives on a network file system, where SQLite's locks are not
/// reliable (none elsewhere).
pub fn network_warning(db: &Path, lang: Lang) -> Option<String> {
    let dir = db.parent().filter(|d| !d.as_os_str().is_empty())?;
    let kind = fs_kind::fs_type(dir)?;
    fs_kind::is_network(&kind).then(|| {
        lang.fill(
            TextKey::CliDoctorNetwork,
            &[
                ("path", &db.display() as &dyn std::fmt::Display),
                ("kind", &kind),
            ],
        )
    })
}

/// The warning line every command prints before its work on a network file system.
pub fn warning_line(warning: &str, lang: Lang) -> String {
    format!(
        "leadbench: {}: {warning}",
        lang.text(TextKey::CliDoctorWarning)
    )
}

/// `doctor` on a file that does not even open: says why, and how to recover.
pub fn cannot_open(message: &str, lang: Lang, out: &mut impl Write) -> i32 {
    let _ = writeln!(
        out,
        "FAIL  {}: {message}",
        lang.text(TextKey::CliDoctorOpen)
    );
    let _ = writeln!(out, "{}", salvage_hint(lang));
    1
}

/// `doctor --salvage NEW`.
pub fn salvage(
    db: Option<PathBuf>,
    config: Option<PathBuf>,
    a: &DoctorArgs,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    let Some(target) = &a.salvage else {
        return 2;
    };
    let lang = configured_lang(config);
    let db = db.unwrap_or_else(default_db_path);
    match crate::store::salvage(&db, target) {
        Ok(tables) => {
            for t in &tables {
                let key = if t.damaged {
                    TextKey::CliDoctorRowsLost
                } else {
                    TextKey::CliDoctorRowsCopied
                };
                let _ = writeln!(
                    out,
                    "{}  {}",
                    if t.damaged { "LOST" } else { "ok  " },
                    lang.fill(key, &[("table", &t.table), ("count", &t.copied)])
                );
            }
            let _ = writeln!(
                out,
                "{}",
                lang.fill(TextKey::CliDoctorSalvaged, &[("path", &target.display())])
            );
            0
        }
        Err(e) => {
            let _ = writeln!(err, "leadbench doctor --salvage: {}: {e}", db.display());
            1
        }
    }
}

/// A health finding in the rep's words.
fn finding_text(detail: &FindingDetail, lang: Lang) -> String {
    match detail {
        FindingDetail::Sqlite(text) => text.clone(),
        FindingDetail::Dangling(n) => lang.fill(TextKey::CliDoctorDangling, &[("count", n)]),
        FindingDetail::Schema { found, latest } => lang.fill(
            TextKey::CliDoctorSchemaVersion,
            &[("found", found), ("latest", latest)],
        ),
        FindingDetail::Counters { kept, counted } => lang.fill(
            TextKey::CliDoctorCounters,
            &[
                ("kept", &format!("{kept:?}")),
                ("counted", &format!("{counted:?}")),
            ],
        ),
        FindingDetail::Drift(n) => lang.fill(TextKey::CliDoctorDrift, &[("count", n)]),
    }
}

/// The name of a health check in the rep's words (the store names them by id).
fn check_name(check: &str, lang: Lang) -> String {
    let key = match check {
        "integrity" => TextKey::CliDoctorIntegrity,
        "foreign keys" => TextKey::CliDoctorForeignKeys,
        "schema" => TextKey::CliDoctorSchema,
        "stage counters" => TextKey::CliDoctorStageCounters,
        "filter index" => TextKey::CliDoctorFilterIndex,
        other => return other.to_owned(),
    };
    lang.text(key).to_owned()
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
    let lang = ctx.config.ui.language;
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
    let file_mode = |p: &Path, m: u32| {
        lang.fill(
            TextKey::CliDoctorFileMode,
            &[("path", &p.display()), ("mode", &format!("{m:o}"))],
        )
    };
    let permissions = lang.text(TextKey::CliDoctorPermissions);
    let mut damaged = false;
    match ctx.store.health() {
        Ok(findings) => {
            for f in findings {
                damaged |= !f.ok && f.check == "integrity";
                line(
                    f.ok,
                    &check_name(f.check, lang),
                    &finding_text(&f.detail, lang),
                );
            }
        }
        Err(e) => {
            let _ = writeln!(err, "leadbench doctor: {e}");
            let _ = writeln!(out, "{}", salvage_hint(lang));
            return 1;
        }
    }
    if let Some(db) = ctx.store.path().map(Path::to_path_buf) {
        line(
            true,
            lang.text(TextKey::CliDoctorDatabase),
            &db.display().to_string(),
        );
        for suffix in ["", "-wal", "-shm"] {
            let p = Path::new(&format!("{}{suffix}", db.display())).to_path_buf();
            if let Some(m) = mode(&p) {
                line(m & 0o077 == 0, permissions, &file_mode(&p, m));
            }
        }
        if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
            if let Some(m) = mode(dir) {
                let shared = m & 0o1000 != 0;
                let key = if shared {
                    TextKey::CliDoctorDirShared
                } else {
                    TextKey::CliDoctorDirMode
                };
                line(
                    shared || m & 0o077 == 0,
                    lang.text(TextKey::CliDoctorDataDirectory),
                    &lang.fill(
                        key,
                        &[("path", &dir.display()), ("mode", &format!("{m:o}"))],
                    ),
                );
            }
        }
    }
    if let Some(db) = ctx.store.path().map(Path::to_path_buf) {
        let fs = lang.text(TextKey::CliDoctorFileSystem);
        match network_warning(&db, lang) {
            Some(w) => line(false, fs, &w),
            None => line(true, fs, lang.text(TextKey::CliDoctorLocal)),
        }
        for p in other_private_files(ctx, &db) {
            if let Some(m) = mode(&p) {
                line(m & 0o077 == 0, permissions, &file_mode(&p, m));
            }
        }
    }
    line(
        true,
        lang.text(TextKey::CliDoctorConfig),
        &ctx.config_path.display().to_string(),
    );
    if damaged {
        let _ = writeln!(out, "{}", salvage_hint(lang));
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
