//! Each entry's id and signer key, and each withdrawal's target, as the log rules compare them,
//! exactly, in little memory.
//!
//! The log rules (FORMAT.md §10.2, checks 9–11) compare 32-byte values: ids with ids and with
//! withdrawals' targets, keys with keys. Holding them all takes 64 bytes an entry; instead the
//! collector keeps, in memory, each value's first eight bytes (a big-endian `u64`, so that
//! values order as their prefixes do) and puts the whole values in a [`Store`]: in memory, or
//! written to a scratch file the caller gives ([`Options::scratch`](super::Options::scratch)).
//! After the stream, [`resolve`] reads back only the values whose prefix another value shares
//! (none, by chance, in an honest log of a million entries; an attacker can make such pairs, at
//! about 2^32 work each, and each costs one read) and gives every value a key `(prefix, rank)`:
//! the rank numbers the distinct whole values of one prefix in their order, so two keys are
//! equal exactly when the values are, and order as the values do. Verdicts never depend on
//! chance, on a secret or on where the values were kept.

use std::collections::HashMap;
use std::io::{self, BufReader, Read, Seek, SeekFrom, Write};
use std::sync::Mutex;

/// Where the verifier may write each entry's whole id, key and target (96 bytes an entry) while
/// it reads a bundle, and read some of them back: an unnamed temporary file, say. Only appended
/// to, from where it ends when a verification starts; two verifications may share one.
pub trait Scratch: Read + Write + Seek + Send {}
impl<T: Read + Write + Seek + Send + ?Sized> Scratch for T {}

/// The scratch as [`Options`](super::Options) carries it.
pub type ScratchRef<'a> = &'a Mutex<dyn Scratch + 'a>;

const RECORD: usize = 96;
type Record = [u8; RECORD];

/// The first eight bytes of a value, as a number that orders as the values do.
pub(super) fn prefix(v: &[u8; 32]) -> u64 {
    u64::from_be_bytes([v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]])
}

/// The whole values, entry by entry: id, key, and a withdrawal's target (zeros for none).
pub(super) enum Store<'a> {
    Memory(Vec<Record>),
    Spilled {
        scratch: ScratchRef<'a>,
        /// Where this verification's first record is.
        base: u64,
        /// Records not yet written.
        pending: Vec<u8>,
        /// The first write error; the bundle is then reported unreadable.
        failed: Option<io::Error>,
    },
}

impl Default for Store<'_> {
    fn default() -> Self {
        Store::Memory(Vec::new())
    }
}

/// Records written to the scratch at a time.
const PENDING: usize = 8192;

impl<'a> Store<'a> {
    pub(super) fn new(scratch: Option<ScratchRef<'a>>, reserve: usize) -> Self {
        let Some(scratch) = scratch else { return Store::Memory(Vec::with_capacity(reserve)) };
        let base = match scratch.lock() {
            Ok(mut s) => s.seek(SeekFrom::End(0)),
            Err(_) => Err(io::Error::other("the scratch file is unusable")),
        };
        match base {
            Ok(base) => Store::Spilled { scratch, base, pending: Vec::with_capacity(PENDING * RECORD), failed: None },
            Err(e) => Store::Spilled { scratch, base: 0, pending: Vec::new(), failed: Some(e) },
        }
    }

    pub(super) fn push(&mut self, id: &[u8; 32], key: &[u8; 32], target: Option<&[u8; 32]>) {
        let mut r = [0u8; RECORD];
        r[..32].copy_from_slice(id);
        r[32..64].copy_from_slice(key);
        if let Some(t) = target {
            r[64..].copy_from_slice(t);
        }
        match self {
            Store::Memory(v) => v.push(r),
            Store::Spilled { pending, failed, .. } => {
                if failed.is_none() {
                    pending.extend_from_slice(&r);
                    if pending.len() >= PENDING * RECORD {
                        self.flush();
                    }
                }
            }
        }
    }

    /// Writes what is pending.
    pub(super) fn flush(&mut self) {
        if let Store::Spilled { scratch, pending, failed, .. } = self {
            if failed.is_none() && !pending.is_empty() {
                let written = match scratch.lock() {
                    Ok(mut s) => s.seek(SeekFrom::End(0)).and_then(|_| s.write_all(pending)),
                    Err(_) => Err(io::Error::other("the scratch file is unusable")),
                };
                if let Err(e) = written {
                    *failed = Some(e);
                }
            }
            pending.clear();
        }
    }

    /// The first write error, if any (after [`Store::flush`]).
    pub(super) fn take_error(&mut self) -> Option<io::Error> {
        match self {
            Store::Memory(_) => None,
            Store::Spilled { failed, .. } => failed.take(),
        }
    }

