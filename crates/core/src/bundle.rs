//! Bundles (FORMAT.md §10): a release with everything needed to verify it offline, and the
//! reference verifier that reports every failure ([`verify`]). Its report's types are in
//! `report.rs` (re-exported here), the checks of the statement versions and the release that it
//! shares with the streaming verifier in `release_checks.rs`.

use crate::canonical::{check_format, hex_array, parse_strict, to_jcs};
use crate::ed25519::{self, PublicKey, SecretKey};
use crate::endorsement::{self, Endorsement};
use crate::error::{Code, Failure, ParseError};
use crate::merkle::{leaf_hash, Tree};
use crate::release::{self, Counts, LogHead, NewRelease, Previous, Release, VersionDigest};
use crate::release_checks::{different_ids, log_checks, previous_release_checks, verify_header, Header};
use crate::statement::{sig_failure, StatementVersion};
use crate::withdrawal::{self, Withdrawal};
use crate::{fields, FORMAT};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub use crate::report::{fingerprint_hex, EntryReport, PreviousInfo, ReleaseInfo, StatementInfo, VerificationReport};

pub const TYPE: &str = "bundle";
/// Bundles larger than this are refused before parsing (§10.4).
pub const MAX_BYTES: u64 = 2 << 30;

/// One entry of the log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Entry {
    #[serde(rename = "endorsement")]
    Endorsement(Endorsement),
    #[serde(rename = "withdrawal")]
    Withdrawal(Withdrawal),
}

/// A borrowed entry, to hash without copying.
#[derive(Serialize)]
pub enum EntryRef<'a> {
    #[serde(rename = "endorsement")]
    Endorsement(&'a Endorsement),
    #[serde(rename = "withdrawal")]
    Withdrawal(&'a Withdrawal),
}

impl EntryRef<'_> {
    /// The entry id: its Merkle leaf hash (§4), `SHA-256(0x00 || JCS(entry))`.
    pub fn id(&self) -> [u8; 32] {
        match self {
            EntryRef::Endorsement(e) => e.id(),
            EntryRef::Withdrawal(w) => w.id(),
        }
    }

    /// The entry id computed through [`to_jcs`], the general canonical encoder (for tests).
    pub fn id_by_value(&self) -> [u8; 32] {
        leaf_hash(&to_jcs(self))
    }
}

