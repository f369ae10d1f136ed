//! Streaming, parallel verification of bundles (FORMAT.md §10.2 and §10.3).
//!
//! [`bundle::verify`] is the reference: it holds the whole bundle in memory and walks the log
//! once. [`verify_stream`] gives exactly the same report from a reader, in memory that does not
//! grow with the size of the entries' text, on every core:
//!
//! 1. The calling thread parses the bundle with `serde_json` from the reader. The statement
//!    versions and the release are small; each entry of `entries` is cut out as raw JSON and
//!    handed on in batches, through a bounded channel, without ever holding the list.
//! 2. Worker threads parse each entry with the same strict types as [`Bundle::parse`], check
//!    its fields and statement, compute its canonical form once (for both the entry id and the
//!    signed message) and verify the batch's signatures with [`ed25519::verify_batch`].
//! 3. A collector thread takes the batches back in order and builds the Merkle tree (and the
//!    root of the previous release's prefix) while keeping, per entry, only its id, signer key
//!    and a few bytes of state.
//! 4. After the stream, the log rules (duplicates, withdrawals, one active endorsement per key)
//!    are computed over sorted index vectors; their semantics are those of the reference's
//!    sequential loop, rule by rule (see [`log_rules`]).
//!
//! If `entries` comes before `statement_versions` or `release` (writers put it last, §10.1),
//! the entries are buffered as raw JSON until the header is known, so verdicts never depend on
//! the order of members. Parsing is exactly as strict as [`Bundle::parse`]: the same verdict
//! (`malformed`, `unsupported-format`, `too-large`) on every input.
//!
//! [`Bundle::parse`]: crate::bundle::Bundle::parse

use crate::bundle::{self, Entry, EntryReport, Header, PreviousInfo, VerificationReport};
use crate::canonical::{check_format, hex_array};
use crate::ed25519;
use crate::endorsement::{self, SignerKind};
use crate::error::{Code, Failure, ParseError};
use crate::merkle::Tree;
use crate::release::{Counts, Release};
use crate::statement::{sig_failure, StatementVersion};
use crate::withdrawal;
use crate::FORMAT;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::io::{self, Read};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Mutex};

/// The most entries per batch when [`Options::batch`] is 0.
pub const DEFAULT_BATCH: usize = 2048;

/// Entries per batch when [`Options::batch`] is 0, for a log of `entries` on `threads` workers:
/// [`DEFAULT_BATCH`], or fewer for a small log, so that every worker gets a share (a bundle of
/// 1,000 entries is otherwise one batch on one core). Never fewer than 64.
pub fn default_batch(entries: u64, threads: usize) -> usize {
    let share = entries.div_ceil(threads.max(1) as u64);
    share.clamp(64, DEFAULT_BATCH as u64) as usize
}

/// Which of the two bundles [`Options::progress`] speaks of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Bundle,
    Previous,
}

/// How to verify.
#[derive(Clone, Copy)]
pub struct Options<'a> {
    /// Build the report's `entries` (one line per entry). Off, the report lists every failure
    /// and the counts, and memory stays near 70 bytes per entry. The previous release's entries
    /// are never listed.
    pub entries: bool,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// Entries per batch; 0 means [`default_batch`] for the release's log size.
    pub batch: usize,
    /// Inputs larger than this are `too-large` (never more than [`bundle::MAX_BYTES`]).
    pub max_bytes: u64,
    /// Called from the calling thread with the bytes read so far of each part, about every MiB.
    pub progress: Option<&'a dyn Fn(Part, u64)>,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options { entries: false, threads: 0, batch: 0, max_bytes: crate::bundle::MAX_BYTES, progress: None }
    }
}

/// A bundle that could be read, with its report and what §10.3 needs to compare it with the
/// next or the previous release.
pub(crate) struct Verified {
    pub report: VerificationReport,
    release: Release,
    statement_versions: Vec<StatementVersion>,
    ids: Vec<[u8; 32]>,
    status: Vec<u8>,
}

// Per-entry status kept for §10.3 (as the reference's `EntryReport::status`).
const ST_ACTIVE: u8 = 0;
const ST_WITHDRAWN: u8 = 1;
const ST_WITHDRAWAL: u8 = 2;
const ST_INVALID: u8 = 3;
const ST_ENDORSEMENT: u8 = 0x80;

impl Verified {
    /// Adds a failure that concerns the bundle as a whole.
    pub(crate) fn fail(&mut self, f: Failure) {
        self.report.errors.push(f);
        self.report.valid = false;
    }

    /// The report, the statement versions and the release manifest.
    pub(crate) fn into_parts(self) -> (VerificationReport, Vec<StatementVersion>, Release) {
        (self.report, self.statement_versions, self.release)
    }

    /// FORMAT.md §10.3: checks this release R against the older bundle `prev` (verified on its
    /// own), filling `report.previous` and adding every failure, as [`bundle::verify`] does.
    pub(crate) fn check_previous(&mut self, prev: &Verified) {
        let mut errors = bundle::previous_release_checks(&self.release, &prev.release, &prev.report);
        let mismatch = |m: String| Failure::new(Code::PreviousMismatch, m).at("previous");
        let pb = &prev.release.signed;
        let (n, pn) = (self.ids.len(), prev.ids.len());
        let mut kept = 0;
        let mut withdrawn_since = 0;
        let mut consistent = pn <= n;
        for i in 0..pn.min(n) {
            if self.ids[i] != prev.ids[i] {
                consistent = false;
                errors.push(mismatch(format!(
                    "entry {i} of the previous release was dropped, changed or moved in this one"
                )));
                continue;
            }
            if self.status[i] & ST_ENDORSEMENT != 0 {
                match (prev.status[i] & !ST_ENDORSEMENT, self.status[i] & !ST_ENDORSEMENT) {
                    (ST_ACTIVE, ST_ACTIVE) => kept += 1,
                    (ST_ACTIVE, ST_WITHDRAWN) => withdrawn_since += 1,
                    _ => {}
                }
            }
        }
        if pn > n {
            errors.push(mismatch("the previous release has more entries than this one".into()));
        }
        let added = self.status[pn.min(n)..].iter().filter(|s| *s & ST_ENDORSEMENT != 0).count() as u64;
        self.report.previous = Some(PreviousInfo {
            number: pb.number,
            issued_at: pb.issued_at.clone(),
            kept,
            withdrawn_since,
            added,
            consistent: consistent && errors.is_empty(),
        });
        self.report.errors.extend(errors);
        self.report.valid = self.report.errors.is_empty();
    }
}

/// Reads and verifies one bundle (§10.2). `seed` feeds the batch verifier's coefficients (pass
/// fresh randomness); the verdicts never depend on it.
/// `progress` is called with the bytes read so far, about every MiB.
pub(crate) fn verify_stream<R: Read>(
    reader: R,
    seed: &[u8; 32],
    opts: &Options<'_>,
    progress: &dyn Fn(u64),
) -> Result<Verified, ParseError> {
    let cap = opts.max_bytes.min(bundle::MAX_BYTES);
    let mut counting = Counting {
        inner: reader,
        read: 0,
        cap,
        over: false,
        content: false,
        next_report: 0,
        progress,
    };
    let threads = match opts.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        t => t,
    };
    let batch = opts.batch;
    let mut st = TopLevel {
        seed: *seed,
        want_entries: opts.entries,
        threads,
        batch,
        reserve_cap: (cap / 256) as usize,
        seen: [false; 5],
        format: None,
        kind: None,
        last_format: None,
        signed_format: None,
        versions: None,
        release: None,
        entries: EntriesState::Absent,
        typed: None,
        array_form: false,
        invalid: false,
    };

    // A byte order mark is refused before parsing (§1).
    let mut head = [0u8; 3];
    let mut got = 0;
    while got < 3 {
        match counting.read(&mut head[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(counting.fail(read_error(e))),
        }
    }
    if head[..got] == [0xEF, 0xBB, 0xBF] {
        return Err(counting.fail(ParseError::new(Code::Malformed, "this bundle starts with a byte order mark")));
    }

    let parsed = {
        let mut sc = Scanner::new((&head[..got]).chain(&mut counting));
        st.document(&mut sc)
    };
    if let Err(e) = parsed {
        let err = match e {
            ScanError::Io(e) if !counting.over => ParseError::new(Code::Malformed, format!("cannot read this bundle: {e}")),
            _ if !counting.content => ParseError::new(Code::Malformed, "this bundle is empty"),
            ScanError::Io(e) => ParseError::new(Code::Malformed, format!("cannot read this bundle: {e}")),
            ScanError::Syntax(m, at) => ParseError::new(Code::Malformed, format!("this is not a valid bundle: {m} at byte {at}")),
        };
        return Err(counting.fail(err));
    }
    if counting.over {
        return Err(counting.fail(ParseError::new(Code::Malformed, String::new())));
    }
    st.finish()
}

