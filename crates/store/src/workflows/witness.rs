//! The witness's workflow (FORMAT.md §14.8 and §14.13): co-sign a lead's checkpoint only if it
//! extends the last one this store co-signed for that statement, and keep every refusal, with
//! the equivocation proof when the request showed one. The checks are core's
//! ([`witness::add_checkpoint`]); this keeps their outcome, reading the last checkpoint and
//! writing the next in one transaction, as `tlog-witness.md` requires (two requests at once
//! could otherwise roll the log back).

use crate::{Error, Result, Store};
use rusqlite::{params, OptionalExtension, TransactionBehavior};
use serde::Serialize;
use undersigned_core::ed25519::SecretKey;
use undersigned_core::witness::{self, CosignatureFile, Latest, Refusal};

/// What the witness did with a request.
#[derive(Debug, PartialEq, Eq)]
pub enum Witnessed {
    /// Co-signed: the answer of `add-checkpoint` (`lines`) and the cosignature file for the lead
    /// (which [`Store::witness_cosignature`] gives again).
    Cosigned { origin: String, size: u64, lines: String, file: Vec<u8> },
    /// Refused, and kept as refusal `id`: `status` is C2SP's HTTP status, `proof` an
    /// equivocation proof file when the request showed that the lead key signed two logs (which
    /// [`Store::witness_proof`] gives again).
    Refused { id: i64, status: u16, message: String, proof: Option<Vec<u8>> },
}

/// A log this witness follows: the last checkpoint it co-signed, the refusals, and the proofs
/// of equivocation it kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WitnessedLog {
    pub origin: String,
    /// The statement and the lead key's fingerprint its origin names (§14.8).
    pub statement_id: String,
    pub lead_fingerprint: String,
    pub key_name: String,
    pub size: u64,
    pub cosigned_at: String,
    pub refused: u64,
    pub proofs: Vec<KeptProof>,
}

/// An equivocation proof the witness kept: its refusal's id and when the request came.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeptProof {
    pub id: i64,
    pub received_at: String,
}

/// A witness's key name as C2SP allows it (not empty, no space, no '+'), or why not.
pub fn check_key_name(key_name: &str) -> Result<()> {
    if witness::key_name_ok(key_name) {
        Ok(())
    } else {
        Err(Error::Invalid(format!(
            "{key_name:?} cannot be a witness's key name: it must not be empty or hold a space or a '+'"
        )))
    }
}

