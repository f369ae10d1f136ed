//! The lead's attestations (FORMAT.md §14.7): how the lead checked who holds an entry's key —
//! out of band (in person, a call, a known e-mail thread, other) or by the signer's well-known
//! file, fetched from its website. Recorded here unsigned, one per entry and method (a newer one
//! replaces the older); each release of format 1.1 signs, with the lead's key, those whose entry
//! is in its log, and carries them as its evidence. Recording one makes the statement's next
//! release of format 1.1 (§14.1: only 1.1 carries evidence).

use super::*;
use crate::{Error, Result, Store};
use rusqlite::{params, OptionalExtension, TransactionBehavior};
use undersigned_core::attestation::{self, Attestation, AttestationBody, Snapshot};
use undersigned_core::{SecretKey, FORMAT_1_1};

/// One recorded attestation, as the lead's lists show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AttestationRow {
    pub entry: String,
    pub method: String,
    pub checked_on: String,
    pub note: Option<String>,
    /// A website attestation: the host fetched, the HTTP status and whether the file listed the
    /// entry's key for this statement (the `website` tier).
    pub host: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub status: Option<u64>,
    pub listed: Option<bool>,
    pub recorded_at: String,
}

impl Store {
    /// Records how the lead checked, out of band, who holds the key of `entry` (an id or its
    /// first digits): `method` one of `in-person`, `call`, `email-thread`, `other` (`other`
    /// needs a note), `checked_on` a date no later than today. Replaces an earlier attestation
    /// of the entry by the same method. A hidden endorsement (§14.9) takes no note, and one held
    /// for review only until it was checked is accepted.
    pub fn attest(
        &mut self,
        entry: &str,
        method: &str,
        checked_on: &str,
        note: Option<&str>,
        now: &str,
    ) -> Result<String> {
        if method == "website" {
            return Err(Error::Invalid(
                "a website attestation is made by fetching the signer's well-known file, not by hand".into(),
            ));
        }
        let note = note.map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned);
        self.record(entry, method, checked_on, note, None, now)
    }

    /// Records what the lead's fetch of the well-known file of `entry`'s signer got (a snapshot,
    /// whatever it shows: a 404 or a file that lists another key is recorded as what it is).
    pub fn attest_website(&mut self, entry: &str, snapshot: Snapshot, now: &str) -> Result<String> {
        let today = now.get(..10).unwrap_or(now).to_owned();
        self.record(entry, "website", &today, None, Some(snapshot), now)
    }

    fn record(
        &mut self,
        entry: &str,
        method: &str,
        checked_on: &str,
        note: Option<String>,
        website: Option<Snapshot>,
        now: &str,
    ) -> Result<String> {
        let (id, statement_id, status, _, kind) = self.resolve_entry(entry)?;
        if kind != "endorsement" && kind != "hidden" {
            return Err(Error::Invalid(format!(
                "entry {id} is a {kind}: only the signer of an endorsement or of a hidden endorsement is attested"
            )));
        }
        if status == "rejected" {
            return Err(Error::Conflict(format!("entry {id} was rejected")));
        }
        // Nothing is written, and nothing fetched, about a signer not named (§14.7, §14.9).
        if kind == "hidden" && website.is_some() {
            return Err(Error::Invalid("nothing is fetched for a signer not named".into()));
        }
        if kind == "hidden" && method == "other" {
            return Err(Error::Invalid(
                "for a signer not named, the method is in-person, call or email-thread: \"other\" would need a note, \
                 and nothing is written about it"
                    .into(),
            ));
        }
        if kind == "hidden" && note.is_some() {
            return Err(Error::Invalid(
                "nothing is written about a signer not named: record the method and the date, without a note".into(),
            ));
        }
        if method == "other" && note.is_none() {
            return Err(Error::Invalid("say in a note how you checked (the method is \"other\")".into()));
        }
        let body = AttestationBody {
            format: FORMAT_1_1.into(),
            kind: attestation::TYPE.into(),
            statement_id: statement_id.clone(),
            entry: id.clone(),
            method: method.into(),
            checked_on: checked_on.into(),
            note,
            website,
        };
        if let Some(f) = attestation::check_fields(&body).into_iter().next() {
            return Err(Error::Invalid(f.message));
        }
        if checked_on > now.get(..10).unwrap_or(now) {
            return Err(Error::Invalid(format!("{checked_on} is after today: say the day you checked")));
        }
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO attestations (statement_id, entry_id, method, body, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (statement_id, entry_id, method) DO UPDATE SET body = excluded.body, recorded_at = excluded.recorded_at",
            params![statement_id, id, method, json(&body), now],
        )?;
        Store::audit(&tx, now, "attested", Some(&statement_id), &format!("{id}: {method} on {checked_on}"))?;
        // A hidden endorsement held only for this check is accepted by it.
        if kind == "hidden" && status == "review" {
            tx.execute(
                "UPDATE entries SET status = 'accepted', decision = 'accepted: the coalition checked who is behind it'
                 WHERE id = ?1 AND flags = ?2",
                params![id, super::classify_unnamed::NOT_YET_CHECKED],
            )?;
        }
        tx.commit()?;
        Ok(id)
    }

    /// The attestations recorded for a statement (or one entry of it), by entry and method.
    pub fn attestations(&self, statement: &str, entry: Option<&str>) -> Result<Vec<AttestationRow>> {
        let statement = self.resolve_statement(statement)?;
        let mut stmt = self.conn.prepare(
            "SELECT a.body, a.recorded_at, e.signer_key, e.website FROM attestations a JOIN entries e ON e.id = a.entry_id
             WHERE a.statement_id = ?1 AND (?2 IS NULL OR a.entry_id = ?2) ORDER BY a.entry_id, a.method",
        )?;
        let rows = stmt.query_map(params![statement, entry], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, Option<String>>(3)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (body, recorded_at, key, website) = row?;
            let b: AttestationBody = parse_json(&body, "attestation")?;
            let listed = b.website.as_ref().map(|w| {
                undersigned_core::tier::website_finding(w, &key, website.as_deref(), &b.statement_id)
                    == undersigned_core::tier::Finding::Listed
            });
            out.push(AttestationRow {
                host: b.website.as_ref().and_then(|w| w.host().map(str::to_owned)),
                status: b.website.as_ref().map(|w| w.status),
                listed,
                entry: b.entry,
                method: b.method,
                checked_on: b.checked_on,
                note: b.note,
                recorded_at,
            });
        }
        Ok(out)
    }

    /// The tier of each attested entry of a statement (FORMAT.md §14.7), as a verifier will
    /// compute it from these attestations once a release carries them; an entry not listed is
    /// self-declared.
    pub fn tiers(
        &self,
        statement_id: &str,
    ) -> Result<std::collections::HashMap<String, undersigned_core::tier::TierReport>> {
        let mut stmt = self.conn.prepare(
            "SELECT a.entry_id, a.body, e.signer_key, e.website FROM attestations a JOIN entries e ON e.id = a.entry_id
             WHERE a.statement_id = ?1 ORDER BY a.entry_id, a.method",
        )?;
        let mut by_entry: std::collections::BTreeMap<String, (String, Option<String>, Vec<AttestationBody>)> =
            Default::default();
        for row in stmt.query_map([statement_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, Option<String>>(3)?))
        })? {
            let (entry, body, key, website) = row?;
            let b: AttestationBody = parse_json(&body, "attestation")?;
            by_entry.entry(entry).or_insert_with(|| (key, website, Vec::new())).2.push(b);
        }
        Ok(by_entry
            .into_iter()
            .map(|(entry, (key, website, bodies))| {
                let refs: Vec<&AttestationBody> = bodies.iter().collect();
                (entry, undersigned_core::tier::tier_of(&refs, Some((&key, website.as_deref()))))
            })
            .collect())
    }

    /// Whether the statement has an attestation recorded (its releases are then of format 1.1).
    pub(crate) fn has_attestations(&self, statement_id: &str) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT 1 FROM attestations WHERE statement_id = ?1 LIMIT 1", [statement_id], |_| Ok(()))
            .optional()?
            .is_some())
    }
}

