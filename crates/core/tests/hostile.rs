//! Hostile encodings of keys and signatures (issue 6): wrong lengths, upper case, non-hex.
//! Each gives its documented code (FORMAT.md §3.2), never a panic.

use undersigned_core::check::{check, Kind};
use undersigned_core::Code;

fn vector(name: &str) -> serde_json::Value {
    let p = format!("{}/../../docs/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_slice(&std::fs::read(&p).unwrap_or_else(|e| panic!("{p}: {e}"))).unwrap()
}

fn codes_with(mutate: impl Fn(&mut serde_json::Value)) -> Vec<Code> {
    let mut v = vector("endorsement-organization.json");
    mutate(&mut v);
    let bytes = serde_json::to_vec(&v).unwrap();
    let o = check(Kind::Endorsement, &bytes, None, &[0; 32]);
    assert!(!o.valid);
    o.codes
}

#[test]
fn keys_of_wrong_length_or_encoding() {
    let v = vector("endorsement-organization.json");
    let key = v["signed"]["signer"]["public_key"].as_str().unwrap().to_owned();
    for bad in [
        key[..62].to_owned(),                 // 31 bytes
        format!("{key}00"),                   // 33 bytes
        key.to_uppercase(),                   // upper case
        format!("{}zz", &key[..62]),          // not hex
        format!(" {}", &key[..63]),           // white space
        String::new(),
    ] {
        let codes = codes_with(|v| v["signed"]["signer"]["public_key"] = bad.clone().into());
        assert_eq!(codes, vec![Code::KeyInvalid], "{bad:?}");
    }
}

#[test]
fn signatures_of_wrong_length_or_encoding() {
    let v = vector("endorsement-organization.json");
    let sig = v["signature"].as_str().unwrap().to_owned();
    for bad in [
        sig[..126].to_owned(),               // 63 bytes
        format!("{sig}00"),                  // 65 bytes
        sig.to_uppercase(),
        format!("{}gg", &sig[..126]),
        "0".repeat(128),                     // all zero: R is the identity's encoding? small order
        "f".repeat(128),                     // s ≥ L and a non-point R
    ] {
        let codes = codes_with(|v| v["signature"] = bad.clone().into());
        assert_eq!(codes, vec![Code::SignatureInvalid], "{bad:?}");
    }
}

#[test]
fn nesting_at_the_limit_is_malformed_not_a_crash() {
    for depth in [127usize, 128, 129, 100_000] {
        let doc = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        for kind in Kind::ALL {
            let o = check(kind, doc.as_bytes(), None, &[0; 32]);
            assert!(!o.valid);
            // 200 kB of brackets is over the 64 KiB cap of endorsements and withdrawals.
            let expected = if doc.len() > 64 * 1024 && matches!(kind, Kind::Endorsement | Kind::Withdrawal) {
                Code::TooLarge
            } else {
                Code::Malformed
            };
            assert_eq!(o.codes, vec![expected], "{kind:?} at depth {depth}");
        }
    }
}
