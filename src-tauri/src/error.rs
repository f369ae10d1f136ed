//! The one error type that crosses IPC: `{code, message}`. The UI switches on `code`, never on
//! the message, which is for people.

use serde::Serialize;
use undersigned_store::ErrorCode;

/// The stable codes the UI switches on: the store's, plus the app's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
#[ts(rename = "ErrorCode")]
pub enum Code {
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
    /// The identity's key is locked: ask for the passphrase, unlock, retry.
    Locked,
    /// No identity exists yet in this store's folder.
    NoIdentity,
    /// Something went wrong inside the app (a poisoned lock, a panic in a task).
    Internal,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct AppError {
    pub code: Code,
    pub message: String,
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        AppError { code, message: message.into() }
    }
    pub fn locked() -> Self {
        AppError::new(Code::Locked, "your key is locked: enter your passphrase to continue")
    }
    pub fn no_identity() -> Self {
        AppError::new(Code::NoIdentity, "create or restore your identity first")
    }
    pub fn internal(message: impl Into<String>) -> Self {
        AppError::new(Code::Internal, message)
    }
}

impl From<undersigned_store::Error> for AppError {
    fn from(e: undersigned_store::Error) -> Self {
        let code = match e.code() {
            ErrorCode::NotFound => Code::NotFound,
            ErrorCode::Invalid => Code::Invalid,
            ErrorCode::Conflict => Code::Conflict,
            ErrorCode::WrongPassphrase => Code::WrongPassphrase,
            ErrorCode::KeyFile => Code::KeyFile,
            ErrorCode::NewerDatabase => Code::NewerDatabase,
            ErrorCode::Unreadable => Code::Unreadable,
            ErrorCode::Verification => Code::Verification,
            ErrorCode::Database => Code::Database,
            ErrorCode::Io => Code::Io,
        };
        AppError { code, message: e.to_string() }
    }
}

impl From<undersigned_core::ParseError> for AppError {
    fn from(e: undersigned_core::ParseError) -> Self {
        undersigned_store::Error::from(e).into()
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({:?})", self.message, self.code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_code_and_message() {
        let e: AppError = undersigned_store::Error::WrongPassphrase.into();
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"code": "wrong-passphrase", "message": "wrong passphrase, or the key file was changed"})
        );
        assert_eq!(serde_json::to_value(AppError::locked()).unwrap()["code"], "locked");
        assert_eq!(serde_json::to_value(AppError::no_identity()).unwrap()["code"], "no-identity");
        let e: AppError = undersigned_store::Error::NotFound("no statement 12".into()).into();
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"code": "not-found", "message": "no statement 12"})
        );
    }
}
