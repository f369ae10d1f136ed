//! The lead's review of held entries: accept or reject, with a reason.

use super::classify::active_endorsement_of;
use super::*;
use crate::{Error, Result, Store};
use rusqlite::{params, TransactionBehavior};
use undersigned_core::bundle;

impl Store {
    pub fn review_list(&self, statement: Option<&str>) -> Result<Vec<ReviewItem>> {
        let statement = statement.map(|s| self.resolve_statement(s)).transpose()?;
        let mut stmt = self.conn.prepare(
            "SELECT id, statement_id, name, signer_kind, country, website, signer_key, flags, imported_at, kind, region,
                EXISTS (SELECT 1 FROM vetting_packets p WHERE p.entry_id = entries.id)
             FROM entries WHERE status = 'review' AND (?1 IS NULL OR statement_id = ?1) ORDER BY seq",
        )?;
        let rows = stmt.query_map([statement], |r| {
            Ok(ReviewItem {
                entry: r.get(0)?,
                statement_id: r.get(1)?,
                name: r.get(2)?,
                signer_kind: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                country: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                website: r.get(5)?,
                fingerprint: bundle::fingerprint_hex(&r.get::<_, String>(6)?),
                reasons: r.get::<_, String>(7)?.split('\n').filter(|s| !s.is_empty()).map(str::to_owned).collect(),
                imported_at: r.get(8)?,
                tier: undersigned_core::tier::Tier::SelfDeclared.as_str().into(),
                website_check: None,
                kind: r.get(9)?,
                region: r.get(10)?,
                vetting_packet: r.get(11)?,
            })
        })?;
        let mut items: Vec<ReviewItem> = rows.collect::<Result<_, _>>()?;
        // What the lead's checks found so far, by the verifier's own rule.
        let mut tiers: std::collections::HashMap<String, std::collections::HashMap<String, _>> = Default::default();
        for it in &mut items {
            if !tiers.contains_key(&it.statement_id) {
                tiers.insert(it.statement_id.clone(), self.tiers(&it.statement_id)?);
            }
            if let Some(t) = tiers.get(&it.statement_id).and_then(|m| m.get(&it.entry)) {
                it.tier = t.tier.as_str().into();
                it.website_check = t.evidence.iter().find_map(|e| e.website.as_ref().map(|w| (w.finding, w.status)));
            }
        }
        Ok(items)
    }

    pub(crate) fn resolve_entry(&self, entry: &str) -> Result<(String, String, String, String, String)> {
        let e = entry.trim().to_lowercase();
        if e.len() < 4 || !e.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Error::NotFound(format!("{entry:?} is not an entry id (give at least 4 hex digits)")));
        }
        let mut stmt = self.conn.prepare(
            "SELECT id, statement_id, status, signer_key, kind FROM entries WHERE id LIKE ?1 || '%' LIMIT 2",
        )?;
        let rows: Vec<(String, String, String, String, String)> = stmt
            .query_map([&e], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
            .collect::<Result<_, _>>()?;
        match rows.len() {
            1 => Ok(rows.into_iter().next().unwrap_or_default()),
            0 => Err(Error::NotFound(format!("no entry {e} in this store"))),
            _ => Err(Error::Invalid(format!("{e} names more than one entry; give more of the id"))),
        }
    }

    /// Accepts an entry held for review.
    pub fn review_accept(&mut self, entry: &str, now: &str) -> Result<String> {
        let (id, statement_id, status, signer_key, kind) = self.resolve_entry(entry)?;
        if status != "review" {
            return Err(Error::Conflict(format!("entry {id} is not waiting for review (it is {status})")));
        }
        if kind == "endorsement" && active_endorsement_of(&self.conn, &statement_id, &signer_key, Some(&id))?.is_some()
        {
            return Err(Error::Conflict(
                "this key already has an accepted endorsement that it has not withdrawn; reject this one, \
                 or ask the signer to withdraw the other first"
                    .into(),
            ));
        }
        if kind == "hidden" && self.attestations(&statement_id, Some(&id))?.is_empty() {
            return Err(Error::Conflict(
                "a signer not named is released only once you have recorded how you checked who is behind it".into(),
            ));
        }
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute("UPDATE entries SET status = 'accepted', decision = 'accepted after review' WHERE id = ?1", [&id])?;
        Store::audit(&tx, now, "review-accepted", Some(&statement_id), &id)?;
        tx.commit()?;
        Ok(id)
    }

    /// Rejects an entry held for review, with the lead's reason.
    pub fn review_reject(&mut self, entry: &str, reason: &str, now: &str) -> Result<String> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Error::Invalid("give a reason for rejecting".into()));
        }
        let (id, statement_id, status, _, _) = self.resolve_entry(entry)?;
        if status != "review" {
            return Err(Error::Conflict(format!("entry {id} is not waiting for review (it is {status})")));
        }
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute("UPDATE entries SET status = 'rejected', decision = ?2 WHERE id = ?1", params![id, reason])?;
        Store::audit(&tx, now, "review-rejected", Some(&statement_id), &format!("{id}: {reason}"))?;
        tx.commit()?;
        Ok(id)
    }
}
