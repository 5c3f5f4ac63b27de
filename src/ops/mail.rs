//! Follow-up mail (SPEC §7): compose from a template, send at once or through the undo-send
//! queue, record every sent mail as an activity on its lead.
//!
//! A mail is recorded when it leaves (the transport took it): the `mail` activity, a new
//! lead's move to not reached, and its sequence step, in one transaction that also removes it
//! from the queue. That record has no undo entry — mail that has left cannot be undone — so
//! `u` cancels a queued mail (see [`cancel`]) but never "unsends" one.

use chrono::Duration;
use serde_json::json;

use crate::config::Config;
use crate::domain::i18n::TextKey;
use crate::domain::merge::{MergeContext, field_value};
use crate::domain::sequence::SeqEvent;
use crate::domain::template::{Problem, render};
use crate::domain::transition;
use crate::domain::{ActivityKind, Lang, Lead, LeadId, NewActivity, Ts};
use crate::io::mail::{Outgoing, Transport, TransportError, message};
use crate::store::{Change, NewQueuedMail, QueuedMail, Store, StoreError};

pub use super::mail_send::{
    BulkReport, SendOutcome, SendResult, bulk, flush, flush_with, open_transport, send_due,
    send_due_with,
};
use super::mail_template::{self, lang_code};

/// Why a mail cannot be composed, queued or sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// No template has that name.
    #[error("unknown template `{name}`; templates: {}", known.join(", "))]
    UnknownTemplate {
        /// The name asked for.
        name: String,
        /// The templates there are.
        known: Vec<String>,
    },
    /// A template file is broken.
    #[error("template {file}: {msg}")]
    Template {
        /// The file.
        file: String,
        /// What is wrong.
        msg: String,
    },
    /// Merge fields are unknown or empty: sending is blocked.
    #[error("cannot send `{template}` to lead {lead}: {}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Merge {
        /// The template.
        template: String,
        /// The lead.
        lead: LeadId,
        /// Every problem found.
        problems: Vec<Problem>,
    },
    /// The lead opted out of mail.
    #[error("lead {0} opted out of mail; it is never mailed")]
    OptedOut(LeadId),
    /// The lead has no email address.
    #[error("lead {0} has no email address")]
    NoEmail(LeadId),
    /// Neither `mail.from` nor `rep.email` is set.
    #[error("no From address: set rep.email (or mail.from) in the configuration")]
    NoFrom,
    /// The mail is not (or no longer) in the queue.
    #[error(
        "mail {0} is not in the queue: it has been sent (mail that has left the queue cannot be undone) or cancelled"
    )]
    NotQueued(i64),
    /// The transport failed.
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl MailError {
    /// The CLI exit code: 2 for template and configuration problems, 4 for a mail refused by a
    /// rule (opt-out, no email, blocked merge fields), 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            MailError::UnknownTemplate { .. } | MailError::Template { .. } | MailError::NoFrom => 2,
            MailError::Merge { .. } | MailError::OptedOut(_) | MailError::NoEmail(_) => 4,
            MailError::NotQueued(_) | MailError::Transport(_) | MailError::Store(_) => 1,
        }
    }

    /// The merge fields the error names (for the compose popup).
    pub fn fields(&self) -> Vec<&str> {
        match self {
            MailError::Merge { problems, .. } => {
                problems.iter().filter_map(Problem::field).collect()
            }
            _ => Vec::new(),
        }
    }
}

impl MailError {
    /// The message in `lang`; transport and template-syntax details stay as their source wrote
    /// them (the mail library's and the template parser's words).
    pub fn text(&self, lang: Lang) -> String {
        match self {
            MailError::UnknownTemplate { name, known } => lang.fill(
                TextKey::OpsMailUnknownTemplate,
                &[("name", name), ("known", &known.join(", "))],
            ),
            MailError::Merge {
                template,
                lead,
                problems,
            } => {
                let why: Vec<String> = problems.iter().map(|p| p.text(lang)).collect();
                lang.fill(
                    TextKey::OpsMailCannotSend,
                    &[
                        ("template", template),
                        ("id", lead),
                        ("why", &why.join("; ")),
                    ],
                )
            }
            MailError::OptedOut(id) => lang.fill(TextKey::OpsMailOptedOut, &[("id", id)]),
            MailError::NoEmail(id) => lang.fill(TextKey::OpsMailNoEmail, &[("id", id)]),
            MailError::NoFrom => lang.text(TextKey::OpsMailNoFrom).to_owned(),
            MailError::NotQueued(n) => lang.fill(TextKey::OpsMailNotQueued, &[("n", n)]),
            MailError::Store(e) => e.text(lang),
            MailError::Template { .. } | MailError::Transport(_) => self.to_string(),
        }
    }
}

