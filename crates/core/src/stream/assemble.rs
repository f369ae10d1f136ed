//! The report of a bundle whose entries were all collected ([`assemble`]: the log rules, the
//! counts, the statuses and every failure in log order), kept as a [`Verified`] with what
//! FORMAT.md §10.3 needs to compare it with the previous or the next release.

use super::log_rules::{
    find_first, log_rules, packed, sort_by_value, F_ENDORSEMENT, F_INDIVIDUAL, F_LOG_ERR, F_PRE_OK, F_WITHDRAWN,
};
use super::values::{resolve, Ranked, Store};
use super::workers::Collected;
use crate::endorsement::SignerKind;
use crate::error::{Code, Failure, ParseError};
use crate::release::{Counts, Release};
use crate::release_checks::{log_checks, previous_release_checks, Header};
use crate::report::{PreviousInfo, VerificationReport};
use crate::statement::StatementVersion;
use std::collections::HashMap;

/// What the stream of one bundle gave: the header, the report so far and its failures (checks
/// 1–3), and what the collector gathered from the entries.
pub(super) struct Streamed<'a> {
    pub(super) header: Header,
    pub(super) report: VerificationReport,
    pub(super) errors: Vec<Failure>,
    pub(super) collected: Collected<'a>,
}

/// A bundle that could be read, with its report and what §10.3 needs to compare it with the
/// next or the previous release.
pub(crate) struct Verified<'a> {
    pub report: VerificationReport,
    release: Release,
    statement_versions: Vec<StatementVersion>,
    /// Each entry's id: its first eight bytes, and the whole in `store`.
    id_prefix: Vec<u64>,
    store: Store<'a>,
    status: Vec<u8>,
    /// With the entries listed: each withdrawal that names an endorsement, and that
    /// endorsement (its first entry of that id), valid or not.
    named: Vec<(u32, u32)>,
}

/// What [`Verified::into_parts`] gives: the report, the statement versions, the release, each
/// entry's status and each withdrawal with the endorsement it names.
pub(crate) type Parts = (VerificationReport, Vec<StatementVersion>, Release, Vec<u8>, Vec<(u32, u32)>);

// Per-entry status kept for §10.3 (as the reference's `EntryReport::status`).
const ST_ACTIVE: u8 = 0;
const ST_WITHDRAWN: u8 = 1;
const ST_WITHDRAWAL: u8 = 2;
const ST_INVALID: u8 = 3;
/// Format 1.1's vouches and reveals (§14.9), as `verify11` names them.
const ST_VOUCH: u8 = 4;
const ST_REVEAL: u8 = 5;
const ST_ENDORSEMENT: u8 = 0x80;

/// A status as [`EntryReport::status`](crate::report::EntryReport::status) names it.
pub(crate) fn status_name(st: u8) -> &'static str {
    match st & !ST_ENDORSEMENT {
        ST_ACTIVE => "active",
        ST_WITHDRAWN => "withdrawn",
        ST_WITHDRAWAL => "withdrawal",
        ST_VOUCH => "vouch",
        ST_REVEAL => "reveal",
        _ => "invalid",
    }
}

/// The status byte of a status name (the inverse of [`status_name`]).
pub(crate) fn status_byte(name: &str) -> u8 {
    match name {
        "active" => ST_ACTIVE,
        "withdrawn" => ST_WITHDRAWN,
        "withdrawal" => ST_WITHDRAWAL,
        "vouch" => ST_VOUCH,
        "reveal" => ST_REVEAL,
        _ => ST_INVALID,
    }
}

