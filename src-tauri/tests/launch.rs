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
    let state = AppState::new(store, &[vector("invitation-v1.json")], false);
    let kinds = |files: Vec<LaunchFile>| files.into_iter().map(|f| f.kind).collect::<Vec<_>>();
    assert_eq!(kinds(state.take_launch_files().unwrap()), [FileKind::Invitation]);
}

#[test]
fn every_file_handed_over_waits_in_order_until_taken() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("undersigned.db")).unwrap();
    // Two files on the command line (a desktop's "open with" on two selected files).
    let (_, files) = parse_args(args(&["endorsement-organization.json", "withdrawal.json"]), &vector(""));
    let state = AppState::new(store, &files, false);
    // Two later launches before the window takes anything (it may still be starting).
    state.hand_over(&[vector("bundle-release-1.json"), vector("invitation-v1.json")]).unwrap();
    state.hand_over(&[vector("not-json.json")]).unwrap();
    let taken = state.take_launch_files().unwrap();
    let names: Vec<&str> = taken.iter().map(|f| f.path.rsplit('/').next().unwrap_or("")).collect();
    assert_eq!(
        names,
        [
            "endorsement-organization.json",
            "withdrawal.json",
            "bundle-release-1.json",
            "invitation-v1.json",
            "not-json.json"
        ]
    );
    assert_eq!(
        taken.iter().map(|f| f.kind).collect::<Vec<_>>(),
        [FileKind::Endorsement, FileKind::Withdrawal, FileKind::Bundle, FileKind::Invitation, FileKind::Unknown]
    );
    // Taken once: nothing waits any more, until the next launch.
    assert_eq!(state.take_launch_files().unwrap(), []);
    state.hand_over(&[vector("withdrawal.json")]).unwrap();
    assert_eq!(state.take_launch_files().unwrap().len(), 1);
}

#[test]
fn the_arguments_name_the_store_and_the_file_relative_to_the_launch_folder() {
    let vectors = vector("");
    let (db, files) = parse_args(args(&["--db", "/x/u.db", "invitation-v1.json"]), &vectors);
    assert_eq!(db.as_deref(), Some(Path::new("/x/u.db")));
    assert_eq!(files, [vectors.join("invitation-v1.json")]);
    let absolute = vector("bundle-release-1.json");
    let (db, files) = parse_args(args(&["--db=/y.db", absolute.to_str().unwrap()]), Path::new("/"));
    assert_eq!((db.as_deref(), files), (Some(Path::new("/y.db")), vec![absolute]));
    // Options, and names that are no file, are not files to open.
    let (db, files) = parse_args(args(&["--verbose", "no-such-file.json"]), &vectors);
    assert_eq!((db, files), (None, vec![]));
    // Every file, in the order given, the store's option anywhere among them.
    let (db, files) =
        parse_args(args(&["withdrawal.json", "--db", "/z.db", "nothing-here.json", "invitation-v1.json"]), &vectors);
    assert_eq!(db.as_deref(), Some(Path::new("/z.db")));
    assert_eq!(files, [vectors.join("withdrawal.json"), vectors.join("invitation-v1.json")]);
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
