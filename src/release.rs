//! `undersigned release`: the lead publishes the next release of the signatory list.

use crate::cli::ReleaseArgs;
use crate::common::{
    key_and_passphrase, now, open_store, progress_bar, seed, set_bar_style, wrong_passphrase, Fail, COUNT_BAR,
};
use std::path::Path;

pub fn run(args: ReleaseArgs, db: Option<&Path>) -> Result<u8, Fail> {
    let ReleaseArgs { id, key, out } = args;
    let mut store = open_store(db)?;
    let id = store.resolve_statement(&id)?;
    // The passphrase is asked here; the key derivation runs while the entries are read.
    let (kf, pass) = key_and_passphrase(&key)?;
    let unlock = move || Ok(kf.unlock(&pass)?);
    // No bar while the entries are read and the release assembled; then the entries
    // verified and written, of all of them.
    let bar = progress_bar(0, "{msg}…");
    bar.set_message("reading the entries");
    let progress = |done, total| {
        if bar.length() != Some(total) {
            bar.set_length(total);
            bar.set_message("verifying and writing");
            set_bar_style(&bar, COUNT_BAR);
        }
        bar.set_position(done);
    };
    let released = store.release_with(&id, unlock, &now(), &seed(), Some(&out), &progress);
    bar.finish_and_clear();
    let (_, s) = released.map_err(|e| wrong_passphrase(e, &key))?;
    println!(
        "Release {} published: {} signatories, {} withdrawn, {} new entries. Bundle written to {}.",
        s.number,
        s.signatories,
        s.withdrawn,
        s.added,
        out.display()
    );
    if s.witnesses > 0 {
        println!(
            "It needs the cosignatures of {} of its {} witnesses: write each a request with \
             `undersigned request-cosignature {id} --out FILE`, then add their answers with \
             `undersigned add-cosignatures {id} FILE…`.",
            s.quorum, s.witnesses
        );
    }
    Ok(0)
}
