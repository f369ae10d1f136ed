//! Equivocation proofs (FORMAT.md §14.13): two checkpoints signed by one lead key for one
//! statement that cannot both be honest, the same size with different roots, or sizes m < n
//! where a consistency proof shows the tree of size n does not extend the one of size m. A
//! witness that refuses a release keeps one; anyone can check it, offline, with this module.
//!
//! The proof is the first artefact of format 1.1 that this verifier reads whole: it is read in
//! the order of §14.3 (size, JSON, format, members, type) and then gets at most one failure,
//! the first of its three checks.

use crate::canonical::non_null;
use crate::checkpoint;
use crate::consistency;
use crate::error::{Code, Failure, ParseError};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The `type` of an equivocation proof.
pub const TYPE: &str = "equivocation-proof";
/// The size cap of an equivocation proof (§14.12).
pub const MAX_BYTES: usize = 256 * 1024;
/// The most hashes a consistency proof may have (§14.13).
pub const MAX_PROOF: usize = 63;

/// An equivocation proof as its file carries it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EquivocationProof {
    pub format: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// Note A (size m).
    pub a: String,
    /// Note B (size n ≥ m).
    pub b: String,
    /// Present exactly when 0 < m < n.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "non_null")]
    pub consistency: Option<Consistency>,
}

/// The consistency proof from B's first m entries to B: their root R′ and the proof's hashes,
/// each in standard base64 (§14.8).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consistency {
    pub old_root: String,
    pub proof: Vec<String>,
}

impl EquivocationProof {
    /// A proof of format 1.1 from two notes (and, when 0 < m < n, the consistency proof).
    pub fn new(a: String, b: String, consistency: Option<Consistency>) -> Self {
        EquivocationProof { format: crate::FORMAT_1_1.into(), kind: TYPE.into(), a, b, consistency }
    }

    /// Reads a proof in the order of §14.3: `too-large`, `malformed`, then its `format`
    /// (`unsupported-format` unless `undersigned/1.1`, which also holds of a `format` inside it
    /// that is neither format's), its members (`malformed`), its `type` (`unsupported-format`).
    pub fn parse(bytes: &[u8]) -> Result<Self, ParseError> {
        let what = "equivocation proof";
        let p: EquivocationProof =
            crate::canonical::parse_strict_probing(bytes, MAX_BYTES, what, (foreign_1_1, crate::FORMAT_1_1))?;
        crate::canonical::check_format_of(crate::FORMAT_1_1, &p.format, &p.kind, TYPE, what)?;
        Ok(p)
    }

    pub fn to_json(&self) -> Vec<u8> {
        crate::canonical::pretty(self)
    }

    /// The proof's failure, if any (at most one, the first of §14.13's three checks).
    pub fn verify(&self) -> Vec<Failure> {
        self.check().err().into_iter().collect()
    }

    fn check(&self) -> Result<(), Failure> {
        let field = |at: &str, m: String| Failure::new(Code::FieldInvalid, m).at(at);
        // 1. The members' rules.
        let a = checkpoint::read(&self.a).map_err(|m| field("a", format!("note a: {m}")))?;
        let b = checkpoint::read(&self.b).map_err(|m| field("b", format!("note b: {m}")))?;
        if a.origin != b.origin {
            return Err(field("b", "the two checkpoints are of different logs (their origins differ)".into()));
        }
        if a.size > b.size {
            return Err(field("b", format!("checkpoint b ({}) is smaller than checkpoint a ({})", b.size, a.size)));
        }
        let needed = 0 < a.size && a.size < b.size;
        let proof = match (&self.consistency, needed) {
            (None, false) => None,
            (Some(c), true) => Some(read_consistency(c).map_err(|m| field("consistency", m))?),
            (None, true) => {
                return Err(field("consistency", "a consistency proof is needed when 0 < m < n".into()));
            }
            (Some(_), false) => {
                return Err(field("consistency", "a consistency proof is given only when 0 < m < n".into()));
            }
        };
        // 2. The lead signed both notes.
        for (at, s) in [("a", &a), ("b", &b)] {
            if !checkpoint::lead_signed(&s.note, s.origin, &s.lead_key) {
                return Err(Failure::new(
                    Code::SignatureInvalid,
                    format!("note {at} has no signature of the lead key its origin names, or one that does not verify"),
                )
                .at(at));
            }
        }
        // 3. The two cannot both be honest.
        let (m, n) = (a.size, b.size);
        let shown = if m == n {
            a.root != b.root
        } else if m == 0 {
            a.root != <[u8; 32]>::from(Sha256::digest(b""))
        } else {
            let (old_root, hashes) = proof.unwrap_or_default();
            consistency::verify(m, n, &old_root, &b.root, &hashes) && old_root != a.root
        };
        if shown {
            Ok(())
        } else {
            Err(Failure::new(
                Code::EquivocationUnproven,
                format!("the checkpoints of sizes {m} and {n} are consistent: they do not show an equivocation"),
            ))
        }
    }
}

