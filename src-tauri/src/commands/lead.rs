//! The lead: statements and their versions, invitations, import, review and the signatories.

use super::{now, report, to_read, to_write};
use crate::error::AppResult;
use crate::json::{InvitationSaved, Opened, Progress};
use crate::state::AppState;
use rand_core::{OsRng, RngCore};
use tauri::ipc::Channel;
use tauri::State;
use undersigned_core::bundle;
use undersigned_core::statement11::Witness;
use undersigned_store::fetch::{FetchSetup, Fetcher};
use undersigned_store::roster::{RosterPage, RosterQuery, RosterSummary};
use undersigned_store::views::{SignatoryRow, VersionView};
use undersigned_store::workflows::attestations::{AttestationRow, WebsiteCheck};
use undersigned_store::workflows::unnamed::{self, VettingRead};
use undersigned_store::{files, ImportResult, ReviewItem, StatementSummary};

#[tauri::command]
pub async fn statements_list(state: State<'_, AppState>) -> AppResult<Vec<StatementSummary>> {
    Ok(state.store()?.list_statements()?)
}

#[tauri::command]
pub async fn statement_create(
    state: State<'_, AppState>,
    title: String,
    body: String,
    language: String,
) -> AppResult<String> {
    let (key, lead_name) = state.profile.lead()?;
    let mut id = [0u8; 16];
    OsRng.fill_bytes(&mut id);
    Ok(state.store()?.create_statement(&key, &lead_name, &title, &body, &language, &now(), id)?)
}

#[tauri::command]
pub async fn statement_versions(state: State<'_, AppState>, id: String) -> AppResult<Vec<VersionView>> {
    Ok(state.store()?.versions(&id)?)
}

#[tauri::command]
pub async fn statement_edit(
    state: State<'_, AppState>,
    id: String,
    title: String,
    body: String,
    language: String,
) -> AppResult<u64> {
    Ok(state.store()?.edit_statement(&id, Some(&body), Some(&title), Some(&language), &now())?)
}

#[tauri::command]
pub async fn statement_open(
    state: State<'_, AppState>,
    id: String,
    closes_on: Option<String>,
    witnesses: Option<Vec<Witness>>,
    quorum: Option<u64>,
    unnamed: Option<bool>,
) -> AppResult<Opened> {
    let mut store = state.store()?;
    let listed = witnesses.unwrap_or_default();
    let unnamed = unnamed.unwrap_or(false);
    let v = state.with_key(|k| {
        Ok(store.open_statement_witnessed(&id, k, closes_on.as_deref(), &now(), &listed, quorum, unnamed)?)
    })?;
    Ok(Opened { version: v.body().version, digest: v.body().digest.into() })
}

#[tauri::command]
pub async fn invitation_export(state: State<'_, AppState>, id: String, path: String) -> AppResult<InvitationSaved> {
    let out = to_write(&state, &path)?;
    let invitation = state.store()?.invitation(&id)?;
    files::write_atomic(&out, &invitation.to_json(), false)?;
    Ok(InvitationSaved {
        path,
        version: invitation.0.body().version,
        lead_fingerprint: bundle::fingerprint_hex(invitation.0.lead_key()),
    })
}

/// The statement text as the published page shows it (the one renderer, in undersigned-store).
#[tauri::command]
pub async fn markdown_html(text: String) -> String {
    undersigned_store::markdown::to_html(&text)
}

/// Imports the files and folders at `paths`, reporting progress after each committed group.
#[tauri::command]
pub async fn import_files(
    state: State<'_, AppState>,
    paths: Vec<String>,
    on_progress: Channel<Progress>,
) -> AppResult<Vec<ImportResult>> {
    let paths = paths.iter().map(|p| to_read(p)).collect::<AppResult<Vec<_>>>()?;
    let mut progress = |_: &[ImportResult], done: usize, total: usize| {
        report(&on_progress, "importing", done as u64, total as u64, "files")
    };
    Ok(state.store()?.import_paths(&paths, &now(), &mut progress)?)
}

#[tauri::command]
pub async fn review_list(state: State<'_, AppState>, id: Option<String>) -> AppResult<Vec<ReviewItem>> {
    Ok(state.store()?.review_list(id.as_deref())?)
}

