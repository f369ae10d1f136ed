//! Verifying a bundle 1.1 (FORMAT.md §14.10) and a release 1.1 against the previous release of
//! either format (§14.11). Checks 1–3 and 4–5 are format 1's (`release_checks.rs`), the entries'
//! field rules are each kind's own; what is new to 1.1 is here: the log rules of five kinds
//! (checks 9–13), the ten counts (6), the checkpoint (14–18, `checkpoint.rs`) and the evidence
//! (19–21).
//!
//! The entries are read a run at a time, on every core, and never held together:
//! 1. each entry's own checks (7–8), its id and what the log rules, the evidence and the counts
//!    need of it ([`Facts`], about a hundred bytes), and, when the lines are wanted, its own
//!    line, handed on in log order; the entry is then dropped;
//! 2. the log rules, the evidence, the counts and the statuses, over those, and what they decide
//!    of each line ([`Decided`]), which completes the lines handed on.
//!
//! [`verify`] reads the entries of a [`Bundle`]; the pipeline (`verify.rs`) reads each entry's
//! JSON as it was read from the bundle, so that the same rules give the same report either way:
//! as the stream reads them (`Streamed`) when the bundle's other members come first, else a
//! run at a time once the whole bundle is read (`verify_raw`).

use crate::attestation;
use crate::bundle::{self, decode_key_sig, statement_check};
use crate::bundle11::{AnyVersion, Bundle, Entry};
use crate::canonical::hex_array;
use crate::checkpoint::{self, Fault};
use crate::decided::{Decided, Decided11};
use crate::ed25519;
use crate::endorsement::{self, SignerKind};
use crate::error::{Code, Failure};
use crate::fields;
use crate::hidden;
use crate::release11::{evidence_digest, Counts};
use crate::release_checks::{log_checks, previous_release_checks, verify_header, Header, ReleaseView, VersionView};
use crate::report::{EntryReport, PreviousInfo, Report11, ShownSigner, VerificationReport, WitnessInfo, WitnessReport};
use crate::statement::sig_failure;
use crate::stream::{status_byte, status_name, RunChecks, Step};
use crate::tier::{self, Tier, TierReport};
use crate::{statement11, withdrawal};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};

