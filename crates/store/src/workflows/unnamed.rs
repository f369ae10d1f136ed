//! Signers counted but not named (FORMAT.md §14.9). The member signs with a one-time key and a
//! commitment to who it is, sends its vetting packet (encrypted to the lead) with it, and keeps
//! its secret sealed for its own key in its store, to reveal itself later or withdraw. The lead opens
//! the packet with its key, sees who is behind the entry, and records how it checked.
//!
//! Nothing here writes a signer's name, details or salt anywhere but into the packet (encrypted
//! to the lead) and the member's sealed record: not into an entry, a log line or an error.

use super::*;
use crate::{Error, Result, Store};
use rand_core::{CryptoRng, RngCore};
use rusqlite::{params, OptionalExtension};
use undersigned_core::endorsement::{self, Endorsable, Signer, SignerDetails};
use undersigned_core::hidden::{self, Hidden, Reveal, Vouch};
use undersigned_core::vetting::{self, Vetting};
use undersigned_core::{AnyInvitation, AnyVersion, SecretKey};

/// What a member signed without its name: its hidden endorsement, the vetting packet for the
/// lead, and its sealed record (kept by [`Store::record_hidden`]).
pub struct HiddenSigned {
    pub hidden: Hidden,
    /// The hidden endorsement's entry id (what vouches and the reveal name).
    pub entry: String,
    /// The vetting packet: age, binary, to the invitation's vetting recipient.
    pub packet: Vec<u8>,
    sealed: Vec<u8>,
}

/// A member's own record of a hidden signature, sealed for its key in its store: the
/// one-time key (which withdraws it and gives the salt, `vetting::salt_for`), the details the
/// commitment holds, and the hidden endorsement.
#[derive(Serialize, serde::Deserialize)]
pub struct HiddenRecord {
    one_time_seed: String,
    pub signer: Signer,
    pub hidden: Hidden,
    /// The statement's title as the member read it (in its first language).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The `withdrawn_at` of its withdrawal, once the member has signed one: written again
    /// from it, the same withdrawal byte for byte.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn_at: Option<String>,
    /// Whether the member has signed its reveal (which cannot be undone).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub revealed: bool,
}

/// A hidden signature as "What I signed" shows it, once the member's key has opened its record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MyHidden {
    pub entry: String,
    pub statement_id: String,
    pub title: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub version: u64,
    /// The name the commitment holds (shown only to the member).
    pub name: String,
    pub region: Option<String>,
    pub signed_at: String,
    /// Whether the member has signed its withdrawal.
    pub withdrawn: bool,
    /// Whether the member has signed its reveal.
    pub revealed: bool,
}

impl HiddenRecord {
    fn one_time(&self) -> Result<SecretKey> {
        let seed = undersigned_core::canonical::hex_array::<32>(&self.one_time_seed)
            .ok_or_else(|| Error::Invalid("the store holds a damaged record of a signature".into()))?;
        Ok(SecretKey::from_seed(&seed))
    }

    /// The hidden endorsement's entry id.
    pub fn entry(&self) -> String {
        hex::encode(self.hidden.entry_id())
    }
}

