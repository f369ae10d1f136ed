//! The pipeline: batches of raw entries go from the reader to worker threads, which parse each
//! entry, check it (checks 7–8 of FORMAT.md §10.2), compute its id and verify the batch's
//! signatures together; a collector thread takes the batches back in order, builds the Merkle
//! tree and keeps, per entry, only what the log rules need.

use super::log_rules::{LogState, F_ENDORSEMENT, F_INDIVIDUAL, F_KEY_HEX, F_PRE_OK};
use super::probes::value_valid;
use super::values::{prefix, ScratchRef, Store};
use crate::bundle::{self, Entry};
use crate::canonical::hex_array;
use crate::ed25519;
use crate::endorsement::{self, SignerKind};
use crate::error::Failure;
use crate::fields;
use crate::merkle::Tree;
use crate::release_checks::Header;
use crate::report::EntryReport;
use crate::statement::sig_failure;
use crate::withdrawal;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Mutex};

/// The most entries per batch when [`Options::batch`](super::Options::batch) is 0.
pub const DEFAULT_BATCH: usize = 2048;

/// Entries per batch when [`Options::batch`](super::Options::batch) is 0, for a log of
/// `entries` on `threads` workers: [`DEFAULT_BATCH`], or fewer for a small log, so that every
/// worker gets a share (a bundle of 1,000 entries is otherwise one batch on one core). Never
/// fewer than 64.
pub fn default_batch(entries: u64, threads: usize) -> usize {
    let share = entries.div_ceil(threads.max(1) as u64);
    share.clamp(64, DEFAULT_BATCH as u64) as usize
}

pub(super) struct EntryChecks<'h, 's> {
    pub(super) header: &'h Header,
    pub(super) seed: [u8; 32],
    pub(super) entries: bool,
    /// With `entries`: where each line goes instead of [`Collected::reports`].
    pub(super) on_entry: Option<&'h (dyn Fn(EntryReport) + Sync)>,
    pub(super) threads: usize,
    pub(super) batch: usize,
    /// `previous.log.size` of the release: the prefix whose root is checked.
    pub(super) prefix: Option<u64>,
    /// Entries expected (bounded), to reserve the per-entry vectors once.
    pub(super) reserve: usize,
    /// Where the whole ids and keys go (else they are kept in memory).
    pub(super) scratch: Option<ScratchRef<'s>>,
    /// Set once an entry fails the strict parse: the bundle will be refused, so the workers
    /// stop verifying and only parse.
    pub(super) cancel: AtomicBool,
}

/// Raw entries, one after another in `buf`; entry `i` ends at `ends[i]`. Batches travel
/// between the reader and the workers and back, so that their buffers are reused.
struct Batch {
    seq: u64,
    first: u64,
    buf: Vec<u8>,
    ends: Vec<usize>,
}

impl Batch {
    fn raws(&self) -> impl Iterator<Item = &[u8]> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(a, &b)| &self.buf[a..b])
    }
}

/// What a worker found about one entry.
struct EntryFacts {
    id: [u8; 32],
    /// The signer key's bytes when it is lowercase hex, else a hash of the string (so that two
    /// keys compare equal exactly when their strings do).
    key: [u8; 32],
    flags: u8,
    country: [u8; 2],
    /// `signed_at` or `withdrawn_at` by [`fields::time_order_key`], 0 when it breaks §1.
    time: u64,
    /// A withdrawal's `endorsement`, when it is 64 lowercase hex digits.
    target: Option<[u8; 32]>,
    /// Failures before the log rules, in the reference's order.
    errors: Vec<Failure>,
    report: Option<Box<EntryReport>>,
}

struct CheckedBatch {
    seq: u64,
    first: u64,
    items: Vec<EntryFacts>,
    typed: Option<(u64, String)>,
    foreign: Option<Nested>,
    invalid: bool,
}

/// An entry of another format or type than its place's: its index, the message, and whether it
/// is the type (which ranks after member errors, FORMAT.md §1 reading order) or the format
/// (which ranks before them).
pub(super) type Nested = (u64, String, bool);

/// Whether `new` is to be reported rather than `old`: a format before a type, then the first.
pub(super) fn ranks_before(new: &Nested, old: Option<&Nested>) -> bool {
    old.is_none_or(|o| (new.2, new.0) < (o.2, o.0))
}

