//! `forget LEAD [--yes]` (SPEC §11): erase a lead's personal data, after a confirmation.

use std::io::{BufRead, IsTerminal, Write};

use clap::Args;

use crate::domain::text::sanitize_line;
use crate::ops::forget::forget as forget_lead;

use super::context::{Context, now};

/// `forget`.
#[derive(Debug, Args)]
pub struct ForgetArgs {
    /// Lead id or email.
    pub lead: String,
    /// Do not ask (for scripts); without it leadbench asks on a terminal and refuses otherwise.
    #[arg(long)]
    pub yes: bool,
}

/// Exit code when the confirmation is missing: refused by a rule (SPEC Appendix A), as a call
/// outside the calling window is without `--force`.
const REFUSED: i32 = 4;

/// Runs `forget`, asking on the terminal unless `--yes` was given.
pub fn forget(
    ctx: &mut Context,
    a: &ForgetArgs,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    let stdin = std::io::stdin();
    let interactive = stdin.is_terminal();
    run(ctx, a, interactive.then(|| stdin.lock()), out, err)
}

/// [`forget`] with the answer read from `answers` (none: no terminal to ask on).
pub fn run(
    ctx: &mut Context,
    a: &ForgetArgs,
    answers: Option<impl BufRead>,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    let lead = match ctx.store.find_lead(&a.lead) {
        Ok(l) => l,
        Err(e) => {
            let _ = writeln!(err, "leadbench forget: {e}");
            return 1;
        }
    };
    if !a.yes {
        let Some(mut answers) = answers else {
            let _ = writeln!(
                err,
                "leadbench forget: lead {}: not confirmed — this erases personal data for good; run it on a terminal to be asked, or add --yes",
                lead.id
            );
            return REFUSED;
        };
        let _ = write!(
            out,
            "Erase the personal data of lead {} ({})? Name, contact, notes and mail text are removed for good; undo cannot bring them back. Type yes to go on: ",
            lead.id,
            sanitize_line(&lead.display_name())
        );
        let _ = out.flush();
        let mut answer = String::new();
        let _ = answers.read_line(&mut answer);
        if !answer.trim().eq_ignore_ascii_case("yes") {
            let _ = writeln!(
                err,
                "leadbench forget: lead {}: not confirmed; nothing changed",
                lead.id
            );
            return REFUSED;
        }
    }
    match forget_lead(&mut ctx.store, &ctx.config, lead.id, now()) {
        Ok(done) => {
            let _ = writeln!(
                out,
                "forgot lead {}: personal data erased from the lead, {} journal rows and the search index; {} undo entries and {} queued mails removed; an anonymous trace is kept for the KPIs",
                done.id,
                done.report.activities_scrubbed,
                done.report.undo_entries_removed,
                done.report.mails_removed
            );
            if let Some(e) = &done.report.vacuum_error {
                let _ = writeln!(
                    out,
                    "warning: the file could not be rebuilt ({e}); text from earlier edits may remain in its free space — run `leadbench forget` again with more free disk space"
                );
            }
            if !done.report.wal_truncated {
                let _ = writeln!(
                    out,
                    "note: another leadbench has the database open; the erased text leaves its -wal file when that one closes"
                );
            }
            if done.files.is_empty() {
                let _ = writeln!(
                    out,
                    "no file leadbench wrote next to the database still holds this lead's data"
                );
            } else {
                let _ = writeln!(
                    out,
                    "files made earlier that still hold this lead's data (delete or edit them yourself):"
                );
                for f in &done.files {
                    let _ = writeln!(out, "  {}", sanitize_line(&f.display().to_string()));
                }
            }
            let _ = writeln!(
                out,
                "also check copies kept elsewhere: backups (leadbench backup), exports and transfer bundles written to other folders, and mail already sent"
            );
            0
        }
        Err(e) => {
            let _ = writeln!(err, "leadbench forget: lead {}: {e}", lead.id);
            e.exit_code()
        }
    }
}
