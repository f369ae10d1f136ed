//! Any bytes as a key file: parsing never panics; unlocking refuses out-of-range work before
//! doing any of it.
#![no_main]
use libfuzzer_sys::fuzz_target;
use undersigned_core::keyfile::{KeyError, KeyFile, MAX_ITERATIONS, MAX_MEMORY_KIB, MAX_PARALLELISM, MIN_MEMORY_KIB};

fuzz_target!(|data: &[u8]| {
    if let Ok(f) = KeyFile::parse(data) {
        let _ = f.public_key();
        let k = &f.kdf;
        let in_range = (MIN_MEMORY_KIB..=MAX_MEMORY_KIB).contains(&k.memory_kib)
            && (1..=MAX_ITERATIONS).contains(&k.iterations)
            && (1..=MAX_PARALLELISM).contains(&k.parallelism);
        if !in_range {
            // Refused by the caps, whatever the rest of the file: the KDF never runs.
            assert!(matches!(f.unlock("x"), Err(KeyError::TooMuchWork(_))), "{k:?}");
        } else if k.memory_kib == MIN_MEMORY_KIB && k.iterations == 1 && k.parallelism == 1 {
            // Only the cheapest parameters are run, to keep the fuzzer fast.
            let _ = f.unlock("fuzz");
        }
    }
});
