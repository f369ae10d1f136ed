// The JavaScript verifier of verify.html (crates/store/assets/verify/), run in Node: every
// vector of docs/vectors gives the verdict and codes of docs/vectors/index.json; Ed25519 agrees
// with every Wycheproof case; the strict JSON parser accepts and rejects JSONTestSuite's files;
// the hashes match Node's; the country list is the format's.
//
// Run by `make test-browser` (node --test). Wycheproof and JSONTestSuite are read from the
// repository's tests/data/third-party/ (copies of the upstream files, with their licences).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, sign, randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadVerifier } from './load-verifier.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const thirdParty = join(root, 'tests', 'data', 'third-party');
const U = loadVerifier(root);
const vectors = join(root, 'docs', 'vectors');

for (const webCrypto of [true, false]) {
  test(`every vector verifies as docs/vectors/index.json says (WebCrypto fast path ${webCrypto ? 'on' : 'off'})`, async () => {
    U.useWebCrypto(webCrypto);
    try {
      await everyVectorAsListed();
    } finally {
      U.useWebCrypto(true);
    }
  });
}

async function everyVectorAsListed() {
  const indexPath = join(vectors, 'index.json');
  assert.ok(existsSync(indexPath), `${indexPath} is missing: generate the vectors with make vectors`);
  const index = JSON.parse(readFileSync(indexPath, 'utf8'));
  assert.ok(index.length >= 40, `only ${index.length} vectors`);
  const wrong = [];
  for (const v of index) {
    const bytes = new Uint8Array(readFileSync(join(vectors, v.file)));
    const prev = v.previous ? new Uint8Array(readFileSync(join(vectors, v.previous))) : null;
    const o = await U.check(v.kind, bytes, prev);
    if (o.valid !== v.valid || JSON.stringify(o.codes) !== JSON.stringify(v.codes)) {
      wrong.push(`${v.file} (previous ${v.previous}): expected ${v.valid} ${v.codes}, got ${o.valid} ${o.codes} — ${JSON.stringify(o.failures)}`);
    }
    assert.equal(o.valid, o.failures.length === 0);
  }
  assert.deepEqual(wrong, []);
}

test('Ed25519 under the strict rule agrees with every Wycheproof case', () => {
  const file = JSON.parse(readFileSync(join(thirdParty, 'wycheproof', 'ed25519_test.json'), 'utf8'));
  let n = 0;
  for (const g of file.testGroups) {
    const key = U.fromHex(g.publicKey.pk, 32);
    for (const t of g.tests) {
      n++;
      const sig = U.fromHex(t.sig, 64);
      const ok = !!key && !!sig && U.ed25519Verify(key, sig, new Uint8Array(Buffer.from(t.msg, 'hex'))) === null;
      assert.equal(ok, t.result === 'valid', `tcId ${t.tcId}: ${t.comment}`);
    }
  }
  assert.equal(n, file.numberOfTests);
});

test('the WebCrypto fast path gives the exact verdict on every Wycheproof case', async () => {
  const file = JSON.parse(readFileSync(join(thirdParty, 'wycheproof', 'ed25519_test.json'), 'utf8'));
  for (const g of file.testGroups) {
    const key = U.fromHex(g.publicKey.pk, 32);
    if (!key) continue;
    for (const t of g.tests) {
      const sig = U.fromHex(t.sig, 64);
      if (!sig) continue;
      const msg = new Uint8Array(Buffer.from(t.msg, 'hex'));
      assert.equal(await U.ed25519VerifyFast(key, sig, msg), U.ed25519Verify(key, sig, msg), `tcId ${t.tcId}: ${t.comment}`);
    }
  }
});

