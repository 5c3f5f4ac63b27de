//! Runtime handlers for the mail keys: templates, previews, the undo-send queue, bulk mail and
//! sequences, and `$EDITOR` (which needs the terminal, so the event loop calls it).

use crate::app::mail::{Compose, Preview};
use crate::app::{LeadRef, Msg};
use crate::cli::Context;
use crate::domain::i18n::TextKey;
use crate::domain::{LeadId, Ts};
use crate::ops::mail::SendOutcome;
use crate::ops::mail::{self as mail_ops, MailError};
use crate::ops::{self, OpsError, Problem};

fn preview(ctx: &Context, lead: LeadId, template: &str) -> Preview {
    match mail_ops::compose(&ctx.store, &ctx.config, lead, template) {
        Ok(d) => Preview {
            to: d.to,
            subject: d.subject,
            body: d.body,
            error: None,
        },
        Err(e) => Preview {
            error: Some(e.text(ctx.policy.lang)),
            ..Preview::default()
        },
    }
}

/// The compose popup for a lead: the templates (the lead's sequence step first) and a preview.
pub fn open_compose(ctx: &Context, lead: LeadRef) -> Result<Vec<Msg>, OpsError> {
    let (list, _broken) = mail_ops::templates(&ctx.config);
    let templates: Vec<(String, String)> = list.into_iter().map(|t| (t.id, t.name)).collect();
    if templates.is_empty() {
        return Ok(vec![Msg::Failed(
            ctx.policy.lang.text(TextKey::TuiMailNoTemplates).into(),
        )]);
    }
    let step = ctx
        .store
        .lead(lead.id)?
        .and_then(|l| ops::sequence::draft_template(&ctx.store, &l));
    let index = step
        .and_then(|t| templates.iter().position(|(id, _)| *id == t))
        .unwrap_or(0);
    let first = preview(ctx, lead.id, &templates[index].0);
    Ok(vec![Msg::Compose(Box::new(Compose {
        lead,
        templates,
        index,
        preview: first,
        edited: None,
    }))])
}

/// A template rendered for a lead.
pub fn preview_msg(ctx: &Context, lead: LeadId, template: String) -> Vec<Msg> {
    let preview = preview(ctx, lead, &template);
    vec![Msg::Preview { template, preview }]
}

fn mail_error(e: MailError) -> OpsError {
    match e {
        MailError::Store(s) => OpsError::Store(s),
        other => OpsError::Invalid(Problem::Mail(other)),
    }
}

/// Queues the mail; it leaves after `mail.send_delay_secs`, `u` takes it back meanwhile.
pub fn queue(
    ctx: &mut Context,
    lead: LeadId,
    template: &str,
    edited: Option<&str>,
    now: Ts,
) -> Result<Vec<Msg>, OpsError> {
    let lang = ctx.policy.lang;
    let mut draft =
        mail_ops::compose(&ctx.store, &ctx.config, lead, template).map_err(mail_error)?;
    if let Some(text) = edited {
        draft = draft.with_edited(text);
    }
    mail_ops::queue(&mut ctx.store, &ctx.config, &draft, now).map_err(mail_error)?;
    Ok(vec![Msg::Written {
        status: format!(
            "{} ({} s) — {}",
            lang.text(TextKey::TuiMailMailQueued),
            ctx.config.mail.send_delay_secs,
            crate::domain::text::sanitize_line(&draft.subject)
        ),
        select: Some(lead),
    }])
}

/// Sends what is due; says so only when something left or failed.
pub fn send_due(ctx: &mut Context, now: Ts) -> Vec<Msg> {
    let results = mail_ops::send_due(&mut ctx.store, &ctx.config, now);
    if results.is_empty() {
        return Vec::new();
    }
    let lang = ctx.policy.lang;
    let sent = results
        .iter()
        .filter(|r| matches!(r.outcome, SendOutcome::Sent { .. }))
        .count();
    let failed: Vec<String> = results
        .iter()
        .filter_map(|r| match &r.outcome {
            SendOutcome::Failed(e) | SendOutcome::Dropped(e) => Some(e.clone()),
            SendOutcome::Sent { .. } => None,
        })
        .collect();
    if failed.is_empty() {
        vec![Msg::Written {
            status: format!("{}: {sent}", lang.text(TextKey::TuiMailMailSent)),
            select: None,
        }]
    } else {
        vec![Msg::Failed(format!(
            "{}: {sent}; {}: {}",
            lang.text(TextKey::TuiMailMailSent),
            lang.text(TextKey::TuiMailNotSent),
            failed.join("; ")
        ))]
    }
}

