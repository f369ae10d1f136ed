//! The lead's releases: the next bundle, signed, verified by the one pipeline before it is
//! recorded; and any recorded release as a bundle.

use super::*;
use crate::{Error, Result, Store};
use rusqlite::{params, OptionalExtension, TransactionBehavior};
use undersigned_core::bundle::{self, Bundle, Entry};
use undersigned_core::bundle11::{self, NewBundle};
use undersigned_core::{AnyBundle, AnyVersion, Code, Release, SecretKey};

impl Store {
    /// Publishes the next release: the log so far plus every accepted entry not yet in it, in
    /// the order they were imported, signed by the lead. The bundle is verified before it is
    /// recorded; nothing is recorded if it does not verify.
    pub fn release(
        &mut self,
        id: &str,
        lead: &SecretKey,
        now: &str,
        seed: &[u8; 32],
    ) -> Result<(AnyBundle, ReleaseSummary)> {
        self.release_with(id, || Ok(lead), now, seed, None, &|_, _| {})
    }

    /// [`Store::release`], for the command line. `unlock` gives the lead's key; it runs on another
    /// thread while the entries are read (a key derivation takes a moment). With `out`, the bundle
    /// is written to that file as it is verified: the file is moved into place once the release
    /// is recorded, and is not written at all if anything fails before. `progress(done, total)`
    /// follows the entries verified (and written), about every percent, from another thread.
    pub fn release_with<K: std::borrow::Borrow<SecretKey> + Send>(
        &mut self,
        id: &str,
        unlock: impl FnOnce() -> Result<K> + Send,
        now: &str,
        seed: &[u8; 32],
        out: Option<&std::path::Path>,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<(AnyBundle, ReleaseSummary)> {
        let id = self.resolve_statement(id)?;
        let lead_key: String =
            self.conn.query_row("SELECT lead_key FROM statements WHERE id = ?1", [&id], |r| r.get(0))?;
        let versions = self.open_versions(&id)?;
        if versions.is_empty() {
            return Err(Error::Conflict("open a version for signature before releasing".into()));
        }
        // From the first version of format 1.1 on, every release is of format 1.1 (§14.1); so
        // too once the lead has recorded an attestation (only 1.1 carries evidence, §14.7), and
        // after a release of 1.1 (a format 1 release never names one).
        let previous_1_1: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM releases WHERE statement_id = ?1 AND checkpoint IS NOT NULL)",
            [&id],
            |r| r.get(0),
        )?;
        // And once it holds an entry of a signer not named (§14.9).
        let unnamed: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM entries INDEXED BY entries_unnamed
               WHERE statement_id = ?1 AND kind IN ('hidden', 'vouch', 'reveal') AND status = 'accepted')",
            [&id],
            |r| r.get(0),
        )?;
        if versions.iter().any(|v| matches!(v, AnyVersion::V11(_)))
            || previous_1_1
            || unnamed
            || self.has_attestations(&id)?
        {
            let lead = unlock()?;
            return self.release_1_1(&id, &lead_key, versions, lead.borrow(), now, seed, out, progress);
        }
        let versions: Vec<_> =
            versions.into_iter().filter_map(|v| if let AnyVersion::V1(v) = v { Some(v) } else { None }).collect();
        std::thread::scope(|scope| {
            let unlocking = scope.spawn(unlock);
            let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let (previous, entries, old, new_seqs) = release_entries(&tx, &id)?;
            let entries = entries.into_iter().map(entry_1).collect::<Result<Vec<_>>>()?;
            let previous: Option<Release> = previous.map(|s| parse_json(&s, "release")).transpose()?;
            let lead = unlocking.join().map_err(|_| Error::Invalid("unlocking the lead's key failed".into()))??;
            let lead = lead.borrow();
            if lead.public_key().to_hex() != lead_key {
                return Err(Error::Invalid("this key is not the lead key of this statement".into()));
            }
            let bundle = bundle::assemble(versions, entries, previous.as_ref(), now.into(), lead);
            let r = &bundle.release.signed;
            let summary = ReleaseSummary {
                statement_id: id.clone(),
                number: r.number,
                issued_at: r.issued_at.clone(),
                entries: r.log.size,
                added: new_seqs.len() as u64,
                signatories: r.counts.signatories,
                withdrawn: r.counts.withdrawn,
                ..Default::default()
            };
            // This runs while the bundle is verified; nothing is committed before the
            // verification passed.
            let log_new = |tx: &rusqlite::Transaction<'_>| log_new_entries(tx, &id, old, &new_seqs);
            let record = |tx: rusqlite::Transaction<'_>| -> Result<()> {
                tx.execute(
                    "INSERT INTO releases (statement_id, number, issued_at, log_size, envelope) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![id, r.number, r.issued_at, r.log.size, json(&bundle.release)],
                )?;
                Store::audit(
                    &tx,
                    now,
                    "release-published",
                    Some(&id),
                    &format!("release {} of {} entries", r.number, r.log.size),
                )?;
                tx.commit()?;
                Ok(())
            };
            // Verified as it will be read: its JSON, streamed through the verifier on every core.
            let verify = |reader: &mut dyn std::io::Read| -> Result<()> {
                let v = undersigned_core::verify::verify_bundle(reader, None, seed, &Default::default());
                if v.report.valid {
                    Ok(())
                } else {
                    Err(Error::Verification(v.report.errors))
                }
            };
            let Some(path) = out else {
                while_checking(|| verify(&mut Reporting::new(&bundle, progress)), || log_new(&tx))?;
                record(tx)?;
                return Ok((AnyBundle::V1(bundle), summary));
            };
            // The same bytes go to the file and to the verifier; the release is recorded before the
            // file is moved into place.
            let mut failed: Option<Error> = None;
            let mut recorded = false;
            let written = crate::files::write_atomic_with(path, false, |w| {
                let mut tee_error = None;
                let verified = while_checking(
                    || {
                        let mut tee = Tee { inner: Reporting::new(&bundle, progress), out: &mut *w, error: None };
                        let verified = verify(&mut tee);
                        tee_error = tee.error;
                        verified
                    },
                    || log_new(&tx),
                );
                if let Some(e) = tee_error {
                    return Err(e);
                }
                // Every byte reaches the file before the release is recorded.
                std::io::Write::flush(w)?;
                match verified.and_then(|()| record(tx)) {
                    Ok(()) => {
                        recorded = true;
                        Ok(())
                    }
                    Err(e) => {
                        failed = Some(e);
                        Err(std::io::Error::other("the release was not made"))
                    }
                }
            });
            if let Some(e) = failed {
                return Err(e);
            }
            match written {
                Ok(()) => Ok((AnyBundle::V1(bundle), summary)),
                Err(e) if recorded => Err(not_written(&id, summary.number, e)),
                Err(e) => Err(e),
            }
        })
    }

    /// A release of format 1.1 (FORMAT.md §14.5, §14.6): the log as in format 1, the release
    /// with its ten counts, the checkpoint signed by the lead (§14.8), and as evidence the lead's
    /// attestations of entries in the log, signed now. The
    /// witnesses co-sign it afterwards ([`Store::add_cosignatures`]), so the bundle is recorded
    /// when its only failure is `quorum-not-met`. It is verified whole, before anything is kept.
    #[allow(clippy::too_many_arguments)]
    fn release_1_1(
        &mut self,
        id: &str,
        lead_key: &str,
        versions: Vec<AnyVersion>,
        lead: &SecretKey,
        now: &str,
        seed: &[u8; 32],
        out: Option<&std::path::Path>,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<(AnyBundle, ReleaseSummary)> {
        if lead.public_key().to_hex() != lead_key {
            return Err(Error::Invalid("this key is not the lead key of this statement".into()));
        }
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (previous, entries, old, new_seqs) = release_entries(&tx, id)?;
        let previous = previous.map(|s| previous_member(&s)).transpose()?;
        let ids: Vec<[u8; 32]> = entries.iter().map(bundle11::Entry::id).collect();
        let evidence = super::attestations::evidence_for(&tx, id, &ids, lead)?;
        let b = bundle11::assemble(NewBundle { versions, entries, evidence, previous, issued_at: now.into() }, lead);
        let bytes = b.to_json();
        let total = b.entries.len() as u64;
        progress(0, total);
        let v = undersigned_core::verify::verify_bundle(&bytes[..], None, seed, &Default::default());
        let failures: Vec<_> = v.report.errors.iter().filter(|f| f.code != Code::QuorumNotMet).cloned().collect();
        if !failures.is_empty() {
            return Err(Error::Verification(failures));
        }
        progress(total, total);
        let r = &b.release.signed;
        let w = v.report.format_1_1.as_ref().map(|x| x.witnesses.clone()).unwrap_or_default();
        let summary = ReleaseSummary {
            statement_id: id.to_owned(),
            number: r.number,
            issued_at: r.issued_at.clone(),
            entries: r.log.size,
            added: new_seqs.len() as u64,
            signatories: r.counts.signatories,
            withdrawn: r.counts.withdrawn,
            witnesses: w.listed.len() as u64,
            quorum: w.quorum,
            cosigned: w.cosigned,
            by_tier: v.report.format_1_1.as_ref().map(|x| x.by_tier.clone()).unwrap_or_default(),
        };
        log_new_entries(&tx, id, old, &new_seqs)?;
        tx.execute(
            "INSERT INTO releases (statement_id, number, issued_at, log_size, envelope, checkpoint, evidence)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![id, r.number, r.issued_at, r.log.size, json(&b.release), b.checkpoint, json(&b.evidence)],
        )?;
        Store::audit(
            &tx,
            now,
            "release-published",
            Some(id),
            &format!("release {} of {} entries, format 1.1", r.number, r.log.size),
        )?;
        tx.commit()?;
        if let Some(path) = out {
            crate::files::write_atomic(path, &bytes, false).map_err(|e| not_written(id, summary.number, e))?;
        }
        Ok((AnyBundle::V11(b), summary))
    }

    /// The bundle of a published release of format 1 (the latest when `number` is `None`); a
    /// release of format 1.1 is read with [`Store::release_bundle`].
    pub fn bundle(&self, id: &str, number: Option<u64>) -> Result<Bundle> {
        match self.release_bundle(id, number)? {
            AnyBundle::V1(b) => Ok(b),
            AnyBundle::V11(b) => {
                Err(Error::Conflict(format!("release {} is of format 1.1, not 1", b.release.signed.number)))
            }
        }
    }

    /// The bundle of a published release, of its own format (the latest when `number` is
    /// `None`): what `export` writes.
    pub fn release_bundle(&self, id: &str, number: Option<u64>) -> Result<AnyBundle> {
        let id = self.resolve_statement(id)?;
        let (env, checkpoint, evidence): (String, Option<String>, Option<String>) = self
            .conn
            .query_row(
                "SELECT envelope, checkpoint, evidence FROM releases WHERE statement_id = ?1 AND (?2 IS NULL OR number = ?2)
                 ORDER BY number DESC LIMIT 1",
                params![id, number],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?
            .ok_or_else(|| Error::NotFound("no such release; publish one first".into()))?;
        let release: serde_json::Value = parse_json(&env, "release")?;
        let wanted: std::collections::HashSet<(u64, String)> = release["signed"]["versions"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| Some((v["version"].as_u64()?, v["digest"].as_str()?.to_owned())))
            .collect();
        let versions: Vec<AnyVersion> = self
            .open_versions(&id)?
            .into_iter()
            .filter(|v| wanted.contains(&(v.body().version, v.body().digest.to_owned())))
            .collect();
        let size = release["signed"]["log"]["size"].as_u64().unwrap_or_default();
        let mut stmt = self.conn.prepare(
            "SELECT e.kind, e.envelope FROM log l JOIN entries e ON e.seq = l.seq
             WHERE l.statement_id = ?1 AND l.log_index < ?2 ORDER BY l.log_index",
        )?;
        let entries = stmt
            .query_map(params![id, size], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .map(|row| {
                let (k, e) = row?;
                entry_from(&k, &e)
            })
            .collect::<Result<Vec<_>>>()?;
        let Some(checkpoint) = checkpoint else {
            let versions =
                versions.into_iter().filter_map(|v| if let AnyVersion::V1(v) = v { Some(v) } else { None }).collect();
            return Ok(AnyBundle::V1(Bundle {
                format: undersigned_core::FORMAT.into(),
                kind: bundle::TYPE.into(),
                statement_versions: versions,
                release: parse_json(&env, "release")?,
                entries: entries.into_iter().map(entry_1).collect::<Result<_>>()?,
            }));
        };
        Ok(AnyBundle::V11(bundle11::Bundle {
            format: undersigned_core::FORMAT_1_1.into(),
            kind: bundle::TYPE.into(),
            statement_versions: versions,
            release: parse_json(&env, "release")?,
            checkpoint,
            evidence: parse_json(evidence.as_deref().unwrap_or("[]"), "evidence")?,
            entries,
        }))
    }
}

/// The new entries take the next places in the log, in one statement: SQLite walks the list of
/// their seqs itself instead of one call per entry.
fn log_new_entries(tx: &rusqlite::Transaction<'_>, id: &str, old: usize, new_seqs: &[i64]) -> Result<()> {
    let seqs = serde_json::to_string(new_seqs).map_err(|e| Error::Invalid(e.to_string()))?;
    tx.execute(
        "INSERT INTO log (statement_id, log_index, seq) SELECT ?1, ?2 + key, value FROM json_each(?3)",
        params![id, old as i64, seqs],
    )?;
    Ok(())
}

/// A release made and kept whose bundle could not be written.
fn not_written(id: &str, n: u64, e: impl std::fmt::Display) -> Error {
    Error::Io(format!(
        "release {n} is made and kept in the store, but its bundle could not be written: {e}. \
         Write it elsewhere with: undersigned export {id} --release {n} --out FILE"
    ))
}

/// The `previous` member of a release 1.1 naming the stored release `envelope`, of either format.
fn previous_member(envelope: &str) -> Result<undersigned_core::release::Previous> {
    let v: serde_json::Value = parse_json(envelope, "release")?;
    let number = v["signed"]["number"].as_u64().unwrap_or_default();
    let log: undersigned_core::release::LogHead = serde_json::from_value(v["signed"]["log"].clone())
        .map_err(|e| Error::Invalid(format!("a stored release is damaged: {e}")))?;
    Ok(bundle11::previous_of(&v, number, &log))
}

/// A format 1 entry as an entry of a 1.1 log (the kinds the store holds today).
/// What a release starts from: the previous release (its envelope), the log so far then every accepted entry
/// not yet in it (a withdrawal only once the endorsement it names is in), the size of the log
/// so far, and the new entries' row numbers.
#[allow(clippy::type_complexity)]
pub(super) fn release_entries(
    tx: &rusqlite::Transaction<'_>,
    id: &str,
) -> Result<(Option<String>, Vec<bundle11::Entry>, usize, Vec<i64>)> {
    // The previous release's envelope, of either format: the caller reads it.
    let previous: Option<String> = tx
        .query_row("SELECT envelope FROM releases WHERE statement_id = ?1 ORDER BY number DESC LIMIT 1", [id], |r| {
            r.get::<_, String>(0)
        })
        .optional()?;
    // The rows are read in order here while other threads parse them: parsing is most of the
    // reading.
    let ((old, new_seqs), entries) = parse_while_reading(|sink| {
        let mut logged: std::collections::HashSet<String> = Default::default();
        {
            let mut stmt = tx.prepare(
                "SELECT e.id, e.kind, e.envelope FROM log l JOIN entries e ON e.seq = l.seq
                 WHERE l.statement_id = ?1 ORDER BY l.log_index",
            )?;
            let rows =
                stmt.query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
            for row in rows {
                let (eid, kind, env) = row?;
                sink(kind, env);
                logged.insert(eid);
            }
        }
        let old = logged.len();
        let mut new_seqs = Vec::new();
        let mut stmt = tx.prepare(
            // `+statement_id`: scanning the table in its own order (seq) is faster than an index
            // lookup followed by sorting every row, envelopes included.
            "SELECT id, kind, envelope, target, seq FROM entries e
             WHERE +statement_id = ?1 AND status = 'accepted' AND NOT EXISTS (SELECT 1 FROM log l WHERE l.seq = e.seq)
             ORDER BY seq",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })?;
        for row in rows {
            let (eid, kind, env, target, seq) = row?;
            // A withdrawal waits until the endorsement it names is in the log.
            if let Some(t) = &target {
                if !logged.contains(t) {
                    continue;
                }
            }
            sink(kind, env);
            logged.insert(eid);
            new_seqs.push(seq);
        }
        Ok((old, new_seqs))
    })?;
    Ok((previous, entries, old, new_seqs))
}

/// Runs `check` on another thread while `work` runs on this one (which holds the store's
/// transaction). The check's failure comes first.
pub(super) fn while_checking(
    check: impl FnOnce() -> Result<()> + Send,
    work: impl FnOnce() -> Result<()>,
) -> Result<()> {
    std::thread::scope(|s| {
        let checking = s.spawn(check);
        let worked = work();
        let verified = checking.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        verified.and(worked)
    })
}

/// A bundle's JSON, reporting the entries read whole (of all of them) about every percent.
pub(super) struct Reporting<'a> {
    inner: undersigned_core::bundle::JsonReader<'a>,
    total: u64,
    next: u64,
    progress: &'a (dyn Fn(u64, u64) + Sync),
}

impl<'a> Reporting<'a> {
    fn new(bundle: &'a Bundle, progress: &'a (dyn Fn(u64, u64) + Sync)) -> Self {
        let total = bundle.entries.len() as u64;
        progress(0, total);
        Reporting { inner: bundle.json_reader(), total, next: 1, progress }
    }
}

impl std::io::Read for Reporting<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(out)?;
        let done = self.inner.entries_read() as u64;
        if done >= self.next {
            (self.progress)(done, self.total);
            self.next = done + (self.total / 100).max(1);
        }
        Ok(n)
    }
}

