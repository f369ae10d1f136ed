//! The release manifest 1.1 (FORMAT.md §14.5): a format 1 release's members, ten counts that
//! cover the new entry kinds, and the digest of the bundle's evidence.

use crate::canonical::{non_null, signed_message, tagged_hash, to_jcs};
use crate::ed25519::SecretKey;
use crate::error::{Code, Failure};
use crate::release::{Head, LogHead, Previous, VersionDigest};
use crate::release_checks::ReleaseView;
use crate::statement::check_signature;
use crate::{fields, Envelope, FORMAT_1_1};
use serde::{Deserialize, Serialize};

pub const CONTEXT: &str = "undersigned/1.1/release";
/// The context of the evidence digest (§14.2).
pub const EVIDENCE_CONTEXT: &str = "undersigned/1.1/evidence";

/// The ten counts of §14.5, each computed from the entries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counts {
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub endorsements: u64,
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub hidden: u64,
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub withdrawals: u64,
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub vouches: u64,
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub reveals: u64,
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub withdrawn: u64,
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub hidden_withdrawn: u64,
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub revealed: u64,
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub signatories: u64,
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub unnamed: u64,
}

impl Counts {
    /// `signatories` and `unnamed` from the eight counts they are made of (§14.5).
    pub fn with_totals(mut self) -> Self {
        self.signatories = (self.endorsements + self.hidden).saturating_sub(self.withdrawn + self.hidden_withdrawn);
        self.unnamed = self.hidden.saturating_sub(self.hidden_withdrawn + self.revealed);
        self
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReleaseBody {
    pub format: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub statement_id: String,
    pub lead_key: String,
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub number: u64,
    pub issued_at: String,
    pub versions: Vec<VersionDigest>,
    pub log: LogHead,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "non_null")]
    pub previous: Option<Previous>,
    pub counts: Counts,
    pub evidence: String,
}

pub type Release = Envelope<ReleaseBody>;

impl ReleaseBody {
    pub(crate) fn head(&self) -> Head<'_> {
        Head {
            statement_id: &self.statement_id,
            lead_key: &self.lead_key,
            number: self.number,
            issued_at: &self.issued_at,
            versions: &self.versions,
            log: &self.log,
            previous: self.previous.as_ref(),
        }
    }
}

impl Release {
    /// The release as checks 3 and §10.3 read it: its field rules (those of §9, and `evidence`
    /// 64 hex digits) and its signature under the context of §14.2.
    pub(crate) fn view(&self) -> ReleaseView<'_> {
        let mut own = crate::release::check_head(&self.signed.head());
        if let Err(m) = fields::digest_hex("evidence", &self.signed.evidence) {
            own.push(Failure::new(Code::FieldInvalid, m));
        }
        if let Err(f) = check_signature(&self.signed.lead_key, &self.signature, &signed_message(CONTEXT, &self.signed))
        {
            own.push(f);
        }
        ReleaseView { head: self.signed.head(), id: crate::release::id_of(self), own }
    }
}

/// The evidence digest of a bundle's `evidence` array (§14.2).
pub fn evidence_digest<T: Serialize>(evidence: &[T]) -> [u8; 32] {
    tagged_hash(EVIDENCE_CONTEXT, &to_jcs(evidence))
}

/// What a lead fills in; [`sign`] adds the format, type, lead key and signature.
pub struct NewRelease {
    pub statement_id: String,
    pub number: u64,
    pub issued_at: String,
    pub versions: Vec<VersionDigest>,
    pub log: LogHead,
    pub previous: Option<Previous>,
    pub counts: Counts,
    pub evidence: String,
}

pub fn sign(new: NewRelease, lead: &SecretKey) -> Release {
    let body = ReleaseBody {
        format: FORMAT_1_1.into(),
        kind: crate::release::TYPE.into(),
        statement_id: new.statement_id,
        lead_key: lead.public_key().to_hex(),
        number: new.number,
        issued_at: new.issued_at,
        versions: new.versions,
        log: new.log,
        previous: new.previous,
        counts: new.counts,
        evidence: new.evidence,
    };
    let signature = hex::encode(lead.sign(&signed_message(CONTEXT, &body)));
    Envelope { signed: body, signature }
}
