//! Verifying bundle files, for the CLI and the app: the files opened (with the size cap checked
//! before anything is read, FORMAT.md §10.4) and handed to core's one pipeline,
//! [`verify::verify_bundle`], with progress reported per file ([`Stage`]).

mod list;
pub mod online;

pub use list::Listed;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;
use std::sync::Mutex;
use undersigned_core::bundle::{self, EntryReport};
use undersigned_core::checkpoint::OwnWitnesses;
use undersigned_core::verify::{self, Options, Part, Previous, Step, Verification};
use undersigned_core::{Code, ParseError};

/// Opens the file at `path` for verification: a regular file within the bundle's size cap
/// (`verify` and `publish` alike).
pub(crate) fn open(path: &Path) -> Result<(BufReader<File>, u64), ParseError> {
    let unreadable =
        |e: std::io::Error| ParseError::new(Code::Malformed, format!("cannot open {}: {e}", path.display()));
    let f = File::open(path).map_err(unreadable)?;
    let meta = f.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(ParseError::new(Code::Malformed, format!("{} is not a file", path.display())));
    }
    if meta.len() > bundle::MAX_BYTES {
        return Err(ParseError::new(
            Code::TooLarge,
            format!("{} is larger than the {} bytes allowed for a bundle", path.display(), bundle::MAX_BYTES),
        ));
    }
    Ok((BufReader::with_capacity(1 << 16, f), meta.len()))
}

/// What a verification is doing, as its progress tells it, with how much of it is done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Reading a file, in bytes of its size. A bundle of format 1 is checked as it is read, so
    /// this is all of its work.
    Reading,
    /// Checking the entries of a bundle of format 1.1 (and taking their lines, when wanted), in
    /// entries: once it is read, a run at a time; or, when they were checked as it was read
    /// (its other members first, as writers put them), all of them at once.
    Checking,
}

impl Stage {
    /// What its amounts count: `bytes` or `entries`.
    pub fn unit(self) -> &'static str {
        match self {
            Stage::Reading => "bytes",
            Stage::Checking => "entries",
        }
    }
}

/// A verification's step as a [`Stage`] and its amounts (done, of how many), `size` the file's
/// length in bytes.
pub(crate) fn stage(step: Step, size: u64) -> (Stage, u64, u64) {
    match step {
        Step::Read(n) => (Stage::Reading, n, size),
        Step::Checked { done, of } => (Stage::Checking, done, of),
    }
}

/// From this many bytes of bundles, the verifier keeps each entry's whole id and key in a scratch
/// file rather than in memory ([`Options::scratch`]): from about 17,000 entries.
const SCRATCH_FROM: u64 = 16 << 20;

/// A scratch file for verifying `len` bytes of bundles: an unnamed temporary file in `dir` (the
/// system's when none), gone once closed. None for a small input, or when no file can be made
/// (a read-only machine): the values are then kept in memory, and the verdict is the same.
pub(crate) fn scratch_for(len: u64, dir: Option<&Path>) -> Option<Mutex<File>> {
    if len < SCRATCH_FROM {
        return None;
    }
    let file = match dir {
        Some(d) => tempfile::tempfile_in(d),
        None => tempfile::tempfile(),
    };
    file.ok().map(Mutex::new)
}

/// Verifies the bundle at `path` and, if given, that it keeps every entry of the release
/// `previous` (§10.3), through [`verify::verify_bundle`]. A bundle file that cannot be opened
/// is reported as unreadable (exit 2); a previous release that cannot be opened, as
/// `previous-invalid` beside the bundle's full report. `entries` builds the report's per-entry
/// lines (memory grows with them). `progress(file, stage, done, total)`: the bytes read about
/// every MiB, then for a bundle of format 1.1 the entries checked a run at a time.
pub fn verify_files(
    path: &Path,
    previous: Option<&Path>,
    seed: &[u8; 32],
    entries: bool,
    progress: &dyn Fn(&Path, Stage, u64, u64),
) -> Verification {
    run(path, previous, seed, entries, None, None, progress)
}

/// [`verify_files`] that also reports which of the verifier's own witnesses co-signed a bundle
/// of format 1.1 (FORMAT.md §14.8: apart from its verdict, `format_1_1.own_witnesses`).
pub fn verify_files_witnessed(
    path: &Path,
    previous: Option<&Path>,
    seed: &[u8; 32],
    entries: bool,
    own: &OwnWitnesses,
    progress: &dyn Fn(&Path, Stage, u64, u64),
) -> Verification {
    run(path, previous, seed, entries, None, Some(own), progress)
}

