//! `mail`, `outbox` and `enrol` (SPEC §7, Appendix A).

use std::io::Write;

use clap::{Args, Subcommand};

use crate::domain::Lang;
use crate::domain::i18n::TextKey;
use crate::ops::mail::{self, MailError, SendOutcome, SendResult};

use super::context::{Context, now};

/// `mail LEAD TEMPLATE [--dry-run] [--queue]`.
#[derive(Debug, Args)]
pub struct MailArgs {
    /// Lead id or email.
    pub lead: String,
    /// Template id (`first-follow-up`), or `NAME.en` / `NAME.ja` for one language.
    pub template: String,
    /// Print the rendered mail; send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Queue it for `mail.send_delay_secs` (cancel with `outbox cancel ID`) instead of sending now.
    #[arg(long)]
    pub queue: bool,
}

/// `outbox list | flush | cancel ID`.
#[derive(Debug, Subcommand)]
pub enum OutboxCommand {
    /// List the mail waiting in the queue.
    List,
    /// Send what is due (and auto-send sequence steps that are due).
    Flush {
        /// Send everything queued, due or not.
        #[arg(long)]
        all: bool,
    },
    /// Cancel a queued mail (mail that has left the queue cannot be undone).
    Cancel {
        /// The queue id (`outbox list`).
        id: i64,
    },
}

/// `enrol LEAD SEQUENCE`.
#[derive(Debug, Args)]
pub struct EnrolArgs {
    /// Lead id or email.
    pub lead: String,
    /// Sequence name (`new-lead`, `not-reached`, `re-engagement`, or one from the config).
    pub sequence: String,
}

fn fail(err: &mut impl Write, lang: Lang, cmd: &str, e: &MailError) -> i32 {
    let _ = writeln!(err, "leadbench {cmd}: {}", e.text(lang));
    e.exit_code()
}

fn local(ctx: &Context, t: crate::domain::Ts) -> String {
    t.with_timezone(&ctx.policy.rep_tz)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

/// `mail`.
pub fn mail(ctx: &mut Context, a: &MailArgs, out: &mut impl Write, err: &mut impl Write) -> i32 {
    let lead = match ctx.store.find_lead(&a.lead) {
        Ok(l) => l,
        Err(e) => return fail(err, ctx.policy.lang, "mail", &MailError::Store(e)),
    };
    let draft = match mail::compose_for(&ctx.store, &ctx.config, &lead, &a.template) {
        Ok(d) => d,
        Err(e) => return fail(err, ctx.policy.lang, "mail", &e),
    };
    if a.dry_run {
        let from = ctx.config.mail_from();
        let _ = writeln!(out, "From: {from}");
        let _ = writeln!(out, "To: {}", draft.to);
        for bcc in &ctx.config.mail.bcc {
            let _ = writeln!(out, "Bcc: {bcc}");
        }
        let _ = writeln!(out, "Subject: {}\n", draft.subject);
        let _ = write!(
            out,
            "{}",
            crate::domain::text::sanitize_multiline(&draft.body)
        );
        let _ = writeln!(err, "{}", ctx.policy.lang.text(TextKey::CliMailDryRun));
        return 0;
    }
    let now = now();
    if a.queue {
        return match mail::queue(&mut ctx.store, &ctx.config, &draft, now) {
            Ok(q) => {
                let text = ctx.policy.lang.fill(
                    TextKey::CliMailQueued,
                    &[
                        ("queue", &q.id),
                        ("id", &lead.id),
                        ("at", &local(ctx, q.mail.due_at)),
                    ],
                );
                let _ = writeln!(out, "{text}");
                0
            }
            Err(e) => fail(err, ctx.policy.lang, "mail", &e),
        };
    }
    match mail::send_now(&mut ctx.store, &ctx.config, &draft, now) {
        Ok(r) => {
            print_result(ctx, &r, out, err);
            0
        }
        Err(e) => fail(err, ctx.policy.lang, "mail", &e),
    }
}

fn transport_name(t: crate::config::Transport) -> &'static str {
    match t {
        crate::config::Transport::Outbox => "outbox",
        crate::config::Transport::Smtp => "smtp",
        crate::config::Transport::Sendmail => "sendmail",
    }
}

fn print_result(ctx: &Context, r: &SendResult, out: &mut impl Write, err: &mut impl Write) {
    let lang = ctx.policy.lang;
    let q = r.queue_id.map_or(String::new(), |id| {
        lang.fill(TextKey::CliMailQueuePrefix, &[("queue", &id)])
    });
    match &r.outcome {
        SendOutcome::Sent {
            message_id,
            path,
            stage_change,
        } => {
            let moved = stage_change.as_ref().map_or(String::new(), |c| {
                super::lead_cmds::stage_moved(lang, c.from, c.to)
            });
            let file = path
                .as_ref()
                .map_or(String::new(), |p| format!(" ({})", p.display()));
            let text = lang.fill(
                TextKey::CliMailSent,
                &[
                    ("id", &r.lead_id),
                    ("transport", &transport_name(ctx.config.mail.transport)),
                    ("moved", &moved),
                    ("message_id", message_id),
                    ("file", &file),
                ],
            );
            let _ = writeln!(out, "{q}{text}");
        }
        SendOutcome::Failed(why) => {
            let text = lang.fill(TextKey::CliMailNotSent, &[("id", &r.lead_id), ("why", why)]);
            let _ = writeln!(err, "{q}{text}");
        }
        SendOutcome::Dropped(why) => {
            let text = lang.fill(TextKey::CliMailDropped, &[("id", &r.lead_id), ("why", why)]);
            let _ = writeln!(err, "{q}{text}");
        }
    }
}

