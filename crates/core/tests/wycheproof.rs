//! Every case of Wycheproof's `ed25519_test.json` through the strict verifier of FORMAT.md §3.2,
//! single and batched: the verdict must be Wycheproof's, and the batch must agree with single
//! verification whatever the batch holds.
//!
//! The file is read from the repository's `tests/data/third-party/wycheproof/` (a copy of the
//! upstream file, with its licence and source). If it is missing the test fails: a conformance
//! test that silently skips is worse than none.

use std::path::PathBuf;
use undersigned_core::ed25519::{verify, verify_batch, SigError, SignatureCheck};

/// Wycheproof cases whose verdict under our rule differs from Wycheproof's `result`, each with the
/// reason the spec intends it. None so far: the strict cofactored rule agrees with every case.
const EXPECTED_DIFFERENCES: &[(u64, &str)] = &[];

fn wycheproof_path() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/third-party/wycheproof/ed25519_test.json"))
}

#[derive(serde::Deserialize)]
struct File {
    #[serde(rename = "numberOfTests")]
    number_of_tests: usize,
    #[serde(rename = "testGroups")]
    test_groups: Vec<Group>,
}

#[derive(serde::Deserialize)]
struct Group {
    #[serde(rename = "publicKey")]
    public_key: PublicKey,
    tests: Vec<Case>,
}

#[derive(serde::Deserialize)]
struct PublicKey {
    pk: String,
}

#[derive(serde::Deserialize)]
struct Case {
    #[serde(rename = "tcId")]
    tc_id: u64,
    comment: String,
    msg: String,
    sig: String,
    result: String,
}

struct Prepared {
    tc_id: u64,
    comment: String,
    expected: bool,
    key: Option<[u8; 32]>,
    sig: Option<[u8; 64]>,
    msg: Vec<u8>,
}

fn load() -> Vec<(String, Vec<Prepared>)> {
    let path = wycheproof_path();
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "the Wycheproof vectors are required: cannot read {}: {e}. They are committed in \
             tests/data/third-party/wycheproof/ (see its README.md).",
            path.display()
        )
    });
    let file: File = serde_json::from_slice(&bytes).expect("ed25519_test.json parses");
    let mut total = 0;
    let groups: Vec<(String, Vec<Prepared>)> = file
        .test_groups
        .into_iter()
        .map(|g| {
            let key: Option<[u8; 32]> = hex::decode(&g.public_key.pk).ok().and_then(|k| k.try_into().ok());
            let cases = g
                .tests
                .into_iter()
                .map(|c| {
                    total += 1;
                    let expected = match c.result.as_str() {
                        "valid" => true,
                        "invalid" => false,
                        other => panic!("tcId {}: unexpected result {other:?}", c.tc_id),
                    };
                    Prepared {
                        tc_id: c.tc_id,
                        comment: c.comment,
                        expected,
                        key,
                        sig: hex::decode(&c.sig).ok().and_then(|s| s.try_into().ok()),
                        msg: hex::decode(&c.msg).expect("msg is hex"),
                    }
                })
                .collect();
            (g.public_key.pk, cases)
        })
        .collect();
    assert_eq!(total, file.number_of_tests, "every case was read");
    assert!(total >= 150, "only {total} cases");
    groups
}

/// Our verdict for one case: wrong-length keys and signatures are rejected (the hex rule, §1).
fn single(c: &Prepared) -> Result<(), SigError> {
    match (&c.key, &c.sig) {
        (Some(k), Some(s)) => verify(k, s, &c.msg),
        (None, _) => Err(SigError::KeyInvalid),
        (_, None) => Err(SigError::SignatureInvalid),
    }
}

fn expected_verdict(c: &Prepared) -> bool {
    match EXPECTED_DIFFERENCES.iter().find(|(id, _)| *id == c.tc_id) {
        Some(_) => !c.expected,
        None => c.expected,
    }
}

#[test]
fn single_verification_agrees_with_wycheproof() {
    let mut wrong = Vec::new();
    let mut counted = (0, 0);
    for (_, cases) in load() {
        for c in &cases {
            let ours = single(c).is_ok();
            if ours {
                counted.0 += 1;
            } else {
                counted.1 += 1;
            }
            if ours != expected_verdict(c) {
                wrong.push(format!(
                    "tcId {} ({}): Wycheproof says {}, we say {:?}",
                    c.tc_id,
                    c.comment,
                    if c.expected { "valid" } else { "invalid" },
                    single(c)
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "verdicts that differ from Wycheproof:\n{}", wrong.join("\n"));
    assert!(counted.0 > 0 && counted.1 > 0, "{counted:?}");
}

#[test]
fn batch_verification_agrees_with_single() {
    let groups = load();
    let seeds = [[0u8; 32], [0x5au8; 32], [0xffu8; 32]];
    let mut everything: Vec<(&Prepared, Result<(), SigError>)> = Vec::new();
    for (pk, cases) in &groups {
        // Only cases with well-formed lengths can enter a batch at all.
        let batchable: Vec<&Prepared> = cases.iter().filter(|c| c.key.is_some() && c.sig.is_some()).collect();
        let items: Vec<SignatureCheck> = batchable
            .iter()
            .map(|c| SignatureCheck { key: c.key.as_ref().unwrap(), sig: c.sig.as_ref().unwrap(), msg: &c.msg })
            .collect();
        let singles: Vec<Result<(), SigError>> = batchable.iter().map(|c| single(c)).collect();
        for seed in &seeds {
            // Each case alone.
            for (it, (c, s)) in items.iter().zip(batchable.iter().zip(&singles)) {
                let alone = verify_batch(std::slice::from_ref(it), seed);
                assert_eq!(alone.len(), 1);
                assert_eq!(&alone[0], s, "tcId {} alone in a batch, key {pk}", c.tc_id);
            }
            // The whole key group together.
            let together = verify_batch(&items, seed);
            for ((c, s), b) in batchable.iter().zip(&singles).zip(&together) {
                assert_eq!(b, s, "tcId {} in its key group's batch, key {pk}", c.tc_id);
            }
            // Only the valid ones of the group: the batch equation itself must pass them.
            let valid_items: Vec<SignatureCheck> = items
                .iter()
                .zip(&singles)
                .filter(|(_, s)| s.is_ok())
                .map(|(it, _)| SignatureCheck { key: it.key, sig: it.sig, msg: it.msg })
                .collect();
            assert!(verify_batch(&valid_items, seed).iter().all(|r| r.is_ok()), "key {pk}");
        }
        everything.extend(batchable.into_iter().zip(singles));
    }
    // Every case of the file in one batch.
    let items: Vec<SignatureCheck> = everything
        .iter()
        .map(|(c, _)| SignatureCheck { key: c.key.as_ref().unwrap(), sig: c.sig.as_ref().unwrap(), msg: &c.msg })
        .collect();
    for seed in &seeds {
        for ((c, s), b) in everything.iter().zip(verify_batch(&items, seed)) {
            assert_eq!(&b, s, "tcId {} in the batch of every case", c.tc_id);
        }
    }
}
