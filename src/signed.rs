//! `undersigned signed`: what this store's user signed.

use crate::common::{open_store, Fail};
use std::path::Path;

pub fn run(db: Option<&Path>) -> Result<u8, Fail> {
    let store = open_store(db)?;
    let rows = store.my_signatures()?;
    if rows.is_empty() {
        println!("You have not signed anything with this store.");
    }
    for s in rows {
        println!(
            "{}  {}  \"{}\" v{} as {}{}",
            &s.entry[..16],
            s.signed_at,
            s.title,
            s.version,
            s.name,
            if s.withdrawn { "  (withdrawn)" } else { "" }
        );
    }
    Ok(0)
}
