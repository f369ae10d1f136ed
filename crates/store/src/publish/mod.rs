//! The publication of a release: what delegations and journalists receive.
//!
//! [`publish`] verifies a bundle (and refuses an invalid one), then writes into a folder:
//! - `bundle.json`: the bundle, byte for byte as given;
//! - `index.html`: the statement in every language (Markdown rendered to safe HTML), the release,
//!   the lead and its key fingerprint, the digest, the signatories grouped by kind and country with
//!   counts, the withdrawn endorsements, and a print stylesheet; no script, no external resource;
//! - `signatories.csv`: one row per endorsement (RFC 4180, UTF-8);
//! - `verify.html`: one self-contained page carrying the bundle, whose own JavaScript verifier
//!   (`assets/verify/`, written from docs/FORMAT.md independently of the Rust code) checks it on
//!   opening, offline, and accepts another bundle or a previous release by picker or drag-and-drop.
//!
//! The pages are askama templates (`crates/store/templates/`), compiled with the crate: a
//! template that does not parse, or names a value the page does not have, does not build.
//! askama rather than minijinja because the pages are fixed (nothing to load at run time), the
//! compiler checks every value's type, and a template writes straight to the file as it goes.
//! Every value a template inserts is HTML-escaped (`html::Html`, configured for `.html`
//! templates in `crates/store/askama.toml`); the only values inserted as they are say so with
//! `|safe` and a comment: the pages' own stylesheet and script, the statement text as
//! [`crate::markdown`] renders and sanitises it, and the JSON data blocks of verify.html
//! (`html::ScriptJson`: no `<` in them). The Content Security Policy of both pages allows no
//! request and only the page's own style and, in verify.html, script (by hash).
//!
//! The pages are written to their files as they are rendered: the rows of a list of a million
//! signatories, and the bundle that verify.html carries, are never held as a page in memory.

mod csv;
mod html;
mod index;
mod order;
mod text;
mod verify_page;

pub use self::csv::{render_csv, write_csv, CSV_HEADER};
pub use html::escape;
pub use index::{render_index, write_index};
pub use verify_page::write_verify;

use crate::{files, Error, Result, Store};
use std::path::{Path, PathBuf};
use undersigned_core::bundle::Bundle;
use undersigned_core::verify::{self, Options, Previous};

/// The files a publication folder holds.
pub const FILES: [&str; 4] = ["bundle.json", "index.html", "signatories.csv", "verify.html"];

/// What [`publish`] wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Publication {
    pub dir: PathBuf,
    pub files: Vec<PathBuf>,
    pub release: u64,
    pub signatories: u64,
    pub withdrawn: u64,
}

/// Verifies `bundle_bytes` (against `previous_bytes`, the previous release's bundle, if given)
/// with core's one pipeline, reading each once, and writes the publication into `out`, creating
/// the folder if needed and replacing the four files if they exist. An unreadable bundle is
/// [`Error::Unreadable`]; one that does not verify (an unreadable previous release included:
/// `previous-invalid`) is [`Error::Verification`] with every failure, and nothing is written.
/// `progress(stage, done, total)` reports the bytes verified (`verifying`, both bundles
/// together), then the files written (`writing`).
pub fn publish(
    bundle_bytes: &[u8],
    previous_bytes: Option<&[u8]>,
    out: &Path,
    seed: &[u8; 32],
    progress: &dyn Fn(&str, u64, u64),
) -> Result<Publication> {
    let total = (bundle_bytes.len() + previous_bytes.map_or(0, <[u8]>::len)) as u64;
    progress(VERIFYING, 0, total);
    let done = bundle_bytes.len() as u64;
    let on_bytes = |part: verify::Part, n: u64| match part {
        verify::Part::Bundle => progress(VERIFYING, n, total),
        verify::Part::Previous => progress(VERIFYING, done + n, total),
    };
    let mut previous_reader = previous_bytes;
    let previous = previous_reader.as_mut().map(|r| Previous::Reader(r as &mut dyn std::io::Read));
    let opts = Options { entries: true, progress: Some(&on_bytes), ..Default::default() };
    let verified = verify::verify_bundle(bundle_bytes, previous, seed, &opts);
    progress(VERIFYING, total, total);
    let report = &verified.report;
    let release = match verified.release() {
        Some(r) if verified.readable => r,
        _ => {
            let f = report.errors.first();
            return Err(Error::Unreadable {
                code: f.map_or(undersigned_core::Code::Malformed, |f| f.code),
                message: f.map(|f| f.message.clone()).unwrap_or_default(),
            });
        }
    };
    if !report.valid {
        return Err(Error::Verification(report.errors.clone()));
    }
    // Nothing is written unless the bundle verifies; then the bundle is written as given, not
    // copied, and every page straight to its file as it is rendered (a file appears, whole, only
    // once it is written).
    fn utf8(b: &[u8]) -> Result<&str> {
        std::str::from_utf8(b).map_err(|_| Error::Invalid("the bundle is not UTF-8 text".into()))
    }
    let (bundle_text, previous_text) = (utf8(bundle_bytes)?, previous_bytes.map(utf8).transpose()?);
    std::fs::create_dir_all(out).map_err(|e| Error::io(format!("cannot create the folder {}", out.display()), e))?;
    type Page<'p> = &'p dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()>;
    let pages: [(&str, Page); 4] = [
        ("bundle.json", &|w| w.write_all(bundle_bytes)),
        ("index.html", &|w| write_index(w, verified.statement_versions(), release, report)),
        ("signatories.csv", &|w| write_csv(w, report)),
        ("verify.html", &|w| write_verify(w, bundle_text, previous_text, &report.statement.title)),
    ];
    let mut written = Vec::new();
    for (name, write) in pages {
        progress(WRITING, written.len() as u64, FILES.len() as u64);
        let path = out.join(name);
        files::write_atomic_with(&path, false, |w| write(w))?;
        written.push(path);
    }
    progress(WRITING, written.len() as u64, FILES.len() as u64);
    Ok(Publication {
        dir: out.to_path_buf(),
        files: written,
        release: report.release.number,
        signatories: report.signatories,
        withdrawn: report.withdrawn,
    })
}

/// The stages [`publish`] reports.
pub const VERIFYING: &str = "verifying";
pub const WRITING: &str = "writing";

/// [`publish`] for bundles already in memory (the app's "Export publication"): they are
/// written as JSON and verified as such.
pub fn publish_bundle(
    bundle: &Bundle,
    previous: Option<&Bundle>,
    out: &Path,
    seed: &[u8; 32],
    progress: &dyn Fn(&str, u64, u64),
) -> Result<Publication> {
    let prev = previous.map(Bundle::to_json);
    publish(&bundle.to_json(), prev.as_deref(), out, seed, progress)
}

impl Store {
    /// Exports the publication of release `number` (default: the latest) of a statement, with
    /// the release before it embedded in verify.html so that the page also checks FORMAT.md §10.3.
    pub fn export_publication(
        &self,
        id: &str,
        number: Option<u64>,
        out: &Path,
        seed: &[u8; 32],
        progress: &dyn Fn(&str, u64, u64),
    ) -> Result<Publication> {
        let b = self.bundle(id, number)?;
        let n = b.release.signed.number;
        let prev = if n > 1 { Some(self.bundle(id, Some(n - 1))?) } else { None };
        publish_bundle(&b, prev.as_ref(), out, seed, progress)
    }
}

#[cfg(test)]
mod tests;
