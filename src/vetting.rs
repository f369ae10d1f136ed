//! `undersigned vetting open|show|list`: the lead reads who is behind a hidden endorsement from
//! its vetting packet (FORMAT.md §14.9); what `open` and `show` print is for the lead's eyes
//! only. `list` says where each signer not named stands, without who it is.

use crate::cli::VettingCmd;
use crate::common::{now, open_store, unlock, Fail};
use std::path::Path;
use undersigned_store::workflows::unnamed::{UnnamedItem, VettingRead};
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
        VettingCmd::List { statement } => {
            let items = store.unnamed_list(&statement)?;
            if items.is_empty() {
                println!("This statement has no signers not named.");
            }
            for it in &items {
                println!("{}", line(it));
            }
        }
    }
    Ok(0)
}

/// One signer not named: "<entry id>  asia  checked: call 2026-12-05; vouched for by 2 named
/// signatories (1 with their key on their own website)".
fn line(it: &UnnamedItem) -> String {
    let region = it.region.as_deref().unwrap_or("not-stated");
    let checks: Vec<String> = it.checks.iter().map(|c| format!("{} {}", c.method, c.checked_on)).collect();
    let state = match it.state.as_str() {
        "waiting" if it.vetting_packet => "waiting for your check (its vetting packet is kept)".to_owned(),
        "waiting" => "waiting for your check (no vetting packet yet)".to_owned(),
        "checked" => format!("checked: {}", checks.join(", ")),
        "revealed" => format!("revealed as \"{}\"", it.revealed_as.as_deref().unwrap_or_default()),
        other => other.to_owned(),
    };
    let vouches = match it.vouchers {
        0 => String::new(),
        n => format!(
            "; vouched for by {n} named signator{} ({} with their key on their own website)",
            if n == 1 { "y" } else { "ies" },
            it.vouchers_counted
        ),
    };
    format!("{}  {region}  {state}{vouches}", it.entry)
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
