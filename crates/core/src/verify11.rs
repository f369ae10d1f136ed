//! Verifying a bundle 1.1 (FORMAT.md §14.10) and a release 1.1 against the previous release of
//! either format (§14.11). Checks 1–3 and 4–5 are format 1's (`release_checks.rs`), the entries'
//! field rules are each kind's own; what is new to 1.1 is here: the log rules of five kinds
//! (checks 9–13), the ten counts (6), the checkpoint (14–18, `checkpoint.rs`) and the evidence
//! (19–21).
//!
//! Each entry is read once, on every core, in runs of a batch: its own checks (7–8), its id, what
//! the log rules need of it ([`Facts`]) and its line; the entry itself is then dropped. Everything
//! after works on those, so a long log is never held whole, as text or as values: [`verify`]
//! takes the entries of a [`Bundle`], [`verify_raw`] each entry's JSON as read.

use crate::attestation;
use crate::bundle::{self, decode_key_sig, statement_check};
use crate::bundle11::{self as b11, AnyVersion, Bundle, Entry};
use crate::canonical::hex_array;
use crate::checkpoint::{self, Fault};
use crate::ed25519;
use crate::error::{Code, Failure};
use crate::fields;
use crate::hidden;
use crate::release11::{evidence_digest, Counts};
use crate::release_checks::{log_checks, previous_release_checks, verify_header, Header, ReleaseView, VersionView};
use crate::report::{EntryReport, PreviousInfo, Report11, VerificationReport, WitnessInfo, WitnessReport};
use crate::statement::sig_failure;
use crate::tier::{self, Tier};
use crate::{endorsement, statement11, withdrawal};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The previous release a bundle 1.1 is checked against (§14.11): of either format.
#[derive(Clone, Copy)]
pub enum PreviousBundle<'a> {
    V1(&'a bundle::Bundle),
    V11(&'a Bundle),
}

/// An entry's kind (§14.3, step 5).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Endorsement,
    Withdrawal,
    Hidden,
    Vouch,
    Reveal,
}

impl Kind {
    /// An endorsement or a hidden entry: what signs the statement, and what a withdrawal
    /// withdraws.
    fn signs(self) -> bool {
        matches!(self, Kind::Endorsement | Kind::Hidden)
    }
}

/// A key as an entry gives it: its bytes when it is 64 lowercase hex digits, else its text. Two
/// keys are equal exactly when their texts are.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Key {
    Hex([u8; 32]),
    Text(Box<str>),
}

impl Key {
    fn of(s: &str) -> Key {
        hex_array::<32>(s).map_or_else(|| Key::Text(s.into()), Key::Hex)
    }

    fn text(&self) -> Cow<'_, str> {
        match self {
            Key::Hex(b) => Cow::Owned(hex::encode(b)),
            Key::Text(s) => Cow::Borrowed(s),
        }
    }
}

/// What the log rules and the evidence need of an entry once its own checks are made.
struct Facts {
    kind: Kind,
    /// The key that signed it: an endorsement's or a reveal's signer, a withdrawal's
    /// `signer_key`, a hidden entry's one-time key, a vouch's voucher.
    key: Key,
    /// `signed_at` (a withdrawal's `withdrawn_at`) by [`fields::time_order_key`].
    time: Option<u64>,
    /// The id a withdrawal, a vouch or a reveal names, when it is 64 lowercase hex digits.
    target: Option<[u8; 32]>,
    /// A hidden entry's commitment, when it is 64 lowercase hex digits; the commitment that a
    /// reveal's salt and signer open.
    commitment: Option<[u8; 32]>,
}

/// Entries read, in log order: each one's failures of checks 7–8, id, facts and line.
#[derive(Default)]
struct Read {
    own: Vec<Vec<Failure>>,
    ids: Vec<[u8; 32]>,
    facts: Vec<Facts>,
    lines: Vec<EntryReport>,
}

impl Read {
    fn append(&mut self, other: Read) {
        let start = self.lines.len() as u64;
        self.own.extend(other.own);
        self.ids.extend(other.ids);
        self.facts.extend(other.facts);
        self.lines.extend(other.lines.into_iter().enumerate().map(|(i, mut l)| {
            l.index = start + i as u64;
            l
        }));
    }

    fn concat(parts: impl IntoIterator<Item = Read>) -> Read {
        let mut all = Read::default();
        for p in parts {
            all.append(p);
        }
        all
    }
}