/// A rendered mail for one lead, ready to show, edit, queue or send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// The lead.
    pub lead_id: LeadId,
    /// The template id.
    pub template: String,
    /// The language of the template used.
    pub lang: Lang,
    /// The recipient.
    pub to: String,
    /// The rendered subject.
    pub subject: String,
    /// The rendered body (signature included).
    pub body: String,
    /// The sequence whose step this is, if any.
    pub sequence: Option<String>,
    /// Sent by a sequence without the rep.
    pub automatic: bool,
}

impl Draft {
    /// The text the rep edits in `$EDITOR`: a `Subject:` line, a blank line, the body.
    pub fn to_editable(&self) -> String {
        format!("Subject: {}\n\n{}", self.subject, self.body)
    }

    /// The draft after the rep edited [`Draft::to_editable`]'s text; a missing `Subject:` line
    /// keeps the subject. Placeholders left in the text are not rendered again.
    pub fn with_edited(&self, text: &str) -> Draft {
        let text = text.replace("\r\n", "\n");
        let mut d = self.clone();
        match text.strip_prefix("Subject:") {
            Some(rest) => {
                let (subject, body) = rest.split_once('\n').unwrap_or((rest, ""));
                d.subject = crate::domain::text::sanitize_line(subject)
                    .trim()
                    .to_owned();
                d.body = body.trim_start_matches('\n').to_owned();
            }
            None => d.body = text,
        }
        d
    }
}

/// The From address, or an error when none is configured.
pub(super) fn from_address(config: &Config) -> Result<String, MailError> {
    let from = config.mail_from();
    if from.trim().is_empty() {
        Err(MailError::NoFrom)
    } else {
        Ok(from)
    }
}

/// Refuses leads that may not be mailed.
pub fn check_mailable(lead: &Lead) -> Result<(), MailError> {
    if lead.email_opt_out {
        Err(MailError::OptedOut(lead.id))
    } else if lead.email.trim().is_empty() {
        Err(MailError::NoEmail(lead.id))
    } else {
        Ok(())
    }
}

/// The templates the compose popup offers in the UI language, with files that failed to load.
pub fn templates(config: &Config) -> (Vec<mail_template::TemplateInfo>, Vec<MailError>) {
    mail_template::list(config, config.ui.language)
}

/// Renders template `template` (`NAME`, `NAME.en`, `NAME.ja`) for a lead.
pub fn compose(
    store: &Store,
    config: &Config,
    lead_id: LeadId,
    template: &str,
) -> Result<Draft, MailError> {
    let lead = store
        .lead(lead_id)?
        .ok_or_else(|| StoreError::NoSuchLead(lead_id.to_string()))?;
    compose_for(store, config, &lead, template)
}

/// [`compose`] for a lead already read.
pub fn compose_for(
    store: &Store,
    config: &Config,
    lead: &Lead,
    template: &str,
) -> Result<Draft, MailError> {
    let found = mail_template::find(config, template, config.ui.language)?;
    check_mailable(lead)?;
    let ctx = MergeContext {
        lang: found.lang,
        rep_name: config.rep.name.clone(),
        rep_email: config.rep.email.clone(),
        rep_signature: config.rep.signature.clone(),
        field_rep: store.field_rep_of(lead.id)?,
        lead_tz: lead.timezone.as_deref().and_then(|z| z.parse().ok()),
    };
    let value = |f: &str| field_value(lead, &ctx, f);
    let subject = render(&found.template.subject, &value);
    let body = render(&found.template.body, &value);
    let (subject, mut body) = match (subject, body) {
        (Ok(s), Ok(b)) => (s, b),
        (s, b) => {
            let mut problems = s.err().unwrap_or_default();
            problems.extend(b.err().unwrap_or_default());
            return Err(MailError::Merge {
                template: found.id,
                lead: lead.id,
                problems,
            });
        }
    };
    let signature = config.rep.signature.trim_end();
    if !signature.is_empty() && !found.template.body.contains("rep.signature") {
        body = format!("{}\n\n-- \n{signature}\n", body.trim_end());
    }
    Ok(Draft {
        lead_id: lead.id,
        template: found.id,
        lang: found.lang,
        to: crate::domain::text::sanitize_line(&lead.email)
            .trim()
            .to_owned(),
        subject: crate::domain::text::sanitize_line(&subject)
            .trim()
            .to_owned(),
        body,
        sequence: None,
        automatic: false,
    })
}

/// Queues a draft to leave after `mail.send_delay_secs` (the TUI's undo-send, `--queue`).
pub fn queue(
    store: &mut Store,
    config: &Config,
    draft: &Draft,
    now: Ts,
) -> Result<QueuedMail, MailError> {
    let delay = i64::try_from(config.mail.send_delay_secs).unwrap_or(i64::MAX / 4);
    queue_at(store, draft, now + Duration::seconds(delay), now)
}

/// Queues a draft to leave at `due`.
pub fn queue_at(
    store: &mut Store,
    draft: &Draft,
    due: Ts,
    now: Ts,
) -> Result<QueuedMail, MailError> {
    let lead = store
        .lead(draft.lead_id)?
        .ok_or_else(|| StoreError::NoSuchLead(draft.lead_id.to_string()))?;
    check_mailable(&lead)?;
    let ids = store.queue_mails(&[new_queued(draft, due)], now)?;
    let id = ids.first().copied().unwrap_or_default();
    store.queued_mail(id)?.ok_or(MailError::NotQueued(id))
}

