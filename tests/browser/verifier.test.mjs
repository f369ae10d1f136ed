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
  let tiered = 0;
  for (const v of index) {
    const bytes = new Uint8Array(readFileSync(join(vectors, v.file)));
    const prev = v.previous ? new Uint8Array(readFileSync(join(vectors, v.previous))) : null;
    const o = await U.check(v.kind, bytes, prev);
    if (o.valid !== v.valid || JSON.stringify(o.codes) !== JSON.stringify(v.codes)) {
      wrong.push(`${v.file} (previous ${v.previous}): expected ${v.valid} ${v.codes}, got ${o.valid} ${o.codes} — ${JSON.stringify(o.failures)}`);
    }
    assert.equal(o.valid, o.failures.length === 0);
    if (v.tiers) {
      // What the verifier computes besides the verdict (FORMAT.md §12): tiers and vouchers.
      const tiers = o.report.entries.map((e) => (e.tier ? e.tier.tier : null));
      const vouchers = o.report.entries.map((e) => (e.vouchers === undefined ? null : e.vouchers));
      if (JSON.stringify(tiers) !== JSON.stringify(v.tiers) || JSON.stringify(vouchers) !== JSON.stringify(v.vouchers)) {
        wrong.push(`${v.file}: expected tiers ${v.tiers} vouchers ${v.vouchers}, got ${tiers} ${vouchers}`);
      }
      tiered++;
    }
  }
  assert.ok(tiered >= 10, `only ${tiered} vectors give tiers`);
  assert.deepEqual(wrong, []);
}

test('the website host of every website of website-hosts.json (FORMAT.md §14.7), as the Rust verifier', () => {
  const cases = JSON.parse(readFileSync(join(vectors, 'website-hosts.json'), 'utf8'));
  assert.ok(cases.length >= 30);
  for (const c of cases) assert.equal(U.websiteHost(c.website), c.host, c.website);
});

