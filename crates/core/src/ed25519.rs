//! Ed25519 under the strict, cofactored rule of FORMAT.md §3.2, single and batched.
//!
//! ed25519-dalek signs (RFC 8032). Verification is written here on curve25519-dalek because
//! dalek's `verify`/`verify_batch` are cofactorless and accept small-order keys, and its
//! `verify_strict` has no batch form that agrees with it.

use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::{IsIdentity, VartimeMultiscalarMul};
use ed25519_dalek::Signer as _;
use rand_core::{CryptoRng, RngCore};
use sha2::{Digest, Sha256, Sha512};
use zeroize::Zeroize;

/// Why a signature does not verify.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SigError {
    /// The public key is not a canonical encoding of a point of large order.
    #[error("the public key is not a valid Ed25519 key (non-canonical or of small order)")]
    KeyInvalid,
    /// The signature does not satisfy the strict rule.
    #[error("the signature does not verify")]
    SignatureInvalid,
}

/// A 32-byte Ed25519 public key, as carried in the format. Not yet checked for validity.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PublicKey(pub [u8; 32]);

impl PublicKey {
    pub fn from_hex(s: &str) -> Option<Self> {
        crate::canonical::hex_array(s).map(PublicKey)
    }
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
    /// The fingerprint people compare (FORMAT.md §4), in groups of four.
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.0)
    }
}

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PublicKey({})", self.to_hex())
    }
}

/// First 16 bytes of SHA-256 of the key, as eight groups of four hex digits.
pub fn fingerprint(key: &[u8; 32]) -> String {
    let h = Sha256::digest(key);
    let hx = hex::encode(&h[..16]);
    let mut out = String::with_capacity(39);
    for (i, chunk) in hx.as_bytes().chunks(4).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
    }
    out
}

/// A signing key. Its seed is zeroized when it is dropped.
pub struct SecretKey(ed25519_dalek::SigningKey);

impl SecretKey {
    pub fn generate<R: RngCore + CryptoRng>(rng: &mut R) -> Self {
        SecretKey(ed25519_dalek::SigningKey::generate(rng))
    }
    pub fn from_seed(seed: &[u8; 32]) -> Self {
        SecretKey(ed25519_dalek::SigningKey::from_bytes(seed))
    }
    /// The 32-byte seed; the caller must zeroize what it keeps.
    pub fn seed(&self) -> zeroize::Zeroizing<[u8; 32]> {
        zeroize::Zeroizing::new(self.0.to_bytes())
    }
    pub fn public_key(&self) -> PublicKey {
        PublicKey(self.0.verifying_key().to_bytes())
    }
    /// Signs `message` (RFC 8032 Ed25519).
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.0.sign(message).to_bytes()
    }
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SecretKey(public {})", self.public_key().to_hex())
    }
}

/// Decodes a point that must be canonically encoded and not of small order.
///
/// Canonical means that re-encoding the point gives `bytes` back. That holds exactly when the
/// y coordinate (the low 255 bits) is below p = 2^255 − 19 and the sign bit is not set on a point
/// with x = 0. The points with x = 0 are (0, 1) and (0, −1), both of small order, so checking
/// y < p and the order is the same rule without the field inversion that re-encoding costs.
/// (`decode_point_by_reencoding` below is the literal rule; a test checks that they agree.)
///
/// Likewise, the points of small order are the eight points of the torsion subgroup, so a point
/// decoded from a canonical encoding is of small order exactly when the encoding is one of theirs
/// (or, for the two with x = 0, that encoding with the sign bit set): a comparison of bytes
/// instead of three doublings and a projective comparison.
fn decode_point(bytes: &[u8; 32]) -> Option<EdwardsPoint> {
    if !y_is_canonical(bytes) || small_order_encodings().contains(bytes) {
        return None;
    }
    CompressedEdwardsY(*bytes).decompress()
}

