//! The bottom two lines: key hints for the current context (from the keymap) and the status.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::{Modal, State, StatusKind, View};
use crate::config::{Action, Keymap, Layer};
use crate::domain::i18n::TextKey;
use crate::domain::text::display_width;
use crate::domain::{Lang, Stage};

use super::{fmt, style};

/// List actions that work in this version, in hint order.
const LIST_HINTS: [Action; 18] = [
    Action::LogCall,
    Action::Schedule,
    Action::MarkLost,
    Action::Note,
    Action::Dial,
    Action::Filter,
    Action::InboundCall,
    Action::ReplyReceived,
    Action::MeetingOutcome,
    Action::Escalate,
    Action::AddLead,
    Action::EditLead,
    Action::SaveView,
    Action::OverSla,
    Action::Mark,
    Action::Open,
    Action::Back,
    Action::Copy,
];

/// `key description` pairs for the current context; the first one is kept whatever the width.
pub(super) fn hints(state: &State, keymap: &Keymap) -> Vec<(String, String)> {
    let lang = state.lang();
    let hint = |layer: Layer, action: Action| -> Option<(String, String)> {
        let keys = keymap.keys_label(layer, action);
        (!keys.is_empty()).then(|| (keys, action.describe(lang).to_owned()))
    };
    let mut out: Vec<Option<(String, String)>> = Vec::new();
    match &state.modal {
        Some(Modal::Help) => {
            out.push(
                hint(Layer::Popup, Action::Cancel)
                    .map(|(k, _)| (k, lang.text(TextKey::UiBottomClose).to_owned())),
            );
        }
        Some(Modal::CallOutcome(_) | Modal::Dialing(..)) => {
            out.push(hint(Layer::Popup, Action::Cancel))
        }
        Some(Modal::Confirm { .. }) => {
            out.extend(confirm_hints(keymap, lang).into_iter().map(Some));
        }
        Some(Modal::Compose(_)) => {
            out.push(Some((
                "↑/↓".to_owned(),
                lang.text(TextKey::UiBottomTemplate).to_owned(),
            )));
            out.push(hint(Layer::Popup, Action::EditInEditor));
            out.push(
                hint(Layer::Popup, Action::Confirm)
                    .map(|(k, _)| (k, lang.text(TextKey::UiBottomSend).to_owned())),
            );
            out.push(hint(Layer::Popup, Action::Cancel));
        }
        Some(Modal::QuitWithMail(_)) => {
            out.extend(quit_with_mail_hints(lang).into_iter().map(Some))
        }
        Some(Modal::Info(..)) => {
            out.push(Some((
                lang.text(TextKey::UiBottomAnyKey).to_owned(),
                lang.text(TextKey::UiBottomClose).to_owned(),
            )));
        }
        Some(Modal::CallDetails(..) | Modal::Form(..)) => {
            for a in [
                Action::Submit,
                Action::NextField,
                Action::PrevField,
                Action::Cancel,
            ] {
                out.push(hint(Layer::Form, a));
            }
        }
        None if state.search.as_ref().is_some_and(|s| !s.in_results) => {
            out.push(Some((
                "↓/Enter".to_owned(),
                lang.text(TextKey::UiBottomResults).to_owned(),
            )));
            out.push(Some((
                "Esc".to_owned(),
                lang.text(TextKey::UiBottomCloseSearch).to_owned(),
            )));
        }
        None => {
            let list = if state.view == View::Dashboard && state.search.is_none() {
                &[][..]
            } else {
                &LIST_HINTS[..]
            };
            // Handed off: field sales' feedback and the summary lead; escalating is done.
            let handed_off: Vec<Action>;
            let list = if state.view == View::Stage(Stage::HandedOff) {
                handed_off = [Action::Feedback, Action::ExportSummary]
                    .into_iter()
                    .chain(list.iter().copied().filter(|a| *a != Action::Escalate))
                    .collect();
                &handed_off[..]
            } else {
                list
            };
            // Back first when the detail covers the table: the way out must show.
            if state.detail_open && !list.is_empty() {
                out.push(hint(Layer::List, Action::Back));
            }
            // The logging actions first, then undo and quit, then moving about.
            let (log, nav) = list.split_at(list.len().min(7));
            out.extend(log.iter().map(|a| hint(Layer::List, *a)));
            out.extend(
                [Action::Search, Action::Undo, Action::Quit].map(|a| hint(Layer::Global, a)),
            );
            out.extend(
                nav.iter()
                    .filter(|a| !(state.detail_open && **a == Action::Back))
                    .map(|a| hint(Layer::List, *a)),
            );
            out.push(hint(Layer::Global, Action::Redo));
            let first = keymap.keys(Layer::Global, Action::View1).first();
            let last = keymap.keys(Layer::Global, Action::View7).first();
            if let (Some(a), Some(b)) = (first, last) {
                out.push(Some((
                    format!("{a}…{b}"),
                    lang.text(TextKey::UiBottomViews).to_owned(),
                )));
            }
            // Help goes first in the list so that it always shows; it is drawn last.
            out.insert(0, hint(Layer::Global, Action::Help));
        }
    }
    out.into_iter().flatten().collect()
}