// What the codes of index.json cannot say (each is listed once): one counts-mismatch for two
// counts wrong, and both failures of one entry (FORMAT.md §10.2 checks 6 and 7).
test('failures are counted as the reading amendment says', async () => {
  const places = async (file) =>
    (await U.check('bundle', new Uint8Array(readFileSync(join(vectors, file))), null)).failures.map((f) => [f.code, f.at]);
  assert.deepEqual(await places('bundle-counts-two-wrong.json'), [['counts-mismatch', 'release']]);
  assert.deepEqual(await places('bundle-entry-field-and-signature.json'), [
    ['field-invalid', 'entries[0]'],
    ['signature-invalid', 'entries[0]'],
  ]);
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

// The same value from parseJson (Maps, numbers as text) and from parsePlainJson (plain objects,
// Numbers).
function sameValue(exact, quick) {
  if (exact instanceof Map) {
    if (typeof quick !== 'object' || quick === null || Array.isArray(quick)) return false;
    const keys = Object.keys(quick);
    return keys.length === exact.size && keys.every((k) => exact.has(k) && sameValue(exact.get(k), quick[k]));
  }
  if (Array.isArray(exact)) return Array.isArray(quick) && quick.length === exact.length && exact.every((x, i) => sameValue(x, quick[i]));
  if (exact !== null && typeof exact === 'object') return typeof quick === 'number' && Number(exact.text) === quick;
  return exact === quick;
}

test("the entries' fast reader reads what the strict parser reads, or leaves the text to it", () => {
  const decided = [];
  const texts = [];
  const dir = join(thirdParty, 'jsontestsuite', 'test_parsing');
  for (const f of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
    try {
      texts.push([f, new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(readFileSync(join(dir, f)))]);
    } catch (e) {
      // not UTF-8: never reaches either reader
    }
  }
  // Every entry of every bundle vector, as the page cuts them out.
  for (const f of readdirSync(vectors).filter((name) => name.startsWith('bundle-'))) {
    const bytes = new Uint8Array(readFileSync(join(vectors, f)));
    const split = U.splitBundle(bytes);
    if (!split) continue;
    for (let k = 0; k < split.offsets.length; k += 2) {
      texts.push([`${f} entry ${k / 2}`, new TextDecoder().decode(bytes.subarray(split.offsets[k], split.offsets[k + 1]))]);
    }
  }
  const entry = texts.find(([name]) => name === 'bundle-release-1.json entry 0')[1];
  const undecided = {
    'a member twice': '{"a":1,"a":1}',
    'a member twice, deeper': '{"a":{"b":[{"c":2,"c":3}]}}',
    '__proto__ twice': '{"__proto__":1,"__proto__":2}',
    'a fraction': '{"a":1.0}',
    'an exponent': '{"a":1e2}',
    'a negative number': '{"a":-1}',
    'an escape': '{"a":"\\u00e9"}',
    'a lone surrogate escape': '["\\ud800"]',
    'a literal': '{"a":true}',
    'null': 'null',
    'a byte order mark': '\ufeff{}',
    'nested deeper than the fast path goes': '['.repeat(20) + ']'.repeat(20),
    'trailing characters': '{"a":1}x',
    'an entry with a member twice': entry.replace('"signed": {', '"signed": {"format": "undersigned/1",'),
  };
  for (const [what, text] of Object.entries(undecided)) {
    assert.equal(U.parsePlainJson(text, 2), undefined, what);
    texts.push([what, text]);
  }
  for (const [name, text] of texts) {
    const quick = U.parsePlainJson(text, 2);
    if (quick === undefined) continue;
    decided.push(name);
    let exact;
    assert.doesNotThrow(() => (exact = U.parseJson(text, true, 2)), `${name}: the fast reader read what the strict one refuses`);
    assert.ok(sameValue(exact, quick), `${name}: another value`);
  }
  // The fast path decides what publications hold: every entry of the vectors but the hostile ones.
  assert.ok(U.parsePlainJson(entry, 2) !== undefined, 'a real entry');
  assert.ok(decided.filter((n) => n.includes(' entry ')).length >= 100, `${decided.length} decided`);
  assert.ok(decided.some((n) => n.startsWith('y_')), 'some of JSONTestSuite');
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

// ---------------------------------------------------------------------------------------------
// The amendments of 2026-12-04 on objects signed here with Node's Ed25519 (the messages of §3.1,
// the digests and ids of §4, the log of §9): written from FORMAT.md, apart from the vectors.
// ---------------------------------------------------------------------------------------------

// Signed objects for the end-to-end tests.
const FORMAT = 'undersigned/1';
const STATEMENT_ID = '9f1c0e6a4b2d8e7f0a1b2c3d4e5f6071';
const utf8 = (s) => Buffer.from(s, 'utf8');
const sha256hex = (...parts) => createHash('sha256').update(Buffer.concat(parts)).digest('hex');
const tagged = (context, text) => Buffer.concat([utf8(context), Buffer.from([0]), utf8(text)]);
function keyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { pub: publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('hex'), priv: privateKey };
}
const envelope = (kind, key, body) => ({ signed: body, signature: sign(null, tagged(`undersigned/1/${kind}`, U.jcs(body)), key.priv).toString('hex') });
const entryIdOf = (entry) => sha256hex(Buffer.from([0]), utf8(U.jcs(entry)));
function mth(ids) {
  if (ids.length === 0) return sha256hex();
  if (ids.length === 1) return ids[0];
  let k = 1;
  while (k * 2 < ids.length) k *= 2;
  return sha256hex(Buffer.from([1]), Buffer.from(mth(ids.slice(0, k)), 'hex'), Buffer.from(mth(ids.slice(k)), 'hex'));
}

/** Statement version `n` signed by `lead`; `edit(body)` may change the body before it is signed. */
function statementVersion(lead, n, opened_at, edit = () => {}) {
  const texts = [{ language: 'en', title: `Statement, version ${n}`, body: `We, the undersigned (version ${n}).` }];
  const body = {
    format: FORMAT, type: 'statement-version', statement_id: STATEMENT_ID, version: n, texts,
    digest: sha256hex(tagged('undersigned/1/statement-text', U.jcs({ statement_id: STATEMENT_ID, texts, version: n }))),
    lead: { public_key: lead.pub, name: 'Coalition' }, opened_at,
  };
  edit(body);
  return envelope('statement-version', lead, body);
}
function endorsement(signer, version, signed_at, edit = () => {}) {
  const v = version.signed;
  const body = {
    format: FORMAT, type: 'endorsement',
    statement: { id: v.statement_id, version: v.version, digest: v.digest, lead_key: v.lead.public_key },
    signer: { public_key: signer.pub, name: `Signer ${signer.pub.slice(0, 6)}`, kind: 'organization', country: 'KE' },
    signed_at,
  };
  edit(body);
  return { endorsement: envelope('endorsement', signer, body) };
}
function withdrawal(signer, entry, withdrawn_at, edit = () => {}) {
  const s = entry.endorsement.signed.statement;
  const body = {
    format: FORMAT, type: 'withdrawal', statement: { id: s.id, lead_key: s.lead_key },
    endorsement: entryIdOf(entry), signer_key: signer.pub, withdrawn_at,
  };
  edit(body);
  return { withdrawal: envelope('withdrawal', signer, body) };
}
/** A bundle whose release is right for its entries, with `withdrawn` endorsements withdrawn. */
function bundle(lead, versions, entries, { number = 1, issued_at = '2026-10-01T12:00:00Z', previous = null, withdrawn, edit = () => {} } = {}) {
  const ids = entries.map(entryIdOf);
  const endorsements = entries.filter((e) => e.endorsement).length;
  const withdrawals = entries.length - endorsements;
  withdrawn = withdrawn === undefined ? withdrawals : withdrawn;
  const first = versions[0].signed;
  const body = {
    format: FORMAT, type: 'release', statement_id: first.statement_id, lead_key: first.lead.public_key, number, issued_at,
    versions: versions.map((v) => ({ version: v.signed.version, digest: v.signed.digest })),
    log: { size: entries.length, root: mth(ids) },
    counts: { endorsements, withdrawals, signatories: endorsements - withdrawn, withdrawn },
  };
  if (previous) {
    const p = previous.release;
    body.previous = { number: p.signed.number, id: sha256hex(tagged('undersigned/1/release-id', U.jcs(p))), log: p.signed.log };
  }
  edit(body);
  return { format: FORMAT, type: 'bundle', statement_versions: versions, release: envelope('release', lead, body), entries };
}
const checkObject = (kind, v, previous) => U.check(kind, utf8(JSON.stringify(v)), previous ? utf8(JSON.stringify(previous)) : null);
const codesAt = (o) => o.failures.map((f) => `${f.code}@${f.at}`).sort();
const upper = (s) => s.toUpperCase();

test('signed objects made here verify (the builder of the tests below is right)', async () => {
  const lead = keyPair(), a = keyPair(), b = keyPair();
  const v1 = statementVersion(lead, 1, '2026-03-01T09:00:00Z');
  const ea = endorsement(a, v1, '2026-03-02T10:00:00Z'), eb = endorsement(b, v1, '2026-03-02T11:00:00Z');
  const o = await checkObject('bundle', bundle(lead, [v1], [ea, eb, withdrawal(b, eb, '2026-04-01T00:00:00Z')]));
  assert.deepEqual(o.failures, []);
  assert.equal(o.report.signatories, 1);
  assert.equal(o.report.withdrawn, 1);
  assert.deepEqual((await checkObject('endorsement', ea.endorsement)).failures, []);
  assert.deepEqual((await checkObject('withdrawal', withdrawal(b, eb, '2026-04-01T00:00:00Z').withdrawal)).failures, []);
  assert.deepEqual((await checkObject('invitation', { format: FORMAT, type: 'invitation', statement: v1 })).failures, []);
});

test('hex members that are only compared are field-invalid, and then compared with nothing (§1)', async () => {
  const lead = keyPair(), a = keyPair(), b = keyPair();
  const v1 = statementVersion(lead, 1, '2026-03-01T09:00:00Z');
  const ea = endorsement(a, v1, '2026-03-02T10:00:00Z');
  const lone = async (kind, entry) => (await checkObject(kind, entry[kind])).codes;
  // Lone files.
  assert.deepEqual(await lone('endorsement', endorsement(b, v1, '2026-03-02T11:00:00Z', (x) => (x.statement.lead_key = upper(x.statement.lead_key)))), ['field-invalid']);
  assert.deepEqual(await lone('endorsement', endorsement(b, v1, '2026-03-02T11:00:00Z', (x) => (x.statement.id = upper(x.statement.id)))), ['field-invalid']);
  assert.deepEqual(await lone('endorsement', endorsement(b, v1, '2026-03-02T11:00:00Z', (x) => (x.statement.digest = x.statement.digest.slice(2)))), ['field-invalid']);
  assert.deepEqual(await lone('withdrawal', withdrawal(a, ea, '2026-04-01T00:00:00Z', (x) => (x.statement.lead_key = upper(x.statement.lead_key)))), ['field-invalid']);
  assert.deepEqual(await lone('withdrawal', withdrawal(a, ea, '2026-04-01T00:00:00Z', (x) => (x.statement.id = upper(x.statement.id)))), ['field-invalid']);
  assert.deepEqual(await lone('withdrawal', withdrawal(a, ea, '2026-04-01T00:00:00Z', (x) => (x.endorsement = upper(x.endorsement)))), ['field-invalid']);
  // In a bundle: one field-invalid at the entry, and no statement-mismatch.
  for (const [what, edit] of [
    ['lead_key', (x) => (x.statement.lead_key = upper(x.statement.lead_key))],
    ['statement id', (x) => (x.statement.id = upper(x.statement.id))],
    ['statement digest', (x) => (x.statement.digest = upper(x.statement.digest))],
  ]) {
    const eb = endorsement(b, v1, '2026-03-02T11:00:00Z', edit);
    assert.deepEqual(codesAt(await checkObject('bundle', bundle(lead, [v1], [ea, eb]))), ['field-invalid@entries[1]'], what);
  }
  for (const [what, edit] of [
    ['lead_key', (x) => (x.statement.lead_key = upper(x.statement.lead_key))],
    ['statement id', (x) => (x.statement.id = upper(x.statement.id))],
  ]) {
    const w = withdrawal(a, ea, '2026-04-01T00:00:00Z', edit);
    // The withdrawal has a failure of its own: it withdraws nothing, so nothing is withdrawn.
    const o = await checkObject('bundle', bundle(lead, [v1], [ea, w], { withdrawn: 0 }));
    assert.deepEqual(codesAt(o), ['field-invalid@entries[1]'], what);
  }
  // A withdrawal's `endorsement` that breaks its form names no entry: it is also unmatched (as
  // the Rust verifier reads it: naming nothing is not a comparison).
  const wUpper = withdrawal(a, ea, '2026-04-01T00:00:00Z', (x) => (x.endorsement = upper(x.endorsement)));
  assert.deepEqual(codesAt(await checkObject('bundle', bundle(lead, [v1], [ea, wUpper], { withdrawn: 0 }))), ['field-invalid@entries[1]', 'withdrawal-unmatched@entries[1]']);
  // An endorsement naming an uncarried version with a digest that breaks its form: the pair is
  // not compared, field-invalid alone.
  const eUncarried = endorsement(b, v1, '2026-03-02T11:00:00Z', (x) => Object.assign(x.statement, { version: 7, digest: upper(x.statement.digest) }));
  assert.deepEqual(codesAt(await checkObject('bundle', bundle(lead, [v1], [ea, eUncarried]))), ['field-invalid@entries[1]']);
  // The release listing a digest that breaks its form: its list is not compared (no version-invalid).
  assert.deepEqual(codesAt(await checkObject('bundle', bundle(lead, [v1], [ea], { edit: (r) => (r.versions = [{ version: 1, digest: upper(r.versions[0].digest) }, { version: 2, digest: v1.signed.digest }]) }))), ['field-invalid@release']);
  // A statement version whose digest is upper case: field-invalid, and neither digest-mismatch
  // nor, in the release's list or an endorsement naming it in lower case, any mismatch.
  const vUpper = statementVersion(lead, 1, '2026-03-01T09:00:00Z', (x) => (x.digest = upper(x.digest)));
  const eUpper = endorsement(a, vUpper, '2026-03-02T10:00:00Z', (x) => (x.statement.digest = x.statement.digest.toLowerCase()));
  assert.deepEqual(codesAt(await checkObject('bundle', bundle(lead, [vUpper], [eUpper], { edit: (r) => (r.versions[0].digest = r.versions[0].digest.toLowerCase()) }))), ['field-invalid@statement_versions[0]']);
  // A statement id in upper case everywhere: field-invalid where it stands, no statement-mismatch.
  const vId = statementVersion(lead, 1, '2026-03-01T09:00:00Z', (x) => (x.statement_id = upper(x.statement_id)));
  assert.deepEqual(codesAt(await checkObject('bundle', bundle(lead, [vId], [], { edit: (r) => (r.statement_id = STATEMENT_ID) }))), ['field-invalid@statement_versions[0]']);
  // The release's log root in upper case: field-invalid, no log-mismatch.
  assert.deepEqual(codesAt(await checkObject('bundle', bundle(lead, [v1], [ea], { edit: (r) => (r.log.root = upper(r.log.root)) }))), ['field-invalid@release']);
  // Release 2 naming release 1's id and log root in upper case: field-invalid, no previous-mismatch.
  const r1 = bundle(lead, [v1], [ea]);
  const r2 = bundle(lead, [v1], [ea], { number: 2, previous: r1, edit: (r) => (r.previous.id = upper(r.previous.id)) });
  assert.deepEqual(codesAt(await checkObject('bundle', r2, r1)), ['field-invalid@release']);
  const r2root = bundle(lead, [v1], [ea], { number: 2, previous: r1, edit: (r) => (r.previous.log = { size: 1, root: upper(r.previous.log.root) }) });
  assert.deepEqual(codesAt(await checkObject('bundle', r2root, r1)), ['field-invalid@release']);
  // The keys that are verified stay key-invalid.
  const badKey = envelope('endorsement', b, { ...endorsement(b, v1, '2026-03-02T11:00:00Z').endorsement.signed, signer: { public_key: upper(b.pub), name: 'B', kind: 'organization', country: 'KE' } });
  assert.deepEqual((await checkObject('endorsement', badKey)).codes, ['key-invalid']);
});

test('kind outside its two values is field-invalid, a wrong JSON type malformed (§5)', async () => {
  const lead = keyPair(), a = keyPair();
  const v1 = statementVersion(lead, 1, '2026-03-01T09:00:00Z');
  const company = endorsement(a, v1, '2026-03-02T10:00:00Z', (x) => (x.signer.kind = 'company'));
  assert.deepEqual((await checkObject('endorsement', company.endorsement)).codes, ['field-invalid']);
  const o = await checkObject('bundle', bundle(lead, [v1], [company], { withdrawn: 0 }));
  assert.deepEqual(codesAt(o), ['field-invalid@entries[0]']);
  assert.equal(o.report.entries[0].status, 'invalid');
});

test('a language twice in other capitals, and bidirectional overrides, in a signed version (§5)', async () => {
  const lead = keyPair();
  const withTexts = (texts) => (x) => {
    x.texts = texts;
    x.digest = sha256hex(tagged('undersigned/1/statement-text', U.jcs({ statement_id: x.statement_id, texts, version: x.version })));
  };
  const invitation = (edit) => checkObject('invitation', { format: FORMAT, type: 'invitation', statement: statementVersion(lead, 1, '2026-03-01T09:00:00Z', edit) });
  const t = (language, body = 'Text.') => ({ language, title: 'Title', body });
  assert.deepEqual((await invitation(withTexts([t('en-GB'), t('en-gb')]))).codes, ['field-invalid']);
  assert.deepEqual((await invitation(withTexts([t('en-GB'), t('en-US')]))).codes, []);
  assert.deepEqual((await invitation(withTexts([t('en', 'See \u202eevil\u202c.')]))).codes, ['field-invalid']);
  assert.deepEqual((await invitation(withTexts([t('en', 'With \u2067منظمة\u2069\u200f.')]))).codes, []);
  assert.deepEqual((await invitation(withTexts([t('en', 'Open \u2067\nclosed \u2069')]))).codes, ['field-invalid']);
});

test('time order: versions opened in order, a release not issued before them (§9, §10.2)', async () => {
  const lead = keyPair(), a = keyPair();
  const v1 = statementVersion(lead, 1, '2026-03-01T09:00:00Z');
  const ea = endorsement(a, v1, '2026-02-01T00:00:00Z'); // two clocks: not compared
  const at = async (versions, options) => codesAt(await checkObject('bundle', bundle(lead, versions, [ea], options)));
  assert.deepEqual(await at([v1, statementVersion(lead, 2, '2026-03-01T09:00:01Z')]), []);
  assert.deepEqual(await at([v1, statementVersion(lead, 2, '2026-03-01T09:00:00Z')]), ['time-order@statement_versions[1]'], 'the same time');
  assert.deepEqual(await at([v1, statementVersion(lead, 2, '2026-02-01T09:00:00Z')]), ['time-order@statement_versions[1]'], 'earlier');
  assert.deepEqual(
    await at([v1, statementVersion(lead, 2, '2026-02-01T09:00:00Z'), statementVersion(lead, 3, '2026-02-02T09:00:00Z')]),
    ['time-order@statement_versions[1]'],
    'each version against the one before it'
  );
  // Versions out of order are version-invalid alone.
  // (Version 2 then version 1, opened in the order of their numbers: opened_at decreases along
  // the list, but a version is compared only with one before it of a lower number.)
  assert.deepEqual(await at([statementVersion(lead, 2, '2026-04-01T09:00:00Z'), v1]), ['version-invalid@statement_versions[1]']);
  // A timestamp that breaks §1 is field-invalid and compared with nothing.
  assert.deepEqual(await at([v1, statementVersion(lead, 2, '2026-02-01 09:00:00')]), ['field-invalid@statement_versions[1]']);
  // The release against the versions it carries: one failure at release.
  assert.deepEqual(await at([v1], { issued_at: '2026-03-01T09:00:00Z' }), [], 'the same second');
  assert.deepEqual(await at([v1], { issued_at: '2026-02-20T00:00:00Z' }), ['time-order@release']);
  assert.deepEqual(
    await at([v1, statementVersion(lead, 2, '2026-04-01T00:00:00Z')], { issued_at: '2026-02-20T00:00:00Z' }),
    ['time-order@release'],
    'one failure, however many versions are later'
  );
  assert.deepEqual(await at([v1], { issued_at: '2026-02-30T00:00:00Z' }), ['field-invalid@release']);
});

test('time order: a withdrawal dated before its endorsement withdraws nothing (§10.2 check 11)', async () => {
  const lead = keyPair(), a = keyPair(), b = keyPair();
  const v1 = statementVersion(lead, 1, '2026-03-01T09:00:00Z');
  const ea = endorsement(a, v1, '2026-03-04T15:12:09Z');
  const eb = endorsement(b, v1, '2026-03-05T00:00:00Z');
  const check = (entries, withdrawn) => checkObject('bundle', bundle(lead, [v1], entries, { withdrawn }));
  // The same second is not earlier.
  assert.deepEqual(codesAt(await check([ea, withdrawal(a, ea, '2026-03-04T15:12:09Z')], 1)), []);
  // Earlier: time-order; the endorsement stays active and is not counted as withdrawn.
  const early = withdrawal(a, ea, '2026-03-04T15:12:08Z');
  let o = await check([ea, early], 0);
  assert.deepEqual(codesAt(o), ['time-order@entries[1]']);
  assert.equal(o.report.signatories, 1);
  assert.equal(o.report.withdrawn, 0);
  assert.equal(o.report.entries[0].status, 'active');
  assert.deepEqual(codesAt(await check([ea, early], 1)), ['counts-mismatch@release', 'time-order@entries[1]'], 'counted as withdrawn: the counts are wrong');
  // The active endorsement is not cleared: the same key endorsing again is duplicate-signer.
  const again = endorsement(a, v1, '2026-05-01T00:00:00Z', (x) => (x.signer.name = 'Again'));
  assert.deepEqual(codesAt(await check([ea, early, again], 0)), ['duplicate-signer@entries[2]', 'time-order@entries[1]']);
  // A later good withdrawal of the same endorsement withdraws it, and is not withdrawal-duplicate.
  assert.deepEqual(codesAt(await check([ea, early, withdrawal(a, ea, '2026-04-01T00:00:00Z')], 1)), ['time-order@entries[1]']);
  // An earlier good withdrawal, then an early one: time-order, not withdrawal-duplicate.
  assert.deepEqual(codesAt(await check([ea, withdrawal(a, ea, '2026-04-01T00:00:00Z'), early], 1)), ['time-order@entries[2]']);
  // Wrong key and unmatched come first, one code per withdrawal.
  assert.deepEqual(codesAt(await check([ea, eb, withdrawal(b, ea, '2026-03-01T00:00:00Z')], 0)), ['withdrawal-wrong-key@entries[2]']);
  assert.deepEqual(codesAt(await check([early, ea], 0)), ['withdrawal-unmatched@entries[0]']);
  // Nothing is required of an endorsement's signed_at against the version or the release.
  const before = endorsement(b, v1, '2026-01-01T00:00:00Z');
  const after = endorsement(b, v1, '2027-01-01T00:00:00Z');
  assert.deepEqual(codesAt(await check([before], 0)), []);
  assert.deepEqual(codesAt(await check([after], 0)), []);
});

test('release R carries every version of the previous release unchanged (§10.3)', async () => {
  const lead = keyPair(), a = keyPair();
  const v1 = statementVersion(lead, 1, '2026-03-01T09:00:00Z');
  const v2 = statementVersion(lead, 2, '2026-05-01T09:00:00Z');
  const ea = endorsement(a, v1, '2026-03-04T15:12:09Z');
  const r1 = bundle(lead, [v1], [ea]);
  const r2 = (versions) => bundle(lead, versions, [ea], { number: 2, previous: r1 });
  assert.deepEqual(codesAt(await checkObject('bundle', r2([v1, v2]), r1)), [], 'a version added');
  assert.deepEqual(codesAt(await checkObject('bundle', r2([v1]), r1)), []);
  // Version 1 signed again under another lead name: the same digest, another envelope.
  const resigned = statementVersion(lead, 1, '2026-03-01T09:00:00Z', (x) => (x.lead.name = 'Another name'));
  assert.equal(resigned.signed.digest, v1.signed.digest);
  assert.deepEqual(codesAt(await checkObject('bundle', r2([resigned, v2]))), [], 'valid on its own');
  assert.deepEqual(codesAt(await checkObject('bundle', r2([resigned, v2]), r1)), ['previous-mismatch@previous']);
  // Signed again with the same body: Ed25519 is deterministic, so only another opened_at changes it.
  const reopened = statementVersion(lead, 1, '2026-03-01T09:00:01Z');
  assert.deepEqual(codesAt(await checkObject('bundle', r2([reopened, v2]), r1)), ['previous-mismatch@previous']);
  // Version 1 dropped (the endorsement then names a version the bundle does not carry).
  const dropped = await checkObject('bundle', r2([v2]), r1);
  assert.deepEqual(dropped.failures.filter((f) => f.at === 'previous').map((f) => f.code), ['previous-mismatch']);
  // One failure per version of P.
  const p2 = bundle(lead, [v1, v2], [ea]);
  const r3 = bundle(lead, [statementVersion(lead, 3, '2026-06-01T09:00:00Z')], [], { number: 2, previous: p2 });
  const o = await checkObject('bundle', r3, p2);
  assert.equal(o.failures.filter((f) => f.code === 'previous-mismatch' && /version [12] /.test(f.message)).length, 2);
});

// Issue 21: the page reads a bundle's head and its entries apart (the entries on its workers).
// Read split or in one piece, every bundle gives the same outcome, to the message: the vectors,
// and layouts made to trip the split (names written with escapes, brackets in strings, a member
// twice, broken UTF-8 or JSON inside one entry, nesting at the limit).
test('a bundle read split gives the same outcome as read in one piece, on every vector and hostile layout', async () => {
  const index = JSON.parse(readFileSync(join(vectors, 'index.json'), 'utf8'));
  const read = (f) => new Uint8Array(readFileSync(join(vectors, f)));
  const cases = index.filter((v) => v.kind === 'bundle').map((v) => [v.file, read(v.file), v.previous ? read(v.previous) : null]);
  const text = readFileSync(join(vectors, 'bundle-release-2.json'), 'utf8');
  const enc = (s) => new Uint8Array(Buffer.from(s, 'utf8'));
  const compact = JSON.stringify(JSON.parse(text));
  const entriesAt = compact.indexOf('"entries":[') + '"entries":['.length;
  const firstEntryEnd = compact.indexOf('},{"', entriesAt) + 1;
  const nested = (d) => '['.repeat(d) + ']'.repeat(d);
  const layouts = {
    'compact': compact,
    'spaced': compact.replace(/,\{"(endorsement|withdrawal)"/g, ' ,\n\t {"$1"').replace('"entries":[', '"entries" : [ \r\n'),
    'entries first': `{"entries":${JSON.stringify(JSON.parse(text).entries)},${compact.slice(1).replace(/,"entries":\[.*\]\}$/, '')}}`,
    'name with an escape': compact.replace('"entries":', '"\\u0065ntries":'),
    'entries twice': compact.replace(/\}$/, ',"entries":[]}'),
    'entries twice, the second not an array': compact.replace(/\}$/, ',"entries":7}'),
    'entries not an array': compact.replace(/"entries":\[.*\]\}$/, '"entries":{"a":1}}'),
    'no entries': compact.replace(/,"entries":\[.*\]\}$/, '}'),
    'empty entries': compact.replace(/"entries":\[.*\]\}$/, '"entries":[ ]}'),
    'a bracket and a quote in a name': compact.replace(/"name":"([^"]*)"/, '"name":"$1 ]}\\" {["'),
    'a backslash before a quote at the end of a name': compact.replace(/"name":"([^"]*)"/, '"name":"$1\\\\"'),
    'an entry that is a number': compact.slice(0, entriesAt) + '5,' + compact.slice(entriesAt),
    'an entry that is null': compact.slice(0, entriesAt) + 'null ,' + compact.slice(entriesAt),
    'an entry nested at the limit': compact.slice(0, entriesAt) + nested(126) + ',' + compact.slice(entriesAt),
    'an entry nested past the limit': compact.slice(0, entriesAt) + nested(127) + ',' + compact.slice(entriesAt),
    'a duplicate member in an entry': compact.slice(0, firstEntryEnd - 1) + ',"endorsement":{}' + compact.slice(firstEntryEnd - 1),
    'an entry in a foreign format, and a member twice': compact.replace('"format":"undersigned/1","type":"endorsement"', '"format":"undersigned/9","type":"endorsement"').replace(/\}$/, ',"type":"bundle"}'),
    'an entry in a foreign format': compact.replace('"format":"undersigned/1","type":"endorsement"', '"format":"undersigned/9","type":"endorsement"'),
    'an entry of another type': compact.replace('"format":"undersigned/1","type":"endorsement"', '"format":"undersigned/1","type":"withdrawal"'),
    'an unterminated string in the entries': compact.slice(0, entriesAt) + '"abc\\"',
    'an unclosed entry': compact.slice(0, entriesAt) + '{"endorsement":',
    'a missing comma between entries': compact.slice(0, firstEntryEnd) + compact.slice(firstEntryEnd + 1),
    'trailing characters': compact + ' x',
    'not an object': `[${compact}]`,
  };
  // A bundle 1.1, whose head says its entries are of five kinds (§14.3), each kind in its format.
  const compact11 = JSON.stringify(JSON.parse(readFileSync(join(vectors, 'bundle-1-1-release-3.json'), 'utf8')));
  const hiddenSigned = '"format":"undersigned/1.1","type":"hidden-endorsement"';
  const vouchSigned = '"format":"undersigned/1.1","type":"vouch"';
  Object.assign(layouts, {
    'format 1.1, compact': compact11,
    'format 1.1, an entry of a sixth kind': compact11.replace('{"hidden":{', '{"secret":{'),
    'format 1.1, a hidden entry typed as a vouch': compact11.replace(hiddenSigned, vouchSigned),
    'format 1.1, a vouch in format 1': compact11.replace(vouchSigned, '"format":"undersigned/1","type":"vouch"'),
    'format 1.1, an entry of two kinds': compact11.replace('{"hidden":{', '{"vouch":{},"hidden":{'),
    'format 1.1, a hidden entry in format 1, and a member twice': compact11.replace(hiddenSigned, '"format":"undersigned/1","type":"hidden-endorsement"').replace(/\}$/, ',"type":"bundle"}'),
  });
  for (const [name, s] of Object.entries(layouts)) cases.push([name, enc(s), null]);
  // Broken UTF-8 inside the second entry, and a NUL byte between entries.
  const bytes = enc(compact);
  const broken = bytes.slice();
  broken[firstEntryEnd + 30] = 0xff;
  cases.push(['broken UTF-8 in an entry', broken, null]);
  cases.push(['a NUL byte between entries', new Uint8Array([...bytes.subarray(0, firstEntryEnd), 0, ...bytes.subarray(firstEntryEnd)]), null]);

  // The split is taken where it should be: every entry of the compact layout found.
  const split = U.splitBundle(enc(compact));
  assert.ok(split, 'a well-formed bundle splits');
  assert.equal(split.offsets.length / 2, JSON.parse(text).entries.length);
  assert.equal(U.splitBundle(enc(layouts['entries twice'])), null, 'a second entries array is left to the one-piece reader');
  // Well-formed layouts are read split, to the end: no part needed the one-piece reader.
  const wellFormed = ['compact', 'spaced', 'entries first', 'name with an escape', 'empty entries', 'a bracket and a quote in a name', 'a backslash before a quote at the end of a name'];
  for (const name of wellFormed) {
    const { bundle, checked } = await U.readBundle(enc(layouts[name]), null);
    assert.ok(checked, `${name}: read split`);
    assert.equal(bundle.entries.length, name === 'empty entries' ? 0 : JSON.parse(text).entries.length, `${name}: every entry`);
  }
  // Every valid bundle vector is read split, of either format (1.1's entries are of five kinds).
  const valid = index.filter((x) => x.kind === 'bundle' && x.valid);
  assert.ok(valid.some((v) => v.file.startsWith('bundle-1-1')), 'bundle vectors of format 1.1 are among them');
  for (const v of valid) {
    const { checked } = await U.readBundle(read(v.file), null);
    assert.ok(checked, `${v.file}: read split`);
  }

  const differ = [];
  for (const [name, b, prev] of cases) {
    U.splitBundles(true);
    const apart = await U.check('bundle', b, prev);
    U.splitBundles(false);
    const whole = await U.check('bundle', b, prev);
    U.splitBundles(true);
    if (JSON.stringify(apart) !== JSON.stringify(whole)) differ.push(`${name}: split ${JSON.stringify(apart.failures)} whole ${JSON.stringify(whole.failures)}`);
  }
  assert.deepEqual(differ, []);
  // The entries of a bundle 1.1 that do not read as their kind are the one-piece reader's verdict.
  const verdicts11 = {};
  for (const [name, b] of cases) if (name.startsWith('format 1.1')) verdicts11[name] = (await U.check('bundle', b, null)).codes.join(' ');
  assert.deepEqual(verdicts11, {
    'format 1.1, compact': '',
    'format 1.1, an entry of a sixth kind': 'malformed',
    'format 1.1, a hidden entry typed as a vouch': 'unsupported-format',
    'format 1.1, a vouch in format 1': 'unsupported-format',
    'format 1.1, an entry of two kinds': 'malformed',
    'format 1.1, a hidden entry in format 1, and a member twice': 'unsupported-format',
  });
  // Fed the bytes as a page's parts arrive, cut anywhere, the splitter finds what it finds fed
  // them at once, and where they split, the entries it has found at each cut are the first of those.
  const shown = (s) => s && JSON.stringify({ head: Buffer.from(s.head).toString('latin1'), offsets: s.offsets });
  const cutDiffer = [];
  let splits = 0;
  for (const [name, b] of cases) {
    const whole = U.splitBundle(b);
    if (whole) splits++;
    for (const step of [1, 2, 3, 7, 64, 1000]) {
      const s = U.bundleSplitter();
      let known = 0;
      for (let n = step; n < b.length; n += step) {
        s.more(b, n);
        if (s.offsets.length === known) continue;
        known = s.offsets.length;
        if (whole && s.offsets.some((x, k) => x !== whole.offsets[k])) cutDiffer.push(`${name}, ${step} bytes at a time: ${known / 2} entries at byte ${n}`);
      }
      if (shown(s.end(b)) !== shown(whole)) cutDiffer.push(`${name}, ${step} bytes at a time`);
    }
  }
  assert.deepEqual(cutDiffer, []);
  assert.ok(splits > 10 && splits < cases.length, `${splits} of ${cases.length} cases split: some do, some do not`);
  // The layouts are not all the same verdict: the test compares readings that can differ.
  const verdicts = new Set();
  for (const [, b] of cases) verdicts.add((await U.check('bundle', b, null)).codes.join(','));
  assert.ok(verdicts.size >= 5, `only ${verdicts.size} different verdicts`);
});

