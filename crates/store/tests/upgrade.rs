//! Upgrades from each released schema (fixtures/README.md): a copy of a store written by that
//! schema opens with the current code, which migrates it in place; every release exports byte for
//! byte as before, the signatories keep their state, and the next release works.

use undersigned_store::Store;

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

#[test]
fn a_schema_1_store_upgrades_and_keeps_every_release() {
    upgrades_and_keeps_every_release(1);
}

#[test]
fn a_schema_2_store_upgrades_and_keeps_every_release() {
    upgrades_and_keeps_every_release(2);
}

#[test]
fn a_schema_3_store_upgrades_and_keeps_every_release() {
    upgrades_and_keeps_every_release(3);
}

#[test]
fn a_schema_4_store_upgrades_and_keeps_every_release() {
    upgrades_and_keeps_every_release(4);
}

#[test]
fn a_schema_5_store_upgrades_and_keeps_every_release() {
    upgrades_and_keeps_every_release(5);
}

#[test]
fn a_schema_6_store_upgrades_and_keeps_every_release() {
    upgrades_and_keeps_every_release(6);
}

/// Every released schema has a fixture.
#[test]
fn every_released_schema_has_a_fixture() {
    for n in 1..undersigned_store::SCHEMA_VERSION {
        assert!(fixture(&format!("schema-{n}.db")).exists(), "schema {n} has no fixture (make.sh {n})");
    }
}

fn upgrades_and_keeps_every_release(schema: i64) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.db");
    std::fs::copy(fixture(&format!("schema-{schema}.db")), &db).unwrap();
    let version = |p: &std::path::Path| -> i64 {
        rusqlite::Connection::open(p).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap()
    };
    assert_eq!(version(&db), schema, "the fixture is schema {schema}");

    let mut store = Store::open(&db).unwrap();
    assert_eq!(store.schema_version().unwrap(), undersigned_store::SCHEMA_VERSION);
    // Schema 3's index, which the latest signatories are read through (no sort of every row).
    let plan: Vec<String> = {
        let c = rusqlite::Connection::open(&db).unwrap();
        let mut q = c
            .prepare(
                "EXPLAIN QUERY PLAN SELECT seq FROM entries WHERE statement_id = 'x' AND kind = 'endorsement'
                 ORDER BY signed_at DESC, seq DESC LIMIT 100",
            )
            .unwrap();
        q.query_map([], |r| r.get::<_, String>(3)).unwrap().map(Result::unwrap).collect()
    };
    assert!(plan.iter().any(|p| p.contains("entries_by_signed_at")), "{plan:?}");
    assert!(!plan.iter().any(|p| p.contains("TEMP B-TREE")), "{plan:?}");
    assert!(store.integrity_ok().unwrap());
    // Schema 4's tables: the witness follows no log yet.
    assert!(store.witnessed_logs().unwrap().is_empty());
    let statements = store.list_statements().unwrap();
    assert_eq!(statements.len(), 1);
    let id = statements[0].id.clone();
    assert_eq!((statements[0].signatories, statements[0].withdrawn, statements[0].releases), (12, 1, 3));

    // Release 3, as that schema wrote it, byte for byte; releases 1 and 2 verify and chain
    // (of format 1, or from schema 6 on of 1.1: its demo has the lead's attestations).
    let expected = std::fs::read(fixture(&format!("schema-{schema}-release-3.json"))).unwrap();
    assert_eq!(store.release_bundle(&id, Some(3)).unwrap().to_json(), expected);
    let b1 = store.release_bundle(&id, Some(1)).unwrap().to_json();
    let b2 = store.release_bundle(&id, Some(2)).unwrap().to_json();
    let r = verify_against(&b2, &b1);
    assert!(r.valid, "{:?}", r.errors);
    assert_eq!(r.signatories, 13);
    assert_eq!(verify_against(&b1, &b1).signatories, 12, "release 1 has the demo's 12");
    // Every signatory is released, one withdrawn.
    let rows = store.signatories(&id).unwrap();
    assert_eq!(rows.len(), 13);
    assert!(rows.iter().all(|r| r.released));
    assert_eq!(rows.iter().filter(|r| r.status == "withdrawn").count(), 1);

    // Nothing new: a release 4 carries the same 14 entries and chains to release 3.
    let lead = undersigned_store::keys::unlock(&fixture(&format!("schema-{schema}-lead.key")), "demo").unwrap();
    let (b4, s) = store.release(&id, &lead, "2027-01-01T00:00:00Z", &[2; 32]).unwrap();
    assert_eq!((s.number, s.added, s.entries), (4, 0, 14));
    assert_eq!(
        b4.to_json().starts_with(b"{\n  \"format\": \"undersigned/1.1\""),
        schema >= 6,
        "release 4 keeps the format"
    );
    let r = verify_against(&b4.to_json(), &expected);
    assert!(r.valid, "{:?}", r.errors);

    // Opening again changes nothing.
    drop(store);
    let store = Store::open(&db).unwrap();
    assert_eq!(store.release_bundle(&id, Some(3)).unwrap().to_json(), expected);
}

/// `bundle` verified against the release before it (itself, for release 1: then only its own
/// report counts).
fn verify_against(bundle: &[u8], previous: &[u8]) -> undersigned_core::VerificationReport {
    let mut prev = previous;
    let v = undersigned_core::verify::verify_bundle(
        bundle,
        (bundle != previous).then_some(undersigned_core::verify::Previous::Reader(&mut prev)),
        &[1; 32],
        &Default::default(),
    );
    v.report
}
