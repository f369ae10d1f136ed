//! Inputs that are not bundles, or not quite: the streaming verifier (`verify::verify_bundle`)
//! gives the reference's verdict (`malformed`, `unsupported-format`, `too-large`, or the same
//! report) on variants of a valid bundle, on every JSONTestSuite file placed in a bundle, and on
//! random edits of a bundle's bytes; the size cap is checked first.

mod common;

use common::{option_sets, read, reference, reorder, streamed};
use proptest::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use undersigned_core::verify::{verify_bundle, Options};
use undersigned_core::Code;

/// Variants of a valid bundle that must not parse, or parse only as the reference does.
#[test]
fn unreadable_variants_give_the_reference_code() {
    let good = read("bundle-release-2.json");
    let text = String::from_utf8(good.clone()).unwrap();
    let v: Value = serde_json::from_slice(&good).unwrap();
    let with = |f: &dyn Fn(&mut Value)| {
        let mut x = v.clone();
        f(&mut x);
        serde_json::to_vec(&x).unwrap()
    };
    let deep = |n: usize| format!("{}1{}", "[".repeat(n), "]".repeat(n));
    let mut cases: Vec<(String, Vec<u8>)> = vec![
        ("empty".into(), b"".to_vec()),
        ("white space".into(), b" \n\t ".to_vec()),
        ("not JSON".into(), b"not json".to_vec()),
        ("a string".into(), b"\"bundle\"".to_vec()),
        ("null".into(), b"null".to_vec()),
        ("a byte order mark".into(), [&[0xEF, 0xBB, 0xBF][..], &good].concat()),
        ("trailing garbage".into(), [&good[..], b"x"].concat()),
        ("trailing white space".into(), [&good[..], b" \n "].concat()),
        ("truncated".into(), good[..good.len() / 2].to_vec()),
        ("truncated in the entries".into(), good[..good.len() - 40].to_vec()),
        ("a raw control character in a string".into(), text.replacen("Instituto", "Instituto \u{0}", 1).into_bytes()),
        ("a raw byte 0xff".into(), {
            let mut b = good.clone();
            let i = text.find("Instituto").unwrap();
            b[i] = 0xff;
            b
        }),
        (
            "an unknown top-level member".into(),
            with(&|x| {
                x["extra"] = Value::from(1);
            }),
        ),
        (
            "an unknown member, format 2".into(),
            with(&|x| {
                x["extra"] = Value::from(1);
                x["format"] = "undersigned/2".into();
            }),
        ),
        (
            "format 2".into(),
            with(&|x| {
                x["format"] = "undersigned/2".into();
            }),
        ),
        (
            "format not a string".into(),
            with(&|x| {
                x["format"] = Value::from(2);
            }),
        ),
        (
            "type release".into(),
            with(&|x| {
                x["type"] = "release".into();
            }),
        ),
        (
            "no entries".into(),
            with(&|x| {
                x.as_object_mut().unwrap().remove("entries");
            }),
        ),
        (
            "no format".into(),
            with(&|x| {
                x.as_object_mut().unwrap().remove("format");
            }),
        ),
        (
            "no format, format 2 under signed".into(),
            with(&|x| {
                x.as_object_mut().unwrap().remove("format");
                x["signed"] = serde_json::json!({"format": "undersigned/2"});
            }),
        ),
        (
            "entries an object".into(),
            with(&|x| {
                x["entries"] = serde_json::json!({"a": [1, 2]});
            }),
        ),
        (
            "entries a string, format 2".into(),
            with(&|x| {
                x["entries"] = "none".into();
                x["format"] = "undersigned/2".into();
            }),
        ),
        (
            "entries true, format 2".into(),
            with(&|x| {
                x["entries"] = Value::Bool(true);
                x["format"] = "undersigned/2".into();
            }),
        ),
        (
            "an entry of another kind, format 1.1".into(),
            with(&|x| {
                x["entries"].as_array_mut().unwrap().push(serde_json::json!({"commitment": {}}));
                x["format"] = "undersigned/1.1".into();
            }),
        ),
        (
            "an entry of another kind".into(),
            with(&|x| {
                x["entries"].as_array_mut().unwrap().push(serde_json::json!({"commitment": {}}));
            }),
        ),
        (
            "an entry with an unknown member".into(),
            with(&|x| {
                x["entries"][2]["endorsement"]["extra"] = Value::from(1);
            }),
        ),
        (
            "an entry with null".into(),
            with(&|x| {
                x["entries"][2]["endorsement"]["signed"]["signer"]["website"] = Value::Null;
            }),
        ),
        (
            "an entry with a float".into(),
            with(&|x| {
                x["entries"][1]["endorsement"]["signed"]["statement"]["version"] = serde_json::json!(1.0);
            }),
        ),
        (
            "a release with an unknown member".into(),
            with(&|x| {
                x["release"]["signed"]["extra"] = Value::from(1);
            }),
        ),
    ];
    // Duplicate members, at the top and inside an entry (serde_json::Value cannot hold them).
    cases.push((
        "a duplicate top-level member".into(),
        text.replacen("\"type\": \"bundle\"", "\"type\": \"bundle\", \"type\": \"bundle\"", 1).into_bytes(),
    ));
    cases.push((
        "a duplicate format, the last ours".into(),
        text.replacen(
            "\"format\": \"undersigned/1\"",
            "\"format\": \"undersigned/2\", \"format\": \"undersigned/1\"",
            1,
        )
        .into_bytes(),
    ));
    cases.push((
        "a duplicate format, the last foreign".into(),
        text.replacen(
            "\"format\": \"undersigned/1\"",
            "\"format\": \"undersigned/1\", \"format\": \"undersigned/2\"",
            1,
        )
        .into_bytes(),
    ));
    cases.push((
        "a duplicate member in an entry".into(),
        text.replacen("\"country\": \"KE\"", "\"country\": \"KE\", \"country\": \"KE\"", 1).into_bytes(),
    ));
    assert!(text.contains("\"country\": \"KE\""), "the vector has a Kenyan signatory");
    // Deep nesting and numbers out of range, which decide between `malformed` and
    // `unsupported-format` when the format is foreign.
    for (n, place) in [
        (120usize, "top"),
        (126, "top"),
        (127, "top"),
        (119, "entry"),
        (120, "entry"),
        (121, "entry"),
        (122, "entry"),
        (126, "entry"),
    ] {
        for foreign in [false, true] {
            let raw = deep(n);
            let mut s = if place == "top" {
                text.replacen("\"type\": \"bundle\"", &format!("\"type\": \"bundle\", \"deep\": {raw}"), 1)
            } else {
                text.replacen("\"country\": \"KE\"", &format!("\"country\": \"KE\", \"deep\": {raw}"), 1)
            };
            if foreign {
                s = s.replacen("\"format\": \"undersigned/1\"", "\"format\": \"undersigned/2\"", 1);
            }
            cases.push((format!("nesting {n} at the {place}, foreign {foreign}"), s.into_bytes()));
        }
    }
    for (place, num) in
        [("top", "1e400"), ("entry", "1e400"), ("entry", "-0.5e-400"), ("entry", "123456789012345678901234567890")]
    {
        let s = if place == "top" {
            text.replacen("\"type\": \"bundle\"", &format!("\"type\": \"bundle\", \"n\": {num}"), 1)
        } else {
            text.replacen("\"country\": \"KE\"", &format!("\"country\": \"KE\", \"n\": {num}"), 1)
        };
        let s = s.replacen("\"format\": \"undersigned/1\"", "\"format\": \"undersigned/2\"", 1);
        cases.push((format!("number {num} at the {place}, foreign"), s.into_bytes()));
    }
    // Entries first (buffered), with the failure in an entry.
    let first = reorder(
        &with(&|x| {
            x["entries"][0]["endorsement"]["extra"] = Value::from(1);
            x["format"] = "undersigned/2".into();
        }),
        &[4, 0, 1, 2, 3],
    );
    cases.push(("entries first, an unknown member, format 2".into(), first));
    let first = reorder(
        &with(&|x| {
            x["entries"][0]["endorsement"]["extra"] = Value::from(1);
        }),
        &[4, 0, 1, 2, 3],
    );
    cases.push(("entries first, an unknown member".into(), first));

    let mut seen_unsupported = 0;
    for (what, bytes) in &cases {
        let want = reference(bytes, None, &[0; 32]);
        if want == Err(Code::UnsupportedFormat) {
            seen_unsupported += 1;
        }
        for opts in option_sets() {
            let got = streamed(bytes, None, &[0; 32], &opts);
            match (&got, &want) {
                (Err(g), Err(w)) => assert_eq!(g, w, "{what}"),
                (Ok(g), Ok(w)) => {
                    let mut w = w.clone();
                    if !opts.entries {
                        w.entries.clear();
                    }
                    assert_eq!(g, &w, "{what}")
                }
                _ => panic!(
                    "{what}: streaming gives {:?}, the reference {:?}",
                    got.map(|r| r.errors),
                    want.map(|r| r.errors)
                ),
            }
        }
    }
    assert!(seen_unsupported >= 8, "the cases include formats the reference calls unsupported ({seen_unsupported})");
}

