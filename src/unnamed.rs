//! `undersigned reveal` and `undersigned vouch`: signers not named (FORMAT.md §14.9), the
//! member's side. `sign --unnamed` is in `sign`, the lead's vetting packets in `vetting`.

use crate::cli::{RevealArgs, VouchArgs};
use crate::common::{now, unlock, with_path, Fail};
use std::path::Path;
use undersigned_store::workflows::unnamed::{self, HiddenRecord};
use undersigned_store::{files, Store};

/// The member's record of the hidden endorsement in the file at `path`, opened with the
/// passphrase of `key`: the key, the record and the store that keeps it.
pub fn record_for(
    path: &Path,
    key: &Path,
    db: Option<&Path>,
) -> Result<(undersigned_core::SecretKey, HiddenRecord, Store), Fail> {
    let bytes = files::read_capped(path, undersigned_core::hidden::MAX_BYTES, "hidden endorsement")?;
    let h = undersigned_core::hidden::parse_hidden(&bytes).map_err(|e| with_path(e.into(), path))?;
    let entry = hex::encode(h.entry_id());
    let sk = unlock(key)?;
    let store = Store::open_default(db)?;
    let record = store.my_hidden(&sk)?.into_iter().find(|r| r.entry() == entry).ok_or_else(|| Fail {
        code: 1,
        err: anyhow::anyhow!(
            "this store has no record of signing {} without your name with this key: \
             only the store you signed it with can reveal or withdraw it",
            path.display()
        ),
    })?;
    Ok((sk, record, store))
}

pub fn reveal(args: RevealArgs, db: Option<&Path>) -> Result<u8, Fail> {
    let RevealArgs { hidden, key, out } = args;
    let (sk, record, mut store) = record_for(&hidden, &key, db)?;
    let r = store.reveal_mine(&record.entry(), &sk)?;
    files::write_atomic(&out, &undersigned_core::canonical::pretty(&r), false)?;
    println!(
        "Reveal written to {}: once the coalition has published it, the list shows \"{}\" from that release on.",
        out.display(),
        record.signer.name
    );
    println!("Send it to the coalition lead. This cannot be undone.");
    Ok(0)
}

pub fn vouch(args: VouchArgs) -> Result<u8, Fail> {
    let VouchArgs { entry, invitation, key, out } = args;
    let inv = undersigned_store::read_invitation(&invitation).map_err(|e| with_path(e, &invitation))?;
    let sk = unlock(&key)?;
    let v = unnamed::vouch(&inv, &entry, &sk, &now())?;
    files::write_atomic(&out, &undersigned_core::canonical::pretty(&v), false)?;
    println!(
        "Vouch written to {}: send it to the coalition lead. It counts once you are a named signatory whose key is on \
         your own website.",
        out.display()
    );
    Ok(0)
}
