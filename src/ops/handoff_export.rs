//! Handoff summaries (SPEC §8): read from the store and the configuration, written in the
//! format asked for. Files are 0600 (atomic writes); directories leadbench creates are 0700.

use std::fs;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::domain::i18n::TextKey;
use crate::domain::{ActivityKind, LeadId, Ts};
use crate::io::handoff::crm_csv::{self, Crm};
use crate::io::handoff::{self, Escalation, Feedback, Person, Summary, ics, md};
use crate::io::private_file::write_atomic;
use crate::store::{Store, StoreError};

use super::{OpsError, Problem};

/// The formats of `handoff export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Markdown for people, one file per lead.
    Md,
    /// JSON for machines, one file.
    Json,
    /// The meeting as iCalendar, one file per lead with a meeting.
    Ics,
    /// HubSpot contact import rows, one file.
    HubSpotCsv,
    /// Salesforce lead import rows, one file.
    SalesforceCsv,
}

impl ExportFormat {
    /// Every format.
    pub const ALL: [ExportFormat; 5] = [
        ExportFormat::Md,
        ExportFormat::Json,
        ExportFormat::Ics,
        ExportFormat::HubSpotCsv,
        ExportFormat::SalesforceCsv,
    ];

    /// The id of `--format`.
    pub fn id(self) -> &'static str {
        match self {
            ExportFormat::Md => "md",
            ExportFormat::Json => "json",
            ExportFormat::Ics => "ics",
            ExportFormat::HubSpotCsv => "hubspot-csv",
            ExportFormat::SalesforceCsv => "salesforce-csv",
        }
    }

    /// Parses an id.
    pub fn from_id(id: &str) -> Option<ExportFormat> {
        ExportFormat::ALL.into_iter().find(|f| f.id() == id)
    }

    /// Whether it writes one file per lead (md, ics) rather than one file for all.
    pub fn per_lead(self) -> bool {
        matches!(self, ExportFormat::Md | ExportFormat::Ics)
    }

    fn ext(self) -> &'static str {
        match self {
            ExportFormat::Md => "md",
            ExportFormat::Json => "json",
            ExportFormat::Ics => "ics",
            ExportFormat::HubSpotCsv | ExportFormat::SalesforceCsv => "csv",
        }
    }
}

/// The rep as the summaries name them.
fn rep(config: &Config) -> Person {
    Person {
        name: config.rep.name.clone(),
        email: config.rep.email.clone(),
    }
}

/// Reads one lead's summary.
pub fn summary(store: &Store, config: &Config, id: LeadId, now: Ts) -> Result<Summary, OpsError> {
    let lead = store
        .lead(id)?
        .ok_or_else(|| StoreError::NoSuchLead(id.to_string()))?;
    let timeline: Vec<_> = store
        .activities(id)?
        .into_iter()
        .filter(|a| !a.undone && a.kind != ActivityKind::Undo)
        .collect();
    let esc_row = timeline
        .iter()
        .rev()
        .find(|a| a.kind == ActivityKind::Escalation);
    let escalation = esc_row.map(Escalation::from_activity);
    let feedback = timeline
        .iter()
        .rev()
        .filter(|a| a.kind == ActivityKind::Feedback)
        .find(|a| esc_row.is_none_or(|e| (a.at, a.id) > (e.at, e.id)))
        .map(|a| Feedback {
            at: a.at,
            result: a
                .data
                .get("result")
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned(),
            reason: a.note.clone(),
        });
    let h = &config.handoff;
    let score_breakdown = config.scoring_rules().score(&lead).breakdown;
    Ok(Summary {
        lead,
        timeline,
        framework: h.framework.id().to_owned(),
        items: h
            .framework
            .items()
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
        required: h.required_items().into_iter().map(str::to_owned).collect(),
        score_breakdown,
        escalation,
        feedback,
        rep: rep(config),
        tz: config.rep.timezone,
        lang: config.ui.language,
        generated_at: now,
    })
}

/// Creates a directory leadbench owns (and its parents), mode 0700.
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Writes the escalation's summary to `dir`: Markdown, JSON, and the `.ics` when a meeting is
/// booked. Returns the paths written.
pub fn write_summary(s: &Summary, dir: &Path, now: Ts) -> std::io::Result<Vec<PathBuf>> {
    private_dir(dir)?;
    let mut files = Vec::new();
    let md_path = handoff::file_in(dir, s.lead.id, "md");
    write_atomic(&md_path, md::render(s).as_bytes())?;
    files.push(md_path);
    let json_path = handoff::file_in(dir, s.lead.id, "json");
    let doc = handoff::json::render(std::slice::from_ref(s), &s.rep, now);
    write_atomic(&json_path, doc.as_bytes())?;
    files.push(json_path);
    if let Some(cal) = ics::render(s, now) {
        let ics_path = handoff::file_in(dir, s.lead.id, "ics");
        write_atomic(&ics_path, cal.as_bytes())?;
        files.push(ics_path);
    }
    Ok(files)
}

