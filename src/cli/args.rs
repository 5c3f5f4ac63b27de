//! The command line of SPEC Appendix A.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// leadbench — a terminal workbench for inside-sales reps.
///
/// Without a command it opens the workbench (the TUI) on your database.
#[derive(Debug, Parser)]
#[command(name = "leadbench", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// The database file (default: leadbench.db in the XDG data directory).
    #[arg(long, global = true, env = "LEADBENCH_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// The configuration file (default: config.toml in the XDG config directory).
    #[arg(long, global = true, env = "LEADBENCH_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Open the workbench on a fresh temporary demo database.
    #[arg(long)]
    pub demo: bool,

    /// Open the database read-only: every write is refused and the file is never changed.
    #[arg(long, global = true)]
    pub read_only: bool,

    /// What to do.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a demo database with realistic English and Japanese leads.
    Demo(DemoArgs),
    /// List leads, stage by stage in queue order (--all adds transferred leads).
    List(ListArgs),
    /// Show one lead with its journal.
    Show(ShowArgs),
    /// Add a lead by hand.
    Add(AddArgs),
    /// Edit fields of a lead: FIELD=VALUE …
    Edit(EditArgs),
    /// Log a call and its outcome.
    #[command(name = "log-call")]
    LogCall(LogCallArgs),
    /// Add a note to a lead.
    Note(NoteArgs),
    /// Schedule (or snooze) a lead's next action.
    Schedule(ScheduleArgs),
    /// Mark a lead lost.
    Lost(LostArgs),
    /// Recompute score, grade, groups and search index of every lead (after a config change).
    Rescore(RescoreArgs),
    /// Set qualification items (SPEC §8): ITEM=STATE … with evidence.
    Qualify(super::handoff_cmd::QualifyArgs),
    /// Escalate a lead to field sales (the capacity-aware gate, or a written override).
    Escalate(super::handoff_cmd::EscalateArgs),
    /// Handoff summaries and field-sales feedback.
    #[command(subcommand)]
    Handoff(super::handoff_cmd::HandoffCommand),
    /// Import leads from a CSV file (HubSpot, Salesforce, trade shows, Excel; CP932 too).
    Import(ImportArgs),
    /// Import marketing engagement events (email, kind, timestamp).
    #[command(name = "import-events")]
    ImportEvents(ImportEventsArgs),
    /// Export leads as spreadsheet-safe CSV, JSON or JSON Lines.
    Export(ExportArgs),
    /// Merge the second lead into the first (undo works).
    Merge(MergeArgs),
    /// KPIs for a day, week, month or date range, against targets.
    Report(super::report::ReportArgs),
    /// Team load across reps' files (read-only): open leads, stuck leads, imbalance.
    Team(super::team::TeamArgs),
    /// Hand leads with their history to a colleague as a bundle file.
    Transfer(super::transfer::TransferArgs),
    /// Mail a lead from a template (SPEC §7).
    Mail(super::mail_cmd::MailArgs),
    /// The mail queue: list, flush, cancel.
    #[command(subcommand)]
    Outbox(super::mail_cmd::OutboxCommand),
    /// Enrol a lead in a sequence.
    Enrol(super::mail_cmd::EnrolArgs),
    /// Erase a lead's personal data for a privacy request (irreversible; asks first).
    Forget(super::forget::ForgetArgs),
    /// Write a consistent copy of the database (0600), e.g. for the team lead.
    Backup(super::team::BackupArgs),
    /// Check the database and the files around it; --salvage copies what a damaged file still
    /// holds into a new one.
    Doctor(super::doctor::DoctorArgs),
    /// The configuration file.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Print shell completions.
    Completions(CompletionsArgs),
}

/// `demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many leads.
    #[arg(long, default_value_t = 300)]
    pub leads: usize,
    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,
    /// Seed of the generator (the same seed gives the same data).
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
}

