//! The lead's and member's workflows against a real store.

use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;
use undersigned_core::bundle::{self, Bundle};
use undersigned_core::endorsement::{Endorsement, SignerDetails, SignerKind};
use undersigned_core::{canonical, AnyInvitation, Code, Envelope, SecretKey};
use undersigned_store::roster::{RosterQuery, RosterSort};
use undersigned_store::views::SignatoryRow;
use undersigned_store::{Error, Outcome, Store};

const T0: &str = "2026-03-01T09:00:00Z";
const T1: &str = "2026-03-05T09:00:00Z";
const T2: &str = "2026-09-01T09:00:00Z";

struct World {
    _dir: tempfile::TempDir,
    store: Store,
    lead: SecretKey,
    id: String,
    rng: ChaCha20Rng,
}

fn world() -> World {
    world_from([5; 32])
}

fn world_from(seed: [u8; 32]) -> World {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("lead.db")).unwrap();
    let mut rng = ChaCha20Rng::from_seed(seed);
    let lead = SecretKey::generate(&mut rng);
    let mut idb = [0u8; 16];
    rng.fill_bytes(&mut idb);
    let id = store
        .create_statement(&lead.public_key(), "Coalition X", "Joint statement", "We, the undersigned…\n", "en", T0, idb)
        .unwrap();
    store.open_statement(&id, &lead, None, T0).unwrap();
    World { _dir: dir, store, lead, id, rng }
}

fn org(name: &str, country: &str) -> SignerDetails {
    SignerDetails {
        name: name.into(),
        kind: SignerKind::Organization,
        country: country.into(),
        website: None,
        title: None,
        affiliation: None,
    }
}

impl World {
    fn invitation(&self) -> AnyInvitation {
        let inv = self.store.invitation(&self.id).unwrap();
        // Through bytes, as members receive it.
        AnyInvitation::parse(&inv.to_json()).unwrap()
    }
    fn sign(&mut self, details: &SignerDetails) -> (SecretKey, Endorsement) {
        let key = SecretKey::generate(&mut self.rng);
        let e = self.sign_with(&key, details);
        (key, e)
    }
    fn sign_with(&self, key: &SecretKey, details: &SignerDetails) -> Endorsement {
        undersigned_store::sign_invitation(&self.invitation(), details, key, T1).unwrap()
    }
    fn import(&mut self, name: &str, bytes: Vec<u8>) -> Outcome {
        let mut r = self.store.import(vec![(name.into(), bytes)], T1, &mut |_, _, _| {}).unwrap();
        assert_eq!(r.len(), 1);
        r.remove(0).outcome
    }
    fn release(&mut self, at: &str) -> Bundle {
        self.store.release(&self.id, &self.lead, at, &[1; 32]).unwrap().0.into_v1().expect("a release of format 1")
    }
}

