//! `undersigned publish`: write the publication of a bundle (pages, CSV, offline verifier) into
//! a folder; a bundle that does not verify is not published.

use crate::cli::PublishArgs;
use crate::common::{progress_bar, seed, with_path, Fail, BYTES_BAR};
use undersigned_store::publish::{self, Input};
use undersigned_store::Error;

pub fn run(args: PublishArgs) -> Result<u8, Fail> {
    let PublishArgs { bundle: path, out, previous } = args;
    // One bar for the verification (bytes of both bundles), then the pages are written.
    let bar = std::cell::RefCell::new(None::<indicatif::ProgressBar>);
    let on_progress = |stage: &str, done: u64, total: u64| {
        let mut bar = bar.borrow_mut();
        if stage != publish::VERIFYING {
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
    // The files are read once, as they are verified (a bundle of a million entries is not held).
    let published =
        publish::publish(Input::File(&path), previous.as_deref().map(Input::File), &out, &seed(), &on_progress);
    if let Some(b) = bar.borrow_mut().take() {
        b.finish_and_clear();
    }
    match published {
        Ok(p) => {
            let mut also = Vec::new();
            if p.unnamed > 0 {
                also.push(format!("{} not named", p.unnamed));
            }
            if p.withdrawn > 0 {
                also.push(format!("{} withdrawn", p.withdrawn));
            }
            let also = if also.is_empty() { String::new() } else { format!(" and {}", also.join(" and ")) };
            println!(
                "Release {} published with {} signatories{also} in {}:",
                p.release,
                p.signatories,
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
