//! Declares the app's commands so that the capability file can grant exactly these (an app
//! command not granted there cannot be called from the window).

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(undersigned_app_commands::COMMANDS)),
    )
    .expect("tauri-build failed");
}

#[path = "src/command_list.rs"]
mod undersigned_app_commands;
