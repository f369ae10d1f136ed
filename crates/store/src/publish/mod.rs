//! The publication of a release: what delegations and journalists receive.
//!
//! [`publish`] verifies a bundle (and refuses an invalid one), then writes into a folder:
//! - `bundle.json`: the bundle, byte for byte as given;
//! - `index.html`: the statement in every language (Markdown rendered to safe HTML), the release,
//!   the lead and its key fingerprint, the digest, the signatories grouped by kind and country with
//!   counts, the withdrawn endorsements, and a print stylesheet; no script, no external resource.
//!   Its own words are in the statement's first language that the pages speak (English, French,
//!   Spanish, Arabic: [`words`]), and `index.<language>.html` holds the same page in each other
//!   one, each page linking to the others;
//! - `signatories.csv`: one row per endorsement (RFC 4180, UTF-8);
//! - `verify.html`: one self-contained page carrying the bundle (its JSON text without the white
//!   space between tokens: the same value, a quarter less for the browser to read), whose own JavaScript verifier
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
//! [`crate::markdown`] renders and sanitises it, and the JSON data of verify.html
//! (`<script type="application/json">` for its words, with no `<` in them; HTML comments for the
//! bundles, `html::CommentJson`, with neither `<` nor `>`). The Content Security Policy of both pages allows no
//! request and only the page's own style and, in verify.html, script (by hash).
//!
//! Memory stays bounded whatever the bundle's size (a million entries: about 350 MiB): a bundle
//! file is read once, as it is verified, and copied as it is read into an unnamed temporary file
//! from which bundle.json and verify.html are then written, never held in memory; the list keeps
//! one compact [`Signatory`] per endorsement, handed on by the verification as it goes
//! (`Options::on_entry`); and the pages are written to their files as they are rendered.

mod csv;
mod html;
mod index;
mod order;
mod signatories;
mod text;
mod tiers;
mod verify_page;
mod verify_words;
pub mod words;

pub use self::csv::{write_csv, CSV_HEADER};
pub use html::escape;
pub use index::{page_languages, render_index, render_index_in, write_index, PageLanguage};
pub use signatories::Signatory;
pub use tiers::{tier_text, tiers_counts, tiers_fact, unnamed_fact};
pub use verify_page::write_verify;

use crate::{files, Error, Result, Store};
use std::io::{BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use undersigned_core::verify::{self, Options, Previous};
use undersigned_core::AnyBundle;
use words::Lang;

/// The files every publication folder holds; beside them, index.html in each other language of
/// the statement that the pages speak (`index.fr.html`, …: [`words::Lang::index_file`]).
pub const FILES: [&str; 4] = ["bundle.json", "index.html", "signatories.csv", "verify.html"];

/// What [`publish`] wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Publication {
    pub dir: PathBuf,
    pub files: Vec<PathBuf>,
    pub release: u64,
    pub signatories: u64,
    pub withdrawn: u64,
    /// Signatories counted but not named (format 1.1, §14.9).
    pub unnamed: u64,
}

/// A bundle to publish: its bytes, or a file, read once (see [`publish`]).
#[derive(Clone, Copy, Debug)]
pub enum Input<'a> {
    Bytes(&'a [u8]),
    File(&'a Path),
}

/// Where a bundle's bytes are once verified, for the pages to be made from those very bytes: in
/// memory as given, or, for a file, in an unnamed temporary copy made as it was read (so that a
/// file changed while it is published cannot put other bytes into the pages than those verified,
/// and a bundle of a million entries is never held in memory).
enum Spool<'a> {
    Bytes(&'a [u8]),
    File(std::fs::File),
}

impl Spool<'_> {
    fn reader(&self) -> std::io::Result<Box<dyn Read + '_>> {
        match self {
            Spool::Bytes(b) => Ok(Box::new(*b)),
            Spool::File(f) => {
                let mut f = f;
                f.seek(SeekFrom::Start(0))?;
                Ok(Box::new(BufReader::with_capacity(1 << 20, f)))
            }
        }
    }
}

/// A file's bytes as they are read, copied into its spool.
struct Tee<'a> {
    source: &'a mut BufReader<std::fs::File>,
    copy: &'a std::fs::File,
    /// Why the copy failed, if it did (reported as such, not as an unreadable bundle).
    failed: &'a mut Option<std::io::Error>,
}

impl Read for Tee<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.source.read(buf)?;
        if let Err(e) = self.copy.write_all(&buf[..n]) {
            let err = std::io::Error::new(e.kind(), e.to_string());
            *self.failed = Some(e);
            return Err(err);
        }
        Ok(n)
    }
}

