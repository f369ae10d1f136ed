//! Any bytes as a bundle of format 1 or 1.1 (and as its own previous release): never a panic;
//! the verdict is the same whatever the batch seed.
#![no_main]
use libfuzzer_sys::fuzz_target;
use undersigned_core::check::{check, Kind};

fuzz_target!(|data: &[u8]| {
    let a = check(Kind::Bundle, data, Some(data), &[0; 32]);
    let b = check(Kind::Bundle, data, None, &[7; 32]);
    if let (Some(ra), Some(rb)) = (&a.report, &b.report) {
        assert_eq!(ra.signatories, rb.signatories);
    }
    let c = check(Kind::Bundle, data, None, &[0; 32]);
    assert_eq!(b.valid, c.valid);
    assert_eq!(b.codes, c.codes);
});
