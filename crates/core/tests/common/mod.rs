//! What the streaming verifier's tests share: the bundle vectors, the two verdicts in one shape
//! (the reference `bundle::verify` and `verify::verify_bundle`, which streams), and the
//! comparison of both on every option set. Each test file uses a part of it.
#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use undersigned_core::bundle::{self, Bundle, VerificationReport};
use undersigned_core::verify::{verify_bundle, Options, Previous};
use undersigned_core::Code;

pub fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/vectors")
}

pub fn read(name: &str) -> Vec<u8> {
    std::fs::read(vectors_dir().join(name)).unwrap_or_else(|e| panic!("cannot read {name}: {e}"))
}

/// The reference verdict, as `check::check` gives it for a bundle: the report, or the code of
/// the parse failure.
pub fn reference(bytes: &[u8], previous: Option<&[u8]>, seed: &[u8; 32]) -> Result<VerificationReport, Code> {
    if is_1_1(bytes) {
        return reference_1_1(bytes, previous, seed);
    }
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

/// Whether a bundle's own format is 1.1 (FORMAT.md §14.3, step 3).
fn is_1_1(bytes: &[u8]) -> bool {
    serde_json::from_slice::<Value>(bytes)
        .ok()
        .is_some_and(|v| v.get("format") == Some(&Value::from("undersigned/1.1")))
}

/// The 1.1 reference (`verify11::verify`), with a previous release of either format.
fn reference_1_1(bytes: &[u8], previous: Option<&[u8]>, seed: &[u8; 32]) -> Result<VerificationReport, Code> {
    use undersigned_core::{bundle11, verify11};
    let b = bundle11::Bundle::parse(bytes).map_err(|e| e.code)?;
    enum Parsed {
        V1(Bundle),
        V11(bundle11::Bundle),
    }
    let parsed = match previous {
        None => Ok(None),
        Some(p) if is_1_1(p) => bundle11::Bundle::parse(p).map(|p| Some(Parsed::V11(p))),
        Some(p) => Bundle::parse(p).map(|p| Some(Parsed::V1(p))),
    };
    let prev = parsed.as_ref().map(|p| {
        p.as_ref().map(|p| match p {
            Parsed::V1(b) => verify11::PreviousBundle::V1(b),
            Parsed::V11(b) => verify11::PreviousBundle::V11(b),
        })
    });
    Ok(match prev {
        Ok(prev) => verify11::verify(&b, prev, seed),
        Err(e) => {
            let e = e.clone();
            let mut r = verify11::verify(&b, None, seed);
            r.errors.push(
                undersigned_core::Failure::new(
                    Code::PreviousInvalid,
                    format!("the previous release could not be read: {}", e.message),
                )
                .at("previous"),
            );
            r.valid = false;
            r
        }
    })
}

/// A reader that returns at most a few bytes per call (1 to 7, in turn), so that every value
/// the streaming parser cuts out crosses buffer boundaries.
pub struct Trickle<'a> {
    pub bytes: &'a [u8],
    pub n: usize,
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
pub fn streamed(
    bytes: &[u8],
    previous: Option<&[u8]>,
    seed: &[u8; 32],
    opts: &Options<'_>,
) -> Result<VerificationReport, Code> {
    let mut prev = previous.map(|p| Trickle { bytes: p, n: 3 });
    let prev = prev.as_mut().map(|p| Previous::Reader(p as &mut dyn std::io::Read));
    // Byte by byte for small batches, whole buffers otherwise.
    let r = if opts.batch == 2 {
        verify_bundle(Trickle { bytes, n: 0 }, prev, seed, opts).report
    } else {
        verify_bundle(bytes, prev, seed, opts).report
    };
    if r.statement == Default::default()
        && r.errors.len() == 1
        && r.errors[0].code.is_unreadable()
        && r.errors[0].at.is_none()
    {
        return Err(r.errors[0].code);
    }
    Ok(r)
}

/// A scratch in memory that lives as long as the test process (a few bytes an entry).
pub fn scratch() -> undersigned_core::verify::ScratchRef<'static> {
    Box::leak(Box::new(std::sync::Mutex::new(std::io::Cursor::new(Vec::<u8>::new()))))
}

