//! A statement's signatories held in memory for the app's table: search, filters, sorting and
//! pages answer in a few milliseconds over 100,000 rows, so the app's page only ever holds the
//! rows in view (and the webview never parses, stores or collects a list of that size). The
//! roster is read from the store on first use and read again whenever the store has changed,
//! through this connection or any other (the CLI's, another window's).

use crate::names::{fold, NameOrder};
use crate::views::SignatoryRow;
use crate::{Result, Store};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;
use std::thread::JoinHandle;
use undersigned_core::country;

/// The order of the signatories table.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum RosterSort {
    /// Signing order (then import order).
    #[default]
    SignedAt,
    /// Names, ignoring case and accents, numbers by value, across scripts (see `names.rs`).
    Name,
    /// Country codes, then names.
    Country,
}

/// What the table shows: a search, filters (each empty for all) and an order.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RosterQuery {
    /// Found anywhere in the name or the website, ignoring case and accents.
    pub search: String,
    /// An ISO country code.
    pub country: String,
    /// `organization` or `individual`.
    pub kind: String,
    /// `active`, `withdrawn`, `review` or `rejected`.
    pub status: String,
    /// `website`, `attested` or `self-declared` (FORMAT.md §14.7); empty for any.
    #[serde(default)]
    pub tier: String,
    pub sort: RosterSort,
    pub descending: bool,
}

/// Rows `offset..offset + rows.len()` of the signatories matching a query, in its order.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RosterPage {
    /// Which reading of the store this answers from (see [`Store::roster_page`]): a page and a
    /// summary with the same `snapshot` agree; a newer one means the store changed meanwhile.
    pub snapshot: u64,
    /// Every endorsement of the statement, whatever its status.
    pub total: u64,
    /// Those matching the query.
    pub matched: u64,
    pub offset: u64,
    pub rows: Vec<SignatoryRow>,
}

