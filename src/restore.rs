//! `undersigned restore`: replace the store's content with a backup.

use crate::cli::RestoreArgs;
use crate::common::{open_store, Fail};
use std::path::Path;
use undersigned_store::Error;

pub fn run(args: RestoreArgs, db: Option<&Path>) -> Result<u8, Fail> {
    let file = args.file;
    if !file.is_file() {
        return Err(anyhow::anyhow!("{} is not a file", file.display()).into());
    }
    let mut store = open_store(db)?;
    store.restore(&file).map_err(|e| match e {
        Error::Invalid(m) => Fail { code: 2, err: anyhow::anyhow!(m) },
        other => other.into(),
    })?;
    println!("{} restored from {}.", store.path().display(), file.display());
    Ok(0)
}
