//! Every front end gives the same report for every bundle vector and previous-release case
//! (issue 15). One table, `docs/vectors/index.json`, drives:
//!
//! - core's `check::check` (what the vector test and `undersigned check` use), over the bytes;
//! - the store's `verify::verify_files` (what the app's Verify screen calls), over the files;
//! - the CLI's `undersigned verify --json --entries` (its report and its exit code);
//! - `undersigned publish`'s verification (`publish::publish`): it publishes exactly the valid
//!   bundles, and refuses the others with the same failures, or as unreadable.
//!
//! The expected verdict and codes are the table's. The app's command is checked through IPC on
//! the same table by `src-tauri/tests/ipc.rs`, and verify.html's JavaScript verifier by
//! `tests/browser/verifier.test.mjs` and `pages.test.mjs`.

mod common;
use common::{dump, Sandbox};
use serde_json::Value;
use std::path::{Path, PathBuf};
use undersigned_core::check::{self, Kind};
use undersigned_core::Code;
use undersigned_store::{publish, verify, Error};

fn vectors() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/vectors")
}

/// The sorted code strings of a report's failures, without repeats.
fn codes(errors: &[undersigned_core::Failure]) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = errors.iter().map(|f| f.code.as_str()).collect();
    v.sort_unstable();
    v.dedup();
    v
}

