//! Stable error codes (FORMAT.md §13) and the failures a verifier reports.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A stable error code. The strings are part of the format: tools and the UI switch on them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Code {
    Malformed,
    UnsupportedFormat,
    TooLarge,
    FieldInvalid,
    KeyInvalid,
    SignatureInvalid,
    DigestMismatch,
    StatementMismatch,
    VersionInvalid,
    LogMismatch,
    CountsMismatch,
    DuplicateEntry,
    DuplicateSigner,
    WithdrawalUnmatched,
    WithdrawalWrongKey,
    WithdrawalDuplicate,
    PreviousMismatch,
    PreviousInvalid,
    TimeOrder,
    EquivocationUnproven,
    EvidenceInvalid,
    AttestationInvalid,
    CheckpointMismatch,
    CosignatureInvalid,
    QuorumNotMet,
    CommitmentMismatch,
    VouchInvalid,
    RevealUnmatched,
    RevealDuplicate,
}

impl Code {
    pub const ALL: [Code; 29] = [
        Code::Malformed,
        Code::UnsupportedFormat,
        Code::TooLarge,
        Code::FieldInvalid,
        Code::KeyInvalid,
        Code::SignatureInvalid,
        Code::DigestMismatch,
        Code::StatementMismatch,
        Code::VersionInvalid,
        Code::LogMismatch,
        Code::CountsMismatch,
        Code::DuplicateEntry,
        Code::DuplicateSigner,
        Code::WithdrawalUnmatched,
        Code::WithdrawalWrongKey,
        Code::WithdrawalDuplicate,
        Code::PreviousMismatch,
        Code::PreviousInvalid,
        Code::TimeOrder,
        Code::EquivocationUnproven,
        Code::EvidenceInvalid,
        Code::AttestationInvalid,
        Code::CheckpointMismatch,
        Code::CosignatureInvalid,
        Code::QuorumNotMet,
        Code::CommitmentMismatch,
        Code::VouchInvalid,
        Code::RevealUnmatched,
        Code::RevealDuplicate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::Malformed => "malformed",
            Code::UnsupportedFormat => "unsupported-format",
            Code::TooLarge => "too-large",
            Code::FieldInvalid => "field-invalid",
            Code::KeyInvalid => "key-invalid",
            Code::SignatureInvalid => "signature-invalid",
            Code::DigestMismatch => "digest-mismatch",
            Code::StatementMismatch => "statement-mismatch",
            Code::VersionInvalid => "version-invalid",
            Code::LogMismatch => "log-mismatch",
            Code::CountsMismatch => "counts-mismatch",
            Code::DuplicateEntry => "duplicate-entry",
            Code::DuplicateSigner => "duplicate-signer",
            Code::WithdrawalUnmatched => "withdrawal-unmatched",
            Code::WithdrawalWrongKey => "withdrawal-wrong-key",
            Code::WithdrawalDuplicate => "withdrawal-duplicate",
            Code::PreviousMismatch => "previous-mismatch",
            Code::PreviousInvalid => "previous-invalid",
            Code::TimeOrder => "time-order",
            Code::EquivocationUnproven => "equivocation-unproven",
            Code::EvidenceInvalid => "evidence-invalid",
            Code::AttestationInvalid => "attestation-invalid",
            Code::CheckpointMismatch => "checkpoint-mismatch",
            Code::CosignatureInvalid => "cosignature-invalid",
            Code::QuorumNotMet => "quorum-not-met",
            Code::CommitmentMismatch => "commitment-mismatch",
            Code::VouchInvalid => "vouch-invalid",
            Code::RevealUnmatched => "reveal-unmatched",
            Code::RevealDuplicate => "reveal-duplicate",
        }
    }

    /// Codes that mean the input could not be read as the expected artefact (exit code 2).
    pub fn is_unreadable(self) -> bool {
        matches!(self, Code::Malformed | Code::UnsupportedFormat | Code::TooLarge)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One failure found by a verifier: its code, a message for people, and where it was found
/// (`release`, `statement_versions[0]`, `entries[12]`, …) when that applies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Failure {
    pub code: Code,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub at: Option<String>,
}

impl Failure {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Failure { code, message: message.into(), at: None }
    }

    pub fn at(mut self, place: impl Into<String>) -> Self {
        self.at = Some(place.into());
        self
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.at {
            Some(at) => write!(f, "{}: {} ({})", at, self.message, self.code),
            None => write!(f, "{} ({})", self.message, self.code),
        }
    }
}

/// Why an artefact could not be read at all.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    pub code: Code,
    pub message: String,
}

impl ParseError {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        ParseError { code, message: message.into() }
    }

    pub fn to_failure(&self) -> Failure {
        Failure::new(self.code, self.message.clone())
    }
}