    /// Calls `f` with the record of each entry of `wanted` (ascending, no repeats).
    fn read(&self, wanted: &[u32], mut f: impl FnMut(u32, &Record)) -> io::Result<()> {
        match self {
            Store::Memory(v) => {
                for &i in wanted {
                    f(i, &v[i as usize]);
                }
                Ok(())
            }
            Store::Spilled { scratch, base, .. } => {
                let Some(&first) = wanted.first() else { return Ok(()) };
                let mut guard = scratch.lock().map_err(|_| io::Error::other("the scratch file is unusable"))?;
                let start = *base + u64::from(first) * RECORD as u64;
                guard.seek(SeekFrom::Start(start))?;
                let mut r = BufReader::with_capacity(1 << 20, &mut *guard);
                let mut at = u64::from(first);
                let mut rec = [0u8; RECORD];
                for &i in wanted {
                    r.seek_relative(((u64::from(i) - at) * RECORD as u64) as i64)?;
                    r.read_exact(&mut rec)?;
                    at = u64::from(i) + 1;
                    f(i, &rec);
                }
                Ok(())
            }
        }
    }

    /// The ids of entries `start..start + out.len()`.
    pub(super) fn ids(&self, start: usize, out: &mut [[u8; 32]]) -> io::Result<()> {
        let wanted: Vec<u32> = (start..start + out.len()).map(|i| i as u32).collect();
        self.read(&wanted, |i, r| out[i as usize - start].copy_from_slice(&r[..32]))
    }
}

/// Values of one kind (ids, or keys), each compared by [`Ranked::key`].
#[derive(Default)]
pub(super) struct Ranked {
    pub(super) prefix: Vec<u64>,
    /// The ranks that are not 0.
    rank: HashMap<u32, u32>,
}

impl Ranked {
    pub(super) fn new(prefix: Vec<u64>) -> Self {
        Ranked { prefix, rank: HashMap::new() }
    }

    /// Equal for two entries exactly when their values are; ordered as the values are.
    pub(super) fn key(&self, i: u32) -> (u64, u32) {
        (self.prefix[i as usize], self.rank.get(&i).copied().unwrap_or(0))
    }

    pub(super) fn len(&self) -> usize {
        self.prefix.len()
    }
}

/// A withdrawal's target as a key comparable with the ids' [`Ranked::key`].
pub(super) type TargetKey = Option<(u64, u32)>;

/// The prefixes that occur more than once among `values`.
fn shared(values: impl Iterator<Item = u64>) -> Vec<u64> {
    let mut all: Vec<u64> = values.collect();
    all.sort_unstable();
    let mut out: Vec<u64> = Vec::new();
    for w in all.windows(2) {
        if w[0] == w[1] && out.last() != Some(&w[0]) {
            out.push(w[0]);
        }
    }
    out
}