/// The previous release a bundle 1.1 is checked against (§14.11): of either format.
#[derive(Clone, Copy)]
pub enum PreviousBundle<'a> {
    V1(&'a bundle::Bundle),
    V11(&'a Bundle),
}

/// Reads the entries `range` of a log from where they are kept (none when one does not read).
pub(crate) type ReadRun<'a> = &'a (dyn Fn(Range<usize>) -> Option<Vec<Entry>> + Sync);

/// The previous release as §14.11 compares it, verified on its own (by the caller).
pub(crate) struct PreviousFacts {
    /// Its failures against this release ([`previous_release_checks`]).
    pub errors: Vec<Failure>,
    pub ids: Vec<[u8; 32]>,
    /// Each entry's status (`stream::status_byte`).
    pub status: Vec<u8>,
    pub issued_at: String,
    pub number: u64,
}

impl PreviousFacts {
    /// The facts of a previous release verified on its own (its manifest and statement
    /// versions, its report, its entries' ids and statuses), against bundle `b`.
    pub(crate) fn new<P: VersionView>(
        b: &Bundle,
        (release, versions): (&ReleaseView<'_>, &[P]),
        report: &VerificationReport,
        ids: Vec<[u8; 32]>,
        status: Vec<u8>,
    ) -> Self {
        PreviousFacts {
            errors: previous_release_checks((&b.release.view(), &b.statement_versions), (release, versions), report),
            ids,
            status,
            issued_at: release.head.issued_at.to_owned(),
            number: release.head.number,
        }
    }
}

/// [`PreviousFacts`] of a previous release held whole (the reference's way), against bundle `b`.
fn previous_bundle(prev: PreviousBundle<'_>, b: &Bundle, seed: &[u8; 32]) -> PreviousFacts {
    let status = |r: &VerificationReport| r.entries.iter().map(|e| status_byte(&e.status)).collect();
    match prev {
        PreviousBundle::V1(p) => {
            let pr = bundle::verify(p, None, seed);
            let ids = p.entries.iter().map(|e| e.id()).collect();
            PreviousFacts::new(b, (&p.release.view(), &p.statement_versions), &pr, ids, status(&pr))
        }
        PreviousBundle::V11(p) => {
            let pr = verify(p, None, seed);
            let ids = p.entries.iter().map(Entry::id).collect();
            PreviousFacts::new(b, (&p.release.view(), &p.statement_versions), &pr, ids, status(&pr))
        }
    }
}

/// A verification of a bundle 1.1, for the pipeline.
pub(crate) struct Verified {
    pub report: VerificationReport,
    /// What the log decided of each entry, for its line (its failures indexed in `report`).
    pub decided: Decided,
    /// Each entry's id.
    pub ids: Vec<[u8; 32]>,
}

/// Verifies a bundle 1.1 under §14.10 and, given the previous release, §14.11, with a line per
/// entry. `seed` feeds the batch verifier's coefficients; no verdict depends on it.
pub fn verify(b: &Bundle, previous: Option<PreviousBundle<'_>>, seed: &[u8; 32]) -> VerificationReport {
    let previous = previous.map(|p| previous_bundle(p, b, seed));
    let mut lines = Vec::with_capacity(b.entries.len());
    let done = verify_with(b, previous.as_ref(), seed, Some(&mut |l| lines.push(l)), &|_| {});
    let mut report = done.report;
    complete_lines(&done.decided, &report.errors, &mut lines);
    report.entries = lines;
    report
}

/// Makes the own lines of a whole log, in log order, the verifier's full lines. An earlier line
/// is complete when a later one asks for it: [`Decided::complete`] reads only what completing
/// does not change.
pub(crate) fn complete_lines(decided: &Decided, errors: &[Failure], lines: &mut [EntryReport]) {
    for k in 0..lines.len() {
        let mut line = std::mem::take(&mut lines[k]);
        let other = |j: u64| usize::try_from(j).ok().and_then(|j| lines.get(j)).cloned();
        decided.complete(errors, &mut line, &other);
        lines[k] = line;
    }
}

/// [`verify`] against a previous release verified by the caller, each entry's own line handed to
/// `lines` in log order as it is read (none built without), for [`Decided::complete`];
/// `steps` told how far the entries are.
pub(crate) fn verify_with(
    b: &Bundle,
    previous: Option<&PreviousFacts>,
    seed: &[u8; 32],
    lines: Option<&mut dyn FnMut(EntryReport)>,
    steps: &dyn Fn(Step),
) -> Verified {
    let source = Source::Parsed(&b.entries);
    match verify_source(b, source, previous, seed, lines, steps) {
        Some(done) => done,
        // A bundle's entries are read already.
        None => Verified { report: VerificationReport::default(), decided: Decided::default(), ids: Vec::new() },
    }
}

/// [`verify_with`] of a bundle given as `header`, the bundle without its entries, and its
/// `len` entries, read by `read` a run at a time. None when an entry does not read:
/// [`Bundle::parse`] of the whole document then gives the verdict.
pub(crate) fn verify_raw(
    header: &Bundle,
    len: usize,
    read: ReadRun<'_>,
    previous: Option<&PreviousFacts>,
    seed: &[u8; 32],
    lines: Option<&mut dyn FnMut(EntryReport)>,
    steps: &dyn Fn(Step),
) -> Option<Verified> {
    verify_source(header, Source::Raw(len, read), previous, seed, lines, steps)
}

/// Where a verification reads the entries from.
#[derive(Clone, Copy)]
enum Source<'a> {
    Parsed(&'a [Entry]),
    Raw(usize, ReadRun<'a>),
}

impl Source<'_> {
    fn len(&self) -> usize {
        match self {
            Source::Parsed(e) => e.len(),
            Source::Raw(n, _) => *n,
        }
    }

    fn run(&self, range: Range<usize>) -> Option<Cow<'_, [Entry]>> {
        match self {
            Source::Parsed(e) => Some(Cow::Borrowed(&e[range])),
            Source::Raw(_, read) => read(range).map(Cow::Owned),
        }
    }

    /// `f` over each run of entries (its first index and its entries), on every core, a few runs
    /// per core at a time, each result handed to `sink` in log order, then `done` told how many
    /// entries are done. None, and no more runs read, once a run does not read.
    fn each_run<R: Send>(
        &self,
        f: impl Fn(usize, &[Entry]) -> R + Sync,
        mut sink: impl FnMut(R),
        done: impl Fn(usize),
    ) -> Option<()> {
        let n = self.len();
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let size = crate::verify::default_batch(n as u64, threads);
        let starts: Vec<usize> = (0..n).step_by(size).collect();
        for wave in starts.chunks(4 * threads) {
            let results: Vec<Option<R>> = crate::parallel::map_parts(wave, 1, |part| {
                part.iter().map(|&s| self.run(s..(s + size).min(n)).map(|run| f(s, &run))).collect()
            });
            for (r, &s) in results.into_iter().zip(wave) {
                sink(r?);
                done((s + size).min(n));
            }
        }
        Some(())
    }
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

/// What the log rules, the evidence and the counts need of an entry once its own checks are
/// made.
struct Facts {
    /// The key that signed it: an endorsement's or a reveal's signer, a withdrawal's
    /// `signer_key`, a hidden entry's one-time key, a vouch's voucher.
    key: Key,
    /// `signed_at` (a withdrawal's `withdrawn_at`) by [`fields::time_order_key`]; 0 when it is
    /// not a time of §1.
    time: u64,
    of: Of,
}

/// What each kind adds.
enum Of {
    /// The signer's country and kind, which the counts give, and its website when an
    /// attestation of the bundle names the entry (its tier may then depend on it).
    Endorsement {
        country: Short,
        kind: Option<SignerKind>,
        website: Option<Box<str>>,
    },
    Withdrawal(Box<WithdrawalFacts>),
    Hidden(Box<HiddenFacts>),
    /// The id the vouch names, when it is 64 lowercase hex digits.
    Vouch(Option<Box<[u8; 32]>>),
    Reveal(Box<RevealFacts>),
}

/// A text kept inline when short (a country code: 24 bytes, where a boxed one takes 48).
enum Short {
    Inline(u8, [u8; 22]),
    Boxed(Box<str>),
}

impl Short {
    fn of(s: &str) -> Short {
        let mut b = [0u8; 22];
        match b.get_mut(..s.len()) {
            Some(to) => {
                to.copy_from_slice(s.as_bytes());
                Short::Inline(s.len() as u8, b)
            }
            None => Short::Boxed(s.into()),
        }
    }

    fn as_str(&self) -> &str {
        match self {
            // Whole characters of a `str` were copied, so the bytes are UTF-8.
            Short::Inline(n, b) => std::str::from_utf8(&b[..usize::from(*n)]).unwrap_or_default(),
            Short::Boxed(s) => s,
        }
    }
}

struct WithdrawalFacts {
    /// The id it names, when it is 64 lowercase hex digits.
    target: Option<[u8; 32]>,
}

struct HiddenFacts {
    /// Its commitment, when it is 64 lowercase hex digits.
    commitment: Option<[u8; 32]>,
    region: Option<String>,
}

struct RevealFacts {
    /// The id it names, when it is 64 lowercase hex digits.
    target: Option<[u8; 32]>,
    /// The commitment its salt and signer open.
    commitment: Option<[u8; 32]>,
    /// Its signer, as the line of the hidden entry it reveals shows it.
    signer: ShownSigner,
}

impl Facts {
    fn kind(&self) -> Kind {
        match self.of {
            Of::Endorsement { .. } => Kind::Endorsement,
            Of::Withdrawal(_) => Kind::Withdrawal,
            Of::Hidden(_) => Kind::Hidden,
            Of::Vouch(_) => Kind::Vouch,
            Of::Reveal(_) => Kind::Reveal,
        }
    }

    /// The id a withdrawal, a vouch or a reveal names, when it is 64 lowercase hex digits.
    fn target(&self) -> Option<[u8; 32]> {
        match &self.of {
            Of::Withdrawal(w) => w.target,
            Of::Vouch(t) => t.as_deref().copied(),
            Of::Reveal(r) => r.target,
            _ => None,
        }
    }

    fn reveal(&self) -> Option<&RevealFacts> {
        match &self.of {
            Of::Reveal(r) => Some(r),
            _ => None,
        }
    }
}

/// Entries read, in log order: each one's failures of checks 7–8 (by index in the log, for
/// those that have any), id and facts, and when wanted its own line.
#[derive(Default)]
pub(crate) struct Read {
    own: Vec<(usize, Vec<Failure>)>,
    ids: Vec<[u8; 32]>,
    facts: Vec<Facts>,
    lines: Vec<EntryReport>,
}

/// What the log rules found of each entry. Most entries have no failure and are neither
/// withdrawn nor revealed: those are kept by entry.
#[derive(Default)]
struct Log {
    /// Each entry's failures (checks 7–13, and 21), for the entries that have any.
    errors: HashMap<usize, Vec<Failure>>,
    /// The entries' ids, in log order, and their indexes sorted by (id, index).
    ids: Vec<[u8; 32]>,
    sorted: Vec<u32>,
    /// The first occurrence of each entry's id.
    first: Vec<u32>,
    /// The entry that withdrew entry i.
    withdrawn_by: HashMap<usize, usize>,
    /// The reveal that revealed hidden entry i.
    revealed_by: HashMap<usize, usize>,
    /// The attestations with no failure (check 20) naming each entry id, as indexes into
    /// `evidence`.
    attested: HashMap<[u8; 32], Vec<usize>>,
    counts: Counts,
}

impl Log {
    /// The log of entries with these ids and failures of checks 7–8.
    fn new(ids: Vec<[u8; 32]>, own: HashMap<usize, Vec<Failure>>) -> Log {
        let mut sorted: Vec<u32> = (0..ids.len() as u32).collect();
        sorted.sort_unstable_by(|&a, &b| ids[a as usize].cmp(&ids[b as usize]).then(a.cmp(&b)));
        let mut first = vec![0u32; ids.len()];
        for run in sorted.chunk_by(|&a, &b| ids[a as usize] == ids[b as usize]) {
            for &k in run {
                first[k as usize] = run[0];
            }
        }
        Log { errors: own, ids, sorted, first, ..Default::default() }
    }

    /// The first entry whose id is `id`.
    fn position(&self, id: &[u8; 32]) -> Option<usize> {
        let k = self.sorted.partition_point(|&e| self.ids[e as usize] < *id);
        self.sorted.get(k).map(|&e| e as usize).filter(|&e| self.ids[e] == *id)
    }

    /// The first entry whose id is entry `i`'s.
    fn first_of(&self, i: usize) -> usize {
        self.first[i] as usize
    }

    fn errors(&self, i: usize) -> &[Failure] {
        self.errors.get(&i).map_or(&[], Vec::as_slice)
    }

    fn ok(&self, i: usize) -> bool {
        self.errors(i).is_empty()
    }

    fn fail(&mut self, i: usize, f: Failure) {
        self.errors.entry(i).or_default().push(f);
    }

    fn withdrawn_by(&self, i: usize) -> Option<usize> {
        self.withdrawn_by.get(&i).copied()
    }

    fn revealed_by(&self, i: usize) -> Option<usize> {
        self.revealed_by.get(&i).copied()
    }
}

/// The verification, from the bundle's members and its entries read from `source`.
fn verify_source(
    b: &Bundle,
    source: Source<'_>,
    previous: Option<&PreviousFacts>,
    seed: &[u8; 32],
    lines: Option<&mut dyn FnMut(EntryReport)>,
    steps: &dyn Fn(Step),
) -> Option<Verified> {
    let of = source.len() as u64;
    let reader = EntryReader::new(b, seed, lines.is_some());
    let mut gathered = Gathered::default();
    let mut lines = lines;
    source.each_run(
        |first, run| reader.read(first, run),
        |r| {
            gathered.add(r, &mut |line| {
                if let Some(sink) = lines.as_mut() {
                    sink(line)
                }
            })
        },
        |done| steps(Step::Checked { done: done as u64, of }),
    )?;
    Some(decide(b, gathered, previous, seed))
}

/// What checks 7–8 of each entry need of the bundle: its header (the statement versions and
/// the release, checks 1–3) and the ids its evidence names.
pub(crate) struct EntryReader {
    header: Header,
    /// The ids the evidence names: an endorsement's website matters to its tier only then.
    cited: HashSet<[u8; 32]>,
    seed: [u8; 32],
    lines: bool,
}

impl EntryReader {
    /// For the entries of bundle `b` (whose own entries are not read), with their own lines
    /// when `lines`.
    pub(crate) fn new(b: &Bundle, seed: &[u8; 32], lines: bool) -> Self {
        // The header's own failures are the report's, which `decide` makes.
        let header = verify_header(
            &b.statement_versions,
            &b.release.view(),
            &mut VerificationReport::default(),
            &mut Vec::new(),
        );
        let cited = b.evidence.iter().filter_map(|a| hex_array::<32>(&a.signed.entry)).collect();
        EntryReader { header, cited, seed: *seed, lines }
    }

    /// Checks 7–8 of a run of entries, the first at `first` in the log.
    pub(crate) fn read(&self, first: usize, entries: &[Entry]) -> Read {
        read_entries(first, entries, (&self.header, &self.cited, &self.seed), self.lines)
    }
}

/// The entries read so far, in log order: their failures of checks 7–8 (for those that have
/// any), ids and facts.
#[derive(Default)]
pub(crate) struct Gathered {
    own: HashMap<usize, Vec<Failure>>,
    ids: Vec<[u8; 32]>,
    facts: Vec<Facts>,
}

impl Gathered {
    /// Adds the next run read, its own lines handed to `lines`.
    pub(crate) fn add(&mut self, r: Read, lines: &mut dyn FnMut(EntryReport)) {
        self.own.extend(r.own);
        self.ids.extend(r.ids);
        self.facts.extend(r.facts);
        r.lines.into_iter().for_each(lines);
    }

    /// Entries read.
    pub(crate) fn len(&self) -> usize {
        self.ids.len()
    }
}

/// A bundle 1.1's entries checked as the stream reads them ([`RunChecks`]), when its other
/// members come first: each run parsed and read on the stream's workers, gathered in log order,
/// its own lines handed on (or kept). The 1.1 reader then decides from what was gathered, as
/// it would from the runs it reads itself.
pub(crate) struct Streamed<'a> {
    seed: [u8; 32],
    lines: bool,
    /// Where the lines go; kept without.
    on_line: Option<&'a (dyn Fn(EntryReport) + Sync)>,
    reader: OnceLock<EntryReader>,
    /// Set once a run does not read: nothing more is checked (the whole document then gives the
    /// verdict).
    failed: AtomicBool,
    /// The runs read and not gathered yet, by their first entry (none when it did not read).
    waiting: Mutex<BTreeMap<usize, Option<Read>>>,
    state: Mutex<Gathering>,
}

#[derive(Default)]
struct Gathering {
    /// The first entry not gathered yet.
    next: usize,
    gathered: Gathered,
    kept: Vec<EntryReport>,
}

/// What [`Streamed`] gathered: every entry, when all of them were read, and the lines kept
/// (without a place to hand them to) and how many lines were handed on or kept.
#[derive(Default)]
pub(crate) struct Early {
    pub gathered: Option<Gathered>,
    pub kept: Vec<EntryReport>,
    pub lines: usize,
}

impl<'a> Streamed<'a> {
    /// With `lines`, each entry's own line goes to `on_line`, else is kept.
    pub(crate) fn new(seed: &[u8; 32], lines: bool, on_line: Option<&'a (dyn Fn(EntryReport) + Sync)>) -> Self {
        Streamed {
            seed: *seed,
            lines,
            on_line,
            reader: OnceLock::new(),
            failed: AtomicBool::new(false),
            waiting: Mutex::new(BTreeMap::new()),
            state: Mutex::new(Gathering::default()),
        }
    }

    /// What was gathered, for the bundle of `entries` as read: nothing when they were not all
    /// kept (a scratch file that failed makes the bundle unreadable, however it was checked).
    pub(crate) fn finish(&self, entries: &crate::stream::RawEntries<'_>) -> Early {
        let failed = self.failed.load(Ordering::Relaxed);
        // The runs read after one that did not read are dropped here.
        let waiting = self.waiting.lock().map_or(true, |mut w| !std::mem::take(&mut *w).is_empty());
        let Ok(st) = self.state.lock().map(|mut st| std::mem::take(&mut *st)) else {
            return Early::default();
        };
        let lines = if self.lines { st.next } else { 0 };
        let complete =
            self.reader.get().is_some() && !failed && !waiting && st.next == entries.len() && entries.intact();
        Early { gathered: complete.then_some(st.gathered), kept: st.kept, lines }
    }
}

impl RunChecks for Streamed<'_> {
    fn begin(&self, header: &Bundle, threads: usize) -> Option<usize> {
        // (No room is made for the log's size: the release that gives it is not checked yet.)
        self.reader.set(EntryReader::new(header, &self.seed, self.lines)).ok()?;
        Some(crate::verify::default_batch(header.release.signed.log.size, threads))
    }

    fn run(&self, first: usize, raws: &[&[u8]]) {
        let Some(reader) = self.reader.get() else { return };
        if self.failed.load(Ordering::Relaxed) {
            return;
        }
        let entries: Option<Vec<Entry>> = raws.iter().map(|raw| crate::bundle11::read_entry(raw)).collect();
        let read = entries.map(|run| reader.read(first, &run));
        let Ok(mut waiting) = self.waiting.lock() else { return };
        waiting.insert(first, read);
        drop(waiting);
        // The runs are gathered in log order by one thread at a time: the one that finds the
        // gathering free takes every run that is next, while the others go on checking.
        loop {
            let Ok(mut st) = self.state.try_lock() else { return };
            // (The guard of `waiting` is dropped in the closure, before each run is gathered.)
            while let Some(r) = self.waiting.lock().ok().and_then(|mut w| w.remove(&st.next)) {
                let Some(r) = r else {
                    self.failed.store(true, Ordering::Relaxed);
                    return;
                };
                st.next += r.ids.len();
                let Gathering { gathered, kept, .. } = &mut *st;
                gathered.add(r, &mut |line| match self.on_line {
                    Some(f) => f(line),
                    None => kept.push(line),
                });
            }
            let next = st.next;
            drop(st);
            // A run that came while this thread was gathering, from a thread that then left it
            // here: gathered now.
            if !self.waiting.lock().is_ok_and(|w| w.contains_key(&next)) {
                return;
            }
        }
    }
}

