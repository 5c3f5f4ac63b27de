//! A call as the rep reports it, and the rules that can stop it.

use super::i18n::TextKey;
use super::{Lang, Outcome, Ts};

/// A call as the rep reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallRequest {
    /// What happened.
    pub outcome: Outcome,
    /// When (default now).
    pub at: Option<Ts>,
    /// The next call (required for callback; optional for connected).
    pub next: Option<Ts>,
    /// The meeting (required for meeting).
    pub meeting: Option<Ts>,
    /// Lost-reason id for not interested.
    pub reason: Option<String>,
    /// The number dialled (E.164 or as stored); default the primary.
    pub phone: Option<String>,
    /// The rep's note.
    pub note: String,
    /// Call length in seconds.
    pub duration: Option<u32>,
    /// Log it even over the daily cap, outside the window or to a do-not-call lead.
    pub force: bool,
    /// Check the calling window (the TUI always; the CLI when the time is given with --at).
    pub check_window: bool,
}

impl CallRequest {
    /// A call with just an outcome.
    pub fn new(outcome: Outcome) -> CallRequest {
        CallRequest {
            outcome,
            at: None,
            next: None,
            meeting: None,
            reason: None,
            phone: None,
            note: String::new(),
            duration: None,
            force: false,
            check_window: false,
        }
    }
}

/// A rule that stops a call until the rep confirms (TUI) or forces it (CLI, exit 4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The lead asked not to be called.
    DoNotCall,
    /// The lead was called `calls` times today already.
    DailyCap {
        /// Calls today.
        calls: u32,
        /// The cap.
        cap: u32,
    },
    /// The lead's local time is outside its calling window.
    OutsideWindow {
        /// The lead's local time, formatted.
        local: String,
        /// The lead's zone.
        zone: String,
    },
    /// The lead opted out of mail.
    OptedOut,
}

impl Refusal {
    /// [`Refusal::OutsideWindow`] when `at` is outside `lead`'s calling window (the lead's
    /// local time and zone named), else `None`.
    pub fn outside_window(
        policy: &super::policy::Policy,
        lead: &super::Lead,
        at: Ts,
    ) -> Option<Refusal> {
        if policy.is_callable(lead, at) {
            return None;
        }
        let tz = policy.lead_tz(lead.timezone.as_deref());
        Some(Refusal::OutsideWindow {
            local: at.with_timezone(&tz).format("%a %H:%M").to_string(),
            zone: tz.name().to_owned(),
        })
    }

    /// The reason in `lang`, as the TUI's confirmation and the CLI's stderr show it.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Refusal::DoNotCall => lang.text(TextKey::DomainRefusalDoNotCall).to_owned(),
            Refusal::DailyCap { calls, cap } => lang.fill(
                TextKey::DomainRefusalDailyCap,
                &[("calls", calls), ("cap", cap)],
            ),
            Refusal::OutsideWindow { local, zone } => lang.fill(
                TextKey::DomainRefusalOutsideWindow,
                &[("local", local), ("zone", zone)],
            ),
            Refusal::OptedOut => lang.text(TextKey::DomainRefusalOptedOut).to_owned(),
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}