impl Store {
    /// Handles one `add-checkpoint` request (its body) as the witness whose key is `key` and key
    /// name `key_name`, at `now` (a timestamp of §1).
    pub fn witness_add_checkpoint(
        &mut self,
        key: &SecretKey,
        key_name: &str,
        body: &str,
        now: &str,
    ) -> Result<Witnessed> {
        check_key_name(key_name)?;
        let timestamp = chrono::DateTime::parse_from_rfc3339(now)
            .ok()
            .and_then(|t| u64::try_from(t.timestamp()).ok())
            .filter(|t| *t > 0)
            .ok_or_else(|| Error::Invalid(format!("{now} is not a time after 1970")))?;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let outcome = match witness::parse_request(body) {
            Err(r) => Err(r),
            Ok(req) => {
                let origin = req.note.split('\n').next().unwrap_or_default().to_string();
                let latest = tx
                    .query_row(
                        "SELECT size, root, note FROM witness_checkpoints WHERE origin = ?1",
                        params![origin],
                        |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?, r.get::<_, String>(2)?)),
                    )
                    .optional()?
                    .map(|(size, root, note)| {
                        let root: [u8; 32] = root
                            .try_into()
                            .map_err(|_| Error::Invalid("the store holds a damaged checkpoint".into()))?;
                        Ok::<_, Error>(Latest { size: size as u64, root, note })
                    })
                    .transpose()?;
                witness::add_checkpoint(&req, latest.as_ref(), key_name, key, timestamp)
            }
        };
        let witnessed = match outcome {
            Ok(c) => {
                tx.execute(
                    "INSERT INTO witness_checkpoints (origin, size, root, note, key_name, cosigned_note, cosigned_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                     ON CONFLICT (origin) DO UPDATE
                     SET size = ?2, root = ?3, note = ?4, key_name = ?5, cosigned_note = ?6, cosigned_at = ?7",
                    params![
                        c.origin,
                        c.latest.size as i64,
                        c.latest.root.to_vec(),
                        c.latest.note,
                        key_name,
                        c.note,
                        now
                    ],
                )?;
                let file = CosignatureFile::new(c.note).to_json();
                Witnessed::Cosigned { origin: c.origin, size: c.latest.size, lines: c.lines, file }
            }
            Err(r) => {
                let proof = match &r {
                    Refusal::Inconsistent { proof: Some(p), .. } => Some(p.to_json()),
                    _ => None,
                };
                let origin = body.split_once("\n\n").map_or("", |(_, n)| n.split('\n').next().unwrap_or_default());
                tx.execute(
                    "INSERT INTO witness_refusals (origin, received_at, status, reason, request, proof)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        origin,
                        now,
                        r.status(),
                        r.message(),
                        body,
                        proof.as_ref().map(|p| String::from_utf8_lossy(p).into_owned())
                    ],
                )?;
                Witnessed::Refused { id: tx.last_insert_rowid(), status: r.status(), message: r.message(), proof }
            }
        };
        tx.commit()?;
        Ok(witnessed)
    }

    /// Handles the file at `path`: an `add-checkpoint` request, or a release's bundle (by its
    /// content: a bundle is a JSON object). Returns what was done and the key name used.
    pub fn witness_add_file(
        &mut self,
        key: &SecretKey,
        key_name: Option<&str>,
        path: &std::path::Path,
        now: &str,
        seed: &[u8; 32],
    ) -> Result<(Witnessed, String)> {
        let (mut reader, _) =
            crate::verify::open(path).map_err(|e| Error::Unreadable { code: e.code, message: e.message })?;
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut reader, &mut bytes)
            .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
        if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
            return self.witness_add_release(key, key_name, &bytes, now, seed);
        }
        if bytes.len() > witness::MAX_REQUEST {
            return Err(Error::Invalid(format!(
                "{} is neither a release's bundle nor a checkpoint request (over {} bytes)",
                path.display(),
                witness::MAX_REQUEST
            )));
        }
        let key_name = key_name.filter(|n| !n.is_empty()).ok_or_else(|| {
            Error::Invalid("a checkpoint request does not say under which key name you co-sign: give yours".into())
        })?;
        let body = String::from_utf8(bytes).map_err(|_| Error::Unreadable {
            code: undersigned_core::Code::Malformed,
            message: format!("{} is not text (UTF-8): not a checkpoint request", path.display()),
        })?;
        Ok((self.witness_add_checkpoint(key, key_name, &body, now)?, key_name.to_owned()))
    }

    /// A release handed over as its bundle (FORMAT.md §14.13, "load a release"): checked fully
    /// first — every check of a 1.1 bundle, the quorum aside, which the witness is asked to help
    /// meet — then the request a lead would send is made from it, from the size this witness
    /// last co-signed for the statement, the consistency proof computed from the bundle's own
    /// entries ([`undersigned_core::bundle11::Bundle::cosignature_request`]), and handled as any
    /// request: co-signed only if it extends that checkpoint, refused with proof otherwise.
    /// `key_name` may be left out when the bundle's version lists this witness's key; when it
    /// lists it under another name, that is an error (a line under another name would not count).
    pub fn witness_add_release(
        &mut self,
        key: &SecretKey,
        key_name: Option<&str>,
        bundle: &[u8],
        now: &str,
        seed: &[u8; 32],
    ) -> Result<(Witnessed, String)> {
        use undersigned_core::verify::{verify_bundle, Options};
        let v = verify_bundle(bundle, None, seed, &Options::default());
        if !v.readable {
            let f = v.report.errors.first();
            return Err(Error::Unreadable {
                code: f.map_or(undersigned_core::Code::Malformed, |f| f.code),
                message: f.map(|f| f.message.clone()).unwrap_or_default(),
            });
        }
        if v.report.format_1_1.is_none() {
            return Err(Error::Invalid(
                "this release is of format 1: it has no checkpoint for a witness to co-sign".into(),
            ));
        }
        let failures: Vec<_> =
            v.report.errors.iter().filter(|f| f.code != undersigned_core::Code::QuorumNotMet).cloned().collect();
        if !failures.is_empty() {
            return Err(Error::Verification(failures));
        }
        let b = undersigned_core::bundle11::Bundle::parse(bundle)
            .map_err(|e| Error::Unreadable { code: e.code, message: e.message })?;
        let mine = key.public_key().to_hex();
        let listed = match b.statement_versions.last() {
            Some(undersigned_core::AnyVersion::V11(v)) => {
                v.signed.witnesses.iter().find(|w| w.public_key == mine).map(|w| w.key_name.clone())
            }
            _ => None,
        };
        let key_name = match (key_name.filter(|n| !n.is_empty()), listed) {
            (Some(given), Some(listed)) if given != listed => {
                return Err(Error::Invalid(format!(
                    "this release lists your key under the key name {listed:?}, not {given:?}: co-sign under {listed:?}"
                )))
            }
            (Some(given), _) => given.to_owned(),
            (None, Some(listed)) => listed,
            (None, None) => {
                return Err(Error::Invalid(
                    "this release does not list your key among its witnesses: give the key name to co-sign under"
                        .into(),
                ))
            }
        };
        let origin = b.origin();
        let last: Option<i64> = self
            .conn
            .query_row("SELECT size FROM witness_checkpoints WHERE origin = ?1", params![origin], |r| r.get(0))
            .optional()?;
        // From what this witness co-signed last.
        let old = last.map_or(0, |n| n as u64);
        let body = b.cosignature_request(old).ok_or_else(|| {
            Error::Invalid(format!(
                "this release has {} entries, and you co-signed {old} for this statement already: it is an older \
                 release, which a witness does not co-sign again",
                b.release.signed.log.size
            ))
        })?;
        Ok((self.witness_add_checkpoint(key, &key_name, &body, now)?, key_name))
    }

    /// The logs this witness follows, by origin.
    pub fn witnessed_logs(&self) -> Result<Vec<WitnessedLog>> {
        let mut q = self.conn.prepare(
            "SELECT c.origin, c.key_name, c.size, c.cosigned_at,
                    (SELECT count(*) FROM witness_refusals r WHERE r.origin = c.origin)
             FROM witness_checkpoints c ORDER BY c.origin",
        )?;
        let rows = q.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })?;
        let mut proofs = self.conn.prepare(
            "SELECT id, received_at FROM witness_refusals WHERE origin = ?1 AND proof IS NOT NULL ORDER BY id",
        )?;
        let mut out = Vec::new();
        for row in rows {
            let (origin, key_name, size, cosigned_at, refused) = row?;
            let kept = proofs
                .query_map(params![origin], |r| Ok(KeptProof { id: r.get(0)?, received_at: r.get(1)? }))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            // Co-signed origins are `undersigned/<lead key>/<statement id>` (core checked them).
            let mut parts = origin.split('/').skip(1);
            let lead = parts.next().unwrap_or_default();
            let statement_id = parts.next().unwrap_or_default().to_string();
            let lead_fingerprint = undersigned_core::canonical::hex_array::<32>(lead)
                .map(|k| undersigned_core::ed25519::fingerprint(&k))
                .unwrap_or_default();
            out.push(WitnessedLog {
                origin,
                statement_id,
                lead_fingerprint,
                key_name,
                size: size as u64,
                cosigned_at,
                refused: refused as u64,
                proofs: kept,
            });
        }
        Ok(out)
    }

    /// The cosignature file of the last checkpoint co-signed for `origin`, for the lead.
    pub fn witness_cosignature(&self, origin: &str) -> Result<Vec<u8>> {
        let note: Option<String> = self
            .conn
            .query_row("SELECT cosigned_note FROM witness_checkpoints WHERE origin = ?1", params![origin], |r| r.get(0))
            .optional()?;
        let note = note.ok_or_else(|| Error::NotFound(format!("no checkpoint of {origin} was co-signed")))?;
        Ok(CosignatureFile::new(note).to_json())
    }

    /// The equivocation proof kept with refusal `id`.
    pub fn witness_proof(&self, id: i64) -> Result<Vec<u8>> {
        let proof: Option<Option<String>> = self
            .conn
            .query_row("SELECT proof FROM witness_refusals WHERE id = ?1", params![id], |r| r.get(0))
            .optional()?;
        proof.flatten().map(String::into_bytes).ok_or_else(|| Error::NotFound(format!("no proof was kept as {id}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use undersigned_core::equivocation::EquivocationProof;
    use undersigned_core::merkle::{leaf_hash, root};
    use undersigned_core::{checkpoint, consistency};

    const STATEMENT: &str = "9f1c0e6a4b2d8e7f0a1b2c3d4e5f6071";

    fn note(lead: &SecretKey, leaves: &[[u8; 32]]) -> String {
        let origin = checkpoint::origin(&lead.public_key().to_hex(), STATEMENT);
        checkpoint::lead_note(&origin, leaves.len() as u64, &root(leaves), lead)
    }

    /// The story of a witness: it co-signs release 1 and release 2 (which extends it), refuses a
    /// request from a stale size (409, naming its own), and refuses a third checkpoint that
    /// forks the log, keeping a proof anyone can verify. Its record never moves back.
    #[test]
    fn a_witness_cosigns_what_extends_and_keeps_proof_of_what_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("w.db")).unwrap();
        let lead = SecretKey::from_seed(&[1; 32]);
        let me = SecretKey::from_seed(&[9; 32]);
        let name = "press-freedom.example/witness";
        let log: Vec<[u8; 32]> = (0..9u8).map(|i| leaf_hash(&[i])).collect();
        let now = "2026-12-05T10:00:00Z";

        let one = s.witness_add_checkpoint(&me, name, &witness::request(0, &[], &note(&lead, &log[..5])), now).unwrap();
        let Witnessed::Cosigned { size: 5, ref lines, ref file, .. } = one else { panic!("{one:?}") };
        assert!(lines.starts_with(&format!("— {name} ")));
        let f: serde_json::Value = serde_json::from_slice(file).unwrap();
        assert_eq!(f["type"], "cosignature");
        assert!(f["note"].as_str().unwrap().ends_with(lines.as_str()));

        let proof = consistency::prove(&log[..7], 5).unwrap();
        let two =
            s.witness_add_checkpoint(&me, name, &witness::request(5, &proof, &note(&lead, &log[..7])), now).unwrap();
        assert!(matches!(two, Witnessed::Cosigned { size: 7, .. }), "{two:?}");

        // From a stale size: 409, and the witness says which size it holds.
        let stale =
            s.witness_add_checkpoint(&me, name, &witness::request(5, &proof, &note(&lead, &log[..7])), now).unwrap();
        let Witnessed::Refused { status: 409, ref message, proof: None, .. } = stale else { panic!("{stale:?}") };
        assert!(message.contains("size 7"), "{message}");

        // A fork: entry 2 replaced, then grown to 9.
        let mut forked = log.clone();
        forked[2] = leaf_hash(b"replaced");
        let p = consistency::prove(&forked, 7).unwrap();
        let fork = s.witness_add_checkpoint(&me, name, &witness::request(7, &p, &note(&lead, &forked)), now).unwrap();
        let Witnessed::Refused { id, status: 422, proof: Some(ref proof), .. } = fork else { panic!("{fork:?}") };
        assert_eq!(EquivocationProof::parse(proof).unwrap().verify(), vec![]);

        let logs = s.witnessed_logs().unwrap();
        assert_eq!(logs.len(), 1);
        let l = &logs[0];
        assert_eq!((l.size, l.refused, l.proofs.len(), l.key_name.as_str()), (7, 2, 1, name), "the record stays at 7");
        assert_eq!(
            (l.statement_id.as_str(), l.lead_fingerprint.len()),
            (STATEMENT, lead.public_key().fingerprint().len())
        );
        assert_eq!(l.lead_fingerprint, lead.public_key().fingerprint());
        assert_eq!(l.proofs[0].id, id);
        assert_eq!(&s.witness_proof(id).unwrap(), proof);
        assert!(matches!(s.witness_proof(id + 100), Err(Error::NotFound(_))));
        // The cosignature file of size 7, again, and none for a log never co-signed.
        let again: serde_json::Value = serde_json::from_slice(&s.witness_cosignature(&l.origin).unwrap()).unwrap();
        assert!(again["note"].as_str().unwrap().starts_with(&format!("{}\n7\n", l.origin)));
        assert!(matches!(s.witness_cosignature("undersigned/none"), Err(Error::NotFound(_))));

        // A key name C2SP does not allow, and a bad clock, are errors, not refusals.
        assert!(s.witness_add_checkpoint(&me, "two words", "", now).is_err());
        assert!(s.witness_add_checkpoint(&me, name, "", "yesterday").is_err());
        // Garbage is refused (400) and kept.
        let junk = s.witness_add_checkpoint(&me, name, "hello", now).unwrap();
        assert!(matches!(junk, Witnessed::Refused { status: 400, proof: None, .. }), "{junk:?}");
    }
}
