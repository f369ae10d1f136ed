//! signatories.csv: one row per endorsement, and per signatory not named (RFC 4180, UTF-8).

use super::signatories::Signatory;
use std::io::Write;

/// The header of `signatories.csv`.
pub const CSV_HEADER: [&str; 14] = [
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
    "named",
    "region",
    "vouchers",
];

/// Writes signatories.csv: a header, then one row per endorsement in the order of the log, with
/// its status (`active` or `withdrawn`), and in format 1.1 its tier (`website`, `attested`,
/// `self-declared`) and the lead's evidence (FORMAT.md §14.7); both empty in format 1. Values
/// are written exactly as signed. A signatory not named (§14.9) is a row too, in its place in
/// the log: `named` is `no`, its name and details are empty, its `region` is the one it gave
/// (or empty) and `vouchers` the number of named signatories whose key is on their own website
/// that vouch for it; a named row says `yes` and leaves both empty.
pub fn write_csv(out: &mut dyn Write, signatories: &[Signatory]) -> std::io::Result<()> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out);
    w.write_record(CSV_HEADER)?;
    for e in signatories {
        let (named, region, vouchers) = match &e.unnamed {
            None => ("yes", "", String::new()),
            Some(u) => ("no", u.region.as_deref().unwrap_or_default(), u.vouchers.to_string()),
        };
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
            named,
            region,
            &vouchers,
        ])?;
    }
    w.flush()
}
