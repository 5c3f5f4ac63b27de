//! The team-load report (SPEC §9): each rep's file opened read-only, open leads and stuck
//! leads per stage, the oldest untouched new lead, imbalance and overloaded reps.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::domain::kpi::{Imbalance, imbalance, is_overloaded};
use crate::domain::{Stage, Ts};
use crate::store::Store;

use super::kpi::{rep_today, sla_days};
use super::{OpsError, Problem};

/// One rep's row.
#[derive(Debug, Clone, PartialEq)]
pub struct RepRow {
    /// The rep's name (stored in the file; else the file's stem).
    pub name: String,
    /// The file read.
    pub file: PathBuf,
    /// Leads per stage (`Stage::ALL` order).
    pub counts: [u64; 5],
    /// Leads over SLA per stage.
    pub over_sla: [u64; 5],
    /// Open leads (new, unreached, engaged).
    pub open: u64,
    /// Open leads over SLA.
    pub open_over_sla: u64,
    /// Minutes since the oldest untouched new lead was handed over.
    pub oldest_new_minutes: Option<i64>,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamReport {
    /// One row per file, in the order given.
    pub reps: Vec<RepRow>,
    /// Imbalance of the open load.
    pub overall: Imbalance,
    /// Imbalance per stage (`Stage::ALL` order).
    pub stages: Vec<Imbalance>,
    /// Names of reps whose open load exceeds the mean by more than `team.flag_margin`.
    pub flagged: Vec<String>,
}

/// Reads one rep's file read-only.
pub fn rep_row(path: &Path, config: &Config, now: Ts) -> Result<RepRow, OpsError> {
    let store = Store::open_read_only(path)?;
    let load = store.rep_load(now, rep_today(config, now), sla_days(config))?;
    let open: u64 = Stage::OPEN.iter().map(|s| load.counts[s.index()]).sum();
    let open_over_sla = Stage::OPEN.iter().map(|s| load.over_sla[s.index()]).sum();
    let name = load
        .name
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| {
            path.file_stem().map_or_else(
                || path.display().to_string(),
                |s| s.to_string_lossy().into_owned(),
            )
        });
    Ok(RepRow {
        name,
        file: path.to_owned(),
        counts: load.counts,
        over_sla: load.over_sla,
        open,
        open_over_sla,
        oldest_new_minutes: load.oldest_new.map(|t| (now - t).num_minutes().max(0)),
    })
}

/// The team report over `files`; the first file that cannot be read fails it.
pub fn team_report(files: &[PathBuf], config: &Config, now: Ts) -> Result<TeamReport, OpsError> {
    let reps = files
        .iter()
        .map(|f| rep_row(f, config, now).map_err(|e| OpsError::Invalid(Problem::file(f, &e))))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(summarise(reps, config.team.flag_margin))
}

/// Imbalance and flags over rows already read.
pub fn summarise(reps: Vec<RepRow>, flag_margin: f64) -> TeamReport {
    let open: Vec<f64> = reps.iter().map(|r| r.open as f64).collect();
    let mean = if open.is_empty() {
        0.0
    } else {
        open.iter().sum::<f64>() / open.len() as f64
    };
    let stages = Stage::ALL
        .iter()
        .map(|s| {
            let loads: Vec<f64> = reps.iter().map(|r| r.counts[s.index()] as f64).collect();
            imbalance(&loads)
        })
        .collect();
    let flagged = reps
        .iter()
        .filter(|r| is_overloaded(r.open as f64, mean, flag_margin))
        .map(|r| r.name.clone())
        .collect();
    TeamReport {
        overall: imbalance(&open),
        stages,
        flagged,
        reps,
    }
}