impl Entry {
    pub fn as_ref(&self) -> EntryRef<'_> {
        match self {
            Entry::Endorsement(e) => EntryRef::Endorsement(e),
            Entry::Withdrawal(w) => EntryRef::Withdrawal(w),
        }
    }
    pub fn id(&self) -> [u8; 32] {
        self.as_ref().id()
    }

    /// The `format` its body says.
    pub fn format(&self) -> &str {
        match self {
            Entry::Endorsement(e) => &e.signed.format,
            Entry::Withdrawal(w) => &w.signed.format,
        }
    }

    /// The entry's body is of our format and of the type its tag names (§1).
    pub fn check_format(&self) -> Result<(), ParseError> {
        match self {
            Entry::Endorsement(e) => check_format(&e.signed.format, &e.signed.kind, endorsement::TYPE, "endorsement"),
            Entry::Withdrawal(w) => check_format(&w.signed.format, &w.signed.kind, withdrawal::TYPE, "withdrawal"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bundle {
    pub format: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub statement_versions: Vec<StatementVersion>,
    pub release: Release,
    pub entries: Vec<Entry>,
}

impl Bundle {
    pub fn parse(bytes: &[u8]) -> Result<Self, ParseError> {
        let b: Bundle = parse_strict(bytes, MAX_BYTES as usize, "bundle")?;
        check_format(&b.format, &b.kind, TYPE, "bundle")?;
        b.nested_formats()?;
        Ok(b)
    }

    /// FORMAT.md §10.2: a `format` or `type` other than its place's in a statement version, the
    /// release or an entry makes the whole bundle `unsupported-format` (nothing else is checked).
    pub fn nested_formats(&self) -> Result<(), ParseError> {
        let at = |place: String| move |e: ParseError| ParseError::new(e.code, format!("{place}: {}", e.message));
        for (i, v) in self.statement_versions.iter().enumerate() {
            check_format(&v.signed.format, &v.signed.kind, crate::statement::TYPE, "statement version")
                .map_err(at(format!("statement_versions[{i}]")))?;
        }
        check_format(&self.release.signed.format, &self.release.signed.kind, release::TYPE, "release")
            .map_err(at("release".into()))?;
        for (i, e) in self.entries.iter().enumerate() {
            e.check_format().map_err(at(format!("entries[{i}]")))?;
        }
        Ok(())
    }

    pub fn to_json(&self) -> Vec<u8> {
        crate::canonical::pretty(self)
    }

    /// Writes the bytes of [`Bundle::to_json`] to `w`, entry by entry, without building them in
    /// memory (a bundle of a million entries is about a gigabyte of JSON).
    pub fn write_json<W: std::io::Write>(&self, mut w: W) -> std::io::Result<()> {
        let mut chunks = self.json_chunks();
        while let Some(c) = chunks.next_chunk() {
            w.write_all(&c)?;
        }
        Ok(())
    }

    /// A reader of the bytes of [`Bundle::to_json`], produced entry by entry (to verify a
    /// bundle held in memory with `verify::verify_bundle`, or to copy it anywhere).
    pub fn json_reader(&self) -> JsonReader<'_> {
        JsonReader { chunks: self.json_chunks(), buf: Vec::new(), pos: 0 }
    }

    fn json_chunks(&self) -> JsonChunks<'_> {
        JsonChunks { bundle: self, next: 0, done: false }
    }

    /// The statement version with this number.
    pub fn version(&self, n: u64) -> Option<&StatementVersion> {
        self.statement_versions.iter().find(|v| v.signed.version == n)
    }
}

/// The pretty JSON of a bundle in pieces: everything before the first entry, each entry, the end.
struct JsonChunks<'a> {
    bundle: &'a Bundle,
    /// 0: the header; 1 + i: entry i; past the entries: the end.
    next: usize,
    done: bool,
}

impl JsonChunks<'_> {
    fn next_chunk(&mut self) -> Option<Vec<u8>> {
        if self.done {
            return None;
        }
        let b = self.bundle;
        let k = self.next;
        self.next += 1;
        if k == 0 {
            #[derive(Serialize)]
            struct Head<'a> {
                format: &'a str,
                #[serde(rename = "type")]
                kind: &'a str,
                statement_versions: &'a [StatementVersion],
                release: &'a Release,
                entries: [(); 0],
            }
            let head = Head {
                format: &b.format,
                kind: &b.kind,
                statement_versions: &b.statement_versions,
                release: &b.release,
                entries: [],
            };
            let mut out = crate::canonical::pretty(&head);
            if b.entries.is_empty() {
                self.done = true;
                return Some(out);
            }
            // `"entries": []` closes the pretty form of the head: open the list instead.
            out.truncate(out.len() - "[]\n}\n".len());
            out.extend_from_slice(b"[\n");
            return Some(out);
        }
        let i = k - 1;
        if i == b.entries.len() {
            self.done = true;
            return Some(b"\n  ]\n}\n".to_vec());
        }
        // An entry is two levels deep: each of its lines is indented by four more spaces.
        let entry = match serde_json::to_vec_pretty(&b.entries[i]) {
            Ok(v) => v,
            Err(e) => unreachable!("format types always serialize: {e}"),
        };
        let mut out = Vec::with_capacity(entry.len() + entry.len() / 8);
        if i > 0 {
            out.extend_from_slice(b",\n");
        }
        for (j, line) in entry.split(|&c| c == b'\n').enumerate() {
            if j > 0 {
                out.push(b'\n');
            }
            out.extend_from_slice(b"    ");
            out.extend_from_slice(line);
        }
        Some(out)
    }
}

