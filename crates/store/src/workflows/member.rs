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
    let mut details = details.clone();
    details.website = details.website.as_deref().map(ascii_website).transpose()?;
    endorsement::sign(&invitation.0, &details, key, now.into()).map_err(Error::Verification)
}

/// A website with its host in ASCII, as the format compares it (FORMAT.md §14.7: writers convert
/// an internationalized host to its `xn--` form, UTS #46 ToASCII, non-transitional, with
/// UseSTD3ASCIIRules, CheckHyphens, CheckBidi, CheckJoiners and VerifyDnsLength). A website
/// already in ASCII, or without a scheme the format knows, is returned as given.
pub fn ascii_website(website: &str) -> Result<String> {
    let Some((scheme, rest)) = ["https://", "http://"].iter().find_map(|s| website.strip_prefix(s).map(|r| (*s, r)))
    else {
        return Ok(website.to_owned());
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    if authority.is_ascii() {
        return Ok(website.to_owned());
    }
    let (user, host_port) = match authority.rfind('@') {
        Some(at) => authority.split_at(at + 1),
        None => ("", authority),
    };
    let (host, port) = match host_port.rfind(':') {
        Some(c) if host_port[c + 1..].bytes().all(|b| b.is_ascii_digit()) => host_port.split_at(c),
        _ => (host_port, ""),
    };
    let ascii = idna::uts46::Uts46::new()
        .to_ascii(
            host.as_bytes(),
            idna::uts46::AsciiDenyList::STD3,
            idna::uts46::Hyphens::Check,
            idna::uts46::DnsLength::Verify,
        )
        .map_err(|_| Error::Invalid(format!("the website's name {host:?} is not a valid international domain name")))?;
    Ok(format!("{scheme}{user}{ascii}{port}{tail}"))
}

/// Signs the withdrawal of an endorsement the member made.
pub fn withdraw(e: &Endorsement, key: &SecretKey, now: &str) -> Result<Withdrawal> {
    if let Some(f) = endorsement::verify(e).into_iter().next() {
        return Err(Error::Verification(vec![f]));
    }
    withdrawal::sign(e, key, now.into()).map_err(|e| Error::Invalid(e.to_string()))
}

#[cfg(test)]
mod ascii_tests {
    use super::ascii_website;

    #[test]
    fn an_international_host_is_written_in_its_ascii_form() {
        assert_eq!(ascii_website("https://rivèrkeepers.example/en").unwrap(), "https://xn--rivrkeepers-09a.example/en");
        assert_eq!(ascii_website("https://Café.example").unwrap(), "https://xn--caf-dma.example");
        let arabic = ascii_website("http://u@مثال.إختبار:8080/x?y").unwrap();
        assert!(arabic.starts_with("http://u@xn--") && arabic.ends_with(".xn--kgbechtv:8080/x?y"), "{arabic}");
        assert_eq!(ascii_website("https://greenrivers.example/é").unwrap(), "https://greenrivers.example/é");
        // A zero-width joiner not after a virama (CheckJoiners), a label that ends in a hyphen.
        assert!(ascii_website("https://a\u{200D}b.example").is_err());
        assert!(ascii_website("https://ex\u{00AD}ample.-bad-.example").is_err());
        // The verifier finds the host of the result (FORMAT.md §14.7).
        let w = ascii_website("https://rivèrkeepers.example/en").unwrap();
        assert_eq!(undersigned_core::tier::website_host(&w).as_deref(), Some("xn--rivrkeepers-09a.example"));
    }
}
