//! Tampered files, and keys and signatures the strict rule (§3.2) refuses.

use curve25519_dalek::constants::{ED25519_BASEPOINT_POINT, EIGHT_TORSION};
use curve25519_dalek::edwards::CompressedEdwardsY;
use curve25519_dalek::scalar::Scalar;
use rand_chacha::rand_core::RngCore;
use undersigned_core::bundle::Entry;
use undersigned_core::endorsement::{self, SignerKind};
use undersigned_core::statement;
use undersigned_core::withdrawal;
use undersigned_core::{Envelope, Invitation};

use super::fixtures::Fixtures;
use super::gen::Gen;
use super::inputs::*;

impl Gen {
    /// Artefacts changed after signing: a name, a statement's text (with and without its digest).
    pub(super) fn tampered(&mut self, f: &Fixtures) {
        let Fixtures { v1, e_green, r1, .. } = f;
        {
            let mut e = e_green.clone();
            e.signed.signer.name = "Green Rivers Alliance International".into();
            self.vector(
                "endorsement-tampered-name.json",
                "endorsement",
                e.to_json(),
                &["signature-invalid"],
                "The organization endorsement with its name changed after signing.",
            );
        }
        {
            let mut inv = Invitation::new(v1.clone());
            inv.statement.signed.texts[0].body = inv.statement.signed.texts[0].body.replace("guarantee", "consider");
            self.vector(
                "invitation-tampered-text.json",
                "invitation",
                inv.to_json(),
                &["digest-mismatch", "signature-invalid"],
                "Invitation to version 1 with a word of the English text changed (\"guarantee\" → \
                 \"consider\"), its digest left as it was.",
            );
        }
        {
            let mut b = r1.clone();
            if let Entry::Endorsement(e) = &mut b.entries[1] {
                e.signed.signer.name = "Réseau des hommes pour l’eau".into();
            }
            self.vector(
                "bundle-tampered-name.json",
                "bundle",
                b.to_json(),
                &["log-mismatch", "signature-invalid"],
                "Release 1 with the name in entry 1 changed: its signature fails, and its entry id, so \
                 the log root, changes.",
            );
        }
        {
            let mut b = r1.clone();
            let t = &mut b.statement_versions[0].signed.texts[0];
            t.body = t.body.replace("guarantee", "consider");
            self.vector(
                "bundle-tampered-statement-text.json",
                "bundle",
                b.to_json(),
                &["digest-mismatch", "signature-invalid"],
                "Release 1 with a word of the English text of version 1 changed, its digest left as it was.",
            );
            let v = &mut b.statement_versions[0].signed;
            v.digest = hex::encode(statement::digest(&v.statement_id, v.version, &v.texts));
            self.vector(
                "bundle-tampered-statement-text-and-digest.json",
                "bundle",
                b.to_json(),
                &["signature-invalid", "statement-mismatch", "version-invalid"],
                "Release 1 with a word of the English text changed and the digest recomputed: the lead's \
                 signature fails, the release lists another digest, and every endorsement names the \
                 original digest.",
            );
        }
    }

