//! Any bytes as a witness's add-checkpoint request (FORMAT.md §14.13, C2SP tlog-witness), from
//! nothing co-signed and from a co-signed checkpoint of size 3: never a panic, never a
//! cosignature of a checkpoint the lead key did not sign, and any equivocation proof it makes
//! verifies.
#![no_main]
use libfuzzer_sys::fuzz_target;
use undersigned_core::ed25519::SecretKey;
use undersigned_core::merkle::{leaf_hash, root};
use undersigned_core::{checkpoint, witness};

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else { return };
    let Ok(req) = witness::parse_request(body) else { return };
    let lead = SecretKey::from_seed(&[1; 32]);
    let origin = checkpoint::origin(&lead.public_key().to_hex(), "9f1c0e6a4b2d8e7f0a1b2c3d4e5f6071");
    let leaves: Vec<[u8; 32]> = (0..3u8).map(|i| leaf_hash(&[i])).collect();
    let note = checkpoint::lead_note(&origin, 3, &root(&leaves), &lead);
    let latest = witness::Latest { size: 3, root: root(&leaves), note };
    let me = SecretKey::from_seed(&[9; 32]);
    for last in [None, Some(&latest)] {
        match witness::add_checkpoint(&req, last, "w.example/w", &me, 1) {
            Ok(c) => assert!(c.note.starts_with(req.note) && c.lines.ends_with('\n')),
            Err(witness::Refusal::Inconsistent { proof: Some(p), .. }) => assert!(p.verify().is_empty()),
            Err(_) => {}
        }
    }
});
