//! Why a request was refused as invalid or blocked, as data: the reason and the values it names.
//!
//! Use cases do not build sentences. Several of them run where the rep's language is not at hand
//! (inside a store transaction, in the import reader), and the same error reaches both the TUI
//! status line and the CLI's stderr; so the reason travels typed and the edge renders it with
//! [`Problem::text`] in the configured language. `Display` renders English, for logs and for
//! callers that have no language.

use std::fmt;

use crate::domain::i18n::TextKey;
use crate::domain::sequence::EnrolRefusal;
use crate::domain::when::WhenError;
use crate::domain::{Lang, LeadId};

use super::mail::MailError;

/// A reason a use case did not happen, with the values the message names.
#[derive(Debug)]
pub enum Problem {
    /// `FIELD=VALUE` where the field takes a yes/no.
    NotTrueOrFalse {
        /// The field.
        field: String,
        /// What the rep gave.
        value: String,
    },
    /// The email field holds no email address.
    NotAnEmail(String),
    /// The time-zone field holds no IANA zone.
    NotATimeZone(String),
    /// A number field holds no number.
    NoNumber {
        /// The field.
        field: String,
        /// What the rep gave.
        value: String,
    },
    /// A date or time that does not read; `error` says why, and renders in the rep's language.
    BadTime {
        /// The field or flag.
        field: String,
        /// What the parser found wrong.
        error: WhenError,
    },
    /// `FIELD=VALUE` with an unknown field.
    UnknownField {
        /// The field asked for.
        field: String,
        /// The fields there are, comma-separated.
        known: String,
    },
    /// An argument that should read `FIELD=VALUE`.
    NotFieldValue(String),
    /// A new lead with neither a name nor a company.
    NeedsNameOrCompany,
    /// A note with no text.
    EmptyNote,
    /// A lost reason that is not configured.
    UnknownLostReason {
        /// The reason asked for.
        reason: String,
        /// The configured reasons, comma-separated.
        known: String,
    },
    /// `--phone` names a number the lead does not have.
    NoSuchPhone {
        /// The lead.
        id: LeadId,
        /// The number given.
        phone: String,
    },
    /// A saved view without a name.
    ViewNeedsName,
    /// `merge A A`.
    MergeWithItself,
    /// `qualify` with an argument that is not `ITEM=STATE`.
    NotItemState(String),
    /// `qualify` with no `ITEM=STATE` at all.
    NoItemState,
    /// A qualification item the framework does not have.
    NotAnItem {
        /// The item given.
        item: String,
        /// The framework's id.
        framework: String,
        /// Its items, comma-separated.
        items: String,
    },
    /// A qualification state that does not exist.
    NotAState(String),
    /// `--from-activity` names a journal row the lead does not have.
    NoJournalRow {
        /// The lead.
        id: LeadId,
        /// The row.
        row: i64,
    },
    /// `--from-activity` names a row without a note to quote.
    RowHasNoNote(i64),
    /// Escalation without the field rep's name.
    NameTheFieldRep,
    /// The lead is handed off already (also the race guard inside the write).
    AlreadyHandedOff(LeadId),
    /// The handoff gate fails and no override was written; `why` is the gate's own reasons,
    /// already in the rep's language (the gate rule renders them).
    GateFails {
        /// The failing checks.
        why: String,
    },
    /// Feedback on a lead that is not handed off.
    NotHandedOff {
        /// The lead.
        id: LeadId,
        /// Its stage id.
        stage: String,
    },
    /// Acceptance recorded twice.
    AlreadyAccepted(LeadId),
    /// `--to` / `--lost-reason` with an acceptance.
    FeedbackOptionsNeedRejection,
    /// A rejection without its reason.
    RejectionNeedsReason,
    /// `--lost-reason` without `--to lost`.
    LostReasonNeedsToLost,
    /// `--to lost` without `--lost-reason`.
    ToLostNeedsLostReason,
    /// `--lost-reason` that is not configured.
    UnknownFeedbackLostReason {
        /// The reason given.
        reason: String,
        /// The configured reasons, comma-separated.
        known: String,
    },
    /// `--to` with a stage feedback cannot send a lead back to.
    FeedbackBadStage(String),
    /// A sequence that is not configured.
    UnknownSequence {
        /// The name given.
        name: String,
        /// The configured sequences, comma-separated.
        known: String,
    },
    /// The lead cannot be enrolled.
    CannotEnrol(EnrolRefusal),
    /// A sequence step on a lead in no sequence.
    NotInSequence(LeadId),
    /// `transfer` without `--to`.
    TransferNeedsTo,
    /// The lead went to a colleague already.
    AlreadyTransferred {
        /// The lead.
        id: LeadId,
        /// The colleague.
        to: String,
    },
    /// A transfer bundle that does not read; `detail` is the parser's own text.
    BadBundle {
        /// The file.
        path: String,
        /// The 1-based line.
        line: usize,
        /// What is wrong.
        detail: String,
    },
    /// The file is empty or not a bundle.
    NotABundle {
        /// The file.
        path: String,
    },
    /// A bundle written by a newer leadbench.
    BundleVersion {
        /// The file.
        path: String,
        /// The version found.
        version: u64,
    },
    /// The import's reading thread died.
    ReadingThreadFailed,
    /// A file could not be read or written; `detail` is the system's (or the parser's) text.
    File {
        /// The file.
        path: String,
        /// What went wrong.
        detail: String,
    },
    /// A mail could not be composed, queued or sent.
    Mail(MailError),
}

