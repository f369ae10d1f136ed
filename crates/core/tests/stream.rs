//! The streaming verifier (`verify::verify_bundle`) gives exactly the report of the reference
//! `bundle::verify` — same validity, same failures (code, place and message, in the same order),
//! same counts, countries, kinds, previous-release information and entry lines — on every bundle
//! vector, as a bundle and as a previous release, and on the vectors with their members
//! reordered or written as an array; for any number of threads and any batch size.
//!
//! Inputs that are not bundles are in `stream_unreadable.rs`, generated bundles in
//! `stream_generated.rs`; what they share in `common/`.

mod common;

use common::{assert_same, bundle_vectors, read, reorder};
use serde_json::Value;
use undersigned_core::verify::{verify_bundle, Options, Part, Previous, Step};

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
    // A release 1.1 reads its previous release, of either format, as a stream too.
    let current = read("bundle-1-1-release-3.json");
    for (file, _) in &vectors {
        assert_same(&current, Some(&read(file)), &format!("bundle-1-1-release-3.json against {file}"));
    }
    assert_same(&current, Some(b"{"), "bundle-1-1-release-3.json against a broken file");
    assert_same(&current, Some(b""), "bundle-1-1-release-3.json against an empty file");
}

#[test]
fn member_order_does_not_change_the_report() {
    let orders: [&[usize]; 5] =
        [&[4, 3, 2, 1, 0], &[4, 0, 1, 2, 3], &[0, 1, 3, 4, 2], &[2, 4, 3, 0, 1], &[3, 2, 1, 0, 4]];
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

#[test]
fn progress_is_reported_up_to_the_whole_input() {
    // Format 1: the entries are checked as they are read, so the bytes are all there is to say.
    let good = read("bundle-release-2.json");
    let last = std::cell::Cell::new(0u64);
    let f = |part: Part, step: Step| {
        assert_eq!(part, Part::Bundle);
        match step {
            Step::Read(n) => last.set(n),
            other => panic!("format 1 reported {other:?}"),
        }
    };
    let opts = Options { entries: true, progress: Some(&f), ..Options::default() };
    assert!(verify_bundle(&good[..], None, &[0; 32], &opts).report.valid);
    assert_eq!(last.get(), good.len() as u64);
}

/// Format 1.1 is read, then its entries checked (and their lines handed on, when wanted): each
/// reported in order, counting up to every entry; the previous release's before the bundle's own
/// checks. The entries are read once, lines or not.
#[test]
fn format_1_1_reports_its_entries_read_then_checked() {
    let current = read("bundle-1-1-release-3.json");
    for (previous, entries) in [(None, true), (None, false), (Some(read("bundle-1-1-release-3.json")), true)] {
        let steps = std::cell::RefCell::new(Vec::new());
        let f = |part: Part, step: Step| steps.borrow_mut().push((part, step));
        let opts = Options { entries, progress: Some(&f), ..Options::default() };
        let mut prev_bytes = previous.as_deref();
        let prev = prev_bytes.as_mut().map(|p| Previous::Reader(p as &mut dyn std::io::Read));
        let v = verify_bundle(&current[..], prev, &[0; 32], &opts);
        // A release as its own previous is not a valid chain (§14.11), but it is read and checked.
        assert!(v.readable && (previous.is_some() || v.report.valid), "{:?}", v.report.errors);
        let n = v.report.release.log_size;
        assert!(n > 1);
        // The order of the stages, each part's counting up, and where each ends.
        let order = |(part, step): &(Part, Step)| match (part, step) {
            (Part::Bundle, Step::Read(_)) => 0,
            (Part::Previous, Step::Read(_)) => 1,
            (Part::Previous, Step::Checked { .. }) => 2,
            (Part::Bundle, Step::Checked { .. }) => 3,
        };
        let steps = steps.into_inner();
        assert!(steps.windows(2).all(|w| order(&w[0]) <= order(&w[1])), "{steps:?}");
        let amount = |s: &Step| match *s {
            Step::Read(b) => (b, None),
            Step::Checked { done, of } => (done, Some(of)),
        };
        for stage in 0..4 {
            let of_stage: Vec<(u64, Option<u64>)> =
                steps.iter().filter(|s| order(s) == stage).map(|s| amount(&s.1)).collect();
            assert!(of_stage.windows(2).all(|w| w[0].0 < w[1].0), "stage {stage}: {of_stage:?}");
            let last = of_stage.last().copied();
            let want = match stage {
                0 => Some((current.len() as u64, None)),
                1 | 2 if previous.is_none() => None,
                1 => Some((current.len() as u64, None)),
                _ => Some((n, Some(n))),
            };
            assert_eq!(last, want, "stage {stage} (previous {}, entries {entries})", previous.is_some());
        }
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

/// A scratch file that cannot be written (a full disk): the bundle is reported unreadable, with
/// the reason, never judged on values that were not kept.
#[test]
fn a_scratch_that_cannot_be_written_is_reported() {
    use std::io::{self, Read, Seek, SeekFrom, Write};
    struct Full;
    impl Read for Full {
        fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
            Ok(0)
        }
    }
    impl Write for Full {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::other("no space left on device"))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    impl Seek for Full {
        fn seek(&mut self, _: SeekFrom) -> io::Result<u64> {
            Ok(0)
        }
    }
    // Format 1 keeps ids and keys there, format 1.1 its entries' text.
    for file in ["bundle-release-2.json", "bundle-1-1-revealed.json"] {
        let good = read(file);
        let scratch = std::sync::Mutex::new(Full);
        let opts = Options { scratch: Some(&scratch), entries: true, ..Options::default() };
        let v = verify_bundle(&good[..], None, &[0; 32], &opts);
        assert!(!v.readable, "{file}");
        assert_eq!(v.exit_code(), 2);
        assert_eq!(v.report.errors.len(), 1);
        assert!(v.report.errors[0].message.contains("no space left on device"), "{}", v.report.errors[0].message);
        assert!(v.report.entries.is_empty(), "{file}: no line of entries that were lost");
        // The same bundle with a scratch that works, or none: valid.
        let ok = std::sync::Mutex::new(io::Cursor::new(Vec::new()));
        let opts = Options { scratch: Some(&ok), ..Options::default() };
        assert!(verify_bundle(&good[..], None, &[0; 32], &opts).report.valid, "{file}");
        assert!(!ok.lock().unwrap().get_ref().is_empty(), "{file}: the scratch was used");
    }
}

/// A bundle 1.1 whose `entries` is not a list is `malformed`, as the reference reads it: never a
/// bundle of no entries. (The stream once set such a value aside and read an empty log.) Whether
/// `entries` comes first, last, or before `format` is known.
#[test]
fn entries_that_are_not_a_list_are_malformed_in_format_1_1() {
    let bytes = read("bundle-1-1-release-3.json");
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    let obj = v.as_object().unwrap();
    let names: Vec<&String> = obj.keys().filter(|k| *k != "entries").collect();
    for value in ["5", "{}", "{\"a\":[1]}", "\"entries\"", "null", "true", "[1,2", "{\"a\":"] {
        for at in [0, 1, names.len()] {
            let mut out = b"{".to_vec();
            let mut members: Vec<(&str, Vec<u8>)> =
                names.iter().map(|k| (k.as_str(), serde_json::to_vec(&obj[k.as_str()]).unwrap())).collect();
            members.insert(at, ("entries", value.as_bytes().to_vec()));
            for (k, (name, raw)) in members.iter().enumerate() {
                if k > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(&serde_json::to_vec(name).unwrap());
                out.push(b':');
                out.extend_from_slice(raw);
            }
            out.push(b'}');
            let what = format!("entries {value} at member {at}");
            assert_same(&out, None, &what);
            let got = verify_bundle(&out[..], None, &[0; 32], &Options::default());
            assert!(!got.readable, "{what}: {:?}", got.report.errors);
        }
    }
}

/// A bundle 1.1 whose other members come before its entries (as writers put them) has its
/// entries checked while they are read, as format 1 does: each entry's line is handed on before
/// the input is read to its end. With a member after the entries, they are checked once the
/// whole bundle is read. The report is the reference's either way (the tests above).
#[test]
fn format_1_1_checks_its_entries_as_they_are_read_when_its_members_come_first() {
    use std::io::Read;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::Mutex;
    /// Gives one byte at a time, counting them.
    struct Slow<'a>(&'a [u8], &'a AtomicU64);
    impl Read for Slow<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let Some((&b, rest)) = self.0.split_first() else { return Ok(0) };
            buf[0] = b;
            self.0 = rest;
            self.1.fetch_add(1, Ordering::SeqCst);
            Ok(1)
        }
    }
    let v: Value = serde_json::from_slice(&read("bundle-1-1-release-3.json")).unwrap();
    let write = |order: &[&str]| {
        let members: Vec<String> = order.iter().map(|k| format!("{:?}:{}", k, v[*k])).collect();
        format!("{{{}}}", members.join(",")).into_bytes()
    };
    let first = write(&["format", "type", "statement_versions", "release", "checkpoint", "evidence", "entries"]);
    // The same bundle with `evidence` after the entries.
    let late = write(&["format", "type", "statement_versions", "release", "checkpoint", "entries", "evidence"]);
    for (bytes, early) in [(&first, true), (&late, false)] {
        let read_so_far = AtomicU64::new(0);
        let at = Mutex::new(Vec::new());
        let on_entry = |line: undersigned_core::report::EntryReport| {
            at.lock().unwrap().push((line.index, read_so_far.load(Ordering::SeqCst)));
        };
        let opts = Options { entries: true, on_entry: Some(&on_entry), ..Options::default() };
        let got = verify_bundle(Slow(bytes, &read_so_far), None, &[0; 32], &opts);
        assert!(got.report.valid, "{:?}", got.report.errors);
        let at = at.into_inner().unwrap();
        let n = got.report.release.log_size;
        assert_eq!(at.iter().map(|a| a.0).collect::<Vec<_>>(), (0..n).collect::<Vec<_>>());
        let total = bytes.len() as u64;
        assert_eq!(at.iter().all(|a| a.1 < total), early, "early {early}: {at:?} of {total}");
        assert_eq!(at.iter().all(|a| a.1 == total), !early, "early {early}: {at:?} of {total}");
    }
}

