//! `undersigned request-cosignature` and `add-cosignatures`: the lead's side of witnessed
//! releases (FORMAT.md §14.8, §14.13).

use crate::cli::{AddCosignaturesArgs, RequestCosignatureArgs};
use crate::common::{now, open_store, Fail};
use std::path::Path;
use undersigned_store::files;

pub fn request(args: RequestCosignatureArgs, db: Option<&Path>) -> Result<u8, Fail> {
    let RequestCosignatureArgs { id, old, release, out } = args;
    let store = open_store(db)?;
    let body = store.cosignature_request(&id, release, old)?;
    files::write_atomic(&out, body.as_bytes(), false)?;
    println!(
        "Request written to {}. The witness co-signs it with `undersigned witness add-checkpoint` and sends back \
         its cosignature file; add it with `undersigned add-cosignatures`.",
        out.display()
    );
    Ok(0)
}

pub fn add(args: AddCosignaturesArgs, db: Option<&Path>) -> Result<u8, Fail> {
    let AddCosignaturesArgs { id, files: paths, release } = args;
    let mut store = open_store(db)?;
    let mut last = None;
    for path in &paths {
        let bytes = files::read_capped(path, undersigned_core::witness::MAX_COSIGNATURE_FILE, "cosignature file")?;
        let r = store.add_cosignatures(&id, release, &bytes, &now())?;
        let added = if r.added.is_empty() { "nothing new".to_owned() } else { r.added.join(", ") };
        println!("{}: {added}", path.display());
        if !r.invalid.is_empty() {
            println!("  not added, they do not verify: {}", r.invalid.join(", "));
        }
        if r.ignored > 0 {
            println!("  {} signatures by keys the statement does not list: ignored", r.ignored);
        }
        last = Some(r);
    }
    if let Some(r) = last {
        println!(
            "Release {} is co-signed by {} of the {} witnesses it needs{}{}.",
            r.number,
            r.cosigned.len(),
            r.quorum,
            if r.cosigned.is_empty() { "" } else { ": " },
            r.cosigned.join(", ")
        );
        println!("Write it again with `undersigned export` to publish it with its cosignatures.");
    }
    Ok(0)
}
