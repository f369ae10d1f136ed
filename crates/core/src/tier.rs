//! Tiers (FORMAT.md §14.7): who is behind a key, as the verifier computes it from the lead's
//! valid attestations — never read from the bundle. `website`: the lead reports that the
//! signer's own site listed the key; `attested`: the lead checked it out of band;
//! `self-declared`: nothing but the signer's word.

use crate::attestation::{AttestationBody, Snapshot};
use crate::well_known::WellKnown;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Tier {
    Website,
    Attested,
    SelfDeclared,
}

impl Tier {
    pub const ALL: [Tier; 3] = [Tier::Website, Tier::Attested, Tier::SelfDeclared];

    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Website => "website",
            Tier::Attested => "attested",
            Tier::SelfDeclared => "self-declared",
        }
    }
}

/// What a website attestation's snapshot shows of the signer it names, in the order §14.7 looks:
/// only `Listed` gives the `website` tier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Finding {
    /// The snapshot's host is not the signer's website host (or the signer has none).
    OtherHost,
    /// The site answered with a status other than 200.
    HttpStatus,
    /// The body is not a well-known file meeting every rule of §14.7.
    NotAWellKnownFile,
    /// The file does not list the signer's key.
    KeyNotListed,
    /// The file speaks for other statements only.
    OtherStatements,
    /// The file lists the key, for this statement: the `website` tier.
    Listed,
}

impl Finding {
    pub fn as_str(self) -> &'static str {
        match self {
            Finding::OtherHost => "other-host",
            Finding::HttpStatus => "http-status",
            Finding::NotAWellKnownFile => "not-a-well-known-file",
            Finding::KeyNotListed => "key-not-listed",
            Finding::OtherStatements => "other-statements",
            Finding::Listed => "listed",
        }
    }
}

/// One valid attestation of an entry, as a front end shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Evidence {
    /// `website`, `in-person`, `call`, `email-thread` or `other`.
    pub method: String,
    pub checked_on: String,
    pub note: Option<String>,
    pub website: Option<WebsiteEvidence>,
}

/// What the lead reports its fetch of the well-known file got.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WebsiteEvidence {
    pub url: String,
    pub host: String,
    pub fetched_at: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub status: u64,
    pub body_sha256: String,
    pub finding: Finding,
}

/// An entry's tier and the valid attestations that name it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TierReport {
    pub tier: Tier,
    pub evidence: Vec<Evidence>,
}

/// The website host of a signer's `website` (§14.7): its host as written, ASCII lower-cased,
/// when it has the form of a DNS name; `None` otherwise (an internationalized host written in
/// Unicode included: writers convert it to its `xn--` form before signing).
pub fn website_host(website: &str) -> Option<String> {
    let rest = website.strip_prefix("https://").or_else(|| website.strip_prefix("http://"))?;
    let mut host = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    if let Some(at) = host.rfind('@') {
        host = &host[at + 1..];
    }
    if let Some(colon) = host.rfind(':') {
        let port = &host[colon + 1..];
        if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) {
            host = &host[..colon];
        }
    }
    let host = host.to_ascii_lowercase();
    is_dns_name(&host).then_some(host)
}

