//! The command line: each command takes what it needs and a writer, and returns its exit code
//! (SPEC Appendix A: 0 done, 1 failed, 2 usage or configuration, 3 partly done, 4 refused).

mod args;
pub mod context;
mod demo;
mod doctor;
mod export_cmd;
mod forget;
pub mod handoff_cmd;
mod import_cmd;
mod json;
mod lead_cmds;
mod list;
mod log_tee;
mod mail_cmd;
mod report;
mod rescore;
mod setup;
mod table;
mod team;
mod transfer;

pub use args::{Cli, Command};
pub use context::Context;
pub use demo::fill as fill_demo;
pub use doctor::{network_warning, warning_line};

use std::io::Write;

use crate::domain::i18n::TextKey;

use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches};

/// What `main` should do after parsing.
#[derive(Debug)]
pub enum Launch {
    /// A command ran; exit with this code.
    Exit(i32),
    /// Open the TUI on this context.
    Tui(Box<Context>),
    /// Open the TUI on a fresh demo database (kept alive by the guard).
    Demo(Box<Context>, tempfile::TempDir),
}

/// Parses the command line and runs a command, or says which TUI to open.
pub fn launch(out: &mut impl Write, err: &mut impl Write) -> Launch {
    let matches = match Cli::command().try_get_matches() {
        Ok(m) => m,
        Err(e) if e.use_stderr() => {
            // A usage error quotes the arguments, which may hold anything: cleaned first.
            let text = e.render().to_string();
            let _ = write!(err, "{}", crate::domain::text::sanitize_multiline(&text));
            return Launch::Exit(2);
        }
        Err(e) => {
            // --help and --version are not errors; clap prints them.
            let _ = e.print();
            return Launch::Exit(0);
        }
    };
    let db_from_flag = matches.value_source("db") == Some(ValueSource::CommandLine);
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return Launch::Exit(2);
        }
    };
    let name = matches.subcommand_name().unwrap_or("tui").to_owned();
    let mut err = log_tee::LogTee::new(err);
    let launch = run(cli, db_from_flag, out, &mut err);
    if let Launch::Exit(code) = &launch {
        crate::io::log::info(&format!("leadbench {name}: exit {code}"));
    }
    launch
}

fn run(cli: Cli, db_from_flag: bool, out: &mut impl Write, err: &mut impl Write) -> Launch {
    let Some(command) = cli.command else {
        return if cli.demo {
            match demo::open_demo_tui() {
                Ok((ctx, dir)) => Launch::Demo(Box::new(ctx), dir),
                Err(e) => fail(err, &e, 1),
            }
        } else {
            match Context::open_mode(cli.config.clone(), cli.db.clone(), cli.read_only) {
                Ok(ctx) => Launch::Tui(Box::new(ctx)),
                Err(e) => fail(err, &e.message, e.code),
            }
        };
    };
    let code = match command {
        Command::Config(c) => setup::config(c, cli.config.clone(), out, err),
        Command::Completions(c) => {
            clap_complete::generate(c.shell, &mut Cli::command(), "leadbench", out);
            0
        }
        Command::Team(a) => team::team(cli.config.clone(), &a, out, err),
        // Salvage reads a damaged file without opening it as a leadbench database.
        Command::Doctor(a) if a.salvage.is_some() => {
            doctor::salvage(cli.db.clone(), cli.config.clone(), &a, out, err)
        }
        Command::Doctor(_) => {
            match Context::open_mode(cli.config.clone(), cli.db.clone(), cli.read_only) {
                Ok(mut ctx) => doctor::doctor(&mut ctx, out, err),
                Err(e) => doctor::cannot_open(
                    &e.message,
                    context::configured_lang(cli.config.clone()),
                    out,
                ),
            }
        }
        Command::Demo(args) => {
            let path = match (&cli.db, db_from_flag) {
                (Some(p), true) => p.clone(),
                _ => {
                    let lang = context::configured_lang(cli.config.clone());
                    let _ = writeln!(
                        err,
                        "leadbench demo: {}",
                        lang.text(TextKey::CliDemoNeedsDb)
                    );
                    return Launch::Exit(2);
                }
            };
            demo::create(&path, &args, cli.config.clone(), out, err)
        }
        command if let Some(path) = missing_database(&command, cli.db.as_deref()) => {
            // A dry run reads an empty database in memory; the other reads have nothing to read.
            let ctx = match &command {
                Command::Import(a) if a.dry_run => Context::in_memory(cli.config.clone()),
                // A bad configuration is named first, as when the file is there.
                _ => context::load_config(cli.config.clone()).and_then(|(config, _)| {
                    let lang = config.ui.language;
                    Err(context::ContextError {
                        message: lang
                            .fill(TextKey::CliReadOnlyNoDatabase, &[("path", &path.display())]),
                        code: 1,
                    })
                }),
            };
            match ctx {
                Ok(mut ctx) => dispatch(&mut ctx, command, cli.read_only, out, err),
                Err(e) => {
                    let _ = writeln!(err, "leadbench: {}", e.message);
                    e.code
                }
            }
        }
        command => match Context::open_mode(cli.config.clone(), cli.db.clone(), cli.read_only) {
            Ok(mut ctx) => {
                let lang = ctx.config.ui.language;
                if let Some(w) = ctx
                    .store
                    .path()
                    .and_then(|p| doctor::network_warning(p, lang))
                {
                    let _ = writeln!(err, "{}", doctor::warning_line(&w, lang));
                }
                dispatch(&mut ctx, command, cli.read_only, out, err)
            }
            Err(e) => {
                let _ = writeln!(err, "leadbench: {}", e.message);
                e.code
            }
        },
    };
    Launch::Exit(code)
}

