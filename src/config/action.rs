//! What a user can bind: [`Action`] (the ids of SPEC Appendix D) and the keymap [`Layer`]s.

use std::fmt;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

use crate::domain::i18n::TextKey;
use crate::domain::{Lang, Outcome};

/// A keymap layer; a key goes to the top layer first (form, popup, list, global).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layer {
    /// Always available.
    Global,
    /// The lead views.
    List,
    /// Popups: the call outcome popup, compose, pickers, confirmations.
    Popup,
    /// A focused text field.
    Form,
}

impl Layer {
    /// Every layer, bottom first (the order of `[keys.*]` in the configuration).
    pub const ALL: [Layer; 4] = [Layer::Global, Layer::List, Layer::Popup, Layer::Form];

    /// Every layer in the order a key is offered to them: top first.
    pub const ROUTING: [Layer; 4] = [Layer::Form, Layer::Popup, Layer::List, Layer::Global];

    /// The id as written in `[keys.<id>]`.
    pub fn id(self) -> &'static str {
        match self {
            Layer::Global => "global",
            Layer::List => "list",
            Layer::Popup => "popup",
            Layer::Form => "form",
        }
    }

    /// Index in [`Layer::ALL`].
    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

macro_rules! actions {
    ($( $(#[$doc:meta])* $variant:ident = $id:literal, [$($layer:ident),+], $text:path; )+) => {
        /// Something a user can bind to a key (SPEC Appendix D, plus the form actions).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action {
            $( $(#[$doc])* $variant, )+
        }

        impl Action {
            /// Every action, in the order of the help overlay (SPEC §5).
            pub const ALL: &'static [Action] = &[ $( Action::$variant, )+ ];

            /// The stable kebab-case id used in `[keys.*]`.
            pub fn id(self) -> &'static str {
                match self { $( Action::$variant => $id, )+ }
            }

            /// The layers in which the action may be bound.
            pub fn layers(self) -> &'static [Layer] {
                match self { $( Action::$variant => &[$(Layer::$layer),+], )+ }
            }

            /// The catalogue key of the description.
            pub fn text_key(self) -> TextKey {
                match self { $( Action::$variant => $text, )+ }
            }
        }
    };
}

actions! {
    /// Show the key help.
    Help = "help", [Global], TextKey::ActionHelp;
    /// Quit (asks first when mail is queued).
    Quit = "quit", [Global], TextKey::ActionQuit;
    /// The Today view.
    View1 = "view-1", [Global], TextKey::ActionView1;
    /// The New view.
    View2 = "view-2", [Global], TextKey::ActionView2;
    /// The Not reached view.
    View3 = "view-3", [Global], TextKey::ActionView3;
    /// The Engaged view.
    View4 = "view-4", [Global], TextKey::ActionView4;
    /// The Lost view.
    View5 = "view-5", [Global], TextKey::ActionView5;
    /// The Handed off view.
    View6 = "view-6", [Global], TextKey::ActionView6;
    /// The Dashboard.
    View7 = "view-7", [Global], TextKey::ActionView7;
    /// The next view.
    NextView = "next-view", [Global], TextKey::ActionNextView;
    /// The previous view.
    PrevView = "prev-view", [Global], TextKey::ActionPrevView;
    /// Search all leads.
    Search = "search", [Global], TextKey::ActionSearch;
    /// Undo the latest action.
    Undo = "undo", [Global], TextKey::ActionUndo;
    /// Redo what was undone.
    Redo = "redo", [Global], TextKey::ActionRedo;
    /// Move down (list, picker, form).
    Down = "down", [List, Popup, Form], TextKey::ActionDown;
    /// Move up (list, picker, form).
    Up = "up", [List, Popup, Form], TextKey::ActionUp;
    /// Go to the first lead.
    Top = "top", [List], TextKey::ActionTop;
    /// Go to the last lead.
    Bottom = "bottom", [List], TextKey::ActionBottom;
    /// One page down.
    PageDown = "page-down", [List], TextKey::ActionPageDown;
    /// One page up.
    PageUp = "page-up", [List], TextKey::ActionPageUp;
    /// Open the lead's detail.
    Open = "open", [List], TextKey::ActionOpen;
    /// Back out of the detail, filter or search.
    Back = "back", [List], TextKey::ActionBack;
    /// Mark or unmark the lead for a bulk action.
    Mark = "mark", [List], TextKey::ActionMark;
    /// Log a call (outcome popup).
    LogCall = "log-call", [List], TextKey::ActionLogCall;
    /// Dial with `calling.dial_command`, then log the outcome.
    Dial = "dial", [List], TextKey::ActionDial;
    /// Log an inbound call.
    InboundCall = "inbound-call", [List], TextKey::ActionInboundCall;
    /// Log a mail reply.
    ReplyReceived = "reply-received", [List], TextKey::ActionReplyReceived;
    /// Meeting held, no-show or rescheduled.
    MeetingOutcome = "meeting-outcome", [List], TextKey::ActionMeetingOutcome;
    /// Compose a mail.
    Mail = "mail", [List], TextKey::ActionMail;
    /// Mail the marked leads or the filtered view.
    BulkMail = "bulk-mail", [List], TextKey::ActionBulkMail;
    /// Enrol in a sequence.
    Enrol = "enrol", [List], TextKey::ActionEnrol;
    /// Escalate to field sales.
    Escalate = "escalate", [List], TextKey::ActionEscalate;
    /// Record field-sales feedback.
    Feedback = "feedback", [List], TextKey::ActionFeedback;
    /// Export the handoff summary.
    ExportSummary = "export-summary", [List], TextKey::ActionExportSummary;
    /// Mark lost (reason, date).
    MarkLost = "mark-lost", [List], TextKey::ActionMarkLost;
    /// Schedule or snooze the next action.
    Schedule = "schedule", [List], TextKey::ActionSchedule;
    /// Add a note.
    Note = "note", [List], TextKey::ActionNote;
    /// Add a lead.
    AddLead = "add-lead", [List], TextKey::ActionAddLead;
    /// Edit the lead.
    EditLead = "edit-lead", [List], TextKey::ActionEditLead;
    /// Merge the two marked leads.
    Merge = "merge", [List], TextKey::ActionMerge;
    /// Import a CSV file.
    Import = "import", [List], TextKey::ActionImport;
    /// Filter by group, grade, source or tag.
    Filter = "filter", [List], TextKey::ActionFilter;
    /// Save the filter as a view.
    SaveView = "save-view", [List], TextKey::ActionSaveView;
    /// List the leads over SLA.
    OverSla = "over-sla", [List], TextKey::ActionOverSla;
    /// Toggle the call block (only leads callable now).
    CallBlock = "call-block", [List], TextKey::ActionCallBlock;
    /// Copy the phone or email (OSC 52).
    Copy = "copy", [List], TextKey::ActionCopy;
    /// Outcome `connected`.
    OutcomeConnected = "outcome-connected", [Popup], TextKey::ActionOutcomeConnected;
    /// Outcome `no_answer`.
    OutcomeNoAnswer = "outcome-no-answer", [Popup], TextKey::ActionOutcomeNoAnswer;
    /// Outcome `voicemail`.
    OutcomeVoicemail = "outcome-voicemail", [Popup], TextKey::ActionOutcomeVoicemail;
    /// Outcome `busy`.
    OutcomeBusy = "outcome-busy", [Popup], TextKey::ActionOutcomeBusy;
    /// Outcome `gatekeeper`.
    OutcomeGatekeeper = "outcome-gatekeeper", [Popup], TextKey::ActionOutcomeGatekeeper;
    /// Outcome `wrong_number`.
    OutcomeWrongNumber = "outcome-wrong-number", [Popup], TextKey::ActionOutcomeWrongNumber;
    /// Outcome `callback`.
    OutcomeCallback = "outcome-callback", [Popup], TextKey::ActionOutcomeCallback;
    /// Outcome `meeting`.
    OutcomeMeeting = "outcome-meeting", [Popup], TextKey::ActionOutcomeMeeting;
    /// Outcome `not_interested`.
    OutcomeNotInterested = "outcome-not-interested", [Popup], TextKey::ActionOutcomeNotInterested;
    /// Outcome `do_not_call`.
    OutcomeDoNotCall = "outcome-do-not-call", [Popup], TextKey::ActionOutcomeDoNotCall;
    /// Edit the draft in `$EDITOR`.
    EditInEditor = "edit-in-editor", [Popup], TextKey::ActionEditInEditor;
    /// Confirm (in compose: send, after a confirmation).
    Confirm = "confirm", [Popup], TextKey::ActionConfirm;
    /// Send at once (unbound by default: `confirm` sends from compose).
    Send = "send", [Popup], TextKey::ActionSend;
    /// Close the popup or form without changes.
    Cancel = "cancel", [Popup, Form], TextKey::ActionCancel;
    /// The next form field.
    NextField = "next-field", [Form], TextKey::ActionNextField;
    /// The previous form field.
    PrevField = "prev-field", [Form], TextKey::ActionPrevField;
    /// Submit the form.
    Submit = "submit", [Form], TextKey::ActionSubmit;
}

impl Action {
    /// A short description for the help overlay and the hint line.
    pub fn describe(self, lang: Lang) -> &'static str {
        lang.text(self.text_key())
    }

    /// Parses a stable id.
    pub fn from_id(id: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.id() == id)
    }

    /// Whether the action may be bound in a layer.
    pub fn belongs_to(self, layer: Layer) -> bool {
        self.layers().contains(&layer)
    }

    /// The call outcome an `outcome-*` action logs.
    pub fn outcome(self) -> Option<Outcome> {
        Outcome::ALL
            .into_iter()
            .find(|o| Action::for_outcome(*o) == self)
    }

    /// The `outcome-*` action of a call outcome.
    pub fn for_outcome(outcome: Outcome) -> Action {
        match outcome {
            Outcome::Connected => Action::OutcomeConnected,
            Outcome::NoAnswer => Action::OutcomeNoAnswer,
            Outcome::Voicemail => Action::OutcomeVoicemail,
            Outcome::Busy => Action::OutcomeBusy,
            Outcome::Gatekeeper => Action::OutcomeGatekeeper,
            Outcome::WrongNumber => Action::OutcomeWrongNumber,
            Outcome::Callback => Action::OutcomeCallback,
            Outcome::Meeting => Action::OutcomeMeeting,
            Outcome::NotInterested => Action::OutcomeNotInterested,
            Outcome::DoNotCall => Action::OutcomeDoNotCall,
        }
    }

    /// The view number (1–7) of a `view-N` action.
    pub fn view(self) -> Option<u8> {
        match self {
            Action::View1 => Some(1),
            Action::View2 => Some(2),
            Action::View3 => Some(3),
            Action::View4 => Some(4),
            Action::View5 => Some(5),
            Action::View6 => Some(6),
            Action::View7 => Some(7),
            _ => None,
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for Action {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl<'de> Deserialize<'de> for Action {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let id = String::deserialize(d)?;
        Action::from_id(&id).ok_or_else(|| de::Error::custom(unknown_action(&id)))
    }
}

/// The message for an unknown action id, with the closest known id when there is one.
pub(crate) fn unknown_action(id: &str) -> String {
    // A whole word of an id (`call` → `log-call`) beats a near spelling (`call` → `mail`).
    let by_word = Action::ALL
        .iter()
        .map(|a| a.id())
        .find(|known| known.split('-').any(|w| w == id));
    let by_spelling = || {
        Action::ALL
            .iter()
            .map(|a| (edit_distance(id, a.id()), a.id()))
            .min_by_key(|(d, _)| *d)
            .filter(|(d, _)| *d <= 3)
            .map(|(_, near)| near)
    };
    match by_word.or_else(by_spelling) {
        Some(near) => format!("unknown action `{id}` (did you mean `{near}`?)"),
        None => format!(
            "unknown action `{id}` (the actions are listed in the [keys.*] tables of config.example.toml)"
        ),
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}
