//! The inbox folder: endorsements and withdrawals that members drop into a shared folder are
//! imported as they appear. [`Inbox`] remembers what it has seen, so each file is offered once
//! (again when it changes).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;
use undersigned_core::witness::COSIGNATURE_EXTENSION;
use undersigned_core::FileKind;

/// Whether a file of this name may hold an entry or a witness's cosignature: `.json`, or an
/// endorsement's, withdrawal's or cosignature file's own extension (FORMAT.md §15, §14.14; the
/// content decides what it is when it is imported).
fn is_entry_name(name: &str) -> bool {
    let Some((_, ext)) = name.rsplit_once('.') else { return false };
    ext.eq_ignore_ascii_case("json")
        || ext.eq_ignore_ascii_case(COSIGNATURE_EXTENSION)
        || [FileKind::Endorsement, FileKind::Withdrawal]
            .iter()
            .any(|k| k.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext)))
}

/// The files seen so far: path → (size, modification time).
#[derive(Debug, Default)]
pub struct Inbox {
    seen: HashMap<PathBuf, (u64, Option<SystemTime>)>,
}

impl Inbox {
    /// The `.json`, `.undersigned-endorsement`, `.undersigned-withdrawal` and
    /// `.undersigned-cosignature` files in `folder` (not hidden, not in subfolders) that are new or changed
    /// since the last call, in name order. An unreadable folder has none.
    pub fn fresh(&mut self, folder: &Path) -> Vec<PathBuf> {
        let Ok(entries) = std::fs::read_dir(folder) else { return Vec::new() };
        let mut fresh = Vec::new();
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Ok(meta) = entry.metadata() else { continue };
            if !meta.is_file() || name.starts_with('.') || !is_entry_name(&name) {
                continue;
            }
            let stamp = (meta.len(), meta.modified().ok());
            let path = entry.path();
            if self.seen.get(&path) != Some(&stamp) {
                self.seen.insert(path.clone(), stamp);
                fresh.push(path);
            }
        }
        fresh.sort();
        fresh
    }

    /// Forgets every file seen (the folder changed).
    pub fn forget(&mut self) {
        self.seen.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_file_is_offered_once_and_again_when_it_changes() {
        let dir = tempfile::tempdir().unwrap();
        let mut inbox = Inbox::default();
        std::fs::write(dir.path().join("b.json"), "{}").unwrap();
        std::fs::write(dir.path().join("a.json"), "{}").unwrap();
        std::fs::write(dir.path().join(".hidden.json"), "{}").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
        std::fs::create_dir(dir.path().join("sub.json")).unwrap();
        assert_eq!(inbox.fresh(dir.path()), vec![dir.path().join("a.json"), dir.path().join("b.json")]);
        assert!(inbox.fresh(dir.path()).is_empty());
        std::fs::write(dir.path().join("a.json"), "{\"changed\":1}").unwrap();
        assert_eq!(inbox.fresh(dir.path()), vec![dir.path().join("a.json")]);
        inbox.forget();
        assert_eq!(inbox.fresh(dir.path()).len(), 2);
        assert!(inbox.fresh(&dir.path().join("missing")).is_empty());
    }

    #[test]
    fn endorsements_and_withdrawals_under_their_own_names_are_offered_too() {
        let dir = tempfile::tempdir().unwrap();
        let mut inbox = Inbox::default();
        for name in
            ["a.undersigned-endorsement", "b.UNDERSIGNED-WITHDRAWAL", "c.undersigned-bundle", "d.undersigned-key"]
        {
            std::fs::write(dir.path().join(name), "{}").unwrap();
        }
        let got = inbox.fresh(dir.path());
        assert_eq!(
            got,
            vec![dir.path().join("a.undersigned-endorsement"), dir.path().join("b.UNDERSIGNED-WITHDRAWAL")]
        );
    }
}
