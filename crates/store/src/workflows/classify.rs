//! Where an imported entry goes: accepted, held for review (a name that looks like another's,
//! a second endorsement by one key) or refused, against what the store already holds.

use super::import_checks::*;
use super::*;
use crate::Result;
use rusqlite::{params, OptionalExtension};
use undersigned_core::endorsement;
use undersigned_core::Code;

/// The accepted endorsement of `key` for the statement that no accepted withdrawal retracts.
pub(super) fn active_endorsement_of(
    conn: &rusqlite::Connection,
    statement: &str,
    key: &str,
    except: Option<&str>,
) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT e.id FROM entries e WHERE e.statement_id = ?1 AND e.signer_key = ?2 AND e.kind = 'endorsement'
               AND e.status = 'accepted' AND (?3 IS NULL OR e.id != ?3)
               AND NOT EXISTS (SELECT 1 FROM entries w WHERE w.target = e.id AND w.status = 'accepted')
             LIMIT 1",
        )?
        .query_row(params![statement, key, except], |r| r.get(0))
        .optional()?)
}

pub(super) struct Row {
    pub(super) id: String,
    pub(super) statement_id: String,
    pub(super) kind: &'static str,
    pub(super) signer_key: String,
    pub(super) name: String,
    pub(super) skeleton: String,
    pub(super) signer_kind: Option<String>,
    pub(super) country: Option<String>,
    pub(super) website: Option<String>,
    pub(super) website_host: Option<String>,
    /// A hidden endorsement's region (§14.9).
    pub(super) region: Option<String>,
    pub(super) version: Option<u64>,
    pub(super) signed_at: String,
    pub(super) target: Option<String>,
    pub(super) flags: Vec<String>,
    pub(super) envelope: String,
}

pub(super) enum Classified {
    Entry(Box<Row>),
    Reject(Code, String),
    Duplicate(String),
}

pub(super) fn classify_endorsement(
    tx: &rusqlite::Transaction<'_>,
    pre: PreEndorsement,
    now: &str,
    versions: &mut VersionCache,
) -> Result<Classified> {
    let PreEndorsement { e, id, envelope, skeleton: sk, host, single_script } = pre;
    let b = &e.signed;
    let s = &b.statement;
    let Some((v, closes_on)) = versions.get(tx, &s.id, &s.lead_key, s.version)? else {
        return Ok(Classified::Reject(
            Code::StatementMismatch,
            "this endorsement is for a statement or version that this store has not opened".into(),
        ));
    };
    let closes_on = closes_on.clone();
    if let Err(f) = endorsement::check_statement(b, v) {
        return Ok(Classified::Reject(f.code, f.message));
    }
    if let Some(status) = tx
        .prepare_cached("SELECT status FROM entries WHERE id = ?1")?
        .query_row([&id], |r| r.get::<_, String>(0))
        .optional()?
    {
        return Ok(Classified::Duplicate(format!("this endorsement was imported before ({status})")));
    }
    let signer = &b.signer;
    if tx
        .prepare_cached(
            "SELECT 1 FROM entries WHERE statement_id = ?1 AND signer_key = ?2 AND kind IN ('hidden', 'reveal')
               AND status != 'rejected'",
        )?
        .query_row(params![s.id, signer.public_key], |_| Ok(()))
        .optional()?
        .is_some()
    {
        return Ok(Classified::Reject(
            Code::DuplicateSigner,
            "this key signed this statement without being named, or revealed such a signature: a key signs once".into(),
        ));
    }
    let mut flags = Vec::new();
    if active_endorsement_of(tx, &s.id, &signer.public_key, None)?.is_some()
        || tx
            .prepare_cached(
                "SELECT 1 FROM entries WHERE statement_id = ?1 AND signer_key = ?2 AND kind = 'endorsement' AND status = 'review'",
            )?
            .query_row(params![s.id, signer.public_key], |_| Ok(()))
            .optional()?
            .is_some()
    {
        flags.push("a second endorsement by the same key".to_owned());
    }
    {
        // Two indexed look-ups (an OR across the two columns would scan the statement).
        let mut same_look = tx.prepare_cached(
            "SELECT name FROM entries INDEXED BY entries_by_skeleton
             WHERE statement_id = ?1 AND skeleton = ?3 AND kind = 'endorsement' AND status != 'rejected' AND signer_key != ?2",
        )?;
        let names: Vec<String> =
            same_look.query_map(params![s.id, signer.public_key, sk], |r| r.get(0))?.collect::<Result<_, _>>()?;
        for other in names {
            if other == signer.name {
                flags.push(format!("another key already signed as \"{other}\""));
            } else {
                flags.push(format!("the name looks like \"{other}\", signed with another key"));
            }
        }
        if let Some(h) = &host {
            let mut same_site = tx.prepare_cached(
                "SELECT name FROM entries INDEXED BY entries_by_host
                 WHERE statement_id = ?1 AND website_host = ?3 AND kind = 'endorsement' AND status != 'rejected' AND signer_key != ?2",
            )?;
            let names: Vec<String> =
                same_site.query_map(params![s.id, signer.public_key, h], |r| r.get(0))?.collect::<Result<_, _>>()?;
            for other in names {
                if skeleton(&other) != sk {
                    flags.push(format!("another key already signed for the website of \"{other}\""));
                }
            }
        }
    }
    if !single_script {
        flags.push("the name mixes writing systems (for example Latin and Cyrillic letters)".into());
    }
    // signatories.csv keeps every value exactly; a spreadsheet would run one that starts like a
    // formula, so a person looks at it first.
    for (field, value) in
        [("name", Some(&signer.name)), ("title", signer.title.as_ref()), ("affiliation", signer.affiliation.as_ref())]
    {
        if value.is_some_and(|v| v.starts_with(['=', '+', '-', '@'])) {
            flags.push(format!("the {field} starts like a spreadsheet formula (=, +, - or @)"));
        }
    }
    if let Some(c) = closes_on {
        if b.signed_at.get(..10).is_some_and(|d| d > c.as_str()) || now.get(..10).is_some_and(|d| d > c.as_str()) {
            flags.push(format!("arrived after the closing date {c}"));
        }
    }
    flags.dedup();
    Ok(Classified::Entry(Box::new(Row {
        id,
        statement_id: s.id.clone(),
        kind: "endorsement",
        signer_key: signer.public_key.clone(),
        name: signer.name.clone(),
        skeleton: sk,
        signer_kind: Some(signer.kind.as_str().into()),
        country: Some(signer.country.clone()),
        website: signer.website.clone(),
        website_host: host,
        region: None,
        version: Some(s.version),
        signed_at: b.signed_at.clone(),
        target: None,
        flags,
        envelope,
    })))
}

