//! `leadbench team FILE…` (SPEC §9, Appendix B `team --json`) and `leadbench backup PATH`.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;
use serde_json::{Map, Value, json};

use crate::config::{self, Config};
use crate::domain::i18n::TextKey;
use crate::domain::kpi::Imbalance;
use crate::domain::{Lang, Stage};
use crate::ops::team::{TeamReport, team_report};
use crate::store::Store;

use super::context::{Context, now};
use super::table::write_table;

/// `team`.
#[derive(Debug, Args)]
pub struct TeamArgs {
    /// Reps' database files (`leadbench backup` copies or live files), read read-only.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// JSON (SPEC Appendix B).
    #[arg(long, conflicts_with = "md")]
    pub json: bool,
    /// A Markdown table.
    #[arg(long)]
    pub md: bool,
}

/// `backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write the copy (0600); an existing file is replaced atomically.
    pub path: PathBuf,
}

/// Runs `team`: needs the configuration (SLA days, flag margin) but never the own database.
pub fn team(
    config_flag: Option<PathBuf>,
    args: &TeamArgs,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    let path = config::config_path(config_flag.clone());
    let cfg: Config = match config::load(&path, config_flag.is_some()) {
        Ok(c) => c,
        Err(e) => {
            let _ = writeln!(err, "leadbench: {e}");
            return 2;
        }
    };
    let r = match team_report(&args.files, &cfg, now()) {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(err, "leadbench team: {}", e.text(cfg.ui.language));
            return 1;
        }
    };
    let written = if args.json {
        serde_json::to_string_pretty(&team_json(&r))
            .map_err(std::io::Error::other)
            .and_then(|s| writeln!(out, "{s}"))
    } else {
        write_text(&r, cfg.ui.language, args.md, out)
    };
    match written {
        Ok(()) => 0,
        Err(e) => {
            let _ = writeln!(err, "leadbench team: {e}");
            1
        }
    }
}

fn ratio(x: Option<f64>) -> Value {
    x.map_or(Value::Null, |x| json!((x * 1000.0).round() / 1000.0))
}

fn imbalance_json(i: &Imbalance) -> Value {
    json!({ "max_over_mean": ratio(i.max_over_mean), "cv": ratio(i.cv) })
}

/// `team --json` (Appendix B).
pub fn team_json(r: &TeamReport) -> Value {
    let reps: Vec<Value> = r
        .reps
        .iter()
        .map(|rep| {
            let stages: Map<String, Value> = Stage::ALL
                .iter()
                .map(|s| {
                    (
                        s.id().to_owned(),
                        json!({ "count": rep.counts[s.index()], "over_sla": rep.over_sla[s.index()] }),
                    )
                })
                .collect();
            json!({
                "name": rep.name,
                "file": rep.file.display().to_string(),
                "stages": stages,
                "open": rep.open,
                "over_sla": rep.open_over_sla,
                "oldest_new_minutes": rep.oldest_new_minutes,
            })
        })
        .collect();
    let mut imbalance = Map::new();
    imbalance.insert("overall".into(), imbalance_json(&r.overall));
    for (s, i) in Stage::ALL.iter().zip(&r.stages) {
        imbalance.insert(s.id().into(), imbalance_json(i));
    }
    json!({ "reps": reps, "imbalance": imbalance, "flagged": r.flagged })
}

fn fmt_ratio(x: Option<f64>) -> String {
    x.map_or("–".to_owned(), |x| format!("{x:.2}"))
}

fn write_text(r: &TeamReport, lang: Lang, md: bool, out: &mut impl Write) -> std::io::Result<()> {
    let mut header = vec![
        lang.text(TextKey::CliTeamColumnRep),
        lang.text(TextKey::CliTeamColumnOpen),
        lang.text(TextKey::CliTeamColumnOverSla),
    ];
    // Stage ids stay as they are: scripts and `team --json` speak them.
    header.extend(Stage::ALL.iter().map(|s| s.id()));
    header.push(lang.text(TextKey::CliTeamColumnOldestNew));
    header.push(lang.text(TextKey::CliTeamColumnFlag));
    let mut rows: Vec<Vec<String>> = r
        .reps
        .iter()
        .map(|rep| {
            let mut row = vec![
                rep.name.clone(),
                rep.open.to_string(),
                rep.open_over_sla.to_string(),
            ];
            row.extend(Stage::ALL.iter().map(|s| {
                lang.fill(
                    TextKey::CliTeamStageCell,
                    &[
                        ("count", &rep.counts[s.index()]),
                        ("stuck", &rep.over_sla[s.index()]),
                    ],
                )
            }));
            row.push(
                rep.oldest_new_minutes
                    .map_or("–".to_owned(), |m| m.to_string()),
            );
            row.push(
                if r.flagged.contains(&rep.name) {
                    lang.text(TextKey::CliTeamOverloaded)
                } else {
                    ""
                }
                .to_owned(),
            );
            row
        })
        .collect();
    let mut imb = vec![
        "max/mean".to_owned(),
        fmt_ratio(r.overall.max_over_mean),
        String::new(),
    ];
    imb.extend(r.stages.iter().map(|i| fmt_ratio(i.max_over_mean)));
    let mut cv = vec!["cv".to_owned(), fmt_ratio(r.overall.cv), String::new()];
    cv.extend(r.stages.iter().map(|i| fmt_ratio(i.cv)));
    rows.push(imb);
    rows.push(cv);
    if md {
        let esc = |c: &str| crate::domain::text::sanitize_line(c).replace('|', "\\|");
        writeln!(out, "| {} |", header.join(" | "))?;
        writeln!(out, "|{}", "---|".repeat(header.len()))?;
        for row in &rows {
            let cells: Vec<String> = row.iter().map(|c| esc(c)).collect();
            writeln!(out, "| {} |", cells.join(" | "))?;
        }
        Ok(())
    } else {
        write_table(out, &header, &rows, 40)
    }
}

/// Runs `backup`: a consistent copy with SQLite's backup API, written beside the target and
/// renamed over it, as a single self-contained file (rollback journal, not WAL).
pub fn backup(
    ctx: &mut Context,
    args: &BackupArgs,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    match backup_file(&ctx.store, &args.path) {
        Ok(()) => {
            let text = ctx
                .policy
                .lang
                .fill(TextKey::CliBackupWritten, &[("path", &args.path.display())]);
            let _ = writeln!(out, "{text}");
            0
        }
        Err(e) => {
            let _ = writeln!(err, "leadbench backup: {e}");
            1
        }
    }
}

/// Writes the backup of `store` to `path` (0600) through a temporary name.
pub fn backup_file(store: &Store, path: &Path) -> Result<(), String> {
    let mut tmp_name = path.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(format!(".tmp-{}", std::process::id()));
    let tmp = path.with_file_name(tmp_name);
    let _ = std::fs::remove_file(&tmp);
    if let Err(e) = store.backup_single_file(&tmp) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e.to_string());
    }
    std::fs::rename(&tmp, path).map_err(|e| format!("{}: {e}", path.display()))
}
