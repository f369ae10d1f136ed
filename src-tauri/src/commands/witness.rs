//! The witness: co-signing a lead's checkpoint request with the unlocked key, the logs followed,
//! and the files handed on (the cosignature for the lead, a proof for anyone).

use super::{now, seed, to_read, to_write};
use crate::error::AppResult;
use crate::json::Witnessed;
use crate::state::AppState;
use tauri::State;
use undersigned_store::files;
use undersigned_store::workflows::witness::{self, WitnessedLog};

/// Handles the add-checkpoint request, or the release's bundle, in the file at `path` as the
/// witness named `key_name` (which a bundle that lists the witness's key may leave empty).
#[tauri::command]
pub async fn witness_add_checkpoint(
    state: State<'_, AppState>,
    path: String,
    key_name: String,
) -> AppResult<Witnessed> {
    state.profile.require_identity()?;
    let key_name = Some(key_name.trim()).filter(|n| !n.is_empty());
    if let Some(name) = key_name {
        witness::check_key_name(name)?;
    }
    let path = to_read(&path)?;
    let mut store = state.store()?;
    let (done, _) = state.with_key(|k| Ok(store.witness_add_file(k, key_name, &path, &now(), &seed())?))?;
    Ok(match done {
        witness::Witnessed::Cosigned { origin, size, .. } => Witnessed::Cosigned { origin, size },
        witness::Witnessed::Refused { id, status, message, proof } => {
            Witnessed::Refused { status, detail: message, proof: proof.map(|_| id) }
        }
    })
}

#[tauri::command]
pub async fn witness_logs(state: State<'_, AppState>) -> AppResult<Vec<WitnessedLog>> {
    Ok(state.store()?.witnessed_logs()?)
}

/// Writes the cosignature file of the last checkpoint co-signed for `origin` to `path`.
#[tauri::command]
pub async fn witness_cosignature_export(state: State<'_, AppState>, origin: String, path: String) -> AppResult<()> {
    let bytes = state.store()?.witness_cosignature(&origin)?;
    Ok(files::write_atomic(&to_write(&state, &path)?, &bytes, false)?)
}

/// Writes the equivocation proof kept as `id` to `path`.
#[tauri::command]
pub async fn witness_proof_export(state: State<'_, AppState>, id: i64, path: String) -> AppResult<()> {
    let bytes = state.store()?.witness_proof(id)?;
    Ok(files::write_atomic(&to_write(&state, &path)?, &bytes, false)?)
}