/// A reader that copies what it reads to `out`; a failed write stops the reading.
pub(super) struct Tee<R, W> {
    inner: R,
    out: W,
    error: Option<std::io::Error>,
}

impl<R: std::io::Read, W: std::io::Write> std::io::Read for Tee<R, W> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Err(e) = self.out.write_all(&buf[..n]) {
            let copy = std::io::Error::new(e.kind(), e.to_string());
            self.error = Some(e);
            return Err(copy);
        }
        Ok(n)
    }
}

/// Parses stored entries on every core while `read` hands them over (kind, envelope), in
/// order; returns what `read` returns and the entries in that order.
pub(super) fn parse_while_reading<R>(
    read: impl FnOnce(&mut dyn FnMut(String, String)) -> Result<R>,
) -> Result<(R, Vec<bundle11::Entry>)> {
    const CHUNK: usize = 2048;
    type Rows = Vec<(String, String)>;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (chunk_tx, chunk_rx) = std::sync::mpsc::sync_channel::<(usize, Rows)>(threads * 2);
    let chunk_rx = std::sync::Mutex::new(chunk_rx);
    let (done_tx, done_rx) = std::sync::mpsc::channel::<(usize, Result<Vec<bundle11::Entry>>)>();
    std::thread::scope(|s| {
        for _ in 0..threads {
            let done_tx = done_tx.clone();
            let rx = &chunk_rx;
            s.spawn(move || loop {
                let next = match rx.lock() {
                    Ok(guard) => guard.recv(),
                    Err(_) => return,
                };
                let Ok((i, rows)) = next else { return };
                let parsed = rows.iter().map(|(kind, env)| entry_from(kind, env)).collect();
                if done_tx.send((i, parsed)).is_err() {
                    return;
                }
            });
        }
        drop(done_tx);
        let mut chunk: Rows = Vec::with_capacity(CHUNK);
        let mut sent = 0;
        let read = read(&mut |kind, env| {
            chunk.push((kind, env));
            if chunk.len() == CHUNK {
                // The workers outlive this loop; a send fails only if they all panicked.
                let _ = chunk_tx.send((sent, std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK))));
                sent += 1;
            }
        });
        if !chunk.is_empty() {
            let _ = chunk_tx.send((sent, chunk));
        }
        drop(chunk_tx);
        let mut parts: Vec<(usize, Result<Vec<bundle11::Entry>>)> = done_rx.iter().collect();
        let read = read?;
        parts.sort_unstable_by_key(|(i, _)| *i);
        let mut entries = Vec::new();
        for (_, part) in parts {
            entries.extend(part?);
        }
        Ok((read, entries))
    })
}