#[test]
fn every_front_end_gives_the_same_report_for_every_bundle_vector() {
    let dir = vectors();
    let index: Vec<Value> = serde_json::from_slice(&std::fs::read(dir.join("index.json")).expect("index.json"))
        .expect("index.json is JSON");
    let s = Sandbox::new("front ends");
    let mut checked = 0;
    let mut with_previous = 0;
    for (i, v) in index.iter().enumerate() {
        if v["kind"] != "bundle" {
            continue;
        }
        let file = v["file"].as_str().expect("file");
        let previous = v["previous"].as_str();
        let case = format!("{file}{}", previous.map(|p| format!(" after {p}")).unwrap_or_default());
        let want_valid = v["valid"].as_bool().expect("valid");
        let want: Vec<&str> = v["codes"].as_array().expect("codes").iter().filter_map(Value::as_str).collect();
        let path = dir.join(file);
        let prev_path = previous.map(|p| dir.join(p));
        let bytes = std::fs::read(&path).expect("vector");
        let prev_bytes = prev_path.as_ref().map(|p| std::fs::read(p).expect("previous vector"));

        // Core, over the bytes.
        let core = check::check(Kind::Bundle, &bytes, prev_bytes.as_deref(), &[i as u8; 32]);
        assert_eq!((core.valid, core.code_strings()), (want_valid, want.clone()), "core check: {case}");
        let unreadable = core.codes.iter().any(|c| c.is_unreadable()) && core.failures.iter().all(|f| f.at.is_none());

        // The store, over the files: the app's Verify screen.
        let store = verify::verify_files(&path, prev_path.as_deref(), &[7; 32], true, &|_, _, _, _| {});
        assert_eq!((store.report.valid, codes(&store.report.errors)), (want_valid, want.clone()), "store: {case}");
        assert_eq!(store.readable, !unreadable, "store: readable: {case}");
        let core_report = core.report.clone().expect("a bundle always has a report");
        if store.readable {
            assert_eq!(store.report, core_report, "store and core reports: {case}");
        }

        // The command line: the same report as JSON, and the exit code of FORMAT.md §13.
        let mut args = vec!["verify", path.to_str().expect("path"), "--json", "--entries"];
        if let Some(p) = &prev_path {
            args.extend(["--previous", p.to_str().expect("path")]);
        }
        let out = s.run(None, &args);
        let want_exit = if unreadable {
            2
        } else if want_valid {
            0
        } else {
            1
        };
        assert_eq!(out.status.code(), Some(want_exit), "CLI exit code: {case}\n{}", dump(&out));
        assert_eq!(i32::from(store.exit_code()), want_exit, "store exit code: {case}");
        let cli: Value = serde_json::from_slice(&out.stdout).expect("the CLI prints a JSON report");
        assert_eq!(cli, serde_json::to_value(&store.report).expect("report"), "CLI and store reports: {case}");

        // Publishing verifies through the same pipeline: the valid ones only.
        let site = s.path(&format!("site-{i}"));
        let published = publish::publish(
            publish::Input::Bytes(&bytes),
            prev_bytes.as_deref().map(publish::Input::Bytes),
            &site,
            &[9; 32],
            &|_, _, _| {},
        );
        match published {
            Ok(p) => {
                assert!(want_valid, "published an invalid bundle: {case}");
                assert_eq!((p.signatories, p.withdrawn), (store.report.signatories, store.report.withdrawn), "{case}");
                if let Some(x) = &store.report.format_1_1 {
                    // index.html says who co-signed and how many are not named, as verify.html does.
                    let index = std::fs::read_to_string(site.join("index.html")).expect("index.html");
                    let cosigned: Vec<&str> =
                        x.witnesses.listed.iter().filter(|w| w.cosigned).map(|w| w.name.as_str()).collect();
                    let line = if x.witnesses.listed.is_empty() {
                        "Witnesses: none listed: the lead’s signature alone".to_owned()
                    } else {
                        format!(
                            "Witnesses: co-signed by {} of {}, {} needed: {}",
                            cosigned.len(),
                            x.witnesses.listed.len(),
                            x.witnesses.quorum,
                            cosigned.iter().map(|n| format!("\u{2068}{n}\u{2069}")).collect::<Vec<_>>().join(", ")
                        )
                    };
                    assert!(index.contains(&line), "{case}: {line}");
                    let unnamed: u64 = x.unnamed_by_region.values().sum();
                    assert_eq!(index.contains("Not named, for their safety"), unnamed > 0, "{case}");
                }
            }
            Err(Error::Verification(failures)) => {
                assert!(!want_valid && !unreadable, "publish refused a bundle as invalid: {case}");
                assert_eq!(codes(&failures), want, "publish's failures: {case}");
            }
            Err(Error::Unreadable { code, .. }) => {
                assert!(unreadable, "publish said unreadable: {case}");
                assert_eq!(vec![code.as_str()], want, "publish's code: {case}");
            }
            Err(e) => panic!("publish: {case}: {e}"),
        }
        assert_eq!(site.exists(), want_valid, "a publication exactly for the valid: {case}");
        checked += 1;
        with_previous += usize::from(previous.is_some());
    }
    assert!(
        checked >= 30 && with_previous >= 8,
        "the table has bundle cases ({checked}, {with_previous} with a previous)"
    );
}

#[test]
fn an_unreadable_previous_release_is_previous_invalid_beside_the_full_report() {
    // `--previous` naming no file at all: the same verdict as a previous that is not a bundle.
    let dir = vectors();
    let s = Sandbox::new("front ends");
    let bundle = dir.join("bundle-release-2.json");
    let alone = verify::verify_files(&bundle, None, &[1; 32], true, &|_, _, _, _| {});
    assert!(alone.report.valid);
    for previous in [dir.join("not-json.json"), s.path("no-such-file.json"), dir.clone()] {
        let v = verify::verify_files(&bundle, Some(&previous), &[1; 32], true, &|_, _, _, _| {});
        assert_eq!(v.exit_code(), 1, "{}", previous.display());
        assert_eq!(codes(&v.report.errors), vec![Code::PreviousInvalid.as_str()]);
        assert_eq!(v.report.errors[0].at.as_deref(), Some("previous"));
        let mut without = v.report.clone();
        without.valid = true;
        without.errors.clear();
        assert_eq!(without, alone.report, "the bundle's own report is whole: {}", previous.display());
    }
}