#[test]
fn import_release_withdraw_release() {
    let mut w = world();
    let (_, a) = w.sign(&org("Green Rivers Alliance", "KE"));
    let (kb, b) = w.sign(&org("Coastal Voices Network", "BR"));
    let mut ind = org("Amina Diallo", "SN");
    ind.kind = SignerKind::Individual;
    ind.title = Some("Professor".into());
    ind.affiliation = Some("UCAD".into());
    let (_, c) = w.sign(&ind);
    for (n, e) in [("a", &a), ("b", &b), ("c", &c)] {
        assert!(matches!(w.import(n, e.to_json()), Outcome::Accepted { .. }), "{n}");
    }
    // The same file again, and the same endorsement in other bytes: already present.
    assert!(matches!(w.import("a-again", a.to_json()), Outcome::AlreadyPresent { .. }));
    assert!(matches!(w.import("a-compact", canonical::to_jcs(&a)), Outcome::AlreadyPresent { .. }));

    let b1 = w.release(T1);
    let r1 = bundle::verify(&b1, None, &[2; 32]);
    assert!(r1.valid, "{:?}", r1.errors);
    assert_eq!((r1.signatories, r1.withdrawn, r1.release.number), (3, 0, 1));
    assert_eq!(w.store.bundle(&w.id, Some(1)).unwrap(), b1, "the stored release rebuilds the same bundle");

    let wd = undersigned_store::withdraw(&b, &kb, T2).unwrap();
    assert!(matches!(w.import("wd", wd.to_json()), Outcome::Accepted { .. }));
    assert!(matches!(w.import("wd-again", wd.to_json()), Outcome::AlreadyPresent { .. }));
    let b2 = w.release(T2);
    let r2 = bundle::verify(&b2, Some(&b1), &[3; 32]);
    assert!(r2.valid, "{:?}", r2.errors);
    assert_eq!((r2.signatories, r2.withdrawn, r2.release.number), (2, 1, 2));
    let p = r2.previous.unwrap();
    assert_eq!((p.kept, p.withdrawn_since, p.added, p.consistent), (2, 1, 0, true));
    // Release 1 does not verify as the successor of release 2.
    assert!(!bundle::verify(&b1, Some(&b2), &[3; 32]).valid);

    let list = w.store.list_statements().unwrap();
    assert_eq!((list[0].signatories, list[0].withdrawn, list[0].releases), (2, 1, 2));
}

#[test]
fn suspicious_endorsements_wait_for_review() {
    let mut w = world();
    let (ka, a) = w.sign(&org("Amnesty Watch", "GB"));
    assert!(matches!(w.import("a", a.to_json()), Outcome::Accepted { .. }));

    // The same name with another key.
    let (_, same) = w.sign(&org("Amnesty Watch", "GB"));
    let Outcome::HeldForReview { reasons, entry: same_id, .. } = w.import("same", same.to_json()) else { panic!() };
    assert!(reasons.iter().any(|r| r.contains("another key already signed as")), "{reasons:?}");

    // A confusable name: Cyrillic А.
    let (_, conf) = w.sign(&org("\u{0410}mnesty Watch", "GB"));
    let Outcome::HeldForReview { reasons, .. } = w.import("conf", conf.to_json()) else { panic!() };
    assert!(reasons.iter().any(|r| r.contains("looks like")), "{reasons:?}");
    assert!(reasons.iter().any(|r| r.contains("mixes writing systems")), "{reasons:?}");

    // A second endorsement by the same key.
    let again = w.sign_with(&ka, &org("Amnesty Watch UK", "GB"));
    let Outcome::HeldForReview { reasons, entry: again_id, .. } = w.import("again", again.to_json()) else { panic!() };
    assert!(reasons.iter().any(|r| r.contains("same key")), "{reasons:?}");
    // Accepting it would give the key two active endorsements: refused.
    assert!(matches!(w.store.review_accept(&again_id[..12], T1), Err(Error::Conflict(_))));
    w.store.review_reject(&again_id, "the same organization signed already", T1).unwrap();

    assert_eq!(w.store.review_list(None).unwrap().len(), 2);
    w.store.review_accept(&same_id, T1).unwrap();
    assert!(w.store.review_reject(&same_id, "x", T1).is_err(), "no longer in review");
    assert!(matches!(w.store.review_reject("zzzz", "x", T1), Err(Error::NotFound(_))));

    // The same organization's website under another key and another name.
    let with_site = |name: &str, site: &str| SignerDetails { website: Some(site.into()), ..org(name, "KE") };
    let (_, g) = w.sign(&with_site("Green Rivers", "https://greenrivers.example"));
    assert!(matches!(w.import("g", g.to_json()), Outcome::Accepted { .. }));
    let (_, g2) = w.sign(&with_site("GR Alliance", "https://www.greenrivers.example/about"));
    let Outcome::HeldForReview { reasons, .. } = w.import("g2", g2.to_json()) else {
        panic!("another key for the same website")
    };
    assert!(reasons.iter().any(|r| r.contains("for the website")), "{reasons:?}");

    // A name or title that a spreadsheet would read as a formula (signatories.csv keeps it as is).
    for (name, title) in [("=HYPERLINK(\"https://evil.example\")", None), ("Formula Org", Some("@SUM(A1:A9)"))] {
        let kind = if title.is_some() { SignerKind::Individual } else { SignerKind::Organization };
        let (_, f) = w.sign(&SignerDetails { title: title.map(String::from), kind, ..org(name, "KE") });
        let Outcome::HeldForReview { reasons, .. } = w.import("formula", f.to_json()) else { panic!("{name}") };
        assert!(reasons.iter().any(|r| r.contains("spreadsheet formula")), "{reasons:?}");
    }

    let b = w.release(T1);
    let r = bundle::verify(&b, None, &[1; 32]);
    assert!(r.valid, "{:?}", r.errors);
    assert_eq!(
        r.signatories, 3,
        "the original, the accepted one and Green Rivers; the confusable one and GR Alliance still wait"
    );
}

