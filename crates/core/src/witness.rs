//! The witness (FORMAT.md §14.8 and §14.13; C2SP `tlog-witness.md`, "add-checkpoint"): a
//! partner organization that co-signs a lead's checkpoint only if it extends the last one it
//! co-signed for that statement, and keeps the proof when the lead shows it two logs.
//!
//! Pure: the caller passes what the witness last co-signed for the origin, the witness's key and
//! the time, and keeps the outcome (atomically with the check, as the spec requires).
//!
//! A request is the body of C2SP's `add-checkpoint`: `old <size>`, the consistency proof (one
//! base64 hash a line, at most 63), an empty line, then the note, its lead's line included.
//! The witness trusts, for an origin `undersigned/<lead key>/<statement id>`, the lead key the
//! origin names: it vouches that the lead key showed it one log, not who holds that key.

use crate::checkpoint::{self, Signed};
use crate::consistency;
use crate::ed25519::SecretKey;
use crate::equivocation::{Consistency, EquivocationProof, MAX_PROOF};
use crate::{base64, note};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The `type` of a cosignature file.
pub const COSIGNATURE_TYPE: &str = "cosignature";

/// The extension of a cosignature file, without its dot (§14.14).
pub const COSIGNATURE_EXTENSION: &str = "undersigned-cosignature";

/// The file a witness answers with when it is handed a release as a file (§14.13): the note
/// with the witness's lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CosignatureFile {
    pub format: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub note: String,
}

impl CosignatureFile {
    pub fn new(note: String) -> Self {
        CosignatureFile { format: crate::FORMAT_1_1.into(), kind: COSIGNATURE_TYPE.into(), note }
    }

    pub fn to_json(&self) -> Vec<u8> {
        crate::canonical::pretty(self)
    }

    /// Reads a cosignature file in the order of §14.3 (its 64 KiB cap, §14.12). Its note is
    /// checked only against a bundle ([`crate::bundle11::Bundle::add_cosignatures`]).
    pub fn parse(bytes: &[u8]) -> Result<Self, crate::ParseError> {
        let f: CosignatureFile = crate::canonical::parse_strict_probing(
            bytes,
            MAX_COSIGNATURE_FILE,
            "cosignature file",
            (crate::equivocation::foreign_1_1, crate::FORMAT_1_1),
        )?;
        crate::canonical::check_format_of(crate::FORMAT_1_1, &f.format, &f.kind, COSIGNATURE_TYPE, "cosignature file")?;
        Ok(f)
    }
}

/// The size cap of a cosignature file (§14.12).
pub const MAX_COSIGNATURE_FILE: usize = 64 * 1024;

/// The largest request the witness reads: the proof, and a note with up to a few hundred
/// signature lines.
pub const MAX_REQUEST: usize = 64 * 1024;

/// An `add-checkpoint` request, read.
#[derive(Debug)]
pub struct Request<'a> {
    /// The size of the last checkpoint the lead believes this witness co-signed.
    pub old_size: u64,
    pub proof: Vec<[u8; 32]>,
    /// The note: the checkpoint text and its signature lines.
    pub note: &'a str,
}

/// What the witness keeps for an origin: the last checkpoint it co-signed, as the lead signed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Latest {
    pub size: u64,
    pub root: [u8; 32],
    /// The note the lead sent, its lines included (one half of an equivocation proof).
    pub note: String,
}

/// Why the witness does not co-sign, with the HTTP status C2SP gives each refusal.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// 400: not a request of C2SP's form, or an old size larger than the checkpoint's.
    BadRequest(String),
    /// 404: the origin is not one of this format (`undersigned/<64 hex>/<32 hex>`).
    UnknownOrigin(String),
    /// 403: no line by the lead key the origin names, or one that does not verify.
    Forbidden,
    /// 409: the old size is not that of the last checkpoint co-signed for the origin (`latest`).
    Conflict { latest: u64 },
    /// 422: the checkpoint does not extend the last one co-signed. `proof` is an equivocation
    /// proof (§14.13) when the request shows one: the lead key signed two logs.
    Inconsistent { reason: String, proof: Option<Box<EquivocationProof>> },
}

impl Refusal {
    /// The HTTP status of `tlog-witness.md` for this refusal.
    pub fn status(&self) -> u16 {
        match self {
            Refusal::BadRequest(_) => 400,
            Refusal::UnknownOrigin(_) => 404,
            Refusal::Forbidden => 403,
            Refusal::Conflict { .. } => 409,
            Refusal::Inconsistent { .. } => 422,
        }
    }