/// Signs `invitation`'s statement without the member's name (§14.9): a one-time key made here, a
/// commitment to `details` and the member's long-term `key`, the `region` it chooses (or none),
/// and the vetting packet for the lead with an optional `contact` line. The member's record is
/// sealed for its own key.
pub fn sign_hidden<R: RngCore + CryptoRng>(
    invitation: &AnyInvitation,
    details: &SignerDetails,
    key: &SecretKey,
    region: Option<&str>,
    contact: Option<&str>,
    now: &str,
    rng: &mut R,
) -> Result<HiddenSigned> {
    let failures = invitation.verify();
    if !failures.is_empty() {
        return Err(Error::Verification(failures));
    }
    let version = &invitation.0;
    let Some(recipient) = version.vetting_recipient() else {
        return Err(Error::Invalid(
            "this invitation does not let signers sign without being named: ask the coalition for one that does".into(),
        ));
    };
    if let Some(r) = region {
        if !hidden::REGIONS.contains(&r) {
            return Err(Error::Invalid(format!("the region is one of {} (or none)", hidden::REGIONS.join(", "))));
        }
    }
    // The signer's details as an endorsement would carry them (the same normalization and
    // rules, §5), then used only inside the commitment and the packet.
    let mut details = details.clone();
    details.website = details.website.as_deref().map(super::member::ascii_website).transpose()?;
    let signer = endorsement::sign(version, &details, key, now.into()).map_err(Error::Verification)?.signed.signer;
    let mut seed = zeroize::Zeroizing::new([0u8; 32]);
    rng.fill_bytes(seed.as_mut());
    let one_time = SecretKey::from_seed(&seed);
    let salt = vetting::salt_for(&one_time);
    let commitment = hidden::commitment(&hex::encode(salt), &signer)
        .ok_or_else(|| Error::Invalid("cannot make the commitment".into()))?;
    let h = hidden::sign_hidden(version.endorsed(), &one_time, commitment, region.map(str::to_owned), now.into());
    let contact = contact.map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned);
    let packet = vetting::sign(h.clone(), salt, signer.clone(), contact, key);
    vetting::check(&packet, std::slice::from_ref(version)).map_err(Error::Verification)?;
    let sealed_packet = crate::vetting::seal_to(recipient, &undersigned_core::canonical::to_jcs(&packet))?;
    let title = version.body().text(None).map(|t| t.title.clone());
    let record = HiddenRecord {
        one_time_seed: hex::encode(seed.as_ref()),
        signer,
        hidden: h.clone(),
        title,
        withdrawn_at: None,
        revealed: false,
    };
    let plain = zeroize::Zeroizing::new(undersigned_core::canonical::to_jcs(&record));
    let sealed = crate::vetting::seal_for_member(key, &plain)?;
    Ok(HiddenSigned { entry: hex::encode(h.entry_id()), hidden: h, packet: sealed_packet, sealed })
}

/// The reveal of a hidden signature (§14.9), signed by the member's long-term key.
pub fn reveal(record: &HiddenRecord, key: &SecretKey) -> Result<Reveal> {
    if key.public_key().to_hex() != record.signer.public_key {
        return Err(Error::Invalid("this is not the key you signed with: reveal with the same key".into()));
    }
    let salt = vetting::salt_for(&record.one_time()?);
    Ok(hidden::sign_reveal(
        record.hidden.signed.statement.clone(),
        record.hidden.entry_id(),
        salt,
        record.signer.clone(),
        key,
    ))
}

/// The withdrawal of a hidden signature, signed by its one-time key (§14.9); once withdrawn,
/// the same withdrawal again (its date kept in the record).
pub fn withdraw_hidden(record: &HiddenRecord, now: &str) -> Result<undersigned_core::Withdrawal> {
    let at = record.withdrawn_at.as_deref().unwrap_or(now);
    Ok(undersigned_core::withdrawal::sign_hidden(&record.hidden, &record.one_time()?, at.into()))
}

/// A named signatory's vouch for the hidden entry `entry` of `invitation`'s statement (§14.9).
pub fn vouch(invitation: &AnyInvitation, entry: &str, key: &SecretKey, now: &str) -> Result<Vouch> {
    let failures = invitation.verify();
    if !failures.is_empty() {
        return Err(Error::Verification(failures));
    }
    if let AnyVersion::V1(_) = &invitation.0 {
        return Err(Error::Invalid("this invitation's version has no signers not named (format 1)".into()));
    }
    Ok(hidden::sign_vouch(invitation.0.endorsed(), entry_id(entry)?, key, now.into()))
}

/// The entry id a signer not named was given as (64 hex digits, spaces and case aside).
fn entry_id(entry: &str) -> Result<[u8; 32]> {
    let compact: String = entry.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
    undersigned_core::canonical::hex_array::<32>(&compact).ok_or_else(|| {
        Error::Invalid("this is not the entry id of a signer not named (64 hex digits, from the lead)".into())
    })
}

/// What the lead learns from a vetting packet: who is behind a hidden entry, for its eyes only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VettingRead {
    pub entry: String,
    pub statement_id: String,
    pub name: String,
    pub signer_kind: String,
    pub country: String,
    pub website: Option<String>,
    pub title: Option<String>,
    pub affiliation: Option<String>,
    pub contact: Option<String>,
    pub region: Option<String>,
    /// What became of the hidden entry the packet carries (imported with it).
    pub outcome: Outcome,
}

