//! RFC 8785 (JCS) against the RFC's own test data (`tests/data/third-party/jcs/`, from
//! cyberphone/json-canonicalization), for the values this format uses (FORMAT.md §2).
//!
//! Files compared whole: `arrays.json` and `unicode.json`.
//! Files skipped, because they hold what the format never carries:
//! - `french.json`, `weird.json`: non-ASCII member names (their order is UTF-16 code-unit order,
//!   which our byte order equals only for ASCII; the format's names are all ASCII);
//! - `structures.json`: the float `56.0` (no floating-point value appears in the format);
//! - `values.json`: floats in `numbers`; its `string` and `literals` members are compared after
//!   removing `numbers` from both sides (see `values_without_numbers`).
//!
//! These tests also guard against serde_json's `preserve_order` feature: if any crate in the
//! build turns it on, `serde_json::Value` keeps insertion order, every canonical form (and so
//! every signature) changes, and these tests fail.

use std::path::PathBuf;
use undersigned_core::canonical::value_to_jcs;

fn jcs_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/third-party/jcs"))
}

fn read(rel: &str) -> Vec<u8> {
    let path = jcs_dir().join(rel);
    std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "the RFC 8785 vectors are required: cannot read {}: {e}. They are committed in \
             tests/data/third-party/jcs/ (see its README.md).",
            path.display()
        )
    })
}

fn canonical(input: &[u8]) -> Vec<u8> {
    let v: serde_json::Value = serde_json::from_slice(input).expect("the input is JSON");
    value_to_jcs(&v)
}

const COMPARED: [&str; 2] = ["arrays.json", "unicode.json"];
const SKIPPED: [&str; 4] = ["french.json", "weird.json", "structures.json", "values.json"];

#[test]
fn rfc8785_vectors_within_the_format() {
    for name in COMPARED {
        let got = canonical(&read(&format!("input/{name}")));
        let want = read(&format!("output/{name}"));
        assert_eq!(
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(&want),
            "{name}: canonical form differs from RFC 8785's"
        );
        assert_eq!(got, want, "{name}");
        // The hex form of the expected output says the same.
        let stem = name.trim_end_matches(".json");
        let hex_text = String::from_utf8(read(&format!("outhex/{stem}.txt"))).expect("ascii");
        let from_hex: Vec<u8> =
            hex_text.split_whitespace().map(|h| u8::from_str_radix(h, 16).expect("hex byte")).collect();
        assert_eq!(got, from_hex, "{name} (outhex)");
    }
}

#[test]
fn every_file_is_either_compared_or_skipped_with_a_reason() {
    let mut names: Vec<String> = std::fs::read_dir(jcs_dir().join("input"))
        .expect("the input folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut known: Vec<String> = COMPARED.iter().chain(SKIPPED.iter()).map(|s| s.to_string()).collect();
    known.sort();
    assert_eq!(names, known, "a new vector file appeared: compare it or say why it is skipped");
}

#[test]
fn values_without_numbers() {
    let mut v: serde_json::Value = serde_json::from_slice(&read("input/values.json")).expect("JSON");
    v.as_object_mut().expect("an object").remove("numbers");
    let got = String::from_utf8(value_to_jcs(&v)).expect("utf-8");
    let want = String::from_utf8(read("output/values.json")).expect("utf-8");
    // Remove `"numbers":[…],` from the expected text; the array holds no bracket or quote.
    let start = want.find("\"numbers\":[").expect("numbers member");
    let end = start + want[start..].find("],").expect("end of numbers") + 2;
    let want = format!("{}{}", &want[..start], &want[end..]);
    assert_eq!(got, want);
}

#[test]
fn object_members_are_sorted_and_integers_are_plain() {
    let v: serde_json::Value =
        serde_json::from_str(r#"{"z":1,"b":{"y":[3,2,1],"a":"\u00e9\u0000"},"a":9007199254740991}"#).expect("JSON");
    assert_eq!(
        String::from_utf8(value_to_jcs(&v)).expect("utf-8"),
        "{\"a\":9007199254740991,\"b\":{\"a\":\"é\\u0000\",\"y\":[3,2,1]},\"z\":1}"
    );
}
