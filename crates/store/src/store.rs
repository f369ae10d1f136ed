//! Opening the store: location, pragmas, migrations.

use crate::{Error, Result};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

pub struct Store {
    pub(crate) conn: Connection,
    path: PathBuf,
}

/// The environment variable that overrides the store's location, for the CLI and the app.
pub const DB_ENV: &str = "UNDERSIGNED_DB";

/// The store's location: `explicit`, else `UNDERSIGNED_DB`, else the platform data directory
/// (shared by the CLI and the desktop app).
pub fn default_path(explicit: Option<&Path>) -> Result<PathBuf> {
    if let Some(p) = explicit {
        return Ok(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    let dirs = directories::ProjectDirs::from("org", "Undersigned", "Undersigned")
        .ok_or_else(|| Error::Io("no home folder to keep the store in; set UNDERSIGNED_DB".into()))?;
    Ok(dirs.data_dir().join("undersigned.db"))
}

impl Store {
    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(format!("cannot create {}", dir.display()), e))?;
        }
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        crate::migrations::run(&mut conn)?;
        Ok(Store { conn, path: path.to_path_buf() })
    }

    /// Opens the store at [`default_path`].
    pub fn open_default(explicit: Option<&Path>) -> Result<Self> {
        Self::open(&default_path(explicit)?)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of this store.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// `PRAGMA integrity_check`: `true` when it answers `ok`.
    pub fn integrity_ok(&self) -> Result<bool> {
        let s: String = self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        Ok(s == "ok")
    }

    pub(crate) fn audit(tx: &rusqlite::Transaction<'_>, at: &str, action: &str, statement: Option<&str>, detail: &str) -> Result<()> {
        tx.execute(
            "INSERT INTO audit (at, action, statement_id, detail) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![at, action, statement, detail],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_newer_schema() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("s.db");
        drop(Store::open(&p).unwrap());
        let c = Connection::open(&p).unwrap();
        c.pragma_update(None, "user_version", crate::migrations::LATEST + 1).unwrap();
        drop(c);
        match Store::open(&p) {
            Err(Error::NewerDatabase { found, .. }) => assert_eq!(found, crate::migrations::LATEST + 1),
            Err(e) => panic!("unexpected error {e}"),
            Ok(_) => panic!("a newer schema was opened"),
        }
    }

    #[test]
    fn pragmas_and_schema() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(&dir.path().join("s.db")).unwrap();
        assert_eq!(s.schema_version().unwrap(), crate::migrations::LATEST);
        let mode: String = s.conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        let sync: i64 = s.conn.query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
        assert_eq!(sync, 2, "FULL");
        let fk: i64 = s.conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
        assert_eq!(fk, 1);
        assert!(s.integrity_ok().unwrap());
        // Re-opening is idempotent.
        drop(s);
        let s = Store::open(&dir.path().join("s.db")).unwrap();
        assert_eq!(s.schema_version().unwrap(), crate::migrations::LATEST);
    }
}
