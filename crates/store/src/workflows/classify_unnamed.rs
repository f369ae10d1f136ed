//! Where an imported entry of a signer not named goes (FORMAT.md §14.9): a hidden endorsement is
//! held until the lead has checked who is behind it (its attestation, §14.7); a vouch or a
//! reveal of a hidden entry this store holds is accepted; anything the release's verifier would
//! refuse is refused here first, with its code.

use super::classify::{Classified, Row};
use super::import_checks::VersionCache;
use super::*;
use crate::Result;
use rusqlite::{params, OptionalExtension};
use undersigned_core::bundle11::Entry;
use undersigned_core::endorsement::{Endorsable, EndorsedStatement};
use undersigned_core::{hidden, AnyVersion, Code};

/// Why a hidden endorsement waits for the lead: the one reason every one is held for.
pub const NOT_YET_CHECKED: &str =
    "not named: record how you checked who is behind it (in person, a call, an e-mail thread) before it can be released";

/// A parsed and verified entry of format 1.1 (hidden, vouch or reveal), before the store.
pub(super) struct PreUnnamed {
    pub(super) entry: Entry,
    pub(super) id: String,
    pub(super) envelope: String,
}

/// The statement an entry names, checked against the versions this store has opened: `None`
/// when it names one of format 1.1 that is open here, else why not.
fn statement_problem(
    tx: &rusqlite::Transaction<'_>,
    s: &EndorsedStatement,
    versions: &mut VersionCache,
    what: &str,
) -> Result<Option<(Code, String)>> {
    let Some((v, _)) = versions.get(tx, &s.id, &s.lead_key, s.version)? else {
        return Ok(Some((
            Code::StatementMismatch,
            format!("this {what} is for a statement or version that this store has not opened"),
        )));
    };
    if !matches!(v, AnyVersion::V11(_)) {
        return Ok(Some((
            Code::StatementMismatch,
            format!("this {what} names a version of format 1, which has no signers not named"),
        )));
    }
    let endorsed = match v {
        AnyVersion::V11(x) => x.signed.endorsed(),
        AnyVersion::V1(x) => x.signed.endorsed(),
    };
    if endorsed != *s {
        return Ok(Some((Code::StatementMismatch, format!("this {what} names another text of this version"))));
    }
    Ok(None)
}

/// The hidden entry `id` of `statement` this store holds (not refused): its one-time key.
fn hidden_entry(tx: &rusqlite::Transaction<'_>, statement: &str, id: &str) -> Result<Option<String>> {
    Ok(tx
        .prepare_cached(
            "SELECT signer_key FROM entries WHERE id = ?1 AND statement_id = ?2 AND kind = 'hidden' AND status != 'rejected'",
        )?
        .query_row(params![id, statement], |r| r.get(0))
        .optional()?)
}

/// Whether `key` holds an endorsement, a hidden entry or a reveal of `statement` not refused:
/// a key signs once (§14.10, check 10).
fn key_in_use(tx: &rusqlite::Transaction<'_>, statement: &str, key: &str) -> Result<bool> {
    Ok(tx
        .prepare_cached(
            "SELECT 1 FROM entries WHERE statement_id = ?1 AND signer_key = ?2
               AND kind IN ('endorsement', 'hidden', 'reveal') AND status != 'rejected'",
        )?
        .query_row(params![statement, key], |_| Ok(()))
        .optional()?
        .is_some())
}

fn duplicate(tx: &rusqlite::Transaction<'_>, id: &str) -> Result<Option<String>> {
    Ok(tx.prepare_cached("SELECT status FROM entries WHERE id = ?1")?.query_row([id], |r| r.get(0)).optional()?)
}

