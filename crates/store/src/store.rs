//! Opening the store: location, pragmas, migrations.

use crate::{Error, Result};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

pub struct Store {
    pub(crate) conn: Connection,
    path: PathBuf,
    /// The signatories the app's table last showed (see `roster.rs`).
    pub(crate) roster: std::cell::RefCell<Option<crate::roster::Roster>>,
    /// How many rosters this store has read (each answer's `snapshot`).
    pub(crate) roster_reads: std::cell::Cell<u64>,
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

/// Why the store at `path` cannot be opened for changes, when the reason is that its disk or
/// folder is read-only (SQLite itself only says "unable to open database file").
fn unwritable(path: &Path) -> Option<Error> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let probe = dir.join(format!(".undersigned-probe-{}", std::process::id()));
    let file = std::fs::OpenOptions::new().append(true).open(path);
    let created = std::fs::OpenOptions::new().write(true).create_new(true).open(&probe);
    if created.is_ok() {
        let _ = std::fs::remove_file(&probe);
    }
    let read_only = |r: &std::io::Result<std::fs::File>| {
        r.as_ref().err().is_some_and(|e| {
            matches!(e.kind(), std::io::ErrorKind::ReadOnlyFilesystem | std::io::ErrorKind::PermissionDenied)
        })
    };
    (read_only(&file) || read_only(&created)).then(|| {
        Error::Io(format!(
            "the store {} is on a read-only disk or in a folder that cannot be written; it was not changed. \
             Copy it to a writable folder (or make this one writable) and try again",
            path.display()
        ))
    })
}

impl Store {
    /// Opens (creating if needed) the store at `path` and brings its schema up to date. A new
    /// store, and the folders created for it, are the owner's alone (0600 and 0700 on Unix;
    /// SQLite gives its journal files the store's mode).
    pub fn open(path: &Path) -> Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            let mut folders = std::fs::DirBuilder::new();
            folders.recursive(true);
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut folders, 0o700);
            folders.create(dir).map_err(|e| Error::io(format!("cannot create {}", dir.display()), e))?;
        }
        #[cfg(unix)]
        if !path.exists() {
            use std::os::unix::fs::OpenOptionsExt;
            // create_new: a file another process created meanwhile is left as it is.
            let _ = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path);
        }
        let opened = (|| -> Result<Connection> {
            let mut conn = Connection::open(path)?;
            conn.busy_timeout(std::time::Duration::from_secs(10))?;
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", "FULL")?;
            conn.pragma_update(None, "foreign_keys", "ON")?;
            // 64 MiB of page cache (the default is 2 MiB): imports insert random ids and hashes
            // into the indexes, and a petition's store has hundreds of thousands of them.
            conn.pragma_update(None, "cache_size", -65536)?;
            crate::migrations::run(&mut conn)?;
            Ok(conn)
        })();
        match opened {
            Ok(conn) => Ok(Store {
                conn,
                path: path.to_path_buf(),
                roster: Default::default(),
                roster_reads: Default::default(),
            }),
            Err(e @ (Error::Io(_) | Error::Database(_))) => Err(unwritable(path).unwrap_or(e)),
            Err(e) => Err(e),
        }
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

    pub(crate) fn audit(
        tx: &rusqlite::Transaction<'_>,
        at: &str,
        action: &str,
        statement: Option<&str>,
        detail: &str,
    ) -> Result<()> {
        tx.prepare_cached("INSERT INTO audit (at, action, statement_id, detail) VALUES (?1, ?2, ?3, ?4)")?
            .execute(rusqlite::params![at, action, statement, detail])?;
        Ok(())
    }
}