impl Verified<'_> {
    /// Adds a failure that concerns the bundle as a whole.
    pub(crate) fn fail(&mut self, f: Failure) {
        self.report.errors.push(f);
        self.report.valid = false;
    }

    /// Each entry's id, in log order (read back from the scratch file, if they are there).
    pub(crate) fn ids(&self) -> std::io::Result<Vec<[u8; 32]>> {
        let mut ids = vec![[0u8; 32]; self.id_prefix.len()];
        self.store.ids(0, &mut ids)?;
        Ok(ids)
    }

    /// The report, the statement versions, the release manifest, the statuses and withdrawals.
    pub(crate) fn into_parts(self) -> Parts {
        (self.report, self.statement_versions, self.release, self.status, self.named)
    }

    /// FORMAT.md §10.3: checks this release R against the older bundle `prev` (verified on its
    /// own), filling `report.previous` and adding every failure, as [`bundle::verify`](crate::bundle::verify) does.
    pub(crate) fn check_previous(&mut self, prev: &Verified<'_>) {
        let mut errors = previous_release_checks(
            (&self.release.view(), &self.statement_versions),
            (&prev.release.view(), &prev.statement_versions),
            &prev.report,
        );
        let mismatch = |m: String| Failure::new(Code::PreviousMismatch, m).at("previous");
        let pb = &prev.release.signed;
        let (n, pn) = (self.id_prefix.len(), prev.id_prefix.len());
        let mut kept = 0;
        let mut withdrawn_since = 0;
        let mut consistent = pn <= n;
        let same = match same_ids(&self.store, &prev.store, &self.id_prefix, &prev.id_prefix) {
            Ok(same) => same,
            Err(e) => {
                self.fail(
                    Failure::new(Code::PreviousInvalid, format!("the previous release could not be compared: {e}"))
                        .at("previous"),
                );
                return;
            }
        };
        for (i, &same) in same.iter().enumerate() {
            if !same {
                consistent = false;
                errors.push(mismatch(format!(
                    "entry {i} of the previous release was dropped, changed or moved in this one"
                )));
                continue;
            }
            if self.status[i] & ST_ENDORSEMENT != 0 {
                match (prev.status[i] & !ST_ENDORSEMENT, self.status[i] & !ST_ENDORSEMENT) {
                    (ST_ACTIVE, ST_ACTIVE) => kept += 1,
                    (ST_ACTIVE, ST_WITHDRAWN) => withdrawn_since += 1,
                    _ => {}
                }
            }
        }
        if pn > n {
            errors.push(mismatch("the previous release has more entries than this one".into()));
        }
        let added = self.status[pn.min(n)..].iter().filter(|s| *s & ST_ENDORSEMENT != 0).count() as u64;
        self.report.previous = Some(PreviousInfo {
            number: pb.number,
            issued_at: pb.issued_at.clone(),
            kept,
            withdrawn_since,
            added,
            consistent: consistent && errors.is_empty(),
        });
        self.report.errors.extend(errors);
        self.report.valid = self.report.errors.is_empty();
    }
}