/// See [`Bundle::json_reader`].
pub struct JsonReader<'a> {
    chunks: JsonChunks<'a>,
    buf: Vec<u8>,
    pos: usize,
}

impl JsonReader<'_> {
    /// How many entries have been read whole so far (for progress).
    pub fn entries_read(&self) -> usize {
        // Chunk 0 is the head, chunk 1 + i entry i, the last one the end; `next` follows the
        // chunk being read. Entries count once their chunk is read to its end.
        let Some(current) = self.chunks.next.checked_sub(1) else { return 0 };
        let last_whole = if self.pos == self.buf.len() { Some(current) } else { current.checked_sub(1) };
        last_whole.map_or(0, |c| c.min(self.chunks.bundle.entries.len()))
    }
}

impl std::io::Read for JsonReader<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.pos == self.buf.len() {
            match self.chunks.next_chunk() {
                Some(c) => {
                    self.buf = c;
                    self.pos = 0;
                }
                None => return Ok(0),
            }
        }
        let n = out.len().min(self.buf.len() - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// Counts and the tree over a list of entries, as a release states them.
pub fn summarize(entries: &[Entry]) -> (Counts, LogHead) {
    let ids = entry_ids(entries);
    let mut tree = Tree::new();
    let mut counts = Counts::default();
    let mut withdrawn: std::collections::HashSet<[u8; 32]> = Default::default();
    for (e, id) in entries.iter().zip(&ids) {
        tree.push(*id);
        match e {
            Entry::Endorsement(_) => counts.endorsements += 1,
            Entry::Withdrawal(w) => {
                counts.withdrawals += 1;
                // A target that is not hex names no entry of the log.
                if let Some(t) = hex_array::<32>(&w.signed.endorsement) {
                    withdrawn.insert(t);
                }
            }
        }
    }
    if !withdrawn.is_empty() {
        counts.withdrawn = entries
            .iter()
            .zip(&ids)
            .filter(|(e, id)| matches!(e, Entry::Endorsement(_)) && withdrawn.contains(*id))
            .count() as u64;
    }
    counts.signatories = counts.endorsements - counts.withdrawn;
    (counts, LogHead { size: tree.size(), root: hex::encode(tree.root()) })
}

/// Every entry's id, in order, computed on every core: each is an encoding and a hash, the bulk
/// of assembling a large release.
pub fn entry_ids(entries: &[Entry]) -> Vec<[u8; 32]> {
    crate::parallel::map_parts(entries, 4096, |part| part.iter().map(Entry::id).collect())
}

/// Assembles and signs release `number` over `entries` (the whole log, old entries first).
pub fn assemble(
    versions: Vec<StatementVersion>,
    entries: Vec<Entry>,
    previous: Option<&Release>,
    issued_at: String,
    lead: &SecretKey,
) -> Bundle {
    let (counts, log) = summarize(&entries);
    let statement_id = versions.first().map(|v| v.signed.statement_id.clone()).unwrap_or_default();
    let release = release::sign(
        NewRelease {
            statement_id,
            number: previous.map_or(1, |p| p.signed.number + 1),
            issued_at,
            versions: versions
                .iter()
                .map(|v| VersionDigest { version: v.signed.version, digest: v.signed.digest.clone() })
                .collect(),
            log,
            previous: previous.map(|p| Previous {
                number: p.signed.number,
                id: hex::encode(release::id(p)),
                log: p.signed.log.clone(),
            }),
            counts,
        },
        lead,
    );
    Bundle { format: FORMAT.into(), kind: TYPE.into(), statement_versions: versions, release, entries }
}

struct Pending<'a> {
    key: [u8; 32],
    sig: [u8; 64],
    msg: Vec<u8>,
    entry: usize,
    _p: std::marker::PhantomData<&'a ()>,
}

