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
use crate::endorsement::{self, EndorsementBody, SignerKind};
use crate::error::{Code, Failure, ParseError};
use crate::merkle::Tree;
use crate::release::{self, Counts, Previous, Release};
use crate::statement::{sig_failure, StatementVersion};
use crate::withdrawal::{self, WithdrawalBody};
use crate::FORMAT;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::io::{self, BufReader, Read};
use std::marker::PhantomData;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Mutex};

/// Entries per batch when [`Options::batch`] is 0.
pub const DEFAULT_BATCH: usize = 2048;

/// How to verify.
#[derive(Clone, Copy)]
pub struct Options<'a> {
    /// Build the report's `entries` (one line per entry). Off, the report lists every failure
    /// and the counts, and memory stays near 70 bytes per entry.
    pub entries: bool,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// Entries per batch; 0 means [`DEFAULT_BATCH`].
    pub batch: usize,
    /// Inputs larger than this are `too-large` (never more than [`bundle::MAX_BYTES`]).
    pub max_bytes: u64,
    /// Called from the calling thread with the number of bytes read so far, about every MiB.
    pub progress: Option<&'a dyn Fn(u64)>,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options { entries: false, threads: 0, batch: 0, max_bytes: bundle::MAX_BYTES, progress: None }
    }
}

/// A bundle that could be read, with its report and what §10.3 needs to compare it with the
/// next or the previous release.
pub struct Verified {
    pub report: VerificationReport,
    release: Release,
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
    /// The release manifest of this bundle.
    pub fn release(&self) -> &Release {
        &self.release
    }

