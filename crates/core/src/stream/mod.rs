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
//!    sequential loop, rule by rule (see `log_rules.rs`).
//!
//! A bundle of format 1.1 is decided by its own reader (`verify11.rs`), from its members as
//! read; when they all come before its entries, those are checked as they are read too, a run
//! at a time on worker threads (`runs11.rs`). The entries' text is set aside either way: read
//! back when members follow them, or for the whole document's verdict should one not read.
//!
//! If `entries` comes before `statement_versions` or `release` (writers put it last, §10.1),
//! the entries are buffered as raw JSON until the header is known, so verdicts never depend on
//! the order of members. Parsing is exactly as strict as [`Bundle::parse`]: the same verdict
//! (`malformed`, `unsupported-format`, `too-large`) on every input.
//!
//! The files, each using only those below it:
//! - `mod.rs`: [`Options`] and [`verify_stream`], over a reader that counts the bytes, enforces
//!   the size cap and reports progress;
//! - `top_level.rs`: the bundle's top-level members, and the strict parse's verdict;
//! - `assemble.rs`: the report from what was collected, and §10.3 against another release;
//! - `workers.rs`: the pipeline (reader, workers, collector) and the checks of one entry;
//! - `log_rules.rs`: checks 9–11 over the whole log, on sorted index vectors;
//! - `values.rs`: ids and keys compared exactly by 8-byte prefixes in memory, the whole values
//!   kept in memory or in a scratch file the caller gives;
//! - `raw_entries.rs`: the entries of a bundle 1.1 as read, in memory or in the scratch file;
//! - `runs11.rs`: the entries of a bundle 1.1 handed to its checks a run at a time as they are
//!   read, on worker threads;
//! - `scanner.rs`: raw JSON values cut out of the reader;
//! - `probes.rs`: what a generic JSON parser makes of a value (`malformed` or another format).
//!
//! [`Bundle::parse`]: crate::bundle::Bundle::parse
//! [`ed25519::verify_batch`]: crate::ed25519::verify_batch

mod assemble;
mod log_rules;
mod probes;
mod raw_entries;
mod runs11;
mod scanner;
mod top_level;
mod values;
mod workers;

pub(crate) use assemble::{status_byte, status_name};
pub use values::{Scratch, ScratchRef};
pub use workers::{default_batch, DEFAULT_BATCH};

use crate::bundle;
use crate::error::{Code, ParseError};
pub(crate) use raw_entries::RawEntries;
pub(crate) use runs11::RunChecks;
use scanner::{ScanError, Scanner};
use std::io::{self, Read};
pub(crate) use top_level::{Doc11, Outcome};
use top_level::{Pipeline, TopLevel};

/// Which of the two bundles [`Options::progress`] speaks of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Bundle,
    Previous,
}

/// How far the verification of one bundle is, as [`Options::progress`] tells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Its bytes read so far. A bundle of format 1 has its entries checked as they are read, so
    /// the bytes measure all of its work.
    Read(u64),
    /// A bundle of format 1.1, read: its entries checked so far (§14.10), of how many it has
    /// (and with [`Options::entries`] their own lines handed on). Reported after each run of
    /// entries, in log order; once, all of them, when they were checked as they were read
    /// (its other members came before them, as writers put them: the bytes then measure the
    /// work, as in format 1).
    Checked { done: u64, of: u64 },
}

