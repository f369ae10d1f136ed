//! The list a publication shows: one compact line per valid endorsement, in log order, with its
//! status. At a million entries, the verifier's full lines ([`EntryReport`]) would not fit the
//! memory `publish` is allowed; [`Collector`] keeps only what index.html and signatories.csv
//! show, as the verification hands each line on (`Options::on_entry`).

use crate::packed::Packed;
use std::sync::Mutex;
use undersigned_core::bundle::{EntryReport, VerificationReport};
use undersigned_core::endorsement::SignerKind;
use undersigned_core::report::ShownSigner;
use undersigned_core::tier::TierReport;
use undersigned_core::verify::Verification;

/// A valid endorsement, as the pages show it. Its text fields are kept one after another in
/// one allocation (a million of them are the largest part of what `publish` holds).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signatory {
    /// Its index in the log.
    pub index: u64,
    /// name, country, fingerprint, signed_at, website, title, affiliation.
    text: Packed<7>,
    pub signer_kind: Option<SignerKind>,
    pub version: Option<u64>,
    /// Withdrawn by a valid withdrawal: that withdrawal's `withdrawn_at`.
    pub withdrawn_at: Option<Box<str>>,
    /// Whether it was withdrawn (its status `withdrawn`, else `active`).
    pub withdrawn: bool,
    /// Format 1.1: its tier and the lead's evidence (FORMAT.md §14.7); boxed, as a format 1
    /// line has none.
    pub tier: Option<Box<TierReport>>,
    /// Format 1.1: a signatory not named (a hidden entry not revealed, §14.9), whose text
    /// fields but its fingerprint and date are empty; boxed, as most lines are named.
    pub unnamed: Option<Box<Unnamed>>,
}

/// What the list says of a signatory not named: the region it gave and its vouchers (§14.9).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unnamed {
    pub region: Option<Box<str>>,
    pub vouchers: u64,
}

impl Signatory {
    /// The line of an endorsement, its status aside.
    fn of(e: EntryReport) -> Self {
        let text = Packed::new([
            Some(&e.name),
            Some(&e.country),
            Some(&e.fingerprint),
            Some(&e.signed_at),
            e.website.as_deref(),
            e.title.as_deref(),
            e.affiliation.as_deref(),
        ]);
        Signatory {
            index: e.index,
            text,
            signer_kind: e.signer_kind,
            version: e.version,
            withdrawn_at: e.withdrawn_at.map(Into::into),
            withdrawn: e.status == "withdrawn",
            tier: e.tier.map(Box::new),
            unnamed: (e.kind == "hidden" && e.name.is_empty())
                .then(|| Box::new(Unnamed { region: e.region.map(Into::into), vouchers: e.vouchers.unwrap_or(0) })),
        }
    }

    /// Shows `s` as its signer: a hidden entry revealed (§14.9) is listed under its reveal's.
    fn show(&mut self, s: &ShownSigner) {
        self.text = Packed::new([
            Some(s.name()),
            Some(s.country()),
            Some(s.fingerprint()),
            Some(self.signed_at()),
            s.website(),
            s.title(),
            s.affiliation(),
        ]);
        self.signer_kind = s.signer_kind();
        self.unnamed = None;
    }

    /// Whether the list names it (all but the signatories not named, §14.9).
    pub fn is_named(&self) -> bool {
        self.unnamed.is_none()
    }

    fn field(&self, i: usize) -> &str {
        self.text.text(i)
    }

    fn optional(&self, i: usize) -> Option<&str> {
        self.text.get(4 + i)
    }

    pub fn name(&self) -> &str {
        self.field(0)
    }

    pub fn country(&self) -> &str {
        self.field(1)
    }

    pub fn fingerprint(&self) -> &str {
        self.field(2)
    }

    pub fn signed_at(&self) -> &str {
        self.field(3)
    }

    pub fn website(&self) -> Option<&str> {
        self.optional(0)
    }

    pub fn title(&self) -> Option<&str> {
        self.optional(1)
    }

    pub fn affiliation(&self) -> Option<&str> {
        self.optional(2)
    }

    /// The tier's name, empty in format 1 (FORMAT.md §14.7).
    pub fn tier_name(&self) -> &'static str {
        self.tier.as_ref().map_or("", |t| t.tier.as_str())
    }

    /// The lead's evidence as the CSV gives it: each valid attestation's method, the host of a
    /// website snapshot and whether it listed the key, and its date, separated by `; `.
    pub fn evidence_text(&self) -> String {
        let Some(t) = &self.tier else { return String::new() };
        let items: Vec<String> = t
            .evidence
            .iter()
            .map(|e| match &e.website {
                Some(w) => format!(
                    "website {} {} {}",
                    w.host,
                    w.finding.as_str(),
                    w.fetched_at.get(..10).unwrap_or(&w.fetched_at)
                ),
                None => format!("{} {}", e.method, e.checked_on),
            })
            .collect();
        items.join("; ")
    }

    /// `active` or `withdrawn`, as the CSV says.
    pub fn status(&self) -> &'static str {
        if self.withdrawn {
            "withdrawn"
        } else {
            "active"
        }
    }

    /// The valid endorsements and hidden entries of a report that lists its entries, in log
    /// order.
    pub fn of_report(report: &VerificationReport) -> Vec<Signatory> {
        report
            .entries
            .iter()
            .filter(|e| listed(e) && (e.status == "active" || e.status == "withdrawn"))
            .map(|e| Signatory::of(e.clone()))
            .collect()
    }
}

