//! What the subcommands share: the failure with its exit code, the clock and randomness, the
//! passphrase prompt and key unlocking, the store, and progress bars.

use anyhow::Context;
use rand_core::{OsRng, RngCore};
use std::path::Path;
use undersigned_core::fields;
use undersigned_store::{keys, Error, Store};

/// A failure with its exit code.
pub struct Fail {
    pub code: u8,
    pub err: anyhow::Error,
}

impl From<Error> for Fail {
    fn from(e: Error) -> Self {
        Fail { code: if e.is_usage() { 2 } else { 1 }, err: e.into() }
    }
}

impl From<anyhow::Error> for Fail {
    fn from(err: anyhow::Error) -> Self {
        Fail { code: 2, err }
    }
}

pub fn now() -> String {
    fields::format_timestamp(chrono::Utc::now())
}

pub fn seed() -> [u8; 32] {
    let mut s = [0u8; 32];
    OsRng.fill_bytes(&mut s);
    s
}

/// The passphrase: `UNDERSIGNED_PASSPHRASE`, else a prompt without echo.
pub fn passphrase(prompt: &str, confirm: bool) -> Result<zeroize::Zeroizing<String>, Fail> {
    if let Ok(p) = std::env::var("UNDERSIGNED_PASSPHRASE") {
        return Ok(zeroize::Zeroizing::new(p));
    }
    let p = zeroize::Zeroizing::new(
        rpassword::prompt_password(prompt)
            .context("cannot read the passphrase (set UNDERSIGNED_PASSPHRASE when there is no terminal)")?,
    );
    if confirm {
        let again = zeroize::Zeroizing::new(
            rpassword::prompt_password("Repeat the passphrase: ").context("cannot read the passphrase")?,
        );
        if *again != *p {
            return Err(anyhow::anyhow!("the two passphrases differ").into());
        }
    }
    Ok(p)
}

pub fn unlock(path: &Path) -> Result<undersigned_core::SecretKey, Fail> {
    let (kf, p) = key_and_passphrase(path)?;
    kf.unlock(&p).map_err(|e| wrong_passphrase(e.into(), path))
}

/// The key file at `path` and its passphrase (asked for, or from UNDERSIGNED_PASSPHRASE).
pub fn key_and_passphrase(
    path: &Path,
) -> Result<(undersigned_core::keyfile::KeyFile, zeroize::Zeroizing<String>), Fail> {
    let kf = keys::read(path).map_err(|e| with_path(e, path))?;
    let label = kf.name.clone().unwrap_or_else(|| path.display().to_string());
    let p = passphrase(&format!("Passphrase for {label}: "), false)?;
    Ok((kf, p))
}

pub fn wrong_passphrase(e: Error, path: &Path) -> Fail {
    match e {
        Error::WrongPassphrase => Fail { code: 2, err: anyhow::anyhow!("wrong passphrase for {}", path.display()) },
        other => other.into(),
    }
}

pub fn with_path(e: Error, path: &Path) -> Fail {
    let code = if e.is_usage() { 2 } else { 1 };
    Fail { code, err: anyhow::anyhow!("{}: {e}", path.display()) }
}

/// The store named by `--db` (else `$UNDERSIGNED_DB`, else the platform data folder).
pub fn open_store(db: Option<&Path>) -> Result<Store, Fail> {
    Ok(Store::open_default(db)?)
}

/// A progress bar on stderr, only when stderr is a terminal (else hidden: nothing is drawn).
pub fn progress_bar(len: u64, template: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    set_bar_style(&bar, template);
    bar
}

pub fn set_bar_style(bar: &indicatif::ProgressBar, template: &str) {
    if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
}

/// One progress bar at a time for work in stages: a new bar when the message changes (each file,
/// each stage), in bytes or in a count; [`Bars::clear`] when the work is done.
#[derive(Default)]
pub struct Bars(std::cell::RefCell<Option<(String, indicatif::ProgressBar)>>);

impl Bars {
    pub fn show(&self, message: &str, bytes: bool, done: u64, total: u64) {
        let mut bar = self.0.borrow_mut();
        if bar.as_ref().is_none_or(|(m, _)| m != message) {
            if let Some((_, b)) = bar.take() {
                b.finish_and_clear();
            }
            let b = progress_bar(total, if bytes { BYTES_BAR } else { COUNT_BAR });
            b.set_message(message.to_string());
            *bar = Some((message.to_string(), b));
        }
        if let Some((_, b)) = bar.as_ref() {
            b.set_position(done);
        }
    }

    pub fn clear(&self) {
        if let Some((_, b)) = self.0.borrow_mut().take() {
            b.finish_and_clear();
        }
    }
}

pub const BYTES_BAR: &str = "{msg} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta})";
pub const COUNT_BAR: &str = "{msg} [{bar:30}] {pos}/{len} ({per_sec}, {eta})";