/// Checks 4–6 and 9–21 of bundle `b` (whose own entries are not read) over its entries as
/// `gathered` read them, and against the previous release: the report and what the log decided
/// of each entry.
pub(crate) fn decide(b: &Bundle, gathered: Gathered, previous: Option<&PreviousFacts>, seed: &[u8; 32]) -> Verified {
    let mut errors: Vec<Failure> = Vec::new();
    let mut report = VerificationReport::default();
    let release = b.release.view();
    let header = verify_header(&b.statement_versions, &release, &mut report, &mut errors);
    let rb = &b.release.signed;
    let Gathered { own, ids, facts } = gathered;
    // Checks 4–6 over the tree of the ids.
    let (root, prefix_root) = crate::merkle::root_and_prefix(&ids, rb.previous.as_ref().map(|p| p.log.size));
    let mut log = Log::new(ids, own);
    log_rules(&facts, &mut log);
    evidence_checks(b, (&header, seed), &facts, &mut log, &mut errors);
    log_checks(&rb.head(), log.ids.len() as u64, root, prefix_root, log.counts == rb.counts, &mut errors);

    let witnesses = checkpoint_checks(b, &mut errors);
    let (status, unnamed_by_region) = statuses(&facts, &log, &mut report, &mut errors);
    let tiers = Tiers { evidence: &b.evidence, facts: &facts, log: &log };
    let (vouchers, by_tier, vouched) = tiers.count(&status);
    report.format_1_1 =
        Some(Report11 { counts: log.counts, unnamed_by_region, by_tier, vouched, witnesses, own_witnesses: None });

    if let Some(prev) = previous {
        let (info, prev_errors) = check_previous((&log.ids, &facts, &status), prev);
        report.previous = Some(info);
        errors.extend(prev_errors);
    }
    report.valid = errors.is_empty();
    report.errors = errors;
    let named: Vec<(u32, u32)> = facts
        .iter()
        .enumerate()
        .filter_map(|(i, f)| match f.kind() {
            Kind::Withdrawal => f
                .target()
                .and_then(|id| log.position(&id))
                .filter(|&j| j < i && facts[j].kind().signs())
                .map(|j| (i as u32, j as u32)),
            _ => None,
        })
        .collect();

    let v11 = Decided11 {
        revealed: (log.revealed_by.iter())
            .filter_map(|(&h, &r)| Some((h as u32, facts[r].reveal()?.signer.clone())))
            .collect::<BTreeMap<_, _>>()
            .into_iter()
            .collect(),
        tiers: tiers.decided(),
        vouchers: (0..facts.len())
            .filter(|&i| facts[i].kind() == Kind::Hidden)
            .filter_map(|i| Some((i as u32, *vouchers.get(&log.ids[i]).filter(|&&v| v > 0)?)))
            .collect(),
    };
    let decided = Decided::new(status, named, Some(v11), &report.errors);
    Verified { report, decided, ids: log.ids }
}