// Edwards25519 arithmetic for crafting keys the verifier must judge (extended coordinates).
const P = 2n ** 255n - 19n;
const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const md = (a, m = P) => ((a % m) + m) % m;
const inv = (a) => {
  let [r, b, e] = [1n, md(a), P - 2n];
  for (; e > 0n; e >>= 1n, b = (b * b) % P) if (e & 1n) r = (r * b) % P;
  return r;
};
const D = md(-121665n * inv(121666n));
function add([x1, y1], [x2, y2]) {
  const t = (D * x1 * x2 * y1 * y2) % P;
  return [md((x1 * y2 + y1 * x2) * inv(1n + t)), md((y1 * y2 + x1 * x2) * inv(1n - t))];
}
function mul(n, p) {
  let r = [0n, 1n];
  for (; n > 0n; n >>= 1n, p = add(p, p)) if (n & 1n) r = add(r, p);
  return r;
}
function encode([x, y]) {
  const out = new Uint8Array(32);
  let v = y | ((x & 1n) << 255n);
  for (let i = 0; i < 32; i++, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}
const leBig = (b) => b.reduceRight((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
const scalar = (n) => encode([0n, md(n, L)]);
const BY = md(4n * inv(5n));
const BX = (() => {
  const xx = md((BY * BY - 1n) * inv(D * BY * BY + 1n));
  let x = (() => {
    let [r, b, e] = [1n, xx, (P + 3n) / 8n];
    for (; e > 0n; e >>= 1n, b = (b * b) % P) if (e & 1n) r = (r * b) % P;
    return r;
  })();
  if (md(x * x - xx) !== 0n) x = md(x * md(2n ** ((P - 1n) / 4n), P));
  return x % 2n === 0n ? x : P - x;
})();
const B = [BX, BY];

test('a key with a torsion component reaches the exact check through the fast path', async () => {
  assert.deepEqual(encode(B), U.fromHex('5866666666666666666666666666666666666666666666666666666666666666', 32));
  // T8 = the point of order 8 with y = Y8 (encoded c7176a…7a); A' = [a]B + T8 is canonical and of
  // large order. A signature with R = [r]B, s = r + k·a satisfies [8](sB − R − kA') = −[8k]T8 = 0
  // (cofactored: valid under §3.2) but sB − R − kA' = −[k]T8 ≠ 0 when 8 ∤ k (cofactorless: WebCrypto
  // says invalid).
  const t8 = U.decodePoint(U.fromHex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', 32));
  const T8 = [md(t8[0] * inv(t8[2])), md(t8[1] * inv(t8[2]))];
  let tried = 0;
  for (let i = 1n; tried < 3; i++) {
    const a = 1000003n * i, r = 7777777n * i;
    const key = encode(add(mul(a, B), T8));
    const R = encode(mul(r, B));
    const msg = new Uint8Array([Number(i)]);
    const k = md(leBig(new Uint8Array(createHash('sha512').update(R).update(key).update(msg).digest())), L);
    if (k % 8n === 0n) continue;
    tried++;
    const sig = new Uint8Array([...R, ...scalar(r + k * a)]);
    const { subtle } = globalThis.crypto;
    const ck = await subtle.importKey('raw', key, { name: 'Ed25519' }, false, ['verify']);
    assert.equal(await subtle.verify({ name: 'Ed25519' }, ck, sig, msg), false, 'WebCrypto is cofactorless here');
    assert.equal(U.ed25519Verify(key, sig, msg), null, 'valid under the strict cofactored rule');
    assert.equal(await U.ed25519VerifyFast(key, sig, msg), null, 'the fast path falls back to the exact check');
  }
});

test('small-order and non-canonical keys stay key-invalid through the fast path', async () => {
  const small = ['00', '01', 'ec', '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
    'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a'].map((h) =>
    h.length === 64 ? h : h + (h === 'ec' ? 'ff'.repeat(30) + '7f' : '00'.repeat(31)));
  const encodings = [];
  for (const h of small) {
    const b = U.fromHex(h, 32);
    encodings.push(b, Uint8Array.from(b, (x, i) => (i === 31 ? x | 0x80 : x)));
  }
  encodings.push(U.fromHex('ed' + 'ff'.repeat(30) + '7f', 32), U.fromHex('ee' + 'ff'.repeat(30) + '7f', 32));
  // Any signature and message: the key alone decides.
  const sig = new Uint8Array(64);
  for (const key of encodings) {
    assert.equal(U.ed25519Verify(key, sig, new Uint8Array([1])), 'key-invalid', U.toHex(key));
    assert.equal(await U.ed25519VerifyFast(key, sig, new Uint8Array([1])), 'key-invalid', U.toHex(key));
  }
});

test('Ed25519 verifies signatures made by Node, and rejects altered ones', () => {
  for (let i = 0; i < 16; i++) {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const key = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(12));
    const msg = new Uint8Array(randomBytes(i * 37));
    const sig = new Uint8Array(sign(null, msg, privateKey));
    assert.equal(U.ed25519Verify(key, sig, msg), null);
    const bad = sig.slice();
    bad[i % 64] ^= 0x10;
    assert.notEqual(U.ed25519Verify(key, bad, msg), null);
    if (msg.length) {
      const other = msg.slice();
      other[0] ^= 1;
      assert.equal(U.ed25519Verify(key, sig, other), 'signature-invalid');
    }
  }
});

test('SHA-256 and SHA-512 equal Node\'s at every padding boundary', () => {
  for (const n of [0, 1, 55, 56, 63, 64, 65, 111, 112, 119, 120, 127, 128, 129, 1000, 70000]) {
    const b = new Uint8Array(randomBytes(n));
    assert.equal(U.toHex(U.sha256(b)), createHash('sha256').update(b).digest('hex'), `sha256 of ${n} bytes`);
    assert.equal(U.toHex(U.sha512(b)), createHash('sha512').update(b).digest('hex'), `sha512 of ${n} bytes`);
  }
});

test('the strict JSON parser follows JSONTestSuite and rejects duplicate members', () => {
  const dir = join(thirdParty, 'jsontestsuite', 'test_parsing');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  assert.ok(files.length > 300);
  const wrong = [];
  for (const f of files) {
    if (f.startsWith('i_')) continue; // implementation-defined
    const bytes = readFileSync(join(dir, f));
    let accepted;
    try {
      const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
      U.parseJson(text, true);
      accepted = true;
    } catch (e) {
      accepted = false;
    }
    // The format forbids duplicate member names (FORMAT.md §1): JSONTestSuite allows them.
    const expected = f.startsWith('y_') && !f.startsWith('y_object_duplicated_key');
    if (accepted !== expected) wrong.push(f);
  }
  assert.deepEqual(wrong, []);
  assert.throws(() => U.parseJson('{"a":1,"b":{"c":2,"c":2}}', true), U.JsonError);
  assert.doesNotThrow(() => U.parseJson('{"a":1,"a":2}', false));
  assert.throws(() => U.parseJson('"\\ud800"', true), U.JsonError, 'a lone surrogate');
  assert.throws(() => U.parseJson('['.repeat(200) + ']'.repeat(200), true), U.JsonError, 'too deep');
});

test('canonical JSON escapes as RFC 8785 does', () => {
  const v = { b: 'x\u0001"\\\n\u007fé😀', a: [2, 1], c: { z: 1, y: 'é' } };
  assert.equal(U.jcs(v), '{"a":[2,1],"b":"x\\u0001\\"\\\\\\n\u007fé😀","c":{"y":"é","z":1}}');
});

test('the country list is the format\'s (crates/core/src/country_list.rs)', () => {
  const src = readFileSync(join(root, 'crates', 'core', 'src', 'country_list.rs'), 'utf8');
  const rust = [...src.matchAll(/\("([A-Z]{2})", "([^"]*)"\)/g)].map((m) => [m[1], m[2]]);
  assert.equal(rust.length, 249);
  assert.deepEqual([...U.countries.entries()], rust);
});

test('integers beyond 2^53 − 1 and other shapes are malformed', async () => {
  const good = readFileSync(join(vectors, 'endorsement-organization.json'), 'utf8');
  const check = async (text) => (await U.check('endorsement', new TextEncoder().encode(text), null)).codes;
  assert.deepEqual(await check(good), []);
  assert.deepEqual(await check(good.replace('"version": 1', '"version": 9007199254740992')), ['malformed']);
  assert.deepEqual(await check(good.replace('"version": 1', '"version": 1.0')), ['malformed']);
  assert.deepEqual(await check(good.replace('"version": 1', '"version": "1"')), ['malformed']);
  // A kind that is not a string is malformed; another string breaks a field rule (§5), and here
  // the signature too, as the file was changed after signing.
  assert.deepEqual(await check(good.replace('"kind": "organization"', '"kind": 7')), ['malformed']);
  assert.deepEqual(await check(good.replace('"kind": "organization"', '"kind": "company"')), ['field-invalid', 'signature-invalid']);
  assert.deepEqual(await check('[]'), ['malformed']);
  assert.deepEqual(await check(''), ['malformed']);
});

// FORMAT.md §5: the verifier's NFC is its own (Unicode 18.0.0 tables, 09-unicode.js). Node's ICU
// (an older Unicode) is an independent oracle for every character both know: NFC is stable for
// assigned characters across versions (Unicode's normalization stability policy).
test('NFC from the page’s own tables agrees with ICU on every character both versions assign', () => {
  const { isNfc, isOfClass, decompositions, version } = U.unicode;
  assert.equal(version, '18.0.0');
  const assignedHere = /\P{Cn}/u;
  const both = (cp) => !isOfClass('Cn', cp) && !(cp >= 0xd800 && cp <= 0xdfff) && assignedHere.test(String.fromCodePoint(cp));
  const icu = (s) => s.normalize('NFC') === s;
  const disagree = [];
  const check = (s) => {
    if (isNfc(s) !== icu(s)) disagree.push([...s].map((c) => c.codePointAt(0).toString(16)).join(' '));
  };
  let n = 0;
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (!both(cp)) continue;
    const c = String.fromCodePoint(cp);
    check(c);
    n++;
  }
  // Every decomposable character as its decomposition, with marks reordered, and after a base.
  const marks = ['\u0301', '\u0327', '\u0323', '\u0308', '\u031b', '\u0345', '\u05b0', '\u0654', '\u093c', '\u3099'];
  for (const [cp, d] of decompositions) {
    if (!d.every(both) || !both(cp)) continue;
    const s = String.fromCodePoint(...d);
    check(s);
    check(String.fromCodePoint(cp));
    for (const m of marks) {
      check(s + m);
      check(String.fromCodePoint(cp) + m);
      check('a' + m + s);
    }
    if (d.length >= 2) check(String.fromCodePoint(d[0], ...d.slice(1).reverse()));
  }
  // Hangul: syllables, their jamo, and jamo sequences that compose.
  for (const s of ['\u1100\u1161', '\u1100\u1161\u11a8', '\uac00\u11a8', '\uac01', '\u1100\u1161\u0301', '\ud55c\uae00']) check(s);
  assert.ok(n > 280000, `${n} characters checked`);
  assert.deepEqual(disagree.slice(0, 20), []);
});
