//! The one way to verify a bundle (FORMAT.md §10.2 and §10.3): the command line's `verify`, the
//! app's Verify screen, `publish`, the store's release, and `check::check` (the vector test)
//! all call [`verify_bundle`], so every front end gives the same report for the same bytes.
//!
//! - The bundle is read once, as a stream, and checked on every core (the `stream` module).
//! - A bundle that cannot be read (`malformed`, `unsupported-format`, `too-large`) gives a report
//!   with that one failure, and [`Verification::readable`] is false (the command line exits 2).
//! - A previous release that cannot be read, whatever the reason (not JSON, empty, a byte order
//!   mark, an endorsement file, another format, a file that cannot be opened), is one
//!   `previous-invalid` failure added to the full report of the bundle, which is still checked
//!   (§10.3: "its failures are reported as `previous-invalid`"). So is a previous release that
//!   reads but does not verify; one of another statement is `previous-mismatch`.
//!
//! The reference verifier, `bundle::verify`, is what the tests hold this pipeline to; no front
//! end calls it.

use crate::bundle::VerificationReport;
use crate::decided::Decided;
use crate::error::{Code, Failure, ParseError};
use crate::release::Release;
use crate::report::{EntryReport, ShownSigner};
use crate::statement::{Common, StatementVersion};
use crate::tier::TierReport;
use crate::{bundle11, stream, verify11, AnyVersion};
use std::io::Read;

pub use crate::stream::{default_batch, Options, Part, Scratch, ScratchRef, Step, DEFAULT_BATCH};

/// The previous release to check a bundle against (§10.3).
pub enum Previous<'a> {
    /// Its bytes, as a reader.
    Reader(&'a mut dyn Read),
    /// The caller could not even get its bytes (a file that does not exist, a folder): the
    /// reason, reported as `previous-invalid`.
    Unavailable(ParseError),
}

/// The outcome of [`verify_bundle`].
pub struct Verification {
    /// Every failure, the counts, and (with [`Options::entries`]) a line per entry.
    pub report: VerificationReport,
    /// Whether the bundle itself could be read as a bundle. When false, `report` holds the one
    /// reason and nothing else was checked.
    pub readable: bool,
    statement_versions: Vec<StatementVersion>,
    release: Option<Release>,
    /// A bundle of format 1.1: its statement versions (of either format) and the release it
    /// names as its previous, what the pages show of it (its entries are not kept).
    versions_1_1: Vec<AnyVersion>,
    previous_1_1: Option<crate::release::Previous>,
    /// What the log decided of each entry (its status, its pairs, its failures' places).
    decided: Decided,
}

impl Verification {
    /// The outcome for a bundle that could not be read at all: `e` is the one failure.
    pub fn unreadable(e: ParseError) -> Self {
        Verification {
            report: VerificationReport::unreadable(&e),
            readable: false,
            statement_versions: Vec::new(),
            release: None,
            versions_1_1: Vec::new(),
            previous_1_1: None,
            decided: Decided::default(),
        }
    }

    /// The exit status of FORMAT.md §13: 0 valid, 1 failures found, 2 unreadable.
    pub fn exit_code(&self) -> u8 {
        match (self.readable, self.report.valid) {
            (false, _) => 2,
            (true, false) => 1,
            (true, true) => 0,
        }
    }

    /// The statement versions the bundle carries (empty when it could not be read).
    pub fn statement_versions(&self) -> &[StatementVersion] {
        &self.statement_versions
    }

    /// The bundle's release manifest (none when it could not be read, or is of format 1.1).
    pub fn release(&self) -> Option<&Release> {
        self.release.as_ref()
    }

