//! Everything that can go wrong with the library, in words a user understands.

use std::path::PathBuf;

use rusqlite::ErrorCode;

/// Why a library operation failed. The app shows [`LibraryError::Corrupt`] with an offer to
/// rebuild ([`crate::Store::rebuild`]); every other error leaves the store as it was before the
/// operation (each write is one transaction).
#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    /// The file is not a library this version can read: damaged, or not an SQLite file at all.
    #[error(
        "the library file {} is damaged or is not a Formant Desk library ({reason}); \
         it can be rebuilt from the API (the damaged file is kept beside it)",
        .path.display()
    )]
    Corrupt { path: PathBuf, reason: String },

    /// Made by a later version of Formant Desk, whose schema this one does not know.
    #[error(
        "the library file {} was made by a newer version of Formant Desk (schema {found}, this \
         version knows up to {known}); update Formant Desk, or rebuild the library",
        .path.display()
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },

    /// The disk (or the size limit) is full; the transaction was rolled back.
    #[error(
        "the disk is full: the library could not {action}; nothing of it was saved and the \
         library is as it was before. Free some space and try again"
    )]
    DiskFull { action: &'static str },

    /// Another program holds the library locked for longer than the busy timeout.
    #[error("the library is busy in another Formant Desk window or `formant` command; try again when it has finished")]
    Busy,

    /// The file or its folder cannot be opened or created (permissions, a missing drive).
    #[error("cannot open the library at {}: {reason}", .path.display())]
    Unreadable { path: PathBuf, reason: String },

    /// Any other SQLite failure, with what the library was doing.
    #[error("the library could not {action}: {source}")]
    Sqlite {
        action: &'static str,
        #[source]
        source: rusqlite::Error,
    },

    /// A record the API sent that is not a conversation (no id, not an object).
    #[error("not a conversation record: {0}")]
    NotAConversation(#[from] formant_core::ConversationError),

    /// An [`crate::AccountRef`] that is not (or no longer) in this store.
    #[error("the library has no such account")]
    UnknownAccount,

    /// A search, filter or window the library cannot run (explained in the message).
    #[error("{0}")]
    InvalidQuery(String),
}

impl LibraryError {
    /// Classifies an SQLite error: full disk, damage and locks get their own variants.
    pub(crate) fn from_sqlite(
        path: &std::path::Path,
        action: &'static str,
        e: rusqlite::Error,
    ) -> Self {
        match e.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => Self::DiskFull { action },
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => Self::Corrupt {
                path: path.to_owned(),
                reason: e.to_string(),
            },
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Self::Busy,
            Some(ErrorCode::CannotOpen | ErrorCode::PermissionDenied | ErrorCode::ReadOnly) => {
                Self::Unreadable {
                    path: path.to_owned(),
                    reason: e.to_string(),
                }
            }
            _ => Self::Sqlite { action, source: e },
        }
    }

    /// Whether the app should offer to rebuild the library from the API.
    pub fn is_corrupt(&self) -> bool {
        matches!(self, Self::Corrupt { .. } | Self::TooNew { .. })
    }
}
