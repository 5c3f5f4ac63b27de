//! The mail keys: compose (`e`) with a template picker, preview and `$EDITOR`, bulk mail
//! (`B`), enrolling in a sequence (`S`), and the quit question while mail waits to leave.

use crate::config::{Action, Key, KeyCode};
use crate::domain::i18n::TextKey;

use super::effect::Effect;
use super::form::{Field, Form};
use super::modal::{FormKind, LeadRef, Modal};
use super::state::{State, StatusKind};

/// A rendered mail as the compose popup shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Preview {
    /// The recipient.
    pub to: String,
    /// The subject.
    pub subject: String,
    /// The body.
    pub body: String,
    /// Why it cannot be sent (an unknown or empty merge field …), naming the field.
    pub error: Option<String>,
}

/// The compose popup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compose {
    /// The lead.
    pub lead: LeadRef,
    /// Templates: (id, name).
    pub templates: Vec<(String, String)>,
    /// The picked template.
    pub index: usize,
    /// Its rendering for the lead.
    pub preview: Preview,
    /// The text as edited in `$EDITOR` (`Subject:` line, blank line, body), if it was.
    pub edited: Option<String>,
}

impl Compose {
    /// The picked template's id.
    pub fn template(&self) -> String {
        self.templates
            .get(self.index)
            .map(|t| t.0.clone())
            .unwrap_or_default()
    }
}

/// Keys in the compose popup: pick, edit, send, cancel.
pub fn on_compose_key(state: &mut State, key: Key, popup: Option<Action>) -> Vec<Effect> {
    let lang = state.lang();
    let Some(Modal::Compose(c)) = state.modal.as_mut() else {
        return Vec::new();
    };
    match (popup, key.code) {
        (Some(Action::Cancel), _) | (_, KeyCode::Esc) => {
            state.modal = None;
            Vec::new()
        }
        (Some(Action::Down), _) | (Some(Action::Up), _) if !c.templates.is_empty() => {
            let n = c.templates.len();
            c.index = if popup == Some(Action::Down) {
                (c.index + 1) % n
            } else {
                (c.index + n - 1) % n
            };
            c.edited = None;
            vec![Effect::PreviewMail {
                lead: c.lead.id,
                template: c.template(),
            }]
        }
        (Some(Action::EditInEditor), _) => {
            let text = c
                .edited
                .clone()
                .unwrap_or_else(|| format!("Subject: {}\n\n{}", c.preview.subject, c.preview.body));
            state.editor_request = Some(text);
            Vec::new()
        }
        (Some(Action::Confirm | Action::Send), _) => {
            if c.preview.error.is_some() {
                let e = c.preview.error.clone().unwrap_or_default();
                state.say(StatusKind::Error, e);
                return Vec::new();
            }
            let effect = Effect::QueueMail {
                lead: c.lead.id,
                template: c.template(),
                edited: c.edited.clone(),
            };
            let message = vec![
                format!(
                    "{} {} — {}",
                    lang.text(TextKey::AppMailSendTitle),
                    c.preview.subject,
                    c.preview.to
                ),
                lang.fill(
                    TextKey::AppMailSendConfirm,
                    &[("secs", &state.policy.send_delay_secs)],
                ),
            ];
            state.modal = Some(Modal::Confirm {
                message,
                effect: Box::new(effect),
            });
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// The rep came back from `$EDITOR` with this text.
pub fn edited(state: &mut State, text: String) {
    if let Some(Modal::Compose(c)) = state.modal.as_mut() {
        let (subject, body) = match text.replace("\r\n", "\n").strip_prefix("Subject:") {
            Some(rest) => {
                let (s, b) = rest.split_once('\n').unwrap_or((rest, ""));
                (s.trim().to_owned(), b.trim_start_matches('\n').to_owned())
            }
            None => (c.preview.subject.clone(), text.clone()),
        };
        c.preview.subject = crate::domain::text::sanitize_line(&subject);
        c.preview.body = body;
        c.edited = Some(text);
    }
}

/// Opens the bulk-mail picker for the marked leads, else the loaded rows of the view.
pub fn open_bulk(state: &mut State, templates: Vec<(String, String)>) {
    let lang = state.lang();
    let ids = bulk_targets(state);
    let title = format!(
        "{} — {} {}",
        lang.text(TextKey::AppMailBulkMail),
        ids.len(),
        if state.marked.is_empty() {
            lang.text(TextKey::AppMailLeadsInThisViewLoaded)
        } else {
            lang.text(TextKey::AppMailMarkedLeads)
        }
    );
    let form = Form::new(
        &title,
        vec![Field::choice(
            "template",
            lang.text(TextKey::AppMailTemplate),
            templates,
            0,
        )],
    );
    state.modal = Some(Modal::Form(FormKind::BulkMail, None, form));
}

/// The most leads one bulk mail reaches when it goes to a whole view.
pub const BULK_CAP: usize = 2000;

/// The marked leads, if any (a bulk action then acts on them, else on the whole view).
pub fn bulk_targets(state: &State) -> Vec<crate::domain::LeadId> {
    state.marked.iter().copied().collect()
}

/// Opens the sequence picker for the selected lead.
pub fn open_enrol(state: &mut State) -> Vec<Effect> {
    let lang = state.lang();
    let Some(lead) = state.selected_lead() else {
        state.say(StatusKind::Warn, lang.text(TextKey::AppMailNoLeadSelected));
        return Vec::new();
    };
    if state.sequences.is_empty() {
        state.say(
            StatusKind::Warn,
            lang.text(TextKey::AppMailNoSequencesConfigured),
        );
        return Vec::new();
    }
    let options = state
        .sequences
        .iter()
        .map(|s| (s.clone(), s.clone()))
        .collect();
    let form = Form::new(
        &format!(
            "{} — {}",
            lang.text(TextKey::AppMailEnrolInASequence),
            lead.name
        ),
        vec![Field::choice(
            "sequence",
            lang.text(TextKey::AppMailSequence),
            options,
            0,
        )],
    );
    state.modal = Some(Modal::Form(FormKind::Enrol, Some(lead), form));
    Vec::new()
}

/// `q` while mail waits to leave: send it now, keep it for the next start, or cancel it.
pub fn ask_quit(state: &mut State) {
    let lang = state.lang();
    state.modal = Some(Modal::QuitWithMail(vec![
        format!(
            "{} {}",
            state.figures.queued_mail,
            lang.text(TextKey::AppMailMailWaiting)
        ),
        lang.text(TextKey::AppMailQuitChoices).to_owned(),
    ]));
}

/// Keys of the quit question.
pub fn on_quit_key(state: &mut State, key: Key) -> Vec<Effect> {
    match key.code {
        KeyCode::Char('s' | 'S') => {
            state.modal = None;
            state.quit = true;
            vec![Effect::FlushMail, Effect::Quit]
        }
        KeyCode::Char('k' | 'K') => {
            state.modal = None;
            state.quit = true;
            vec![Effect::Quit]
        }
        KeyCode::Char('c' | 'C') => {
            state.modal = None;
            state.quit = true;
            vec![Effect::CancelAllMail, Effect::Quit]
        }
        KeyCode::Esc => {
            state.modal = None;
            Vec::new()
        }
        _ => Vec::new(),
    }
}
