//! The streaming verifier (`stream`) gives exactly the report of the reference `bundle::verify`
//! — same validity, same failures (code, place and message, in the same order), same counts,
//! countries, kinds, previous-release information and entry lines — on every bundle vector, on
//! the vectors with their members reordered, on malformed variants, and on generated bundles
//! with tampering, duplicates, withdrawals and re-endorsements; for any number of threads and
//! any batch size.

use proptest::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use undersigned_core::bundle::{self, Bundle, Entry, VerificationReport};
use undersigned_core::canonical::signed_message;
use undersigned_core::endorsement::{self, SignerDetails, SignerKind};
use undersigned_core::statement::{self, NewVersion, StatementVersion, Text};
use undersigned_core::verify::{verify_bundle, Options, Part, Previous};
use undersigned_core::withdrawal::{self, StatementRef, WithdrawalBody};
use undersigned_core::{Code, Envelope, SecretKey, FORMAT};

fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/vectors")
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(vectors_dir().join(name)).unwrap_or_else(|e| panic!("cannot read {name}: {e}"))
}

/// The reference verdict, as `check::check` gives it for a bundle: the report, or the code of
/// the parse failure.
fn reference(bytes: &[u8], previous: Option<&[u8]>, seed: &[u8; 32]) -> Result<VerificationReport, Code> {
    let b = Bundle::parse(bytes).map_err(|e| e.code)?;
    match previous.map(Bundle::parse) {
        None => Ok(bundle::verify(&b, None, seed)),
        Some(Ok(p)) => Ok(bundle::verify(&b, Some(&p), seed)),
        Some(Err(e)) => {
            let mut r = bundle::verify(&b, None, seed);
            r.errors.push(
                undersigned_core::Failure::new(
                    Code::PreviousInvalid,
                    format!("the previous release could not be read: {}", e.message),
                )
                .at("previous"),
            );
            r.valid = false;
            Ok(r)
        }
    }
}

/// A reader that returns at most a few bytes per call (1 to 7, in turn), so that every value
/// the streaming parser cuts out crosses buffer boundaries.
struct Trickle<'a> {
    bytes: &'a [u8],
    n: usize,
}

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        self.n = self.n % 7 + 1;
        let k = self.n.min(out.len()).min(self.bytes.len());
        out[..k].copy_from_slice(&self.bytes[..k]);
        self.bytes = &self.bytes[k..];
        Ok(k)
    }
}

/// The streaming verdict, in the same shape.
fn streamed(bytes: &[u8], previous: Option<&[u8]>, seed: &[u8; 32], opts: &Options<'_>) -> Result<VerificationReport, Code> {
    let mut prev = previous.map(|p| Trickle { bytes: p, n: 3 });
    let prev = prev.as_mut().map(|p| Previous::Reader(p as &mut dyn std::io::Read));
    // Byte by byte for small batches, whole buffers otherwise.
    let r = if opts.batch == 2 {
        verify_bundle(Trickle { bytes, n: 0 }, prev, seed, opts).report
    } else {
        verify_bundle(bytes, prev, seed, opts).report
    };
    if r.statement == Default::default() && r.errors.len() == 1 && r.errors[0].code.is_unreadable() && r.errors[0].at.is_none() {
        return Err(r.errors[0].code);
    }
    Ok(r)
}

/// Every option set the comparisons run with: one thread and batches of one (the most
/// reordering-free), small batches on several threads (the most reordering), the defaults.
fn option_sets() -> Vec<Options<'static>> {
    vec![
        Options { entries: true, threads: 1, batch: 1, ..Options::default() },
        Options { entries: true, threads: 3, batch: 2, ..Options::default() },
        Options { entries: true, ..Options::default() },
        Options { entries: false, threads: 2, batch: 3, ..Options::default() },
    ]
}

/// The message of a previous release that cannot be read quotes the parser, whose positions
/// differ between a whole-file parse and a streaming one: only its start is compared.
fn normalize(r: &mut Result<VerificationReport, Code>) {
    if let Ok(r) = r {
        for f in &mut r.errors {
            if f.code == Code::PreviousInvalid && f.message.starts_with("the previous release could not be read") {
                f.message.truncate("the previous release could not be read".len());
            }
        }
    }
}

