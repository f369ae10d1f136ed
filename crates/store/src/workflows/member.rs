//! The member: signing an invitation, "what I signed", withdrawing.

use super::*;
use crate::{Error, Result, Store};
use rusqlite::{params, OptionalExtension};
use undersigned_core::endorsement::{self, Endorsement, SignerDetails};
use undersigned_core::withdrawal::{self, Withdrawal};
use undersigned_core::{AnyInvitation, SecretKey};

impl Store {
    /// Records an endorsement this store's user signed ("what I signed").
    pub fn record_signature(&mut self, invitation: &AnyInvitation, e: &Endorsement) -> Result<()> {
        let v = invitation.0.body();
        self.conn.execute(
            "INSERT OR REPLACE INTO my_signatures (entry_id, statement_id, title, version, signer_key, name, signed_at, endorsement)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                hex::encode(e.id()),
                v.statement_id,
                v.text(None).map(|t| t.title.clone()).unwrap_or_default(),
                v.version,
                e.signed.signer.public_key,
                e.signed.signer.name,
                e.signed.signed_at,
                json(e)
            ],
        )?;
        Ok(())
    }

    /// Records that the user withdrew one of its endorsements.
    pub fn record_withdrawal(&mut self, w: &Withdrawal) -> Result<()> {
        self.conn.execute(
            "UPDATE my_signatures SET withdrawal = ?2 WHERE entry_id = ?1",
            params![w.signed.endorsement, json(w)],
        )?;
        Ok(())
    }

    /// Whether "what I signed" holds an endorsement of this version that is not withdrawn.
    pub fn has_signed(&self, statement_id: &str, version: u64) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM my_signatures WHERE statement_id = ?1 AND version = ?2 AND withdrawal IS NULL)",
            params![statement_id, version],
            |r| r.get(0),
        )?)
    }

    /// "What I signed", oldest first.
    pub fn my_signatures(&self) -> Result<Vec<MySignature>> {
        let mut stmt = self.conn.prepare(
            "SELECT entry_id, statement_id, title, version, name, signed_at, withdrawal IS NOT NULL
             FROM my_signatures ORDER BY signed_at",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(MySignature {
                entry: r.get(0)?,
                statement_id: r.get(1)?,
                title: r.get(2)?,
                version: r.get(3)?,
                name: r.get(4)?,
                signed_at: r.get(5)?,
                withdrawn: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The endorsement recorded under `entry` (an id or its first digits) in "what I signed".
    pub fn my_endorsement(&self, entry: &str) -> Result<Endorsement> {
        let e = entry.trim().to_lowercase();
        let env: String = self
            .conn
            .query_row("SELECT endorsement FROM my_signatures WHERE entry_id LIKE ?1 || '%' LIMIT 1", [&e], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| Error::NotFound(format!("you have no endorsement {e} in this store")))?;
        parse_json(&env, "endorsement")
    }
}

/// Reads and parses the invitation at `path`, of either format (not yet verified: see
/// [`AnyInvitation::verify`]).
pub fn read_invitation(path: &std::path::Path) -> Result<AnyInvitation> {
    let bytes = crate::files::read_capped(path, undersigned_core::invitation::MAX_BYTES, "invitation")?;
    Ok(AnyInvitation::parse(&bytes)?)
}

/// Signs an invitation's statement for a member, after verifying the invitation.
pub fn sign_invitation(
    invitation: &AnyInvitation,
    details: &SignerDetails,
    key: &SecretKey,
    now: &str,
) -> Result<Endorsement> {
    let failures = invitation.verify();
    if !failures.is_empty() {
        return Err(Error::Verification(failures));
    }
    endorsement::sign(&invitation.0, details, key, now.into()).map_err(Error::Verification)
}

/// Signs the withdrawal of an endorsement the member made.
pub fn withdraw(e: &Endorsement, key: &SecretKey, now: &str) -> Result<Withdrawal> {
    if let Some(f) = endorsement::verify(e).into_iter().next() {
        return Err(Error::Verification(vec![f]));
    }
    withdrawal::sign(e, key, now.into()).map_err(|e| Error::Invalid(e.to_string()))
}
