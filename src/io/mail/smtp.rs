//! The SMTP transport: lettre over rustls (no OpenSSL), STARTTLS, TLS or plain (local relays).
//! The password comes from an environment variable or from `password_command`, run as an
//! argument list — never through a shell.

use std::process::{Command, Stdio};

use lettre::Transport as _;
use lettre::transport::smtp::SmtpTransport as Lettre;
use lettre::transport::smtp::authentication::Credentials;

use super::{Delivered, Outgoing, Transport, TransportError, message};
use crate::config::{Security, SmtpConfig};

/// Sends through an SMTP server.
pub struct SmtpTransport {
    host: String,
    inner: Lettre,
}

impl std::fmt::Debug for SmtpTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpTransport")
            .field("host", &self.host)
            .finish()
    }
}

/// The SMTP password: the variable `password_env` if set, else the first output line of
/// `password_command`; `None` when neither is configured.
pub fn password(
    cfg: &SmtpConfig,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Option<String>, TransportError> {
    if let Some(p) = Some(cfg.password_env.as_str())
        .filter(|v| !v.is_empty())
        .and_then(&env)
    {
        return Ok(Some(p));
    }
    let Some((program, args)) = cfg.password_command.split_first() else {
        return Ok(None);
    };
    let out = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| TransportError::Password(format!("cannot run `{program}`: {e}")))?;
    if !out.status.success() {
        return Err(TransportError::Password(format!(
            "`{program}` exited with {}",
            out.status
        )));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().next().unwrap_or("").trim_end_matches('\r');
    if line.is_empty() {
        return Err(TransportError::Password(format!(
            "`{program}` printed no password"
        )));
    }
    Ok(Some(line.to_owned()))
}

impl SmtpTransport {
    /// A transport for `cfg`; `password` as found by [`password`].
    pub fn new(
        cfg: &SmtpConfig,
        password: Option<String>,
    ) -> Result<SmtpTransport, TransportError> {
        let err = |msg: String| TransportError::Smtp {
            host: cfg.host.clone(),
            msg,
        };
        if cfg.host.trim().is_empty() {
            return Err(err("mail.smtp.host is not set".into()));
        }
        let builder = match cfg.security {
            Security::Starttls => {
                Lettre::starttls_relay(&cfg.host).map_err(|e| err(e.to_string()))?
            }
            Security::Tls => Lettre::relay(&cfg.host).map_err(|e| err(e.to_string()))?,
            Security::None => Lettre::builder_dangerous(&cfg.host),
        };
        let mut builder = builder
            .port(cfg.port)
            .timeout(Some(std::time::Duration::from_secs(30)));
        if !cfg.username.is_empty() {
            let pw = password.ok_or_else(|| {
                TransportError::Password(format!(
                    "set {} or mail.smtp.password_command",
                    cfg.password_env
                ))
            })?;
            builder = builder.credentials(Credentials::new(cfg.username.clone(), pw));
        }
        Ok(SmtpTransport {
            host: cfg.host.clone(),
            inner: builder.build(),
        })
    }
}

impl Transport for SmtpTransport {
    fn name(&self) -> &'static str {
        "smtp"
    }

    fn send(&mut self, mail: &Outgoing) -> Result<Delivered, TransportError> {
        let msg = message::build(mail, false)?;
        self.inner.send(&msg).map_err(|e| TransportError::Smtp {
            host: self.host.clone(),
            msg: e.to_string(),
        })?;
        Ok(Delivered {
            message_id: mail.message_id.clone(),
            path: None,
        })
    }
}
