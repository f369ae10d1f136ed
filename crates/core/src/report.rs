//! What a verifier says about a bundle (FORMAT.md §10.2 and §10.3): every failure, the counts,
//! the previous release's information and a line per entry. Both verifiers give it, the
//! reference `bundle::verify` and `verify::verify_bundle`; the command line prints it and the app
//! shows it (with the `ts` feature, from TypeScript types generated from these). The types are
//! re-exported from `bundle`, where the other crates name them.

use crate::endorsement::{Endorsement, SignerKind};
use crate::error::{Failure, ParseError};
use crate::withdrawal::Withdrawal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a verifier says about one entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EntryReport {
    pub index: u64,
    /// `endorsement` or `withdrawal`.
    pub kind: String,
    pub id: String,
    /// `active`, `withdrawn` (a valid endorsement withdrawn later in the log), `withdrawal`
    /// (a valid withdrawal) or `invalid`.
    pub status: String,
    pub name: String,
    pub signer_kind: Option<SignerKind>,
    pub country: String,
    pub website: Option<String>,
    pub title: Option<String>,
    pub affiliation: Option<String>,
    pub fingerprint: String,
    pub signed_at: String,
    /// An endorsement withdrawn by a valid withdrawal: that withdrawal's `withdrawn_at`.
    pub withdrawn_at: Option<String>,
    pub version: Option<u64>,
    pub errors: Vec<Failure>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StatementInfo {
    pub id: String,
    pub title: String,
    pub version: u64,
    pub digest: String,
    pub lead_name: String,
    pub lead_key: String,
    pub lead_fingerprint: String,
    pub languages: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReleaseInfo {
    pub number: u64,
    pub issued_at: String,
    pub id: String,
    pub log_size: u64,
    pub log_root: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PreviousInfo {
    pub number: u64,
    pub issued_at: String,
    /// Endorsements of the previous release still active in this one.
    pub kept: u64,
    /// Endorsements of the previous release withdrawn since, each by a signed withdrawal.
    pub withdrawn_since: u64,
    /// Endorsements added since.
    pub added: u64,
    pub consistent: bool,
}

/// The verdict on a bundle: every failure, counts, and a line per entry.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VerificationReport {
    pub valid: bool,
    pub statement: StatementInfo,
    pub release: ReleaseInfo,
    /// Valid, active endorsements.
    pub signatories: u64,
    /// Valid endorsements withdrawn by a valid withdrawal.
    pub withdrawn: u64,
    pub by_country: BTreeMap<String, u64>,
    pub by_kind: BTreeMap<String, u64>,
    pub previous: Option<PreviousInfo>,
    pub errors: Vec<Failure>,
    pub entries: Vec<EntryReport>,
}

impl VerificationReport {
    /// The report for a file that could not be read as a bundle at all.
    pub fn unreadable(e: &ParseError) -> Self {
        VerificationReport { errors: vec![e.to_failure()], ..Default::default() }
    }
}

impl EntryReport {
    /// The line of endorsement `e` at `index` with entry id `id`: what the entry itself says.
    /// `status`, `withdrawn_at` and `errors` are the verifier's to fill once the log is read.
    pub fn of_endorsement(index: u64, id: &[u8; 32], e: &Endorsement) -> Self {
        let s = &e.signed.signer;
        EntryReport {
            index,
            kind: "endorsement".into(),
            id: hex::encode(id),
            status: String::new(),
            name: s.name.clone(),
            signer_kind: s.kind(),
            country: s.country.clone(),
            website: s.website.clone(),
            title: s.title.clone(),
            affiliation: s.affiliation.clone(),
            fingerprint: fingerprint_hex(&s.public_key),
            signed_at: e.signed.signed_at.clone(),
            withdrawn_at: None,
            version: Some(e.signed.statement.version),
            errors: Vec::new(),
        }
    }

    /// The line of withdrawal `w`; its `name` is that of the endorsement it names, the
    /// verifier's to fill.
    pub fn of_withdrawal(index: u64, id: &[u8; 32], w: &Withdrawal) -> Self {
        EntryReport {
            index,
            kind: "withdrawal".into(),
            id: hex::encode(id),
            status: String::new(),
            name: String::new(),
            signer_kind: None,
            country: String::new(),
            website: None,
            title: None,
            affiliation: None,
            fingerprint: fingerprint_hex(&w.signed.signer_key),
            signed_at: w.signed.withdrawn_at.clone(),
            withdrawn_at: None,
            version: None,
            errors: Vec::new(),
        }
    }
}

/// The fingerprint (§4) of a key given in hex, or "" if it is not a valid key.
pub fn fingerprint_hex(key: &str) -> String {
    crate::ed25519::PublicKey::from_hex(key).map(|k| crate::ed25519::fingerprint(&k.0)).unwrap_or_default()
}