/// A signer not named as the lead's signatories screen lists it (§14.9): its state and what
/// vouches for it, never who it is (that is for [`Store::vetting_show`], with the key).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnnamedItem {
    /// Its entry id: what the lead gives a named signatory who is to vouch for it.
    pub entry: String,
    pub region: Option<String>,
    pub signed_at: String,
    /// `waiting` (held until the lead records its check), `checked`, `withdrawn` or `revealed`.
    pub state: String,
    /// The lead's checks recorded for it, first by method: how and on what day.
    pub checks: Vec<UnnamedCheck>,
    /// Whether the store holds its vetting packet (who is behind it, opened with the key).
    pub vetting_packet: bool,
    /// The distinct named signatories whose vouch for it was accepted.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub vouchers: u64,
    /// Of them, those whose key is on their own website (`website` tier): the vouchers a
    /// release's pages count.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub vouchers_counted: u64,
    /// The name its accepted reveal gives.
    pub revealed_as: Option<String>,
}

/// A check the lead recorded for a signer not named (no note: §14.9).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnnamedCheck {
    pub method: String,
    pub checked_on: String,
}

impl Store {
    /// The statement's signers not named, in the order they came, as its lead sees them: each
    /// one's state, the checks recorded and its vouchers (those a release counts apart).
    pub fn unnamed_list(&self, statement: &str) -> Result<Vec<UnnamedItem>> {
        let id = self.resolve_statement(statement)?;
        let tiers = self.tiers(&id)?;
        // The keys of the named signatories whose key is on their own website.
        let mut named = self.conn.prepare(
            "SELECT id, signer_key FROM entries WHERE statement_id = ?1 AND kind = 'endorsement' AND status = 'accepted'",
        )?;
        let mut website_keys = std::collections::HashSet::new();
        for row in named.query_map([&id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
            let (entry, key) = row?;
            if tiers.get(&entry).is_some_and(|t| t.tier == undersigned_core::tier::Tier::Website) {
                website_keys.insert(key);
            }
        }
        let mut stmt = self.conn.prepare(
            "SELECT h.id, h.region, h.signed_at, h.status,
                EXISTS (SELECT 1 FROM vetting_packets p WHERE p.entry_id = h.id),
                EXISTS (SELECT 1 FROM entries w WHERE w.target = h.id AND w.kind = 'withdrawal' AND w.status = 'accepted'),
                (SELECT r.name FROM entries r WHERE r.target = h.id AND r.kind = 'reveal' AND r.status = 'accepted'
                 ORDER BY r.seq LIMIT 1)
             FROM entries h WHERE h.statement_id = ?1 AND h.kind = 'hidden' AND h.status != 'rejected' ORDER BY h.seq",
        )?;
        let rows = stmt.query_map([&id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, bool>(4)?,
                r.get::<_, bool>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })?;
        let mut vouchers = self.conn.prepare(
            "SELECT DISTINCT signer_key FROM entries WHERE target = ?1 AND kind = 'vouch' AND status = 'accepted'",
        )?;
        let mut out = Vec::new();
        for row in rows {
            let (entry, region, signed_at, status, vetting_packet, withdrawn, revealed_as) = row?;
            let keys: Vec<String> = vouchers.query_map([&entry], |r| r.get(0))?.collect::<Result<_, _>>()?;
            let checks = tiers
                .get(&entry)
                .map(|t| {
                    t.evidence
                        .iter()
                        .map(|e| UnnamedCheck { method: e.method.clone(), checked_on: e.checked_on.clone() })
                        .collect()
                })
                .unwrap_or_default();
            let state = if withdrawn {
                "withdrawn"
            } else if revealed_as.is_some() {
                "revealed"
            } else if status == "accepted" {
                "checked"
            } else {
                "waiting"
            };
            out.push(UnnamedItem {
                vouchers: keys.len() as u64,
                vouchers_counted: keys.iter().filter(|k| website_keys.contains(*k)).count() as u64,
                entry,
                region,
                signed_at,
                state: state.into(),
                checks,
                vetting_packet,
                revealed_as,
            });
        }
        Ok(out)
    }

    /// Keeps a member's sealed record of a hidden signature.
    pub fn record_hidden(&mut self, signed: &HiddenSigned) -> Result<()> {
        self.conn.execute(
            "INSERT OR REPLACE INTO hidden_signatures (entry_id, sealed, signed_at) VALUES (?1, ?2, ?3)",
            params![signed.entry, signed.sealed, signed.hidden.signed.signed_at],
        )?;
        Ok(())
    }

    /// The member's hidden signatures, opened with its key (those it does not open are another
    /// identity's, and left out).
    pub fn my_hidden(&self, key: &SecretKey) -> Result<Vec<HiddenRecord>> {
        let mut stmt = self.conn.prepare("SELECT sealed FROM hidden_signatures ORDER BY signed_at")?;
        let rows: Vec<Vec<u8>> = stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
        let mut out = Vec::new();
        for sealed in rows {
            if let Some(plain) = crate::vetting::open_for_member(key, &sealed) {
                out.push(parse_json(std::str::from_utf8(&plain).unwrap_or_default(), "record of a signature")?);
            }
        }
        Ok(out)
    }

    /// The member's hidden signatures as "What I signed" shows them (opened with its key).
    pub fn my_hidden_view(&self, key: &SecretKey) -> Result<Vec<MyHidden>> {
        Ok(self
            .my_hidden(key)?
            .into_iter()
            .map(|r| MyHidden {
                entry: r.entry(),
                statement_id: r.hidden.signed.statement.id.clone(),
                title: r.title.clone().unwrap_or_default(),
                version: r.hidden.signed.statement.version,
                name: r.signer.name.clone(),
                region: r.hidden.signed.region.clone(),
                signed_at: r.hidden.signed.signed_at.clone(),
                withdrawn: r.withdrawn_at.is_some(),
                revealed: r.revealed,
            })
            .collect())
    }

    /// The member's record of the hidden signature `entry` (an id), opened with its key.
    fn my_record(&self, entry: &str, key: &SecretKey) -> Result<HiddenRecord> {
        let e = entry.trim().to_lowercase();
        self.my_hidden(key)?
            .into_iter()
            .find(|r| r.entry() == e)
            .ok_or_else(|| Error::NotFound("this store holds no such signature without your name".into()))
    }

    /// Seals the record again for the member's key, in place of the one kept.
    fn keep_record(&mut self, record: &HiddenRecord, key: &SecretKey) -> Result<()> {
        let plain = zeroize::Zeroizing::new(undersigned_core::canonical::to_jcs(record));
        let sealed = crate::vetting::seal_for_member(key, &plain)?;
        self.conn
            .execute("UPDATE hidden_signatures SET sealed = ?2 WHERE entry_id = ?1", params![record.entry(), sealed])?;
        Ok(())
    }

    /// The reveal of the member's hidden signature `entry` (an id), signed by its key; the
    /// record keeps that it was revealed.
    pub fn reveal_mine(&mut self, entry: &str, key: &SecretKey) -> Result<Reveal> {
        let mut record = self.my_record(entry, key)?;
        let r = reveal(&record, key)?;
        if !record.revealed {
            record.revealed = true;
            self.keep_record(&record, key)?;
        }
        Ok(r)
    }

    /// The withdrawal of the member's hidden signature `entry` (an id), signed by its one-time
    /// key; the record keeps its date, so that asking again gives the same withdrawal.
    pub fn withdraw_mine(&mut self, entry: &str, key: &SecretKey, now: &str) -> Result<undersigned_core::Withdrawal> {
        let mut record = self.my_record(entry, key)?;
        let w = withdraw_hidden(&record, now)?;
        if record.withdrawn_at.is_none() {
            record.withdrawn_at = Some(w.signed.withdrawn_at.clone());
            self.keep_record(&record, key)?;
        }
        Ok(w)
    }

    /// A vouch (§14.9) by the member, as the named signatory of its endorsement `mine` (an id
    /// in "What I signed"), for the signer not named whose entry id the lead gave it.
    pub fn vouch_mine(&self, mine: &str, entry: &str, key: &SecretKey, now: &str) -> Result<Vouch> {
        let e = self.my_endorsement(mine)?;
        if e.signed.signer.public_key != key.public_key().to_hex() {
            return Err(Error::Invalid("this is not the key you signed with: vouch with the same key".into()));
        }
        let withdrawn: bool = self.conn.query_row(
            "SELECT withdrawal IS NOT NULL FROM my_signatures WHERE entry_id LIKE ?1 || '%' LIMIT 1",
            [mine.trim().to_lowercase()],
            |r| r.get(0),
        )?;
        if withdrawn {
            return Err(Error::Invalid("you withdrew this signature: only a named signatory can vouch".into()));
        }
        Ok(hidden::sign_vouch(e.signed.statement.clone(), entry_id(entry)?, key, now.into()))
    }

    /// Opens a vetting packet with the lead's key: finds the version of one of its statements it
    /// is encrypted to, checks it (§14.9, in order), imports the hidden endorsement it carries
    /// (held until the lead records its check) and keeps the packet as it came, encrypted.
    pub fn vetting_open(&mut self, packet: &[u8], lead: &SecretKey, now: &str) -> Result<VettingRead> {
        if !crate::vetting::is_age(packet) {
            return Err(Error::Invalid("this is not a vetting packet (an age file)".into()));
        }
        let (statement_id, versions, plain) = self.decrypt_packet(packet, lead)?;
        let v: Vetting = vetting::parse(&plain)?;
        vetting::check(&v, &versions).map_err(Error::Verification)?;
        let b = &v.signed;
        let entry = hex::encode(b.hidden.entry_id());
        let name = format!("vetting packet for {}", &entry[..16]);
        let outcome = self
            .import(vec![(name, undersigned_core::canonical::to_jcs(&b.hidden))], now, &mut |_, _, _| {})?
            .pop()
            .map(|r| r.outcome)
            .ok_or_else(|| Error::Invalid("the hidden endorsement was not imported".into()))?;
        if let Outcome::Rejected { code, reason } = &outcome {
            return Err(Error::Verification(vec![undersigned_core::Failure::new(*code, reason.clone())]));
        }
        self.conn.execute(
            "INSERT OR IGNORE INTO vetting_packets (entry_id, sha256, packet, received_at) VALUES (?1, ?2, ?3, ?4)",
            params![entry, sha256_hex(packet), packet, now],
        )?;
        Ok(VettingRead {
            entry,
            statement_id,
            name: b.signer.name.clone(),
            signer_kind: b.signer.kind.clone(),
            country: b.signer.country.clone(),
            website: b.signer.website.clone(),
            title: b.signer.title.clone(),
            affiliation: b.signer.affiliation.clone(),
            contact: b.contact.clone(),
            region: b.hidden.signed.region.clone(),
            outcome,
        })
    }

    /// The vetting packets kept for the hidden entry `entry`, opened again with the lead's key.
    pub fn vetting_show(&self, entry: &str, lead: &SecretKey) -> Result<Vec<VettingRead>> {
        let (id, statement_id, status, _, kind) = self.resolve_entry(entry)?;
        if kind != "hidden" {
            return Err(Error::Invalid(format!("entry {id} is a {kind}, not a signer not named")));
        }
        let mut stmt =
            self.conn.prepare("SELECT packet FROM vetting_packets WHERE entry_id = ?1 ORDER BY received_at")?;
        let packets: Vec<Vec<u8>> = stmt.query_map([&id], |r| r.get(0))?.collect::<Result<_, _>>()?;
        let mut out = Vec::new();
        for p in packets {
            let (_, _, plain) = self.decrypt_packet(&p, lead)?;
            let v: Vetting = vetting::parse(&plain)?;
            let b = v.signed;
            out.push(VettingRead {
                entry: id.clone(),
                statement_id: statement_id.clone(),
                name: b.signer.name,
                signer_kind: b.signer.kind,
                country: b.signer.country,
                website: b.signer.website,
                title: b.signer.title,
                affiliation: b.signer.affiliation,
                contact: b.contact,
                region: b.hidden.signed.region,
                outcome: if status == "accepted" {
                    Outcome::Accepted { entry: id.clone(), name: String::new() }
                } else {
                    Outcome::HeldForReview { entry: id.clone(), name: String::new(), reasons: Vec::new() }
                },
            });
        }
        Ok(out)
    }

    /// Decrypts a packet with the identity of each open version, of the statements `lead` leads,
    /// that accepts signers not named: that statement, its open versions, and the plaintext.
    fn decrypt_packet(
        &self,
        packet: &[u8],
        lead: &SecretKey,
    ) -> Result<(String, Vec<AnyVersion>, zeroize::Zeroizing<Vec<u8>>)> {
        let mut stmt = self.conn.prepare("SELECT id FROM statements WHERE lead_key = ?1 ORDER BY id")?;
        let ids: Vec<String> = stmt.query_map([lead.public_key().to_hex()], |r| r.get(0))?.collect::<Result<_, _>>()?;
        for sid in ids {
            let versions = self.open_versions(&sid)?;
            for v in versions.iter().filter(|v| v.vetting_recipient().is_some()) {
                let identity = crate::vetting::identity(lead, &sid, v.body().version)?;
                if let Some(plain) = crate::vetting::open_with(&identity, packet) {
                    return Ok((sid, versions, zeroize::Zeroizing::new(plain)));
                }
            }
        }
        Err(Error::Invalid(
            "this vetting packet is not for any statement this key leads in this store (or it is damaged)".into(),
        ))
    }

    /// Whether the store holds a vetting packet for the hidden entry `id`.
    pub fn has_vetting_packet(&self, id: &str) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT 1 FROM vetting_packets WHERE entry_id = ?1 LIMIT 1", [id], |_| Ok(()))
            .optional()?
            .is_some())
    }
}