fn assert_same(bytes: &[u8], previous: Option<&[u8]>, what: &str) {
    for seed in [[0u8; 32], [0xa5; 32]] {
        let mut want = reference(bytes, previous, &seed);
        normalize(&mut want);
        for opts in option_sets() {
            let mut got = streamed(bytes, previous, &seed, &opts);
            normalize(&mut got);
            let mut want = want.clone();
            if !opts.entries {
                if let Ok(w) = &mut want {
                    w.entries.clear();
                }
            }
            if let (Ok(g), Ok(w)) = (&mut got, &want) {
                // Compare failures first, for a readable message.
                assert_eq!(g.errors, w.errors, "{what}: failures (threads {}, batch {})", opts.threads, opts.batch);
                let _ = g;
            }
            assert_eq!(got, want, "{what} (threads {}, batch {}, entries {})", opts.threads, opts.batch, opts.entries);
        }
    }
}

#[derive(serde::Deserialize)]
struct IndexEntry {
    file: String,
    kind: String,
    #[serde(default)]
    previous: Option<String>,
}

fn bundle_vectors() -> Vec<(String, Option<String>)> {
    let index: Vec<IndexEntry> = serde_json::from_slice(&read("index.json")).expect("index.json");
    index.into_iter().filter(|v| v.kind == "bundle").map(|v| (v.file, v.previous)).collect()
}

#[test]
fn every_bundle_vector_gives_the_reference_report() {
    let vectors = bundle_vectors();
    assert!(vectors.len() >= 25);
    for (file, previous) in vectors {
        let prev = previous.as_deref().map(read);
        assert_same(&read(&file), prev.as_deref(), &format!("{file} (previous {previous:?})"));
    }
}

#[test]
fn every_vector_as_a_previous_release_gives_the_reference_report() {
    let vectors = bundle_vectors();
    let current = read("bundle-release-2.json");
    for (file, _) in vectors.iter().take(12) {
        assert_same(&current, Some(&read(file)), &format!("bundle-release-2.json against {file}"));
    }
    // A previous release that cannot be read at all.
    assert_same(&current, Some(b"{"), "bundle-release-2.json against a broken file");
}

/// Rewrites a bundle's top-level members in the given order (a permutation of 0..5).
fn reorder(bytes: &[u8], order: &[usize]) -> Vec<u8> {
    let v: Value = serde_json::from_slice(bytes).expect("a JSON object");
    let obj = v.as_object().expect("an object");
    let names = ["format", "type", "statement_versions", "release", "entries"];
    let mut out = b"{".to_vec();
    for (k, &i) in order.iter().enumerate() {
        if k > 0 {
            out.push(b',');
        }
        out.extend_from_slice(&serde_json::to_vec(names[i]).unwrap());
        out.push(b':');
        out.extend_from_slice(&serde_json::to_vec(&obj[names[i]]).unwrap());
    }
    out.push(b'}');
    out
}

#[test]
fn member_order_does_not_change_the_report() {
    let orders: [&[usize]; 5] = [&[4, 3, 2, 1, 0], &[4, 0, 1, 2, 3], &[0, 1, 3, 4, 2], &[2, 4, 3, 0, 1], &[3, 2, 1, 0, 4]];
    for (file, previous) in bundle_vectors() {
        if !file.starts_with("bundle-") || file == "bundle-duplicate-json-key.json" {
            continue;
        }
        let bytes = read(&file);
        let prev = previous.as_deref().map(read);
        for order in orders {
            let r = reorder(&bytes, order);
            assert_same(&r, prev.as_deref(), &format!("{file} with members in order {order:?}"));
        }
    }
}

