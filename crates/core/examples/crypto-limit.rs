//! The crypto limit of bundle verification on this machine, for `make bench` (bench/run.sh):
//! the time that plain key decoding plus ed25519-dalek's `verify_batch` takes for the same
//! signatures as a bundle's entries, on every core.
//!
//! Usage: `crypto-limit BUNDLE [--threads T] [--batch B] [--runs R] [--only dalek|strict]`. Prints one JSON object:
//! `n`, `threads`, `batch`, `dalek_seconds` (the best of R runs: the limit), `strict_seconds`
//! (the same with this project's strict, cofactored `ed25519::verify_batch`, for comparison) and
//! every run, and the CPU seconds (user + system) of the best runs.
//!
//! The messages (context, 0x00, canonical body) are computed before the clock starts: the limit
//! is the cryptography alone. Each thread takes chunks of B signatures (by default the verifier's
//! own batch size, `verify::default_batch`), decodes their keys
//! (`VerifyingKey::from_bytes`) and verifies the chunk with one `verify_batch` call.

// A benchmark, not core: it reads the clock to time the cryptography (crates/core/clippy.toml).
#![allow(clippy::disallowed_methods)]

use ed25519_dalek::{Signature, VerifyingKey};
use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::Deserializer;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;
use undersigned_core::bundle::Entry;
use undersigned_core::canonical::{hex_array, signed_message};
use undersigned_core::{ed25519, endorsement, withdrawal};

struct Sig {
    key: [u8; 32],
    sig: [u8; 64],
    msg: Vec<u8>,
}

/// Reads the bundle's entries one by one, keeping only what the signature checks need.
struct BundleSignatures<'a>(&'a mut Vec<Sig>);

impl<'de> Visitor<'de> for BundleSignatures<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a bundle")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(k) = map.next_key::<String>()? {
            if k == "entries" {
                map.next_value_seed(Entries(&mut *self.0))?;
            } else {
                map.next_value::<serde::de::IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

struct Entries<'a>(&'a mut Vec<Sig>);

impl<'de> DeserializeSeed<'de> for Entries<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Entries<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("entries")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(e) = seq.next_element::<Entry>()? {
            let (key, sig, msg) = match &e {
                Entry::Endorsement(x) => {
                    (&x.signed.signer.public_key, &x.signature, signed_message(endorsement::CONTEXT, &x.signed))
                }
                Entry::Withdrawal(x) => {
                    (&x.signed.signer_key, &x.signature, signed_message(withdrawal::CONTEXT, &x.signed))
                }
            };
            let (Some(key), Some(sig)) = (hex_array::<32>(key), hex_array::<64>(sig)) else {
                return Err(serde::de::Error::custom("an entry's key or signature is not hex"));
            };
            self.0.push(Sig { key, sig, msg });
        }
        Ok(())
    }
}

/// CPU seconds used by this process so far (user + system, from /proc/self/stat).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses): state is field 3, utime 14, stime 15.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

fn run(sigs: &[Sig], threads: usize, batch: usize, strict: bool) -> (f64, f64) {
    let next = AtomicUsize::new(0);
    let cpu = cpu_seconds();
    let start = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(batch, Ordering::Relaxed);
                if i >= sigs.len() {
                    return;
                }
                let chunk = &sigs[i..(i + batch).min(sigs.len())];
                if strict {
                    let items: Vec<ed25519::SignatureCheck<'_>> = chunk
                        .iter()
                        .map(|x| ed25519::SignatureCheck { key: &x.key, sig: &x.sig, msg: &x.msg })
                        .collect();
                    let ok = ed25519::verify_batch(&items, &[7; 32]).iter().all(|r| r.is_ok());
                    assert!(ok, "every signature of the bundle verifies");
                } else {
                    let keys: Vec<VerifyingKey> =
                        chunk.iter().map(|x| VerifyingKey::from_bytes(&x.key).expect("a valid key")).collect();
                    let signatures: Vec<Signature> = chunk.iter().map(|x| Signature::from_bytes(&x.sig)).collect();
                    let msgs: Vec<&[u8]> = chunk.iter().map(|x| x.msg.as_slice()).collect();
                    ed25519_dalek::verify_batch(&msgs, &signatures, &keys)
                        .expect("every signature of the bundle verifies");
                }
            });
        }
    });
    (start.elapsed().as_secs_f64(), cpu_seconds() - cpu)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut path = None;
    let mut threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut batch = 0;
    let mut runs = 3;
    let mut only: Option<String> = None;
    while let Some(a) = args.next() {
        let mut num = |what: &str| -> usize {
            args.next().and_then(|v| v.parse().ok()).unwrap_or_else(|| panic!("{what} needs a number"))
        };
        match a.as_str() {
            "--threads" => threads = num("--threads"),
            "--batch" => batch = num("--batch"),
            "--runs" => runs = num("--runs"),
            "--only" => only = args.next(),
            _ => path = Some(a),
        }
    }
    let path = path.expect("usage: crypto-limit BUNDLE [--threads T] [--batch B] [--runs R]");
    let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("cannot open {path}: {e}"));
    let mut sigs = Vec::new();
    let mut de = serde_json::Deserializer::from_reader(std::io::BufReader::with_capacity(1 << 20, file));
    de.deserialize_map(BundleSignatures(&mut sigs)).expect("a bundle");
    // The verifier's own batch size by default: 2,048, or a share per core for a small bundle.
    if batch == 0 {
        batch = undersigned_core::verify::default_batch(sigs.len() as u64, threads);
    }

    let runs_of = |strict: bool| -> Vec<(f64, f64)> {
        let skip = only.as_deref().is_some_and(|o| o != if strict { "strict" } else { "dalek" });
        (0..if skip { 0 } else { runs }).map(|_| run(&sigs, threads, batch, strict)).collect()
    };
    let dalek_all = runs_of(false);
    let strict_all = runs_of(true);
    let dalek: Vec<f64> = dalek_all.iter().map(|r| r.0).collect();
    let strict: Vec<f64> = strict_all.iter().map(|r| r.0).collect();
    let best = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
    let dalek_cpu: Vec<f64> = dalek_all.iter().map(|r| r.1).collect();
    let strict_cpu: Vec<f64> = strict_all.iter().map(|r| r.1).collect();
    println!(
        "{}",
        serde_json::json!({
            "n": sigs.len(),
            "threads": threads,
            "batch": batch,
            "dalek_seconds": best(&dalek),
            "strict_seconds": best(&strict),
            "dalek_runs": dalek,
            "strict_runs": strict,
            "dalek_cpu_seconds": best(&dalek_cpu),
            "strict_cpu_seconds": best(&strict_cpu),
        })
    );
}