/// Checks 7–8 of one entry without its signature: field rules, statement.
/// (The entry's format and type were checked when the bundle was read: see
/// [`Bundle::nested_formats`].)
pub(crate) fn entry_checks(entry: EntryRef<'_>, h: &Header, errs: &mut Vec<Failure>) {
    match entry {
        EntryRef::Endorsement(e) => {
            errs.extend(endorsement::check_fields(&e.signed));
            errs.extend(statement_check(&e.signed.statement, h, "endorsement"));
        }
        EntryRef::Withdrawal(w) => {
            let b = &w.signed;
            errs.extend(withdrawal::check_fields(b));
            if different_ids(&b.statement.id, &h.statement_id)
                || (fields::is_hex32(&b.statement.lead_key) && b.statement.lead_key != h.lead_key)
            {
                errs.push(Failure::new(Code::StatementMismatch, "this withdrawal is for another statement"));
            }
        }
    }
}

/// Check 8 of §10.2 for the `statement` an entry names (an endorsement's, and in 1.1 a hidden
/// endorsement's, a vouch's or a reveal's, §14.10): this statement and lead, a carried version.
pub(crate) fn statement_check(s: &endorsement::EndorsedStatement, h: &Header, what: &str) -> Option<Failure> {
    // A member that breaks its hex form was reported by the field rules and is compared with
    // nothing (§1).
    if different_ids(&s.id, &h.statement_id) || (fields::is_hex32(&s.lead_key) && s.lead_key != h.lead_key) {
        Some(Failure::new(Code::StatementMismatch, format!("this {what} is for another statement")))
    } else if fields::is_hex32(&s.digest)
        // With no version carried, that is the bundle's one failure (`version-invalid`).
        && !h.versions.is_empty()
        // A carried digest that breaks its form is compared with nothing either.
        && !h.versions.get(&s.version).is_some_and(|ds| ds.contains(&s.digest) || ds.iter().any(|d| !fields::is_hex32(d)))
    {
        Some(Failure::new(
            Code::StatementMismatch,
            format!("this {what} is for a version {} that the bundle does not carry", s.version),
        ))
    } else {
        None
    }
}

/// The failure for a key or signature that is not even hex of the right length, else the
/// decoded key and signature (check 7).
pub(crate) fn decode_key_sig(key_hex: &str, sig_hex: &str) -> Result<([u8; 32], [u8; 64]), Failure> {
    match (PublicKey::from_hex(key_hex), hex_array::<64>(sig_hex)) {
        (None, _) => Err(Failure::new(Code::KeyInvalid, "the public key is not 64 lowercase hex digits")),
        (_, None) => Err(Failure::new(Code::SignatureInvalid, "the signature is not 128 lowercase hex digits")),
        (Some(k), Some(s)) => Ok((k.0, s)),
    }
}