#[test]
fn a_bundle_written_as_an_array_gives_the_reference_report() {
    // serde reads a struct from an array of its fields too; so must the streaming parser.
    let bytes = read("bundle-release-2.json");
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    let arr = Value::Array(
        ["format", "type", "statement_versions", "release", "entries"].iter().map(|k| v[*k].clone()).collect(),
    );
    let a = serde_json::to_vec(&arr).unwrap();
    assert_same(&a, None, "array form");
    let mut short = arr.clone();
    short.as_array_mut().unwrap().pop();
    assert_same(&serde_json::to_vec(&short).unwrap(), None, "array form, one member short");
    let mut long = arr;
    long.as_array_mut().unwrap().push(Value::Null);
    assert_same(&serde_json::to_vec(&long).unwrap(), None, "array form, one member too many");
}

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
        ("a raw byte 0xff".into(), { let mut b = good.clone(); let i = text.find("Instituto").unwrap(); b[i] = 0xff; b }),
        ("an unknown top-level member".into(), with(&|x| { x["extra"] = Value::from(1); })),
        ("an unknown member, format 2".into(), with(&|x| { x["extra"] = Value::from(1); x["format"] = "undersigned/2".into(); })),
        ("format 2".into(), with(&|x| { x["format"] = "undersigned/2".into(); })),
        ("format not a string".into(), with(&|x| { x["format"] = Value::from(2); })),
        ("type release".into(), with(&|x| { x["type"] = "release".into(); })),
        ("no entries".into(), with(&|x| { x.as_object_mut().unwrap().remove("entries"); })),
        ("no format".into(), with(&|x| { x.as_object_mut().unwrap().remove("format"); })),
        ("no format, format 2 under signed".into(), with(&|x| { x.as_object_mut().unwrap().remove("format"); x["signed"] = serde_json::json!({"format": "undersigned/2"}); })),
        ("entries an object".into(), with(&|x| { x["entries"] = serde_json::json!({"a": [1, 2]}); })),
        ("entries a string, format 2".into(), with(&|x| { x["entries"] = "none".into(); x["format"] = "undersigned/2".into(); })),
        ("entries true, format 2".into(), with(&|x| { x["entries"] = Value::Bool(true); x["format"] = "undersigned/2".into(); })),
        ("an entry of another kind, format 1.1".into(), with(&|x| { x["entries"].as_array_mut().unwrap().push(serde_json::json!({"commitment": {}})); x["format"] = "undersigned/1.1".into(); })),
        ("an entry of another kind".into(), with(&|x| { x["entries"].as_array_mut().unwrap().push(serde_json::json!({"commitment": {}})); })),
        ("an entry with an unknown member".into(), with(&|x| { x["entries"][2]["endorsement"]["extra"] = Value::from(1); })),
        ("an entry with null".into(), with(&|x| { x["entries"][2]["endorsement"]["signed"]["signer"]["website"] = Value::Null; })),
        ("an entry with a float".into(), with(&|x| { x["entries"][1]["endorsement"]["signed"]["statement"]["version"] = serde_json::json!(1.0); })),
        ("a release with an unknown member".into(), with(&|x| { x["release"]["signed"]["extra"] = Value::from(1); })),
    ];
    // Duplicate members, at the top and inside an entry (serde_json::Value cannot hold them).
    cases.push(("a duplicate top-level member".into(), text.replacen("\"type\": \"bundle\"", "\"type\": \"bundle\", \"type\": \"bundle\"", 1).into_bytes()));
    cases.push(("a duplicate format, the last ours".into(), text.replacen("\"format\": \"undersigned/1\"", "\"format\": \"undersigned/2\", \"format\": \"undersigned/1\"", 1).into_bytes()));
    cases.push(("a duplicate format, the last foreign".into(), text.replacen("\"format\": \"undersigned/1\"", "\"format\": \"undersigned/1\", \"format\": \"undersigned/2\"", 1).into_bytes()));
    cases.push(("a duplicate member in an entry".into(), text.replacen("\"country\": \"KE\"", "\"country\": \"KE\", \"country\": \"KE\"", 1).into_bytes()));
    assert!(text.contains("\"country\": \"KE\""), "the vector has a Kenyan signatory");
    // Deep nesting and numbers out of range, which decide between `malformed` and
    // `unsupported-format` when the format is foreign.
    for (n, place) in [(120usize, "top"), (126, "top"), (127, "top"), (119, "entry"), (120, "entry"), (121, "entry"), (122, "entry"), (126, "entry")] {
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
    for (place, num) in [("top", "1e400"), ("entry", "1e400"), ("entry", "-0.5e-400"), ("entry", "123456789012345678901234567890")] {
        let s = if place == "top" {
            text.replacen("\"type\": \"bundle\"", &format!("\"type\": \"bundle\", \"n\": {num}"), 1)
        } else {
            text.replacen("\"country\": \"KE\"", &format!("\"country\": \"KE\", \"n\": {num}"), 1)
        };
        let s = s.replacen("\"format\": \"undersigned/1\"", "\"format\": \"undersigned/2\"", 1);
        cases.push((format!("number {num} at the {place}, foreign"), s.into_bytes()));
    }
    // Entries first (buffered), with the failure in an entry.
    let first = reorder(&with(&|x| { x["entries"][0]["endorsement"]["extra"] = Value::from(1); x["format"] = "undersigned/2".into(); }), &[4, 0, 1, 2, 3]);
    cases.push(("entries first, an unknown member, format 2".into(), first));
    let first = reorder(&with(&|x| { x["entries"][0]["endorsement"]["extra"] = Value::from(1); }), &[4, 0, 1, 2, 3]);
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
                _ => panic!("{what}: streaming gives {:?}, the reference {:?}", got.map(|r| r.errors), want.map(|r| r.errors)),
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

#[test]
fn progress_is_reported_up_to_the_whole_input() {
    let good = read("bundle-release-2.json");
    let last = std::cell::Cell::new(0u64);
    let f = |part: Part, n: u64| {
        assert_eq!(part, Part::Bundle);
        last.set(n)
    };
    let opts = Options { progress: Some(&f), ..Options::default() };
    assert!(verify_bundle(&good[..], None, &[0; 32], &opts).report.valid);
    assert_eq!(last.get(), good.len() as u64);
}

// ---------------------------------------------------------------------------------------------
// Generated bundles.

const COUNTRIES: [&str; 5] = ["KE", "SN", "BR", "FR", "JO"];

fn version(id: &str, n: u64, lead: &SecretKey) -> StatementVersion {
    statement::open(
        NewVersion {
            statement_id: id,
            version: n,
            texts: vec![Text { language: "en".into(), title: format!("Statement v{n}"), body: format!("Text of version {n}.") }],
            lead_name: "Coalition for Streaming Tests",
            opened_at: format!("2026-0{n}-01T09:00:00Z"),
            closes_on: None,
        },
        lead,
    )
    .expect("a valid version")
}

#[derive(Clone, Debug)]
enum Op {
    /// An endorsement by key `key` of version `version` (2: a version the bundle does not carry).
    Endorse { key: usize, version: usize, individual: bool },
    /// A withdrawal of entry `target` (modulo the entries so far), signed by the endorser or by
    /// key `wrong`.
    Withdraw { target: usize, wrong: Option<usize> },
    /// A withdrawal of something that is not an earlier endorsement.
    WithdrawOther { how: u8 },
    /// A copy of entry `of`.
    Duplicate { of: usize },
    /// A change to entry `of` after it was signed.
    Tamper { of: usize, how: u8 },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        5 => (0usize..5, 0usize..3, any::<bool>()).prop_map(|(key, version, individual)| Op::Endorse { key, version, individual }),
        3 => (any::<usize>(), prop::option::weighted(0.2, 0usize..5)).prop_map(|(target, wrong)| Op::Withdraw { target, wrong }),
        1 => (0u8..4).prop_map(|how| Op::WithdrawOther { how }),
        1 => any::<usize>().prop_map(|of| Op::Duplicate { of }),
        2 => (any::<usize>(), 0u8..10).prop_map(|(of, how)| Op::Tamper { of, how }),
    ]
}

