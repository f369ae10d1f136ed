//! Key files (FORMAT.md §11): an Ed25519 seed under Argon2id and XChaCha20-Poly1305.
//! Pure: the caller reads and writes the file and passes randomness in.

use crate::canonical::{hex_array, non_null, parse_strict};
use crate::ed25519::{PublicKey, SecretKey};
#[cfg(test)]
use crate::error::Code;
use crate::error::ParseError;
use crate::FORMAT;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand_core::{CryptoRng, RngCore};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

pub const TYPE: &str = "secret-key";
pub const AAD_CONTEXT: &str = "undersigned/1/secret-key";
pub const MAX_BYTES: usize = 64 << 10;
/// Caps on the work a key file may ask for (§11).
pub const MAX_MEMORY_KIB: u32 = 1 << 20;
pub const MIN_MEMORY_KIB: u32 = 8 << 10;
pub const MAX_ITERATIONS: u32 = 16;
pub const MAX_PARALLELISM: u32 = 8;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kdf {
    pub algorithm: String,
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
    pub salt: String,
}

impl Kdf {
    /// Defaults for new keys: 64 MiB, 3 passes (OWASP's Argon2id guidance is at least 19 MiB, 2).
    pub fn default_params() -> (u32, u32, u32) {
        (64 << 10, 3, 1)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyFile {
    pub format: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub public_key: String,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "non_null")]
    pub name: Option<String>,
    pub kdf: Kdf,
    pub cipher: String,
    pub nonce: String,
    pub ciphertext: String,
}

/// Why a key could not be unlocked.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyError {
    #[error("wrong passphrase, or the key file was changed")]
    WrongPassphrase,
    #[error("the key file asks for more key-derivation work than allowed ({0})")]
    TooMuchWork(String),
    #[error("the key file is damaged: {0}")]
    Damaged(String),
    #[error(transparent)]
    Parse(#[from] ParseError),
}

#[derive(Serialize)]
struct Header<'a> {
    format: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    public_key: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    kdf: &'a Kdf,
    cipher: &'a str,
    nonce: &'a str,
}

impl KeyFile {
    fn aad(&self) -> Vec<u8> {
        let h = Header {
            format: &self.format,
            kind: &self.kind,
            public_key: &self.public_key,
            name: self.name.as_deref(),
            kdf: &self.kdf,
            cipher: &self.cipher,
            nonce: &self.nonce,
        };
        crate::canonical::signed_message(AAD_CONTEXT, &h)
    }

    /// Encrypts `key` under `passphrase`.
    pub fn seal<R: RngCore + CryptoRng>(
        key: &SecretKey,
        passphrase: &str,
        name: Option<String>,
        (memory_kib, iterations, parallelism): (u32, u32, u32),
        rng: &mut R,
    ) -> Result<Self, KeyError> {
        let mut salt = [0u8; 16];
        rng.fill_bytes(&mut salt);
        let mut nonce = [0u8; 24];
        rng.fill_bytes(&mut nonce);
        let mut file = KeyFile {
            format: FORMAT.into(),
            kind: TYPE.into(),
            public_key: key.public_key().to_hex(),
            name,
            kdf: Kdf { algorithm: "argon2id".into(), memory_kib, iterations, parallelism, salt: hex::encode(salt) },
            cipher: "xchacha20poly1305".into(),
            nonce: hex::encode(nonce),
            ciphertext: String::new(),
        };
        check_work(&file.kdf)?;
        let k = derive(&file.kdf, &salt, passphrase)?;
        let cipher = XChaCha20Poly1305::new(k.as_ref().into());
        let seed = key.seed();
        let ct = cipher
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: seed.as_ref(), aad: &file.aad() })
            .map_err(|_| KeyError::Damaged("encryption failed".into()))?;
        file.ciphertext = hex::encode(ct);
        Ok(file)
    }

    /// Reads a key file's structure; nothing secret is touched.
    pub fn parse(bytes: &[u8]) -> Result<Self, KeyError> {
        let f: KeyFile = parse_strict(bytes, MAX_BYTES, "key file")?;
        crate::canonical::check_format(&f.format, &f.kind, TYPE, "key file")?;
        if f.kdf.algorithm != "argon2id" || f.cipher != "xchacha20poly1305" {
            return Err(KeyError::Damaged("unknown key-derivation or cipher algorithm".into()));
        }
        if PublicKey::from_hex(&f.public_key).is_none() {
            return Err(KeyError::Damaged("the public key is not 64 lowercase hex digits".into()));
        }
        Ok(f)
    }

    pub fn public_key(&self) -> PublicKey {
        PublicKey::from_hex(&self.public_key).unwrap_or(PublicKey([0; 32]))
    }

    /// Decrypts the seed with `passphrase`, after checking the work factor against the caps.
    pub fn unlock(&self, passphrase: &str) -> Result<SecretKey, KeyError> {
        check_work(&self.kdf)?;
        let salt: [u8; 16] = hex_array(&self.kdf.salt).ok_or_else(|| KeyError::Damaged("bad salt".into()))?;
        let nonce: [u8; 24] = hex_array(&self.nonce).ok_or_else(|| KeyError::Damaged("bad nonce".into()))?;
        let ct: [u8; 48] = hex_array(&self.ciphertext).ok_or_else(|| KeyError::Damaged("bad ciphertext".into()))?;
        let k = derive(&self.kdf, &salt, passphrase)?;
        let cipher = XChaCha20Poly1305::new(k.as_ref().into());
        let seed = Zeroizing::new(
            cipher
                .decrypt(XNonce::from_slice(&nonce), Payload { msg: &ct, aad: &self.aad() })
                .map_err(|_| KeyError::WrongPassphrase)?,
        );
        let seed: Zeroizing<[u8; 32]> = Zeroizing::new(
            seed.as_slice().try_into().map_err(|_| KeyError::Damaged("the seed is not 32 bytes".into()))?,
        );
        let key = SecretKey::from_seed(&seed);
        if key.public_key().to_hex() != self.public_key {
            return Err(KeyError::Damaged("the secret key does not match the public key".into()));
        }
        Ok(key)
    }

    pub fn to_json(&self) -> Vec<u8> {
        crate::canonical::pretty(self)
    }
}

