//! `undersigned review list|accept|reject`: the queue of entries held for a person's look.

use crate::cli::ReviewCmd;
use crate::common::{now, open_store, Fail};
use std::path::Path;

pub fn run(cmd: ReviewCmd, db: Option<&Path>) -> Result<u8, Fail> {
    let mut store = open_store(db)?;
    match cmd {
        ReviewCmd::List => {
            let items = store.review_list(None)?;
            if items.is_empty() {
                println!("Nothing is waiting for review.");
            }
            for it in items {
                println!(
                    "{}  {} ({}, {})  key {}",
                    &it.entry[..16],
                    it.name,
                    it.signer_kind,
                    it.country,
                    it.fingerprint
                );
                for r in &it.reasons {
                    println!("    - {r}");
                }
            }
        }
        ReviewCmd::Accept { entry } => {
            let id = store.review_accept(&entry, &now())?;
            println!("Accepted {id}.");
        }
        ReviewCmd::Reject { entry, reason } => {
            let id = store.review_reject(&entry, &reason, &now())?;
            println!("Rejected {id}.");
        }
    }
    Ok(0)
}