struct World {
    lead: SecretKey,
    id: String,
    versions: Vec<StatementVersion>,
    keys: Vec<SecretKey>,
}

impl World {
    fn new(seed: u8, two_versions: bool) -> World {
        let lead = SecretKey::from_seed(&[seed; 32]);
        let id = hex::encode([seed ^ 0x5a; 16]);
        let mut versions = vec![version(&id, 1, &lead)];
        if two_versions {
            versions.push(version(&id, 2, &lead));
        }
        let keys = (0..5u8).map(|k| SecretKey::from_seed(&[k.wrapping_add(100).wrapping_add(seed); 32])).collect();
        World { lead, id, versions, keys }
    }

    fn endorse(&self, key: usize, version: usize, individual: bool, n: usize) -> Entry {
        let other;
        let v = match self.versions.get(version) {
            Some(v) => v,
            None => {
                other = version_for(&self.id, 3, &self.lead);
                &other
            }
        };
        let details = SignerDetails {
            name: format!("Signatory {key}"),
            kind: if individual { SignerKind::Individual } else { SignerKind::Organization },
            country: COUNTRIES[(key + n) % COUNTRIES.len()].into(),
            website: (!individual).then(|| format!("https://s{key}.example")),
            title: individual.then(|| "Researcher".to_string()),
            affiliation: None,
        };
        let e = endorsement::sign(&v.signed, &details, &self.keys[key], format!("2026-07-{:02}T10:00:00Z", 1 + n % 28))
            .expect("a valid endorsement");
        Entry::Endorsement(e)
    }

