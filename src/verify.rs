//! `undersigned verify`: verify a bundle, and optionally against the previous release.

use crate::cli::VerifyArgs;
use crate::common::{seed, Bars, Fail};
use anyhow::Context;
use std::path::Path;
use undersigned_core::bundle::VerificationReport;
use undersigned_core::checkpoint::{OwnWitnesses, Witness};
use undersigned_core::report::WitnessReport;
use undersigned_store::publish::words::Lang;
use undersigned_store::verify::online::OnlineCheck;
use undersigned_store::verify::Stage;

/// Exit code 0 valid, 1 not valid, 2 unreadable (as the verification says).
pub fn run(args: VerifyArgs) -> Result<u8, Fail> {
    let VerifyArgs { bundle: path, previous, json, entries: with_entries, witnesses, witness_quorum, online } = args;
    let own = own_witnesses(&witnesses, witness_quorum)?;
    // One bar per file and stage: its bytes read, then for format 1.1 its entries checked.
    let bars = Bars::default();
    let on_progress = |p: &Path, stage: Stage, done: u64, total: u64| {
        let word = match stage {
            Stage::Reading => "verifying",
            Stage::Checking => "checking the signatures of",
        };
        let name = p.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
        bars.show(&format!("{word} {name}"), stage == Stage::Reading, done, total);
    };
    let verified = match &own {
        Some(own) => undersigned_store::verify::verify_files_witnessed(
            &path,
            previous.as_deref(),
            &seed(),
            with_entries || online,
            own,
            &on_progress,
        ),
        None => {
            let entries = with_entries || online;
            undersigned_store::verify::verify_files(&path, previous.as_deref(), &seed(), entries, &on_progress)
        }
    };
    bars.clear();
    let code = verified.exit_code();
    let mut report = verified.report;
    let rechecks = if online && code != 2 { recheck_online(&report)? } else { Vec::new() };
    if json {
        if !with_entries {
            report.entries.clear();
        }
        let mut value = serde_json::to_value(&report).context("cannot print the report")?;
        if online {
            value["online"] = serde_json::to_value(&rechecks).context("cannot print the report")?;
        }
        let out = serde_json::to_string_pretty(&value).context("cannot print the report")?;
        println!("{out}");
        return Ok(code);
    }
    print_report(&report, &path, code);
    if online && code != 2 {
        print_rechecks(&rechecks);
    }
    if with_entries && code != 2 {
        print_entries(&report);
    }
    if own.is_some() && code != 2 {
        print_own(report.format_1_1.as_ref().and_then(|x| x.own_witnesses.as_ref()));
    }
    Ok(code)
}

/// `--witness` and `--witness-quorum`: the verifier's own witnesses, each named once.
fn own_witnesses(given: &[String], quorum: Option<u64>) -> Result<Option<OwnWitnesses>, Fail> {
    if given.is_empty() {
        return Ok(None);
    }
    let mut witnesses: Vec<Witness> = Vec::new();
    for s in given {
        let w = Witness::parse(s).map_err(|m| Fail::from(anyhow::anyhow!("--witness: {m}")))?;
        if witnesses.iter().any(|x| x.public_key == w.public_key) {
            return Err(Fail::from(anyhow::anyhow!("--witness: the key of {:?} is given twice", w.key_name)));
        }
        witnesses.push(w);
    }
    let n = witnesses.len() as u64;
    let quorum = quorum.unwrap_or(n);
    if quorum == 0 || quorum > n {
        return Err(Fail::from(anyhow::anyhow!(
            "--witness-quorum must be from 1 to {n}, the number of your witnesses"
        )));
    }
    Ok(Some(OwnWitnesses { witnesses, quorum }))
}