/// The counts and charts above the table.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RosterSummary {
    /// Which reading of the store this answers from (see [`Store::roster_page`]): a page and a
    /// summary with the same `snapshot` agree; a newer one means the store changed meanwhile.
    pub snapshot: u64,
    /// Every endorsement of the statement, whatever its status.
    pub total: u64,
    /// The signatories: accepted and not withdrawn.
    pub active: u64,
    /// Of those, organizations.
    pub organizations: u64,
    pub withdrawn: u64,
    pub review: u64,
    /// Entries that no release carries yet (endorsements, active or withdrawn, and those of
    /// signers not named): what the next release adds.
    pub pending: u64,
    /// Active signatories per country, the most first (then by code).
    pub by_country: Vec<CountryCount>,
    /// Active signatories per week of signing, from the week of the first one (at most 520 weeks;
    /// the last counts everything later).
    pub weekly: Vec<WeekCount>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CountryCount {
    pub country: String,
    pub count: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WeekCount {
    /// The week's first day, `YYYY-MM-DD`.
    pub start: String,
    pub count: u64,
}

/// At most this many weeks in [`RosterSummary::weekly`] (ten years).
pub const MAX_WEEKS: usize = 520;

/// The signatories of one statement, as read at one revision of the store.
pub(crate) struct Roster {
    statement: String,
    revision: (i64, u64),
    /// Counts the rosters this store has read, this one included.
    snapshot: u64,
    /// In signing order.
    rows: Arc<Vec<SignatoryRow>>,
    /// Each row's name, then a space and its website, folded (see [`fold`]) for search.
    keys: Vec<String>,
    /// Row indexes in name order: sorted on another thread from the moment the roster is read,
    /// so that the first sort by name or country need not wait for the collation keys (about
    /// 0.17 s for 100,000 names, one thread, in the app's debug build).
    by_name: NameOrderOf,
    /// Row indexes in the order of the countries' names, then of the names; computed when a
    /// sort first needs it.
    by_country: Option<Vec<u32>>,
    /// The last query's matches, for the pages that follow it (scrolling).
    last: Option<(RosterQuery, Vec<u32>)>,
}

/// The rows' name order, being sorted or sorted.
enum NameOrderOf {
    Sorting(JoinHandle<Vec<u32>>),
    Sorted(Vec<u32>),
}

/// Row indexes in name order; equal names stay in signing order.
fn name_order(rows: &[SignatoryRow]) -> Vec<u32> {
    NameOrder::new().sort(rows.len(), |i| rows[i].name.as_str())
}

/// Row indexes of `by_name` (the name order) grouped by country, the countries in the order of
/// their names as the table shows them (an unknown code as itself).
fn country_order(rows: &[SignatoryRow], by_name: &[u32]) -> Vec<u32> {
    let mut codes: Vec<&str> = Vec::new();
    let mut group = HashMap::<&str, usize>::new();
    let mut of_row = Vec::with_capacity(rows.len());
    for r in rows {
        let next = codes.len();
        let g = *group.entry(r.country.as_str()).or_insert(next);
        if g == next {
            codes.push(r.country.as_str());
        }
        of_row.push(g);
    }
    // Sorted by code first, so that two codes whose names tie keep one order.
    let mut by_code: Vec<usize> = (0..codes.len()).collect();
    by_code.sort_by_key(|&g| codes[g]);
    let shown = NameOrder::new().sort(by_code.len(), |i| {
        let code = codes[by_code[i]];
        country::name(code).unwrap_or(code)
    });
    let mut rank = vec![0; codes.len()];
    for (r, &i) in shown.iter().enumerate() {
        rank[by_code[i as usize]] = r;
    }
    let mut groups = vec![Vec::new(); codes.len()];
    for &i in by_name {
        groups[rank[of_row[i as usize]]].push(i);
    }
    groups.concat()
}

impl Roster {
    fn new(statement: String, revision: (i64, u64), rows: Vec<SignatoryRow>) -> Roster {
        let mut keys = Vec::with_capacity(rows.len());
        for r in &rows {
            let mut k = String::with_capacity(r.name.len() + r.website.as_ref().map_or(0, |w| w.len() + 1));
            fold(&r.name, &mut k);
            if let Some(w) = &r.website {
                k.push(' ');
                fold(w, &mut k);
            }
            keys.push(k);
        }
        let rows = Arc::new(rows);
        // One thread, so that a core stays free for the searches meanwhile. If the roster is
        // dropped first (the store changed), the thread's copy of the rows lives until it ends.
        let sorting = Arc::clone(&rows);
        let by_name = match std::thread::Builder::new().name("roster-names".into()).spawn(move || name_order(&sorting))
        {
            Ok(handle) => NameOrderOf::Sorting(handle),
            Err(_) => NameOrderOf::Sorted(name_order(&rows)),
        };
        Roster { statement, revision, snapshot: 0, rows, keys, by_name, by_country: None, last: None }
    }

    /// Waits for the name order if it is still being sorted.
    fn sort_names(&mut self) {
        if let NameOrderOf::Sorting(_) = self.by_name {
            let sorted = match std::mem::replace(&mut self.by_name, NameOrderOf::Sorted(Vec::new())) {
                // A sorting thread that panicked: sorted here instead.
                NameOrderOf::Sorting(handle) => handle.join().unwrap_or_else(|_| name_order(&self.rows)),
                NameOrderOf::Sorted(v) => v,
            };
            self.by_name = NameOrderOf::Sorted(sorted);
        }
    }

    /// Makes the order `sort` needs, if it is not made yet (signing order is the rows' own).
    fn prepare(&mut self, sort: RosterSort) {
        if sort == RosterSort::SignedAt {
            return;
        }
        self.sort_names();
        if let (RosterSort::Country, None, NameOrderOf::Sorted(by_name)) = (sort, &self.by_country, &self.by_name) {
            self.by_country = Some(country_order(&self.rows, by_name));
        }
    }

    /// The indexes of the rows matching `q`, in its order.
    fn select(&mut self, q: &RosterQuery) -> &[u32] {
        if !matches!(&self.last, Some((last, _)) if last == q) {
            let mut needle = String::new();
            fold(q.search.trim(), &mut needle);
            // Built once, then read in place (no copy of the order per query).
            self.prepare(q.sort);
            let order: &[u32] = match (q.sort, &self.by_name) {
                (RosterSort::Name, NameOrderOf::Sorted(by_name)) => by_name,
                (RosterSort::Country, _) => self.by_country.as_deref().unwrap_or_default(),
                _ => &[],
            };
            let keep = |i: u32| {
                let r = &self.rows[i as usize];
                (q.status.is_empty() || r.status == q.status)
                    && (q.tier.is_empty() || r.tier == q.tier)
                    && (q.country.is_empty() || r.country == q.country)
                    && (q.kind.is_empty() || r.kind == q.kind)
                    && (needle.is_empty() || self.keys[i as usize].contains(&needle))
            };
            let n = self.rows.len() as u32;
            let matched: Vec<u32> = match (q.sort, q.descending) {
                (RosterSort::SignedAt, false) => (0..n).filter(|&i| keep(i)).collect(),
                (RosterSort::SignedAt, true) => (0..n).rev().filter(|&i| keep(i)).collect(),
                (_, false) => order.iter().copied().filter(|&i| keep(i)).collect(),
                (_, true) => order.iter().rev().copied().filter(|&i| keep(i)).collect(),
            };
            self.last = Some((q.clone(), matched));
        }
        self.last.as_ref().map(|(_, m)| m.as_slice()).unwrap_or_default()
    }

    fn page(&mut self, q: &RosterQuery, offset: u64, limit: u32) -> RosterPage {
        let total = self.rows.len() as u64;
        self.select(q);
        let matched = self.last.as_ref().map(|(_, m)| m.as_slice()).unwrap_or_default();
        let from = (offset.min(matched.len() as u64)) as usize;
        let to = from.saturating_add(limit as usize).min(matched.len());
        let rows = matched[from..to].iter().map(|&i| self.rows[i as usize].clone()).collect();
        RosterPage { snapshot: self.snapshot, total, matched: matched.len() as u64, offset: from as u64, rows }
    }

    fn summary(&self) -> RosterSummary {
        let mut s = RosterSummary {
            snapshot: self.snapshot,
            total: self.rows.len() as u64,
            active: 0,
            organizations: 0,
            withdrawn: 0,
            review: 0,
            pending: 0,
            by_country: Vec::new(),
            weekly: Vec::new(),
        };
        let mut countries = std::collections::HashMap::<&str, u64>::new();
        let mut days = Vec::new();
        for r in self.rows.iter() {
            s.pending += u64::from(!r.released && (r.status == "active" || r.status == "withdrawn"));
            match r.status.as_str() {
                "active" => {
                    s.active += 1;
                    s.organizations += u64::from(r.kind == "organization");
                    *countries.entry(r.country.as_str()).or_default() += 1;
                    if let Some(d) = r.signed_at.get(..10).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) {
                        days.push(d);
                    }
                }
                "withdrawn" => s.withdrawn += 1,
                "review" => s.review += 1,
                _ => {}
            }
        }
        s.by_country = countries.into_iter().map(|(c, n)| CountryCount { country: c.to_owned(), count: n }).collect();
        s.by_country.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.country.cmp(&b.country)));
        if let (Some(&first), Some(&last)) = (days.iter().min(), days.iter().max()) {
            let weeks = ((last - first).num_days() / 7) as usize + 1;
            let mut counts = vec![0u64; weeks.min(MAX_WEEKS)];
            let lastw = counts.len() - 1;
            for d in days {
                counts[(((d - first).num_days() / 7) as usize).min(lastw)] += 1;
            }
            s.weekly = counts
                .into_iter()
                .enumerate()
                .map(|(i, count)| WeekCount { start: (first + chrono::Days::new(7 * i as u64)).to_string(), count })
                .collect();
        }
        s
    }
}

