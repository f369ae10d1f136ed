//! Age encryption for signers not named (FORMAT.md §14.9): the lead's recipient and identity for
//! a statement version (derived from the lead's key, `vetting::identity_secret`), a vetting
//! packet sealed to that recipient, and a signer's own record of a hidden signature sealed for
//! its own key (`vetting::record_secret`). Randomness is age's own (the operating system's).

use crate::{Error, Result};
use std::str::FromStr;
use undersigned_core::SecretKey;

/// The first line of every age file (age-encryption.org/v1), binary or not.
const AGE_HEADER: &[u8] = b"age-encryption.org/v1\n";

/// Whether `bytes` are an age file: a vetting packet, for the lead (not an entry to import).
pub fn is_age(bytes: &[u8]) -> bool {
    bytes.starts_with(AGE_HEADER)
}

/// The lead's age identity for the vetting packets of `version` of `statement_id`.
pub fn identity(lead: &SecretKey, statement_id: &str, version: u64) -> Result<age::x25519::Identity> {
    identity_of(&undersigned_core::vetting::identity_secret(lead, statement_id, version))
}

/// The recipient a version that accepts signers not named names (`lead.vetting_recipient`).
pub fn recipient(lead: &SecretKey, statement_id: &str, version: u64) -> String {
    identity(lead, statement_id, version).map(|i| i.to_public().to_string()).unwrap_or_default()
}

/// `plain` encrypted to the age X25519 `recipient` alone, in age's binary form (§14.9).
pub fn seal_to(recipient: &str, plain: &[u8]) -> Result<Vec<u8>> {
    let r = age::x25519::Recipient::from_str(recipient)
        .map_err(|e| Error::Invalid(format!("the invitation's vetting recipient is not an age recipient: {e}")))?;
    age::encrypt(&r, plain).map_err(|e| Error::Invalid(format!("cannot encrypt the vetting packet: {e}")))
}

/// Decrypts a vetting packet with the lead's identity; `None` when it was not encrypted to it.
pub fn open_with(identity: &age::x25519::Identity, packet: &[u8]) -> Option<Vec<u8>> {
    age::decrypt(identity, packet).ok()
}

/// The age identity of the 32 bytes `secret` (an X25519 secret key).
fn identity_of(secret: &[u8; 32]) -> Result<age::x25519::Identity> {
    let text =
        zeroize::Zeroizing::new(undersigned_core::bech32::encode_32("age-secret-key-", secret).to_ascii_uppercase());
    age::x25519::Identity::from_str(&text).map_err(|e| Error::Invalid(format!("cannot make the age identity: {e}")))
}

/// `plain` sealed for the member whose long-term key is `member` (an identity derived from it):
/// its own record of a hidden signature, kept in its store.
pub fn seal_for_member(member: &SecretKey, plain: &[u8]) -> Result<Vec<u8>> {
    let r = identity_of(&undersigned_core::vetting::record_secret(member))?.to_public();
    age::encrypt(&r, plain).map_err(|e| Error::Invalid(format!("cannot encrypt: {e}")))
}

/// Opens what [`seal_for_member`] sealed; `None` for another member's key.
pub fn open_for_member(member: &SecretKey, sealed: &[u8]) -> Option<zeroize::Zeroizing<Vec<u8>>> {
    let id = identity_of(&undersigned_core::vetting::record_secret(member)).ok()?;
    age::decrypt(&id, sealed).ok().map(zeroize::Zeroizing::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_packet_opens_only_with_its_versions_identity() {
        let lead = SecretKey::from_seed(&[3; 32]);
        let r = recipient(&lead, "ab".repeat(16).as_str(), 1);
        assert!(undersigned_core::bech32::age_recipient(&r).is_some(), "{r} is of §14.4's form");
        assert_eq!(r, recipient(&lead, "ab".repeat(16).as_str(), 1), "derived, not drawn");
        assert_ne!(r, recipient(&lead, "ab".repeat(16).as_str(), 2), "another version, another recipient");
        let sealed = seal_to(&r, b"who we are").unwrap();
        assert!(is_age(&sealed));
        let mine = identity(&lead, &"ab".repeat(16), 1).unwrap();
        assert_eq!(open_with(&mine, &sealed).as_deref(), Some(&b"who we are"[..]));
        let other = identity(&lead, &"ab".repeat(16), 2).unwrap();
        assert_eq!(open_with(&other, &sealed), None);
        assert!(seal_to("age1notarecipient", b"x").is_err());
    }

    #[test]
    fn a_record_opens_only_with_its_members_key() {
        let (mine, other) = (SecretKey::from_seed(&[4; 32]), SecretKey::from_seed(&[5; 32]));
        let sealed = seal_for_member(&mine, b"salt and details").unwrap();
        assert!(is_age(&sealed));
        assert_eq!(open_for_member(&mine, &sealed).as_deref().map(Vec::as_slice), Some(&b"salt and details"[..]));
        assert!(open_for_member(&other, &sealed).is_none());
    }
}