    fn withdraw(&self, target_id: String, signer_key: String, lead_key: String, statement_id: String, by: &SecretKey) -> Entry {
        let body = WithdrawalBody {
            format: FORMAT.into(),
            kind: withdrawal::TYPE.into(),
            statement: StatementRef { id: statement_id, lead_key },
            endorsement: target_id,
            signer_key,
            withdrawn_at: "2026-08-01T08:00:00Z".into(),
        };
        let signature = hex::encode(by.sign(&signed_message(withdrawal::CONTEXT, &body)));
        Entry::Withdrawal(Envelope { signed: body, signature })
    }
}

fn version_for(id: &str, n: u64, lead: &SecretKey) -> StatementVersion {
    version(id, n, lead)
}

fn build_entries(w: &World, ops: &[Op]) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    let lead_key = w.lead.public_key().to_hex();
    for (n, op) in ops.iter().enumerate() {
        match op {
            Op::Endorse { key, version, individual } => entries.push(w.endorse(*key, *version, *individual, n)),
            Op::Withdraw { target, wrong } => {
                if entries.is_empty() {
                    continue;
                }
                let t = *target % entries.len();
                let Entry::Endorsement(e) = &entries[t] else { continue };
                let Some(k) = w.keys.iter().position(|k| k.public_key().to_hex() == e.signed.signer.public_key) else {
                    continue;
                };
                let by = &w.keys[wrong.unwrap_or(k)];
                let id = hex::encode(e.id());
                entries.push(w.withdraw(id, by.public_key().to_hex(), lead_key.clone(), w.id.clone(), by));
            }
            Op::WithdrawOther { how } => {
                let by = &w.keys[0];
                let target = match (how, entries.last()) {
                    (0, Some(e)) => hex::encode(e.id()),    // the previous entry, maybe a withdrawal
                    (1, _) => hex::encode([7u8; 32]),        // nothing
                    (2, _) => "not hex".to_string(),         // not an id
                    _ => hex::encode(w.endorse(0, 0, false, 999).id()), // an endorsement that comes later, or never
                };
                entries.push(w.withdraw(target, by.public_key().to_hex(), lead_key.clone(), w.id.clone(), by));
                if *how == 3 {
                    entries.push(w.endorse(0, 0, false, 999));
                }
            }
            Op::Duplicate { of } => {
                if !entries.is_empty() {
                    let e = entries[*of % entries.len()].clone();
                    entries.push(e);
                }
            }
            Op::Tamper { of, how } => {
                if entries.is_empty() {
                    continue;
                }
                let i = *of % entries.len();
                tamper(&mut entries[i], *how);
            }
        }
    }
    entries
}