/// Who of the verifier's own witnesses co-signed (none for a bundle of format 1, which has no
/// checkpoint): apart from the verdict.
fn print_own(own: Option<&WitnessReport>) {
    let Some(w) = own else {
        println!("Your witnesses: none can have co-signed it (a bundle of format 1 has no checkpoint)");
        return;
    };
    let names: Vec<&str> = w.listed.iter().filter(|l| l.cosigned).map(|l| l.key_name.as_str()).collect();
    println!(
        "Your witnesses: co-signed by {} of your {}{}{} — {}",
        w.cosigned,
        w.listed.len(),
        if names.is_empty() { "" } else { ": " },
        names.join(", "),
        if w.cosigned >= w.quorum {
            format!("as many as you asked for ({})", w.quorum)
        } else {
            format!("FEWER than the {} you asked for (the bundle's own verdict is above)", w.quorum)
        }
    );
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
    let (label, value, _) = undersigned_store::publish::tiers_fact(Lang::En, x);
    println!("{label}: {value}");
    if let Some((label, value)) = undersigned_store::publish::unnamed_fact(Lang::En, x) {
        println!("{label}: {}", plain(&value));
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

/// `--entries`: a line per entry, with its verdict and, in format 1.1, who is behind its key.
fn print_entries(r: &VerificationReport) {
    println!("Entries:");
    for e in &r.entries {
        let who = match e.kind.as_str() {
            "withdrawal" => format!("withdrawal of {}", if e.name.is_empty() { "an unknown entry" } else { &e.name }),
            "vouch" => format!("vouch by the key {}", e.fingerprint),
            "reveal" => format!("reveal: {}", e.name),
            "hidden" if e.tier.is_none() => {
                format!("not named, vouched for by {} named signatories with a website tier", e.vouchers.unwrap_or(0))
            }
            _ => format!("{} ({})", e.name, e.country),
        };
        let status = if e.errors.is_empty() {
            e.status.clone()
        } else {
            let codes: Vec<&str> = e.errors.iter().map(|f| f.code.as_str()).collect();
            format!("NOT VALID: {}", codes.join(", "))
        };
        let tier = e.tier.as_ref().map(|t| format!(" — {}", tier_words(t))).unwrap_or_default();
        println!("  #{} {who} — {status}{tier}", e.index);
    }
}

/// An entry's tier in words, as the pages say it in English (FORMAT.md §14.7).
fn tier_words(t: &undersigned_core::tier::TierReport) -> String {
    plain(&undersigned_store::publish::tier_text(Lang::En, t))
}

/// A line of the pages' words for a terminal: without the isolates that keep a name's direction.
fn plain(s: &str) -> String {
    s.replace(['\u{2068}', '\u{2069}'], "")
}

/// Fetches again each website a valid website attestation of the bundle reported.
fn recheck_online(r: &VerificationReport) -> Result<Vec<OnlineCheck>, Fail> {
    use undersigned_store::fetch::{FetchSetup, Fetcher};
    let setup = FetchSetup::from_env(&|m| eprintln!("warning: {m}")).map_err(|m| Fail::from(anyhow::anyhow!(m)))?;
    Ok(undersigned_store::verify::online::recheck(&r.entries, &Fetcher::new(setup), &crate::common::now()))
}

fn print_rechecks(rechecks: &[OnlineCheck]) {
    use undersigned_store::fetch::Recheck;
    if rechecks.is_empty() {
        println!("Online: no website to check again (the bundle reports none)");
        return;
    }
    println!("Online, checked by this computer now (never part of the verdict):");
    for o in rechecks {
        let what = match &o.result {
            Recheck::StillThere => "still there: the same file as the lead reported".to_owned(),
            Recheck::Changed => "CHANGED: the site now serves another file".to_owned(),
            Recheck::Gone { status: Some(s), .. } => format!("GONE: the site answers HTTP {s}"),
            Recheck::Gone { failure: Some(f), .. } => format!("GONE: {f}"),
            Recheck::Gone { .. } => "GONE".to_owned(),
        };
        println!("  #{} {} — {}: {what}", o.index, o.name, o.host);
    }
}
