//! The log rules: checks 9–11 of FORMAT.md §10.2 (duplicates, withdrawals, one active
//! endorsement per key), computed once the whole log was read, over vectors of indexes sorted by
//! id and by key, with the compact per-entry state ([`LogState`]) that the collector keeps.

use super::values::{Ranked, TargetKey};
use crate::error::{Code, Failure};

// Per-entry flags.
pub(super) const F_ENDORSEMENT: u8 = 1;
pub(super) const F_PRE_OK: u8 = 2;
pub(super) const F_KEY_HEX: u8 = 4;
pub(super) const F_INDIVIDUAL: u8 = 8;
pub(super) const F_DUPLICATE: u8 = 16;
pub(super) const F_LOG_ERR: u8 = 32;
pub(super) const F_WITHDRAWN: u8 = 64;

/// Compact per-entry state kept for the log rules: 9 bytes (a time of §1 has at most 14 digits,
/// below 2^47, so it is kept in six bytes).
#[derive(Clone, Copy, Default)]
pub(super) struct LogState {
    pub(super) flags: u8,
    pub(super) country: [u8; 2],
    time: [u8; 6],
}

impl LogState {
    /// `time` is the entry's `signed_at` or `withdrawn_at` as [`crate::fields::time_order_key`]
    /// gives it; 0 when it breaks §1 (compared with nothing).
    pub(super) fn new(flags: u8, country: [u8; 2], time: u64) -> Self {
        let b = time.to_le_bytes();
        debug_assert!(b[6] == 0 && b[7] == 0);
        LogState { flags, country, time: [b[0], b[1], b[2], b[3], b[4], b[5]] }
    }

    pub(super) fn time(&self) -> u64 {
        let t = self.time;
        u64::from_le_bytes([t[0], t[1], t[2], t[3], t[4], t[5], 0, 0])
    }
}

/// An index sorted by a value: the value's first four bytes above the index, so that a plain
/// sort of 8-byte words orders by prefix, then index.
pub(super) fn packed(values: &Ranked, index: u32) -> u64 {
    (values.key(index).0 >> 32 << 32) | u64::from(index)
}

fn index_of(p: u64) -> u32 {
    p as u32
}

/// Sorts words made by [`packed`] by (the value, index): the words first, then every run with
/// one four-byte prefix (rare: values are hashes and keys) by the value's key.
pub(super) fn sort_by_value(v: &mut [u64], values: &Ranked) {
    v.sort_unstable();
    let mut i = 0;
    while i < v.len() {
        let mut j = i + 1;
        while j < v.len() && v[j] >> 32 == v[i] >> 32 {
            j += 1;
        }
        if j - i > 1 {
            v[i..j].sort_unstable_by_key(|&p| (values.key(index_of(p)), index_of(p)));
        }
        i = j;
    }
}

/// The first word of `sorted` (by [`sort_by_value`]) whose value's key is `target`: its first
/// occurrence.
pub(super) fn find_first(sorted: &[u64], values: &Ranked, target: (u64, u32)) -> Option<u32> {
    let top = target.0 >> 32;
    let at = sorted.partition_point(|&p| (p >> 32, values.key(index_of(p))) < (top, target));
    sorted.get(at).map(|&p| index_of(p)).filter(|&i| values.key(i) == target)
}