/// What the log rules found of each entry.
#[derive(Default)]
struct Log {
    /// Each entry's failures (checks 7–13, and 21).
    errors: Vec<Vec<Failure>>,
    /// The first occurrence of each id.
    position: HashMap<[u8; 32], usize>,
    /// The entry that withdrew entry i.
    withdrawn_by: Vec<Option<usize>>,
    /// The reveal that revealed hidden entry i.
    revealed_by: Vec<Option<usize>>,
    /// The attestations with no failure (check 20) naming each entry id, as indexes into
    /// `evidence`.
    attested: HashMap<[u8; 32], Vec<usize>>,
    counts: Counts,
}

/// Verifies a bundle 1.1 under §14.10 and, given the previous release, §14.11. `seed` feeds the
/// batch verifier's coefficients; no verdict depends on it.
pub fn verify(b: &Bundle, previous: Option<PreviousBundle<'_>>, seed: &[u8; 32]) -> VerificationReport {
    verify_named(b, previous, seed).0
}

/// [`verify`], and each withdrawal, valid or not, that names an endorsement or a hidden entry
/// of the log, with that entry (its first occurrence), as (withdrawal, entry) indexes in log
/// order of the withdrawals.
pub fn verify_named(
    b: &Bundle,
    previous: Option<PreviousBundle<'_>>,
    seed: &[u8; 32],
) -> (VerificationReport, Vec<(u32, u32)>) {
    let read = |h: &Header| {
        let runs: Vec<&[Entry]> = b.entries.chunks(run_size(b.entries.len())).collect();
        Read::concat(crate::parallel::map_parts(&runs, 1, |part| {
            part.iter().map(|run| read_entries(run, h, seed)).collect()
        }))
    };
    match verify_read(b, |h| Ok::<_, std::convert::Infallible>(read(h)), previous, seed) {
        Ok(done) => done,
        Err(never) => match never {},
    }
}

/// [`verify_named`] of a bundle given as `header`, the bundle without its entries, and each
/// entry's raw JSON, read here on every core a run at a time ([`b11::read_entry`]), each run
/// dropped once checked. None when an entry does not read: [`Bundle::parse`] of the whole
/// document then gives the verdict.
pub fn verify_raw(
    header: &Bundle,
    entries: &[Vec<u8>],
    previous: Option<PreviousBundle<'_>>,
    seed: &[u8; 32],
) -> Option<(VerificationReport, Vec<(u32, u32)>)> {
    let read = |h: &Header| {
        let runs: Vec<&[Vec<u8>]> = entries.chunks(run_size(entries.len())).collect();
        let parts: Vec<Option<Read>> = crate::parallel::map_parts(&runs, 1, |part| {
            part.iter()
                .map(|run| {
                    let parsed: Vec<Entry> = run.iter().map(|raw| b11::read_entry(raw)).collect::<Option<_>>()?;
                    Some(read_entries(&parsed, h, seed))
                })
                .collect()
        });
        parts.into_iter().collect::<Option<Vec<Read>>>().map(Read::concat).ok_or(())
    };
    verify_read(header, read, previous, seed).ok()
}

/// Entries read at a time by one core: a batch of signatures ([`crate::verify::default_batch`]).
fn run_size(entries: usize) -> usize {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    crate::verify::default_batch(entries as u64, threads)
}

/// The verification, once checks 1–3 gave the header: `read` reads the entries, or fails when
/// one does not read.
fn verify_read<E>(
    b: &Bundle,
    read: impl FnOnce(&Header) -> Result<Read, E>,
    previous: Option<PreviousBundle<'_>>,
    seed: &[u8; 32],
) -> Result<(VerificationReport, Vec<(u32, u32)>), E> {
    let mut errors: Vec<Failure> = Vec::new();
    let mut report = VerificationReport::default();
    let release = b.release.view();
    let header = verify_header(&b.statement_versions, &release, &mut report, &mut errors);
    let rb = &b.release.signed;

    let Read { own, ids, facts, mut lines } = read(&header)?;
    let mut log = Log { errors: own, ..Default::default() };
    log_rules(&facts, &ids, &mut log);
    evidence_checks(b, &header, &facts, &ids, &mut log, &mut errors);

    // Checks 4–6 over the tree of the ids.
    let (root, prefix_root) = crate::merkle::root_and_prefix(&ids, rb.previous.as_ref().map(|p| p.log.size));
    log_checks(&rb.head(), ids.len() as u64, root, prefix_root, log.counts == rb.counts, &mut errors);

    let witnesses = checkpoint_checks(b, &mut errors);
    let unnamed_by_region = entry_lines(&facts, &mut lines, &mut log, &mut report, &mut errors);
    report.entries = lines;
    let (by_tier, vouched) = tiers_and_vouchers(b, &facts, &ids, &log, &mut report);
    report.format_1_1 =
        Some(Report11 { counts: log.counts, unnamed_by_region, by_tier, vouched, witnesses, own_witnesses: None });

    if let Some(prev) = previous {
        let (info, prev_errors) = check_previous(b, &release, &report, prev, seed);
        report.previous = Some(info);
        errors.extend(prev_errors);
    }
    report.valid = errors.is_empty();
    report.errors = errors;
    let named = facts
        .iter()
        .enumerate()
        .filter_map(|(i, f)| match f.kind {
            Kind::Withdrawal => f
                .target
                .and_then(|id| log.position.get(&id).copied())
                .filter(|&j| j < i && facts[j].kind.signs())
                .map(|j| (i as u32, j as u32)),
            _ => None,
        })
        .collect();
    Ok((report, named))
}