#[derive(Default)]
pub(super) struct Collected<'s> {
    pub(super) root: [u8; 32],
    pub(super) prefix_root: Option<[u8; 32]>,
    /// The first eight bytes of each entry's id and signer key (see `values.rs`).
    pub(super) id_prefix: Vec<u64>,
    pub(super) key_prefix: Vec<u64>,
    /// The whole ids, keys and targets.
    pub(super) store: Store<'s>,
    pub(super) info: Vec<LogState>,
    /// Withdrawals: index and the first eight bytes of the target id.
    pub(super) withdrawals: Vec<(u32, Option<u64>)>,
    /// Failures found before the log rules, by entry index (ascending).
    pub(super) pre_errors: Vec<(u32, Failure)>,
    pub(super) reports: Vec<EntryReport>,
    /// Whether a line was made for every entry (into `reports` or handed on).
    pub(super) listed: bool,
    /// The first entry that fails the strict parse.
    pub(super) typed: Option<(u64, String)>,
    /// The first entry whose body is of another format, else of another type (§10.2: the whole
    /// bundle is then `unsupported-format`).
    pub(super) foreign: Option<Nested>,
    pub(super) invalid: bool,
}

/// Runs workers and the collector while `produce` feeds raw entries to its sink (on this
/// thread). Returns `produce`'s result and what the collector gathered.
pub(super) fn run_pipeline<'s, E>(
    ctx: &EntryChecks<'_, 's>,
    produce: impl FnOnce(&mut dyn FnMut(&[u8])) -> Result<(), E>,
) -> (Result<(), E>, Collected<'s>) {
    let (batch_tx, batch_rx) = mpsc::sync_channel::<Batch>(ctx.threads * 2);
    let batch_rx = Mutex::new(batch_rx);
    let (done_tx, done_rx) = mpsc::sync_channel::<CheckedBatch>(ctx.threads * 2);
    // Emptied batches go back to the reader, so that their buffers are allocated once.
    let (free_tx, free_rx) = mpsc::channel::<Batch>();
    std::thread::scope(|s| {
        for _ in 0..ctx.threads {
            let done_tx = done_tx.clone();
            let free_tx = free_tx.clone();
            let rx = &batch_rx;
            s.spawn(move || {
                let mut scratch = Scratch::default();
                loop {
                    let next = match rx.lock() {
                        Ok(guard) => guard.recv(),
                        Err(_) => return,
                    };
                    let Ok(mut batch) = next else { return };
                    let done = process_batch(ctx, &batch, &mut scratch);
                    batch.buf.clear();
                    batch.ends.clear();
                    // The reader may be gone already; the batch is then simply dropped.
                    let _ = free_tx.send(batch);
                    if done_tx.send(done).is_err() {
                        return;
                    }
                }
            });
        }
        drop(done_tx);
        drop(free_tx);
        let collector = s.spawn(move || collect(ctx, done_rx));

        let empty = || Batch {
            seq: 0,
            first: 0,
            buf: Vec::with_capacity(ctx.batch * 1024),
            ends: Vec::with_capacity(ctx.batch),
        };
        let mut batch = empty();
        let (mut seq, mut first) = (0u64, 0u64);
        let mut send = |mut full: Batch| {
            let len = full.ends.len() as u64;
            full.seq = seq;
            full.first = first;
            // A send fails only if every worker is gone, which a panic would report below.
            let _ = batch_tx.send(full);
            seq += 1;
            first += len;
        };
        let res = produce(&mut |raw| {
            batch.buf.extend_from_slice(raw);
            batch.ends.push(batch.buf.len());
            if batch.ends.len() >= ctx.batch {
                let next = free_rx.try_recv().unwrap_or_else(|_| empty());
                send(std::mem::replace(&mut batch, next));
            }
        });
        if !batch.ends.is_empty() {
            send(batch);
        }
        drop(batch_tx);
        let collected = match collector.join() {
            Ok(c) => c,
            Err(p) => std::panic::resume_unwind(p),
        };
        (res, collected)
    })
}

