//! Withdrawals (FORMAT.md §8): a signer's signed retraction of its endorsement.

use crate::canonical::{check_format, parse_strict, write_key, write_string};
use crate::ed25519::SecretKey;
use crate::endorsement::Endorsement;
use crate::error::{Code, Failure, ParseError};
use crate::statement::check_signature;
use crate::{fields, Envelope, FORMAT};
use serde::{Deserialize, Serialize};

pub const CONTEXT: &str = "undersigned/1/withdrawal";
pub const TYPE: &str = "withdrawal";
pub const MAX_BYTES: usize = 64 << 10;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatementRef {
    pub id: String,
    pub lead_key: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WithdrawalBody {
    pub format: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub statement: StatementRef,
    pub endorsement: String,
    pub signer_key: String,
    pub withdrawn_at: String,
}

pub type Withdrawal = Envelope<WithdrawalBody>;

#[derive(Debug, thiserror::Error)]
#[error("this key did not sign that endorsement: only the key that signed it can withdraw it")]
pub struct NotTheSigner;

/// Signs the withdrawal of `endorsement`; `key` must be the key that signed it.
pub fn sign(endorsement: &Endorsement, key: &SecretKey, withdrawn_at: String) -> Result<Withdrawal, NotTheSigner> {
    if key.public_key().to_hex() != endorsement.signed.signer.public_key {
        return Err(NotTheSigner);
    }
    let body = WithdrawalBody {
        format: FORMAT.into(),
        kind: TYPE.into(),
        statement: StatementRef {
            id: endorsement.signed.statement.id.clone(),
            lead_key: endorsement.signed.statement.lead_key.clone(),
        },
        endorsement: hex::encode(endorsement.id()),
        signer_key: endorsement.signed.signer.public_key.clone(),
        withdrawn_at,
    };
    let signature = hex::encode(key.sign(&message(&body)));
    Ok(Envelope { signed: body, signature })
}

/// Signs the withdrawal of a hidden endorsement (FORMAT.md §14.9) with its one-time key: it
/// names the hidden entry's id, and the one-time key as `signer_key`.
pub fn sign_hidden(h: &crate::hidden::Hidden, one_time: &SecretKey, withdrawn_at: String) -> Withdrawal {
    let body = WithdrawalBody {
        format: FORMAT.into(),
        kind: TYPE.into(),
        statement: StatementRef { id: h.signed.statement.id.clone(), lead_key: h.signed.statement.lead_key.clone() },
        endorsement: hex::encode(h.entry_id()),
        signer_key: one_time.public_key().to_hex(),
        withdrawn_at,
    };
    let signature = hex::encode(one_time.sign(&message(&body)));
    Envelope { signed: body, signature }
}

pub fn parse(bytes: &[u8]) -> Result<Withdrawal, ParseError> {
    let w: Withdrawal = parse_strict(bytes, MAX_BYTES, "withdrawal")?;
    check_format(&w.signed.format, &w.signed.kind, TYPE, "withdrawal")?;
    Ok(w)
}

pub fn check_fields(b: &WithdrawalBody) -> Vec<Failure> {
    let mut out = Vec::new();
    for r in [
        fields::timestamp("withdrawn_at", &b.withdrawn_at),
        fields::statement_id(&b.statement.id),
        fields::digest_hex("endorsement", &b.endorsement),
        fields::key_hex("the statement's lead key", &b.statement.lead_key),
    ] {
        if let Err(m) = r {
            out.push(Failure::new(Code::FieldInvalid, m));
        }
    }
    out
}

/// Verifies a withdrawal alone: fields and the signature under `signer_key`.
pub fn verify(w: &Withdrawal) -> Vec<Failure> {
    let mut out = check_fields(&w.signed);
    if let Err(f) = check_signature(&w.signed.signer_key, &w.signature, &message(&w.signed)) {
        out.push(f);
    }
    out
}

impl Withdrawal {
    /// The entry id (§4): the Merkle leaf hash of `{"withdrawal": self}`.
    pub fn id(&self) -> [u8; 32] {
        let mut body = Vec::with_capacity(400);
        write_body(&self.signed, &mut body);
        crate::canonical::entry_id("withdrawal", &self.signature, &body)
    }
    pub fn to_json(&self) -> Vec<u8> {
        crate::canonical::pretty(self)
    }
}

/// `JCS(b)` of a withdrawal body, appended to `out`.
pub fn write_body(b: &WithdrawalBody, out: &mut Vec<u8>) {
    // endorsement, format, signer_key, statement, type, withdrawn_at.
    let mut first = true;
    write_key("endorsement", out, &mut first);
    write_string(&b.endorsement, out);
    write_key("format", out, &mut first);
    write_string(&b.format, out);
    write_key("signer_key", out, &mut first);
    write_string(&b.signer_key, out);
    write_key("statement", out, &mut first);
    {
        let mut first = true;
        write_key("id", out, &mut first);
        write_string(&b.statement.id, out);
        write_key("lead_key", out, &mut first);
        write_string(&b.statement.lead_key, out);
        out.push(b'}');
    }
    write_key("type", out, &mut first);
    write_string(&b.kind, out);
    write_key("withdrawn_at", out, &mut first);
    write_string(&b.withdrawn_at, out);
    out.push(b'}');
}

/// The message signed for a withdrawal body: CONTEXT || 0x00 || JCS(body) (§3.1).
pub fn message(b: &WithdrawalBody) -> Vec<u8> {
    crate::canonical::message_with(CONTEXT, 400, |out| write_body(b, out))
}
