//! Mail transports (SPEC §7): an outbox of `.eml` files, SMTP (lettre with rustls) and the
//! local sendmail program, behind one small trait so tests can fake it.

pub mod message;
pub mod outbox;
pub mod sendmail;
pub mod smtp;

use std::path::PathBuf;

use crate::domain::Ts;

/// A mail ready to leave: addresses, rendered text and the headers leadbench sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// The From header (`Name <addr>` or `addr`).
    pub from: String,
    /// The recipient.
    pub to: String,
    /// Blind copies.
    pub bcc: Vec<String>,
    /// The subject (one line).
    pub subject: String,
    /// The plain-text body.
    pub body: String,
    /// The Date header.
    pub date: Ts,
    /// The Message-ID, with its angle brackets.
    pub message_id: String,
}

/// What a transport did with a mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered {
    /// The Message-ID it went out with.
    pub message_id: String,
    /// The file written (outbox transport).
    pub path: Option<PathBuf>,
}

/// Why a transport did not take a mail.
#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    /// An address could not be read.
    #[error("{what}: `{addr}` is not a valid address ({msg})")]
    Address {
        /// Which header.
        what: &'static str,
        /// The text given.
        addr: String,
        /// The parser's complaint.
        msg: String,
    },
    /// The message could not be built.
    #[error("cannot build the message: {0}")]
    Build(String),
    /// Writing the outbox file failed.
    #[error("outbox {path}: {source}")]
    Outbox {
        /// The file or directory.
        path: PathBuf,
        /// The IO error.
        source: std::io::Error,
    },
    /// The SMTP server refused or could not be reached.
    #[error("smtp {host}: {msg}")]
    Smtp {
        /// The server.
        host: String,
        /// What went wrong.
        msg: String,
    },
    /// The SMTP password could not be found.
    #[error("smtp password: {0}")]
    Password(String),
    /// sendmail failed.
    #[error("sendmail `{command}`: {msg}")]
    Sendmail {
        /// The program.
        command: String,
        /// What went wrong.
        msg: String,
    },
}

/// Something that takes mail: the outbox, SMTP, sendmail, or a test's fake.
pub trait Transport {
    /// The `mail.transport` id (`outbox`, `smtp`, `sendmail`).
    fn name(&self) -> &'static str;
    /// Hands one mail over.
    fn send(&mut self, mail: &Outgoing) -> Result<Delivered, TransportError>;
}
