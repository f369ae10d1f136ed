//! verify.html: one self-contained page carrying the bundle (and the previous release's), whose
//! own JavaScript verifier (`assets/verify/`, one script) checks it on opening, offline.

use super::html::{csp_hash, CommentJson};
use super::verify_words::{page_json, PageWords};
use super::words::Lang;
use askama::Template;
use std::io::{Read, Write};

/// The page's script: the files of `assets/verify/`, concatenated in the order of their names
/// (one file per concept of the verifier; see assets/verify/README.md). A test checks that the
/// list below is every `.js` file of that folder.
macro_rules! verify_js {
    () => {
        concat!(
            include_str!("../../assets/verify/00-begin.js"),
            include_str!("../../assets/verify/01-bytes.js"),
            include_str!("../../assets/verify/02-sha2.js"),
            include_str!("../../assets/verify/03-ed25519.js"),
            include_str!("../../assets/verify/04-json.js"),
            include_str!("../../assets/verify/05-shapes.js"),
            include_str!("../../assets/verify/06-canonical.js"),
            include_str!("../../assets/verify/07-merkle.js"),
            include_str!("../../assets/verify/08-unicode-data.js"),
            include_str!("../../assets/verify/09-unicode.js"),
            include_str!("../../assets/verify/10-fields.js"),
            include_str!("../../assets/verify/11-files.js"),
            include_str!("../../assets/verify/12-checks.js"),
            include_str!("../../assets/verify/13-entries.js"),
            include_str!("../../assets/verify/13a-notes.js"),
            include_str!("../../assets/verify/13b-versions11.js"),
            include_str!("../../assets/verify/13c-well-known.js"),
            include_str!("../../assets/verify/13d-bundle11.js"),
            include_str!("../../assets/verify/13e-tiers.js"),
            include_str!("../../assets/verify/14-split.js"),
            include_str!("../../assets/verify/15-workers.js"),
            include_str!("../../assets/verify/15a-arriving.js"),
            include_str!("../../assets/verify/16-verify-bundle.js"),
            include_str!("../../assets/verify/17-page.js")
        )
    };
}

pub(super) const VERIFY_JS: &str = verify_js!();
#[cfg(test)]
pub(super) const VERIFY_JS_FILES: &[&str] = &[
    "00-begin.js",
    "01-bytes.js",
    "02-sha2.js",
    "03-ed25519.js",
    "04-json.js",
    "05-shapes.js",
    "06-canonical.js",
    "07-merkle.js",
    "08-unicode-data.js",
    "09-unicode.js",
    "10-fields.js",
    "11-files.js",
    "12-checks.js",
    "13-entries.js",
    "13a-notes.js",
    "13b-versions11.js",
    "13c-well-known.js",
    "13d-bundle11.js",
    "13e-tiers.js",
    "14-split.js",
    "15-workers.js",
    "15a-arriving.js",
    "16-verify-bundle.js",
    "17-page.js",
];
pub(super) const VERIFY_CSS: &str = include_str!("../../assets/verify.css");

/// The page (templates/verify.html). The bundles are [`CommentJson`]: read into the page as it is
/// written to its file, never held.
#[derive(Template)]
#[template(path = "verify.html")]
struct VerifyPage<'a> {
    script_hash: String,
    style_hash: String,
    title: &'a str,
    page_title: String,
    w: PageWords,
    words: String,
    style: &'static str,
    script: &'static str,
    bundle: CommentJson<'a>,
    previous: Option<CommentJson<'a>>,
}

/// Writes verify.html: the offline verifier with the bundle (and the previous release's, if
/// given) embedded, read from `bundle` (and `previous`) as the page is written (a large bundle
/// is never held in memory). The page's script and style are allowed by hash; nothing else is.
/// A bundle that is not UTF-8 text is an error of kind `InvalidData`.
///
/// The page speaks the publication's `languages` (the first when it opens, the others through
/// its switch or `verify.html#lang=fr`, which index.fr.html links to); none means English.
pub fn write_verify(
    w: &mut dyn Write,
    bundle: &mut dyn Read,
    previous: Option<&mut dyn Read>,
    title: &str,
    languages: &[Lang],
) -> std::io::Result<()> {
    let languages = if languages.is_empty() { &[Lang::En][..] } else { languages };
    let words = PageWords::new(languages[0]);
    let page = VerifyPage {
        script_hash: csp_hash(VERIFY_JS),
        style_hash: csp_hash(VERIFY_CSS),
        title,
        page_title: words.title(title),
        w: words,
        words: page_json(languages),
        style: VERIFY_CSS,
        script: VERIFY_JS,
        bundle: CommentJson::new(bundle),
        previous: previous.map(|p| CommentJson::new(&mut *p)),
    };
    let written = page.write_into(w);
    // A bundle that could not be read or is not UTF-8 says so rather than "formatter error".
    match page.bundle.error().or_else(|| page.previous.as_ref().and_then(CommentJson::error)) {
        Some(e) => Err(e),
        None => written,
    }
}