/// Checks 7–8 of a run of entries (their field rules, the statement each names, their
/// signatures, verified together: one that fails sends only this run to the checks one by one),
/// their ids, facts and lines (numbered from 0).
fn read_entries(entries: &[Entry], h: &Header, seed: &[u8; 32]) -> Read {
    let mut read = Read::default();
    // Each signature to check: key, signature, message, entry.
    type Pending = ([u8; 32], [u8; 64], Vec<u8>, usize);
    let mut pending: Vec<Pending> = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let mut errs = Vec::new();
        let id = entry.id();
        let time = fields::time_order_key;
        let target = |s: &str| hex_array::<32>(s);
        let (key, sig, msg, facts, line) = match entry {
            Entry::Endorsement(e) => {
                bundle::entry_checks(bundle::EntryRef::Endorsement(e), h, &mut errs);
                let s = &e.signed;
                let f = Facts {
                    kind: Kind::Endorsement,
                    key: Key::of(&s.signer.public_key),
                    time: time(&s.signed_at),
                    target: None,
                    commitment: None,
                };
                let line = EntryReport::of_endorsement(0, &id, e);
                (&s.signer.public_key, &e.signature, endorsement::message(s), f, line)
            }
            Entry::Withdrawal(w) => {
                bundle::entry_checks(bundle::EntryRef::Withdrawal(w), h, &mut errs);
                let s = &w.signed;
                let f = Facts {
                    kind: Kind::Withdrawal,
                    key: Key::of(&s.signer_key),
                    time: time(&s.withdrawn_at),
                    target: target(&s.endorsement),
                    commitment: None,
                };
                (&s.signer_key, &w.signature, withdrawal::message(s), f, EntryReport::of_withdrawal(0, &id, w))
            }
            Entry::Hidden(x) => {
                errs.extend(hidden::hidden_fields(&x.signed));
                errs.extend(statement_check(&x.signed.statement, h, "hidden endorsement"));
                let s = &x.signed;
                let f = Facts {
                    kind: Kind::Hidden,
                    key: Key::of(&s.one_time_key),
                    time: time(&s.signed_at),
                    target: None,
                    commitment: hex_array::<32>(&s.commitment),
                };
                (&s.one_time_key, &x.signature, hidden::hidden_message(s), f, EntryReport::of_hidden(0, &id, x))
            }
            Entry::Vouch(x) => {
                errs.extend(hidden::vouch_fields(&x.signed));
                errs.extend(statement_check(&x.signed.statement, h, "vouch"));
                let s = &x.signed;
                let f = Facts {
                    kind: Kind::Vouch,
                    key: Key::of(&s.voucher_key),
                    time: time(&s.signed_at),
                    target: target(&s.hidden),
                    commitment: None,
                };
                (&s.voucher_key, &x.signature, hidden::vouch_message(s), f, EntryReport::of_vouch(0, &id, x))
            }
            Entry::Reveal(x) => {
                errs.extend(hidden::reveal_fields(&x.signed));
                errs.extend(statement_check(&x.signed.statement, h, "reveal"));
                let s = &x.signed;
                let f = Facts {
                    kind: Kind::Reveal,
                    key: Key::of(&s.signer.public_key),
                    time: None,
                    target: target(&s.hidden),
                    commitment: hidden::commitment(&s.salt, &s.signer),
                };
                (&s.signer.public_key, &x.signature, hidden::reveal_message(s), f, EntryReport::of_reveal(0, &id, x))
            }
        };
        match decode_key_sig(key, sig) {
            Err(f) => errs.push(f),
            Ok((key, sig)) => pending.push((key, sig, msg, i)),
        }
        read.own.push(errs);
        read.ids.push(id);
        read.facts.push(facts);
        read.lines.push(line);
    }
    let items: Vec<ed25519::SignatureCheck> =
        pending.iter().map(|(key, sig, msg, _)| ed25519::SignatureCheck { key, sig, msg }).collect();
    for (p, res) in pending.iter().zip(ed25519::verify_batch(&items, seed)) {
        if let Err(e) = res {
            read.own[p.3].push(sig_failure(e));
        }
    }
    read
}