/// `outbox`.
pub fn outbox(
    ctx: &mut Context,
    c: &OutboxCommand,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    match c {
        OutboxCommand::List => match mail::queued(&ctx.store) {
            Ok(list) if list.is_empty() => {
                let _ = writeln!(out, "{}", ctx.policy.lang.text(TextKey::CliMailQueueEmpty));
                0
            }
            Ok(list) => {
                let _ = writeln!(
                    out,
                    "{:>5}  {:<19}  {:>6}  {:<28}  subject",
                    "id", "leaves", "lead", "to"
                );
                for q in list {
                    let m = &q.mail;
                    let _ = writeln!(
                        out,
                        "{:>5}  {:<19}  {:>6}  {:<28}  {}{}",
                        q.id,
                        local(ctx, m.due_at),
                        m.lead_id,
                        crate::domain::text::sanitize_line(&m.to),
                        crate::domain::text::sanitize_line(&m.subject),
                        q.last_error.as_deref().map_or(String::new(), |e| {
                            ctx.policy.lang.fill(
                                TextKey::CliMailFailedAttempts,
                                &[("attempts", &q.attempts), ("error", &e)],
                            )
                        })
                    );
                }
                0
            }
            Err(e) => fail(err, ctx.policy.lang, "outbox list", &e),
        },
        OutboxCommand::Flush { all } => {
            let results = mail::flush(&mut ctx.store, &ctx.config, now(), *all);
            if results.is_empty() {
                let _ = writeln!(out, "{}", ctx.policy.lang.text(TextKey::CliMailNothingDue));
                return 0;
            }
            for r in &results {
                print_result(ctx, r, out, err);
            }
            let sent = results
                .iter()
                .filter(|r| matches!(r.outcome, SendOutcome::Sent { .. }))
                .count();
            match sent {
                n if n == results.len() => 0,
                0 => 1,
                _ => 3,
            }
        }
        OutboxCommand::Cancel { id } => match mail::cancel(&mut ctx.store, *id) {
            Ok(q) => {
                let text = ctx.policy.lang.fill(
                    TextKey::CliMailCancelled,
                    &[
                        ("queue", &q.id),
                        ("id", &q.mail.lead_id),
                        (
                            "subject",
                            &crate::domain::text::sanitize_line(&q.mail.subject),
                        ),
                    ],
                );
                let _ = writeln!(out, "{text}");
                0
            }
            Err(e) => fail(err, ctx.policy.lang, "outbox cancel", &e),
        },
    }
}

/// `enrol`.
pub fn enrol(ctx: &mut Context, a: &EnrolArgs, out: &mut impl Write, err: &mut impl Write) -> i32 {
    let lead = match ctx.store.find_lead(&a.lead) {
        Ok(l) => l,
        Err(e) => {
            let _ = writeln!(err, "leadbench enrol: {}", e.text(ctx.policy.lang));
            return 1;
        }
    };
    match crate::ops::sequence::enrol(
        &mut ctx.store,
        &ctx.policy,
        lead.id,
        None,
        &a.sequence,
        now(),
    ) {
        Ok(l) => {
            let lang = ctx.policy.lang;
            let next = l.next_action.as_ref().map_or(String::new(), |n| {
                lang.fill(
                    TextKey::CliMailEnrolledNext,
                    &[
                        ("kind", &n.kind.id()),
                        ("at", &local(ctx, n.due_at)),
                        ("note", &crate::domain::text::sanitize_line(&n.note)),
                    ],
                )
            });
            let text = lang.fill(
                TextKey::CliMailEnrolled,
                &[("id", &l.id), ("sequence", &a.sequence), ("next", &next)],
            );
            let _ = writeln!(out, "{text}");
            0
        }
        Err(e) => {
            let lang = ctx.policy.lang;
            let lead = lang.fill(TextKey::CliLeadLeadRef, &[("id", &lead.id)]);
            let _ = writeln!(err, "leadbench enrol: {lead}: {}", e.text(lang));
            e.exit_code()
        }
    }
}

/// Enrols lost leads due for re-engagement before a command runs (SPEC §7: no daemon). A
/// failure here never stops the command.
pub fn enrol_due(ctx: &mut Context) {
    let _ = crate::ops::sequence::enrol_due(&mut ctx.store, &ctx.config, now());
}