/// The encodings that decode to a point of small order: the eight canonical ones and the two
/// points with x = 0 with their sign bit set.
fn small_order_encodings() -> &'static [[u8; 32]; 10] {
    static ENCODINGS: std::sync::OnceLock<[[u8; 32]; 10]> = std::sync::OnceLock::new();
    ENCODINGS.get_or_init(|| {
        let mut out = [[0u8; 32]; 10];
        let mut n = 0;
        for t in curve25519_dalek::constants::EIGHT_TORSION.iter() {
            let e = t.compress().0;
            out[n] = e;
            n += 1;
            if (-t).compress().0 == e && n < 10 {
                // x = 0 (the point is its own negative): (0, 1) and (0, −1). The sign bit set is
                // another encoding of the same point.
                let mut s = e;
                s[31] |= 0x80;
                out[n] = s;
                n += 1;
            }
        }
        out
    })
}

/// Whether the low 255 bits of `bytes` (little-endian) are below p = 2^255 − 19.
fn y_is_canonical(bytes: &[u8; 32]) -> bool {
    // y ≥ p exactly when bytes[1..31] are all 0xff, bytes[31] & 0x7f is 0x7f and bytes[0] ≥ 0xed.
    !(bytes[31] & 0x7f == 0x7f && bytes[1..31].iter().all(|&b| b == 0xff) && bytes[0] >= 0xed)
}

#[cfg(test)]
fn decode_point_by_reencoding(bytes: &[u8; 32]) -> Option<EdwardsPoint> {
    let p = CompressedEdwardsY(*bytes).decompress()?;
    if p.compress().as_bytes() != bytes || p.is_small_order() {
        return None;
    }
    Some(p)
}

/// A signature check whose encodings have been validated, ready for the equation.
struct Prepared {
    a: EdwardsPoint,
    r: EdwardsPoint,
    s: Scalar,
    k: Scalar,
}

fn prepare(key: &[u8; 32], sig: &[u8; 64], msg: &[u8]) -> Result<Prepared, SigError> {
    let a = decode_point(key).ok_or(SigError::KeyInvalid)?;
    let mut r_b = [0u8; 32];
    r_b.copy_from_slice(&sig[..32]);
    let mut s_b = [0u8; 32];
    s_b.copy_from_slice(&sig[32..]);
    let s = Option::<Scalar>::from(Scalar::from_canonical_bytes(s_b)).ok_or(SigError::SignatureInvalid)?;
    let r = decode_point(&r_b).ok_or(SigError::SignatureInvalid)?;
    let mut h = Sha512::new();
    h.update(r_b);
    h.update(key);
    h.update(msg);
    let k = Scalar::from_hash(h);
    Ok(Prepared { a, r, s, k })
}

impl Prepared {
    fn check(&self) -> bool {
        // [s]B − [k]A − R, times the cofactor.
        let sb_minus_ka = EdwardsPoint::vartime_double_scalar_mul_basepoint(&(-self.k), &self.a, &self.s);
        (sb_minus_ka - self.r).mul_by_cofactor().is_identity()
    }
}

/// Whether `key` meets §3.2's conditions on a public key: a canonical encoding of a point not of
/// small order (a key that fails them is `key-invalid`).
pub fn key_valid(key: &[u8; 32]) -> bool {
    decode_point(key).is_some()
}

/// Verifies one signature under the strict rule of FORMAT.md §3.2.
pub fn verify(key: &[u8; 32], sig: &[u8; 64], msg: &[u8]) -> Result<(), SigError> {
    let p = prepare(key, sig, msg)?;
    if p.check() {
        Ok(())
    } else {
        Err(SigError::SignatureInvalid)
    }
}

/// One signature to check in a batch.
pub struct SignatureCheck<'a> {
    pub key: &'a [u8; 32],
    pub sig: &'a [u8; 64],
    pub msg: &'a [u8],
}

