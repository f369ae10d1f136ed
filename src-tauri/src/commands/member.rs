//! The member: reading an invitation, signing it, "what I signed", withdrawing.

use super::{now, to_read, to_write};
use crate::error::AppResult;
use crate::json::{InvitationView, Signed, SignedUnnamed};
use crate::state::AppState;
use rand_core::OsRng;
use tauri::State;
use undersigned_core::bundle;
use undersigned_core::endorsement::SignerDetails;
use undersigned_store::workflows::unnamed;
use undersigned_store::{files, read_invitation, MySignature};

#[tauri::command]
pub async fn invitation_read(state: State<'_, AppState>, path: String) -> AppResult<InvitationView> {
    let invitation = read_invitation(&to_read(&path)?)?;
    let problems = invitation.verify();
    let (v, lead_key) = (invitation.0.body(), invitation.0.lead_key());
    let already_signed = state.store()?.has_signed(v.statement_id, v.version)?;
    let (witnesses, quorum) = invitation.0.witnesses();
    Ok(InvitationView {
        path,
        lead_fingerprint: bundle::fingerprint_hex(lead_key),
        statement_id: v.statement_id.into(),
        version: v.version,
        texts: v.texts.to_vec(),
        digest: v.digest.into(),
        lead_name: v.lead_name.into(),
        lead_key: lead_key.into(),
        opened_at: v.opened_at.into(),
        closes_on: v.closes_on.map(Into::into),
        problems,
        already_signed,
        witnesses: witnesses.iter().map(|w| w.name.clone()).collect(),
        quorum,
        accepts_unnamed: invitation.0.vetting_recipient().is_some(),
    })
}

/// Signs the invitation at `path` with the unlocked key and `details` (saved first as the
/// identity's details), writes the endorsement to `out` and records it in "what I signed".
#[tauri::command]
pub async fn invitation_sign(
    state: State<'_, AppState>,
    path: String,
    details: SignerDetails,
    out: String,
) -> AppResult<Signed> {
    state.profile.require_identity()?;
    // Checked (§5) and kept first, so that what was typed is not lost if signing fails.
    let details = state.profile.save_details(&details)?;
    let invitation = read_invitation(&to_read(&path)?)?;
    let dest = to_write(&state, &out)?;
    let e = state.with_key(|k| Ok(undersigned_store::sign_invitation(&invitation, &details, k, &now())?))?;
    files::write_atomic(&dest, &e.to_json(), false)?;
    state.store()?.record_signature(&invitation, &e)?;
    Ok(Signed { entry: hex::encode(e.id()), path: out })
}

/// Signs the invitation at `path` without the member's name (FORMAT.md §14.9): the hidden
/// endorsement to `out`, the vetting packet beside it (`.undersigned-vetting`), and the member's
/// sealed record kept in the store first (without it, no reveal and no withdrawal).
#[tauri::command]
pub async fn invitation_sign_unnamed(
    state: State<'_, AppState>,
    path: String,
    details: SignerDetails,
    region: Option<String>,
    contact: Option<String>,
    out: String,
) -> AppResult<SignedUnnamed> {
    state.profile.require_identity()?;
    let details = state.profile.save_details(&details)?;
    let invitation = read_invitation(&to_read(&path)?)?;
    let dest = to_write(&state, &out)?;
    let packet = dest.with_extension("undersigned-vetting");
    let signed = state.with_key(|k| {
        Ok(unnamed::sign_hidden(&invitation, &details, k, region.as_deref(), contact.as_deref(), &now(), &mut OsRng)?)
    })?;
    state.store()?.record_hidden(&signed)?;
    files::write_atomic(&dest, &undersigned_core::canonical::pretty(&signed.hidden), false)?;
    files::write_atomic(&packet, &signed.packet, false)?;
    Ok(SignedUnnamed { entry: signed.entry, path: out, packet: packet.display().to_string() })
}

/// The member's signatures without its name (opened with its key: their record is sealed).
#[tauri::command]
pub async fn my_hidden_signatures(state: State<'_, AppState>) -> AppResult<Vec<unnamed::MyHidden>> {
    let store = state.store()?;
    state.with_key(|k| Ok(store.my_hidden_view(k)?))
}

/// Writes the reveal of the member's hidden signature `entry` to `out` (FORMAT.md §14.9): from
/// the release that carries it on, the list names the member.
#[tauri::command]
pub async fn reveal(state: State<'_, AppState>, entry: String, out: String) -> AppResult<()> {
    let dest = to_write(&state, &out)?;
    let mut store = state.store()?;
    let r = state.with_key(|k| Ok(store.reveal_mine(&entry, k)?))?;
    files::write_atomic(&dest, &undersigned_core::canonical::pretty(&r), false)?;
    Ok(())
}

/// Writes the withdrawal of the member's hidden signature `entry` to `out`, signed by its
/// one-time key (FORMAT.md §14.9).
#[tauri::command]
pub async fn withdraw_hidden(state: State<'_, AppState>, entry: String, out: String) -> AppResult<()> {
    let dest = to_write(&state, &out)?;
    let mut store = state.store()?;
    let w = state.with_key(|k| Ok(store.withdraw_mine(&entry, k, &now())?))?;
    files::write_atomic(&dest, &w.to_json(), false)?;
    Ok(())
}

/// Writes to `out` the member's vouch, as the named signatory of its endorsement `mine`, for
/// the signer not named whose entry id is `entry` (FORMAT.md §14.9).
#[tauri::command]
pub async fn vouch(state: State<'_, AppState>, mine: String, entry: String, out: String) -> AppResult<()> {
    let dest = to_write(&state, &out)?;
    let store = state.store()?;
    let v = state.with_key(|k| Ok(store.vouch_mine(&mine, &entry, k, &now())?))?;
    files::write_atomic(&dest, &undersigned_core::canonical::pretty(&v), false)?;
    Ok(())
}

#[tauri::command]
pub async fn my_signatures(state: State<'_, AppState>) -> AppResult<Vec<MySignature>> {
    Ok(state.store()?.my_signatures()?)
}

#[tauri::command]
pub async fn withdraw(state: State<'_, AppState>, entry: String, out: String) -> AppResult<()> {
    let dest = to_write(&state, &out)?;
    let mut store = state.store()?;
    let e = store.my_endorsement(&entry)?;
    let w = state.with_key(|k| Ok(undersigned_store::withdraw(&e, k, &now())?))?;
    files::write_atomic(&dest, &w.to_json(), false)?;
    store.record_withdrawal(&w)?;
    Ok(())
}
