//! index.html: the readable (and printable) publication of a verified bundle: the statement in
//! every language, the release, the lead and its key fingerprint, the digest, the signatories
//! grouped by kind and country with counts, the withdrawn endorsements, and a print stylesheet;
//! no script, no external resource.
//!
//! [`IndexPage`] holds the page's facts and, for the lists, references to the report's entries in
//! the order the page shows them; its template (templates/index.html) writes the rows to the
//! writer as it goes, so a list of a million names is never held as HTML in memory.

use super::html::csp_hash;
use super::order::{by_country, name_key};
use super::signatories::Signatory;
use super::text::{is_rtl, language_name, safe_url};
use super::verify_words::PageWords;
use super::words::{Facts, Lang};
use crate::names::NameOrder;
use askama::Template;
use std::fmt;
use std::io::Write;
use undersigned_core::bundle::VerificationReport;
use undersigned_core::statement::Common;

pub(super) const INDEX_CSS: &str = include_str!("../../assets/index.css");

/// A country with more names than this gets a full-width block with its names in columns.
const LONG_COUNTRY: usize = 8;

/// The page (templates/index.html).
#[derive(Template)]
#[template(path = "index.html")]
struct IndexPage<'a> {
    /// The language of the page's own words.
    w: Lang,
    /// The page in the publication's other languages: each with its file.
    switch: Vec<(Lang, String)>,
    style_hash: String,
    style: &'static str,
    title: &'a str,
    release: u64,
    /// `1 October 2026`.
    issued_on: String,
    /// `1 October 2026, 12:00 UTC`.
    issued_at: String,
    lead: &'a str,
    signatory_total: u64,
    /// `1,234`.
    signatory_count: String,
    country_total: u64,
    texts: Vec<Text<'a>>,
    /// The latest version of the statement, whose texts the page shows.
    version: u64,
    digest: &'a str,
    /// Whether the bundle carries more than one version of the statement.
    several_versions: bool,
    /// `1,200 organizations and 34 individuals from 12 countries; 3 withdrawn.`
    summary: String,
    /// Whether some signatory signed an earlier version (and is marked `v1`).
    marks_note: bool,
    kinds: Vec<Kind<'a>>,
    /// The withdrawn endorsements, by name.
    withdrawn: Vec<&'a Signatory>,
    withdrawn_count: String,
    fingerprint: &'a str,
    statement_id: &'a str,
    /// The digest of every version of the statement.
    digests: Vec<(u64, &'a str)>,
    /// `1,235 entries`.
    log_size: String,
    log_root: &'a str,
    release_id: &'a str,
    /// The previous release's number and id.
    previous: Option<(u64, &'a str)>,
    /// The labels of the facts list.
    facts: Facts,
    /// The proof paragraph, around the link and the command.
    proof: [String; 3],
    /// The files paragraph: its start, and what each file is.
    files: [&'static str; 4],
    /// verify.html, opening in this page's language: `verify.html#lang=fr` (verify_page.rs).
    verify_href: String,
    /// A bundle of format 1.1: its witnesses, as a fact (label and value: "co-signed by 2 of 3,
    /// 2 needed: …"), in verify.html's words (`assets/verify-words.json`).
    witnesses: Option<(&'static str, String)>,
    /// A bundle of format 1.1 with signatories not named (§14.9): as a fact, in the same words.
    unnamed: Option<(&'static str, String)>,
    /// A bundle of format 1.1: the named signatories per tier (§14.7), as a fact, and the
    /// sentence that explains the tiers.
    tiers: Option<(&'static str, String, &'static str)>,
}

/// The statement in one language.
struct Text<'a> {
    language: &'a str,
    language_name: String,
    dir: &'static str,
    /// Its title, when the page shows it above the text (not the first text's, if it is the page's).
    heading: Option<&'a str>,
    /// The text rendered by [`crate::markdown::to_html`]: sanitised HTML.
    html: String,
}

/// The signatories of one kind.
struct Kind<'a> {
    /// `organizations` or `individuals`, the section's id.
    id: &'static str,
    heading: &'static str,
    count: String,
    /// Whether the section says that titles and affiliations only identify (individuals).
    note: bool,
    groups: Vec<Group<'a>>,
    /// Whether a run of short countries is still open after the last group.
    close_run: bool,
}

/// The signatories of one kind from one country, by name. Countries with few names flow side by
/// side in a run (`<div class="countries">`); a country with many takes the full width.
struct Group<'a> {
    code: &'a str,
    name: &'a str,
    count: String,
    long: bool,
    /// Whether a run of short countries ends before this group.
    close_run: bool,
    /// Whether a run of short countries starts with this group.
    open_run: bool,
    entries: Vec<&'a Signatory>,
}

impl IndexPage<'_> {
    /// The version an active signatory signed, when it is not the one the page shows.
    fn mark(&self, e: &Signatory) -> Option<u64> {
        e.version.filter(|n| self.several_versions && *n != self.version)
    }

    /// A signatory's tier (format 1.1, §14.7): its name, as the badge's class, and its line.
    fn tier(&self, e: &Signatory) -> Option<(&'static str, String)> {
        e.tier.as_ref().map(|t| (t.tier.as_str(), super::tiers::tier_text(self.w, t)))
    }
}

