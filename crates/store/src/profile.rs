//! The store's user, kept beside the store: `identity.key` (a FORMAT.md §11 key file),
//! `identity.json` (the signer's details) and `settings.json` (the inbox folder). Each store
//! (`UNDERSIGNED_DB`, `--db`) has its own folder, so its own identity.

use crate::files::{read_capped, write_atomic, write_new};
use crate::{keys, Error, Result};
use rand_core::{CryptoRng, RngCore};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use undersigned_core::endorsement::SignerDetails;
use undersigned_core::keyfile::MAX_BYTES as KEY_FILE_MAX_BYTES;
use undersigned_core::PublicKey;

/// The identity of this store's user: its public key and, once filled in, its details.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Identity {
    pub public_key: String,
    /// The key's fingerprint in eight groups of four hex digits, for people to compare.
    pub fingerprint: String,
    pub details: Option<SignerDetails>,
    pub key_file: String,
}

/// What the app remembers between runs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// The folder watched for incoming endorsements and withdrawals.
    pub inbox: Option<String>,
}

/// The user's files beside a store.
#[derive(Clone, Debug)]
pub struct Profile {
    folder: PathBuf,
}

impl Profile {
    /// The profile of the store at `store_path`: the folder that holds it.
    pub fn beside(store_path: &Path) -> Profile {
        let folder = match store_path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        Profile { folder }
    }

    /// The folder that holds the store, the key, the details and the settings.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    pub fn key_path(&self) -> PathBuf {
        self.folder.join("identity.key")
    }
    fn details_path(&self) -> PathBuf {
        self.folder.join("identity.json")
    }
    fn settings_path(&self) -> PathBuf {
        self.folder.join("settings.json")
    }

    /// The identity, or `None` before one is created or restored.
    pub fn identity(&self) -> Result<Option<Identity>> {
        let path = self.key_path();
        if !path.exists() {
            return Ok(None);
        }
        let key_file = keys::read(&path)?;
        Ok(Some(Identity {
            fingerprint: key_file.public_key().fingerprint(),
            public_key: key_file.public_key,
            details: self.details()?,
            key_file: path.display().to_string(),
        }))
    }

    /// The identity, or [`Error::NoIdentity`].
    pub fn require_identity(&self) -> Result<Identity> {
        self.identity()?.ok_or(Error::NoIdentity)
    }

    /// The identity's public key and the name it signs statements with, as a lead.
    pub fn lead(&self) -> Result<(PublicKey, String)> {
        let me = self.require_identity()?;
        let name = me.details.map(|d| d.name).ok_or(Error::NoIdentity)?;
        let key =
            PublicKey::from_hex(&me.public_key).ok_or_else(|| Error::Key("the identity key is damaged".into()))?;
        Ok((key, name))
    }

    /// The saved details; unreadable details count as none (the form asks again).
    pub fn details(&self) -> Result<Option<SignerDetails>> {
        let path = self.details_path();
        if !path.exists() {
            return Ok(None);
        }
        let bytes = read_capped(&path, 64 << 10, "identity details")?;
        Ok(serde_json::from_slice(&bytes).ok())
    }

    /// Cleans and checks `details` (§5, see [`SignerDetails::problems`]) and saves them; returns
    /// what was saved, or [`Error::Invalid`] with every broken rule.
    pub fn save_details(&self, details: &SignerDetails) -> Result<SignerDetails> {
        let cleaned = valid_details(details)?;
        let bytes = serde_json::to_vec_pretty(&cleaned).map_err(|e| Error::Invalid(e.to_string()))?;
        write_atomic(&self.details_path(), &bytes, false)?;
        Ok(cleaned)
    }

    /// Creates the identity: a new key sealed under `passphrase`, and the signer's details.
    pub fn create_identity<R: RngCore + CryptoRng>(
        &self,
        details: &SignerDetails,
        passphrase: &str,
        rng: &mut R,
    ) -> Result<Identity> {
        let cleaned = valid_details(details)?;
        keys::create(&self.key_path(), passphrase, Some(cleaned.name.clone()), rng)?;
        self.save_details(&cleaned)?;
        self.require_identity()
    }

    /// Makes the key file at `from` this store's identity; an existing one is never replaced.
    pub fn restore_identity(&self, from: &Path) -> Result<Identity> {
        if self.key_path().exists() {
            return Err(Error::Conflict("this store already has an identity; it is never overwritten".into()));
        }
        let key_file = keys::read(from)?;
        write_new(&self.key_path(), &key_file.to_json(), true)?;
        self.require_identity()
    }

    /// Writes the identity's well-known file (FORMAT.md §14.7) to `to`, for every statement.
    /// Returns the address it must be served at, when the details give a website whose host has
    /// §14.7's form.
    pub fn write_well_known(&self, to: &Path) -> Result<Option<String>> {
        let me = self.require_identity()?;
        let details = me.details.ok_or(Error::NoIdentity)?;
        crate::well_known::write(to, &details.name, vec![me.public_key], vec![])?;
        let website = details.website.as_deref().map(crate::workflows::member::ascii_website).transpose()?;
        Ok(website.as_deref().and_then(undersigned_core::well_known::url_for))
    }

    /// Whether this identity's website serves its well-known file, listing its key.
    pub fn check_well_known(&self, fetcher: &crate::fetch::Fetcher, now: &str) -> Result<crate::well_known::LiveCheck> {
        let me = self.require_identity()?;
        let website = me.details.and_then(|d| d.website);
        let website = website.as_deref().map(crate::workflows::member::ascii_website).transpose()?;
        Ok(crate::well_known::check_live(fetcher, website.as_deref(), &me.public_key, now))
    }

    /// Copies the (encrypted) key file to `to`.
    pub fn backup_identity(&self, to: &Path) -> Result<()> {
        self.require_identity()?;
        let bytes = read_capped(&self.key_path(), KEY_FILE_MAX_BYTES, "key file")?;
        write_atomic(to, &bytes, true)
    }

    /// The settings; missing or unreadable settings are the defaults.
    pub fn settings(&self) -> Settings {
        std::fs::read(self.settings_path()).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
    }

    pub fn save_settings(&self, settings: &Settings) -> Result<()> {
        let bytes = serde_json::to_vec_pretty(settings).map_err(|e| Error::Invalid(e.to_string()))?;
        write_atomic(&self.settings_path(), &bytes, false)
    }

    /// Sets the inbox folder (`None` stops watching); it must be an existing folder.
    pub fn set_inbox(&self, folder: Option<&Path>) -> Result<()> {
        if let Some(f) = folder {
            if !f.is_dir() {
                return Err(Error::NotFound(format!("{} is not a folder", f.display())));
            }
        }
        self.save_settings(&Settings { inbox: folder.map(|f| f.display().to_string()) })
    }

    /// A new folder for a demo coalition: `demo-1`, `demo-2`, … beside the store.
    pub fn new_demo_folder(&self) -> PathBuf {
        (1..).map(|i| self.folder.join(format!("demo-{i}"))).find(|p| !p.exists()).unwrap_or_default()
    }
}

