//! Read-only views of the store for the desktop app's screens: a statement's versions, its
//! signatories, its releases and the member's own signatures. Nothing here writes.

use crate::{Error, Result, Store};
use rusqlite::params;
use serde::{Deserialize, Serialize};
use undersigned_core::bundle;
use undersigned_core::report::WitnessInfo;
use undersigned_core::statement::Text;

/// One version of a statement, draft or open.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VersionView {
    pub version: u64,
    /// `draft` or `open`.
    pub state: String,
    pub texts: Vec<Text>,
    pub digest: Option<String>,
    pub opened_at: Option<String>,
    pub closes_on: Option<String>,
    /// Endorsements imported for this version (any status).
    pub endorsements: u64,
}

/// One endorsement as the signatories table shows it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SignatoryRow {
    pub entry: String,
    pub name: String,
    pub kind: String,
    pub country: String,
    pub website: Option<String>,
    pub signed_at: String,
    pub imported_at: String,
    pub version: u64,
    /// `active`, `withdrawn`, `review` or `rejected`.
    pub status: String,
    /// Whether a release already carries it.
    pub released: bool,
    /// Who is behind its key (FORMAT.md §14.7), from the lead's attestations recorded so far:
    /// `website`, `attested` or `self-declared`.
    pub tier: String,
}

/// A published release.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReleaseRow {
    pub number: u64,
    pub issued_at: String,
    pub entries: u64,
    pub signatories: u64,
    pub withdrawn: u64,
    pub root: String,
    /// Format 1.1 (FORMAT.md §14.8): the witnesses its version lists, each with whether it
    /// co-signed this release's checkpoint, and how many must (none and 0 for format 1).
    pub witnesses: Vec<WitnessInfo>,
    pub quorum: u64,
}

impl Store {
    /// Every version of a statement, ascending.
    pub fn versions(&self, id: &str) -> Result<Vec<VersionView>> {
        let id = self.resolve_statement(id)?;
        let mut stmt = self.conn.prepare(
            "SELECT v.version, v.state, v.texts, v.digest, v.opened_at, v.closes_on,
                (SELECT count(*) FROM entries e WHERE e.statement_id = v.statement_id AND e.kind = 'endorsement'
                    AND e.version = v.version)
             FROM versions v WHERE v.statement_id = ?1 ORDER BY v.version",
        )?;
        let rows = stmt.query_map([&id], |r| {
            Ok((
                r.get::<_, u64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, u64>(6)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (version, state, texts, digest, opened_at, closes_on, endorsements) = row?;
            let texts: Vec<Text> = serde_json::from_str(&texts)
                .map_err(|e| Error::Invalid(format!("the store holds a damaged statement text: {e}")))?;
            out.push(VersionView { version, state, texts, digest, opened_at, closes_on, endorsements });
        }
        Ok(out)
    }

    /// Every endorsement imported for a statement, in signing order (then import order), with
    /// its status.
    pub fn signatories(&self, id: &str) -> Result<Vec<SignatoryRow>> {
        self.signatory_rows(id, "ORDER BY e.signed_at, e.seq", None)
    }

    /// The `limit` latest active signatories (newest first): what the app shows at once while
    /// it loads them all.
    pub fn signatories_latest(&self, id: &str, limit: u32) -> Result<Vec<SignatoryRow>> {
        self.signatory_rows(
            id,
            "AND e.status = 'accepted' AND NOT EXISTS (SELECT 1 FROM entries w WHERE w.target = e.id AND w.status = 'accepted')
             ORDER BY e.signed_at DESC, e.seq DESC LIMIT ?2",
            Some(limit),
        )
    }

    fn signatory_rows(&self, id: &str, tail: &str, limit: Option<u32>) -> Result<Vec<SignatoryRow>> {
        let id = self.resolve_statement(id)?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT e.id, e.name, e.signer_kind, e.country, e.website, e.signed_at, e.imported_at, e.version, e.status,
                EXISTS (SELECT 1 FROM log l WHERE l.seq = e.seq),
                EXISTS (SELECT 1 FROM entries w WHERE w.target = e.id AND w.status = 'accepted')
             FROM entries e WHERE e.statement_id = ?1 AND e.kind = 'endorsement' {tail}"
        ))?;
        let map = |r: &rusqlite::Row<'_>| {
            let status: String = r.get(8)?;
            let withdrawn: bool = r.get(10)?;
            Ok(SignatoryRow {
                entry: r.get(0)?,
                name: r.get(1)?,
                kind: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                country: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                website: r.get(4)?,
                signed_at: r.get(5)?,
                imported_at: r.get(6)?,
                version: r.get::<_, Option<u64>>(7)?.unwrap_or_default(),
                status: if status == "accepted" && withdrawn {
                    "withdrawn".into()
                } else if status == "accepted" {
                    "active".into()
                } else {
                    status
                },
                released: r.get(9)?,
                tier: undersigned_core::tier::Tier::SelfDeclared.as_str().into(),
            })
        };
        let mut rows: Vec<SignatoryRow> = match limit {
            Some(l) => stmt.query_map(rusqlite::params![&id, l], map)?.collect::<Result<_, _>>()?,
            None => stmt.query_map([&id], map)?.collect::<Result<_, _>>()?,
        };
        let tiers = self.tiers(&id)?;
        for r in &mut rows {
            if let Some(t) = tiers.get(&r.entry) {
                r.tier = t.tier.as_str().into();
            }
        }
        Ok(rows)
    }

