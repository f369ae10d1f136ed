//! The lead's import: endorsement and withdrawal files, checked on every core, then recorded
//! in groups, each file all-or-nothing.

use super::classify::*;
use super::import_checks::*;
use super::*;
use crate::{Error, Result, Store};
use rusqlite::{params, OptionalExtension, TransactionBehavior};
use undersigned_core::endorsement;
use undersigned_core::Code;

impl Store {
    /// Imports endorsement and withdrawal files. Each file is all-or-nothing; files are
    /// committed in groups, and `progress(results, done, total)` is called with each group's
    /// results only after the group is committed, so a crash loses nothing that was reported.
    pub fn import(
        &mut self,
        files: Vec<(String, Vec<u8>)>,
        now: &str,
        progress: &mut dyn FnMut(&[ImportResult], usize, usize),
    ) -> Result<Vec<ImportResult>> {
        let total = files.len();
        let mut results = Vec::with_capacity(total);
        let mut iter = files.into_iter().peekable();
        let groups = std::iter::from_fn(move || {
            iter.peek()?;
            Some(iter.by_ref().take(IMPORT_GROUP).map(|(n, b)| (n, Ok(b))).collect::<Vec<_>>())
        });
        self.import_groups(groups, now, total, &mut results, progress)?;
        Ok(results)
    }

    /// Imports groups of files, one transaction each. The next group is read and checked on
    /// another thread (what needs no store: hashing, parsing, field rules, signatures in one
    /// batch) while the current one is written, so the two cores share the work.
    fn import_groups(
        &mut self,
        groups: impl Iterator<Item = Vec<(String, Result<Vec<u8>>)>> + Send,
        now: &str,
        total: usize,
        results: &mut Vec<ImportResult>,
        progress: &mut dyn FnMut(&[ImportResult], usize, usize),
    ) -> Result<()> {
        // Fewer checkpoints while importing (each one copies the log into the database; pages
        // written by many groups are then copied once), and one at the end. Durability is that of
        // each commit either way.
        self.conn.pragma_update(None, "wal_autocheckpoint", 16384)?;
        let imported = self.import_pipelined(groups, now, total, results, progress);
        self.conn.pragma_update(None, "wal_autocheckpoint", 1000)?;
        let _ = self.conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
        imported
    }

    fn import_pipelined(
        &mut self,
        groups: impl Iterator<Item = Vec<(String, Result<Vec<u8>>)>> + Send,
        now: &str,
        total: usize,
        results: &mut Vec<ImportResult>,
        progress: &mut dyn FnMut(&[ImportResult], usize, usize),
    ) -> Result<()> {
        std::thread::scope(|s| {
            let (tx, rx) = std::sync::mpsc::sync_channel(1);
            s.spawn(move || {
                for group in groups {
                    let checked = check_chunk(&group);
                    if tx.send((group, checked)).is_err() {
                        return;
                    }
                }
            });
            // On an error the receiver is dropped and the reader stops at its next group.
            for (group, checked) in rx {
                let done = self.import_checked(group, checked, now)?;
                progress(&done, results.len() + done.len(), total);
                results.extend(done);
            }
            Ok(())
        })
    }

    /// One transaction over a group of checked files; unreadable ones become rejected results.
    fn import_checked(
        &mut self,
        group: Vec<(String, Result<Vec<u8>>)>,
        mut checked: Vec<Checked>,
        now: &str,
    ) -> Result<Vec<ImportResult>> {
        // Witnesses' cosignature files go to the release they co-sign (FORMAT.md §14.13), each
        // in its own transaction, before the group's.
        let mut cosigned: Vec<Option<ImportResult>> = group
            .iter()
            .map(|(name, bytes)| match bytes {
                Ok(b) if is_cosignature(b) => Some(self.import_cosignature(name, b, now)),
                _ => None,
            })
            .collect();
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut versions = VersionCache::default();
        let mut out = Vec::with_capacity(group.len());
        for (k, (name, bytes)) in group.into_iter().enumerate() {
            if let Some(r) = cosigned[k].take() {
                out.push(r);
                continue;
            }
            let outcome = match bytes {
                Ok(b) => {
                    let c = std::mem::replace(&mut checked[k], Checked::empty());
                    import_one(&tx, &name, &b, c, now, &mut versions)?
                }
                Err(e) => Outcome::Rejected {
                    code: if let Error::Unreadable { code, .. } = &e { *code } else { Code::Malformed },
                    reason: e.to_string(),
                },
            };
            out.push(ImportResult { file: name, outcome });
        }
        tx.commit()?;
        Ok(out)
    }

    /// Imports files and folders (recursively, skipping hidden names), reading one group of
    /// files at a time. Unreadable paths become rejected results, not errors.
    pub fn import_paths(
        &mut self,
        paths: &[std::path::PathBuf],
        now: &str,
        progress: &mut dyn FnMut(&[ImportResult], usize, usize),
    ) -> Result<Vec<ImportResult>> {
        let mut list = Vec::new();
        let mut unreadable = Vec::new();
        for p in paths {
            collect_files(p, &mut list, &mut unreadable);
        }
        let total = list.len() + unreadable.len();
        let mut results = Vec::with_capacity(total);
        if !unreadable.is_empty() {
            progress(&unreadable, unreadable.len(), total);
            results.append(&mut unreadable);
        }
        let groups = list.chunks(IMPORT_GROUP).map(|chunk| {
            chunk
                .iter()
                .map(|p| {
                    let bytes = crate::files::read_capped(p, endorsement::MAX_BYTES, "endorsement or withdrawal");
                    (p.display().to_string(), bytes)
                })
                .collect::<Vec<_>>()
        });
        self.import_groups(groups, now, total, &mut results, progress)?;
        Ok(results)
    }
}

