//! Paths a person chose in a file dialog, before anything is read from or written to them.
//! Names that came from a file or from another person never become paths; these rules keep a
//! relative or climbing path out, and keep exports away from the store's own files.

use crate::{Error, Result};
use std::path::{Component, Path, PathBuf};

/// A file or folder to read: an absolute path with no `..` component.
pub fn to_read(path: &str) -> Result<PathBuf> {
    let p = PathBuf::from(path);
    if !p.is_absolute() || p.components().any(|c| matches!(c, Component::ParentDir)) {
        return Err(Error::Invalid(format!("{path} is not a full path to a file; choose the file again")));
    }
    Ok(p)
}

/// A file or folder to write: as [`to_read`], and outside `protected` (the folder of the
/// store, its key and its settings, which an export must never replace), symbolic links resolved.
pub fn to_write(path: &str, protected: &Path) -> Result<PathBuf> {
    let p = to_read(path)?;
    let real = |q: &Path| q.canonicalize().unwrap_or_else(|_| q.to_path_buf());
    // The deepest part of the path that exists, resolved.
    let existing = p.ancestors().find(|a| a.exists()).map(real).unwrap_or_default();
    if existing.starts_with(real(protected)) {
        return Err(Error::Invalid(format!(
            "{path} is inside the app's own folder ({}), where its records and key are kept; choose another folder",
            protected.display()
        )));
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_and_climbing_paths_are_refused() {
        for p in ["bundle.json", "./x", "", "/tmp/../etc/passwd"] {
            assert!(matches!(to_read(p), Err(Error::Invalid(_))), "{p}");
        }
        assert_eq!(to_read("/tmp/a b.json").unwrap(), PathBuf::from("/tmp/a b.json"));
    }

    #[test]
    fn nothing_is_written_inside_the_protected_folder() {
        let dir = tempfile::tempdir().unwrap();
        let own = dir.path().join("app");
        std::fs::create_dir(&own).unwrap();
        let inside = own.join("new").join("bundle.json");
        assert!(matches!(to_write(inside.to_str().unwrap(), &own), Err(Error::Invalid(_))));
        let outside = dir.path().join("out.json");
        assert_eq!(to_write(outside.to_str().unwrap(), &own).unwrap(), outside);
        #[cfg(unix)]
        {
            let link = dir.path().join("link");
            std::os::unix::fs::symlink(&own, &link).unwrap();
            let through = link.join("store.db");
            assert!(to_write(through.to_str().unwrap(), &own).is_err(), "a link into the folder is seen through");
        }
    }
}
