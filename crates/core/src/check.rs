//! One entry point to verify any artefact from its bytes: parse it as the kind the caller
//! expects, verify it, and give the verdict with the sorted, unique error codes (FORMAT.md §13).
//! The vector test (`tests/vectors.rs`) and the command line both go through here, so the codes
//! listed in `docs/vectors/index.json` are exactly what users see.

use crate::bundle;
use crate::equivocation::EquivocationProof;
use crate::error::{Code, Failure, ParseError};
use crate::invitation::Invitation;
use crate::statement11;
use crate::verify::{verify_bundle, Options, Previous};
use crate::well_known::WellKnown;
use crate::{endorsement, withdrawal};

/// The kinds of file a verifier is given (the `kind` of `docs/vectors/index.json`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Bundle,
    Endorsement,
    Withdrawal,
    Invitation,
    /// Format 1.1 (FORMAT.md §14.13).
    EquivocationProof,
    /// Format 1.1 (FORMAT.md §14.7).
    WellKnown,
}

impl Kind {
    pub const ALL: [Kind; 6] =
        [Kind::Bundle, Kind::Endorsement, Kind::Withdrawal, Kind::Invitation, Kind::EquivocationProof, Kind::WellKnown];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Bundle => "bundle",
            Kind::Endorsement => "endorsement",
            Kind::Withdrawal => "withdrawal",
            Kind::Invitation => "invitation",
            Kind::EquivocationProof => "equivocation-proof",
            Kind::WellKnown => "well-known",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The kind of a lone file (`undersigned check`) from its `type` member: an endorsement,
    /// a withdrawal, an invitation, an equivocation proof or a well-known file; anything else (no `type`, a bundle, unreadable bytes) is
    /// checked as an endorsement, whose parser then says what is wrong.
    pub fn of_lone_file(bytes: &[u8]) -> Kind {
        crate::canonical::sniff_type(bytes)
            .and_then(|t| Kind::parse(&t))
            .filter(|k| *k != Kind::Bundle)
            .unwrap_or(Kind::Endorsement)
    }
}

/// The verdict on one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// True if and only if there is no failure.
    pub valid: bool,
    /// The codes of `failures`, sorted (in the order of [`Code`]) and without repeats.
    pub codes: Vec<Code>,
    /// Every failure found, in the order the verifier found them.
    pub failures: Vec<Failure>,
    /// For a bundle that could be read: the verifier's full report.
    pub report: Option<bundle::VerificationReport>,
}

impl Outcome {
    fn new(failures: Vec<Failure>, report: Option<bundle::VerificationReport>) -> Self {
        let mut codes: Vec<Code> = failures.iter().map(|f| f.code).collect();
        codes.sort();
        codes.dedup();
        Outcome { valid: failures.is_empty(), codes, failures, report }
    }

    fn unreadable(e: ParseError) -> Self {
        Outcome::new(vec![e.to_failure()], None)
    }

    /// The exit status of FORMAT.md §13: 0 valid, 1 failures found, 2 unreadable.
    pub fn exit_code(&self) -> u8 {
        match (self.valid, self.codes.iter().any(|c| c.is_unreadable())) {
            (true, _) => 0,
            (false, true) => 2,
            (false, false) => 1,
        }
    }

    /// The codes as the strings of FORMAT.md §13, sorted as strings (the order of
    /// `docs/vectors/index.json`).
    pub fn code_strings(&self) -> Vec<&'static str> {
        let mut v: Vec<&'static str> = self.codes.iter().map(|c| c.as_str()).collect();
        v.sort_unstable();
        v
    }
}