#[test]
fn rejections_keep_the_file_and_say_why() {
    let mut w = world();
    // Not JSON, and JSON that is not an endorsement.
    let Outcome::Rejected { code, .. } = w.import("junk", b"not json".to_vec()) else { panic!() };
    assert_eq!(code, Code::Malformed);
    let Outcome::Rejected { code, .. } = w.import("inv", w.invitation().to_json()) else { panic!() };
    assert_eq!(code, Code::UnsupportedFormat);
    // A forged name.
    let (_, mut e) = w.sign(&org("Real Org", "FR"));
    e.signed.signer.name = "Forged Org".into();
    let Outcome::Rejected { code, .. } = w.import("forged", e.to_json()) else { panic!() };
    assert_eq!(code, Code::SignatureInvalid);
    // A withdrawal signed by another key.
    let (_, victim) = w.sign(&org("Victim Org", "FR"));
    assert!(matches!(w.import("victim", victim.to_json()), Outcome::Accepted { .. }));
    let attacker = SecretKey::generate(&mut w.rng);
    let body = undersigned_core::withdrawal::WithdrawalBody {
        format: undersigned_core::FORMAT.into(),
        kind: "withdrawal".into(),
        statement: undersigned_core::withdrawal::StatementRef {
            id: victim.signed.statement.id.clone(),
            lead_key: victim.signed.statement.lead_key.clone(),
        },
        endorsement: hex::encode(victim.id()),
        signer_key: attacker.public_key().to_hex(),
        withdrawn_at: T2.into(),
    };
    let sig = attacker.sign(&canonical::signed_message(undersigned_core::withdrawal::CONTEXT, &body));
    let forged_wd = Envelope { signed: body, signature: hex::encode(sig) };
    let Outcome::Rejected { code, .. } = w.import("wd", forged_wd.to_json()) else { panic!() };
    assert_eq!(code, Code::WithdrawalWrongKey);
    // A withdrawal by the right key, dated before the endorsement it withdraws (§9).
    let (key, early) = w.sign(&org("Early Org", "FR"));
    assert!(matches!(w.import("early", early.to_json()), Outcome::Accepted { .. }));
    let backdated = undersigned_core::withdrawal::sign(&early, &key, "2001-01-01T00:00:00Z".into()).unwrap();
    let Outcome::Rejected { code, .. } = w.import("backdated", backdated.to_json()) else { panic!() };
    assert_eq!(code, Code::TimeOrder);
    // An endorsement of a statement this store does not have.
    let mut other = world_from([77; 32]);
    let (_, foreign) = other.sign(&org("Elsewhere", "DE"));
    let Outcome::Rejected { code, .. } = w.import("foreign", {
        let mut f = foreign.clone();
        f.signed.statement.id = "00112233445566778899aabbccddeeff".into();
        f.to_json()
    }) else {
        panic!()
    };
    assert!(matches!(code, Code::SignatureInvalid | Code::StatementMismatch));
    let Outcome::Rejected { code, .. } = w.import("foreign2", foreign.to_json()) else { panic!() };
    assert_eq!(code, Code::StatementMismatch);
    // Every file received is kept, byte for byte, and nothing was lost.
    let kept: i64 = rusqlite::Connection::open(w.store.path())
        .unwrap()
        .query_row("SELECT count(*) FROM files", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, 9);
}

