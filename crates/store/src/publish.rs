//! The publication of a release: what delegations and journalists receive.
//!
//! [`publish`] verifies a bundle (and refuses an invalid one), then writes into a folder:
//! - `bundle.json`: the bundle, byte for byte as given;
//! - `index.html`: the statement in every language (Markdown rendered to safe HTML), the release,
//!   the lead and its key fingerprint, the digest, the signatories grouped by kind and country with
//!   counts, the withdrawn endorsements, and a print stylesheet; no script, no external resource;
//! - `signatories.csv`: one row per endorsement (RFC 4180, UTF-8);
//! - `verify.html`: one self-contained page carrying the bundle, whose own JavaScript verifier
//!   (`assets/verify.js`, written from docs/FORMAT.md independently of the Rust code) checks it on
//!   opening, offline, and accepts another bundle or a previous release by picker or drag-and-drop.
//!
//! Every value that comes from a bundle goes through [`escape`] (HTML) or [`script_json`] (the
//! JSON data blocks of verify.html); the Content Security Policy of both pages allows no request
//! and, in verify.html, only the page's own script and style (by hash).

use crate::names::NameOrder;
use crate::{files, Error, Result, Store};
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use undersigned_core::bundle::{Bundle, EntryReport, VerificationReport};
use undersigned_core::{Release, StatementVersion};
use undersigned_core::verify::{self, Options, Previous};
use undersigned_core::country;

const VERIFY_JS: &str = include_str!("../assets/verify.js");
const VERIFY_CSS: &str = include_str!("../assets/verify.css");
const VERIFY_HTML: &str = include_str!("../assets/verify.html");
const INDEX_CSS: &str = include_str!("../assets/index.css");

/// The files a publication folder holds.
pub const FILES: [&str; 4] = ["bundle.json", "index.html", "signatories.csv", "verify.html"];

/// The header of `signatories.csv`.
pub const CSV_HEADER: [&str; 9] =
    ["name", "kind", "country", "website", "title", "affiliation", "signed_at", "key_fingerprint", "status"];

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
    // Every page is rendered (or, for verify.html, known to render) before any is written; the
    // bundle is written as given, not copied, and verify.html, which embeds it (and the previous
    // release), straight to its file.
    fn utf8(b: &[u8]) -> Result<&str> {
        std::str::from_utf8(b).map_err(|_| Error::Invalid("the bundle is not UTF-8 text".into()))
    }
    let (bundle_text, previous_text) = (utf8(bundle_bytes)?, previous_bytes.map(utf8).transpose()?);
    let pages: [(&str, Cow<[u8]>); 3] = [
        ("bundle.json", Cow::Borrowed(bundle_bytes)),
        ("index.html", render_index(verified.statement_versions(), release, report).into_bytes().into()),
        ("signatories.csv", render_csv(report)?.into()),
    ];
    std::fs::create_dir_all(out).map_err(|e| Error::io(format!("cannot create the folder {}", out.display()), e))?;
    let mut written = Vec::new();
    for (name, bytes) in pages {
        progress(WRITING, written.len() as u64, FILES.len() as u64);
        let path = out.join(name);
        files::write_atomic(&path, &bytes, false)?;
        written.push(path);
    }
    progress(WRITING, written.len() as u64, FILES.len() as u64);
    let path = out.join("verify.html");
    files::write_atomic_with(&path, false, |w| write_verify(w, bundle_text, previous_text, &report.statement.title))?;
    written.push(path);
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

// -------------------------------------------------------------------------------------------------
// Escaping
// -------------------------------------------------------------------------------------------------

/// Escapes text for HTML content and quoted attribute values: `& < > " '`.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Writes JSON text made safe inside `<script type="application/json">…</script>`: every `<`
/// becomes `\u003c`, so neither `</script>` nor `<!--` can appear. In valid JSON `<` occurs
/// only inside strings, where the escape means the same character.
fn write_script_json(w: &mut dyn Write, json: &str) -> std::io::Result<()> {
    let mut rest = json;
    while let Some(i) = rest.find('<') {
        w.write_all(rest[..i].as_bytes())?;
        w.write_all(b"\\u003c")?;
        rest = &rest[i + 1..];
    }
    w.write_all(rest.as_bytes())
}

