//! A statement version or an invitation of either format (FORMAT.md §6, §14.4), read by its own
//! `format` (§14.3, step 3): what a 1.1 bundle carries, what the lead's store keeps and what a
//! member signs.

use crate::canonical::to_jcs;
use crate::endorsement::{Endorsable, EndorsedStatement};
use crate::error::{Failure, ParseError};
use crate::release_checks::VersionView;
use crate::statement::{self, Common};
use crate::{invitation, statement11, FORMAT_1_1};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// A statement version of either format (§14.4): each is checked by its own format's rules.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum AnyVersion {
    V1(statement::StatementVersion),
    V11(statement11::StatementVersion),
}

impl<'de> Deserialize<'de> for AnyVersion {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        // Read as written (a duplicate member still fails), then by the format its body claims.
        let raw: Box<serde_json::value::RawValue> = Deserialize::deserialize(d)?;
        #[derive(Deserialize)]
        struct Probe {
            signed: Option<SignedProbe>,
        }
        #[derive(Deserialize)]
        struct SignedProbe {
            format: Option<Value>,
        }
        let claims_1_1 = serde_json::from_str::<Probe>(raw.get())
            .ok()
            .and_then(|p| p.signed?.format)
            .is_some_and(|f| f == FORMAT_1_1);
        if claims_1_1 {
            serde_json::from_str(raw.get()).map(AnyVersion::V11).map_err(D::Error::custom)
        } else {
            serde_json::from_str(raw.get()).map(AnyVersion::V1).map_err(D::Error::custom)
        }
    }
}

impl AnyVersion {
    /// The members both formats have.
    pub fn body(&self) -> Common<'_> {
        VersionView::common(self)
    }

    pub fn lead_key(&self) -> &str {
        VersionView::lead_key(self)
    }

    /// Its own checks: field rules, digest, the lead's signature (§6, §14.4).
    pub fn verify(&self) -> Vec<Failure> {
        VersionView::verify(self)
    }

    /// The witnesses and quorum of a 1.1 version (none for format 1).
    pub fn witnesses(&self) -> (&[statement11::Witness], u64) {
        match self {
            AnyVersion::V1(_) => (&[], 0),
            AnyVersion::V11(v) => (&v.signed.witnesses, v.signed.quorum),
        }
    }

    /// The age recipient signers not named encrypt their vetting packet to (§14.9): only a 1.1
    /// version that accepts them has one.
    pub fn vetting_recipient(&self) -> Option<&str> {
        match self {
            AnyVersion::V1(_) => None,
            AnyVersion::V11(v) => v.signed.lead.vetting_recipient.as_deref(),
        }
    }

    pub fn format(&self) -> &str {
        match self {
            AnyVersion::V1(v) => &v.signed.format,
            AnyVersion::V11(v) => &v.signed.format,
        }
    }
    pub fn kind(&self) -> &str {
        match self {
            AnyVersion::V1(v) => &v.signed.kind,
            AnyVersion::V11(v) => &v.signed.kind,
        }
    }
}

impl VersionView for AnyVersion {
    fn common(&self) -> Common<'_> {
        match self {
            AnyVersion::V1(v) => v.signed.common(),
            AnyVersion::V11(v) => v.signed.common(),
        }
    }
    fn lead_key(&self) -> &str {
        match self {
            AnyVersion::V1(v) => &v.signed.lead.public_key,
            AnyVersion::V11(v) => &v.signed.lead.public_key,
        }
    }
    fn verify(&self) -> Vec<Failure> {
        match self {
            AnyVersion::V1(v) => statement::verify_version(v),
            AnyVersion::V11(v) => statement11::verify_version(v),
        }
    }
    fn jcs(&self) -> Vec<u8> {
        to_jcs(self)
    }
}

impl Endorsable for AnyVersion {
    fn endorsed(&self) -> EndorsedStatement {
        let c = self.body();
        EndorsedStatement {
            id: c.statement_id.to_owned(),
            version: c.version,
            digest: c.digest.to_owned(),
            lead_key: self.lead_key().to_owned(),
        }
    }
}

/// An invitation of either format (§6, §14.4): the version a member is asked to sign.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnyInvitation(pub AnyVersion);

impl AnyInvitation {
    /// Reads an invitation by its own `format` (§14.3, step 3): format 1's reader, or 1.1's.
    pub fn parse(bytes: &[u8]) -> Result<Self, ParseError> {
        if statement11::top_format(bytes).as_deref() == Some(FORMAT_1_1) {
            Ok(AnyInvitation(AnyVersion::V11(statement11::Invitation::parse(bytes)?.statement)))
        } else {
            Ok(AnyInvitation(AnyVersion::V1(invitation::Invitation::parse(bytes)?.statement)))
        }
    }

    /// Every failure of the version it carries, at `statement`.
    pub fn verify(&self) -> Vec<Failure> {
        invitation::at_statement(self.0.verify())
    }

    pub fn to_json(&self) -> Vec<u8> {
        match &self.0 {
            AnyVersion::V1(v) => invitation::Invitation::new(v.clone()).to_json(),
            AnyVersion::V11(v) => statement11::Invitation::new(v.clone()).to_json(),
        }
    }
}

/// A bundle of either format (§10.1, §14.6), as a store keeps its releases.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnyBundle {
    V1(crate::bundle::Bundle),
    V11(crate::bundle11::Bundle),
}

impl AnyBundle {
    pub fn to_json(&self) -> Vec<u8> {
        match self {
            AnyBundle::V1(b) => b.to_json(),
            AnyBundle::V11(b) => b.to_json(),
        }
    }

    /// Writes [`AnyBundle::to_json`]'s bytes (a format 1 bundle entry by entry).
    pub fn write_json<W: std::io::Write>(&self, mut w: W) -> std::io::Result<()> {
        match self {
            AnyBundle::V1(b) => b.write_json(w),
            AnyBundle::V11(b) => w.write_all(&b.to_json()),
        }
    }

    /// The number of its release.
    pub fn number(&self) -> u64 {
        match self {
            AnyBundle::V1(b) => b.release.signed.number,
            AnyBundle::V11(b) => b.release.signed.number,
        }
    }

    /// The format 1 bundle, if it is one.
    pub fn into_v1(self) -> Option<crate::bundle::Bundle> {
        match self {
            AnyBundle::V1(b) => Some(b),
            AnyBundle::V11(_) => None,
        }
    }
}
