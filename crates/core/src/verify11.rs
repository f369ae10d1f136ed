//! Verifying a bundle 1.1 (FORMAT.md §14.10) and a release 1.1 against the previous release of
//! either format (§14.11). The reference for format 1.1: it holds the bundle in memory.
//! Checks 1–3 and 4–5 are format 1's (`release_checks.rs`), the entries' field rules are each
//! kind's own; what is new to 1.1 is here: the log rules of five kinds (checks 9–13), the ten
//! counts (6), the checkpoint (14–18, `checkpoint.rs`) and the evidence (19–21).

use crate::attestation;
use crate::bundle::{self, decode_key_sig, statement_check};
use crate::bundle11::{AnyVersion, Bundle, Entry};
use crate::canonical::hex_array;
use crate::checkpoint::{self, Fault};
use crate::ed25519;
use crate::error::{Code, Failure};
use crate::fields;
use crate::hidden;
use crate::release11::{evidence_digest, Counts};
use crate::release_checks::{log_checks, previous_release_checks, verify_header, ReleaseView, VersionView};
use crate::report::{EntryReport, PreviousInfo, Report11, VerificationReport, WitnessInfo, WitnessReport};
use crate::statement::sig_failure;
use crate::tier::{self, Tier};
use crate::{endorsement, statement11, withdrawal};
use std::collections::{BTreeMap, HashMap};

/// The previous release a bundle 1.1 is checked against (§14.11): of either format.
pub enum PreviousBundle<'a> {
    V1(&'a bundle::Bundle),
    V11(&'a Bundle),
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
    let mut errors: Vec<Failure> = Vec::new();
    let mut report = VerificationReport::default();
    let release = b.release.view();
    let header = verify_header(&b.statement_versions, &release, &mut report, &mut errors);
    let rb = &b.release.signed;

    let ids: Vec<[u8; 32]> = crate::parallel::map_parts(&b.entries, 4096, |part| part.iter().map(Entry::id).collect());
    let mut log = Log { errors: own_checks(b, &header, seed), ..Default::default() };
    log_rules(b, &ids, &mut log);
    evidence_checks(b, &header, &ids, &mut log, &mut errors);

    // Checks 4–6 over the tree of the ids.
    let (root, prefix_root) = crate::merkle::root_and_prefix(&ids, rb.previous.as_ref().map(|p| p.log.size));
    log_checks(&rb.head(), ids.len() as u64, root, prefix_root, log.counts == rb.counts, &mut errors);

    let witnesses = checkpoint_checks(b, &mut errors);
    let unnamed_by_region = entry_lines(b, &ids, &mut log, &mut report, &mut errors);
    let (by_tier, vouched) = tiers_and_vouchers(b, &ids, &log, &mut report);
    report.format_1_1 =
        Some(Report11 { counts: log.counts, unnamed_by_region, by_tier, vouched, witnesses, own_witnesses: None });

    if let Some(prev) = previous {
        let (info, prev_errors) = check_previous(b, &release, &report, prev, seed);
        report.previous = Some(info);
        errors.extend(prev_errors);
    }
    report.valid = errors.is_empty();
    report.errors = errors;
    let named = b
        .entries
        .iter()
        .enumerate()
        .filter_map(|(i, e)| match e {
            Entry::Withdrawal(w) => hex_array::<32>(&w.signed.endorsement)
                .and_then(|id| log.position.get(&id).copied())
                .filter(|&j| j < i && matches!(b.entries[j], Entry::Endorsement(_) | Entry::Hidden(_)))
                .map(|j| (i as u32, j as u32)),
            _ => None,
        })
        .collect();
    (report, named)
}

/// Checks 7–8 of every entry: its field rules, the statement it names, its signature.
fn own_checks(b: &Bundle, h: &crate::release_checks::Header, seed: &[u8; 32]) -> Vec<Vec<Failure>> {
    crate::parallel::map_parts(&b.entries, 1024, |part| own_checks_of(part, h, seed))
}

/// [`own_checks`] of a run of entries: their signatures in batches of the stream's size (one
/// signature that fails sends only its batch to the checks one by one).
fn own_checks_of(entries: &[Entry], h: &crate::release_checks::Header, seed: &[u8; 32]) -> Vec<Vec<Failure>> {
    let mut errors: Vec<Vec<Failure>> = vec![Vec::new(); entries.len()];
    // Each signature to check: key, signature, message, entry.
    type Pending = ([u8; 32], [u8; 64], Vec<u8>, usize);
    let mut pending: Vec<Pending> = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let errs = &mut errors[i];
        let (key, sig, msg) = match entry {
            Entry::Endorsement(e) => {
                bundle::entry_checks(bundle::EntryRef::Endorsement(e), h, errs);
                (&e.signed.signer.public_key, &e.signature, endorsement::message(&e.signed))
            }
            Entry::Withdrawal(w) => {
                bundle::entry_checks(bundle::EntryRef::Withdrawal(w), h, errs);
                (&w.signed.signer_key, &w.signature, withdrawal::message(&w.signed))
            }
            Entry::Hidden(x) => {
                errs.extend(hidden::hidden_fields(&x.signed));
                errs.extend(statement_check(&x.signed.statement, h, "hidden endorsement"));
                (&x.signed.one_time_key, &x.signature, hidden::hidden_message(&x.signed))
            }
            Entry::Vouch(x) => {
                errs.extend(hidden::vouch_fields(&x.signed));
                errs.extend(statement_check(&x.signed.statement, h, "vouch"));
                (&x.signed.voucher_key, &x.signature, hidden::vouch_message(&x.signed))
            }
            Entry::Reveal(x) => {
                errs.extend(hidden::reveal_fields(&x.signed));
                errs.extend(statement_check(&x.signed.statement, h, "reveal"));
                (&x.signed.signer.public_key, &x.signature, hidden::reveal_message(&x.signed))
            }
        };
        match decode_key_sig(key, sig) {
            Err(f) => errs.push(f),
            Ok((key, sig)) => pending.push((key, sig, msg, i)),
        }
    }
    for batch in pending.chunks(crate::verify::DEFAULT_BATCH) {
        let items: Vec<ed25519::SignatureCheck> =
            batch.iter().map(|(key, sig, msg, _)| ed25519::SignatureCheck { key, sig, msg }).collect();
        for (p, res) in batch.iter().zip(ed25519::verify_batch(&items, seed)) {
            if let Err(e) = res {
                errors[p.3].push(sig_failure(e));
            }
        }
    }
    errors
}