/// The reader under the parser: counts bytes, stops past the cap, reports progress.
struct Counting<'a, R> {
    inner: R,
    read: u64,
    cap: u64,
    over: bool,
    /// Whether anything but ASCII white space was read.
    content: bool,
    next_report: u64,
    progress: &'a dyn Fn(u64),
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.read > self.cap {
            self.over = true;
            return Err(io::Error::other("the input is larger than its size cap"));
        }
        let room = (self.cap + 1 - self.read).min(buf.len() as u64) as usize;
        let n = self.inner.read(&mut buf[..room])?;
        if !self.content {
            self.content = buf[..n].iter().any(|b| !b.is_ascii_whitespace());
        }
        self.read += n as u64;
        if self.read >= self.next_report || n == 0 {
            (self.progress)(self.read);
            self.next_report = self.read + (1 << 20);
        }
        Ok(n)
    }
}

impl<R: Read> Counting<'_, R> {
    /// The error to return once parsing failed: `too-large` if the input is over the cap
    /// (which is checked first, as [`crate::canonical::parse_strict`] does), else `err`.
    fn fail(&mut self, err: ParseError) -> ParseError {
        if !self.over {
            // Read on (without keeping anything) to learn whether the input is over the cap.
            let mut sink = [0u8; 64 << 10];
            loop {
                match self.read(&mut sink) {
                    Ok(0) => break,
                    Ok(_) => {}
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(_) => break,
                }
            }
        }
        if self.over {
            ParseError::new(
                Code::TooLarge,
                format!("this bundle is larger than the {} bytes allowed", self.cap),
            )
        } else {
            err
        }
    }
}

fn read_error(e: io::Error) -> ParseError {
    ParseError::new(Code::Malformed, format!("cannot read this bundle: {e}"))
}

// ---------------------------------------------------------------------------------------------
// The top level of the bundle.

const MEMBERS: [&str; 5] = ["format", "type", "statement_versions", "release", "entries"];

enum EntriesState {
    Absent,
    /// Verified while they were read.
    Streamed(Box<Streamed>),
    /// Read before the header: raw JSON, verified once the header is known.
    Buffered(Vec<Vec<u8>>),
    /// The bundle cannot be verified (already a parse failure or a foreign format): only read.
    Skipped,
}

struct Streamed {
    header: Header,
    report: VerificationReport,
    errors: Vec<Failure>,
    collected: Collected,
}

/// What the parse of the top level found.
struct TopLevel {
    seed: [u8; 32],
    want_entries: bool,
    threads: usize,
    batch: usize,
    reserve_cap: usize,
    seen: [bool; 5],
    /// `format` and `type` as the strict parse reads them (their first occurrence).
    format: Option<String>,
    kind: Option<String>,
    /// The last top-level `format` (`Some(None)` when not a string) and the `format` of a
    /// top-level `signed` object: what [`crate::canonical::parse_strict`] looks at to tell
    /// `unsupported-format` from `malformed` when the strict parse fails.
    last_format: Option<Option<String>>,
    signed_format: Option<Option<String>>,
    versions: Option<Vec<StatementVersion>>,
    release: Option<Release>,
    entries: EntriesState,
    /// The first reason the strict parse fails, if it does.
    typed: Option<String>,
    /// The input is an array of the members rather than an object.
    array_form: bool,
    /// A part of the input is not even valid JSON for a generic parser (too deep, a number out
    /// of range), so a format other than ours cannot be recognized: `malformed`.
    invalid: bool,
}

impl TopLevel {
    fn typed_error(&mut self, m: impl Into<String>) {
        if self.typed.is_none() {
            self.typed = Some(m.into());
        }
    }

    /// A member's raw value that the strict parse refused: is it still valid JSON for a generic
    /// parser at this depth?
    fn refused(&mut self, raw: &[u8], base_depth: usize, e: serde_json::Error) {
        self.typed_error(e.to_string());
        if !value_valid(raw, base_depth) {
            self.invalid = true;
        }
    }

    fn typed<T: serde::de::DeserializeOwned>(&mut self, raw: &[u8]) -> Option<T> {
        match serde_json::from_slice::<T>(raw) {
            Ok(v) => Some(v),
            Err(e) => {
                self.refused(raw, 1, e);
                None
            }
        }
    }

    fn foreign(&self) -> bool {
        self.format.as_deref().is_some_and(|f| f != FORMAT)
    }

    /// The whole input: one top-level object (or, as serde also reads a struct, an array of the
    /// members in order), then only white space.
    fn document<R: Read>(&mut self, sc: &mut Scanner<R>) -> Result<(), ScanError> {
        sc.skip_ws()?;
        match sc.peek()? {
            Some(b'{') => {
                sc.bump();
                sc.skip_ws()?;
                if sc.peek()? == Some(b'}') {
                    sc.bump();
                } else {
                    loop {
                        if sc.peek()? != Some(b'"') {
                            return Err(sc.syntax("expected a member name"));
                        }
                        let mut raw = Vec::new();
                        sc.capture(&mut raw)?;
                        let key: String = serde_json::from_slice(&raw).map_err(|e| sc.syntax(&e.to_string()))?;
                        sc.skip_ws()?;
                        sc.expect(b':')?;
                        sc.skip_ws()?;
                        self.member(&key, sc, true)?;
                        sc.skip_ws()?;
                        match sc.next()? {
                            Some(b',') => sc.skip_ws()?,
                            Some(b'}') => break,
                            _ => return Err(sc.syntax("expected `,` or `}`")),
                        }
                    }
                }
            }
            Some(b'[') => {
                sc.bump();
                self.array_form = true;
                for (i, name) in MEMBERS.iter().enumerate() {
                    sc.skip_ws()?;
                    if i > 0 {
                        match sc.peek()? {
                            Some(b',') => {
                                sc.bump();
                                sc.skip_ws()?;
                                if sc.peek()? == Some(b']') {
                                    return Err(sc.syntax("trailing comma"));
                                }
                            }
                            Some(b']') => {}
                            _ => return Err(sc.syntax("expected `,` or `]`")),
                        }
                    }
                    if sc.peek()? == Some(b']') {
                        self.typed_error(format!("invalid length {i}, expected struct Bundle with 5 elements"));
                        // The strict parse fails; no more members will be missing.
                        self.seen = [true; 5];
                        break;
                    }
                    self.member(name, sc, false)?;
                }
                sc.skip_ws()?;
                if sc.next()? != Some(b']') {
                    return Err(sc.syntax("expected `]`"));
                }
            }
            Some(_) => {
                // Not an object: never a bundle, whatever it is.
                let mut raw = Vec::new();
                sc.capture(&mut raw)?;
                return Err(sc.syntax("expected a bundle object"));
            }
            None => return Err(sc.syntax("EOF while parsing a value")),
        }
        sc.skip_ws()?;
        if sc.peek()?.is_some() {
            return Err(sc.syntax("trailing characters"));
        }
        Ok(())
    }