pub(super) fn classify_unnamed(
    tx: &rusqlite::Transaction<'_>,
    pre: PreUnnamed,
    versions: &mut VersionCache,
) -> Result<Classified> {
    let PreUnnamed { entry, id, envelope } = pre;
    let (statement, what) = match &entry {
        Entry::Hidden(x) => (&x.signed.statement, "hidden endorsement"),
        Entry::Vouch(x) => (&x.signed.statement, "vouch"),
        Entry::Reveal(x) => (&x.signed.statement, "reveal"),
        Entry::Endorsement(_) | Entry::Withdrawal(_) => {
            return Ok(Classified::Reject(Code::Malformed, "not an entry of a signer not named".into()))
        }
    };
    if let Some((code, reason)) = statement_problem(tx, statement, versions, what)? {
        return Ok(Classified::Reject(code, reason));
    }
    if let Some(status) = duplicate(tx, &id)? {
        return Ok(Classified::Duplicate(format!("this {what} was imported before ({status})")));
    }
    let row = |kind: &'static str, signer_key: String, signed_at: String| Row {
        id: id.clone(),
        statement_id: statement.id.clone(),
        kind,
        signer_key,
        name: String::new(),
        skeleton: String::new(),
        signer_kind: None,
        country: None,
        website: None,
        website_host: None,
        region: None,
        version: Some(statement.version),
        signed_at,
        target: None,
        flags: Vec::new(),
        envelope: envelope.clone(),
    };
    match &entry {
        Entry::Hidden(x) => {
            let b = &x.signed;
            if key_in_use(tx, &statement.id, &b.one_time_key)? {
                return Ok(Classified::Reject(
                    Code::DuplicateSigner,
                    "this hidden endorsement's one-time key has signed this statement already".into(),
                ));
            }
            let mut r = row("hidden", b.one_time_key.clone(), b.signed_at.clone());
            r.region = b.region.clone();
            r.flags = vec![NOT_YET_CHECKED.into()];
            Ok(Classified::Entry(Box::new(r)))
        }
        Entry::Vouch(x) => {
            let b = &x.signed;
            if hidden_entry(tx, &statement.id, &b.hidden)?.is_none() {
                return Ok(Classified::Reject(
                    Code::VouchInvalid,
                    "this vouch names no hidden endorsement that this store holds".into(),
                ));
            }
            // The voucher by its name when it signed by name (else the vouch does not count, §14.9).
            let name: Option<String> = tx
                .prepare_cached(
                    "SELECT name FROM entries WHERE statement_id = ?1 AND signer_key = ?2 AND kind = 'endorsement'
                       AND status = 'accepted' LIMIT 1",
                )?
                .query_row(params![statement.id, b.voucher_key], |r| r.get(0))
                .optional()?;
            let mut r = row("vouch", b.voucher_key.clone(), b.signed_at.clone());
            r.skeleton = name.as_deref().map(skeleton).unwrap_or_default();
            r.name = name.unwrap_or_default();
            r.target = Some(b.hidden.clone());
            Ok(Classified::Entry(Box::new(r)))
        }
        Entry::Reveal(x) => {
            let b = &x.signed;
            let Some(_) = hidden_entry(tx, &statement.id, &b.hidden)? else {
                return Ok(Classified::Reject(
                    Code::RevealUnmatched,
                    "this reveal names no hidden endorsement that this store holds".into(),
                ));
            };
            let committed: String = tx
                .prepare_cached("SELECT envelope FROM entries WHERE id = ?1")?
                .query_row([&b.hidden], |r| r.get(0))?;
            let h: hidden::Hidden = parse_json(&committed, "hidden endorsement")?;
            if !hidden::opens(&h.signed, &b.salt, &b.signer) {
                return Ok(Classified::Reject(
                    Code::CommitmentMismatch,
                    "this reveal's salt and details are not those the hidden endorsement is committed to".into(),
                ));
            }
            let revealed: bool = tx
                .prepare_cached("SELECT 1 FROM entries WHERE target = ?1 AND kind = 'reveal' AND status != 'rejected'")?
                .query_row([&b.hidden], |_| Ok(()))
                .optional()?
                .is_some();
            if revealed {
                return Ok(Classified::Reject(
                    Code::RevealDuplicate,
                    "this hidden endorsement is revealed already".into(),
                ));
            }
            if key_in_use(tx, &statement.id, &b.signer.public_key)? {
                return Ok(Classified::Reject(
                    Code::DuplicateSigner,
                    "the key this reveal names has signed this statement already".into(),
                ));
            }
            let s = &b.signer;
            let mut r = row("reveal", s.public_key.clone(), h.signed.signed_at.clone());
            r.name = s.name.clone();
            r.skeleton = skeleton(&s.name);
            r.signer_kind = Some(s.kind.clone());
            r.country = Some(s.country.clone());
            r.website = s.website.clone();
            r.website_host = s.website.as_deref().and_then(website_host);
            r.target = Some(b.hidden.clone());
            Ok(Classified::Entry(Box::new(r)))
        }
        Entry::Endorsement(_) | Entry::Withdrawal(_) => {
            Ok(Classified::Reject(Code::Malformed, "not an entry of a signer not named".into()))
        }
    }
}