/// Verifies a bundle under FORMAT.md §10.2 and, given the previous release, §10.3.
/// `seed` feeds the batch coefficients (pass fresh randomness); the verdicts do not depend on it.
///
/// This is the reference: it holds the whole bundle in memory. `verify::verify_bundle` gives the same
/// report from a reader, in bounded memory and on every core.
pub fn verify(bundle: &Bundle, previous: Option<&Bundle>, seed: &[u8; 32]) -> VerificationReport {
    let mut errors: Vec<Failure> = Vec::new();
    let mut report = VerificationReport::default();
    let header = verify_header(&bundle.statement_versions, &bundle.release.view(), &mut report, &mut errors);
    let rb = &bundle.release.signed;

    // Entries (checks 7–11): fields and statement first, signatures in one batch.
    let n = bundle.entries.len();
    let mut entry_errors: Vec<Vec<Failure>> = vec![Vec::new(); n];
    let mut ids: Vec<[u8; 32]> = Vec::with_capacity(n);
    let mut pending: Vec<Pending> = Vec::with_capacity(n);
    for (i, entry) in bundle.entries.iter().enumerate() {
        ids.push(entry.id());
        let errs = &mut entry_errors[i];
        entry_checks(entry.as_ref(), &header, errs);
        let (key_hex, sig_hex, msg) = match entry {
            Entry::Endorsement(e) => {
                (&e.signed.signer.public_key, &e.signature, crate::endorsement::message(&e.signed))
            }
            Entry::Withdrawal(w) => (&w.signed.signer_key, &w.signature, crate::withdrawal::message(&w.signed)),
        };
        match decode_key_sig(key_hex, sig_hex) {
            Err(f) => errs.push(f),
            Ok((key, sig)) => pending.push(Pending { key, sig, msg, entry: i, _p: Default::default() }),
        }
    }
    let items: Vec<ed25519::SignatureCheck> =
        pending.iter().map(|p| ed25519::SignatureCheck { key: &p.key, sig: &p.sig, msg: &p.msg }).collect();
    for (p, res) in pending.iter().zip(ed25519::verify_batch(&items, seed)) {
        if let Err(e) = res {
            entry_errors[p.entry].push(sig_failure(e));
        }
    }
    drop(items);
    drop(pending);

    // The log: duplicates, withdrawals, statuses (checks 9–11).
    let mut position: HashMap<[u8; 32], usize> = HashMap::with_capacity(n);
    let mut active_by_key: HashMap<&str, usize> = HashMap::new();
    let mut withdrawn_by: Vec<Option<usize>> = vec![None; n];
    for (i, entry) in bundle.entries.iter().enumerate() {
        if position.contains_key(&ids[i]) {
            entry_errors[i].push(Failure::new(Code::DuplicateEntry, "this entry already appears earlier in the log"));
            continue;
        }
        position.insert(ids[i], i);
        match entry {
            Entry::Endorsement(e) => {
                let key = e.signed.signer.public_key.as_str();
                if let Some(&j) = active_by_key.get(key) {
                    entry_errors[i].push(Failure::new(
                        Code::DuplicateSigner,
                        format!("this key already endorsed at entry {j} and did not withdraw"),
                    ));
                } else if entry_errors[i].is_empty() {
                    active_by_key.insert(key, i);
                }
            }
            Entry::Withdrawal(w) => {
                let target = hex_array::<32>(&w.signed.endorsement).and_then(|id| position.get(&id).copied());
                match target.map(|j| (j, &bundle.entries[j])) {
                    Some((j, Entry::Endorsement(e))) => {
                        if e.signed.signer.public_key != w.signed.signer_key {
                            entry_errors[i].push(Failure::new(
                                Code::WithdrawalWrongKey,
                                format!("this withdrawal of entry {j} is not signed by the key that endorsed"),
                            ));
                        } else if fields::earlier(&w.signed.withdrawn_at, &e.signed.signed_at) {
                            entry_errors[i].push(Failure::new(
                                Code::TimeOrder,
                                format!("this withdrawal is dated before the endorsement it withdraws (entry {j})"),
                            ));
                        } else if withdrawn_by[j].is_some() {
                            entry_errors[i].push(Failure::new(
                                Code::WithdrawalDuplicate,
                                format!("entry {j} was already withdrawn"),
                            ));
                        } else if entry_errors[i].is_empty() {
                            withdrawn_by[j] = Some(i);
                            if active_by_key.get(e.signed.signer.public_key.as_str()) == Some(&j) {
                                active_by_key.remove(e.signed.signer.public_key.as_str());
                            }
                        }
                    }
                    _ => entry_errors[i].push(Failure::new(
                        Code::WithdrawalUnmatched,
                        "this withdrawal names no endorsement earlier in the log",
                    )),
                }
            }
        }
    }

    // Per-entry report, counts by country and kind.
    let mut computed = Counts::default();
    for (i, entry) in bundle.entries.iter().enumerate() {
        let errs = std::mem::take(&mut entry_errors[i]);
        let ok = errs.is_empty();
        let mut er = match entry {
            Entry::Endorsement(e) => EntryReport::of_endorsement(i as u64, &ids[i], e),
            Entry::Withdrawal(w) => EntryReport::of_withdrawal(i as u64, &ids[i], w),
        };
        match entry {
            Entry::Endorsement(e) => {
                computed.endorsements += 1;
                let s = &e.signed.signer;
                if let Some(w) = withdrawn_by[i] {
                    if let Entry::Withdrawal(w) = &bundle.entries[w] {
                        er.withdrawn_at = Some(w.signed.withdrawn_at.clone());
                    }
                    computed.withdrawn += 1;
                    if ok {
                        report.withdrawn += 1;
                    }
                    er.status = "withdrawn".into();
                } else {
                    computed.signatories += 1;
                    if ok {
                        report.signatories += 1;
                        *report.by_country.entry(s.country.clone()).or_default() += 1;
                        *report.by_kind.entry(s.kind.as_str().to_owned()).or_default() += 1;
                    }
                    er.status = "active".into();
                }
            }
            Entry::Withdrawal(w) => {
                computed.withdrawals += 1;
                if let Some(j) = hex_array::<32>(&w.signed.endorsement).and_then(|id| position.get(&id)) {
                    if let Entry::Endorsement(e) = &bundle.entries[*j] {
                        er.name = e.signed.signer.name.clone();
                    }
                }
                er.status = "withdrawal".into();
            }
        }
        if !ok {
            er.status = "invalid".into();
            for f in &errs {
                errors.push(f.clone().at(format!("entries[{i}]")));
            }
        }
        er.errors = errs;
        report.entries.push(er);
    }

    // Log, prefix and counts (checks 4–6).
    let (root, prefix_root) = crate::merkle::root_and_prefix(&ids, rb.previous.as_ref().map(|p| p.log.size));
    log_checks(&rb.head(), n as u64, root, prefix_root, computed == rb.counts, &mut errors);

    if let Some(prev) = previous {
        let (info, prev_errors) = check_previous(bundle, &report, prev, seed);
        report.previous = Some(info);
        errors.extend(prev_errors);
    }

    report.valid = errors.is_empty();
    report.errors = errors;
    report
}

