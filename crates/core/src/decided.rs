//! What the log decided of each entry that the entry's own line cannot say: its status and
//! failures, the name a withdrawal's line gives, the date a withdrawn entry's line gives, the
//! signer a revealed hidden entry's line shows, a tier, a hidden entry's vouchers (FORMAT.md
//! §10.2, §14.7, §14.9).
//!
//! A verification hands each entry's own line on as it reads the entry (`Options::on_entry`),
//! before the later entries that decide the rest are read; [`Decided::complete`] then makes it
//! the verifier's full line. It is the one rule for both formats' lines handed on, for the
//! lines a report of format 1.1 keeps, and for what a caller that keeps less of each line
//! (`publish`) asks of one entry.

use crate::error::Failure;
use crate::report::{EntryReport, ShownSigner};
use crate::stream::status_name;
use crate::tier::{self, TierReport};

/// What the log decided of each entry, by index in the log.
#[derive(Default)]
pub(crate) struct Decided {
    /// Each entry's status (`stream::status_byte`).
    pub status: Vec<u8>,
    /// Each withdrawal, valid or not, that names an endorsement (format 1.1: or a hidden entry)
    /// of the log, with that entry (its first occurrence), as (withdrawal, entry), sorted.
    named: Vec<(u32, u32)>,
    /// Each entry withdrawn by a valid withdrawal, with it, as (entry, withdrawal), sorted.
    withdrawn: Vec<(u32, u32)>,
    /// Format 1.1: each revealed hidden entry, with the signer its reveal names, sorted.
    revealed: Vec<(u32, ShownSigner)>,
    /// Format 1.1: the tier of each entry whose tier is not that of an endorsement without
    /// evidence (an endorsement the lead's evidence names, a revealed hidden entry), sorted.
    tiers: Vec<(u32, TierReport)>,
    /// Format 1.1: the vouchers of each hidden entry that has any, sorted.
    vouchers: Vec<(u32, u64)>,
    format_1_1: bool,
    /// (entry, position in the report's `errors` of one of its failures), sorted.
    failures: Vec<(u32, u32)>,
}

/// What a bundle of format 1.1 decides beyond format 1: each part as [`Decided`] keeps it,
/// sorted by entry.
pub(crate) struct Decided11 {
    pub revealed: Vec<(u32, ShownSigner)>,
    pub tiers: Vec<(u32, TierReport)>,
    pub vouchers: Vec<(u32, u64)>,
}

impl Decided {
    /// The decisions over a log whose entries have these statuses and named entries, and, for
    /// format 1.1, what it adds; `errors` the report's failures (those of an entry say
    /// `entries[i]`).
    pub(crate) fn new(status: Vec<u8>, named: Vec<(u32, u32)>, v11: Option<Decided11>, errors: &[Failure]) -> Self {
        let mut withdrawn: Vec<(u32, u32)> = (named.iter())
            .filter(|&&(w, _)| status.get(w as usize).map(|&s| status_name(s)) == Some("withdrawal"))
            .map(|&(w, e)| (e, w))
            .collect();
        withdrawn.sort_unstable();
        let mut named = named;
        named.sort_unstable();
        let format_1_1 = v11.is_some();
        let Decided11 { revealed, tiers, vouchers } =
            v11.unwrap_or(Decided11 { revealed: Vec::new(), tiers: Vec::new(), vouchers: Vec::new() });
        let mut d = Decided { status, named, withdrawn, revealed, tiers, vouchers, format_1_1, failures: Vec::new() };
        d.index(errors);
        d
    }

    /// Indexes the report's failures by entry (again, once failures were added).
    pub(crate) fn index(&mut self, errors: &[Failure]) {
        self.failures = (errors.iter().enumerate())
            .filter_map(|(k, f)| Some((f.at.as_deref().and_then(entry_index)?, k as u32)))
            .collect();
        self.failures.sort_unstable();
    }

