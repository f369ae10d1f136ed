//! The vetting packet (FORMAT.md §14.9): how the lead learns who is behind a hidden entry,
//! without anything of it reaching a bundle. This module is its plaintext, an envelope signed by
//! the signer's long-term key; the age encryption to the version's `vetting_recipient` is done
//! by the store (it reads randomness), and nothing here is ever part of a bundle.

use crate::canonical::{non_null, signed_message};
use crate::ed25519::SecretKey;
use crate::endorsement::{signer_fields, statement_fields, Endorsable, EndorsedStatement, Signer};
use crate::error::{Code, Failure, ParseError};
use crate::hidden::{self, Hidden};
use crate::{fields, Envelope, FORMAT_1_1};
use serde::{Deserialize, Serialize};

pub const TYPE: &str = "vetting";
pub const CONTEXT: &str = "undersigned/1.1/vetting";
/// The longest `contact`, in characters.
pub const MAX_CONTACT: usize = 1_000;
/// The most bytes a vetting envelope may have (a hidden endorsement inside, a signer, a note).
pub const MAX_BYTES: usize = 64 << 10;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VettingBody {
    pub format: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub statement: EndorsedStatement,
    pub hidden: Hidden,
    pub salt: String,
    pub signer: Signer,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "non_null")]
    pub contact: Option<String>,
}

pub type Vetting = Envelope<VettingBody>;

pub fn message(b: &VettingBody) -> Vec<u8> {
    signed_message(CONTEXT, b)
}

/// The signer's vetting envelope for its hidden endorsement `hidden`: the salt and details the
/// commitment holds, signed by the long-term key `key` (whose public key is `signer.public_key`).
pub fn sign(hidden: Hidden, salt: [u8; 32], signer: Signer, contact: Option<String>, key: &SecretKey) -> Vetting {
    let body = VettingBody {
        format: FORMAT_1_1.into(),
        kind: TYPE.into(),
        statement: hidden.signed.statement.clone(),
        hidden,
        salt: hex::encode(salt),
        signer,
        contact,
    };
    let signature = hex::encode(key.sign(&message(&body)));
    Envelope { signed: body, signature }
}

/// Reads a decrypted vetting envelope (§14.3, a file of one envelope).
pub fn parse(bytes: &[u8]) -> Result<Vetting, ParseError> {
    let what = "vetting packet";
    let v: Vetting =
        crate::canonical::parse_strict_probing(bytes, MAX_BYTES, what, (crate::equivocation::foreign_1_1, FORMAT_1_1))?;
    crate::canonical::check_format_of(FORMAT_1_1, &v.signed.format, &v.signed.kind, TYPE, what)?;
    Ok(v)
}

/// The field rules of a vetting envelope (§14.9's table), the hidden envelope's apart.
fn check_fields(b: &VettingBody) -> Vec<Failure> {
    let mut out = statement_fields(&b.statement);
    let mut field = |r: Result<(), String>| {
        if let Err(m) = r {
            out.push(Failure::new(Code::FieldInvalid, m));
        }
    };
    field(fields::digest_hex("salt", &b.salt));
    if let Some(c) = &b.contact {
        field(fields::name("contact", c, MAX_CONTACT));
    }
    out.extend(signer_fields(&b.signer));
    out
}

/// Checks a decrypted vetting envelope in the order of §14.9, against the versions the lead's
/// statement carries, and stops at the first step that fails: its signature under
/// `signer.public_key`; its field rules; its `statement` equal to the hidden entry's and naming
/// one of `versions` (`statement-mismatch`); the hidden envelope verifying on its own; the
/// commitment of the salt and signer equal to the hidden entry's (`commitment-mismatch`).
pub fn check<V: Endorsable>(v: &Vetting, versions: &[V]) -> Result<(), Vec<Failure>> {
    let b = &v.signed;
    crate::statement::check_signature(&b.signer.public_key, &v.signature, &message(b)).map_err(|f| vec![f])?;
    let fails = check_fields(b);
    if !fails.is_empty() {
        return Err(fails);
    }
    let named = versions.iter().map(Endorsable::endorsed).any(|e| e == b.statement);
    if b.statement != b.hidden.signed.statement || !named {
        return Err(vec![Failure::new(
            Code::StatementMismatch,
            "this vetting packet is for a statement version that this statement does not have",
        )]);
    }
    let fails = hidden::verify_hidden(&b.hidden);
    if !fails.is_empty() {
        return Err(fails);
    }
    if !hidden::opens(&b.hidden.signed, &b.salt, &b.signer) {
        return Err(vec![Failure::new(
            Code::CommitmentMismatch,
            "the salt and details in this vetting packet are not those the hidden endorsement is committed to",
        )]);
    }
    Ok(())
}

/// The secret of the age X25519 identity a lead's app decrypts the vetting packets of one
/// statement version with, derived from the lead's key: nothing more to keep (the packets stay
/// encrypted in the lead's store, and the lead's key is under its passphrase), and another
/// version or statement has another. Not a rule of the format: a lead's app may keep its
/// identity any way it likes, as long as the version names its recipient.
pub fn identity_secret(lead: &SecretKey, statement_id: &str, version: u64) -> zeroize::Zeroizing<[u8; 32]> {
    let mut bytes = zeroize::Zeroizing::new(Vec::with_capacity(32 + statement_id.len() + 8));
    bytes.extend_from_slice(lead.seed().as_ref());
    bytes.extend_from_slice(statement_id.as_bytes());
    bytes.extend_from_slice(&version.to_be_bytes());
    zeroize::Zeroizing::new(crate::canonical::tagged_hash("undersigned/1.1/lead-vetting-identity", &bytes))
}

