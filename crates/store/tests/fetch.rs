//! Fetching well-known files from a real HTTPS server on 127.0.0.1 (issue 16, FORMAT.md §14.7,
//! §14.14), under a certificate authority only these tests trust: each failure with its reason,
//! redirects, the size cap, the timeout, private addresses; then the lead's check of its
//! signatories' websites, recorded and carried by the release as the `website` tier, a page that
//! changes between two checks, and 100 sites checked at once.

mod https;

use https::{Answer, Server};
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;
use std::time::Duration;
use undersigned_core::endorsement::{SignerDetails, SignerKind};
use undersigned_core::tier::Finding;
use undersigned_core::well_known::WellKnown;
use undersigned_core::SecretKey;
use undersigned_store::fetch::{FetchFailure, FetchSetup, Fetcher};
use undersigned_store::workflows::attestations::WebsiteOutcome;
use undersigned_store::Store;

const T0: &str = "2026-03-01T09:00:00Z";
const T1: &str = "2026-03-05T09:00:00Z";
const T2: &str = "2026-03-06T09:00:00Z";
const T3: &str = "2026-03-07T09:00:00Z";

fn fetcher(server: &Server, hosts: &[&str]) -> Fetcher {
    Fetcher::new(FetchSetup {
        roots: Some(vec![server.ca_der.clone()]),
        resolve: hosts.iter().map(|h| (h.to_string(), server.addr)).collect(),
        timeout: Duration::from_secs(2),
    })
}

#[test]
fn each_failure_has_its_reason() {
    let hosts = [
        "ok.test",
        "missing.test",
        "big.test",
        "full.test",
        "slow.test",
        "same.test",
        "other.test",
        "plain.test",
        "loop.test",
    ];
    let server = Server::start(&hosts);
    let f = fetcher(&server, &[&hosts[..], &["wrong-cert.test"]].concat());
    server.well_known("ok.test", Answer::ok("{}"));
    server.well_known("big.test", Answer::ok(vec![b' '; 65_537]));
    server.well_known("full.test", Answer::ok(vec![b' '; 65_536]));
    server.well_known("slow.test", Answer::ok("{}").slow(Duration::from_secs(4)));
    server.well_known("same.test", Answer::redirect("/files/undersigned.json"));
    server.set("same.test", "/files/undersigned.json", Answer::redirect("https://SAME.test/final.json"));
    server.set("same.test", "/final.json", Answer::ok("moved"));
    server.well_known("other.test", Answer::redirect("https://ok.test/.well-known/undersigned.json"));
    server.well_known("plain.test", Answer::redirect("http://plain.test/.well-known/undersigned.json"));
    server.well_known("loop.test", Answer::redirect("/.well-known/undersigned.json"));

    assert_eq!(f.well_known("ok.test").map(|r| (r.status, r.body)), Ok((200, b"{}".to_vec())));
    assert_eq!(f.well_known("missing.test").map(|r| r.status), Ok(404), "a 404 is an answer, recorded as one");
    assert_eq!(f.well_known("big.test"), Err(FetchFailure::TooLarge));
    assert_eq!(f.well_known("full.test").map(|r| r.body.len()), Ok(65_536), "64 KiB exactly is read");
    assert_eq!(f.well_known("slow.test"), Err(FetchFailure::Timeout(2)));
    assert_eq!(
        f.well_known("same.test").map(|r| r.body),
        Ok(b"moved".to_vec()),
        "redirects within the host are followed"
    );
    assert!(matches!(f.well_known("other.test"), Err(FetchFailure::Redirect(to)) if to.contains("ok.test")));
    assert!(matches!(f.well_known("plain.test"), Err(FetchFailure::Redirect(to)) if to.starts_with("http://")));
    assert!(matches!(f.well_known("loop.test"), Err(FetchFailure::Redirect(_))));
    // A certificate that does not name the host; an authority this fetcher does not trust.
    assert!(
        matches!(f.well_known("wrong-cert.test"), Err(FetchFailure::Tls(_))),
        "{:?}",
        f.well_known("wrong-cert.test")
    );
    let untrusting = Fetcher::new(FetchSetup {
        resolve: vec![("ok.test".into(), server.addr)],
        timeout: Duration::from_secs(2),
        ..Default::default()
    });
    assert!(matches!(untrusting.well_known("ok.test"), Err(FetchFailure::Tls(_))));
    // Names that do not resolve, or only to this computer, are not fetched.
    assert!(matches!(f.well_known("no-such-host.invalid"), Err(FetchFailure::Dns(_))));
    assert_eq!(f.well_known("localhost"), Err(FetchFailure::PrivateAddress("localhost".into())));
    // A port where nothing listens.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let nothing = Fetcher::new(FetchSetup { resolve: vec![("closed.test".into(), closed)], ..Default::default() });
    assert!(matches!(nothing.well_known("closed.test"), Err(FetchFailure::Connect(_))));
    // Each failure says what happened, for the reviewer.
    for (failure, words) in [
        (FetchFailure::TooLarge, "larger than 64 KiB"),
        (FetchFailure::Timeout(10), "no answer within 10 seconds"),
        (FetchFailure::Dns("x.example".into()), "was not found"),
        (FetchFailure::PrivateAddress("x".into()), "private or local address"),
    ] {
        assert!(failure.to_string().contains(words), "{failure}");
    }
}

