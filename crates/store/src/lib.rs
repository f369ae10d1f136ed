//! Undersigned store: the SQLite database shared by the CLI and the desktop app, and the lead's
//! and the member's workflows as plain functions over it.
#![forbid(unsafe_code)]

pub mod chosen_path;
pub mod demo;
mod error;
pub mod fetch;
pub mod files;
pub mod inbox;
pub mod keys;
pub mod markdown;
mod migrations;
mod names;
mod packed;
pub mod profile;
pub mod publish;
pub mod roster;
pub mod store;
pub mod verify;
pub mod vetting;
pub mod views;
pub mod well_known;
pub mod workflows;

pub use error::{Error, ErrorCode, Result};
pub use store::Store;
/// The schema version this build writes (`PRAGMA user_version`); a newer store is refused.
pub const SCHEMA_VERSION: i64 = migrations::LATEST;
pub use workflows::member::{read_invitation, sign_invitation, withdraw};
pub use workflows::statements::closing_date;
pub use workflows::summaries::{ImportResult, MySignature, Outcome, ReleaseSummary, ReviewItem, StatementSummary};
