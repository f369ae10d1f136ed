//! The store as a whole: backup and restore, the demo coalition, and the inbox folder.

use super::{now, report, to_read, to_write};
use crate::error::AppResult;
use crate::json::{DemoCreated, Progress};
use crate::state::AppState;
use rand_core::{OsRng, RngCore};
use tauri::ipc::Channel;
use tauri::State;
use undersigned_store::demo::{self, DemoOptions};
use undersigned_store::ImportResult;

/// Writes a checked copy of the whole store (statements, entries, releases, received files) to
/// `path`, which must not exist. The key file is not in it: back it up from Identity.
#[tauri::command]
pub async fn store_backup(state: State<'_, AppState>, path: String) -> AppResult<()> {
    let out = to_write(&state, &path)?;
    Ok(state.store()?.backup(&out)?)
}

/// Replaces the store's content with the backup at `path`, after checking it (integrity and
/// schema); a damaged or foreign file changes nothing.
#[tauri::command]
pub async fn store_restore(state: State<'_, AppState>, path: String) -> AppResult<()> {
    let from = to_read(&path)?;
    Ok(state.store()?.restore(&from)?)
}

pub const DEMO_PASSPHRASE: &str = "demo";

/// Makes the CLI's demo coalition (650 signatories) in a new folder beside the store.
#[tauri::command]
pub async fn demo_create(state: State<'_, AppState>, on_progress: Channel<Progress>) -> AppResult<DemoCreated> {
    let folder = state.profile.new_demo_folder();
    let opts = DemoOptions {
        dir: &folder,
        signatories: 650,
        files: false,
        pending: false,
        seed: OsRng.next_u64(),
        passphrase: DEMO_PASSPHRASE,
        evidence: true,
    };
    let r = demo::run(&mut *state.store()?, &opts, &mut |stage, done, total| {
        report(&on_progress, stage, done as u64, total as u64, "signatories")
    })?;
    Ok(DemoCreated {
        statement_id: r.statement_id,
        folder: folder.display().to_string(),
        signatories: r.imported as u64,
        lead_key: r.lead_key.display().to_string(),
        passphrase: DEMO_PASSPHRASE.into(),
        by_tier: r.by_tier,
    })
}

#[tauri::command]
pub async fn inbox_get(state: State<'_, AppState>) -> AppResult<Option<String>> {
    Ok(state.profile.settings().inbox)
}

/// Watches the folder at `path` for incoming files (`None` stops watching).
#[tauri::command]
pub async fn inbox_set(state: State<'_, AppState>, path: Option<String>) -> AppResult<()> {
    let folder = path.as_deref().map(to_read).transpose()?;
    state.profile.set_inbox(folder.as_deref())?;
    state.inbox()?.forget();
    Ok(())
}

/// Imports the files that appeared or changed in the inbox folder since the last scan.
#[tauri::command]
pub async fn inbox_scan(state: State<'_, AppState>) -> AppResult<Vec<ImportResult>> {
    let Some(folder) = state.profile.settings().inbox else { return Ok(Vec::new()) };
    let fresh = state.inbox()?.fresh(folder.as_ref());
    if fresh.is_empty() {
        return Ok(Vec::new());
    }
    Ok(state.store_quiet()?.import_paths(&fresh, &now(), &mut |_, _, _| {})?)
}