/// The yes/no keys of a confirmation: `y` plus the popup's confirm keys, `n` plus its cancel keys.
/// The keys of the question asked when the rep quits with mail waiting to leave.
pub(super) fn quit_with_mail_hints(lang: Lang) -> Vec<(String, String)> {
    vec![
        (
            "s/k/c".to_owned(),
            lang.text(TextKey::UiBottomSendKeepCancel).to_owned(),
        ),
        (
            "Esc".to_owned(),
            lang.text(TextKey::UiBottomStay).to_owned(),
        ),
    ]
}

pub(super) fn confirm_hints(keymap: &Keymap, lang: Lang) -> Vec<(String, String)> {
    let with = |first: &str, action: Action| {
        std::iter::once(first.to_owned())
            .chain(
                keymap
                    .keys(Layer::Popup, action)
                    .iter()
                    .map(ToString::to_string),
            )
            .collect::<Vec<_>>()
            .join("/")
    };
    vec![
        (
            with("y", Action::Confirm),
            lang.text(TextKey::UiBottomYes).to_owned(),
        ),
        (
            with("n", Action::Cancel),
            lang.text(TextKey::UiBottomNo).to_owned(),
        ),
    ]
}

/// Spans for `key desc · key desc`, whole items only, fitting `width`; the first item of
/// `items` is pinned to the end when the list is not about a modal.
pub(super) fn hint_spans(
    items: &[(String, String)],
    width: usize,
    pin_first: bool,
) -> Vec<Span<'static>> {
    let text = |(k, d): &(String, String)| format!("{k} {d}");
    let sep = " · ";
    let (pinned, rest) = match items.split_first() {
        Some((p, rest)) if pin_first => (Some(p), rest),
        _ => (None, items),
    };
    let reserve = pinned.map_or(0, |p| display_width(&text(p)) + display_width(sep));
    let mut chosen: Vec<&(String, String)> = Vec::new();
    let mut used = 0;
    for item in rest {
        let w = display_width(&text(item))
            + if chosen.is_empty() {
                0
            } else {
                display_width(sep)
            };
        if used + w + reserve > width {
            break;
        }
        used += w;
        chosen.push(item);
    }
    chosen.extend(pinned);
    let mut spans = Vec::new();
    for (i, (k, d)) in chosen.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(sep, style::dim()));
        }
        spans.push(Span::styled(k.clone(), style::title()));
        spans.push(Span::raw(format!(" {d}")));
    }
    spans
}

/// A popup's bottom-border line: the hints, padded by a space each side.
pub(super) fn footer(items: &[(String, String)], popup_width: u16) -> Line<'static> {
    let mut spans = vec![Span::raw(" ")];
    spans.extend(hint_spans(
        items,
        usize::from(popup_width.saturating_sub(4)),
        false,
    ));
    spans.push(Span::raw(" "));
    Line::from(spans)
}

/// Draws the hint line.
pub(super) fn render_hints(frame: &mut Frame, area: Rect, state: &State, keymap: &Keymap) {
    let items = hints(state, keymap);
    let spans = hint_spans(
        &items,
        usize::from(area.width).saturating_sub(1),
        state.modal.is_none(),
    );
    let mut line = vec![Span::raw(" ")];
    line.extend(spans);
    frame.render_widget(Paragraph::new(Line::from(line)), area);
}

/// Draws the status line: errors red and bold with a leading `!`, warnings yellow and bold.
pub(super) fn render_status(frame: &mut Frame, area: Rect, state: &State) {
    let Some(status) = &state.status else {
        return;
    };
    let (prefix, st) = match status.kind {
        StatusKind::Info => ("", Style::new()),
        StatusKind::Warn => ("", style::warn()),
        StatusKind::Error => ("! ", style::alarm()),
    };
    let text = fmt::safe(
        &format!("{prefix}{}", status.text),
        usize::from(area.width).saturating_sub(1),
    );
    frame.render_widget(Paragraph::new(Line::styled(format!(" {text}"), st)), area);
}