/// Checks 9–13, in log order, each deciding from the entries before the one checked; and the
/// ten counts (§14.5).
fn log_rules(facts: &[Facts], ids: &[[u8; 32]], log: &mut Log) {
    let n = facts.len();
    log.withdrawn_by = vec![None; n];
    log.revealed_by = vec![None; n];
    // The key of each active endorsement and active hidden entry (check 10), and the revealed
    // key of each active hidden entry that is revealed.
    let mut active: HashMap<&Key, usize> = HashMap::new();
    let mut active_revealed: HashMap<&Key, usize> = HashMap::new();
    let fail = |log: &mut Log, i: usize, code: Code, m: String| log.errors[i].push(Failure::new(code, m));
    for (i, entry) in facts.iter().enumerate() {
        if let Some(&j) = log.position.get(&ids[i]) {
            fail(log, i, Code::DuplicateEntry, format!("this entry already appears at entry {j} of the log"));
            continue;
        }
        log.position.insert(ids[i], i);
        // What an entry's `endorsement` or `hidden` names: the first occurrence of the id, when
        // it is earlier (every first occurrence so far is); none for a value that is not hex.
        let named = |log: &Log| entry.target.map(|id| log.position.get(&id).copied());
        let key = &entry.key;
        match entry.kind {
            Kind::Endorsement | Kind::Hidden => {
                let revealed = (entry.kind == Kind::Endorsement).then(|| active_revealed.get(key)).flatten();
                if let Some(&j) = active.get(key).or(revealed) {
                    fail(
                        log,
                        i,
                        Code::DuplicateSigner,
                        format!("this key already signed at entry {j} and did not withdraw"),
                    );
                } else if log.errors[i].is_empty() {
                    active.insert(key, i);
                }
            }
            Kind::Withdrawal => {
                let Some(target) = named(log) else { continue };
                let Some(j) = target.filter(|&j| facts[j].kind.signs()) else {
                    fail(
                        log,
                        i,
                        Code::WithdrawalUnmatched,
                        "this withdrawal names no endorsement or hidden entry earlier in the log".into(),
                    );
                    continue;
                };
                let t = &facts[j];
                if t.key != *key {
                    fail(
                        log,
                        i,
                        Code::WithdrawalWrongKey,
                        format!("this withdrawal of entry {j} is not signed by the key that signed it"),
                    );
                } else if matches!((entry.time, t.time), (Some(a), Some(b)) if a < b) {
                    fail(
                        log,
                        i,
                        Code::TimeOrder,
                        format!("this withdrawal is dated before the entry it withdraws (entry {j})"),
                    );
                } else if log.withdrawn_by[j].is_some() {
                    fail(log, i, Code::WithdrawalDuplicate, format!("entry {j} was already withdrawn"));
                } else if log.errors[i].is_empty() {
                    log.withdrawn_by[j] = Some(i);
                    if active.get(&t.key) == Some(&j) {
                        active.remove(&t.key);
                    }
                    active_revealed.retain(|_, h| *h != j);
                }
            }
            Kind::Vouch => {
                let Some(target) = named(log) else { continue };
                if !target.is_some_and(|j| facts[j].kind == Kind::Hidden) {
                    fail(log, i, Code::VouchInvalid, "this vouch names no hidden entry earlier in the log".into());
                }
            }
            Kind::Reveal => {
                let Some(target) = named(log) else { continue };
                let Some(j) = target.filter(|&j| facts[j].kind == Kind::Hidden) else {
                    fail(log, i, Code::RevealUnmatched, "this reveal names no hidden entry earlier in the log".into());
                    continue;
                };
                let h = &facts[j];
                let hidden_active = log.withdrawn_by[j].is_none() && active.get(&h.key) == Some(&j);
                if !(entry.commitment.is_some() && entry.commitment == h.commitment) {
                    fail(
                        log,
                        i,
                        Code::CommitmentMismatch,
                        format!("this reveal does not open the commitment of entry {j}"),
                    );
                } else if log.revealed_by[j].is_some() {
                    fail(log, i, Code::RevealDuplicate, format!("entry {j} was already revealed"));
                } else if hidden_active
                    && (active.get(key).is_some_and(|&e| facts[e].kind == Kind::Endorsement)
                        || active_revealed.get(key).is_some_and(|&o| o != j))
                {
                    fail(log, i, Code::DuplicateSigner, "this key already signed, and did not withdraw".into());
                } else if log.errors[i].is_empty() {
                    log.revealed_by[j] = Some(i);
                    if hidden_active {
                        active_revealed.insert(key, j);
                    }
                }
            }
        }
    }
    let mut c = Counts::default();
    for (i, entry) in facts.iter().enumerate() {
        match entry.kind {
            Kind::Endorsement => {
                c.endorsements += 1;
                c.withdrawn += u64::from(log.withdrawn_by[i].is_some());
            }
            Kind::Hidden => {
                c.hidden += 1;
                c.hidden_withdrawn += u64::from(log.withdrawn_by[i].is_some());
                c.revealed += u64::from(log.revealed_by[i].is_some() && log.withdrawn_by[i].is_none());
            }
            Kind::Withdrawal => c.withdrawals += 1,
            Kind::Vouch => c.vouches += 1,
            Kind::Reveal => c.reveals += 1,
        }
    }
    log.counts = c.with_totals();
}

