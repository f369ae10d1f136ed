//! The lead's side of witnessed releases (FORMAT.md §14.8, §14.13): the `add-checkpoint` request
//! a witness co-signs from, and the witnesses' cosignature files added to the release.

use super::*;
use crate::{Error, Result, Store};
use rusqlite::{params, OptionalExtension};
use undersigned_core::bundle11::{self, Merged};
use undersigned_core::witness::CosignatureFile;
use undersigned_core::{AnyBundle, Code};

/// What adding a cosignature file did, and where the release stands.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CosignaturesAdded {
    pub number: u64,
    /// Key names of the witnesses whose lines were added.
    pub added: Vec<String>,
    /// Lines already in the release.
    pub already: u64,
    /// Lines by keys the version does not list: ignored.
    pub ignored: u64,
    /// Key names of listed witnesses whose lines do not verify: not added.
    pub invalid: Vec<String>,
    /// The display names of the listed witnesses that have now co-signed, and how many must.
    pub cosigned: Vec<String>,
    pub quorum: u64,
}

impl Store {
    /// A release of format 1.1 (the latest when `number` is `None`).
    fn witnessed_release(&self, id: &str, number: Option<u64>) -> Result<bundle11::Bundle> {
        match self.release_bundle(id, number)? {
            AnyBundle::V11(b) => Ok(b),
            AnyBundle::V1(b) => Err(Error::Conflict(format!(
                "release {} is of format 1: open a version with witnesses, and release again, to have releases co-signed",
                b.release.signed.number
            ))),
        }
    }

    /// The body of an `add-checkpoint` request (`tlog-witness.md`) for release `number`: `old`
    /// the size of the last checkpoint the witness co-signed for this statement (0 the first
    /// time; a witness that answers "409 Conflict" says which), the consistency proof from it,
    /// and the checkpoint with the lead's line. A witness co-signs it with `undersigned witness
    /// add-checkpoint`.
    pub fn cosignature_request(&self, id: &str, number: Option<u64>, old: u64) -> Result<String> {
        let b = self.witnessed_release(id, number)?;
        b.cosignature_request(old).ok_or_else(|| {
            Error::Invalid(format!(
                "the witness co-signed a log of {old} entries; release {} has {}: it is an older release, or \
                 the witness follows another log",
                b.release.signed.number, b.release.signed.log.size
            ))
        })
    }

    /// Adds to release `number` (the latest when `None`) the lines of a witness's cosignature
    /// file (§14.13) by witnesses its version lists, each once, when they verify.
    pub fn add_cosignatures(
        &mut self,
        id: &str,
        number: Option<u64>,
        file: &[u8],
        now: &str,
    ) -> Result<CosignaturesAdded> {
        let id = self.resolve_statement(id)?;
        let f = CosignatureFile::parse(file)?;
        let mut b = self.witnessed_release(&id, number)?;
        let Merged { added, already, ignored, invalid } =
            b.add_cosignatures(&f.note).map_err(|f| Error::Verification(vec![f]))?;
        let n = b.release.signed.number;
        if !added.is_empty() {
            let tx = self.conn.transaction()?;
            tx.execute(
                "UPDATE releases SET checkpoint = ?3 WHERE statement_id = ?1 AND number = ?2",
                params![id, n, b.checkpoint],
            )?;
            Store::audit(&tx, now, "cosignatures-added", Some(&id), &format!("release {n}: {}", added.join(", ")))?;
            tx.commit()?;
        }
        let (cosigned, quorum) = cosigners(&b);
        Ok(CosignaturesAdded {
            number: n,
            added,
            already: already as u64,
            ignored: ignored as u64,
            invalid,
            cosigned,
            quorum,
        })
    }
}

impl Store {
    /// A witness's cosignature file dropped among the entries (`import`, the inbox): added to
    /// the release of this store whose checkpoint it co-signs, found by the note's origin (the
    /// statement) and size. Never an error: what went wrong is a rejected result.
    pub(super) fn import_cosignature(&mut self, file: &str, bytes: &[u8], now: &str) -> ImportResult {
        let outcome = self.release_cosigned_by(bytes).and_then(|(id, number)| {
            let c = self.add_cosignatures(&id, Some(number), bytes, now)?;
            Ok(Outcome::Cosigned { number: c.number, added: c.added, cosigned: c.cosigned, quorum: c.quorum })
        });
        let outcome = outcome.unwrap_or_else(|e| {
            let code = match &e {
                Error::Unreadable { code, .. } => *code,
                Error::Verification(f) => f.first().map_or(Code::CosignatureInvalid, |f| f.code),
                // No release of this store has that checkpoint.
                Error::NotFound(_) => Code::CheckpointMismatch,
                _ => Code::Malformed,
            };
            Outcome::Rejected { code, reason: e.to_string() }
        });
        ImportResult { file: file.to_owned(), outcome }
    }

    /// The statement and release number whose checkpoint a cosignature file's note names.
    fn release_cosigned_by(&self, bytes: &[u8]) -> Result<(String, u64)> {
        let f = CosignatureFile::parse(bytes)?;
        let mut lines = f.note.lines();
        let (origin, size) = (lines.next().unwrap_or_default(), lines.next().unwrap_or_default());
        let not_ours = || {
            Error::NotFound(
                "this cosignature file co-signs a checkpoint of no release in this store (another statement, or a \
                 release made elsewhere)"
                    .into(),
            )
        };
        let statement = origin.rsplit('/').next().filter(|s| undersigned_core::fields::is_statement_id(s));
        let (Some(statement), Ok(size)) = (statement, size.parse::<u64>()) else { return Err(not_ours()) };
        let found: Option<(String, u64, String)> = self
            .conn
            .query_row(
                "SELECT r.statement_id, r.number, r.checkpoint FROM releases r WHERE r.statement_id = ?1 AND r.log_size = ?2
                 AND r.checkpoint IS NOT NULL ORDER BY r.number DESC LIMIT 1",
                params![statement, size],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        match found {
            Some((id, number, checkpoint)) if checkpoint.lines().next() == Some(origin) => Ok((id, number)),
            _ => Err(not_ours()),
        }
    }
}

/// The display names of the listed witnesses whose lines in the checkpoint verify (check 17),
/// and the quorum (§14.8).
fn cosigners(b: &bundle11::Bundle) -> (Vec<String>, u64) {
    let w = undersigned_core::verify11::witness_report(b.statement_versions.last(), &b.release.signed, &b.checkpoint);
    (w.listed.into_iter().filter(|l| l.cosigned).map(|l| l.name).collect(), w.quorum)
}