    /// Invalid keys and signatures: small-order and non-canonical keys, s not reduced, a
    /// small-order R, a signature of another kind.
    pub(super) fn keys_and_signatures(&mut self, f: &Fixtures) {
        let Fixtures { k_green, k_other, e_green, .. } = f;
        let small_order_endorsement = {
            // A key of order 8 and a "signature" R = [r]B, s = r: [s]B − R − [k]A = −[k]A, which the
            // cofactor kills. Only the key check (§3.2 (2)) rejects this forgery.
            let a = EIGHT_TORSION[1].compress().0;
            let mut body = e_green.signed.clone();
            body.signer = endorsement::Signer {
                public_key: hex::encode(a),
                name: "Weak Key Foundation".into(),
                kind: SignerKind::Organization.as_str().into(),
                country: "FR".into(),
                website: None,
                title: None,
                affiliation: None,
            };
            body.signed_at = "2026-03-10T09:00:00Z".into();
            let mut wide = [0u8; 64];
            rng("small-order-key/r").fill_bytes(&mut wide);
            let r = Scalar::from_bytes_mod_order_wide(&wide);
            let mut sig = [0u8; 64];
            sig[..32].copy_from_slice(&(r * ED25519_BASEPOINT_POINT).compress().0);
            sig[32..].copy_from_slice(r.as_bytes());
            Envelope { signed: body, signature: hex::encode(sig) }
        };
        self.vector(
            "endorsement-small-order-key.json",
            "endorsement",
            small_order_endorsement.to_json(),
            &["key-invalid"],
            "Endorsement under a public key of order 8, with a signature (R = [r]B, s = r) that satisfies \
             the cofactored equation for any message: rejected by the key check alone.",
        );
        {
            let b = f.r1_over(f.with_r1(vec![Entry::Endorsement(small_order_endorsement.clone())]));
            self.vector(
                "bundle-small-order-signer.json",
                "bundle",
                b.to_json(),
                &["key-invalid"],
                "Release 1 plus entry 5, the small-order-key endorsement, in a release correctly signed \
                 by the lead.",
            );
        }
        {
            // y = p + i for the first i whose point exists and has large order: a non-canonical
            // encoding (y ≥ p) of a valid point.
            let mut found = None;
            for i in 2u8..=18 {
                let mut y = [0xffu8; 32];
                y[31] = 0x7f;
                y[0] = 0xed + i; // p = 2^255 − 19 = 0x7fff…ffed; p + i for i ≤ 18 fits in one byte
                if let Some(p) = CompressedEdwardsY(y).decompress() {
                    if !p.is_small_order() && p.compress().0 != y {
                        found = Some(y);
                        break;
                    }
                }
            }
            let y = found.expect("a non-canonical encoding of a large-order point");
            let mut body = e_green.signed.clone();
            body.signer.public_key = hex::encode(y);
            // The signature is well formed (R canonical of large order, s < L) but made by another
            // key: nobody knows the discrete logarithm of this point.
            let e = sign_endorsement_body(body, k_other);
            self.vector(
                "endorsement-non-canonical-key.json",
                "endorsement",
                e.to_json(),
                &["key-invalid"],
                "Endorsement whose public key encodes y ≥ p (a non-canonical encoding of a point of large \
                 order).",
            );
        }
        {
            // s + L: the same scalar mod L, not reduced.
            let mut sig: [u8; 64] = hex::decode(&e_green.signature).expect("hex").try_into().expect("64 bytes");
            let l: [u8; 32] = hex::decode("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010")
                .expect("hex")
                .try_into()
                .expect("32 bytes");
            let mut carry = 0u16;
            for i in 0..32 {
                let v = sig[32 + i] as u16 + l[i] as u16 + carry;
                sig[32 + i] = v as u8;
                carry = v >> 8;
            }
            assert_eq!(carry, 0);
            let mut e = e_green.clone();
            e.signature = hex::encode(sig);
            self.vector(
                "endorsement-s-not-reduced.json",
                "endorsement",
                e.to_json(),
                &["signature-invalid"],
                "The organization endorsement with s replaced by s + L (same value mod L, s ≥ L).",
            );
        }
        {
            let mut sig = hex::decode(&e_green.signature).expect("hex");
            sig[..32].copy_from_slice(&EIGHT_TORSION[3].compress().0);
            let mut e = e_green.clone();
            e.signature = hex::encode(sig);
            self.vector(
                "endorsement-small-order-r.json",
                "endorsement",
                e.to_json(),
                &["signature-invalid"],
                "The organization endorsement with R replaced by a point of order 8.",
            );
        }
        {
            let mut w = withdrawal::sign(e_green, k_green, "2026-06-15T08:00:00Z".into()).expect("own endorsement");
            w.signature = e_green.signature.clone();
            self.vector(
                "withdrawal-replayed-endorsement-signature.json",
                "withdrawal",
                w.to_json(),
                &["signature-invalid"],
                "A withdrawal of the organization endorsement carrying the endorsement's own signature: \
                 a signature of one kind never verifies as another.",
            );
        }
    }
}
