//! The test vectors of FORMAT.md §12 (`docs/vectors/`): every vector verifies as `index.json`
//! says, and regenerating them (`examples/make-vectors/`) changes no byte.

#[allow(dead_code)]
#[path = "../examples/make-vectors/main.rs"]
mod make_vectors;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use undersigned_core::check::{check, check_file, Kind};
use undersigned_core::Code;

fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/vectors")
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct IndexEntry {
    file: String,
    kind: String,
    #[serde(default)]
    previous: Option<String>,
    description: String,
    valid: bool,
    codes: Vec<String>,
    #[serde(default)]
    tiers: Option<Vec<Option<String>>>,
    #[serde(default)]
    vouchers: Option<Vec<Option<u64>>>,
}

fn index() -> Vec<IndexEntry> {
    let path = vectors_dir().join("index.json");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}; generate the vectors with \
             `cargo run -p undersigned-core --example make-vectors -- docs/vectors`",
            path.display()
        )
    });
    serde_json::from_slice(&bytes).expect("index.json is a list of vectors")
}

fn read(name: &str) -> Vec<u8> {
    let path = vectors_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn strings(codes: &[Code]) -> Vec<String> {
    let mut v: Vec<String> = codes.iter().map(|c| c.as_str().to_owned()).collect();
    v.sort();
    v
}

#[test]
fn every_vector_verifies_as_listed() {
    let index = index();
    assert!(index.len() >= 40, "only {} vectors", index.len());
    let mut wrong = Vec::new();
    for v in &index {
        let bytes = read(&v.file);
        let prev = v.previous.as_deref().map(read);
        let (valid, codes) = check_file(&v.kind, &bytes, prev.as_deref());
        let got = strings(&codes);
        if valid != v.valid || got != v.codes {
            wrong.push(format!(
                "{} (previous {:?}): expected valid={} {:?}, got valid={} {:?} — {}",
                v.file, v.previous, v.valid, v.codes, valid, got, v.description
            ));
        }
        // The verdict never depends on the batch verifier's seed.
        let kind = Kind::parse(&v.kind).expect("a known kind");
        for seed in [[0xa5u8; 32], [0xffu8; 32]] {
            let o = check(kind, &bytes, prev.as_deref(), &seed);
            assert_eq!((o.valid, strings(&o.codes)), (valid, got.clone()), "{} with another seed", v.file);
            assert_eq!(o.valid, o.failures.is_empty());
        }
    }
    assert!(wrong.is_empty(), "vectors that do not verify as listed:\n{}", wrong.join("\n"));
}

/// The tiers and vouchers `index.json` gives (FORMAT.md §12), as the verifier computes them.
#[test]
fn tiers_and_vouchers_are_as_listed() {
    let listed: Vec<IndexEntry> = index().into_iter().filter(|v| v.tiers.is_some()).collect();
    assert!(listed.len() >= 10, "only {} vectors give tiers", listed.len());
    for v in listed {
        let o = check(Kind::Bundle, &read(&v.file), v.previous.as_deref().map(read).as_deref(), &[3; 32]);
        let report = o.report.unwrap_or_else(|| panic!("{}: no report", v.file));
        let tiers: Vec<Option<String>> =
            report.entries.iter().map(|e| e.tier.as_ref().map(|t| t.tier.as_str().to_owned())).collect();
        let vouchers: Vec<Option<u64>> = report.entries.iter().map(|e| e.vouchers).collect();
        assert_eq!(Some(tiers), v.tiers, "{}: tiers — {}", v.file, v.description);
        assert_eq!(Some(vouchers), v.vouchers, "{}: vouchers — {}", v.file, v.description);
    }
}

/// The website hosts of `website-hosts.json` (FORMAT.md §14.7), which verify.html's verifier
/// computes from the same file.
#[test]
fn website_hosts_are_as_listed() {
    let cases: Vec<(String, Option<String>)> =
        serde_json::from_slice::<Vec<serde_json::Value>>(&read("website-hosts.json"))
            .expect("a list")
            .iter()
            .map(|c| (c["website"].as_str().expect("a website").to_owned(), c["host"].as_str().map(Into::into)))
            .collect();
    assert!(cases.len() >= 30 && cases.iter().filter(|c| c.1.is_some()).count() >= 10);
    for (website, host) in cases {
        assert_eq!(undersigned_core::tier::website_host(&website), host, "{website}");
    }
}

/// What the codes of `index.json` cannot say (they are listed once each): one `counts-mismatch`
/// for two counts wrong, and both failures of one entry (FORMAT.md §10.2 checks 6 and 7).
#[test]
fn failures_are_counted_as_the_reading_amendment_says() {
    let places = |file: &str| {
        let o = check(Kind::Bundle, &read(file), None, &[7; 32]);
        o.failures.iter().map(|f| (f.code.as_str().to_owned(), f.at.clone().unwrap_or_default())).collect::<Vec<_>>()
    };
    let s = |c: &str, a: &str| (c.to_owned(), a.to_owned());
    assert_eq!(places("bundle-counts-two-wrong.json"), [s("counts-mismatch", "release")]);
    assert_eq!(
        places("bundle-entry-field-and-signature.json"),
        [s("field-invalid", "entries[0]"), s("signature-invalid", "entries[0]")]
    );
}

#[test]
fn index_is_well_formed_and_covers_every_code() {
    let index = index();
    let mut seen = BTreeSet::new();
    let mut covered = BTreeSet::new();
    for v in &index {
        assert!(Kind::parse(&v.kind).is_some(), "{}: unknown kind {}", v.file, v.kind);
        assert!(seen.insert((v.file.clone(), v.previous.clone())), "{} listed twice", v.file);
        assert_eq!(v.valid, v.codes.is_empty(), "{}: valid iff no codes", v.file);
        let mut sorted = v.codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, v.codes, "{}: codes are sorted and unique", v.file);
        assert!(!v.description.is_empty());
        if v.previous.is_some() {
            assert_eq!(v.kind, "bundle", "{}: only bundles have a previous", v.file);
        }
        for c in &v.codes {
            assert!(Code::ALL.iter().any(|k| k.as_str() == c), "{}: unknown code {c}", v.file);
            covered.insert(c.clone());
        }
    }
    let missing: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).filter(|c| !covered.contains(*c)).collect();
    assert!(missing.is_empty(), "no vector expects {missing:?}");
    for kind in Kind::ALL {
        assert!(index.iter().any(|v| v.kind == kind.as_str() && v.valid), "no valid {} vector", kind.as_str());
    }
}