/// [`verify_files`] with every entry's line, kept small to be read a page at a time
/// ([`Listed::page`]): the app's Verify screen, at a million entries; with the verifier's own
/// witnesses, if it names some ([`verify_files_witnessed`]).
pub fn list_files(
    path: &Path,
    previous: Option<&Path>,
    seed: &[u8; 32],
    own: Option<&OwnWitnesses>,
    progress: &dyn Fn(&Path, Stage, u64, u64),
) -> Listed {
    let lines = list::Lines::default();
    let take = |e| lines.take(e);
    let v = run(path, previous, seed, true, Some(&take), own, progress);
    Listed::new(v, lines)
}

fn run(
    path: &Path,
    previous: Option<&Path>,
    seed: &[u8; 32],
    entries: bool,
    on_entry: Option<&(dyn Fn(EntryReport) + Sync)>,
    own_witnesses: Option<&OwnWitnesses>,
    progress: &dyn Fn(&Path, Stage, u64, u64),
) -> Verification {
    let (reader, len) = match open(path) {
        Ok(opened) => opened,
        Err(e) => return Verification::unreadable(e),
    };
    let mut prev = previous.map(open);
    let prev_len = match &prev {
        Some(Ok((_, n))) => *n,
        _ => 0,
    };
    let previous_input = prev.as_mut().map(|p| match p {
        Ok((r, _)) => Previous::Reader(r),
        Err(e) => Previous::Unavailable(e.clone()),
    });
    let on_progress = |part: Part, step: Step| match (part, previous) {
        (Part::Bundle, _) => {
            let (stage, done, total) = stage(step, len);
            progress(path, stage, done, total)
        }
        (Part::Previous, Some(p)) => {
            let (stage, done, total) = stage(step, prev_len);
            progress(p, stage, done, total)
        }
        (Part::Previous, None) => {}
    };
    let scratch = scratch_for(len + prev_len, None);
    let opts = Options {
        entries,
        on_entry,
        progress: Some(&on_progress),
        scratch: scratch.as_ref().map(|s| s as verify::ScratchRef<'_>),
        own_witnesses,
        ..Default::default()
    };
    let mut v = verify::verify_bundle(reader, previous_input, seed, &opts);
    if !v.readable {
        // Name the file in the one failure.
        for f in &mut v.report.errors {
            f.message = format!("{}: {}", path.display(), f.message);
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A large input gets a scratch file, which the verifier writes to and reads back from;
    /// a small one, or a folder where no file can be made, none (the values stay in memory).
    #[test]
    fn large_inputs_get_a_scratch_file() {
        use std::io::{Read, Seek, SeekFrom, Write};
        assert!(scratch_for(SCRATCH_FROM - 1, None).is_none());
        let dir = tempfile::tempdir().unwrap();
        let s = scratch_for(SCRATCH_FROM, Some(dir.path())).expect("a scratch file");
        let mut f = s.lock().unwrap();
        f.write_all(b"0123456789").unwrap();
        f.seek(SeekFrom::Start(4)).unwrap();
        let mut back = [0u8; 3];
        f.read_exact(&mut back).unwrap();
        assert_eq!(&back, b"456");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "the file has no name");
        assert!(scratch_for(SCRATCH_FROM, Some(&dir.path().join("missing"))).is_none());
    }

    fn vector(name: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/vectors").join(name)
    }

    /// A bundle of format 1.1 is read (bytes of its size), then checked (entries of its log),
    /// lines or not, each stage counting up to its whole, in that order; format 1 has its bytes
    /// alone.
    #[test]
    fn progress_goes_through_the_stages_of_each_format() {
        for (file, listed, want) in [
            ("bundle-1-1-release-3.json", true, &[Stage::Reading, Stage::Checking][..]),
            ("bundle-1-1-release-3.json", false, &[Stage::Reading, Stage::Checking][..]),
            ("bundle-release-2.json", true, &[Stage::Reading][..]),
        ] {
            let path = vector(file);
            let size = std::fs::metadata(&path).unwrap().len();
            let seen = std::cell::RefCell::new(Vec::<(Stage, u64, u64)>::new());
            let f = |p: &Path, stage, done, total| {
                assert_eq!(p, path);
                seen.borrow_mut().push((stage, done, total))
            };
            let log = if listed {
                list_files(&path, None, &[1; 32], None, &f).report().release.log_size
            } else {
                verify_files(&path, None, &[1; 32], false, &f).report.release.log_size
            };
            let seen = seen.into_inner();
            let mut stages: Vec<Stage> = seen.iter().map(|s| s.0).collect();
            stages.dedup();
            assert_eq!(stages, want, "{file}");
            for stage in want {
                let last = seen.iter().rfind(|s| s.0 == *stage).copied();
                let whole = if *stage == Stage::Reading { size } else { log };
                assert_eq!(last, Some((*stage, whole, whole)), "{file}");
            }
        }
    }

    /// Every bundle vector, and each with a previous release: the lines read a page at a time are
    /// the verifier's own full lines, the problems those with a failure, the report the same.
    #[test]
    fn listed_pages_are_the_verifiers_own_lines() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/vectors");
        let mut bundles: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("bundle-"))
            .collect();
        bundles.sort();
        assert!(bundles.len() > 40);
        let (mut withdrawals, mut problems) = (0, 0);
        for b in &bundles {
            for prev in [None, Some(vector("bundle-release-1.json"))] {
                let full = verify_files(b, prev.as_deref(), &[1; 32], true, &|_, _, _, _| {});
                let listed = list_files(b, prev.as_deref(), &[1; 32], None, &|_, _, _, _| {});
                let mut report = full.report.clone();
                let entries = std::mem::take(&mut report.entries);
                assert_eq!(listed.report(), &report, "{}", b.display());
                assert_eq!(listed.readable(), full.readable);
                assert_eq!(listed.len(false), entries.len() as u64, "{}", b.display());
                assert_eq!(listed.page(0, u64::MAX, false), entries, "{}", b.display());
                let bad: Vec<_> = entries.iter().filter(|e| e.status == "invalid").cloned().collect();
                assert!(bad.iter().all(|e| !e.errors.is_empty()), "{}", b.display());
                assert_eq!(listed.page(0, u64::MAX, true), bad, "{}", b.display());
                assert_eq!(listed.len(true), bad.len() as u64);
                // Pages of 2 put together are the whole; past the end, nothing.
                let mut paged = Vec::new();
                for start in (0..entries.len() as u64).step_by(2) {
                    paged.extend(listed.page(start, 2, false));
                }
                assert_eq!(paged, entries);
                assert!(listed.page(entries.len() as u64, 10, false).is_empty());
                withdrawals += entries.iter().filter(|e| e.kind == "withdrawal" && !e.name.is_empty()).count();
                problems += bad.len();
            }
        }
        // The vectors exercise what the lines rebuild: withdrawals' names, failures per entry.
        assert!(withdrawals > 5 && problems > 20, "{withdrawals} {problems}");
    }

    #[test]
    fn verdicts_with_and_without_previous_and_unreadable_files() {
        let v = verify_files(
            &vector("bundle-release-2.json"),
            Some(&vector("bundle-release-1.json")),
            &[1; 32],
            true,
            &|_, _, _, _| {},
        );
        let (r, ok) = (v.report, v.readable);
        assert!(ok && r.valid, "{:?}", r.errors);
        assert!(r.previous.as_ref().is_some_and(|p| p.consistent));
        assert!(!r.entries.is_empty());
        let v = verify_files(
            &vector("bundle-release-2-drops-entry.json"),
            Some(&vector("bundle-release-1.json")),
            &[1; 32],
            false,
            &|_, _, _, _| {},
        );
        let (r, ok) = (v.report, v.readable);
        assert!(ok && !r.valid);
        assert!(r.errors.iter().any(|e| e.code == Code::PreviousMismatch), "{:?}", r.errors);
        let v = verify_files(&vector("not-json.json"), None, &[1; 32], false, &|_, _, _, _| {});
        let (r, ok) = (v.report, v.readable);
        assert!(!ok && !r.valid);
        assert_eq!(r.errors[0].code, Code::Malformed);
        let v = verify_files(Path::new("/no/such/file.json"), None, &[1; 32], false, &|_, _, _, _| {});
        let (r, ok) = (v.report, v.readable);
        assert!(!ok && r.errors[0].message.contains("cannot open"));
        let v = verify_files(Path::new(env!("CARGO_MANIFEST_DIR")), None, &[1; 32], false, &|_, _, _, _| {});
        let (r, ok) = (v.report, v.readable);
        assert!(!ok && r.errors[0].message.contains("not a file"));
        // A previous release that cannot be read or opened: `previous-invalid`, and the bundle's
        // own full report (FORMAT.md §10.3).
        for prev in [vector("not-json.json"), Path::new("/no/such/file.json").to_path_buf()] {
            let v = verify_files(&vector("bundle-release-2.json"), Some(&prev), &[1; 32], true, &|_, _, _, _| {});
            assert!(v.readable && !v.report.valid && v.exit_code() == 1);
            assert_eq!(v.report.errors.iter().map(|e| e.code).collect::<Vec<_>>(), vec![Code::PreviousInvalid]);
            assert_eq!(v.report.entries.len() as u64, v.report.release.log_size);
            assert!(v.report.signatories > 0);
        }
    }
}