fn read_consistency(c: &Consistency) -> Result<([u8; 32], Vec<[u8; 32]>), String> {
    let old = checkpoint::hash(&c.old_root).ok_or("old_root is not the base64 of 32 bytes")?;
    if c.proof.len() > MAX_PROOF {
        return Err(format!("the proof has {} hashes, more than {MAX_PROOF}", c.proof.len()));
    }
    let hashes = c
        .proof
        .iter()
        .enumerate()
        .map(|(i, h)| {
            checkpoint::hash(h).ok_or_else(|| format!("hash {} of the proof is not the base64 of 32 bytes", i + 1))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((old, hashes))
}

/// When a 1.1 artefact does not parse: the format it claims that is not 1.1 (its own `format`,
/// a string other than `undersigned/1.1`), or a `format` inside it that is neither format's
/// (§14.3, steps 3–4). A `format` that is not a string claims none (`malformed`).
pub(crate) fn foreign_1_1(bytes: &[u8]) -> Option<String> {
    let v: Value = serde_json::from_slice(bytes).ok()?;
    let own = v.get("format").and_then(Value::as_str).filter(|f| *f != crate::FORMAT_1_1);
    own.map(str::to_owned)
        .or_else(|| crate::canonical::foreign_in_by(&v, &|f| f == crate::FORMAT || f == crate::FORMAT_1_1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ed25519::SecretKey;

    fn key(seed: u8) -> SecretKey {
        SecretKey::from_seed(&[seed; 32])
    }

    fn signed(lead: &SecretKey, size: u64, root: &[u8; 32]) -> String {
        let origin = checkpoint::origin(&hex::encode(lead.public_key().0), "9f1c0e6a4b2d8e7f0a1b2c3d4e5f6071");
        let text = checkpoint::text(&origin, size, root);
        format!("{text}\n{}", checkpoint::lead_line(&origin, &text, lead))
    }

    fn codes(p: &EquivocationProof) -> Vec<Code> {
        p.verify().into_iter().map(|f| f.code).collect()
    }

    #[test]
    fn each_case_of_the_format() {
        let lead = key(1);
        let leaves: Vec<[u8; 32]> = (0u8..7).map(|i| crate::merkle::leaf_hash(&[i])).collect();
        let root = |l: &[[u8; 32]]| crate::merkle::root(l);
        // The same size, two roots: shown.
        let fork = {
            let mut l = leaves.clone();
            l[2] = crate::merkle::leaf_hash(b"other");
            l
        };
        let p = EquivocationProof::new(signed(&lead, 7, &root(&leaves)), signed(&lead, 7, &root(&fork)), None);
        assert_eq!(codes(&p), []);
        // The same checkpoint twice: nothing shown.
        let same = EquivocationProof::new(p.a.clone(), p.a.clone(), None);
        assert_eq!(codes(&same), [Code::EquivocationUnproven]);
        // m < n: a proof from B's real prefix, whose root differs from A's.
        let proof = consistency::prove(&fork, 4).unwrap();
        let c = Consistency {
            old_root: crate::base64::encode(&root(&fork[..4])),
            proof: proof.iter().map(|h| crate::base64::encode(h)).collect(),
        };
        let a = signed(&lead, 4, &root(&leaves[..4]));
        let p = EquivocationProof::new(a.clone(), signed(&lead, 7, &root(&fork)), Some(c.clone()));
        assert_eq!(codes(&p), []);
        // An honest extension: unproven.
        let honest = EquivocationProof::new(signed(&lead, 4, &root(&fork[..4])), p.b.clone(), Some(c.clone()));
        assert_eq!(codes(&honest), [Code::EquivocationUnproven]);
        // A proof that does not verify shows nothing.
        let mut bad = c.clone();
        bad.old_root = crate::base64::encode(&[9; 32]);
        assert_eq!(codes(&EquivocationProof::new(a.clone(), p.b.clone(), Some(bad))), [Code::EquivocationUnproven]);
        // Missing proof, proof not wanted, sizes the wrong way round, another lead's note.
        assert_eq!(codes(&EquivocationProof::new(a.clone(), p.b.clone(), None)), [Code::FieldInvalid]);
        assert_eq!(codes(&EquivocationProof::new(p.b.clone(), a.clone(), None)), [Code::FieldInvalid]);
        let other = signed(&key(2), 7, &root(&fork));
        assert_eq!(codes(&EquivocationProof::new(a.clone(), other, Some(c))), [Code::FieldInvalid]);
        // m = 0: shown only when A's root is not the empty tree's.
        let empty = <[u8; 32]>::from(Sha256::digest(b""));
        let zero = |r: &[u8; 32]| EquivocationProof::new(signed(&lead, 0, r), signed(&lead, 7, &root(&fork)), None);
        assert_eq!(codes(&zero(&empty)), [Code::EquivocationUnproven]);
        assert_eq!(codes(&zero(&[1; 32])), []);
        // A note signed by another key under this lead's origin: signature-invalid.
        let origin = checkpoint::origin(&hex::encode(lead.public_key().0), "9f1c0e6a4b2d8e7f0a1b2c3d4e5f6071");
        let text = checkpoint::text(&origin, 7, &root(&leaves));
        let forged = format!("{text}\n{}", checkpoint::lead_line(&origin, &text, &key(3)));
        assert_eq!(codes(&EquivocationProof::new(forged, p.b.clone(), None)), [Code::SignatureInvalid]);
    }

    #[test]
    fn reading_order() {
        let read = |s: &str| EquivocationProof::parse(s.as_bytes()).map(|_| ()).map_err(|e| e.code);
        let body = r#""a": "x", "b": "y""#;
        assert_eq!(read(&format!(r#"{{"format": "undersigned/1.1", "type": "equivocation-proof", {body}}}"#)), Ok(()));
        assert_eq!(
            read(&format!(r#"{{"format": "undersigned/1", "type": "equivocation-proof", {body}}}"#)),
            Err(Code::UnsupportedFormat)
        );
        assert_eq!(read(&format!(r#"{{"format": 11, "type": "equivocation-proof", {body}}}"#)), Err(Code::Malformed));
        assert_eq!(
            read(&format!(r#"{{"format": "undersigned/1.1", "type": "cosignature", {body}}}"#)),
            Err(Code::UnsupportedFormat)
        );
        assert_eq!(
            read(&format!(r#"{{"format": "undersigned/1.1", "type": "equivocation-proof", {body}, "x": 1}}"#)),
            Err(Code::Malformed)
        );
        assert_eq!(
            read(&format!(
                r#"{{"format": "undersigned/1.1", "type": "equivocation-proof", {body}, "x": {{"format": "undersigned/2"}}}}"#
            )),
            Err(Code::UnsupportedFormat)
        );
        assert_eq!(
            read(&format!(
                r#"{{"format": "undersigned/1.1", "type": "equivocation-proof", {body}, "consistency": null}}"#
            )),
            Err(Code::Malformed)
        );
        assert_eq!(read(&" ".repeat(MAX_BYTES + 1)), Err(Code::TooLarge));
    }
}