    /// One member of the top-level object (or element of the top-level array), by name.
    fn member<R: Read>(&mut self, name: &str, sc: &mut Scanner<R>, dup_check: bool) -> Result<(), ScanError> {
        let slot = MEMBERS.iter().position(|m| *m == name);
        let dup = match slot {
            Some(i) if dup_check => std::mem::replace(&mut self.seen[i], true),
            Some(i) => {
                self.seen[i] = true;
                false
            }
            None => false,
        };
        if dup {
            self.typed_error(format!("duplicate field `{name}`"));
        }
        match name {
            "format" | "type" | "statement_versions" | "release" => {
                let mut raw = Vec::new();
                sc.capture(&mut raw)?;
                match name {
                    "format" => {
                        let v: Option<String> = self.typed(&raw);
                        self.last_format = Some(v.clone());
                        if !dup {
                            self.format = v;
                        }
                    }
                    "type" => {
                        let v: Option<String> = self.typed(&raw);
                        if !dup {
                            self.kind = v;
                        }
                    }
                    "statement_versions" => {
                        let v: Option<Vec<StatementVersion>> = self.typed(&raw);
                        if !dup {
                            self.versions = v;
                        }
                    }
                    _ => {
                        let v: Option<Release> = self.typed(&raw);
                        if !dup {
                            self.release = v;
                        }
                    }
                }
            }
            "entries" => {
                if dup || self.typed.is_some() || self.invalid || self.foreign() {
                    // Only read: every element must still be valid JSON.
                    let mut invalid = false;
                    let list = entries_list(sc, &mut |raw| invalid |= !value_valid(raw, 2))?;
                    self.invalid |= invalid;
                    if let Some((m, valid)) = list {
                        self.typed_error(m);
                        self.invalid |= !valid;
                    }
                    if !dup {
                        self.entries = EntriesState::Skipped;
                    }
                } else if let (Some(versions), Some(release)) = (&self.versions, &self.release) {
                    let mut report = VerificationReport::default();
                    let mut errors = Vec::new();
                    let header = bundle::verify_header(versions, release, &mut report, &mut errors);
                    let ctx = self.ctx(&header, release);
                    let mut list = None;
                    let (res, collected) = run_pipeline::<ScanError>(&ctx, |sink| {
                        list = entries_list(sc, sink)?;
                        Ok(())
                    });
                    res?;
                    if let Some((m, valid)) = list {
                        self.typed_error(m);
                        self.invalid |= !valid;
                    }
                    self.entries = EntriesState::Streamed(Box::new(Streamed { header, report, errors, collected }));
                } else {
                    let mut raws = Vec::new();
                    if let Some((m, valid)) = entries_list(sc, &mut |raw| raws.push(raw.to_vec()))? {
                        self.typed_error(m);
                        self.invalid |= !valid;
                    }
                    self.entries = EntriesState::Buffered(raws);
                }
            }
            _ => {
                self.typed_error(unknown_field(name));
                let mut raw = Vec::new();
                sc.capture(&mut raw)?;
                if !value_valid(&raw, 1) {
                    self.invalid = true;
                } else if name == "signed" {
                    if let Ok(p) = serde_json::from_slice::<SignedProbe>(&raw) {
                        self.signed_format = Some(p.0);
                    }
                }
            }
        }
        Ok(())
    }

    fn ctx<'h>(&self, header: &'h Header, release: &Release) -> EntryChecks<'h> {
        EntryChecks {
            header,
            seed: self.seed,
            entries: self.want_entries,
            threads: self.threads.max(1),
            batch: if self.batch == 0 { default_batch(release.signed.log.size, self.threads.max(1)) } else { self.batch },
            prefix: release.signed.previous.as_ref().map(|p| p.log.size),
            reserve: (release.signed.log.size.min(self.reserve_cap as u64)) as usize,
            cancel: AtomicBool::new(false),
        }
    }

    /// After the whole input was read as JSON: the verdict of the strict parse, then the
    /// verification.
    fn finish(mut self) -> Result<Verified, ParseError> {
        for (i, m) in MEMBERS.iter().enumerate() {
            if !self.seen[i] {
                self.typed_error(format!("missing field `{m}`"));
            }
        }
        if self.typed.is_none() && !self.invalid && !self.foreign() && matches!(self.entries, EntriesState::Buffered(_)) {
            if let EntriesState::Buffered(raws) = std::mem::replace(&mut self.entries, EntriesState::Skipped) {
                if let (Some(versions), Some(release)) = (&self.versions, &self.release) {
                    let mut report = VerificationReport::default();
                    let mut errors = Vec::new();
                    let header = bundle::verify_header(versions, release, &mut report, &mut errors);
                    let ctx = self.ctx(&header, release);
                    let (_, collected) = run_pipeline::<()>(&ctx, |sink| {
                        raws.iter().for_each(|raw| sink(raw));
                        Ok(())
                    });
                    self.entries = EntriesState::Streamed(Box::new(Streamed { header, report, errors, collected }));
                }
            }
        }
        if let EntriesState::Streamed(s) = &mut self.entries {
            let typed = s.collected.typed.take();
            self.invalid |= s.collected.invalid;
            if let Some((i, m)) = typed {
                self.typed_error(format!("entries[{i}]: {m}"));
            }
        }
        if self.invalid {
            // Not even valid JSON for a generic parser (so the strict parse fails too).
            let m = self.typed.take().unwrap_or_else(|| "too deeply nested, or a number out of range".into());
            return Err(ParseError::new(Code::Malformed, format!("this is not a valid bundle: {m}")));
        }
        if let Some(m) = self.typed.take() {
            // Only an object can claim a format (an array never does).
            let claimed = match &self.last_format {
                _ if self.array_form => None,
                Some(f) => f.clone(),
                None => self.signed_format.clone().flatten(),
            };
            return Err(match claimed.filter(|f| f != FORMAT) {
                Some(found) => ParseError::new(
                    Code::UnsupportedFormat,
                    format!("this bundle is in format {found:?}, not undersigned/1"),
                ),
                None => ParseError::new(Code::Malformed, format!("this is not a valid bundle: {m}")),
            });
        }
        // Without a parse failure every member was read (and, in our format, verified).
        let unreachable = || ParseError::new(Code::Malformed, "this is not a valid bundle");
        let (Some(format), Some(kind)) = (&self.format, &self.kind) else { return Err(unreachable()) };
        check_format(format, kind, bundle::TYPE, "bundle")?;
        let (Some(release), Some(versions), EntriesState::Streamed(s)) = (self.release, self.versions, self.entries) else {
            return Err(unreachable());
        };
        Ok(assemble(*s, release, versions))
    }
}

fn unknown_field(name: &str) -> String {
    format!(
        "unknown field `{name}`, expected one of `format`, `type`, `statement_versions`, `release`, `entries`"
    )
}

/// Reads any JSON value as a generic parser would (nesting counted), keeping nothing.
struct Skip;

impl<'de> Deserialize<'de> for Skip {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(SkipVisitor)
    }
}

struct SkipVisitor;

macro_rules! accept_scalars {
    ($value:expr) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($value)
        }
    };
}

impl<'de> Visitor<'de> for SkipVisitor {
    type Value = Skip;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    accept_scalars!(Skip);
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Skip, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Skip)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Skip, A::Error> {
        while map.next_key::<Skip>()?.is_some() {
            map.next_value::<Skip>()?;
        }
        Ok(Skip)
    }
}

/// The `format` string of an object (the last one, as a generic parser keeps it), if any.
struct SignedProbe(Option<String>);

impl<'de> Deserialize<'de> for SignedProbe {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(SignedProbeVisitor)
    }
}

struct SignedProbeVisitor;

impl<'de> Visitor<'de> for SignedProbeVisitor {
    type Value = SignedProbe;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    accept_scalars!(SignedProbe(None));
    fn visit_str<E: de::Error>(self, _: &str) -> Result<SignedProbe, E> {
        Ok(SignedProbe(None))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<SignedProbe, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(SignedProbe(None))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SignedProbe, A::Error> {
        let mut format = None;
        while let Some(k) = map.next_key::<String>()? {
            if k == "format" {
                format = map.next_value::<FormatProbe>()?.0;
            } else {
                map.next_value::<Skip>()?;
            }
        }
        Ok(SignedProbe(format))
    }
}

/// A value that is kept if it is a string.
struct FormatProbe(Option<String>);

impl<'de> Deserialize<'de> for FormatProbe {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(FormatProbeVisitor)
    }
}

struct FormatProbeVisitor;

