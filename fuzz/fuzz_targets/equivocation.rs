//! Any bytes as an equivocation proof (format 1.1, FORMAT.md §14.13): never a panic, and a
//! verdict with a code when it is not valid.
#![no_main]
use libfuzzer_sys::fuzz_target;
use undersigned_core::check::{check, Kind};

fuzz_target!(|data: &[u8]| {
    let o = check(Kind::EquivocationProof, data, None, &[1; 32]);
    assert!(o.valid || !o.codes.is_empty());
});
