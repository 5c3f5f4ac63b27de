//! Modals are data: each variant carries its own state.

use crate::domain::{LeadId, Outcome};

use super::effect::Effect;
use super::form::Form;

/// The lead a modal acts on, with the version the screen saw (the stale-screen guard).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadRef {
    /// Lead id.
    pub id: LeadId,
    /// Version seen, when known.
    pub version: Option<i64>,
    /// Name shown in the title.
    pub name: String,
}

/// Which form a form modal is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    /// Schedule or snooze the next action.
    Schedule,
    /// Mark lost.
    Lost,
    /// Add a note.
    Note,
    /// Log an inbound call.
    Inbound,
    /// Add a lead.
    Add,
    /// A mail reply received.
    Reply,
    /// A meeting held, no-show or rescheduled.
    Meeting,
    /// The filter of the list views.
    Filter,
    /// Name the filter as a saved view.
    SaveView,
    /// Pick the template of a bulk mail.
    BulkMail,
    /// Pick a sequence.
    Enrol,
    /// Import a CSV file.
    Import,
    /// Edit a lead.
    Edit,
    /// Escalate to field sales (its side data is `State::escalation`).
    Escalate,
    /// Field sales' feedback on a handed-off lead.
    Feedback,
}

/// A modal on top of the view.
#[derive(Debug, Clone, PartialEq)]
pub enum Modal {
    /// The key help, generated from the keymap.
    Help,
    /// The call popup: pick an outcome.
    CallOutcome(LeadRef),
    /// A call dialled with `calling.dial_command` is running: the number and when it started;
    /// an outcome key ends it.
    Dialing(LeadRef, String, crate::domain::Ts),
    /// After the outcome: note, time or reason.
    CallDetails(LeadRef, Outcome, Form),
    /// A yes/no question before an effect runs.
    Confirm {
        /// Lines of the question.
        message: Vec<String>,
        /// What runs on yes.
        effect: Box<Effect>,
    },
    /// A form.
    Form(FormKind, Option<LeadRef>, Form),
    /// Compose a mail from a template.
    Compose(super::mail::Compose),
    /// Quitting while mail waits to leave.
    QuitWithMail(Vec<String>),
    /// Lines to read (a bulk result, an import report); any key closes it.
    Info(String, Vec<String>),
}

impl Modal {
    /// The form inside, if the modal has one.
    pub fn form_mut(&mut self) -> Option<&mut Form> {
        match self {
            Modal::CallDetails(_, _, f) | Modal::Form(_, _, f) => Some(f),
            _ => None,
        }
    }

    /// The form inside, if the modal has one.
    pub fn form(&self) -> Option<&Form> {
        match self {
            Modal::CallDetails(_, _, f) | Modal::Form(_, _, f) => Some(f),
            _ => None,
        }
    }
}