/// Every option set the comparisons run with: one thread and batches of one (the most
/// reordering-free), small batches on several threads (the most reordering), the defaults;
/// the whole ids and keys in memory, or in a scratch (which the previous release's
/// verification then shares, after the bundle's).
pub fn option_sets() -> Vec<Options<'static>> {
    vec![
        Options { entries: true, threads: 1, batch: 1, ..Options::default() },
        Options { entries: true, threads: 3, batch: 2, scratch: Some(scratch()), ..Options::default() },
        Options { entries: true, ..Options::default() },
        Options { entries: false, threads: 2, batch: 3, scratch: Some(scratch()), ..Options::default() },
    ]
}

/// The message of a previous release that cannot be read quotes the parser, whose positions
/// differ between a whole-file parse and a streaming one: only its start is compared.
pub fn normalize(r: &mut Result<VerificationReport, Code>) {
    if let Ok(r) = r {
        for f in &mut r.errors {
            if f.code == Code::PreviousInvalid && f.message.starts_with("the previous release could not be read") {
                f.message.truncate("the previous release could not be read".len());
            }
        }
    }
}

pub fn assert_same(bytes: &[u8], previous: Option<&[u8]>, what: &str) {
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
        if let Ok(w) = &want {
            assert_lines_handed_on(bytes, &seed, w, what);
        }
    }
}

/// With [`Options::on_entry`], the lines handed on say only what their entries say (no status,
/// no withdrawal's name or date, no tier or vouchers), the report keeps none, and each line,
/// completed by the verification ([`Verification::complete`]) from the lines handed on, is the
/// report's.
pub fn assert_lines_handed_on(bytes: &[u8], seed: &[u8; 32], want: &VerificationReport, what: &str) {
    use undersigned_core::bundle::EntryReport;
    for threads in [1, 3] {
        let lines = std::sync::Mutex::new(Vec::<EntryReport>::new());
        let sink = |e: EntryReport| lines.lock().unwrap().push(e);
        let opts = Options { entries: true, on_entry: Some(&sink), threads, batch: 2, ..Options::default() };
        let v = verify_bundle(bytes, None, seed, &opts);
        assert!(v.report.entries.is_empty(), "{what}: the report keeps no line when they are handed on");
        let own = lines.into_inner().unwrap();
        for (i, e) in own.iter().enumerate() {
            assert_eq!(e.index, i as u64, "{what}: lines in log order");
            assert!(e.status.is_empty(), "{what}: a line handed on has no status yet");
            assert!(e.withdrawn_at.is_none() && e.tier.is_none(), "{what}: nor what later entries decide");
            if e.kind == "withdrawal" || e.kind == "hidden" {
                assert!(e.name.is_empty(), "{what}: a withdrawal's or hidden entry's own line names no one");
            }
        }
        let other = |j: u64| own.get(j as usize).cloned();
        let got: Vec<EntryReport> = (own.iter().cloned())
            .map(|mut e| {
                v.complete(&mut e, &other);
                e
            })
            .collect();
        assert_eq!(v.status(got.len() as u64), None, "{what}: no status past the log's end");
        assert_eq!(got, want.entries, "{what}: lines handed on ({threads} threads)");
    }
}

#[derive(serde::Deserialize)]
pub struct IndexEntry {
    file: String,
    kind: String,
    #[serde(default)]
    previous: Option<String>,
}

pub fn bundle_vectors() -> Vec<(String, Option<String>)> {
    let index: Vec<IndexEntry> = serde_json::from_slice(&read("index.json")).expect("index.json");
    index.into_iter().filter(|v| v.kind == "bundle").map(|v| (v.file, v.previous)).collect()
}

/// Rewrites a bundle's top-level members in the given order (a permutation of 0..5).
pub fn reorder(bytes: &[u8], order: &[usize]) -> Vec<u8> {
    let v: Value = serde_json::from_slice(bytes).expect("a JSON object");
    let obj = v.as_object().expect("an object");
    let names = ["format", "type", "statement_versions", "release", "entries"];
    // A bundle 1.1's other members (checkpoint, evidence) go in reverse order, after the five.
    let others: Vec<&String> = obj.keys().filter(|k| !names.contains(&k.as_str())).rev().collect();
    let all: Vec<&str> = order.iter().map(|&i| names[i]).chain(others.iter().map(|k| k.as_str())).collect();
    let mut out = b"{".to_vec();
    for (k, name) in all.iter().enumerate() {
        if k > 0 {
            out.push(b',');
        }
        out.extend_from_slice(&serde_json::to_vec(name).unwrap());
        out.push(b':');
        out.extend_from_slice(&serde_json::to_vec(&obj[*name]).unwrap());
    }
    out.push(b'}');
    out
}
