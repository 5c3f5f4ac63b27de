//! `leadbench transfer LEAD… --to NAME -o FILE` (SPEC §9): the leads with their history as a
//! bundle for a colleague (format: `ops::transfer`), marked transferred here.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use crate::domain::i18n::TextKey;
use crate::ops::transfer::transfer as transfer_leads;

use super::context::{Context, now};

/// `transfer`.
#[derive(Debug, Args)]
pub struct TransferArgs {
    /// Lead ids or emails.
    #[arg(required = true, value_name = "LEAD")]
    pub leads: Vec<String>,
    /// The colleague's name.
    #[arg(long)]
    pub to: String,
    /// The bundle file to write (0600).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
}

/// Runs `transfer`.
pub fn transfer(
    ctx: &mut Context,
    args: &TransferArgs,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    let mut ids = Vec::with_capacity(args.leads.len());
    for key in &args.leads {
        match ctx.store.find_lead(key) {
            Ok(l) => {
                if !ids.contains(&l.id) {
                    ids.push(l.id);
                }
            }
            Err(e) => {
                let _ = writeln!(err, "leadbench transfer: {}", e.text(ctx.policy.lang));
                return 1;
            }
        }
    }
    let from = match ctx.config.rep.name.trim() {
        "" => ctx
            .store
            .meta("rep.name")
            .ok()
            .flatten()
            .unwrap_or_default(),
        n => n.to_owned(),
    };
    match transfer_leads(&mut ctx.store, &ids, &from, &args.to, &args.output, now()) {
        Ok(n) => {
            let key = if n == 1 {
                TextKey::CliTransferOne
            } else {
                TextKey::CliTransferMany
            };
            let text = ctx.policy.lang.fill(
                key,
                &[
                    ("count", &n),
                    ("to", &args.to.trim()),
                    ("path", &args.output.display()),
                ],
            );
            let _ = writeln!(out, "{text}");
            0
        }
        Err(e) => {
            let _ = writeln!(err, "leadbench transfer: {}", e.text(ctx.policy.lang));
            e.exit_code()
        }
    }
}