/// The report of a bundle whose entries were all collected.
pub(super) fn assemble<'a>(
    s: Streamed<'a>,
    release: Release,
    statement_versions: Vec<StatementVersion>,
) -> Result<Verified<'a>, ParseError> {
    let Streamed { header, mut report, mut errors, collected } = s;
    drop(header);
    let Collected {
        root,
        prefix_root,
        id_prefix,
        key_prefix,
        mut store,
        mut info,
        withdrawals,
        pre_errors,
        mut reports,
        listed,
        ..
    } = collected;
    let scratch_failed = |e: std::io::Error| {
        ParseError::new(Code::Malformed, format!("cannot verify this bundle: its scratch file failed: {e}"))
    };
    if let Some(e) = store.take_error() {
        return Err(scratch_failed(e));
    }
    let mut ids = Ranked::new(id_prefix);
    let mut keys = Ranked::new(key_prefix);
    let withdrawals = resolve(&store, &mut ids, &mut keys, &withdrawals).map_err(scratch_failed)?;
    let log_errors = log_rules(&ids, &keys, &mut info, &withdrawals);
    drop(keys);

    // Counts, by country and kind (check 6 and the report).
    let n = ids.len();
    let mut computed = Counts::default();
    let mut countries: HashMap<[u8; 2], u64> = HashMap::new();
    let (mut organizations, mut individuals) = (0u64, 0u64);
    let mut status = Vec::with_capacity(n);
    for inf in &info {
        let ok = inf.flags & F_PRE_OK != 0 && inf.flags & F_LOG_ERR == 0;
        let st = if inf.flags & F_ENDORSEMENT != 0 {
            computed.endorsements += 1;
            if inf.flags & F_WITHDRAWN != 0 {
                computed.withdrawn += 1;
                if ok {
                    report.withdrawn += 1;
                }
                ST_ENDORSEMENT | if ok { ST_WITHDRAWN } else { ST_INVALID }
            } else {
                computed.signatories += 1;
                if ok {
                    report.signatories += 1;
                    *countries.entry(inf.country).or_default() += 1;
                    if inf.flags & F_INDIVIDUAL != 0 {
                        individuals += 1;
                    } else {
                        organizations += 1;
                    }
                }
                ST_ENDORSEMENT | if ok { ST_ACTIVE } else { ST_INVALID }
            }
        } else {
            computed.withdrawals += 1;
            if ok {
                ST_WITHDRAWAL
            } else {
                ST_INVALID
            }
        };
        status.push(st);
    }
    report.by_country = countries.into_iter().map(|(c, k)| (String::from_utf8_lossy(&c).into_owned(), k)).collect();
    for (kind, k) in [(SignerKind::Organization, organizations), (SignerKind::Individual, individuals)] {
        if k > 0 {
            report.by_kind.insert(kind.as_str().to_owned(), k);
        }
    }

    // Every entry's failures in log order: its own first, then the log rule's.
    let (mut a, mut b) = (pre_errors.into_iter().peekable(), log_errors.into_iter().peekable());
    loop {
        let take_pre = match (a.peek(), b.peek()) {
            (None, None) => break,
            (Some(x), Some(y)) => x.0 <= y.0,
            (Some(_), None) => true,
            (None, Some(_)) => false,
        };
        let next = if take_pre { a.next() } else { b.next() };
        let Some((i, f)) = next else { break };
        if let Some(r) = reports.get_mut(i as usize) {
            if !take_pre {
                r.errors.push(f.clone());
            }
        }
        errors.push(f.at(format!("entries[{i}]")));
    }

    let mut named = Vec::new();
    if listed {
        // Statuses, and a withdrawal's name: that of the endorsement it names (its first
        // occurrence anywhere in the log).
        for (i, r) in reports.iter_mut().enumerate() {
            r.status = status_name(status[i]).into();
        }
        // (withdrawal, the endorsement it names); a valid withdrawal is what withdrew it.
        let pairs: Vec<(usize, usize)> = if withdrawals.is_empty() {
            Vec::new()
        } else {
            let mut by_id: Vec<u64> = (0..n as u32).map(|i| packed(&ids, i)).collect();
            sort_by_value(&mut by_id, &ids);
            withdrawals
                .iter()
                .filter_map(|&(w, target)| {
                    let j = find_first(&by_id, &ids, target?)? as usize;
                    (info[j].flags & F_ENDORSEMENT != 0).then_some((w as usize, j))
                })
                .collect()
        };
        for (w, j) in pairs {
            named.push((w as u32, j as u32));
            if reports.is_empty() {
                continue;
            }
            reports[w].name = reports[j].name.clone();
            if status[w] == ST_WITHDRAWAL {
                reports[j].withdrawn_at = Some(reports[w].signed_at.clone());
            }
        }
    }
    report.entries = reports;

    log_checks(&release.signed.head(), n as u64, root, prefix_root, computed == release.signed.counts, &mut errors);
    report.valid = errors.is_empty();
    report.errors = errors;
    Ok(Verified { report, release, statement_versions, id_prefix: ids.prefix, store, status, named })
}

/// Whether each of the first entries of two logs has the same id: by prefix, and where the
/// prefixes agree, by the whole ids, read in chunks.
fn same_ids(a: &Store<'_>, b: &Store<'_>, a_prefix: &[u64], b_prefix: &[u64]) -> std::io::Result<Vec<bool>> {
    let n = a_prefix.len().min(b_prefix.len());
    let mut same: Vec<bool> = (0..n).map(|i| a_prefix[i] == b_prefix[i]).collect();
    const CHUNK: usize = 1 << 14;
    let (mut x, mut y) = (vec![[0u8; 32]; CHUNK], vec![[0u8; 32]; CHUNK]);
    let mut start = 0;
    while start < n {
        let len = CHUNK.min(n - start);
        if same[start..start + len].iter().any(|&s| s) {
            a.ids(start, &mut x[..len])?;
            b.ids(start, &mut y[..len])?;
            for k in 0..len {
                same[start + k] &= x[k] == y[k];
            }
        }
        start += len;
    }
    Ok(same)
}
