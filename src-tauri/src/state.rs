//! What the app holds between commands: the store, the folder beside it, and the unlocked key.
//!
//! Identity: `identity.key` (a FORMAT.md §11 key file) and `identity.json` (the signer's
//! details, see [`crate::json::Details`]) in the folder that holds the store, so each store
//! (`UNDERSIGNED_DB`) has its own identity. `settings.json` there keeps the inbox folder.

use crate::error::{AppError, AppResult};
use crate::json::{Details, Identity};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime};
use undersigned_core::SecretKey;
use undersigned_store::{files, keys, Store};

/// Minutes without a command before the key is locked again.
pub const LOCK_MINUTES: u64 = 10;

pub struct Session {
    key: Option<SecretKey>,
    last: Instant,
}

pub struct AppState {
    store: Mutex<Store>,
    pub folder: PathBuf,
    session: Mutex<Session>,
    pub lock_after: Duration,
    pub launch_file: Option<PathBuf>,
    pub e2e: bool,
    /// Inbox files already imported in this run: path → (size, modified).
    pub inbox_seen: Mutex<HashMap<PathBuf, (u64, Option<SystemTime>)>>,
}

#[derive(Default, serde::Serialize, serde::Deserialize)]
pub struct Settings {
    pub inbox: Option<String>,
}

fn poisoned<T>(_: T) -> AppError {
    AppError::internal("an earlier operation failed midway; restart the app")
}

impl AppState {
    pub fn new(store: Store, launch_file: Option<PathBuf>, e2e: bool) -> Self {
        let folder = match store.path().parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        AppState {
            store: Mutex::new(store),
            folder,
            session: Mutex::new(Session { key: None, last: Instant::now() }),
            lock_after: Duration::from_secs(LOCK_MINUTES * 60),
            launch_file,
            e2e,
            inbox_seen: Mutex::new(HashMap::new()),
        }
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

    pub fn touch(&self) {
        if let Ok(mut s) = self.session.lock() {
            s.last = Instant::now();
        }
    }

    pub fn key_path(&self) -> PathBuf {
        self.folder.join("identity.key")
    }
    fn details_path(&self) -> PathBuf {
        self.folder.join("identity.json")
    }
    fn settings_path(&self) -> PathBuf {
        self.folder.join("settings.json")
    }

    pub fn identity(&self) -> AppResult<Option<Identity>> {
        let p = self.key_path();
        if !p.exists() {
            return Ok(None);
        }
        let kf = keys::read(&p)?;
        Ok(Some(Identity {
            fingerprint: kf.public_key().fingerprint(),
            public_key: kf.public_key,
            details: self.details()?,
            key_file: p.display().to_string(),
        }))
    }

    pub fn require_identity(&self) -> AppResult<Identity> {
        self.identity()?.ok_or_else(AppError::no_identity)
    }

    pub fn details(&self) -> AppResult<Option<Details>> {
        let p = self.details_path();
        if !p.exists() {
            return Ok(None);
        }
        let bytes = files::read_capped(&p, 64 << 10, "identity details")?;
        Ok(serde_json::from_slice(&bytes).ok())
    }

    pub fn save_details(&self, d: &Details) -> AppResult<()> {
        let bytes = serde_json::to_vec_pretty(d).map_err(|e| AppError::internal(e.to_string()))?;
        files::write_atomic(&self.details_path(), &bytes, false)?;
        Ok(())
    }

    pub fn settings(&self) -> Settings {
        std::fs::read(self.settings_path()).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
    }

    pub fn save_settings(&self, s: &Settings) -> AppResult<()> {
        let bytes = serde_json::to_vec_pretty(s).map_err(|e| AppError::internal(e.to_string()))?;
        files::write_atomic(&self.settings_path(), &bytes, false)?;
        Ok(())
    }

    pub fn unlocked(&self) -> bool {
        self.session.lock().map(|s| s.key.is_some()).unwrap_or(false)
    }

    /// Unlocks the identity's key with `passphrase` and keeps it until [`lock`](Self::lock).
    pub fn unlock(&self, passphrase: &str) -> AppResult<()> {
        let p = self.key_path();
        if !p.exists() {
            return Err(AppError::no_identity());
        }
        let key = keys::unlock(&p, passphrase)?;
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
/// and a file to open given on the command line.
pub fn parse_args(args: impl Iterator<Item = String>) -> (Option<PathBuf>, Option<PathBuf>) {
    let mut db = None;
    let mut file = None;
    let mut it = args.skip(1);
    while let Some(a) = it.next() {
        if a == "--db" {
            db = it.next().map(PathBuf::from);
        } else if let Some(v) = a.strip_prefix("--db=") {
            db = Some(PathBuf::from(v));
        } else if !a.starts_with('-') && Path::new(&a).is_file() {
            file = Some(PathBuf::from(a));
        }
    }
    (db, file)
}