/// FORMAT.md §10.3: release R against the older bundle `prev`.
fn check_previous(
    bundle: &Bundle,
    report: &VerificationReport,
    prev: &Bundle,
    seed: &[u8; 32],
) -> (PreviousInfo, Vec<Failure>) {
    let pr = verify(prev, None, seed);
    let mut errors = previous_release_checks(
        (&bundle.release.view(), &bundle.statement_versions),
        (&prev.release.view(), &prev.statement_versions),
        &pr,
    );
    let mismatch = |m: String| Failure::new(Code::PreviousMismatch, m).at("previous");
    let pb = &prev.release.signed;
    let mut kept = 0;
    let mut withdrawn_since = 0;
    let mut consistent = prev.entries.len() <= bundle.entries.len();
    for (i, pe) in prev.entries.iter().enumerate() {
        let Some(cur) = report.entries.get(i) else { break };
        let pid = hex::encode(pe.id());
        if cur.id != pid {
            consistent = false;
            errors
                .push(mismatch(format!("entry {i} of the previous release was dropped, changed or moved in this one")));
            continue;
        }
        if cur.kind == "endorsement" {
            match (pr.entries.get(i).map(|e| e.status.as_str()), cur.status.as_str()) {
                (Some("active"), "active") => kept += 1,
                (Some("active"), "withdrawn") => withdrawn_since += 1,
                _ => {}
            }
        }
    }
    if prev.entries.len() > bundle.entries.len() {
        errors.push(mismatch("the previous release has more entries than this one".into()));
    }
    let added = report.entries[prev.entries.len().min(report.entries.len())..]
        .iter()
        .filter(|e| e.kind == "endorsement")
        .count() as u64;
    let info = PreviousInfo {
        number: pb.number,
        issued_at: pb.issued_at.clone(),
        kept,
        withdrawn_since,
        added,
        consistent: consistent && errors.is_empty(),
    };
    (info, errors)
}
