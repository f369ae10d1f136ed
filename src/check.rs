//! `undersigned check`: check one endorsement, withdrawal, invitation or equivocation proof file.

use crate::cli::CheckArgs;
use crate::common::{seed, Fail};
use anyhow::Context;
use undersigned_core::check::{self, Kind};
use undersigned_store::files;

/// Exit code 0 valid, 1 not valid, 2 unreadable.
pub fn run(args: CheckArgs) -> Result<u8, Fail> {
    let CheckArgs { file: path, json } = args;
    let bytes = files::read_capped(&path, undersigned_core::invitation::MAX_BYTES, "file")?;
    let kind = Kind::of_lone_file(&bytes);
    let outcome = check::check(kind, &bytes, None, &seed());
    let code = outcome.exit_code();
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
