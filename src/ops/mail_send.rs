//! Sending what is due: the queue (`send_due` on the TUI's tick, `outbox flush`), auto-send
//! sequence steps, and bulk mail.

use std::path::PathBuf;

use crate::config::{Config, Transport as TransportKind};
use crate::domain::transition::StageChange;
use crate::domain::{ActionKind, ActivityKind, LeadId, NewActivity, NextAction, Ts};
use crate::io::mail::Transport;
use crate::io::mail::outbox::OutboxTransport;
use crate::io::mail::sendmail::SendmailTransport;
use crate::io::mail::smtp::{self, SmtpTransport};
use crate::store::{Change, Store};

use super::mail::{Draft, MailError, check_mailable, compose_for, deliver, new_queued};

/// What happened to one mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendOutcome {
    /// The transport took it; it is recorded on the lead.
    Sent {
        /// Its Message-ID.
        message_id: String,
        /// The `.eml` written (outbox transport).
        path: Option<PathBuf>,
        /// The lead's stage change (new → not reached).
        stage_change: Option<StageChange>,
    },
    /// Sending failed; a queued mail stays queued and is tried again.
    Failed(String),
    /// The mail was not sent and left the queue (the lead opted out or is gone).
    Dropped(String),
}

/// One mail's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendResult {
    /// The queue id, for queued mail.
    pub queue_id: Option<i64>,
    /// The lead.
    pub lead_id: LeadId,
    /// The subject.
    pub subject: String,
    /// What happened.
    pub outcome: SendOutcome,
}

/// What a bulk mail did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BulkReport {
    /// Queue ids of the mails queued.
    pub queued: Vec<i64>,
    /// Leads skipped, with the reason (opted out, no email, a blocked merge field …).
    pub skipped: Vec<(LeadId, String)>,
}

/// The configured transport. The outbox defaults to `outbox/` next to the database.
pub fn open_transport(store: &Store, config: &Config) -> Result<Box<dyn Transport>, MailError> {
    Ok(match config.mail.transport {
        TransportKind::Outbox => {
            let data_dir = store.path().and_then(|p| p.parent()).map_or_else(
                crate::config::default_data_dir,
                std::path::Path::to_path_buf,
            );
            Box::new(OutboxTransport::new(&config.mail.outbox_dir(&data_dir)))
        }
        TransportKind::Smtp => {
            let pw = smtp::password(&config.mail.smtp, |v| std::env::var(v).ok())?;
            Box::new(SmtpTransport::new(&config.mail.smtp, pw)?)
        }
        TransportKind::Sendmail => Box::new(SendmailTransport::new(&config.mail.sendmail.command)),
    })
}

/// Sends every queued mail that is due, and every auto-send sequence step that is due — what
/// the TUI calls on its tick. The transport is opened only when something is due.
pub fn send_due(store: &mut Store, config: &Config, now: Ts) -> Vec<SendResult> {
    flush(store, config, now, false)
}

/// Sends what is due (`all`: everything queued); `outbox flush`.
pub fn flush(store: &mut Store, config: &Config, now: Ts, all: bool) -> Vec<SendResult> {
    let due = store
        .due_mails(now, all)
        .map(|d| !d.is_empty())
        .unwrap_or(false);
    let auto = !auto_due(store, config, now).is_empty();
    if !due && !auto {
        return Vec::new();
    }
    match open_transport(store, config) {
        Ok(mut t) => flush_with(store, config, t.as_mut(), now, all),
        Err(e) => vec![SendResult {
            queue_id: None,
            lead_id: 0,
            subject: String::new(),
            outcome: SendOutcome::Failed(e.to_string()),
        }],
    }
}

/// [`send_due`] through a given transport.
pub fn send_due_with(
    store: &mut Store,
    config: &Config,
    transport: &mut dyn Transport,
    now: Ts,
) -> Vec<SendResult> {
    flush_with(store, config, transport, now, false)
}

fn auto_due(store: &Store, config: &Config, now: Ts) -> Vec<(LeadId, String)> {
    let mut out = Vec::new();
    for s in config.sequences.iter().filter(|s| s.auto_send) {
        for id in store.sequence_mail_due(&s.name, now).unwrap_or_default() {
            out.push((id, s.name.clone()));
        }
    }
    out
}

