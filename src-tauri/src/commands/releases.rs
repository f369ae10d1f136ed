//! The lead's releases: signing the next one, listing them, exporting a bundle or a publication.

use super::{now, report, seed, to_write};
use crate::error::AppResult;
use crate::json::{Progress, PublicationSaved};
use crate::state::AppState;
use tauri::ipc::Channel;
use tauri::State;
use undersigned_store::views::ReleaseRow;
use undersigned_store::{files, publish, ReleaseSummary};

/// Signs and records the next release, reporting the entries verified as it goes.
#[tauri::command]
pub async fn release_publish(
    state: State<'_, AppState>,
    id: String,
    on_progress: Channel<Progress>,
) -> AppResult<ReleaseSummary> {
    let mut store = state.store()?;
    let progress = |done: u64, total: u64| report(&on_progress, "releasing", done, total, "entries");
    state.with_key(|k| Ok(store.release_with(&id, || Ok(k), &now(), &seed(), None, &progress)?.1))
}

/// Writes the request a witness co-signs release `number` from (FORMAT.md §14.13): `old` the
/// size of the last release that witness co-signed (0 the first time).
#[tauri::command]
pub async fn cosignature_request(
    state: State<'_, AppState>,
    id: String,
    number: u64,
    old: u64,
    path: String,
) -> AppResult<()> {
    let out = to_write(&state, &path)?;
    let body = state.store()?.cosignature_request(&id, Some(number), old)?;
    files::write_atomic(&out, body.as_bytes(), false)?;
    Ok(())
}

#[tauri::command]
pub async fn releases_list(state: State<'_, AppState>, id: String) -> AppResult<Vec<ReleaseRow>> {
    Ok(state.store()?.releases(&id)?)
}

#[tauri::command]
pub async fn bundle_export(state: State<'_, AppState>, id: String, number: Option<u64>, path: String) -> AppResult<()> {
    let out = to_write(&state, &path)?;
    let bundle = state.store()?.release_bundle(&id, number)?;
    files::write_atomic(&out, &bundle.to_json(), false)?;
    Ok(())
}

/// Writes the publication of release `number` (the latest if none) into the folder `dir`:
/// bundle.json, index.html, signatories.csv and verify.html, as `undersigned publish` does,
/// reporting the bytes verified, then the files written.
#[tauri::command]
pub async fn publication_export(
    state: State<'_, AppState>,
    id: String,
    number: Option<u64>,
    dir: String,
    on_progress: Channel<Progress>,
) -> AppResult<PublicationSaved> {
    let out = to_write(&state, &dir)?;
    let progress = |stage: &str, done: u64, total: u64| {
        report(&on_progress, stage, done, total, publish::unit(stage));
    };
    let p = state.store()?.export_publication(&id, number, &out, &seed(), &progress)?;
    Ok(PublicationSaved {
        dir: p.dir.display().to_string(),
        index: p.dir.join("index.html").display().to_string(),
        release: p.release,
        signatories: p.signatories,
        withdrawn: p.withdrawn,
    })
}