/// Checks 19–21: the evidence digest, each attestation (one failure at most), and an attestation
/// for every hidden entry.
fn evidence_checks(
    b: &Bundle,
    h: &Header,
    facts: &[Facts],
    ids: &[[u8; 32]],
    log: &mut Log,
    errors: &mut Vec<Failure>,
) {
    let rb = &b.release.signed;
    if fields::is_hex32(&rb.evidence) && rb.evidence != hex::encode(evidence_digest(&b.evidence)) {
        errors.push(
            Failure::new(Code::EvidenceInvalid, "the release's evidence digest is not that of the bundle's evidence")
                .at("evidence"),
        );
    }
    let issued_ok = fields::timestamp("issued_at", &rb.issued_at).is_ok();
    for (i, a) in b.evidence.iter().enumerate() {
        let s = &a.signed;
        let target = hex_array::<32>(&s.entry).and_then(|id| log.position.get(&id).copied());
        let hidden_target = target.is_some_and(|j| facts[j].kind == Kind::Hidden);
        let failure = if let Some(f) = attestation::check_fields(s).into_iter().next() {
            Some(f)
        } else if crate::statement::check_signature(&h.lead_key, &a.signature, &attestation::message(s)).is_err() {
            Some(Failure::new(Code::AttestationInvalid, "this attestation is not signed by the bundle's lead key"))
        } else if s.statement_id != h.statement_id {
            Some(Failure::new(Code::StatementMismatch, "this attestation is for another statement"))
        } else if issued_ok
            && (s.checked_on.as_str() > &rb.issued_at[..10]
                || s.website.as_ref().is_some_and(|w| fields::earlier(&rb.issued_at, &w.fetched_at)))
        {
            Some(Failure::new(Code::TimeOrder, "this attestation is dated after the release"))
        } else if !target.is_some_and(|j| facts[j].kind.signs()) {
            Some(Failure::new(
                Code::EvidenceInvalid,
                "this attestation names no endorsement or hidden entry of the log",
            ))
        } else if hidden_target && (s.note.is_some() || s.method == "website") {
            Some(Failure::new(
                Code::EvidenceInvalid,
                "an attestation of a hidden entry has no note and is not by website",
            ))
        } else if b.evidence[..i].iter().any(|o| o.signed.entry == s.entry && o.signed.method == s.method) {
            Some(Failure::new(Code::EvidenceInvalid, "an earlier attestation has the same entry and method"))
        } else if s.website.as_ref().is_some_and(|w| !attestation::body_hash_right(w)) {
            Some(Failure::new(Code::EvidenceInvalid, "website.body_sha256 is not the hash of the body"))
        } else {
            None
        };
        match failure {
            Some(f) => errors.push(f.at(format!("evidence[{i}]"))),
            None => {
                if let Some(id) = hex_array::<32>(&s.entry) {
                    log.attested.entry(id).or_default().push(i);
                }
            }
        }
    }
    for (i, f) in facts.iter().enumerate() {
        if f.kind == Kind::Hidden && log.position.get(&ids[i]) == Some(&i) && !log.attested.contains_key(&ids[i]) {
            log.errors[i].push(Failure::new(
                Code::AttestationInvalid,
                "no valid attestation of the lead's names this hidden entry",
            ));
        }
    }
}

