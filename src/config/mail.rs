//! `[mail]`, `[mail.smtp]`, `[mail.sendmail]` and `[[sequences]]`.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::{self, Deserializer};

use super::scoring::merge_named;
use super::value::{checked, de_opt_path, de_stages, looks_like_address};
use crate::domain::Stage;

/// How mail leaves leadbench (`mail.transport`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    /// An RFC 5322 `.eml` file per message in `mail.outbox_dir`.
    #[default]
    Outbox,
    /// An SMTP server (`[mail.smtp]`).
    Smtp,
    /// The local `sendmail` program (`[mail.sendmail]`).
    Sendmail,
}

/// `[mail]`: sending follow-up mail.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MailConfig {
    /// How mail is sent.
    pub transport: Transport,
    /// Where the outbox transport writes; `None` = `outbox/` in the data directory.
    #[serde(deserialize_with = "de_opt_path")]
    pub outbox_dir: Option<PathBuf>,
    /// The From address; empty = `rep.name <rep.email>`.
    pub from: String,
    /// Blind copies on every mail (e.g. a CRM's logging address).
    #[serde(deserialize_with = "de_addresses")]
    pub bcc: Vec<String>,
    /// Seconds mail sent from the TUI waits in the queue (undo-send); 0 = at once.
    pub send_delay_secs: u64,
    /// The user's templates, adding to and overriding the built-ins; `None` = built-ins only.
    #[serde(deserialize_with = "de_opt_path")]
    pub templates_dir: Option<PathBuf>,
    /// SMTP settings.
    pub smtp: SmtpConfig,
    /// sendmail settings.
    pub sendmail: SendmailConfig,
}

impl Default for MailConfig {
    fn default() -> Self {
        MailConfig {
            transport: Transport::Outbox,
            outbox_dir: None,
            from: String::new(),
            bcc: Vec::new(),
            send_delay_secs: 20,
            templates_dir: None,
            smtp: SmtpConfig::default(),
            sendmail: SendmailConfig::default(),
        }
    }
}

impl MailConfig {
    /// The outbox directory: the configured one, else `outbox/` in `data_dir`.
    pub fn outbox_dir(&self, data_dir: &Path) -> PathBuf {
        self.outbox_dir
            .clone()
            .unwrap_or_else(|| data_dir.join("outbox"))
    }
}

fn de_addresses<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let list = Vec::<String>::deserialize(d)?;
    match list.iter().find(|a| !looks_like_address(a)) {
        Some(bad) => Err(de::Error::custom(format!(
            "`{bad}` is not an email address"
        ))),
        None => Ok(list),
    }
}

/// Transport security for SMTP (`mail.smtp.security`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// Plain connection upgraded with STARTTLS (port 587).
    #[default]
    Starttls,
    /// TLS from the start (port 465).
    Tls,
    /// No encryption (local relays only).
    None,
}

/// `[mail.smtp]`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SmtpConfig {
    /// Server host name.
    pub host: String,
    /// Server port.
    pub port: u16,
    /// Transport security.
    pub security: Security,
    /// Login name; empty = no authentication.
    pub username: String,
    /// Environment variable holding the password.
    pub password_env: String,
    /// A command whose first output line is the password (tried when the variable is unset).
    pub password_command: Vec<String>,
}

impl Default for SmtpConfig {
    fn default() -> Self {
        SmtpConfig {
            host: String::new(),
            port: 587,
            security: Security::Starttls,
            username: String::new(),
            password_env: "LEADBENCH_SMTP_PASSWORD".to_string(),
            password_command: Vec::new(),
        }
    }
}

/// `[mail.sendmail]`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SendmailConfig {
    /// The sendmail program.
    pub command: String,
}

impl Default for SendmailConfig {
    fn default() -> Self {
        SendmailConfig {
            command: "sendmail".to_string(),
        }
    }
}

/// What a sequence step does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StepAction {
    /// A call becomes the next action.
    Call,
    /// A mail from a template (drafted for the rep, or queued when `auto_send`).
    Mail,
    /// A task with a text.
    Task,
}