impl Store {
    /// The counts and charts of a statement's signatories.
    pub fn roster_summary(&self, id: &str) -> Result<RosterSummary> {
        let mut s = self.with_roster(id, |r| r.summary())?;
        // The entries of signers not named (FORMAT.md §14.9) are no rows of the roster; the next
        // release adds them too (a partial index finds them, few or none, without a scan).
        let id = self.resolve_statement(id)?;
        let unnamed: u64 = self.conn.query_row(
            "SELECT COUNT(*) FROM entries e INDEXED BY entries_unnamed
             WHERE e.statement_id = ?1 AND e.kind IN ('hidden', 'vouch', 'reveal') AND e.status = 'accepted'
               AND NOT EXISTS (SELECT 1 FROM log l WHERE l.seq = e.seq)",
            [&id],
            |r| r.get(0),
        )?;
        s.pending += unnamed;
        Ok(s)
    }

    /// Rows `offset..offset + limit` of the signatories matching `query`, in its order, with
    /// how many match. Each answer names its `snapshot`: when the store has changed since the
    /// summary was read (the CLI imported meanwhile), the page's is newer than the summary's.
    pub fn roster_page(&self, id: &str, query: &RosterQuery, offset: u64, limit: u32) -> Result<RosterPage> {
        self.with_roster(id, |r| r.page(query, offset, limit))
    }

    /// A number that changes whenever the store's contents do: SQLite's `data_version` counts
    /// commits by other connections, `total_changes` the rows this one wrote.
    fn revision(&self) -> Result<(i64, u64)> {
        let v: i64 = self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        Ok((v, self.conn.total_changes()))
    }