/// Checks 7–8 of a run of entries, the first at `first` in the log (their field rules, the
/// statement each names, their signatures, verified together: one that fails sends only this run
/// to the checks one by one), their ids and facts, and with `lines` their own lines. `cited`:
/// the ids the evidence names.
fn read_entries(
    first: usize,
    entries: &[Entry],
    (h, cited, seed): (&Header, &HashSet<[u8; 32]>, &[u8; 32]),
    lines: bool,
) -> Read {
    let mut read = Read::default();
    let mut own: Vec<Vec<Failure>> = Vec::with_capacity(entries.len());
    // Each signature to check: key, signature, message, entry.
    type Pending = ([u8; 32], [u8; 64], Vec<u8>, usize);
    let mut pending: Vec<Pending> = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let mut errs = Vec::new();
        let id = entry.id();
        let time = |s: &str| fields::time_order_key(s).unwrap_or(0);
        let target = |s: &str| hex_array::<32>(s);
        let (key, sig, msg, facts) = match entry {
            Entry::Endorsement(e) => {
                bundle::entry_checks(bundle::EntryRef::Endorsement(e), h, &mut errs);
                let s = &e.signed;
                let of = Of::Endorsement {
                    country: Short::of(&s.signer.country),
                    kind: s.signer.kind(),
                    website: s.signer.website.as_deref().filter(|_| cited.contains(&id)).map(Into::into),
                };
                let f = Facts { key: Key::of(&s.signer.public_key), time: time(&s.signed_at), of };
                (&s.signer.public_key, &e.signature, endorsement::message(s), f)
            }
            Entry::Withdrawal(w) => {
                bundle::entry_checks(bundle::EntryRef::Withdrawal(w), h, &mut errs);
                let s = &w.signed;
                let of = Of::Withdrawal(Box::new(WithdrawalFacts { target: target(&s.endorsement) }));
                let f = Facts { key: Key::of(&s.signer_key), time: time(&s.withdrawn_at), of };
                (&s.signer_key, &w.signature, withdrawal::message(s), f)
            }
            Entry::Hidden(x) => {
                errs.extend(hidden::hidden_fields(&x.signed));
                errs.extend(statement_check(&x.signed.statement, h, "hidden endorsement"));
                let s = &x.signed;
                let of = Of::Hidden(Box::new(HiddenFacts {
                    commitment: hex_array::<32>(&s.commitment),
                    region: s.region.clone(),
                }));
                let f = Facts { key: Key::of(&s.one_time_key), time: time(&s.signed_at), of };
                (&s.one_time_key, &x.signature, hidden::hidden_message(s), f)
            }
            Entry::Vouch(x) => {
                errs.extend(hidden::vouch_fields(&x.signed));
                errs.extend(statement_check(&x.signed.statement, h, "vouch"));
                let s = &x.signed;
                let of = Of::Vouch(target(&s.hidden).map(Box::new));
                let f = Facts { key: Key::of(&s.voucher_key), time: time(&s.signed_at), of };
                (&s.voucher_key, &x.signature, hidden::vouch_message(s), f)
            }
            Entry::Reveal(x) => {
                errs.extend(hidden::reveal_fields(&x.signed));
                errs.extend(statement_check(&x.signed.statement, h, "reveal"));
                let s = &x.signed;
                let of = Of::Reveal(Box::new(RevealFacts {
                    target: target(&s.hidden),
                    commitment: hidden::commitment(&s.salt, &s.signer),
                    signer: ShownSigner::of(&s.signer),
                }));
                let f = Facts { key: Key::of(&s.signer.public_key), time: 0, of };
                (&s.signer.public_key, &x.signature, hidden::reveal_message(s), f)
            }
        };
        match decode_key_sig(key, sig) {
            Err(f) => errs.push(f),
            Ok((key, sig)) => pending.push((key, sig, msg, i)),
        }
        own.push(errs);
        read.ids.push(id);
        read.facts.push(facts);
    }
    let items: Vec<ed25519::SignatureCheck> =
        pending.iter().map(|(key, sig, msg, _)| ed25519::SignatureCheck { key, sig, msg }).collect();
    for (p, res) in pending.iter().zip(ed25519::verify_batch(&items, seed)) {
        if let Err(e) = res {
            own[p.3].push(sig_failure(e));
        }
    }
    if lines {
        read.lines = (entries.iter().zip(&read.ids).zip(&own).enumerate())
            .map(|(k, ((e, id), errors))| {
                let index = (first + k) as u64;
                let mut line = match e {
                    Entry::Endorsement(e) => EntryReport::of_endorsement(index, id, e),
                    Entry::Withdrawal(w) => EntryReport::of_withdrawal(index, id, w),
                    Entry::Hidden(h) => EntryReport::of_hidden(index, id, h),
                    Entry::Vouch(v) => EntryReport::of_vouch(index, id, v),
                    Entry::Reveal(r) => EntryReport::of_reveal(index, id, r),
                };
                line.errors.clone_from(errors);
                line
            })
            .collect();
    }
    read.own = own.into_iter().enumerate().filter(|(_, e)| !e.is_empty()).map(|(i, e)| (first + i, e)).collect();
    read
}