    /// FORMAT.md §10.3: checks this release R against the older bundle `prev` (verified on its
    /// own), filling `report.previous` and adding every failure, as [`bundle::verify`] does.
    pub fn check_previous(&mut self, prev: &Verified) {
        let mut errors = Vec::new();
        let pr = &prev.report;
        let mismatch = |m: String| Failure::new(Code::PreviousMismatch, m).at("previous");
        if !pr.valid {
            errors.push(
                Failure::new(
                    Code::PreviousInvalid,
                    format!("the previous release does not verify ({} failures)", pr.errors.len()),
                )
                .at("previous"),
            );
        }
        let rb = &self.release.signed;
        let pb = &prev.release.signed;
        if rb.statement_id != pb.statement_id || rb.lead_key != pb.lead_key {
            errors.push(mismatch("the previous release is of another statement or lead".into()));
        }
        let expected = Previous { number: pb.number, id: hex::encode(release::id(&prev.release)), log: pb.log.clone() };
        if rb.previous.as_ref() != Some(&expected) {
            errors.push(mismatch(format!(
                "release {} does not name this release {} as its predecessor",
                rb.number, pb.number
            )));
        }
        if rb.issued_at < pb.issued_at {
            errors.push(mismatch("this release is dated before the previous one".into()));
        }
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

/// Verifies the bundle read from `reader` and, given one, checks it against the previous
/// release read from `previous`, with the verdicts of [`crate::check::check`]: a bundle that
/// cannot be read gives a report with its one failure (`malformed`, `unsupported-format` or
/// `too-large`); a previous release that cannot be read is a `previous-invalid` failure.
pub fn verify_reader<R: Read>(
    reader: R,
    previous: Option<&mut dyn Read>,
    seed: &[u8; 32],
    opts: &Options<'_>,
) -> VerificationReport {
    let mut cur = match verify_stream(reader, seed, opts) {
        Ok(v) => v,
        Err(e) => return VerificationReport::unreadable(&e),
    };
    if let Some(p) = previous {
        let popts = Options { entries: false, ..*opts };
        match verify_stream(p, seed, &popts) {
            Ok(prev) => cur.check_previous(&prev),
            Err(e) => {
                cur.report.errors.push(
                    Failure::new(Code::PreviousInvalid, format!("the previous release could not be read: {}", e.message))
                        .at("previous"),
                );
                cur.report.valid = false;
            }
        }
    }
    cur.report
}

/// Reads and verifies one bundle (§10.2). `seed` feeds the batch verifier's coefficients (pass
/// fresh randomness); the verdicts never depend on it.
pub fn verify_stream<R: Read>(reader: R, seed: &[u8; 32], opts: &Options<'_>) -> Result<Verified, ParseError> {
    let cap = opts.max_bytes.min(bundle::MAX_BYTES);
    let mut counting = Counting {
        inner: reader,
        read: 0,
        cap,
        over: false,
        content: false,
        next_report: 0,
        progress: opts.progress,
    };
    let threads = match opts.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        t => t,
    };
    let batch = if opts.batch == 0 { DEFAULT_BATCH } else { opts.batch };
    let mut st = Top {
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
        let buf = BufReader::with_capacity(1 << 20, (&head[..got]).chain(&mut counting));
        let mut de = serde_json::Deserializer::from_reader(buf);
        let r = (&mut de).deserialize_any(TopVisitor { st: &mut st });
        r.and_then(|()| de.end())
    };
    if let Err(e) = parsed {
        let err = if e.is_io() && !counting.over {
            ParseError::new(Code::Malformed, format!("cannot read this bundle: {e}"))
        } else if !counting.content {
            ParseError::new(Code::Malformed, "this bundle is empty")
        } else {
            ParseError::new(Code::Malformed, format!("this is not a valid bundle: {e}"))
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
    progress: Option<&'a dyn Fn(u64)>,
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
        if let Some(p) = self.progress {
            if self.read >= self.next_report || n == 0 {
                p(self.read);
                self.next_report = self.read + (1 << 20);
            }
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
    Buffered(Vec<Box<RawValue>>),
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
struct Top {
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
    /// A part of the input is not even valid JSON for a generic parser (too deep, a number out
    /// of range), so a format other than ours cannot be recognized: `malformed`.
    invalid: bool,
}

impl Top {
    fn typed_error(&mut self, m: impl Into<String>) {
        if self.typed.is_none() {
            self.typed = Some(m.into());
        }
    }

    /// A member's raw value that the strict parse refused: is it still valid JSON for a generic
    /// parser at this depth?
    fn refused(&mut self, raw: &RawValue, base_depth: usize, e: serde_json::Error) {
        self.typed_error(e.to_string());
        if !value_valid(raw.get(), base_depth) {
            self.invalid = true;
        }
    }

    fn typed<T: serde::de::DeserializeOwned>(&mut self, raw: &RawValue) -> Option<T> {
        match serde_json::from_str::<T>(raw.get()) {
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

    /// One member of the top-level object (or element of the top-level array), by name.
    /// Returns false when a top-level array has no more elements.
    fn member<'de, S: Source<'de>>(&mut self, name: &str, src: &mut S, dup_check: bool) -> Result<bool, S::Error> {
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
                let Some(raw) = src.value(PhantomData::<Box<RawValue>>)? else { return Ok(false) };
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
                    if src.value(PhantomData::<Skip>)?.is_none() {
                        return Ok(false);
                    }
                    if !dup {
                        self.entries = EntriesState::Skipped;
                    }
                } else if let (Some(versions), Some(release)) = (&self.versions, &self.release) {
                    let mut report = VerificationReport::default();
                    let mut errors = Vec::new();
                    let header = bundle::verify_header(versions, release, &mut report, &mut errors);
                    let ctx = self.ctx(&header, release);
                    let mut not_a_list = None;
                    let mut present = true;
                    let (res, collected) = run_pipeline(&ctx, |sink| {
                        match src.value(EntriesSeed { sink })? {
                            None => present = false,
                            Some(r) => not_a_list = r,
                        }
                        Ok(())
                    });
                    res?;
                    if !present {
                        return Ok(false);
                    }
                    if let Some(m) = not_a_list {
                        self.typed_error(m);
                    }
                    self.entries = EntriesState::Streamed(Box::new(Streamed { header, report, errors, collected }));
                } else {
                    let mut raws = Vec::new();
                    let r = src.value(EntriesSeed { sink: &mut |raw| raws.push(raw) })?;
                    match r {
                        None => return Ok(false),
                        Some(Some(m)) => self.typed_error(m),
                        Some(None) => {}
                    }
                    self.entries = EntriesState::Buffered(raws);
                }
            }
            "signed" => {
                self.typed_error(unknown_field(name));
                match src.value(PhantomData::<SignedProbe>)? {
                    Some(p) => self.signed_format = Some(p.0),
                    None => return Ok(false),
                }
            }
            _ => {
                self.typed_error(unknown_field(name));
                if src.value(PhantomData::<Skip>)?.is_none() {
                    return Ok(false);
                }
            }
        }
        Ok(true)
    }

    fn ctx<'h>(&self, header: &'h Header, release: &Release) -> Ctx<'h> {
        Ctx {
            header,
            seed: self.seed,
            entries: self.want_entries,
            threads: self.threads.max(1),
            batch: self.batch.max(1),
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
                        raws.into_iter().for_each(|raw| sink(raw));
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
        if let Some(m) = self.typed.take() {
            if self.invalid {
                return Err(ParseError::new(Code::Malformed, format!("this is not a valid bundle: {m}")));
            }
            let claimed = match &self.last_format {
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
        let (Some(release), EntriesState::Streamed(s)) = (self.release, self.entries) else {
            return Err(unreachable());
        };
        Ok(assemble(*s, release))
    }
}

fn unknown_field(name: &str) -> String {
    format!(
        "unknown field `{name}`, expected one of `format`, `type`, `statement_versions`, `release`, `entries`"
    )
}

/// Where the next member's value comes from: the top-level object or the top-level array.
trait Source<'de> {
    type Error: de::Error;
    fn value<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Self::Error>;
}

struct MapSource<A>(A);
struct SeqSource<A>(A);

impl<'de, A: MapAccess<'de>> Source<'de> for MapSource<A> {
    type Error = A::Error;
    fn value<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, A::Error> {
        self.0.next_value_seed(seed).map(Some)
    }
}

impl<'de, A: SeqAccess<'de>> Source<'de> for SeqSource<A> {
    type Error = A::Error;
    fn value<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(seed)
    }
}

struct TopVisitor<'s> {
    st: &'s mut Top,
}

