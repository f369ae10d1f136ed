// A lead's side of witnessing, for the end-to-end run: C2SP checkpoint requests ("add-checkpoint"
// bodies, FORMAT.md §14.13) signed by a lead key made from a seed, over RFC 6962 trees of small
// logs. What the app's witness screen is handed; the app itself does the checking.

import { createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto';

const sha256 = (...parts) => createHash('sha256').update(Buffer.concat(parts.map((p) => Buffer.from(p)))).digest();
export const leaf = (data) => sha256([0], Buffer.from(data));
const node = (l, r) => sha256([1], l, r);
const split = (n) => 2 ** Math.floor(Math.log2(n - 1));

/** RFC 6962 §2.1: the Merkle tree hash of `leaves` (leaf hashes). */
export function root(leaves) {
  if (leaves.length === 0) return sha256([]);
  if (leaves.length === 1) return leaves[0];
  const k = split(leaves.length);
  return node(root(leaves.slice(0, k)), root(leaves.slice(k)));
}

/** RFC 6962 §2.1.2: PROOF(m, D[n]), for 0 < m < n. */
export function consistency(leaves, m) {
  const out = [];
  const sub = (m, d, whole) => {
    if (m === d.length) {
      if (!whole) out.push(root(d));
      return;
    }
    const k = split(d.length);
    if (m <= k) {
      sub(m, d.slice(0, k), whole);
      out.push(root(d.slice(k)));
    } else {
      sub(m - k, d.slice(k), false);
      out.push(root(d.slice(0, k)));
    }
  };
  sub(m, leaves, true);
  return out;
}

/** The body of add-checkpoint: `old <m>`, the proof, an empty line, the note signed by the lead (key from `seed`). */
export function request(seed, statementId, leaves, old, proof = []) {
  const key = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' });
  const pub = Buffer.from(createPublicKey(key).export({ format: 'jwk' }).x, 'base64url');
  const origin = `undersigned/${pub.toString('hex')}/${statementId}`;
  const text = `${origin}\n${leaves.length}\n${root(leaves).toString('base64')}\n`;
  const id = sha256(Buffer.from(origin), [0x0a, 0x01], pub).subarray(0, 4);
  const line = `— ${origin} ${Buffer.concat([id, sign(null, Buffer.from(text), key)]).toString('base64')}\n`;
  return `old ${old}\n${proof.map((h) => h.toString('base64') + '\n').join('')}\n${text}\n${line}`;
}
