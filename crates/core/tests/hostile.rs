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
        key[..62].to_owned(),        // 31 bytes
        format!("{key}00"),          // 33 bytes
        key.to_uppercase(),          // upper case
        format!("{}zz", &key[..62]), // not hex
        format!(" {}", &key[..63]),  // white space
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
        sig[..126].to_owned(), // 63 bytes
        format!("{sig}00"),    // 65 bytes
        sig.to_uppercase(),
        format!("{}gg", &sig[..126]),
        "0".repeat(128), // all zero: R is the identity's encoding? small order
        "f".repeat(128), // s ≥ L and a non-point R
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
            // 200 kB of brackets is over the 64 KiB cap of endorsements, withdrawals and
            // well-known files (not the 256 KiB of an equivocation proof).
            let expected =
                if doc.len() > 64 * 1024 && matches!(kind, Kind::Endorsement | Kind::Withdrawal | Kind::WellKnown) {
                    Code::TooLarge
                } else {
                    Code::Malformed
                };
            assert_eq!(o.codes, vec![expected], "{kind:?} at depth {depth}");
        }
    }
}

// ---- Size caps, types, encodings and versions for every reader (issue 6) ----------------------

use undersigned_core::bundle::{self, Bundle};
use undersigned_core::keyfile::{KeyError, KeyFile};
use undersigned_core::verify::{verify_bundle, Options};
use undersigned_core::{endorsement, invitation, keyfile, withdrawal, ParseError};

