//! Endorsements (FORMAT.md §7): a member's signed support for one statement version.

use crate::canonical::{check_format, non_null, parse_strict, write_integer, write_key, write_string};
use crate::ed25519::SecretKey;
use crate::error::{Code, Failure, ParseError};
use crate::statement::{check_signature, StatementVersionBody};
use crate::{fields, Envelope, FORMAT};
use serde::{Deserialize, Serialize};

pub const CONTEXT: &str = "undersigned/1/endorsement";
pub const TYPE: &str = "endorsement";
pub const MAX_BYTES: usize = 64 << 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum SignerKind {
    Organization,
    Individual,
}

impl SignerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SignerKind::Organization => "organization",
            SignerKind::Individual => "individual",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "organization" => Some(SignerKind::Organization),
            "individual" => Some(SignerKind::Individual),
            _ => None,
        }
    }
}

/// Who signs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signer {
    pub public_key: String,
    pub name: String,
    /// `organization` or `individual` ([`SignerKind`]); kept as written, so that another value
    /// is the field rule's failure (§5, `field-invalid`) and the signature is still checked
    /// over the bytes that were signed.
    pub kind: String,
    pub country: String,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "non_null")]
    pub website: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "non_null")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "non_null")]
    pub affiliation: Option<String>,
}

impl Signer {
    /// The kind, when it is one of the two (else the endorsement fails its field rules).
    pub fn kind(&self) -> Option<SignerKind> {
        SignerKind::parse(&self.kind)
    }
}

/// The statement version endorsed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndorsedStatement {
    pub id: String,
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub version: u64,
    pub digest: String,
    pub lead_key: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndorsementBody {
    pub format: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub statement: EndorsedStatement,
    pub signer: Signer,
    pub signed_at: String,
}

pub type Endorsement = Envelope<EndorsementBody>;

/// The signatory details a member fills in (before normalization).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "Details"))]
pub struct SignerDetails {
    pub name: String,
    pub kind: SignerKind,
    pub country: String,
    pub website: Option<String>,
    pub title: Option<String>,
    pub affiliation: Option<String>,
}

fn optional(s: &Option<String>) -> Option<String> {
    s.as_deref().map(fields::normalize).filter(|s| !s.is_empty())
}

impl SignerDetails {
    /// The details as a form gives them, made ready to sign: NFC and trimmed, the country in
    /// capitals, empty optional fields dropped, and the title and affiliation dropped for an
    /// organization (a form may keep them from before the kind was changed).
    pub fn cleaned(&self) -> SignerDetails {
        let individual = self.kind == SignerKind::Individual;
        SignerDetails {
            name: fields::normalize(&self.name),
            kind: self.kind,
            country: self.country.trim().to_ascii_uppercase(),
            website: optional(&self.website),
            title: if individual { optional(&self.title) } else { None },
            affiliation: if individual { optional(&self.affiliation) } else { None },
        }
    }

    /// Every field rule of §5 these details break, as sentences: the rules an endorsement's
    /// signer is checked against ([`check_fields`]), so a form says before signing what a
    /// verifier would say after.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        signer_rules(
            SignerFields {
                name: &self.name,
                kind: Some(self.kind),
                country: &self.country,
                website: self.website.as_deref(),
                title: self.title.as_deref(),
                affiliation: self.affiliation.as_deref(),
            },
            &mut |r| {
                if let Err(m) = r {
                    out.push(m)
                }
            },
        );
        out
    }
}

/// What §5 rules about a signer, borrowed from an endorsement's signer or from a form.
struct SignerFields<'a> {
    name: &'a str,
    /// `None` when the value is not one of the two kinds.
    kind: Option<SignerKind>,
    country: &'a str,
    website: Option<&'a str>,
    title: Option<&'a str>,
    affiliation: Option<&'a str>,
}

