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

/// The most bytes a hidden endorsement, vouch or reveal file may have: an endorsement's.
pub const MAX_BYTES: usize = crate::endorsement::MAX_BYTES;

/// Reads a lone file of format 1.1 whose envelope's body has `format` and `type` (§14.3, a file
/// of one envelope): `too-large`, `malformed`, `unsupported-format`.
fn parse_lone<B: serde::de::DeserializeOwned>(
    bytes: &[u8],
    what: &str,
    expected_type: &str,
    format_and_type: fn(&B) -> (&str, &str),
) -> Result<Envelope<B>, crate::ParseError> {
    let e: Envelope<B> =
        crate::canonical::parse_strict_probing(bytes, MAX_BYTES, what, (crate::equivocation::foreign_1_1, FORMAT_1_1))?;
    let (format, kind) = format_and_type(&e.signed);
    crate::canonical::check_format_of(FORMAT_1_1, format, kind, expected_type, what)?;
    Ok(e)
}

/// Reads a hidden endorsement file (`.undersigned-hidden`, §14.14).
pub fn parse_hidden(bytes: &[u8]) -> Result<Hidden, crate::ParseError> {
    parse_lone(bytes, "hidden endorsement", HIDDEN_TYPE, |b: &HiddenBody| (&b.format, &b.kind))
}

/// Reads a vouch file (`.undersigned-vouch`, §14.14).
pub fn parse_vouch(bytes: &[u8]) -> Result<Vouch, crate::ParseError> {
    parse_lone(bytes, "vouch", VOUCH_TYPE, |b: &VouchBody| (&b.format, &b.kind))
}

/// Reads a reveal file (`.undersigned-reveal`, §14.14).
pub fn parse_reveal(bytes: &[u8]) -> Result<Reveal, crate::ParseError> {
    parse_lone(bytes, "reveal", REVEAL_TYPE, |b: &RevealBody| (&b.format, &b.kind))
}

fn with_signature(mut out: Vec<Failure>, key: &str, sig: &str, msg: &[u8]) -> Vec<Failure> {
    if let Err(f) = crate::statement::check_signature(key, sig, msg) {
        out.push(f);
    }
    out
}

/// Verifies a hidden endorsement alone (§14.9): its field rules and the one-time key's
/// signature, as a bundle's verifier does (check 7).
pub fn verify_hidden(x: &Hidden) -> Vec<Failure> {
    with_signature(hidden_fields(&x.signed), &x.signed.one_time_key, &x.signature, &hidden_message(&x.signed))
}

/// Verifies a vouch alone: its field rules and the voucher's signature.
pub fn verify_vouch(x: &Vouch) -> Vec<Failure> {
    with_signature(vouch_fields(&x.signed), &x.signed.voucher_key, &x.signature, &vouch_message(&x.signed))
}

/// Verifies a reveal alone: its field rules and the long-term key's signature.
pub fn verify_reveal(x: &Reveal) -> Vec<Failure> {
    with_signature(reveal_fields(&x.signed), &x.signed.signer.public_key, &x.signature, &reveal_message(&x.signed))
}

/// Whether `salt` and `signer` give the commitment of the hidden entry `h` (§14.9).
pub fn opens(h: &HiddenBody, salt_hex: &str, signer: &Signer) -> bool {
    commitment(salt_hex, signer).is_some_and(|c| hex::encode(c) == h.commitment)
}

impl Hidden {
    /// The entry id of this hidden endorsement as a log entry `{"hidden": …}` (§14.2).
    pub fn entry_id(&self) -> [u8; 32] {
        crate::bundle11::Entry::Hidden(self.clone()).id()
    }
}
