//! The store's error type. Every variant has a stable code for the UI and scripts.

use serde::Serialize;
use undersigned_core::Failure;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    Conflict(String),
    #[error("wrong passphrase, or the key file was changed")]
    WrongPassphrase,
    #[error("{0}")]
    Key(String),
    #[error("this store was written by a newer version of Undersigned (schema {found}, this version knows up to {known}); update Undersigned to open it")]
    NewerDatabase { found: i64, known: i64 },
    #[error("{message}")]
    Unreadable { code: undersigned_core::Code, message: String },
    #[error("{}", .0.iter().map(|f| f.to_string()).collect::<Vec<_>>().join("; "))]
    Verification(Vec<Failure>),
    #[error("database error: {0}")]
    Database(rusqlite::Error),
    #[error("{0}")]
    Io(String),
}

/// The stable codes of [`Error`], as they cross to the UI (`{code, message}`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorCode {
    NotFound,
    Invalid,
    Conflict,
    WrongPassphrase,
    KeyFile,
    NewerDatabase,
    Unreadable,
    Verification,
    Database,
    Io,
}

impl Error {
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::NotFound(_) => ErrorCode::NotFound,
            Error::Invalid(_) => ErrorCode::Invalid,
            Error::Conflict(_) => ErrorCode::Conflict,
            Error::WrongPassphrase => ErrorCode::WrongPassphrase,
            Error::Key(_) => ErrorCode::KeyFile,
            Error::NewerDatabase { .. } => ErrorCode::NewerDatabase,
            Error::Unreadable { .. } => ErrorCode::Unreadable,
            Error::Verification(_) => ErrorCode::Verification,
            Error::Database(_) => ErrorCode::Database,
            Error::Io(_) => ErrorCode::Io,
        }
    }

    /// Whether the error is about the input given (exit code 2 on the command line) rather
    /// than a failed check (exit code 1).
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            Error::NotFound(_) | Error::Unreadable { .. } | Error::Io(_) | Error::Key(_) | Error::NewerDatabase { .. }
        )
    }

    pub fn io(context: impl std::fmt::Display, e: std::io::Error) -> Self {
        Error::Io(format!("{context}: {e}"))
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match e.sqlite_error_code() {
            Some(C::DiskFull) => {
                Error::Io("the disk is full: nothing more could be saved (what was reported saved is safe); free some space and try again".into())
            }
            Some(C::ReadOnly) => Error::Io("the store cannot be written (it is read-only); nothing was changed".into()),
            Some(C::CannotOpen) => Error::Io(format!("the store cannot be opened: {e}")),
            Some(C::NotADatabase) => Error::Io("the store file is not an Undersigned database, or is damaged".into()),
            _ => Error::Database(e),
        }
    }
}

impl From<undersigned_core::ParseError> for Error {
    fn from(e: undersigned_core::ParseError) -> Self {
        Error::Unreadable { code: e.code, message: e.message }
    }
}

impl From<undersigned_core::keyfile::KeyError> for Error {
    fn from(e: undersigned_core::keyfile::KeyError) -> Self {
        use undersigned_core::keyfile::KeyError;
        match e {
            KeyError::WrongPassphrase => Error::WrongPassphrase,
            KeyError::Parse(p) => Error::Key(format!("this is not a readable key file: {}", p.message)),
            other => Error::Key(other.to_string()),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