impl<'de> Visitor<'de> for TopVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a bundle object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            let mut src = MapSource(map);
            self.st.member(&key, &mut src, true)?;
            map = src.0;
        }
        Ok(())
    }

    /// serde's derived `Deserialize` also reads a struct from an array of its fields in order.
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        let mut src = SeqSource(seq);
        for (i, name) in MEMBERS.iter().enumerate() {
            if !self.st.member(name, &mut src, false)? {
                self.st.typed_error(format!("invalid length {i}, expected struct Bundle with 5 elements"));
                // The strict parse fails; no more members will be missing.
                self.st.seen = [true; 5];
                break;
            }
        }
        Ok(())
    }
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

/// The `entries` member: each element handed to `sink` as raw JSON. Its value is `None` for a
/// list, else the strict parse's complaint.
struct EntriesSeed<'s> {
    sink: &'s mut dyn FnMut(Box<RawValue>),
}

impl<'de> DeserializeSeed<'de> for EntriesSeed<'_> {
    type Value = Option<String>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for EntriesSeed<'_> {
    type Value = Option<String>;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a list of entries")
    }
    accept_scalars!(Some("invalid type: expected a sequence of entries".into()));
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Some("invalid type: string, expected a sequence of entries".into()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while let Some(raw) = seq.next_element::<Box<RawValue>>()? {
            (self.sink)(raw);
        }
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_key::<Skip>()?.is_some() {
            map.next_value::<Skip>()?;
        }
        Ok(Some("invalid type: map, expected a sequence of entries".into()))
    }
}