fn check_work(k: &Kdf) -> Result<(), KeyError> {
    if !(MIN_MEMORY_KIB..=MAX_MEMORY_KIB).contains(&k.memory_kib)
        || !(1..=MAX_ITERATIONS).contains(&k.iterations)
        || !(1..=MAX_PARALLELISM).contains(&k.parallelism)
    {
        return Err(KeyError::TooMuchWork(format!(
            "memory {} KiB, {} iterations, parallelism {}; allowed: {}–{} KiB, 1–{}, 1–{}",
            k.memory_kib, k.iterations, k.parallelism, MIN_MEMORY_KIB, MAX_MEMORY_KIB, MAX_ITERATIONS, MAX_PARALLELISM
        )));
    }
    Ok(())
}

fn derive(k: &Kdf, salt: &[u8; 16], passphrase: &str) -> Result<Zeroizing<[u8; 32]>, KeyError> {
    let params = argon2::Params::new(k.memory_kib, k.iterations, k.parallelism, Some(32))
        .map_err(|e| KeyError::Damaged(format!("bad key-derivation parameters: {e}")))?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(passphrase.as_bytes(), salt, out.as_mut())
        .map_err(|e| KeyError::Damaged(format!("key derivation failed: {e}")))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_chacha::rand_core::SeedableRng;

    const FAST: (u32, u32, u32) = (MIN_MEMORY_KIB, 1, 1);

    fn sealed() -> (SecretKey, KeyFile) {
        let mut rng = rand_chacha::ChaCha20Rng::from_seed([1; 32]);
        let sk = SecretKey::generate(&mut rng);
        let f = KeyFile::seal(&sk, "correct horse", Some("Green Rivers".into()), FAST, &mut rng).unwrap();
        (sk, f)
    }

    #[test]
    fn round_trip() {
        let (sk, f) = sealed();
        let parsed = KeyFile::parse(&f.to_json()).unwrap();
        assert_eq!(parsed.public_key(), sk.public_key());
        assert_eq!(parsed.unlock("correct horse").unwrap().public_key(), sk.public_key());
    }

    #[test]
    fn wrong_passphrase_and_tampering() {
        let (_, f) = sealed();
        assert_eq!(f.unlock("wrong").unwrap_err(), KeyError::WrongPassphrase);
        let mut g = f.clone();
        g.name = Some("Someone else".into());
        assert_eq!(g.unlock("correct horse").unwrap_err(), KeyError::WrongPassphrase);
        let mut g = f.clone();
        g.public_key = hex::encode([9u8; 32]);
        assert_eq!(g.unlock("correct horse").unwrap_err(), KeyError::WrongPassphrase);
        let mut g = f.clone();
        g.ciphertext.truncate(90);
        assert!(matches!(g.unlock("correct horse").unwrap_err(), KeyError::Damaged(_)));
    }

    #[test]
    fn refuses_huge_work_before_running_it() {
        let (_, mut f) = sealed();
        f.kdf.memory_kib = u32::MAX;
        assert!(matches!(f.unlock("correct horse").unwrap_err(), KeyError::TooMuchWork(_)));
        let (_, mut f) = sealed();
        f.kdf.iterations = 1_000_000;
        assert!(matches!(f.unlock("correct horse").unwrap_err(), KeyError::TooMuchWork(_)));
    }

    #[test]
    fn truncated_file_is_malformed() {
        let (_, f) = sealed();
        let j = f.to_json();
        match KeyFile::parse(&j[..j.len() / 2]) {
            Err(KeyError::Parse(p)) => assert_eq!(p.code, Code::Malformed),
            other => panic!("{other:?}"),
        }
    }
}
