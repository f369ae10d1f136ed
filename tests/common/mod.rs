//! The CLI tests' sandbox: a temporary folder in which `undersigned` runs with its own stores,
//! never the user's (`UNDERSIGNED_DB`, `HOME` and `XDG_DATA_HOME` point inside it), and the
//! passphrase from `UNDERSIGNED_PASSPHRASE`.
#![allow(dead_code)] // each test file uses a part of it

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

pub struct Sandbox {
    pub dir: tempfile::TempDir,
    passphrase: &'static str,
}

impl Sandbox {
    pub fn new(passphrase: &'static str) -> Self {
        Sandbox { dir: tempfile::tempdir().expect("temporary folder"), passphrase }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) {
        std::fs::write(self.path(name), contents).expect("write test file");
    }

    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).expect("read test file")
    }

    /// `undersigned [--db DB] ARGS…` in the sandbox with `passphrase`, ready to run.
    pub fn command(&self, db: Option<&str>, args: &[&str], passphrase: &str) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_undersigned"));
        if let Some(db) = db {
            cmd.arg("--db").arg(db);
        }
        cmd.args(args)
            .current_dir(self.dir.path())
            .env("UNDERSIGNED_PASSPHRASE", passphrase)
            .env("UNDERSIGNED_DB", self.path("stray.db"))
            .env("HOME", self.path("home"))
            .env("XDG_DATA_HOME", self.path("xdg-data"))
            .stdin(Stdio::null());
        cmd
    }

    /// Runs `undersigned [--db DB] ARGS…` with `passphrase`.
    pub fn run_with(&self, db: Option<&str>, args: &[&str], passphrase: &str) -> Output {
        self.command(db, args, passphrase).output().expect("start the undersigned binary")
    }

    /// Runs `undersigned [--db DB] ARGS…` with the sandbox's passphrase.
    pub fn run(&self, db: Option<&str>, args: &[&str]) -> Output {
        self.run_with(db, args, self.passphrase)
    }

    /// Runs it and asserts its exit code, printing its output otherwise.
    #[track_caller]
    pub fn exits(&self, code: i32, db: Option<&str>, args: &[&str]) -> Output {
        let out = self.run(db, args);
        assert_eq!(out.status.code(), Some(code), "`undersigned {}` must exit {code}\n{}", args.join(" "), dump(&out));
        out
    }
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn dump(out: &Output) -> String {
    format!(
        "exit status: {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}
