//! Tiers and vouchers (FORMAT.md §14.7, §14.9): release 3's entries each with the tier the
//! verifier computes, written here by hand, and the website snapshots that give the `website`
//! tier or, each for one reason, do not. Release 3's log: 0 Green Rivers Alliance (a website
//! snapshot that lists its key), 1–4 release 1's other signatories (4 withdrawn by 6), 5 Mekong
//! Watch (a call), 7 River Keepers Uganda (a website, no attestation), 8 the hidden entry (met in
//! person), 9 Green Rivers Alliance's vouch for it.

use undersigned_core::attestation;
use undersigned_core::bundle11::Entry;
use undersigned_core::well_known::WellKnown;

use super::bundles11::{build, endorse3, website_attestation, Cast, Scene};
use super::fixtures::Fixtures;
use super::gen::Gen;

const KIND: &str = "bundle";
/// Release 3's tiers and vouchers: Green Rivers by its website, Mekong Watch by a call, the
/// others self-declared; the hidden entry vouched for by Green Rivers.
pub(super) const TIERS: &str = "WSSSSA.S..";
pub(super) const VOUCHERS: &str = "........1.";

/// The website host of each `website` (§14.7), or null: what both verifiers compute.
fn website_hosts() -> Vec<(String, Option<String>)> {
    let long = ["a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(61)].join(".");
    let cases: Vec<(String, Option<&str>)> = vec![
        ("https://greenrivers.example".into(), Some("greenrivers.example")),
        ("https://GreenRivers.Example/about?x#y".into(), Some("greenrivers.example")),
        ("http://user:pw@greenrivers.example:8443/".into(), Some("greenrivers.example")),
        ("https://a@b@greenrivers.example".into(), Some("greenrivers.example")),
        ("https://greenrivers.example?x=/a".into(), Some("greenrivers.example")),
        ("https://greenrivers.example#x".into(), Some("greenrivers.example")),
        ("https://xn--caf-dma.example".into(), Some("xn--caf-dma.example")),
        ("https://XN--CAF-DMA.example".into(), Some("xn--caf-dma.example")),
        ("https://café.example".into(), None),
        ("https://CAFÉ.example".into(), None),
        ("https://greenrivers.example.".into(), None),
        ("https://.greenrivers.example".into(), None),
        ("https://green..rivers".into(), None),
        ("https://-green.example".into(), None),
        ("https://green-.example".into(), None),
        ("https://gr--een.example".into(), Some("gr--een.example")),
        ("https://192.0.2.1".into(), None),
        ("https://192.0.2.1:443/".into(), None),
        ("https://[2001:db8::1]".into(), None),
        ("https://[2001:db8::1]:443".into(), None),
        ("https://greenrivers.example:".into(), None),
        ("https://greenrivers.example:x1".into(), None),
        ("https://greenrivers.example:443:443".into(), None),
        ("https://".into(), None),
        ("https:///path".into(), None),
        ("https://@".into(), None),
        ("ftp://greenrivers.example".into(), None),
        ("https://under_score.example".into(), None),
        ("https://localhost".into(), Some("localhost")),
        ("https://1.example.2a".into(), Some("1.example.2a")),
        ("https://example.123".into(), None),
        ("https://greenrivers.example\\@evil.example".into(), Some("evil.example")),
        ("https://greenrivers.example%2F.evil".into(), None),
        (format!("https://{}.example", "a".repeat(63)), Some("x63")),
        (format!("https://{}.example", "a".repeat(64)), None),
        (format!("https://{long}"), Some("x253")),
        (format!("https://{long}x"), None),
    ];
    cases
        .into_iter()
        .map(|(w, h)| {
            let host = h.map(|h| match h {
                "x63" => format!("{}.example", "a".repeat(63)),
                "x253" => long.clone(),
                h => h.to_owned(),
            });
            (w, host)
        })
        .collect()
}

impl Gen {
    pub(super) fn tier_rules(&mut self, f: &Fixtures, c: &Cast, scene: &Scene) {
        let hosts: Vec<serde_json::Value> =
            website_hosts().into_iter().map(|(w, h)| serde_json::json!({"website": w, "host": h})).collect();
        self.file("website-hosts.json", undersigned_core::canonical::pretty(&hosts));
        let green_key = hex::encode(f.k_green.public_key().0);
        let green_id = scene.entries[0].id();
        let with_snapshot = |snap: attestation::Snapshot| {
            let mut s = scene.clone();
            s.evidence[0] = attestation::sign(&f.id_a, green_id, "website", "2026-12-10", None, Some(snap), &f.lead);
            s
        };
        let file =
            |keys: Vec<String>, statements: Vec<String>| WellKnown::new(&f.d_green.name, keys, statements).to_json();
        let at = "2026-12-10T10:00:00Z";
        let cases: [(&str, attestation::Snapshot, &str); 6] = [
            (
                "bundle-1-1-website-key-not-listed.json",
                attestation::snapshot(
                    "greenrivers.example",
                    at,
                    200,
                    &file(vec![hex::encode(f.k_other.public_key().0)], vec![]),
                ),
                "(§14.7: tiers) Green Rivers Alliance's snapshot is a well-known file that lists another key: \
                 valid, and no tier from it (`self-declared`); its vouch no longer counts, so the hidden entry \
                 has no voucher.",
            ),
            (
                "bundle-1-1-website-other-host.json",
                attestation::snapshot("greenrivers.example.org", at, 200, &file(vec![green_key.clone()], vec![])),
                "(§14.7: tiers) The snapshot lists Green Rivers Alliance's key but was fetched from \
                 greenrivers.example.org, not the host of its website (greenrivers.example): `self-declared`.",
            ),
            (
                "bundle-1-1-website-not-found.json",
                attestation::snapshot("greenrivers.example", at, 404, &file(vec![green_key.clone()], vec![])),
                "(§14.7: tiers) The site answered 404 (with a body that would list the key): `self-declared`.",
            ),
            (
                "bundle-1-1-website-not-a-file.json",
                attestation::snapshot("greenrivers.example", at, 200, b"<!doctype html><title>Green Rivers</title>"),
                "(§14.7: tiers) The site served a web page, not a well-known file: valid, `self-declared`.",
            ),
            (
                "bundle-1-1-website-other-statements.json",
                attestation::snapshot(
                    "greenrivers.example",
                    at,
                    200,
                    &file(vec![green_key.clone()], vec![super::inputs::random_hex("statement-b/id", 16)]),
                ),
                "(§14.7: tiers) The well-known file lists the key for another statement only: `self-declared`.",
            ),
            (
                "bundle-1-1-website-file-breaks-a-rule.json",
                attestation::snapshot(
                    "greenrivers.example",
                    at,
                    200,
                    &file(vec![green_key.clone(), green_key.clone()], vec![]),
                ),
                "(§14.7: tiers) The well-known file lists the key twice, against its rules: it gives no tier \
                 and no failure (`self-declared`).",
            ),
        ];
        for (name, snap, description) in cases {
            self.vector(name, KIND, build(f, &with_snapshot(snap)).to_json(), &[], description);
            self.tiers("SSSSSA.S..", "........0.");
        }

        // River Keepers' website written with capitals, a port, a user and a path: its host is
        // riverkeepers.example; a snapshot there gives it the website tier.
        // River Keepers Uganda signs with `website`, and the lead's snapshot of its file comes
        // from `host`.
        let river_file = WellKnown::new("River Keepers Uganda", vec![hex::encode(c.k_river.public_key().0)], vec![]);
        let river_at = |website: &str, host: &str| {
            let mut s = scene.clone();
            let river = endorse3(c, &c.k_river, "River Keepers Uganda", Some(website), "2026-12-05T09:30:00Z");
            s.entries[7] = Entry::Endorsement(river);
            s.evidence.push(website_attestation(f, s.entries[7].id(), host, &river_file.to_json()));
            build(f, &s).to_json()
        };
        let cases: [(&str, &str, &str, &str, &str); 3] = [
            (
                "bundle-1-1-website-host-as-written.json",
                "https://press@RiverKeepers.Example:8443/en/about?x=1#top",
                "riverkeepers.example",
                "WSSSSA.W..",
                "(§14.7: the website host) River Keepers Uganda's website is \
                 https://press@RiverKeepers.Example:8443/en/about?x=1#top: its host, without user, port, path, \
                 query or fragment and lower-cased, is riverkeepers.example, where the snapshot was fetched: \
                 `website`.",
            ),
            // Written in Unicode, the host is no host: writers convert it to its xn-- form first.
            (
                "bundle-1-1-website-host-in-unicode.json",
                "https://rivèrkeepers.example",
                "xn--rivrkeepers-09a.example",
                "WSSSSA.S..",
                "(§14.7: the website host) A website written https://rivèrkeepers.example has no website host (a \
                 writer records it as https://xn--rivrkeepers-09a.example): the snapshot from \
                 xn--rivrkeepers-09a.example gives no tier.",
            ),
            (
                "bundle-1-1-website-host-xn.json",
                "https://xn--rivrkeepers-09a.example",
                "xn--rivrkeepers-09a.example",
                "WSSSSA.W..",
                "(§14.7: the website host) The same website written in its ASCII form, \
                 https://xn--rivrkeepers-09a.example: compared as written, never decoded, `website`.",
            ),
        ];
        for (name, website, host, tiers, description) in cases {
            self.vector(name, KIND, river_at(website, host), &[], description);
            self.tiers(tiers, "........1.");
        }

        // No evidence at all: every signatory self-declared (no hidden entry, which would need one).
        let mut s = scene.clone();
        s.entries.truncate(8);
        s.evidence.clear();
        self.vector(
            "bundle-1-1-no-evidence.json",
            KIND,
            build(f, &s).to_json(),
            &[],
            "(§14.7: tiers) Release 3 without its hidden entry, its vouch and any evidence: every signatory \
             is `self-declared`.",
        );
        self.tiers("SSSSSS.S", "........");

        // A website attestation and a call for the same entry: the better tier.
        let mut s = with_snapshot(attestation::snapshot("greenrivers.example", at, 404, b""));
        s.evidence.push(attestation::sign(&f.id_a, green_id, "call", "2026-12-11", None, None, &f.lead));
        self.vector(
            "bundle-1-1-website-failed-and-call.json",
            KIND,
            build(f, &s).to_json(),
            &[],
            "(§14.7: tiers) Green Rivers Alliance's site answered 404, and the lead also called it: \
             `attested`; an attested voucher does not count, so the hidden entry has none.",
        );
        self.tiers("ASSSSA.S..", "........0.");
    }
}
