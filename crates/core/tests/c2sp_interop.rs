//! Our C2SP notes, checkpoints, cosignatures and consistency proofs (FORMAT.md §14.8, §14.13)
//! against independent implementations, both ways: Cloudflare's `signed_note` (a port of Go's
//! golang.org/x/mod/sumdb/note) and `tlog_tiles` (a port of Go's golang.org/x/mod/sumdb/tlog).
//! `signed_note` knows only Ed25519 note signatures; a cosignature/v1 verifier and signer are
//! written here against its `Verifier` and `Signer` traits from `tlog-cosignature.md` alone, so
//! that its note reading and key ids are checked on our witnesses' lines too.

use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};
use signed_note::{Note, StandardSigner, StandardVerifier, Verifier, VerifierList};
use tlog_tiles::{check_tree, prove_tree, record_hash, stored_hashes, tree_hash, Checkpoint, Hash, HashReader};
use undersigned_core::ed25519::SecretKey;
use undersigned_core::{base64, checkpoint, consistency, merkle, note};

fn seed(label: &str) -> [u8; 32] {
    Sha256::digest(label.as_bytes()).into()
}

const STATEMENT: &str = "9f1c0e6a4b2d8e7f0a1b2c3d4e5f6071";

struct Lead {
    key: SecretKey,
    origin: String,
}

fn lead() -> Lead {
    let key = SecretKey::from_seed(&seed("undersigned example lead"));
    let origin = checkpoint::origin(&hex::encode(key.public_key().0), STATEMENT);
    Lead { key, origin }
}

/// A cosignature/v1 key (`tlog-cosignature.md`): type 0x04, signs `cosignature/v1\ntime T\n` and
/// the note's text, its signature the timestamp (8 bytes, big-endian) and the Ed25519 signature.
struct Cosigner {
    name: String,
    key: VerifyingKey,
    signing: Option<SigningKey>,
    timestamp: u64,
}

impl Cosigner {
    fn id(&self) -> u32 {
        let mut encoded = vec![0x04];
        encoded.extend_from_slice(self.key.as_bytes());
        signed_note::key_id(&self.name, &encoded)
    }
}

impl Verifier for Cosigner {
    fn name(&self) -> &str {
        &self.name
    }
    fn key_id(&self) -> u32 {
        self.id()
    }
    fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        let Some((time, sig)) = sig.split_first_chunk::<8>() else { return false };
        let Ok(sig) = ed25519_dalek::Signature::from_slice(sig) else { return false };
        let mut signed = format!("cosignature/v1\ntime {}\n", u64::from_be_bytes(*time)).into_bytes();
        signed.extend_from_slice(msg);
        self.key.verify_strict(&signed, &sig).is_ok()
    }
}

impl signed_note::Signer for Cosigner {
    fn name(&self) -> &str {
        &self.name
    }
    fn key_id(&self) -> u32 {
        self.id()
    }
    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, ed25519_dalek::SignatureError> {
        let signing = self.signing.as_ref().ok_or_else(ed25519_dalek::SignatureError::new)?;
        let mut signed = format!("cosignature/v1\ntime {}\n", self.timestamp).into_bytes();
        signed.extend_from_slice(msg);
        let mut out = self.timestamp.to_be_bytes().to_vec();
        out.extend_from_slice(&signing.sign(&signed).to_bytes());
        Ok(out)
    }
}

fn witness() -> (SecretKey, Cosigner) {
    let secret = SecretKey::from_seed(&seed("undersigned example witness"));
    let signing = SigningKey::from_bytes(&seed("undersigned example witness"));
    let cosigner = Cosigner {
        name: "witness.example/w1".into(),
        key: signing.verifying_key(),
        signing: Some(signing),
        timestamp: 1_796_371_200,
    };
    (secret, cosigner)
}

