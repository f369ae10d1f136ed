//! The CLI on hostile arguments and inputs: a clear error and exit code 2, never a panic.

use std::process::Command;

fn run(args: &[&std::ffi::OsStr], dir: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_undersigned"))
        .args(args)
        .env("UNDERSIGNED_DB", dir.join("s.db"))
        .env("UNDERSIGNED_PASSPHRASE", "x")
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn bad_arguments_exit_2_without_panicking() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.json"), b"").unwrap();
    std::fs::write(dir.path().join("big.json"), vec![b' '; 70 * 1024]).unwrap();
    let long = "x".repeat(100_000);
    let cases: Vec<Vec<&std::ffi::OsStr>> = vec![
        vec![],
        vec!["frobnicate".as_ref()],
        vec!["verify".as_ref()],
        vec!["verify".as_ref(), "missing.json".as_ref()],
        vec!["verify".as_ref(), "empty.json".as_ref()],
        vec!["verify".as_ref(), ".".as_ref()],
        vec!["verify".as_ref(), long.as_str().as_ref()],
        vec!["verify".as_ref(), std::ffi::OsStr::from_bytes(b"\xff\xfe.json")],
        vec!["check".as_ref(), "big.json".as_ref()],
        vec!["check".as_ref(), "empty.json".as_ref()],
        vec!["key".as_ref(), "show".as_ref(), "empty.json".as_ref()],
        vec!["statement".as_ref(), "open".as_ref(), "../../etc".as_ref(), "--key".as_ref(), "nokey".as_ref()],
        vec!["statement".as_ref(), "open".as_ref(), "abc".as_ref(), "--key".as_ref(), "empty.json".as_ref(), "--closes".as_ref(), "2026-02-30".as_ref()],
        vec!["sign".as_ref(), "empty.json".as_ref(), "--key".as_ref(), "k".as_ref(), "--name".as_ref(), "n".as_ref(), "--country".as_ref(), "KE".as_ref(), "--out".as_ref(), "o".as_ref()],
        vec!["sign".as_ref(), "empty.json".as_ref(), "--kind".as_ref(), "robot".as_ref()],
        vec!["demo".as_ref(), "--signatories".as_ref(), "-5".as_ref(), "--out".as_ref(), "d".as_ref()],
        vec!["demo".as_ref(), "--signatories".as_ref(), "2000000".as_ref(), "--out".as_ref(), "d".as_ref()],
        vec!["review".as_ref(), "accept".as_ref(), "../../x".as_ref()],
        vec!["restore".as_ref(), "empty.json".as_ref()],
        vec!["import".as_ref()],
    ];
    for args in cases {
        let out = run(&args, dir.path());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(2), "{args:?}: stdout {} stderr {stderr}", String::from_utf8_lossy(&out.stdout));
        let said = format!("{}{stderr}", String::from_utf8_lossy(&out.stdout));
        assert!(!said.trim().is_empty(), "{args:?}: no message");
    }
}
