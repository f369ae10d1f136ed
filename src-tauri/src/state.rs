//! What the app holds between commands: the store, the user's profile beside it (identity,
//! details, settings: `undersigned_store::profile`), the inbox seen so far, the unlocked key, and
//! the files the app was asked to open that the window has not taken yet.

use crate::error::{AppError, AppResult};
use crate::json::LaunchFile;
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use undersigned_core::SecretKey;
use undersigned_store::inbox::Inbox;
use undersigned_store::profile::Profile;
use undersigned_store::verify::Listed;
use undersigned_store::{keys, Store};

/// Minutes without a command before the key is locked again.
pub const LOCK_MINUTES: u64 = 10;

/// The unlocked key, if any, and when a command last ran.
struct Session {
    key: Option<SecretKey>,
    last: Instant,
}

pub struct AppState {
    store: Mutex<Store>,
    store_path: PathBuf,
    pub profile: Profile,
    session: Mutex<Session>,
    pub lock_after: Duration,
    /// Files the app was asked to open (its command line's, then each later launch's), in
    /// order, until the window takes them: one handed over while the window starts is not lost.
    launch: Mutex<VecDeque<LaunchFile>>,
    pub e2e: bool,
    inbox: Mutex<Inbox>,
    /// The last verification's list, read a page at a time, and the number of verifications run.
    listed: Mutex<(u64, Option<Arc<Listed>>)>,
}

fn poisoned<T>(_: T) -> AppError {
    AppError::internal("an earlier operation failed midway; restart the app")
}

impl AppState {
    pub fn new(store: Store, launch_files: &[PathBuf], e2e: bool) -> Self {
        AppState {
            profile: Profile::beside(store.path()),
            store_path: store.path().to_path_buf(),
            store: Mutex::new(store),
            session: Mutex::new(Session { key: None, last: Instant::now() }),
            lock_after: Duration::from_secs(LOCK_MINUTES * 60),
            launch: Mutex::new(launch_files.iter().map(|p| LaunchFile::of(p)).collect()),
            e2e,
            inbox: Mutex::new(Inbox::default()),
            listed: Mutex::new((0, None)),
        }
    }

    /// Where the store is.
    pub fn store_path(&self) -> &Path {
        &self.store_path
    }

    /// The store; counts as activity for the inactivity lock.
    pub fn store(&self) -> AppResult<MutexGuard<'_, Store>> {
        self.touch();
        self.store_quiet()
    }

    /// The store, without counting as activity (background polling).
    pub fn store_quiet(&self) -> AppResult<MutexGuard<'_, Store>> {
        self.store.lock().map_err(poisoned)
    }

    /// Files to open, handed over by a later launch: they wait after those not yet taken.
    pub fn hand_over(&self, files: &[PathBuf]) -> AppResult<()> {
        self.launch.lock().map_err(poisoned)?.extend(files.iter().map(|p| LaunchFile::of(p)));
        Ok(())
    }

    /// The files waiting to be opened, oldest first; taken, they wait no more.
    pub fn take_launch_files(&self) -> AppResult<Vec<LaunchFile>> {
        Ok(self.launch.lock().map_err(poisoned)?.drain(..).collect())
    }

    /// Starts a verification: the previous one's list is let go (a million lines are hundreds of
    /// MiB), and the number that will name the new one is returned.
    pub fn start_listing(&self) -> AppResult<u64> {
        let mut l = self.listed.lock().map_err(poisoned)?;
        l.0 += 1;
        l.1 = None;
        Ok(l.0)
    }

    /// Keeps verification `run`'s list, unless a later verification started meanwhile.
    pub fn keep_listing(&self, run: u64, listed: Arc<Listed>) -> AppResult<()> {
        let mut l = self.listed.lock().map_err(poisoned)?;
        if l.0 == run {
            l.1 = Some(listed);
        }
        Ok(())
    }

    /// Verification `run`'s list, if it is the last one.
    pub fn listing(&self, run: u64) -> AppResult<Arc<Listed>> {
        let l = self.listed.lock().map_err(poisoned)?;
        match &l.1 {
            Some(listed) if l.0 == run => Ok(listed.clone()),
            _ => Err(AppError::new(
                undersigned_store::ErrorCode::NotFound,
                "this list was replaced by a later verification; verify the file again",
            )),
        }
    }

    /// What the inbox has seen so far.
    pub fn inbox(&self) -> AppResult<MutexGuard<'_, Inbox>> {
        self.inbox.lock().map_err(poisoned)
    }

    fn touch(&self) {
        if let Ok(mut s) = self.session.lock() {
            s.last = Instant::now();
        }
    }

    pub fn unlocked(&self) -> bool {
        self.session.lock().map(|s| s.key.is_some()).unwrap_or(false)
    }

    /// Unlocks the identity's key with `passphrase` and keeps it until [`lock`](Self::lock).
    pub fn unlock(&self, passphrase: &str) -> AppResult<()> {
        self.profile.require_identity()?;
        let key = keys::unlock(&self.profile.key_path(), passphrase)?;
        let mut s = self.session.lock().map_err(poisoned)?;
        s.key = Some(key);
        s.last = Instant::now();
        Ok(())
    }

    /// Drops the key; ed25519-dalek zeroizes it on drop.
    pub fn lock(&self) {
        if let Ok(mut s) = self.session.lock() {
            s.key = None;
        }
    }

    /// Locks the key if nothing happened for `lock_after`; returns whether it did.
    pub fn lock_if_idle(&self) -> bool {
        match self.session.lock() {
            Ok(mut s) if s.key.is_some() && s.last.elapsed() >= self.lock_after => {
                s.key = None;
                true
            }
            _ => false,
        }
    }

    /// Runs `f` with the unlocked key, or fails with `locked`.
    pub fn with_key<T>(&self, f: impl FnOnce(&SecretKey) -> AppResult<T>) -> AppResult<T> {
        let mut s = self.session.lock().map_err(poisoned)?;
        s.last = Instant::now();
        let key = s.key.as_ref().ok_or_else(AppError::locked)?;
        f(key)
    }
}

/// The store's location (`--db PATH`, else `UNDERSIGNED_DB`, else the platform data folder),
/// and the files to open given on the command line, in their order; a relative path is taken
/// from `cwd` (the folder the launch came from: a second launch hands its own to the running
/// window). Arguments that name no file are left out.
pub fn parse_args(args: impl Iterator<Item = String>, cwd: &Path) -> (Option<PathBuf>, Vec<PathBuf>) {
    let mut db = None;
    let mut files = Vec::new();
    let mut it = args.skip(1);
    while let Some(a) = it.next() {
        if a == "--db" {
            db = it.next().map(PathBuf::from);
        } else if let Some(v) = a.strip_prefix("--db=") {
            db = Some(PathBuf::from(v));
        } else if !a.starts_with('-') && cwd.join(&a).is_file() {
            files.push(cwd.join(a));
        }
    }
    (db, files)
}
