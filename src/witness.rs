//! `undersigned witness add-checkpoint|list|proof`: a partner organization co-signs a lead's checkpoint
//! only if it extends the last one it co-signed for that statement (FORMAT.md §14.8, §14.13).

use crate::cli::{AddCheckpointArgs, WitnessCmd};
use crate::common::{now, open_store, seed, unlock, Fail};
use std::path::Path;
use undersigned_store::files;
use undersigned_store::workflows::witness::{self, Witnessed};

/// Exit code 0 co-signed, 1 refused, 2 unreadable or a usage error.
pub fn run(cmd: WitnessCmd, db: Option<&Path>) -> Result<u8, Fail> {
    match cmd {
        WitnessCmd::AddCheckpoint(args) => add_checkpoint(args, db),
        WitnessCmd::List => {
            let store = open_store(db)?;
            let logs = store.witnessed_logs()?;
            if logs.is_empty() {
                println!("You have not co-signed any checkpoint yet.");
            }
            for l in logs {
                println!("{}  size {}  co-signed {} as {}", l.origin, l.size, l.cosigned_at, l.key_name);
                if l.refused > 0 {
                    println!(
                        "    {} refused, {} of them proving that the lead signed two lists",
                        l.refused,
                        l.proofs.len()
                    );
                }
                for p in &l.proofs {
                    println!(
                        "    proof {} (received {}): undersigned witness proof {} --out FILE",
                        p.id, p.received_at, p.id
                    );
                }
            }
            Ok(0)
        }
        WitnessCmd::Proof { id, out } => {
            let store = open_store(db)?;
            files::write_atomic(&out, &store.witness_proof(id)?, false)?;
            println!("Proof {id} written to {}; anyone can check it with `undersigned check`.", out.display());
            Ok(0)
        }
    }
}

fn add_checkpoint(args: AddCheckpointArgs, db: Option<&Path>) -> Result<u8, Fail> {
    let AddCheckpointArgs { request, key, name, out, proof_out } = args;
    if let Some(name) = &name {
        witness::check_key_name(name).map_err(|e| Fail { code: 2, err: e.into() })?;
    }
    let mut store = open_store(db)?;
    let secret = unlock(&key)?;
    let (witnessed, name) = store.witness_add_file(&secret, name.as_deref(), &request, &now(), &seed())?;
    match witnessed {
        Witnessed::Cosigned { origin, size, file, .. } => {
            files::write_atomic(&out, &file, false)?;
            println!("Co-signed {origin} at size {size} as {name}. Send {} to the lead.", out.display());
            Ok(0)
        }
        Witnessed::Refused { status, message, proof, .. } => {
            eprintln!("Refused ({status}): {message}.");
            if let Some(p) = proof {
                match &proof_out {
                    Some(path) => {
                        files::write_atomic(path, &p, false)?;
                        eprintln!(
                            "The proof that the lead signed two lists is in {}; anyone can check it with `undersigned check`.",
                            path.display()
                        );
                    }
                    None => eprintln!(
                        "The proof that the lead signed two lists is kept in your store: `undersigned witness list` shows it."
                    ),
                }
            }
            Ok(1)
        }
    }
}