// The fast path's gate works on bytes (issue 21): it must say what the numbers say, at every edge.
// Issue 21: each whole batch of 512 entries is hashed by the worker that checks it, and the page's
// thread takes that one hash for its 512 ids (MerkleTree.pushSubtree, logChecks).
test('a subtree pushed whole gives the tree its leaves give, at every size', () => {
  const leaves = Array.from({ length: 300 }, (_, i) => Uint8Array.from(createHash('sha256').update(`leaf ${i}`).digest()));
  const hex = (b) => Buffer.from(b).toString('hex');
  const subtreeRoot = (from, count) => {
    const t = new U.MerkleTree();
    for (let k = from; k < from + count; k++) t.push(leaves[k]);
    return t.root();
  };
  for (const height of [1, 3, 6]) {
    const span = 2 ** height;
    for (let n = 0; n <= leaves.length; n += n < 70 ? 1 : 37) {
      // The leaves one by one, against the same leaves taken as whole subtrees wherever they can be.
      const one = new U.MerkleTree();
      const mixed = new U.MerkleTree();
      for (let i = 0; i < n; ) {
        if (i % span === 0 && i + span <= n && (i / span) % 3 !== 2) {
          for (let k = i; k < i + span; k++) one.push(leaves[k]);
          mixed.pushSubtree(height, subtreeRoot(i, span));
          i += span;
        } else {
          one.push(leaves[i]);
          mixed.push(leaves[i]);
          i++;
        }
        assert.equal(mixed.size, one.size);
        assert.equal(hex(mixed.root()), hex(one.root()), `${one.size} leaves, subtrees of ${span}`);
      }
      assert.equal(hex(mixed.root()), mth(leaves.slice(0, n).map(hex)), `RFC 6962's hash of ${n} leaves`);
    }
  }
  const t = new U.MerkleTree();
  t.push(leaves[0]);
  assert.throws(() => t.pushSubtree(1, leaves[1]), /cannot follow 1 leaves/);
});