/// The checkpoint's origin and text the release gives, and the lead's key, when the release's
/// statement id, lead key and log root have their form.
fn checkpoint_of(rb: &crate::release11::ReleaseBody) -> Option<(String, String, [u8; 32])> {
    let sid = Some(&rb.statement_id).filter(|s| fields::is_statement_id(s))?;
    let (lead, root) = (hex_array::<32>(&rb.lead_key)?, hex_array::<32>(&rb.log.root)?);
    let origin = checkpoint::origin(&rb.lead_key, sid);
    let expected = checkpoint::text(&origin, rb.log.size, &root);
    Some((origin, expected, lead))
}

/// A verifier's own witnesses (§14.8, last paragraph): which of them co-signed the bundle's
/// checkpoint, each line checked as check 17 checks a listed witness's, against the verifier's
/// own quorum. Reported apart: the bundle's verdict never depends on it. None co-signed a
/// checkpoint that is not the release's (check 15) or that the lead did not sign (check 16).
pub fn own_witnesses(b: &Bundle, own: &checkpoint::OwnWitnesses) -> WitnessReport {
    let mut report = WitnessReport {
        quorum: own.quorum,
        listed: own
            .witnesses
            .iter()
            .map(|w| WitnessInfo {
                name: w.key_name.clone(),
                key_name: w.key_name.clone(),
                public_key: hex::encode(w.public_key),
                website: None,
                cosigned: false,
            })
            .collect(),
        ..Default::default()
    };
    let Some((origin, expected, lead)) = checkpoint_of(&b.release.signed) else { return report };
    let checked = checkpoint::check(&b.checkpoint, &expected, &origin, &lead, &own.witnesses, 0);
    if checked.faults.iter().any(|f| !matches!(f, Fault::Cosignature { .. })) {
        return report;
    }
    for &w in &checked.cosigned {
        report.listed[w].cosigned = true;
    }
    report.cosigned = checked.cosigned.len() as u64;
    report
}

/// Who of a release's witnesses co-signed its checkpoint (checks 14–18, their failures left
/// out): for a front end that holds a release and its checkpoint without the entries (the
/// lead's list of releases). `last` is the bundle's last statement version.
pub fn witness_report(last: Option<&AnyVersion>, rb: &crate::release11::ReleaseBody, note: &str) -> WitnessReport {
    checkpoint_checks_of(last, rb, note, &mut Vec::new())
}

/// Checks 14–18 (§14.8), made only when the release's statement id, lead key and log root have
/// their form; the witnesses report.
fn checkpoint_checks(b: &Bundle, errors: &mut Vec<Failure>) -> WitnessReport {
    checkpoint_checks_of(b.statement_versions.last(), &b.release.signed, &b.checkpoint, errors)
}

fn checkpoint_checks_of(
    last: Option<&AnyVersion>,
    rb: &crate::release11::ReleaseBody,
    note: &str,
    errors: &mut Vec<Failure>,
) -> WitnessReport {
    let (listed_info, listed): (Vec<WitnessInfo>, Option<(Vec<checkpoint::Witness>, usize)>) = match last {
        Some(AnyVersion::V11(v)) => (
            v.signed
                .witnesses
                .iter()
                .map(|w| WitnessInfo {
                    name: w.name.clone(),
                    key_name: w.key_name.clone(),
                    public_key: w.public_key.clone(),
                    website: w.website.clone(),
                    cosigned: false,
                })
                .collect(),
            statement11::listed_witnesses(&v.signed),
        ),
        // No version, or a format 1 one: no witnesses, quorum 0.
        _ => (Vec::new(), Some((Vec::new(), 0))),
    };
    let mut report = WitnessReport { quorum: listed.as_ref().map_or(0, |l| l.1 as u64), ..Default::default() };
    let Some((origin, expected, lead)) = checkpoint_of(rb) else {
        report.listed = listed_info;
        return report;
    };
    let (witnesses, quorum) = listed.clone().unwrap_or_default();
    let checked = checkpoint::check(note, &expected, &origin, &lead, &witnesses, quorum);
    for f in &checked.faults {
        let (code, m) = match f {
            Fault::Form(e) => (Code::FieldInvalid, format!("the checkpoint is not a signed note: {e}")),
            Fault::Mismatch => {
                (Code::CheckpointMismatch, "the checkpoint's text is not the one the release gives".into())
            }
            Fault::LeadSignature => {
                (Code::SignatureInvalid, "the lead's signature of the checkpoint is missing or does not verify".into())
            }
            Fault::Cosignature { line } => {
                (Code::CosignatureInvalid, format!("signature line {line}, by a listed witness, does not verify"))
            }
            // Not made when the version's witnesses break their rules (§14.8).
            Fault::QuorumNotMet { .. } if listed.is_none() => continue,
            Fault::QuorumNotMet { cosigned, quorum } => {
                (Code::QuorumNotMet, format!("{cosigned} of the listed witnesses co-signed; the quorum is {quorum}"))
            }
        };
        errors.push(Failure::new(code, m).at("checkpoint"));
    }
    report.cosigned = checked.cosigned.len() as u64;
    report.ignored_lines = checked.unknown as u64;
    report.listed = listed_info;
    if listed.is_some() {
        for &w in &checked.cosigned {
            if let Some(info) = report.listed.get_mut(w) {
                info.cosigned = true;
            }
        }
    }
    report
}