/// The key that holds an endorsement or a hidden entry: what check 10 compares and what
/// withdraws it (check 11).
fn holder(e: &Entry) -> Option<&str> {
    match e {
        Entry::Endorsement(x) => Some(&x.signed.signer.public_key),
        Entry::Hidden(x) => Some(&x.signed.one_time_key),
        _ => None,
    }
}

/// Checks 9–13, in log order, each deciding from the entries before the one checked; and the
/// ten counts (§14.5).
fn log_rules(b: &Bundle, ids: &[[u8; 32]], log: &mut Log) {
    let n = b.entries.len();
    log.withdrawn_by = vec![None; n];
    log.revealed_by = vec![None; n];
    // The key of each active endorsement and active hidden entry (check 10), and the revealed
    // key of each active hidden entry that is revealed.
    let mut active: HashMap<&str, usize> = HashMap::new();
    let mut active_revealed: HashMap<&str, usize> = HashMap::new();
    let fail = |log: &mut Log, i: usize, code: Code, m: String| log.errors[i].push(Failure::new(code, m));
    for (i, entry) in b.entries.iter().enumerate() {
        if let Some(&j) = log.position.get(&ids[i]) {
            fail(log, i, Code::DuplicateEntry, format!("this entry already appears at entry {j} of the log"));
            continue;
        }
        log.position.insert(ids[i], i);
        // What an entry's `endorsement` or `hidden` names: the first occurrence of the id, when
        // it is earlier (every first occurrence so far is); none for a value that is not hex.
        let named = |log: &Log, id: &str| hex_array::<32>(id).map(|id| log.position.get(&id).copied());
        match entry {
            Entry::Endorsement(_) | Entry::Hidden(_) => {
                let key = holder(entry).unwrap_or_default();
                let revealed = matches!(entry, Entry::Endorsement(_)).then(|| active_revealed.get(key)).flatten();
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
            Entry::Withdrawal(w) => {
                let Some(target) = named(log, &w.signed.endorsement) else { continue };
                let target = target.filter(|&j| matches!(b.entries[j], Entry::Endorsement(_) | Entry::Hidden(_)));
                let Some(j) = target else {
                    fail(
                        log,
                        i,
                        Code::WithdrawalUnmatched,
                        "this withdrawal names no endorsement or hidden entry earlier in the log".into(),
                    );
                    continue;
                };
                let (key, signed_at) = match &b.entries[j] {
                    Entry::Endorsement(e) => (&e.signed.signer.public_key, &e.signed.signed_at),
                    Entry::Hidden(x) => (&x.signed.one_time_key, &x.signed.signed_at),
                    _ => continue,
                };
                if *key != w.signed.signer_key {
                    fail(
                        log,
                        i,
                        Code::WithdrawalWrongKey,
                        format!("this withdrawal of entry {j} is not signed by the key that signed it"),
                    );
                } else if fields::earlier(&w.signed.withdrawn_at, signed_at) {
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
                    if active.get(key.as_str()) == Some(&j) {
                        active.remove(key.as_str());
                    }
                    active_revealed.retain(|_, h| *h != j);
                }
            }
            Entry::Vouch(v) => {
                let Some(target) = named(log, &v.signed.hidden) else { continue };
                if !target.is_some_and(|j| matches!(b.entries[j], Entry::Hidden(_))) {
                    fail(log, i, Code::VouchInvalid, "this vouch names no hidden entry earlier in the log".into());
                }
            }
            Entry::Reveal(r) => {
                let Some(target) = named(log, &r.signed.hidden) else { continue };
                let Some((j, h)) = target.and_then(|j| match &b.entries[j] {
                    Entry::Hidden(h) => Some((j, h)),
                    _ => None,
                }) else {
                    fail(log, i, Code::RevealUnmatched, "this reveal names no hidden entry earlier in the log".into());
                    continue;
                };
                let key = r.signed.signer.public_key.as_str();
                let hidden_active =
                    log.withdrawn_by[j].is_none() && active.get(h.signed.one_time_key.as_str()) == Some(&j);
                if hidden::commitment(&r.signed.salt, &r.signed.signer).map(hex::encode).as_deref()
                    != Some(h.signed.commitment.as_str())
                {
                    fail(
                        log,
                        i,
                        Code::CommitmentMismatch,
                        format!("this reveal does not open the commitment of entry {j}"),
                    );
                } else if log.revealed_by[j].is_some() {
                    fail(log, i, Code::RevealDuplicate, format!("entry {j} was already revealed"));
                } else if hidden_active
                    && (active.get(key).is_some_and(|&e| matches!(b.entries[e], Entry::Endorsement(_)))
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
    for (i, entry) in b.entries.iter().enumerate() {
        match entry {
            Entry::Endorsement(_) => {
                c.endorsements += 1;
                c.withdrawn += u64::from(log.withdrawn_by[i].is_some());
            }
            Entry::Hidden(_) => {
                c.hidden += 1;
                c.hidden_withdrawn += u64::from(log.withdrawn_by[i].is_some());
                c.revealed += u64::from(log.revealed_by[i].is_some() && log.withdrawn_by[i].is_none());
            }
            Entry::Withdrawal(_) => c.withdrawals += 1,
            Entry::Vouch(_) => c.vouches += 1,
            Entry::Reveal(_) => c.reveals += 1,
        }
    }
    log.counts = c.with_totals();
}

/// Checks 19–21: the evidence digest, each attestation (one failure at most), and an attestation
/// for every hidden entry.
fn evidence_checks(
    b: &Bundle,
    h: &crate::release_checks::Header,
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
        let hidden_target = target.is_some_and(|j| matches!(b.entries[j], Entry::Hidden(_)));
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
        } else if !target.is_some_and(|j| matches!(b.entries[j], Entry::Endorsement(_) | Entry::Hidden(_))) {
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
    for (i, e) in b.entries.iter().enumerate() {
        if matches!(e, Entry::Hidden(_)) && log.position.get(&ids[i]) == Some(&i) && !log.attested.contains_key(&ids[i])
        {
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
    b: &Bundle,
    ids: &[[u8; 32]],
    log: &mut Log,
    report: &mut VerificationReport,
    errors: &mut Vec<Failure>,
) -> BTreeMap<String, u64> {
    let mut by_region: BTreeMap<String, u64> = BTreeMap::new();
    for (i, entry) in b.entries.iter().enumerate() {
        let errs = std::mem::take(&mut log.errors[i]);
        let ok = errs.is_empty();
        let withdrawn = log.withdrawn_by[i].map(|w| match &b.entries[w] {
            Entry::Withdrawal(w) => w.signed.withdrawn_at.clone(),
            _ => String::new(),
        });
        let mut line = match entry {
            Entry::Endorsement(e) => EntryReport::of_endorsement(i as u64, &ids[i], e),
            Entry::Withdrawal(w) => EntryReport::of_withdrawal(i as u64, &ids[i], w),
            Entry::Hidden(h) => EntryReport::of_hidden(i as u64, &ids[i], h),
            Entry::Vouch(v) => EntryReport::of_vouch(i as u64, &ids[i], v),
            Entry::Reveal(r) => EntryReport::of_reveal(i as u64, &ids[i], r),
        };
        let revealer = log.revealed_by[i].and_then(|r| match &b.entries[r] {
            Entry::Reveal(r) => Some(&r.signed.signer),
            _ => None,
        });
        if let Some(s) = revealer {
            line.name_signer(s);
        }
        match entry {
            Entry::Endorsement(_) | Entry::Hidden(_) => {
                line.withdrawn_at = withdrawn.clone();
                line.status = if withdrawn.is_some() { "withdrawn" } else { "active" }.into();
                if ok && withdrawn.is_some() && (revealer.is_some() || matches!(entry, Entry::Endorsement(_))) {
                    report.withdrawn += 1;
                }
                if ok && withdrawn.is_none() {
                    match (entry, revealer) {
                        (Entry::Hidden(h), None) => {
                            let region = h.signed.region.clone().unwrap_or_else(|| "not-stated".into());
                            *by_region.entry(region).or_default() += 1;
                        }
                        _ => {
                            report.signatories += 1;
                            *report.by_country.entry(line.country.clone()).or_default() += 1;
                            if let Some(k) = line.signer_kind {
                                *report.by_kind.entry(k.as_str().to_owned()).or_default() += 1;
                            }
                        }
                    }
                }
            }
            Entry::Withdrawal(w) => {
                line.status = "withdrawal".into();
                // The name of the entry it names: an endorsement's, a revealed hidden entry's.
                let named = hex_array::<32>(&w.signed.endorsement).and_then(|id| log.position.get(&id).copied());
                if let Some(j) =
                    named.filter(|&j| j < i && matches!(b.entries[j], Entry::Endorsement(_) | Entry::Hidden(_)))
                {
                    line.name = report.entries[j].name.clone();
                }
            }
            Entry::Vouch(_) => line.status = "vouch".into(),
            Entry::Reveal(_) => line.status = "reveal".into(),
        }
        if !ok {
            line.status = "invalid".into();
            for f in &errs {
                errors.push(f.clone().at(format!("entries[{i}]")));
            }
        }
        line.errors = errs;
        report.entries.push(line);
    }
    by_region
}

/// Each endorsement's and revealed hidden entry's tier (§14.7), from the first occurrence of its
/// id; each hidden entry's vouchers (§14.9). Returns the named signatories by tier and the number
/// of unnamed signatories with a voucher.
fn tiers_and_vouchers(
    b: &Bundle,
    ids: &[[u8; 32]],
    log: &Log,
    report: &mut VerificationReport,
) -> (BTreeMap<String, u64>, u64) {
    let attestations = |id: &[u8; 32]| -> Vec<&attestation::AttestationBody> {
        log.attested.get(id).map_or_else(Vec::new, |v| v.iter().map(|&k| &b.evidence[k].signed).collect())
    };
    for (i, entry) in b.entries.iter().enumerate() {
        let first = log.position.get(&ids[i]).copied().unwrap_or(i);
        report.entries[i].tier = match entry {
            Entry::Endorsement(e) => {
                let s = &e.signed.signer;
                Some(tier::tier_of(&attestations(&ids[i]), Some((&s.public_key, s.website.as_deref()))))
            }
            Entry::Hidden(_) if log.revealed_by[first].is_some() => Some(tier::tier_of(&attestations(&ids[i]), None)),
            _ => None,
        };
    }
    // The keys of active endorsements with no failure whose tier is `website`.
    let website_keys: std::collections::HashSet<&str> = b
        .entries
        .iter()
        .zip(&report.entries)
        .filter_map(|(e, line)| match e {
            Entry::Endorsement(e)
                if line.status == "active" && line.tier.as_ref().is_some_and(|t| t.tier == Tier::Website) =>
            {
                Some(e.signed.signer.public_key.as_str())
            }
            _ => None,
        })
        .collect();
    let mut vouchers: HashMap<[u8; 32], std::collections::HashSet<&str>> = HashMap::new();
    for (e, line) in b.entries.iter().zip(&report.entries) {
        if let Entry::Vouch(v) = e {
            let key = v.signed.voucher_key.as_str();
            if line.errors.is_empty() && website_keys.contains(key) {
                if let Some(id) = hex_array::<32>(&v.signed.hidden) {
                    vouchers.entry(id).or_default().insert(key);
                }
            }
        }
    }
    let mut by_tier: BTreeMap<String, u64> = Tier::ALL.iter().map(|t| (t.as_str().to_owned(), 0)).collect();
    let mut vouched = 0;
    for (i, entry) in b.entries.iter().enumerate() {
        let line = &mut report.entries[i];
        let counted = line.status == "active" && log.position.get(&ids[i]) == Some(&i);
        if let Entry::Hidden(_) = entry {
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