pub(super) fn classify_withdrawal(tx: &rusqlite::Transaction<'_>, pre: PreWithdrawal) -> Result<Classified> {
    let PreWithdrawal { w, id, envelope } = pre;
    let b = &w.signed;
    let target: Option<(String, String, String, String, String)> = tx
        .prepare_cached(
            "SELECT e.statement_id, e.signer_key, e.name, st.lead_key, e.signed_at FROM entries e JOIN statements st ON st.id = e.statement_id
             WHERE e.id = ?1 AND e.kind IN ('endorsement', 'hidden')",
        )?
        .query_row([&b.endorsement], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .optional()?;
    let Some((statement_id, key, name, lead_key, signed_at)) = target else {
        return Ok(Classified::Reject(
            Code::WithdrawalUnmatched,
            "this withdrawal names an endorsement that this store does not have".into(),
        ));
    };
    if statement_id != b.statement.id || lead_key != b.statement.lead_key {
        return Ok(Classified::Reject(Code::StatementMismatch, "this withdrawal is for another statement".into()));
    }
    if key != b.signer_key {
        return Ok(Classified::Reject(
            Code::WithdrawalWrongKey,
            "this withdrawal is not signed by the key that signed the endorsement".into(),
        ));
    }
    if undersigned_core::fields::earlier(&b.withdrawn_at, &signed_at) {
        return Ok(Classified::Reject(
            Code::TimeOrder,
            format!("this withdrawal is dated {}, before the endorsement it withdraws ({signed_at})", b.withdrawn_at),
        ));
    }
    if tx.prepare_cached("SELECT 1 FROM entries WHERE id = ?1")?.query_row([&id], |_| Ok(())).optional()?.is_some() {
        return Ok(Classified::Duplicate("this withdrawal was imported before".into()));
    }
    // Only a withdrawal withdraws: a vouch or a reveal names a hidden entry too.
    if tx
        .prepare_cached("SELECT 1 FROM entries WHERE target = ?1 AND kind = 'withdrawal' AND status = 'accepted'")?
        .query_row([&b.endorsement], |_| Ok(()))
        .optional()?
        .is_some()
    {
        return Ok(Classified::Duplicate(if name.is_empty() {
            "this signature without a name was already withdrawn".into()
        } else {
            format!("the endorsement of {name} was already withdrawn")
        }));
    }
    Ok(Classified::Entry(Box::new(Row {
        id,
        statement_id,
        kind: "withdrawal",
        skeleton: skeleton(&name),
        signer_key: key,
        name,
        signer_kind: None,
        country: None,
        website: None,
        website_host: None,
        region: None,
        version: None,
        signed_at: b.withdrawn_at.clone(),
        target: Some(b.endorsement.clone()),
        flags: Vec::new(),
        envelope,
    })))
}