    /// What the pages show of each statement version the bundle carries, of either format, in
    /// the bundle's order (empty when it could not be read).
    pub fn versions(&self) -> Vec<Common<'_>> {
        if self.versions_1_1.is_empty() {
            self.statement_versions.iter().map(|v| v.signed.common()).collect()
        } else {
            self.versions_1_1.iter().map(AnyVersion::body).collect()
        }
    }

    /// The number and id of the release this one names as its previous, if any (§10.1, §14.5).
    pub fn previous_release(&self) -> Option<(u64, &str)> {
        let p = self.release.as_ref().map_or(self.previous_1_1.as_ref(), |r| r.signed.previous.as_ref());
        p.map(|p| (p.number, p.id.as_str()))
    }

    /// The status of entry `index` as [`EntryReport::status`] names it (`active`, `withdrawn`,
    /// `withdrawal`, `invalid`); none past the log's end or when the bundle could not be read.
    ///
    /// [`EntryReport::status`]: crate::report::EntryReport::status
    pub fn status(&self, index: u64) -> Option<&'static str> {
        self.decided.status(index)
    }

    /// Each withdrawal, valid or not, that names an endorsement of the log (in format 1.1, or a
    /// hidden entry), and that entry (the first of that id), as (withdrawal, entry) indexes in
    /// log order of the withdrawals: a withdrawal's line shows that entry's `name`.
    pub fn named(&self) -> impl Iterator<Item = (u64, u64)> + '_ {
        self.decided.named()
    }

    /// Makes an entry's own line, as [`Options::on_entry`] got it, the verifier's full line
    /// (as [`Options::entries`] without `on_entry` gives it): its status and failures, a
    /// withdrawal's name, a withdrawn entry's date, and in format 1.1 a revealed hidden entry's
    /// signer, a tier, a hidden entry's vouchers. `other(j)` is entry j's own line, asked for the
    /// entries paired with this one ([`Verification::named`], [`Verification::withdrawn_by`]);
    /// of it only a name and a date are read, which completing a line never changes. The
    /// failures are those of [`Verification::report`] as the verification left them.
    pub fn complete(&self, line: &mut EntryReport, other: &dyn Fn(u64) -> Option<EntryReport>) {
        self.decided.complete(&self.report.errors, line, other)
    }

    /// The valid withdrawal that withdrew entry `index`, if one did.
    pub fn withdrawn_by(&self, index: u64) -> Option<u64> {
        self.decided.withdrawn_by(index)
    }

    /// Format 1.1: the signer whose reveal revealed hidden entry `index` (what its line shows).
    pub fn revealed(&self, index: u64) -> Option<&ShownSigner> {
        self.decided.revealed(index)
    }

    /// Format 1.1: the tier of entry `index`, of kind `kind` (its line's), as its line gives it.
    pub fn tier(&self, index: u64, kind: &str) -> Option<TierReport> {
        self.decided.tier(index, kind)
    }

    /// Format 1.1: the vouchers of entry `index`, of kind `kind`, as its line gives them.
    pub fn vouchers(&self, index: u64, kind: &str) -> Option<u64> {
        self.decided.vouchers(index, kind)
    }
}

/// Verifies the bundle read from `bundle` (§10.2) and, if given, checks it against the previous
/// release (§10.3). `seed` feeds the batch verifier's coefficients: pass fresh randomness (the
/// verdict never depends on it; a seed known in advance only weakens the batch fast path).
pub fn verify_bundle<R: Read>(
    bundle: R,
    previous: Option<Previous<'_>>,
    seed: &[u8; 32],
    opts: &Options<'_>,
) -> Verification {
    let on_bundle = |n: u64| {
        if let Some(p) = opts.progress {
            p(Part::Bundle, Step::Read(n))
        }
    };
    let on_line = if opts.entries { opts.on_entry } else { None };
    let early = verify11::Streamed::new(seed, opts.entries, on_line);
    let mut cur = match stream::verify_stream(bundle, seed, opts, &on_bundle, Some(&early)) {
        Ok(stream::Outcome::V1(v)) => v,
        Ok(stream::Outcome::V11(doc)) => {
            let early = early.finish(doc.entries());
            return verify_1_1(doc, early, previous, seed, opts);
        }
        Err(e) => return Verification::unreadable(e),
    };
    let unreadable_previous = |e: ParseError| {
        Failure::new(Code::PreviousInvalid, format!("the previous release could not be read: {}", e.message))
            .at("previous")
    };
    match previous {
        None => {}
        Some(Previous::Unavailable(e)) => cur.fail(unreadable_previous(e)),
        Some(Previous::Reader(reader)) => {
            let on_previous = |n: u64| {
                if let Some(p) = opts.progress {
                    p(Part::Previous, Step::Read(n))
                }
            };
            let popts = Options { entries: false, ..*opts };
            match stream::verify_stream(reader, seed, &popts, &on_previous, None) {
                Ok(stream::Outcome::V1(prev)) => cur.check_previous(&prev),
                // A format 1 release never names a 1.1 one (§14.11).
                Ok(stream::Outcome::V11(_)) => cur.fail(unreadable_previous(ParseError::new(
                    Code::UnsupportedFormat,
                    "it is a bundle of format 1.1, which a release of format 1 cannot follow",
                ))),
                Err(e) => cur.fail(unreadable_previous(e)),
            }
        }
    }
    let (report, statement_versions, release, status, named) = cur.into_parts();
    let decided = Decided::new(status, named, None, &report.errors);
    Verification {
        report,
        readable: true,
        statement_versions,
        release: Some(release),
        versions_1_1: Vec::new(),
        previous_1_1: None,
        decided,
    }
}