/// How to verify.
#[derive(Clone, Copy)]
pub struct Options<'a> {
    /// Build the report's `entries` (one line per entry). Off, the report lists every failure
    /// and the counts, and memory stays near 35 bytes an entry with a [`Options::scratch`]
    /// (about 130 without). The previous release's entries
    /// are never listed.
    pub entries: bool,
    /// With `entries`, each entry's own line is handed to this function as the entry is read,
    /// in log order, from one thread at a time, instead of being kept in the report (whose
    /// `entries` stay empty): a caller that keeps less of each line (`publish`, the app, at a
    /// million entries) holds less. A line says what its entry says: no `status` yet, a
    /// withdrawal's no `name`, no date of withdrawal, only the entry's own failures, and in
    /// format 1.1 no tier, no vouchers, a hidden entry's own fields (not its reveal's signer).
    /// Lines may have been handed on for a bundle that the verification then finds unreadable
    /// (a part that does not read after them): its report then says so, and they are to be
    /// dropped. After the verification, [`Verification::complete`] makes it the full line (and
    /// [`Verification::status`], [`Verification::withdrawn_by`] and the like give each part).
    ///
    /// [`Verification::complete`]: crate::verify::Verification::complete
    /// [`Verification::status`]: crate::verify::Verification::status
    /// [`Verification::withdrawn_by`]: crate::verify::Verification::withdrawn_by
    pub on_entry: Option<&'a (dyn Fn(crate::report::EntryReport) + Sync)>,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// Entries per batch; 0 means [`default_batch`] for the release's log size.
    pub batch: usize,
    /// Inputs larger than this are `too-large` (never more than [`bundle::MAX_BYTES`]).
    pub max_bytes: u64,
    /// Called from the calling thread with how far each part is: its bytes read, about every
    /// MiB, then, for a bundle of format 1.1, its entries checked ([`Step`]).
    pub progress: Option<&'a dyn Fn(Part, Step)>,
    /// Where to keep each entry's whole id, key and withdrawal target (96 bytes an entry,
    /// appended; read back only for the few whose first eight bytes another shares). Without
    /// one they are kept in memory. The verdicts are the same either way; at a million entries
    /// a scratch file keeps about 64 MiB out of memory.
    pub scratch: Option<ScratchRef<'a>>,
    /// The verifier's own witnesses (§14.8): a bundle of format 1.1 reports which of them
    /// co-signed (`format_1_1.own_witnesses`), apart from its verdict.
    pub own_witnesses: Option<&'a crate::checkpoint::OwnWitnesses>,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            entries: false,
            on_entry: None,
            threads: 0,
            batch: 0,
            max_bytes: crate::bundle::MAX_BYTES,
            progress: None,
            scratch: None,
            own_witnesses: None,
        }
    }
}

/// Reads and verifies one bundle (§10.2). `seed` feeds the batch verifier's coefficients (pass
/// fresh randomness); the verdicts never depend on it.
/// `progress` is called with the bytes read so far, about every MiB.
pub(crate) fn verify_stream<'a, R: Read>(
    reader: R,
    seed: &[u8; 32],
    opts: &Options<'a>,
    progress: &dyn Fn(u64),
    runs11: Option<&dyn RunChecks>,
) -> Result<Outcome<'a>, ParseError> {
    let cap = opts.max_bytes.min(bundle::MAX_BYTES);
    let mut counting = Counting { inner: reader, read: 0, cap, over: false, content: false, next_report: 0, progress };
    let threads = match opts.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        t => t,
    };
    let on_entry = if opts.entries { opts.on_entry } else { None };
    let mut st = TopLevel::new(Pipeline {
        seed: *seed,
        want_entries: opts.entries,
        on_entry,
        threads,
        batch: opts.batch,
        reserve_cap: (cap / 256) as usize,
        scratch: opts.scratch,
        runs11,
    });

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
            ScanError::Io(e) if !counting.over => {
                ParseError::new(Code::Malformed, format!("cannot read this bundle: {e}"))
            }
            _ if !counting.content => ParseError::new(Code::Malformed, "this bundle is empty"),
            ScanError::Io(e) => ParseError::new(Code::Malformed, format!("cannot read this bundle: {e}")),
            ScanError::Syntax(m, at) => {
                ParseError::new(Code::Malformed, format!("this is not a valid bundle: {m} at byte {at}"))
            }
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
            ParseError::new(Code::TooLarge, format!("this bundle is larger than the {} bytes allowed", self.cap))
        } else {
            err
        }
    }
}

fn read_error(e: io::Error) -> ParseError {
    ParseError::new(Code::Malformed, format!("cannot read this bundle: {e}"))
}