    fn with_roster<T>(&self, id: &str, f: impl FnOnce(&mut Roster) -> T) -> Result<T> {
        let id = self.resolve_statement(id)?;
        let revision = self.revision()?;
        let mut slot = self.roster.borrow_mut();
        let fresh = matches!(&*slot, Some(r) if r.statement == id && r.revision == revision);
        if !fresh {
            // Dropped first: two copies of a large roster never stand at once.
            *slot = None;
            let rows = self.signatories(&id)?;
            let mut roster = Roster::new(id, revision, rows);
            self.roster_reads.set(self.roster_reads.get() + 1);
            roster.snapshot = self.roster_reads.get();
            *slot = Some(roster);
        }
        match slot.as_mut() {
            Some(r) => Ok(f(r)),
            None => Err(crate::Error::Invalid("the signatories could not be read".into())),
        }
    }

    /// Forgets the roster (the store's file was replaced).
    pub(crate) fn forget_roster(&mut self) {
        *self.roster.get_mut() = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: [&str; 8] = [
        "Amina Diallo",
        "Amnesty Watch",
        "Green Rivers",
        "Aminata Sow",
        "Société Amie",
        "Ami Fund",
        "ÄMIR",
        "rivers united",
    ];
    const STATUSES: [&str; 4] = ["active", "withdrawn", "review", "rejected"];

    fn rows(n: usize) -> Vec<SignatoryRow> {
        (0..n)
            .map(|i| SignatoryRow {
                entry: format!("{i:064x}"),
                name: format!("{} {}", NAMES[i * 7 % NAMES.len()], i % 13),
                kind: if i % 3 == 0 { "individual" } else { "organization" }.into(),
                // Their names' order is not their codes': Åland Islands, Brazil, France, Germany,
                // Kenya, Senegal, Switzerland; and one without a country.
                country: ["KE", "SN", "BR", "FR", "CH", "DE", "AX", ""][i * 5 % 8].into(),
                website: (i % 4 == 0).then(|| format!("https://amis-{}.example", i % 5)),
                // Every ten rows share a signing time; several weeks apart.
                signed_at: format!("2026-{:02}-{:02}T09:00:00Z", 1 + i / 280, 1 + (i / 10) % 28),
                imported_at: "2026-10-01T00:00:00Z".into(),
                version: 1,
                status: STATUSES[if i % 5 == 0 { i / 5 % 4 } else { 0 }].into(),
                released: i % 2 == 0,
                tier: ["self-declared", "website", "self-declared", "attested"][i * 3 % 4].into(),
            })
            .collect()
    }

    fn folded(s: &str) -> String {
        let mut out = String::new();
        fold(s, &mut out);
        out
    }

    /// The same answer, the slow and obvious way.
    fn reference(rows: &[SignatoryRow], q: &RosterQuery) -> Vec<usize> {
        let needle = folded(q.search.trim());
        let mut idx: Vec<usize> = (0..rows.len())
            .filter(|&i| {
                let r = &rows[i];
                let hay = folded(&format!("{} {}", r.name, r.website.clone().unwrap_or_default()));
                (q.status.is_empty() || r.status == q.status)
                    && (q.tier.is_empty() || r.tier == q.tier)
                    && (q.country.is_empty() || r.country == q.country)
                    && (q.kind.is_empty() || r.kind == q.kind)
                    && hay.contains(&needle)
            })
            .collect();
        // Names compared pair by pair (the roster compares sort keys).
        let names = NameOrder::new();
        idx.sort_by(|&i, &j| {
            let (a, b) = (&rows[i], &rows[j]);
            let shown = |code: &str| country::name(code).unwrap_or(code).to_owned();
            let by_country = if q.sort == RosterSort::Country {
                names.compare(&shown(&a.country), &shown(&b.country))
            } else {
                std::cmp::Ordering::Equal
            };
            let by_name = if q.sort == RosterSort::SignedAt {
                std::cmp::Ordering::Equal
            } else {
                names.compare(&a.name, &b.name)
            };
            by_country.then(by_name).then(i.cmp(&j))
        });
        if q.descending {
            idx.reverse();
        }
        idx
    }

    #[test]
    fn pages_match_the_obvious_filter_and_sort() {
        let all = rows(700);
        let mut roster = Roster::new("s".into(), (0, 0), all.clone());
        let mut checked = 0;
        for search in
            ["", "a", "am", "ami", "amin", "amina", " AMI ", "amie", "societe", "sociÉté", "amis-3", "rivers 1", "zq"]
        {
            for (country, kind, status, tier) in [
                ("", "", "", ""),
                ("", "", "active", ""),
                ("SN", "", "active", ""),
                ("", "individual", "", ""),
                ("KE", "organization", "withdrawn", ""),
                ("", "", "active", "website"),
                ("", "organization", "", "attested"),
                ("SN", "", "", "self-declared"),
            ] {
                for sort in [RosterSort::SignedAt, RosterSort::Name, RosterSort::Country] {
                    for descending in [false, true] {
                        let q = RosterQuery {
                            search: search.into(),
                            country: country.into(),
                            kind: kind.into(),
                            status: status.into(),
                            tier: tier.into(),
                            sort,
                            descending,
                        };
                        let want = reference(&all, &q);
                        for (offset, limit) in [(0u64, 1000u32), (3, 7), (want.len() as u64, 10), (u64::MAX, 5)] {
                            let p = roster.page(&q, offset, limit);
                            assert_eq!((p.total, p.matched), (700, want.len() as u64), "{q:?}");
                            let from = (offset.min(want.len() as u64)) as usize;
                            let got: Vec<&str> = p.rows.iter().map(|r| r.entry.as_str()).collect();
                            let expected: Vec<&str> =
                                want.iter().skip(from).take(limit as usize).map(|&i| all[i].entry.as_str()).collect();
                            assert_eq!(got, expected, "{q:?} at {offset}+{limit}");
                            assert_eq!(p.offset, from as u64);
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert_eq!(checked, 13 * 8 * 3 * 2 * 4);
        // Accents and case are ignored in both directions, and the website is searched.
        let q = |s: &str| RosterQuery { search: s.into(), ..Default::default() };
        assert_eq!(roster.page(&q("société"), 0, 0).matched, roster.page(&q("SOCIETE"), 0, 0).matched);
        assert!(roster.page(&q("amir"), 0, 0).matched > 0);
        assert!(roster.page(&q("amis-"), 0, 0).matched > 0);
    }

    #[test]
    fn the_summary_counts_what_the_table_shows() {
        let all = rows(700);
        let roster = Roster::new("s".into(), (0, 0), all.clone());
        let s = roster.summary();
        let active: Vec<&SignatoryRow> = all.iter().filter(|r| r.status == "active").collect();
        assert_eq!(s.total, 700);
        assert_eq!(s.active, active.len() as u64);
        assert_eq!(s.organizations, active.iter().filter(|r| r.kind == "organization").count() as u64);
        assert_eq!(s.withdrawn, all.iter().filter(|r| r.status == "withdrawn").count() as u64);
        assert_eq!(s.review, all.iter().filter(|r| r.status == "review").count() as u64);
        assert_eq!(
            s.pending,
            all.iter().filter(|r| !r.released && (r.status == "active" || r.status == "withdrawn")).count() as u64
        );
        assert!(s.pending > 0 && s.pending < s.total);
        assert_eq!(s.by_country.iter().map(|c| c.count).sum::<u64>(), s.active);
        assert!(s
            .by_country
            .windows(2)
            .all(|w| w[0].count > w[1].count || (w[0].count == w[1].count && w[0].country < w[1].country)));
        for c in &s.by_country {
            assert_eq!(c.count, active.iter().filter(|r| r.country == c.country).count() as u64, "{}", c.country);
        }
        // From the week of 1 January 2026 to the last signing date (14 March, 72 days later), a week apart.
        assert_eq!(s.weekly.first().map(|w| w.start.as_str()), Some("2026-01-01"));
        assert_eq!(s.weekly.get(1).map(|w| w.start.as_str()), Some("2026-01-08"));
        assert_eq!(s.weekly.len(), 11);
        assert_eq!(s.weekly.iter().map(|w| w.count).sum::<u64>(), s.active);
        let first_week = active.iter().filter(|r| r.signed_at.as_str() < "2026-01-08").count() as u64;
        assert_eq!(s.weekly[0].count, first_week);
    }

    #[test]
    fn ten_years_and_more_end_in_the_last_week() {
        let mut all = rows(3);
        for (r, d) in all.iter_mut().zip(["2001-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "not a date"]) {
            r.status = "active".into();
            r.signed_at = d.into();
        }
        let s = Roster::new("s".into(), (0, 0), all).summary();
        assert_eq!(s.weekly.len(), MAX_WEEKS);
        assert_eq!((s.weekly[0].count, s.weekly[MAX_WEEKS - 1].count), (1, 1));
        assert_eq!(s.active, 3, "an unreadable date is counted, only not charted");
        assert!(Roster::new("s".into(), (0, 0), Vec::new()).summary().weekly.is_empty());
    }
}
