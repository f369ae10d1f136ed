//! Consistency proofs between two sizes of the log (RFC 6962 §2.1.2; RFC 9162 §2.1.4 defines the
//! same proof and how to verify it): what a witness that kept only an old checkpoint needs to
//! check that a new one extends it (FORMAT.md §14.13).

use crate::merkle::{node_hash, root};

/// The largest power of two smaller than `n` (n ≥ 2).
fn split(n: usize) -> usize {
    1 << (usize::BITS - 1 - (n - 1).leading_zeros())
}

/// The proof that the first `m` of `leaves` are a prefix of all of them (0 < m ≤ n): RFC 6962's
/// PROOF(m, D[n]). Empty when m = n. None when m is 0 or larger than n.
pub fn prove(leaves: &[[u8; 32]], m: usize) -> Option<Vec<[u8; 32]>> {
    if m == 0 || m > leaves.len() {
        return None;
    }
    let mut proof = Vec::new();
    subproof(m, leaves, true, &mut proof);
    Some(proof)
}

fn subproof(m: usize, d: &[[u8; 32]], whole: bool, out: &mut Vec<[u8; 32]>) {
    let n = d.len();
    if m == n {
        if !whole {
            out.push(root(d));
        }
        return;
    }
    let k = split(n);
    if m <= k {
        subproof(m, &d[..k], whole, out);
        out.push(root(&d[k..]));
    } else {
        subproof(m - k, &d[k..], false, out);
        out.push(root(&d[..k]));
    }
}

/// Whether `proof` shows that the tree of `m` leaves with root `old` is a prefix of the tree of
/// `n` leaves with root `new` (RFC 9162 §2.1.4.2). A size of 0 is a prefix of anything, with an
/// empty proof.
pub fn verify(m: u64, n: u64, old: &[u8; 32], new: &[u8; 32], proof: &[[u8; 32]]) -> bool {
    if m > n {
        return false;
    }
    if m == 0 {
        return proof.is_empty();
    }
    if m == n {
        return proof.is_empty() && old == new;
    }
    roots(m, n, old, proof) == Some((*old, *new))
}

/// The two roots a proof from `m` to `n` (0 < m < n) gives, by the steps of RFC 9162 §2.1.4.2:
/// that of the first `m` leaves and that of all `n`; none when the proof has the wrong length.
/// When `m` is a power of two the proof leaves out the old root, which is `old` (the first
/// root given is then `old`); otherwise the proof alone gives it, so a witness that holds
/// another root for size `m` learns the one the log holds (FORMAT.md §14.13).
pub fn roots(m: u64, n: u64, old: &[u8; 32], proof: &[[u8; 32]]) -> Option<([u8; 32], [u8; 32])> {
    if m == 0 || m >= n {
        return None;
    }
    let mut path: Vec<[u8; 32]> = Vec::with_capacity(proof.len() + 1);
    if m.is_power_of_two() {
        path.push(*old);
    }
    path.extend_from_slice(proof);
    let (first, rest) = path.split_first()?;
    let (mut fn_, mut sn) = (m - 1, n - 1);
    while fn_ & 1 == 1 {
        fn_ >>= 1;
        sn >>= 1;
    }
    let (mut fr, mut sr) = (*first, *first);
    for c in rest {
        if sn == 0 {
            return None;
        }
        if fn_ & 1 == 1 || fn_ == sn {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            if fn_ & 1 == 0 {
                while fn_ & 1 == 0 && fn_ != 0 {
                    fn_ >>= 1;
                    sn >>= 1;
                }
            }
        } else {
            sr = node_hash(&sr, c);
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    (sn == 0).then_some((fr, sr))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merkle::leaf_hash;

    fn leaves(n: usize) -> Vec<[u8; 32]> {
        (0..n).map(|i| leaf_hash(&(i as u64).to_be_bytes())).collect()
    }

    #[test]
    fn every_prefix_of_every_tree_up_to_64_is_proved_and_nothing_else() {
        let all = leaves(64);
        for n in 1..=64 {
            let d = &all[..n];
            let new = root(d);
            for m in 1..=n {
                let old = root(&d[..m]);
                let proof = prove(d, m).unwrap();
                assert!(verify(m as u64, n as u64, &old, &new, &proof), "m={m} n={n}");
                assert!(proof.len() <= 2 * 64usize.ilog2() as usize);
                // Any changed hash, a wrong root, a wrong size or a hash dropped or added fails.
                for i in 0..proof.len() {
                    let mut p = proof.clone();
                    p[i][0] ^= 1;
                    assert!(!verify(m as u64, n as u64, &old, &new, &p), "m={m} n={n} flip {i}");
                }
                assert!(m == n || !verify(m as u64, n as u64, &new, &new, &proof), "m={m} n={n} old root");
                let mut other = new;
                other[31] ^= 1;
                assert!(!verify(m as u64, n as u64, &old, &other, &proof));
                if m < n {
                    assert!(!verify(m as u64 + 1, n as u64, &old, &new, &proof), "m={m} n={n} size");
                    assert!(!verify(m as u64, n as u64, &old, &new, &proof[..proof.len() - 1]));
                    let mut longer = proof.clone();
                    longer.push([0; 32]);
                    assert!(!verify(m as u64, n as u64, &old, &new, &longer));
                }
            }
            // A tree that is not an extension: the old root of other leaves.
            if n > 1 {
                let other = root(&leaves(n + 100)[100..101]);
                assert!(!verify(1, n as u64, &other, &new, &prove(d, 1).unwrap()));
            }
        }
        assert_eq!(prove(&all[..4], 0), None);
        assert_eq!(prove(&all[..4], 5), None);
        assert!(verify(0, 4, &[0; 32], &root(&all[..4]), &[]));
        assert!(!verify(5, 4, &[0; 32], &root(&all[..4]), &[]));
    }

    /// RFC 6962 §2.1.3's example tree of 7 leaves: the proof from 3 is [c, d, g, l], from 4
    /// [l], from 6 [i, j, k].
    #[test]
    fn the_proofs_of_the_rfc_example() {
        let d = leaves(7);
        let h = |a: &[u8; 32], b: &[u8; 32]| node_hash(a, b);
        let (c, dd) = (d[2], d[3]);
        let g = h(&d[0], &d[1]);
        let i = h(&d[4], &d[5]);
        let j = d[6];
        let k = h(&g, &h(&c, &dd));
        let l = h(&i, &j);
        assert_eq!(prove(&d, 3).unwrap(), [c, dd, g, l]);
        assert_eq!(prove(&d, 4).unwrap(), [l]);
        assert_eq!(prove(&d, 6).unwrap(), [i, j, k]);
    }
}
