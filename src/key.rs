//! `undersigned key new|show|well-known`: create or inspect key files, and write the file a
//! member's website serves to show that a key is its own.

use crate::cli::KeyCmd;
use crate::common::{passphrase, with_path, Fail};
use rand_core::OsRng;
use undersigned_store::keys;

pub fn run(cmd: KeyCmd) -> Result<u8, Fail> {
    match cmd {
        KeyCmd::New { out, name } => {
            let p = passphrase("New passphrase: ", true)?;
            let kf = keys::create(&out, &p, name, &mut OsRng)?;
            println!("public key:  {}", kf.public_key);
            println!("fingerprint: {}", kf.public_key().fingerprint());
            eprintln!(
                "Key written to {}. Keep a backup copy: without it (and its passphrase) you cannot sign or withdraw.",
                out.display()
            );
        }
        KeyCmd::Show { file } => {
            let kf = keys::read(&file).map_err(|e| with_path(e, &file))?;
            if let Some(n) = &kf.name {
                println!("name:        {n}");
            }
            println!("public key:  {}", kf.public_key);
            println!("fingerprint: {}", kf.public_key().fingerprint());
        }
        KeyCmd::WellKnown { file, out, name, website, statements } => {
            let kf = keys::read(&file).map_err(|e| with_path(e, &file))?;
            let Some(name) = name.or_else(|| kf.name.clone()) else {
                return Err(
                    anyhow::anyhow!("give your organization's name with --name (the key file has no label)").into()
                );
            };
            undersigned_store::well_known::write(&out, &name, vec![kf.public_key.clone()], statements)
                .map_err(|e| with_path(e, &out))?;
            let website = website.as_deref().map(undersigned_store::workflows::member::ascii_website).transpose()?;
            let at = website.as_deref().and_then(undersigned_core::well_known::url_for);
            match at {
                Some(url) => println!("Written to {}. Put it, unchanged, at {url}", out.display()),
                None => println!(
                    "Written to {}. Put it, unchanged, at https://YOUR-WEBSITE{} (give --website to see the address).",
                    out.display(),
                    undersigned_core::well_known::PATH
                ),
            }
        }
        KeyCmd::CheckWebsite { file, website } => {
            use undersigned_store::well_known::LiveCheck;
            let kf = keys::read(&file).map_err(|e| with_path(e, &file))?;
            let setup = undersigned_store::fetch::FetchSetup::from_env(&|m| eprintln!("warning: {m}"))
                .map_err(|m| Fail::from(anyhow::anyhow!(m)))?;
            let fetcher = undersigned_store::fetch::Fetcher::new(setup);
            match undersigned_store::well_known::check_live(
                &fetcher,
                Some(&website),
                &kf.public_key,
                &crate::common::now(),
            ) {
                LiveCheck::Live { url } => println!("Live: {url} lists this key. A coalition's check will find it."),
                LiveCheck::NotYet { url, status, finding } => {
                    println!(
                        "Not yet: {url} answered HTTP {status}, {}.",
                        match finding {
                            undersigned_core::tier::Finding::KeyNotListed => "with a file that does not list this key",
                            undersigned_core::tier::Finding::NotAWellKnownFile =>
                                "but not with a valid well-known file",
                            _ => "without the file",
                        }
                    );
                    return Ok(1);
                }
                LiveCheck::Failed { url, failure } => {
                    println!("Not reachable: {url}: {failure}.");
                    return Ok(1);
                }
                LiveCheck::NoWebsite => {
                    return Err(anyhow::anyhow!(
                        "{website:?} has no host a coalition can check: give https://your-domain (in its ASCII form)"
                    )
                    .into());
                }
            }
        }
    }
    Ok(0)
}
