//! Undersigned core: the v1 format (docs/FORMAT.md), canonical encoding, signing, strict
//! verification and the Merkle log. Pure: no I/O, no clock, no randomness of its own
//! (callers pass the time and a random number generator in); the streaming verifier reads only
//! the reader it is given, and uses threads.
#![forbid(unsafe_code)]

pub mod any_version;
pub mod attestation;
pub mod base64;
pub mod bech32;
pub mod bundle;
pub mod bundle11;
pub mod canonical;
pub mod check;
pub mod checkpoint;
pub mod consistency;
pub mod country;
mod country_list;
mod decided;
pub mod ed25519;
pub mod endorsement;
pub mod equivocation;
pub mod error;
pub mod fields;
pub mod file_kind;
pub mod hidden;
pub mod invitation;
pub mod keyfile;
pub mod merkle;
pub mod note;
mod parallel;
pub mod release;
pub mod release11;
mod release_checks;
pub mod report;
pub mod statement;
pub mod statement11;
mod stream;
pub mod tier;
pub mod verify;
pub mod verify11;
pub mod vetting;
pub mod well_known;
pub mod withdrawal;
pub mod witness;

pub use any_version::{AnyBundle, AnyInvitation, AnyVersion};
pub use bundle::{Bundle, Entry, VerificationReport};
pub use ed25519::{fingerprint, PublicKey, SecretKey};
pub use endorsement::{Endorsement, Signer, SignerKind};
pub use error::{Code, Failure, ParseError};
pub use file_kind::FileKind;
pub use invitation::Invitation;
pub use release::Release;
pub use statement::{StatementVersion, Text};
pub use withdrawal::Withdrawal;

/// The value of every `format` member in version 1.
pub const FORMAT: &str = "undersigned/1";
/// Format 1.1 (FORMAT.md §14): this verifier reads its bundles (§14.6, `bundle11`, verified by
/// `verify11`), invitations (§14.4), well-known files (§14.7) and equivocation proofs (§14.13).
pub const FORMAT_1_1: &str = "undersigned/1.1";

/// A signed object: `{"signed": BODY, "signature": HEX}` (FORMAT.md §1).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Envelope<B> {
    pub signed: B,
    pub signature: String,
}