/// An input opened for the verification: its size and, for a file, the file and its spool.
struct Opened<'a> {
    input: Input<'a>,
    size: u64,
    file: Option<(BufReader<std::fs::File>, std::fs::File)>,
    /// Why copying the file into its spool failed, if it did.
    failed: Option<std::io::Error>,
}

impl<'a> Opened<'a> {
    fn new(input: Input<'a>, spool_dir: &Path) -> Result<Self> {
        let (size, file) = match input {
            Input::Bytes(b) => (b.len() as u64, None),
            Input::File(p) => {
                // A regular file within the size cap, as `verify` opens it.
                let (f, size) =
                    crate::verify::open(p).map_err(|e| Error::Unreadable { code: e.code, message: e.message })?;
                let spool = tempfile::tempfile_in(spool_dir)
                    .map_err(|e| Error::io(format!("cannot make a temporary file in {}", spool_dir.display()), e))?;
                (size, Some((f, spool)))
            }
        };
        Ok(Opened { input, size, file, failed: None })
    }

    /// A reader of the input that, for a file, copies what it reads into the spool.
    fn reader(&mut self) -> Box<dyn Read + '_> {
        match (&mut self.file, self.input) {
            (Some((f, spool)), _) => Box::new(Tee { source: f, copy: &*spool, failed: &mut self.failed }),
            (None, Input::Bytes(b)) => Box::new(b),
            (None, Input::File(_)) => Box::new(std::io::empty()),
        }
    }

    /// After the verification: where the bytes read are (a failed copy is an error here).
    fn into_spool(self) -> Result<Spool<'a>> {
        if let Some(e) = self.failed {
            let what = match self.input {
                Input::File(p) => p.display().to_string(),
                Input::Bytes(_) => "the bundle".into(),
            };
            return Err(Error::io(format!("cannot copy {what} to a temporary file"), e));
        }
        Ok(match (self.file, self.input) {
            (Some((_, spool)), _) => Spool::File(spool),
            (None, Input::Bytes(b)) => Spool::Bytes(b),
            (None, Input::File(_)) => Spool::Bytes(&[]),
        })
    }
}

/// Verifies a bundle (against the previous release's, if given) with core's one pipeline,
/// reading each once, and writes the publication into `out`, creating the folder if needed and
/// replacing the four files if they exist. Every page is made from the bytes verified: a file is
/// copied as it is read (into an unnamed temporary file beside `out`) and the pages read the
/// copy; memory stays bounded whatever the bundle's size (the lines of the list are kept small,
/// [`Signatory`]). An unreadable bundle is [`Error::Unreadable`]; one that does not verify (an
/// unreadable previous release included: `previous-invalid`) is [`Error::Verification`] with
/// every failure, and nothing is written. `progress(stage, done, total)` reports the bytes
/// verified (`verifying`, both bundles together), for format 1.1 the entries checked
/// (`checking`), then the files written (`writing`); [`unit`] says what each counts.
pub fn publish(
    bundle: Input<'_>,
    previous: Option<Input<'_>>,
    out: &Path,
    seed: &[u8; 32],
    progress: &dyn Fn(&str, u64, u64),
) -> Result<Publication> {
    let spool_dir = existing_ancestor(out);
    let mut opened = Opened::new(bundle, &spool_dir)?;
    let mut opened_previous = previous.map(|p| Opened::new(p, &spool_dir)).transpose()?;
    let total = opened.size + opened_previous.as_ref().map_or(0, |p| p.size);
    progress(VERIFYING, 0, total);
    let done = opened.size;
    let on_step = |part: verify::Part, step: verify::Step| match (part, step) {
        (verify::Part::Bundle, verify::Step::Read(n)) => progress(VERIFYING, n, total),
        (verify::Part::Previous, verify::Step::Read(n)) => progress(VERIFYING, done + n, total),
        (_, verify::Step::Checked { done, of }) => progress(CHECKING, done, of),
    };
    let collector = signatories::Collector::default();
    let on_entry = |e| collector.take(e);
    let scratch = crate::verify::scratch_for(total, Some(&spool_dir));
    let opts = Options {
        entries: true,
        on_entry: Some(&on_entry),
        progress: Some(&on_step),
        scratch: scratch.as_ref().map(|s| s as verify::ScratchRef<'_>),
        ..Default::default()
    };
    let verified = {
        let mut previous_reader = opened_previous.as_mut().map(Opened::reader);
        let previous = previous_reader.as_mut().map(|r| Previous::Reader(r as &mut dyn Read));
        verify::verify_bundle(opened.reader(), previous, seed, &opts)
    };
    // A copy that failed (a full disk) is said as such, not as an unreadable bundle.
    let spool = opened.into_spool()?;
    let previous_spool = opened_previous.map(Opened::into_spool).transpose()?;
    let report = &verified.report;
    let versions = verified.versions();
    if !verified.readable {
        let f = report.errors.first();
        return Err(Error::Unreadable {
            code: f.map_or(undersigned_core::Code::Malformed, |f| f.code),
            message: f.map(|f| f.message.clone()).unwrap_or_default(),
        });
    }
    if !report.valid {
        return Err(Error::Verification(report.errors.clone()));
    }
    let signatories = collector.finish(&verified);
    let languages = page_languages(&versions);
    // Nothing is written unless the bundle verifies; then every page straight to its file as it
    // is rendered (a file appears, whole, only once it is written).
    std::fs::create_dir_all(out).map_err(|e| Error::io(format!("cannot create the folder {}", out.display()), e))?;
    type Page<'p> = Box<dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()> + 'p>;
    let (versions, previous, listed, langs) = (&versions, verified.previous_release(), &signatories, &languages);
    let index = |lang: Lang| -> Page<'_> {
        Box::new(move |w| write_index(w, versions, previous, report, listed, PageLanguage { lang, all: langs }))
    };
    // index.html in the first language, then the other languages' pages (index.fr.html, …).
    let mut pages: Vec<(String, Page)> = vec![
        ("bundle.json".into(), Box::new(|w| std::io::copy(&mut spool.reader()?, w).map(|_| ()))),
        ("index.html".into(), index(languages[0])),
        ("signatories.csv".into(), Box::new(|w| write_csv(w, &signatories))),
        (
            "verify.html".into(),
            Box::new(|w| {
                let mut prev = previous_spool.as_ref().map(Spool::reader).transpose()?;
                write_verify(
                    w,
                    &mut spool.reader()?,
                    prev.as_mut().map(|r| r as &mut dyn Read),
                    &report.statement.title,
                    langs,
                )
            }),
        ),
    ];
    pages.extend(languages.iter().skip(1).map(|l| (l.index_file(languages[0]), index(*l))));
    let total = pages.len() as u64;
    let mut written = Vec::new();
    for (name, write) in pages {
        progress(WRITING, written.len() as u64, total);
        let path = out.join(name);
        files::write_atomic_with(&path, false, |w| write(w))?;
        written.push(path);
    }
    progress(WRITING, written.len() as u64, total);
    Ok(Publication {
        dir: out.to_path_buf(),
        files: written,
        release: report.release.number,
        signatories: report.signatories,
        withdrawn: report.withdrawn,
        unnamed: report.format_1_1.as_ref().map_or(0, |x| x.counts.unnamed),
    })
}