#[test]
fn versions_edit_open_and_release_carry_both() {
    let mut w = world();
    let (_, a) = w.sign(&org("First Signer", "KE"));
    assert!(matches!(w.import("a", a.to_json()), Outcome::Accepted { .. }));
    assert!(matches!(w.store.open_statement(&w.id, &w.lead, None, T1), Err(Error::Conflict(_))), "already open");
    let v = w.store.edit_statement(&w.id, Some("We, the undersigned, revised…"), None, None, T1).unwrap();
    assert_eq!(v, 2);
    let wrong = SecretKey::generate(&mut w.rng);
    assert!(w.store.open_statement(&w.id, &wrong, None, T1).is_err(), "only the lead opens");
    w.store.open_statement(&w.id, &w.lead, Some("2026-12-31"), T1).unwrap();
    let (_, b) = w.sign(&org("Second Signer", "FR"));
    assert_eq!(b.signed.statement.version, 2);
    assert!(matches!(w.import("b", b.to_json()), Outcome::Accepted { .. }));
    let bundle = w.release(T2);
    assert_eq!(bundle.statement_versions.len(), 2);
    let r = bundle::verify(&bundle, None, &[1; 32]);
    assert!(r.valid, "{:?}", r.errors);
    assert_eq!(r.signatories, 2);
    assert_eq!(r.statement.version, 2);
}

#[test]
fn schema_upgrades_from_an_empty_file() {
    // Schema 1 is the first released schema: a store made by any release opens here.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("s.db");
    rusqlite::Connection::open(&p).unwrap().execute_batch("PRAGMA user_version = 0;").unwrap();
    let s = Store::open(&p).unwrap();
    assert!(s.integrity_ok().unwrap());
}

#[test]
fn backup_and_restore() {
    let mut w = world();
    let (_, a) = w.sign(&org("Before Backup", "KE"));
    assert!(matches!(w.import("a", a.to_json()), Outcome::Accepted { .. }));
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("backup.db");
    w.store.backup(&backup).unwrap();
    assert!(matches!(w.store.backup(&backup), Err(Error::Conflict(_))), "never overwrites");
    let (_, b) = w.sign(&org("After Backup", "KE"));
    assert!(matches!(w.import("b", b.to_json()), Outcome::Accepted { .. }));
    assert_eq!(w.store.list_statements().unwrap()[0].signatories, 2);

    // A damaged or foreign file is refused and the store is untouched.
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"this is not a database").unwrap();
    assert!(w.store.restore(&junk).is_err());
    let mut bytes = std::fs::read(&backup).unwrap();
    let (mid, len) = (bytes.len() / 2, bytes.len());
    for b in &mut bytes[mid..mid + 4096.min(len - mid)] {
        *b ^= 0x5a;
    }
    let damaged = dir.path().join("damaged.db");
    std::fs::write(&damaged, &bytes).unwrap();
    assert!(w.store.restore(&damaged).is_err());
    assert_eq!(w.store.list_statements().unwrap()[0].signatories, 2);

    // A sound SQLite database that is not a store, and a store from a newer version.
    let other = dir.path().join("other.db");
    rusqlite::Connection::open(&other).unwrap().execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
    assert!(
        matches!(w.store.restore(&other), Err(Error::Invalid(ref m)) if m.contains("not an Undersigned store backup"))
    );
    let newer = dir.path().join("newer.db");
    std::fs::copy(&backup, &newer).unwrap();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", undersigned_store::SCHEMA_VERSION + 1)
        .unwrap();
    assert!(matches!(w.store.restore(&newer), Err(Error::NewerDatabase { .. })));
    assert_eq!(w.store.list_statements().unwrap()[0].signatories, 2, "still untouched");

    let all = RosterQuery::default();
    assert_eq!(w.store.roster_page(&w.id, &all, 0, 10).unwrap().matched, 2);
    w.store.restore(&backup).unwrap();
    assert_eq!(w.store.list_statements().unwrap()[0].signatories, 1);
    let p = w.store.roster_page(&w.id, &all, 0, 10).unwrap();
    assert_eq!(names(&p.rows), ["Before Backup"], "the app's table follows a restore");
    assert!(w.store.integrity_ok().unwrap());
}