/// The secret of the age X25519 identity a member's app seals its own records of hidden
/// signatures with, derived from the member's long-term key: opened only while that key is
/// unlocked (it is under the key file's passphrase). Not a rule of the format.
pub fn record_secret(member: &SecretKey) -> zeroize::Zeroizing<[u8; 32]> {
    zeroize::Zeroizing::new(crate::canonical::tagged_hash(
        "undersigned/1.1/member-record-identity",
        member.seed().as_ref(),
    ))
}

/// The salt of a hidden endorsement, derived from its one-time key: the signer's app then keeps
/// one secret for both (the one-time key withdraws, the salt reveals). Not a rule of the
/// format: the commitment only needs 32 bytes no one can guess.
pub fn salt_for(one_time: &SecretKey) -> [u8; 32] {
    crate::canonical::tagged_hash("undersigned/1.1/salt-from-one-time-key", one_time.seed().as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endorsement::EndorsedStatement;

    struct V(EndorsedStatement);
    impl Endorsable for V {
        fn endorsed(&self) -> EndorsedStatement {
            self.0.clone()
        }
    }

    fn statement() -> EndorsedStatement {
        EndorsedStatement { id: "ab".repeat(16), version: 1, digest: "cd".repeat(32), lead_key: "ef".repeat(32) }
    }

    fn signer(key: &SecretKey) -> Signer {
        Signer {
            public_key: key.public_key().to_hex(),
            name: "Free Press Collective".into(),
            kind: "organization".into(),
            country: "BY".into(),
            website: None,
            title: None,
            affiliation: None,
        }
    }

    /// A hidden endorsement and its vetting envelope, from fixed seeds.
    fn packet(salt: [u8; 32]) -> (Vetting, SecretKey) {
        let long_term = SecretKey::from_seed(&[1; 32]);
        let one_time = SecretKey::from_seed(&[2; 32]);
        let c = hidden::commitment(&hex::encode(salt), &signer(&long_term)).unwrap();
        let h = hidden::sign_hidden(statement(), &one_time, c, Some("europe".into()), "2026-12-06T18:02:44Z".into());
        (sign(h, salt, signer(&long_term), Some("Ask for Olga".into()), &long_term), long_term)
    }

    fn codes(r: Result<(), Vec<Failure>>) -> Vec<Code> {
        r.err().unwrap_or_default().into_iter().map(|f| f.code).collect()
    }

    #[test]
    fn a_packet_checks_and_reads_back() {
        let (v, _) = packet([7; 32]);
        assert_eq!(codes(check(&v, &[V(statement())])), Vec::<Code>::new());
        let bytes = crate::canonical::to_jcs(&v);
        assert_eq!(parse(&bytes).unwrap(), v);
    }

    #[test]
    fn each_failure_in_its_order() {
        let (v, long_term) = packet([7; 32]);
        // Another statement version: statement-mismatch.
        let other = EndorsedStatement { version: 2, ..statement() };
        assert_eq!(codes(check(&v, &[V(other)])), [Code::StatementMismatch]);
        // A salt that does not open the commitment, signed again: commitment-mismatch.
        let mut b = v.signed.clone();
        b.salt = hex::encode([8; 32]);
        let resigned = Envelope { signature: hex::encode(long_term.sign(&message(&b))), signed: b.clone() };
        assert_eq!(codes(check(&resigned, &[V(statement())])), [Code::CommitmentMismatch]);
        // Changed after signing: signature-invalid, before anything else.
        let changed = Envelope { signed: b, signature: v.signature.clone() };
        assert_eq!(codes(check(&changed, &[V(statement())])), [Code::SignatureInvalid]);
        // A contact of 1,001 characters: field-invalid.
        let mut b = v.signed.clone();
        b.contact = Some("x".repeat(MAX_CONTACT + 1));
        let long = Envelope { signature: hex::encode(long_term.sign(&message(&b))), signed: b };
        assert_eq!(codes(check(&long, &[V(statement())])), [Code::FieldInvalid]);
        // A hidden endorsement changed inside: its own signature fails.
        let mut b = v.signed.clone();
        b.hidden.signed.region = Some("asia".into());
        let inner = Envelope { signature: hex::encode(long_term.sign(&message(&b))), signed: b };
        assert_eq!(codes(check(&inner, &[V(statement())])), [Code::SignatureInvalid]);
        // Another type, another format.
        let mut json: serde_json::Value = serde_json::to_value(&v).unwrap();
        json["signed"]["type"] = "reveal".into();
        assert_eq!(parse(&serde_json::to_vec(&json).unwrap()).unwrap_err().code, Code::UnsupportedFormat);
        json["signed"]["type"] = "vetting".into();
        json["signed"]["format"] = "undersigned/2".into();
        assert_eq!(parse(&serde_json::to_vec(&json).unwrap()).unwrap_err().code, Code::UnsupportedFormat);
        assert_eq!(parse(b"{\"signed\": 1}").unwrap_err().code, Code::Malformed);
    }
}
