//! Canonical JSON: for any JSON value, JCS is a fixed point (parsing its output and encoding
//! again gives the same bytes) and is valid JSON.
#![no_main]
use libfuzzer_sys::fuzz_target;
use undersigned_core::canonical::value_to_jcs;

fuzz_target!(|data: &[u8]| {
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(data) {
        if v.to_string().contains('.') || v.to_string().contains('e') || v.to_string().contains('E') {
            // Floats are outside the format (FORMAT.md §1).
            return;
        }
        let once = value_to_jcs(&v);
        let back: serde_json::Value = serde_json::from_slice(&once).expect("JCS output is JSON");
        assert_eq!(value_to_jcs(&back), once);
    }
});
