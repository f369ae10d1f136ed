//! Statement versions 1.1 and invitations 1.1 (FORMAT.md §14.4): a format 1 version's members,
//! the lead's optional website and vetting recipient, the witnesses and their quorum, all
//! covered by the version digest, so that an endorsement of the version endorses all of them.

use crate::canonical::{hex_array, non_null, parse_strict_probing, signed_message, tagged_hash, value_to_jcs};
use crate::error::{Code, Failure, ParseError};
use crate::statement::{check_signature, common_fields, Common, Text};
use crate::{checkpoint, ed25519, fields, Envelope, FORMAT, FORMAT_1_1};
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub const CONTEXT: &str = "undersigned/1.1/statement-version";
pub const DIGEST_CONTEXT: &str = "undersigned/1.1/version-digest";
/// The most witnesses a version lists (§14.12).
pub const MAX_WITNESSES: usize = 32;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lead {
    pub public_key: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "non_null")]
    pub website: Option<String>,
    /// The age X25519 recipient hidden signers encrypt their vetting packet to (§14.9).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "non_null")]
    pub vetting_recipient: Option<String>,
}

/// A witness a version lists (§14.4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Witness {
    /// Its C2SP key name (§14.8).
    pub key_name: String,
    /// Its display name.
    pub name: String,
    /// Its Ed25519 cosigner key.
    pub public_key: String,
    #[cfg_attr(feature = "ts", ts(optional))]
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "non_null")]
    pub website: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatementVersionBody {
    pub format: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub statement_id: String,
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub version: u64,
    pub texts: Vec<Text>,
    pub lead: Lead,
    pub witnesses: Vec<Witness>,
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub quorum: u64,
    pub opened_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "non_null")]
    pub closes_on: Option<String>,
    pub digest: String,
}

/// A signed statement version of format 1.1.
pub type StatementVersion = Envelope<StatementVersionBody>;

/// The version digest (§14.2, §14.4): over the body without its `digest` member.
pub fn version_digest(b: &StatementVersionBody) -> [u8; 32] {
    let mut v = serde_json::to_value(b).unwrap_or_default();
    if let Value::Object(o) = &mut v {
        o.remove("digest");
    }
    tagged_hash(DIGEST_CONTEXT, &value_to_jcs(&v))
}

/// Signs a body whose `digest` is set to its version digest (for the tests and the vectors; the
/// lead's app will open 1.1 versions through here).
pub fn sign(mut body: StatementVersionBody, lead: &ed25519::SecretKey) -> StatementVersion {
    body.digest = hex::encode(version_digest(&body));
    let signature = hex::encode(lead.sign(&signed_message(CONTEXT, &body)));
    Envelope { signed: body, signature }
}

/// Field rules (§5, §14.4), then the digest (`digest-mismatch`), then the witnesses' keys
/// (`key-invalid`).
pub fn check_fields(b: &StatementVersionBody) -> Vec<Failure> {
    let mut out = common_fields(&b.common());
    let mut field = |r: Result<(), String>| {
        if let Err(m) = r {
            out.push(Failure::new(Code::FieldInvalid, m));
        }
    };
    if let Some(w) = &b.lead.website {
        field(fields::website(w));
    }
    if let Some(r) = &b.lead.vetting_recipient {
        field(match crate::bech32::age_recipient(r) {
            Some(_) => Ok(()),
            None => Err("lead.vetting_recipient is not an age X25519 recipient (age1…)".into()),
        });
    }
    field(witness_list(b));
    let n = b.witnesses.len() as u64;
    field(if b.quorum <= n && (n == 0 || 2 * b.quorum > n) {
        Ok(())
    } else {
        Err(format!("a quorum of {} of {n} witnesses: it must be more than half of them, and at most all", b.quorum))
    });
    if fields::statement_id(&b.statement_id).is_ok()
        && fields::digest_hex("digest", &b.digest).is_ok()
        && hex::encode(version_digest(b)) != b.digest
    {
        out.push(Failure::new(Code::DigestMismatch, "the version digest is not that of the version"));
    }
    for (i, w) in b.witnesses.iter().enumerate() {
        if !hex_array::<32>(&w.public_key).is_some_and(|k| ed25519::key_valid(&k)) {
            out.push(Failure::new(Code::KeyInvalid, format!("the key of witness {} is not a valid public key", i + 1)));
        }
    }
    out
}

/// The witnesses and quorum of a version whose `witnesses` and `quorum` meet every rule of §14.4
/// (each witness's members and key included), as the checkpoint's checks read them (§14.8);
/// `None` when they do not.
pub fn listed_witnesses(b: &StatementVersionBody) -> Option<(Vec<checkpoint::Witness>, usize)> {
    witness_list(b).ok()?;
    let n = b.witnesses.len() as u64;
    if b.quorum > n || (n > 0 && 2 * b.quorum <= n) {
        return None;
    }
    let listed = b
        .witnesses
        .iter()
        .map(|w| {
            let key = hex_array::<32>(&w.public_key).filter(ed25519::key_valid)?;
            Some(checkpoint::Witness { key_name: w.key_name.clone(), public_key: key })
        })
        .collect::<Option<Vec<_>>>()?;
    Some((listed, b.quorum as usize))
}