/// Checks 9–11 of FORMAT.md §10.2 over the whole log, exactly as the reference's sequential
/// loop in [`bundle::verify`](crate::bundle::verify) gives them, in memory proportional to the number of entries:
///
/// 1. An entry whose id occurred earlier is a duplicate (`duplicate-entry`); the first
///    occurrence counts, and duplicates take no further part.
/// 2. A withdrawal's target is the first occurrence of the id it names if that is earlier and
///    an endorsement, else it is unmatched. Per target, in log order: a key other than the
///    endorsement's is `withdrawal-wrong-key`; else a withdrawal dated before the endorsement
///    is `time-order`; else, if the target is already withdrawn,
///    `withdrawal-duplicate`; else, if the withdrawal has no failure of its own, it withdraws
///    the target. (None of this depends on the other targets or on rule 3.)
/// 3. Per signer key, in log order, over its endorsements and the successful withdrawals of
///    its endorsements: an endorsement while another is active is `duplicate-signer`; else, if
///    it has no failure of its own, it becomes the active one; a withdrawal of the active one
///    clears it. A key that is not lowercase hex cannot have an active endorsement (its
///    endorsements fail check 7), so its endorsements never meet one.
///
/// Returns the log failures by entry index; sets the flags `F_DUPLICATE`, `F_LOG_ERR` and
/// `F_WITHDRAWN`.
pub(super) fn log_rules(
    ids: &Ranked,
    keys: &Ranked,
    info: &mut [LogState],
    withdrawals: &[(u32, TargetKey)],
) -> Vec<(u32, Failure)> {
    let n = ids.len();
    let mut out: Vec<(u32, Failure)> = Vec::new();

    // 1. Duplicates.
    let mut by_id: Vec<u64> = (0..n as u32).map(|i| packed(ids, i)).collect();
    sort_by_value(&mut by_id, ids);
    for w in by_id.windows(2) {
        let (a, b) = (index_of(w[0]), index_of(w[1]));
        if ids.key(a) == ids.key(b) {
            info[b as usize].flags |= F_DUPLICATE | F_LOG_ERR;
            out.push((b, Failure::new(Code::DuplicateEntry, "this entry already appears earlier in the log")));
        }
    }
    let first_occurrence = |id: (u64, u32)| find_first(&by_id, ids, id);

    // 2. Withdrawals.
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for &(w, target) in withdrawals {
        if info[w as usize].flags & F_DUPLICATE != 0 {
            continue;
        }
        match target.and_then(first_occurrence) {
            Some(j) if j < w && info[j as usize].flags & F_ENDORSEMENT != 0 => pairs.push((j, w)),
            _ => {
                info[w as usize].flags |= F_LOG_ERR;
                out.push((
                    w,
                    Failure::new(Code::WithdrawalUnmatched, "this withdrawal names no endorsement earlier in the log"),
                ));
            }
        }
    }
    pairs.sort_unstable();
    let mut releases: Vec<(u32, u32)> = Vec::new();
    for &(j, w) in &pairs {
        let (ji, wi) = (j as usize, w as usize);
        let same_key = keys.key(j) == keys.key(w) && (info[ji].flags & F_KEY_HEX) == (info[wi].flags & F_KEY_HEX);
        if !same_key {
            info[wi].flags |= F_LOG_ERR;
            out.push((
                w,
                Failure::new(
                    Code::WithdrawalWrongKey,
                    format!("this withdrawal of entry {j} is not signed by the key that endorsed"),
                ),
            ));
        } else if info[wi].time() != 0 && info[ji].time() != 0 && info[wi].time() < info[ji].time() {
            info[wi].flags |= F_LOG_ERR;
            out.push((
                w,
                Failure::new(
                    Code::TimeOrder,
                    format!("this withdrawal is dated before the endorsement it withdraws (entry {j})"),
                ),
            ));
        } else if info[ji].flags & F_WITHDRAWN != 0 {
            info[wi].flags |= F_LOG_ERR;
            out.push((w, Failure::new(Code::WithdrawalDuplicate, format!("entry {j} was already withdrawn"))));
        } else if info[wi].flags & F_PRE_OK != 0 {
            info[ji].flags |= F_WITHDRAWN;
            releases.push((w, j));
        }
    }
    drop(pairs);
    drop(by_id);

    // 3. One active endorsement per key. Events: endorsements, and successful withdrawals (the
    // key of a withdrawal that withdrew is its target's).
    let mut events: Vec<u64> = Vec::with_capacity(n - withdrawals.len() + releases.len());
    for (i, inf) in info.iter().enumerate() {
        if inf.flags & (F_ENDORSEMENT | F_DUPLICATE | F_KEY_HEX) == F_ENDORSEMENT | F_KEY_HEX {
            events.push(packed(keys, i as u32));
        }
    }
    for &(w, _) in &releases {
        events.push(packed(keys, w));
    }
    // By withdrawal, to find what each withdrew.
    releases.sort_unstable();
    sort_by_value(&mut events, keys);
    let mut active: Option<u32> = None;
    for (k, &e) in events.iter().enumerate() {
        let i = index_of(e);
        if k == 0 || keys.key(index_of(events[k - 1])) != keys.key(i) {
            active = None;
        }
        if info[i as usize].flags & F_ENDORSEMENT != 0 {
            if let Some(a) = active {
                info[i as usize].flags |= F_LOG_ERR;
                out.push((
                    i,
                    Failure::new(
                        Code::DuplicateSigner,
                        format!("this key already endorsed at entry {a} and did not withdraw"),
                    ),
                ));
            } else if info[i as usize].flags & F_PRE_OK != 0 {
                active = Some(i);
            }
        } else {
            let j = releases.binary_search_by_key(&i, |r| r.0).ok().map(|r| releases[r].1);
            if active.is_some() && active == j {
                active = None;
            }
        }
    }
    out.sort_by_key(|e| e.0);
    out
}