/// Each entry's line, statuses, the report's counts of named signatories; the entries' failures
/// into `errors`. Returns the unnamed signatories by region.
fn entry_lines(
    facts: &[Facts],
    lines: &mut [EntryReport],
    log: &mut Log,
    report: &mut VerificationReport,
    errors: &mut Vec<Failure>,
) -> BTreeMap<String, u64> {
    let mut by_region: BTreeMap<String, u64> = BTreeMap::new();
    for (i, entry) in facts.iter().enumerate() {
        let errs = std::mem::take(&mut log.errors[i]);
        let ok = errs.is_empty();
        // A withdrawal's line gives its `withdrawn_at` as its date; a reveal's line names its
        // signer, as the hidden entry it reveals is then named.
        let withdrawn = log.withdrawn_by[i].map(|w| lines[w].signed_at.clone());
        let revealer = log.revealed_by[i].map(|r| lines[r].signer_shown());
        let line = &mut lines[i];
        if let Some(s) = revealer {
            line.show_signer(s);
        }
        match entry.kind {
            Kind::Endorsement | Kind::Hidden => {
                line.withdrawn_at = withdrawn.clone();
                line.status = if withdrawn.is_some() { "withdrawn" } else { "active" }.into();
                let named = log.revealed_by[i].is_some() || entry.kind == Kind::Endorsement;
                if ok && withdrawn.is_some() && named {
                    report.withdrawn += 1;
                }
                if ok && withdrawn.is_none() {
                    if named {
                        report.signatories += 1;
                        *report.by_country.entry(line.country.clone()).or_default() += 1;
                        if let Some(k) = line.signer_kind {
                            *report.by_kind.entry(k.as_str().to_owned()).or_default() += 1;
                        }
                    } else {
                        let region = line.region.clone().unwrap_or_else(|| "not-stated".into());
                        *by_region.entry(region).or_default() += 1;
                    }
                }
            }
            Kind::Withdrawal => {
                line.status = "withdrawal".into();
                // The name of the entry it names: an endorsement's, a revealed hidden entry's.
                let named = entry.target.and_then(|id| log.position.get(&id).copied());
                if let Some(j) = named.filter(|&j| j < i && facts[j].kind.signs()) {
                    lines[i].name = lines[j].name.clone();
                }
            }
            Kind::Vouch => line.status = "vouch".into(),
            Kind::Reveal => line.status = "reveal".into(),
        }
        let line = &mut lines[i];
        if !ok {
            line.status = "invalid".into();
            for f in &errs {
                errors.push(f.clone().at(format!("entries[{i}]")));
            }
        }
        line.errors = errs;
    }
    by_region
}

