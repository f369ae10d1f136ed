//! A verification whose entries are kept to be shown a page at a time (the app's Verify
//! screen): at a million entries, the full lines ([`EntryReport`]) would take about a gigabyte
//! here and as much again sent to the window at once. Each entry's own line is kept small, as
//! the verification hands it on (`Options::on_entry`), and a page is made of full lines, as the
//! verifier's own, by the verification ([`Verification::complete`]) when asked for.

use crate::packed::Packed;
use std::sync::Mutex;
use undersigned_core::bundle::{EntryReport, VerificationReport};
use undersigned_core::endorsement::SignerKind;
use undersigned_core::verify::Verification;

/// An entry's own line, as the verification handed it on.
struct Line {
    /// name, country, fingerprint, signed_at, id, website, title, affiliation.
    text: Packed<8>,
    /// Its kind, as a position in [`KINDS`].
    kind: u8,
    signer_kind: Option<SignerKind>,
    version: Option<u64>,
    /// Format 1.1: the region a hidden entry gives (§14.9).
    region: Option<Box<str>>,
}

/// The kinds of entry (FORMAT.md §9, and §14.9 for format 1.1's last three).
const KINDS: [&str; 5] = ["endorsement", "withdrawal", "hidden", "vouch", "reveal"];

impl Line {
    fn of(e: EntryReport) -> Self {
        Line {
            text: Packed::new([
                Some(&e.name),
                Some(&e.country),
                Some(&e.fingerprint),
                Some(&e.signed_at),
                Some(&e.id),
                e.website.as_deref(),
                e.title.as_deref(),
                e.affiliation.as_deref(),
            ]),
            kind: KINDS.iter().position(|k| *k == e.kind).unwrap_or(0) as u8,
            signer_kind: e.signer_kind,
            version: e.version,
            region: e.region.map(Into::into),
        }
    }

    /// The line as it was handed on (but its own failures: the verification gives every
    /// failure of the entry).
    fn own(&self, index: u64) -> EntryReport {
        let t = &self.text;
        EntryReport {
            index,
            kind: KINDS[usize::from(self.kind)].into(),
            id: t.text(4).into(),
            name: t.text(0).into(),
            signer_kind: self.signer_kind,
            country: t.text(1).into(),
            website: t.get(5).map(Into::into),
            title: t.get(6).map(Into::into),
            affiliation: t.get(7).map(Into::into),
            fingerprint: t.text(2).into(),
            signed_at: t.text(3).into(),
            version: self.version,
            region: self.region.as_deref().map(Into::into),
            ..EntryReport::default()
        }
    }
}

/// Collects the lines, as the verification's `on_entry` (called in log order).
#[derive(Default)]
pub(super) struct Lines(Mutex<Vec<Line>>);

impl Lines {
    pub(super) fn take(&self, e: EntryReport) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).push(Line::of(e));
    }
}

/// A verification and its entries, to be read a page at a time.
pub struct Listed {
    verification: Verification,
    lines: Vec<Line>,
    /// The entries with a failure (status `invalid`), in log order.
    problems: Vec<u32>,
}

impl Listed {
    pub(super) fn new(verification: Verification, lines: Lines) -> Self {
        let mut lines = lines.0.into_inner().unwrap_or_else(|p| p.into_inner());
        // An unreadable bundle lists nothing; a readable one, every entry in log order.
        if !verification.readable {
            lines.clear();
        }
        lines.shrink_to_fit();
        let problems =
            (0..lines.len() as u32).filter(|&i| verification.status(u64::from(i)) == Some("invalid")).collect();
        Listed { verification, lines, problems }
    }

    /// The verification's report: every failure and the counts, its `entries` empty (they are
    /// read with [`Listed::page`]).
    pub fn report(&self) -> &VerificationReport {
        &self.verification.report
    }

    /// Whether the bundle could be read as a bundle.
    pub fn readable(&self) -> bool {
        self.verification.readable
    }

    /// How many entries there are, or with `problems`, how many have a failure.
    pub fn len(&self, problems: bool) -> u64 {
        if problems {
            self.problems.len() as u64
        } else {
            self.lines.len() as u64
        }
    }

    /// Lines `start..start + count` of the list (of the entries with a failure, with
    /// `problems`), each as the verifier's [`EntryReport`] for that entry.
    pub fn page(&self, start: u64, count: u64, problems: bool) -> Vec<EntryReport> {
        let end = start.saturating_add(count).min(self.len(problems));
        (start..end)
            .filter_map(|k| if problems { self.problems.get(k as usize).map(|&i| u64::from(i)) } else { Some(k) })
            .filter_map(|i| self.entry(i))
            .collect()
    }

    /// Entry `i`'s own line.
    fn own(&self, i: u64) -> Option<EntryReport> {
        Some(self.lines.get(usize::try_from(i).ok()?)?.own(i))
    }

    /// Entry `i`'s line, as the verifier builds it when it keeps every line
    /// (`Options { entries: true, on_entry: None }`).
    fn entry(&self, i: u64) -> Option<EntryReport> {
        let mut line = self.own(i)?;
        self.verification.complete(&mut line, &|j| self.own(j));
        Some(line)
    }
}
