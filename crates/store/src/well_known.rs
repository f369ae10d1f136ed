//! The well-known file a member serves on its website (FORMAT.md §14.7), written by the member's
//! app or `undersigned key well-known`: its name and key(s), so that a coalition's lead (and
//! anyone) can see that the key is the organization's own.

use crate::files::write_atomic;
use crate::{Error, Result};
use std::path::Path;
use undersigned_core::well_known::WellKnown;

/// Writes the well-known file for `name` and `keys` (for the `statements` given, or every
/// statement when none) to `to`, after checking it against §14.7 ([`Error::Invalid`] with every
/// broken rule otherwise).
pub fn write(to: &Path, name: &str, keys: Vec<String>, statements: Vec<String>) -> Result<()> {
    let file = WellKnown::new(name, keys, statements);
    let problems = file.verify();
    if !problems.is_empty() {
        let all: Vec<String> = problems.iter().map(|f| f.message.clone()).collect();
        return Err(Error::Invalid(all.join("; ")));
    }
    write_atomic(to, &file.to_json(), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_file_that_reads_back_and_refuses_a_bad_one() {
        let dir = tempfile::tempdir().unwrap();
        let to = dir.path().join("undersigned.json");
        let key = "ab".repeat(32);
        write(&to, "Green Rivers Alliance", vec![key.clone()], vec![]).unwrap();
        let back = WellKnown::parse(&std::fs::read(&to).unwrap()).unwrap();
        assert!(back.verify().is_empty() && back.names(&key, &"0".repeat(32)));
        let bad = write(&dir.path().join("bad.json"), "Green\u{7}Rivers", vec![key], vec![]);
        assert!(matches!(bad, Err(Error::Invalid(m)) if m.contains("name")));
        assert!(!dir.path().join("bad.json").exists());
    }
}