/// Whether `raw` (syntactically valid JSON, as a `RawValue` is) nested `base_depth` levels deep
/// would be accepted by a generic parser such as `serde_json::Value`'s: nesting within its limit
/// of 127 containers, numbers in range.
fn value_valid(raw: &str, base_depth: usize) -> bool {
    let (mut depth, mut max, mut in_str, mut esc) = (0usize, 0usize, false, false);
    for &b in raw.as_bytes() {
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
    base_depth + max <= 127 && serde_json::from_str::<Skip>(raw).is_ok()
}

// ---------------------------------------------------------------------------------------------
// The pipeline: batches of raw entries → workers → in-order collector.

struct Ctx<'h> {
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

struct Batch {
    seq: u64,
    first: u64,
    raws: Vec<Box<RawValue>>,
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
struct Item {
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

struct Done {
    seq: u64,
    first: u64,
    items: Vec<Item>,
    typed: Option<(u64, String)>,
    invalid: bool,
}

/// Compact per-entry state kept for the log rules.
#[derive(Clone, Copy, Default)]
struct Info {
    flags: u8,
    country: [u8; 2],
}

#[derive(Default)]
struct Collected {
    root: [u8; 32],
    prefix_root: Option<[u8; 32]>,
    ids: Vec<[u8; 32]>,
    keys: Vec<[u8; 32]>,
    info: Vec<Info>,
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
    ctx: &Ctx<'_>,
    produce: impl FnOnce(&mut dyn FnMut(Box<RawValue>)) -> Result<(), E>,
) -> (Result<(), E>, Collected) {
    let (batch_tx, batch_rx) = mpsc::sync_channel::<Batch>(ctx.threads * 2);
    let batch_rx = Mutex::new(batch_rx);
    let (done_tx, done_rx) = mpsc::sync_channel::<Done>(ctx.threads * 2);
    std::thread::scope(|s| {
        for _ in 0..ctx.threads {
            let done_tx = done_tx.clone();
            let rx = &batch_rx;
            s.spawn(move || loop {
                let next = match rx.lock() {
                    Ok(guard) => guard.recv(),
                    Err(_) => return,
                };
                let Ok(batch) = next else { return };
                if done_tx.send(process_batch(ctx, batch)).is_err() {
                    return;
                }
            });
        }
        drop(done_tx);
        let collector = s.spawn(move || collect(ctx, done_rx));

        let mut batch: Vec<Box<RawValue>> = Vec::with_capacity(ctx.batch);
        let (mut seq, mut first) = (0u64, 0u64);
        let mut send = |raws: Vec<Box<RawValue>>| {
            let len = raws.len() as u64;
            // A send fails only if every worker is gone, which a panic would report below.
            let _ = batch_tx.send(Batch { seq, first, raws });
            seq += 1;
            first += len;
        };
        let res = produce(&mut |raw| {
            batch.push(raw);
            if batch.len() >= ctx.batch {
                send(std::mem::replace(&mut batch, Vec::with_capacity(ctx.batch)));
            }
        });
        if !batch.is_empty() {
            send(batch);
        }
        drop(send);
        drop(batch_tx);
        let collected = match collector.join() {
            Ok(c) => c,
            Err(p) => std::panic::resume_unwind(p),
        };
        (res, collected)
    })
}

fn collect(ctx: &Ctx<'_>, rx: mpsc::Receiver<Done>) -> Collected {
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
    let mut waiting: BTreeMap<u64, Done> = BTreeMap::new();
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
                c.info.push(Info { flags: item.flags, country: item.country });
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

fn process_batch(ctx: &Ctx<'_>, batch: Batch) -> Done {
    let mut items: Vec<Item> = Vec::with_capacity(batch.raws.len());
    // Signatures to check: (item, key, signature, message).
    let mut pending: Vec<(usize, [u8; 32], [u8; 64], Vec<u8>)> = Vec::with_capacity(batch.raws.len());
    let mut typed = None;
    let mut invalid = false;
    for (k, raw) in batch.raws.iter().enumerate() {
        let entry = match serde_json::from_str::<Entry>(raw.get()) {
            Ok(e) => e,
            Err(e) => {
                if typed.is_none() {
                    typed = Some((batch.first + k as u64, e.to_string()));
                }
                // An entry is inside the top-level object and the `entries` list.
                invalid |= !value_valid(raw.get(), 2);
                ctx.cancel.store(true, Ordering::Relaxed);
                items.push(Item::none());
                continue;
            }
        };
        if ctx.cancel.load(Ordering::Relaxed) {
            items.push(Item::none());
            continue;
        }
        let (item, sig) = entry_item(ctx, &entry, batch.first + k as u64);
        if let Some((key, sig, msg)) = sig {
            pending.push((k, key, sig, msg));
        }
        items.push(item);
    }
    drop(batch.raws);
    if !pending.is_empty() {
        let refs: Vec<ed25519::Item<'_>> =
            pending.iter().map(|(_, key, sig, msg)| ed25519::Item { key, sig, msg }).collect();
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
    Done { seq: batch.seq, first: batch.first, items, typed, invalid }
}

type Signature = ([u8; 32], [u8; 64], Vec<u8>);

impl Item {
    fn none() -> Item {
        Item { id: [0; 32], key: [0; 32], flags: 0, country: [0; 2], target: None, errors: Vec::new(), report: None }
    }
}

/// Checks 7–8 of one entry, its id and the signature to verify.
fn entry_item(ctx: &Ctx<'_>, entry: &Entry, index: u64) -> (Item, Option<Signature>) {
    let mut errors = Vec::new();
    bundle::entry_checks(entry, ctx.header, &mut errors);
    let (context, tag, key_hex, sig_hex) = match entry {
        Entry::Endorsement(e) => (endorsement::CONTEXT, "endorsement", &e.signed.signer.public_key, &e.signature),
        Entry::Withdrawal(w) => (withdrawal::CONTEXT, "withdrawal", &w.signed.signer_key, &w.signature),
    };
    // The signed message is CONTEXT || 0x00 || JCS(body); the entry's canonical form is
    // {"<tag>":{"signature":"…","signed":JCS(body)}}, hashed as the Merkle leaf (§4).
    let mut msg = Vec::with_capacity(context.len() + 1 + 640);
    msg.extend_from_slice(context.as_bytes());
    msg.push(0);
    match entry {
        Entry::Endorsement(e) => jcs_endorsement(&e.signed, &mut msg),
        Entry::Withdrawal(w) => jcs_withdrawal(&w.signed, &mut msg),
    }
    let body = &msg[context.len() + 1..];
    let mut h = Sha256::new();
    h.update([0u8, b'{', b'"']);
    h.update(tag.as_bytes());
    h.update(b"\":{\"signature\":");
    let mut sig_json = Vec::with_capacity(sig_hex.len() + 2);
    jcs_str(sig_hex, &mut sig_json);
    h.update(&sig_json);
    h.update(b",\"signed\":");
    h.update(body);
    h.update(b"}}");
    let id: [u8; 32] = h.finalize().into();

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
        Ok((k, s)) => Some((k, s, msg)),
    };
    let mut item = Item { id, key, flags: key_flag, country: [0; 2], target: None, errors, report: None };
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
                    version: None,
                    errors: Vec::new(),
                }));
            }
        }
    }
    (item, sig)
}