/// Checks 9–13, in log order, each deciding from the entries before the one checked; and the
/// ten counts (§14.5).
fn log_rules(facts: &[Facts], log: &mut Log) {
    // The key of each active endorsement and active hidden entry (check 10), and the revealed
    // key of each active hidden entry that is revealed.
    // Room for every key at once: a table that grows holds its old and new buckets together.
    let mut active: HashMap<&Key, usize> = HashMap::with_capacity(facts.len());
    let mut active_revealed: HashMap<&Key, usize> = HashMap::new();
    let fail = |log: &mut Log, i: usize, code: Code, m: String| log.fail(i, Failure::new(code, m));
    for (i, entry) in facts.iter().enumerate() {
        let j = log.first_of(i);
        if j < i {
            fail(log, i, Code::DuplicateEntry, format!("this entry already appears at entry {j} of the log"));
            continue;
        }
        // What an entry's `endorsement` or `hidden` names: the first occurrence of the id, when
        // it is earlier; none for a value that is not hex.
        let named = |log: &Log| entry.target().map(|id| log.position(&id).filter(|&j| j < i));
        let key = &entry.key;
        match entry.kind() {
            Kind::Endorsement | Kind::Hidden => {
                let revealed = (entry.kind() == Kind::Endorsement).then(|| active_revealed.get(key)).flatten();
                if let Some(&j) = active.get(key).or(revealed) {
                    fail(
                        log,
                        i,
                        Code::DuplicateSigner,
                        format!("this key already signed at entry {j} and did not withdraw"),
                    );
                } else if log.ok(i) {
                    active.insert(key, i);
                }
            }
            Kind::Withdrawal => {
                let Some(target) = named(log) else { continue };
                let Some(j) = target.filter(|&j| facts[j].kind().signs()) else {
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
                } else if entry.time != 0 && t.time != 0 && entry.time < t.time {
                    fail(
                        log,
                        i,
                        Code::TimeOrder,
                        format!("this withdrawal is dated before the entry it withdraws (entry {j})"),
                    );
                } else if log.withdrawn_by(j).is_some() {
                    fail(log, i, Code::WithdrawalDuplicate, format!("entry {j} was already withdrawn"));
                } else if log.ok(i) {
                    log.withdrawn_by.insert(j, i);
                    if active.get(&t.key) == Some(&j) {
                        active.remove(&t.key);
                    }
                    active_revealed.retain(|_, h| *h != j);
                }
            }
            Kind::Vouch => {
                let Some(target) = named(log) else { continue };
                if !target.is_some_and(|j| facts[j].kind() == Kind::Hidden) {
                    fail(log, i, Code::VouchInvalid, "this vouch names no hidden entry earlier in the log".into());
                }
            }
            Kind::Reveal => {
                let Some(target) = named(log) else { continue };
                let Some((j, h)) = target.and_then(|j| match &facts[j].of {
                    Of::Hidden(h) => Some((j, h)),
                    _ => None,
                }) else {
                    fail(log, i, Code::RevealUnmatched, "this reveal names no hidden entry earlier in the log".into());
                    continue;
                };
                let opened = entry.reveal().and_then(|r| r.commitment);
                let hidden_active = log.withdrawn_by(j).is_none() && active.get(&facts[j].key) == Some(&j);
                if opened.is_none() || opened != h.commitment {
                    fail(
                        log,
                        i,
                        Code::CommitmentMismatch,
                        format!("this reveal does not open the commitment of entry {j}"),
                    );
                } else if log.revealed_by(j).is_some() {
                    fail(log, i, Code::RevealDuplicate, format!("entry {j} was already revealed"));
                } else if hidden_active
                    && (active.get(key).is_some_and(|&e| facts[e].kind() == Kind::Endorsement)
                        || active_revealed.get(key).is_some_and(|&o| o != j))
                {
                    fail(log, i, Code::DuplicateSigner, "this key already signed, and did not withdraw".into());
                } else if log.ok(i) {
                    log.revealed_by.insert(j, i);
                    if hidden_active {
                        active_revealed.insert(key, j);
                    }
                }
            }
        }
    }
    let mut c = Counts::default();
    for (i, entry) in facts.iter().enumerate() {
        match entry.kind() {
            Kind::Endorsement => {
                c.endorsements += 1;
                c.withdrawn += u64::from(log.withdrawn_by(i).is_some());
            }
            Kind::Hidden => {
                c.hidden += 1;
                c.hidden_withdrawn += u64::from(log.withdrawn_by(i).is_some());
                c.revealed += u64::from(log.revealed_by(i).is_some() && log.withdrawn_by(i).is_none());
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
    (h, seed): (&Header, &[u8; 32]),
    facts: &[Facts],
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
    // The entry and method of each attestation so far.
    let mut seen: HashSet<(&str, &str)> = HashSet::new();
    let signed = signed_by_lead(&b.evidence, &h.lead_key, seed);
    let issued_ok = fields::timestamp("issued_at", &rb.issued_at).is_ok();
    for (i, a) in b.evidence.iter().enumerate() {
        let s = &a.signed;
        let target = hex_array::<32>(&s.entry).and_then(|id| log.position(&id));
        // Whether an earlier attestation, failing or not, has the same entry and method.
        let repeated = !seen.insert((&s.entry, &s.method));
        let hidden_target = target.is_some_and(|j| facts[j].kind() == Kind::Hidden);
        let failure = if let Some(f) = attestation::check_fields(s).into_iter().next() {
            Some(f)
        } else if !signed[i] {
            Some(Failure::new(Code::AttestationInvalid, "this attestation is not signed by the bundle's lead key"))
        } else if s.statement_id != h.statement_id {
            Some(Failure::new(Code::StatementMismatch, "this attestation is for another statement"))
        } else if issued_ok
            && (s.checked_on.as_str() > &rb.issued_at[..10]
                || s.website.as_ref().is_some_and(|w| fields::earlier(&rb.issued_at, &w.fetched_at)))
        {
            Some(Failure::new(Code::TimeOrder, "this attestation is dated after the release"))
        } else if !target.is_some_and(|j| facts[j].kind().signs()) {
            Some(Failure::new(
                Code::EvidenceInvalid,
                "this attestation names no endorsement or hidden entry of the log",
            ))
        } else if hidden_target && (s.note.is_some() || s.method == "website") {
            Some(Failure::new(
                Code::EvidenceInvalid,
                "an attestation of a hidden entry has no note and is not by website",
            ))
        } else if repeated {
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
        if f.kind() == Kind::Hidden && log.first_of(i) == i && !log.attested.contains_key(&log.ids[i]) {
            log.fail(
                i,
                Failure::new(Code::AttestationInvalid, "no valid attestation of the lead's names this hidden entry"),
            );
        }
    }
}

/// Whether each attestation's signature verifies under the lead's key (check 20's signature), as
/// [`crate::statement::check_signature`] decides: in batches, on every core.
fn signed_by_lead(evidence: &[attestation::Attestation], lead_key: &str, seed: &[u8; 32]) -> Vec<bool> {
    crate::parallel::map_parts(evidence, 256, |part| {
        let mut signed = vec![false; part.len()];
        for (c, run) in part.chunks(crate::verify::DEFAULT_BATCH).enumerate() {
            // Each signature to check: its attestation, key, signature, message.
            type Pending = (usize, [u8; 32], [u8; 64], Vec<u8>);
            let decoded: Vec<Pending> = run
                .iter()
                .enumerate()
                .filter_map(|(k, a)| {
                    let (key, sig) = decode_key_sig(lead_key, &a.signature).ok()?;
                    Some((c * crate::verify::DEFAULT_BATCH + k, key, sig, attestation::message(&a.signed)))
                })
                .collect();
            let items: Vec<ed25519::SignatureCheck> =
                decoded.iter().map(|(_, key, sig, msg)| ed25519::SignatureCheck { key, sig, msg }).collect();
            for ((k, ..), res) in decoded.iter().zip(ed25519::verify_batch(&items, seed)) {
                signed[*k] = res.is_ok();
            }
        }
        signed
    })
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

/// Each entry's status (as its line gives it), the report's counts of named signatories; the
/// entries' failures into `errors`. Returns the unnamed signatories by region too.
fn statuses(
    facts: &[Facts],
    log: &Log,
    report: &mut VerificationReport,
    errors: &mut Vec<Failure>,
) -> (Vec<u8>, BTreeMap<String, u64>) {
    let mut by_region: BTreeMap<String, u64> = BTreeMap::new();
    let mut status = Vec::with_capacity(facts.len());
    for (i, entry) in facts.iter().enumerate() {
        let errs = log.errors(i);
        let ok = errs.is_empty();
        let st = match &entry.of {
            Of::Endorsement { .. } | Of::Hidden(_) => {
                let withdrawn = log.withdrawn_by(i).is_some();
                // Who the line names: an endorsement's signer, a revealed hidden entry's.
                let revealer = log.revealed_by(i).and_then(|r| facts[r].reveal()).map(|r| &r.signer);
                let named = match &entry.of {
                    Of::Endorsement { country, kind, .. } => Some((country.as_str(), *kind)),
                    _ => revealer.map(|s| (s.country(), s.signer_kind())),
                };
                if ok && withdrawn && named.is_some() {
                    report.withdrawn += 1;
                }
                if ok && !withdrawn {
                    match (named, &entry.of) {
                        (Some((country, kind)), _) => {
                            report.signatories += 1;
                            *report.by_country.entry(country.to_owned()).or_default() += 1;
                            if let Some(k) = kind {
                                *report.by_kind.entry(k.as_str().to_owned()).or_default() += 1;
                            }
                        }
                        (None, Of::Hidden(h)) => {
                            let region = h.region.clone().unwrap_or_else(|| "not-stated".into());
                            *by_region.entry(region).or_default() += 1;
                        }
                        (None, _) => {}
                    }
                }
                if withdrawn {
                    "withdrawn"
                } else {
                    "active"
                }
            }
            Of::Withdrawal(_) => "withdrawal",
            Of::Vouch(_) => "vouch",
            Of::Reveal(_) => "reveal",
        };
        status.push(status_byte(if ok { st } else { "invalid" }));
        for f in errs {
            errors.push(f.clone().at(format!("entries[{i}]")));
        }
    }
    (status, by_region)
}

/// The tiers of §14.7 and the vouchers of §14.9.
struct Tiers<'a> {
    evidence: &'a [attestation::Attestation],
    facts: &'a [Facts],
    log: &'a Log,
}

impl Tiers<'_> {
    /// The tier of entry `i`: an endorsement's, a revealed hidden entry's (from the first
    /// occurrence of its id); none for another entry.
    fn tier(&self, i: usize) -> Option<TierReport> {
        let id = &self.log.ids[i];
        let attestations: Vec<&attestation::AttestationBody> =
            self.log.attested.get(id).map_or_else(Vec::new, |v| v.iter().map(|&k| &self.evidence[k].signed).collect());
        let first = self.log.first_of(i);
        let f = &self.facts[i];
        match &f.of {
            Of::Endorsement { .. } if attestations.is_empty() => Some(tier::tier_of(&[], None)),
            Of::Endorsement { website, .. } => {
                Some(tier::tier_of(&attestations, Some((&f.key.text(), website.as_deref()))))
            }
            Of::Hidden(_) if self.log.revealed_by(first).is_some() => Some(tier::tier_of(&attestations, None)),
            _ => None,
        }
    }

    /// The tiers [`Decided`] keeps: of each entry that has one but an endorsement the evidence
    /// does not name (whose tier [`Decided::tier`] gives), by entry.
    fn decided(&self) -> Vec<(u32, TierReport)> {
        (0..self.facts.len())
            .filter(|&i| self.facts[i].kind() == Kind::Hidden || self.log.attested.contains_key(&self.log.ids[i]))
            .filter_map(|i| Some((i as u32, self.tier(i)?)))
            .collect()
    }

    /// Each hidden entry's vouchers (the distinct keys of active endorsements with no failure
    /// whose tier is `website` that vouch for it, by its id); the named signatories by tier; the
    /// unnamed signatories with a voucher.
    fn count(&self, status: &[u8]) -> (HashMap<[u8; 32], u64>, BTreeMap<String, u64>, u64) {
        let n = self.facts.len();
        let tiers: Vec<Option<Tier>> = (0..n).map(|i| self.tier(i).map(|t| t.tier)).collect();
        let website_keys: HashSet<&Key> = (0..n)
            .filter(|&i| {
                self.facts[i].kind() == Kind::Endorsement
                    && status_name(status[i]) == "active"
                    && tiers[i] == Some(Tier::Website)
            })
            .map(|i| &self.facts[i].key)
            .collect();
        let mut by_voucher: HashMap<[u8; 32], HashSet<&Key>> = HashMap::new();
        for (i, f) in self.facts.iter().enumerate() {
            if f.kind() == Kind::Vouch && status_name(status[i]) != "invalid" && website_keys.contains(&f.key) {
                if let Some(id) = f.target() {
                    by_voucher.entry(id).or_default().insert(&f.key);
                }
            }
        }
        let vouchers: HashMap<[u8; 32], u64> = by_voucher.into_iter().map(|(id, v)| (id, v.len() as u64)).collect();
        let mut by_tier: BTreeMap<String, u64> = Tier::ALL.iter().map(|t| (t.as_str().to_owned(), 0)).collect();
        let mut vouched = 0;
        for i in 0..n {
            let counted = status_name(status[i]) == "active" && self.log.first_of(i) == i;
            if self.facts[i].kind() == Kind::Hidden {
                let v = vouchers.get(&self.log.ids[i]).copied().unwrap_or(0);
                vouched += u64::from(counted && tiers[i].is_none() && v > 0);
            }
            if let Some(t) = tiers[i].filter(|_| counted) {
                *by_tier.entry(t.as_str().to_owned()).or_default() += 1;
            }
        }
        (vouchers, by_tier, vouched)
    }
}

/// §14.11: release R (its entries' ids, facts and statuses) against the previous release `prev`,
/// of either format.
fn check_previous(
    (ids, facts, status): (&[[u8; 32]], &[Facts], &[u8]),
    prev: &PreviousFacts,
) -> (PreviousInfo, Vec<Failure>) {
    let PreviousFacts { errors, ids: prev_ids, status: prev_status, issued_at, number } = prev;
    let (mut errors, issued_at, number) = (errors.clone(), issued_at.clone(), *number);
    let mismatch = |m: String| Failure::new(Code::PreviousMismatch, m).at("previous");
    let (mut kept, mut withdrawn_since) = (0, 0);
    let mut consistent = prev_ids.len() <= ids.len();
    for (i, pid) in prev_ids.iter().enumerate() {
        let Some(cur) = ids.get(i) else { break };
        if cur != pid {
            consistent = false;
            errors
                .push(mismatch(format!("entry {i} of the previous release was dropped, changed or moved in this one")));
            continue;
        }
        if facts[i].kind().signs() {
            match (prev_status.get(i).map(|&s| status_name(s)), status_name(status[i])) {
                (Some("active"), "active") => kept += 1,
                (Some("active"), "withdrawn") => withdrawn_since += 1,
                _ => {}
            }
        }
    }
    if prev_ids.len() > ids.len() {
        errors.push(mismatch("the previous release has more entries than this one".into()));
    }
    let added = facts[prev_ids.len().min(facts.len())..].iter().filter(|f| f.kind().signs()).count() as u64;
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