    /// The status of entry `i` (`active`, `withdrawn`, `withdrawal`, `invalid`, and in format
    /// 1.1 `vouch` and `reveal`); none past the log's end.
    pub(crate) fn status(&self, i: u64) -> Option<&'static str> {
        Some(status_name(*self.status.get(usize::try_from(i).ok()?)?))
    }

    /// (withdrawal, entry it names), in log order of the withdrawals.
    pub(crate) fn named(&self) -> impl Iterator<Item = (u64, u64)> + '_ {
        self.named.iter().map(|&(w, e)| (u64::from(w), u64::from(e)))
    }

    /// The valid withdrawal that withdrew entry `i`, if one did.
    pub(crate) fn withdrawn_by(&self, i: u64) -> Option<u64> {
        find(&self.withdrawn, i).map(|&w| u64::from(w))
    }

    /// The entry whose name withdrawal `i`'s line gives, if it names one.
    fn names(&self, i: u64) -> Option<u64> {
        find(&self.named, i).map(|&e| u64::from(e))
    }

    /// Format 1.1: the signer hidden entry `i`'s reveal names, if it was revealed.
    pub(crate) fn revealed(&self, i: u64) -> Option<&ShownSigner> {
        find(&self.revealed, i)
    }

    /// Format 1.1: entry `i`'s tier, given its kind (`endorsement`, `hidden`, ...): that of an
    /// endorsement or of a revealed hidden entry; none for another entry, or in format 1.
    pub(crate) fn tier(&self, i: u64, kind: &str) -> Option<TierReport> {
        if !self.format_1_1 {
            return None;
        }
        match find(&self.tiers, i) {
            Some(t) => Some(t.clone()),
            None => (kind == "endorsement").then(|| tier::tier_of(&[], None)),
        }
    }

    /// Format 1.1: a hidden entry's vouchers (none for another kind of entry).
    pub(crate) fn vouchers(&self, i: u64, kind: &str) -> Option<u64> {
        (kind == "hidden").then(|| find(&self.vouchers, i).copied().unwrap_or(0))
    }

    /// Entry `i`'s failures, as its line gives them (without their place).
    fn errors<'a>(&'a self, errors: &'a [Failure], i: u64) -> impl Iterator<Item = Failure> + 'a {
        let from = self.failures.partition_point(|f| u64::from(f.0) < i);
        let to = self.failures.partition_point(|f| u64::from(f.0) <= i);
        (self.failures[from..to].iter())
            .filter_map(|&(_, k)| errors.get(k as usize))
            .map(|f| Failure { at: None, ..f.clone() })
    }

    /// Makes entry `line.index`'s own line, as the verification handed it on, the verifier's
    /// full line: `errors` the report's failures, `other(j)` entry j's own line (asked for a
    /// withdrawal's named entry, a withdrawn entry's withdrawal; never for the line itself).
    pub(crate) fn complete(
        &self,
        errors: &[Failure],
        line: &mut EntryReport,
        other: &dyn Fn(u64) -> Option<EntryReport>,
    ) {
        let i = line.index;
        line.status = self.status(i).unwrap_or_default().into();
        line.errors = self.errors(errors, i).collect();
        match line.kind.as_str() {
            "withdrawal" => {
                // The name of what it withdraws: a revealed hidden entry's is its reveal's.
                line.name = match self.names(i) {
                    Some(j) => match self.revealed(j) {
                        Some(s) => s.name().to_owned(),
                        None => other(j).map(|l| l.name).unwrap_or_default(),
                    },
                    None => String::new(),
                };
            }
            "endorsement" | "hidden" => {
                line.withdrawn_at = self.withdrawn_by(i).and_then(other).map(|w| w.signed_at);
            }
            _ => {}
        }
        if let Some(s) = self.revealed(i) {
            line.show_signer(s.clone());
        }
        line.vouchers = self.vouchers(i, &line.kind);
        line.tier = self.tier(i, &line.kind);
    }
}

/// The value of `key` in a list of (key, value) sorted by key.
fn find<T>(list: &[(u32, T)], key: u64) -> Option<&T> {
    let key = u32::try_from(key).ok()?;
    list.binary_search_by_key(&key, |p| p.0).ok().map(|k| &list[k].1)
}

/// The entry a failure's place names (`entries[i]`), if it names one.
fn entry_index(at: &str) -> Option<u32> {
    at.strip_prefix("entries[")?.strip_suffix(']')?.parse().ok()
}