fn collect<'s>(ctx: &EntryChecks<'_, 's>, rx: mpsc::Receiver<CheckedBatch>) -> Collected<'s> {
    let mut c = Collected {
        id_prefix: Vec::with_capacity(ctx.reserve),
        key_prefix: Vec::with_capacity(ctx.reserve),
        store: Store::new(ctx.scratch, ctx.reserve),
        info: Vec::with_capacity(ctx.reserve),
        ..Default::default()
    };
    c.listed = ctx.entries;
    if ctx.entries && ctx.on_entry.is_none() {
        c.reports.reserve(ctx.reserve);
    }
    let mut tree = Tree::new();
    if ctx.prefix == Some(0) {
        c.prefix_root = Some(tree.root());
    }
    let mut waiting: BTreeMap<u64, CheckedBatch> = BTreeMap::new();
    let mut next = 0u64;
    for done in rx {
        waiting.insert(done.seq, done);
        while let Some(d) = waiting.remove(&next) {
            next += 1;
            if let Some((i, m)) = d.typed {
                if c.typed.as_ref().is_none_or(|(j, _)| i < *j) {
                    c.typed = Some((i, m));
                }
            }
            if let Some(n) = d.foreign {
                if ranks_before(&n, c.foreign.as_ref()) {
                    c.foreign = Some(n);
                }
            }
            c.invalid |= d.invalid;
            for (k, item) in d.items.into_iter().enumerate() {
                let index = (d.first + k as u64) as u32;
                tree.push(item.id);
                if Some(tree.size()) == ctx.prefix {
                    c.prefix_root = Some(tree.root());
                }
                c.id_prefix.push(prefix(&item.id));
                c.key_prefix.push(prefix(&item.key));
                c.store.push(&item.id, &item.key, item.target.as_ref());
                c.info.push(LogState::new(item.flags, item.country, item.time));
                if item.flags & F_ENDORSEMENT == 0 {
                    c.withdrawals.push((index, item.target.as_ref().map(prefix)));
                }
                c.pre_errors.extend(item.errors.into_iter().map(|f| (index, f)));
                if let Some(r) = item.report {
                    match ctx.on_entry {
                        Some(f) => f(*r),
                        None => c.reports.push(*r),
                    }
                }
            }
        }
    }
    c.root = tree.root();
    c.store.flush();
    c
}

/// A worker's buffers, kept from one batch to the next.
#[derive(Default)]
struct Scratch {
    /// The signed messages of the batch's signatures, one after another.
    msgs: Vec<u8>,
    /// Signatures to check: (item, key, signature, end of its message in `msgs`).
    pending: Vec<(usize, [u8; 32], [u8; 64], usize)>,
}

fn process_batch(ctx: &EntryChecks<'_, '_>, batch: &Batch, scratch: &mut Scratch) -> CheckedBatch {
    let mut items: Vec<EntryFacts> = Vec::with_capacity(batch.ends.len());
    let Scratch { msgs, pending } = scratch;
    msgs.clear();
    pending.clear();
    let mut typed = None;
    let mut foreign = None;
    let mut invalid = false;
    for (k, raw) in batch.raws().enumerate() {
        // One UTF-8 check of the whole entry, then a parse that need not check each string again;
        // bytes that are not UTF-8 go to the slice parser, which names the place as before.
        let parsed = match std::str::from_utf8(raw) {
            Ok(text) => serde_json::from_str::<Entry>(text),
            Err(_) => serde_json::from_slice::<Entry>(raw),
        };
        let entry = match parsed {
            Ok(e) => e,
            Err(e) => {
                if typed.is_none() {
                    typed = Some((batch.first + k as u64, e.to_string()));
                }
                if let Some(f) = crate::canonical::foreign_in_bytes(raw) {
                    let n =
                        (batch.first + k as u64, format!("this entry is in format {f:?}, not undersigned/1"), false);
                    if ranks_before(&n, foreign.as_ref()) {
                        foreign = Some(n);
                    }
                }
                // An entry is inside the top-level object and the `entries` list.
                invalid |= !value_valid(raw, 2);
                ctx.cancel.store(true, Ordering::Relaxed);
                items.push(EntryFacts::none());
                continue;
            }
        };
        // Before the cancel check, so that an entry of another format is found whatever
        // failed elsewhere first (it decides the verdict: `unsupported-format`).
        if let Err(e) = entry.check_format() {
            let n = (batch.first + k as u64, e.message, entry.format() == crate::FORMAT);
            if ranks_before(&n, foreign.as_ref()) {
                foreign = Some(n);
            }
            ctx.cancel.store(true, Ordering::Relaxed);
        }
        if ctx.cancel.load(Ordering::Relaxed) {
            items.push(EntryFacts::none());
            continue;
        }
        let start = msgs.len();
        let (item, sig) = entry_item(ctx, &entry, batch.first + k as u64, msgs);
        match sig {
            Some((key, sig)) => pending.push((k, key, sig, msgs.len())),
            None => msgs.truncate(start),
        }
        items.push(item);
    }
    if !pending.is_empty() {
        let mut start = 0;
        let refs: Vec<ed25519::SignatureCheck<'_>> = pending
            .iter()
            .map(|(_, key, sig, end)| {
                let msg = &msgs[start..*end];
                start = *end;
                ed25519::SignatureCheck { key, sig, msg }
            })
            .collect();
        for ((k, ..), res) in pending.iter().zip(ed25519::verify_batch(&refs, &ctx.seed)) {
            if let Err(e) = res {
                items[*k].errors.push(sig_failure(e));
            }
        }
    }
    for it in &mut items {
        if it.errors.is_empty() {
            it.flags |= F_PRE_OK;
        }
        if let Some(r) = &mut it.report {
            r.errors.clone_from(&it.errors);
        }
    }
    CheckedBatch { seq: batch.seq, first: batch.first, items, typed, foreign, invalid }
}

