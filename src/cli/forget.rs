//! `forget LEAD [--yes]` (SPEC §11): erase a lead's personal data, after a confirmation.

use std::io::{BufRead, IsTerminal, Write};

use clap::Args;

use crate::domain::i18n::TextKey;
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
    let lang = ctx.policy.lang;
    let lead = match ctx.store.find_lead(&a.lead) {
        Ok(l) => l,
        Err(e) => {
            let _ = writeln!(err, "leadbench forget: {}", e.text(lang));
            return 1;
        }
    };
    let lead_ref = lang.fill(TextKey::CliLeadLeadRef, &[("id", &lead.id)]);
    if !a.yes {
        let Some(mut answers) = answers else {
            let text = lang.text(TextKey::CliForgetNeedsYes);
            let _ = writeln!(err, "leadbench forget: {lead_ref}: {text}");
            return REFUSED;
        };
        let prompt = lang.fill(
            TextKey::CliForgetPrompt,
            &[
                ("id", &lead.id),
                ("name", &sanitize_line(&lead.display_name())),
            ],
        );
        let _ = write!(out, "{prompt} ");
        let _ = out.flush();
        let mut answer = String::new();
        let _ = answers.read_line(&mut answer);
        if !answer.trim().eq_ignore_ascii_case("yes") {
            let text = lang.text(TextKey::CliForgetNotConfirmed);
            let _ = writeln!(err, "leadbench forget: {lead_ref}: {text}");
            return REFUSED;
        }
    }
    match forget_lead(&mut ctx.store, &ctx.config, lead.id, now()) {
        Ok(done) => {
            let text = lang.fill(
                TextKey::CliForgetDone,
                &[
                    ("id", &done.id),
                    ("rows", &done.report.activities_scrubbed),
                    ("undo", &done.report.undo_entries_removed),
                    ("mails", &done.report.mails_removed),
                ],
            );
            let _ = writeln!(out, "{text}");
            if let Some(e) = &done.report.vacuum_error {
                let text = lang.fill(TextKey::CliForgetNotRebuilt, &[("detail", e)]);
                let _ = writeln!(out, "{text}");
            }
            if !done.report.wal_truncated {
                let _ = writeln!(out, "{}", lang.text(TextKey::CliForgetWalOpen));
            }
            if done.files.is_empty() {
                let _ = writeln!(out, "{}", lang.text(TextKey::CliForgetNoFiles));
            } else {
                let _ = writeln!(out, "{}", lang.text(TextKey::CliForgetFiles));
                for f in &done.files {
                    let _ = writeln!(out, "  {}", sanitize_line(&f.display().to_string()));
                }
            }
            let _ = writeln!(out, "{}", lang.text(TextKey::CliForgetElsewhere));
            0
        }
        Err(e) => {
            let _ = writeln!(err, "leadbench forget: {lead_ref}: {}", e.text(lang));
            e.exit_code()
        }
    }
}
