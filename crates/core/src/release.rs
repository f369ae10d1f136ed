//! Release manifests (FORMAT.md §9): the lead's signed commitment to a prefix of the log.

use crate::canonical::{non_null, signed_message, tagged_hash, to_jcs};
use crate::ed25519::SecretKey;
use crate::error::{Code, Failure};
use crate::{fields, Envelope, FORMAT};
use serde::{Deserialize, Serialize};

pub const CONTEXT: &str = "undersigned/1/release";
pub const ID_CONTEXT: &str = "undersigned/1/release-id";
pub const TYPE: &str = "release";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionDigest {
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub version: u64,
    pub digest: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogHead {
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub size: u64,
    pub root: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Previous {
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub number: u64,
    pub id: String,
    pub log: LogHead,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counts {
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub endorsements: u64,
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub withdrawals: u64,
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub signatories: u64,
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub withdrawn: u64,
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
}

pub type Release = Envelope<ReleaseBody>;

/// The release id of FORMAT.md §4.
pub fn id(release: &Release) -> [u8; 32] {
    id_of(release)
}

/// The release id (§4, §14.2) of a release envelope of either format.
pub fn id_of<T: Serialize + ?Sized>(release: &T) -> [u8; 32] {
    tagged_hash(ID_CONTEXT, &to_jcs(release))
}

/// What a lead fills in; the signature is added by [`sign`].
pub struct NewRelease {
    pub statement_id: String,
    pub number: u64,
    pub issued_at: String,
    pub versions: Vec<VersionDigest>,
    pub log: LogHead,
    pub previous: Option<Previous>,
    pub counts: Counts,
}

pub fn sign(new: NewRelease, lead: &SecretKey) -> Release {
    let body = ReleaseBody {
        format: FORMAT.into(),
        kind: TYPE.into(),
        statement_id: new.statement_id,
        lead_key: lead.public_key().to_hex(),
        number: new.number,
        issued_at: new.issued_at,
        versions: new.versions,
        log: new.log,
        previous: new.previous,
        counts: new.counts,
    };
    let signature = hex::encode(lead.sign(&signed_message(CONTEXT, &body)));
    Envelope { signed: body, signature }
}

/// The members a release has in both formats (§9, §14.5), as the checks read them.
#[derive(Clone, Copy)]
pub(crate) struct Head<'a> {
    pub statement_id: &'a str,
    pub lead_key: &'a str,
    pub number: u64,
    pub issued_at: &'a str,
    pub versions: &'a [VersionDigest],
    pub log: &'a LogHead,
    pub previous: Option<&'a Previous>,
}

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

/// Field rules of §5 and §9 for a release body.
pub fn check_fields(b: &ReleaseBody) -> Vec<Failure> {
    check_head(&b.head())
}

/// Field rules of §5 and §9 for the members of [`Head`] (a release of either format).
pub(crate) fn check_head(b: &Head<'_>) -> Vec<Failure> {
    let mut out = Vec::new();
    let mut field = |r: Result<(), String>| {
        if let Err(m) = r {
            out.push(Failure::new(Code::FieldInvalid, m));
        }
    };
    field(fields::statement_id(b.statement_id));
    field(fields::timestamp("issued_at", b.issued_at));
    field(fields::digest_hex("log root", &b.log.root));
    if b.number == 0 {
        field(Err("release number must be 1 or more".into()));
    }
    match (b.previous, b.number) {
        (None, n) if n > 1 => field(Err(format!("release {n} does not name release {}", n - 1))),
        (Some(_), 1) => field(Err("release 1 names a previous release".into())),
        (Some(p), n) => {
            if p.number + 1 != n {
                field(Err(format!("release {n} names release {} as its previous", p.number)));
            }
            if p.log.size > b.log.size {
                field(Err("the previous release's log is longer than this one's".into()));
            }
            field(fields::digest_hex("previous release id", &p.id));
            field(fields::digest_hex("previous log root", &p.log.root));
        }
        _ => {}
    }
    for v in b.versions {
        field(fields::digest_hex("version digest", &v.digest));
    }
    out
}
