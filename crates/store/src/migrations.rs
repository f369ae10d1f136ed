//! Append-only schema migrations, tracked by `PRAGMA user_version`, each run in one IMMEDIATE
//! transaction. A database newer than the last migration here is refused.

use crate::{Error, Result};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

/// Migration N (1-based) brings the schema from version N-1 to N. Never edit one that has been
/// released: append a new one.
pub const MIGRATIONS: &[&str] = &[
    // 1: the first released schema.
    r#"
CREATE TABLE statements (
    id          TEXT PRIMARY KEY,
    lead_key    TEXT NOT NULL,
    lead_name   TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE TABLE versions (
    statement_id TEXT NOT NULL REFERENCES statements(id),
    version      INTEGER NOT NULL CHECK (version >= 1),
    state        TEXT NOT NULL CHECK (state IN ('draft', 'open')),
    texts        TEXT NOT NULL,
    envelope     TEXT,
    digest       TEXT,
    opened_at    TEXT,
    closes_on    TEXT,
    PRIMARY KEY (statement_id, version),
    CHECK ((state = 'open') = (envelope IS NOT NULL))
);
CREATE TABLE files (
    sha256      TEXT PRIMARY KEY,
    bytes       BLOB NOT NULL,
    name        TEXT NOT NULL,
    received_at TEXT NOT NULL,
    outcome     TEXT NOT NULL CHECK (outcome IN ('accepted', 'review', 'rejected')),
    detail      TEXT NOT NULL
);
CREATE TABLE entries (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    id           TEXT NOT NULL UNIQUE,
    statement_id TEXT NOT NULL REFERENCES statements(id),
    kind         TEXT NOT NULL CHECK (kind IN ('endorsement', 'withdrawal')),
    signer_key   TEXT NOT NULL,
    name         TEXT NOT NULL,
    skeleton     TEXT NOT NULL,
    signer_kind  TEXT,
    country      TEXT,
    website      TEXT,
    website_host TEXT,
    version      INTEGER,
    signed_at    TEXT NOT NULL,
    target       TEXT,
    status       TEXT NOT NULL CHECK (status IN ('accepted', 'review', 'rejected')),
    flags        TEXT NOT NULL DEFAULT '',
    decision     TEXT,
    envelope     TEXT NOT NULL,
    file_sha256  TEXT REFERENCES files(sha256),
    imported_at  TEXT NOT NULL,
    log_index    INTEGER,
    UNIQUE (statement_id, log_index)
);
CREATE INDEX entries_by_key ON entries(statement_id, signer_key);
CREATE INDEX entries_by_skeleton ON entries(statement_id, skeleton);
CREATE INDEX entries_by_target ON entries(target);
CREATE INDEX entries_by_host ON entries(statement_id, website_host);
CREATE TABLE releases (
    statement_id TEXT NOT NULL REFERENCES statements(id),
    number       INTEGER NOT NULL CHECK (number >= 1),
    issued_at    TEXT NOT NULL,
    log_size     INTEGER NOT NULL,
    envelope     TEXT NOT NULL,
    PRIMARY KEY (statement_id, number)
);
CREATE TABLE audit (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    at           TEXT NOT NULL,
    action       TEXT NOT NULL,
    statement_id TEXT,
    detail       TEXT NOT NULL
);
CREATE TABLE my_signatures (
    entry_id     TEXT PRIMARY KEY,
    statement_id TEXT NOT NULL,
    title        TEXT NOT NULL,
    version      INTEGER NOT NULL,
    signer_key   TEXT NOT NULL,
    name         TEXT NOT NULL,
    signed_at    TEXT NOT NULL,
    endorsement  TEXT NOT NULL,
    withdrawal   TEXT
);
"#,
    // 2: the log's order in its own small table. Schema 1 kept it in `entries.log_index`, so a
    // release rewrote every new entry's row (envelope included): 100,000 rows, 130 MB of pages.
    // `entries.log_index` is left empty from now on.
    r#"
CREATE TABLE log (
    statement_id TEXT NOT NULL REFERENCES statements(id),
    log_index    INTEGER NOT NULL CHECK (log_index >= 0),
    seq          INTEGER NOT NULL UNIQUE REFERENCES entries(seq),
    PRIMARY KEY (statement_id, log_index)
) WITHOUT ROWID;
INSERT INTO log (statement_id, log_index, seq)
    SELECT statement_id, log_index, seq FROM entries WHERE log_index IS NOT NULL;
UPDATE entries SET log_index = NULL WHERE log_index IS NOT NULL;
"#,
    // 3: the signatories in signing order, read from an index instead of sorted on each reading.
    // The app's first screen of a statement with 100,000 signatories (the latest 100) then reads
    // 100 rows instead of sorting all of them, and the full list needs no sort. One equality
    // column only: with `kind` as well, SQLite (without statistics) preferred this index to
    // `entries_by_key` for the import's lookups by signer, and an import of 20,000 files took
    // minutes instead of about a second (the test below checks the plans).
    r#"
CREATE INDEX entries_by_signed_at ON entries(statement_id, signed_at);
"#,
    // 4: the witness (FORMAT.md §14.8, §14.13): per log (origin), the last checkpoint this store
    // co-signed, as the lead signed it and as co-signed (under `key_name`); and every request it
    // refused, with the equivocation proof when the request showed one.
    r#"
CREATE TABLE witness_checkpoints (
    origin        TEXT PRIMARY KEY,
    size          INTEGER NOT NULL CHECK (size >= 0),
    root          BLOB NOT NULL CHECK (length(root) = 32),
    note          TEXT NOT NULL,
    key_name      TEXT NOT NULL,
    cosigned_note TEXT NOT NULL,
    cosigned_at   TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE witness_refusals (
    id          INTEGER PRIMARY KEY,
    origin      TEXT NOT NULL,
    received_at TEXT NOT NULL,
    status      INTEGER NOT NULL,
    reason      TEXT NOT NULL,
    request     TEXT NOT NULL,
    proof       TEXT
);
CREATE INDEX witness_refusals_by_origin ON witness_refusals(origin, id);
"#,
    // 5: releases of format 1.1 (FORMAT.md §14.6): the checkpoint, as the lead signed it and with
    // the witnesses' lines added since, and the lead's attestations (a JSON array). Both stay
    // NULL for a release of format 1.
    r#"
ALTER TABLE releases ADD COLUMN checkpoint TEXT;
ALTER TABLE releases ADD COLUMN evidence TEXT;
"#,
    // 6: the lead's attestations (FORMAT.md §14.7), unsigned, one per entry and method: each
    // release of format 1.1 signs those whose entry is in its log. `body` is the attestation's
    // body as canonical JSON.
    r#"
CREATE TABLE attestations (
    statement_id TEXT NOT NULL REFERENCES statements(id),
    entry_id     TEXT NOT NULL REFERENCES entries(id),
    method       TEXT NOT NULL,
    body         TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    PRIMARY KEY (statement_id, entry_id, method)
) WITHOUT ROWID;
"#,
    // 7: the entries of signers not named (FORMAT.md §14.9): a hidden endorsement (`signer_key`
    // its one-time key, `name` empty, `region` the one it gives), a vouch (`signer_key` the
    // voucher's, `target` the hidden entry) and a reveal (`signer_key` and the details those it
    // reveals, `target` the hidden entry). SQLite cannot change a CHECK constraint in place: the
    // table is made again, as its documentation's twelve steps do (`run` turns foreign keys off
    // around the migrations and checks them before each commit). `log_index`, unused since
    // migration 2, is left out. `vetting_packets`: the lead's vetting packets as they came
    // (encrypted to the version's recipient, opened only with the lead's key), by hidden entry;
    // `hidden_signatures`: a member's own records of what it signed without its name, sealed
    // with its passphrase (not even the statement is readable without it).
    r#"
CREATE TABLE entries_new (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    id           TEXT NOT NULL UNIQUE,
    statement_id TEXT NOT NULL REFERENCES statements(id),
    kind         TEXT NOT NULL CHECK (kind IN ('endorsement', 'withdrawal', 'hidden', 'vouch', 'reveal')),
    signer_key   TEXT NOT NULL,
    name         TEXT NOT NULL,
    skeleton     TEXT NOT NULL,
    signer_kind  TEXT,
    country      TEXT,
    website      TEXT,
    website_host TEXT,
    region       TEXT,
    version      INTEGER,
    signed_at    TEXT NOT NULL,
    target       TEXT,
    status       TEXT NOT NULL CHECK (status IN ('accepted', 'review', 'rejected')),
    flags        TEXT NOT NULL DEFAULT '',
    decision     TEXT,
    envelope     TEXT NOT NULL,
    file_sha256  TEXT REFERENCES files(sha256),
    imported_at  TEXT NOT NULL
);
INSERT INTO entries_new (seq, id, statement_id, kind, signer_key, name, skeleton, signer_kind, country, website,
    website_host, version, signed_at, target, status, flags, decision, envelope, file_sha256, imported_at)
    SELECT seq, id, statement_id, kind, signer_key, name, skeleton, signer_kind, country, website,
    website_host, version, signed_at, target, status, flags, decision, envelope, file_sha256, imported_at
    FROM entries ORDER BY seq;
DROP TABLE entries;
ALTER TABLE entries_new RENAME TO entries;
CREATE INDEX entries_by_key ON entries(statement_id, signer_key);
CREATE INDEX entries_by_skeleton ON entries(statement_id, skeleton);
CREATE INDEX entries_by_target ON entries(target);
CREATE INDEX entries_by_host ON entries(statement_id, website_host);
CREATE INDEX entries_by_signed_at ON entries(statement_id, signed_at);
CREATE INDEX entries_unnamed ON entries(statement_id, kind) WHERE kind IN ('hidden', 'vouch', 'reveal');
CREATE TABLE vetting_packets (
    entry_id    TEXT NOT NULL REFERENCES entries(id),
    sha256      TEXT NOT NULL,
    packet      BLOB NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (entry_id, sha256)
) WITHOUT ROWID;
CREATE TABLE hidden_signatures (
    entry_id  TEXT PRIMARY KEY,
    sealed    BLOB NOT NULL,
    signed_at TEXT NOT NULL
) WITHOUT ROWID;
"#,
];

pub const LATEST: i64 = MIGRATIONS.len() as i64;

pub fn run(conn: &mut Connection) -> Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > LATEST {
        return Err(Error::NewerDatabase { found: current, known: LATEST });
    }
    if current == LATEST {
        return Ok(());
    }
    // A migration may make a table again (7): foreign keys are off meanwhile (a pragma that has
    // no effect inside a transaction), checked before each commit, and on again afterwards.
    let fk: i64 = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let migrated = (|| -> Result<()> {
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            // Re-read inside the write lock: another process may have migrated meanwhile.
            let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if now > i as i64 {
                continue;
            }
            tx.execute_batch(sql)?;
            let broken: Option<String> = tx.query_row("PRAGMA foreign_key_check", [], |r| r.get(0)).optional()?;
            if let Some(table) = broken {
                return Err(Error::Invalid(format!(
                    "migration {} would leave rows of {table} naming rows that do not exist; nothing was changed",
                    i + 1
                )));
            }
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        Ok(())
    })();
    conn.pragma_update(None, "foreign_keys", if fk == 1 { "ON" } else { "OFF" })?;
    migrated
}

#[cfg(test)]
mod tests {
    /// The lookups that run once per imported file, and the signatory lists, use the index made
    /// for them: a plan that scans every entry of the statement makes an import quadratic.
    #[test]
    fn each_lookup_uses_its_index() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::Store::open(&dir.path().join("s.db")).unwrap();
        let cases = [
            (
                "SELECT e.id FROM entries e WHERE e.statement_id = ?1 AND e.signer_key = ?2 AND e.kind = 'endorsement'
                   AND e.status = 'accepted' AND (?3 IS NULL OR e.id != ?3) LIMIT 1",
                "entries_by_key",
            ),
            ("SELECT 1 FROM entries WHERE statement_id = ?1 AND signer_key = ?2 AND kind = 'endorsement' AND status = 'review'", "entries_by_key"),
            ("SELECT 1 FROM entries WHERE target = ?1 AND kind = 'withdrawal' AND status = 'accepted'", "entries_by_target"),
            ("SELECT status FROM entries WHERE id = ?1", "sqlite_autoindex_entries_1"),
            (
                "SELECT e.id FROM entries e WHERE e.statement_id = ?1 AND e.kind = 'endorsement' AND e.status = 'accepted'
                 ORDER BY e.signed_at DESC, e.seq DESC LIMIT ?2",
                "entries_by_signed_at",
            ),
            ("SELECT e.id FROM entries e WHERE e.statement_id = ?1 AND e.kind = 'endorsement' ORDER BY e.signed_at, e.seq", "entries_by_signed_at"),
        ];
        for (sql, index) in cases {
            let mut q = store.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
            let n = q.parameter_count();
            let plan: Vec<String> = q
                .query_map(rusqlite::params_from_iter(std::iter::repeat_n("x", n)), |r| r.get::<_, String>(3))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            assert!(plan.iter().any(|p| p.contains(&format!("INDEX {index} "))), "{sql}: {plan:?}");
            assert!(!plan.iter().any(|p| p.contains("TEMP B-TREE")), "{sql}: {plan:?}");
        }
    }
}