fn names(rows: &[SignatoryRow]) -> Vec<&str> {
    rows.iter().map(|r| r.name.as_str()).collect()
}

/// The app's table (the roster held in memory) answers from the store as it is now: after an
/// import, a release, a withdrawal, and a change made by another connection (the CLI).
#[test]
fn the_signatories_table_follows_the_store() {
    let mut w = world();
    let by_name = RosterQuery { sort: RosterSort::Name, ..Default::default() };
    let (_, a) = w.sign(&org("Zeta Coalition", "KE"));
    let (kb, b) = w.sign(&org("Écoles du Monde", "SN"));
    for (n, e) in [("a", &a), ("b", &b)] {
        assert!(matches!(w.import(n, e.to_json()), Outcome::Accepted { .. }));
    }
    let p = w.store.roster_page(&w.id, &by_name, 0, 10).unwrap();
    assert_eq!((p.total, p.matched), (2, 2));
    assert_eq!(names(&p.rows), ["Écoles du Monde", "Zeta Coalition"], "accents do not sort last");
    assert!(p.rows.iter().all(|r| !r.released && r.status == "active"));
    let search = RosterQuery { search: "ecoles".into(), ..Default::default() };
    assert_eq!(names(&w.store.roster_page(&w.id, &search, 0, 10).unwrap().rows), ["Écoles du Monde"]);

    // The same query again, after an import: the new row is there.
    let (_, c) = w.sign(&org("Amis de la Terre", "SN"));
    assert!(matches!(w.import("c", c.to_json()), Outcome::Accepted { .. }));
    let p = w.store.roster_page(&w.id, &by_name, 0, 10).unwrap();
    assert_eq!(names(&p.rows), ["Amis de la Terre", "Écoles du Monde", "Zeta Coalition"]);
    let s = w.store.roster_summary(&w.id).unwrap();
    assert_eq!((s.total, s.active, s.organizations, s.withdrawn, s.pending), (3, 3, 3, 0, 3));
    assert_eq!(s.by_country.iter().map(|c| (c.country.as_str(), c.count)).collect::<Vec<_>>(), [("SN", 2), ("KE", 1)]);

    w.release(T1);
    assert!(w.store.roster_page(&w.id, &by_name, 0, 10).unwrap().rows.iter().all(|r| r.released));
    assert_eq!(w.store.roster_summary(&w.id).unwrap().pending, 0, "nothing new since the release");

    let wd = undersigned_store::withdraw(&b, &kb, T2).unwrap();
    assert!(matches!(w.import("wd", wd.to_json()), Outcome::Accepted { .. }));
    let active = RosterQuery { status: "active".into(), country: "SN".into(), ..Default::default() };
    assert_eq!(names(&w.store.roster_page(&w.id, &active, 0, 10).unwrap().rows), ["Amis de la Terre"]);
    let s = w.store.roster_summary(&w.id).unwrap();
    assert_eq!((s.total, s.active, s.withdrawn), (3, 2, 1));
    // Pages and the summary of one reading of the store name the same snapshot.
    let before = w.store.roster_page(&w.id, &active, 0, 10).unwrap();
    assert_eq!(before.snapshot, s.snapshot);

    // Another connection to the same file (the CLI, while the app is open) imports one more.
    let mut other = Store::open(w.store.path()).unwrap();
    let (_, d) = w.sign(&org("Rivers United", "BR"));
    other.import(vec![("d".into(), d.to_json())], T2, &mut |_, _, _| {}).unwrap();
    drop(other);
    let p = w.store.roster_page(&w.id, &RosterQuery::default(), 0, 10).unwrap();
    assert_eq!(p.total, 4);
    // The page comes from a newer reading than the summary the screen holds: it reads the summary again.
    assert!(p.snapshot > s.snapshot, "{} after {}", p.snapshot, s.snapshot);
    assert_eq!(w.store.roster_summary(&w.id).unwrap().snapshot, p.snapshot);
    assert_eq!(p.rows.last().map(|r| r.name.as_str()), Some("Rivers United"), "in signing order");

    // Pages past the end are empty, and a statement that does not exist is an error.
    let p = w.store.roster_page(&w.id, &RosterQuery::default(), 10, 10).unwrap();
    assert_eq!((p.offset, p.matched, p.rows.len()), (4, 4, 0));
    assert!(w.store.roster_page("no-such-statement", &RosterQuery::default(), 0, 10).is_err());
}