pub(super) fn new_queued(draft: &Draft, due: Ts) -> NewQueuedMail {
    NewQueuedMail {
        lead_id: draft.lead_id,
        due_at: due,
        template: draft.template.clone(),
        lang: lang_code(draft.lang).to_owned(),
        to: draft.to.clone(),
        subject: draft.subject.clone(),
        body: draft.body.clone(),
        sequence: draft.sequence.clone(),
        automatic: draft.automatic,
    }
}

/// Cancels a queued mail (undo-send). A mail that has left the queue cannot be undone:
/// [`MailError::NotQueued`] says so.
pub fn cancel(store: &mut Store, id: i64) -> Result<QueuedMail, MailError> {
    store.cancel_mail(id)?.ok_or(MailError::NotQueued(id))
}

/// Cancels the newest queued batch (one mail, or a whole bulk mail): what `u` does while
/// mail waits. `None` when the queue is empty.
pub fn cancel_latest(store: &mut Store) -> Result<Option<Vec<QueuedMail>>, MailError> {
    let queued = store.queued_mails()?;
    let Some(batch) = queued.iter().map(|m| m.batch).max() else {
        return Ok(None);
    };
    let mut out = Vec::new();
    for m in queued.iter().filter(|m| m.batch == batch) {
        out.extend(store.cancel_mail(m.id)?);
    }
    Ok(Some(out))
}

/// Every queued mail, the next due first (`outbox list`, the quit prompt).
pub fn queued(store: &Store) -> Result<Vec<QueuedMail>, MailError> {
    Ok(store.queued_mails()?)
}

/// Sends a draft at once (the CLI without `--queue`) with the configured transport.
pub fn send_now(
    store: &mut Store,
    config: &Config,
    draft: &Draft,
    now: Ts,
) -> Result<SendResult, MailError> {
    let mut transport = open_transport(store, config)?;
    send_now_with(store, config, transport.as_mut(), draft, now)
}

/// [`send_now`] through a given transport (tests fake it).
pub fn send_now_with(
    store: &mut Store,
    config: &Config,
    transport: &mut dyn Transport,
    draft: &Draft,
    now: Ts,
) -> Result<SendResult, MailError> {
    let lead = store
        .lead(draft.lead_id)?
        .ok_or_else(|| StoreError::NoSuchLead(draft.lead_id.to_string()))?;
    check_mailable(&lead)?;
    deliver(store, config, transport, &new_queued(draft, now), None, now)
}

/// Hands one mail to the transport and records it on the lead; `queue_id` is removed from the
/// queue in the same transaction.
pub(super) fn deliver(
    store: &mut Store,
    config: &Config,
    transport: &mut dyn Transport,
    mail: &NewQueuedMail,
    queue_id: Option<i64>,
    now: Ts,
) -> Result<SendResult, MailError> {
    let from = from_address(config)?;
    let out = Outgoing {
        message_id: message::message_id(&from, mail.lead_id, queue_id, now),
        from,
        to: mail.to.clone(),
        bcc: config.mail.bcc.clone(),
        subject: mail.subject.clone(),
        body: mail.body.clone(),
        date: now,
    };
    let delivered = transport.send(&out)?;
    let policy = config.policy();
    let lead = store
        .lead(mail.lead_id)?
        .ok_or_else(|| StoreError::NoSuchLead(mail.lead_id.to_string()))?;
    let seq = super::sequence::prepare(store, &lead)?;
    let data = json!({
        "template": mail.template,
        "subject": mail.subject,
        "transport": transport.name(),
        "message_id": delivered.message_id,
        "to": mail.to,
        "lang": mail.lang,
        "automatic": mail.automatic,
        "sequence": mail.sequence,
    });
    let mut stage_change = None;
    store.record_sent(queue_id, mail.lead_id, |before| {
        let applied = transition::apply_mail_sent(before, now);
        let mut activities = vec![
            NewActivity::new(ActivityKind::Mail, now)
                .with_outcome(if mail.automatic { "automatic" } else { "sent" })
                .with_note(mail.body.clone())
                .with_data(data.clone()),
        ];
        activities.extend(super::call::stage_activity(&applied, now));
        stage_change = applied.stage_change.clone();
        let mut lead = applied.lead;
        activities.extend(super::sequence::on_stage_change(
            &seq,
            &policy,
            before,
            &mut lead,
            &SeqEvent::MailSent,
            now,
        ));
        Ok::<_, MailError>(Change { lead, activities })
    })?;
    Ok(SendResult {
        queue_id,
        lead_id: mail.lead_id,
        subject: mail.subject.clone(),
        outcome: SendOutcome::Sent {
            message_id: delivered.message_id,
            path: delivered.path,
            stage_change,
        },
    })
}