impl<'de> Visitor<'de> for FormatProbeVisitor {
    type Value = FormatProbe;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    accept_scalars!(FormatProbe(None));
    fn visit_str<E: de::Error>(self, s: &str) -> Result<FormatProbe, E> {
        Ok(FormatProbe(Some(s.to_owned())))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<FormatProbe, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(FormatProbe(None))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FormatProbe, A::Error> {
        while map.next_key::<Skip>()?.is_some() {
            map.next_value::<Skip>()?;
        }
        Ok(FormatProbe(None))
    }
}

/// Whether `raw`, a value cut out of the input `base_depth` levels deep, is valid JSON for a
/// generic parser such as `serde_json::Value`'s: well formed, UTF-8, nesting within its limit of
/// 127 containers, numbers in range. (What decides between `unsupported-format` and `malformed`
/// when the strict parse fails.)
fn value_valid(raw: &[u8], base_depth: usize) -> bool {
    let (mut depth, mut max, mut in_str, mut esc) = (0usize, 0usize, false, false);
    for &b in raw {
        if in_str {
            if esc {
                esc = false;
            } else if b == b'\\' {
                esc = true;
            } else if b == b'"' {
                in_str = false;
            }
        } else {
            match b {
                b'"' => in_str = true,
                b'[' | b'{' => {
                    depth += 1;
                    max = max.max(depth);
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    base_depth + max <= 127 && serde_json::from_slice::<Skip>(raw).is_ok()
}

/// The `entries` member: each element of the list handed to `sink`. `None` for a list, else the
/// strict parse's complaint and whether the value is valid JSON.
fn entries_list<R: Read>(sc: &mut Scanner<R>, sink: &mut dyn FnMut(&[u8])) -> Result<Option<(String, bool)>, ScanError> {
    if sc.peek()? != Some(b'[') {
        let mut raw = Vec::new();
        sc.capture(&mut raw)?;
        return Ok(Some(("invalid type: expected a sequence of entries".into(), value_valid(&raw, 1))));
    }
    sc.bump();
    sc.skip_ws()?;
    if sc.peek()? == Some(b']') {
        sc.bump();
        return Ok(None);
    }
    // One buffer for every entry in turn: the sink copies what it keeps.
    let mut raw = Vec::with_capacity(4096);
    loop {
        raw.clear();
        sc.capture(&mut raw)?;
        sink(&raw);
        sc.skip_ws()?;
        match sc.next()? {
            Some(b',') => {
                sc.skip_ws()?;
                if sc.peek()? == Some(b']') {
                    return Err(sc.syntax("trailing comma"));
                }
            }
            Some(b']') => return Ok(None),
            _ => return Err(sc.syntax("expected `,` or `]`")),
        }
    }
}

/// Why the input is not JSON at all.
enum ScanError {
    Io(io::Error),
    /// A message and the offset where it was found.
    Syntax(String, u64),
}

impl From<io::Error> for ScanError {
    fn from(e: io::Error) -> Self {
        ScanError::Io(e)
    }
}

/// Cuts JSON values out of a reader as raw bytes, for `serde_json` to parse each one: the
/// structure of the top level is all it reads itself (white space, `{`, `:`, `,`, …), and it
/// finds the end of a value by its brackets, skipping strings with `memchr`.
struct Scanner<R> {
    r: R,
    buf: Box<[u8]>,
    pos: usize,
    len: usize,
    /// Bytes consumed before `buf`.
    base: u64,
    eof: bool,
}

impl<R: Read> Scanner<R> {
    fn new(r: R) -> Self {
        Scanner { r, buf: vec![0u8; 1 << 20].into_boxed_slice(), pos: 0, len: 0, base: 0, eof: false }
    }

    fn syntax(&self, m: &str) -> ScanError {
        ScanError::Syntax(m.to_owned(), self.base + self.pos as u64)
    }

    /// Makes at least one byte available, unless at the end. Returns false at the end.
    fn fill(&mut self) -> Result<bool, ScanError> {
        if self.pos < self.len {
            return Ok(true);
        }
        if self.eof {
            return Ok(false);
        }
        self.base += self.len as u64;
        self.pos = 0;
        self.len = 0;
        loop {
            match self.r.read(&mut self.buf) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.len = n;
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(ScanError::Io(e)),
            }
        }
    }

    fn peek(&mut self) -> Result<Option<u8>, ScanError> {
        Ok(if self.fill()? { Some(self.buf[self.pos]) } else { None })
    }

    fn bump(&mut self) {
        self.pos += 1;
    }

    fn next(&mut self) -> Result<Option<u8>, ScanError> {
        let c = self.peek()?;
        if c.is_some() {
            self.pos += 1;
        }
        Ok(c)
    }

    fn expect(&mut self, c: u8) -> Result<(), ScanError> {
        if self.next()? == Some(c) {
            Ok(())
        } else {
            Err(self.syntax(&format!("expected `{}`", c as char)))
        }
    }

    /// Skips JSON white space (space, tab, line feed, carriage return).
    fn skip_ws(&mut self) -> Result<(), ScanError> {
        while self.fill()? {
            match self.buf[self.pos] {
                b' ' | b'\t' | b'\n' | b'\r' => self.pos += 1,
                _ => return Ok(()),
            }
        }
        Ok(())
    }

    /// Appends the next value's bytes to `out`. Only its extent is found here; whether it is
    /// valid JSON is for the parser given the bytes.
    fn capture(&mut self, out: &mut Vec<u8>) -> Result<(), ScanError> {
        match self.peek()? {
            None => Err(self.syntax("EOF while parsing a value")),
            Some(b'"' | b'{' | b'[') => self.capture_nested(out),
            Some(_) => self.capture_scalar(out),
        }
    }

    /// A string, list or object: up to the closing quote or bracket that ends it. Strings are
    /// skipped with `memchr`; bytes are copied once per buffer, except the white space that
    /// follows `{`, `[`, `,` and `:` (insignificant, and never between two tokens it separates),
    /// which is dropped: the pretty layout's indentation is a quarter of a bundle.
    fn capture_nested(&mut self, out: &mut Vec<u8>) -> Result<(), ScanError> {
        let mut depth = 0usize;
        let mut in_str = false;
        let mut escaped = false;
        let mut skip_ws = false;
        let mut start = self.pos;
        loop {
            if self.pos == self.len {
                out.extend_from_slice(&self.buf[start..self.len]);
                if !self.fill()? {
                    return Err(self.syntax("EOF while parsing a value"));
                }
                start = self.pos;
            }
            if escaped {
                // The byte after a backslash belongs to the escape, whatever it is.
                escaped = false;
                self.pos += 1;
                continue;
            }
            if skip_ws {
                let rest = &self.buf[self.pos..self.len];
                let n = rest.iter().position(|c| !matches!(c, b' ' | b'\t' | b'\n' | b'\r')).unwrap_or(rest.len());
                self.pos += n;
                start = self.pos;
                if self.pos == self.len {
                    continue;
                }
                skip_ws = false;
            }
            let rest = &self.buf[self.pos..self.len];
            if in_str {
                match memchr::memchr2(b'"', b'\\', rest) {
                    None => self.pos = self.len,
                    Some(i) => {
                        self.pos += i + 1;
                        if rest[i] == b'\\' {
                            escaped = true;
                        } else {
                            in_str = false;
                            if depth == 0 {
                                break;
                            }
                        }
                    }
                }
            } else {
                match rest.iter().position(|&c| matches!(c, b'"' | b'{' | b'}' | b'[' | b']' | b',' | b':')) {
                    None => self.pos = self.len,
                    Some(i) => {
                        self.pos += i + 1;
                        match rest[i] {
                            b'"' => in_str = true,
                            b'}' | b']' => {
                                depth = depth.saturating_sub(1);
                                if depth == 0 {
                                    break;
                                }
                            }
                            c => {
                                if c == b'{' || c == b'[' {
                                    depth += 1;
                                }
                                out.extend_from_slice(&self.buf[start..self.pos]);
                                start = self.pos;
                                skip_ws = true;
                            }
                        }
                    }
                }
            }
        }
        out.extend_from_slice(&self.buf[start..self.pos]);
        Ok(())
    }

    fn capture_scalar(&mut self, out: &mut Vec<u8>) -> Result<(), ScanError> {
        let start = out.len();
        while self.fill()? {
            let buf = &self.buf[self.pos..self.len];
            let i = buf
                .iter()
                .position(|&c| matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
                .unwrap_or(buf.len());
            out.extend_from_slice(&buf[..i]);
            self.pos += i;
            if i < buf.len() {
                break;
            }
        }
        if out.len() == start {
            return Err(self.syntax("expected a value"));
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// The pipeline: batches of raw entries → workers → in-order collector.

struct EntryChecks<'h> {
    header: &'h Header,
    seed: [u8; 32],
    entries: bool,
    threads: usize,
    batch: usize,
    /// `previous.log.size` of the release: the prefix whose root is checked.
    prefix: Option<u64>,
    /// Entries expected (bounded), to reserve the per-entry vectors once.
    reserve: usize,
    /// Set once an entry fails the strict parse: the bundle will be refused, so the workers
    /// stop verifying and only parse.
    cancel: AtomicBool,
}

/// Raw entries, one after another in `buf`; entry `i` ends at `ends[i]`. Batches travel
/// between the reader and the workers and back, so that their buffers are reused.
struct Batch {
    seq: u64,
    first: u64,
    buf: Vec<u8>,
    ends: Vec<usize>,
}

impl Batch {
    fn raws(&self) -> impl Iterator<Item = &[u8]> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(a, &b)| &self.buf[a..b])
    }
}

// Per-entry flags.
const F_ENDORSEMENT: u8 = 1;
const F_PRE_OK: u8 = 2;
const F_KEY_HEX: u8 = 4;
const F_INDIVIDUAL: u8 = 8;
const F_DUPLICATE: u8 = 16;
const F_LOG_ERR: u8 = 32;
const F_WITHDRAWN: u8 = 64;

/// What a worker found about one entry.
struct EntryFacts {
    id: [u8; 32],
    /// The signer key's bytes when it is lowercase hex, else a hash of the string (so that two
    /// keys compare equal exactly when their strings do).
    key: [u8; 32],
    flags: u8,
    country: [u8; 2],
    /// A withdrawal's `endorsement`, when it is 64 lowercase hex digits.
    target: Option<[u8; 32]>,
    /// Failures before the log rules, in the reference's order.
    errors: Vec<Failure>,
    report: Option<Box<EntryReport>>,
}

struct CheckedBatch {
    seq: u64,
    first: u64,
    items: Vec<EntryFacts>,
    typed: Option<(u64, String)>,
    invalid: bool,
}

/// Compact per-entry state kept for the log rules.
#[derive(Clone, Copy, Default)]
struct LogState {
    flags: u8,
    country: [u8; 2],
}

#[derive(Default)]
struct Collected {
    root: [u8; 32],
    prefix_root: Option<[u8; 32]>,
    ids: Vec<[u8; 32]>,
    keys: Vec<[u8; 32]>,
    info: Vec<LogState>,
    /// Withdrawals: index and target id.
    withdrawals: Vec<(u32, Option<[u8; 32]>)>,
    /// Failures found before the log rules, by entry index (ascending).
    pre_errors: Vec<(u32, Failure)>,
    reports: Vec<EntryReport>,
    /// The first entry that fails the strict parse.
    typed: Option<(u64, String)>,
    invalid: bool,
}

/// Runs workers and the collector while `produce` feeds raw entries to its sink (on this
/// thread). Returns `produce`'s result and what the collector gathered.
fn run_pipeline<E>(
    ctx: &EntryChecks<'_>,
    produce: impl FnOnce(&mut dyn FnMut(&[u8])) -> Result<(), E>,
) -> (Result<(), E>, Collected) {
    let (batch_tx, batch_rx) = mpsc::sync_channel::<Batch>(ctx.threads * 2);
    let batch_rx = Mutex::new(batch_rx);
    let (done_tx, done_rx) = mpsc::sync_channel::<CheckedBatch>(ctx.threads * 2);
    // Emptied batches go back to the reader, so that their buffers are allocated once.
    let (free_tx, free_rx) = mpsc::channel::<Batch>();
    std::thread::scope(|s| {
        for _ in 0..ctx.threads {
            let done_tx = done_tx.clone();
            let free_tx = free_tx.clone();
            let rx = &batch_rx;
            s.spawn(move || {
                let mut scratch = Scratch::default();
                loop {
                    let next = match rx.lock() {
                        Ok(guard) => guard.recv(),
                        Err(_) => return,
                    };
                    let Ok(mut batch) = next else { return };
                    let done = process_batch(ctx, &batch, &mut scratch);
                    batch.buf.clear();
                    batch.ends.clear();
                    // The reader may be gone already; the batch is then simply dropped.
                    let _ = free_tx.send(batch);
                    if done_tx.send(done).is_err() {
                        return;
                    }
                }
            });
        }
        drop(done_tx);
        drop(free_tx);
        let collector = s.spawn(move || collect(ctx, done_rx));

        let empty = || Batch { seq: 0, first: 0, buf: Vec::with_capacity(ctx.batch * 1024), ends: Vec::with_capacity(ctx.batch) };
        let mut batch = empty();
        let (mut seq, mut first) = (0u64, 0u64);
        let mut send = |mut full: Batch| {
            let len = full.ends.len() as u64;
            full.seq = seq;
            full.first = first;
            // A send fails only if every worker is gone, which a panic would report below.
            let _ = batch_tx.send(full);
            seq += 1;
            first += len;
        };
        let res = produce(&mut |raw| {
            batch.buf.extend_from_slice(raw);
            batch.ends.push(batch.buf.len());
            if batch.ends.len() >= ctx.batch {
                let next = free_rx.try_recv().unwrap_or_else(|_| empty());
                send(std::mem::replace(&mut batch, next));
            }
        });
        if !batch.ends.is_empty() {
            send(batch);
        }
        drop(batch_tx);
        let collected = match collector.join() {
            Ok(c) => c,
            Err(p) => std::panic::resume_unwind(p),
        };
        (res, collected)
    })
}

fn collect(ctx: &EntryChecks<'_>, rx: mpsc::Receiver<CheckedBatch>) -> Collected {
    let mut c = Collected {
        ids: Vec::with_capacity(ctx.reserve),
        keys: Vec::with_capacity(ctx.reserve),
        info: Vec::with_capacity(ctx.reserve),
        ..Default::default()
    };
    if ctx.entries {
        c.reports.reserve(ctx.reserve);
    }
    let mut tree = Tree::new();
    if ctx.prefix == Some(0) {
        c.prefix_root = Some(tree.root());
    }
    let mut waiting: BTreeMap<u64, CheckedBatch> = BTreeMap::new();
    let mut next = 0u64;
    for done in rx {
        waiting.insert(done.seq, done);
        while let Some(d) = waiting.remove(&next) {
            next += 1;
            if let Some((i, m)) = d.typed {
                if c.typed.as_ref().is_none_or(|(j, _)| i < *j) {
                    c.typed = Some((i, m));
                }
            }
            c.invalid |= d.invalid;
            for (k, item) in d.items.into_iter().enumerate() {
                let index = (d.first + k as u64) as u32;
                tree.push(item.id);
                if Some(tree.size()) == ctx.prefix {
                    c.prefix_root = Some(tree.root());
                }
                c.ids.push(item.id);
                c.keys.push(item.key);
                c.info.push(LogState { flags: item.flags, country: item.country });
                if item.flags & F_ENDORSEMENT == 0 {
                    c.withdrawals.push((index, item.target));
                }
                c.pre_errors.extend(item.errors.into_iter().map(|f| (index, f)));
                if let Some(r) = item.report {
                    c.reports.push(*r);
                }
            }
        }
    }
    c.root = tree.root();
    c
}

/// A worker's buffers, kept from one batch to the next.
#[derive(Default)]
struct Scratch {
    /// The signed messages of the batch's signatures, one after another.
    msgs: Vec<u8>,
    /// Signatures to check: (item, key, signature, end of its message in `msgs`).
    pending: Vec<(usize, [u8; 32], [u8; 64], usize)>,
}

fn process_batch(ctx: &EntryChecks<'_>, batch: &Batch, scratch: &mut Scratch) -> CheckedBatch {
    let mut items: Vec<EntryFacts> = Vec::with_capacity(batch.ends.len());
    let Scratch { msgs, pending } = scratch;
    msgs.clear();
    pending.clear();
    let mut typed = None;
    let mut invalid = false;
    for (k, raw) in batch.raws().enumerate() {
        // One UTF-8 check of the whole entry, then a parse that need not check each string again;
        // bytes that are not UTF-8 go to the slice parser, which names the place as before.
        let parsed = match std::str::from_utf8(raw) {
            Ok(text) => serde_json::from_str::<Entry>(text),
            Err(_) => serde_json::from_slice::<Entry>(raw),
        };
        let entry = match parsed {
            Ok(e) => e,
            Err(e) => {
                if typed.is_none() {
                    typed = Some((batch.first + k as u64, e.to_string()));
                }
                // An entry is inside the top-level object and the `entries` list.
                invalid |= !value_valid(raw, 2);
                ctx.cancel.store(true, Ordering::Relaxed);
                items.push(EntryFacts::none());
                continue;
            }
        };
        if ctx.cancel.load(Ordering::Relaxed) {
            items.push(EntryFacts::none());
            continue;
        }
        let start = msgs.len();
        let (item, sig) = entry_item(ctx, &entry, batch.first + k as u64, msgs);
        match sig {
            Some((key, sig)) => pending.push((k, key, sig, msgs.len())),
            None => msgs.truncate(start),
        }
        items.push(item);
    }
    if !pending.is_empty() {
        let mut start = 0;
        let refs: Vec<ed25519::SignatureCheck<'_>> = pending
            .iter()
            .map(|(_, key, sig, end)| {
                let msg = &msgs[start..*end];
                start = *end;
                ed25519::SignatureCheck { key, sig, msg }
            })
            .collect();
        for ((k, ..), res) in pending.iter().zip(ed25519::verify_batch(&refs, &ctx.seed)) {
            if let Err(e) = res {
                items[*k].errors.push(sig_failure(e));
            }
        }
    }
    for it in &mut items {
        if it.errors.is_empty() {
            it.flags |= F_PRE_OK;
        }
        if let Some(r) = &mut it.report {
            r.errors.clone_from(&it.errors);
        }
    }
    CheckedBatch { seq: batch.seq, first: batch.first, items, typed, invalid }
}

/// The key and signature to check; the signed message is what `entry_item` appended to `msgs`.
type Signature = ([u8; 32], [u8; 64]);

impl EntryFacts {
    fn none() -> EntryFacts {
        EntryFacts { id: [0; 32], key: [0; 32], flags: 0, country: [0; 2], target: None, errors: Vec::new(), report: None }
    }
}

/// Checks 7–8 of one entry, its id and the signature to verify.
fn entry_item(ctx: &EntryChecks<'_>, entry: &Entry, index: u64, msgs: &mut Vec<u8>) -> (EntryFacts, Option<Signature>) {
    let mut errors = Vec::new();
    bundle::entry_checks(entry, ctx.header, &mut errors);
    let (context, tag, key_hex, sig_hex) = match entry {
        Entry::Endorsement(e) => (endorsement::CONTEXT, "endorsement", &e.signed.signer.public_key, &e.signature),
        Entry::Withdrawal(w) => (withdrawal::CONTEXT, "withdrawal", &w.signed.signer_key, &w.signature),
    };
    // The signed message is CONTEXT || 0x00 || JCS(body); the entry id hashes the entry's
    // canonical form, which contains JCS(body) (§4): the body is encoded once for both.
    let start = msgs.len();
    msgs.extend_from_slice(context.as_bytes());
    msgs.push(0);
    match entry {
        Entry::Endorsement(e) => endorsement::write_body(&e.signed, msgs),
        Entry::Withdrawal(w) => withdrawal::write_body(&w.signed, msgs),
    }
    let id = crate::canonical::entry_id(tag, sig_hex, &msgs[start + context.len() + 1..]);

    let (key, key_flag) = match hex_array::<32>(key_hex) {
        Some(k) => (k, F_KEY_HEX),
        None => {
            let mut h = Sha256::new();
            h.update(b"undersigned/stream/not-a-key\0");
            h.update(key_hex.as_bytes());
            (h.finalize().into(), 0)
        }
    };
    let sig = match bundle::decode_key_sig(key_hex, sig_hex) {
        Err(f) => {
            errors.push(f);
            None
        }
        Ok((k, s)) => Some((k, s)),
    };
    let mut item = EntryFacts { id, key, flags: key_flag, country: [0; 2], target: None, errors, report: None };
    match entry {
        Entry::Endorsement(e) => {
            let s = &e.signed.signer;
            item.flags |= F_ENDORSEMENT;
            if s.kind == SignerKind::Individual {
                item.flags |= F_INDIVIDUAL;
            }
            if let [a, b] = s.country.as_bytes() {
                item.country = [*a, *b];
            }
            if ctx.entries {
                item.report = Some(Box::new(EntryReport {
                    index,
                    kind: "endorsement".into(),
                    id: hex::encode(id),
                    status: String::new(),
                    name: s.name.clone(),
                    signer_kind: Some(s.kind),
                    country: s.country.clone(),
                    website: s.website.clone(),
                    title: s.title.clone(),
                    affiliation: s.affiliation.clone(),
                    fingerprint: bundle::fingerprint_hex(&s.public_key),
                    signed_at: e.signed.signed_at.clone(),
                    withdrawn_at: None,
                    version: Some(e.signed.statement.version),
                    errors: Vec::new(),
                }));
            }
        }
        Entry::Withdrawal(w) => {
            item.target = hex_array::<32>(&w.signed.endorsement);
            if ctx.entries {
                item.report = Some(Box::new(EntryReport {
                    index,
                    kind: "withdrawal".into(),
                    id: hex::encode(id),
                    status: String::new(),
                    name: String::new(),
                    signer_kind: None,
                    country: String::new(),
                    website: None,
                    title: None,
                    affiliation: None,
                    fingerprint: bundle::fingerprint_hex(&w.signed.signer_key),
                    signed_at: w.signed.withdrawn_at.clone(),
                    withdrawn_at: None,
                    version: None,
                    errors: Vec::new(),
                }));
            }
        }
    }
    (item, sig)
}

// ---------------------------------------------------------------------------------------------
// After the stream: the log rules and the report.

/// An index sorted by a 32-byte value: the value's first four bytes above the index, so that a
/// plain sort of 8-byte words orders by prefix, then index.
fn packed(v: &[u8; 32], index: u32) -> u64 {
    (u64::from(u32::from_be_bytes([v[0], v[1], v[2], v[3]])) << 32) | u64::from(index)
}

fn index_of(p: u64) -> u32 {
    p as u32
}

/// Sorts words made by [`packed`] by (the full value, index): the words first, then every run
/// with one prefix (rare: values are hashes and keys) by the full value.
fn sort_by_value(v: &mut [u64], values: &[[u8; 32]]) {
    v.sort_unstable();
    let mut i = 0;
    while i < v.len() {
        let mut j = i + 1;
        while j < v.len() && v[j] >> 32 == v[i] >> 32 {
            j += 1;
        }
        if j - i > 1 {
            v[i..j].sort_unstable_by_key(|&p| (values[index_of(p) as usize], index_of(p)));
        }
        i = j;
    }
}

/// The first word of `sorted` (by [`sort_by_value`]) whose value is `target`: its first occurrence.
fn find_first(sorted: &[u64], values: &[[u8; 32]], target: &[u8; 32]) -> Option<u32> {
    let prefix = packed(target, 0) >> 32;
    let at = sorted.partition_point(|&p| (p >> 32, &values[index_of(p) as usize]) < (prefix, target));
    sorted.get(at).map(|&p| index_of(p)).filter(|&i| values[i as usize] == *target)
}

/// Checks 9–11 of FORMAT.md §10.2 over the whole log, exactly as the reference's sequential
/// loop in [`bundle::verify`] gives them, in memory proportional to the number of entries:
///
/// 1. An entry whose id occurred earlier is a duplicate (`duplicate-entry`); the first
///    occurrence counts, and duplicates take no further part.
/// 2. A withdrawal's target is the first occurrence of the id it names if that is earlier and
///    an endorsement, else it is unmatched. Per target, in log order: a key other than the
///    endorsement's is `withdrawal-wrong-key`; else, if the target is already withdrawn,
///    `withdrawal-duplicate`; else, if the withdrawal has no failure of its own, it withdraws
///    the target. (None of this depends on the other targets or on rule 3.)
/// 3. Per signer key, in log order, over its endorsements and the successful withdrawals of
///    its endorsements: an endorsement while another is active is `duplicate-signer`; else, if
///    it has no failure of its own, it becomes the active one; a withdrawal of the active one
///    clears it. A key that is not lowercase hex cannot have an active endorsement (its
///    endorsements fail check 7), so its endorsements never meet one.
///
/// Returns the log failures by entry index; sets the flags `F_DUPLICATE`, `F_LOG_ERR` and
/// `F_WITHDRAWN`.
fn log_rules(ids: &[[u8; 32]], keys: &[[u8; 32]], info: &mut [LogState], withdrawals: &[(u32, Option<[u8; 32]>)]) -> Vec<(u32, Failure)> {
    let n = ids.len();
    let mut out: Vec<(u32, Failure)> = Vec::new();

    // 1. Duplicates.
    let mut by_id: Vec<u64> = (0..n as u32).map(|i| packed(&ids[i as usize], i)).collect();
    sort_by_value(&mut by_id, ids);
    for w in by_id.windows(2) {
        let (a, b) = (index_of(w[0]), index_of(w[1]));
        if ids[a as usize] == ids[b as usize] {
            info[b as usize].flags |= F_DUPLICATE | F_LOG_ERR;
            out.push((b, Failure::new(Code::DuplicateEntry, "this entry already appears earlier in the log")));
        }
    }
    let first_occurrence = |id: &[u8; 32]| find_first(&by_id, ids, id);

    // 2. Withdrawals.
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for &(w, target) in withdrawals {
        if info[w as usize].flags & F_DUPLICATE != 0 {
            continue;
        }
        match target.and_then(|t| first_occurrence(&t)) {
            Some(j) if j < w && info[j as usize].flags & F_ENDORSEMENT != 0 => pairs.push((j, w)),
            _ => {
                info[w as usize].flags |= F_LOG_ERR;
                out.push((
                    w,
                    Failure::new(Code::WithdrawalUnmatched, "this withdrawal names no endorsement earlier in the log"),
                ));
            }
        }
    }
    pairs.sort_unstable();
    let mut releases: Vec<(u32, u32)> = Vec::new();
    for &(j, w) in &pairs {
        let (ji, wi) = (j as usize, w as usize);
        let same_key = keys[ji] == keys[wi] && (info[ji].flags & F_KEY_HEX) == (info[wi].flags & F_KEY_HEX);
        if !same_key {
            info[wi].flags |= F_LOG_ERR;
            out.push((
                w,
                Failure::new(
                    Code::WithdrawalWrongKey,
                    format!("this withdrawal of entry {j} is not signed by the key that endorsed"),
                ),
            ));
        } else if info[ji].flags & F_WITHDRAWN != 0 {
            info[wi].flags |= F_LOG_ERR;
            out.push((w, Failure::new(Code::WithdrawalDuplicate, format!("entry {j} was already withdrawn"))));
        } else if info[wi].flags & F_PRE_OK != 0 {
            info[ji].flags |= F_WITHDRAWN;
            releases.push((w, j));
        }
    }
    drop(pairs);
    drop(by_id);

    // 3. One active endorsement per key. Events: endorsements, and successful withdrawals (the
    // key of a withdrawal that withdrew is its target's).
    let mut events: Vec<u64> = Vec::with_capacity(n - withdrawals.len() + releases.len());
    for (i, inf) in info.iter().enumerate() {
        if inf.flags & (F_ENDORSEMENT | F_DUPLICATE | F_KEY_HEX) == F_ENDORSEMENT | F_KEY_HEX {
            events.push(packed(&keys[i], i as u32));
        }
    }
    for &(w, _) in &releases {
        events.push(packed(&keys[w as usize], w));
    }
    // By withdrawal, to find what each withdrew.
    releases.sort_unstable();
    sort_by_value(&mut events, keys);
    let mut active: Option<u32> = None;
    for (k, &e) in events.iter().enumerate() {
        let i = index_of(e);
        if k == 0 || keys[index_of(events[k - 1]) as usize] != keys[i as usize] {
            active = None;
        }
        if info[i as usize].flags & F_ENDORSEMENT != 0 {
            if let Some(a) = active {
                info[i as usize].flags |= F_LOG_ERR;
                out.push((
                    i,
                    Failure::new(Code::DuplicateSigner, format!("this key already endorsed at entry {a} and did not withdraw")),
                ));
            } else if info[i as usize].flags & F_PRE_OK != 0 {
                active = Some(i);
            }
        } else {
            let j = releases.binary_search_by_key(&i, |r| r.0).ok().map(|r| releases[r].1);
            if active.is_some() && active == j {
                active = None;
            }
        }
    }
    out.sort_by_key(|e| e.0);
    out
}

/// The report of a bundle whose entries were all collected.
fn assemble(s: Streamed, release: Release, statement_versions: Vec<StatementVersion>) -> Verified {
    let Streamed { header, mut report, mut errors, collected } = s;
    drop(header);
    let Collected { root, prefix_root, ids, keys, mut info, withdrawals, pre_errors, mut reports, .. } = collected;
    let log_errors = log_rules(&ids, &keys, &mut info, &withdrawals);
    drop(keys);

    // Counts, by country and kind (check 6 and the report).
    let n = ids.len();
    let mut computed = Counts::default();
    let mut countries: HashMap<[u8; 2], u64> = HashMap::new();
    let (mut organizations, mut individuals) = (0u64, 0u64);
    let mut status = Vec::with_capacity(n);
    for inf in &info {
        let ok = inf.flags & F_PRE_OK != 0 && inf.flags & F_LOG_ERR == 0;
        let st = if inf.flags & F_ENDORSEMENT != 0 {
            computed.endorsements += 1;
            if inf.flags & F_WITHDRAWN != 0 {
                computed.withdrawn += 1;
                if ok {
                    report.withdrawn += 1;
                }
                ST_ENDORSEMENT | if ok { ST_WITHDRAWN } else { ST_INVALID }
            } else {
                computed.signatories += 1;
                if ok {
                    report.signatories += 1;
                    *countries.entry(inf.country).or_default() += 1;
                    if inf.flags & F_INDIVIDUAL != 0 {
                        individuals += 1;
                    } else {
                        organizations += 1;
                    }
                }
                ST_ENDORSEMENT | if ok { ST_ACTIVE } else { ST_INVALID }
            }
        } else {
            computed.withdrawals += 1;
            if ok {
                ST_WITHDRAWAL
            } else {
                ST_INVALID
            }
        };
        status.push(st);
    }
    report.by_country = countries
        .into_iter()
        .map(|(c, k)| (String::from_utf8_lossy(&c).into_owned(), k))
        .collect();
    for (kind, k) in [(SignerKind::Organization, organizations), (SignerKind::Individual, individuals)] {
        if k > 0 {
            report.by_kind.insert(kind.as_str().to_owned(), k);
        }
    }

    // Every entry's failures in log order: its own first, then the log rule's.
    let (mut a, mut b) = (pre_errors.into_iter().peekable(), log_errors.into_iter().peekable());
    loop {
        let take_pre = match (a.peek(), b.peek()) {
            (None, None) => break,
            (Some(x), Some(y)) => x.0 <= y.0,
            (Some(_), None) => true,
            (None, Some(_)) => false,
        };
        let next = if take_pre { a.next() } else { b.next() };
        let Some((i, f)) = next else { break };
        if let Some(r) = reports.get_mut(i as usize) {
            if !take_pre {
                r.errors.push(f.clone());
            }
        }
        errors.push(f.at(format!("entries[{i}]")));
    }

    if !reports.is_empty() {
        // Statuses, and a withdrawal's name: that of the endorsement it names (its first
        // occurrence anywhere in the log).
        let mut by_id: Vec<u64> = (0..n as u32).map(|i| packed(&ids[i as usize], i)).collect();
        sort_by_value(&mut by_id, &ids);
        for (i, r) in reports.iter_mut().enumerate() {
            r.status = match status[i] & !ST_ENDORSEMENT {
                ST_ACTIVE => "active",
                ST_WITHDRAWN => "withdrawn",
                ST_WITHDRAWAL => "withdrawal",
                _ => "invalid",
            }
            .into();
        }
        // (withdrawal, the endorsement it names); a valid withdrawal is what withdrew it.
        let named: Vec<(usize, usize)> = withdrawals
            .iter()
            .filter_map(|&(w, target)| {
                let j = find_first(&by_id, &ids, &target?)? as usize;
                (info[j].flags & F_ENDORSEMENT != 0).then_some((w as usize, j))
            })
            .collect();
        for (w, j) in named {
            reports[w].name = reports[j].name.clone();
            if status[w] == ST_WITHDRAWAL {
                reports[j].withdrawn_at = Some(reports[w].signed_at.clone());
            }
        }
    }
    report.entries = reports;

    bundle::log_checks(&release.signed, n as u64, root, prefix_root, &computed, &mut errors);
    report.valid = errors.is_empty();
    report.errors = errors;
    Verified { report, release, statement_versions, ids, status }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endorsement::EndorsementBody;
    use crate::withdrawal::WithdrawalBody;
    use crate::canonical::{signed_message, to_jcs};
    use crate::endorsement::{EndorsedStatement, Signer};
    use crate::withdrawal::StatementRef;
    use crate::Envelope;
    use proptest::prelude::*;

    /// Strings with every character JCS escapes or keeps: quotes, backslashes, controls,
    /// DEL, non-ASCII, line separators; and any string at all.
    fn text() -> impl Strategy<Value = String> {
        let chars = vec!['a', 'Z', '"', '\\', '\u{0}', '\u{8}', '\t', '\n', '\u{c}', '\r', '\u{1f}', '\u{7f}', 'é', '\u{2028}', '\u{1F600}', '/'];
        prop_oneof![
            prop::collection::vec(prop::sample::select(chars), 0..12).prop_map(|v| v.into_iter().collect()),
            any::<String>(),
        ]
    }

    proptest! {
        /// Values that often share their first four bytes (and repeat): sorted as by (value,
        /// index), and every first occurrence found.
        #[test]
        fn indexes_sort_by_the_whole_value(raw in prop::collection::vec((0u8..3, 0u8..3, any::<u8>()), 0..200)) {
            let values: Vec<[u8; 32]> = raw
                .iter()
                .map(|&(a, b, c)| {
                    let mut v = [0u8; 32];
                    v[0] = a;
                    v[31] = b;
                    v[5] = c % 4;
                    v
                })
                .collect();
            let mut sorted: Vec<u64> = (0..values.len() as u32).map(|i| packed(&values[i as usize], i)).collect();
            sort_by_value(&mut sorted, &values);
            let mut want: Vec<u32> = (0..values.len() as u32).collect();
            want.sort_by_key(|&i| (values[i as usize], i));
            prop_assert_eq!(sorted.iter().map(|&p| index_of(p)).collect::<Vec<_>>(), want);
            for v in &values {
                let first = values.iter().position(|x| x == v).map(|i| i as u32);
                prop_assert_eq!(find_first(&sorted, &values, v), first);
            }
            prop_assert_eq!(find_first(&sorted, &values, &[9u8; 32]), None);
        }

        /// The sorted log rules against the reference's sequential loop (as in `bundle::verify`),
        /// on logs whose ids and keys often repeat and share prefixes.
        #[test]
        fn log_rules_are_the_sequential_loop(
            raw in prop::collection::vec((any::<bool>(), any::<bool>(), 0u8..4, any::<bool>(), 0u8..6, prop::option::of(0u8..6)), 0..60),
        ) {
            let v = |a: u8, tag: u8| {
                let mut x = [0u8; 32];
                x[0] = tag;
                x[31] = a;
                x
            };
            let ids: Vec<[u8; 32]> = raw.iter().map(|r| v(r.4, 1)).collect();
            let keys: Vec<[u8; 32]> = raw.iter().map(|r| v(r.2, 2)).collect();
            let mut info: Vec<LogState> = raw
                .iter()
                .map(|r| LogState {
                    flags: if r.0 { F_ENDORSEMENT } else { 0 } | if r.1 { F_PRE_OK } else { 0 } | if r.3 || !r.0 { F_KEY_HEX } else { 0 },
                    country: [0; 2],
                })
                .collect();
            let withdrawals: Vec<(u32, Option<[u8; 32]>)> = raw
                .iter()
                .enumerate()
                .filter(|(_, r)| !r.0)
                .map(|(i, r)| (i as u32, r.5.map(|t| v(t, 1))))
                .collect();
            let got = log_rules(&ids, &keys, &mut info, &withdrawals);

            // The reference loop, on the same data.
            let n = raw.len();
            let key_of = |i: usize| (keys[i], info[i].flags & F_KEY_HEX);
            let mut want: Vec<(u32, Code)> = Vec::new();
            let mut position: HashMap<[u8; 32], usize> = HashMap::new();
            let mut active_by_key: HashMap<([u8; 32], u8), usize> = HashMap::new();
            let mut withdrawn = vec![false; n];
            for i in 0..n {
                if position.contains_key(&ids[i]) {
                    want.push((i as u32, Code::DuplicateEntry));
                    continue;
                }
                position.insert(ids[i], i);
                let pre_ok = info[i].flags & F_PRE_OK != 0;
                if info[i].flags & F_ENDORSEMENT != 0 {
                    match active_by_key.entry(key_of(i)) {
                        std::collections::hash_map::Entry::Occupied(_) => want.push((i as u32, Code::DuplicateSigner)),
                        std::collections::hash_map::Entry::Vacant(slot) => {
                            if pre_ok && info[i].flags & F_KEY_HEX != 0 {
                                slot.insert(i);
                            }
                        }
                    }
                } else {
                    let target = raw[i].5.map(|t| v(t, 1)).and_then(|t| position.get(&t).copied());
                    match target.filter(|&j| info[j].flags & F_ENDORSEMENT != 0) {
                        Some(j) => {
                            if key_of(j) != key_of(i) {
                                want.push((i as u32, Code::WithdrawalWrongKey));
                            } else if withdrawn[j] {
                                want.push((i as u32, Code::WithdrawalDuplicate));
                            } else if pre_ok {
                                withdrawn[j] = true;
                                if active_by_key.get(&key_of(j)) == Some(&j) {
                                    active_by_key.remove(&key_of(j));
                                }
                            }
                        }
                        None => want.push((i as u32, Code::WithdrawalUnmatched)),
                    }
                }
            }
            prop_assert_eq!(got.iter().map(|(i, f)| (*i, f.code)).collect::<Vec<_>>(), want);
            for i in 0..n {
                prop_assert_eq!(info[i].flags & F_WITHDRAWN != 0, withdrawn[i]);
            }
        }

        #[test]
        fn bodies_and_ids_are_those_of_the_reference(
            t in prop::collection::vec(text(), 16),
            version in any::<u64>(),
            present in any::<[bool; 3]>(),
            individual in any::<bool>(),
        ) {
            let e = EndorsementBody {
                format: t[0].clone(),
                kind: t[1].clone(),
                statement: EndorsedStatement { id: t[2].clone(), version, digest: t[3].clone(), lead_key: t[4].clone() },
                signer: Signer {
                    public_key: t[5].clone(),
                    name: t[6].clone(),
                    kind: if individual { SignerKind::Individual } else { SignerKind::Organization },
                    country: t[7].clone(),
                    website: present[0].then(|| t[8].clone()),
                    title: present[1].then(|| t[9].clone()),
                    affiliation: present[2].then(|| t[10].clone()),
                },
                signed_at: t[11].clone(),
            };
            let mut out = Vec::new();
            endorsement::write_body(&e, &mut out);
            prop_assert_eq!(&out, &to_jcs(&e));
            prop_assert_eq!(endorsement::message(&e), signed_message(endorsement::CONTEXT, &e));
            let w = WithdrawalBody {
                format: t[0].clone(),
                kind: t[1].clone(),
                statement: StatementRef { id: t[2].clone(), lead_key: t[4].clone() },
                endorsement: t[12].clone(),
                signer_key: t[13].clone(),
                withdrawn_at: t[14].clone(),
            };
            let mut out = Vec::new();
            withdrawal::write_body(&w, &mut out);
            prop_assert_eq!(&out, &to_jcs(&w));
            prop_assert_eq!(withdrawal::message(&w), signed_message(withdrawal::CONTEXT, &w));
            let mut env = Vec::new();
            crate::canonical::write_envelope(&t[15], &out, &mut env);
            prop_assert_eq!(&env, &to_jcs(&Envelope { signed: w.clone(), signature: t[15].clone() }));

            let header = Header { statement_id: String::new(), lead_key: String::new(), versions: HashMap::new() };
            let ctx = EntryChecks {
                header: &header,
                seed: [0; 32],
                entries: false,
                threads: 1,
                batch: 1,
                prefix: None,
                reserve: 0,
                cancel: AtomicBool::new(false),
            };
            for entry in [
                Entry::Endorsement(Envelope { signed: e, signature: t[15].clone() }),
                Entry::Withdrawal(Envelope { signed: w, signature: t[15].clone() }),
            ] {
                let (item, _) = entry_item(&ctx, &entry, 0, &mut Vec::new());
                prop_assert_eq!(item.id, entry.as_ref().id_by_value());
                prop_assert_eq!(entry.id(), entry.as_ref().id_by_value());
            }
        }
    }
}
