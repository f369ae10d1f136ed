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
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
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
    /// Format 1.1 (§14.7): the tier of an endorsement or a revealed hidden entry, and the lead's
    /// valid attestations that name it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub tier: Option<crate::tier::TierReport>,
    /// Format 1.1 (§14.9): a hidden entry's vouchers, the distinct named signatories whose key
    /// is on their own website that vouch for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub vouchers: Option<u64>,
    /// Format 1.1 (§14.9): the region a hidden entry gives, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub region: Option<String>,
}

/// What a line shows of its signer ([`EntryReport::name_signer`]): a revealed hidden entry's line
/// shows its reveal's.
#[derive(Clone, Debug)]
pub struct ShownSigner {
    name: String,
    signer_kind: Option<SignerKind>,
    country: String,
    website: Option<String>,
    title: Option<String>,
    affiliation: Option<String>,
    fingerprint: String,
}

impl ShownSigner {
    pub(crate) fn of(s: &crate::endorsement::Signer) -> Self {
        ShownSigner {
            name: s.name.clone(),
            signer_kind: s.kind(),
            country: s.country.clone(),
            website: s.website.clone(),
            title: s.title.clone(),
            affiliation: s.affiliation.clone(),
            fingerprint: fingerprint_hex(&s.public_key),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn country(&self) -> &str {
        &self.country
    }

    pub fn signer_kind(&self) -> Option<SignerKind> {
        self.signer_kind
    }

    pub fn website(&self) -> Option<&str> {
        self.website.as_deref()
    }

    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    pub fn affiliation(&self) -> Option<&str> {
        self.affiliation.as_deref()
    }

    /// The signer's key's fingerprint, as lines give it.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }
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
    /// For a bundle of format 1.1 (FORMAT.md §14): what format 1 has no place for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub format_1_1: Option<Report11>,
}

/// What a verifier says of a bundle 1.1 beyond a format 1 report (§14.10).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Report11 {
    /// The ten counts as computed from the entries (§14.5).
    #[cfg_attr(
        feature = "ts",
        ts(type = "{ endorsements: number, hidden: number, withdrawals: number, vouches: number, reveals: number, \
                   withdrawn: number, hidden_withdrawn: number, revealed: number, signatories: number, unnamed: number }")
    )]
    pub counts: crate::release11::Counts,
    /// Unnamed signatories (active hidden entries not revealed, with no failure) by region;
    /// `not-stated` for those that gave none.
    pub unnamed_by_region: BTreeMap<String, u64>,
    /// Named signatories (those `signatories` counts) by tier (§14.7): `website`, `attested`,
    /// `self-declared`, each present.
    pub by_tier: BTreeMap<String, u64>,
    /// Unnamed signatories with at least one voucher (§14.9).
    pub vouched: u64,
    /// The witnesses of the bundle's last version and who co-signed (§14.8).
    pub witnesses: WitnessReport,
    /// The verifier's own witnesses, when it was given some (§14.8): who of them co-signed,
    /// against its own quorum. Never part of the verdict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub own_witnesses: Option<WitnessReport>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WitnessReport {
    /// The quorum the version sets (0 without witnesses).
    pub quorum: u64,
    pub listed: Vec<WitnessInfo>,
    /// How many listed witnesses co-signed (check 18).
    pub cosigned: u64,
    /// Signature lines by keys the bundle does not list: ignored, shown only as a number.
    pub ignored_lines: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WitnessInfo {
    pub name: String,
    pub key_name: String,
    pub public_key: String,
    /// As given by the lead; never a tier (§14.14).
    pub website: Option<String>,
    pub cosigned: bool,
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
            tier: None,
            vouchers: None,
            region: None,
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
            tier: None,
            vouchers: None,
            region: None,
        }
    }
}

impl EntryReport {
    /// The line of a hidden entry (§14.9): no name until a reveal; the one-time key's fingerprint.
    pub fn of_hidden(index: u64, id: &[u8; 32], h: &crate::hidden::Hidden) -> Self {
        EntryReport {
            kind: "hidden".into(),
            fingerprint: fingerprint_hex(&h.signed.one_time_key),
            signed_at: h.signed.signed_at.clone(),
            version: Some(h.signed.statement.version),
            region: h.signed.region.clone(),
            ..EntryReport::empty(index, id)
        }
    }

    /// The line of a vouch: its voucher's fingerprint.
    pub fn of_vouch(index: u64, id: &[u8; 32], v: &crate::hidden::Vouch) -> Self {
        EntryReport {
            kind: "vouch".into(),
            fingerprint: fingerprint_hex(&v.signed.voucher_key),
            signed_at: v.signed.signed_at.clone(),
            version: Some(v.signed.statement.version),
            ..EntryReport::empty(index, id)
        }
    }

    /// The line of a reveal: the name it reveals.
    pub fn of_reveal(index: u64, id: &[u8; 32], r: &crate::hidden::Reveal) -> Self {
        let mut line = EntryReport {
            kind: "reveal".into(),
            version: Some(r.signed.statement.version),
            ..EntryReport::empty(index, id)
        };
        line.name_signer(&r.signed.signer);
        line
    }

    /// Shows `s` as the entry's signer (a revealed hidden entry shows its reveal's).
    pub fn name_signer(&mut self, s: &crate::endorsement::Signer) {
        self.show_signer(ShownSigner::of(s));
    }

    /// Shows `s` as the entry's signer.
    pub(crate) fn show_signer(&mut self, s: ShownSigner) {
        self.name = s.name;
        self.signer_kind = s.signer_kind;
        self.country = s.country;
        self.website = s.website;
        self.title = s.title;
        self.affiliation = s.affiliation;
        self.fingerprint = s.fingerprint;
    }

    fn empty(index: u64, id: &[u8; 32]) -> Self {
        EntryReport {
            index,
            kind: String::new(),
            id: hex::encode(id),
            status: String::new(),
            name: String::new(),
            signer_kind: None,
            country: String::new(),
            website: None,
            title: None,
            affiliation: None,
            fingerprint: String::new(),
            signed_at: String::new(),
            withdrawn_at: None,
            version: None,
            errors: Vec::new(),
            tier: None,
            vouchers: None,
            region: None,
        }
    }
}

/// The fingerprint (§4) of a key given in hex, or "" if it is not a valid key.
pub fn fingerprint_hex(key: &str) -> String {
    crate::ed25519::PublicKey::from_hex(key).map(|k| crate::ed25519::fingerprint(&k.0)).unwrap_or_default()
}