/// The §5 rules for a signer's fields: the one place they are written.
fn signer_rules(s: SignerFields<'_>, field: &mut dyn FnMut(Result<(), String>)) {
    field(fields::name("name", s.name, 200));
    if s.kind.is_none() {
        field(Err("kind must be \"organization\" or \"individual\"".into()));
    }
    field(fields::country(s.country));
    if let Some(w) = s.website {
        field(fields::website(w));
    }
    for (label, v) in [("title", s.title), ("affiliation", s.affiliation)] {
        if let Some(v) = v {
            if s.kind == Some(SignerKind::Organization) {
                field(Err(format!("{label} is only for individuals")));
            }
            field(fields::name(label, v, 200));
        }
    }
}

/// A statement version that can be endorsed (of format 1 or 1.1): what an endorsement names of
/// it (§7; for a 1.1 version, its version digest, §14.4).
pub trait Endorsable {
    fn endorsed(&self) -> EndorsedStatement;
}

impl Endorsable for StatementVersionBody {
    fn endorsed(&self) -> EndorsedStatement {
        EndorsedStatement {
            id: self.statement_id.clone(),
            version: self.version,
            digest: self.digest.clone(),
            lead_key: self.lead.public_key.clone(),
        }
    }
}

impl Endorsable for crate::statement11::StatementVersionBody {
    fn endorsed(&self) -> EndorsedStatement {
        EndorsedStatement {
            id: self.statement_id.clone(),
            version: self.version,
            digest: self.digest.clone(),
            lead_key: self.lead.public_key.clone(),
        }
    }
}

/// Signs an endorsement of `statement` (which the caller has verified) with `key`.
pub fn sign<S: Endorsable + ?Sized>(
    statement: &S,
    details: &SignerDetails,
    key: &SecretKey,
    signed_at: String,
) -> Result<Endorsement, Vec<Failure>> {
    let body = EndorsementBody {
        format: FORMAT.into(),
        kind: TYPE.into(),
        statement: statement.endorsed(),
        signer: Signer {
            public_key: key.public_key().to_hex(),
            name: fields::normalize(&details.name),
            kind: details.kind.as_str().into(),
            country: details.country.trim().to_ascii_uppercase(),
            website: optional(&details.website),
            title: optional(&details.title),
            affiliation: optional(&details.affiliation),
        },
        signed_at,
    };
    let failures = check_fields(&body);
    if !failures.is_empty() {
        return Err(failures);
    }
    let signature = hex::encode(key.sign(&message(&body)));
    Ok(Envelope { signed: body, signature })
}

pub fn parse(bytes: &[u8]) -> Result<Endorsement, ParseError> {
    let e: Endorsement = parse_strict(bytes, MAX_BYTES, "endorsement")?;
    check_format(&e.signed.format, &e.signed.kind, TYPE, "endorsement")?;
    Ok(e)
}

/// Field rules of §5 for an endorsement body.
pub fn check_fields(b: &EndorsementBody) -> Vec<Failure> {
    let mut out = signer_fields(&b.signer);
    let mut field = |r: Result<(), String>| {
        if let Err(m) = r {
            out.push(Failure::new(Code::FieldInvalid, m));
        }
    };
    field(fields::timestamp("signed_at", &b.signed_at));
    out.extend(statement_fields(&b.statement));
    out
}

/// Field rules of §5 for a `signer` (an endorsement's, or a reveal's, §14.9).
pub(crate) fn signer_fields(s: &Signer) -> Vec<Failure> {
    let mut out = Vec::new();
    let mut field = |r: Result<(), String>| {
        if let Err(m) = r {
            out.push(Failure::new(Code::FieldInvalid, m));
        }
    };
    signer_rules(
        SignerFields {
            name: &s.name,
            kind: s.kind(),
            country: &s.country,
            website: s.website.as_deref(),
            title: s.title.as_deref(),
            affiliation: s.affiliation.as_deref(),
        },
        &mut field,
    );
    out
}

