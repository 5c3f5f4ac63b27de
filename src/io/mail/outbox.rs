//! The outbox transport: one RFC 5322 `.eml` per message, 0600, in a 0700 directory.

use std::path::{Path, PathBuf};

use super::{Delivered, Outgoing, Transport, TransportError, message};
use crate::io::private_file::write_atomic;

/// Writes each mail as a file in `dir`.
#[derive(Debug, Clone)]
pub struct OutboxTransport {
    dir: PathBuf,
}

impl OutboxTransport {
    /// An outbox in `dir` (created 0700 on first use).
    pub fn new(dir: &Path) -> OutboxTransport {
        OutboxTransport {
            dir: dir.to_owned(),
        }
    }

    fn ensure_dir(&self) -> Result<(), TransportError> {
        let err = |source| TransportError::Outbox {
            path: self.dir.clone(),
            source,
        };
        std::fs::create_dir_all(&self.dir).map_err(err)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&self.dir, std::fs::Permissions::from_mode(0o700))
                .map_err(err)?;
        }
        Ok(())
    }
}

/// The file name of a mail: its time and the Message-ID's local part, filesystem-safe.
fn file_name(mail: &Outgoing) -> String {
    let id: String = mail
        .message_id
        .trim_matches(['<', '>'])
        .split('@')
        .next()
        .unwrap_or("")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{}-{id}.eml", mail.date.format("%Y%m%d-%H%M%S"))
}

impl Transport for OutboxTransport {
    fn name(&self) -> &'static str {
        "outbox"
    }

    fn send(&mut self, mail: &Outgoing) -> Result<Delivered, TransportError> {
        self.ensure_dir()?;
        let bytes = message::formatted(mail, true)?;
        let path = self.dir.join(file_name(mail));
        write_atomic(&path, &bytes).map_err(|source| TransportError::Outbox {
            path: path.clone(),
            source,
        })?;
        Ok(Delivered {
            message_id: mail.message_id.clone(),
            path: Some(path),
        })
    }
}
