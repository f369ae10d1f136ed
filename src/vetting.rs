//! `undersigned vetting open|show`: the lead reads who is behind a hidden endorsement from its
//! vetting packet (FORMAT.md §14.9). What it prints is for the lead's eyes only.

use crate::cli::VettingCmd;
use crate::common::{now, open_store, unlock, Fail};
use std::path::Path;
use undersigned_store::workflows::unnamed::VettingRead;
use undersigned_store::{files, Outcome};

pub fn run(cmd: VettingCmd, db: Option<&Path>) -> Result<u8, Fail> {
    let mut store = open_store(db)?;
    match cmd {
        VettingCmd::Open { packet, key } => {
            let bytes = files::read_capped(&packet, undersigned_core::vetting::MAX_BYTES * 2, "vetting packet")?;
            let sk = unlock(&key)?;
            let read = store.vetting_open(&bytes, &sk, &now())?;
            show(&read);
            match &read.outcome {
                Outcome::AlreadyPresent { .. } => println!("Its hidden endorsement was imported before."),
                _ => println!(
                    "Its hidden endorsement is imported, held until you record how you checked who is behind it."
                ),
            }
            println!(
                "Next: undersigned attest check {} --method in-person|call|email-thread [--on DATE] (no note: nothing is \
                 written about a signer not named).",
                &read.entry[..16]
            );
        }
        VettingCmd::Show { entry, key } => {
            let sk = unlock(&key)?;
            let reads = store.vetting_show(&entry, &sk)?;
            if reads.is_empty() {
                println!("No vetting packet is kept for this entry.");
            }
            for r in &reads {
                show(r);
            }
        }
    }
    Ok(0)
}

fn show(r: &VettingRead) {
    println!("Hidden entry {} of statement {}:", r.entry, r.statement_id);
    println!("  name:     {}", r.name);
    println!("  kind:     {}", r.signer_kind);
    println!("  country:  {}", r.country);
    for (label, v) in [("website", &r.website), ("title", &r.title), ("affiliation", &r.affiliation)] {
        if let Some(v) = v {
            println!("  {label:<9} {v}");
        }
    }
    if let Some(c) = &r.contact {
        println!("  contact:  {c}");
    }
    println!("  region:   {} (what the list shows)", r.region.as_deref().unwrap_or("not stated"));
}
