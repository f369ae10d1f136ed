//! A verification whose entries are kept to be shown a page at a time (the app's Verify
//! screen): at a million entries, the full lines ([`EntryReport`]) would take about a gigabyte
//! here and as much again sent to the window at once. Each line is kept small, as the
//! verification hands it on (`Options::on_entry`), and a page is rebuilt, exactly as
//! the verifier's own lines would be, when asked for.

use crate::packed::Packed;
use std::sync::Mutex;
use undersigned_core::bundle::{EntryReport, VerificationReport};
use undersigned_core::endorsement::SignerKind;
use undersigned_core::tier::TierReport;
use undersigned_core::verify::Verification;
use undersigned_core::Failure;

/// An entry as the verification handed it on, its status aside.
struct Line {
    /// name, country, fingerprint, signed_at, id, website, title, affiliation.
    text: Packed<8>,
    /// Its kind, as a position in [`KINDS`].
    kind: u8,
    signer_kind: Option<SignerKind>,
    version: Option<u64>,
    /// Format 1.1: what the line says beyond format 1 (boxed: a format 1 line has none).
    extra: Option<Box<Line11>>,
}

/// A line's format 1.1 part: the tier and its evidence (§14.7), a hidden entry's vouchers and
/// region (§14.9).
struct Line11 {
    tier: Option<TierReport>,
    vouchers: Option<u64>,
    region: Option<String>,
}

/// The kinds of entry (FORMAT.md §9, and §14.9 for format 1.1's last three).
const KINDS: [&str; 5] = ["endorsement", "withdrawal", "hidden", "vouch", "reveal"];

impl Line {
    fn withdrawal(&self) -> bool {
        self.kind == 1
    }

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
            extra: (e.tier.is_some() || e.vouchers.is_some() || e.region.is_some())
                .then(|| Box::new(Line11 { tier: e.tier, vouchers: e.vouchers, region: e.region })),
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
    /// (entry, position of one of its failures in the report's `errors`), sorted.
    failures: Vec<(u32, u32)>,
    /// For each entry, the other of its withdrawal pair: a withdrawal's endorsement (whose name
    /// it shows), an endorsement's valid withdrawal (whose date it shows).
    paired: Vec<(u32, u32)>,
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
        let mut failures: Vec<(u32, u32)> = (verification.report.errors.iter().enumerate())
            .filter_map(|(k, f)| Some((f.at.as_deref().and_then(entry_index)?, k as u32)))
            .collect();
        failures.sort_unstable();
        let mut paired = Vec::new();
        for (w, e) in verification.named() {
            paired.push((w as u32, e as u32));
        }
        for (w, e) in verification.withdrawals() {
            paired.push((e as u32, w as u32));
        }
        paired.sort_unstable();
        Listed { verification, lines, problems, failures, paired }
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

    fn other(&self, i: u32) -> Option<&Line> {
        let k = self.paired.binary_search_by_key(&i, |p| p.0).ok()?;
        self.lines.get(self.paired[k].1 as usize)
    }

    /// Entry `i`'s line, as the verifier builds it when it keeps every line
    /// (`Options { entries: true, on_entry: None }`).
    fn entry(&self, i: u64) -> Option<EntryReport> {
        let line = self.lines.get(usize::try_from(i).ok()?)?;
        let t = &line.text;
        let other = self.other(i as u32);
        let from = self.failures.partition_point(|f| u64::from(f.0) < i);
        let to = self.failures.partition_point(|f| u64::from(f.0) <= i);
        let errors = (self.failures[from..to].iter())
            .filter_map(|&(_, k)| self.verification.report.errors.get(k as usize))
            .map(|f| Failure { at: None, ..f.clone() })
            .collect();
        let (name, withdrawn_at) = match (line.withdrawal(), other) {
            (true, o) => (o.map(|o| o.text.text(0)).unwrap_or_default(), None),
            (false, o) => (t.text(0), o.map(|o| o.text.text(3).to_owned())),
        };
        Some(EntryReport {
            index: i,
            kind: KINDS[usize::from(line.kind)].into(),
            id: t.text(4).into(),
            status: self.verification.status(i)?.into(),
            name: name.into(),
            signer_kind: line.signer_kind,
            country: t.text(1).into(),
            website: t.get(5).map(Into::into),
            title: t.get(6).map(Into::into),
            affiliation: t.get(7).map(Into::into),
            fingerprint: t.text(2).into(),
            signed_at: t.text(3).into(),
            withdrawn_at,
            version: line.version,
            errors,
            tier: line.extra.as_ref().and_then(|t| t.tier.clone()),
            vouchers: line.extra.as_ref().and_then(|t| t.vouchers),
            region: line.extra.as_ref().and_then(|t| t.region.clone()),
        })
    }
}

/// The entry a failure's place names (`entries[i]`), if it names one.
fn entry_index(at: &str) -> Option<u32> {
    at.strip_prefix("entries[")?.strip_suffix(']')?.parse().ok()
}
