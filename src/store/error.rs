//! Errors of the store layer.

use std::path::PathBuf;

use crate::domain::i18n::TextKey;
use crate::domain::{Lang, LeadId};

/// What went wrong in the database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite said no.
    #[error("{}", describe_sqlite(.0))]
    Sqlite(#[from] rusqlite::Error),
    /// A file or directory could not be made or read.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The file was written by a newer leadbench.
    #[error(
        "{path}: the database has schema version {found}, newer than this leadbench supports ({supported}); upgrade leadbench — the file was left untouched"
    )]
    NewerSchema {
        /// The file.
        path: PathBuf,
        /// Its version.
        found: i64,
        /// Ours.
        supported: i64,
    },
    /// The file is no leadbench database (or not SQLite at all).
    #[error("{path}: not a leadbench database ({reason})")]
    NotADatabase {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// No such lead.
    #[error("no lead {0}")]
    NoSuchLead(String),
    /// The lead changed since it was read (another window or a script wrote it).
    #[error("lead {id} was changed elsewhere since it was read; reload and try again")]
    Conflict {
        /// The lead.
        id: LeadId,
    },
    /// A bulk load was asked of a database that already holds leads or journal rows.
    #[error("the database already holds leads; a bulk load fills only an empty one")]
    NotEmpty,
    /// Stored data could not be decoded.
    #[error("corrupt value in {what}: {detail}")]
    Corrupt {
        /// Where.
        what: &'static str,
        /// What.
        detail: String,
    },
}

impl StoreError {
    /// The message in `lang`. SQLite's and the system's own explanations stay as they come;
    /// what leadbench itself says is localised.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            StoreError::Sqlite(e) => match refusal_key(e) {
                Some(key) => lang.fill(key, &[("detail", e)]),
                None => lang.fill(TextKey::StoreErrorSqlite, &[("detail", e)]),
            },
            StoreError::Io { .. } => self.to_string(),
            StoreError::NewerSchema {
                path,
                found,
                supported,
            } => lang.fill(
                TextKey::StoreErrorNewerSchema,
                &[
                    ("path", &path.display()),
                    ("found", found),
                    ("supported", supported),
                ],
            ),
            StoreError::NotADatabase { path, reason } => lang.fill(
                TextKey::StoreErrorNotADatabase,
                &[("path", &path.display()), ("reason", reason)],
            ),
            StoreError::NoSuchLead(key) => {
                lang.fill(TextKey::StoreErrorNoSuchLead, &[("key", key)])
            }
            StoreError::Conflict { id } => lang.fill(TextKey::StoreErrorConflict, &[("id", id)]),
            StoreError::NotEmpty => lang.fill(TextKey::StoreErrorNotEmpty, &[]),
            StoreError::Corrupt { what, detail } => lang.fill(
                TextKey::StoreErrorCorrupt,
                &[("what", what), ("detail", detail)],
            ),
        }
    }
}

/// SQLite's refusals that a rep can act on, each with its own words (full disk, read-only,
/// busy, damaged …). Every write runs in one transaction, so a failed write changed nothing,
/// and the words say so.
fn refusal_key(e: &rusqlite::Error) -> Option<TextKey> {
    use rusqlite::ErrorCode;
    Some(match e.sqlite_error_code()? {
        ErrorCode::DiskFull => TextKey::StoreErrorDiskFull,
        ErrorCode::ReadOnly => TextKey::StoreErrorReadOnly,
        ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => TextKey::StoreErrorBusy,
        ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => TextKey::StoreErrorDamaged,
        ErrorCode::CannotOpen => TextKey::StoreErrorCannotOpen,
        ErrorCode::SystemIoFailure => TextKey::StoreErrorIo,
        _ => return None,
    })
}

/// [`refusal_key`]'s words in English (the `Display` of a store error).
fn describe_sqlite(e: &rusqlite::Error) -> String {
    let key = refusal_key(e).unwrap_or(TextKey::StoreErrorSqlite);
    Lang::En.fill(key, &[("detail", e)])
}
