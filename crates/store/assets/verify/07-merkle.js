  // ---------------------------------------------------------------------------------------------
  // The Merkle tree hash of the log (§9, RFC 6962), built incrementally.
  // ---------------------------------------------------------------------------------------------

  const MERKLE_SCRATCH = new Uint8Array(sha256Padded(65)); // the script is one thread

  class MerkleTree {
    constructor() {
      this.stack = []; // [height, hash] of perfect subtrees, largest first
      this.size = 0;
    }
    static node(left, right) {
      const buf = MERKLE_SCRATCH; // 0x01 ‖ left ‖ right, padded in place
      buf[0] = 1;
      buf.set(left, 1);
      buf.set(right, 33);
      return sha256InPlace(buf, 65);
    }
    push(leaf) {
      this.pushSubtree(0, leaf);
    }
    /**
     * The 2^height leaves of a perfect subtree whose hash is `hash` (RFC 6962's hash of those
     * leaves alone), as pushing them one by one would: where the tree's size is a multiple of
     * 2^height, those leaves make one node of the tree (a page's worker hashes its batch's).
     */
    pushSubtree(height, hash) {
      if (this.size % 2 ** height !== 0) throw new Error(`a subtree of height ${height} cannot follow ${this.size} leaves`);
      const leaves = 2 ** height;
      let node = hash;
      while (this.stack.length && this.stack[this.stack.length - 1][0] === height) {
        const [, left] = this.stack.pop();
        node = MerkleTree.node(left, node);
        height++;
      }
      this.stack.push([height, node]);
      this.size += leaves;
    }
    root() {
      if (!this.stack.length) return sha256(new Uint8Array(0));
      let acc = this.stack[this.stack.length - 1][1];
      for (let i = this.stack.length - 2; i >= 0; i--) acc = MerkleTree.node(this.stack[i][1], acc);
      return acc;
    }
  }

