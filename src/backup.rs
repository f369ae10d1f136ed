//! `undersigned backup`: copy the store, while it is in use, to a new file.

use crate::cli::BackupArgs;
use crate::common::{open_store, Fail};
use std::path::Path;

pub fn run(args: BackupArgs, db: Option<&Path>) -> Result<u8, Fail> {
    let store = open_store(db)?;
    store.backup(&args.out)?;
    println!("Backup of {} written to {}.", store.path().display(), args.out.display());
    Ok(0)
}