impl Store {
    /// Writes a consistent copy of the store to `out` (SQLite's online backup, so the store
    /// stays usable), checks the copy with `PRAGMA integrity_check`, then moves it into place.
    pub fn backup(&self, out: &Path) -> Result<()> {
        if out.exists() {
            return Err(Error::Conflict(format!("{} already exists; choose another name", out.display())));
        }
        let tmp = out.with_extension(format!("tmp-{}", std::process::id()));
        // Created here first, so that an unwritable place is a plain error naming it.
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(|e| Error::io(format!("cannot write the backup to {}", out.display()), e))?;
        let result = (|| {
            let mut dst = Connection::open(&tmp)?;
            {
                let b = rusqlite::backup::Backup::new(&self.conn, &mut dst)?;
                b.run_to_completion(256, std::time::Duration::from_millis(0), None)?;
            }
            let ok: String = dst.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
            if ok != "ok" {
                return Err(Error::Invalid(format!("the backup copy failed its integrity check: {ok}")));
            }
            dst.pragma_update(None, "journal_mode", "DELETE")?;
            drop(dst);
            std::fs::rename(&tmp, out).map_err(|e| Error::io(format!("cannot write {}", out.display()), e))
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }

    /// Replaces the store's content with a backup, after checking that the backup is a sound
    /// Undersigned store (integrity check, known schema). Nothing is replaced if it is not.
    pub fn restore(&mut self, backup: &Path) -> Result<()> {
        {
            let src = Connection::open_with_flags(backup, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                .map_err(|e| Error::Invalid(format!("{} is not a store backup: {e}", backup.display())))?;
            let check = (|| -> rusqlite::Result<(String, i64, i64)> {
                let ok: String = src.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
                let version: i64 = src.query_row("PRAGMA user_version", [], |r| r.get(0))?;
                let tables: i64 = src.query_row(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('statements', 'entries', 'releases')",
                    [],
                    |r| r.get(0),
                )?;
                Ok((ok, version, tables))
            })();
            match check {
                Ok((ok, _, _)) if ok != "ok" => {
                    return Err(Error::Invalid(format!(
                        "{} is damaged ({ok}); the store was not changed",
                        backup.display()
                    )))
                }
                Ok((_, v, _)) if v > crate::migrations::LATEST => {
                    return Err(Error::NewerDatabase { found: v, known: crate::migrations::LATEST })
                }
                Ok((_, v, t)) if v < 1 || t != 3 => {
                    return Err(Error::Invalid(format!("{} is not an Undersigned store backup", backup.display())))
                }
                Ok(_) => {}
                Err(e) => return Err(Error::Invalid(format!("{} is not a store backup: {e}", backup.display()))),
            }
        }
        self.forget_roster();
        self.conn.restore(rusqlite::MAIN_DB, backup, None::<fn(rusqlite::backup::Progress)>)?;
        crate::migrations::run(&mut self.conn)?;
        if !self.integrity_ok()? {
            return Err(Error::Invalid("the restored store failed its integrity check".into()));
        }
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

    /// A full disk (simulated with SQLite's page limit) gives a clear error; what was reported
    /// imported before stays, and the store stays sound.
    #[test]
    fn a_full_disk_is_a_clear_error_not_a_corrupt_store() {
        use rand_chacha::rand_core::SeedableRng;
        use undersigned_core::endorsement::{SignerDetails, SignerKind};
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("s.db")).unwrap();
        let mut rng = rand_chacha::ChaCha20Rng::from_seed([3; 32]);
        let lead = undersigned_core::SecretKey::generate(&mut rng);
        let id =
            s.create_statement(&lead.public_key(), "Lead", "T", "Body", "en", "2026-03-01T09:00:00Z", [1; 16]).unwrap();
        let v = s.open_statement(&id, &lead, None, "2026-03-01T09:00:00Z").unwrap();
        let group = crate::workflows::IMPORT_GROUP;
        let mut files: Vec<(String, Vec<u8>)> = (0..3 * group)
            .map(|i| {
                let k = undersigned_core::SecretKey::generate(&mut rng);
                let d = SignerDetails {
                    name: format!("Organization number {i}"),
                    kind: SignerKind::Organization,
                    country: "KE".into(),
                    website: None,
                    title: None,
                    affiliation: None,
                };
                let e = undersigned_core::endorsement::sign(&v, &d, &k, "2026-03-02T09:00:00Z".into()).unwrap();
                (format!("e{i}.json"), e.to_json())
            })
            .collect();
        let rest = files.split_off(group);
        // One group fits; measure its pages, then leave room for one and a half more.
        let pages = |s: &Store| -> i64 { s.conn.query_row("PRAGMA page_count", [], |r| r.get(0)).unwrap() };
        let before = pages(&s);
        s.import(files, "2026-03-03T09:00:00Z", &mut |_, _, _| {}).unwrap();
        let after = pages(&s);
        s.conn
            .query_row(&format!("PRAGMA max_page_count = {}", after + (after - before) * 3 / 2), [], |_| Ok(()))
            .unwrap();
        let mut reported = group;
        let err = s.import(rest, "2026-03-03T09:00:00Z", &mut |done, _, _| reported += done.len()).unwrap_err();
        assert!(matches!(err, Error::Io(ref m) if m.contains("disk is full")), "{err}");
        assert!(reported > group && reported < 3 * group, "{reported}");
        drop(s);
        let s = Store::open(&dir.path().join("s.db")).unwrap();
        assert!(s.integrity_ok().unwrap());
        let n: i64 = s.conn.query_row("SELECT count(*) FROM entries", [], |r| r.get(0)).unwrap();
        assert_eq!(n as usize, reported, "exactly what was reported is in the store");
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

    #[cfg(unix)]
    #[test]
    fn a_new_store_is_the_owners_alone() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new").join("folder").join("s.db");
        let s = Store::open(&path).unwrap();
        s.conn.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&path.with_extension("db-wal")), 0o600, "the journal too");
        assert_eq!(mode(path.parent().unwrap()), 0o700);
        assert_eq!(mode(&dir.path().join("new")), 0o700);
        // An existing folder keeps its mode.
        let shared = dir.path().join("shared");
        std::fs::create_dir(&shared).unwrap();
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o755)).unwrap();
        drop(Store::open(&shared.join("s.db")).unwrap());
        assert_eq!(mode(&shared), 0o755);
        assert_eq!(mode(&shared.join("s.db")), 0o600);
    }
}
