//! The log's Merkle tree hash (RFC 6962 §2.1, FORMAT.md §9), computed incrementally.

use sha2::{Digest, Sha256};

/// `SHA-256(0x00 || data)`: the hash of one entry, which is also its id.
pub fn leaf_hash(data: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(data);
    h.finalize().into()
}

/// `SHA-256(0x00 || parts…)`: the leaf hash of the concatenation of `parts`.
pub fn leaf_hash_parts(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update([0u8]);
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

/// `SHA-256(0x01 || left || right)`.
pub fn node_hash(left: &[u8; 32], right: &[u8; 32]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update([1u8]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// Builds the Merkle tree hash of a growing list of leaves in O(log n) memory.
#[derive(Clone, Debug, Default)]
pub struct Tree {
    /// Roots of the perfect subtrees, largest first, with their heights.
    stack: Vec<(u32, [u8; 32])>,
    size: u64,
}

impl Tree {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, leaf: [u8; 32]) {
        let mut node = (0u32, leaf);
        while let Some(&(h, top)) = self.stack.last() {
            if h != node.0 {
                break;
            }
            self.stack.pop();
            node = (h + 1, node_hash(&top, &node.1));
        }
        self.stack.push(node);
        self.size += 1;
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    /// The tree hash of the leaves pushed so far (`SHA-256("")` for none).
    pub fn root(&self) -> [u8; 32] {
        let mut iter = self.stack.iter().rev();
        match iter.next() {
            None => Sha256::digest([]).into(),
            Some(&(_, last)) => iter.fold(last, |acc, (_, left)| node_hash(left, &acc)),
        }
    }
}

/// The tree hash of a list of leaf hashes.
pub fn root(leaves: &[[u8; 32]]) -> [u8; 32] {
    let mut t = Tree::new();
    for l in leaves {
        t.push(*l);
    }
    t.root()
}

/// The tree hash of a list of leaf hashes, and that of its first `prefix` leaves when `prefix`
/// is at most their number (what a release's `previous.log` states, §10.2 check 5).
pub fn root_and_prefix(leaves: &[[u8; 32]], prefix: Option<u64>) -> ([u8; 32], Option<[u8; 32]>) {
    let mut tree = Tree::new();
    let mut prefix_root = (prefix == Some(0)).then(|| tree.root());
    for l in leaves {
        tree.push(*l);
        if Some(tree.size()) == prefix {
            prefix_root = Some(tree.root());
        }
    }
    (tree.root(), prefix_root)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6962's recursive definition, for comparison.
    fn reference(leaves: &[[u8; 32]]) -> [u8; 32] {
        match leaves.len() {
            0 => Sha256::digest([]).into(),
            1 => leaves[0],
            n => {
                let mut k = 1;
                while k * 2 < n {
                    k *= 2;
                }
                node_hash(&reference(&leaves[..k]), &reference(&leaves[k..]))
            }
        }
    }

    #[test]
    fn incremental_equals_recursive() {
        let leaves: Vec<[u8; 32]> = (0..70u8).map(|i| leaf_hash(&[i])).collect();
        for n in 0..leaves.len() {
            assert_eq!(root(&leaves[..n]), reference(&leaves[..n]), "n = {n}");
        }
    }

    #[test]
    fn known_answer_rfc6962_empty_and_one() {
        assert_eq!(hex::encode(root(&[])), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        // SHA-256(0x00), the leaf hash of empty data in RFC 6962 implementations.
        assert_eq!(hex::encode(leaf_hash(b"")), "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
    }
}