/// A signatory's website, when it may be a link.
fn website(e: &Signatory) -> Option<&str> {
    e.website().filter(|w| safe_url(w))
}

/// A signatory's title and affiliation, as `title, affiliation`, if it has either.
fn detail(e: &Signatory) -> Option<Detail<'_>> {
    (e.title().is_some() || e.affiliation().is_some()).then_some(Detail(e))
}

/// See [`detail`]: written (and escaped) as the row is, not allocated.
struct Detail<'a>(&'a Signatory);

impl fmt::Display for Detail<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.0.title(), self.0.affiliation()) {
            (Some(t), Some(a)) => write!(f, "{t}, {a}"),
            (Some(x), None) | (None, Some(x)) => f.write_str(x),
            (None, None) => Ok(()),
        }
    }
}

/// `Individual, Kenya · withdrawn on 1 October 2026`.
fn withdrawn_status(w: &Lang, e: &Signatory) -> String {
    let individual = e.signer_kind.map(|k| k.as_str()) == Some("individual");
    w.withdrawn_status(individual, e.country(), e.withdrawn_at.as_deref())
}

/// The languages of a publication's pages: those of the latest version's texts that the pages
/// speak (English, French, Spanish, Arabic, in that order), else English alone. index.html is in
/// the first: English when the statement has an English text, as the page's title was before.
pub fn page_languages(statement_versions: &[Common<'_>]) -> Vec<Lang> {
    let texts = statement_versions.last().map(|v| v.texts).unwrap_or_default();
    let out: Vec<Lang> =
        Lang::ALL.into_iter().filter(|l| texts.iter().any(|t| Lang::of(&t.language) == Some(*l))).collect();
    if out.is_empty() {
        vec![Lang::En]
    } else {
        out
    }
}

/// Renders index.html (in the publication's first language) in memory from a report that lists
/// its entries; [`write_index`] writes a page to a file as it goes.
pub fn render_index(
    statement_versions: &[Common<'_>],
    previous: Option<(u64, &str)>,
    report: &VerificationReport,
) -> String {
    let languages = page_languages(statement_versions);
    render_index_in(statement_versions, previous, report, languages[0])
}

/// [`render_index`] in the language `lang`.
pub fn render_index_in(
    statement_versions: &[Common<'_>],
    previous: Option<(u64, &str)>,
    report: &VerificationReport,
    lang: Lang,
) -> String {
    let mut out = Vec::new();
    let languages = page_languages(statement_versions);
    // Writing into a Vec cannot fail, and the page is UTF-8 (templates and values are).
    let page = PageLanguage { lang, all: &languages };
    let _ = write_index(&mut out, statement_versions, previous, report, &Signatory::of_report(report), page);
    String::from_utf8(out).unwrap_or_default()
}

/// A page's language, among the publication's ([`page_languages`]: the page links to the others).
#[derive(Clone, Copy, Debug)]
pub struct PageLanguage<'a> {
    pub lang: Lang,
    pub all: &'a [Lang],
}

/// Writes the readable (and printable) publication of a verified bundle in a language of the
/// publication; nothing if the bundle carries no statement version. `previous` is the number and
/// id of the release this one names as its previous.
pub fn write_index(
    w: &mut dyn Write,
    statement_versions: &[Common<'_>],
    previous: Option<(u64, &str)>,
    report: &VerificationReport,
    signatories: &[Signatory],
    page: PageLanguage<'_>,
) -> std::io::Result<()> {
    let PageLanguage { lang, all: languages } = page;
    let Some(latest) = statement_versions.last() else { return Ok(()) };
    let v = latest;
    let primary = v.text(Some(lang.tag()));
    let title = primary.map(|t| t.title.as_str()).unwrap_or_default();
    let names = NameOrder::new();
    let several_versions = statement_versions.len() > 1;
    // Signatories not named are counted (`unnamed`), never listed.
    let named = || signatories.iter().filter(|e| e.is_named());
    let active: Vec<&Signatory> = named().filter(|e| !e.withdrawn).collect();
    let mut withdrawn: Vec<&Signatory> = named().filter(|e| e.withdrawn).collect();
    withdrawn.sort_by_cached_key(|e| name_key(&names, e.name()));
    let countries = report.by_country.len() as u64;

    // The text in the page's language first, then the others in the statement's order.
    let mut ordered: Vec<_> = v.texts.iter().collect();
    ordered.sort_by_key(|t| Lang::of(&t.language) != Some(lang));
    let texts = ordered
        .into_iter()
        .enumerate()
        .map(|(i, t)| Text {
            language: &t.language,
            language_name: language_name(&t.language),
            dir: if is_rtl(&t.language) { "rtl" } else { "auto" },
            heading: (i > 0 || t.title != title).then_some(t.title.as_str()),
            html: crate::markdown::to_html(&t.body),
        })
        .collect();
    let kinds =
        [("organization", "organizations", lang.organizations()), ("individual", "individuals", lang.individuals())]
            .into_iter()
            .filter_map(|(kind, id, heading)| {
                let of_kind: Vec<&Signatory> =
                    active.iter().copied().filter(|e| e.signer_kind.map(|k| k.as_str()) == Some(kind)).collect();
                if of_kind.is_empty() {
                    return None;
                }
                let count = lang.number(of_kind.len() as u64);
                let mut run_open = false;
                let groups = by_country(&names, of_kind, |e| e.country(), |c| lang.country(c))
                    .into_iter()
                    .map(|(code, mut entries)| {
                        entries.sort_by_cached_key(|e| name_key(&names, e.name()));
                        let long = entries.len() > LONG_COUNTRY;
                        let close_run = long && run_open;
                        let open_run = !long && !run_open;
                        run_open = !long;
                        Group {
                            code,
                            name: lang.country(code),
                            count: lang.number(entries.len() as u64),
                            long,
                            close_run,
                            open_run,
                            entries,
                        }
                    })
                    .collect();
                Some(Kind { id, heading, count, note: kind == "individual", groups, close_run: run_open })
            })
            .collect();

    let (witnesses, unnamed) = format_1_1_facts(report, lang);
    let tiers = report.format_1_1.as_ref().map(|x| super::tiers::tiers_fact(lang, x));
    let others = languages.iter().filter(|l| **l != lang);
    IndexPage {
        w: lang,
        switch: others.map(|l| (*l, l.index_file(languages[0]))).collect(),
        style_hash: csp_hash(INDEX_CSS),
        style: INDEX_CSS,
        title,
        release: report.release.number,
        issued_on: lang.date(&report.release.issued_at),
        issued_at: lang.time(&report.release.issued_at),
        lead: v.lead_name,
        signatory_total: report.signatories,
        signatory_count: lang.number(report.signatories),
        country_total: countries,
        texts,
        version: v.version,
        digest: v.digest,
        several_versions,
        summary: lang.summary(
            report.by_kind.get("organization").copied(),
            report.by_kind.get("individual").copied(),
            countries,
            withdrawn.len() as u64,
        ),
        marks_note: several_versions && active.iter().any(|e| e.version != Some(v.version)),
        kinds,
        withdrawn_count: lang.number(withdrawn.len() as u64),
        withdrawn,
        fingerprint: &report.statement.lead_fingerprint,
        statement_id: v.statement_id,
        digests: statement_versions.iter().map(|sv| (sv.version, sv.digest)).collect(),
        log_size: lang.entries(report.release.log_size),
        log_root: &report.release.log_root,
        release_id: &report.release.id,
        previous,
        facts: lang.facts(),
        proof: lang.proof(v.lead_name, report.release.number),
        files: lang.files(),
        verify_href: if lang == languages[0] {
            "verify.html".into()
        } else {
            format!("verify.html#lang={}", lang.tag())
        },
        witnesses,
        unnamed,
        tiers,
    }
    .write_into(w)
}

/// A fact of the page: its label and its value.
type Fact = (&'static str, String);

/// What a bundle of format 1.1 adds to the facts (§14.8, §14.9), as verify.html says it: who of
/// its witnesses co-signed, and how many signatories are not named. Nothing for format 1.
fn format_1_1_facts(report: &VerificationReport, lang: Lang) -> (Option<Fact>, Option<Fact>) {
    let Some(x) = report.format_1_1.as_ref() else { return (None, None) };
    let words = PageWords::new(lang);
    let w = &x.witnesses;
    let value = if w.listed.is_empty() {
        words.get("witnessesNone").to_owned()
    } else {
        // Each name isolated (U+2068 … U+2069), as verify.html does: a name in another script
        // does not reorder the sentence around it.
        let names: Vec<String> =
            w.listed.iter().filter(|l| l.cosigned).map(|l| format!("\u{2068}{}\u{2069}", l.name)).collect();
        let names = if names.is_empty() { "—".to_owned() } else { names.join(words.get("listSeparator")) };
        let numbers = [lang.number(w.cosigned), lang.number(w.listed.len() as u64), lang.number(w.quorum)];
        words
            .fill("witnessesCosigned", &[("k", &numbers[0]), ("n", &numbers[1]), ("q", &numbers[2]), ("names", &names)])
    };
    let witnesses = Some((words.get("factWitnesses"), value));
    (witnesses, super::tiers::unnamed_fact(lang, x))
}
