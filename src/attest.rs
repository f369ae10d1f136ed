//! `undersigned attest check|list`: the lead's record of who holds a signatory's key (format 1.1,
//! FORMAT.md §14.7), carried, signed, by the next release.

use crate::cli::AttestCmd;
use crate::common::{now, open_store, progress_bar, Fail, COUNT_BAR};
use std::path::Path;
use undersigned_core::tier::Finding;
use undersigned_store::fetch::{FetchSetup, Fetcher};
use undersigned_store::workflows::attestations::WebsiteOutcome;

pub fn run(cmd: AttestCmd, db: Option<&Path>) -> Result<u8, Fail> {
    let mut store = open_store(db)?;
    match cmd {
        AttestCmd::Check { entry, method, on, note } => {
            let now = now();
            let on = on.unwrap_or_else(|| now[..10].to_owned());
            let id = store.attest(&entry, &method, &on, note.as_deref(), &now)?;
            println!(
                "Recorded: you checked who holds the key of entry {} ({method}, {on}). The next release carries \
                 it, signed by you, and shows the signatory as checked by the coalition.",
                &id[..16]
            );
        }
        AttestCmd::Websites { statement, entry } => {
            let setup =
                FetchSetup::from_env(&|m| eprintln!("warning: {m}")).map_err(|m| Fail::from(anyhow::anyhow!(m)))?;
            let fetcher = Fetcher::new(setup);
            let bar = progress_bar(0, COUNT_BAR);
            bar.set_message("checking websites");
            let checks = store.check_websites(&statement, entry.as_deref(), &fetcher, &now(), &|done, total| {
                bar.set_length(total);
                bar.set_position(done);
            })?;
            bar.finish_and_clear();
            let mut failed = 0;
            for c in &checks {
                let short = &c.entry[..16];
                let host = c.host.as_deref().unwrap_or_default();
                match &c.outcome {
                    WebsiteOutcome::NoWebsite => {
                        println!("{short}  {}: no website to check (none given, or not in ASCII form)", c.name)
                    }
                    WebsiteOutcome::Recorded { status, finding } => {
                        println!("{short}  {}: {host} — {} (HTTP {status}); recorded", c.name, finding_words(*finding))
                    }
                    WebsiteOutcome::Failed { failure } => {
                        failed += 1;
                        println!("{short}  {}: {host} — NOT CHECKED: {failure}", c.name)
                    }
                }
            }
            if failed > 0 {
                eprintln!("{failed} websites could not be checked: nothing was recorded for them; try again later");
                return Ok(1);
            }
        }
        AttestCmd::List { statement } => {
            let rows = store.attestations(&statement, None)?;
            if rows.is_empty() {
                println!("No attestation recorded: every signatory is self-declared.");
            }
            for a in rows {
                let what = match (&a.host, a.status, a.listed) {
                    (Some(host), Some(status), Some(true)) => format!("website {host}: HTTP {status}, lists the key"),
                    (Some(host), Some(status), _) => format!("website {host}: HTTP {status}, does NOT list the key"),
                    _ => a.method.clone(),
                };
                let note = a.note.map(|n| format!(" — {n}")).unwrap_or_default();
                println!("{}  {what}, checked on {}{note}", &a.entry[..16], a.checked_on);
            }
        }
    }
    Ok(0)
}

/// What a snapshot showed, for the lead.
fn finding_words(f: Finding) -> &'static str {
    match f {
        Finding::Listed => "lists this signatory's key: website tier",
        Finding::KeyNotListed => "the file does NOT list this signatory's key",
        Finding::OtherStatements => "the file lists the key for other statements only",
        Finding::NotAWellKnownFile => "no valid well-known file there",
        Finding::HttpStatus => "the site did not serve the file",
        Finding::OtherHost => "another host than the signatory's website",
    }
}
