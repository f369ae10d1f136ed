//! `undersigned publish`: write the publication of a bundle (pages, CSV, offline verifier) into
//! a folder; a bundle that does not verify is not published.

use crate::cli::PublishArgs;
use crate::common::{seed, with_path, Bars, Fail};
use undersigned_store::publish::{self, Input};
use undersigned_store::Error;

pub fn run(args: PublishArgs) -> Result<u8, Fail> {
    let PublishArgs { bundle: path, out, previous } = args;
    // A bar for the verification (bytes of both bundles; for format 1.1, then its entries
    // checked); none while the pages are written.
    let bars = Bars::default();
    let on_progress = |stage: &str, done: u64, total: u64| match stage {
        publish::WRITING => bars.clear(),
        _ => bars.show(stage, publish::unit(stage) == "bytes", done, total),
    };
    // The files are read once, as they are verified (a bundle of a million entries is not held).
    let published =
        publish::publish(Input::File(&path), previous.as_deref().map(Input::File), &out, &seed(), &on_progress);
    bars.clear();
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