/// `path` if it exists, else its nearest folder that does (where `out` will be created).
fn existing_ancestor(path: &Path) -> PathBuf {
    path.ancestors()
        .map(|a| if a.as_os_str().is_empty() { Path::new(".") } else { a })
        .find(|a| a.is_dir())
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

/// The stages [`publish`] reports: the bytes read and verified (both bundles together); for a
/// bundle of format 1.1, then its entries checked; then the files written.
pub const VERIFYING: &str = "verifying";
pub const CHECKING: &str = "checking";
pub const WRITING: &str = "writing";

/// What a stage of [`publish`] counts: `bytes`, `entries` or `files`.
pub fn unit(stage: &str) -> &'static str {
    match stage {
        VERIFYING => "bytes",
        CHECKING => "entries",
        _ => "files",
    }
}

/// [`publish`] for bundles already in memory (the app's "Export publication"), of either
/// format: they are written as JSON and verified as such.
pub fn publish_bundle(
    bundle: &AnyBundle,
    previous: Option<&AnyBundle>,
    out: &Path,
    seed: &[u8; 32],
    progress: &dyn Fn(&str, u64, u64),
) -> Result<Publication> {
    let prev = previous.map(AnyBundle::to_json);
    publish(Input::Bytes(&bundle.to_json()), prev.as_deref().map(Input::Bytes), out, seed, progress)
}

impl Store {
    /// Exports the publication of release `number` (default: the latest) of a statement, of its
    /// own format, with the release before it embedded in verify.html so that the page also
    /// checks FORMAT.md §10.3 (§14.11).
    pub fn export_publication(
        &self,
        id: &str,
        number: Option<u64>,
        out: &Path,
        seed: &[u8; 32],
        progress: &dyn Fn(&str, u64, u64),
    ) -> Result<Publication> {
        let b = self.release_bundle(id, number)?;
        let n = b.number();
        let prev = if n > 1 { Some(self.release_bundle(id, Some(n - 1))?) } else { None };
        publish_bundle(&b, prev.as_ref(), out, seed, progress)
    }
}

#[cfg(test)]
mod tests;