/// Gives every value its key: reads back the whole values whose prefix another shares (ids
/// together with targets, keys with keys) and ranks them. `withdrawals` are the withdrawals'
/// indexes and their targets' prefixes.
pub(super) fn resolve(
    store: &Store<'_>,
    ids: &mut Ranked,
    keys: &mut Ranked,
    withdrawals: &[(u32, Option<u64>)],
) -> io::Result<Vec<(u32, TargetKey)>> {
    let id_shared = shared(ids.prefix.iter().copied().chain(withdrawals.iter().filter_map(|w| w.1)));
    let key_shared = shared(keys.prefix.iter().copied());
    let mut targets: Vec<(u32, TargetKey)> = withdrawals.iter().map(|&(w, t)| (w, t.map(|p| (p, 0)))).collect();
    if id_shared.is_empty() && key_shared.is_empty() {
        return Ok(targets);
    }
    let is = |s: &[u64], p: u64| s.binary_search(&p).is_ok();
    let mut wanted: Vec<u32> = Vec::new();
    for i in 0..ids.len() {
        if is(&id_shared, ids.prefix[i]) || is(&key_shared, keys.prefix[i]) {
            wanted.push(i as u32);
        }
    }
    // Targets to read: by withdrawal, in log order (as `withdrawals` is).
    let target_wanted: Vec<usize> =
        (0..targets.len()).filter(|&k| withdrawals[k].1.is_some_and(|p| is(&id_shared, p))).collect();
    let mut all = wanted.clone();
    all.extend(target_wanted.iter().map(|&k| withdrawals[k].0));
    all.sort_unstable();
    all.dedup();

    // (prefix, value, who): who is an entry's index, or !k for the target of withdrawal k.
    let mut id_items: Vec<(u64, [u8; 32], u64)> = Vec::new();
    let mut key_items: Vec<(u64, [u8; 32], u64)> = Vec::new();
    let mut next_target = 0;
    store.read(&all, |i, r| {
        let value = |at: usize| -> [u8; 32] { r[at..at + 32].try_into().unwrap_or([0; 32]) };
        let (id, key) = (value(0), value(32));
        if is(&id_shared, ids.prefix[i as usize]) {
            id_items.push((prefix(&id), id, u64::from(i)));
        }
        if is(&key_shared, keys.prefix[i as usize]) {
            key_items.push((prefix(&key), key, u64::from(i)));
        }
        while next_target < target_wanted.len() && withdrawals[target_wanted[next_target]].0 < i {
            next_target += 1;
        }
        if next_target < target_wanted.len() && withdrawals[target_wanted[next_target]].0 == i {
            let t = value(64);
            id_items.push((prefix(&t), t, !(target_wanted[next_target] as u64)));
        }
    })?;
    let rank_items =
        |items: &mut Vec<(u64, [u8; 32], u64)>, ranked: &mut Ranked, mut target: Option<&mut Vec<(u32, TargetKey)>>| {
            items.sort_unstable();
            let mut rank = 0u32;
            for k in 0..items.len() {
                if k > 0 {
                    if items[k].0 != items[k - 1].0 {
                        rank = 0;
                    } else if items[k].1 != items[k - 1].1 {
                        rank += 1;
                    }
                }
                let (p, _, who) = items[k];
                if who >> 63 == 0 {
                    if rank > 0 {
                        ranked.rank.insert(who as u32, rank);
                    }
                } else if let Some(t) = target.as_deref_mut() {
                    t[!who as usize].1 = Some((p, rank));
                }
            }
        };
    rank_items(&mut id_items, ids, Some(&mut targets));
    rank_items(&mut key_items, keys, None);
    Ok(targets)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::io::Cursor;

    fn value(a: u8, b: u8) -> [u8; 32] {
        let mut v = [0u8; 32];
        v[0] = a;
        v[31] = b;
        v
    }

    proptest! {
        /// Keys equal exactly when values are, and ordered as they are, whether the values were
        /// kept in memory or in a scratch (which another verification wrote to before).
        #[test]
        fn keys_compare_as_the_values(
            raw in prop::collection::vec((0u8..3, 0u8..4, 0u8..3, 0u8..4, prop::option::of((0u8..3, 0u8..4))), 0..80),
        ) {
            let scratch: Mutex<Cursor<Vec<u8>>> = Mutex::new(Cursor::new(vec![7u8; 5]));
            for spilled in [false, true] {
                let s: Option<ScratchRef<'_>> = spilled.then_some(&scratch as ScratchRef<'_>);
                let mut store = Store::new(s, 0);
                let ids: Vec<[u8; 32]> = raw.iter().map(|r| value(r.0, r.1)).collect();
                let keys: Vec<[u8; 32]> = raw.iter().map(|r| value(r.2, r.3)).collect();
                let mut withdrawals = Vec::new();
                let mut target_values = Vec::new();
                for (i, r) in raw.iter().enumerate() {
                    let t = r.4.map(|(a, b)| value(a, b));
                    store.push(&ids[i], &keys[i], t.as_ref());
                    if i % 2 == 1 {
                        withdrawals.push((i as u32, t.as_ref().map(prefix)));
                        target_values.push(t);
                    }
                }
                store.flush();
                prop_assert!(store.take_error().is_none());
                let mut rid = Ranked::new(ids.iter().map(prefix).collect());
                let mut rkey = Ranked::new(keys.iter().map(prefix).collect());
                let targets = resolve(&store, &mut rid, &mut rkey, &withdrawals).unwrap();
                for a in 0..raw.len() {
                    for b in 0..raw.len() {
                        let (x, y) = (a as u32, b as u32);
                        prop_assert_eq!(rid.key(x).cmp(&rid.key(y)), ids[a].cmp(&ids[b]));
                        prop_assert_eq!(rkey.key(x).cmp(&rkey.key(y)), keys[a].cmp(&keys[b]));
                    }
                    for (k, t) in target_values.iter().enumerate() {
                        prop_assert_eq!(targets[k].0, withdrawals[k].0);
                        match t {
                            None => prop_assert_eq!(targets[k].1, None),
                            Some(t) => prop_assert_eq!(targets[k].1 == Some(rid.key(a as u32)), *t == ids[a]),
                        }
                    }
                }
                let mut got = vec![[0u8; 32]; raw.len()];
                store.ids(0, &mut got).unwrap();
                prop_assert_eq!(got, ids);
            }
        }
    }
}