fn raw(name: &str) -> Vec<u8> {
    let p = format!("{}/../../docs/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

/// `bytes` (a JSON object) grown to exactly `len` bytes with white space after its first `{`.
fn padded(bytes: &[u8], len: usize) -> Vec<u8> {
    assert!(bytes[0] == b'{' && len >= bytes.len());
    let mut out = Vec::with_capacity(len);
    out.push(b'{');
    out.resize(1 + len - bytes.len(), b' ');
    out.extend_from_slice(&bytes[1..]);
    assert_eq!(out.len(), len);
    out
}

fn key_file() -> Vec<u8> {
    use rand_chacha::rand_core::SeedableRng;
    let mut rng = rand_chacha::ChaCha20Rng::from_seed([9; 32]);
    let sk = undersigned_core::SecretKey::generate(&mut rng);
    KeyFile::seal(&sk, "correct horse", None, (keyfile::MIN_MEMORY_KIB, 1, 1), &mut rng).unwrap().to_json()
}

fn key_code(bytes: &[u8]) -> Option<Code> {
    match KeyFile::parse(bytes) {
        Ok(_) => None,
        Err(KeyError::Parse(ParseError { code, .. })) => Some(code),
        Err(e) => panic!("not a parse error: {e}"),
    }
}

/// The bundle verdicts of the pipeline every front end uses and of the reference verifier:
/// (valid, sorted codes).
fn bundle_codes(bytes: &[u8]) -> (bool, Vec<Code>) {
    let o = check(Kind::Bundle, bytes, None, &[0; 32]);
    let s = match Bundle::parse(bytes) {
        Ok(b) => bundle::verify(&b, None, &[0; 32]),
        Err(e) => bundle::VerificationReport::unreadable(&e),
    };
    let mut a = o.codes.clone();
    let mut b: Vec<Code> = s.errors.iter().map(|f| f.code).collect();
    a.sort();
    a.dedup();
    b.sort();
    b.dedup();
    assert_eq!((o.valid, &a), (s.valid, &b), "the pipeline agrees with the reference");
    (o.valid, a)
}

#[test]
fn every_reader_has_a_size_cap_and_accepts_a_file_at_it() {
    for (kind, name, cap) in [
        (Kind::Endorsement, "endorsement-organization.json", endorsement::MAX_BYTES),
        (Kind::Withdrawal, "withdrawal.json", withdrawal::MAX_BYTES),
        (Kind::Invitation, "invitation-v1.json", invitation::MAX_BYTES),
    ] {
        let v = raw(name);
        let at = check(kind, &padded(&v, cap), None, &[0; 32]);
        assert!(at.codes.iter().all(|c| *c != Code::TooLarge), "{name} at the cap: {:?}", at.codes);
        assert_eq!(at.valid, check(kind, &v, None, &[0; 32]).valid, "{name}: white space changes nothing");
        let over = check(kind, &padded(&v, cap + 1), None, &[0; 32]);
        assert_eq!(over.codes, vec![Code::TooLarge], "{name} one byte over the cap");
    }
    let k = key_file();
    assert_eq!(key_code(&padded(&k, keyfile::MAX_BYTES)), None, "a key file at the cap");
    assert_eq!(key_code(&padded(&k, keyfile::MAX_BYTES + 1)), Some(Code::TooLarge));
    // The bundle's cap (2 GiB) is the streaming verifier's first check; lowered here to show it.
    let b = raw("bundle-release-1.json");
    let opts = Options { max_bytes: b.len() as u64 - 1, ..Options::default() };
    let r = verify_bundle(&b[..], None, &[0; 32], &opts).report;
    assert_eq!(r.errors.iter().map(|f| f.code).collect::<Vec<_>>(), vec![Code::TooLarge]);
}

#[test]
fn wrong_types_and_nulls_are_malformed() {
    for (path, value) in [
        ("/signed/statement/version", serde_json::json!("1")),
        ("/signed/statement/version", serde_json::json!(1.0)),
        ("/signed/statement/version", serde_json::json!(-1)),
        ("/signed/signer", serde_json::json!([])),
        ("/signed/signer/name", serde_json::json!(null)),
        ("/signed/signer/kind", serde_json::json!(1)),
        ("/signed/signed_at", serde_json::json!(true)),
        ("/signature", serde_json::json!(7)),
        ("/signature", serde_json::json!(null)),
        ("/signed", serde_json::json!("x")),
    ] {
        let codes = codes_with(|v| *v.pointer_mut(path).unwrap() = value.clone());
        assert_eq!(codes, vec![Code::Malformed], "{path} = {value}");
    }
    let mut b = vector("bundle-release-1.json");
    for (path, value) in [
        ("/entries", serde_json::json!({})),
        ("/entries/0", serde_json::json!(null)),
        ("/release/signed/number", serde_json::json!("1")),
        ("/statement_versions", serde_json::json!(null)),
    ] {
        let saved = b.pointer(path).unwrap().clone();
        *b.pointer_mut(path).unwrap() = value.clone();
        assert_eq!(bundle_codes(&serde_json::to_vec(&b).unwrap()), (false, vec![Code::Malformed]), "{path} = {value}");
        *b.pointer_mut(path).unwrap() = saved;
    }
    assert!(bundle_codes(&serde_json::to_vec(&b).unwrap()).0, "restored");
}

/// Replaces the first occurrence of `from` in `bytes` with `to`.
fn replaced(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let at = bytes.windows(from.len()).position(|w| w == from).expect("the text to replace");
    [&bytes[..at], to, &bytes[at + from.len()..]].concat()
}

#[test]
fn invalid_utf8_and_lone_surrogates_are_malformed() {
    let bad: [&[u8]; 6] = [b"\xff", b"\xc3", b"\xed\xa0\x80", b"\\ud800", b"\\udc00", b"\\ud800\\u0041"];
    for b in bad {
        let to = [b"Green ".as_slice(), b, b" Alliance"].concat();
        let e = replaced(&raw("endorsement-organization.json"), b"Green Rivers Alliance", &to);
        assert_eq!(check(Kind::Endorsement, &e, None, &[0; 32]).codes, vec![Code::Malformed], "{b:?}");
        let w =
            replaced(&raw("withdrawal.json"), b"\"withdrawn_at\"", &[b"\"withdrawn_at".as_slice(), b, b"\""].concat());
        assert_eq!(check(Kind::Withdrawal, &w, None, &[0; 32]).codes, vec![Code::Malformed], "{b:?}");
        let i = replaced(
            &raw("invitation-v1.json"),
            b"Joint statement",
            &[b"Joint ".as_slice(), b, b" statement"].concat(),
        );
        assert_eq!(check(Kind::Invitation, &i, None, &[0; 32]).codes, vec![Code::Malformed], "{b:?}");
        let bundle = replaced(&raw("bundle-release-1.json"), b"Green Rivers Alliance", &to);
        assert_eq!(bundle_codes(&bundle), (false, vec![Code::Malformed]), "{b:?}");
        let k = key_file();
        let k = replaced(&k, b"\"argon2id\"", &[b"\"argon2id".as_slice(), b, b"\""].concat());
        assert_eq!(key_code(&k), Some(Code::Malformed), "{b:?}");
    }
}

#[test]
fn a_ten_megabyte_string_gives_its_code() {
    let big = "A".repeat(10 << 20);
    // An endorsement, a withdrawal, a key file: over their caps before any parsing.
    let codes = codes_with(|v| v["signed"]["signer"]["name"] = big.clone().into());
    assert_eq!(codes, vec![Code::TooLarge]);
    let mut k: serde_json::Value = serde_json::from_slice(&key_file()).unwrap();
    k["name"] = big.clone().into();
    assert_eq!(key_code(&serde_json::to_vec(&k).unwrap()), Some(Code::TooLarge));
    // In a bundle (whose cap is 2 GiB): a 10 MB name breaks the field rules and the signature,
    // and a 10 MB statement body the field rules; both verifiers say so.
    let mut b = vector("bundle-release-1.json");
    b["entries"][0]["endorsement"]["signed"]["signer"]["name"] = big.clone().into();
    let (valid, codes) = bundle_codes(&serde_json::to_vec(&b).unwrap());
    assert!(!valid && codes.contains(&Code::FieldInvalid), "{codes:?}");
    let mut b = vector("bundle-release-1.json");
    b["statement_versions"][0]["signed"]["texts"][0]["body"] = big.into();
    let (valid, codes) = bundle_codes(&serde_json::to_vec(&b).unwrap());
    assert!(!valid && codes.contains(&Code::FieldInvalid), "{codes:?}");
}

#[test]
fn unknown_format_versions_are_unsupported() {
    for (kind, name, path) in [
        (Kind::Endorsement, "endorsement-organization.json", "/signed/format"),
        (Kind::Withdrawal, "withdrawal.json", "/signed/format"),
        (Kind::Invitation, "invitation-v1.json", "/format"),
        (Kind::Bundle, "bundle-release-1.json", "/format"),
    ] {
        let mut v = vector(name);
        *v.pointer_mut(path).unwrap() = "undersigned/2".into();
        let o = check(kind, &serde_json::to_vec(&v).unwrap(), None, &[0; 32]);
        assert_eq!(o.codes, vec![Code::UnsupportedFormat], "{name}");
    }
    let mut k: serde_json::Value = serde_json::from_slice(&key_file()).unwrap();
    k["format"] = "undersigned/2".into();
    assert_eq!(key_code(&serde_json::to_vec(&k).unwrap()), Some(Code::UnsupportedFormat));
    k["format"] = "undersigned/1".into();
    k["surprise"] = 1.into();
    assert_eq!(key_code(&serde_json::to_vec(&k).unwrap()), Some(Code::Malformed), "unknown field");
}