fn tamper(e: &mut Entry, how: u8) {
    let small_order = "0100000000000000000000000000000000000000000000000000000000000000".to_string();
    match e {
        Entry::Endorsement(x) => {
            let s = &mut x.signed;
            match how {
                0 => s.signer.name.push('x'),
                1 => s.signer.public_key = s.signer.public_key.to_uppercase(),
                2 => x.signature = "00".into(),
                3 => s.statement.id = "00".repeat(16),
                4 => s.signer.country = "XX".into(),
                5 => {
                    let mut b = hex::decode(&x.signature).unwrap_or_default();
                    if let Some(v) = b.get_mut(40) {
                        *v ^= 1;
                    }
                    x.signature = hex::encode(b);
                }
                6 => s.signer.public_key = small_order,
                7 => s.signed_at = "yesterday".into(),
                8 => s.signer.name = "Re\u{301}seau".into(),
                _ => s.statement.lead_key = "zz".into(),
            }
        }
        Entry::Withdrawal(x) => {
            let s = &mut x.signed;
            match how {
                0 => s.withdrawn_at = "2026-08-01T08:00:01Z".into(),
                1 => s.signer_key = s.signer_key.to_uppercase(),
                2 => x.signature = "00".into(),
                3 => s.statement.id = "00".repeat(16),
                4 => s.endorsement = "zz".into(),
                5 => {
                    let mut b = hex::decode(&x.signature).unwrap_or_default();
                    if let Some(v) = b.get_mut(40) {
                        *v ^= 1;
                    }
                    x.signature = hex::encode(b);
                }
                6 => s.signer_key = small_order,
                7 => s.endorsement = s.endorsement.to_uppercase(),
                _ => s.format = "undersigned/2".into(),
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn generated_bundles_give_the_reference_report(
        seed in any::<u8>(),
        two_versions in any::<bool>(),
        ops in prop::collection::vec(op(), 0..24),
        prefix in any::<prop::sample::Index>(),
        previous in any::<bool>(),
        tamper_previous in prop::option::weighted(0.25, (any::<usize>(), 0u8..10)),
        release_change in 0u8..6,
    ) {
        let w = World::new(seed, two_versions);
        let entries = build_entries(&w, &ops);
        let issued = "2026-09-01T12:00:00Z".to_string();
        let (bytes, prev_bytes) = if previous {
            let k = prefix.index(entries.len() + 1);
            let mut r1 = bundle::assemble(w.versions.clone(), entries[..k].to_vec(), None, "2026-08-15T12:00:00Z".into(), &w.lead);
            let r2 = bundle::assemble(w.versions.clone(), entries.clone(), Some(&r1.release), issued, &w.lead);
            if let Some((of, how)) = tamper_previous {
                if !r1.entries.is_empty() {
                    let i = of % r1.entries.len();
                    tamper(&mut r1.entries[i], how);
                }
            }
            (r2.to_json(), Some(r1.to_json()))
        } else {
            let mut b = bundle::assemble(w.versions.clone(), entries, None, issued, &w.lead);
            let r = &mut b.release.signed;
            match release_change {
                0 => r.counts.withdrawn += 1,
                1 => r.log.size += 1,
                2 => r.versions.reverse(),
                3 => b.statement_versions.reverse(),
                _ => {}
            }
            (b.to_json(), None)
        };
        assert_same(&bytes, prev_bytes.as_deref(), &format!("ops {ops:?}"));
    }
}

/// Many entries, keys reused across many endorsements and withdrawals, several batches.
#[test]
fn a_long_log_with_reused_keys() {
    let w = World::new(9, true);
    let mut ops = Vec::new();
    for i in 0..400usize {
        ops.push(match i % 7 {
            0..=2 => Op::Endorse { key: i % 5, version: i % 2, individual: i % 3 == 0 },
            3 => Op::Withdraw { target: i * 31, wrong: None },
            4 => Op::Withdraw { target: i * 17, wrong: (i % 4 == 0).then_some(i % 5) },
            5 => Op::Duplicate { of: i * 13 },
            _ => Op::Tamper { of: i * 29, how: (i % 10) as u8 },
        });
    }
    let entries = build_entries(&w, &ops);
    let b = bundle::assemble(w.versions.clone(), entries, None, "2026-09-01T12:00:00Z".into(), &w.lead);
    let bytes = b.to_json();
    let r = reference(&bytes, None, &[1; 32]).expect("parses");
    assert!(r.errors.iter().any(|e| e.code == Code::DuplicateSigner));
    assert!(r.errors.iter().any(|e| e.code == Code::WithdrawalDuplicate));
    assert!(r.errors.iter().any(|e| e.code == Code::DuplicateEntry));
    assert!(r.withdrawn > 0 && r.signatories > 0);
    assert_same(&bytes, None, "a long log");
}


/// A release's counts and tree, computed on every core for a long log, are those of a plain
/// pass over the entries: the ids in order, and the withdrawn endorsements by their hex ids.
#[test]
fn a_long_log_is_summarized_on_every_core_as_in_one_pass() {
    let w = World::new(11, true);
    let ops: Vec<Op> = (0..60usize)
        .map(|i| match i % 3 {
            0 | 1 => Op::Endorse { key: i % 5, version: i % 2, individual: i % 4 == 0 },
            _ => Op::Withdraw { target: i * 7, wrong: None },
        })
        .collect();
    let base = build_entries(&w, &ops);
    // Enough entries for several threads; copies of the endorsements differ by their name (their
    // signatures no longer verify, which the ids and counts do not look at).
    let mut entries = Vec::new();
    for copy in 0..300 {
        for e in &base {
            let mut e = e.clone();
            if let (Entry::Endorsement(x), true) = (&mut e, copy > 0) {
                x.signed.signer.name = format!("{} (copy {copy})", x.signed.signer.name);
            }
            entries.push(e);
        }
    }
    assert!(entries.len() > 3 * 4096);
    let ids: Vec<[u8; 32]> = entries.iter().map(Entry::id).collect();
    assert_eq!(bundle::entry_ids(&entries), ids);
    let targets: std::collections::HashSet<&str> = entries
        .iter()
        .filter_map(|e| match e {
            Entry::Withdrawal(x) => Some(x.signed.endorsement.as_str()),
            Entry::Endorsement(_) => None,
        })
        .collect();
    let endorsements = entries.iter().filter(|e| matches!(e, Entry::Endorsement(_))).count() as u64;
    let withdrawn = entries
        .iter()
        .zip(&ids)
        .filter(|(e, id)| matches!(e, Entry::Endorsement(_)) && targets.contains(hex::encode(id).as_str()))
        .count() as u64;
    assert!(withdrawn > 0);
    let (counts, log) = bundle::summarize(&entries);
    assert_eq!(counts.endorsements, endorsements);
    assert_eq!(counts.withdrawals, entries.len() as u64 - endorsements);
    assert_eq!(counts.withdrawn, withdrawn);
    assert_eq!(counts.signatories, endorsements - withdrawn);
    assert_eq!(log.size, entries.len() as u64);
    assert_eq!(log.root, hex::encode(undersigned_core::merkle::root(&ids)));
}

/// `Bundle::write_json` and `Bundle::json_reader` give the bytes of `Bundle::to_json`.
#[test]
fn bundles_are_written_entry_by_entry_as_a_whole() {
    let mut bundles: Vec<Bundle> = bundle_vectors()
        .iter()
        .filter_map(|(f, _)| Bundle::parse(&read(f)).ok())
        .collect();
    let w = World::new(3, true);
    bundles.push(bundle::assemble(w.versions.clone(), Vec::new(), None, "2026-09-01T12:00:00Z".into(), &w.lead));
    let ops: Vec<Op> = (0..5).map(|k| Op::Endorse { key: k, version: k % 2, individual: k % 2 == 0 }).collect();
    bundles.push(bundle::assemble(w.versions.clone(), build_entries(&w, &ops), None, "2026-09-01T12:00:00Z".into(), &w.lead));
    for b in &bundles {
        let mut written = Vec::new();
        b.write_json(&mut written).unwrap();
        assert_eq!(written, b.to_json());
        let mut read_back = Vec::new();
        std::io::Read::read_to_end(&mut b.json_reader(), &mut read_back).unwrap();
        assert_eq!(read_back, b.to_json());
    }
}

/// `JsonReader::entries_read` counts the entries whose bytes were all read: none before the
/// list, each once its last byte is out, all of them at the end.
#[test]
fn the_json_reader_counts_entries_read_whole() {
    let w = World::new(4, false);
    let ops: Vec<Op> = (0..3).map(|k| Op::Endorse { key: k, version: 0, individual: false }).collect();
    let b = bundle::assemble(w.versions.clone(), build_entries(&w, &ops), None, "2026-09-01T12:00:00Z".into(), &w.lead);
    let bytes = b.to_json();
    // Where each entry's bytes end: just before the `,` that follows it, or the list's end.
    let text = String::from_utf8(bytes.clone()).unwrap();
    let list = text.find("\"entries\": [").unwrap();
    let mut ends: Vec<usize> = text[list..].match_indices("\n    }").map(|(i, _)| list + i + "\n    }".len()).collect();
    ends.sort_unstable();
    assert_eq!(ends.len(), 3);
    let mut r = b.json_reader();
    let (mut at, mut byte) = (0usize, [0u8; 1]);
    assert_eq!(r.entries_read(), 0);
    while std::io::Read::read(&mut r, &mut byte).unwrap() == 1 {
        at += 1;
        let whole = ends.iter().filter(|&&e| e <= at).count();
        assert_eq!(r.entries_read(), whole, "at byte {at}");
    }
    assert_eq!(at, bytes.len());
    assert_eq!(r.entries_read(), 3);
}

/// `check::verify_entries` gives, entry by entry, what `endorsement::verify` and
/// `withdrawal::verify` give.
#[test]
fn entries_verified_together_fail_as_alone() {
    let w = World::new(5, true);
    let mut ops = Vec::new();
    for i in 0..120usize {
        ops.push(match i % 4 {
            0 | 1 => Op::Endorse { key: i % 5, version: i % 3, individual: i % 2 == 0 },
            2 => Op::Withdraw { target: i * 7, wrong: (i % 3 == 0).then_some(i % 5) },
            _ => Op::Tamper { of: i * 11, how: (i % 10) as u8 },
        });
    }
    let entries = build_entries(&w, &ops);
    let refs: Vec<_> = entries.iter().map(Entry::as_ref).collect();
    let together = undersigned_core::check::verify_entries(&refs, &[9; 32]);
    let alone: Vec<_> = entries
        .iter()
        .map(|e| match e {
            Entry::Endorsement(e) => endorsement::verify(e),
            Entry::Withdrawal(w) => withdrawal::verify(w),
        })
        .collect();
    assert!(alone.iter().any(|f| f.is_empty()) && alone.iter().any(|f| !f.is_empty()));
    assert_eq!(together, alone);
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

/// The default batch gives every worker a share of a small log, and caps a large one.
#[test]
fn the_default_batch_shares_a_small_log_between_the_workers() {
    assert_eq!(undersigned_core::verify::default_batch(1000, 2), 500);
    assert_eq!(undersigned_core::verify::default_batch(1001, 2), 501);
    assert_eq!(undersigned_core::verify::default_batch(100_000, 2), undersigned_core::verify::DEFAULT_BATCH);
    assert_eq!(undersigned_core::verify::default_batch(10, 2), 64);
    assert_eq!(undersigned_core::verify::default_batch(0, 0), 64);
    assert_eq!(undersigned_core::verify::default_batch(u64::MAX, 1), undersigned_core::verify::DEFAULT_BATCH);
}