    /// What went wrong, in a sentence.
    pub fn message(&self) -> String {
        match self {
            Refusal::BadRequest(m) => format!("this is not a checkpoint request: {m}"),
            Refusal::UnknownOrigin(m) => format!("this checkpoint is not of an Undersigned statement: {m}"),
            Refusal::Forbidden => {
                "this checkpoint has no valid signature by the lead key its origin names".to_string()
            }
            Refusal::Conflict { latest } => format!(
                "the request starts from another checkpoint: the last one co-signed for this statement has size {latest}"
            ),
            Refusal::Inconsistent { reason, proof } => match proof {
                Some(_) => format!("the lead signed two different lists: {reason}"),
                None => format!("this checkpoint does not extend the last one co-signed: {reason}"),
            },
        }
    }
}

/// A co-signed checkpoint.
#[derive(Debug, PartialEq, Eq)]
pub struct Cosigned {
    pub origin: String,
    /// What the witness keeps for the origin from now on.
    pub latest: Latest,
    /// The answer of `add-checkpoint`: the witness's signature line, ending in U+000A.
    pub lines: String,
    /// The note with the witness's line added: the `note` of a cosignature file (§14.13).
    pub note: String,
}

/// An `add-checkpoint` body (the lead's side): `old <size>`, the proof, an empty line, the note.
pub fn request(old_size: u64, proof: &[[u8; 32]], note: &str) -> String {
    let lines: String = proof.iter().map(|h| format!("{}\n", base64::encode(h))).collect();
    format!("old {old_size}\n{lines}\n{note}")
}

/// Reads an `add-checkpoint` body.
pub fn parse_request(body: &str) -> Result<Request<'_>, Refusal> {
    let bad = |m: &str| Refusal::BadRequest(m.to_string());
    if body.len() > MAX_REQUEST {
        return Err(bad("it is larger than 64 KiB"));
    }
    let (head, note) = body.split_once("\n\n").ok_or_else(|| bad("it has no empty line before the checkpoint"))?;
    let mut lines = head.split('\n');
    let old = lines.next().unwrap_or_default();
    let old_size = old
        .strip_prefix("old ")
        .and_then(checkpoint::decimal)
        .ok_or_else(|| bad("its first line is not `old` and a size"))?;
    let mut proof = Vec::new();
    for (i, l) in lines.enumerate() {
        let h = checkpoint::hash(l).ok_or_else(|| bad(&format!("line {} is not a base64 hash", i + 2)))?;
        proof.push(h);
    }
    if proof.len() > MAX_PROOF {
        return Err(bad(&format!("its proof has {} hashes, more than {MAX_PROOF}", proof.len())));
    }
    Ok(Request { old_size, proof, note })
}

/// Checks `req` against `latest`, what this witness last co-signed for the request's origin
/// (none: never), in the order of `tlog-witness.md`, and co-signs it as `key_name` with `key`
/// at `timestamp` (POSIX seconds, not 0) when every check passes.
pub fn add_checkpoint(
    req: &Request<'_>,
    latest: Option<&Latest>,
    key_name: &str,
    key: &SecretKey,
    timestamp: u64,
) -> Result<Cosigned, Refusal> {
    let signed = checkpoint::read(req.note).map_err(|m| match checkpoint_origin(req.note) {
        Some(o) if !o.starts_with("undersigned/") => Refusal::UnknownOrigin(o.to_string()),
        _ => Refusal::BadRequest(format!("the checkpoint: {m}")),
    })?;
    if !checkpoint::lead_signed(&signed.note, signed.origin, &signed.lead_key) {
        return Err(Refusal::Forbidden);
    }
    let Signed { size, root, origin, .. } = signed;
    if req.old_size > size {
        return Err(Refusal::BadRequest(format!(
            "the old size {} is larger than the checkpoint's {size}",
            req.old_size
        )));
    }
    let last_size = latest.map_or(0, |l| l.size);
    if req.old_size != last_size {
        return Err(Refusal::Conflict { latest: last_size });
    }
    let empty: [u8; 32] = Sha256::digest(b"").into();
    let inconsistent = |reason: String, proof: Option<EquivocationProof>| {
        Err(Refusal::Inconsistent { reason, proof: proof.map(Box::new) })
    };
    if size == 0 && root != empty {
        return inconsistent("a checkpoint of size 0 has another root than the empty tree's".into(), None);
    }
    match latest {
        None => {
            if !req.proof.is_empty() {
                return inconsistent("a proof is given from size 0".into(), None);
            }
        }
        Some(last) if last.size == size => {
            if !req.proof.is_empty() {
                return inconsistent("a proof is given between two checkpoints of one size".into(), None);
            }
            if last.root != root {
                let proof = EquivocationProof::new(last.note.clone(), req.note.to_string(), None);
                return inconsistent(format!("two checkpoints of size {size} with different roots"), Some(proof));
            }
        }
        Some(last) if last.size == 0 => {
            if !req.proof.is_empty() {
                return inconsistent("a proof is given from size 0".into(), None);
            }
        }
        Some(last) => {
            if !consistency::verify(last.size, size, &last.root, &root, &req.proof) {
                // The proof gives the root the log holds for its first `last.size` entries; when
                // it leads to this checkpoint's root and differs from the one co-signed, the lead
                // key signed two logs, and the request is the proof of it.
                let shown = consistency::roots(last.size, size, &last.root, &req.proof)
                    .filter(|(old, new)| *new == root && *old != last.root);
                let proof = shown.map(|(old, _)| {
                    EquivocationProof::new(
                        last.note.clone(),
                        req.note.to_string(),
                        Some(Consistency {
                            old_root: base64::encode(&old),
                            proof: req.proof.iter().map(|h| base64::encode(h)).collect(),
                        }),
                    )
                });
                let reason = match proof {
                    Some(_) => {
                        format!("its first {} entries are not those of the checkpoint co-signed before", last.size)
                    }
                    None => format!("the consistency proof from size {} to {size} does not verify", last.size),
                };
                return inconsistent(reason, proof);
            }
        }
    }
    let text = signed.note.text;
    let lines = checkpoint::cosignature_line(key_name, text, timestamp, key);
    let note = format!("{}{lines}", req.note);
    Ok(Cosigned { origin: origin.to_string(), latest: Latest { size, root, note: req.note.to_string() }, lines, note })
}

