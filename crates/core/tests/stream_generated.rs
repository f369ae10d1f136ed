//! Generated bundles: logs with tampering, duplicates, withdrawals (right, wrong, unmatched) and
//! re-endorsements, with or without a previous release. The streaming verifier gives exactly the
//! report of the reference `bundle::verify` on them, for any number of threads and any batch
//! size; the bundle's writers, its summary and the batch verification of its entries agree with
//! the plain ways of computing them.

mod common;

use common::{assert_same, bundle_vectors, read, reference};
use proptest::prelude::*;
use undersigned_core::bundle::{self, Bundle, Entry};
use undersigned_core::canonical::signed_message;
use undersigned_core::endorsement::{self, SignerDetails, SignerKind};
use undersigned_core::statement::{self, NewVersion, StatementVersion, Text};
use undersigned_core::withdrawal::{self, StatementRef, WithdrawalBody};
use undersigned_core::{Code, Envelope, SecretKey, FORMAT};

const COUNTRIES: [&str; 5] = ["KE", "SN", "BR", "FR", "JO"];

fn version(id: &str, n: u64, lead: &SecretKey) -> StatementVersion {
    statement::open(
        NewVersion {
            statement_id: id,
            version: n,
            texts: vec![Text {
                language: "en".into(),
                title: format!("Statement v{n}"),
                body: format!("Text of version {n}."),
            }],
            lead_name: "Coalition for Streaming Tests",
            opened_at: format!("2026-0{n}-01T09:00:00Z"),
            closes_on: None,
        },
        lead,
    )
    .expect("a valid version")
}

#[derive(Clone, Debug)]
enum Op {
    /// An endorsement by key `key` of version `version` (2: a version the bundle does not carry).
    Endorse { key: usize, version: usize, individual: bool },
    /// A withdrawal of entry `target` (modulo the entries so far), signed by the endorser or by
    /// key `wrong`.
    Withdraw { target: usize, wrong: Option<usize> },
    /// A withdrawal of something that is not an earlier endorsement.
    WithdrawOther { how: u8 },
    /// A copy of entry `of`.
    Duplicate { of: usize },
    /// A change to entry `of` after it was signed.
    Tamper { of: usize, how: u8 },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        5 => (0usize..5, 0usize..3, any::<bool>()).prop_map(|(key, version, individual)| Op::Endorse { key, version, individual }),
        3 => (any::<usize>(), prop::option::weighted(0.2, 0usize..5)).prop_map(|(target, wrong)| Op::Withdraw { target, wrong }),
        1 => (0u8..4).prop_map(|how| Op::WithdrawOther { how }),
        1 => any::<usize>().prop_map(|of| Op::Duplicate { of }),
        2 => (any::<usize>(), 0u8..10).prop_map(|(of, how)| Op::Tamper { of, how }),
    ]
}

struct World {
    lead: SecretKey,
    id: String,
    versions: Vec<StatementVersion>,
    keys: Vec<SecretKey>,
}

impl World {
    fn new(seed: u8, two_versions: bool) -> World {
        let lead = SecretKey::from_seed(&[seed; 32]);
        let id = hex::encode([seed ^ 0x5a; 16]);
        let mut versions = vec![version(&id, 1, &lead)];
        if two_versions {
            versions.push(version(&id, 2, &lead));
        }
        let keys = (0..5u8).map(|k| SecretKey::from_seed(&[k.wrapping_add(100).wrapping_add(seed); 32])).collect();
        World { lead, id, versions, keys }
    }

    fn endorse(&self, key: usize, version: usize, individual: bool, n: usize) -> Entry {
        let other;
        let v = match self.versions.get(version) {
            Some(v) => v,
            None => {
                other = version_for(&self.id, 3, &self.lead);
                &other
            }
        };
        let details = SignerDetails {
            name: format!("Signatory {key}"),
            kind: if individual { SignerKind::Individual } else { SignerKind::Organization },
            country: COUNTRIES[(key + n) % COUNTRIES.len()].into(),
            website: (!individual).then(|| format!("https://s{key}.example")),
            title: individual.then(|| "Researcher".to_string()),
            affiliation: None,
        };
        let e = endorsement::sign(&v.signed, &details, &self.keys[key], format!("2026-07-{:02}T10:00:00Z", 1 + n % 28))
            .expect("a valid endorsement");
        Entry::Endorsement(e)
    }

