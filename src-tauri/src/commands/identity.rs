//! The app and the identity: what the window needs at start, the key and the signer's details.

use super::{to_read, to_write};
use crate::error::AppResult;
use crate::json::{AppInfo, Country, LaunchFile};
use crate::state::AppState;
use rand_core::OsRng;
use tauri::State;
use undersigned_core::endorsement::SignerDetails;
use undersigned_store::profile::Identity;

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> AppResult<AppInfo> {
    let store_path = state.store_quiet()?.path().display().to_string();
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").into(),
        store_path,
        folder: state.profile.folder().display().to_string(),
        identity: state.profile.identity()?,
        unlocked: state.unlocked(),
        lock_minutes: state.lock_after.as_secs() / 60,
        e2e: state.e2e,
        formats_read: vec![undersigned_core::FORMAT.into()],
        format_written: undersigned_core::FORMAT.into(),
    })
}

/// The files the app was asked to open that the window has not taken yet, oldest first (those
/// on its command line, then those handed over by later launches); taking them empties the list.
#[tauri::command]
pub async fn take_launch_files(state: State<'_, AppState>) -> AppResult<Vec<LaunchFile>> {
    state.take_launch_files()
}

#[tauri::command]
pub async fn countries() -> Vec<Country> {
    undersigned_core::country::all().iter().map(|(c, n)| Country { code: (*c).into(), name: (*n).into() }).collect()
}

/// Creates the identity: a new key under `passphrase`, and the signer's details. Unlocks it.
#[tauri::command]
pub async fn identity_create(
    state: State<'_, AppState>,
    details: SignerDetails,
    passphrase: String,
) -> AppResult<Identity> {
    let passphrase = zeroize::Zeroizing::new(passphrase);
    let identity = state.profile.create_identity(&details, &passphrase, &mut OsRng)?;
    state.unlock(&passphrase)?;
    Ok(identity)
}

#[tauri::command]
pub async fn identity_update(state: State<'_, AppState>, details: SignerDetails) -> AppResult<Identity> {
    state.profile.require_identity()?;
    state.profile.save_details(&details)?;
    Ok(state.profile.require_identity()?)
}

/// Copies the (encrypted) key file to `path`.
#[tauri::command]
pub async fn identity_backup(state: State<'_, AppState>, path: String) -> AppResult<()> {
    Ok(state.profile.backup_identity(&to_write(&state, &path)?)?)
}

/// Writes the identity's well-known file (FORMAT.md §14.7) to `path`; returns the address the
/// member's website must serve it at, when its details give a website.
#[tauri::command]
pub async fn well_known_export(state: State<'_, AppState>, path: String) -> AppResult<Option<String>> {
    Ok(state.profile.write_well_known(&to_write(&state, &path)?)?)
}

/// Whether this identity's website serves its well-known file, listing its key.
#[tauri::command]
pub async fn well_known_check(state: State<'_, AppState>) -> AppResult<undersigned_store::well_known::LiveCheck> {
    let setup = undersigned_store::fetch::FetchSetup::from_env(&|m| eprintln!("warning: {m}"))
        .map_err(undersigned_store::Error::Invalid)?;
    let fetcher = undersigned_store::fetch::Fetcher::new(setup);
    Ok(state.profile.check_well_known(&fetcher, &super::now())?)
}

/// Makes the key file at `path` this store's identity (there must be none yet).
#[tauri::command]
pub async fn identity_restore(state: State<'_, AppState>, path: String) -> AppResult<Identity> {
    Ok(state.profile.restore_identity(&to_read(&path)?)?)
}

#[tauri::command]
pub async fn unlock(state: State<'_, AppState>, passphrase: String) -> AppResult<()> {
    let passphrase = zeroize::Zeroizing::new(passphrase);
    state.unlock(&passphrase)
}

#[tauri::command]
pub async fn lock(state: State<'_, AppState>) -> AppResult<()> {
    state.lock();
    Ok(())
}
