//! signatories.csv: one row per endorsement (RFC 4180, UTF-8).

use crate::{Error, Result};
use std::io::Write;
use undersigned_core::bundle::VerificationReport;

/// The header of `signatories.csv`.
pub const CSV_HEADER: [&str; 9] =
    ["name", "kind", "country", "website", "title", "affiliation", "signed_at", "key_fingerprint", "status"];

/// Renders signatories.csv in memory; [`write_csv`] writes it to a file as it goes.
pub fn render_csv(report: &VerificationReport) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    write_csv(&mut out, report).map_err(|e| Error::Io(format!("cannot write the CSV: {e}")))?;
    Ok(out)
}

/// Writes signatories.csv: a header, then one row per endorsement in the order of the log, with
/// its status (`active` or `withdrawn`). Values are written exactly as signed.
pub fn write_csv(out: &mut dyn Write, report: &VerificationReport) -> std::io::Result<()> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out);
    w.write_record(CSV_HEADER)?;
    for e in report.entries.iter().filter(|e| e.kind == "endorsement") {
        w.write_record([
            e.name.as_str(),
            e.signer_kind.map(|k| k.as_str()).unwrap_or_default(),
            e.country.as_str(),
            e.website.as_deref().unwrap_or_default(),
            e.title.as_deref().unwrap_or_default(),
            e.affiliation.as_deref().unwrap_or_default(),
            e.signed_at.as_str(),
            e.fingerprint.as_str(),
            e.status.as_str(),
        ])?;
    }
    w.flush()
}