/// Whether an entry's line is one of the list: an endorsement, or a hidden entry (§14.9), under
/// its reveal's name once revealed, else as a signatory not named (which index.html counts
/// and signatories.csv lists without a name). Vouches and reveals are never listed.
fn listed(e: &EntryReport) -> bool {
    e.kind == "endorsement" || e.kind == "hidden"
}

#[derive(Default)]
pub struct Collector {
    kept: Mutex<Kept>,
}

/// What the verification hands on, kept small: the endorsements' and hidden entries' own lines,
/// and each withdrawal's index and date (what an endorsement it withdrew shows).
#[derive(Default)]
struct Kept {
    endorsements: Vec<Signatory>,
    withdrawals: Vec<(u64, Box<str>)>,
}

impl Collector {
    /// Takes one line (the verification's `on_entry`).
    pub fn take(&self, e: EntryReport) {
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        if listed(&e) {
            kept.endorsements.push(Signatory::of(e));
        } else if e.kind == "withdrawal" {
            kept.withdrawals.push((e.index, e.signed_at.into()));
        }
    }

    /// The valid endorsements and hidden entries, in log order, with what the verification that
    /// handed their own lines on decided of each, as its full line gives it
    /// (`Verification::complete`): status, date of withdrawal, and in format 1.1 a hidden
    /// entry's reveal's signer or vouchers, the tier.
    pub fn finish(self, v: &Verification) -> Vec<Signatory> {
        let Kept { endorsements: mut list, withdrawals } = self.kept.into_inner().unwrap_or_else(|p| p.into_inner());
        let date = |w: u64| withdrawals.binary_search_by_key(&w, |x| x.0).ok().map(|i| withdrawals[i].1.clone());
        for s in &mut list {
            // An own line is unnamed exactly when it is a hidden entry's.
            let kind = if s.unnamed.is_some() { "hidden" } else { "endorsement" };
            s.withdrawn_at = v.withdrawn_by(s.index).and_then(date);
            s.tier = v.tier(s.index, kind).map(Box::new);
            match (v.revealed(s.index), s.unnamed.as_mut()) {
                (Some(signer), _) => s.show(signer),
                (None, Some(u)) => u.vouchers = v.vouchers(s.index, kind).unwrap_or(0),
                (None, None) => {}
            }
        }
        list.retain_mut(|s| match v.status(s.index) {
            Some("active") => true,
            Some("withdrawn") => {
                s.withdrawn = true;
                true
            }
            _ => false,
        });
        list.shrink_to_fit();
        list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// For every bundle vector, of both formats: the list made from the lines handed on is the
    /// list made from the verifier's full lines (the revealed, the withdrawn, the tiers).
    #[test]
    fn the_lines_handed_on_give_the_full_lines_list() {
        use undersigned_core::verify::{verify_bundle, Options};
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/vectors");
        let (mut bundles, mut revealed, mut withdrawn, mut tiers) = (0, 0, 0, 0);
        for e in std::fs::read_dir(&dir).unwrap() {
            let path = e.unwrap().path();
            if !path.file_name().unwrap().to_string_lossy().starts_with("bundle-") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let full = verify_bundle(&bytes[..], None, &[3; 32], &Options { entries: true, ..Options::default() });
            let collector = Collector::default();
            let take = |e| collector.take(e);
            let opts = Options { entries: true, on_entry: Some(&take), ..Options::default() };
            let handed = verify_bundle(&bytes[..], None, &[3; 32], &opts);
            let want = Signatory::of_report(&full.report);
            assert_eq!(collector.finish(&handed), want, "{}", path.display());
            bundles += 1;
            let hidden = full.report.entries.iter().filter(|e| e.kind == "hidden");
            revealed += hidden.filter(|e| !e.name.is_empty()).count();
            withdrawn += want.iter().filter(|s| s.withdrawn_at.is_some()).count();
            tiers += want.iter().filter(|s| s.tier.as_ref().is_some_and(|t| !t.evidence.is_empty())).count();
        }
        // The vectors exercise each part the list takes from later entries.
        assert!(bundles > 40 && revealed > 0 && withdrawn > 0 && tiers > 0, "{bundles} {revealed} {withdrawn} {tiers}");
    }

    #[test]
    fn a_line_reads_back_every_field_as_given() {
        let mut e = EntryReport {
            index: 7,
            kind: "endorsement".into(),
            status: "withdrawn".into(),
            name: "Łódź <Women's> Network".into(),
            signer_kind: Some(SignerKind::Individual),
            country: "PL".into(),
            website: None,
            title: Some(String::new()),
            affiliation: Some("東京大学".into()),
            fingerprint: "f8ed d852 4828 6d55 418c afce 9146 8f97".into(),
            signed_at: "2026-03-01T10:00:00Z".into(),
            withdrawn_at: Some("2026-04-01T10:00:00Z".into()),
            version: Some(2),
            id: String::new(),
            errors: Vec::new(),
            tier: None,
            vouchers: None,
            region: None,
        };
        let s = Signatory::of(e.clone());
        assert_eq!(
            (s.index, s.name(), s.country(), s.fingerprint(), s.signed_at()),
            (7, e.name.as_str(), "PL", e.fingerprint.as_str(), e.signed_at.as_str())
        );
        assert_eq!((s.website(), s.title(), s.affiliation()), (None, Some(""), Some("東京大学")));
        assert_eq!(
            (s.signer_kind, s.version, s.withdrawn_at.as_deref()),
            (e.signer_kind, Some(2), Some("2026-04-01T10:00:00Z"))
        );
        assert_eq!(s.status(), "withdrawn");
        e.website = Some("https://example.org".into());
        e.title = None;
        e.status = "active".into();
        let s = Signatory::of(e);
        assert_eq!((s.website(), s.title(), s.status()), (Some("https://example.org"), None, "active"));
    }
}