#[test]
fn the_size_cap_is_checked_first() {
    let good = read("bundle-release-1.json");
    let opts = Options { max_bytes: good.len() as u64 - 1, ..Options::default() };
    let r = verify_bundle(&good[..], None, &[0; 32], &opts).report;
    assert_eq!(r.errors.iter().map(|e| e.code).collect::<Vec<_>>(), vec![Code::TooLarge]);
    // Too large wins over malformed, as when the size is known before parsing.
    let bad = [&b"{]"[..], &good].concat();
    let opts = Options { max_bytes: 100, ..Options::default() };
    let r = verify_bundle(&bad[..], None, &[0; 32], &opts).report;
    assert_eq!(r.errors.iter().map(|e| e.code).collect::<Vec<_>>(), vec![Code::TooLarge]);
    let opts = Options { max_bytes: good.len() as u64, ..Options::default() };
    assert!(verify_bundle(&good[..], None, &[0; 32], &opts).report.valid);
}

/// Every JSONTestSuite file (valid, invalid and implementation-defined JSON) as the whole input,
/// as the value of an unknown member and as an entry of a bundle in a foreign format (where the
/// verdict, `unsupported-format` or `malformed`, depends on whether the whole input is valid
/// JSON): the streaming parser decides as the reference does, and never panics.
#[test]
fn json_test_suite_inputs_give_the_reference_code() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/third-party/jsontestsuite/test_parsing");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("JSONTestSuite is required: cannot list {}: {e}", dir.display()))
        .map(|e| e.expect("an entry").path())
        .collect();
    files.sort();
    assert!(files.len() > 300);
    let mut checked = 0;
    for f in files {
        let content = std::fs::read(&f).unwrap();
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let wrap = |pre: &str, post: &str| [pre.as_bytes(), &content, post.as_bytes()].concat();
        for (how, bytes) in [
            ("alone", content.clone()),
            ("as a member", wrap("{\"format\": \"undersigned/2\", \"x\": ", "}")),
            ("as an entry", wrap("{\"format\": \"undersigned/2\", \"entries\": [", "]}")),
            ("as a member of a bundle in our format", wrap("{\"format\": \"undersigned/1\", \"x\": ", "}")),
        ] {
            let want = reference(&bytes, None, &[0; 32]).map(|_| ());
            let got = streamed(&bytes, None, &[0; 32], &Options::default()).map(|_| ());
            assert_eq!(got, want, "{name} {how}");
            checked += 1;
        }
    }
    assert!(checked > 1200);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Random edits of a bundle's bytes (JSON punctuation, quotes, escapes, digits, letters,
    /// white space, a byte that is not UTF-8; inserted, replaced or deleted), with its format
    /// sometimes foreign: the streaming verifier gives the reference's verdict.
    #[test]
    fn edited_bytes_give_the_reference_verdict(
        foreign in any::<bool>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, prop::sample::select(b"{}[],:\"\\ \n0123456789eE.-+tfnulxZ\xff\x01".to_vec())), 1..4),
    ) {
        let mut bytes = read("bundle-release-1.json");
        if foreign {
            let s = String::from_utf8(bytes).unwrap().replacen("\"format\": \"undersigned/1\"", "\"format\": \"undersigned/9\"", 1);
            bytes = s.into_bytes();
        }
        for (at, op, c) in edits {
            let i = at.index(bytes.len());
            match op {
                0 => bytes.insert(i, c),
                1 => bytes[i] = c,
                _ => { bytes.remove(i); }
            }
        }
        let want = reference(&bytes, None, &[0; 32]);
        let got = streamed(&bytes, None, &[0; 32], &Options { entries: true, threads: 2, batch: 2, ..Options::default() });
        prop_assert_eq!(got, want);
    }
}

