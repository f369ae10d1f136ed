//! `undersigned demo`: a demo coalition (a statement, N signatories, their import, the
//! coalition's checks of who is behind the first keys, release 1).

use crate::cli::DemoArgs;
use crate::common::{open_store, progress_bar, Fail, COUNT_BAR};
use std::path::Path;
use undersigned_store::demo::{self, DemoOptions};
use undersigned_store::publish::{tiers_counts, words::Lang};

pub fn run(args: DemoArgs, db: Option<&Path>) -> Result<u8, Fail> {
    let DemoArgs { signatories, out, files, pending, seed, format } = args;
    demo::check_size(signatories).map_err(anyhow::Error::from)?; // before the store is opened; exit 2
    let mut store = open_store(db)?;
    let pass = std::env::var("UNDERSIGNED_PASSPHRASE").unwrap_or_else(|_| "demo".into());
    let opts =
        DemoOptions { dir: &out, signatories, files, pending, seed, passphrase: &pass, evidence: format == "1.1" };
    let bar = progress_bar(signatories as u64, COUNT_BAR);
    let r = demo::run(&mut store, &opts, &mut |stage, done, total| {
        bar.set_message(stage.to_owned());
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    });
    bar.finish_and_clear();
    let r = r?;
    println!(
        "Lead key: {} (passphrase: {})",
        r.lead_key.display(),
        if std::env::var("UNDERSIGNED_PASSPHRASE").is_ok() { "$UNDERSIGNED_PASSPHRASE" } else { "demo" }
    );
    println!("Invitation: {}", r.invitation.display());
    if let Some(b) = &r.bundle {
        println!("Release 1 with {} signatories: {}", r.imported, b.display());
        if !r.by_tier.is_empty() {
            let (label, value) = tiers_counts(Lang::En, &r.by_tier);
            println!("{label}: {value} (the websites are fictitious: .example.org)");
        }
    } else {
        println!("{signatories} endorsements made and left for import.");
    }
    println!("{}", r.statement_id);
    Ok(0)
}