test('a bundle of whole batches, and previous releases ending inside and at their ends, as the log says', async () => {
  const lead = keyPair();
  const v1 = statementVersion(lead, 1, '2026-03-01T09:00:00Z');
  const entries = Array.from({ length: 1100 }, (_, i) => endorsement(keyPair(), v1, `2026-03-02T10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:00Z`));
  const r2 = (prefix) => {
    const previous = bundle(lead, [v1], entries.slice(0, prefix));
    return [bundle(lead, [v1], entries, { number: 2, previous }), previous];
  };
  assert.deepEqual(codesAt(await checkObject('bundle', bundle(lead, [v1], entries))), []);
  for (const prefix of [0, 511, 512, 700, 1024, 1100]) {
    const [r, previous] = r2(prefix);
    assert.deepEqual(codesAt(await checkObject('bundle', r, previous)), [], `a previous release of ${prefix} entries`);
    // The same release stating another root for that prefix: the prefix is hashed, not assumed.
    r.release.signed.previous.log.root = sha256hex(utf8(`not ${prefix}`));
    r.release = envelope('release', lead, r.release.signed);
    const codes = codesAt(await checkObject('bundle', r, previous));
    assert.ok(codes.includes('previous-mismatch@release'), `${prefix}: ${codes}`);
  }
  // An entry of the second whole batch changed after the release was made: its id is not the one
  // the release's root was made of.
  const changed = bundle(lead, [v1], entries);
  changed.entries = entries.slice();
  changed.entries[600] = endorsement(keyPair(), v1, '2026-03-02T11:00:00Z');
  assert.deepEqual(codesAt(await checkObject('bundle', changed)), ['log-mismatch@release']);
});