/// 1–253 characters of `a`–`z`, `0`–`9`, `-` and `.`; labels of 1–63 characters that neither
/// begin nor end with `-`; the last label not digits alone.
fn is_dns_name(h: &str) -> bool {
    let label_ok = |l: &str| {
        (1..=63).contains(&l.len())
            && l.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    (1..=253).contains(&h.len())
        && h.split('.').all(label_ok)
        && !h.rsplit('.').next().is_some_and(|last| last.bytes().all(|c| c.is_ascii_digit()))
}

/// What snapshot `w` shows of a signer with key `key` and website `website`, for statement
/// `statement_id`.
pub fn website_finding(w: &Snapshot, key: &str, website: Option<&str>, statement_id: &str) -> Finding {
    let signer_host = website.and_then(website_host);
    if w.host().is_none() || w.host() != signer_host.as_deref() {
        return Finding::OtherHost;
    }
    if w.status != 200 {
        return Finding::HttpStatus;
    }
    let file = w.body().and_then(|b| WellKnown::parse(&b).ok()).filter(|f| f.verify().is_empty());
    let Some(file) = file else { return Finding::NotAWellKnownFile };
    if !file.keys.iter().any(|k| k == key) {
        return Finding::KeyNotListed;
    }
    if file.statements.as_ref().is_some_and(|s| !s.iter().any(|id| id == statement_id)) {
        return Finding::OtherStatements;
    }
    Finding::Listed
}

/// An entry's tier from the valid attestations that name it. `signer` is its signer's key and
/// website, `None` for a revealed hidden entry (never `website`: nothing is fetched for one).
pub fn tier_of(attestations: &[&AttestationBody], signer: Option<(&str, Option<&str>)>) -> TierReport {
    let mut tier = Tier::SelfDeclared;
    let evidence = attestations
        .iter()
        .map(|a| {
            let website = a.website.as_ref().map(|w| {
                let finding = match signer {
                    Some((key, site)) => website_finding(w, key, site, &a.statement_id),
                    None => Finding::OtherHost,
                };
                WebsiteEvidence {
                    url: w.url.clone(),
                    host: w.host().unwrap_or_default().to_owned(),
                    fetched_at: w.fetched_at.clone(),
                    status: w.status,
                    body_sha256: w.body_sha256.clone(),
                    finding,
                }
            });
            let this = match &website {
                Some(w) if w.finding == Finding::Listed => Some(Tier::Website),
                Some(_) => None,
                None => Some(Tier::Attested),
            };
            if let Some(t) = this {
                tier = tier.min(t);
            }
            Evidence { method: a.method.clone(), checked_on: a.checked_on.clone(), note: a.note.clone(), website }
        })
        .collect();
    TierReport { tier, evidence }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_as_serialized() {
        for t in Tier::ALL {
            assert_eq!(serde_json::to_value(t).ok(), Some(serde_json::json!(t.as_str())));
        }
        for f in [
            Finding::OtherHost,
            Finding::HttpStatus,
            Finding::NotAWellKnownFile,
            Finding::KeyNotListed,
            Finding::OtherStatements,
            Finding::Listed,
        ] {
            assert_eq!(serde_json::to_value(f).ok(), Some(serde_json::json!(f.as_str())));
        }
    }

    #[test]
    fn the_best_attestation_decides() {
        let sid = "9f1c0e6a4b2d8e7f0a1b2c3d4e5f6071";
        let key = "11".repeat(32);
        let file = WellKnown::new("Green Rivers", vec![key.clone()], vec![]).to_json();
        let body = |method: &str, website: Option<Snapshot>| AttestationBody {
            format: crate::FORMAT_1_1.into(),
            kind: "attestation".into(),
            statement_id: sid.into(),
            entry: "00".repeat(32),
            method: method.into(),
            checked_on: "2026-12-05".into(),
            note: None,
            website,
        };
        let site = Some("https://greenrivers.example");
        let ok = body(
            "website",
            Some(crate::attestation::snapshot("greenrivers.example", "2026-12-05T10:00:00Z", 200, &file)),
        );
        let gone = body(
            "website",
            Some(crate::attestation::snapshot("greenrivers.example", "2026-12-05T10:00:00Z", 404, &file)),
        );
        let call = body("call", None);
        assert_eq!(tier_of(&[&ok], Some((&key, site))).tier, Tier::Website);
        assert_eq!(tier_of(&[&call, &ok], Some((&key, site))).tier, Tier::Website);
        assert_eq!(tier_of(&[&gone], Some((&key, site))).tier, Tier::SelfDeclared);
        assert_eq!(
            tier_of(&[&gone], Some((&key, site))).evidence[0].website.as_ref().map(|w| w.finding),
            Some(Finding::HttpStatus)
        );
        assert_eq!(tier_of(&[&gone, &call], Some((&key, site))).tier, Tier::Attested);
        assert_eq!(
            tier_of(&[&ok], Some((&"22".repeat(32), site))).evidence[0].website.as_ref().map(|w| w.finding),
            Some(Finding::KeyNotListed)
        );
        assert_eq!(tier_of(&[&ok], Some((&key, Some("https://other.example")))).tier, Tier::SelfDeclared);
        assert_eq!(tier_of(&[&ok], Some((&key, None))).tier, Tier::SelfDeclared);
        assert_eq!(tier_of(&[&ok], None).tier, Tier::SelfDeclared);
        assert_eq!(tier_of(&[], Some((&key, site))).tier, Tier::SelfDeclared);
        let only_other = WellKnown::new("Green Rivers", vec![key.clone()], vec!["ab".repeat(16)]).to_json();
        let other = body(
            "website",
            Some(crate::attestation::snapshot("greenrivers.example", "2026-12-05T10:00:00Z", 200, &only_other)),
        );
        assert_eq!(
            tier_of(&[&other], Some((&key, site))).evidence[0].website.as_ref().map(|w| w.finding),
            Some(Finding::OtherStatements)
        );
        let junk = body(
            "website",
            Some(crate::attestation::snapshot("greenrivers.example", "2026-12-05T10:00:00Z", 200, b"<html>")),
        );
        assert_eq!(
            tier_of(&[&junk], Some((&key, site))).evidence[0].website.as_ref().map(|w| w.finding),
            Some(Finding::NotAWellKnownFile)
        );
    }
}