/// The key and signature to check; the signed message is what `entry_item` appended to `msgs`.
type Signature = ([u8; 32], [u8; 64]);

impl EntryFacts {
    fn none() -> EntryFacts {
        EntryFacts {
            id: [0; 32],
            key: [0; 32],
            flags: 0,
            country: [0; 2],
            time: 0,
            target: None,
            errors: Vec::new(),
            report: None,
        }
    }
}

/// Checks 7–8 of one entry, its id and the signature to verify.
fn entry_item(
    ctx: &EntryChecks<'_, '_>,
    entry: &Entry,
    index: u64,
    msgs: &mut Vec<u8>,
) -> (EntryFacts, Option<Signature>) {
    let mut errors = Vec::new();
    bundle::entry_checks(entry.as_ref(), ctx.header, &mut errors);
    let (context, tag, key_hex, sig_hex) = match entry {
        Entry::Endorsement(e) => (endorsement::CONTEXT, "endorsement", &e.signed.signer.public_key, &e.signature),
        Entry::Withdrawal(w) => (withdrawal::CONTEXT, "withdrawal", &w.signed.signer_key, &w.signature),
    };
    // The signed message is CONTEXT || 0x00 || JCS(body); the entry id hashes the entry's
    // canonical form, which contains JCS(body) (§4): the body is encoded once for both.
    let start = msgs.len();
    msgs.extend_from_slice(context.as_bytes());
    msgs.push(0);
    match entry {
        Entry::Endorsement(e) => endorsement::write_body(&e.signed, msgs),
        Entry::Withdrawal(w) => withdrawal::write_body(&w.signed, msgs),
    }
    let id = crate::canonical::entry_id(tag, sig_hex, &msgs[start + context.len() + 1..]);

    let (key, key_flag) = match hex_array::<32>(key_hex) {
        Some(k) => (k, F_KEY_HEX),
        None => {
            let mut h = Sha256::new();
            h.update(b"undersigned/stream/not-a-key\0");
            h.update(key_hex.as_bytes());
            (h.finalize().into(), 0)
        }
    };
    let sig = match bundle::decode_key_sig(key_hex, sig_hex) {
        Err(f) => {
            errors.push(f);
            None
        }
        Ok((k, s)) => Some((k, s)),
    };
    let time = match entry {
        Entry::Endorsement(e) => &e.signed.signed_at,
        Entry::Withdrawal(w) => &w.signed.withdrawn_at,
    };
    let time = fields::time_order_key(time).unwrap_or(0);
    let mut item = EntryFacts { id, key, flags: key_flag, country: [0; 2], time, target: None, errors, report: None };
    match entry {
        Entry::Endorsement(e) => {
            let s = &e.signed.signer;
            item.flags |= F_ENDORSEMENT;
            if s.kind() == Some(SignerKind::Individual) {
                item.flags |= F_INDIVIDUAL;
            }
            if let [a, b] = s.country.as_bytes() {
                item.country = [*a, *b];
            }
            if ctx.entries {
                item.report = Some(Box::new(EntryReport::of_endorsement(index, &id, e)));
            }
        }
        Entry::Withdrawal(w) => {
            item.target = hex_array::<32>(&w.signed.endorsement);
            if ctx.entries {
                item.report = Some(Box::new(EntryReport::of_withdrawal(index, &id, w)));
            }
        }
    }
    (item, sig)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::canonical::{signed_message, to_jcs};
    use crate::endorsement::{EndorsedStatement, EndorsementBody, Signer};
    use crate::withdrawal::{StatementRef, WithdrawalBody};
    use crate::Envelope;
    use proptest::prelude::*;
    use std::collections::HashMap;

    /// Strings with every character JCS escapes or keeps: quotes, backslashes, controls,
    /// DEL, non-ASCII, line separators; and any string at all.
    fn text() -> impl Strategy<Value = String> {
        let chars: Vec<char> = "aZ\"\\\u{0}\u{8}\t\n\u{c}\r\u{1f}\u{7f}é\u{2028}\u{1F600}/".chars().collect();
        prop_oneof![
            prop::collection::vec(prop::sample::select(chars), 0..12).prop_map(|v| v.into_iter().collect()),
            any::<String>(),
        ]
    }

    proptest! {
        #[test]
        fn bodies_and_ids_are_those_of_the_reference(
            t in prop::collection::vec(text(), 16),
            version in any::<u64>(),
            present in any::<[bool; 3]>(),
            individual in any::<bool>(),
        ) {
            let e = EndorsementBody {
                format: t[0].clone(),
                kind: t[1].clone(),
                statement: EndorsedStatement { id: t[2].clone(), version, digest: t[3].clone(), lead_key: t[4].clone() },
                signer: Signer {
                    public_key: t[5].clone(),
                    name: t[6].clone(),
                    kind: if individual { t[6].clone() } else { SignerKind::Organization.as_str().into() },
                    country: t[7].clone(),
                    website: present[0].then(|| t[8].clone()),
                    title: present[1].then(|| t[9].clone()),
                    affiliation: present[2].then(|| t[10].clone()),
                },
                signed_at: t[11].clone(),
            };
            let mut out = Vec::new();
            endorsement::write_body(&e, &mut out);
            prop_assert_eq!(&out, &to_jcs(&e));
            prop_assert_eq!(endorsement::message(&e), signed_message(endorsement::CONTEXT, &e));
            let w = WithdrawalBody {
                format: t[0].clone(),
                kind: t[1].clone(),
                statement: StatementRef { id: t[2].clone(), lead_key: t[4].clone() },
                endorsement: t[12].clone(),
                signer_key: t[13].clone(),
                withdrawn_at: t[14].clone(),
            };
            let mut out = Vec::new();
            withdrawal::write_body(&w, &mut out);
            prop_assert_eq!(&out, &to_jcs(&w));
            prop_assert_eq!(withdrawal::message(&w), signed_message(withdrawal::CONTEXT, &w));
            let mut env = Vec::new();
            crate::canonical::write_envelope(&t[15], &out, &mut env);
            prop_assert_eq!(&env, &to_jcs(&Envelope { signed: w.clone(), signature: t[15].clone() }));

            let header = Header { statement_id: String::new(), lead_key: String::new(), versions: HashMap::new() };
            let ctx = EntryChecks {
                header: &header,
                seed: [0; 32],
                entries: false,
                on_entry: None,
                threads: 1,
                batch: 1,
                prefix: None,
                reserve: 0,
                scratch: None,
                cancel: AtomicBool::new(false),
            };
            for entry in [
                Entry::Endorsement(Envelope { signed: e, signature: t[15].clone() }),
                Entry::Withdrawal(Envelope { signed: w, signature: t[15].clone() }),
            ] {
                let (item, _) = entry_item(&ctx, &entry, 0, &mut Vec::new());
                prop_assert_eq!(item.id, entry.as_ref().id_by_value());
                prop_assert_eq!(entry.id(), entry.as_ref().id_by_value());
            }
        }
    }
}