#[test]
fn regenerating_changes_no_byte() {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("vectors-regenerated-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let names = make_vectors::write_all(&tmp).expect("write the vectors into a temporary folder");

    let list = |dir: &Path| -> BTreeMap<String, Vec<u8>> {
        std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
            .map(|e| {
                let e = e.expect("a directory entry");
                (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).expect("readable"))
            })
            .collect()
    };
    let fresh = list(&tmp);
    let committed = list(&vectors_dir());
    assert_eq!(fresh.len(), names.len());

    let mut problems = Vec::new();
    for (name, bytes) in &fresh {
        match committed.get(name) {
            None => problems.push(format!("{name} is generated but not in docs/vectors")),
            Some(b) if b != bytes => problems.push(format!("{name} differs from a fresh generation")),
            _ => {}
        }
    }
    for name in committed.keys() {
        if !fresh.contains_key(name) {
            problems.push(format!("{name} is in docs/vectors but is not generated"));
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    assert!(
        problems.is_empty(),
        "docs/vectors is out of date; regenerate with \
         `cargo run -p undersigned-core --example make-vectors -- docs/vectors`:\n{}",
        problems.join("\n")
    );
}

#[test]
fn generation_is_deterministic_in_memory() {
    assert_eq!(make_vectors::generate(), make_vectors::generate());
}

/// What later entries decide of a line, read straight from each bundle vector's JSON (not by the
/// verifier's rules for lines): a hidden entry revealed by a valid reveal shows its signer's
/// name; an entry withdrawn by a valid withdrawal shows its `withdrawn_at`; a withdrawal naming
/// an entry shows that entry's name as its line shows it.
#[test]
fn lines_show_what_later_entries_decide() {
    use serde_json::Value;
    let (mut revealed, mut withdrawn, mut named) = (0, 0, 0);
    for v in index().into_iter().filter(|v| v.kind == "bundle") {
        let bytes = read(&v.file);
        let Ok(json) = serde_json::from_slice::<Value>(&bytes) else { continue };
        let o = check(Kind::Bundle, &bytes, v.previous.as_deref().map(read).as_deref(), &[5; 32]);
        let Some(report) = o.report.filter(|r| !r.entries.is_empty()) else { continue };
        let lines = &report.entries;
        let entries = json["entries"].as_array().expect("entries");
        assert_eq!(entries.len(), lines.len(), "{}", v.file);
        // The first entry of each id, as the lines give the ids.
        let mut first: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, l) in lines.iter().enumerate() {
            first.entry(l.id.as_str()).or_insert(i);
        }
        let body = |e: &Value, kind: &str| e[kind]["signed"].clone();
        for (i, e) in entries.iter().enumerate() {
            let names = |target: &Value| target.as_str().and_then(|t| first.get(t).copied()).filter(|&j| j < i);
            if e.get("reveal").is_some() && lines[i].status == "reveal" {
                let s = body(e, "reveal");
                let j = names(&s["hidden"]).expect("a valid reveal names an earlier entry");
                assert_eq!(lines[j].name, s["signer"]["name"].as_str().unwrap(), "{}: entry {j}", v.file);
                revealed += 1;
            }
            if e.get("withdrawal").is_some() {
                let s = body(e, "withdrawal");
                let Some(j) = names(&s["endorsement"]) else { continue };
                if !matches!(lines[j].kind.as_str(), "endorsement" | "hidden") {
                    continue;
                }
                assert_eq!(lines[i].name, lines[j].name, "{}: withdrawal {i}", v.file);
                named += 1;
                if lines[i].status == "withdrawal" {
                    let at = s["withdrawn_at"].as_str().map(String::from);
                    assert_eq!(lines[j].withdrawn_at, at, "{}: entry {j}", v.file);
                    withdrawn += 1;
                }
            }
        }
    }
    assert!(revealed >= 3 && withdrawn >= 5 && named >= 5, "{revealed} {withdrawn} {named}");
}
