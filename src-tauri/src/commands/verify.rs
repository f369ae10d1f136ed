//! Anyone: verifying a bundle, with the one pipeline the CLI and the publication use. The
//! entries' lines stay here, read by the window a page at a time.

use super::{report, seed, to_read};
use crate::error::{AppError, AppResult};
use crate::json::{Progress, Verified};
use crate::state::AppState;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tauri::ipc::Channel;
use tauri::State;
use undersigned_core::bundle::{EntryReport, VerificationReport};
use undersigned_core::checkpoint::{OwnWitnesses, Witness};
use undersigned_core::{Code, ParseError};
use undersigned_store::verify::{list_files, Stage};

/// Verifies the bundle at `path` (and that it keeps every entry of `previous`). A file that
/// cannot be read as a bundle gives a report with that failure, not an error. The entries are
/// read with [`verify_lines`] under the `run` returned.
#[tauri::command]
pub async fn verify_bundle(
    state: State<'_, AppState>,
    path: String,
    previous: Option<String>,
    own_witnesses: Option<Vec<String>>,
    own_quorum: Option<u64>,
    on_progress: Channel<Progress>,
) -> AppResult<Verified> {
    // The verifier's own witnesses (FORMAT.md §14.8), each as KEY_NAME,PUBLIC_KEY or a verifier key.
    let own = own_witnesses_of(own_witnesses.unwrap_or_default(), own_quorum)?;
    let run = state.start_listing()?;
    let paths = to_read(&path).and_then(|p| Ok((p, previous.as_deref().map(to_read).transpose()?)));
    let (path, previous) = match paths {
        Ok(p) => p,
        Err(e) => {
            let report = VerificationReport::unreadable(&ParseError::new(Code::Malformed, e.message));
            return Ok(Verified { run, error_count: 1, codes: vec![Code::Malformed], report, entries: 0, problems: 0 });
        }
    };
    // Progress no more often than once per percent of each stage (the verifier reports about
    // every MiB read, then for format 1.1 every run of entries checked).
    let last = AtomicU64::new(u64::MAX);
    let progress = |file: &Path, stage: Stage, done: u64, total: u64| {
        let step = stage as u64 * 1000 + done.saturating_mul(100) / total.max(1);
        if last.swap(step, Ordering::Relaxed) != step {
            // The file is named while it is read; its entries' stages follow it.
            let what = match stage {
                Stage::Reading => {
                    format!("verifying {}", file.file_name().map(|f| f.to_string_lossy()).unwrap_or_default())
                }
                Stage::Checking => "checking".into(),
            };
            report(&on_progress, &what, done, total, stage.unit());
        }
    };
    let listed = Arc::new(list_files(&path, previous.as_deref(), &seed(), own.as_ref(), &progress));
    state.keep_listing(run, listed.clone())?;
    Ok(Verified::of(run, &listed))
}

/// The verifier's own witnesses and how many it wants (all, by default); none when none given.
fn own_witnesses_of(given: Vec<String>, quorum: Option<u64>) -> AppResult<Option<OwnWitnesses>> {
    if given.is_empty() {
        return Ok(None);
    }
    let witnesses = given
        .iter()
        .map(|s| Witness::parse(s).map_err(|m| AppError::from(undersigned_store::Error::Invalid(m))))
        .collect::<AppResult<Vec<_>>>()?;
    let n = witnesses.len() as u64;
    Ok(Some(OwnWitnesses { witnesses, quorum: quorum.unwrap_or(n).clamp(1, n) }))
}

/// Lines `offset..offset + limit` (at most 1,000) of verification `run`'s entries, or of those
/// with a failure (`only_problems`), each as the verifier's line for it.
#[tauri::command]
pub async fn verify_lines(
    state: State<'_, AppState>,
    run: u64,
    offset: u64,
    limit: u32,
    only_problems: bool,
) -> AppResult<Vec<EntryReport>> {
    Ok(state.listing(run)?.page(offset, u64::from(limit.min(1000)), only_problems))
}

/// Fetches again each website that verification `run`'s bundle reported (FORMAT.md §14.14):
/// still there, changed or gone, as this computer finds it now; never part of the verdict.
#[tauri::command]
pub async fn verify_online(
    state: State<'_, AppState>,
    run: u64,
) -> AppResult<Vec<undersigned_store::verify::online::OnlineCheck>> {
    let listing = state.listing(run)?;
    let entries = listing.page(0, listing.len(false), false);
    let setup = undersigned_store::fetch::FetchSetup::from_env(&|m| eprintln!("warning: {m}"))
        .map_err(undersigned_store::Error::Invalid)?;
    let fetcher = undersigned_store::fetch::Fetcher::new(setup);
    Ok(undersigned_store::verify::online::recheck(&entries, &fetcher, &super::now()))
}