    fn withdraw(
        &self,
        target_id: String,
        signer_key: String,
        lead_key: String,
        statement_id: String,
        by: &SecretKey,
    ) -> Entry {
        let body = WithdrawalBody {
            format: FORMAT.into(),
            kind: withdrawal::TYPE.into(),
            statement: StatementRef { id: statement_id, lead_key },
            endorsement: target_id,
            signer_key,
            withdrawn_at: "2026-08-01T08:00:00Z".into(),
        };
        let signature = hex::encode(by.sign(&signed_message(withdrawal::CONTEXT, &body)));
        Entry::Withdrawal(Envelope { signed: body, signature })
    }
}

fn version_for(id: &str, n: u64, lead: &SecretKey) -> StatementVersion {
    version(id, n, lead)
}

fn build_entries(w: &World, ops: &[Op]) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    let lead_key = w.lead.public_key().to_hex();
    for (n, op) in ops.iter().enumerate() {
        match op {
            Op::Endorse { key, version, individual } => entries.push(w.endorse(*key, *version, *individual, n)),
            Op::Withdraw { target, wrong } => {
                if entries.is_empty() {
                    continue;
                }
                let t = *target % entries.len();
                let Entry::Endorsement(e) = &entries[t] else { continue };
                let Some(k) = w.keys.iter().position(|k| k.public_key().to_hex() == e.signed.signer.public_key) else {
                    continue;
                };
                let by = &w.keys[wrong.unwrap_or(k)];
                let id = hex::encode(e.id());
                entries.push(w.withdraw(id, by.public_key().to_hex(), lead_key.clone(), w.id.clone(), by));
            }
            Op::WithdrawOther { how } => {
                let by = &w.keys[0];
                let target = match (how, entries.last()) {
                    (0, Some(e)) => hex::encode(e.id()), // the previous entry, maybe a withdrawal
                    (1, _) => hex::encode([7u8; 32]),    // nothing
                    (2, _) => "not hex".to_string(),     // not an id
                    _ => hex::encode(w.endorse(0, 0, false, 999).id()), // an endorsement that comes later, or never
                };
                entries.push(w.withdraw(target, by.public_key().to_hex(), lead_key.clone(), w.id.clone(), by));
                if *how == 3 {
                    entries.push(w.endorse(0, 0, false, 999));
                }
            }
            Op::Duplicate { of } => {
                if !entries.is_empty() {
                    let e = entries[*of % entries.len()].clone();
                    entries.push(e);
                }
            }
            Op::Tamper { of, how } => {
                if entries.is_empty() {
                    continue;
                }
                let i = *of % entries.len();
                tamper(&mut entries[i], *how);
            }
        }
    }
    entries
}