test('the fast path’s byte checks equal the numbers’ at every edge (y < p, small order, s < L)', () => {
  const P = 2n ** 255n - 19n;
  const L = 2n ** 252n + 27742317777372353535851937790883648493n;
  const Y8 = 0x7a03ac9277fdc74ec6cc392cfa53202a0f67100d760b3cba4fd84d3d706a17c7n;
  const small = [0n, 1n, P - 1n, Y8, P - Y8];
  const le = (x) => {
    const b = new Uint8Array(32);
    for (let i = 0; i < 32; i++, x >>= 8n) b[i] = Number(x & 0xffn);
    return b;
  };
  const ys = [0n, 1n, 2n, P - 2n, P - 1n, P, P + 1n, P + 18n, 2n ** 255n - 1n, 2n ** 254n, Y8, Y8 + 1n, P - Y8, P - Y8 - 1n, 2n ** 248n - 1n, 2n ** 248n];
  for (const y of ys) {
    for (const sign of [0n, 1n]) {
      const bytes = le(y | (sign << 255n));
      const expected = y < P && !small.includes(y);
      assert.equal(U.fastPathGate.strictEncoding(bytes), expected, `y = ${y}, sign ${sign}`);
    }
  }
  for (const s of [0n, 1n, L - 1n, L, L + 1n, 2n ** 253n, 2n ** 256n - 1n, L - 2n ** 200n, L + 2n ** 200n]) {
    assert.equal(U.fastPathGate.belowL(le(s)), s < L, `s = ${s}`);
  }
});