/// `list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this stage (new, unreached, engaged, lost, handed_off).
    #[arg(long, value_parser = parse_stage)]
    pub stage: Option<crate::domain::Stage>,
    /// Only this group.
    #[arg(long)]
    pub group: Option<String>,
    /// Only leads whose next action is due today or overdue.
    #[arg(long)]
    pub due: bool,
    /// Every lead, transferred ones included.
    #[arg(long)]
    pub all: bool,
    /// At most this many leads.
    #[arg(long)]
    pub limit: Option<usize>,
    /// JSON (SPEC Appendix B).
    #[arg(long)]
    pub json: bool,
}

/// `show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Lead id or email.
    pub lead: String,
    /// JSON (SPEC Appendix B).
    #[arg(long)]
    pub json: bool,
}

/// `add`.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// The full name.
    #[arg(long)]
    pub name: String,
    /// Company.
    #[arg(long)]
    pub company: Option<String>,
    /// Email.
    #[arg(long)]
    pub email: Option<String>,
    /// Phone (national or international form).
    #[arg(long)]
    pub phone: Option<String>,
    /// Job title.
    #[arg(long)]
    pub title: Option<String>,
    /// Source.
    #[arg(long)]
    pub source: Option<String>,
    /// More fields: FIELD=VALUE (any lead field id).
    #[arg(long = "set", value_name = "FIELD=VALUE")]
    pub set: Vec<String>,
    /// Print the new lead as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `edit`.
#[derive(Debug, Args)]
pub struct EditArgs {
    /// Lead id or email.
    pub lead: String,
    /// FIELD=VALUE pairs.
    #[arg(required = true, value_name = "FIELD=VALUE")]
    pub fields: Vec<String>,
}

/// `log-call`.
#[derive(Debug, Args)]
pub struct LogCallArgs {
    /// Lead id or email.
    pub lead: String,
    /// connected, no_answer, voicemail, busy, gatekeeper, wrong_number, callback, meeting, not_interested, do_not_call
    #[arg(value_parser = parse_outcome)]
    pub outcome: crate::domain::Outcome,
    /// A note.
    #[arg(long)]
    pub note: Option<String>,
    /// The next call (required for callback).
    #[arg(long, value_name = "WHEN")]
    pub next: Option<String>,
    /// The meeting (required for meeting).
    #[arg(long, value_name = "WHEN")]
    pub meeting: Option<String>,
    /// Lost-reason id (not_interested).
    #[arg(long)]
    pub reason: Option<String>,
    /// The number dialled (default: the primary).
    #[arg(long)]
    pub phone: Option<String>,
    /// When the call happened (default: now).
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
    /// Call length in seconds.
    #[arg(long, value_name = "SECS")]
    pub duration: Option<u32>,
    /// Log it over the daily cap, outside the calling window or to a do-not-call lead.
    #[arg(long)]
    pub force: bool,
}

/// `note`.
#[derive(Debug, Args)]
pub struct NoteArgs {
    /// Lead id or email.
    pub lead: String,
    /// The note.
    pub text: String,
}

/// `schedule`.
#[derive(Debug, Args)]
pub struct ScheduleArgs {
    /// Lead id or email.
    pub lead: String,
    /// When: 2026-12-01 14:00, 12/1 14:00, 14:00, tomorrow 10:00, mon 9:30, +3d, +2h …
    pub when: String,
    /// call, mail or task.
    #[arg(long, default_value = "call", value_parser = parse_kind)]
    pub kind: crate::domain::ActionKind,
    /// A note.
    #[arg(long)]
    pub note: Option<String>,
}

/// `lost`.
#[derive(Debug, Args)]
pub struct LostArgs {
    /// Lead id or email.
    pub lead: String,
    /// Lost-reason id (not_interested, bad_timing, no_budget, competitor, unreachable, invalid_data, do_not_call, or your own).
    pub reason: String,
    /// Re-engage on this date instead of the reason's default.
    #[arg(long, value_name = "WHEN")]
    pub reengage: Option<String>,
}