pub(super) fn entry_from(kind: &str, envelope: &str) -> Result<bundle11::Entry> {
    Ok(match kind {
        "endorsement" => bundle11::Entry::Endorsement(parse_json(envelope, "endorsement")?),
        "withdrawal" => bundle11::Entry::Withdrawal(parse_json(envelope, "withdrawal")?),
        "hidden" => bundle11::Entry::Hidden(parse_json(envelope, "hidden endorsement")?),
        "vouch" => bundle11::Entry::Vouch(parse_json(envelope, "vouch")?),
        _ => bundle11::Entry::Reveal(parse_json(envelope, "reveal")?),
    })
}

/// An entry of a release of format 1: an endorsement or a withdrawal (the other kinds are of
/// format 1.1 only, and make every release of their statement one of 1.1).
fn entry_1(e: bundle11::Entry) -> Result<Entry> {
    match e {
        bundle11::Entry::Endorsement(x) => Ok(Entry::Endorsement(x)),
        bundle11::Entry::Withdrawal(x) => Ok(Entry::Withdrawal(x)),
        other => Err(Error::Invalid(format!("a release of format 1 cannot carry a {} entry", other.tag()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Stored entries parsed on every core come back in their order, as one pass parses them;
    /// a damaged row anywhere is an error.
    #[test]
    fn stored_entries_are_parsed_in_order_on_every_core() {
        let bundle =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/vectors/bundle-release-2.json"))
                .expect("the vector");
        let b = undersigned_core::bundle::Bundle::parse(bundle.as_bytes()).expect("a bundle");
        let mut rows = Vec::new();
        for i in 0..20_000 {
            let e = &b.entries[i % b.entries.len()];
            let (kind, mut env) = match e {
                Entry::Endorsement(x) => ("endorsement", serde_json::to_value(x).expect("json")),
                Entry::Withdrawal(x) => ("withdrawal", serde_json::to_value(x).expect("json")),
            };
            env["signature"] = format!("{i:0128x}").into();
            rows.push((kind.to_string(), env.to_string()));
        }
        let serial: Vec<bundle11::Entry> = rows.iter().map(|(k, e)| entry_from(k, e).expect("parses")).collect();
        let feed = |rows: &[(String, String)]| {
            parse_while_reading(|sink| {
                rows.iter().for_each(|(k, e)| sink(k.clone(), e.clone()));
                Ok(rows.len())
            })
        };
        assert_eq!(feed(&rows).expect("parses"), (rows.len(), serial));
        assert_eq!(feed(&rows[..5]).expect("parses").1.len(), 5);
        assert_eq!(feed(&[]).expect("parses"), (0, Vec::new()));
        rows[15_000].1.push('x');
        assert!(matches!(feed(&rows), Err(Error::Invalid(m)) if m.contains("damaged")));
    }
}