test('a text taken part by part is the bytes of the whole, in every script; a bundle so taken, split and checked as whole', async () => {
  // verify.html takes its embedded bundle's parts as the browser reads them (arrivingBundle).
  const alphabet = ['a', '{', 'é', 'ж', 'ع', '中', '😀', ' ', '"', '\\'];
  let seed = 7;
  const random = (m) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % m);
  const chars = Array.from({ length: 100000 }, () => alphabet[random(alphabet.length)]);
  // Cut between characters, as the publication cuts (never inside a pair of surrogates).
  const cut = (list) => {
    const parts = [];
    for (let k = 0; k < list.length; ) {
      const size = [0, 1, 7, 300, 5000][random(5)];
      parts.push(list.slice(k, k + size).join(''));
      k += size;
    }
    return parts;
  };
  const taken = U.arrivingBundle(false);
  for (const part of cut(chars)) taken.add(part);
  const whole = new TextEncoder().encode(chars.join(''));
  assert.ok(whole.length > 1 << 17, 'the text outgrows the first array more than once');
  assert.deepEqual(taken.end().bytes, whole);

  const cases = [
    ['bundle-release-2.json', false],
    ['bundle-release-2.json', true],
    ['bundle-re-endorsement-after-withdrawal.json', false],
    ['bundle-1-1-release-3.json', false],
    ['bundle-1-1-release-3.json', true],
  ];
  for (const [file, changed] of cases) {
    let text = readFileSync(join(vectors, file), 'utf8');
    if (changed) text = text.replace(/"signed_at": "2/, '"signed_at": "1');
    const bundle = U.arrivingBundle(true);
    for (const part of cut(Array.from(text))) bundle.add(part);
    const { bytes, split, early } = bundle.end();
    const expected = new Uint8Array(Buffer.from(text, 'utf8'));
    assert.deepEqual(bytes, expected, `${file}: its bytes`);
    assert.deepEqual(split, U.splitBundle(expected), `${file}: its split`);
    const alone = await U.check('bundle', expected, null);
    assert.deepEqual(await U.check('bundle', bytes, null, null, split, early), alone, `${file}: checked as it arrived, as whole`);
    assert.equal(alone.valid, !changed, `${file}: ${changed ? 'changed' : 'as it is'}`);
  }
});