#[cfg(test)]
mod tests {
    use super::super::values::{prefix, resolve, Store};
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    /// The keys of `ids`, `keys` and the withdrawals' targets, as the collector and [`resolve`]
    /// give them.
    fn ranked(
        ids: &[[u8; 32]],
        keys: &[[u8; 32]],
        withdrawals: &[(u32, Option<[u8; 32]>)],
    ) -> (Ranked, Ranked, Vec<(u32, TargetKey)>) {
        let mut store = Store::new(None, 0);
        for i in 0..ids.len() {
            let t = withdrawals.iter().find(|w| w.0 == i as u32).and_then(|w| w.1);
            store.push(&ids[i], &keys[i], t.as_ref());
        }
        let mut rid = Ranked::new(ids.iter().map(prefix).collect());
        let mut rkey = Ranked::new(keys.iter().map(prefix).collect());
        let w: Vec<(u32, Option<u64>)> = withdrawals.iter().map(|&(i, t)| (i, t.as_ref().map(prefix))).collect();
        let targets = resolve(&store, &mut rid, &mut rkey, &w).unwrap();
        (rid, rkey, targets)
    }

    /// Every time of §1 fits the six bytes a [`LogState`] keeps it in.
    #[test]
    fn the_latest_time_is_kept_whole() {
        let latest = crate::fields::time_order_key("9999-12-31T23:59:59Z").unwrap();
        assert_eq!(LogState::new(0, [0; 2], latest).time(), latest);
        assert_eq!(std::mem::size_of::<LogState>(), 9);
    }

