//! The one error type that crosses IPC: `{code, message}`. The UI switches on `code`, never on
//! the message, which is for people. The codes are [`ErrorCode`], defined once in the store (the
//! UI's `ErrorCode` type and `ERROR_CODES` list are generated from it).

use serde::Serialize;
pub use undersigned_store::ErrorCode;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        AppError { code, message: message.into() }
    }
    pub fn locked() -> Self {
        AppError::new(ErrorCode::Locked, "your key is locked: enter your passphrase to continue")
    }
    pub fn internal(message: impl Into<String>) -> Self {
        AppError::new(ErrorCode::Internal, message)
    }
}

impl From<undersigned_store::Error> for AppError {
    fn from(e: undersigned_store::Error) -> Self {
        AppError { code: e.code(), message: e.to_string() }
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
        let e: AppError = undersigned_store::Error::NoIdentity.into();
        assert_eq!(serde_json::to_value(&e).unwrap()["code"], "no-identity");
        let e: AppError = undersigned_store::Error::NotFound("no statement 12".into()).into();
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"code": "not-found", "message": "no statement 12"})
        );
    }
}