/// [`flush`] through a given transport.
pub fn flush_with(
    store: &mut Store,
    config: &Config,
    transport: &mut dyn Transport,
    now: Ts,
    all: bool,
) -> Vec<SendResult> {
    let mut results = Vec::new();
    let due = match store.due_mails(now, all) {
        Ok(d) => d,
        Err(e) => return vec![failed(None, 0, "", &e.to_string())],
    };
    for q in due {
        let m = &q.mail;
        match store.claim_mail(q.id, now) {
            Ok(true) => {}
            Ok(false) => continue,
            Err(e) => {
                results.push(failed(Some(q.id), m.lead_id, &m.subject, &e.to_string()));
                continue;
            }
        }
        // The lead may have opted out (or been forgotten) while the mail waited.
        let refusal = match store.lead(m.lead_id) {
            Ok(Some(l)) => check_mailable(&l).err().map(|e| e.to_string()),
            Ok(None) => Some(format!("lead {} no longer exists", m.lead_id)),
            Err(e) => {
                let _ = store.release_mail(q.id, &e.to_string());
                results.push(failed(Some(q.id), m.lead_id, &m.subject, &e.to_string()));
                continue;
            }
        };
        if let Some(why) = refusal {
            let _ = store.drop_mail(q.id);
            results.push(SendResult {
                queue_id: Some(q.id),
                lead_id: m.lead_id,
                subject: m.subject.clone(),
                outcome: SendOutcome::Dropped(why),
            });
            continue;
        }
        match deliver(store, config, transport, m, Some(q.id), now) {
            Ok(r) => results.push(r),
            Err(e) => {
                let _ = store.release_mail(q.id, &e.to_string());
                results.push(failed(Some(q.id), m.lead_id, &m.subject, &e.to_string()));
            }
        }
    }
    for (id, sequence) in auto_due(store, config, now) {
        results.push(auto_send(store, config, transport, id, &sequence, now));
    }
    results
}

fn failed(queue_id: Option<i64>, lead_id: LeadId, subject: &str, msg: &str) -> SendResult {
    SendResult {
        queue_id,
        lead_id,
        subject: subject.to_owned(),
        outcome: SendOutcome::Failed(msg.to_owned()),
    }
}

/// Sends the due mail step of an auto-send sequence; a step that cannot be rendered becomes a
/// task for the rep (so it is not tried on every tick).
fn auto_send(
    store: &mut Store,
    config: &Config,
    transport: &mut dyn Transport,
    id: LeadId,
    sequence: &str,
    now: Ts,
) -> SendResult {
    let draft = (|| -> Result<Draft, MailError> {
        let lead = store
            .lead(id)?
            .ok_or_else(|| crate::store::StoreError::NoSuchLead(id.to_string()))?;
        let template = config
            .sequence(sequence)
            .and_then(|s| s.steps.get(lead.sequence_step as usize))
            .and_then(|s| s.template.clone())
            .unwrap_or_default();
        let mut d = compose_for(store, config, &lead, &template)?;
        d.sequence = Some(sequence.to_owned());
        d.automatic = true;
        Ok(d)
    })();
    let result =
        draft.and_then(|d| deliver(store, config, transport, &new_queued(&d, now), None, now));
    match result {
        Ok(r) => r,
        Err(e) => {
            let why = e.to_string();
            let _ = store.mutate(id, None, "sequence: auto-send blocked", |before| {
                let mut lead = before.clone();
                let due = lead.next_action.as_ref().map_or(now, |n| n.due_at);
                lead.next_action = Some(NextAction {
                    kind: ActionKind::Task,
                    due_at: due,
                    note: format!("auto-send blocked — review and send: {why}"),
                });
                Ok::<_, MailError>(Change {
                    lead,
                    activities: vec![
                        NewActivity::new(ActivityKind::Schedule, now)
                            .with_outcome("blocked")
                            .with_note(why.clone())
                            .with_data(serde_json::json!({ "sequence": sequence })),
                    ],
                })
            });
            failed(None, id, "", &why)
        }
    }
}

/// Queues one template to many leads as one batch (the TUI's `B`): opt-outs, leads without
/// email and failed merges are skipped and listed. `progress(done, total)` after each lead.
pub fn bulk(
    store: &mut Store,
    config: &Config,
    ids: &[LeadId],
    template: &str,
    now: Ts,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<BulkReport, MailError> {
    let mut report = BulkReport::default();
    let mut drafts = Vec::new();
    let delay = i64::try_from(config.mail.send_delay_secs).unwrap_or(i64::MAX / 4);
    let due = now + chrono::Duration::seconds(delay);
    for (i, id) in ids.iter().enumerate() {
        let draft = match store.lead(*id)? {
            // The skip reasons are listed to the rep: in the rep's language.
            None => {
                Err(crate::store::StoreError::NoSuchLead(id.to_string()).text(config.ui.language))
            }
            Some(lead) => match compose_for(store, config, &lead, template) {
                Ok(d) => Ok(d),
                Err(e @ (MailError::UnknownTemplate { .. } | MailError::Template { .. })) => {
                    return Err(e);
                }
                Err(e) => Err(e.text(config.ui.language)),
            },
        };
        match draft {
            Ok(d) => drafts.push(new_queued(&d, due)),
            Err(why) => report.skipped.push((*id, why)),
        }
        progress(i + 1, ids.len());
    }
    report.queued = store.queue_mails(&drafts, now)?;
    Ok(report)
}
