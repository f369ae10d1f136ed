//! Every parser of the crate against JSONTestSuite's `test_parsing` files and against hostile
//! sizes: each must return an error (none of these files is an Undersigned artefact), and none
//! may panic or overflow the stack.
//!
//! The files are read from the repository's `tests/data/third-party/jsontestsuite/` (a copy of
//! the upstream folder, with its licence and source); if they are missing the test fails.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use undersigned_core::keyfile::KeyFile;
use undersigned_core::{endorsement, statement, withdrawal, Bundle, Invitation};

fn suite_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/third-party/jsontestsuite/test_parsing"))
}

type Parser = (&'static str, fn(&[u8]) -> bool);

/// Each parser, returning whether it accepted the input.
const PARSERS: [Parser; 6] = [
    ("Bundle::parse", |b| Bundle::parse(b).is_ok()),
    ("endorsement::parse", |b| endorsement::parse(b).is_ok()),
    ("withdrawal::parse", |b| withdrawal::parse(b).is_ok()),
    ("Invitation::parse", |b| Invitation::parse(b).is_ok()),
    ("statement::parse", |b| statement::parse(b).is_ok()),
    ("KeyFile::parse", |b| KeyFile::parse(b).is_ok()),
];

/// Runs every parser on `bytes`; returns the problems found (acceptance or a panic).
fn run_all(label: &str, bytes: &[u8]) -> Vec<String> {
    let mut problems = Vec::new();
    for (name, parse) in PARSERS {
        match catch_unwind(AssertUnwindSafe(|| parse(bytes))) {
            Ok(false) => {}
            Ok(true) => problems.push(format!("{name} accepted {label}")),
            Err(_) => problems.push(format!("{name} panicked on {label}")),
        }
    }
    problems
}

#[test]
fn every_test_parsing_file_is_rejected_without_panic() {
    let dir = suite_dir();
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| {
        panic!(
            "JSONTestSuite is required: cannot read {}: {e}. It is committed in \
             tests/data/third-party/jsontestsuite/ (see its README.md).",
            dir.display()
        )
    });
    let mut files: Vec<PathBuf> = entries.map(|e| e.expect("a directory entry").path()).collect();
    files.sort();
    assert!(files.len() >= 300, "only {} files in {}", files.len(), dir.display());
    let mut problems = Vec::new();
    for path in &files {
        let bytes = std::fs::read(path).expect("readable");
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        problems.extend(run_all(&name, &bytes));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn deep_nesting_is_rejected_without_overflow() {
    let depth = 100_000;
    for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
        let mut s = open.repeat(depth);
        s.push_str(&close.repeat(depth));
        assert!(run_all(&format!("{depth} nested {open}"), s.as_bytes()).is_empty());
        // Nested inside a plausible artefact, where a parser would go looking for members.
        let s = format!(
            "{{\"format\":\"undersigned/1\",\"type\":\"bundle\",\"entries\":{}{}}}",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        let problems = run_all("deep entries", s.as_bytes());
        assert!(problems.is_empty(), "{problems:?}");
        // Unclosed.
        assert!(run_all("unclosed nesting", open.repeat(depth).as_bytes()).is_empty());
    }
}

#[test]
fn a_ten_megabyte_string_is_rejected() {
    let big = "x".repeat(10 << 20);
    for s in [
        format!("\"{big}\""),
        format!("{{\"format\":\"{big}\"}}"),
        format!("{{\"format\":\"undersigned/1\",\"type\":\"bundle\",\"statement_versions\":[],\"x\":\"{big}\"}}"),
        format!("{{\"signed\":{{\"format\":\"undersigned/1\",\"type\":\"endorsement\",\"name\":\"{big}\"}}}}"),
        format!("\"{big}"), // unterminated
    ] {
        let problems = run_all("a 10 MB string", s.as_bytes());
        assert!(problems.is_empty(), "{problems:?}");
    }
}