#[tauri::command]
pub async fn review_accept(state: State<'_, AppState>, entry: String) -> AppResult<String> {
    Ok(state.store()?.review_accept(&entry, &now())?)
}

#[tauri::command]
pub async fn review_reject(state: State<'_, AppState>, entry: String, reason: String) -> AppResult<String> {
    Ok(state.store()?.review_reject(&entry, &reason, &now())?)
}

/// The `limit` (at most 1,000) latest active signatories, newest first: shown at once while
/// the table's first page is made.
#[tauri::command]
pub async fn signatories_latest(state: State<'_, AppState>, id: String, limit: u32) -> AppResult<Vec<SignatoryRow>> {
    Ok(state.store()?.signatories_latest(&id, limit.min(1000))?)
}

/// The counts and charts above the signatories table. The first call for a statement reads its
/// signatories into memory (see `undersigned_store::roster`); later ones answer from there until
/// the store changes.
#[tauri::command]
pub async fn signatories_summary(state: State<'_, AppState>, id: String) -> AppResult<RosterSummary> {
    Ok(state.store()?.roster_summary(&id)?)
}

/// Rows `offset..offset + limit` (at most 1,000) of the signatories matching `query`: the
/// table asks for the rows in view, so a search or a filter over 100,000 signatories sends a page.
#[tauri::command]
pub async fn signatories_page(
    state: State<'_, AppState>,
    id: String,
    query: RosterQuery,
    offset: u64,
    limit: u32,
) -> AppResult<RosterPage> {
    Ok(state.store()?.roster_page(&id, &query, offset, limit.min(1000))?)
}

/// Records how the lead checked, out of band, who holds the key of `entry` (FORMAT.md §14.7):
/// the next release carries it, signed.
#[tauri::command]
pub async fn attest_check(
    state: State<'_, AppState>,
    entry: String,
    method: String,
    checked_on: String,
    note: Option<String>,
) -> AppResult<String> {
    Ok(state.store()?.attest(&entry, &method, &checked_on, note.as_deref(), &now())?)
}

/// Opens a signer's vetting packet with the lead's key (FORMAT.md §14.9): who is behind its
/// hidden endorsement, for the lead's eyes only; the hidden endorsement is imported, held until
/// the lead records its check.
#[tauri::command]
pub async fn vetting_open(state: State<'_, AppState>, path: String) -> AppResult<VettingRead> {
    let bytes = files::read_capped(&to_read(&path)?, undersigned_core::vetting::MAX_BYTES * 2, "vetting packet")?;
    let mut store = state.store()?;
    state.with_key(|k| Ok(store.vetting_open(&bytes, k, &now())?))
}

/// Statement `id`'s signers not named, as its lead sees them: state, checks, vouchers; never
/// who they are (FORMAT.md §14.9).
#[tauri::command]
pub async fn unnamed_list(state: State<'_, AppState>, id: String) -> AppResult<Vec<unnamed::UnnamedItem>> {
    Ok(state.store()?.unnamed_list(&id)?)
}

/// Fetches the well-known file of each signatory of statement `id` that gave a website (or of
/// `entry` alone) and records what each site showed, with progress.
#[tauri::command]
pub async fn attest_websites(
    state: State<'_, AppState>,
    id: String,
    entry: Option<String>,
    on_progress: Channel<Progress>,
) -> AppResult<Vec<WebsiteCheck>> {
    let setup = FetchSetup::from_env(&|m| eprintln!("warning: {m}")).map_err(undersigned_store::Error::Invalid)?;
    let fetcher = Fetcher::new(setup);
    let progress = |done: u64, total: u64| report(&on_progress, "checking-websites", done, total, "websites");
    Ok(state.store()?.check_websites(&id, entry.as_deref(), &fetcher, &now(), &progress)?)
}

/// The attestations recorded for statement `id` (or its `entry`).
#[tauri::command]
pub async fn attestations_list(
    state: State<'_, AppState>,
    id: String,
    entry: Option<String>,
) -> AppResult<Vec<AttestationRow>> {
    Ok(state.store()?.attestations(&id, entry.as_deref())?)
}
