//! `undersigned export`: write the bundle of a published release again.

use crate::cli::ExportArgs;
use crate::common::{open_store, Fail};
use std::path::Path;
use undersigned_store::files;

pub fn run(args: ExportArgs, db: Option<&Path>) -> Result<u8, Fail> {
    let ExportArgs { id, out, release } = args;
    let store = open_store(db)?;
    let bundle = store.release_bundle(&id, release)?;
    files::write_atomic_with(&out, false, |w| bundle.write_json(w))?;
    let number = match &bundle {
        undersigned_core::AnyBundle::V1(b) => b.release.signed.number,
        undersigned_core::AnyBundle::V11(b) => b.release.signed.number,
    };
    println!("Release {number} written to {}.", out.display());
    Ok(0)
}