/// Parses `bytes` as an artefact of `kind` and verifies it.
///
/// `previous` is the previous release's bundle and is used only when `kind` is
/// [`Kind::Bundle`] (FORMAT.md §10.3); a bundle goes through [`verify_bundle`], the pipeline
/// every front end uses, so a previous bundle that cannot be read is reported as
/// `previous-invalid` beside the bundle's own full report. `seed` feeds the batch verifier's coefficients: pass fresh randomness
/// (the verdict never depends on it; a seed known in advance only weakens the batch fast path).
pub fn check(kind: Kind, bytes: &[u8], previous: Option<&[u8]>, seed: &[u8; 32]) -> Outcome {
    match kind {
        Kind::Bundle => {
            let mut prev = previous;
            let previous = prev.as_mut().map(|p| Previous::Reader(p as &mut dyn std::io::Read));
            let v = verify_bundle(bytes, previous, seed, &Options { entries: true, ..Options::default() });
            Outcome::new(v.report.errors.clone(), Some(v.report))
        }
        Kind::Endorsement => match endorsement::parse(bytes) {
            Ok(e) => Outcome::new(endorsement::verify(&e), None),
            Err(e) => Outcome::unreadable(e),
        },
        Kind::Withdrawal => match withdrawal::parse(bytes) {
            Ok(w) => Outcome::new(withdrawal::verify(&w), None),
            Err(e) => Outcome::unreadable(e),
        },
        // Its own format decides how it is read (FORMAT.md §14.3, step 3).
        Kind::Invitation if statement11::top_format(bytes).as_deref() == Some(crate::FORMAT_1_1) => {
            match statement11::Invitation::parse(bytes) {
                Ok(i) => Outcome::new(i.verify(), None),
                Err(e) => Outcome::unreadable(e),
            }
        }
        Kind::Invitation => match Invitation::parse(bytes) {
            Ok(i) => Outcome::new(i.verify(), None),
            Err(e) => Outcome::unreadable(e),
        },
        Kind::EquivocationProof => match EquivocationProof::parse(bytes) {
            Ok(p) => Outcome::new(p.verify(), None),
            Err(e) => Outcome::unreadable(e),
        },
        Kind::WellKnown => match WellKnown::parse(bytes) {
            Ok(w) => Outcome::new(w.verify(), None),
            Err(e) => Outcome::unreadable(e),
        },
    }
}

/// [`check`] with the kind named as in `docs/vectors/index.json` and a fixed batch seed, for
/// tests and vectors: the verdict and the sorted unique codes. An unknown kind is
/// `unsupported-format`.
pub fn check_file(kind: &str, bytes: &[u8], previous: Option<&[u8]>) -> (bool, Vec<Code>) {
    match Kind::parse(kind) {
        Some(k) => {
            let o = check(k, bytes, previous, &[0u8; 32]);
            (o.valid, o.codes)
        }
        None => (false, vec![Code::UnsupportedFormat]),
    }
}

/// [`endorsement::verify`] and [`withdrawal::verify`] of many entries at once: for each entry,
/// exactly the failures the single check gives (field rules, then the signature), with the
/// signatures checked together by [`crate::ed25519::verify_batch`] (which falls back to single
/// checks when the batch fails, so the verdicts never depend on `seed`).
pub fn verify_entries(entries: &[bundle::EntryRef<'_>], seed: &[u8; 32]) -> Vec<Vec<Failure>> {
    let mut out: Vec<Vec<Failure>> = Vec::with_capacity(entries.len());
    // (entry, key, signature, signed message)
    type Pending = (usize, [u8; 32], [u8; 64], Vec<u8>);
    let mut pending: Vec<Pending> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let (failures, key_hex, sig_hex, msg) = match e {
            bundle::EntryRef::Endorsement(e) => (
                endorsement::check_fields(&e.signed),
                &e.signed.signer.public_key,
                &e.signature,
                crate::endorsement::message(&e.signed),
            ),
            bundle::EntryRef::Withdrawal(w) => (
                withdrawal::check_fields(&w.signed),
                &w.signed.signer_key,
                &w.signature,
                crate::withdrawal::message(&w.signed),
            ),
        };
        out.push(failures);
        match bundle::decode_key_sig(key_hex, sig_hex) {
            Err(f) => out[i].push(f),
            Ok((key, sig)) => pending.push((i, key, sig, msg)),
        }
    }
    let items: Vec<crate::ed25519::SignatureCheck<'_>> =
        pending.iter().map(|(_, key, sig, msg)| crate::ed25519::SignatureCheck { key, sig, msg }).collect();
    for ((i, ..), r) in pending.iter().zip(crate::ed25519::verify_batch(&items, seed)) {
        if let Err(e) = r {
            out[*i].push(crate::statement::sig_failure(e));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
        }
        assert_eq!(Kind::parse("release"), None);
        assert_eq!(check_file("release", b"{}", None), (false, vec![Code::UnsupportedFormat]));
    }

    #[test]
    fn unreadable_input_gives_its_code() {
        for k in Kind::ALL {
            assert_eq!(check(k, b"not json", None, &[0; 32]).codes, vec![Code::Malformed]);
            assert!(!check(k, b"", None, &[0; 32]).valid);
        }
    }
}