/// The previous release of bundle 1.1 `b`, of either format, verified on its own as it is read:
/// what §14.11 compares. An error when it cannot be read as a bundle.
fn previous_facts(
    b: &bundle11::Bundle,
    reader: &mut dyn Read,
    seed: &[u8; 32],
    opts: &Options<'_>,
) -> Result<verify11::PreviousFacts, ParseError> {
    let on_previous = |n: u64| {
        if let Some(p) = opts.progress {
            p(Part::Previous, Step::Read(n))
        }
    };
    let popts = Options { entries: false, ..*opts };
    let early = verify11::Streamed::new(seed, false, None);
    match stream::verify_stream(reader, seed, &popts, &on_previous, Some(&early))? {
        stream::Outcome::V1(v) => {
            let ids = v.ids().map_err(|e| ParseError::new(Code::Malformed, format!("cannot read it back: {e}")))?;
            let (report, versions, release, status, _) = v.into_parts();
            Ok(verify11::PreviousFacts::new(b, (&release.view(), &versions), &report, ids, status))
        }
        stream::Outcome::V11(doc) => {
            let done = |p: &bundle11::Bundle, done: verify11::Verified| {
                verify11::PreviousFacts::new(
                    b,
                    (&p.release.view(), &p.statement_versions),
                    &done.report,
                    done.ids,
                    done.decided.status,
                )
            };
            let steps = |s| {
                if let Some(p) = opts.progress {
                    p(Part::Previous, s)
                }
            };
            if let Some(header) = doc.header() {
                if let Some(gathered) = early.finish(doc.entries()).gathered {
                    let n = gathered.len() as u64;
                    if n > 0 {
                        steps(Step::Checked { done: n, of: n });
                    }
                    return Ok(done(&header, verify11::decide(&header, gathered, None, seed)));
                }
                let read_run = |range| read_run(&doc, range);
                let len = doc.entries().len();
                if let Some(v) = verify11::verify_raw(&header, len, &read_run, None, seed, None, &steps) {
                    return Ok(done(&header, v));
                }
            }
            let p = doc.parse()?;
            let v = verify11::verify_with(&p, None, seed, None, &steps);
            Ok(done(&p, v))
        }
    }
}

/// Entries `range` of a bundle 1.1 as read, none when one does not read (or cannot be read
/// back).
fn read_run(doc: &stream::Doc11<'_>, range: std::ops::Range<usize>) -> Option<Vec<bundle11::Entry>> {
    let mut run = Vec::with_capacity(range.len());
    let mut all = true;
    doc.entries()
        .each(range, |raw| match bundle11::read_entry(raw) {
            Some(e) if all => run.push(e),
            _ => all = false,
        })
        .ok()?;
    all.then_some(run)
}