/// An entry changed in the store's file behind its back (a name edited after it was signed):
/// the release is refused with the verification's failure, with or without a file to write, and
/// nothing of it is recorded — no release, no place in the log, no file. Once the entry is
/// restored, the release is made.
#[test]
fn a_release_over_a_tampered_store_is_not_made() {
    let mut w = world();
    for name in ["Green Rivers Alliance", "Coastal Voices Network", "Sahel Water Forum"] {
        let (_, e) = w.sign(&org(name, "KE"));
        assert!(matches!(w.import(name, e.to_json()), Outcome::Accepted { .. }));
    }
    let db = w.store.path().to_path_buf();
    let raw = rusqlite::Connection::open(&db).unwrap();
    let count = |sql: &str| -> i64 { raw.query_row(sql, [], |r| r.get(0)).unwrap() };
    let changed = raw
        .execute("UPDATE entries SET envelope = replace(envelope, 'Coastal Voices', 'Coastal Vices') WHERE name LIKE 'Coastal%'", [])
        .unwrap();
    assert_eq!(changed, 1);

    let out = db.with_file_name("release.json");
    for file in [None, Some(out.as_path())] {
        match w.store.release_with(&w.id, || Ok(&w.lead), T2, &[1; 32], file, &|_, _| {}) {
            Err(Error::Verification(failures)) => {
                assert!(failures.iter().any(|f| f.code == Code::SignatureInvalid), "{failures:?}")
            }
            other => panic!("{file:?}: expected a verification failure, got {:?}", other.map(|(_, s)| s)),
        }
        assert_eq!(count("SELECT count(*) FROM releases"), 0);
        assert_eq!(count("SELECT count(*) FROM log"), 0);
        assert!(!out.exists());
    }

    raw.execute(
        "UPDATE entries SET envelope = replace(envelope, 'Coastal Vices', 'Coastal Voices') WHERE name LIKE 'Coastal%'",
        [],
    )
    .unwrap();
    // Progress follows the entries verified, from none to all.
    let reported = std::sync::Mutex::new(Vec::new());
    let progress = |done, total| reported.lock().unwrap().push((done, total));
    let (_, summary) = w.store.release_with(&w.id, || Ok(&w.lead), T2, &[1; 32], Some(&out), &progress).unwrap();
    assert_eq!((summary.number, summary.entries), (1, 3));
    assert_eq!(reported.into_inner().unwrap(), vec![(0, 3), (1, 3), (2, 3), (3, 3)]);
    assert_eq!(count("SELECT count(*) FROM log"), 3);
    assert!(Bundle::parse(&std::fs::read(&out).unwrap()).is_ok());
}