/// The leads `handoff export` covers without LEAD arguments: those escalated since `since`,
/// else every handed-off lead.
pub fn default_selection(store: &Store, since: Option<Ts>) -> Result<Vec<LeadId>, OpsError> {
    Ok(match since {
        Some(t) => store.escalated_since(t)?,
        None => store.handed_off_leads()?,
    })
}

/// What an export wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exported {
    /// Files written.
    pub files: Vec<PathBuf>,
    /// Leads left out, with why (an `.ics` for a lead without a meeting).
    pub skipped: Vec<(LeadId, String)>,
}

/// Exports summaries of `ids` in `format`. `out` is where: a directory (one file per lead for
/// md and ics, the default file name for json and csv), or a file (json, csv, or md/ics of
/// exactly one lead); none means `default_dir` (`handoff.export_dir`).
pub fn export(
    store: &Store,
    config: &Config,
    ids: &[LeadId],
    format: ExportFormat,
    out: Option<&Path>,
    default_dir: &Path,
    now: Ts,
) -> Result<Exported, OpsError> {
    let summaries = ids
        .iter()
        .map(|id| summary(store, config, *id, now))
        .collect::<Result<Vec<_>, _>>()?;
    let mut done = Exported::default();
    let is_dir = |p: &Path| p.is_dir() || p.as_os_str().to_string_lossy().ends_with('/');
    if format.per_lead() {
        let single_file = match out {
            Some(p) if summaries.len() == 1 && !is_dir(p) => Some(p.to_path_buf()),
            _ => None,
        };
        let dir = match out {
            Some(p) if single_file.is_none() => p.to_path_buf(),
            _ => default_dir.to_path_buf(),
        };
        if single_file.is_none() {
            if dir.is_dir() && out.is_some() {
                // The rep's own directory: leave its mode alone.
            } else {
                private_dir(&dir).map_err(io_at(&dir))?;
            }
        }
        for s in &summaries {
            let text = match format {
                ExportFormat::Ics => match ics::render(s, now) {
                    Some(t) => t,
                    None => {
                        done.skipped.push((
                            s.lead.id,
                            config
                                .ui
                                .language
                                .text(TextKey::OpsHandoffExportNoMeetingBooked)
                                .to_owned(),
                        ));
                        continue;
                    }
                },
                _ => md::render(s),
            };
            let path = single_file
                .clone()
                .unwrap_or_else(|| handoff::file_in(&dir, s.lead.id, format.ext()));
            write_atomic(&path, text.as_bytes()).map_err(io_at(&path))?;
            done.files.push(path);
        }
        return Ok(done);
    }
    let name = format!(
        "handoff-{}-{}.{}",
        format.id(),
        now.format("%Y%m%d-%H%M%S"),
        format.ext()
    );
    let path = match out {
        Some(p) if p.is_dir() => p.join(name),
        Some(p) => p.to_path_buf(),
        None => {
            private_dir(default_dir).map_err(io_at(default_dir))?;
            default_dir.join(name)
        }
    };
    let bytes = match format {
        ExportFormat::Json => handoff::json::render(&summaries, &rep(config), now).into_bytes(),
        ExportFormat::HubSpotCsv => crm_csv::render(&summaries, Crm::HubSpot)
            .map_err(|e| OpsError::Invalid(Problem::file(&path, &e)))?,
        _ => crm_csv::render(&summaries, Crm::Salesforce)
            .map_err(|e| OpsError::Invalid(Problem::file(&path, &e)))?,
    };
    write_atomic(&path, &bytes).map_err(io_at(&path))?;
    done.files.push(path);
    Ok(done)
}

/// Turns an IO error into one that names the file it concerns.
fn io_at(path: &Path) -> impl Fn(std::io::Error) -> OpsError + '_ {
    move |e| OpsError::Invalid(Problem::file(path, &e))
}

/// Where summaries go: `handoff.export_dir`, else `handoff/` next to the database (the data
/// directory), else in the XDG data directory for an in-memory store.
pub fn export_dir(config: &Config, store: &Store) -> PathBuf {
    let data_dir = store
        .path()
        .and_then(Path::parent)
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(crate::config::default_data_dir, Path::to_path_buf);
    config.handoff.export_dir(&data_dir)
}