/// A piece of a value put into a template: text as it is, or JSON text for a script element
/// (see [`write_script_json`]).
#[derive(Clone, Copy)]
enum Part<'a> {
    Text(&'a str),
    Json(&'a str),
}

/// Writes a template with its `{{NAME}}` markers filled in one pass: inserted values are never
/// scanned again, so a value that contains a marker stays as it is.
fn fill(w: &mut dyn Write, template: &str, values: &[(&str, &[Part<'_>])]) -> std::io::Result<()> {
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        w.write_all(rest[..start].as_bytes())?;
        let after = &rest[start + 2..];
        match after.find("}}").and_then(|end| values.iter().find(|(k, _)| *k == &after[..end]).map(|(_, v)| (end, v))) {
            Some((end, parts)) => {
                for part in parts.iter() {
                    match part {
                        Part::Text(t) => w.write_all(t.as_bytes())?,
                        Part::Json(j) => write_script_json(w, j)?,
                    }
                }
                rest = &after[end + 2..];
            }
            None => {
                w.write_all(b"{{")?;
                rest = after;
            }
        }
    }
    w.write_all(rest.as_bytes())
}

fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A CSP source for an inline script or style: `'sha256-…'` of its exact text.
fn csp_hash(text: &str) -> String {
    format!("'sha256-{}'", base64(&Sha256::digest(text.as_bytes())))
}

// -------------------------------------------------------------------------------------------------
// Helpers for people
// -------------------------------------------------------------------------------------------------

/// Whether a signatory's website may be a link on the page (the statement text's links follow
/// the rules of [`crate::markdown`]).
fn safe_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    ["https://", "http://", "mailto:"].iter().any(|p| lower.starts_with(p))
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `2026-10-01T12:00:00Z` → `1 October 2026`.
fn human_date(ts: &str) -> String {
    let parts: Option<(u32, usize, u32)> = (|| {
        let y = ts.get(0..4)?.parse().ok()?;
        let m: usize = ts.get(5..7)?.parse().ok()?;
        let d = ts.get(8..10)?.parse().ok()?;
        (1..=12).contains(&m).then_some((y, m, d))
    })();
    match parts {
        Some((y, m, d)) => format!("{d} {} {y}", MONTHS[m - 1]),
        None => ts.to_owned(),
    }
}

/// `2026-10-01T12:00:00Z` → `1 October 2026, 12:00 UTC`.
fn human_time(ts: &str) -> String {
    match ts.get(11..16) {
        Some(hm) if ts.len() == 20 => format!("{}, {hm} UTC", human_date(ts)),
        _ => ts.to_owned(),
    }
}

/// `1234567` → `1,234,567`.
fn number(n: u64) -> String {
    let digits = n.to_string();
    let groups: Vec<&str> =
        digits.as_bytes().rchunks(3).rev().map(|g| std::str::from_utf8(g).unwrap_or_default()).collect();
    groups.join(",")
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", number(n), if n == 1 { one } else { many })
}

fn country_name(code: &str) -> &str {
    country::name(code).unwrap_or(code)
}

/// Languages written right to left, for `dir="rtl"`.
fn is_rtl(language: &str) -> bool {
    let primary = language.split('-').next().unwrap_or_default();
    matches!(primary, "ar" | "arc" | "ckb" | "dv" | "fa" | "he" | "ks" | "ps" | "sd" | "ug" | "ur" | "yi")
}

fn language_name(language: &str) -> String {
    let primary = language.split('-').next().unwrap_or_default();
    let name = match primary {
        "ar" => "العربية",
        "de" => "Deutsch",
        "en" => "English",
        "es" => "Español",
        "fa" => "فارسی",
        "fr" => "Français",
        "hi" => "हिन्दी",
        "id" => "Bahasa Indonesia",
        "it" => "Italiano",
        "ja" => "日本語",
        "ko" => "한국어",
        "nl" => "Nederlands",
        "pt" => "Português",
        "ru" => "Русский",
        "sw" => "Kiswahili",
        "tr" => "Türkçe",
        "uk" => "Українська",
        "zh" => "中文",
        _ => return language.to_owned(),
    };
    if primary == language {
        name.to_owned()
    } else {
        format!("{name} ({language})")
    }
}

/// The sort key of a name: the order of names (`crate::names`: no case, no accents, numbers by
/// value, letters and scripts as readers expect), then the exact name, so that the page does not
/// depend on the order of the bundle's entries.
/// `items` grouped by their country's code, in the order of the countries' names as the page
/// shows them ("Åland Islands" before "Albania", "Switzerland" after "Sweden"); two names that
/// tie, by code. Each group keeps the items' order.
fn by_country<'a, T>(order: &NameOrder, items: impl IntoIterator<Item = T>, code: impl Fn(&T) -> &'a str) -> Vec<(&'a str, Vec<T>)> {
    let mut groups: HashMap<&str, Vec<T>> = HashMap::new();
    for item in items {
        groups.entry(code(&item)).or_default().push(item);
    }
    let mut groups: Vec<((Vec<u8>, String), &str, Vec<T>)> =
        groups.into_iter().map(|(c, list)| (name_key(order, country_name(c)), c, list)).collect();
    groups.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    groups.into_iter().map(|(_, c, list)| (c, list)).collect()
}

fn name_key(order: &NameOrder, name: &str) -> (Vec<u8>, String) {
    let mut key = Vec::with_capacity(name.len() * 2);
    order.key(name, &mut key);
    (key, name.to_owned())
}

// -------------------------------------------------------------------------------------------------
// index.html
// -------------------------------------------------------------------------------------------------

/// A country with more names than this gets a full-width block with its names in columns.
const LONG_COUNTRY: usize = 8;

/// One signatory line of the page: the name (a link to the website if it has one), an optional
/// `mark` after it (already HTML), then title and affiliation and an optional `status` (text).
fn signatory_item(out: &mut String, e: &EntryReport, mark: &str, status: Option<&str>) {
    out.push_str("<li>");
    let name = escape(&e.name);
    match e.website.as_deref().filter(|w| safe_url(w)) {
        Some(w) => {
            let _ = write!(
                out,
                "<a class=\"name\" href=\"{}\" rel=\"nofollow noopener noreferrer\" dir=\"auto\">{name}</a>",
                escape(w)
            );
        }
        None => {
            let _ = write!(out, "<span class=\"name\" dir=\"auto\">{name}</span>");
        }
    }
    out.push_str(mark);
    let extra: Vec<String> = [&e.title, &e.affiliation].iter().filter_map(|x| x.as_deref()).map(escape).collect();
    if !extra.is_empty() || status.is_some() {
        out.push_str("<span class=\"detail\">");
        if !extra.is_empty() {
            let _ = write!(out, "<span dir=\"auto\">{}</span>", extra.join(", "));
        }
        if let Some(st) = status {
            let _ = write!(
                out,
                "{}<span class=\"status\">{}</span>",
                if extra.is_empty() { "" } else { " · " },
                escape(st)
            );
        }
        out.push_str("</span>");
    }
    out.push_str("</li>\n");
}

/// Renders index.html: the readable (and printable) publication of a verified bundle.
pub fn render_index(statement_versions: &[StatementVersion], release: &Release, report: &VerificationReport) -> String {
    let Some(latest) = statement_versions.last() else { return String::new() };
    let v = &latest.signed;
    let primary = v.text(Some("en"));
    let title = primary.map(|t| t.title.as_str()).unwrap_or_default();
    let latest_version = v.version;
    let names = NameOrder::new();
    let several_versions = statement_versions.len() > 1;
    let active: Vec<&EntryReport> = report.entries.iter().filter(|e| e.status == "active").collect();
    let withdrawn: Vec<&EntryReport> = report.entries.iter().filter(|e| e.status == "withdrawn").collect();
    let countries = report.by_country.len() as u64;

    let mut o = String::with_capacity(64 * 1024 + active.len() * 200);
    let csp = format!(
        "default-src 'none'; style-src {}; img-src data:; base-uri 'none'; form-action 'none'",
        csp_hash(INDEX_CSS)
    );
    let lang = primary.map(|t| t.language.as_str()).unwrap_or("en");
    let _ = write!(
        o,
        "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <meta name=\"generator\" content=\"Undersigned\">\n\
         <title>{} — release {}</title>\n<style>{INDEX_CSS}</style>\n</head>\n<body>\n",
        escape(lang),
        escape(title),
        report.release.number
    );

    // Masthead.
    let _ = write!(
        o,
        "<header class=\"masthead\">\n<p class=\"eyebrow\">Joint statement · Release {} · {}</p>\n\
         <h1 dir=\"auto\">{}</h1>\n\
         <p class=\"byline\">Published by <strong dir=\"auto\">{}</strong> · {} from {}</p>\n",
        report.release.number,
        escape(&human_date(&report.release.issued_at)),
        escape(title),
        escape(&v.lead.name),
        plural(report.signatories, "signatory", "signatories"),
        plural(countries, "country", "countries"),
    );
    o.push_str("<nav class=\"toc\" aria-label=\"Contents\"><ul>\n");
    if v.texts.len() > 1 {
        for t in &v.texts {
            let _ = writeln!(
                o,
                "<li><a href=\"#text-{0}\" lang=\"{0}\">{1}</a></li>",
                escape(&t.language),
                escape(&language_name(&t.language))
            );
        }
    } else {
        o.push_str("<li><a href=\"#statement\">Statement</a></li>\n");
    }
    o.push_str("<li><a href=\"#signatories\">Signatories</a></li>\n");
    if !withdrawn.is_empty() {
        o.push_str("<li><a href=\"#withdrawn\">Withdrawn</a></li>\n");
    }
    o.push_str("<li><a href=\"#verify\">Verify this list</a></li>\n</ul></nav>\n</header>\n<main>\n");

    // The statement, in every language.
    o.push_str("<section id=\"statement\" class=\"statement\">\n");
    for (i, t) in v.texts.iter().enumerate() {
        let _ = writeln!(
            o,
            "<article id=\"text-{0}\" class=\"text{1}\" lang=\"{0}\" dir=\"{2}\">",
            escape(&t.language),
            if i > 0 { " another-language" } else { "" },
            if is_rtl(&t.language) { "rtl" } else { "auto" }
        );
        if v.texts.len() > 1 {
            let _ = writeln!(o, "<p class=\"language\">{}</p>", escape(&language_name(&t.language)));
            if i > 0 || t.title != title {
                let _ = writeln!(o, "<h2 class=\"text-title\">{}</h2>", escape(&t.title));
            }
        }
        o.push_str(&crate::markdown::to_html(&t.body));
        o.push_str("</article>\n");
    }
    let _ = writeln!(
        o,
        "<p class=\"version-note\">Text of version {} of the statement{}. Its digest is <code class=\"hash\">{}</code>.</p>",
        latest_version,
        if v.texts.len() > 1 { ", in every language it was signed in" } else { "" },
        escape(&v.digest)
    );
    o.push_str("</section>\n");

    // Signatories by kind, then by country.
    let _ = write!(
        o,
        "<section id=\"signatories\" class=\"signatories\">\n<h2>Signatories <span class=\"count\">{}</span></h2>\n",
        number(report.signatories)
    );
    let kinds: Vec<String> =
        [("organization", "organization", "organizations"), ("individual", "individual", "individuals")]
            .iter()
            .filter_map(|(k, one, many)| report.by_kind.get(*k).map(|n| plural(*n, one, many)))
            .collect();
    let _ = writeln!(
        o,
        "<p class=\"summary\">{} from {}{}.</p>",
        kinds.join(" and "),
        plural(countries, "country", "countries"),
        if withdrawn.is_empty() { String::new() } else { format!("; {} withdrawn", number(withdrawn.len() as u64)) }
    );
    if several_versions && active.iter().any(|e| e.version != Some(latest_version)) {
        let _ = writeln!(
            o,
            "<p class=\"summary\">Signatories marked <span class=\"mark\">v1</span> signed an earlier version of the text; each endorsement stays bound to the version it signed.</p>"
        );
    }
    for (kind, heading) in [("organization", "Organizations"), ("individual", "Individuals")] {
        let of_kind: Vec<&&EntryReport> =
            active.iter().filter(|e| e.signer_kind.map(|k| k.as_str()) == Some(kind)).collect();
        if of_kind.is_empty() {
            continue;
        }
        let _ = write!(
            o,
            "<section class=\"kind\" id=\"{kind}s\">\n<h3>{heading} <span class=\"count\">{}</span></h3>\n",
            number(of_kind.len() as u64)
        );
        if kind == "individual" {
            o.push_str("<p class=\"note\">Titles and affiliations are given for identification only.</p>\n");
        }
        // Countries with few names flow side by side; a country with many takes the full width,
        // its names in columns.
        let mut run_open = false;
        for (code, mut list) in by_country(&names, of_kind, |e| e.country.as_str()) {
            let cname = country_name(code);
            list.sort_by_cached_key(|e| name_key(&names, &e.name));
            let long = list.len() > LONG_COUNTRY;
            if long && run_open {
                o.push_str("</div>\n");
                run_open = false;
            }
            if !long && !run_open {
                o.push_str("<div class=\"countries\">\n");
                run_open = true;
            }
            let _ = write!(
                o,
                "<div class=\"country{}\" id=\"{kind}s-{}\">\n<h4>{} <span class=\"count\">{}</span></h4>\n<ul class=\"names\">\n",
                if long { " long" } else { "" },
                escape(code),
                escape(cname),
                number(list.len() as u64)
            );
            for e in list {
                let mark = match e.version {
                    Some(n) if several_versions && n != latest_version => {
                        format!(" <span class=\"mark\" title=\"signed version {n}\">v{n}</span>")
                    }
                    _ => String::new(),
                };
                signatory_item(&mut o, e, &mark, None);
            }
            o.push_str("</ul>\n</div>\n");
        }
        if run_open {
            o.push_str("</div>\n");
        }
        o.push_str("</section>\n");
    }
    o.push_str("</section>\n");

    // Withdrawn endorsements: shown, not dropped.
    if !withdrawn.is_empty() {
        let _ = write!(
            o,
            "<section id=\"withdrawn\" class=\"withdrawn\">\n<h2>Withdrawn <span class=\"count\">{}</span></h2>\n\
             <p class=\"note\">These signed the statement and later withdrew with a withdrawal signed by the same key. \
             They are not counted as signatories. The list keeps them so that nobody disappears from it silently.</p>\n\
             <ul class=\"names withdrawn-list\">\n",
            number(withdrawn.len() as u64)
        );
        let mut list = withdrawn.clone();
        list.sort_by_cached_key(|e| name_key(&names, &e.name));
        for e in list {
            let when = e.withdrawn_at.as_deref().map(human_date).unwrap_or_default();
            let kind = match e.signer_kind.map(|k| k.as_str()) {
                Some("individual") => "Individual",
                _ => "Organization",
            };
            let status = format!("{kind}, {} · withdrawn on {when}", country_name(&e.country));
            signatory_item(&mut o, e, "", Some(&status));
        }
        o.push_str("</ul>\n</section>\n");
    }

    // How to verify.
    let _ = write!(
        o,
        "<section id=\"verify\" class=\"proof\">\n<h2>Verify this list</h2>\n\
         <p>Every name above signed the statement with its own key, and {} signed this list as release {}. \
         Anyone can check this without trusting this page: open <a href=\"verify.html\">verify.html</a> \
         (it works offline, in any modern browser), or run <code>undersigned verify bundle.json</code>. \
         Compare the lead's key fingerprint with one obtained from {} directly.</p>\n<dl class=\"facts\">\n",
        escape(&v.lead.name),
        report.release.number,
        escape(&v.lead.name)
    );
    let mut fact = |label: &str, value: String| {
        let _ = writeln!(o, "<dt>{}</dt><dd>{value}</dd>", escape(label));
    };
    fact("Release", format!("{}, issued {}", report.release.number, escape(&human_time(&report.release.issued_at))));
    fact("Lead", format!("<span dir=\"auto\">{}</span>", escape(&v.lead.name)));
    fact("Lead key fingerprint", format!("<code class=\"fp\">{}</code>", escape(&report.statement.lead_fingerprint)));
    fact("Statement id", format!("<code class=\"hash\">{}</code>", escape(&v.statement_id)));
    for sv in statement_versions {
        fact(
            &format!("Digest of version {}", sv.signed.version),
            format!("<code class=\"hash\">{}</code>", escape(&sv.signed.digest)),
        );
    }
    fact(
        "Log",
        format!(
            "{}, root <code class=\"hash\">{}</code>",
            plural(report.release.log_size, "entry", "entries"),
            escape(&report.release.log_root)
        ),
    );
    fact("Release id", format!("<code class=\"hash\">{}</code>", escape(&report.release.id)));
    if let Some(p) = &release.signed.previous {
        fact("Previous release", format!("{}, id <code class=\"hash\">{}</code>", p.number, escape(&p.id)));
    }
    o.push_str("</dl>\n<p class=\"files\">Files of this publication: <a href=\"bundle.json\">bundle.json</a> (the signed bundle), \
                <a href=\"signatories.csv\">signatories.csv</a> (a spreadsheet of the signatories), \
                <a href=\"verify.html\">verify.html</a> (the offline verifier).</p>\n</section>\n</main>\n");
    let _ = write!(
        o,
        "<footer>Release {} of “{}”, published with Undersigned. {} · {}</footer>\n</body>\n</html>\n",
        report.release.number,
        escape(title),
        escape(&human_date(&report.release.issued_at)),
        plural(report.signatories, "signatory", "signatories"),
    );
    o
}

// -------------------------------------------------------------------------------------------------
// signatories.csv
// -------------------------------------------------------------------------------------------------

/// Renders signatories.csv: a header, then one row per endorsement in the order of the log, with
/// its status (`active` or `withdrawn`). Values are written exactly as signed.
pub fn render_csv(report: &VerificationReport) -> Result<Vec<u8>> {
    let err = |e: csv::Error| Error::Io(format!("cannot write the CSV: {e}"));
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    w.write_record(CSV_HEADER).map_err(err)?;
    for e in report.entries.iter().filter(|e| e.kind == "endorsement") {
        w.write_record([
            e.name.as_str(),
            e.signer_kind.map(|k| k.as_str()).unwrap_or_default(),
            e.country.as_str(),
            e.website.as_deref().unwrap_or_default(),
            e.title.as_deref().unwrap_or_default(),
            e.affiliation.as_deref().unwrap_or_default(),
            e.signed_at.as_str(),
            e.fingerprint.as_str(),
            e.status.as_str(),
        ])
        .map_err(err)?;
    }
    w.into_inner().map_err(|e| Error::Io(format!("cannot write the CSV: {e}")))
}

// -------------------------------------------------------------------------------------------------
// verify.html
// -------------------------------------------------------------------------------------------------

/// Writes verify.html: the offline verifier with the bundle (and the previous release's, if
/// given) embedded, as it is rendered (a large bundle is never copied in memory). The page's
/// script and style are allowed by hash; nothing else is.
pub fn write_verify(w: &mut dyn Write, bundle_json: &str, previous_json: Option<&str>, title: &str) -> std::io::Result<()> {
    let csp = format!(
        "default-src 'none'; script-src {}; style-src {}; img-src data:; base-uri 'none'; form-action 'none'",
        csp_hash(VERIFY_JS),
        csp_hash(VERIFY_CSS)
    );
    let previous = match previous_json {
        Some(p) => vec![
            Part::Text("<script type=\"application/json\" id=\"previous\" data-name=\"the previous release in this page\">"),
            Part::Json(p),
            Part::Text("</script>"),
        ],
        None => Vec::new(),
    };
    fill(
        w,
        VERIFY_HTML,
        &[
            ("CSP", &[Part::Text(&csp)]),
            ("TITLE", &[Part::Text(&escape(title))]),
            ("STYLE", &[Part::Text(VERIFY_CSS)]),
            ("SCRIPT", &[Part::Text(VERIFY_JS)]),
            ("BUNDLE", &[Part::Json(bundle_json)]),
            ("PREVIOUS", &previous),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_and_quotes() {
        assert_eq!(escape("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)&gt;");
        assert_eq!(escape("a & \"b\" 'c'"), "a &amp; &quot;b&quot; &#39;c&#39;");
    }

    #[test]
    fn script_json_cannot_close_the_script() {
        let mut out = Vec::new();
        write_script_json(&mut out, r#"{"name":"</script><script>alert(1)</script><!--"}"#).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(!s.contains('<'));
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["name"], "</script><script>alert(1)</script><!--");
    }

    #[test]
    fn fill_does_not_rescan_values() {
        let mut out = Vec::new();
        fill(&mut out, "a{{X}}b{{Y}}c{{Z}}{{J}}", &[("X", &[Part::Text("{{Y}}")]), ("Y", &[Part::Text("2")]), ("J", &[Part::Json("[\"<\"]")])]).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "a{{Y}}b2c{{Z}}[\"\\u003c\"]");
    }

    #[test]
    fn base64_known_answers() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn the_assets_are_safe_to_inline() {
        for (name, text) in [("verify.js", VERIFY_JS), ("verify.css", VERIFY_CSS), ("index.css", INDEX_CSS)] {
            let lower = text.to_ascii_lowercase();
            assert!(!lower.contains("</script") && !lower.contains("<!--") && !lower.contains("</style"), "{name}");
            for request in [
                "url(",
                "@import",
                "fetch(",
                "xmlhttprequest",
                "import(",
                "websocket",
                "eventsource",
                "sendbeacon",
                "innerhtml",
            ] {
                assert!(!lower.contains(request), "{name} contains {request}");
            }
        }
        for marker in ["{{CSP}}", "{{TITLE}}", "{{STYLE}}", "{{SCRIPT}}", "{{BUNDLE}}", "{{PREVIOUS}}"] {
            assert_eq!(VERIFY_HTML.matches(marker).count(), 1, "{marker}");
        }
    }

    #[test]
    fn exports_a_release_of_the_store() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("s.db")).unwrap();
        let opts = crate::demo::DemoOptions {
            dir: &dir.path().join("demo"),
            signatories: 5,
            files: false,
            pending: false,
            seed: 3,
            passphrase: "demo",
        };
        let r = crate::demo::run(&mut store, &opts, &mut |_, _, _| {}).unwrap();
        let out = dir.path().join("site");
        let p = store.export_publication(&r.statement_id, None, &out, &[7; 32], &|_, _, _| {}).unwrap();
        assert_eq!((p.release, p.signatories, p.withdrawn), (1, 5, 0));
        for f in FILES {
            assert!(out.join(f).is_file(), "{f}");
        }
        let csv = std::fs::read_to_string(out.join("signatories.csv")).unwrap();
        assert_eq!(csv.lines().count(), 6, "a header and five rows");
        assert!(matches!(store.export_publication(&r.statement_id, Some(2), &out, &[7; 32], &|_, _, _| {}), Err(Error::NotFound(_))));
    }

    #[test]
    fn human_formats() {
        assert_eq!(human_date("2026-10-01T12:00:00Z"), "1 October 2026");
        assert_eq!(number(1234567), "1,234,567");
        assert_eq!(number(12), "12");
    }

    #[test]
    fn the_page_lists_names_as_readers_expect_whatever_the_entries_order() {
        let names = ["Zoe Banda", "émile Roux", "Łódź Women's League", "Emile Roux", "lima network", "Org 10", "Org 9", "Émile Roux"];
        let order = NameOrder::new();
        let sorted = |mut v: Vec<&'static str>| {
            v.sort_by_cached_key(|n| name_key(&order, n));
            v
        };
        let want = ["Emile Roux", "Émile Roux", "émile Roux", "lima network", "Łódź Women's League", "Org 9", "Org 10", "Zoe Banda"];
        assert_eq!(sorted(names.to_vec()), want);
        assert_eq!(sorted(names.iter().rev().copied().collect()), want);
    }

    #[test]
    fn countries_are_listed_in_the_order_of_their_names() {
        let order = NameOrder::new();
        // Sweden, Switzerland, Åland Islands, Albania, Germany, Tunisia, Türkiye, an unknown code.
        let codes = ["SE", "CH", "AX", "AL", "DE", "TN", "TR", "QZ", "CH", "AX"];
        let groups = by_country(&order, codes.iter().enumerate(), |(_, c)| **c);
        let listed: Vec<&str> = groups.iter().map(|(c, _)| *c).collect();
        assert_eq!(listed, ["AX", "AL", "DE", "QZ", "SE", "CH", "TN", "TR"]);
        // Each group keeps the order it was given.
        let ch: Vec<usize> = groups[5].1.iter().map(|(i, _)| *i).collect();
        assert_eq!(ch, [1, 8]);
    }
}