    /// The published releases of a statement, ascending.
    pub fn releases(&self, id: &str) -> Result<Vec<ReleaseRow>> {
        let id = self.resolve_statement(id)?;
        let mut stmt =
            self.conn.prepare("SELECT envelope, checkpoint FROM releases WHERE statement_id = ?1 ORDER BY number")?;
        let rows: Vec<(String, Option<String>)> =
            stmt.query_map([&id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
        let damaged = |e: serde_json::Error| Error::Invalid(format!("the store holds a damaged release: {e}"));
        let versions = if rows.iter().any(|r| r.1.is_some()) { self.open_versions(&id)? } else { Vec::new() };
        // The members both formats' releases have, read alike.
        macro_rules! row {
            ($b:expr, $witnesses:expr, $quorum:expr) => {
                ReleaseRow {
                    number: $b.number,
                    issued_at: $b.issued_at.clone(),
                    entries: $b.log.size,
                    signatories: $b.counts.signatories,
                    withdrawn: $b.counts.withdrawn,
                    root: $b.log.root.clone(),
                    witnesses: $witnesses,
                    quorum: $quorum,
                }
            };
        }
        rows.iter()
            .map(|(s, checkpoint)| {
                let Some(note) = checkpoint else {
                    let r: undersigned_core::Release = serde_json::from_str(s).map_err(damaged)?;
                    return Ok(row!(r.signed, Vec::new(), 0));
                };
                // A release of format 1.1: who co-signed it, read from its checkpoint and its
                // last version as a verifier reads them (checks 14–18).
                let r: undersigned_core::release11::Release = serde_json::from_str(s).map_err(damaged)?;
                let b = &r.signed;
                let last = versions
                    .iter()
                    .rfind(|v| b.versions.iter().any(|d| d.version == v.body().version && d.digest == v.body().digest));
                let w = undersigned_core::verify11::witness_report(last, b, note);
                Ok(row!(b, w.listed, w.quorum))
            })
            .collect()
    }

    /// The lead's public key of a statement and its fingerprint.
    pub fn lead_of(&self, id: &str) -> Result<(String, String)> {
        let id = self.resolve_statement(id)?;
        let key: String =
            self.conn.query_row("SELECT lead_key FROM statements WHERE id = ?1", params![id], |r| r.get(0))?;
        let fp = bundle::fingerprint_hex(&key);
        Ok((key, fp))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_of_the_demo() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("s.db")).unwrap();
        let opts = crate::demo::DemoOptions {
            dir: &dir.path().join("demo"),
            signatories: 12,
            files: false,
            pending: false,
            seed: 7,
            passphrase: "demo",
            evidence: true,
        };
        let r = crate::demo::run(&mut store, &opts, &mut |_, _, _| {}).unwrap();
        let v = store.versions(&r.statement_id).unwrap();
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].state, "open");
        assert_eq!(v[0].texts.len(), 4, "the demo statement is in English, French, Spanish and Arabic");
        assert_eq!(v[0].endorsements, 12);
        let s = store.signatories(&r.statement_id).unwrap();
        assert_eq!(s.len(), 12);
        assert!(s.iter().all(|x| x.status == "active" && x.released));
        assert!(s.windows(2).all(|w| w[0].signed_at <= w[1].signed_at), "in signing order");
        let latest = store.signatories_latest(&r.statement_id, 5).unwrap();
        let mut newest: Vec<_> = s.iter().rev().take(5).map(|x| x.entry.clone()).collect();
        newest.sort();
        let mut got: Vec<_> = latest.iter().map(|x| x.entry.clone()).collect();
        assert!(latest.windows(2).all(|w| w[0].signed_at >= w[1].signed_at), "newest first");
        got.sort();
        assert_eq!(got, newest);
        let rel = store.releases(&r.statement_id).unwrap();
        assert_eq!(rel.len(), 1);
        assert_eq!(rel[0].signatories, 12);
    }
}
