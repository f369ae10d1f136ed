//! Writes the test vectors of FORMAT.md §12 into a folder (by default `docs/vectors`):
//!
//! ```text
//! cargo run -p undersigned-core --example make-vectors -- docs/vectors
//! ```
//!
//! Everything is derived from fixed seeds and fixed timestamps, so the output is the same byte
//! for byte on every run; `tests/vectors.rs` checks both that each vector verifies as
//! `index.json` says and that regenerating changes no byte. The expected verdicts and codes are
//! written here by hand (they are the specification), never copied from the verifier.
//!
//! Vectors that must fail for one reason only are re-signed wherever a signature is not the
//! point (a release with wrong counts is correctly signed by the lead, and so on).

mod amendments;
mod bundles11;
mod equivocation;
mod fields;
mod fixtures;
mod gen;
mod inputs;
mod invitations11;
mod log;
mod previous;
mod reading;
mod signatures;
mod tiers;
mod unreadable;
mod valid;
mod well_known;

use gen::{readme, Gen};

use serde::Serialize;
use serde_json::Value;
use std::path::Path;
use undersigned_core::canonical::pretty;

/// One line of `index.json`.
#[derive(Clone, Debug, Serialize)]
pub struct Vector {
    pub file: String,
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
    pub description: String,
    pub valid: bool,
    /// Sorted as strings, without repeats; empty for a valid vector.
    pub codes: Vec<&'static str>,
    /// 1.1 bundles whose point they are (FORMAT.md §12): each entry's tier, or null.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tiers: Option<Vec<Option<&'static str>>>,
    /// With `tiers`: each hidden entry's number of vouchers, null for the other entries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vouchers: Option<Vec<Option<u64>>>,
}

/// Every file of the vector folder: the vectors, `index.json` and `README.md`, with their bytes.
pub fn generate() -> Vec<(String, Vec<u8>)> {
    let mut g = Gen::default();
    g.build();
    let mut files = g.files;
    files.push(("index.json".into(), pretty(&g.index)));
    files.push(("README.md".into(), readme(&g.index).into_bytes()));
    files
}

/// Writes every file of [`generate`] into `dir` (created if needed). Returns the file names.
pub fn write_all(dir: &Path) -> std::io::Result<Vec<String>> {
    std::fs::create_dir_all(dir)?;
    let mut names = Vec::new();
    for (name, bytes) in generate() {
        std::fs::write(dir.join(&name), &bytes)?;
        names.push(name);
    }
    Ok(names)
}

#[allow(dead_code)] // unused when the test includes this file as a module
fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "docs/vectors".into());
    let dir = Path::new(&dir);
    let names = match write_all(dir) {
        Ok(n) => n,
        Err(e) => {
            eprintln!("make-vectors: cannot write into {}: {e}", dir.display());
            std::process::exit(2);
        }
    };
    // Say at once if the verifier disagrees with a vector (the test says it too).
    let mut bad = 0;
    let index: Vec<Value> =
        serde_json::from_slice(&std::fs::read(dir.join("index.json")).unwrap_or_default()).unwrap_or_default();
    for v in &index {
        let file = v["file"].as_str().unwrap_or_default();
        let bytes = std::fs::read(dir.join(file)).unwrap_or_default();
        let prev = v["previous"].as_str().map(|p| std::fs::read(dir.join(p)).unwrap_or_default());
        let (valid, codes) =
            undersigned_core::check::check_file(v["kind"].as_str().unwrap_or_default(), &bytes, prev.as_deref());
        let mut got: Vec<&str> = codes.iter().map(|c| c.as_str()).collect();
        got.sort_unstable();
        let want: Vec<&str> = v["codes"].as_array().into_iter().flatten().filter_map(|c| c.as_str()).collect();
        if valid != v["valid"].as_bool().unwrap_or(false) || got != want {
            bad += 1;
            eprintln!("make-vectors: {file}: expected {want:?}, the verifier says {got:?}");
        }
    }
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            if !names.contains(&n) {
                eprintln!("make-vectors: note: {n} in {} is not a generated file", dir.display());
            }
        }
    }
    println!("make-vectors: wrote {} files into {}", names.len(), dir.display());
    if bad > 0 {
        std::process::exit(1);
    }
}