/// Found by the test above: an entry under an unknown tag (a member error, `malformed`) and a
/// later entry of another type (`unsupported-format`, which ranks after member errors in the
/// reading order of FORMAT.md §1): `malformed`, from both verifiers. With an entry of another
/// *format* instead, `unsupported-format` (the format ranks before the members).
#[test]
fn a_member_error_ranks_before_another_type_but_after_another_format() {
    let text = String::from_utf8(read("bundle-release-1.json")).unwrap();
    let tags: Vec<usize> = text.match_indices("\"endorsement\": {").map(|(i, _)| i).collect();
    let types: Vec<usize> = text.match_indices("\"type\": \"endorsement\"").map(|(i, _)| i).collect();
    assert!(tags.len() >= 4 && types.len() >= 4);
    let edit = |at: usize, from: &str, to: &str, s: &str| format!("{}{}{}", &s[..at], to, &s[at + from.len()..]);
    // Later edits first, so that earlier offsets stay right.
    let mistyped = edit(types[3], "\"type\": \"endorsement\"", "\"type\": \"{endorsement\"", &text);
    let both = edit(tags[1], "\"endorsement\": {", "\"{endorsement\": {", &mistyped);
    let format_at = types[3] - "\"format\": \"undersigned/1\",\n          ".len();
    let foreign = edit(
        tags[1],
        "\"endorsement\": {",
        "\"{endorsement\": {",
        &edit(format_at, "\"format\": \"undersigned/1\"", "\"format\": \"undersigned/9\"", &text),
    );
    for (bytes, want) in
        [(both, Code::Malformed), (mistyped, Code::UnsupportedFormat), (foreign, Code::UnsupportedFormat)]
    {
        let r = reference(bytes.as_bytes(), None, &[0; 32]).map(|_| ());
        let s = streamed(bytes.as_bytes(), None, &[0; 32], &Options { threads: 2, batch: 1, ..Options::default() })
            .map(|_| ());
        assert_eq!(r, Err(want));
        assert_eq!(s, Err(want));
    }
}
