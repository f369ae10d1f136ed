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
    #[error("create or restore your identity first")]
    NoIdentity,
}

/// Declares [`ErrorCode`] and [`ErrorCode::ALL`] from one list, so that the list cannot miss a
/// variant (the UI's list of codes is generated from `ALL`).
macro_rules! error_codes {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[doc = $doc:literal])* $variant:ident,)* }) => {
        $(#[$meta])*
        pub enum $name { $($(#[doc = $doc])* $variant,)* }

        impl $name {
            /// Every code, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];
        }
    };
}

error_codes! {
    /// The stable error codes, as they cross to the UI (`{code, message}`) and scripts: the
    /// store's (see [`Error::code`]), plus the app's own. This is the one definition; the UI's
    /// `ErrorCode` type and `ERROR_CODES` list are generated from it.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
    #[serde(rename_all = "kebab-case")]
    #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
        /// The identity's key is locked: ask for the passphrase, unlock, retry. (The app's.)
        Locked,
        /// No identity exists yet in this store's folder.
        NoIdentity,
        /// Something went wrong inside the app (a poisoned lock, a panic in a task). (The app's.)
        Internal,
    }
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
            Error::NoIdentity => ErrorCode::NoIdentity,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_codes_are_listed_once_in_kebab_case() {
        let names: Vec<String> =
            ErrorCode::ALL.iter().map(|c| serde_json::to_value(c).unwrap().as_str().unwrap().to_owned()).collect();
        assert_eq!(names[0], "not-found");
        assert!(names.contains(&"no-identity".to_owned()));
        let unique: std::collections::BTreeSet<&String> = names.iter().collect();
        assert_eq!(unique.len(), names.len());
    }
}