/// `rescore`.
#[derive(Debug, Args)]
pub struct RescoreArgs {
    /// Rewrite every lead (memberships and search text too), not only those that changed.
    #[arg(long)]
    pub full: bool,
}

/// `import`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["file", "list", "revert"])))]
pub struct ImportArgs {
    /// The CSV file.
    pub file: Option<PathBuf>,
    /// Report what would happen; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The file's encoding: utf-8, utf-16, windows-1252, euc-jp, shift_jis (cp932, ms932, windows-31j, sjis); default detected.
    #[arg(long, value_name = "E")]
    pub encoding: Option<String>,
    /// Order of ambiguous slashed dates: mdy, dmy or ymd.
    #[arg(long, value_name = "ORDER", value_parser = ["mdy", "dmy", "ymd"])]
    pub date_order: Option<String>,
    /// Read a column as a lead field: "Header=field" (repeatable).
    #[arg(long = "map", value_name = "HEADER=FIELD")]
    pub map: Vec<String>,
    /// Duplicates: merge (fill empty fields) or skip.
    #[arg(long, value_name = "MODE", default_value = "merge", value_parser = ["merge", "skip"])]
    pub on_duplicate: String,
    /// JSON (SPEC Appendix B).
    #[arg(long)]
    pub json: bool,
    /// List the import batches.
    #[arg(long, conflicts_with_all = ["file", "revert"])]
    pub list: bool,
    /// Revert a batch: remove its new leads, restore the leads it merged into.
    #[arg(long, value_name = "BATCH", conflicts_with = "file")]
    pub revert: Option<i64>,
    /// Show a progress bar on stderr even when it is not a terminal.
    #[arg(long)]
    pub progress: bool,
}

/// `import-events`.
#[derive(Debug, Args)]
pub struct ImportEventsArgs {
    /// The CSV file (email, kind, timestamp).
    pub file: PathBuf,
    /// The file's encoding (default detected).
    #[arg(long, value_name = "E")]
    pub encoding: Option<String>,
    /// JSON (SPEC Appendix B).
    #[arg(long)]
    pub json: bool,
}

/// `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// csv, json or jsonl.
    #[arg(long, default_value = "csv", value_parser = ["csv", "json", "jsonl"])]
    pub format: String,
    /// CSV without the spreadsheet-safety quote (for round trips).
    #[arg(long)]
    pub raw: bool,
    /// CSV encoding: utf-8 (with BOM) or cp932.
    #[arg(long, value_name = "E", default_value = "utf-8")]
    pub encoding: String,
    /// Only this stage.
    #[arg(long, value_parser = parse_stage)]
    pub stage: Option<crate::domain::Stage>,
    /// Only this group.
    #[arg(long)]
    pub group: Option<String>,
    /// The file to write (0600); default stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The lead that stays (id or email).
    pub keep: String,
    /// The lead merged into it and removed (id or email).
    pub other: String,
}

/// `config`.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the configuration file's path.
    Path,
    /// Write the example configuration there (refused if a file exists).
    Init,
    /// Check the configuration file.
    Check,
}

/// `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, elvish or powershell.
    pub shell: clap_complete::Shell,
}

fn parse_stage(s: &str) -> Result<crate::domain::Stage, String> {
    crate::domain::Stage::from_id(s)
        .ok_or_else(|| format!("unknown stage {s:?}: new, unreached, engaged, lost, handed_off"))
}

fn parse_outcome(s: &str) -> Result<crate::domain::Outcome, String> {
    crate::domain::Outcome::from_id(s).ok_or_else(|| {
        let ids: Vec<&str> = crate::domain::Outcome::ALL.iter().map(|o| o.id()).collect();
        format!("unknown outcome {s:?}: {}", ids.join(", "))
    })
}

fn parse_kind(s: &str) -> Result<crate::domain::ActionKind, String> {
    crate::domain::ActionKind::from_id(s)
        .ok_or_else(|| format!("unknown kind {s:?}: call, mail, task"))
}