/// Verifies many signatures; the result for each is exactly that of [`verify`].
///
/// The cofactored batch equation is tried first with 128-bit coefficients derived from `seed`
/// (the caller passes fresh randomness) and the batch's contents; if it fails, every signature
/// is checked alone. Because the rule is cofactored, a batch of valid signatures always passes,
/// whatever the coefficients, so the verdicts never depend on them.
pub fn verify_batch(items: &[SignatureCheck<'_>], seed: &[u8; 32]) -> Vec<Result<(), SigError>> {
    let mut results: Vec<Result<(), SigError>> = Vec::with_capacity(items.len());
    let mut prepared: Vec<(usize, Prepared)> = Vec::with_capacity(items.len());
    for (i, it) in items.iter().enumerate() {
        match prepare(it.key, it.sig, it.msg) {
            Ok(p) => {
                prepared.push((i, p));
                results.push(Ok(()));
            }
            Err(e) => results.push(Err(e)),
        }
    }
    if prepared.is_empty() {
        return results;
    }
    if !batch_equation(&prepared, items, seed) {
        for (i, p) in &prepared {
            if !p.check() {
                results[*i] = Err(SigError::SignatureInvalid);
            }
        }
    }
    results
}

fn batch_equation(prepared: &[(usize, Prepared)], items: &[SignatureCheck<'_>], seed: &[u8; 32]) -> bool {
    let mut transcript = Sha512::new();
    transcript.update(b"undersigned/1/batch-coefficients");
    transcript.update(seed);
    for (i, p) in prepared {
        transcript.update(items[*i].sig);
        transcript.update(items[*i].key);
        // k = H(R || A || M) binds the message: with it, no signature, key or message can be
        // chosen after the coefficients are known, even when the seed is predictable.
        transcript.update(p.k.as_bytes());
    }
    let base = transcript.finalize();
    let n = prepared.len();
    let mut scalars: Vec<Scalar> = Vec::with_capacity(2 * n + 1);
    let mut points: Vec<EdwardsPoint> = Vec::with_capacity(2 * n + 1);
    let mut b_coeff = Scalar::ZERO;
    // Four 128-bit coefficients from each SHA-512(base || block number).
    let mut out = [0u8; 64];
    for (j, (_, p)) in prepared.iter().enumerate() {
        if j % 4 == 0 {
            let mut h = Sha512::new();
            h.update(base);
            h.update(((j / 4) as u64).to_le_bytes());
            out.copy_from_slice(&h.finalize());
        }
        let mut z_bytes = [0u8; 32];
        z_bytes[..16].copy_from_slice(&out[16 * (j % 4)..16 * (j % 4) + 16]);
        let z = Scalar::from_bytes_mod_order(z_bytes);
        z_bytes.zeroize();
        b_coeff -= z * p.s;
        scalars.push(z);
        points.push(p.r);
        scalars.push(z * p.k);
        points.push(p.a);
    }
    out.zeroize();
    scalars.push(b_coeff);
    points.push(curve25519_dalek::constants::ED25519_BASEPOINT_POINT);
    EdwardsPoint::vartime_multiscalar_mul(&scalars, &points).mul_by_cofactor().is_identity()
}

#[cfg(test)]
mod tests {
    use super::*;
    use curve25519_dalek::constants::EIGHT_TORSION;
    use rand_chacha::rand_core::{RngCore, SeedableRng};

    fn hex_literal(s: &str) -> [u8; 32] {
        hex::decode(s).unwrap().try_into().unwrap()
    }

    fn rng() -> rand_chacha::ChaCha20Rng {
        rand_chacha::ChaCha20Rng::from_seed([7; 32])
    }

    #[test]
    fn sign_and_verify() {
        let sk = SecretKey::generate(&mut rng());
        let sig = sk.sign(b"hello");
        assert_eq!(verify(&sk.public_key().0, &sig, b"hello"), Ok(()));
        assert_eq!(verify(&sk.public_key().0, &sig, b"hellO"), Err(SigError::SignatureInvalid));
    }

    #[test]
    fn rejects_all_small_order_keys() {
        for t in EIGHT_TORSION.iter() {
            let key = t.compress().0;
            // A "signature" that dalek's lenient verify accepts for the identity key: R = identity, s = 0.
            let mut sig = [0u8; 64];
            sig[..32].copy_from_slice(&curve25519_dalek::edwards::EdwardsPoint::default().compress().0);
            assert_eq!(verify(&key, &sig, b"any message"), Err(SigError::KeyInvalid));
        }
    }

    #[test]
    fn rejects_s_at_or_above_l() {
        let sk = SecretKey::generate(&mut rng());
        let mut sig = sk.sign(b"m");
        // s + L: same value mod L, non-canonical.
        // L = 2^252 + 27742317777372353535851937790883648493, little-endian.
        let l: [u8; 32] = hex_literal("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
        let mut carry = 0u16;
        for i in 0..32 {
            let v = sig[32 + i] as u16 + l[i] as u16 + carry;
            sig[32 + i] = v as u8;
            carry = v >> 8;
        }
        assert_eq!(carry, 0);
        assert_eq!(verify(&sk.public_key().0, &sig, b"m"), Err(SigError::SignatureInvalid));
    }

    /// A signature made with the secret scalar `a` and nonce point R = [r]B + T, for a torsion
    /// point T (and optionally a key with a torsion component): valid under the cofactored rule,
    /// rejected by a cofactorless one.
    fn crafted(i: u64, rng: &mut rand_chacha::ChaCha20Rng, torsion_in_key: bool) -> ([u8; 32], [u8; 64], Vec<u8>) {
        use curve25519_dalek::constants::ED25519_BASEPOINT_POINT as B;
        let mut wide = [0u8; 64];
        rng.fill_bytes(&mut wide);
        let a = Scalar::from_bytes_mod_order_wide(&wide);
        rng.fill_bytes(&mut wide);
        let r = Scalar::from_bytes_mod_order_wide(&wide);
        let t = EIGHT_TORSION[(i % 8) as usize];
        let big_a = if torsion_in_key { a * B + EIGHT_TORSION[((i + 3) % 8) as usize] } else { a * B };
        let key = big_a.compress().0;
        let big_r = (r * B + t).compress().0;
        let msg = i.to_le_bytes().to_vec();
        let mut h = Sha512::new();
        h.update(big_r);
        h.update(key);
        h.update(&msg);
        let k = Scalar::from_hash(h);
        let s = r + k * a;
        let mut sig = [0u8; 64];
        sig[..32].copy_from_slice(&big_r);
        sig[32..].copy_from_slice(&s.to_bytes());
        (key, sig, msg)
    }

    #[test]
    fn torsion_components_agree_between_batch_and_single() {
        let mut r = rng();
        let mut owned: Vec<_> = (0..40).map(|i| crafted(i, &mut r, false)).collect();
        owned.extend((0..24).map(|i| crafted(i, &mut r, true)));
        let items: Vec<SignatureCheck> =
            owned.iter().map(|(k, s, m)| SignatureCheck { key: k, sig: s, msg: m }).collect();
        let singles: Vec<_> = items.iter().map(|it| verify(it.key, it.sig, it.msg)).collect();
        // The cofactored rule accepts every one of them: R and A are canonical and of large order.
        assert!(singles.iter().all(|r| r.is_ok()), "{singles:?}");
        for seed in [[0u8; 32], [1u8; 32], [9u8; 32]] {
            assert_eq!(verify_batch(&items, &seed), singles);
            for it in &items {
                assert_eq!(verify_batch(std::slice::from_ref(it), &seed)[0], verify(it.key, it.sig, it.msg));
            }
        }
        // Flipping one bit of s breaks exactly that one, alone or in the batch.
        let mut bad = owned.clone();
        bad[5].1[40] ^= 1;
        let items: Vec<SignatureCheck> =
            bad.iter().map(|(k, s, m)| SignatureCheck { key: k, sig: s, msg: m }).collect();
        let res = verify_batch(&items, &[4; 32]);
        for (i, r) in res.iter().enumerate() {
            assert_eq!(r.is_err(), i == 5);
        }
    }

    #[test]
    fn small_order_r_is_rejected() {
        let sk = SecretKey::generate(&mut rng());
        for t in EIGHT_TORSION.iter() {
            let mut sig = sk.sign(b"m");
            sig[..32].copy_from_slice(&t.compress().0);
            assert_eq!(verify(&sk.public_key().0, &sig, b"m"), Err(SigError::SignatureInvalid));
        }
    }

    #[test]
    fn batch_finds_every_bad_signature() {
        let mut r = rng();
        let mut owned = Vec::new();
        for i in 0..20u32 {
            let sk = SecretKey::generate(&mut r);
            let msg = i.to_le_bytes().to_vec();
            let mut sig = sk.sign(&msg);
            if i % 7 == 3 {
                sig[40] ^= 1;
            }
            owned.push((sk.public_key().0, sig, msg));
        }
        let items: Vec<SignatureCheck> =
            owned.iter().map(|(k, s, m)| SignatureCheck { key: k, sig: s, msg: m }).collect();
        let res = verify_batch(&items, &[3; 32]);
        for (i, r) in res.iter().enumerate() {
            assert_eq!(r.is_err(), i % 7 == 3, "item {i}");
        }
    }

    /// The fast canonical check agrees with re-encoding on every encoding near the edges: all
    /// y ≥ p, y in 0..=30 and p − 30..p, both sign bits, small-order points and random points.
    #[test]
    fn small_order_encodings_are_ten_distinct() {
        let e = small_order_encodings();
        for (i, a) in e.iter().enumerate() {
            assert!(e[i + 1..].iter().all(|b| b != a), "{i} repeated");
            let p = CompressedEdwardsY(*a).decompress().expect("decodes");
            assert!(p.is_small_order());
        }
    }

    #[test]
    fn decode_point_agrees_with_reencoding() {
        let mut cases: Vec<[u8; 32]> = Vec::new();
        let p_minus = |k: u8| {
            // p − k for k ≤ 30, little-endian: 0xed − k, then 0xff…, then 0x7f.
            let mut b = [0xffu8; 32];
            b[31] = 0x7f;
            b[0] = 0xedu8.wrapping_sub(k);
            b
        };
        for k in 0..=30u8 {
            cases.push(p_minus(k));
            let mut small = [0u8; 32];
            small[0] = k;
            cases.push(small);
        }
        for v in 0xedu8..=0xff {
            // y = p + (v − 0xed): the 19 non-canonical values.
            let mut b = [0xffu8; 32];
            b[31] = 0x7f;
            b[0] = v;
            cases.push(b);
        }
        for t in EIGHT_TORSION.iter() {
            cases.push(t.compress().0);
        }
        let mut r = rng();
        for _ in 0..200 {
            let mut b = [0u8; 32];
            r.fill_bytes(&mut b);
            cases.push(b);
            cases.push(SecretKey::generate(&mut r).public_key().0);
        }
        let mut with_sign: Vec<[u8; 32]> = Vec::new();
        for c in &cases {
            for sign in [0u8, 0x80] {
                let mut b = *c;
                b[31] = (b[31] & 0x7f) | sign;
                with_sign.push(b);
            }
        }
        let mut accepted = 0;
        for b in &with_sign {
            let fast = decode_point(b).map(|p| p.compress().0);
            let slow = decode_point_by_reencoding(b).map(|p| p.compress().0);
            assert_eq!(fast, slow, "{}", hex::encode(b));
            accepted += usize::from(fast.is_some());
        }
        assert!(accepted > 200, "the cases include valid points");
    }

    #[test]
    fn fingerprint_shape() {
        let f = fingerprint(&[0u8; 32]);
        assert_eq!(f.len(), 39);
        assert_eq!(f.split(' ').count(), 8);
    }
}
