//! Reading capped files and writing files atomically.

use crate::{Error, Result};
use std::io::{Read, Write};
use std::path::Path;
use undersigned_core::FileKind;

/// What the file at `path` holds, by its content (FORMAT.md §15); a file that cannot be read is
/// `Unknown`. A file larger than any kind but a bundle may be (§10.4) is taken for a bundle
/// without being read: verifying it says what it is.
pub fn kind_of(path: &Path) -> FileKind {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() && m.len() > FileKind::LARGEST_NOT_BUNDLE as u64 => FileKind::Bundle,
        Ok(m) if m.is_file() => read_capped(path, FileKind::LARGEST_NOT_BUNDLE, "file")
            .map(|b| FileKind::of_bytes(&b))
            .unwrap_or(FileKind::Unknown),
        _ => FileKind::Unknown,
    }
}

/// Reads at most `cap` bytes; a larger file is refused without reading it all.
pub fn read_capped(path: &Path, cap: usize, what: &str) -> Result<Vec<u8>> {
    let f = std::fs::File::open(path).map_err(|e| Error::io(format!("cannot open {}", path.display()), e))?;
    let mut buf = Vec::new();
    f.take(cap as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
    if buf.len() > cap {
        return Err(Error::Unreadable {
            code: undersigned_core::Code::TooLarge,
            message: format!("{} is larger than the {} bytes allowed for a {what}", path.display(), cap),
        });
    }
    Ok(buf)
}

/// Writes `bytes` to `path` through a temporary file in the same folder, fsynced and renamed
/// into place, so that a crash leaves either the old file or the new one. `private` gives the
/// file mode 0600 on Unix.
pub fn write_atomic(path: &Path, bytes: &[u8], private: bool) -> Result<()> {
    write_atomic_with(path, private, |w| w.write_all(bytes))
}

/// [`write_atomic`] for content produced by `write` (a large bundle, written as it is
/// serialized instead of held in memory first).
pub fn write_atomic_with(
    path: &Path,
    private: bool,
    write: impl FnOnce(&mut std::io::BufWriter<&mut std::fs::File>) -> std::io::Result<()>,
) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path.file_name().ok_or_else(|| Error::Invalid(format!("{} is not a file name", path.display())))?;
    let tmp = dir.join(format!(".{}.tmp-{}", name.to_string_lossy(), std::process::id()));
    let ctx = |e| Error::io(format!("cannot write {}", path.display()), e);
    {
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create(true).truncate(true);
        #[cfg(unix)]
        if private {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        #[cfg(not(unix))]
        let _ = private;
        let mut f = opts.open(&tmp).map_err(ctx)?;
        let res = {
            let mut w = std::io::BufWriter::with_capacity(1 << 20, &mut f);
            write(&mut w).and_then(|_| w.flush())
        }
        .and_then(|_| f.sync_all());
        if let Err(e) = res {
            let _ = std::fs::remove_file(&tmp);
            return Err(ctx(e));
        }
    }
    if let Err(e) = std::fs::rename(&tmp, path) {
        let _ = std::fs::remove_file(&tmp);
        return Err(ctx(e));
    }
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Writes a new file that must not exist yet (key files are never overwritten).
pub fn write_new(path: &Path, bytes: &[u8], private: bool) -> Result<()> {
    if path.exists() {
        return Err(Error::Conflict(format!("{} already exists; choose another name", path.display())));
    }
    write_atomic(path, bytes, private)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_what_its_content_says_whatever_its_name() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, bytes: &[u8]| {
            let p = dir.path().join(name);
            std::fs::write(&p, bytes).unwrap();
            p
        };
        let inv = write("x.undersigned-bundle", br#"{"format":"undersigned/1","type":"invitation"}"#);
        assert_eq!(kind_of(&inv), FileKind::Invitation);
        let e = write("e.json", br#"{"signed":{"type":"endorsement"},"signature":"00"}"#);
        assert_eq!(kind_of(&e), FileKind::Endorsement);
        assert_eq!(kind_of(&write("n.undersigned-invitation", b"not json")), FileKind::Unknown);
        assert_eq!(kind_of(&dir.path().join("missing.json")), FileKind::Unknown);
        assert_eq!(kind_of(dir.path()), FileKind::Unknown);
        let big = write("big.json", &vec![b' '; FileKind::LARGEST_NOT_BUNDLE + 1]);
        assert_eq!(kind_of(&big), FileKind::Bundle);
    }
}
