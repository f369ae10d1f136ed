//! `undersigned statement new|edit|open|list|invite`: the coalition lead's statements.

use crate::cli::StatementCmd;
use crate::common::{now, open_store, unlock, with_path, Fail};
use rand_core::{OsRng, RngCore};
use std::path::Path;
use undersigned_core::bundle;
use undersigned_store::{files, keys};

pub fn run(cmd: StatementCmd, db: Option<&Path>) -> Result<u8, Fail> {
    let mut store = open_store(db)?;
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
        StatementCmd::Open { id, key, closes, witnesses, quorum, unnamed } => {
            undersigned_store::closing_date(closes.as_deref()).map_err(anyhow::Error::from)?; // a usage error: exit 2
            let listed = witnesses.iter().map(|w| parse_witness(w)).collect::<Result<Vec<_>, _>>()?;
            let sk = unlock(&key)?;
            let v = store.open_statement_witnessed(&id, &sk, closes.as_deref(), &now(), &listed, quorum, unnamed)?;
            let (_, quorum) = v.witnesses();
            println!("Version {} is open for signature.", v.body().version);
            println!("Digest: {}", v.body().digest);
            if unnamed {
                println!(
                    "Signers may sign without being named: their vetting packets are encrypted to {} (open them with `undersigned vetting open FILE --key {}`).",
                    v.vetting_recipient().unwrap_or_default(),
                    key.display()
                );
            }
            if !listed.is_empty() {
                println!(
                    "Each release must be co-signed by {quorum} of these {} witnesses: {}.",
                    listed.len(),
                    listed.iter().map(|w| w.name.as_str()).collect::<Vec<_>>().join(", ")
                );
            }
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
            println!("Invitation to sign version {} written to {}.", inv.0.body().version, out.display());
            println!("Lead fingerprint: {}", bundle::fingerprint_hex(inv.0.lead_key()));
        }
    }
    Ok(0)
}

/// A witness as `--witness` gives it: KEY_NAME,PUBLIC_KEY,NAME[,WEBSITE] (the name may hold
/// commas when a website follows it is not given; its rules are checked when the version is
/// signed).
fn parse_witness(spec: &str) -> Result<undersigned_core::statement11::Witness, Fail> {
    let mut parts = spec.splitn(3, ',');
    let (Some(key_name), Some(key), Some(rest)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(anyhow::anyhow!("--witness {spec:?}: give KEY_NAME,PUBLIC_KEY,NAME[,WEBSITE]").into());
    };
    let (name, website) = match rest.rsplit_once(',') {
        Some((n, w)) if w.trim().starts_with("https://") || w.trim().starts_with("http://") => (n, Some(w.trim())),
        _ => (rest, None),
    };
    // The store normalizes each part (white space, the key's case).
    Ok(undersigned_core::statement11::Witness {
        key_name: key_name.into(),
        name: name.into(),
        public_key: key.into(),
        website: website.map(Into::into),
    })
}

/// A statement's text file: UTF-8, at most 4 MiB.
fn read_text(path: &Path) -> Result<String, Fail> {
    let bytes = files::read_capped(path, 4 << 20, "statement text")?;
    String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("{} is not UTF-8 text", path.display()).into())
}