/// The rules of `witnesses` but their keys' validity: each witness's members, and no key name or
/// key twice, and none the lead's.
fn witness_list(b: &StatementVersionBody) -> Result<(), String> {
    if b.witnesses.len() > MAX_WITNESSES {
        return Err(format!("{} witnesses, more than {MAX_WITNESSES}", b.witnesses.len()));
    }
    let origin = checkpoint::origin(&b.lead.public_key, &b.statement_id);
    for (i, w) in b.witnesses.iter().enumerate() {
        let n = i + 1;
        let name_ok = (1..=255).contains(&w.key_name.len())
            && w.key_name.bytes().all(|c| (0x21..=0x7e).contains(&c) && c != b'+');
        if !name_ok {
            return Err(format!("witness {n}'s key name is not 1 to 255 printable ASCII characters without +"));
        }
        if w.key_name == origin {
            return Err(format!("witness {n}'s key name is the statement's origin"));
        }
        fields::name("witness name", &w.name, 200)?;
        if let Some(site) = &w.website {
            fields::website(site)?;
        }
        if b.witnesses[..i].iter().any(|o| o.key_name == w.key_name) {
            return Err(format!("witness {n}'s key name is listed twice"));
        }
        if b.witnesses[..i].iter().any(|o| o.public_key == w.public_key) {
            return Err(format!("witness {n}'s key is listed twice"));
        }
        if w.public_key == b.lead.public_key {
            return Err(format!("witness {n}'s key is the lead's: a lead cannot witness itself"));
        }
    }
    Ok(())
}

impl StatementVersionBody {
    pub(crate) fn common(&self) -> Common<'_> {
        Common {
            statement_id: &self.statement_id,
            version: self.version,
            texts: &self.texts,
            lead_name: &self.lead.name,
            opened_at: &self.opened_at,
            closes_on: self.closes_on.as_deref(),
            digest: &self.digest,
        }
    }
}

/// Verifies a 1.1 version alone: fields, digest, the lead's signature.
pub fn verify_version(v: &StatementVersion) -> Vec<Failure> {
    let mut out = check_fields(&v.signed);
    if let Err(f) = check_signature(&v.signed.lead.public_key, &v.signature, &signed_message(CONTEXT, &v.signed)) {
        out.push(f);
    }
    out
}

/// An invitation of format 1.1: a 1.1 version to sign (§14.4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Invitation {
    pub format: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub statement: StatementVersion,
}

impl Invitation {
    pub fn new(statement: StatementVersion) -> Self {
        Invitation { format: FORMAT_1_1.into(), kind: crate::invitation::TYPE.into(), statement }
    }

    /// Reads an invitation 1.1 in the order of §14.3: its size, JSON, its `format` and that of
    /// its version (which must be 1.1), the formats inside, the members, the types.
    pub fn parse(bytes: &[u8]) -> Result<Self, ParseError> {
        let inv: Invitation =
            parse_strict_probing(bytes, crate::invitation::MAX_BYTES, "invitation", (probe, FORMAT_1_1))?;
        for (format, what) in [(&inv.format, "invitation"), (&inv.statement.signed.format, "statement version")] {
            if format != FORMAT_1_1 {
                return Err(ParseError::new(
                    Code::UnsupportedFormat,
                    format!("this {what} is in format {format:?}, not undersigned/1.1"),
                ));
            }
        }
        for (kind, expected) in
            [(&inv.kind, crate::invitation::TYPE), (&inv.statement.signed.kind, crate::statement::TYPE)]
        {
            if kind != expected {
                return Err(ParseError::new(Code::UnsupportedFormat, format!("this is a {kind:?}, not a {expected}")));
            }
        }
        Ok(inv)
    }

    /// Every failure of the version it carries, at `statement`.
    pub fn verify(&self) -> Vec<Failure> {
        crate::invitation::at_statement(verify_version(&self.statement))
    }

    pub fn to_json(&self) -> Vec<u8> {
        crate::canonical::pretty(self)
    }
}

/// The format an invitation 1.1 that does not parse claims and this reader does not read there
/// (§14.3 steps 3–4): its own, unless `undersigned/1.1`; its version's, unless
/// `undersigned/1.1`; any other, unless format 1's or 1.1's.
fn probe(bytes: &[u8]) -> Option<String> {
    let v: Value = serde_json::from_slice(bytes).ok()?;
    let not_1_1 = |f: Option<&Value>| f.and_then(Value::as_str).filter(|f| *f != FORMAT_1_1).map(str::to_owned);
    not_1_1(v.get("format"))
        .or_else(|| not_1_1(v.get("statement").and_then(|s| s.get("signed")).and_then(|s| s.get("format"))))
        .or_else(|| crate::canonical::foreign_in_by(&v, &|f| f == FORMAT || f == FORMAT_1_1))
}

/// The `format` at the top of a file when it is a string (to choose the reader of an invitation);
/// read leniently (a member named twice: its last value), as verify.html reads it.
pub fn top_format(bytes: &[u8]) -> Option<String> {
    let v: Value = serde_json::from_slice(bytes).ok()?;
    Some(v.get("format")?.as_str()?.to_owned())
}
