//! Signers counted but not named (FORMAT.md §14.9): the hidden endorsement, signed by a one-time
//! key and carrying a commitment to who signed; the vouch of a named signatory for it; and the
//! reveal by which the signer later names itself.

use crate::canonical::{hex_array, non_null, signed_message, tagged_hash, to_jcs};
use crate::ed25519::SecretKey;
use crate::endorsement::{signer_fields, statement_fields, EndorsedStatement, Signer};
use crate::error::{Code, Failure};
use crate::{fields, Envelope, FORMAT_1_1};
use serde::{Deserialize, Serialize};

pub const HIDDEN_TYPE: &str = "hidden-endorsement";
pub const HIDDEN_CONTEXT: &str = "undersigned/1.1/hidden-endorsement";
pub const VOUCH_TYPE: &str = "vouch";
pub const VOUCH_CONTEXT: &str = "undersigned/1.1/vouch";
pub const REVEAL_TYPE: &str = "reveal";
pub const REVEAL_CONTEXT: &str = "undersigned/1.1/reveal";
pub const COMMITMENT_CONTEXT: &str = "undersigned/1.1/commitment";
/// The regions a hidden signer may give (§14.9): M49's five.
pub const REGIONS: [&str; 5] = ["africa", "americas", "asia", "europe", "oceania"];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HiddenBody {
    pub format: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub statement: EndorsedStatement,
    pub one_time_key: String,
    pub commitment: String,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "non_null")]
    pub region: Option<String>,
    pub signed_at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VouchBody {
    pub format: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub statement: EndorsedStatement,
    pub hidden: String,
    pub voucher_key: String,
    pub signed_at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevealBody {
    pub format: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub statement: EndorsedStatement,
    pub hidden: String,
    pub salt: String,
    pub signer: Signer,
}

pub type Hidden = Envelope<HiddenBody>;
pub type Vouch = Envelope<VouchBody>;
pub type Reveal = Envelope<RevealBody>;

/// The commitment of §14.9: SHA-256 under its context of the salt, the canonical `signer` and the
/// 32 bytes of its key. `None` when the salt or the key is not hex of its length.
pub fn commitment(salt_hex: &str, signer: &Signer) -> Option<[u8; 32]> {
    let salt = hex_array::<32>(salt_hex)?;
    let key = hex_array::<32>(&signer.public_key)?;
    let mut bytes = salt.to_vec();
    bytes.extend_from_slice(&to_jcs(signer));
    bytes.extend_from_slice(&key);
    Some(tagged_hash(COMMITMENT_CONTEXT, &bytes))
}

fn push(out: &mut Vec<Failure>, r: Result<(), String>) {
    if let Err(m) = r {
        out.push(Failure::new(Code::FieldInvalid, m));
    }
}

/// Field rules of a hidden endorsement (§14.9).
pub fn hidden_fields(b: &HiddenBody) -> Vec<Failure> {
    let mut out = statement_fields(&b.statement);
    push(&mut out, fields::digest_hex("commitment", &b.commitment));
    if let Some(r) = &b.region {
        if !REGIONS.contains(&r.as_str()) {
            push(&mut out, Err(format!("region must be one of {}", REGIONS.join(", "))));
        }
    }
    push(&mut out, fields::timestamp("signed_at", &b.signed_at));
    out
}

/// Field rules of a vouch (§14.9).
pub fn vouch_fields(b: &VouchBody) -> Vec<Failure> {
    let mut out = statement_fields(&b.statement);
    push(&mut out, fields::digest_hex("hidden", &b.hidden));
    push(&mut out, fields::timestamp("signed_at", &b.signed_at));
    out
}

/// Field rules of a reveal (§14.9).
pub fn reveal_fields(b: &RevealBody) -> Vec<Failure> {
    let mut out = statement_fields(&b.statement);
    push(&mut out, fields::digest_hex("hidden", &b.hidden));
    push(&mut out, fields::digest_hex("salt", &b.salt));
    out.extend(signer_fields(&b.signer));
    out
}

pub fn hidden_message(b: &HiddenBody) -> Vec<u8> {
    signed_message(HIDDEN_CONTEXT, b)
}
pub fn vouch_message(b: &VouchBody) -> Vec<u8> {
    signed_message(VOUCH_CONTEXT, b)
}
pub fn reveal_message(b: &RevealBody) -> Vec<u8> {
    signed_message(REVEAL_CONTEXT, b)
}

/// Signs a hidden endorsement with the one-time key (for the signer's app and the vectors).
pub fn sign_hidden(
    statement: EndorsedStatement,
    one_time: &SecretKey,
    commitment: [u8; 32],
    region: Option<String>,
    signed_at: String,
) -> Hidden {
    let body = HiddenBody {
        format: FORMAT_1_1.into(),
        kind: HIDDEN_TYPE.into(),
        statement,
        one_time_key: one_time.public_key().to_hex(),
        commitment: hex::encode(commitment),
        region,
        signed_at,
    };
    let signature = hex::encode(one_time.sign(&hidden_message(&body)));
    Envelope { signed: body, signature }
}

/// Signs a vouch for the hidden entry `hidden` (its entry id) with the voucher's key.
pub fn sign_vouch(statement: EndorsedStatement, hidden: [u8; 32], key: &SecretKey, signed_at: String) -> Vouch {
    let body = VouchBody {
        format: FORMAT_1_1.into(),
        kind: VOUCH_TYPE.into(),
        statement,
        hidden: hex::encode(hidden),
        voucher_key: key.public_key().to_hex(),
        signed_at,
    };
    let signature = hex::encode(key.sign(&vouch_message(&body)));
    Envelope { signed: body, signature }
}

/// Signs the reveal of the hidden entry `hidden` with the long-term key `signer.public_key` holds.
pub fn sign_reveal(
    statement: EndorsedStatement,
    hidden: [u8; 32],
    salt: [u8; 32],
    signer: Signer,
    key: &SecretKey,
) -> Reveal {
    let body = RevealBody {
        format: FORMAT_1_1.into(),
        kind: REVEAL_TYPE.into(),
        statement,
        hidden: hex::encode(hidden),
        salt: hex::encode(salt),
        signer,
    };
    let signature = hex::encode(key.sign(&reveal_message(&body)));
    Envelope { signed: body, signature }
}