/// The evidence of a release: each recorded attestation of the statement whose entry is in
/// `log` (entry ids), signed by the lead, in log order and then by method.
pub(super) fn evidence_for(
    tx: &rusqlite::Transaction<'_>,
    statement_id: &str,
    log: &[[u8; 32]],
    lead: &SecretKey,
) -> Result<Vec<Attestation>> {
    let position: std::collections::HashMap<String, usize> =
        log.iter().enumerate().map(|(i, id)| (hex::encode(id), i)).collect();
    let mut stmt = tx.prepare("SELECT body FROM attestations WHERE statement_id = ?1")?;
    let mut bodies: Vec<(usize, AttestationBody)> = Vec::new();
    for body in stmt.query_map([statement_id], |r| r.get::<_, String>(0))? {
        let b: AttestationBody = parse_json(&body?, "attestation")?;
        if let Some(&i) = position.get(&b.entry) {
            bodies.push((i, b));
        }
    }
    bodies.sort_by(|a, b| (a.0, &a.1.method).cmp(&(b.0, &b.1.method)));
    Ok(bodies
        .into_iter()
        .map(|(_, b)| {
            let signature = hex::encode(lead.sign(&attestation::message(&b)));
            Attestation { signed: b, signature }
        })
        .collect())
}

/// What checking one signatory's website found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WebsiteCheck {
    pub entry: String,
    pub name: String,
    /// The website host fetched (FORMAT.md §14.7); none when the signatory gave no website, or
    /// one whose host is not an ASCII DNS name.
    pub host: Option<String>,
    pub outcome: WebsiteOutcome,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum WebsiteOutcome {
    /// Nothing to fetch.
    NoWebsite,
    /// The site answered; the snapshot is recorded and shows this.
    Recorded { status: u16, finding: undersigned_core::tier::Finding },
    /// No answer to record: why (recorded in the audit log).
    Failed { failure: crate::fetch::FetchFailure },
}

