//! What the workflows return: the statements, import results, review items, signatures and
//! releases as the CLI prints them and the app shows them.

use serde::{Deserialize, Serialize};
use undersigned_core::Code;

/// A statement as the home screen and `statement list` show it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StatementSummary {
    pub id: String,
    /// The title in the first of its languages (by language code).
    pub title: String,
    /// The title in each of its languages (language code → title): a front end shows the one in
    /// its reader's language when there is one.
    #[cfg_attr(feature = "ts", ts(type = "Record<string, string>"))]
    pub titles: std::collections::BTreeMap<String, String>,
    pub lead_name: String,
    pub lead_fingerprint: String,
    /// The latest version, draft or open.
    pub version: u64,
    /// `draft` (the latest version is not open yet) or `open`.
    pub state: String,
    pub open_version: Option<u64>,
    pub closes_on: Option<String>,
    pub signatories: u64,
    pub withdrawn: u64,
    pub awaiting_review: u64,
    pub releases: u64,
}

/// What happened to one imported file.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Outcome {
    Accepted {
        entry: String,
        name: String,
    },
    HeldForReview {
        entry: String,
        name: String,
        reasons: Vec<String>,
    },
    Rejected {
        code: Code,
        reason: String,
    },
    AlreadyPresent {
        detail: String,
    },
    /// A witness's cosignature file (FORMAT.md §14.13), added to the release it co-signs: the
    /// key names of the witnesses whose lines were added (none when they were there already),
    /// and the display names of all who have now co-signed it, against its quorum.
    Cosigned {
        number: u64,
        added: Vec<String>,
        cosigned: Vec<String>,
        quorum: u64,
    },
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportResult {
    pub file: String,
    #[serde(flatten)]
    pub outcome: Outcome,
}

impl std::fmt::Display for ImportResult {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.outcome {
            Outcome::Accepted { name, .. } => write!(f, "{}: accepted ({name})", self.file),
            Outcome::HeldForReview { name, reasons, .. } => {
                write!(f, "{}: held for review ({name}: {})", self.file, reasons.join("; "))
            }
            Outcome::Rejected { code, reason } => write!(f, "{}: rejected ({reason}) [{code}]", self.file),
            Outcome::AlreadyPresent { detail } => write!(f, "{}: already present ({detail})", self.file),
            Outcome::Cosigned { number, added, cosigned, quorum } => write!(
                f,
                "{}: cosignatures of release {number}: {}; co-signed by {} of the {quorum} it needs{}",
                self.file,
                if added.is_empty() { "nothing new".to_owned() } else { format!("added {}", added.join(", ")) },
                cosigned.len(),
                if cosigned.is_empty() { String::new() } else { format!(" ({})", cosigned.join(", ")) }
            ),
        }
    }
}

/// An entry waiting in the review queue.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReviewItem {
    pub entry: String,
    pub statement_id: String,
    pub name: String,
    pub signer_kind: String,
    pub country: String,
    pub website: Option<String>,
    pub fingerprint: String,
    pub reasons: Vec<String>,
    pub imported_at: String,
    /// Who is behind its key so far (FORMAT.md §14.7): `website`, `attested` or `self-declared`.
    pub tier: String,
    /// What the last check of its website found, when it was checked: a finding (`listed`,
    /// `key-not-listed`, …) and the HTTP status.
    pub website_check: Option<(undersigned_core::tier::Finding, u64)>,
    /// The entry's kind: `endorsement`, or `hidden` for a signatory not named (FORMAT.md §14.9),
    /// whose name and details are empty and which waits for the lead's check.
    pub kind: String,
    /// A hidden entry's region, when it gave one.
    pub region: Option<String>,
    /// A hidden entry: whether the store keeps a vetting packet for it.
    pub vetting_packet: bool,
}

/// One endorsement this store's user signed.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MySignature {
    pub entry: String,
    pub statement_id: String,
    pub title: String,
    pub version: u64,
    pub name: String,
    pub signed_at: String,
    pub withdrawn: bool,
}

/// What a release published.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReleaseSummary {
    pub statement_id: String,
    pub number: u64,
    pub issued_at: String,
    pub entries: u64,
    pub added: u64,
    pub signatories: u64,
    pub withdrawn: u64,
    /// Format 1.1 (FORMAT.md §14.8): the witnesses the version lists, how many must co-sign,
    /// how many have (0, 0, 0 for format 1).
    pub witnesses: u64,
    pub quorum: u64,
    pub cosigned: u64,
    /// Format 1.1 (FORMAT.md §14.7): the signatories per tier, by the verifier (`website`,
    /// `attested`, `self-declared`); empty for format 1.
    #[cfg_attr(feature = "ts", ts(type = "Record<string, number>"))]
    pub by_tier: std::collections::BTreeMap<String, u64>,
}
