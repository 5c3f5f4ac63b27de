//! Building the RFC 5322 message: lettre encodes non-ASCII headers per RFC 2047 and picks the
//! body encoding (7bit for ASCII; for UTF-8 text the shorter of quoted-printable and base64,
//! which is base64 for Japanese), with `text/plain; charset=utf-8`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Mailboxes};

use super::{Outgoing, TransportError};
use crate::domain::Ts;

fn mailbox(what: &'static str, text: &str) -> Result<Mailbox, TransportError> {
    text.trim()
        .parse::<Mailbox>()
        .map_err(|e| TransportError::Address {
            what,
            addr: text.to_owned(),
            msg: e.to_string(),
        })
}

fn system_time(t: Ts) -> SystemTime {
    let secs = u64::try_from(t.timestamp()).unwrap_or(0);
    UNIX_EPOCH + Duration::from_secs(secs)
}

/// Builds the message; `keep_bcc` keeps the Bcc header in the text (the outbox file, which a
/// mail client sends later), else it only goes into the envelope.
pub fn build(mail: &Outgoing, keep_bcc: bool) -> Result<Message, TransportError> {
    let mut b = Message::builder()
        .from(mailbox("From", &mail.from)?)
        .to(mailbox("To", &mail.to)?)
        .subject(crate::domain::text::sanitize_line(&mail.subject))
        .date(system_time(mail.date))
        .message_id(Some(mail.message_id.clone()))
        .header(ContentType::TEXT_PLAIN);
    for bcc in &mail.bcc {
        b = b.bcc(mailbox("Bcc", bcc)?);
    }
    if keep_bcc {
        b = b.keep_bcc();
    }
    b.body(mail.body.clone())
        .map_err(|e| TransportError::Build(e.to_string()))
}

/// The envelope recipients: To and every Bcc, bare addresses.
pub fn recipients(mail: &Outgoing) -> Result<Vec<String>, TransportError> {
    let mut out = vec![mailbox("To", &mail.to)?.email.to_string()];
    for bcc in &mail.bcc {
        out.push(mailbox("Bcc", bcc)?.email.to_string());
    }
    Ok(out)
}

/// A Message-ID on the sender's domain: `<time.lead.salt@domain>`, unique per mail.
pub fn message_id(from: &str, lead_id: i64, queue_id: Option<i64>, now: Ts) -> String {
    let domain = from
        .parse::<Mailboxes>()
        .ok()
        .and_then(|m| m.into_single())
        .map(|m| m.email.domain().to_owned())
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| "leadbench.invalid".to_owned());
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        "<{}.{lead_id}.{}.{}{nanos:x}@{domain}>",
        now.format("%Y%m%d%H%M%S"),
        queue_id.unwrap_or(0),
        std::process::id()
    )
}

/// The message as bytes (CRLF line ends).
pub fn formatted(mail: &Outgoing, keep_bcc: bool) -> Result<Vec<u8>, TransportError> {
    Ok(build(mail, keep_bcc)?.formatted())
}
