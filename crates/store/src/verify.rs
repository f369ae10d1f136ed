//! Verifying bundle files, for the CLI and the app: the streaming verifier over a file, on every
//! core, with the size cap checked before anything is read (FORMAT.md §10.4) and progress
//! reported in bytes.

use std::path::Path;
use undersigned_core::bundle::{self, VerificationReport};
use undersigned_core::stream::{self, Options, Verified};
use undersigned_core::{Code, ParseError};

/// Verifies the bundle at `path` as it is read. `progress(bytes_read, file_size)` is called about
/// every MiB. `entries` builds the report's per-entry lines (memory grows with them).
pub fn verify_file(path: &Path, seed: &[u8; 32], entries: bool, progress: &dyn Fn(u64, u64)) -> Result<Verified, ParseError> {
    let unreadable = |e: std::io::Error| ParseError::new(Code::Malformed, format!("cannot open {}: {e}", path.display()));
    let f = std::fs::File::open(path).map_err(unreadable)?;
    let meta = f.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(ParseError::new(Code::Malformed, format!("{} is not a file", path.display())));
    }
    let len = meta.len();
    if len > bundle::MAX_BYTES {
        return Err(ParseError::new(
            Code::TooLarge,
            format!("{} is larger than the {} bytes allowed for a bundle", path.display(), bundle::MAX_BYTES),
        ));
    }
    let on_progress = |n: u64| progress(n, len);
    let opts = Options { entries, progress: Some(&on_progress), ..Default::default() };
    stream::verify_stream(std::io::BufReader::with_capacity(1 << 16, f), seed, &opts)
        .map_err(|e| ParseError::new(e.code, format!("{}: {}", path.display(), e.message)))
}

/// Verifies the bundle at `path` and, if given, that it keeps every entry of the release
/// `previous` (§10.3). The report, and whether both files could be read as bundles (if not, the
/// report carries the reason as its only failure). `progress(file, bytes_read, file_size)`.
pub fn verify_files(
    path: &Path,
    previous: Option<&Path>,
    seed: &[u8; 32],
    entries: bool,
    progress: &dyn Fn(&Path, u64, u64),
) -> (VerificationReport, bool) {
    let loaded = verify_file(path, seed, entries, &|n, t| progress(path, n, t)).and_then(|b| {
        let prev = previous.map(|p| verify_file(p, seed, false, &|n, t| progress(p, n, t))).transpose()?;
        Ok((b, prev))
    });
    match loaded {
        Err(e) => (VerificationReport::unreadable(&e), false),
        Ok((mut b, prev)) => {
            if let Some(p) = &prev {
                b.check_previous(p);
            }
            (b.report, true)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vector(name: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/vectors").join(name)
    }

    #[test]
    fn verdicts_with_and_without_previous_and_unreadable_files() {
        let (r, ok) = verify_files(&vector("bundle-release-2.json"), Some(&vector("bundle-release-1.json")), &[1; 32], true, &|_, _, _| {});
        assert!(ok && r.valid, "{:?}", r.errors);
        assert!(r.previous.as_ref().is_some_and(|p| p.consistent));
        assert!(!r.entries.is_empty());
        let (r, ok) = verify_files(&vector("bundle-release-2-drops-entry.json"), Some(&vector("bundle-release-1.json")), &[1; 32], false, &|_, _, _| {});
        assert!(ok && !r.valid);
        assert!(r.errors.iter().any(|e| e.code == Code::PreviousMismatch), "{:?}", r.errors);
        let (r, ok) = verify_files(&vector("not-json.json"), None, &[1; 32], false, &|_, _, _| {});
        assert!(!ok && !r.valid);
        assert_eq!(r.errors[0].code, Code::Malformed);
        let (r, ok) = verify_files(Path::new("/no/such/file.json"), None, &[1; 32], false, &|_, _, _| {});
        assert!(!ok && r.errors[0].message.contains("cannot open"));
        let (r, ok) = verify_files(Path::new(env!("CARGO_MANIFEST_DIR")), None, &[1; 32], false, &|_, _, _| {});
        assert!(!ok && r.errors[0].message.contains("not a file"));
    }
}
