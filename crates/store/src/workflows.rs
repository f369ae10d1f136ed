//! The lead's and the member's workflows, as plain functions the CLI and the app both call.
//! Times (`now`, RFC 3339 UTC as the format writes it) and randomness are passed in.

use crate::{Error, Result, Store};
use rusqlite::{params, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use undersigned_core::bundle::{self, Bundle, Entry};
use undersigned_core::endorsement::{self, Endorsement, SignerDetails};
use undersigned_core::statement::{self, NewVersion, StatementVersion, Text};
use undersigned_core::withdrawal::{self, Withdrawal};
use undersigned_core::{canonical, Code, Invitation, PublicKey, Release, SecretKey};

/// A statement as the home screen and `statement list` show it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StatementSummary {
    pub id: String,
    pub title: String,
    pub lead_name: String,
    pub lead_fingerprint: String,
    /// The latest version, draft or open.
    pub version: u64,
    /// `draft` (the latest version is not open yet) or `open`.
    pub state: String,
    pub open_version: Option<u64>,
    pub closes_on: Option<String>,
    pub signatories: u64,
    pub withdrawn: u64,
    pub awaiting_review: u64,
    pub releases: u64,
}

/// What happened to one imported file.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Outcome {
    Accepted { entry: String, name: String },
    HeldForReview { entry: String, name: String, reasons: Vec<String> },
    Rejected { code: Code, reason: String },
    AlreadyPresent { detail: String },
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportResult {
    pub file: String,
    #[serde(flatten)]
    pub outcome: Outcome,
}

impl std::fmt::Display for ImportResult {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.outcome {
            Outcome::Accepted { name, .. } => write!(f, "{}: accepted ({name})", self.file),
            Outcome::HeldForReview { name, reasons, .. } => {
                write!(f, "{}: held for review ({name}: {})", self.file, reasons.join("; "))
            }
            Outcome::Rejected { code, reason } => write!(f, "{}: rejected ({reason}) [{code}]", self.file),
            Outcome::AlreadyPresent { detail } => write!(f, "{}: already present ({detail})", self.file),
        }
    }
}

/// An entry waiting in the review queue.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReviewItem {
    pub entry: String,
    pub statement_id: String,
    pub name: String,
    pub signer_kind: String,
    pub country: String,
    pub website: Option<String>,
    pub fingerprint: String,
    pub reasons: Vec<String>,
    pub imported_at: String,
}

/// One endorsement this store's user signed.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MySignature {
    pub entry: String,
    pub statement_id: String,
    pub title: String,
    pub version: u64,
    pub name: String,
    pub signed_at: String,
    pub withdrawn: bool,
}

/// What a release published.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReleaseSummary {
    pub statement_id: String,
    pub number: u64,
    pub issued_at: String,
    pub entries: u64,
    pub added: u64,
    pub signatories: u64,
    pub withdrawn: u64,
}

/// Files committed per transaction during an import.
pub(crate) const IMPORT_GROUP: usize = 2048;

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The UTS #39 skeleton of a name, case-folded: two names with the same skeleton look alike.
pub fn skeleton(name: &str) -> String {
    let s: String = unicode_security::skeleton(name).collect();
    s.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ")
}

fn website_host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?.to_lowercase();
    Some(host.trim_start_matches("www.").to_owned())
}

fn json<T: Serialize>(v: &T) -> String {
    String::from_utf8(canonical::to_jcs(v)).unwrap_or_default()
}

fn parse_json<T: serde::de::DeserializeOwned>(s: &str, what: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| Error::Invalid(format!("the store holds a damaged {what}: {e}")))
}

impl Store {
    // ----- The lead: statements -----

    /// Creates a statement with a first draft version; returns its id.
    #[allow(clippy::too_many_arguments)]
    pub fn create_statement(
        &mut self,
        lead_key: &PublicKey,
        lead_name: &str,
        title: &str,
        body: &str,
        language: &str,
        now: &str,
        id_bytes: [u8; 16],
    ) -> Result<String> {
        let id = hex::encode(id_bytes);
        let texts = vec![Text { language: language.trim().into(), title: title.into(), body: body.into() }];
        check_draft(&id, &texts, lead_name, now)?;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO statements (id, lead_key, lead_name, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![id, lead_key.to_hex(), undersigned_core::fields::normalize(lead_name), now],
        )?;
        tx.execute(
            "INSERT INTO versions (statement_id, version, state, texts) VALUES (?1, 1, 'draft', ?2)",
            params![id, json(&texts)],
        )?;
        Store::audit(&tx, now, "statement-created", Some(&id), title)?;
        tx.commit()?;
        Ok(id)
    }

