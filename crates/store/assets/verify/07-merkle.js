  // ---------------------------------------------------------------------------------------------
  // The Merkle tree hash of the log (§9, RFC 6962), built incrementally.
  // ---------------------------------------------------------------------------------------------

  class MerkleTree {
    constructor() {
      this.stack = []; // [height, hash] of perfect subtrees, largest first
      this.size = 0;
    }
    static node(left, right) {
      return sha256(concatBytes([new Uint8Array([1]), left, right]));
    }
    push(leaf) {
      let height = 0;
      let node = leaf;
      while (this.stack.length && this.stack[this.stack.length - 1][0] === height) {
        const [, left] = this.stack.pop();
        node = MerkleTree.node(left, node);
        height++;
      }
      this.stack.push([height, node]);
      this.size++;
    }
    root() {
      if (!this.stack.length) return sha256(new Uint8Array(0));
      let acc = this.stack[this.stack.length - 1][1];
      for (let i = this.stack.length - 2; i >= 0; i--) acc = MerkleTree.node(this.stack[i][1], acc);
      return acc;
    }
  }

