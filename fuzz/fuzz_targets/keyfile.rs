//! Any bytes as a key file: parsing never panics; unlocking refuses huge work before doing it.
#![no_main]
use libfuzzer_sys::fuzz_target;
use undersigned_core::keyfile::{KeyFile, MIN_MEMORY_KIB};

fuzz_target!(|data: &[u8]| {
    if let Ok(f) = KeyFile::parse(data) {
        let _ = f.public_key();
        // Only the cheapest parameters are run, to keep the fuzzer fast; the caps are checked
        // for every other value without running the KDF.
        if f.kdf.memory_kib != MIN_MEMORY_KIB || f.kdf.iterations != 1 || f.kdf.parallelism != 1 {
            let mut g = f.clone();
            if g.kdf.memory_kib > undersigned_core::keyfile::MAX_MEMORY_KIB {
                g.ciphertext.clear();
                assert!(g.unlock("x").is_err());
            }
            return;
        }
        let _ = f.unlock("fuzz");
    }
});
