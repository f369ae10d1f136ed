//! The lead's statements: drafts, edits, opening a version for signature, invitations.

use super::*;
use crate::{Error, Result, Store};
use rusqlite::{params, OptionalExtension, TransactionBehavior};
use undersigned_core::bundle;
use undersigned_core::statement::{self, NewVersion, Text};
use undersigned_core::statement11::{self, Witness};
use undersigned_core::{AnyInvitation, AnyVersion, PublicKey, SecretKey};

impl Store {
    /// Creates a statement with a first draft version; returns its id.
    #[allow(clippy::too_many_arguments)]
    pub fn create_statement(
        &mut self,
        lead_key: &PublicKey,
        lead_name: &str,
        title: &str,
        body: &str,
        language: &str,
        now: &str,
        id_bytes: [u8; 16],
    ) -> Result<String> {
        let id = hex::encode(id_bytes);
        let texts = vec![Text { language: language.trim().into(), title: title.into(), body: body.into() }];
        check_draft(&id, &texts, lead_name, now)?;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO statements (id, lead_key, lead_name, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![id, lead_key.to_hex(), undersigned_core::fields::normalize(lead_name), now],
        )?;
        tx.execute(
            "INSERT INTO versions (statement_id, version, state, texts) VALUES (?1, 1, 'draft', ?2)",
            params![id, json(&texts)],
        )?;
        Store::audit(&tx, now, "statement-created", Some(&id), title)?;
        tx.commit()?;
        Ok(id)
    }