#[test]
fn our_checkpoint_notes_verify_under_signed_note_and_tlog_tiles() {
    let Lead { key, origin } = lead();
    let (w_secret, cosigner) = witness();
    let root = seed("undersigned example root");
    let text = checkpoint::text(&origin, 412, &root);
    let ours = format!(
        "{text}\n{}{}",
        checkpoint::lead_line(&origin, &text, &key),
        checkpoint::cosignature_line(&cosigner.name, &text, cosigner.timestamp, &w_secret)
    );

    // tlog_tiles reads the text as the checkpoint it is.
    let cp = Checkpoint::from_bytes(text.as_bytes()).expect("tlog_tiles reads our checkpoint text");
    assert_eq!((cp.origin(), cp.size(), cp.hash().0, cp.extension()), (origin.as_str(), 412, root, ""));
    assert_eq!(Checkpoint::new(&origin, 412, Hash(root), "").unwrap().to_bytes(), text.as_bytes());

    // signed_note verifies the lead's line under our vkey, and the witness's with the
    // cosignature/v1 verifier; the key ids agree.
    let vkey = note::vkey(&origin, &key.public_key().0);
    let lead_verifier = StandardVerifier::new(&vkey).expect("signed_note reads our vkey");
    assert_eq!(lead_verifier.key_id().to_be_bytes(), note::key_id(&origin, note::TYPE_ED25519, &key.public_key().0));
    assert_eq!(
        cosigner.id().to_be_bytes(),
        note::key_id(&cosigner.name, note::TYPE_COSIGNATURE_V1, cosigner.key.as_bytes())
    );
    let parsed = Note::from_bytes(ours.as_bytes()).expect("signed_note reads our note");
    assert_eq!(parsed.text(), text.as_bytes());
    let cosigner_verifier = Cosigner { name: cosigner.name.clone(), key: cosigner.key, signing: None, timestamp: 0 };
    let known = VerifierList::new(vec![Box::new(lead_verifier), Box::new(cosigner_verifier)]);
    let (verified, unverified) = parsed.verify(&known).expect("signed_note verifies our note");
    assert_eq!((verified.len(), unverified.len()), (2, 0));

    // A changed root: signed_note rejects it too.
    let forged = ours.replacen(&base64::encode(&root), &base64::encode(&[0; 32]), 1);
    assert!(Note::from_bytes(forged.as_bytes()).expect("a note").verify(&known).is_err());
}

#[test]
fn notes_signed_by_signed_note_verify_under_ours() {
    let Lead { key, origin } = lead();
    let (_, cosigner) = witness();
    let root = seed("another root");
    let text = checkpoint::text(&origin, 7, &root);
    // signed_note's signer key for the lead: PRIVATE+KEY+name+id+base64(0x01 ‖ seed).
    let lead_seed = seed("undersigned example lead");
    let mut private = vec![0x01];
    private.extend_from_slice(&lead_seed);
    let id = note::key_id(&origin, note::TYPE_ED25519, &key.public_key().0);
    let skey = format!("PRIVATE+KEY+{origin}+{}+{}", hex::encode(id), base64::encode(&private));
    let signer = StandardSigner::new(&skey).expect("signed_note reads the signer key");
    let mut theirs = Note::new(text.as_bytes(), &[]).expect("a note");
    theirs.add_sigs(&[&signer, &cosigner]).expect("signed_note signs");
    let bytes = String::from_utf8(theirs.to_bytes()).expect("UTF-8");

    let parsed = note::parse(&bytes).expect("we read signed_note's note");
    assert_eq!(parsed.text, text);
    assert!(checkpoint::lead_signed(&parsed, &origin, &key.public_key().0));
    let witnesses = [checkpoint::Witness { key_name: cosigner.name.clone(), public_key: *cosigner.key.as_bytes() }];
    let checked = checkpoint::check(&bytes, &text, &origin, &key.public_key().0, &witnesses, 1);
    assert_eq!((checked.faults, checked.cosigned, checked.unknown), (vec![], vec![0], 0));
}

/// tlog_tiles' stored hashes (every node of the tree, in its storage order), kept in memory.
struct Storage(Vec<Hash>);

impl HashReader for Storage {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, tlog_tiles::Error> {
        indexes
            .iter()
            .map(|&i| {
                self.0.get(i as usize).copied().ok_or_else(|| tlog_tiles::Error::InvalidInput(format!("no hash {i}")))
            })
            .collect()
    }
}

#[test]
fn consistency_proofs_agree_with_tlog_tiles_both_ways() {
    let leaves: Vec<Vec<u8>> = (0..40).map(|i| format!("entry {i}").into_bytes()).collect();
    let hashes: Vec<[u8; 32]> = leaves.iter().map(|l| merkle::leaf_hash(l)).collect();
    let mut storage = Storage(Vec::new());
    for (i, l) in leaves.iter().enumerate() {
        assert_eq!(record_hash(l).0, hashes[i], "the leaf hashes are RFC 6962's");
        let new = stored_hashes(i as u64, l, &storage).expect("stored hashes");
        storage.0.extend(new);
    }
    for n in 1..=leaves.len() {
        let root = merkle::root(&hashes[..n]);
        assert_eq!(tree_hash(n as u64, &storage).expect("tree hash").0, root, "the root of {n}");
        for m in 1..n {
            let old = merkle::root(&hashes[..m]);
            // Theirs, checked by ours.
            let theirs: Vec<[u8; 32]> =
                prove_tree(n as u64, m as u64, &storage).expect("tlog_tiles proves").iter().map(|h| h.0).collect();
            assert!(consistency::verify(m as u64, n as u64, &old, &root, &theirs), "their proof {m} → {n}");
            // Ours, checked by theirs.
            let ours: Vec<Hash> =
                consistency::prove(&hashes[..n], m).expect("we prove").into_iter().map(Hash).collect();
            assert!(check_tree(&ours, n as u64, Hash(root), m as u64, Hash(old)).is_ok(), "our proof {m} → {n}");
            assert_eq!(ours.iter().map(|h| h.0).collect::<Vec<_>>(), theirs, "the same proof {m} → {n}");
        }
    }
}
