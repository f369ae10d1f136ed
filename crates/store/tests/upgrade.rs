//! Upgrades from each released schema (fixtures/README.md): a copy of a store written by that
//! schema opens with the current code, which migrates it in place; every release exports byte for
//! byte as before, the signatories keep their state, and the next release works.

use undersigned_core::bundle;
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

    // Release 3, as that schema wrote it, byte for byte; releases 1 and 2 verify and chain.
    let expected = std::fs::read(fixture(&format!("schema-{schema}-release-3.json"))).unwrap();
    assert_eq!(store.bundle(&id, Some(3)).unwrap().to_json(), expected);
    let b1 = store.bundle(&id, Some(1)).unwrap();
    let b2 = store.bundle(&id, Some(2)).unwrap();
    let r = bundle::verify(&b2, Some(&b1), &[1; 32]);
    assert!(r.valid, "{:?}", r.errors);
    assert_eq!(b1.entries.len(), 12);
    assert_eq!(b2.entries.len(), 13);

    // Every signatory is released, one withdrawn.
    let rows = store.signatories(&id).unwrap();
    assert_eq!(rows.len(), 13);
    assert!(rows.iter().all(|r| r.released));
    assert_eq!(rows.iter().filter(|r| r.status == "withdrawn").count(), 1);

    // Nothing new: a release 4 carries the same 14 entries and chains to release 3.
    let lead = undersigned_store::keys::unlock(&fixture(&format!("schema-{schema}-lead.key")), "demo").unwrap();
    let (b4, s) = store.release(&id, &lead, "2027-01-01T00:00:00Z", &[2; 32]).unwrap();
    let b4 = b4.into_v1().expect("a release of format 1");
    assert_eq!((s.number, s.added, s.entries), (4, 0, 14));
    let b3 = bundle::Bundle::parse(&expected).unwrap();
    let r = bundle::verify(&b4, Some(&b3), &[1; 32]);
    assert!(r.valid, "{:?}", r.errors);

    // Opening again changes nothing.
    drop(store);
    let store = Store::open(&db).unwrap();
    assert_eq!(store.bundle(&id, Some(3)).unwrap().to_json(), expected);
}
