//! Transport types that only the app sends across IPC (the store's and the core's own types,
//! such as `StatementSummary` or `VerificationReport`, cross as they are). Each derives
//! `ts_rs::TS`; `tests/types.rs` keeps `ui/src/lib/backend/generated/` in step with them.

use serde::Serialize;
use std::path::Path;
use ts_rs::TS;
use undersigned_core::bundle::VerificationReport;
use undersigned_core::{Code, Failure, FileKind, Text};
use undersigned_store::profile::Identity;

/// What the app knows at start and after every change of identity or lock state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct AppInfo {
    pub version: String,
    pub store_path: String,
    /// The folder next to the store that holds `identity.key`, `identity.json` and demos.
    pub folder: String,
    pub identity: Option<Identity>,
    pub unlocked: bool,
    /// Minutes of inactivity after which the key is locked again.
    #[ts(type = "number")]
    pub lock_minutes: u64,
    /// Set by the end-to-end tests (UNDERSIGNED_E2E=1): file dialogs take their answers from the test.
    pub e2e: bool,
    /// The format versions the app reads, e.g. `["undersigned/1"]`.
    pub formats_read: Vec<String>,
    /// The format version the app writes, e.g. `"undersigned/1"`.
    pub format_written: String,
}

/// A file the app was asked to open (a double-click, "open with", or a second launch handed to
/// the running window), as `take_launch_files` gives it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct LaunchFile {
    pub path: String,
    pub kind: FileKind,
}

impl LaunchFile {
    /// The file at `path`, with what its content holds (FORMAT.md §15).
    pub fn of(path: &Path) -> Self {
        LaunchFile { path: path.display().to_string(), kind: undersigned_store::files::kind_of(path) }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Country {
    pub code: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Opened {
    #[ts(type = "number")]
    pub version: u64,
    pub digest: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct InvitationSaved {
    pub path: String,
    #[ts(type = "number")]
    pub version: u64,
    pub lead_fingerprint: String,
}

/// Progress of long work, sent over a channel while a command runs: `done` of `total` `unit`s
/// ("files", "bytes", "signatories"), and what is being done.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Progress {
    pub stage: String,
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
    pub unit: String,
}

/// A publication written by `publication_export`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct PublicationSaved {
    pub dir: String,
    /// The readable page, to open in a browser.
    pub index: String,
    #[ts(type = "number")]
    pub release: u64,
    #[ts(type = "number")]
    pub signatories: u64,
    #[ts(type = "number")]
    pub withdrawn: u64,
}

/// An invitation as the member sees it before signing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct InvitationView {
    pub path: String,
    pub statement_id: String,
    #[ts(type = "number")]
    pub version: u64,
    pub texts: Vec<Text>,
    pub digest: String,
    pub lead_name: String,
    pub lead_key: String,
    pub lead_fingerprint: String,
    pub opened_at: String,
    pub closes_on: Option<String>,
    /// Empty when the invitation verifies; else every reason it does not (do not sign then).
    pub problems: Vec<Failure>,
    /// Whether this store already holds a signature of this version by the user.
    pub already_signed: bool,
    /// Format 1.1 (FORMAT.md §14.4): the names of the witnesses who co-sign each release, and
    /// how many must; what an endorsement of the version endorses too. Empty and 0 otherwise.
    pub witnesses: Vec<String>,
    #[ts(type = "number")]
    pub quorum: u64,
    /// Format 1.1 (FORMAT.md §14.9): whether the version lets signers sign without being named.
    pub accepts_unnamed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Signed {
    pub entry: String,
    pub path: String,
}

/// A signature without the member's name (FORMAT.md §14.9): the hidden endorsement at `path`
/// and the vetting packet for the lead at `packet`, both to send.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct SignedUnnamed {
    pub entry: String,
    pub path: String,
    pub packet: String,
}

/// What the witness did with a checkpoint request (FORMAT.md §14.13): co-signed (its cosignature
/// file is then exported with `witness_cosignature_export`), or refused with C2SP's status and
/// the reason in English (the window explains the status in its language), and the id of the
/// proof it kept when the request showed that the lead signed two lists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Witnessed {
    Cosigned {
        origin: String,
        #[ts(type = "number")]
        size: u64,
    },
    Refused {
        status: u16,
        detail: String,
        #[ts(type = "number | null")]
        proof: Option<i64>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct DemoCreated {
    pub statement_id: String,
    pub folder: String,
    #[ts(type = "number")]
    pub signatories: u64,
    /// The demo lead's key file and its passphrase, to try publishing as the demo's lead.
    pub lead_key: String,
    pub passphrase: String,
    /// Release 1's signatories per tier (FORMAT.md §14.7): the demo's coalition checked who is
    /// behind the keys of its first signatories.
    #[ts(type = "Record<string, number>")]
    pub by_tier: std::collections::BTreeMap<String, u64>,
}

/// A verification as `verify_bundle` sends it: the report without its entries, which the window
/// reads a page at a time (`verify_lines`), and at most the first [`Verified::ERRORS_SENT`]
/// failures (a hostile bundle can have a million).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Verified {
    /// Names this verification's list for `verify_lines`; the next verification replaces it.
    #[ts(type = "number")]
    pub run: u64,
    pub report: VerificationReport,
    /// How many failures there are in all.
    #[ts(type = "number")]
    pub error_count: u64,
    /// Each code among the failures, once, in the order first met.
    pub codes: Vec<Code>,
    /// How many entries the list has, and how many of them have a failure.
    #[ts(type = "number")]
    pub entries: u64,
    #[ts(type = "number")]
    pub problems: u64,
}

impl Verified {
    pub const ERRORS_SENT: usize = 200;

    pub fn of(run: u64, listed: &undersigned_store::verify::Listed) -> Self {
        let full = listed.report();
        let mut codes = Vec::new();
        for f in &full.errors {
            if !codes.contains(&f.code) {
                codes.push(f.code);
            }
        }
        let report = VerificationReport {
            valid: full.valid,
            statement: full.statement.clone(),
            release: full.release.clone(),
            signatories: full.signatories,
            withdrawn: full.withdrawn,
            by_country: full.by_country.clone(),
            by_kind: full.by_kind.clone(),
            previous: full.previous.clone(),
            errors: full.errors.iter().take(Self::ERRORS_SENT).cloned().collect(),
            entries: Vec::new(),
            format_1_1: full.format_1_1.clone(),
        };
        Verified {
            run,
            report,
            error_count: full.errors.len() as u64,
            codes,
            entries: listed.len(false),
            problems: listed.len(true),
        }
    }
}
