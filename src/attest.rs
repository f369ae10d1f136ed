//! `undersigned attest check|list`: the lead's record of who holds a signatory's key (format 1.1,
//! FORMAT.md §14.7), carried, signed, by the next release.

use crate::cli::AttestCmd;
use crate::common::{now, open_store, Fail};
use std::path::Path;

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
