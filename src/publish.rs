//! `undersigned publish`: write the publication of a bundle (pages, CSV, offline verifier) into
//! a folder; a bundle that does not verify is not published.

use crate::cli::PublishArgs;
use crate::common::{progress_bar, seed, with_path, Fail, BYTES_BAR};
use std::path::Path;
use undersigned_core::bundle;
use undersigned_store::{files, Error};

pub fn run(args: PublishArgs) -> Result<u8, Fail> {
    let PublishArgs { bundle: path, out, previous } = args;
    let read = |p: &Path| files::read_capped(p, bundle::MAX_BYTES as usize, "bundle");
    let bytes = read(&path)?;
    let prev = previous.as_deref().map(read).transpose()?;
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
    let published = undersigned_store::publish::publish(&bytes, prev.as_deref(), &out, &seed(), &on_progress);
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
        Err(e @ Error::Unreadable { .. }) => Err(with_path(e, &path)),
        Err(e) => Err(e.into()),
    }
}
