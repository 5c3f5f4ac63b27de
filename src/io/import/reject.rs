//! Why a row of a lead or events file was refused, as data.
//!
//! The reason reaches three places: the TUI import popup and the CLI's human summary, which
//! render it in the rep's language with [`RejectReason::text`], and `import --json` /
//! `import-events --json`, whose `reason` strings are a contract for scripts (SPEC Appendix B)
//! and so stay English whatever `ui.language` says. `Display` writes that contract text from
//! fixed format strings rather than from the catalogue, so editing a translation can never
//! change the JSON; a test holds the English catalogue text equal to it.

use std::fmt;

use crate::domain::Lang;
use crate::domain::i18n::TextKey;

/// A row refused, with its physical line and the reason.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Reject {
    /// Physical line where the record starts.
    pub line: u64,
    /// Why.
    pub reason: RejectReason,
}

/// Why a row was refused, with the values the reason names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RejectReason {
    /// More or fewer filled fields than the header has columns.
    WrongColumnCount {
        /// Fields in the row.
        fields: usize,
        /// Columns in the header.
        header: usize,
    },
    /// A field over [`super::row::MAX_FIELD_BYTES`]; nothing is silently cut.
    FieldTooLarge {
        /// The column's header.
        field: String,
        /// Its size, when the reader reports it (the lead import does, events do not).
        bytes: Option<usize>,
    },
    /// Bytes the file's encoding cannot read.
    InvalidBytes {
        /// The column's header.
        field: String,
        /// The encoding, when the reader names it (the lead import does, events do not).
        encoding: Option<String>,
    },
    /// A lead row with neither a usable email nor a usable phone.
    NoEmailNoPhone,
    /// An event row whose email does not read as one.
    NoUsableEmail(String),
    /// An event row whose timestamp does not read as a date.
    NotADate(String),
    /// An event row whose timestamp lies more than a day ahead.
    InTheFuture(String),
    /// A quoted field opened on `line` is never closed: the reader took the rest of the file,
    /// up to `last_line`, for that one field.
    UnclosedQuote {
        /// The line of the opening quote.
        line: u64,
        /// The last line of the file.
        last_line: u64,
    },
}

impl RejectReason {
    /// The reason in `lang`, for people (the popup, the CLI summary).
    pub fn text(&self, lang: Lang) -> String {
        match self {
            RejectReason::WrongColumnCount { fields, header } => lang.fill(
                TextKey::IoRejectWrongColumnCount,
                &[("fields", fields), ("header", header)],
            ),
            RejectReason::FieldTooLarge { field, bytes } => {
                let field = quoted(field);
                match bytes {
                    Some(bytes) => lang.fill(
                        TextKey::IoRejectFieldTooLargeBytes,
                        &[("field", &field), ("bytes", bytes)],
                    ),
                    None => lang.fill(TextKey::IoRejectFieldTooLarge, &[("field", &field)]),
                }
            }
            RejectReason::InvalidBytes { field, encoding } => {
                let field = quoted(field);
                match encoding {
                    Some(encoding) => lang.fill(
                        TextKey::IoRejectInvalidBytesFor,
                        &[("field", &field), ("encoding", encoding)],
                    ),
                    None => lang.fill(TextKey::IoRejectInvalidBytes, &[("field", &field)]),
                }
            }
            RejectReason::NoEmailNoPhone => lang.text(TextKey::IoRejectNoEmailNoPhone).to_owned(),
            RejectReason::NoUsableEmail(email) => {
                lang.fill(TextKey::IoRejectNoUsableEmail, &[("email", &quoted(email))])
            }
            RejectReason::NotADate(at) => {
                lang.fill(TextKey::IoRejectNotADate, &[("value", &quoted(at))])
            }
            RejectReason::InTheFuture(at) => {
                lang.fill(TextKey::IoRejectInTheFuture, &[("value", &quoted(at))])
            }
            RejectReason::UnclosedQuote { line, last_line } => lang.fill(
                TextKey::IoRejectUnclosedQuote,
                &[("line", line), ("last_line", last_line)],
            ),
        }
    }
}

/// A value as the reasons have always shown it: Rust-quoted, so blanks and odd characters show.
fn quoted(s: &str) -> String {
    format!("{s:?}")
}

/// The English contract text of `import --json` (SPEC Appendix B).
impl fmt::Display for RejectReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RejectReason::WrongColumnCount { fields, header } => write!(
                f,
                "wrong column count: {fields} fields, the header has {header}"
            ),
            RejectReason::FieldTooLarge { field, bytes: None } => {
                write!(f, "field {field:?} is over 64 KiB")
            }
            RejectReason::FieldTooLarge {
                field,
                bytes: Some(bytes),
            } => write!(f, "field {field:?} is over 64 KiB ({bytes} bytes)"),
            RejectReason::InvalidBytes {
                field,
                encoding: None,
            } => write!(f, "invalid bytes in field {field:?}"),
            RejectReason::InvalidBytes {
                field,
                encoding: Some(encoding),
            } => write!(f, "invalid bytes for {encoding} in field {field:?}"),
            RejectReason::NoEmailNoPhone => f.write_str("no usable email and no usable phone"),
            RejectReason::NoUsableEmail(email) => write!(f, "no usable email ({email:?})"),
            RejectReason::NotADate(at) => write!(f, "timestamp {at:?} is not a date"),
            RejectReason::InTheFuture(at) => write!(f, "timestamp {at:?} is in the future"),
            RejectReason::UnclosedQuote { line, last_line } => write!(
                f,
                "the quote opened on line {line} is never closed: lines {line}-{last_line} were read as one field; close it and import again"
            ),
        }
    }
}

/// JSON carries the English contract text, never the rep's language.
impl serde::Serialize for RejectReason {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_reason() -> Vec<RejectReason> {
        vec![
            RejectReason::WrongColumnCount {
                fields: 3,
                header: 5,
            },
            RejectReason::FieldTooLarge {
                field: "Notes".into(),
                bytes: Some(70_000),
            },
            RejectReason::FieldTooLarge {
                field: "Notes".into(),
                bytes: None,
            },
            RejectReason::InvalidBytes {
                field: "氏名".into(),
                encoding: Some("Shift_JIS".into()),
            },
            RejectReason::InvalidBytes {
                field: "氏名".into(),
                encoding: None,
            },
            RejectReason::NoEmailNoPhone,
            RejectReason::NoUsableEmail("jane@".into()),
            RejectReason::NotADate("soon".into()),
            RejectReason::InTheFuture("2099-01-01T00:00:00Z".into()),
            RejectReason::UnclosedQuote {
                line: 2,
                last_line: 40,
            },
        ]
    }

    #[test]
    fn the_english_catalogue_says_exactly_what_the_json_contract_says() {
        for r in every_reason() {
            assert_eq!(r.text(Lang::En), r.to_string());
        }
    }

    #[test]
    fn japanese_reasons_differ_and_keep_the_values() {
        for r in every_reason() {
            let ja = r.text(Lang::Ja);
            assert_ne!(ja, r.to_string());
            assert!(!ja.is_ascii(), "{ja}");
        }
        let r = RejectReason::WrongColumnCount {
            fields: 3,
            header: 5,
        };
        assert!(r.text(Lang::Ja).contains('3') && r.text(Lang::Ja).contains('5'));
    }

    #[test]
    fn json_carries_the_english_text() {
        let r = Reject {
            line: 4,
            reason: RejectReason::NoEmailNoPhone,
        };
        assert_eq!(
            serde_json::to_value(&r).ok(),
            Some(serde_json::json!({"line": 4, "reason": "no usable email and no usable phone"}))
        );
    }
}