/// Each endorsement's and revealed hidden entry's tier (§14.7), from the first occurrence of its
/// id; each hidden entry's vouchers (§14.9). Returns the named signatories by tier and the number
/// of unnamed signatories with a voucher.
fn tiers_and_vouchers(
    b: &Bundle,
    facts: &[Facts],
    ids: &[[u8; 32]],
    log: &Log,
    report: &mut VerificationReport,
) -> (BTreeMap<String, u64>, u64) {
    let attestations = |id: &[u8; 32]| -> Vec<&attestation::AttestationBody> {
        log.attested.get(id).map_or_else(Vec::new, |v| v.iter().map(|&k| &b.evidence[k].signed).collect())
    };
    for (i, entry) in facts.iter().enumerate() {
        let first = log.position.get(&ids[i]).copied().unwrap_or(i);
        let line = &mut report.entries[i];
        line.tier = match entry.kind {
            Kind::Endorsement => {
                Some(tier::tier_of(&attestations(&ids[i]), Some((&entry.key.text(), line.website.as_deref()))))
            }
            Kind::Hidden if log.revealed_by[first].is_some() => Some(tier::tier_of(&attestations(&ids[i]), None)),
            _ => None,
        };
    }
    // The keys of active endorsements with no failure whose tier is `website`.
    let website_keys: HashSet<&Key> = facts
        .iter()
        .zip(&report.entries)
        .filter(|(f, line)| {
            f.kind == Kind::Endorsement
                && line.status == "active"
                && line.tier.as_ref().is_some_and(|t| t.tier == Tier::Website)
        })
        .map(|(f, _)| &f.key)
        .collect();
    let mut vouchers: HashMap<[u8; 32], HashSet<&Key>> = HashMap::new();
    for (f, line) in facts.iter().zip(&report.entries) {
        if f.kind == Kind::Vouch && line.errors.is_empty() && website_keys.contains(&f.key) {
            if let Some(id) = f.target {
                vouchers.entry(id).or_default().insert(&f.key);
            }
        }
    }
    let mut by_tier: BTreeMap<String, u64> = Tier::ALL.iter().map(|t| (t.as_str().to_owned(), 0)).collect();
    let mut vouched = 0;
    for (i, entry) in facts.iter().enumerate() {
        let line = &mut report.entries[i];
        let counted = line.status == "active" && log.position.get(&ids[i]) == Some(&i);
        if entry.kind == Kind::Hidden {
            let n = vouchers.get(&ids[i]).map_or(0, |v| v.len() as u64);
            line.vouchers = Some(n);
            vouched += u64::from(counted && line.tier.is_none() && n > 0);
        }
        if let Some(t) = line.tier.as_ref().filter(|_| counted) {
            *by_tier.entry(t.tier.as_str().to_owned()).or_default() += 1;
        }
    }
    (by_tier, vouched)
}

/// §14.11: release R against the previous release `prev`, of either format.
fn check_previous(
    b: &Bundle,
    release: &ReleaseView<'_>,
    report: &VerificationReport,
    prev: PreviousBundle<'_>,
    seed: &[u8; 32],
) -> (PreviousInfo, Vec<Failure>) {
    let (pr, mut errors, prev_ids, issued_at, number) = match prev {
        PreviousBundle::V1(p) => {
            let pr = bundle::verify(p, None, seed);
            let errors = previous_release_checks(
                (release, &b.statement_versions),
                (&p.release.view(), &p.statement_versions),
                &pr,
            );
            let ids: Vec<String> = p.entries.iter().map(|e| hex::encode(e.id())).collect();
            (pr, errors, ids, p.release.signed.issued_at.clone(), p.release.signed.number)
        }
        PreviousBundle::V11(p) => {
            let pr = verify(p, None, seed);
            let errors = previous_release_checks(
                (release, &b.statement_versions),
                (&p.release.view(), &p.statement_versions),
                &pr,
            );
            let ids: Vec<String> = p.entries.iter().map(|e| hex::encode(e.id())).collect();
            (pr, errors, ids, p.release.signed.issued_at.clone(), p.release.signed.number)
        }
    };
    let mismatch = |m: String| Failure::new(Code::PreviousMismatch, m).at("previous");
    let signs = |kind: &str| kind == "endorsement" || kind == "hidden";
    let (mut kept, mut withdrawn_since) = (0, 0);
    let mut consistent = prev_ids.len() <= report.entries.len();
    for (i, pid) in prev_ids.iter().enumerate() {
        let Some(cur) = report.entries.get(i) else { break };
        if cur.id != *pid {
            consistent = false;
            errors
                .push(mismatch(format!("entry {i} of the previous release was dropped, changed or moved in this one")));
            continue;
        }
        if signs(&cur.kind) {
            match (pr.entries.get(i).map(|e| e.status.as_str()), cur.status.as_str()) {
                (Some("active"), "active") => kept += 1,
                (Some("active"), "withdrawn") => withdrawn_since += 1,
                _ => {}
            }
        }
    }
    if prev_ids.len() > report.entries.len() {
        errors.push(mismatch("the previous release has more entries than this one".into()));
    }
    let added =
        report.entries[prev_ids.len().min(report.entries.len())..].iter().filter(|e| signs(&e.kind)).count() as u64;
    let info =
        PreviousInfo { number, issued_at, kept, withdrawn_since, added, consistent: consistent && errors.is_empty() };
    (info, errors)
}

/// A 1.1 version's envelope as [`VersionView`] reads it.
impl VersionView for statement11::StatementVersion {
    fn common(&self) -> crate::statement::Common<'_> {
        self.signed.common()
    }
    fn lead_key(&self) -> &str {
        &self.signed.lead.public_key
    }
    fn verify(&self) -> Vec<Failure> {
        statement11::verify_version(self)
    }
    fn jcs(&self) -> Vec<u8> {
        crate::canonical::to_jcs(self)
    }
}