struct Lead {
    _dir: tempfile::TempDir,
    store: Store,
    lead: SecretKey,
    id: String,
    rng: ChaCha20Rng,
}

impl Lead {
    fn new() -> Lead {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("lead.db")).unwrap();
        let mut rng = ChaCha20Rng::from_seed([9; 32]);
        let lead = SecretKey::generate(&mut rng);
        let mut idb = [0u8; 16];
        rng.fill_bytes(&mut idb);
        let id = store
            .create_statement(
                &lead.public_key(),
                "Coalition X",
                "Joint statement",
                "We, the undersigned…\n",
                "en",
                T0,
                idb,
            )
            .unwrap();
        store.open_statement(&id, &lead, None, T0).unwrap();
        Lead { _dir: dir, store, lead, id, rng }
    }

    /// A member signs with a website (or none); its endorsement is imported. Returns its key.
    fn member(&mut self, name: &str, website: Option<&str>) -> SecretKey {
        let key = SecretKey::generate(&mut self.rng);
        let details = SignerDetails {
            name: name.into(),
            kind: SignerKind::Organization,
            country: "KE".into(),
            website: website.map(Into::into),
            title: None,
            affiliation: None,
        };
        let inv = undersigned_core::AnyInvitation::parse(&self.store.invitation(&self.id).unwrap().to_json()).unwrap();
        let e = undersigned_store::sign_invitation(&inv, &details, &key, T1).unwrap();
        let bytes = undersigned_core::canonical::pretty(&e);
        self.store.import(vec![(format!("{name}.json"), bytes)], T1, &mut |_, _, _| {}).unwrap();
        key
    }

    /// The tiers of the next release, by name.
    fn release_tiers(&mut self, at: &str) -> Vec<(String, String)> {
        let (bundle, _) = self.store.release(&self.id, &self.lead, at, &[1; 32]).unwrap();
        let options = undersigned_core::verify::Options { entries: true, ..Default::default() };
        let v = undersigned_core::verify::verify_bundle(&bundle.to_json()[..], None, &[2; 32], &options);
        assert!(v.report.valid, "{:?}", v.report.errors);
        let mut out: Vec<(String, String)> = v
            .report
            .entries
            .iter()
            .filter_map(|e| Some((e.name.clone(), e.tier.as_ref()?.tier.as_str().to_owned())))
            .collect();
        out.sort();
        out
    }
}

fn file(name: &str, key: &SecretKey) -> Vec<u8> {
    WellKnown::new(name, vec![key.public_key().to_hex()], vec![]).to_json()
}

