//! Anyone: verifying a bundle, with the one pipeline the CLI and the publication use.

use super::{report, seed, to_read};
use crate::json::Progress;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use tauri::ipc::Channel;
use undersigned_core::bundle::VerificationReport;
use undersigned_core::{Code, ParseError};

/// Verifies the bundle at `path` (and that it keeps every entry of `previous`). A file that
/// cannot be read as a bundle gives a report with that failure, not an error.
#[tauri::command]
pub async fn verify_bundle(
    path: String,
    previous: Option<String>,
    on_progress: Channel<Progress>,
) -> VerificationReport {
    let paths = to_read(&path).and_then(|p| Ok((p, previous.as_deref().map(to_read).transpose()?)));
    let (path, previous) = match paths {
        Ok(p) => p,
        Err(e) => return VerificationReport::unreadable(&ParseError::new(Code::Malformed, e.message)),
    };
    // Progress in bytes, no more often than once per percent (the verifier calls about every MiB).
    let last = AtomicU64::new(u64::MAX);
    let progress = |file: &Path, n: u64, total: u64| {
        let percent = n.saturating_mul(100) / total.max(1);
        if last.swap(percent, Ordering::Relaxed) != percent {
            let name = file.file_name().map(|f| f.to_string_lossy()).unwrap_or_default();
            report(&on_progress, &format!("verifying {name}"), n, total, "bytes");
        }
    };
    undersigned_store::verify::verify_files(&path, previous.as_deref(), &seed(), true, &progress).report
}