/// A bundle 1.1 of many runs, checked as it is read on several threads, gives the reference
/// report: its entries repeated (so that most are duplicates), and with one entry in the middle
/// that does not read (the whole document then gives the verdict), or one of another kind's
/// shape at the end.
#[test]
fn a_long_bundle_1_1_checked_as_it_is_read_gives_the_reference_report() {
    let v: Value = serde_json::from_slice(&read("bundle-1-1-release-3.json")).unwrap();
    let entries = v["entries"].as_array().unwrap().clone();
    let long: Vec<Value> = entries.iter().cycle().take(20 * entries.len()).cloned().collect();
    let write = |entries: &[Value]| {
        let order = ["format", "type", "statement_versions", "release", "checkpoint", "evidence"];
        let mut members: Vec<String> = order.iter().map(|k| format!("{:?}:{}", k, v[*k])).collect();
        members.push(format!("\"entries\":{}", Value::Array(entries.to_vec())));
        format!("{{{}}}", members.join(",")).into_bytes()
    };
    assert_same(&write(&long), None, "the entries twenty times");
    let mut broken = long.clone();
    let middle = broken.len() / 2;
    broken[middle]["endorsement"]["signed"]["extra"] = Value::from(1);
    assert_same(&write(&broken), None, "an entry in the middle with an unknown member");
    let mut last = long;
    let n = last.len();
    last[n - 1] = serde_json::json!({"endorsement": 5});
    assert_same(&write(&last), None, "the last entry not an object");
    let got = verify_bundle(&write(&last)[..], None, &[0; 32], &Options { threads: 3, batch: 2, ..Options::default() });
    assert!(!got.readable);
}
