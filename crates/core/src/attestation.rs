//! Attestations (FORMAT.md §14.7): the lead's signed word on how it checked who holds the key of
//! an entry — a snapshot of the member's well-known file, or a check out of band.

use crate::canonical::{non_null, signed_message};
use crate::ed25519::SecretKey;
use crate::error::{Code, Failure};
use crate::{base64, fields, Envelope, FORMAT_1_1};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub const TYPE: &str = "attestation";
pub const CONTEXT: &str = "undersigned/1.1/attestation";
pub const METHODS: [&str; 5] = ["website", "in-person", "call", "email-thread", "other"];
/// The longest `website.url` (§14.12).
pub const MAX_URL: usize = 290;
/// The longest `website.body_base64` (§14.12): 65,536 bytes encoded.
pub const MAX_BODY_BASE64: usize = 87_384;
pub const MAX_NOTE: usize = 1_000;

/// What the lead's fetch of the well-known file got.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    pub url: String,
    pub fetched_at: String,
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub status: u64,
    pub body_base64: String,
    pub body_sha256: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttestationBody {
    pub format: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub statement_id: String,
    pub entry: String,
    pub method: String,
    pub checked_on: String,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "non_null")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "non_null")]
    pub website: Option<Snapshot>,
}

pub type Attestation = Envelope<AttestationBody>;

impl Snapshot {
    /// The host of `url` when it has the exact form of §14.7.
    pub fn host(&self) -> Option<&str> {
        let host = self.url.strip_prefix("https://")?.strip_suffix(crate::well_known::PATH)?;
        let ok = (1..=253).contains(&host.len())
            && host.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-' || c == b'.');
        ok.then_some(host)
    }

    /// The bytes served, when `body_base64` is canonical standard base64.
    pub fn body(&self) -> Option<Vec<u8>> {
        base64::decode(&self.body_base64)
    }
}

/// The field rules of §14.7 (all `field-invalid`; the body's hash is compared in check 20).
pub fn check_fields(b: &AttestationBody) -> Vec<Failure> {
    let mut out = Vec::new();
    let mut field = |r: Result<(), String>| {
        if let Err(m) = r {
            out.push(Failure::new(Code::FieldInvalid, m));
        }
    };
    field(fields::statement_id(&b.statement_id));
    field(fields::digest_hex("entry", &b.entry));
    if !METHODS.contains(&b.method.as_str()) {
        field(Err(format!("method must be one of {}", METHODS.join(", "))));
    }
    field(fields::date("checked_on", &b.checked_on));
    if let Some(n) = &b.note {
        field(fields::body("note", n));
        if n.chars().count() > MAX_NOTE {
            field(Err(format!("the note is longer than {MAX_NOTE} characters")));
        }
    }
    match (&b.website, b.method == "website") {
        (Some(_), false) => field(Err("only a website attestation carries a website snapshot".into())),
        (None, true) => field(Err("a website attestation carries no website snapshot".into())),
        _ => {}
    }
    if let Some(w) = &b.website {
        if w.url.chars().count() > MAX_URL || w.host().is_none() {
            field(Err(
                "website.url is not https://HOST/.well-known/undersigned.json with an ASCII lower-case host".into()
            ));
        }
        field(fields::timestamp("website.fetched_at", &w.fetched_at));
        if !(100..=599).contains(&w.status) {
            field(Err("website.status is not an HTTP status (100 to 599)".into()));
        }
        if w.body_base64.len() > MAX_BODY_BASE64 || w.body().is_none() {
            field(Err("website.body_base64 is not canonical base64 of at most 65,536 bytes".into()));
        }
        field(fields::digest_hex("website.body_sha256", &w.body_sha256));
    }
    out
}

/// Whether a snapshot's `body_sha256` is the hash of its body (check 20; its form checked before).
pub fn body_hash_right(w: &Snapshot) -> bool {
    w.body().is_some_and(|b| hex::encode(Sha256::digest(&b)) == w.body_sha256)
}

pub fn message(b: &AttestationBody) -> Vec<u8> {
    signed_message(CONTEXT, b)
}

/// The lead signs an attestation.
pub fn sign(
    statement_id: &str,
    entry: [u8; 32],
    method: &str,
    checked_on: &str,
    note: Option<String>,
    website: Option<Snapshot>,
    lead: &SecretKey,
) -> Attestation {
    let body = AttestationBody {
        format: FORMAT_1_1.into(),
        kind: TYPE.into(),
        statement_id: statement_id.into(),
        entry: hex::encode(entry),
        method: method.into(),
        checked_on: checked_on.into(),
        note,
        website,
    };
    let signature = hex::encode(lead.sign(&message(&body)));
    Envelope { signed: body, signature }
}

/// A snapshot of `body` served at `https://host/.well-known/undersigned.json`.
pub fn snapshot(host: &str, fetched_at: &str, status: u64, body: &[u8]) -> Snapshot {
    Snapshot {
        url: format!("https://{host}{}", crate::well_known::PATH),
        fetched_at: fetched_at.into(),
        status,
        body_base64: base64::encode(body),
        body_sha256: hex::encode(Sha256::digest(body)),
    }
}