/// A bundle of format 1.1 (FORMAT.md §14.10, §14.11), verified by `verify11`: its members read
/// as the reference reads them, its entries checked a run at a time on every core (as they were
/// read, `early`, when its other members came first; else read back once the bundle was read),
/// their text set aside only for the fallback; when any part does not read, the whole document,
/// for the reference's verdict.
/// The previous release, of either format, is read whole. The report has the 1.1 part
/// (`format_1_1`); the versions and previous release are kept for the pages
/// ([`Verification::versions`], [`Verification::previous_release`]), the entries are not.
fn verify_1_1(
    doc: stream::Doc11<'_>,
    early: verify11::Early,
    previous: Option<Previous<'_>>,
    seed: &[u8; 32],
    opts: &Options<'_>,
) -> Verification {
    /// The bundle: without its entries (read later from the document), or read whole.
    enum Read<'a> {
        Parts(bundle11::Bundle, stream::Doc11<'a>),
        Whole(bundle11::Bundle),
    }
    let read = match doc.header() {
        Some(header) => Read::Parts(header, doc),
        None => match doc.parse() {
            Ok(b) => Read::Whole(b),
            Err(e) => return Verification::unreadable(e),
        },
    };
    let unreadable_previous = |e: ParseError| {
        Failure::new(Code::PreviousInvalid, format!("the previous release could not be read: {}", e.message))
            .at("previous")
    };
    let this = match &read {
        Read::Parts(header, _) | Read::Whole(header) => header,
    };
    // The previous release, of either format, read as a stream and verified on its own, its
    // entries never held (§14.11).
    let mut extra = None;
    let prev = match previous {
        None => None,
        Some(Previous::Unavailable(e)) => {
            extra = Some(unreadable_previous(e));
            None
        }
        Some(Previous::Reader(reader)) => match previous_facts(this, reader, seed, opts) {
            Ok(facts) => Some(facts),
            Err(e) => {
                extra = Some(unreadable_previous(e));
                None
            }
        },
    };
    let prev = prev.as_ref();
    // The lines, when wanted: each entry's own line as it is read, handed to `on_entry` (which
    // `Verification::complete` completes) or kept, and completed once the log is decided.
    // Should the entries checked as they were read, or read back as parts, fail after some
    // runs (one that does not read, a scratch file that cannot be read back) and the whole
    // document then read, its lines already handed on are not handed on again.
    let verify11::Early { gathered, mut kept, lines } = early;
    let mut next = lines as u64;
    let mut sink = |line: EntryReport| {
        if line.index < next {
            return;
        }
        next = line.index + 1;
        match opts.on_entry {
            Some(on_entry) => on_entry(line),
            None => kept.push(line),
        }
    };
    let steps = |s| {
        if let Some(p) = opts.progress {
            p(Part::Bundle, s)
        }
    };
    let (b, done) = match read {
        Read::Whole(b) => {
            let done = verify11::verify_with(&b, prev, seed, opts.entries.then_some(&mut sink), &steps);
            (b, done)
        }
        // Its entries checked as they were read.
        Read::Parts(header, _) if gathered.is_some() => {
            let gathered = gathered.unwrap_or_default();
            let n = gathered.len() as u64;
            if n > 0 {
                steps(Step::Checked { done: n, of: n });
            }
            let done = verify11::decide(&header, gathered, prev, seed);
            (header, done)
        }
        Read::Parts(header, doc) => {
            let read_run = |range| read_run(&doc, range);
            match verify11::verify_raw(
                &header,
                doc.entries().len(),
                &read_run,
                prev,
                seed,
                opts.entries.then_some(&mut sink),
                &steps,
            ) {
                Some(done) => (header, done),
                None => match doc.parse() {
                    Ok(b) => {
                        let done = verify11::verify_with(&b, prev, seed, opts.entries.then_some(&mut sink), &steps);
                        (b, done)
                    }
                    Err(e) => return Verification::unreadable(e),
                },
            }
        }
    };
    let verify11::Verified { mut report, mut decided, .. } = done;
    if let (Some(own), Some(x)) = (opts.own_witnesses, report.format_1_1.as_mut()) {
        x.own_witnesses = Some(verify11::own_witnesses(&b, own));
    }
    if let Some(f) = extra {
        report.errors.push(f);
        report.valid = false;
        decided.index(&report.errors);
    }
    verify11::complete_lines(&decided, &report.errors, &mut kept);
    report.entries = kept;
    Verification {
        report,
        readable: true,
        statement_versions: Vec::new(),
        release: None,
        versions_1_1: b.statement_versions,
        previous_1_1: b.release.signed.previous,
        decided,
    }
}
