//! The app's commands: each takes the state, calls the store, and maps the error. Paths come
//! from the open/save dialogs and pass `undersigned_store::chosen_path` before any file is
//! read or written here; the window never touches files.

pub mod identity;
pub mod lead;
pub mod member;
pub mod releases;
pub mod storage;
pub mod verify;
pub mod witness;

use crate::error::AppResult;
use crate::json::Progress;
use crate::state::AppState;
use rand_core::{OsRng, RngCore};
use std::path::PathBuf;
use tauri::ipc::Channel;
use undersigned_store::chosen_path;

fn now() -> String {
    undersigned_core::fields::format_timestamp(chrono::Utc::now())
}

fn seed() -> [u8; 32] {
    let mut s = [0u8; 32];
    OsRng.fill_bytes(&mut s);
    s
}

/// A file or folder the user chose to read.
fn to_read(path: &str) -> AppResult<PathBuf> {
    Ok(chosen_path::to_read(path)?)
}

/// A file or folder the user chose to write: never inside the app's own folder.
fn to_write(state: &AppState, path: &str) -> AppResult<PathBuf> {
    Ok(chosen_path::to_write(path, state.profile.folder())?)
}

/// Sends progress to the window; a window that went away is no reason to stop the work.
fn report(channel: &Channel<Progress>, stage: &str, done: u64, total: u64, unit: &str) {
    let _ = channel.send(Progress { stage: stage.into(), done, total, unit: unit.into() });
}