/// One step of a sequence: on day `day` after enrolment, do `action`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Days after enrolment.
    pub day: u32,
    /// What to do.
    pub action: StepAction,
    /// The template of a mail step.
    pub template: Option<String>,
    /// The text of a task step, or a note for a call step.
    pub text: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    day: u32,
    action: StepAction,
    template: Option<String>,
    text: Option<String>,
}

impl<'de> Deserialize<'de> for Step {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        checked::<D, RawStep, Step>(d)
    }
}

impl TryFrom<RawStep> for Step {
    type Error = String;

    fn try_from(raw: RawStep) -> Result<Self, Self::Error> {
        match (raw.action, &raw.template, &raw.text) {
            (StepAction::Mail, None, _) => Err("a mail step needs `template`".to_string()),
            (StepAction::Task, _, None) => Err("a task step needs `text`".to_string()),
            (StepAction::Call | StepAction::Task, Some(_), _) => {
                Err("only a mail step takes `template`".to_string())
            }
            _ => Ok(Step {
                day: raw.day,
                action: raw.action,
                template: raw.template,
                text: raw.text,
            }),
        }
    }
}

/// A `[[sequences]]` entry: timed steps a lead follows after enrolment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sequence {
    /// The sequence's name (a user sequence with a built-in's name replaces it).
    pub name: String,
    /// Stages whose entry enrols a lead that has no active sequence.
    pub enrol_on: Vec<Stage>,
    /// Queue mail steps without a draft for the rep to confirm.
    pub auto_send: bool,
    /// The steps, by non-decreasing day.
    pub steps: Vec<Step>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSequence {
    name: String,
    #[serde(default = "default_enrol_on", deserialize_with = "de_stages")]
    enrol_on: Vec<Stage>,
    #[serde(default)]
    auto_send: bool,
    steps: Vec<Step>,
}

fn default_enrol_on() -> Vec<Stage> {
    vec![Stage::New]
}

impl<'de> Deserialize<'de> for Sequence {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        checked::<D, RawSequence, Sequence>(d)
    }
}

impl TryFrom<RawSequence> for Sequence {
    type Error = String;

    fn try_from(raw: RawSequence) -> Result<Self, Self::Error> {
        if raw.name.trim().is_empty() {
            return Err("a sequence needs a name".to_string());
        }
        if raw.steps.is_empty() {
            return Err(format!("sequence `{}` has no steps", raw.name));
        }
        if let Some(w) = raw.steps.windows(2).find(|w| w[1].day < w[0].day) {
            return Err(format!(
                "sequence `{}`: steps must be in day order (day {} comes after day {})",
                raw.name, w[1].day, w[0].day
            ));
        }
        Ok(Sequence {
            name: raw.name,
            enrol_on: raw.enrol_on,
            auto_send: raw.auto_send,
            steps: raw.steps,
        })
    }
}

/// The built-in sequences `new-lead`, `not-reached` and `re-engagement`.
pub fn builtin_sequences() -> Vec<Sequence> {
    let call = |day| Step {
        day,
        action: StepAction::Call,
        template: None,
        text: None,
    };
    let mail = |day, template: &str| Step {
        day,
        action: StepAction::Mail,
        template: Some(template.to_string()),
        text: None,
    };
    vec![
        Sequence {
            name: "new-lead".to_string(),
            enrol_on: vec![Stage::New],
            auto_send: false,
            steps: vec![
                call(0),
                mail(0, "first-follow-up"),
                call(1),
                call(3),
                mail(3, "after-voicemail"),
                call(7),
                call(14),
                mail(21, "breakup"),
            ],
        },
        Sequence {
            name: "not-reached".to_string(),
            enrol_on: vec![Stage::Unreached],
            auto_send: false,
            steps: vec![
                call(0),
                mail(1, "after-voicemail"),
                call(3),
                call(7),
                mail(14, "breakup"),
            ],
        },
        Sequence {
            name: "re-engagement".to_string(),
            enrol_on: vec![Stage::Lost],
            auto_send: false,
            steps: vec![mail(0, "re-engagement"), call(2), call(7)],
        },
    ]
}

/// Reads `[[sequences]]` and merges it over the built-ins by name.
pub(crate) fn de_sequences<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Sequence>, D::Error> {
    let user = Vec::<Sequence>::deserialize(d)?;
    Ok(merge_named(builtin_sequences(), user, |s| s.name.as_str()))
}
