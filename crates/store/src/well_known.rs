//! The well-known file a member serves on its website (FORMAT.md §14.7), written by the member's
//! app or `undersigned key well-known`: its name and key(s), so that a coalition's lead (and
//! anyone) can see that the key is the organization's own.

use crate::fetch::{FetchFailure, Fetcher};
use crate::files::write_atomic;
use crate::{Error, Result};
use serde::Serialize;
use std::path::Path;
use undersigned_core::tier::Finding;
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

/// Whether a member's website serves its well-known file, listing its key: what a lead's check
/// will find (the same fetch, the same rule).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum LiveCheck {
    /// No website, or one whose host is not an ASCII DNS name (FORMAT.md §14.7).
    NoWebsite,
    /// The file is there and lists the key.
    Live { url: String },
    /// The site answered, but not with the file listing the key: what it showed.
    NotYet { url: String, status: u16, finding: Finding },
    /// No answer: why.
    Failed { url: String, failure: FetchFailure },
}

/// Fetches the well-known file of `website` as a lead would and says whether it lists `key`
/// (for some statement at least).
pub fn check_live(fetcher: &Fetcher, website: Option<&str>, key: &str, now: &str) -> LiveCheck {
    let Some(host) = website.and_then(undersigned_core::tier::website_host) else { return LiveCheck::NoWebsite };
    let url = format!("https://{host}{}", undersigned_core::well_known::PATH);
    match fetcher.well_known(&host) {
        Err(failure) => LiveCheck::Failed { url, failure },
        Ok(f) => {
            let snapshot = undersigned_core::attestation::snapshot(&host, now, u64::from(f.status), &f.body);
            match undersigned_core::tier::website_finding(&snapshot, key, website, "") {
                // A file that speaks for some statements only is live for those.
                Finding::Listed | Finding::OtherStatements => LiveCheck::Live { url },
                finding => LiveCheck::NotYet { url, status: f.status, finding },
            }
        }
    }
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
