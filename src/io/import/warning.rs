//! A value of an imported row that leadbench could not read and kept as an extra field, as
//! data.
//!
//! Like [`super::RejectReason`], the warning reaches people (the TUI import popup and the CLI
//! summary, in the rep's language through [`Warning::text`]) and scripts (`import --json`'s
//! `warning_samples`, English whatever `ui.language` says: `Display` writes that text from a
//! fixed format string, so a translation can never change the JSON).

use std::fmt;

use crate::domain::Lang;
use crate::domain::i18n::TextKey;

/// A value kept as an extra field, with where it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Physical line where the record starts.
    pub line: u64,
    /// The column's header.
    pub column: String,
    /// What was wrong with the value.
    pub kind: WarningKind,
    /// The value as it was in the file.
    pub value: String,
}

/// What could not be read in a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WarningKind {
    /// An email column whose value is not an address.
    NotAnEmail,
    /// A time zone column whose value is not an IANA zone.
    NotATimeZone,
    /// An employee column with no count in it.
    NoEmployeeCount,
    /// A date column whose value reads as no date.
    NotADate,
    /// A created date more than a day after the import: no lead was created then (a typo, a
    /// due date in the wrong column), and as the hand-over it would put the lead above every
    /// other in every queue for as long as it lies ahead.
    FutureDate,
    /// An opt-out or do-not-call column whose value is neither yes nor no: taken as yes.
    UnclearOptOut,
    /// A status the mapping does not know (the lead comes in as new).
    UnknownStatus,
    /// A line above the header row (a sheet's title, an export date): not a lead, and not
    /// kept anywhere, so it is reported.
    BeforeHeader,
}

impl WarningKind {
    /// The contract text of `import --json` (English).
    fn english(self) -> &'static str {
        match self {
            WarningKind::NotAnEmail => "not an email address",
            WarningKind::NotATimeZone => "not an IANA time zone",
            WarningKind::NoEmployeeCount => "no employee count",
            WarningKind::NotADate => "not a date",
            WarningKind::FutureDate => "a date in the future",
            WarningKind::UnclearOptOut => "not yes or no, taken as yes (opted out) to be safe",
            WarningKind::UnknownStatus => "unknown status, imported as new",
            WarningKind::BeforeHeader => "before the header row",
        }
    }

    fn key(self) -> TextKey {
        match self {
            WarningKind::NotAnEmail => TextKey::IoWarningNotAnEmail,
            WarningKind::NotATimeZone => TextKey::IoWarningNotATimeZone,
            WarningKind::NoEmployeeCount => TextKey::IoWarningNoEmployeeCount,
            WarningKind::NotADate => TextKey::IoWarningNotADate,
            WarningKind::FutureDate => TextKey::IoWarningFutureDate,
            WarningKind::UnclearOptOut => TextKey::IoWarningUnclearOptOut,
            WarningKind::UnknownStatus => TextKey::IoWarningUnknownStatus,
            WarningKind::BeforeHeader => TextKey::IoWarningBeforeHeader,
        }
    }
}

impl Warning {
    /// The warning in `lang`, for people.
    pub fn text(&self, lang: Lang) -> String {
        if self.kind == WarningKind::BeforeHeader {
            return lang.fill(
                TextKey::IoWarningBeforeHeader,
                &[
                    ("line", &self.line),
                    ("value", &format!("{:?}", self.value)),
                ],
            );
        }
        lang.fill(
            TextKey::IoWarningKept,
            &[
                ("line", &self.line),
                ("column", &format!("{:?}", self.column)),
                ("what", &lang.text(self.kind.key())),
                ("value", &format!("{:?}", self.value)),
            ],
        )
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.kind == WarningKind::BeforeHeader {
            return write!(
                f,
                "line {}: {:?} comes before the header row (a title or a note), not read as a lead",
                self.line, self.value
            );
        }
        write!(
            f,
            "line {}: {:?}: {}: {:?} kept as an extra field",
            self.line,
            self.column,
            self.kind.english(),
            self.value
        )
    }
}

impl serde::Serialize for Warning {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [WarningKind; 8] = [
        WarningKind::NotAnEmail,
        WarningKind::NotATimeZone,
        WarningKind::NoEmployeeCount,
        WarningKind::NotADate,
        WarningKind::FutureDate,
        WarningKind::UnclearOptOut,
        WarningKind::UnknownStatus,
        WarningKind::BeforeHeader,
    ];

    fn warning(kind: WarningKind) -> Warning {
        Warning {
            line: 7,
            column: "メール".into(),
            kind,
            value: "x@".into(),
        }
    }

    #[test]
    fn the_english_catalogue_says_what_the_json_says() {
        for kind in ALL {
            let w = warning(kind);
            assert_eq!(w.text(Lang::En), w.to_string(), "{kind:?}");
        }
    }

    #[test]
    fn japanese_names_the_line_column_and_value() {
        for kind in ALL {
            let t = warning(kind).text(Lang::Ja);
            assert!(t.contains('7') && t.contains("\"x@\""), "{t}");
            assert!(
                kind == WarningKind::BeforeHeader || t.contains("\"メール\""),
                "{t}"
            );
            assert!(!t.contains("kept as an extra field"), "{t}");
        }
    }
}
