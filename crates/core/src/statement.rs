//! Statement versions (FORMAT.md §6): the frozen text a lead opens for signature.

use crate::canonical::{check_format, hex_array, non_null, parse_strict, signed_message, tagged_hash, to_jcs};
use crate::ed25519::{verify, PublicKey, SecretKey, SigError};
use crate::error::{Code, Failure, ParseError};
use crate::{fields, Envelope, FORMAT};
use serde::{Deserialize, Serialize};

pub const CONTEXT: &str = "undersigned/1/statement-version";
pub const DIGEST_CONTEXT: &str = "undersigned/1/statement-text";
pub const TYPE: &str = "statement-version";

/// The text of a statement in one language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub language: String,
    pub title: String,
    pub body: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lead {
    pub public_key: String,
    pub name: String,
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
    pub digest: String,
    pub lead: Lead,
    pub opened_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "non_null")]
    pub closes_on: Option<String>,
}

/// A signed statement version.
pub type StatementVersion = Envelope<StatementVersionBody>;

/// The statement digest of FORMAT.md §4.
pub fn digest(statement_id: &str, version: u64, texts: &[Text]) -> [u8; 32] {
    #[derive(Serialize)]
    struct Digested<'a> {
        statement_id: &'a str,
        texts: &'a [Text],
        version: u64,
    }
    tagged_hash(DIGEST_CONTEXT, &to_jcs(&Digested { statement_id, texts, version }))
}

/// What a lead fills in to open a version.
pub struct NewVersion<'a> {
    pub statement_id: &'a str,
    pub version: u64,
    pub texts: Vec<Text>,
    pub lead_name: &'a str,
    pub opened_at: String,
    pub closes_on: Option<String>,
}

/// Normalizes, checks and signs a statement version.
pub fn open(new: NewVersion<'_>, lead: &SecretKey) -> Result<StatementVersion, Vec<Failure>> {
    let mut texts: Vec<Text> = new
        .texts
        .into_iter()
        .map(|t| Text {
            language: t.language.trim().to_owned(),
            title: fields::normalize(&t.title),
            body: normalize_body(&t.body),
        })
        .collect();
    texts.sort_by(|a, b| a.language.cmp(&b.language));
    let body = StatementVersionBody {
        format: FORMAT.into(),
        kind: TYPE.into(),
        statement_id: new.statement_id.into(),
        version: new.version,
        digest: hex::encode(digest(new.statement_id, new.version, &texts)),
        texts,
        lead: Lead { public_key: lead.public_key().to_hex(), name: fields::normalize(new.lead_name) },
        opened_at: new.opened_at,
        closes_on: new.closes_on,
    };
    let failures = check_fields(&body);
    if !failures.is_empty() {
        return Err(failures);
    }
    let signature = hex::encode(lead.sign(&signed_message(CONTEXT, &body)));
    Ok(Envelope { signed: body, signature })
}

/// Statement text as it is signed: NFC, `\n` line ends, no trailing white space at the end.
pub fn normalize_body(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let unix = s.replace("\r\n", "\n").replace('\r', "\n");
    unix.trim_end().nfc().collect()
}

pub fn parse(bytes: &[u8]) -> Result<StatementVersion, ParseError> {
    let v: StatementVersion = parse_strict(bytes, 4 << 20, "statement version")?;
    check_format(&v.signed.format, &v.signed.kind, TYPE, "statement version")?;
    Ok(v)
}

/// Field rules (§5) and the digest (§6).
pub fn check_fields(b: &StatementVersionBody) -> Vec<Failure> {
    let mut out = common_fields(&b.common());
    // A digest or id that breaks its form is compared with nothing (§1).
    if fields::statement_id(&b.statement_id).is_ok()
        && fields::digest_hex("digest", &b.digest).is_ok()
        && hex::encode(digest(&b.statement_id, b.version, &b.texts)) != b.digest
    {
        out.push(Failure::new(Code::DigestMismatch, "the statement digest is not that of its text"));
    }
    out
}

/// The members a statement version has in both formats (§6, §14.4).
#[derive(Clone, Copy, Debug)]
pub struct Common<'a> {
    pub statement_id: &'a str,
    pub version: u64,
    pub texts: &'a [Text],
    pub lead_name: &'a str,
    pub opened_at: &'a str,
    pub closes_on: Option<&'a str>,
    pub digest: &'a str,
}

/// The field rules (§5) of the members a version has in both formats (not its digest's value).
pub(crate) fn common_fields(b: &Common<'_>) -> Vec<Failure> {
    let mut out = Vec::new();
    let mut field = |r: Result<(), String>| {
        if let Err(m) = r {
            out.push(Failure::new(Code::FieldInvalid, m));
        }
    };
    field(fields::statement_id(b.statement_id));
    field(if b.version >= 1 { Ok(()) } else { Err("version must be 1 or more".into()) });
    field(if (1..=32).contains(&b.texts.len()) { Ok(()) } else { Err("a statement has 1 to 32 languages".into()) });
    for t in b.texts {
        field(fields::language(&t.language));
        field(fields::name("statement title", &t.title, 500));
        field(fields::body("statement text", &t.body));
    }
    if !b.texts.windows(2).all(|w| w[0].language < w[1].language) {
        field(Err("the texts are not sorted by language, or a language appears twice".into()));
    } else if b
        .texts
        .iter()
        .enumerate()
        .any(|(i, a)| b.texts[i + 1..].iter().any(|t| fields::same_language(&a.language, &t.language)))
    {
        field(Err("a language appears twice, written in other capitals".into()));
    }
    field(fields::name("lead name", b.lead_name, 200));
    field(fields::timestamp("opened_at", b.opened_at));
    if let Some(c) = b.closes_on {
        field(fields::date("closes_on", c));
    }
    field(fields::digest_hex("digest", b.digest));
    out
}

/// Verifies a statement version alone: fields, digest, the lead's signature.
pub fn verify_version(v: &StatementVersion) -> Vec<Failure> {
    let mut out = check_fields(&v.signed);
    if let Err(f) = check_signature(&v.signed.lead.public_key, &v.signature, &signed_message(CONTEXT, &v.signed)) {
        out.push(f);
    }
    out
}

/// Checks a hex key and signature over `msg` under the strict rule, as a failure to report.
pub fn check_signature(key_hex: &str, sig_hex: &str, msg: &[u8]) -> Result<(), Failure> {
    let key = PublicKey::from_hex(key_hex)
        .ok_or_else(|| Failure::new(Code::KeyInvalid, "the public key is not 64 lowercase hex digits"))?;
    let sig: [u8; 64] = hex_array(sig_hex)
        .ok_or_else(|| Failure::new(Code::SignatureInvalid, "the signature is not 128 lowercase hex digits"))?;
    verify(&key.0, &sig, msg).map_err(sig_failure)
}

pub(crate) fn sig_failure(e: SigError) -> Failure {
    match e {
        SigError::KeyInvalid => Failure::new(Code::KeyInvalid, e.to_string()),
        SigError::SignatureInvalid => Failure::new(Code::SignatureInvalid, e.to_string()),
    }
}

impl StatementVersionBody {
    /// The text in `language`, or the first one.
    pub fn text(&self, language: Option<&str>) -> Option<&Text> {
        self.common().text(language)
    }

    /// The members both formats have (what the pages show of a version).
    pub fn common(&self) -> Common<'_> {
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

impl<'a> Common<'a> {
    /// The text in `language`, or the first one.
    pub fn text(&self, language: Option<&str>) -> Option<&'a Text> {
        language.and_then(|l| self.texts.iter().find(|t| t.language == l)).or_else(|| self.texts.first())
    }
}