test('the hex of many ids at once is the hex of each', () => {
  for (const [count, width] of [[0, 32], [1, 32], [3000, 32], [70001, 1], [(1 << 16) + 1, 2]]) {
    const bytes = randomBytes(count * width);
    const each = U.hexEach(bytes, width);
    assert.equal(each.length, count);
    for (let k = 0; k < count; k++) {
      if (each[k] !== U.toHex(bytes.subarray(width * k, width * (k + 1)))) assert.fail(`item ${k} of ${count} × ${width}: ${each[k]}`);
    }
  }
});

test('hex decoding takes exactly lowercase hex of the length asked', () => {
  assert.deepEqual([...U.fromHex('00ff7a', 3)], [0, 255, 122]);
  for (const bad of ['00FF7a', '00ff7', '00ff7a0', '00fg7a', '00ff7\u0661', 'ａbcdef', '0xff7a']) assert.equal(U.fromHex(bad, 3), null, bad);
  assert.equal(U.fromHex(7, 3), null);
});

// Format 1.1's notes (FORMAT.md §14.8) and consistency proofs (RFC 9162 §2.1.4), which the
// equivocation proofs' vectors use: the worked example of §14.8, strict base64, and every
// consistency proof between two sizes up to 9 (built here from RFC 6962's definitions).
test('notes, key ids, strict base64 and consistency proofs as FORMAT.md §14.8 says', () => {
  const N = U.notes;
  const origin = 'undersigned/3686fe9bebcec8fbbbabfb50169a480e2fccc12fd1480faf3d798a3db3585096/9f1c0e6a4b2d8e7f0a1b2c3d4e5f6071';
  const note =
    `${origin}\n412\no2/GmcRGLVM4kg6/NzaFmvWx7hw1dReYVoj/tFitn5o=\n\n` +
    `— ${origin} scoOLJSNBb3lRwl5lD/GXIcwmbvku4w+kM4fTMm+hjcJ457U0j32A3X38bNyK/fZKA37zKEchaBboukZJqmv/CaeUwg=\n` +
    '— witness.example/w1 d8I/1wAAAABrEnMAHpfTSdWs/hCKbJIgbYcOwvCEC4WxwZtFWyPDEazHcXgkU1zTqrOHeA4NbNPXX7jxIx3s9+IcEEBO7DW55+GFAw==\n';
  assert.equal(Buffer.byteLength(note), 495);
  const parsed = N.parseNote(note);
  assert.equal(parsed.lines.length, 2);
  const lead = U.fromHex('3686fe9bebcec8fbbbabfb50169a480e2fccc12fd1480faf3d798a3db3585096', 32);
  const witness = U.fromHex('430bc717eb3cacea7b0c21a41250b533bffd78355d2fc50aa5cb31197e45e9f5', 32);
  assert.equal(U.toHex(N.noteKeyId(origin, 1, lead)), 'b1ca0e2c');
  assert.equal(U.toHex(N.noteKeyId('witness.example/w1', 4, witness)), '77c23fd7');
  assert.equal(N.leadSigned(parsed, origin, lead), true);
  assert.equal(N.leadSigned(N.parseNote(note.replace('\n412\n', '\n413\n')), origin, lead), false);
  for (const bad of [note.slice(0, -1), note.replace('\n\n', '\n'), note.replace('— witness', '— wit ness'), note.replace('\n412', '\t412')]) {
    assert.ok(N.parseNote(bad).error, JSON.stringify(bad.slice(0, 40)));
  }
  assert.deepEqual(Array.from(N.base64Decode('AAE=')), [0, 1]);
  for (const bad of ['AAF=', 'AA==AA==', 'AA=', 'A===', 'AA-_', 'AA E']) assert.equal(N.base64Decode(bad), null, bad);
  // RFC 6962's tree and PROOF(m, D[n]), to check the verifier against.
  const leaf = (i) => U.sha256(Uint8Array.of(0, i));
  const node = (l, r) => U.sha256(Uint8Array.from([1, ...l, ...r]));
  const k = (n) => 2 ** Math.floor(Math.log2(n - 1));
  const mth = (d) => (d.length === 1 ? d[0] : node(mth(d.slice(0, k(d.length))), mth(d.slice(k(d.length)))));
  const subproof = (m, d, b) => {
    const n = d.length;
    if (m === n) return b ? [] : [mth(d)];
    const kk = k(n);
    return m <= kk ? [...subproof(m, d.slice(0, kk), b), mth(d.slice(kk))] : [...subproof(m - kk, d.slice(kk), false), mth(d.slice(0, kk))];
  };
  for (let n = 1; n <= 9; n++) {
    const d = Array.from({ length: n }, (_, i) => leaf(i));
    for (let m = 1; m < n; m++) {
      const proof = subproof(m, d, true);
      assert.equal(N.consistencyVerifies(m, n, mth(d.slice(0, m)), mth(d), proof), true, `${m} → ${n}`);
      assert.equal(N.consistencyVerifies(m, n, leaf(99), mth(d), proof), false, `${m} → ${n}, another old root`);
      if (proof.length) assert.equal(N.consistencyVerifies(m, n, mth(d.slice(0, m)), mth(d), proof.slice(1)), false, `${m} → ${n}, short`);
    }
  }
});
