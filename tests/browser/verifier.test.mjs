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

test('every vector verifies as docs/vectors/index.json says', async () => {
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
});

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
  assert.deepEqual(await check(good.replace('"kind": "organization"', '"kind": "company"')), ['malformed']);
  assert.deepEqual(await check('[]'), ['malformed']);
  assert.deepEqual(await check(''), ['malformed']);
});