impl Problem {
    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use Problem as P;
        let q = |s: &str| format!("{s:?}");
        match self {
            P::NotTrueOrFalse { field, value } => lang.fill(
                TextKey::OpsProblemNotTrueOrFalse,
                &[("field", field), ("value", &q(value))],
            ),
            P::NotAnEmail(v) => lang.fill(TextKey::OpsProblemNotAnEmail, &[("value", &q(v))]),
            P::NotATimeZone(v) => lang.fill(TextKey::OpsProblemNotATimeZone, &[("value", &q(v))]),
            P::NoNumber { field, value } => lang.fill(
                TextKey::OpsProblemNoNumber,
                &[("field", field), ("value", &q(value))],
            ),
            P::BadTime { field, error } => lang.fill(
                TextKey::OpsProblemBadTime,
                &[("field", field), ("detail", &error.text(lang))],
            ),
            P::UnknownField { field, known } => lang.fill(
                TextKey::OpsProblemUnknownField,
                &[("field", &q(field)), ("known", known)],
            ),
            P::NotFieldValue(v) => lang.fill(TextKey::OpsProblemNotFieldValue, &[("value", &q(v))]),
            P::NeedsNameOrCompany => lang.text(TextKey::OpsProblemNeedsNameOrCompany).to_owned(),
            P::EmptyNote => lang.text(TextKey::OpsProblemEmptyNote).to_owned(),
            P::UnknownLostReason { reason, known } => lang.fill(
                TextKey::OpsProblemUnknownLostReason,
                &[("reason", &q(reason)), ("known", known)],
            ),
            P::NoSuchPhone { id, phone } => lang.fill(
                TextKey::OpsProblemNoSuchPhone,
                &[("id", id), ("phone", phone)],
            ),
            P::ViewNeedsName => lang.text(TextKey::OpsProblemViewNeedsName).to_owned(),
            P::MergeWithItself => lang.text(TextKey::OpsProblemMergeWithItself).to_owned(),
            P::NotItemState(v) => lang.fill(TextKey::OpsProblemNotItemState, &[("value", &q(v))]),
            P::NoItemState => lang.text(TextKey::OpsProblemNoItemState).to_owned(),
            P::NotAnItem {
                item,
                framework,
                items,
            } => lang.fill(
                TextKey::OpsProblemNotAnItem,
                &[
                    ("item", &q(item)),
                    ("framework", framework),
                    ("items", items),
                ],
            ),
            P::NotAState(v) => lang.fill(TextKey::OpsProblemNotAState, &[("value", &q(v))]),
            P::NoJournalRow { id, row } => {
                lang.fill(TextKey::OpsProblemNoJournalRow, &[("id", id), ("row", row)])
            }
            P::RowHasNoNote(row) => lang.fill(TextKey::OpsProblemRowHasNoNote, &[("row", row)]),
            P::NameTheFieldRep => lang.text(TextKey::OpsEscalateNameTheFieldRep).to_owned(),
            P::AlreadyHandedOff(id) => {
                lang.fill(TextKey::OpsEscalateAlreadyHandedOff, &[("id", id)])
            }
            P::GateFails { why } => lang.fill(TextKey::OpsEscalateGateFails, &[("why", why)]),
            P::NotHandedOff { id, stage } => lang.fill(
                TextKey::OpsFeedbackNotHandedOff,
                &[("id", id), ("stage", stage)],
            ),
            P::AlreadyAccepted(id) => {
                lang.fill(TextKey::OpsFeedbackFieldSalesAlreadyAccepted, &[("id", id)])
            }
            P::FeedbackOptionsNeedRejection => {
                lang.text(TextKey::OpsFeedbackToAndLostReasonGo).to_owned()
            }
            P::RejectionNeedsReason => lang
                .text(TextKey::OpsFeedbackARejectionNeedsItsReason)
                .to_owned(),
            P::LostReasonNeedsToLost => lang.text(TextKey::OpsFeedbackLostReasonGoes).to_owned(),
            P::ToLostNeedsLostReason => lang
                .text(TextKey::OpsFeedbackToLostNeedsLostReason)
                .to_owned(),
            P::UnknownFeedbackLostReason { reason, known } => lang.fill(
                TextKey::OpsFeedbackUnknownLostReason,
                &[("reason", &q(reason)), ("known", known)],
            ),
            P::FeedbackBadStage(stage) => {
                lang.fill(TextKey::OpsFeedbackBadStage, &[("stage", stage)])
            }
            P::UnknownSequence { name, known } => lang.fill(
                TextKey::OpsProblemUnknownSequence,
                &[("name", &q(name)), ("known", known)],
            ),
            P::CannotEnrol(why) => why.text(lang),
            P::NotInSequence(id) => lang.fill(TextKey::OpsProblemNotInSequence, &[("id", id)]),
            P::TransferNeedsTo => lang.text(TextKey::OpsProblemTransferNeedsTo).to_owned(),
            P::AlreadyTransferred { id, to } => lang.fill(
                TextKey::OpsProblemAlreadyTransferred,
                &[("id", id), ("to", to)],
            ),
            P::BadBundle { path, line, detail } => lang.fill(
                TextKey::OpsProblemBadBundle,
                &[("path", path), ("line", line), ("detail", detail)],
            ),
            P::NotABundle { path } => lang.fill(TextKey::OpsProblemNotABundle, &[("path", path)]),
            P::BundleVersion { path, version } => lang.fill(
                TextKey::OpsProblemBundleVersion,
                &[("path", path), ("version", version)],
            ),
            P::ReadingThreadFailed => lang.text(TextKey::OpsProblemReadingThreadFailed).to_owned(),
            P::File { path, detail } => lang.fill(
                TextKey::OpsProblemFile,
                &[("path", path), ("detail", detail)],
            ),
            P::Mail(e) => e.text(lang),
        }
    }

    /// A file problem: the path as shown, and the system's explanation.
    pub fn file(path: &std::path::Path, detail: &dyn fmt::Display) -> Problem {
        Problem::File {
            path: path.display().to_string(),
            detail: detail.to_string(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_is_the_default_rendering_and_japanese_differs() {
        let p = Problem::NoSuchPhone {
            id: 7,
            phone: "03-1234".into(),
        };
        assert_eq!(p.to_string(), "lead 7 has no phone 03-1234");
        let ja = p.text(Lang::Ja);
        assert!(ja.contains("03-1234") && ja.contains('7'), "{ja}");
        assert_ne!(ja, p.to_string());
    }
}