/// How many websites are fetched at once.
const FETCHES_AT_ONCE: usize = 16;

impl Store {
    /// Fetches the well-known file of each signatory of a statement that gave a website (or of
    /// the one `entry`), at most 16 at a time, and records each answer as a website attestation
    /// (a 404 or a file that lists another key too: it is what the site showed). `progress(done,
    /// total)` follows the fetches.
    pub fn check_websites(
        &mut self,
        statement: &str,
        entry: Option<&str>,
        fetcher: &crate::fetch::Fetcher,
        now: &str,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<Vec<WebsiteCheck>> {
        let statement = self.resolve_statement(statement)?;
        let only = entry.map(|e| self.resolve_entry(e)).transpose()?.map(|r| r.0);
        let mut stmt = self.conn.prepare(
            "SELECT id, name, website, signer_key FROM entries
             WHERE statement_id = ?1 AND kind = 'endorsement' AND status IN ('accepted', 'review')
               AND (?2 IS NULL OR id = ?2) ORDER BY seq",
        )?;
        let rows: Vec<(String, String, Option<String>, String)> = stmt
            .query_map(params![statement, only], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<Result<_, _>>()?;
        drop(stmt);
        if let (Some(id), true) = (&only, rows.is_empty()) {
            return Err(Error::Invalid(format!(
                "entry {id} is not an endorsement of this statement waiting or accepted"
            )));
        }
        let hosts: Vec<Option<String>> =
            rows.iter().map(|r| r.2.as_deref().and_then(undersigned_core::tier::website_host)).collect();
        let total = hosts.iter().flatten().count() as u64;
        let done = std::sync::atomic::AtomicU64::new(0);
        progress(0, total);
        let next = std::sync::atomic::AtomicUsize::new(0);
        let answers: Vec<
            std::sync::Mutex<Option<std::result::Result<crate::fetch::Fetched, crate::fetch::FetchFailure>>>,
        > = hosts.iter().map(|_| std::sync::Mutex::new(None)).collect();
        std::thread::scope(|scope| {
            for _ in 0..FETCHES_AT_ONCE.min(hosts.len()) {
                scope.spawn(|| loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(host) = hosts.get(i) else { break };
                    if let Some(host) = host {
                        let answer = fetcher.well_known(host);
                        *answers[i].lock().unwrap_or_else(|p| p.into_inner()) = Some(answer);
                        progress(done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1, total);
                    }
                });
            }
        });
        let mut out = Vec::new();
        for ((row, host), answer) in rows.into_iter().zip(hosts).zip(answers) {
            let (id, name, website, key) = row;
            let outcome = match (answer.into_inner().unwrap_or_else(|p| p.into_inner()), &host) {
                (Some(Ok(fetched)), Some(host)) => {
                    let snapshot = attestation::snapshot(host, now, u64::from(fetched.status), &fetched.body);
                    let finding =
                        undersigned_core::tier::website_finding(&snapshot, &key, website.as_deref(), &statement);
                    self.attest_website(&id, snapshot, now)?;
                    WebsiteOutcome::Recorded { status: fetched.status, finding }
                }
                (Some(Err(failure)), Some(host)) => {
                    let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
                    Store::audit(
                        &tx,
                        now,
                        "website-fetch-failed",
                        Some(&statement),
                        &format!("{id}: {host}: {failure}"),
                    )?;
                    tx.commit()?;
                    WebsiteOutcome::Failed { failure }
                }
                _ => WebsiteOutcome::NoWebsite,
            };
            out.push(WebsiteCheck { entry: id, name, host, outcome });
        }
        Ok(out)
    }
}
