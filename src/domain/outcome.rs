//! Call outcomes (SPEC §2).

use super::i18n::TextKey;
use super::lang::Lang;

/// What happened on a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Spoke with the person.
    Connected,
    /// Nobody answered.
    NoAnswer,
    /// Left a voicemail.
    Voicemail,
    /// The line was busy.
    Busy,
    /// Stopped at reception.
    Gatekeeper,
    /// The number does not belong to the lead.
    WrongNumber,
    /// The person asked to be called back at a given time.
    Callback,
    /// A meeting was set.
    Meeting,
    /// The person is not interested.
    NotInterested,
    /// The person asked never to be called again.
    DoNotCall,
}

impl Outcome {
    /// Every outcome, in the order of the call popup.
    pub const ALL: [Outcome; 10] = [
        Outcome::Connected,
        Outcome::NoAnswer,
        Outcome::Voicemail,
        Outcome::Busy,
        Outcome::Gatekeeper,
        Outcome::WrongNumber,
        Outcome::Callback,
        Outcome::Meeting,
        Outcome::NotInterested,
        Outcome::DoNotCall,
    ];

    /// The stable id.
    pub fn id(self) -> &'static str {
        match self {
            Outcome::Connected => "connected",
            Outcome::NoAnswer => "no_answer",
            Outcome::Voicemail => "voicemail",
            Outcome::Busy => "busy",
            Outcome::Gatekeeper => "gatekeeper",
            Outcome::WrongNumber => "wrong_number",
            Outcome::Callback => "callback",
            Outcome::Meeting => "meeting",
            Outcome::NotInterested => "not_interested",
            Outcome::DoNotCall => "do_not_call",
        }
    }

    /// Parses a stable id.
    pub fn from_id(id: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.id() == id)
    }

    /// The default key in the call popup.
    pub fn default_key(self) -> char {
        match self {
            Outcome::Connected => 'a',
            Outcome::NoAnswer => 'n',
            Outcome::Voicemail => 'v',
            Outcome::Busy => 'b',
            Outcome::Gatekeeper => 'g',
            Outcome::WrongNumber => 'w',
            Outcome::Callback => 'r',
            Outcome::Meeting => 'm',
            Outcome::NotInterested => 'x',
            Outcome::DoNotCall => 'd',
        }
    }

    /// Whether the rep spoke with the person (resets attempts).
    pub fn is_conversation(self) -> bool {
        matches!(
            self,
            Outcome::Connected
                | Outcome::Callback
                | Outcome::Meeting
                | Outcome::NotInterested
                | Outcome::DoNotCall
        )
    }

    /// Whether the outcome needs a time from the rep (callback, meeting).
    pub fn needs_time(self) -> bool {
        matches!(self, Outcome::Callback | Outcome::Meeting)
    }

    /// The label in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        lang.text(match self {
            Outcome::Connected => TextKey::OutcomeConnected,
            Outcome::NoAnswer => TextKey::OutcomeNoAnswer,
            Outcome::Voicemail => TextKey::OutcomeVoicemail,
            Outcome::Busy => TextKey::OutcomeBusy,
            Outcome::Gatekeeper => TextKey::OutcomeGatekeeper,
            Outcome::WrongNumber => TextKey::OutcomeWrongNumber,
            Outcome::Callback => TextKey::OutcomeCallback,
            Outcome::Meeting => TextKey::OutcomeMeeting,
            Outcome::NotInterested => TextKey::OutcomeNotInterested,
            Outcome::DoNotCall => TextKey::OutcomeDoNotCall,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_keys_are_unique() {
        let mut ids: Vec<_> = Outcome::ALL.iter().map(|o| o.id()).collect();
        let mut keys: Vec<_> = Outcome::ALL.iter().map(|o| o.default_key()).collect();
        ids.sort_unstable();
        ids.dedup();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(ids.len(), 10);
        assert_eq!(keys.len(), 10);
        for o in Outcome::ALL {
            assert_eq!(Outcome::from_id(o.id()), Some(o));
        }
    }
}
