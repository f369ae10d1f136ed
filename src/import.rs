//! `undersigned import`: the lead imports endorsement and withdrawal files, or folders of them,
//! and witnesses' cosignature files (added to the release they co-sign).

use crate::cli::ImportArgs;
use crate::common::{now, open_store, progress_bar, Fail, COUNT_BAR};
use std::path::Path;
use undersigned_store::Outcome;

/// Exit code 1 when a file was rejected.
pub fn run(args: ImportArgs, db: Option<&Path>) -> Result<u8, Fail> {
    let mut store = open_store(db)?;
    // Each line is printed once its file is committed to the store.
    let bar = progress_bar(0, COUNT_BAR);
    bar.set_message("importing");
    let results = store.import_paths(&args.paths, &now(), &mut |done, n, total| {
        bar.set_length(total as u64);
        bar.set_position(n as u64);
        // One write per group (stdout is line-buffered).
        let lines: String = done.iter().map(|r| format!("{r}\n")).collect();
        bar.suspend(|| print!("{lines}"));
    });
    bar.finish_and_clear();
    let results = results?;
    let rejected = results.iter().filter(|r| matches!(r.outcome, Outcome::Rejected { .. })).count();
    let count = |f: fn(&Outcome) -> bool| results.iter().filter(|r| f(&r.outcome)).count();
    let cosignatures = count(|o| matches!(o, Outcome::Cosigned { .. }));
    eprintln!(
        "{} files: {} accepted, {} held for review, {} rejected, {} already present{}",
        results.len(),
        count(|o| matches!(o, Outcome::Accepted { .. })),
        count(|o| matches!(o, Outcome::HeldForReview { .. })),
        rejected,
        count(|o| matches!(o, Outcome::AlreadyPresent { .. })),
        if cosignatures > 0 { format!(", {cosignatures} witnesses' cosignature files") } else { String::new() },
    );
    Ok(if rejected > 0 { 1 } else { 0 })
}