fn valid_details(details: &SignerDetails) -> Result<SignerDetails> {
    let cleaned = details.cleaned();
    let problems = cleaned.problems();
    if problems.is_empty() {
        Ok(cleaned)
    } else {
        Err(Error::Invalid(problems.join("; ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use undersigned_core::endorsement::SignerKind;

    fn details(name: &str, kind: SignerKind) -> SignerDetails {
        SignerDetails {
            name: name.into(),
            kind,
            country: " ke ".into(),
            website: Some("  ".into()),
            title: Some("Director".into()),
            affiliation: None,
        }
    }

    #[test]
    fn identity_lives_beside_the_store_and_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let profile = Profile::beside(&dir.path().join("store.db"));
        assert!(profile.identity().unwrap().is_none());
        assert!(matches!(profile.require_identity(), Err(Error::NoIdentity)));
        let me = profile
            .create_identity(&details(" Green Rivers ", SignerKind::Organization), "pass", &mut rand_core::OsRng)
            .unwrap();
        let saved = me.details.unwrap();
        assert_eq!((saved.name.as_str(), saved.country.as_str()), ("Green Rivers", "KE"));
        assert_eq!((saved.website, saved.title), (None, None), "empty and non-applicable fields are dropped");
        assert_eq!(profile.lead().unwrap().1, "Green Rivers");
        let backup = dir.path().join("backup.key");
        profile.backup_identity(&backup).unwrap();
        assert!(matches!(profile.restore_identity(&backup), Err(Error::Conflict(_))));
        let other = Profile::beside(&dir.path().join("other").join("store.db"));
        std::fs::create_dir(other.folder()).unwrap();
        assert_eq!(other.restore_identity(&backup).unwrap().public_key, me.public_key);
    }

    #[test]
    fn details_are_checked_by_the_format_rules() {
        let dir = tempfile::tempdir().unwrap();
        let profile = Profile::beside(&dir.path().join("store.db"));
        let bad = SignerDetails { country: "XX".into(), ..details("A\u{202E}B", SignerKind::Individual) };
        let Err(Error::Invalid(m)) = profile.save_details(&bad) else { panic!("accepted") };
        assert!(m.contains("country") && m.contains("name"), "{m}");
        assert!(profile.details().unwrap().is_none(), "nothing saved");
    }

    #[test]
    fn settings_keep_the_inbox() {
        let dir = tempfile::tempdir().unwrap();
        let profile = Profile::beside(&dir.path().join("store.db"));
        assert_eq!(profile.settings(), Settings::default());
        assert!(matches!(profile.set_inbox(Some(&dir.path().join("missing"))), Err(Error::NotFound(_))));
        profile.set_inbox(Some(dir.path())).unwrap();
        assert_eq!(profile.settings().inbox.as_deref(), Some(dir.path().to_str().unwrap()));
        assert_eq!(profile.new_demo_folder(), dir.path().join("demo-1"));
    }
}