/// The database file a reading command was pointed at when there is none: reading a file that
/// is not there would create an empty one (a mistyped `--db` would export nothing, a dry run
/// would leave a file behind) instead of saying so.
fn missing_database(command: &Command, db: Option<&std::path::Path>) -> Option<std::path::PathBuf> {
    let path = db.map_or_else(context::default_db_path, std::path::Path::to_path_buf);
    (reads_only(command) && !path.exists()).then_some(path)
}

/// Commands that only read the database.
fn reads_only(command: &Command) -> bool {
    match command {
        Command::List(_)
        | Command::Show(_)
        | Command::Doctor(_)
        | Command::Backup(_)
        | Command::Report(_)
        | Command::Export(_) => true,
        // A dry run, or the list of batches, must leave the file exactly as it was.
        Command::Import(a) => a.dry_run || a.list,
        _ => false,
    }
}

fn dispatch(
    ctx: &mut Context,
    command: Command,
    read_only: bool,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    // Lost leads whose re-engagement date has come join their sequence (SPEC §7, no daemon) —
    // before commands that work leads, not before the ones that only read.
    let reads_only = reads_only(&command);
    if read_only && !reads_only {
        let _ = writeln!(
            err,
            "leadbench: {}",
            ctx.policy.lang.text(TextKey::CliReadOnlyWrites)
        );
        return 1;
    }
    if !reads_only {
        mail_cmd::enrol_due(ctx);
    }
    match command {
        Command::List(a) => list::list(ctx, &a, out, err),
        Command::Show(a) => list::show(ctx, &a, out, err),
        Command::Add(a) => lead_cmds::add(ctx, &a, out, err),
        Command::Edit(a) => lead_cmds::edit(ctx, &a, out, err),
        Command::LogCall(a) => lead_cmds::log_call(ctx, &a, out, err),
        Command::Note(a) => lead_cmds::note(ctx, &a, out, err),
        Command::Schedule(a) => lead_cmds::schedule(ctx, &a, out, err),
        Command::Lost(a) => lead_cmds::lost(ctx, &a, out, err),
        Command::Rescore(a) => rescore::rescore(ctx, &a, out, err),
        Command::Qualify(a) => handoff_cmd::qualify(ctx, &a, out, err),
        Command::Escalate(a) => handoff_cmd::escalate(ctx, &a, out, err),
        Command::Handoff(handoff_cmd::HandoffCommand::Export(a)) => {
            handoff_cmd::export(ctx, &a, out, err)
        }
        Command::Handoff(handoff_cmd::HandoffCommand::Feedback(a)) => {
            handoff_cmd::feedback(ctx, &a, out, err)
        }
        Command::Doctor(_) => doctor::doctor(ctx, out, err),
        Command::Mail(a) => mail_cmd::mail(ctx, &a, out, err),
        Command::Outbox(c) => mail_cmd::outbox(ctx, &c, out, err),
        Command::Enrol(a) => mail_cmd::enrol(ctx, &a, out, err),
        Command::Report(a) => report::report(ctx, &a, out, err),
        Command::Transfer(a) => transfer::transfer(ctx, &a, out, err),
        Command::Backup(a) => team::backup(ctx, &a, out, err),
        Command::Forget(a) => forget::forget(ctx, &a, out, err),
        Command::Import(a) => import_cmd::import(ctx, &a, out, err),
        Command::ImportEvents(a) => import_cmd::import_events(ctx, &a, out, err),
        Command::Export(a) => export_cmd::export(ctx, &a, out, err),
        Command::Merge(a) => import_cmd::merge(ctx, &a, out, err),
        Command::Config(_) | Command::Completions(_) | Command::Demo(_) | Command::Team(_) => 2,
    }
}

fn fail(err: &mut impl Write, msg: &dyn std::fmt::Display, code: i32) -> Launch {
    let _ = writeln!(err, "leadbench: {msg}");
    Launch::Exit(code)
}
