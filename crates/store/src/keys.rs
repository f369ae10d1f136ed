//! Key files on disk (FORMAT.md §11).

use crate::files::{read_capped, write_new};
use crate::Result;
use rand_core::{CryptoRng, RngCore};
use std::path::Path;
use undersigned_core::keyfile::{Kdf, KeyFile, MAX_BYTES};
use undersigned_core::SecretKey;

/// Generates a key, encrypts it under `passphrase`, writes it (mode 0600, never overwriting).
pub fn create<R: RngCore + CryptoRng>(
    path: &Path,
    passphrase: &str,
    name: Option<String>,
    rng: &mut R,
) -> Result<KeyFile> {
    if passphrase.is_empty() {
        return Err(crate::Error::Invalid("the passphrase is empty".into()));
    }
    let sk = SecretKey::generate(rng);
    let file = KeyFile::seal(&sk, passphrase, name, Kdf::default_params(), rng)?;
    write_new(path, &file.to_json(), true)?;
    Ok(file)
}

/// Reads a key file's public part.
pub fn read(path: &Path) -> Result<KeyFile> {
    let bytes = read_capped(path, MAX_BYTES, "key file")?;
    Ok(KeyFile::parse(&bytes)?)
}

/// Reads and unlocks a key file.
pub fn unlock(path: &Path, passphrase: &str) -> Result<SecretKey> {
    Ok(read(path)?.unlock(passphrase)?)
}
