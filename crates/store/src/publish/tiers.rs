//! Who is behind each key (FORMAT.md §14.7), in the words verify.html uses
//! (`assets/verify-words.json`): an entry's tier as one line, the counts per tier and the
//! sentence that explains them, and the signatories not named with their vouchers (§14.9).
//! index.html shows these; the command line prints the same lines in English.

use super::verify_words::PageWords;
use super::words::Lang;
use undersigned_core::report::Report11;
use undersigned_core::tier::{Finding, Tier, TierReport};

/// A value isolated from the text around it (U+2068 … U+2069), as names are: a host in a
/// right-to-left sentence keeps its own direction.
fn isolated(s: &str) -> String {
    format!("\u{2068}{s}\u{2069}")
}

fn method_word(words: &PageWords, method: &str) -> String {
    let key = match method {
        "in-person" => "methodInPerson",
        "call" => "methodCall",
        "email-thread" => "methodEmailThread",
        _ => "methodOther",
    };
    words.get(key).to_owned()
}

/// An entry's tier in one line: "website greenrivers.example, reported by the coalition on 10
/// December 2026", "checked by the coalition: call (11 December 2026)", or "self-declared",
/// with what a website snapshot that gave no tier showed.
pub fn tier_text(lang: Lang, t: &TierReport) -> String {
    let words = PageWords::new(lang);
    let sep = words.get("listSeparator");
    let sites = || t.evidence.iter().filter_map(|e| e.website.as_ref());
    match t.tier {
        Tier::Website => match sites().find(|w| w.finding == Finding::Listed) {
            Some(w) => words.fill("tierWebsite", &[("host", &isolated(&w.host)), ("date", &lang.date(&w.fetched_at))]),
            None => words.get("tierSelfDeclared").to_owned(),
        },
        Tier::Attested => {
            let checks: Vec<String> = t
                .evidence
                .iter()
                .filter(|e| e.website.is_none())
                .map(|e| format!("{} ({})", method_word(&words, &e.method), lang.date(&e.checked_on)))
                .collect();
            words.fill("tierAttested", &[("checks", &checks.join(sep))])
        }
        Tier::SelfDeclared => {
            let failed: Vec<String> = sites()
                .map(|w| {
                    words.fill(
                        "tierSiteDidNotList",
                        &[("host", &isolated(&w.host)), ("date", &lang.date(&w.fetched_at))],
                    )
                })
                .collect();
            let own = words.get("tierSelfDeclared");
            if failed.is_empty() {
                own.to_owned()
            } else {
                format!("{own} ({})", failed.join(sep))
            }
        }
    }
}

/// The counts per tier as a fact (label, value) and the sentence that explains the tiers.
pub fn tiers_fact(lang: Lang, x: &Report11) -> (&'static str, String, &'static str) {
    let (label, value) = tiers_counts(lang, &x.by_tier);
    (label, value, PageWords::new(lang).get("tiersExplained"))
}

/// The counts per tier as a fact: "Who is behind each key", "12 on their own website, 3 checked
/// by the coalition, 40 self-declared"; from a report's or a release summary's `by_tier`.
pub fn tiers_counts(lang: Lang, by_tier: &std::collections::BTreeMap<String, u64>) -> (&'static str, String) {
    let words = PageWords::new(lang);
    let n = |t: Tier| lang.number(by_tier.get(t.as_str()).copied().unwrap_or(0));
    let value =
        words.fill("tiersValue", &[("w", &n(Tier::Website)), ("a", &n(Tier::Attested)), ("s", &n(Tier::SelfDeclared))]);
    (words.get("factTiers"), value)
}

/// The signatories not named (§14.9) as a fact: how many, how many of them named signatories
/// with the `website` tier also vouch for, and on whose word the rest rests. None when all are
/// named.
pub fn unnamed_fact(lang: Lang, x: &Report11) -> Option<(&'static str, String)> {
    let words = PageWords::new(lang);
    let unnamed: u64 = x.unnamed_by_region.values().sum();
    (unnamed > 0).then(|| {
        let n = lang.number(unnamed);
        let (count, word) = if x.vouched > 0 {
            (words.fill("unnamedVouched", &[("n", &n), ("v", &lang.number(x.vouched))]), words.get("unnamedWord"))
        } else {
            (words.fill("unnamedValue", &[("n", &n)]), words.get("unnamedWordOnly"))
        };
        (words.get("factUnnamed"), format!("{count}. {} {word}", by_region(lang, &words, x)))
    })
}

/// The signatories not named by region, in the order of FORMAT.md §14.9's list, then "not
/// stated": "By region: Asia 3, not stated 1."
fn by_region(lang: Lang, words: &PageWords, x: &Report11) -> String {
    const REGIONS: [(&str, &str); 6] = [
        ("africa", "regionAfrica"),
        ("americas", "regionAmericas"),
        ("asia", "regionAsia"),
        ("europe", "regionEurope"),
        ("oceania", "regionOceania"),
        ("not-stated", "regionNotStated"),
    ];
    let list: Vec<String> = REGIONS
        .iter()
        .filter_map(|(r, key)| x.unnamed_by_region.get(*r).map(|n| format!("{} {}", words.get(key), lang.number(*n))))
        .collect();
    words.fill("unnamedByRegion", &[("list", &list.join(words.get("listSeparator")))])
}