    /// Resolves a statement id or a unique prefix of one.
    pub fn resolve_statement(&self, id: &str) -> Result<String> {
        let id = id.trim().to_lowercase();
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Error::NotFound(format!("{id:?} is not a statement id")));
        }
        let mut stmt = self.conn.prepare("SELECT id FROM statements WHERE id LIKE ?1 || '%' LIMIT 2")?;
        let ids: Vec<String> = stmt.query_map([&id], |r| r.get(0))?.collect::<Result<_, _>>()?;
        match ids.len() {
            1 => Ok(ids.into_iter().next().unwrap_or_default()),
            0 => Err(Error::NotFound(format!("no statement {id} in this store"))),
            _ => Err(Error::Invalid(format!("{id} names more than one statement; give more of the id"))),
        }
    }

    fn latest_version(&self, id: &str) -> Result<(u64, String, Vec<Text>)> {
        let (v, state, texts): (u64, String, String) = self
            .conn
            .query_row(
                "SELECT version, state, texts FROM versions WHERE statement_id = ?1 ORDER BY version DESC LIMIT 1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?
            .ok_or_else(|| Error::NotFound(format!("no statement {id}")))?;
        Ok((v, state, parse_json(&texts, "statement text")?))
    }

    /// Replaces the text (in `language`, default the first) and/or title of the draft; if the
    /// latest version is open, starts the draft of the next version. Returns the draft's number.
    pub fn edit_statement(
        &mut self,
        id: &str,
        body: Option<&str>,
        title: Option<&str>,
        language: Option<&str>,
        now: &str,
    ) -> Result<u64> {
        let id = self.resolve_statement(id)?;
        let (v, state, mut texts) = self.latest_version(&id)?;
        let lang = language.map(|l| l.trim().to_owned()).unwrap_or_else(|| texts[0].language.clone());
        match texts.iter_mut().find(|t| t.language == lang) {
            Some(t) => {
                if let Some(b) = body {
                    t.body = b.into();
                }
                if let Some(ti) = title {
                    t.title = ti.into();
                }
            }
            None => {
                let (Some(b), Some(ti)) = (body, title.or(texts.first().map(|t| t.title.as_str()))) else {
                    return Err(Error::Invalid(format!("to add language {lang}, give its text")));
                };
                let t = Text { language: lang.clone(), title: ti.into(), body: b.into() };
                texts.push(t);
                texts.sort_by(|a, b| a.language.cmp(&b.language));
            }
        }
        let lead_name: String =
            self.conn.query_row("SELECT lead_name FROM statements WHERE id = ?1", [&id], |r| r.get(0))?;
        check_draft(&id, &texts, &lead_name, now)?;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let draft = if state == "draft" {
            tx.execute(
                "UPDATE versions SET texts = ?3 WHERE statement_id = ?1 AND version = ?2",
                params![id, v, json(&texts)],
            )?;
            v
        } else {
            tx.execute(
                "INSERT INTO versions (statement_id, version, state, texts) VALUES (?1, ?2, 'draft', ?3)",
                params![id, v + 1, json(&texts)],
            )?;
            v + 1
        };
        Store::audit(&tx, now, "statement-edited", Some(&id), &format!("draft version {draft}"))?;
        tx.commit()?;
        Ok(draft)
    }

    /// Freezes the draft as the next version, signed by the lead.
    pub fn open_statement(
        &mut self,
        id: &str,
        lead: &SecretKey,
        closes_on: Option<&str>,
        now: &str,
    ) -> Result<StatementVersion> {
        let id = self.resolve_statement(id)?;
        let (lead_key, lead_name): (String, String) =
            self.conn.query_row("SELECT lead_key, lead_name FROM statements WHERE id = ?1", [&id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        if lead.public_key().to_hex() != lead_key {
            return Err(Error::Invalid("this key is not the lead key of this statement".into()));
        }
        let (v, state, texts) = self.latest_version(&id)?;
        if state != "draft" {
            return Err(Error::Conflict(format!(
                "version {v} is already open; edit the statement to prepare version {}",
                v + 1
            )));
        }
        let signed = statement::open(
            NewVersion {
                statement_id: &id,
                version: v,
                texts,
                lead_name: &lead_name,
                opened_at: now.into(),
                closes_on: closes_on.map(str::to_owned),
            },
            lead,
        )
        .map_err(Error::Verification)?;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE versions SET state = 'open', texts = ?3, envelope = ?4, digest = ?5, opened_at = ?6, closes_on = ?7
             WHERE statement_id = ?1 AND version = ?2",
            params![id, v, json(&signed.signed.texts), json(&signed), signed.signed.digest, now, closes_on],
        )?;
        Store::audit(&tx, now, "version-opened", Some(&id), &format!("version {v}, digest {}", signed.signed.digest))?;
        tx.commit()?;
        Ok(signed)
    }

    /// Every open version of a statement, ascending.
    pub fn open_versions(&self, id: &str) -> Result<Vec<StatementVersion>> {
        let mut stmt = self
            .conn
            .prepare("SELECT envelope FROM versions WHERE statement_id = ?1 AND state = 'open' ORDER BY version")?;
        let rows: Vec<String> = stmt.query_map([id], |r| r.get(0))?.collect::<Result<_, _>>()?;
        rows.iter().map(|s| parse_json(s, "statement version")).collect()
    }

    /// The invitation for the latest open version.
    pub fn invitation(&self, id: &str) -> Result<Invitation> {
        let id = self.resolve_statement(id)?;
        let v = self.open_versions(&id)?.pop().ok_or_else(|| {
            Error::Conflict("this statement has no version open for signature yet; open it first".into())
        })?;
        Ok(Invitation::new(v))
    }

    pub fn list_statements(&self) -> Result<Vec<StatementSummary>> {
        let mut stmt = self.conn.prepare(
            "SELECT s.id, s.lead_name, s.lead_key,
                (SELECT version FROM versions WHERE statement_id = s.id ORDER BY version DESC LIMIT 1),
                (SELECT state FROM versions WHERE statement_id = s.id ORDER BY version DESC LIMIT 1),
                (SELECT texts FROM versions WHERE statement_id = s.id ORDER BY version DESC LIMIT 1),
                (SELECT max(version) FROM versions WHERE statement_id = s.id AND state = 'open'),
                (SELECT closes_on FROM versions WHERE statement_id = s.id AND state = 'open' ORDER BY version DESC LIMIT 1),
                (SELECT count(*) FROM entries e WHERE e.statement_id = s.id AND e.kind = 'endorsement' AND e.status = 'accepted'
                    AND NOT EXISTS (SELECT 1 FROM entries w WHERE w.target = e.id AND w.status = 'accepted')),
                (SELECT count(*) FROM entries e WHERE e.statement_id = s.id AND e.kind = 'endorsement' AND e.status = 'accepted'
                    AND EXISTS (SELECT 1 FROM entries w WHERE w.target = e.id AND w.status = 'accepted')),
                (SELECT count(*) FROM entries WHERE statement_id = s.id AND status = 'review'),
                (SELECT count(*) FROM releases WHERE statement_id = s.id)
             FROM statements s ORDER BY s.created_at, s.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, u64>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<u64>>(6)?,
                r.get::<_, Option<String>>(7)?,
                r.get::<_, u64>(8)?,
                r.get::<_, u64>(9)?,
                r.get::<_, u64>(10)?,
                r.get::<_, u64>(11)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (
                id,
                lead_name,
                lead_key,
                version,
                state,
                texts,
                open_version,
                closes_on,
                signatories,
                withdrawn,
                review,
                releases,
            ) = row?;
            let texts: Vec<Text> = parse_json(&texts, "statement text")?;
            out.push(StatementSummary {
                title: texts.first().map(|t| t.title.clone()).unwrap_or_default(),
                lead_fingerprint: bundle::fingerprint_hex(&lead_key),
                id,
                lead_name,
                version,
                state,
                open_version,
                closes_on,
                signatories,
                withdrawn,
                awaiting_review: review,
                releases,
            });
        }
        Ok(out)
    }

    // ----- The lead: import -----

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
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut versions = VersionCache::default();
        let mut out = Vec::with_capacity(group.len());
        for (k, (name, bytes)) in group.into_iter().enumerate() {
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

    // ----- The lead: review -----

    pub fn review_list(&self, statement: Option<&str>) -> Result<Vec<ReviewItem>> {
        let statement = statement.map(|s| self.resolve_statement(s)).transpose()?;
        let mut stmt = self.conn.prepare(
            "SELECT id, statement_id, name, signer_kind, country, website, signer_key, flags, imported_at
             FROM entries WHERE status = 'review' AND (?1 IS NULL OR statement_id = ?1) ORDER BY seq",
        )?;
        let rows = stmt.query_map([statement], |r| {
            Ok(ReviewItem {
                entry: r.get(0)?,
                statement_id: r.get(1)?,
                name: r.get(2)?,
                signer_kind: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                country: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                website: r.get(5)?,
                fingerprint: bundle::fingerprint_hex(&r.get::<_, String>(6)?),
                reasons: r.get::<_, String>(7)?.split('\n').filter(|s| !s.is_empty()).map(str::to_owned).collect(),
                imported_at: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn resolve_entry(&self, entry: &str) -> Result<(String, String, String, String, String)> {
        let e = entry.trim().to_lowercase();
        if e.len() < 4 || !e.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Error::NotFound(format!("{entry:?} is not an entry id (give at least 4 hex digits)")));
        }
        let mut stmt = self.conn.prepare(
            "SELECT id, statement_id, status, signer_key, kind FROM entries WHERE id LIKE ?1 || '%' LIMIT 2",
        )?;
        let rows: Vec<(String, String, String, String, String)> = stmt
            .query_map([&e], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
            .collect::<Result<_, _>>()?;
        match rows.len() {
            1 => Ok(rows.into_iter().next().unwrap_or_default()),
            0 => Err(Error::NotFound(format!("no entry {e} in this store"))),
            _ => Err(Error::Invalid(format!("{e} names more than one entry; give more of the id"))),
        }
    }

    /// Accepts an entry held for review.
    pub fn review_accept(&mut self, entry: &str, now: &str) -> Result<String> {
        let (id, statement_id, status, signer_key, kind) = self.resolve_entry(entry)?;
        if status != "review" {
            return Err(Error::Conflict(format!("entry {id} is not waiting for review (it is {status})")));
        }
        if kind == "endorsement" && active_endorsement_of(&self.conn, &statement_id, &signer_key, Some(&id))?.is_some()
        {
            return Err(Error::Conflict(
                "this key already has an accepted endorsement that it has not withdrawn; reject this one, \
                 or ask the signer to withdraw the other first"
                    .into(),
            ));
        }
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute("UPDATE entries SET status = 'accepted', decision = 'accepted after review' WHERE id = ?1", [&id])?;
        Store::audit(&tx, now, "review-accepted", Some(&statement_id), &id)?;
        tx.commit()?;
        Ok(id)
    }

    /// Rejects an entry held for review, with the lead's reason.
    pub fn review_reject(&mut self, entry: &str, reason: &str, now: &str) -> Result<String> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Error::Invalid("give a reason for rejecting".into()));
        }
        let (id, statement_id, status, _, _) = self.resolve_entry(entry)?;
        if status != "review" {
            return Err(Error::Conflict(format!("entry {id} is not waiting for review (it is {status})")));
        }
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute("UPDATE entries SET status = 'rejected', decision = ?2 WHERE id = ?1", params![id, reason])?;
        Store::audit(&tx, now, "review-rejected", Some(&statement_id), &format!("{id}: {reason}"))?;
        tx.commit()?;
        Ok(id)
    }

    // ----- The lead: releases -----

    /// Publishes the next release: the log so far plus every accepted entry not yet in it, in
    /// the order they were imported, signed by the lead. The bundle is verified before it is
    /// recorded; nothing is recorded if it does not verify.
    pub fn release(
        &mut self,
        id: &str,
        lead: &SecretKey,
        now: &str,
        seed: &[u8; 32],
    ) -> Result<(Bundle, ReleaseSummary)> {
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
    ) -> Result<(Bundle, ReleaseSummary)> {
        let id = self.resolve_statement(id)?;
        let lead_key: String =
            self.conn.query_row("SELECT lead_key FROM statements WHERE id = ?1", [&id], |r| r.get(0))?;
        let versions = self.open_versions(&id)?;
        if versions.is_empty() {
            return Err(Error::Conflict("open a version for signature before releasing".into()));
        }
        std::thread::scope(|scope| {
            let unlocking = scope.spawn(unlock);
            let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let (previous, entries, old, new_seqs) = release_entries(&tx, &id)?;
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
            };
            // The new entries take the next places in the log, in one statement: SQLite walks the
            // list of their seqs itself instead of one call per entry. This runs while the bundle
            // is verified; nothing is committed before the verification passed.
            let log_new = |tx: &rusqlite::Transaction<'_>| -> Result<()> {
                let seqs = serde_json::to_string(&new_seqs).map_err(|e| Error::Invalid(e.to_string()))?;
                tx.execute(
                    "INSERT INTO log (statement_id, log_index, seq) SELECT ?1, ?2 + key, value FROM json_each(?3)",
                    params![id, old as i64, seqs],
                )?;
                Ok(())
            };
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
                return Ok((bundle, summary));
            };
            // The same bytes go to the file and to the verifier; the release is recorded before the
            // file is moved into place.
            let mut failed: Option<Error> = None;
            let mut recorded = false;
            let written = crate::files::write_atomic_with(path, false, |w| {
                let mut tee_error = None;
                let checked = while_checking(
                    || {
                        let mut tee = Tee { inner: Reporting::new(&bundle, progress), out: &mut *w, error: None };
                        let checked = verify(&mut tee);
                        tee_error = tee.error;
                        checked
                    },
                    || log_new(&tx),
                );
                if let Some(e) = tee_error {
                    return Err(e);
                }
                // Every byte reaches the file before the release is recorded.
                std::io::Write::flush(w)?;
                match checked.and_then(|()| record(tx)) {
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
                Ok(()) => Ok((bundle, summary)),
                Err(e) if recorded => Err(Error::Io(format!(
                    "release {n} is made and kept in the store, but its bundle could not be written: {e}. \
                     Write it elsewhere with: undersigned export {id} --release {n} --out FILE",
                    n = summary.number
                ))),
                Err(e) => Err(e),
            }
        })
    }

    /// The bundle of a published release (the latest when `number` is `None`).
    pub fn bundle(&self, id: &str, number: Option<u64>) -> Result<Bundle> {
        let id = self.resolve_statement(id)?;
        let env: String = self
            .conn
            .query_row(
                "SELECT envelope FROM releases WHERE statement_id = ?1 AND (?2 IS NULL OR number = ?2) ORDER BY number DESC LIMIT 1",
                params![id, number],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| Error::NotFound("no such release; publish one first".into()))?;
        let release: Release = parse_json(&env, "release")?;
        let wanted: std::collections::HashSet<(u64, String)> =
            release.signed.versions.iter().map(|v| (v.version, v.digest.clone())).collect();
        let versions = self
            .open_versions(&id)?
            .into_iter()
            .filter(|v| wanted.contains(&(v.signed.version, v.signed.digest.clone())))
            .collect();
        let mut stmt = self.conn.prepare(
            "SELECT e.kind, e.envelope FROM log l JOIN entries e ON e.seq = l.seq
             WHERE l.statement_id = ?1 AND l.log_index < ?2 ORDER BY l.log_index",
        )?;
        let entries = stmt
            .query_map(params![id, release.signed.log.size], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .map(|row| {
                let (k, e) = row?;
                entry_from(&k, &e)
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Bundle {
            format: undersigned_core::FORMAT.into(),
            kind: bundle::TYPE.into(),
            statement_versions: versions,
            release,
            entries,
        })
    }

    // ----- The member -----

    /// Records an endorsement this store's user signed ("what I signed").
    pub fn record_signature(&mut self, invitation: &Invitation, e: &Endorsement) -> Result<()> {
        let v = &invitation.statement.signed;
        self.conn.execute(
            "INSERT OR REPLACE INTO my_signatures (entry_id, statement_id, title, version, signer_key, name, signed_at, endorsement)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                hex::encode(e.id()),
                v.statement_id,
                v.text(None).map(|t| t.title.clone()).unwrap_or_default(),
                v.version,
                e.signed.signer.public_key,
                e.signed.signer.name,
                e.signed.signed_at,
                json(e)
            ],
        )?;
        Ok(())
    }

    /// Records that the user withdrew one of its endorsements.
    pub fn record_withdrawal(&mut self, w: &Withdrawal) -> Result<()> {
        self.conn.execute(
            "UPDATE my_signatures SET withdrawal = ?2 WHERE entry_id = ?1",
            params![w.signed.endorsement, json(w)],
        )?;
        Ok(())
    }

    /// "What I signed", oldest first.
    pub fn my_signatures(&self) -> Result<Vec<MySignature>> {
        let mut stmt = self.conn.prepare(
            "SELECT entry_id, statement_id, title, version, name, signed_at, withdrawal IS NOT NULL
             FROM my_signatures ORDER BY signed_at",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(MySignature {
                entry: r.get(0)?,
                statement_id: r.get(1)?,
                title: r.get(2)?,
                version: r.get(3)?,
                name: r.get(4)?,
                signed_at: r.get(5)?,
                withdrawn: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The endorsement recorded under `entry` (an id or its first digits) in "what I signed".
    pub fn my_endorsement(&self, entry: &str) -> Result<Endorsement> {
        let e = entry.trim().to_lowercase();
        let env: String = self
            .conn
            .query_row("SELECT endorsement FROM my_signatures WHERE entry_id LIKE ?1 || '%' LIMIT 1", [&e], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| Error::NotFound(format!("you have no endorsement {e} in this store")))?;
        parse_json(&env, "endorsement")
    }
}

fn check_draft(id: &str, texts: &[Text], lead_name: &str, now: &str) -> Result<()> {
    let mut sorted = texts.to_vec();
    for t in &mut sorted {
        t.title = undersigned_core::fields::normalize(&t.title);
        t.body = statement::normalize_body(&t.body);
    }
    let body = statement::StatementVersionBody {
        format: undersigned_core::FORMAT.into(),
        kind: statement::TYPE.into(),
        statement_id: id.into(),
        version: 1,
        digest: hex::encode(statement::digest(id, 1, &sorted)),
        texts: sorted,
        lead: statement::Lead {
            public_key: hex::encode([0u8; 32]),
            name: undersigned_core::fields::normalize(lead_name),
        },
        opened_at: now.into(),
        closes_on: None,
    };
    let failures = statement::check_fields(&body);
    if failures.is_empty() {
        Ok(())
    } else {
        Err(Error::Verification(failures))
    }
}

/// What a release starts from: the previous release, the log so far then every accepted entry
/// not yet in it (a withdrawal only once the endorsement it names is in), the size of the log
/// so far, and the new entries' row numbers.
#[allow(clippy::type_complexity)]
fn release_entries(tx: &rusqlite::Transaction<'_>, id: &str) -> Result<(Option<Release>, Vec<Entry>, usize, Vec<i64>)> {
    let previous: Option<Release> = tx
        .query_row("SELECT envelope FROM releases WHERE statement_id = ?1 ORDER BY number DESC LIMIT 1", [id], |r| {
            r.get::<_, String>(0)
        })
        .optional()?
        .map(|s| parse_json(&s, "release"))
        .transpose()?;
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
fn while_checking(check: impl FnOnce() -> Result<()> + Send, work: impl FnOnce() -> Result<()>) -> Result<()> {
    std::thread::scope(|s| {
        let checking = s.spawn(check);
        let worked = work();
        let checked = checking.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        checked.and(worked)
    })
}

/// A bundle's JSON, reporting the entries read whole (of all of them) about every percent.
struct Reporting<'a> {
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
struct Tee<R, W> {
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
fn parse_while_reading<R>(read: impl FnOnce(&mut dyn FnMut(String, String)) -> Result<R>) -> Result<(R, Vec<Entry>)> {
    const CHUNK: usize = 2048;
    type Rows = Vec<(String, String)>;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (chunk_tx, chunk_rx) = std::sync::mpsc::sync_channel::<(usize, Rows)>(threads * 2);
    let chunk_rx = std::sync::Mutex::new(chunk_rx);
    let (done_tx, done_rx) = std::sync::mpsc::channel::<(usize, Result<Vec<Entry>>)>();
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
        let mut parts: Vec<(usize, Result<Vec<Entry>>)> = done_rx.iter().collect();
        let read = read?;
        parts.sort_unstable_by_key(|(i, _)| *i);
        let mut entries = Vec::new();
        for (_, part) in parts {
            entries.extend(part?);
        }
        Ok((read, entries))
    })
}

fn entry_from(kind: &str, envelope: &str) -> Result<Entry> {
    Ok(match kind {
        "endorsement" => Entry::Endorsement(parse_json(envelope, "endorsement")?),
        _ => Entry::Withdrawal(parse_json(envelope, "withdrawal")?),
    })
}

fn collect_files(p: &std::path::Path, out: &mut Vec<std::path::PathBuf>, bad: &mut Vec<ImportResult>) {
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

/// The accepted endorsement of `key` for the statement that no accepted withdrawal retracts.
fn active_endorsement_of(
    conn: &rusqlite::Connection,
    statement: &str,
    key: &str,
    except: Option<&str>,
) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT e.id FROM entries e WHERE e.statement_id = ?1 AND e.signer_key = ?2 AND e.kind = 'endorsement'
               AND e.status = 'accepted' AND (?3 IS NULL OR e.id != ?3)
               AND NOT EXISTS (SELECT 1 FROM entries w WHERE w.target = e.id AND w.status = 'accepted')
             LIMIT 1",
        )?
        .query_row(params![statement, key, except], |r| r.get(0))
        .optional()?)
}

fn record_file(
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

/// What can be known about an imported file without the store: its hash, and either why it is
/// rejected or the parsed, verified entry with what its rows need.
struct Checked {
    sha: String,
    pre: Pre,
}

enum Pre {
    Endorsement(Box<PreEndorsement>),
    Withdrawal(Box<PreWithdrawal>),
    Reject(Code, String),
}

struct PreEndorsement {
    e: Endorsement,
    id: String,
    envelope: String,
    skeleton: String,
    host: Option<String>,
    single_script: bool,
}

struct PreWithdrawal {
    w: Withdrawal,
    id: String,
    envelope: String,
}

impl Checked {
    fn empty() -> Checked {
        Checked { sha: String::new(), pre: Pre::Reject(Code::Malformed, String::new()) }
    }
}

/// A file read, before its field rules and signature are checked.
enum Parsed {
    Endorsement(Endorsement),
    Withdrawal(Withdrawal),
    Reject(Code, String),
}

/// The batch verifier's seed for imports. Its coefficients also hash every signature, key and
/// message of the batch (see `ed25519::verify_batch`), and the verdicts never depend on it.
const IMPORT_BATCH_SEED: [u8; 32] = *b"undersigned/store/import-batch/1";

/// Checks files: each parsed alone, the signatures of all of them verified in one batch, with
/// exactly the failures of `endorsement::verify` and `withdrawal::verify`.
fn check_chunk(files: &[(String, Result<Vec<u8>>)]) -> Vec<Checked> {
    let parsed: Vec<(String, Parsed)> = files
        .iter()
        .map(|(_, b)| match b {
            Ok(bytes) => (sha256_hex(bytes), parse_file(bytes)),
            Err(_) => (String::new(), Parsed::Reject(Code::Malformed, String::new())),
        })
        .collect();
    let refs: Vec<bundle::EntryRef<'_>> = parsed
        .iter()
        .filter_map(|(_, p)| match p {
            Parsed::Endorsement(e) => Some(bundle::EntryRef::Endorsement(e)),
            Parsed::Withdrawal(w) => Some(bundle::EntryRef::Withdrawal(w)),
            Parsed::Reject(..) => None,
        })
        .collect();
    let mut failures = undersigned_core::check::verify_entries(&refs, &IMPORT_BATCH_SEED).into_iter();
    drop(refs);
    let first_failure = |f: Vec<undersigned_core::Failure>| -> Option<(Code, String)> {
        let first = f.first()?;
        Some((first.code, f.iter().map(|x| x.message.clone()).collect::<Vec<_>>().join("; ")))
    };
    parsed
        .into_iter()
        .map(|(sha, p)| {
            let pre = match p {
                Parsed::Reject(code, reason) => Pre::Reject(code, reason),
                Parsed::Endorsement(e) => match first_failure(failures.next().unwrap_or_default()) {
                    Some((code, reason)) => Pre::Reject(code, reason),
                    None => {
                        use unicode_security::MixedScript;
                        let signer = &e.signed.signer;
                        Pre::Endorsement(Box::new(PreEndorsement {
                            id: hex::encode(e.id()),
                            envelope: envelope_json(&e.signature, |out| {
                                undersigned_core::endorsement::write_body(&e.signed, out)
                            }),
                            skeleton: skeleton(&signer.name),
                            host: signer.website.as_deref().and_then(website_host),
                            single_script: signer.name.as_str().is_single_script(),
                            e,
                        }))
                    }
                },
                Parsed::Withdrawal(w) => match first_failure(failures.next().unwrap_or_default()) {
                    Some((code, reason)) => Pre::Reject(code, reason),
                    None => Pre::Withdrawal(Box::new(PreWithdrawal {
                        id: hex::encode(w.id()),
                        envelope: envelope_json(&w.signature, |out| {
                            undersigned_core::withdrawal::write_body(&w.signed, out)
                        }),
                        w,
                    })),
                },
            };
            Checked { sha, pre }
        })
        .collect()
}

fn parse_file(bytes: &[u8]) -> Parsed {
    // Most files are endorsements: a file that parses as one is one (it has no top-level `type`
    // and its `signed.type` is `endorsement`, which is what `sniff_type` would find).
    if let Ok(e) = endorsement::parse(bytes) {
        return Parsed::Endorsement(e);
    }
    match canonical::sniff_type(bytes).as_deref() {
        Some("endorsement") => match endorsement::parse(bytes) {
            Ok(e) => Parsed::Endorsement(e),
            Err(p) => Parsed::Reject(p.code, p.message),
        },
        Some("withdrawal") => match withdrawal::parse(bytes) {
            Ok(w) => Parsed::Withdrawal(w),
            Err(p) => Parsed::Reject(p.code, p.message),
        },
        Some(other) => {
            Parsed::Reject(Code::UnsupportedFormat, format!("this is a {other}, not an endorsement or a withdrawal"))
        }
        None => {
            // Let the endorsement parser say precisely what is wrong.
            let p = endorsement::parse(bytes).err();
            Parsed::Reject(
                p.as_ref().map_or(Code::Malformed, |p| p.code),
                p.map_or_else(|| "not an endorsement or a withdrawal".into(), |p| p.message),
            )
        }
    }
}

/// The canonical JSON of an envelope (as `json(&envelope)` gives it), from its body's writer.
fn envelope_json(signature: &str, body: impl FnOnce(&mut Vec<u8>)) -> String {
    let mut b = Vec::with_capacity(640);
    body(&mut b);
    let mut out = Vec::with_capacity(b.len() + 160);
    undersigned_core::canonical::write_envelope(signature, &b, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Open statement versions looked up during one import transaction (nothing else writes to the
/// store meanwhile): (statement, lead key, version) → the version and its closing date.
#[derive(Default)]
struct VersionCache(std::collections::HashMap<(String, String, u64), Option<OpenVersion>>);

/// An open version and its closing date.
type OpenVersion = (StatementVersion, Option<String>);

impl VersionCache {
    fn get(
        &mut self,
        tx: &rusqlite::Transaction<'_>,
        id: &str,
        lead_key: &str,
        version: u64,
    ) -> Result<Option<&OpenVersion>> {
        let k = (id.to_owned(), lead_key.to_owned(), version);
        if !self.0.contains_key(&k) {
            let row: Option<(String, Option<String>)> = tx
                .prepare_cached(
                    "SELECT v.envelope, v.closes_on FROM versions v JOIN statements st ON st.id = v.statement_id
                     WHERE v.statement_id = ?1 AND st.lead_key = ?2 AND v.version = ?3 AND v.state = 'open'",
                )?
                .query_row(params![id, lead_key, version], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            let v = match row {
                Some((env, closes_on)) => Some((parse_json::<StatementVersion>(&env, "statement version")?, closes_on)),
                None => None,
            };
            self.0.insert(k.clone(), v);
        }
        Ok(self.0.get(&k).and_then(Option::as_ref))
    }
}

fn import_one(
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
                    version, signed_at, target, status, flags, envelope, file_sha256, imported_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
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
                now
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

struct Row {
    id: String,
    statement_id: String,
    kind: &'static str,
    signer_key: String,
    name: String,
    skeleton: String,
    signer_kind: Option<String>,
    country: Option<String>,
    website: Option<String>,
    website_host: Option<String>,
    version: Option<u64>,
    signed_at: String,
    target: Option<String>,
    flags: Vec<String>,
    envelope: String,
}

enum Classified {
    Entry(Box<Row>),
    Reject(Code, String),
    Duplicate(String),
}

fn classify_endorsement(
    tx: &rusqlite::Transaction<'_>,
    pre: PreEndorsement,
    now: &str,
    versions: &mut VersionCache,
) -> Result<Classified> {
    let PreEndorsement { e, id, envelope, skeleton: sk, host, single_script } = pre;
    let b = &e.signed;
    let s = &b.statement;
    let Some((v, closes_on)) = versions.get(tx, &s.id, &s.lead_key, s.version)? else {
        return Ok(Classified::Reject(
            Code::StatementMismatch,
            "this endorsement is for a statement or version that this store has not opened".into(),
        ));
    };
    let closes_on = closes_on.clone();
    if let Err(f) = endorsement::check_statement(b, &v.signed) {
        return Ok(Classified::Reject(f.code, f.message));
    }
    if let Some(status) = tx
        .prepare_cached("SELECT status FROM entries WHERE id = ?1")?
        .query_row([&id], |r| r.get::<_, String>(0))
        .optional()?
    {
        return Ok(Classified::Duplicate(format!("this endorsement was imported before ({status})")));
    }
    let signer = &b.signer;
    let mut flags = Vec::new();
    if active_endorsement_of(tx, &s.id, &signer.public_key, None)?.is_some()
        || tx
            .prepare_cached(
                "SELECT 1 FROM entries WHERE statement_id = ?1 AND signer_key = ?2 AND kind = 'endorsement' AND status = 'review'",
            )?
            .query_row(params![s.id, signer.public_key], |_| Ok(()))
            .optional()?
            .is_some()
    {
        flags.push("a second endorsement by the same key".to_owned());
    }
    {
        // Two indexed look-ups (an OR across the two columns would scan the statement).
        let mut same_look = tx.prepare_cached(
            "SELECT name FROM entries INDEXED BY entries_by_skeleton
             WHERE statement_id = ?1 AND skeleton = ?3 AND kind = 'endorsement' AND status != 'rejected' AND signer_key != ?2",
        )?;
        let names: Vec<String> =
            same_look.query_map(params![s.id, signer.public_key, sk], |r| r.get(0))?.collect::<Result<_, _>>()?;
        for other in names {
            if other == signer.name {
                flags.push(format!("another key already signed as \"{other}\""));
            } else {
                flags.push(format!("the name looks like \"{other}\", signed with another key"));
            }
        }
        if let Some(h) = &host {
            let mut same_site = tx.prepare_cached(
                "SELECT name FROM entries INDEXED BY entries_by_host
                 WHERE statement_id = ?1 AND website_host = ?3 AND kind = 'endorsement' AND status != 'rejected' AND signer_key != ?2",
            )?;
            let names: Vec<String> =
                same_site.query_map(params![s.id, signer.public_key, h], |r| r.get(0))?.collect::<Result<_, _>>()?;
            for other in names {
                if skeleton(&other) != sk {
                    flags.push(format!("another key already signed for the website of \"{other}\""));
                }
            }
        }
    }
    if !single_script {
        flags.push("the name mixes writing systems (for example Latin and Cyrillic letters)".into());
    }
    // signatories.csv keeps every value exactly; a spreadsheet would run one that starts like a
    // formula, so a person looks at it first.
    for (field, value) in
        [("name", Some(&signer.name)), ("title", signer.title.as_ref()), ("affiliation", signer.affiliation.as_ref())]
    {
        if value.is_some_and(|v| v.starts_with(['=', '+', '-', '@'])) {
            flags.push(format!("the {field} starts like a spreadsheet formula (=, +, - or @)"));
        }
    }
    if let Some(c) = closes_on {
        if b.signed_at.get(..10).is_some_and(|d| d > c.as_str()) || now.get(..10).is_some_and(|d| d > c.as_str()) {
            flags.push(format!("arrived after the closing date {c}"));
        }
    }
    flags.dedup();
    Ok(Classified::Entry(Box::new(Row {
        id,
        statement_id: s.id.clone(),
        kind: "endorsement",
        signer_key: signer.public_key.clone(),
        name: signer.name.clone(),
        skeleton: sk,
        signer_kind: Some(signer.kind.as_str().into()),
        country: Some(signer.country.clone()),
        website: signer.website.clone(),
        website_host: host,
        version: Some(s.version),
        signed_at: b.signed_at.clone(),
        target: None,
        flags,
        envelope,
    })))
}

fn classify_withdrawal(tx: &rusqlite::Transaction<'_>, pre: PreWithdrawal) -> Result<Classified> {
    let PreWithdrawal { w, id, envelope } = pre;
    let b = &w.signed;
    let target: Option<(String, String, String, String)> = tx
        .prepare_cached(
            "SELECT e.statement_id, e.signer_key, e.name, st.lead_key FROM entries e JOIN statements st ON st.id = e.statement_id
             WHERE e.id = ?1 AND e.kind = 'endorsement'",
        )?
        .query_row([&b.endorsement], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    let Some((statement_id, key, name, lead_key)) = target else {
        return Ok(Classified::Reject(
            Code::WithdrawalUnmatched,
            "this withdrawal names an endorsement that this store does not have".into(),
        ));
    };
    if statement_id != b.statement.id || lead_key != b.statement.lead_key {
        return Ok(Classified::Reject(Code::StatementMismatch, "this withdrawal is for another statement".into()));
    }
    if key != b.signer_key {
        return Ok(Classified::Reject(
            Code::WithdrawalWrongKey,
            "this withdrawal is not signed by the key that signed the endorsement".into(),
        ));
    }
    if tx.prepare_cached("SELECT 1 FROM entries WHERE id = ?1")?.query_row([&id], |_| Ok(())).optional()?.is_some() {
        return Ok(Classified::Duplicate("this withdrawal was imported before".into()));
    }
    if tx
        .prepare_cached("SELECT 1 FROM entries WHERE target = ?1 AND status = 'accepted'")?
        .query_row([&b.endorsement], |_| Ok(()))
        .optional()?
        .is_some()
    {
        return Ok(Classified::Duplicate(format!("the endorsement of {name} was already withdrawn")));
    }
    Ok(Classified::Entry(Box::new(Row {
        id,
        statement_id,
        kind: "withdrawal",
        skeleton: skeleton(&name),
        signer_key: key,
        name,
        signer_kind: None,
        country: None,
        website: None,
        website_host: None,
        version: None,
        signed_at: b.withdrawn_at.clone(),
        target: Some(b.endorsement.clone()),
        flags: Vec::new(),
        envelope,
    })))
}

/// Signs an invitation's statement for a member, after verifying the invitation.
pub fn sign_invitation(
    invitation: &Invitation,
    details: &SignerDetails,
    key: &SecretKey,
    now: &str,
) -> Result<Endorsement> {
    let failures = invitation.verify();
    if !failures.is_empty() {
        return Err(Error::Verification(failures));
    }
    endorsement::sign(&invitation.statement.signed, details, key, now.into()).map_err(Error::Verification)
}

/// Signs the withdrawal of an endorsement the member made.
pub fn withdraw(e: &Endorsement, key: &SecretKey, now: &str) -> Result<Withdrawal> {
    if let Some(f) = endorsement::verify(e).into_iter().next() {
        return Err(Error::Verification(vec![f]));
    }
    withdrawal::sign(e, key, now.into()).map_err(|e| Error::Invalid(e.to_string()))
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
        let serial: Vec<Entry> = rows.iter().map(|(k, e)| entry_from(k, e).expect("parses")).collect();
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
