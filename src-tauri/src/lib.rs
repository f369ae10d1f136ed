//! The Undersigned desktop app: a thin Tauri shell over undersigned-store. Commands are in
//! [`commands`]; the one error type that crosses IPC is [`error::AppError`].
#![forbid(unsafe_code)]

pub mod command_list;
pub mod commands;
pub mod error;
pub mod json;
pub mod state;

use sha2::{Digest, Sha256};
use state::AppState;
use std::path::Path;
use std::time::Duration;
use tauri::{Emitter, Manager, Runtime};

/// Adds every command to `builder` (the app and the IPC tests use the same list).
pub fn with_commands<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.invoke_handler(tauri::generate_handler![
        commands::identity::app_info,
        commands::identity::take_launch_files,
        commands::identity::countries,
        commands::identity::identity_create,
        commands::identity::identity_update,
        commands::identity::identity_backup,
        commands::identity::well_known_export,
        commands::identity::well_known_check,
        commands::identity::identity_restore,
        commands::identity::unlock,
        commands::identity::lock,
        commands::lead::statements_list,
        commands::lead::statement_create,
        commands::lead::statement_versions,
        commands::lead::statement_edit,
        commands::lead::statement_open,
        commands::lead::invitation_export,
        commands::lead::markdown_html,
        commands::lead::import_files,
        commands::lead::review_list,
        commands::lead::review_accept,
        commands::lead::review_reject,
        commands::lead::signatories_latest,
        commands::lead::signatories_summary,
        commands::lead::signatories_page,
        commands::lead::attest_check,
        commands::lead::attest_websites,
        commands::lead::attestations_list,
        commands::releases::release_publish,
        commands::releases::releases_list,
        commands::releases::cosignature_request,
        commands::releases::bundle_export,
        commands::releases::publication_export,
        commands::storage::store_backup,
        commands::storage::store_restore,
        commands::member::invitation_read,
        commands::member::invitation_sign,
        commands::member::invitation_sign_unnamed,
        commands::member::my_hidden_signatures,
        commands::member::reveal,
        commands::member::withdraw_hidden,
        commands::member::vouch,
        commands::lead::vetting_open,
        commands::lead::unnamed_list,
        commands::member::my_signatures,
        commands::member::withdraw,
        commands::verify::verify_bundle,
        commands::verify::verify_lines,
        commands::verify::verify_online,
        commands::storage::demo_create,
        commands::storage::inbox_get,
        commands::storage::inbox_set,
        commands::storage::inbox_scan,
        commands::witness::witness_add_checkpoint,
        commands::witness::witness_logs,
        commands::witness::witness_cosignature_export,
        commands::witness::witness_proof_export,
    ])
}

/// The app's context: its configuration, capabilities (the access control the window is held
/// to) and, with the `custom-protocol` feature, the embedded UI. Generic so that the IPC tests
/// run the same access control on the mock runtime.
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

/// Opens the store named by `--db PATH`, `UNDERSIGNED_DB` or the platform default.
pub fn open_state(args: impl Iterator<Item = String>) -> Result<AppState, undersigned_store::Error> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let (db, launch_files) = state::parse_args(args, &cwd);
    let store = undersigned_store::Store::open_default(db.as_deref())?;
    let e2e = std::env::var("UNDERSIGNED_E2E").is_ok_and(|v| v == "1");
    Ok(AppState::new(store, &launch_files, e2e))
}

/// The D-Bus name of the window open on the store at `store`: a second launch on the same store
/// hands its file to that window and exits (one window per store); another store gets its own.
pub fn instance_id(store: &Path) -> String {
    let path = std::fs::canonicalize(store).unwrap_or_else(|_| store.to_path_buf());
    let digest = Sha256::digest(path.as_os_str().as_encoded_bytes());
    format!("org.undersigned.app.store_{}", hex::encode(&digest[..8]))
}

/// The event that tells the window files wait to be opened: it takes them with
/// `take_launch_files` (as it does once at start, so that none handed over before it listens is lost).
pub const FILES_TO_OPEN: &str = "files-to-open";

/// What a second launch on the same store does: the running window comes to the front, and the
/// files it was given wait for the window to open them (the `files-to-open` event), as a
/// double-click on them would.
fn second_launch<R: Runtime>(app: &tauri::AppHandle<R>, args: Vec<String>, cwd: String) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.unminimize();
        let _ = w.set_focus();
    }
    let (_, files) = state::parse_args(args.into_iter(), Path::new(&cwd));
    if !files.is_empty() && app.state::<AppState>().hand_over(&files).is_ok() {
        let _ = app.emit(FILES_TO_OPEN, ());
    }
}

pub fn run() {
    let state = match open_state(std::env::args()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("undersigned-app: cannot open the store: {e}");
            std::process::exit(2);
        }
    };
    let id = instance_id(state.store_path());
    with_commands(tauri::Builder::default())
        .plugin(tauri_plugin_single_instance::Builder::new().dbus_id(id).callback(second_launch).build())
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .setup(|app| {
            // The inactivity lock: drop the key after LOCK_MINUTES without a command.
            let handle = app.handle().clone();
            std::thread::spawn(move || loop {
                std::thread::sleep(Duration::from_secs(5));
                if handle.state::<AppState>().lock_if_idle() {
                    let _ = handle.emit("session-locked", ());
                }
            });
            Ok(())
        })
        .run(context())
        .expect("error while running the Undersigned app");
}