// ---------------------------------------------------------------------------------------------
// Canonical JSON of the two entry bodies, written directly (the same bytes as `to_jcs`, which
// goes through a `serde_json::Value`; a test checks that they agree).

fn jcs_str(s: &str, out: &mut Vec<u8>) {
    // serde_json escapes strings exactly as RFC 8785 does (see `canonical::to_jcs`).
    if let Err(e) = serde_json::to_writer(&mut *out, s) {
        unreachable!("writing a string to memory cannot fail: {e}");
    }
}

fn jcs_u64(n: u64, out: &mut Vec<u8>) {
    out.extend_from_slice(n.to_string().as_bytes());
}

fn jcs_key(k: &str, out: &mut Vec<u8>, first: &mut bool) {
    out.push(if *first { b'{' } else { b',' });
    *first = false;
    out.push(b'"');
    out.extend_from_slice(k.as_bytes());
    out.extend_from_slice(b"\":");
}

fn jcs_endorsement(b: &EndorsementBody, out: &mut Vec<u8>) {
    // Members sorted by name: format, signed_at, signer, statement, type.
    let mut first = true;
    jcs_key("format", out, &mut first);
    jcs_str(&b.format, out);
    jcs_key("signed_at", out, &mut first);
    jcs_str(&b.signed_at, out);
    jcs_key("signer", out, &mut first);
    {
        // affiliation, country, kind, name, public_key, title, website.
        let s = &b.signer;
        let mut first = true;
        if let Some(a) = &s.affiliation {
            jcs_key("affiliation", out, &mut first);
            jcs_str(a, out);
        }
        jcs_key("country", out, &mut first);
        jcs_str(&s.country, out);
        jcs_key("kind", out, &mut first);
        jcs_str(s.kind.as_str(), out);
        jcs_key("name", out, &mut first);
        jcs_str(&s.name, out);
        jcs_key("public_key", out, &mut first);
        jcs_str(&s.public_key, out);
        if let Some(t) = &s.title {
            jcs_key("title", out, &mut first);
            jcs_str(t, out);
        }
        if let Some(w) = &s.website {
            jcs_key("website", out, &mut first);
            jcs_str(w, out);
        }
        out.push(b'}');
    }
    jcs_key("statement", out, &mut first);
    {
        // digest, id, lead_key, version.
        let s = &b.statement;
        let mut first = true;
        jcs_key("digest", out, &mut first);
        jcs_str(&s.digest, out);
        jcs_key("id", out, &mut first);
        jcs_str(&s.id, out);
        jcs_key("lead_key", out, &mut first);
        jcs_str(&s.lead_key, out);
        jcs_key("version", out, &mut first);
        jcs_u64(s.version, out);
        out.push(b'}');
    }
    jcs_key("type", out, &mut first);
    jcs_str(&b.kind, out);
    out.push(b'}');
}

