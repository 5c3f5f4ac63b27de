//! The sendmail transport: `mail.sendmail.command -i -- RECIPIENT…` with the message on
//! stdin. The program is run directly with each recipient as its own argument — never
//! through a shell, so nothing in lead data is ever interpreted.

use std::io::Write;
use std::process::{Command, Stdio};

use super::{Delivered, Outgoing, Transport, TransportError, message};

/// Pipes each mail into a sendmail-compatible program.
#[derive(Debug, Clone)]
pub struct SendmailTransport {
    command: String,
}

impl SendmailTransport {
    /// A transport running `command` (a program path or name, not a shell line).
    pub fn new(command: &str) -> SendmailTransport {
        SendmailTransport {
            command: command.to_owned(),
        }
    }
}

impl Transport for SendmailTransport {
    fn name(&self) -> &'static str {
        "sendmail"
    }

    fn send(&mut self, mail: &Outgoing) -> Result<Delivered, TransportError> {
        let fail = |msg: String| TransportError::Sendmail {
            command: self.command.clone(),
            msg,
        };
        let bytes = message::formatted(mail, false)?;
        let mut child = Command::new(&self.command)
            .arg("-i")
            .arg("--")
            .args(message::recipients(mail)?)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| fail(format!("cannot start it: {e}")))?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin
                .write_all(&bytes)
                .map_err(|e| fail(format!("writing the message: {e}")))?;
        }
        let out = child
            .wait_with_output()
            .map_err(|e| fail(format!("waiting for it: {e}")))?;
        if !out.status.success() {
            let stderr = String::from_utf8_lossy(&out.stderr);
            return Err(fail(format!(
                "exited with {}: {}",
                out.status,
                crate::domain::text::sanitize_line(stderr.trim())
            )));
        }
        Ok(Delivered {
            message_id: mail.message_id.clone(),
            path: None,
        })
    }
}
