//! Verifying bundle files, for the CLI and the app: the files opened (with the size cap checked
//! before anything is read, FORMAT.md §10.4) and handed to core's one pipeline,
//! [`verify::verify_bundle`], with progress reported per file in bytes.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;
use undersigned_core::bundle;
use undersigned_core::verify::{self, Options, Part, Previous, Verification};
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

/// Verifies the bundle at `path` and, if given, that it keeps every entry of the release
/// `previous` (§10.3), through [`verify::verify_bundle`]. A bundle file that cannot be opened
/// is reported as unreadable (exit 2); a previous release that cannot be opened, as
/// `previous-invalid` beside the bundle's full report. `entries` builds the report's per-entry
/// lines (memory grows with them). `progress(file, bytes_read, file_size)` about every MiB.
pub fn verify_files(
    path: &Path,
    previous: Option<&Path>,
    seed: &[u8; 32],
    entries: bool,
    progress: &dyn Fn(&Path, u64, u64),
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
    let on_progress = |part: Part, n: u64| match (part, previous) {
        (Part::Bundle, _) => progress(path, n, len),
        (Part::Previous, Some(p)) => progress(p, n, prev_len),
        (Part::Previous, None) => {}
    };
    let opts = Options { entries, progress: Some(&on_progress), ..Default::default() };
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

    fn vector(name: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/vectors").join(name)
    }

    #[test]
    fn verdicts_with_and_without_previous_and_unreadable_files() {
        let v = verify_files(
            &vector("bundle-release-2.json"),
            Some(&vector("bundle-release-1.json")),
            &[1; 32],
            true,
            &|_, _, _| {},
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
            &|_, _, _| {},
        );
        let (r, ok) = (v.report, v.readable);
        assert!(ok && !r.valid);
        assert!(r.errors.iter().any(|e| e.code == Code::PreviousMismatch), "{:?}", r.errors);
        let v = verify_files(&vector("not-json.json"), None, &[1; 32], false, &|_, _, _| {});
        let (r, ok) = (v.report, v.readable);
        assert!(!ok && !r.valid);
        assert_eq!(r.errors[0].code, Code::Malformed);
        let v = verify_files(Path::new("/no/such/file.json"), None, &[1; 32], false, &|_, _, _| {});
        let (r, ok) = (v.report, v.readable);
        assert!(!ok && r.errors[0].message.contains("cannot open"));
        let v = verify_files(Path::new(env!("CARGO_MANIFEST_DIR")), None, &[1; 32], false, &|_, _, _| {});
        let (r, ok) = (v.report, v.readable);
        assert!(!ok && r.errors[0].message.contains("not a file"));
        // A previous release that cannot be read or opened: `previous-invalid`, and the bundle's
        // own full report (FORMAT.md §10.3).
        for prev in [vector("not-json.json"), Path::new("/no/such/file.json").to_path_buf()] {
            let v = verify_files(&vector("bundle-release-2.json"), Some(&prev), &[1; 32], true, &|_, _, _| {});
            assert!(v.readable && !v.report.valid && v.exit_code() == 1);
            assert_eq!(v.report.errors.iter().map(|e| e.code).collect::<Vec<_>>(), vec![Code::PreviousInvalid]);
            assert_eq!(v.report.entries.len() as u64, v.report.release.log_size);
            assert!(v.report.signatories > 0);
        }
    }
}