#[test]
fn the_lead_checks_websites_and_the_release_shows_what_they_listed() {
    let server = Server::start(&["green.test", "other.test", "gone.test"]);
    let f = fetcher(&server, &["green.test", "other.test", "gone.test"]);
    let mut w = Lead::new();
    let green = w.member("Green Rivers", Some("https://Green.test/about"));
    let other = w.member("Other Org", Some("https://other.test"));
    w.member("Gone Org", Some("https://gone.test"));
    w.member("No Site", None);
    w.member("Far Away", Some("https://nowhere.invalid"));
    server.well_known("green.test", Answer::ok(file("Green Rivers", &green)));
    server.well_known("other.test", Answer::ok(file("Other Org", &SecretKey::generate(&mut w.rng))));
    let _ = other;

    let done = std::sync::Mutex::new(Vec::new());
    let checks = w.store.check_websites(&w.id, None, &f, T2, &|d, t| done.lock().unwrap().push((d, t))).unwrap();
    let by_name = |n: &str| checks.iter().find(|c| c.name == n).unwrap().clone();
    assert_eq!(by_name("Green Rivers").outcome, WebsiteOutcome::Recorded { status: 200, finding: Finding::Listed });
    assert_eq!(by_name("Green Rivers").host.as_deref(), Some("green.test"));
    assert_eq!(by_name("Other Org").outcome, WebsiteOutcome::Recorded { status: 200, finding: Finding::KeyNotListed });
    assert_eq!(by_name("Gone Org").outcome, WebsiteOutcome::Recorded { status: 404, finding: Finding::HttpStatus });
    assert_eq!(by_name("No Site").outcome, WebsiteOutcome::NoWebsite);
    assert!(matches!(&by_name("Far Away").outcome, WebsiteOutcome::Failed { failure: FetchFailure::Dns(_) }));
    assert_eq!(done.lock().unwrap().last(), Some(&(4, 4)), "progress over the four websites");
    let recorded = w.store.attestations(&w.id, None).unwrap();
    assert_eq!(recorded.len(), 3, "three answers recorded; the failure is not an attestation");
    assert_eq!(recorded.iter().filter(|a| a.listed == Some(true)).count(), 1);

    // The lead's table shows them too, and filters by them.
    let q = undersigned_store::roster::RosterQuery { tier: "website".into(), ..Default::default() };
    let page = w.store.roster_page(&w.id, &q, 0, 10).unwrap();
    assert_eq!(page.rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["Green Rivers"]);
    let q = undersigned_store::roster::RosterQuery { tier: "self-declared".into(), ..Default::default() };
    assert_eq!(w.store.roster_page(&w.id, &q, 0, 10).unwrap().matched, 4);

    let tiers = w.release_tiers(T3);
    assert_eq!(
        tiers,
        [
            ("Far Away".into(), "self-declared".into()),
            ("Gone Org".into(), "self-declared".into()),
            ("Green Rivers".into(), "website".into()),
            ("No Site".into(), "self-declared".into()),
            ("Other Org".into(), "self-declared".into()),
        ]
    );

    // The page changes: Green Rivers' file now lists another key. Checked again, the new answer
    // replaces the old, and the next release no longer shows the website tier.
    server.well_known("green.test", Answer::ok(file("Green Rivers", &SecretKey::generate(&mut w.rng))));
    let entry = checks.iter().find(|c| c.name == "Green Rivers").unwrap().entry.clone();
    let again = w.store.check_websites(&w.id, Some(&entry[..10]), &f, "2026-03-08T09:00:00Z", &|_, _| {}).unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].outcome, WebsiteOutcome::Recorded { status: 200, finding: Finding::KeyNotListed });
    assert_eq!(w.store.attestations(&w.id, Some(&entry)).unwrap().len(), 1, "replaced, not added");
    let tiers = w.release_tiers("2026-03-09T09:00:00Z");
    assert!(tiers.contains(&("Green Rivers".into(), "self-declared".into())), "{tiers:?}");
}

#[test]
fn a_hundred_websites_are_checked_at_once() {
    let server = Server::start(&[]);
    let hosts: Vec<String> = (0..100).map(|i| format!("site{i}.sites.test")).collect();
    let f = fetcher(&server, &hosts.iter().map(String::as_str).collect::<Vec<_>>());
    let mut w = Lead::new();
    for (i, host) in hosts.iter().enumerate() {
        let name = format!("Organization {i}");
        let key = w.member(&name, Some(&format!("https://{host}")));
        // Each answers after a moment, so that fetches made at once overlap at the server.
        server.well_known(host, Answer::ok(file(&name, &key)).slow(Duration::from_millis(300)));
    }
    let checks = w.store.check_websites(&w.id, None, &f, T2, &|_, _| {}).unwrap();
    assert_eq!(checks.len(), 100);
    assert!(checks.iter().all(|c| c.outcome == WebsiteOutcome::Recorded { status: 200, finding: Finding::Listed }));
    assert_eq!(*server.served.lock().unwrap(), 100);
    let most = server.in_flight.lock().unwrap().1;
    assert!(most >= 8, "fetched at once, not one by one: at most {most} requests were open together");
    let tiers = w.release_tiers(T3);
    assert!(tiers.iter().all(|(_, t)| t == "website"), "{tiers:?}");
}