/// Whether a file is a witness's cosignature file, by its `type` (§14.14).
fn is_cosignature(bytes: &[u8]) -> bool {
    undersigned_core::canonical::sniff_type(bytes).as_deref() == Some(undersigned_core::witness::COSIGNATURE_TYPE)
}

pub(super) fn collect_files(p: &std::path::Path, out: &mut Vec<std::path::PathBuf>, bad: &mut Vec<ImportResult>) {
    // Hidden names inside folders are skipped below; a file named explicitly is always read.
    match std::fs::metadata(p) {
        Ok(m) if m.is_dir() => {
            let mut children: Vec<_> = match std::fs::read_dir(p) {
                Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
                Err(e) => {
                    bad.push(ImportResult {
                        file: p.display().to_string(),
                        outcome: Outcome::Rejected {
                            code: Code::Malformed,
                            reason: format!("cannot read folder: {e}"),
                        },
                    });
                    return;
                }
            };
            children.sort();
            for c in children {
                if !c.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')) {
                    collect_files(&c, out, bad);
                }
            }
        }
        Ok(_) => out.push(p.to_path_buf()),
        Err(e) => bad.push(ImportResult {
            file: p.display().to_string(),
            outcome: Outcome::Rejected { code: Code::Malformed, reason: format!("cannot read: {e}") },
        }),
    }
}

/// Keeps a received file, with what became of it.
pub(super) fn record_file(
    tx: &rusqlite::Transaction<'_>,
    sha: &str,
    name: &str,
    bytes: &[u8],
    now: &str,
    outcome: &str,
    detail: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO files (sha256, bytes, name, received_at, outcome, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![sha, bytes, name, now, outcome, detail])?;
    Ok(())
}

pub(super) fn import_one(
    tx: &rusqlite::Transaction<'_>,
    name: &str,
    bytes: &[u8],
    checked: Checked,
    now: &str,
    versions: &mut VersionCache,
) -> Result<Outcome> {
    let sha = checked.sha;
    if let Some((outcome, detail)) = tx
        .prepare_cached("SELECT outcome, detail FROM files WHERE sha256 = ?1")?
        .query_row([&sha], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .optional()?
    {
        return Ok(Outcome::AlreadyPresent { detail: format!("the same file was {outcome}: {detail}") });
    }
    let outcome = match checked.pre {
        Pre::Reject(code, reason) => Classified::Reject(code, reason),
        Pre::Endorsement(e) => classify_endorsement(tx, *e, now, versions)?,
        Pre::Withdrawal(w) => classify_withdrawal(tx, *w)?,
        Pre::Unnamed(u) => super::classify_unnamed::classify_unnamed(tx, *u, versions)?,
    };
    let (label, detail, row) = match &outcome {
        Classified::Reject(code, reason) => ("rejected", format!("{reason} [{code}]"), None),
        Classified::Duplicate(detail) => {
            // Another file with the same entry: keep its bytes too, nothing else changes.
            record_file(tx, &sha, name, bytes, now, "rejected", &format!("duplicate: {detail}"))?;
            return Ok(Outcome::AlreadyPresent { detail: detail.clone() });
        }
        Classified::Entry(row) => {
            let label = if row.flags.is_empty() { "accepted" } else { "review" };
            (label, row.name.clone(), Some(row.as_ref()))
        }
    };
    record_file(tx, &sha, name, bytes, now, label, &detail)?;
    let result = match row {
        None => match outcome {
            Classified::Reject(code, reason) => Outcome::Rejected { code, reason },
            _ => unreachable!("only rejections have no row"),
        },
        Some(row) => {
            tx.prepare_cached(
                "INSERT INTO entries (id, statement_id, kind, signer_key, name, skeleton, signer_kind, country, website, website_host,
                    version, signed_at, target, status, flags, envelope, file_sha256, imported_at, region)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
            )?
            .execute(params![
                row.id,
                row.statement_id,
                row.kind,
                row.signer_key,
                row.name,
                row.skeleton,
                row.signer_kind,
                row.country,
                row.website,
                row.website_host,
                row.version,
                row.signed_at,
                row.target,
                label,
                row.flags.join("\n"),
                row.envelope,
                sha,
                now,
                row.region
            ])?;
            Store::audit(
                tx,
                now,
                &format!("{}-imported", row.kind),
                Some(&row.statement_id),
                &format!("{} {label}", row.id),
            )?;
            if row.flags.is_empty() {
                Outcome::Accepted { entry: row.id.clone(), name: row.name.clone() }
            } else {
                Outcome::HeldForReview { entry: row.id.clone(), name: row.name.clone(), reasons: row.flags.clone() }
            }
        }
    };
    Ok(result)
}