fn tamper(e: &mut Entry, how: u8) {
    let small_order = "0100000000000000000000000000000000000000000000000000000000000000".to_string();
    match e {
        Entry::Endorsement(x) => {
            let s = &mut x.signed;
            match how {
                0 => s.signer.name.push('x'),
                1 => s.signer.public_key = s.signer.public_key.to_uppercase(),
                2 => x.signature = "00".into(),
                3 => s.statement.id = "00".repeat(16),
                4 => s.signer.country = "XX".into(),
                5 => {
                    let mut b = hex::decode(&x.signature).unwrap_or_default();
                    if let Some(v) = b.get_mut(40) {
                        *v ^= 1;
                    }
                    x.signature = hex::encode(b);
                }
                6 => s.signer.public_key = small_order,
                7 => s.signed_at = "yesterday".into(),
                8 => s.signer.name = "Re\u{301}seau".into(),
                _ => s.statement.lead_key = "zz".into(),
            }
        }
        Entry::Withdrawal(x) => {
            let s = &mut x.signed;
            match how {
                0 => s.withdrawn_at = "2026-08-01T08:00:01Z".into(),
                1 => s.signer_key = s.signer_key.to_uppercase(),
                2 => x.signature = "00".into(),
                3 => s.statement.id = "00".repeat(16),
                4 => s.endorsement = "zz".into(),
                5 => {
                    let mut b = hex::decode(&x.signature).unwrap_or_default();
                    if let Some(v) = b.get_mut(40) {
                        *v ^= 1;
                    }
                    x.signature = hex::encode(b);
                }
                6 => s.signer_key = small_order,
                7 => s.endorsement = s.endorsement.to_uppercase(),
                8 => s.statement.lead_key = s.statement.lead_key.to_uppercase(),
                // A nested format: the whole bundle is unsupported-format (§10.2).
                _ => s.format = "undersigned/2".into(),
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn generated_bundles_give_the_reference_report(
        seed in any::<u8>(),
        two_versions in any::<bool>(),
        ops in prop::collection::vec(op(), 0..24),
        prefix in any::<prop::sample::Index>(),
        previous in any::<bool>(),
        tamper_previous in prop::option::weighted(0.25, (any::<usize>(), 0u8..10)),
        release_change in 0u8..6,
    ) {
        let w = World::new(seed, two_versions);
        let entries = build_entries(&w, &ops);
        let issued = "2026-09-01T12:00:00Z".to_string();
        let (bytes, prev_bytes) = if previous {
            let k = prefix.index(entries.len() + 1);
            let mut r1 = bundle::assemble(w.versions.clone(), entries[..k].to_vec(), None, "2026-08-15T12:00:00Z".into(), &w.lead);
            let r2 = bundle::assemble(w.versions.clone(), entries.clone(), Some(&r1.release), issued, &w.lead);
            if let Some((of, how)) = tamper_previous {
                if !r1.entries.is_empty() {
                    let i = of % r1.entries.len();
                    tamper(&mut r1.entries[i], how);
                }
            }
            (r2.to_json(), Some(r1.to_json()))
        } else {
            let mut b = bundle::assemble(w.versions.clone(), entries, None, issued, &w.lead);
            let r = &mut b.release.signed;
            match release_change {
                0 => r.counts.withdrawn += 1,
                1 => r.log.size += 1,
                2 => r.versions.reverse(),
                3 => b.statement_versions.reverse(),
                _ => {}
            }
            (b.to_json(), None)
        };
        assert_same(&bytes, prev_bytes.as_deref(), &format!("ops {ops:?}"));
    }
}

/// Many entries, keys reused across many endorsements and withdrawals, several batches.
#[test]
fn a_long_log_with_reused_keys() {
    let w = World::new(9, true);
    let mut ops = Vec::new();
    for i in 0..400usize {
        ops.push(match i % 7 {
            0..=2 => Op::Endorse { key: i % 5, version: i % 2, individual: i % 3 == 0 },
            3 => Op::Withdraw { target: i * 31, wrong: None },
            4 => Op::Withdraw { target: i * 17, wrong: (i % 4 == 0).then_some(i % 5) },
            5 => Op::Duplicate { of: i * 13 },
            // Every tamper but the nested format, which would make the bundle unreadable.
            _ => Op::Tamper { of: i * 29, how: (i % 9) as u8 },
        });
    }
    let entries = build_entries(&w, &ops);
    let b = bundle::assemble(w.versions.clone(), entries, None, "2026-09-01T12:00:00Z".into(), &w.lead);
    let bytes = b.to_json();
    let r = reference(&bytes, None, &[1; 32]).expect("parses");
    assert!(r.errors.iter().any(|e| e.code == Code::DuplicateSigner));
    assert!(r.errors.iter().any(|e| e.code == Code::WithdrawalDuplicate));
    assert!(r.errors.iter().any(|e| e.code == Code::DuplicateEntry));
    assert!(r.withdrawn > 0 && r.signatories > 0);
    assert_same(&bytes, None, "a long log");
}

/// A release's counts and tree, computed on every core for a long log, are those of a plain
/// pass over the entries: the ids in order, and the withdrawn endorsements by their hex ids.
#[test]
fn a_long_log_is_summarized_on_every_core_as_in_one_pass() {
    let w = World::new(11, true);
    let ops: Vec<Op> = (0..60usize)
        .map(|i| match i % 3 {
            0 | 1 => Op::Endorse { key: i % 5, version: i % 2, individual: i % 4 == 0 },
            _ => Op::Withdraw { target: i * 7, wrong: None },
        })
        .collect();
    let base = build_entries(&w, &ops);
    // Enough entries for several threads; copies of the endorsements differ by their name (their
    // signatures no longer verify, which the ids and counts do not look at).
    let mut entries = Vec::new();
    for copy in 0..300 {
        for e in &base {
            let mut e = e.clone();
            if let (Entry::Endorsement(x), true) = (&mut e, copy > 0) {
                x.signed.signer.name = format!("{} (copy {copy})", x.signed.signer.name);
            }
            entries.push(e);
        }
    }
    assert!(entries.len() > 3 * 4096);
    let ids: Vec<[u8; 32]> = entries.iter().map(Entry::id).collect();
    assert_eq!(bundle::entry_ids(&entries), ids);
    let targets: std::collections::HashSet<&str> = entries
        .iter()
        .filter_map(|e| match e {
            Entry::Withdrawal(x) => Some(x.signed.endorsement.as_str()),
            Entry::Endorsement(_) => None,
        })
        .collect();
    let endorsements = entries.iter().filter(|e| matches!(e, Entry::Endorsement(_))).count() as u64;
    let withdrawn = entries
        .iter()
        .zip(&ids)
        .filter(|(e, id)| matches!(e, Entry::Endorsement(_)) && targets.contains(hex::encode(id).as_str()))
        .count() as u64;
    assert!(withdrawn > 0);
    let (counts, log) = bundle::summarize(&entries);
    assert_eq!(counts.endorsements, endorsements);
    assert_eq!(counts.withdrawals, entries.len() as u64 - endorsements);
    assert_eq!(counts.withdrawn, withdrawn);
    assert_eq!(counts.signatories, endorsements - withdrawn);
    assert_eq!(log.size, entries.len() as u64);
    assert_eq!(log.root, hex::encode(undersigned_core::merkle::root(&ids)));
}

/// `Bundle::write_json` and `Bundle::json_reader` give the bytes of `Bundle::to_json`.
#[test]
fn bundles_are_written_entry_by_entry_as_a_whole() {
    let mut bundles: Vec<Bundle> = bundle_vectors().iter().filter_map(|(f, _)| Bundle::parse(&read(f)).ok()).collect();
    let w = World::new(3, true);
    bundles.push(bundle::assemble(w.versions.clone(), Vec::new(), None, "2026-09-01T12:00:00Z".into(), &w.lead));
    let ops: Vec<Op> = (0..5).map(|k| Op::Endorse { key: k, version: k % 2, individual: k % 2 == 0 }).collect();
    bundles.push(bundle::assemble(
        w.versions.clone(),
        build_entries(&w, &ops),
        None,
        "2026-09-01T12:00:00Z".into(),
        &w.lead,
    ));
    for b in &bundles {
        let mut written = Vec::new();
        b.write_json(&mut written).unwrap();
        assert_eq!(written, b.to_json());
        let mut read_back = Vec::new();
        std::io::Read::read_to_end(&mut b.json_reader(), &mut read_back).unwrap();
        assert_eq!(read_back, b.to_json());
    }
}

/// `JsonReader::entries_read` counts the entries whose bytes were all read: none before the
/// list, each once its last byte is out, all of them at the end.
#[test]
fn the_json_reader_counts_entries_read_whole() {
    let w = World::new(4, false);
    let ops: Vec<Op> = (0..3).map(|k| Op::Endorse { key: k, version: 0, individual: false }).collect();
    let b = bundle::assemble(w.versions.clone(), build_entries(&w, &ops), None, "2026-09-01T12:00:00Z".into(), &w.lead);
    let bytes = b.to_json();
    // Where each entry's bytes end: just before the `,` that follows it, or the list's end.
    let text = String::from_utf8(bytes.clone()).unwrap();
    let list = text.find("\"entries\": [").unwrap();
    let mut ends: Vec<usize> = text[list..].match_indices("\n    }").map(|(i, _)| list + i + "\n    }".len()).collect();
    ends.sort_unstable();
    assert_eq!(ends.len(), 3);
    let mut r = b.json_reader();
    let (mut at, mut byte) = (0usize, [0u8; 1]);
    assert_eq!(r.entries_read(), 0);
    while std::io::Read::read(&mut r, &mut byte).unwrap() == 1 {
        at += 1;
        let whole = ends.iter().filter(|&&e| e <= at).count();
        assert_eq!(r.entries_read(), whole, "at byte {at}");
    }
    assert_eq!(at, bytes.len());
    assert_eq!(r.entries_read(), 3);
}

/// `check::verify_entries` gives, entry by entry, what `endorsement::verify` and
/// `withdrawal::verify` give.
#[test]
fn entries_verified_together_fail_as_alone() {
    let w = World::new(5, true);
    let mut ops = Vec::new();
    for i in 0..120usize {
        ops.push(match i % 4 {
            0 | 1 => Op::Endorse { key: i % 5, version: i % 3, individual: i % 2 == 0 },
            2 => Op::Withdraw { target: i * 7, wrong: (i % 3 == 0).then_some(i % 5) },
            _ => Op::Tamper { of: i * 11, how: (i % 10) as u8 },
        });
    }
    let entries = build_entries(&w, &ops);
    let refs: Vec<_> = entries.iter().map(Entry::as_ref).collect();
    let together = undersigned_core::check::verify_entries(&refs, &[9; 32]);
    let alone: Vec<_> = entries
        .iter()
        .map(|e| match e {
            Entry::Endorsement(e) => endorsement::verify(e),
            Entry::Withdrawal(w) => withdrawal::verify(w),
        })
        .collect();
    assert!(alone.iter().any(|f| f.is_empty()) && alone.iter().any(|f| !f.is_empty()));
    assert_eq!(together, alone);
}