/// Field rules of the `statement` an endorsement names (§7), which hidden endorsements, vouches
/// and reveals name the same way (§14.9).
pub(crate) fn statement_fields(s: &EndorsedStatement) -> Vec<Failure> {
    let mut out = Vec::new();
    let mut field = |r: Result<(), String>| {
        if let Err(m) = r {
            out.push(Failure::new(Code::FieldInvalid, m));
        }
    };
    field(fields::statement_id(&s.id));
    field(fields::digest_hex("statement digest", &s.digest));
    if s.version == 0 {
        field(Err("statement version must be 1 or more".into()));
    }
    field(fields::key_hex("the statement's lead key", &s.lead_key));
    out
}

/// Verifies an endorsement alone: field rules and the signer's signature. The batch verifier in
/// `bundle` applies the same rules.
pub fn verify(e: &Endorsement) -> Vec<Failure> {
    let mut out = check_fields(&e.signed);
    if let Err(f) = check_signature(&e.signed.signer.public_key, &e.signature, &message(&e.signed)) {
        out.push(f);
    }
    out
}

/// Checks that an endorsement names this statement version (§7).
pub fn check_statement<S: Endorsable + ?Sized>(e: &EndorsementBody, v: &S) -> Result<(), Failure> {
    let (s, v) = (&e.statement, v.endorsed());
    if s.id != v.id || s.lead_key != v.lead_key {
        return Err(Failure::new(Code::StatementMismatch, "this endorsement is for another statement"));
    }
    if s.version != v.version || s.digest != v.digest {
        return Err(Failure::new(
            Code::StatementMismatch,
            format!("this endorsement is for version {} with another text", s.version),
        ));
    }
    Ok(())
}

impl Endorsement {
    /// The entry id (§4): the Merkle leaf hash of `{"endorsement": self}`.
    pub fn id(&self) -> [u8; 32] {
        let mut body = Vec::with_capacity(640);
        write_body(&self.signed, &mut body);
        crate::canonical::entry_id("endorsement", &self.signature, &body)
    }
    pub fn to_json(&self) -> Vec<u8> {
        crate::canonical::pretty(self)
    }
}

/// `JCS(b)` of an endorsement body, appended to `out`.
pub fn write_body(b: &EndorsementBody, out: &mut Vec<u8>) {
    // Members sorted by name: format, signed_at, signer, statement, type.
    let mut first = true;
    write_key("format", out, &mut first);
    write_string(&b.format, out);
    write_key("signed_at", out, &mut first);
    write_string(&b.signed_at, out);
    write_key("signer", out, &mut first);
    {
        // affiliation, country, kind, name, public_key, title, website.
        let s = &b.signer;
        let mut first = true;
        if let Some(a) = &s.affiliation {
            write_key("affiliation", out, &mut first);
            write_string(a, out);
        }
        write_key("country", out, &mut first);
        write_string(&s.country, out);
        write_key("kind", out, &mut first);
        write_string(s.kind.as_str(), out);
        write_key("name", out, &mut first);
        write_string(&s.name, out);
        write_key("public_key", out, &mut first);
        write_string(&s.public_key, out);
        if let Some(t) = &s.title {
            write_key("title", out, &mut first);
            write_string(t, out);
        }
        if let Some(w) = &s.website {
            write_key("website", out, &mut first);
            write_string(w, out);
        }
        out.push(b'}');
    }
    write_key("statement", out, &mut first);
    {
        // digest, id, lead_key, version.
        let s = &b.statement;
        let mut first = true;
        write_key("digest", out, &mut first);
        write_string(&s.digest, out);
        write_key("id", out, &mut first);
        write_string(&s.id, out);
        write_key("lead_key", out, &mut first);
        write_string(&s.lead_key, out);
        write_key("version", out, &mut first);
        write_integer(s.version, out);
        out.push(b'}');
    }
    write_key("type", out, &mut first);
    write_string(&b.kind, out);
    out.push(b'}');
}

/// The message signed for an endorsement body: CONTEXT || 0x00 || JCS(body) (§3.1).
pub fn message(b: &EndorsementBody) -> Vec<u8> {
    crate::canonical::message_with(CONTEXT, 640, |out| write_body(b, out))
}
