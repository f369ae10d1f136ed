//! One version, the workspace's (Cargo.toml `[workspace.package]`): the app reports it, Tauri's
//! bundler takes it for the packages (tauri.conf.json names none), and the UI's package says
//! the same.

use serde_json::Value;
use std::path::Path;

fn json(path: &str) -> Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    serde_json::from_slice(&std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))).unwrap()
}

#[test]
fn the_version_comes_from_the_workspace() {
    let version = env!("CARGO_PKG_VERSION");
    let conf = json("tauri.conf.json");
    assert!(conf.get("version").is_none(), "tauri.conf.json must not name a version: the bundler takes Cargo's");
    assert_eq!(json("../ui/package.json")["version"], version, "ui/package.json");
    let lock = json("../ui/package-lock.json");
    assert_eq!(lock["version"], version, "ui/package-lock.json");
    assert_eq!(lock["packages"][""]["version"], version, "ui/package-lock.json");
}
