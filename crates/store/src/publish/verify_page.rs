//! verify.html: one self-contained page carrying the bundle (and the previous release's), whose
//! own JavaScript verifier (`assets/verify.js`) checks it on opening, offline.

use super::html::{csp_hash, ScriptJson};
use askama::Template;
use std::io::Write;

pub(super) const VERIFY_JS: &str = include_str!("../../assets/verify.js");
pub(super) const VERIFY_CSS: &str = include_str!("../../assets/verify.css");

/// The page (templates/verify.html). The bundles are [`ScriptJson`]: written into the page as it
/// is written to its file, never copied.
#[derive(Template)]
#[template(path = "verify.html")]
struct VerifyPage<'a> {
    script_hash: String,
    style_hash: String,
    title: &'a str,
    style: &'static str,
    script: &'static str,
    bundle: ScriptJson<'a>,
    previous: Option<ScriptJson<'a>>,
}

/// Writes verify.html: the offline verifier with the bundle (and the previous release's, if
/// given) embedded, as it is rendered (a large bundle is never copied in memory). The page's
/// script and style are allowed by hash; nothing else is.
pub fn write_verify(
    w: &mut dyn Write,
    bundle_json: &str,
    previous_json: Option<&str>,
    title: &str,
) -> std::io::Result<()> {
    VerifyPage {
        script_hash: csp_hash(VERIFY_JS),
        style_hash: csp_hash(VERIFY_CSS),
        title,
        style: VERIFY_CSS,
        script: VERIFY_JS,
        bundle: ScriptJson(bundle_json),
        previous: previous_json.map(ScriptJson),
    }
    .write_into(w)
}
