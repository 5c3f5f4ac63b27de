//! Keys while a modal is open: the form layer first (printable keys go to the focused field),
//! then the popup layer. Nothing reaches the list below a modal.

use crate::config::{Action, Key, KeyCode, Keymap, Layer};

use super::effect::Effect;
use super::form::Form;
use super::forms;
use super::modal::Modal;
use super::state::State;

/// Handles a key while a modal is open.
pub fn on_modal_key(state: &mut State, key: Key, keymap: &Keymap) -> Vec<Effect> {
    let Some(modal) = state.modal.as_mut() else {
        return Vec::new();
    };
    if modal.form().is_some() {
        let effects = on_form_key(state, key, keymap);
        super::escalate::after_key(state);
        return effects;
    }
    let popup = keymap.action(Layer::Popup, &key);
    match modal {
        Modal::Help => {
            if popup == Some(Action::Cancel)
                || matches!(
                    key.code,
                    KeyCode::Char('?' | 'q') | KeyCode::Enter | KeyCode::Esc
                )
            {
                state.modal = None;
            }
            Vec::new()
        }
        Modal::CallOutcome(lead) => {
            if popup == Some(Action::Cancel) {
                state.modal = None;
                return Vec::new();
            }
            if let Some(outcome) = popup.and_then(Action::outcome) {
                let lead = lead.clone();
                let form = forms::call_details_form(state, outcome);
                state.modal = Some(Modal::CallDetails(lead, outcome, form));
            }
            Vec::new()
        }
        Modal::Dialing(lead, _, _) => {
            // Hanging up: the outcome key goes straight to its details, the duration rides along.
            if let Some(outcome) = popup.and_then(Action::outcome) {
                let lead = lead.clone();
                let form = forms::call_details_form(state, outcome);
                state.modal = Some(Modal::CallDetails(lead, outcome, form));
            } else if popup == Some(Action::Cancel) {
                state.modal = Some(Modal::CallOutcome(lead.clone()));
            }
            Vec::new()
        }
        Modal::Compose(_) => super::mail::on_compose_key(state, key, popup),
        Modal::QuitWithMail(_) => super::mail::on_quit_key(state, key),
        Modal::Info(..) => {
            state.modal = None;
            Vec::new()
        }
        Modal::Confirm { effect, .. } => {
            let yes =
                popup == Some(Action::Confirm) || matches!(key.code, KeyCode::Char('y' | 'Y'));
            let no = popup == Some(Action::Cancel) || matches!(key.code, KeyCode::Char('n' | 'N'));
            if yes {
                let effect = (**effect).clone();
                state.modal = None;
                super::escalate::confirmed(state, true);
                if let Effect::Dial { lead, phone } = effect {
                    return super::forms::dial(state, lead, phone);
                }
                // The two marks were for the merge: one of the leads is gone after it.
                if matches!(effect, Effect::Merge { .. }) {
                    state.marked.clear();
                }
                return vec![effect];
            }
            if no {
                state.modal = None;
                super::escalate::confirmed(state, false);
            }
            Vec::new()
        }
        Modal::CallDetails(..) | Modal::Form(..) => Vec::new(),
    }
}

fn on_form_key(state: &mut State, key: Key, keymap: &Keymap) -> Vec<Effect> {
    let action = keymap.action(Layer::Form, &key);
    if let Some(Action::NextField | Action::PrevField) = action {
        let forward = action == Some(Action::NextField);
        if super::escalate::step_focus(state, forward) {
            return Vec::new();
        }
    }
    let Some(form) = state.modal.as_mut().and_then(Modal::form_mut) else {
        return Vec::new();
    };
    match action {
        Some(Action::Cancel) => {
            state.modal = None;
            Vec::new()
        }
        Some(Action::Submit) => match forms::submit(state) {
            Ok(effects) => effects,
            Err(msg) => {
                if let Some(f) = state.modal.as_mut().and_then(Modal::form_mut) {
                    f.error = Some(msg);
                }
                Vec::new()
            }
        },
        Some(Action::NextField) => {
            form.next_field();
            Vec::new()
        }
        Some(Action::PrevField) => {
            form.prev_field();
            Vec::new()
        }
        Some(Action::Down) if !form.cycle_choice(1) => {
            form.next_field();
            Vec::new()
        }
        Some(Action::Up) if !form.cycle_choice(-1) => {
            form.prev_field();
            Vec::new()
        }
        Some(Action::Down | Action::Up) => Vec::new(),
        _ => {
            edit_text(form, key);
            Vec::new()
        }
    }
}

fn edit_text(form: &mut Form, key: Key) {
    if key.ctrl || key.alt {
        return;
    }
    if matches!(key.code, KeyCode::Left | KeyCode::Right)
        && form.cycle_choice(if key.code == KeyCode::Left { -1 } else { 1 })
    {
        return;
    }
    let Some(input) = form.focused_text() else {
        return;
    };
    match key.code {
        KeyCode::Char(c) => input.insert(c),
        KeyCode::Backspace => input.backspace(),
        KeyCode::Delete => input.delete(),
        KeyCode::Left => input.left(),
        KeyCode::Right => input.right(),
        KeyCode::Home => input.home(),
        KeyCode::End => input.end(),
        _ => {}
    }
    form.error = None;
}
