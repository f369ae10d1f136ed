//! `undersigned`: the command line over undersigned-store. Exit codes: 0 success, 1 a
//! verification or validation failure, 2 a usage error or unreadable input.

// `println!` and `print!` for an output that may be closed early, as in
// `undersigned verify bundle.json | head`: instead of panicking, the command stops quietly with
// status 141 (128 + SIGPIPE), as a command killed by the closed pipe would.
macro_rules! println {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout(), $($t)*) {
            $crate::output_failed(e)
        }
    }};
}
macro_rules! print {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = write!(std::io::stdout(), $($t)*) {
            $crate::output_failed(e)
        }
    }};
}

/// The standard output could not be written: closed by its reader (status 141), or failing.
fn output_failed(e: std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(141);
    }
    eprintln!("error: cannot write the output: {e}");
    std::process::exit(2)
}

use anyhow::Context;
use clap::{Parser, Subcommand};
use rand_core::{OsRng, RngCore};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use undersigned_core::bundle::{self, VerificationReport};
use undersigned_core::endorsement::{SignerDetails, SignerKind};
use undersigned_core::{fields, Invitation};
use undersigned_store::{files, keys, Error, Store};

#[derive(Parser)]
#[command(name = "undersigned", version, about = "Joint statements that anyone can verify: sign, collect and publish endorsements")]
struct Cli {
    /// The store to use (default: $UNDERSIGNED_DB, else the platform data folder shared with the app).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create or inspect key files.
    #[command(subcommand)]
    Key(KeyCmd),
    /// Draft, open and share statements (the coalition lead).
    #[command(subcommand)]
    Statement(StatementCmd),
    /// Sign the statement of an invitation (a member).
    Sign {
        invitation: PathBuf,
        #[arg(long)]
        key: PathBuf,
        #[arg(long)]
        name: String,
        #[arg(long)]
        country: String,
        #[arg(long, default_value = "organization", value_parser = ["organization", "individual"])]
        kind: String,
        #[arg(long)]
        website: Option<String>,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        affiliation: Option<String>,
        #[arg(long)]
        out: PathBuf,
    },
    /// Sign the withdrawal of an endorsement you signed.
    Withdraw {
        endorsement: PathBuf,
        #[arg(long)]
        key: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
    /// Import endorsement and withdrawal files, or folders of them (the lead).
    Import {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// The review queue: entries held because something about them needs a person's look.
    #[command(subcommand)]
    Review(ReviewCmd),
    /// Publish the next release of the signatory list, signed by the lead.
    Release {
        id: String,
        #[arg(long)]
        key: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
    /// Write the bundle of a published release again.
    Export {
        id: String,
        #[arg(long)]
        out: PathBuf,
        /// The release number (default: the latest).
        #[arg(long)]
        release: Option<u64>,
    },
    /// Verify a bundle, and optionally that it keeps every entry of the previous release.
    Verify {
        bundle: PathBuf,
        #[arg(long, value_name = "OLDER_BUNDLE")]
        previous: Option<PathBuf>,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
        /// With --json, also list every entry's verdict.
        #[arg(long)]
        entries: bool,
    },
    /// Write the publication of a bundle into a folder: bundle.json, index.html (the statement and
    /// its signatories, printable), signatories.csv and verify.html (an offline verifier page).
    /// A bundle that does not verify is not published.
    Publish {
        bundle: PathBuf,
        #[arg(long)]
        out: PathBuf,
        /// The previous release's bundle: checked against it, and carried in verify.html.
        #[arg(long, value_name = "OLDER_BUNDLE")]
        previous: Option<PathBuf>,
    },
    /// Make a demo coalition: a statement, N signatories, their import and release 1.
    Demo {
        #[arg(long)]
        signatories: usize,
        #[arg(long)]
        out: PathBuf,
        /// Also write each endorsement as a file in OUT/endorsements/.
        #[arg(long)]
        files: bool,
        /// Leave the endorsements unimported (and publish no release).
        #[arg(long)]
        pending: bool,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Check one endorsement, withdrawal or invitation file (its kind is read from the file).
    Check {
        file: PathBuf,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Copy the store, while it is in use, to a new file (checked before it is kept).
    Backup {
        #[arg(long)]
        out: PathBuf,
    },
    /// Replace the store's content with a backup (checked before anything is replaced).
    Restore { file: PathBuf },
    /// What this store's user signed.
    Signed,
}

#[derive(Subcommand)]
enum KeyCmd {
    /// Create a key file, encrypted under a passphrase.
    New {
        #[arg(long)]
        out: PathBuf,
        /// A label kept in the key file, e.g. your organization's name.
        #[arg(long)]
        name: Option<String>,
    },
    /// Show a key file's public key and fingerprint (no passphrase needed).
    Show { file: PathBuf },
}

#[derive(Subcommand)]
enum StatementCmd {
    /// Start a statement; prints its id as the last line.
    New {
        #[arg(long)]
        title: String,
        #[arg(long)]
        text: PathBuf,
        #[arg(long, default_value = "en")]
        language: String,
        #[arg(long)]
        key: PathBuf,
        /// The coalition's name as members will see it (default: the key file's label).
        #[arg(long)]
        lead_name: Option<String>,
    },
    /// Change the draft; after a version is open, this starts the next version.
    Edit {
        id: String,
        #[arg(long)]
        text: Option<PathBuf>,
        #[arg(long)]
        title: Option<String>,
        /// Edit (or add) the text in this language.
        #[arg(long)]
        language: Option<String>,
    },
    /// Freeze the draft as the next version and sign it.
    Open {
        id: String,
        #[arg(long)]
        key: PathBuf,
        #[arg(long, value_name = "YYYY-MM-DD")]
        closes: Option<String>,
    },
    /// The statements in this store.
    List,
    /// Write the invitation members sign from.
    Invite {
        id: String,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum ReviewCmd {
    /// Entries waiting for review, with the reason for each.
    List,
    /// Accept an entry (an id or its first digits).
    Accept { entry: String },
    /// Reject an entry, with a reason that is kept.
    Reject {
        entry: String,
        #[arg(long)]
        reason: String,
    },
}

/// A failure with its exit code.
struct Fail {
    code: u8,
    err: anyhow::Error,
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(f) => {
            eprintln!("error: {:#}", f.err);
            ExitCode::from(f.code)
        }
    }
}

fn now() -> String {
    fields::format_timestamp(chrono::Utc::now())
}

fn seed() -> [u8; 32] {
    let mut s = [0u8; 32];
    OsRng.fill_bytes(&mut s);
    s
}

/// The passphrase: `UNDERSIGNED_PASSPHRASE`, else a prompt without echo.
fn passphrase(prompt: &str, confirm: bool) -> Result<zeroize::Zeroizing<String>, Fail> {
    if let Ok(p) = std::env::var("UNDERSIGNED_PASSPHRASE") {
        return Ok(zeroize::Zeroizing::new(p));
    }
    let p = zeroize::Zeroizing::new(rpassword::prompt_password(prompt).context("cannot read the passphrase (set UNDERSIGNED_PASSPHRASE when there is no terminal)")?);
    if confirm {
        let again = zeroize::Zeroizing::new(rpassword::prompt_password("Repeat the passphrase: ").context("cannot read the passphrase")?);
        if *again != *p {
            return Err(anyhow::anyhow!("the two passphrases differ").into());
        }
    }
    Ok(p)
}

fn unlock(path: &Path) -> Result<undersigned_core::SecretKey, Fail> {
    let (kf, p) = key_and_passphrase(path)?;
    kf.unlock(&p).map_err(|e| wrong_passphrase(e.into(), path))
}

/// The key file at `path` and its passphrase (asked for, or from UNDERSIGNED_PASSPHRASE).
fn key_and_passphrase(path: &Path) -> Result<(undersigned_core::keyfile::KeyFile, zeroize::Zeroizing<String>), Fail> {
    let kf = keys::read(path).map_err(|e| with_path(e, path))?;
    let label = kf.name.clone().unwrap_or_else(|| path.display().to_string());
    let p = passphrase(&format!("Passphrase for {label}: "), false)?;
    Ok((kf, p))
}

fn wrong_passphrase(e: Error, path: &Path) -> Fail {
    match e {
        Error::WrongPassphrase => Fail { code: 2, err: anyhow::anyhow!("wrong passphrase for {}", path.display()) },
        other => other.into(),
    }
}

fn with_path(e: Error, path: &Path) -> Fail {
    let code = if e.is_usage() { 2 } else { 1 };
    Fail { code, err: anyhow::anyhow!("{}: {e}", path.display()) }
}

fn open_store(db: &Option<PathBuf>) -> Result<Store, Fail> {
    Ok(Store::open_default(db.as_deref())?)
}

fn read_text(path: &Path) -> Result<String, Fail> {
    let bytes = files::read_capped(path, 4 << 20, "statement text")?;
    String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("{} is not UTF-8 text", path.display()).into())
}

fn run(cli: Cli) -> Result<u8, Fail> {
    match cli.command {
        Command::Key(KeyCmd::New { out, name }) => {
            let p = passphrase("New passphrase: ", true)?;
            let kf = keys::create(&out, &p, name, &mut OsRng)?;
            println!("public key:  {}", kf.public_key);
            println!("fingerprint: {}", kf.public_key().fingerprint());
            eprintln!("Key written to {}. Keep a backup copy: without it (and its passphrase) you cannot sign or withdraw.", out.display());
        }
        Command::Key(KeyCmd::Show { file }) => {
            let kf = keys::read(&file).map_err(|e| with_path(e, &file))?;
            if let Some(n) = &kf.name {
                println!("name:        {n}");
            }
            println!("public key:  {}", kf.public_key);
            println!("fingerprint: {}", kf.public_key().fingerprint());
        }
        Command::Statement(cmd) => return statement(cli.db, cmd),
        Command::Sign { invitation, key, name, country, kind, website, title, affiliation, out } => {
            let bytes = files::read_capped(&invitation, undersigned_core::invitation::MAX_BYTES, "invitation")?;
            let inv = Invitation::parse(&bytes).map_err(|e| with_path(e.into(), &invitation))?;
            let failures = inv.verify();
            if !failures.is_empty() {
                for f in &failures {
                    eprintln!("{f}");
                }
                return Err(Fail { code: 1, err: anyhow::anyhow!("the invitation does not verify; do not sign it") });
            }
            let sk = unlock(&key)?;
            let details = SignerDetails {
                name,
                kind: SignerKind::parse(&kind).unwrap_or(SignerKind::Organization),
                country,
                website,
                title,
                affiliation,
            };
            let e = undersigned_store::sign_invitation(&inv, &details, &sk, &now())?;
            files::write_atomic(&out, &e.to_json(), false)?;
            if let Ok(mut store) = Store::open_default(cli.db.as_deref()) {
                if let Err(err) = store.record_signature(&inv, &e) {
                    eprintln!("warning: could not record this signature in the store: {err}");
                }
            }
            let v = &inv.statement.signed;
            println!("Signed version {} of \"{}\" as {}.", v.version, v.text(None).map(|t| t.title.as_str()).unwrap_or(""), e.signed.signer.name);
            println!("Endorsement written to {}: send it back to {}.", out.display(), v.lead.name);
        }
        Command::Withdraw { endorsement, key, out } => {
            let bytes = files::read_capped(&endorsement, undersigned_core::endorsement::MAX_BYTES, "endorsement")?;
            let e = undersigned_core::endorsement::parse(&bytes).map_err(|x| with_path(x.into(), &endorsement))?;
            let sk = unlock(&key)?;
            let w = undersigned_store::withdraw(&e, &sk, &now())?;
            files::write_atomic(&out, &w.to_json(), false)?;
            if let Ok(mut store) = Store::open_default(cli.db.as_deref()) {
                let _ = store.record_withdrawal(&w);
            }
            println!("Withdrawal written to {}: send it to the coalition lead.", out.display());
        }
        Command::Import { paths } => {
            let mut store = open_store(&cli.db)?;
            // Each line is printed once its file is committed to the store.
            let bar = progress_bar(0, COUNT_BAR);
            bar.set_message("importing");
            let results = store.import_paths(&paths, &now(), &mut |done, n, total| {
                bar.set_length(total as u64);
                bar.set_position(n as u64);
                // One write per group (stdout is line-buffered).
                let lines: String = done.iter().map(|r| format!("{r}\n")).collect();
                bar.suspend(|| print!("{lines}"));
            });
            bar.finish_and_clear();
            let results = results?;
            let rejected = results.iter().filter(|r| matches!(r.outcome, undersigned_store::Outcome::Rejected { .. })).count();
            let count = |f: fn(&undersigned_store::Outcome) -> bool| results.iter().filter(|r| f(&r.outcome)).count();
            eprintln!(
                "{} files: {} accepted, {} held for review, {} rejected, {} already present",
                results.len(),
                count(|o| matches!(o, undersigned_store::Outcome::Accepted { .. })),
                count(|o| matches!(o, undersigned_store::Outcome::HeldForReview { .. })),
                rejected,
                count(|o| matches!(o, undersigned_store::Outcome::AlreadyPresent { .. })),
            );
            return Ok(if rejected > 0 { 1 } else { 0 });
        }
        Command::Review(cmd) => {
            let mut store = open_store(&cli.db)?;
            match cmd {
                ReviewCmd::List => {
                    let items = store.review_list(None)?;
                    if items.is_empty() {
                        println!("Nothing is waiting for review.");
                    }
                    for it in items {
                        println!("{}  {} ({}, {})  key {}", &it.entry[..16], it.name, it.signer_kind, it.country, it.fingerprint);
                        for r in &it.reasons {
                            println!("    - {r}");
                        }
                    }
                }
                ReviewCmd::Accept { entry } => {
                    let id = store.review_accept(&entry, &now())?;
                    println!("Accepted {id}.");
                }
                ReviewCmd::Reject { entry, reason } => {
                    let id = store.review_reject(&entry, &reason, &now())?;
                    println!("Rejected {id}.");
                }
            }
        }
        Command::Release { id, key, out } => {
            let mut store = open_store(&cli.db)?;
            let id = store.resolve_statement(&id)?;
            // The passphrase is asked here; the key derivation runs while the entries are read.
            let (kf, pass) = key_and_passphrase(&key)?;
            let unlock = move || Ok(kf.unlock(&pass)?);
            // No bar while the entries are read and the release assembled; then the entries
            // verified and written, of all of them.
            let bar = progress_bar(0, "{msg}…");
            bar.set_message("reading the entries");
            let progress = |done, total| {
                if bar.length() != Some(total) {
                    bar.set_length(total);
                    bar.set_message("verifying and writing");
                    set_bar_style(&bar, COUNT_BAR);
                }
                bar.set_position(done);
            };
            let released = store.release_with(&id, unlock, &now(), &seed(), Some(&out), &progress);
            bar.finish_and_clear();
            let (_, s) = released.map_err(|e| wrong_passphrase(e, &key))?;
            println!(
                "Release {} published: {} signatories, {} withdrawn, {} new entries. Bundle written to {}.",
                s.number, s.signatories, s.withdrawn, s.added, out.display()
            );
        }
        Command::Export { id, out, release } => {
            let store = open_store(&cli.db)?;
            let bundle = store.bundle(&id, release)?;
            files::write_atomic_with(&out, false, |w| bundle.write_json(w))?;
            println!("Release {} written to {}.", bundle.release.signed.number, out.display());
        }
        Command::Verify { bundle, previous, json, entries } => return verify(&bundle, previous.as_deref(), json, entries),
        Command::Publish { bundle, out, previous } => return publish(&bundle, previous.as_deref(), &out),
        Command::Demo { signatories, out, files: write_files, pending, seed } => {
            if signatories > 1_000_000 {
                return Err(anyhow::anyhow!("demo makes at most 1,000,000 signatories").into());
            }
            let mut store = open_store(&cli.db)?;
            let pass = std::env::var("UNDERSIGNED_PASSPHRASE").unwrap_or_else(|_| "demo".into());
            let opts = undersigned_store::demo::DemoOptions { dir: &out, signatories, files: write_files, pending, seed, passphrase: &pass };
            let bar = progress_bar(signatories as u64, COUNT_BAR);
            let r = undersigned_store::demo::run(&mut store, &opts, &mut |stage, done, total| {
                bar.set_message(stage.to_owned());
                bar.set_length(total as u64);
                bar.set_position(done as u64);
            });
            bar.finish_and_clear();
            let r = r?;
            println!("Lead key: {} (passphrase: {})", r.lead_key.display(), if std::env::var("UNDERSIGNED_PASSPHRASE").is_ok() { "$UNDERSIGNED_PASSPHRASE" } else { "demo" });
            println!("Invitation: {}", r.invitation.display());
            if let Some(b) = &r.bundle {
                println!("Release 1 with {} signatories: {}", r.imported, b.display());
            } else {
                println!("{signatories} endorsements made and left for import.");
            }
            println!("{}", r.statement_id);
        }
        Command::Check { file, json } => return check(&file, json),
        Command::Backup { out } => {
            let store = open_store(&cli.db)?;
            store.backup(&out)?;
            println!("Backup of {} written to {}.", store.path().display(), out.display());
        }
        Command::Restore { file } => {
            if !file.is_file() {
                return Err(anyhow::anyhow!("{} is not a file", file.display()).into());
            }
            let mut store = open_store(&cli.db)?;
            store.restore(&file).map_err(|e| match e {
                Error::Invalid(m) => Fail { code: 2, err: anyhow::anyhow!(m) },
                other => other.into(),
            })?;
            println!("{} restored from {}.", store.path().display(), file.display());
        }
        Command::Signed => {
            let store = open_store(&cli.db)?;
            let rows = store.my_signatures()?;
            if rows.is_empty() {
                println!("You have not signed anything with this store.");
            }
            for s in rows {
                println!(
                    "{}  {}  \"{}\" v{} as {}{}",
                    &s.entry[..16],
                    s.signed_at,
                    s.title,
                    s.version,
                    s.name,
                    if s.withdrawn { "  (withdrawn)" } else { "" }
                );
            }
        }
    }
    Ok(0)
}

fn statement(db: Option<PathBuf>, cmd: StatementCmd) -> Result<u8, Fail> {
    let mut store = open_store(&db)?;
    match cmd {
        StatementCmd::New { title, text, language, key, lead_name } => {
            let kf = keys::read(&key).map_err(|e| with_path(e, &key))?;
            let body = read_text(&text)?;
            let lead_name = lead_name.or(kf.name.clone()).unwrap_or_else(|| "Coalition lead".into());
            let mut id = [0u8; 16];
            OsRng.fill_bytes(&mut id);
            let id = store.create_statement(&kf.public_key(), &lead_name, &title, &body, &language, &now(), id)?;
            eprintln!("Statement created as a draft. Next: undersigned statement open {id} --key {}", key.display());
            println!("{id}");
        }
        StatementCmd::Edit { id, text, title, language } => {
            if text.is_none() && title.is_none() {
                return Err(anyhow::anyhow!("give --text FILE and/or --title TITLE").into());
            }
            let body = text.as_deref().map(read_text).transpose()?;
            let v = store.edit_statement(&id, body.as_deref(), title.as_deref(), language.as_deref(), &now())?;
            println!("Draft version {v} saved. Open it for signature with `undersigned statement open`.");
        }
        StatementCmd::Open { id, key, closes } => {
            if let Some(c) = &closes {
                fields::date("closing date", c).map_err(|m| anyhow::anyhow!(m))?;
            }
            let sk = unlock(&key)?;
            let v = store.open_statement(&id, &sk, closes.as_deref(), &now())?;
            println!("Version {} is open for signature.", v.signed.version);
            println!("Digest: {}", v.signed.digest);
        }
        StatementCmd::List => {
            let list = store.list_statements()?;
            if list.is_empty() {
                println!("No statements in this store.");
            }
            for s in list {
                println!(
                    "{}  v{} {:<5}  {} signatories, {} withdrawn, {} to review, {} releases  {}",
                    s.id, s.version, s.state, s.signatories, s.withdrawn, s.awaiting_review, s.releases, s.title
                );
            }
        }
        StatementCmd::Invite { id, out } => {
            let inv = store.invitation(&id)?;
            files::write_atomic(&out, &inv.to_json(), false)?;
            let v = &inv.statement.signed;
            println!("Invitation to sign version {} written to {}.", v.version, out.display());
            println!("Lead fingerprint: {}", bundle::fingerprint_hex(&v.lead.public_key));
        }
    }
    Ok(0)
}

/// A progress bar on stderr, only when stderr is a terminal (else hidden: nothing is drawn).
fn progress_bar(len: u64, template: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    set_bar_style(&bar, template);
    bar
}

fn set_bar_style(bar: &indicatif::ProgressBar, template: &str) {
    if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
}

const BYTES_BAR: &str = "{msg} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta})";
const COUNT_BAR: &str = "{msg} [{bar:30}] {pos}/{len} ({per_sec}, {eta})";

fn verify(path: &Path, previous: Option<&Path>, json: bool, with_entries: bool) -> Result<u8, Fail> {
    // One bar per file, in bytes (hidden when stderr is not a terminal).
    let bar = std::cell::RefCell::new(None::<(std::path::PathBuf, indicatif::ProgressBar)>);
    let on_progress = |p: &Path, n: u64, total: u64| {
        let mut bar = bar.borrow_mut();
        if bar.as_ref().is_none_or(|(q, _)| q != p) {
            if let Some((_, b)) = bar.take() {
                b.finish_and_clear();
            }
            let b = progress_bar(total, BYTES_BAR);
            b.set_message(format!("verifying {}", p.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()));
            *bar = Some((p.to_path_buf(), b));
        }
        if let Some((_, b)) = bar.as_ref() {
            b.set_position(n);
        }
    };
    let verified = undersigned_store::verify::verify_files(path, previous, &seed(), json && with_entries, &on_progress);
    if let Some((_, b)) = bar.borrow_mut().take() {
        b.finish_and_clear();
    }
    let code = verified.exit_code();
    let mut report = verified.report;
    if json {
        if !with_entries {
            report.entries.clear();
        }
        let out = serde_json::to_string_pretty(&report).context("cannot print the report")?;
        println!("{out}");
        return Ok(code);
    }
    print_report(&report, path, code);
    Ok(code)
}

fn publish(path: &Path, previous: Option<&Path>, out: &Path) -> Result<u8, Fail> {
    let read = |p: &Path| files::read_capped(p, bundle::MAX_BYTES as usize, "bundle");
    let bytes = read(path)?;
    let prev = previous.map(read).transpose()?;
    // One bar for the verification (bytes of both bundles), then the pages are written.
    let bar = std::cell::RefCell::new(None::<indicatif::ProgressBar>);
    let on_progress = |stage: &str, done: u64, total: u64| {
        let mut bar = bar.borrow_mut();
        if stage != undersigned_store::publish::VERIFYING {
            if let Some(b) = bar.take() {
                b.finish_and_clear();
            }
            return;
        }
        let b = bar.get_or_insert_with(|| {
            let b = progress_bar(total, BYTES_BAR);
            b.set_message("verifying");
            b
        });
        b.set_position(done);
    };
    let published = undersigned_store::publish::publish(&bytes, prev.as_deref(), out, &seed(), &on_progress);
    if let Some(b) = bar.borrow_mut().take() {
        b.finish_and_clear();
    }
    match published {
        Ok(p) => {
            println!(
                "Release {} published with {} signatories{} in {}:",
                p.release,
                p.signatories,
                if p.withdrawn > 0 { format!(" and {} withdrawn", p.withdrawn) } else { String::new() },
                p.dir.display()
            );
            for f in &p.files {
                println!("  {}", f.display());
            }
            Ok(0)
        }
        Err(Error::Verification(failures)) => {
            for f in failures.iter().take(20) {
                eprintln!("  - {f}");
            }
            if failures.len() > 20 {
                eprintln!("  … and {} more", failures.len() - 20);
            }
            Err(Fail {
                code: 1,
                err: anyhow::anyhow!(
                    "{} does not verify ({} failures); nothing was published",
                    path.display(),
                    failures.len()
                ),
            })
        }
        Err(e @ Error::Unreadable { .. }) => Err(with_path(e, path)),
        Err(e) => Err(e.into()),
    }
}

fn print_report(r: &VerificationReport, path: &Path, code: u8) {
    if code == 2 {
        for e in &r.errors {
            eprintln!("error: {}", e.message);
        }
        return;
    }
    println!("{}: {}", path.display(), if r.valid { "VALID" } else { "NOT VALID" });
    println!("Statement: \"{}\" version {} (digest {})", r.statement.title, r.statement.version, r.statement.digest);
    println!("Lead: {} (fingerprint {})", r.statement.lead_name, r.statement.lead_fingerprint);
    println!("Release {} issued {}: {} signatories, {} withdrawn", r.release.number, r.release.issued_at, r.signatories, r.withdrawn);
    let kinds: Vec<String> = r.by_kind.iter().map(|(k, n)| format!("{n} {k}s")).collect();
    if !kinds.is_empty() {
        println!("By kind: {}", kinds.join(", "));
    }
    let mut countries: Vec<(&String, &u64)> = r.by_country.iter().collect();
    countries.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    if !countries.is_empty() {
        let top: Vec<String> = countries.iter().take(12).map(|(c, n)| format!("{c} {n}")).collect();
        println!("By country ({} countries): {}{}", countries.len(), top.join(", "), if countries.len() > 12 { ", …" } else { "" });
    }
    if let Some(p) = &r.previous {
        println!(
            "Against release {}: {} kept, {} withdrawn by their signers, {} added — {}",
            p.number,
            p.kept,
            p.withdrawn_since,
            p.added,
            if p.consistent { "consistent: nothing dropped or altered" } else { "NOT consistent" }
        );
    }
    if !r.errors.is_empty() {
        println!("{} failures:", r.errors.len());
        for e in &r.errors {
            println!("  - {e}");
        }
    }
}

fn check(path: &Path, json: bool) -> Result<u8, Fail> {
    use undersigned_core::check::{self, Kind};
    let bytes = files::read_capped(path, undersigned_core::invitation::MAX_BYTES, "file")?;
    let kind = undersigned_core::canonical::sniff_type(&bytes)
        .and_then(|t| Kind::parse(&t))
        .filter(|k| *k != Kind::Bundle)
        .unwrap_or(Kind::Endorsement);
    let outcome = check::check(kind, &bytes, None, &seed());
    let unreadable = outcome.codes.iter().any(|c| c.is_unreadable());
    let code = if outcome.valid { 0 } else if unreadable { 2 } else { 1 };
    if json {
        let v = serde_json::json!({
            "file": path.display().to_string(),
            "kind": kind.as_str(),
            "valid": outcome.valid,
            "errors": outcome.failures,
        });
        println!("{}", serde_json::to_string_pretty(&v).context("cannot print the result")?);
        return Ok(code);
    }
    println!("{}: {} {}", path.display(), kind.as_str(), if outcome.valid { "VALID" } else { "NOT VALID" });
    for f in &outcome.failures {
        println!("  - {f}");
    }
    Ok(code)
}
