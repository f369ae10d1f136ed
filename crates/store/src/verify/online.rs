//! Online re-checks (FORMAT.md §14.14): each website a bundle's lead reported, fetched again by
//! this computer and compared with the lead's snapshot — still there, changed, gone. Shown beside
//! the tier, never in its place, and never part of a verdict.

use crate::fetch::{Fetcher, Recheck};
use serde::Serialize;
use undersigned_core::bundle::EntryReport;

/// One website fetched again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OnlineCheck {
    /// The entry whose valid attestation reported the website.
    pub index: u64,
    pub name: String,
    pub host: String,
    /// When this computer fetched it.
    pub checked_at: String,
    pub result: Recheck,
}

/// Fetches again the website of every valid website attestation of these entries' tiers.
pub fn recheck<'a>(
    entries: impl IntoIterator<Item = &'a EntryReport>,
    fetcher: &Fetcher,
    now: &str,
) -> Vec<OnlineCheck> {
    let mut out = Vec::new();
    for e in entries {
        let Some(t) = &e.tier else { continue };
        for w in t.evidence.iter().filter_map(|x| x.website.as_ref()) {
            out.push(OnlineCheck {
                index: e.index,
                name: e.name.clone(),
                host: w.host.clone(),
                checked_at: now.to_owned(),
                result: fetcher.recheck(&w.host, &w.body_sha256),
            });
        }
    }
    out
}
