//! `undersigned verify`: verify a bundle, and optionally against the previous release.

use crate::cli::VerifyArgs;
use crate::common::{progress_bar, seed, Fail, BYTES_BAR};
use anyhow::Context;
use std::path::Path;
use undersigned_core::bundle::VerificationReport;

/// Exit code 0 valid, 1 not valid, 2 unreadable (as the verification says).
pub fn run(args: VerifyArgs) -> Result<u8, Fail> {
    let VerifyArgs { bundle: path, previous, json, entries: with_entries } = args;
    // One bar per file, in bytes (hidden when stderr is not a terminal).
    let bar = std::cell::RefCell::new(None::<(std::path::PathBuf, indicatif::ProgressBar)>);
    let on_progress = |p: &Path, n: u64, total: u64| {
        let mut bar = bar.borrow_mut();
        if bar.as_ref().is_none_or(|(q, _)| q != p) {
            if let Some((_, b)) = bar.take() {
                b.finish_and_clear();
            }
            let b = progress_bar(total, BYTES_BAR);
            b.set_message(format!("verifying {}", p.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()));
            *bar = Some((p.to_path_buf(), b));
        }
        if let Some((_, b)) = bar.as_ref() {
            b.set_position(n);
        }
    };
    let verified = undersigned_store::verify::verify_files(
        &path,
        previous.as_deref(),
        &seed(),
        json && with_entries,
        &on_progress,
    );
    if let Some((_, b)) = bar.borrow_mut().take() {
        b.finish_and_clear();
    }
    let code = verified.exit_code();
    let mut report = verified.report;
    if json {
        if !with_entries {
            report.entries.clear();
        }
        let out = serde_json::to_string_pretty(&report).context("cannot print the report")?;
        println!("{out}");
        return Ok(code);
    }
    print_report(&report, &path, code);
    Ok(code)
}

fn print_report(r: &VerificationReport, path: &Path, code: u8) {
    if code == 2 {
        for e in &r.errors {
            eprintln!("error: {}", e.message);
        }
        return;
    }
    println!("{}: {}", path.display(), if r.valid { "VALID" } else { "NOT VALID" });
    println!("Statement: \"{}\" version {} (digest {})", r.statement.title, r.statement.version, r.statement.digest);
    println!("Lead: {} (fingerprint {})", r.statement.lead_name, r.statement.lead_fingerprint);
    let unnamed: u64 = r.format_1_1.as_ref().map_or(0, |x| x.unnamed_by_region.values().sum());
    if unnamed > 0 {
        println!(
            "Release {} issued {}: {} signatories ({} named, {unnamed} not named), {} withdrawn",
            r.release.number,
            r.release.issued_at,
            r.signatories + unnamed,
            r.signatories,
            r.withdrawn
        );
    } else {
        println!(
            "Release {} issued {}: {} signatories, {} withdrawn",
            r.release.number, r.release.issued_at, r.signatories, r.withdrawn
        );
    }
    let kinds: Vec<String> = r.by_kind.iter().map(|(k, n)| format!("{n} {k}s")).collect();
    if !kinds.is_empty() {
        println!("By kind: {}", kinds.join(", "));
    }
    let mut countries: Vec<(&String, &u64)> = r.by_country.iter().collect();
    countries.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    if !countries.is_empty() {
        let top: Vec<String> = countries.iter().take(12).map(|(c, n)| format!("{c} {n}")).collect();
        println!(
            "By country ({} countries): {}{}",
            countries.len(),
            top.join(", "),
            if countries.len() > 12 { ", …" } else { "" }
        );
    }
    if let Some(x) = &r.format_1_1 {
        print_1_1(x);
    }
    if let Some(p) = &r.previous {
        println!(
            "Against release {}: {} kept, {} withdrawn by their signers, {} added — {}",
            p.number,
            p.kept,
            p.withdrawn_since,
            p.added,
            if p.consistent { "consistent: nothing dropped or altered" } else { "NOT consistent" }
        );
    }
    if !r.errors.is_empty() {
        println!("{} failures:", r.errors.len());
        for e in &r.errors {
            println!("  - {e}");
        }
    }
}

/// What a bundle of format 1.1 adds (FORMAT.md §14): signatories not named, by region; the
/// witnesses who co-signed against the quorum; signature lines by keys the bundle does not list.
fn print_1_1(x: &undersigned_core::report::Report11) {
    let unnamed: u64 = x.unnamed_by_region.values().sum();
    if unnamed > 0 {
        let regions: Vec<String> =
            x.unnamed_by_region.iter().map(|(r, n)| format!("{} {n}", r.replace('-', " "))).collect();
        println!(
            "Not named, for their safety: {unnamed}, each vouched for by the coalition (by region: {})",
            regions.join(", ")
        );
    }
    let w = &x.witnesses;
    if w.listed.is_empty() {
        println!("Witnesses: none listed (the lead's signature of the release alone)");
    } else {
        let names: Vec<&str> = w.listed.iter().filter(|l| l.cosigned).map(|l| l.name.as_str()).collect();
        println!(
            "Co-signed by {} of {} witnesses (quorum {}){}{}",
            w.cosigned,
            w.listed.len(),
            w.quorum,
            if names.is_empty() { "" } else { ": " },
            names.join(", ")
        );
    }
    if w.ignored_lines > 0 {
        println!("{} signatures by keys this bundle does not list (ignored)", w.ignored_lines);
    }
}