/// The first line of a note's text, if it has one: what its origin claims to be.
fn checkpoint_origin(note: &str) -> Option<&str> {
    note.split_once('\n').map(|(o, _)| o).filter(|o| !o.is_empty())
}

/// Whether `name` can be a witness's key name (C2SP: no space, no '+', not empty).
pub fn key_name_ok(name: &str) -> bool {
    note::key_name_ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merkle::{leaf_hash, root};

    fn key(seed: u8) -> SecretKey {
        SecretKey::from_seed(&[seed; 32])
    }

    const STATEMENT: &str = "9f1c0e6a4b2d8e7f0a1b2c3d4e5f6071";

    fn leaves(n: usize, salt: u8) -> Vec<[u8; 32]> {
        (0..n).map(|i| leaf_hash(&[salt, i as u8])).collect()
    }

    /// The note of a checkpoint of `leaves`, signed by `lead`.
    fn note_of(lead: &SecretKey, leaves: &[[u8; 32]]) -> String {
        let origin = checkpoint::origin(&lead.public_key().to_hex(), STATEMENT);
        checkpoint::lead_note(&origin, leaves.len() as u64, &root(leaves), lead)
    }

    fn request(old: usize, proof: &[[u8; 32]], note: &str) -> String {
        super::request(old as u64, proof, note)
    }

    fn submit(body: &str, latest: Option<&Latest>) -> Result<Cosigned, Refusal> {
        let req = parse_request(body)?;
        add_checkpoint(&req, latest, "witness.example/w1", &key(9), 1_765_000_000)
    }

    #[test]
    fn a_log_that_grows_is_cosigned_step_by_step_and_the_lines_verify() {
        let lead = key(1);
        let all = leaves(13, 0);
        let mut latest: Option<Latest> = None;
        for n in [0usize, 1, 5, 8, 8, 13] {
            let m = latest.as_ref().map_or(0, |l| l.size as usize);
            let proof = if m == 0 || m == n { Vec::new() } else { consistency::prove(&all[..n], m).unwrap() };
            let note = note_of(&lead, &all[..n]);
            let c = submit(&request(m, &proof, &note), latest.as_ref()).unwrap_or_else(|r| panic!("{n}: {r:?}"));
            assert_eq!(c.latest.size, n as u64);
            assert!(c.lines.starts_with("— witness.example/w1 ") && c.lines.ends_with('\n'));
            // The co-signed note passes checks 14–18 with this witness listed, quorum 1.
            let origin = c.origin.clone();
            let w = checkpoint::Witness { key_name: "witness.example/w1".into(), public_key: key(9).public_key().0 };
            let text = checkpoint::text(&origin, n as u64, &root(&all[..n]));
            let checked = checkpoint::check(&c.note, &text, &origin, &lead.public_key().0, &[w], 1);
            assert!(checked.faults.is_empty(), "{n}: {:?}", checked.faults);
            assert_eq!(checked.cosigned, vec![0]);
            let file: CosignatureFile =
                serde_json::from_slice(&CosignatureFile::new(c.note.clone()).to_json()).unwrap();
            assert_eq!(
                (file.format.as_str(), file.kind.as_str(), file.note.as_str()),
                ("undersigned/1.1", "cosignature", c.note.as_str())
            );
            latest = Some(c.latest);
        }
    }

    #[test]
    fn each_refusal_has_its_status() {
        let lead = key(1);
        let all = leaves(6, 0);
        let first = submit(&request(0, &[], &note_of(&lead, &all[..3])), None).unwrap().latest;

        // 400: not a request; an old size above the checkpoint's.
        assert_eq!(submit("old 3\n", Some(&first)).unwrap_err().status(), 400);
        assert_eq!(submit("old 03\n\nx", Some(&first)).unwrap_err().status(), 400);
        assert_eq!(submit(&request(7, &[], &note_of(&lead, &all)), Some(&first)).unwrap_err().status(), 400);
        // 404: another log's origin.
        let other = format!("example.com/log\n1\n{}\n\n— example.com/log AAAA\n", base64::encode(&[0; 32]));
        assert_eq!(submit(&request(0, &[], &other), None).unwrap_err().status(), 404);
        // 403: no lead line, or one by another key under the lead's name.
        let unsigned = note_of(&lead, &all).split("\n\n").next().unwrap().to_string() + "\n\n— someone AAAAAAAA\n";
        assert_eq!(submit(&request(3, &[], &unsigned), Some(&first)).unwrap_err(), Refusal::Forbidden);
        let mut forged = note_of(&lead, &all);
        let at = forged.rfind(' ').unwrap() + 6;
        forged.replace_range(at..at + 1, if &forged[at..at + 1] == "A" { "B" } else { "A" });
        assert_eq!(submit(&request(3, &[], &forged), Some(&first)).unwrap_err().status(), 403);
        // 409: from another size than the last co-signed, which the refusal names.
        let proof = consistency::prove(&all, 2).unwrap();
        assert_eq!(
            submit(&request(2, &proof, &note_of(&lead, &all)), Some(&first)).unwrap_err(),
            Refusal::Conflict { latest: 3 }
        );
        // 422: a proof that does not verify (and shows nothing), or a proof from size 0.
        let wrong = consistency::prove(&all, 4).unwrap();
        match submit(&request(3, &wrong, &note_of(&lead, &all)), Some(&first)).unwrap_err() {
            Refusal::Inconsistent { proof: None, .. } => {}
            r => panic!("{r:?}"),
        }
        assert_eq!(submit(&request(0, &wrong, &note_of(&lead, &all)), None).unwrap_err().status(), 422);
    }

    /// The lead key signs a log that does not extend the one the witness co-signed: the refusal
    /// carries an equivocation proof that verifies (§14.13), for the same size and for a longer
    /// log whose proof gives away its own prefix root; a bad proof proves nothing.
    #[test]
    fn two_logs_make_a_proof_that_verifies() {
        let lead = key(1);
        let honest = leaves(8, 0);
        let mut forked = leaves(8, 0);
        forked[1] = leaf_hash(b"dropped and replaced");
        for (m, n) in [(3usize, 3usize), (3, 8), (5, 7), (6, 8)] {
            let first = submit(&request(0, &[], &note_of(&lead, &honest[..m])), None).unwrap().latest;
            let proof = if m == n { Vec::new() } else { consistency::prove(&forked[..n], m).unwrap() };
            match submit(&request(m, &proof, &note_of(&lead, &forked[..n])), Some(&first)).unwrap_err() {
                Refusal::Inconsistent { proof: Some(p), .. } => {
                    assert_eq!(p.verify(), vec![], "m={m} n={n}");
                    let back = EquivocationProof::parse(&p.to_json()).unwrap();
                    assert_eq!(back.verify(), vec![]);
                }
                r => panic!("m={m} n={n}: {r:?}"),
            }
        }
        // At a power of two the proof leaves the old root out: it shows nothing, and the
        // witness refuses without a proof.
        let first = submit(&request(0, &[], &note_of(&lead, &honest[..4])), None).unwrap().latest;
        let proof = consistency::prove(&forked[..8], 4).unwrap();
        match submit(&request(4, &proof, &note_of(&lead, &forked[..8])), Some(&first)).unwrap_err() {
            Refusal::Inconsistent { proof: None, .. } => {}
            r => panic!("{r:?}"),
        }
    }
}
