//! The Undersigned desktop app: a thin Tauri shell over undersigned-store. Commands are in
//! [`commands`]; the one error type that crosses IPC is [`error::AppError`].
#![forbid(unsafe_code)]

pub mod command_list;
pub mod commands;
pub mod error;
pub mod json;
pub mod state;

use state::AppState;
use std::time::Duration;
use tauri::{Emitter, Manager, Runtime};

/// Adds every command to `builder` (the app and the IPC tests use the same list).
pub fn with_commands<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.invoke_handler(tauri::generate_handler![
        commands::app_info,
        commands::countries,
        commands::identity_create,
        commands::identity_update,
        commands::identity_backup,
        commands::identity_restore,
        commands::unlock,
        commands::lock,
        commands::statements_list,
        commands::statement_create,
        commands::statement_versions,
        commands::statement_edit,
        commands::statement_open,
        commands::invitation_export,
        commands::markdown_html,
        commands::import_files,
        commands::review_list,
        commands::review_accept,
        commands::review_reject,
        commands::signatories_latest,
        commands::signatories_summary,
        commands::signatories_page,
        commands::release_publish,
        commands::releases_list,
        commands::bundle_export,
        commands::publication_export,
        commands::store_backup,
        commands::store_restore,
        commands::invitation_read,
        commands::invitation_sign,
        commands::my_signatures,
        commands::withdraw,
        commands::verify_bundle,
        commands::demo_create,
        commands::inbox_get,
        commands::inbox_set,
        commands::inbox_scan,
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
    let (db, launch_file) = state::parse_args(args);
    let store = undersigned_store::Store::open_default(db.as_deref())?;
    let e2e = std::env::var("UNDERSIGNED_E2E").is_ok_and(|v| v == "1");
    Ok(AppState::new(store, launch_file, e2e))
}

pub fn run() {
    let state = match open_state(std::env::args()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("undersigned-app: cannot open the store: {e}");
            std::process::exit(2);
        }
    };
    with_commands(tauri::Builder::default())
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
