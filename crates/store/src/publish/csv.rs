//! signatories.csv: one row per endorsement (RFC 4180, UTF-8).

use super::signatories::Signatory;
use std::io::Write;

/// The header of `signatories.csv`.
pub const CSV_HEADER: [&str; 11] = [
    "name",
    "kind",
    "country",
    "website",
    "title",
    "affiliation",
    "signed_at",
    "key_fingerprint",
    "status",
    "tier",
    "evidence",
];

/// Writes signatories.csv: a header, then one row per endorsement in the order of the log, with
/// its status (`active` or `withdrawn`), and in format 1.1 its tier (`website`, `attested`,
/// `self-declared`) and the lead's evidence (FORMAT.md §14.7); both empty in format 1. Values
/// are written exactly as signed.
pub fn write_csv(out: &mut dyn Write, signatories: &[Signatory]) -> std::io::Result<()> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out);
    w.write_record(CSV_HEADER)?;
    for e in signatories {
        w.write_record([
            e.name(),
            e.signer_kind.map(|k| k.as_str()).unwrap_or_default(),
            e.country(),
            e.website().unwrap_or_default(),
            e.title().unwrap_or_default(),
            e.affiliation().unwrap_or_default(),
            e.signed_at(),
            e.fingerprint(),
            e.status(),
            e.tier_name(),
            &e.evidence_text(),
        ])?;
    }
    w.flush()
}