/// Issue 17, the lead's side in the store: a version with two witnesses (the default quorum:
/// both), its release listed with who co-signed it, and each witness's cosignature file taken
/// in by the import as an endorsement is (and by the inbox, which offers its extension).
#[test]
fn witnessed_releases_list_their_witnesses_and_take_cosignature_files() {
    use undersigned_core::statement11::Witness;
    use undersigned_store::inbox::Inbox;
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("lead.db")).unwrap();
    let mut rng = ChaCha20Rng::from_seed([9; 32]);
    let lead = SecretKey::generate(&mut rng);
    let id = store
        .create_statement(
            &lead.public_key(),
            "Coalition X",
            "Joint statement",
            "We, the undersigned…\n",
            "en",
            T0,
            [4; 16],
        )
        .unwrap();
    let keys = [SecretKey::generate(&mut rng), SecretKey::generate(&mut rng)];
    let listed: Vec<Witness> =
        [("press.example/w1", "  Press Freedom Watch "), ("law.example/w2", "Centre for International Law")]
            .iter()
            .zip(&keys)
            .map(|((key_name, name), k)| Witness {
                key_name: (*key_name).into(),
                name: (*name).into(),
                // As typed: capitals are the same key.
                public_key: k.public_key().to_hex().to_uppercase(),
                website: Some(" ".into()),
            })
            .collect();
    let v = store.open_statement_witnessed(&id, &lead, None, T0, &listed, None, false).unwrap();
    let (witnesses, quorum) = v.witnesses();
    assert_eq!((witnesses[0].name.as_str(), witnesses[0].website.as_deref(), quorum), ("Press Freedom Watch", None, 2));
    assert_eq!(witnesses[1].public_key, keys[1].public_key().to_hex());
    store.release(&id, &lead, T1, &[1; 32]).unwrap();

    let rows = store.releases(&id).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].quorum, rows[0].witnesses.iter().filter(|w| w.cosigned).count()), (2, 0));
    assert_eq!(rows[0].witnesses[1].name, "Centre for International Law");

    // Each witness co-signs in its own store; the lead drops their files in its inbox folder.
    let inbox_dir = dir.path().join("inbox");
    std::fs::create_dir(&inbox_dir).unwrap();
    let request = store.cosignature_request(&id, None, 0).unwrap();
    for (i, (k, w)) in keys.iter().zip(&listed).enumerate() {
        let mut ws = Store::open(&dir.path().join(format!("w{i}.db"))).unwrap();
        let undersigned_store::workflows::witness::Witnessed::Cosigned { file, .. } =
            ws.witness_add_checkpoint(k, &w.key_name, &request, T1).unwrap()
        else {
            panic!("witness {i} refused")
        };
        std::fs::write(inbox_dir.join(format!("w{i}.undersigned-cosignature")), file).unwrap();
    }
    std::fs::write(inbox_dir.join("notes.txt"), "not for the inbox").unwrap();
    let fresh = Inbox::default().fresh(&inbox_dir);
    assert_eq!(fresh.len(), 2, "{fresh:?}");
    let results = store.import_paths(&fresh, T1, &mut |_, _, _| {}).unwrap();
    match &results[1].outcome {
        Outcome::Cosigned { number, added, cosigned, quorum } => {
            assert_eq!(
                (*number, added.as_slice(), cosigned.len(), *quorum),
                (1, &["law.example/w2".to_owned()][..], 2, 2)
            );
        }
        o => panic!("{o:?}"),
    }
    let rows = store.releases(&id).unwrap();
    assert!(rows[0].witnesses.iter().all(|w| w.cosigned));
    // Again: nothing new; a file of no release of this store: rejected, and why.
    let again = store.import_paths(&fresh[..1], T1, &mut |_, _, _| {}).unwrap();
    assert!(matches!(&again[0].outcome, Outcome::Cosigned { added, .. } if added.is_empty()), "{again:?}");
    let foreign = std::fs::read(&fresh[0]).unwrap();
    let foreign = String::from_utf8(foreign).unwrap().replace(&id, &"ab".repeat(16));
    let r = store.import(vec![("foreign.json".into(), foreign.into_bytes())], T1, &mut |_, _, _| {}).unwrap();
    assert!(
        matches!(&r[0].outcome, Outcome::Rejected { code: Code::CheckpointMismatch, reason } if reason.contains("no release in this store")),
        "{r:?}"
    );
}