    /// Resolves a statement id or a unique prefix of one.
    pub fn resolve_statement(&self, id: &str) -> Result<String> {
        let id = id.trim().to_lowercase();
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Error::NotFound(format!("{id:?} is not a statement id")));
        }
        let mut stmt = self.conn.prepare("SELECT id FROM statements WHERE id LIKE ?1 || '%' LIMIT 2")?;
        let ids: Vec<String> = stmt.query_map([&id], |r| r.get(0))?.collect::<Result<_, _>>()?;
        match ids.len() {
            1 => Ok(ids.into_iter().next().unwrap_or_default()),
            0 => Err(Error::NotFound(format!("no statement {id} in this store"))),
            _ => Err(Error::Invalid(format!("{id} names more than one statement; give more of the id"))),
        }
    }

    fn latest_version(&self, id: &str) -> Result<(u64, String, Vec<Text>)> {
        let (v, state, texts): (u64, String, String) = self
            .conn
            .query_row(
                "SELECT version, state, texts FROM versions WHERE statement_id = ?1 ORDER BY version DESC LIMIT 1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?
            .ok_or_else(|| Error::NotFound(format!("no statement {id}")))?;
        Ok((v, state, parse_json(&texts, "statement text")?))
    }

    /// Replaces the text (in `language`, default the first) and/or title of the draft; if the
    /// latest version is open, starts the draft of the next version. Returns the draft's number.
    pub fn edit_statement(
        &mut self,
        id: &str,
        body: Option<&str>,
        title: Option<&str>,
        language: Option<&str>,
        now: &str,
    ) -> Result<u64> {
        let id = self.resolve_statement(id)?;
        let (v, state, mut texts) = self.latest_version(&id)?;
        let lang = language.map(|l| l.trim().to_owned()).unwrap_or_else(|| texts[0].language.clone());
        match texts.iter_mut().find(|t| t.language == lang) {
            Some(t) => {
                if let Some(b) = body {
                    t.body = b.into();
                }
                if let Some(ti) = title {
                    t.title = ti.into();
                }
            }
            None => {
                let (Some(b), Some(ti)) = (body, title.or(texts.first().map(|t| t.title.as_str()))) else {
                    return Err(Error::Invalid(format!("to add language {lang}, give its text")));
                };
                let t = Text { language: lang.clone(), title: ti.into(), body: b.into() };
                texts.push(t);
                texts.sort_by(|a, b| a.language.cmp(&b.language));
            }
        }
        let lead_name: String =
            self.conn.query_row("SELECT lead_name FROM statements WHERE id = ?1", [&id], |r| r.get(0))?;
        check_draft(&id, &texts, &lead_name, now)?;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let draft = if state == "draft" {
            tx.execute(
                "UPDATE versions SET texts = ?3 WHERE statement_id = ?1 AND version = ?2",
                params![id, v, json(&texts)],
            )?;
            v
        } else {
            tx.execute(
                "INSERT INTO versions (statement_id, version, state, texts) VALUES (?1, ?2, 'draft', ?3)",
                params![id, v + 1, json(&texts)],
            )?;
            v + 1
        };
        Store::audit(&tx, now, "statement-edited", Some(&id), &format!("draft version {draft}"))?;
        tx.commit()?;
        Ok(draft)
    }

    /// Freezes the draft as the next version, signed by the lead.
    pub fn open_statement(
        &mut self,
        id: &str,
        lead: &SecretKey,
        closes_on: Option<&str>,
        now: &str,
    ) -> Result<AnyVersion> {
        self.open_statement_witnessed(id, lead, closes_on, now, &[], None, false)
    }

    /// [`Store::open_statement`] with the witnesses who will co-sign its releases and how many of
    /// them must (FORMAT.md §14.4; by default the smallest quorum the format allows, more than
    /// half), and whether signers may sign without being named (§14.9: the version then names
    /// the age recipient their vetting packets are encrypted to, derived from the lead's key by
    /// [`crate::vetting::recipient`]). With witnesses or signers not named the version is of
    /// format 1.1, and so is every release from then on; without, of format 1.
    #[allow(clippy::too_many_arguments)]
    pub fn open_statement_witnessed(
        &mut self,
        id: &str,
        lead: &SecretKey,
        closes_on: Option<&str>,
        now: &str,
        witnesses: &[Witness],
        quorum: Option<u64>,
        unnamed_signers: bool,
    ) -> Result<AnyVersion> {
        let quorum = quorum.unwrap_or(default_quorum(witnesses.len()));
        // As typed: white space around the parts, a key in capitals (a name as §5 normalizes it).
        let witnesses: Vec<Witness> = witnesses
            .iter()
            .map(|w| Witness {
                key_name: w.key_name.trim().into(),
                name: undersigned_core::fields::normalize(&w.name),
                public_key: w.public_key.trim().to_lowercase(),
                website: w.website.as_deref().map(str::trim).filter(|w| !w.is_empty()).map(Into::into),
            })
            .collect();
        let witnesses = witnesses.as_slice();
        let closes_on = closing_date(closes_on)?;
        let id = self.resolve_statement(id)?;
        let (lead_key, lead_name): (String, String) =
            self.conn.query_row("SELECT lead_key, lead_name FROM statements WHERE id = ?1", [&id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        if lead.public_key().to_hex() != lead_key {
            return Err(Error::Invalid("this key is not the lead key of this statement".into()));
        }
        let (v, state, texts) = self.latest_version(&id)?;
        if state != "draft" {
            return Err(Error::Conflict(format!(
                "version {v} is already open; edit the statement to prepare version {}",
                v + 1
            )));
        }
        // Versions open one after the other (§10.2): a version opened in the same second as the
        // one before would make every release of the statement fail.
        let before: Option<String> = self.conn.query_row(
            "SELECT MAX(opened_at) FROM versions WHERE statement_id = ?1 AND state = 'open'",
            [&id],
            |r| r.get(0),
        )?;
        if let Some(before) = before.filter(|b| now <= b.as_str()) {
            return Err(Error::Conflict(format!(
                "the version before was opened at {before}: open this one after that (in a moment)"
            )));
        }
        let signed = statement::open(
            NewVersion {
                statement_id: &id,
                version: v,
                texts,
                lead_name: &lead_name,
                opened_at: now.into(),
                closes_on: closes_on.map(str::to_owned),
            },
            lead,
        )
        .map_err(Error::Verification)?;
        let signed = if witnesses.is_empty() && quorum == 0 && !unnamed_signers {
            AnyVersion::V1(signed)
        } else {
            let b = signed.signed;
            let vetting_recipient =
                unnamed_signers.then(|| crate::vetting::recipient(lead, &b.statement_id, b.version));
            let v11 = statement11::sign(
                statement11::StatementVersionBody {
                    format: undersigned_core::FORMAT_1_1.into(),
                    kind: statement::TYPE.into(),
                    statement_id: b.statement_id,
                    version: b.version,
                    texts: b.texts,
                    lead: statement11::Lead {
                        public_key: b.lead.public_key,
                        name: b.lead.name,
                        website: None,
                        vetting_recipient,
                    },
                    witnesses: witnesses.to_vec(),
                    quorum,
                    opened_at: b.opened_at,
                    closes_on: b.closes_on,
                    digest: String::new(),
                },
                lead,
            );
            let failures = statement11::verify_version(&v11);
            if !failures.is_empty() {
                return Err(Error::Verification(failures));
            }
            AnyVersion::V11(v11)
        };
        let body = signed.body();
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE versions SET state = 'open', texts = ?3, envelope = ?4, digest = ?5, opened_at = ?6, closes_on = ?7
             WHERE statement_id = ?1 AND version = ?2",
            params![id, v, json(&body.texts), json(&signed), body.digest, now, closes_on],
        )?;
        let (listed, quorum) = signed.witnesses();
        let detail = match listed.len() {
            0 => format!("version {v}, digest {}", body.digest),
            n => format!("version {v}, digest {}, {n} witnesses, quorum {quorum}", body.digest),
        };
        Store::audit(&tx, now, "version-opened", Some(&id), &detail)?;
        tx.commit()?;
        Ok(signed)
    }

    /// Every open version of a statement, ascending, each of its own format.
    pub fn open_versions(&self, id: &str) -> Result<Vec<AnyVersion>> {
        let mut stmt = self
            .conn
            .prepare("SELECT envelope FROM versions WHERE statement_id = ?1 AND state = 'open' ORDER BY version")?;
        let rows: Vec<String> = stmt.query_map([id], |r| r.get(0))?.collect::<Result<_, _>>()?;
        rows.iter().map(|s| parse_json(s, "statement version")).collect()
    }

    /// The invitation for the latest open version (of that version's format).
    pub fn invitation(&self, id: &str) -> Result<AnyInvitation> {
        let id = self.resolve_statement(id)?;
        let v = self.open_versions(&id)?.pop().ok_or_else(|| {
            Error::Conflict("this statement has no version open for signature yet; open it first".into())
        })?;
        Ok(AnyInvitation(v))
    }

    pub fn list_statements(&self) -> Result<Vec<StatementSummary>> {
        let mut stmt = self.conn.prepare(
            "SELECT s.id, s.lead_name, s.lead_key,
                (SELECT version FROM versions WHERE statement_id = s.id ORDER BY version DESC LIMIT 1),
                (SELECT state FROM versions WHERE statement_id = s.id ORDER BY version DESC LIMIT 1),
                (SELECT texts FROM versions WHERE statement_id = s.id ORDER BY version DESC LIMIT 1),
                (SELECT max(version) FROM versions WHERE statement_id = s.id AND state = 'open'),
                (SELECT closes_on FROM versions WHERE statement_id = s.id AND state = 'open' ORDER BY version DESC LIMIT 1),
                (SELECT count(*) FROM entries e WHERE e.statement_id = s.id AND e.kind = 'endorsement' AND e.status = 'accepted'
                    AND NOT EXISTS (SELECT 1 FROM entries w WHERE w.target = e.id AND w.status = 'accepted')),
                (SELECT count(*) FROM entries e WHERE e.statement_id = s.id AND e.kind = 'endorsement' AND e.status = 'accepted'
                    AND EXISTS (SELECT 1 FROM entries w WHERE w.target = e.id AND w.status = 'accepted')),
                (SELECT count(*) FROM entries WHERE statement_id = s.id AND status = 'review'),
                (SELECT count(*) FROM releases WHERE statement_id = s.id)
             FROM statements s ORDER BY s.created_at, s.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, u64>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<u64>>(6)?,
                r.get::<_, Option<String>>(7)?,
                r.get::<_, u64>(8)?,
                r.get::<_, u64>(9)?,
                r.get::<_, u64>(10)?,
                r.get::<_, u64>(11)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (
                id,
                lead_name,
                lead_key,
                version,
                state,
                texts,
                open_version,
                closes_on,
                signatories,
                withdrawn,
                review,
                releases,
            ) = row?;
            let texts: Vec<Text> = parse_json(&texts, "statement text")?;
            out.push(StatementSummary {
                title: texts.first().map(|t| t.title.clone()).unwrap_or_default(),
                titles: texts.iter().map(|t| (t.language.clone(), t.title.clone())).collect(),
                lead_fingerprint: bundle::fingerprint_hex(&lead_key),
                id,
                lead_name,
                version,
                state,
                open_version,
                closes_on,
                signatories,
                withdrawn,
                awaiting_review: review,
                releases,
            });
        }
        Ok(out)
    }
}

/// A closing date as a person typed it: none when empty, else a real `YYYY-MM-DD` date (§5).
pub fn closing_date(input: Option<&str>) -> Result<Option<&str>> {
    let date = input.map(str::trim).filter(|c| !c.is_empty());
    if let Some(c) = date {
        undersigned_core::fields::date("the closing date", c).map_err(Error::Invalid)?;
    }
    Ok(date)
}

pub(super) fn check_draft(id: &str, texts: &[Text], lead_name: &str, now: &str) -> Result<()> {
    let mut sorted = texts.to_vec();
    for t in &mut sorted {
        t.title = undersigned_core::fields::normalize(&t.title);
        t.body = statement::normalize_body(&t.body);
    }
    let body = statement::StatementVersionBody {
        format: undersigned_core::FORMAT.into(),
        kind: statement::TYPE.into(),
        statement_id: id.into(),
        version: 1,
        digest: hex::encode(statement::digest(id, 1, &sorted)),
        texts: sorted,
        lead: statement::Lead {
            public_key: hex::encode([0u8; 32]),
            name: undersigned_core::fields::normalize(lead_name),
        },
        opened_at: now.into(),
        closes_on: None,
    };
    let failures = statement::check_fields(&body);
    if failures.is_empty() {
        Ok(())
    } else {
        Err(Error::Verification(failures))
    }
}

/// The smallest quorum of `n` witnesses that the format allows (2k > n, FORMAT.md §14.4): any
/// two quorums share a witness. 0 without witnesses.
pub fn default_quorum(n: usize) -> u64 {
    if n == 0 {
        0
    } else {
        n as u64 / 2 + 1
    }
}