/// The templates for a bulk mail.
pub fn open_bulk(ctx: &Context) -> Vec<Msg> {
    let (list, _) = mail_ops::templates(&ctx.config);
    vec![Msg::BulkTemplates(
        list.into_iter().map(|t| (t.id, t.name)).collect(),
    )]
}

/// Queues one template to many leads; the result lists what was skipped and why.
pub fn bulk(
    ctx: &mut Context,
    ids: &[LeadId],
    template: &str,
    now: Ts,
) -> Result<Vec<Msg>, OpsError> {
    let lang = ctx.policy.lang;
    let report = mail_ops::bulk(
        &mut ctx.store,
        &ctx.config,
        ids,
        template,
        now,
        &mut |_, _| {},
    )
    .map_err(mail_error)?;
    let mut lines = vec![format!(
        "{}: {} · {}: {}",
        lang.text(TextKey::TuiMailQueued),
        report.queued.len(),
        lang.text(TextKey::TuiMailSkipped),
        report.skipped.len()
    )];
    lines.extend(
        report
            .skipped
            .iter()
            .map(|(id, why)| format!("#{id}: {why}")),
    );
    lines.push(lang.text(TextKey::TuiMailBulkUndoHint).to_owned());
    Ok(vec![Msg::Info(
        lang.text(TextKey::TuiMailBulkMail).to_owned(),
        lines,
    )])
}

/// `u` while mail waits: cancel the newest queued batch. `None` when nothing waits.
pub fn cancel_latest(ctx: &mut Context) -> Result<Option<Vec<Msg>>, OpsError> {
    let lang = ctx.policy.lang;
    match mail_ops::cancel_latest(&mut ctx.store).map_err(mail_error)? {
        Some(batch) if !batch.is_empty() => Ok(Some(vec![Msg::Written {
            status: format!(
                "{}: {}",
                lang.text(TextKey::TuiMailMailCancelled),
                batch.len()
            ),
            select: None,
        }])),
        _ => Ok(None),
    }
}

/// Quitting: send everything queued now, or cancel it all.
pub fn flush_or_cancel(ctx: &mut Context, send: bool, now: Ts) {
    if send {
        let _ = mail_ops::flush(&mut ctx.store, &ctx.config, now, true);
    } else {
        while let Ok(Some(batch)) = mail_ops::cancel_latest(&mut ctx.store) {
            if batch.is_empty() {
                break;
            }
        }
    }
}

/// The lead's sequence and current step, in words, for the detail pane.
pub fn sequence_line(ctx: &Context, lead: &crate::domain::Lead) -> Option<String> {
    let status = ops::sequence::status(&ctx.store, &ctx.policy, lead).ok()??;
    let tz = ctx.policy.rep_tz;
    let total = status.steps.len();
    Some(match status.current() {
        Some(step) => format!(
            "{} · {}/{total}: {} {} ({})",
            status.name,
            step.index + 1,
            step.action.id(),
            step.what,
            step.due_at.with_timezone(&tz).format("%m/%d %H:%M")
        ),
        None => status.name,
    })
}

/// Runs `$EDITOR` (or `vi`) on `text` with the terminal handed over; returns the edited text.
pub fn run_editor(text: &str) -> std::io::Result<String> {
    let file = tempfile::Builder::new()
        .prefix("leadbench-mail-")
        .suffix(".txt")
        .tempfile()?;
    std::fs::write(file.path(), text)?;
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .unwrap_or_else(|_| "vi".into());
    // The editor setting may carry flags ("code -w"); the file is always its own argument.
    let mut parts = editor.split_whitespace();
    let program = parts.next().unwrap_or("vi");
    let status = std::process::Command::new(program)
        .args(parts)
        .arg(file.path())
        .status()?;
    if !status.success() {
        return Err(std::io::Error::other(format!(
            "{program} exited with {status}"
        )));
    }
    std::fs::read_to_string(file.path())
}
