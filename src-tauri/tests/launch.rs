//! Files handed to the app by the desktop (a double-click, "open with", a second launch): what
//! the window is told about them, and which window gets them.

use std::path::Path;
use undersigned_app::json::LaunchFile;
use undersigned_app::state::{parse_args, AppState};
use undersigned_core::FileKind;
use undersigned_store::Store;

fn vector(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/vectors").join(name)
}

fn args(a: &[&str]) -> std::vec::IntoIter<String> {
    std::iter::once("undersigned-app").chain(a.iter().copied()).map(String::from).collect::<Vec<_>>().into_iter()
}

#[test]
fn a_launch_file_is_told_with_what_its_content_holds() {
    for (file, kind) in [
        ("invitation-v1.json", FileKind::Invitation),
        ("endorsement-organization.json", FileKind::Endorsement),
        ("withdrawal.json", FileKind::Withdrawal),
        ("bundle-release-1.json", FileKind::Bundle),
        ("not-json.json", FileKind::Unknown),
        // Files of a later format of ours: made by a newer version, not unknown.
        ("bundle-format-2.json", FileKind::Newer),
        ("endorsement-format-2.json", FileKind::Newer),
    ] {
        let path = vector(file);
        assert!(path.is_file(), "{file}");
        assert_eq!(LaunchFile::of(&path), LaunchFile { path: path.display().to_string(), kind }, "{file}");
    }
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("undersigned.db")).unwrap();
    let state = AppState::new(store, Some(&vector("invitation-v1.json")), false);
    assert_eq!(state.launch.as_ref().map(|l| l.kind), Some(FileKind::Invitation));
}

#[test]
fn the_arguments_name_the_store_and_the_file_relative_to_the_launch_folder() {
    let vectors = vector("");
    let (db, file) = parse_args(args(&["--db", "/x/u.db", "invitation-v1.json"]), &vectors);
    assert_eq!(db.as_deref(), Some(Path::new("/x/u.db")));
    assert_eq!(file, Some(vectors.join("invitation-v1.json")));
    let absolute = vector("bundle-release-1.json");
    let (db, file) = parse_args(args(&["--db=/y.db", absolute.to_str().unwrap()]), Path::new("/"));
    assert_eq!((db.as_deref(), file), (Some(Path::new("/y.db")), Some(absolute)));
    // Options, and names that are no file, are not files to open.
    let (db, file) = parse_args(args(&["--verbose", "no-such-file.json"]), &vectors);
    assert_eq!((db, file), (None, None));
}

#[test]
fn one_window_per_store() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.db");
    let b = dir.path().join("b.db");
    std::fs::write(&a, b"").unwrap();
    std::fs::write(&b, b"").unwrap();
    let id = undersigned_app::instance_id(&a);
    // The same store, however it is named, is the same window.
    assert_eq!(id, undersigned_app::instance_id(&dir.path().join(".").join("a.db")));
    assert_ne!(id, undersigned_app::instance_id(&b));
    // A D-Bus well-known name: dot-separated elements of [A-Za-z0-9_], none starting with a digit.
    assert!(id.len() <= 255 && id.split('.').count() >= 2);
    for element in id.split('.') {
        assert!(!element.is_empty() && !element.starts_with(|c: char| c.is_ascii_digit()), "{id}");
        assert!(element.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'), "{id}");
    }
}
