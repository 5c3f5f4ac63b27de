//! `forget` (SPEC §11): erase a lead's personal data for a privacy request (APPI, GDPR), keep
//! its anonymous trace for the KPIs, and name the files made earlier that may still hold it.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::domain::{Lead, LeadId, Ts};
use crate::io::leftover::files_holding;
use crate::store::{ForgetReport, Store};

use super::OpsError;

/// What forgetting a lead did, and what it could not reach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forgotten {
    /// The lead (its id stays, for the KPIs).
    pub id: LeadId,
    /// What changed inside the database.
    pub report: ForgetReport,
    /// Files leadbench wrote earlier that hold some of the erased data (backups, exports,
    /// handoff summaries, outbox mail, bundles) in the places it knows of.
    pub files: Vec<PathBuf>,
}

/// The texts that identify the lead in a file: email, phones (both forms) and names.
fn identifying_texts(lead: &Lead) -> Vec<String> {
    let mut out = vec![
        lead.email.clone(),
        lead.full_name.clone(),
        lead.display_name(),
    ];
    for p in &lead.phones {
        out.push(p.raw.clone());
        out.extend(p.number.clone());
    }
    out.retain(|s| s.trim().chars().count() >= 2);
    out.sort();
    out.dedup();
    out
}

/// Where leadbench itself writes files about leads: next to the database (migration backups,
/// exports a rep saved there), the outbox and the handoff directory.
fn known_dirs(config: &Config, db: Option<&Path>) -> Vec<PathBuf> {
    let data_dir = db
        .and_then(Path::parent)
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(crate::config::default_data_dir, Path::to_path_buf);
    vec![
        config.mail.outbox_dir(&data_dir),
        config.handoff.export_dir(&data_dir),
        data_dir,
    ]
}

/// Erases lead `id`'s personal data. Irreversible: nothing to undo it is kept.
pub fn forget(
    store: &mut Store,
    config: &Config,
    id: LeadId,
    now: Ts,
) -> Result<Forgotten, OpsError> {
    let lead = store
        .lead(id)?
        .ok_or_else(|| crate::store::StoreError::NoSuchLead(id.to_string()))?;
    let needles = identifying_texts(&lead);
    let report = store.forget(id, now)?;
    let db = store.path().map(Path::to_path_buf);
    // The live database is clean now; its WAL is listed only if a reader kept it.
    let mut skip = Vec::new();
    if let Some(db) = &db {
        skip.push(db.clone());
        skip.push(PathBuf::from(format!("{}-shm", db.display())));
        if report.wal_truncated {
            skip.push(PathBuf::from(format!("{}-wal", db.display())));
        }
    }
    let files = files_holding(&known_dirs(config, db.as_deref()), &skip, &needles);
    Ok(Forgotten { id, report, files })
}