    proptest! {
        /// Values that often share their first four bytes (and repeat): sorted as by (value,
        /// index), and every first occurrence found.
        #[test]
        fn indexes_sort_by_the_whole_value(raw in prop::collection::vec((0u8..3, 0u8..3, any::<u8>()), 0..200)) {
            let values: Vec<[u8; 32]> = raw
                .iter()
                .map(|&(a, b, c)| {
                    let mut v = [0u8; 32];
                    v[0] = a;
                    v[31] = b;
                    v[5] = c % 4;
                    v
                })
                .collect();
            let (ranked, _, _) = ranked(&values, &values, &[]);
            let mut sorted: Vec<u64> = (0..values.len() as u32).map(|i| packed(&ranked, i)).collect();
            sort_by_value(&mut sorted, &ranked);
            let mut want: Vec<u32> = (0..values.len() as u32).collect();
            want.sort_by_key(|&i| (values[i as usize], i));
            prop_assert_eq!(sorted.iter().map(|&p| index_of(p)).collect::<Vec<_>>(), want);
            for (k, v) in values.iter().enumerate() {
                let first = values.iter().position(|x| x == v).map(|i| i as u32);
                prop_assert_eq!(find_first(&sorted, &ranked, ranked.key(k as u32)), first);
            }
            prop_assert_eq!(find_first(&sorted, &ranked, (prefix(&[9u8; 32]), 0)), None);
        }

        /// The sorted log rules against the reference's sequential loop (as in `bundle::verify`),
        /// on logs whose ids and keys often repeat and share prefixes.
        #[test]
        fn log_rules_are_the_sequential_loop(
            raw in prop::collection::vec((any::<bool>(), any::<bool>(), 0u8..4, any::<bool>(), 0u8..6, prop::option::of(0u8..6), 0u8..3), 0..60),
        ) {
            let v = |a: u8, tag: u8| {
                let mut x = [0u8; 32];
                x[0] = tag;
                x[31] = a;
                x
            };
            let ids: Vec<[u8; 32]> = raw.iter().map(|r| v(r.4, 1)).collect();
            let keys: Vec<[u8; 32]> = raw.iter().map(|r| v(r.2, 2)).collect();
            let mut info: Vec<LogState> = raw
                .iter()
                .map(|r| LogState::new(
                    if r.0 { F_ENDORSEMENT } else { 0 } | if r.1 { F_PRE_OK } else { 0 } | if r.3 || !r.0 { F_KEY_HEX } else { 0 },
                    [0; 2],
                    u64::from(r.6),
                ))
                .collect();
            let withdrawals: Vec<(u32, Option<[u8; 32]>)> = raw
                .iter()
                .enumerate()
                .filter(|(_, r)| !r.0)
                .map(|(i, r)| (i as u32, r.5.map(|t| v(t, 1))))
                .collect();
            let (rid, rkey, targets) = ranked(&ids, &keys, &withdrawals);
            let got = log_rules(&rid, &rkey, &mut info, &targets);

            // The reference loop, on the same data.
            let n = raw.len();
            let key_of = |i: usize| (keys[i], info[i].flags & F_KEY_HEX);
            let mut want: Vec<(u32, Code)> = Vec::new();
            let mut position: HashMap<[u8; 32], usize> = HashMap::new();
            let mut active_by_key: HashMap<([u8; 32], u8), usize> = HashMap::new();
            let mut withdrawn = vec![false; n];
            for i in 0..n {
                if position.contains_key(&ids[i]) {
                    want.push((i as u32, Code::DuplicateEntry));
                    continue;
                }
                position.insert(ids[i], i);
                let pre_ok = info[i].flags & F_PRE_OK != 0;
                if info[i].flags & F_ENDORSEMENT != 0 {
                    match active_by_key.entry(key_of(i)) {
                        std::collections::hash_map::Entry::Occupied(_) => want.push((i as u32, Code::DuplicateSigner)),
                        std::collections::hash_map::Entry::Vacant(slot) => {
                            if pre_ok && info[i].flags & F_KEY_HEX != 0 {
                                slot.insert(i);
                            }
                        }
                    }
                } else {
                    let target = raw[i].5.map(|t| v(t, 1)).and_then(|t| position.get(&t).copied());
                    match target.filter(|&j| info[j].flags & F_ENDORSEMENT != 0) {
                        Some(j) => {
                            let time = |k: usize| u64::from(raw[k].6);
                            if key_of(j) != key_of(i) {
                                want.push((i as u32, Code::WithdrawalWrongKey));
                            } else if time(i) != 0 && time(j) != 0 && time(i) < time(j) {
                                want.push((i as u32, Code::TimeOrder));
                            } else if withdrawn[j] {
                                want.push((i as u32, Code::WithdrawalDuplicate));
                            } else if pre_ok {
                                withdrawn[j] = true;
                                if active_by_key.get(&key_of(j)) == Some(&j) {
                                    active_by_key.remove(&key_of(j));
                                }
                            }
                        }
                        None => want.push((i as u32, Code::WithdrawalUnmatched)),
                    }
                }
            }
            prop_assert_eq!(got.iter().map(|(i, f)| (*i, f.code)).collect::<Vec<_>>(), want);
            for i in 0..n {
                prop_assert_eq!(info[i].flags & F_WITHDRAWN != 0, withdrawn[i]);
            }
        }

    }
}
