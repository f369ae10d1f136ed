//! `undersigned key new|show`: create or inspect key files.

use crate::cli::KeyCmd;
use crate::common::{passphrase, with_path, Fail};
use rand_core::OsRng;
use undersigned_store::keys;

pub fn run(cmd: KeyCmd) -> Result<u8, Fail> {
    match cmd {
        KeyCmd::New { out, name } => {
            let p = passphrase("New passphrase: ", true)?;
            let kf = keys::create(&out, &p, name, &mut OsRng)?;
            println!("public key:  {}", kf.public_key);
            println!("fingerprint: {}", kf.public_key().fingerprint());
            eprintln!(
                "Key written to {}. Keep a backup copy: without it (and its passphrase) you cannot sign or withdraw.",
                out.display()
            );
        }
        KeyCmd::Show { file } => {
            let kf = keys::read(&file).map_err(|e| with_path(e, &file))?;
            if let Some(n) = &kf.name {
                println!("name:        {n}");
            }
            println!("public key:  {}", kf.public_key);
            println!("fingerprint: {}", kf.public_key().fingerprint());
        }
    }
    Ok(0)
}