fn jcs_withdrawal(b: &WithdrawalBody, out: &mut Vec<u8>) {
    // endorsement, format, signer_key, statement, type, withdrawn_at.
    let mut first = true;
    jcs_key("endorsement", out, &mut first);
    jcs_str(&b.endorsement, out);
    jcs_key("format", out, &mut first);
    jcs_str(&b.format, out);
    jcs_key("signer_key", out, &mut first);
    jcs_str(&b.signer_key, out);
    jcs_key("statement", out, &mut first);
    {
        let mut first = true;
        jcs_key("id", out, &mut first);
        jcs_str(&b.statement.id, out);
        jcs_key("lead_key", out, &mut first);
        jcs_str(&b.statement.lead_key, out);
        out.push(b'}');
    }
    jcs_key("type", out, &mut first);
    jcs_str(&b.kind, out);
    jcs_key("withdrawn_at", out, &mut first);
    jcs_str(&b.withdrawn_at, out);
    out.push(b'}');
}

// ---------------------------------------------------------------------------------------------
// After the stream: the log rules and the report.

fn prefix8(b: &[u8; 32]) -> u64 {
    let mut p = [0u8; 8];
    p.copy_from_slice(&b[..8]);
    u64::from_be_bytes(p)
}

/// Sorts `v` (whose elements start with an 8-byte prefix of `full(e)` and an index) by
/// (`full(e)`, index): by prefix and index first, then runs with one prefix by the full value.
fn sort_by_full<T: Copy, K: Ord>(v: &mut [T], order: impl Fn(&T) -> (u64, u32), full: impl Fn(&T) -> K) {
    v.sort_unstable_by_key(&order);
    let mut i = 0;
    while i < v.len() {
        let p = order(&v[i]).0;
        let mut j = i + 1;
        while j < v.len() && order(&v[j]).0 == p {
            j += 1;
        }
        if j - i > 1 {
            v[i..j].sort_unstable_by(|a, b| full(a).cmp(&full(b)).then(order(a).1.cmp(&order(b).1)));
        }
        i = j;
    }
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
fn log_rules(ids: &[[u8; 32]], keys: &[[u8; 32]], info: &mut [Info], withdrawals: &[(u32, Option<[u8; 32]>)]) -> Vec<(u32, Failure)> {
    let n = ids.len();
    let mut out: Vec<(u32, Failure)> = Vec::new();

    // 1. Duplicates.
    let mut by_id: Vec<(u64, u32)> = (0..n as u32).map(|i| (prefix8(&ids[i as usize]), i)).collect();
    sort_by_full(&mut by_id, |e| *e, |e| ids[e.1 as usize]);
    for w in by_id.windows(2) {
        if ids[w[0].1 as usize] == ids[w[1].1 as usize] {
            let i = w[1].1;
            info[i as usize].flags |= F_DUPLICATE | F_LOG_ERR;
            out.push((i, Failure::new(Code::DuplicateEntry, "this entry already appears earlier in the log")));
        }
    }
    let first_occurrence = |id: &[u8; 32]| -> Option<u32> {
        let key = (prefix8(id), id);
        let at = by_id.partition_point(|e| (e.0, &ids[e.1 as usize]) < key);
        by_id.get(at).filter(|e| ids[e.1 as usize] == *id).map(|e| e.1)
    };

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

    // 3. One active endorsement per key. Events: (key prefix, index, withdrawn endorsement or
    // u32::MAX for an endorsement). A successful withdrawal has the key of its target.
    let mut events: Vec<(u64, u32, u32)> = Vec::with_capacity(n - withdrawals.len() + releases.len());
    for (i, inf) in info.iter().enumerate() {
        if inf.flags & (F_ENDORSEMENT | F_DUPLICATE | F_KEY_HEX) == F_ENDORSEMENT | F_KEY_HEX {
            events.push((prefix8(&keys[i]), i as u32, u32::MAX));
        }
    }
    for &(w, j) in &releases {
        events.push((prefix8(&keys[j as usize]), w, j));
    }
    drop(releases);
    sort_by_full(&mut events, |e| (e.0, e.1), |e| keys[e.1 as usize]);
    let mut active: Option<u32> = None;
    for (k, &(_, i, j)) in events.iter().enumerate() {
        if k == 0 || keys[events[k - 1].1 as usize] != keys[i as usize] {
            active = None;
        }
        if j == u32::MAX {
            if let Some(a) = active {
                info[i as usize].flags |= F_LOG_ERR;
                out.push((
                    i,
                    Failure::new(Code::DuplicateSigner, format!("this key already endorsed at entry {a} and did not withdraw")),
                ));
            } else if info[i as usize].flags & F_PRE_OK != 0 {
                active = Some(i);
            }
        } else if active == Some(j) {
            active = None;
        }
    }
    out.sort_by_key(|e| e.0);
    out
}

/// The report of a bundle whose entries were all collected.
fn assemble(s: Streamed, release: Release) -> Verified {
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
        let mut by_id: Vec<(u64, u32)> = (0..n as u32).map(|i| (prefix8(&ids[i as usize]), i)).collect();
        sort_by_full(&mut by_id, |e| *e, |e| ids[e.1 as usize]);
        for (i, r) in reports.iter_mut().enumerate() {
            r.status = match status[i] & !ST_ENDORSEMENT {
                ST_ACTIVE => "active",
                ST_WITHDRAWN => "withdrawn",
                ST_WITHDRAWAL => "withdrawal",
                _ => "invalid",
            }
            .into();
        }
        let names: Vec<(usize, String)> = withdrawals
            .iter()
            .filter_map(|&(w, target)| {
                let target = target?;
                let at = by_id.partition_point(|e| (e.0, &ids[e.1 as usize]) < (prefix8(&target), &target));
                let j = by_id.get(at).filter(|e| ids[e.1 as usize] == target)?.1 as usize;
                (info[j].flags & F_ENDORSEMENT != 0).then(|| (w as usize, reports[j].name.clone()))
            })
            .collect();
        for (i, name) in names {
            reports[i].name = name;
        }
    }
    report.entries = reports;

    bundle::log_checks(&release.signed, n as u64, root, prefix_root, &computed, &mut errors);
    report.valid = errors.is_empty();
    report.errors = errors;
    Verified { report, release, ids, status }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::canonical::to_jcs;
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
            jcs_endorsement(&e, &mut out);
            prop_assert_eq!(&out, &to_jcs(&e));
            let w = WithdrawalBody {
                format: t[0].clone(),
                kind: t[1].clone(),
                statement: StatementRef { id: t[2].clone(), lead_key: t[4].clone() },
                endorsement: t[12].clone(),
                signer_key: t[13].clone(),
                withdrawn_at: t[14].clone(),
            };
            let mut out = Vec::new();
            jcs_withdrawal(&w, &mut out);
            prop_assert_eq!(&out, &to_jcs(&w));

            let header = Header { statement_id: String::new(), lead_key: String::new(), versions: HashMap::new() };
            let ctx = Ctx {
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
                let (item, _) = entry_item(&ctx, &entry, 0);
                prop_assert_eq!(item.id, entry.id());
            }
        }
    }
}
