/*
 * Undersigned — offline verifier for signatory bundles.
 *
 * An independent implementation of docs/FORMAT.md (format "undersigned/1") in plain JavaScript,
 * written from the specification and not from the Rust code: strict JSON (§1), canonical JSON
 * (§2), the signed messages (§3.1), Ed25519 under the strict cofactored rule of §3.2 (in pure
 * JavaScript with BigInt: WebCrypto's Ed25519 follows another rule), SHA-256 and SHA-512, the
 * field rules (§5), the Merkle log (§9) and the checks of §10.2 and §10.3. It gives the same
 * verdict and the same error codes (§13) as `undersigned verify`.
 *
 * It runs in the page verify.html (no network, no external resource: the page's Content Security
 * Policy forbids them) and in Node (tests/browser/), where `module.exports` is the library.
 * Nothing from a bundle is ever put into the page as HTML: only as text.
 */
'use strict';

(function () {
  // ---------------------------------------------------------------------------------------------
  // Bytes and hex
  // ---------------------------------------------------------------------------------------------

  const utf8 = new TextEncoder();

  function concatBytes(parts) {
    let n = 0;
    for (const p of parts) n += p.length;
    const out = new Uint8Array(n);
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }

  const HEX = '0123456789abcdef';

  function toHex(bytes) {
    let s = '';
    for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i] >> 4] + HEX[bytes[i] & 15];
    return s;
  }

  /** `nbytes` bytes written as exactly 2·nbytes lowercase hex digits (§1), else null. */
  function fromHex(s, nbytes) {
    if (typeof s !== 'string' || s.length !== 2 * nbytes || !/^[0-9a-f]*$/.test(s)) return null;
    const out = new Uint8Array(nbytes);
    for (let i = 0; i < nbytes; i++) out[i] = parseInt(s.substr(2 * i, 2), 16);
    return out;
  }

  function bytesEqual(a, b) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // SHA-256 and SHA-512 (FIPS 180-4). The round constants and initial values are derived here
  // from the primes, as the standard defines them, rather than typed in.
  // ---------------------------------------------------------------------------------------------

  function firstPrimes(n) {
    const out = [];
    for (let c = 2; out.length < n; c++) if (out.every((p) => c % p !== 0)) out.push(c);
    return out;
  }

  /** floor(x^(1/k)) for a BigInt x ≥ 0 (Newton's method). */
  function iroot(x, k) {
    if (x < 2n) return x;
    const kb = BigInt(k);
    let r = 1n << BigInt(Math.ceil(x.toString(2).length / k) + 1);
    for (;;) {
      const next = ((kb - 1n) * r + x / r ** (kb - 1n)) / kb;
      if (next >= r) return r;
      r = next;
    }
  }

  /** The first `bits` bits of the fractional part of the k-th root of each of the first n primes. */
  function fractionalRoots(n, k, bits) {
    const mask = (1n << BigInt(bits)) - 1n;
    return firstPrimes(n).map((p) => iroot(BigInt(p) << BigInt(bits * k), k) & mask);
  }

  const SHA256_K = Uint32Array.from(fractionalRoots(64, 3, 32), Number);
  const SHA256_H = Uint32Array.from(fractionalRoots(8, 2, 32), Number);

  function sha256(data) {
    const len = data.length;
    const blocks = Math.ceil((len + 9) / 64);
    const buf = new Uint8Array(blocks * 64);
    buf.set(data);
    buf[len] = 0x80;
    const view = new DataView(buf.buffer);
    view.setUint32(buf.length - 8, Math.floor(len / 0x20000000));
    view.setUint32(buf.length - 4, (len * 8) % 0x100000000);
    const h = Uint32Array.from(SHA256_H);
    const w = new Uint32Array(64);
    for (let b = 0; b < blocks; b++) {
      for (let t = 0; t < 16; t++) w[t] = view.getUint32(b * 64 + 4 * t);
      for (let t = 16; t < 64; t++) {
        const x = w[t - 15];
        const y = w[t - 2];
        const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
        const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
        w[t] = (w[t - 16] + s0 + w[t - 7] + s1) >>> 0;
      }
      let [a, bb, c, d, e, f, g, hh] = h;
      for (let t = 0; t < 64; t++) {
        const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        const ch = (e & f) ^ (~e & g);
        const t1 = (hh + S1 + ch + SHA256_K[t] + w[t]) >>> 0;
        const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        const maj = (a & bb) ^ (a & c) ^ (bb & c);
        const t2 = (S0 + maj) >>> 0;
        hh = g;
        g = f;
        f = e;
        e = (d + t1) >>> 0;
        d = c;
        c = bb;
        bb = a;
        a = (t1 + t2) >>> 0;
      }
      h[0] += a; h[1] += bb; h[2] += c; h[3] += d;
      h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
    }
    const out = new Uint8Array(32);
    const ov = new DataView(out.buffer);
    for (let i = 0; i < 8; i++) ov.setUint32(4 * i, h[i]);
    return out;
  }

  // SHA-512 on pairs of 32-bit words (high, low).
  function split64(list) {
    const out = new Uint32Array(list.length * 2);
    list.forEach((v, i) => {
      out[2 * i] = Number(v >> 32n);
      out[2 * i + 1] = Number(v & 0xffffffffn);
    });
    return out;
  }
  const SHA512_K = split64(fractionalRoots(80, 3, 64));
  const SHA512_H = split64(fractionalRoots(8, 2, 64));

  function sha512(data) {
    const len = data.length;
    const blocks = Math.ceil((len + 17) / 128);
    const buf = new Uint8Array(blocks * 128);
    buf.set(data);
    buf[len] = 0x80;
    const view = new DataView(buf.buffer);
    view.setUint32(buf.length - 8, Math.floor(len / 0x20000000));
    view.setUint32(buf.length - 4, (len * 8) % 0x100000000);
    const h = Uint32Array.from(SHA512_H);
    const w = new Uint32Array(160);
    for (let b = 0; b < blocks; b++) {
      for (let t = 0; t < 32; t++) w[t] = view.getUint32(b * 128 + 4 * t);
      for (let t = 16; t < 80; t++) {
        // σ0(w[t-15]) = rotr1 ^ rotr8 ^ shr7 ; σ1(w[t-2]) = rotr19 ^ rotr61 ^ shr6
        const xh = w[2 * (t - 15)], xl = w[2 * (t - 15) + 1];
        const s0h = ((xh >>> 1) | (xl << 31)) ^ ((xh >>> 8) | (xl << 24)) ^ (xh >>> 7);
        const s0l = ((xl >>> 1) | (xh << 31)) ^ ((xl >>> 8) | (xh << 24)) ^ ((xl >>> 7) | (xh << 25));
        const yh = w[2 * (t - 2)], yl = w[2 * (t - 2) + 1];
        const s1h = ((yh >>> 19) | (yl << 13)) ^ ((yl >>> 29) | (yh << 3)) ^ (yh >>> 6);
        const s1l = ((yl >>> 19) | (yh << 13)) ^ ((yh >>> 29) | (yl << 3)) ^ ((yl >>> 6) | (yh << 26));
        let lo = (s0l >>> 0) + (s1l >>> 0) + w[2 * (t - 7) + 1] + w[2 * (t - 16) + 1];
        const hi = (s0h >>> 0) + (s1h >>> 0) + w[2 * (t - 7)] + w[2 * (t - 16)] + Math.floor(lo / 0x100000000);
        w[2 * t] = hi >>> 0;
        w[2 * t + 1] = lo >>> 0;
      }
      let ah = h[0], al = h[1], bh = h[2], bl = h[3], ch = h[4], cl = h[5], dh = h[6], dl = h[7];
      let eh = h[8], el = h[9], fh = h[10], fl = h[11], gh = h[12], gl = h[13], hh = h[14], hl = h[15];
      for (let t = 0; t < 80; t++) {
        // Σ1(e) = rotr14 ^ rotr18 ^ rotr41
        const S1h = ((eh >>> 14) | (el << 18)) ^ ((eh >>> 18) | (el << 14)) ^ ((el >>> 9) | (eh << 23));
        const S1l = ((el >>> 14) | (eh << 18)) ^ ((el >>> 18) | (eh << 14)) ^ ((eh >>> 9) | (el << 23));
        const chh = (eh & fh) ^ (~eh & gh);
        const chl = (el & fl) ^ (~el & gl);
        // Σ0(a) = rotr28 ^ rotr34 ^ rotr39
        const S0h = ((ah >>> 28) | (al << 4)) ^ ((al >>> 2) | (ah << 30)) ^ ((al >>> 7) | (ah << 25));
        const S0l = ((al >>> 28) | (ah << 4)) ^ ((ah >>> 2) | (al << 30)) ^ ((ah >>> 7) | (al << 25));
        const majh = (ah & bh) ^ (ah & ch) ^ (bh & ch);
        const majl = (al & bl) ^ (al & cl) ^ (bl & cl);
        const t1l = hl + (S1l >>> 0) + (chl >>> 0) + SHA512_K[2 * t + 1] + w[2 * t + 1];
        const t1h = hh + (S1h >>> 0) + (chh >>> 0) + SHA512_K[2 * t] + w[2 * t] + Math.floor(t1l / 0x100000000);
        const t2l = (S0l >>> 0) + (majl >>> 0);
        const t2h = (S0h >>> 0) + (majh >>> 0) + Math.floor(t2l / 0x100000000);
        hh = gh; hl = gl;
        gh = fh; gl = fl;
        fh = eh; fl = el;
        const el2 = dl + (t1l >>> 0);
        eh = (dh + (t1h >>> 0) + Math.floor(el2 / 0x100000000)) >>> 0;
        el = el2 >>> 0;
        dh = ch; dl = cl;
        ch = bh; cl = bl;
        bh = ah; bl = al;
        const al2 = (t1l >>> 0) + (t2l >>> 0);
        ah = ((t1h >>> 0) + (t2h >>> 0) + Math.floor(al2 / 0x100000000)) >>> 0;
        al = al2 >>> 0;
      }
      const add = (i, xh, xl) => {
        const lo = h[i + 1] + xl;
        h[i] = (h[i] + xh + Math.floor(lo / 0x100000000)) >>> 0;
        h[i + 1] = lo >>> 0;
      };
      add(0, ah, al); add(2, bh, bl); add(4, ch, cl); add(6, dh, dl);
      add(8, eh, el); add(10, fh, fl); add(12, gh, gl); add(14, hh, hl);
    }
    const out = new Uint8Array(64);
    const ov = new DataView(out.buffer);
    for (let i = 0; i < 16; i++) ov.setUint32(4 * i, h[i]);
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Ed25519 verification under the strict cofactored rule of FORMAT.md §3.2
  // ---------------------------------------------------------------------------------------------

  const P = (1n << 255n) - 19n;
  const L = (1n << 252n) + 27742317777372353535851937790883648493n;

  function fmod(a) {
    const r = a % P;
    return r < 0n ? r + P : r;
  }
  function fpow(b, e) {
    let r = 1n;
    b = fmod(b);
    while (e > 0n) {
      if (e & 1n) r = (r * b) % P;
      b = (b * b) % P;
      e >>= 1n;
    }
    return r;
  }
  const finv = (a) => fpow(a, P - 2n);

  const D = fmod(-121665n * finv(121666n));
  const D2 = (2n * D) % P;
  const SQRT_M1 = fpow(2n, (P - 1n) / 4n);

  // Points in extended coordinates (X : Y : Z : T), x = X/Z, y = Y/Z, xy = T/Z.
  const IDENTITY = [0n, 1n, 1n, 0n];

  function padd(p, q) {
    // add-2008-hwcd-3 for a = −1 (complete).
    const a = ((p[1] - p[0]) * (q[1] - q[0])) % P;
    const b = ((p[1] + p[0]) * (q[1] + q[0])) % P;
    const c = (((p[3] * D2) % P) * q[3]) % P;
    const d = (2n * p[2] * q[2]) % P;
    const e = b - a;
    const f = d - c;
    const g = d + c;
    const h = b + a;
    return [(e * f) % P, (g * h) % P, (f * g) % P, (e * h) % P];
  }

  function pdouble(p) {
    // dbl-2008-hwcd for a = −1.
    const a = (p[0] * p[0]) % P;
    const b = (p[1] * p[1]) % P;
    const c = (2n * p[2] * p[2]) % P;
    const xy = p[0] + p[1];
    const e = ((xy * xy) % P) - a - b;
    const g = b - a;
    const f = g - c;
    const h = -a - b;
    return [(e * f) % P, (g * h) % P, (f * g) % P, (e * h) % P];
  }

  const pneg = (p) => [-p[0], p[1], p[2], -p[3]];

  function isIdentity(p) {
    return fmod(p[0]) === 0n && fmod(p[1] - p[2]) === 0n;
  }

  function leInt(bytes) {
    let x = 0n;
    for (let i = bytes.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(bytes[i]);
    return x;
  }

  /**
   * RFC 8032 §5.1.3 decoding, rejecting non-canonical encodings (y ≥ p, or x = 0 with the sign
   * bit set): an encoding that decodes is then exactly the re-encoding of its point.
   */
  function decodePoint(bytes) {
    let y = leInt(bytes);
    const sign = y >> 255n;
    y &= (1n << 255n) - 1n;
    if (y >= P) return null;
    const y2 = (y * y) % P;
    const u = fmod(y2 - 1n);
    const v = fmod(D * y2 + 1n);
    const v3 = (((v * v) % P) * v) % P;
    const v7 = (((v3 * v3) % P) * v) % P;
    let x = (((u * v3) % P) * fpow((u * v7) % P, (P - 5n) / 8n)) % P;
    const vx2 = (((v * x) % P) * x) % P;
    if (vx2 === u) {
      // x is a square root.
    } else if (vx2 === fmod(-u)) {
      x = (x * SQRT_M1) % P;
    } else {
      return null;
    }
    if (x === 0n && sign === 1n) return null;
    if ((x & 1n) !== sign) x = P - x;
    return [x, y, 1n, (x * y) % P];
  }

  function mulByCofactor(p) {
    return pdouble(pdouble(pdouble(p)));
  }

  const BASE = (() => {
    const y = (4n * finv(5n)) % P;
    const b = new Uint8Array(32);
    let t = y;
    for (let i = 0; i < 32; i++) {
      b[i] = Number(t & 0xffn);
      t >>= 8n;
    }
    return decodePoint(b);
  })();

  /** [a]P + [b]Q (Straus–Shamir, variable time: verification handles public data only). */
  function doubleMul(a, p, b, q) {
    const pq = padd(p, q);
    let r = IDENTITY;
    for (let i = 255n; i >= 0n; i--) {
      r = pdouble(r);
      const x = (a >> i) & 1n;
      const y = (b >> i) & 1n;
      if (x && y) r = padd(r, pq);
      else if (x) r = padd(r, p);
      else if (y) r = padd(r, q);
    }
    return r;
  }

  /**
   * Verifies `sig` (64 bytes) by `key` (32 bytes) over `msg` under FORMAT.md §3.2.
   * Returns null when valid, else 'key-invalid' or 'signature-invalid'.
   */
  function ed25519Verify(key, sig, msg) {
    const a = decodePoint(key);
    if (!a || isIdentity(mulByCofactor(a))) return 'key-invalid';
    const s = leInt(sig.subarray(32, 64));
    if (s >= L) return 'signature-invalid';
    const rBytes = sig.subarray(0, 32);
    const r = decodePoint(rBytes);
    if (!r || isIdentity(mulByCofactor(r))) return 'signature-invalid';
    const k = leInt(sha512(concatBytes([rBytes, key, msg]))) % L;
    // [8]([s]B − [k]A − R) must be the identity.
    const q = padd(doubleMul(s, BASE, k, pneg(a)), pneg(r));
    return isIdentity(mulByCofactor(q)) ? null : 'signature-invalid';
  }

  // ---------------------------------------------------------------------------------------------
  // Strict JSON (FORMAT.md §1)
  // ---------------------------------------------------------------------------------------------

  class JsonError extends Error {}

  /** A JSON number, kept as its text: the format has integers only (§1). */
  class JsonNumber {
    constructor(text) {
      this.text = text;
    }
  }

  const MAX_DEPTH = 128;

  /**
   * Parses JSON text (RFC 8259). Objects become Maps. With `strict`, a member name that appears
   * twice in one object is an error (JSON.parse would silently keep the last one).
   */
  function parseJson(text, strict) {
    let i = 0;
    const n = text.length;
    const fail = (what) => {
      throw new JsonError(`${what} at character ${i}`);
    };
    const ws = () => {
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
        else break;
      }
    };
    const literal = (word, value) => {
      if (text.startsWith(word, i)) {
        i += word.length;
        return value;
      }
      return fail('unexpected characters');
    };
    const hex4 = () => {
      const h = text.substr(i, 4);
      if (!/^[0-9a-fA-F]{4}$/.test(h)) fail('bad \\u escape');
      i += 4;
      return parseInt(h, 16);
    };
    const string = () => {
      i++; // opening quote
      let out = '';
      let start = i;
      for (;;) {
        if (i >= n) fail('unterminated string');
        const c = text.charCodeAt(i);
        if (c === 0x22) {
          out += text.slice(start, i);
          i++;
          return out;
        }
        if (c < 0x20) fail('control character in a string');
        if (c === 0x5c) {
          out += text.slice(start, i);
          i++;
          const e = text[i++];
          switch (e) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case '/': out += '/'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
              const u = hex4();
              if (u >= 0xdc00 && u <= 0xdfff) fail('lone surrogate in a \\u escape');
              if (u >= 0xd800 && u <= 0xdbff) {
                if (text[i] !== '\\' || text[i + 1] !== 'u') fail('lone surrogate in a \\u escape');
                i += 2;
                const lo = hex4();
                if (lo < 0xdc00 || lo > 0xdfff) fail('lone surrogate in a \\u escape');
                out += String.fromCharCode(u, lo);
              } else {
                out += String.fromCharCode(u);
              }
              break;
            }
            default:
              i--;
              fail('bad escape');
          }
          start = i;
          continue;
        }
        i++;
      }
    };
    const numberRe = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
    const number = () => {
      numberRe.lastIndex = i;
      const m = numberRe.exec(text);
      if (!m) fail('bad number');
      i += m[0].length;
      return new JsonNumber(m[0]);
    };
    const value = (depth) => {
      ws();
      if (i >= n) fail('unexpected end');
      const c = text[i];
      if (c === '{' || c === '[') {
        if (depth >= MAX_DEPTH) fail('nested too deeply');
        i++;
        ws();
        const close = c === '{' ? '}' : ']';
        const container = c === '{' ? new Map() : [];
        if (text[i] === close) {
          i++;
          return container;
        }
        for (;;) {
          if (c === '{') {
            ws();
            if (text[i] !== '"') fail('expected a member name');
            const key = string();
            ws();
            if (text[i] !== ':') fail("expected ':'");
            i++;
            const v = value(depth + 1);
            if (strict && container.has(key)) fail(`member "${key}" appears twice`);
            container.set(key, v);
          } else {
            container.push(value(depth + 1));
          }
          ws();
          if (text[i] === ',') {
            i++;
            continue;
          }
          if (text[i] === close) {
            i++;
            return container;
          }
          fail(`expected ',' or '${close}'`);
        }
      }
      if (c === '"') return string();
      if (c === 't') return literal('true', true);
      if (c === 'f') return literal('false', false);
      if (c === 'n') return literal('null', null);
      if (c === '-' || (c >= '0' && c <= '9')) return number();
      return fail('unexpected character');
    };
    const v = value(0);
    ws();
    if (i !== n) fail('trailing characters');
    return v;
  }

  // ---------------------------------------------------------------------------------------------
  // The shapes of the format's objects (§6–§10): required and optional members, their types.
  // Anything else — an unknown member, a missing one, null, a wrong type — is `malformed`.
  // ---------------------------------------------------------------------------------------------

  class ShapeError extends Error {}

  const MAX_INTEGER = 9007199254740991; // 2^53 − 1 (§1)

  const str = (v, at) => {
    if (typeof v !== 'string') throw new ShapeError(`${at} is not a string`);
    return v;
  };
  const int = (v, at) => {
    if (!(v instanceof JsonNumber) || !/^(0|[1-9][0-9]*)$/.test(v.text)) {
      throw new ShapeError(`${at} is not an integer from 0 to 2^53 − 1`);
    }
    const x = Number(v.text);
    if (x > MAX_INTEGER) throw new ShapeError(`${at} is larger than 2^53 − 1`);
    return x;
  };
  const list = (item) => (v, at) => {
    if (!Array.isArray(v)) throw new ShapeError(`${at} is not an array`);
    return v.map((x, k) => item(x, `${at}[${k}]`));
  };
  const oneOf = (...values) => (v, at) => {
    if (!values.includes(v)) throw new ShapeError(`${at} is not one of ${values.join(', ')}`);
    return v;
  };
  /** An object with exactly these members: `{name: decoder}`; names ending in `?` are optional. */
  const shape = (members) => {
    const spec = Object.entries(members).map(([k, dec]) => [k.replace(/\?$/, ''), dec, k.endsWith('?')]);
    const known = new Set(spec.map((s) => s[0]));
    return (v, at) => {
      if (!(v instanceof Map)) throw new ShapeError(`${at} is not an object`);
      for (const k of v.keys()) {
        if (!known.has(k)) throw new ShapeError(`${at} has a member "${k}" that format 1 does not define`);
      }
      const out = {};
      for (const [name, dec, optional] of spec) {
        if (!v.has(name)) {
          if (optional) continue;
          throw new ShapeError(`${at} has no member "${name}"`);
        }
        const x = v.get(name);
        if (x === null) throw new ShapeError(`${at}.${name} is null`);
        out[name] = dec(x, `${at}.${name}`);
      }
      return out;
    };
  };
  const envelope = (body) => shape({ signed: body, signature: str });

  const S = {};
  S.text = shape({ language: str, title: str, body: str });
  S.statementVersion = envelope(
    shape({
      format: str,
      type: str,
      statement_id: str,
      version: int,
      texts: list(S.text),
      digest: str,
      lead: shape({ public_key: str, name: str }),
      opened_at: str,
      'closes_on?': str,
    })
  );
  S.logHead = shape({ size: int, root: str });
  S.release = envelope(
    shape({
      format: str,
      type: str,
      statement_id: str,
      lead_key: str,
      number: int,
      issued_at: str,
      versions: list(shape({ version: int, digest: str })),
      log: S.logHead,
      'previous?': shape({ number: int, id: str, log: S.logHead }),
      counts: shape({ endorsements: int, withdrawals: int, signatories: int, withdrawn: int }),
    })
  );
  S.endorsement = envelope(
    shape({
      format: str,
      type: str,
      statement: shape({ id: str, version: int, digest: str, lead_key: str }),
      signer: shape({
        public_key: str,
        name: str,
        kind: oneOf('organization', 'individual'),
        country: str,
        'website?': str,
        'title?': str,
        'affiliation?': str,
      }),
      signed_at: str,
    })
  );
  S.withdrawal = envelope(
    shape({
      format: str,
      type: str,
      statement: shape({ id: str, lead_key: str }),
      endorsement: str,
      signer_key: str,
      withdrawn_at: str,
    })
  );
  /** An entry of the log: `{"endorsement": …}` or `{"withdrawal": …}`, exactly one member. */
  S.entry = (v, at) => {
    if (!(v instanceof Map) || v.size !== 1) throw new ShapeError(`${at} is not an entry`);
    const [[tag, x]] = v.entries();
    if (tag === 'endorsement') return { endorsement: S.endorsement(x, `${at}.endorsement`) };
    if (tag === 'withdrawal') return { withdrawal: S.withdrawal(x, `${at}.withdrawal`) };
    throw new ShapeError(`${at} is neither an endorsement nor a withdrawal`);
  };
  S.bundle = shape({
    format: str,
    type: str,
    statement_versions: list(S.statementVersion),
    release: S.release,
    entries: list(S.entry),
  });
  S.invitation = shape({ format: str, type: str, statement: S.statementVersion });

  // ---------------------------------------------------------------------------------------------
  // Canonical JSON (§2) and the signed message (§3.1)
  // ---------------------------------------------------------------------------------------------

  function jcsString(s) {
    let out = '"';
    let start = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x20 && c !== 0x22 && c !== 0x5c) continue;
      out += s.slice(start, i);
      start = i + 1;
      if (c === 0x22) out += '\\"';
      else if (c === 0x5c) out += '\\\\';
      else if (c === 0x08) out += '\\b';
      else if (c === 0x09) out += '\\t';
      else if (c === 0x0a) out += '\\n';
      else if (c === 0x0c) out += '\\f';
      else if (c === 0x0d) out += '\\r';
      else out += '\\u00' + HEX[c >> 4] + HEX[c & 15];
    }
    return out + s.slice(start) + '"';
  }

  /** JCS of a decoded value: objects with ASCII member names, arrays, strings, safe integers. */
  function jcs(v) {
    if (typeof v === 'string') return jcsString(v);
    if (typeof v === 'number') return String(v);
    if (Array.isArray(v)) return '[' + v.map(jcs).join(',') + ']';
    const keys = Object.keys(v).filter((k) => v[k] !== undefined).sort();
    return '{' + keys.map((k) => jcsString(k) + ':' + jcs(v[k])).join(',') + '}';
  }

  const jcsBytes = (v) => utf8.encode(jcs(v));
  const tagged = (context, data) => concatBytes([utf8.encode(context), new Uint8Array([0]), data]);
  const signedMessage = (context, body) => tagged(context, jcsBytes(body));

  const CONTEXT = {
    'statement-version': 'undersigned/1/statement-version',
    endorsement: 'undersigned/1/endorsement',
    withdrawal: 'undersigned/1/withdrawal',
    release: 'undersigned/1/release',
  };

  /** The statement digest (§4). */
  function statementDigest(statementId, version, texts) {
    return toHex(sha256(tagged('undersigned/1/statement-text', jcsBytes({ statement_id: statementId, texts, version }))));
  }
  /** Entry id: the Merkle leaf hash of the entry (§4, §9). */
  const entryId = (entry) => sha256(concatBytes([new Uint8Array([0]), jcsBytes(entry)]));
  /** Release id (§4). */
  const releaseId = (release) => toHex(sha256(tagged('undersigned/1/release-id', jcsBytes(release))));

  /** Fingerprint of a key given in hex (§4), in groups of four; '' if it is not a key. */
  function fingerprint(keyHex) {
    const k = fromHex(keyHex, 32);
    if (!k) return '';
    return toHex(sha256(k).subarray(0, 16)).match(/.{4}/g).join(' ');
  }

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

  // ---------------------------------------------------------------------------------------------
  // Field rules (§5). Each returns null, or a sentence for people.
  // ---------------------------------------------------------------------------------------------

  const RE = {
    whiteStart: /^\p{White_Space}/u,
    whiteEnd: /\p{White_Space}$/u,
    white: /\p{White_Space}/u,
    control: /\p{Cc}/u,
    format: /\p{Cf}/u,
    separator: /[\p{Zl}\p{Zp}]/u,
    unassigned: /[\p{Cn}\p{Co}\p{Cs}]/u,
    alphabetic: /\p{Alphabetic}/u,
    mark: /\p{M}/u,
  };
  const codePoint = (c) => 'U+' + c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0');
  const isNfc = (s) => s.normalize('NFC') === s;

  function lengthRule(field, chars, min, max) {
    if (chars.length < min) return `${field} is empty`;
    if (chars.length > max) return `${field} is ${chars.length} characters long, more than ${max}`;
    return null;
  }

  /** Zero-width joiners are allowed between two non-ASCII letters (Persian, Indic scripts…). */
  function joinerInContext(prev, next) {
    const letter = (c) =>
      c !== undefined && ((RE.alphabetic.test(c) && c.codePointAt(0) > 0x7f) || RE.mark.test(c));
    return letter(prev) && letter(next);
  }

  /** A one-line name: of a signer, a lead, a title, an affiliation, a statement title. */
  function nameRule(field, s, max) {
    if (!isNfc(s)) return `${field} is not in Unicode normalization form C`;
    const chars = Array.from(s);
    const len = lengthRule(field, chars, 1, max);
    if (len) return len;
    if (RE.whiteStart.test(s) || RE.whiteEnd.test(s)) return `${field} starts or ends with white space`;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (RE.control.test(c)) return `${field} contains a control character (${codePoint(c)})`;
      if (RE.separator.test(c)) return `${field} contains a line break (${codePoint(c)})`;
      if (RE.format.test(c)) {
        const joiner = c === '\u200c' || c === '\u200d';
        if (!(joiner && joinerInContext(chars[i - 1], chars[i + 1]))) {
          return `${field} contains an invisible formatting character (${codePoint(c)})`;
        }
      }
      if (RE.unassigned.test(c)) return `${field} contains an unassigned or private-use character (${codePoint(c)})`;
    }
    return null;
  }

  function bodyRule(field, s) {
    if (!isNfc(s)) return `${field} is not in Unicode normalization form C`;
    const chars = Array.from(s);
    const len = lengthRule(field, chars, 1, 1000000);
    if (len) return len;
    const bad = chars.find((c) => RE.control.test(c) && c !== '\t' && c !== '\n');
    return bad ? `${field} contains a control character (${codePoint(bad)})` : null;
  }

  function languageRule(s) {
    const parts = s.split('-');
    const ok =
      s.length <= 35 &&
      /^[a-z]{2,3}$/.test(parts[0]) &&
      parts.slice(1).every((p) => /^[A-Za-z0-9]{1,8}$/.test(p));
    return ok ? null : `language "${s}" is not a language tag such as "en", "fr" or "pt-BR"`;
  }

  const COUNTRY_LIST =
    "AD Andorra|AE United Arab Emirates|AF Afghanistan|AG Antigua and Barbuda|AI Anguilla|AL Albania|" +
    "AM Armenia|AO Angola|AQ Antarctica|AR Argentina|AS American Samoa|AT Austria|AU Australia|" +
    "AW Aruba|AX Åland Islands|AZ Azerbaijan|BA Bosnia and Herzegovina|BB Barbados|BD Bangladesh|" +
    "BE Belgium|BF Burkina Faso|BG Bulgaria|BH Bahrain|BI Burundi|BJ Benin|BL Saint Barthélemy|" +
    "BM Bermuda|BN Brunei Darussalam|BO Bolivia|BQ Bonaire, Sint Eustatius and Saba|BR Brazil|" +
    "BS Bahamas|BT Bhutan|BV Bouvet Island|BW Botswana|BY Belarus|BZ Belize|CA Canada|" +
    "CC Cocos (Keeling) Islands|CD Democratic Republic of the Congo|CF Central African Republic|" +
    "CG Congo|CH Switzerland|CI Côte d'Ivoire|CK Cook Islands|CL Chile|CM Cameroon|CN China|" +
    "CO Colombia|CR Costa Rica|CU Cuba|CV Cabo Verde|CW Curaçao|CX Christmas Island|CY Cyprus|" +
    "CZ Czechia|DE Germany|DJ Djibouti|DK Denmark|DM Dominica|DO Dominican Republic|DZ Algeria|" +
    "EC Ecuador|EE Estonia|EG Egypt|EH Western Sahara|ER Eritrea|ES Spain|ET Ethiopia|FI Finland|" +
    "FJ Fiji|FK Falkland Islands (Malvinas)|FM Micronesia|FO Faroe Islands|FR France|GA Gabon|" +
    "GB United Kingdom|GD Grenada|GE Georgia|GF French Guiana|GG Guernsey|GH Ghana|GI Gibraltar|" +
    "GL Greenland|GM Gambia|GN Guinea|GP Guadeloupe|GQ Equatorial Guinea|GR Greece|" +
    "GS South Georgia and the South Sandwich Islands|GT Guatemala|GU Guam|GW Guinea-Bissau|GY Guyana|" +
    "HK Hong Kong|HM Heard Island and McDonald Islands|HN Honduras|HR Croatia|HT Haiti|HU Hungary|" +
    "ID Indonesia|IE Ireland|IL Israel|IM Isle of Man|IN India|IO British Indian Ocean Territory|" +
    "IQ Iraq|IR Iran|IS Iceland|IT Italy|JE Jersey|JM Jamaica|JO Jordan|JP Japan|KE Kenya|" +
    "KG Kyrgyzstan|KH Cambodia|KI Kiribati|KM Comoros|KN Saint Kitts and Nevis|KP North Korea|" +
    "KR South Korea|KW Kuwait|KY Cayman Islands|KZ Kazakhstan|LA Laos|LB Lebanon|LC Saint Lucia|" +
    "LI Liechtenstein|LK Sri Lanka|LR Liberia|LS Lesotho|LT Lithuania|LU Luxembourg|LV Latvia|" +
    "LY Libya|MA Morocco|MC Monaco|MD Moldova|ME Montenegro|MF Saint Martin (French part)|" +
    "MG Madagascar|MH Marshall Islands|MK North Macedonia|ML Mali|MM Myanmar|MN Mongolia|MO Macao|" +
    "MP Northern Mariana Islands|MQ Martinique|MR Mauritania|MS Montserrat|MT Malta|MU Mauritius|" +
    "MV Maldives|MW Malawi|MX Mexico|MY Malaysia|MZ Mozambique|NA Namibia|NC New Caledonia|NE Niger|" +
    "NF Norfolk Island|NG Nigeria|NI Nicaragua|NL Netherlands|NO Norway|NP Nepal|NR Nauru|NU Niue|" +
    "NZ New Zealand|OM Oman|PA Panama|PE Peru|PF French Polynesia|PG Papua New Guinea|PH Philippines|" +
    "PK Pakistan|PL Poland|PM Saint Pierre and Miquelon|PN Pitcairn|PR Puerto Rico|PS Palestine|" +
    "PT Portugal|PW Palau|PY Paraguay|QA Qatar|RE Réunion|RO Romania|RS Serbia|RU Russian Federation|" +
    "RW Rwanda|SA Saudi Arabia|SB Solomon Islands|SC Seychelles|SD Sudan|SE Sweden|SG Singapore|" +
    "SH Saint Helena, Ascension and Tristan da Cunha|SI Slovenia|SJ Svalbard and Jan Mayen|" +
    "SK Slovakia|SL Sierra Leone|SM San Marino|SN Senegal|SO Somalia|SR Suriname|SS South Sudan|" +
    "ST Sao Tome and Principe|SV El Salvador|SX Sint Maarten (Dutch part)|SY Syria|SZ Eswatini|" +
    "TC Turks and Caicos Islands|TD Chad|TF French Southern Territories|TG Togo|TH Thailand|" +
    "TJ Tajikistan|TK Tokelau|TL Timor-Leste|TM Turkmenistan|TN Tunisia|TO Tonga|TR Türkiye|" +
    "TT Trinidad and Tobago|TV Tuvalu|TW Taiwan|TZ Tanzania|UA Ukraine|UG Uganda|" +
    "UM United States Minor Outlying Islands|US United States|UY Uruguay|UZ Uzbekistan|" +
    "VA Holy See (Vatican City State)|VC Saint Vincent and the Grenadines|VE Venezuela|" +
    "VG Virgin Islands (British)|VI Virgin Islands (U.S.)|VN Vietnam|VU Vanuatu|WF Wallis and Futuna|" +
    "WS Samoa|YE Yemen|YT Mayotte|ZA South Africa|ZM Zambia|ZW Zimbabwe";

  const COUNTRIES = new Map(COUNTRY_LIST.split('|').map((x) => [x.slice(0, 2), x.slice(3)]));

  function countryRule(s) {
    return COUNTRIES.has(s) ? null : `country "${s}" is not an ISO 3166-1 alpha-2 code such as "KE" or "FR"`;
  }

  function websiteRule(s) {
    if (!isNfc(s)) return 'website is not in Unicode normalization form C';
    const len = lengthRule('website', Array.from(s), 1, 2048);
    if (len) return len;
    const rest = s.startsWith('https://') ? s.slice(8) : s.startsWith('http://') ? s.slice(7) : null;
    if (!rest) return `website "${s}" does not start with https:// or http://`;
    for (const c of s) {
      if (RE.white.test(c) || RE.control.test(c) || RE.format.test(c)) {
        return 'website contains white space or invisible characters';
      }
    }
    return null;
  }

  function realDate(y, m, d) {
    if (y < 2000 || m < 1 || m > 12 || d < 1) return false;
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
    return d <= days;
  }

  /** `YYYY-MM-DDTHH:MM:SSZ`, a real UTC date-time from 2000 to 9999 (§1). */
  function timestampRule(field, s) {
    const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})Z$/.exec(s);
    const ok = m && realDate(+m[1], +m[2], +m[3]) && +m[4] <= 23 && +m[5] <= 59 && +m[6] <= 59;
    return ok ? null : `${field} "${s}" is not a UTC time of the form 2026-03-01T09:00:00Z`;
  }

  function dateRule(field, s) {
    const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(s);
    return m && realDate(+m[1], +m[2], +m[3]) ? null : `${field} "${s}" is not a date of the form 2026-06-30`;
  }

  const digestRule = (field, s) => (fromHex(s, 32) ? null : `${field} is not 64 lowercase hex digits`);
  const statementIdRule = (s) => (fromHex(s, 16) ? null : 'statement id is not 32 lowercase hex digits');

  // ---------------------------------------------------------------------------------------------
  // Failures and parsing of whole files
  // ---------------------------------------------------------------------------------------------

  const failure = (code, message, at) => (at === undefined ? { code, message } : { code, message, at });

  class ParseFailure extends Error {
    constructor(code, message) {
      super(message);
      this.code = code;
    }
  }

  const FORMAT = 'undersigned/1';
  const CAPS = { bundle: 2 * 1024 * 1024 * 1024, endorsement: 64 * 1024, withdrawal: 64 * 1024, invitation: 4 * 1024 * 1024 };

  /** The `format` a file claims when it does not parse, if that is another format than ours. */
  function foreignFormat(text) {
    let v;
    try {
      v = parseJson(text, false);
    } catch (e) {
      return null;
    }
    if (!(v instanceof Map)) return null;
    let f = v.get('format');
    if (f === undefined) {
      const signed = v.get('signed');
      f = signed instanceof Map ? signed.get('format') : undefined;
    }
    return typeof f === 'string' && f !== FORMAT ? f : null;
  }

  function checkFormat(format, type, expected, what) {
    if (format !== FORMAT) return failure('unsupported-format', `this ${what} is in format "${format}", not undersigned/1`);
    if (type !== expected) return failure('unsupported-format', `this is a "${type}", not a ${what}`);
    return null;
  }

  /**
   * Reads `bytes` as a file of this kind (§1): size cap, no BOM, UTF-8, strict JSON, the exact
   * shape, then the format and type. Throws a ParseFailure.
   */
  function parseFile(bytes, kind) {
    const what = kind === 'bundle' ? 'bundle' : kind;
    if (bytes.length > CAPS[kind]) {
      throw new ParseFailure('too-large', `this ${what} is ${bytes.length} bytes, more than the ${CAPS[kind]} allowed`);
    }
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      throw new ParseFailure('malformed', `this ${what} starts with a byte order mark`);
    }
    let text;
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch (e) {
      throw new ParseFailure('malformed', `this ${what} is not UTF-8 text`);
    }
    if (/^[ \t\n\f\r]*$/.test(text)) throw new ParseFailure('malformed', `this ${what} is empty`);
    const decoder = { bundle: S.bundle, endorsement: S.endorsement, withdrawal: S.withdrawal, invitation: S.invitation }[kind];
    let value;
    try {
      value = decoder(parseJson(text, true), kind);
    } catch (e) {
      if (!(e instanceof JsonError || e instanceof ShapeError)) throw e;
      const found = foreignFormat(text);
      if (found !== null) throw new ParseFailure('unsupported-format', `this ${what} is in format "${found}", not undersigned/1`);
      throw new ParseFailure('malformed', `this is not a valid ${what}: ${e.message}`);
    }
    const checks =
      kind === 'bundle'
        ? [[value.format, value.type, 'bundle', 'bundle']]
        : kind === 'invitation'
        ? [
            [value.format, value.type, 'invitation', 'invitation'],
            [value.statement.signed.format, value.statement.signed.type, 'statement-version', 'statement version'],
          ]
        : [[value.signed.format, value.signed.type, kind, kind]];
    for (const c of checks) {
      const f = checkFormat(...c);
      if (f) throw new ParseFailure(f.code, f.message);
    }
    return value;
  }

  // ---------------------------------------------------------------------------------------------
  // Checks of single objects
  // ---------------------------------------------------------------------------------------------

  function collect(out, code, results) {
    for (const m of results) if (m) out.push(failure(code, m));
  }

  /** The key and signature rule: hex forms, then §3.2. */
  function signatureFailure(keyHex, sigHex, msg) {
    const key = fromHex(keyHex, 32);
    if (!key) return failure('key-invalid', 'the public key is not 64 lowercase hex digits');
    const sig = fromHex(sigHex, 64);
    if (!sig) return failure('signature-invalid', 'the signature is not 128 lowercase hex digits');
    const e = ed25519Verify(key, sig, msg);
    if (e === 'key-invalid') return failure(e, 'the public key is not a valid Ed25519 key (non-canonical or of small order)');
    if (e) return failure(e, 'the signature does not verify');
    return null;
  }

  function statementFields(b) {
    const out = [];
    const r = [statementIdRule(b.statement_id), b.version >= 1 ? null : 'version must be 1 or more'];
    r.push(b.texts.length >= 1 && b.texts.length <= 32 ? null : 'a statement has 1 to 32 languages');
    for (const t of b.texts) {
      r.push(languageRule(t.language), nameRule('statement title', t.title, 500), bodyRule('statement text', t.body));
    }
    for (let i = 1; i < b.texts.length; i++) {
      if (!(b.texts[i - 1].language < b.texts[i].language)) {
        r.push('the texts are not sorted by language, or a language appears twice');
        break;
      }
    }
    r.push(nameRule('lead name', b.lead.name, 200), timestampRule('opened_at', b.opened_at));
    if (b.closes_on !== undefined) r.push(dateRule('closes_on', b.closes_on));
    r.push(digestRule('digest', b.digest));
    collect(out, 'field-invalid', r);
    if (!statementIdRule(b.statement_id) && statementDigest(b.statement_id, b.version, b.texts) !== b.digest) {
      out.push(failure('digest-mismatch', 'the statement digest is not that of its text'));
    }
    return out;
  }

  function verifyStatementVersion(v) {
    const out = statementFields(v.signed);
    const f = signatureFailure(v.signed.lead.public_key, v.signature, signedMessage(CONTEXT['statement-version'], v.signed));
    if (f) out.push(f);
    return out;
  }

  function endorsementFields(b) {
    const out = [];
    const s = b.signer;
    const r = [nameRule('name', s.name, 200), countryRule(s.country)];
    if (s.website !== undefined) r.push(websiteRule(s.website));
    for (const label of ['title', 'affiliation']) {
      if (s[label] === undefined) continue;
      if (s.kind === 'organization') r.push(`${label} is only for individuals`);
      r.push(nameRule(label, s[label], 200));
    }
    r.push(
      timestampRule('signed_at', b.signed_at),
      statementIdRule(b.statement.id),
      digestRule('statement digest', b.statement.digest),
      b.statement.version === 0 ? 'statement version must be 1 or more' : null
    );
    collect(out, 'field-invalid', r);
    if (!fromHex(b.statement.lead_key, 32)) out.push(failure('statement-mismatch', 'the lead key is not 64 lowercase hex digits'));
    return out;
  }

  function withdrawalFields(b) {
    const out = [];
    collect(out, 'field-invalid', [
      timestampRule('withdrawn_at', b.withdrawn_at),
      statementIdRule(b.statement.id),
      digestRule('endorsement', b.endorsement),
    ]);
    if (!fromHex(b.statement.lead_key, 32)) out.push(failure('statement-mismatch', 'the lead key is not 64 lowercase hex digits'));
    return out;
  }

  function releaseFields(b) {
    const r = [statementIdRule(b.statement_id), timestampRule('issued_at', b.issued_at), digestRule('log root', b.log.root)];
    if (b.number === 0) r.push('release number must be 1 or more');
    const p = b.previous;
    if (p === undefined) {
      if (b.number > 1) r.push(`release ${b.number} does not name release ${b.number - 1}`);
    } else if (b.number === 1) {
      r.push('release 1 names a previous release');
    } else {
      if (p.number + 1 !== b.number) r.push(`release ${b.number} names release ${p.number} as its previous`);
      if (p.log.size > b.log.size) r.push("the previous release's log is longer than this one's");
      r.push(digestRule('previous release id', p.id), digestRule('previous log root', p.log.root));
    }
    for (const v of b.versions) r.push(digestRule('version digest', v.digest));
    const out = [];
    collect(out, 'field-invalid', r);
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Verifying a bundle (§10.2) and a release against the previous one (§10.3)
  // ---------------------------------------------------------------------------------------------

  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

  /**
   * Verifies a parsed bundle. Returns the report: the verdict, every failure (code, message,
   * place), counts, and a line per entry. `progress(done, total)` is called as signatures are
   * checked.
   */
  async function verifyBundle(bundle, previous, progress) {
    const errors = [];
    const report = {
      valid: false,
      statement: { id: '', title: '', version: 0, digest: '', lead_name: '', lead_key: '', lead_fingerprint: '', languages: [] },
      release: { number: 0, issued_at: '', id: '', log_size: 0, log_root: '' },
      signatories: 0,
      withdrawn: 0,
      by_country: {},
      by_kind: {},
      previous: null,
      errors,
      entries: [],
    };

    // Statement versions (checks 1–2).
    const versionsList = bundle.statement_versions;
    const first = versionsList[0];
    const leadKey = first ? first.signed.lead.public_key : '';
    const statementId = first ? first.signed.statement_id : '';
    if (!first) errors.push(failure('version-invalid', 'the bundle carries no statement version', 'statement_versions'));
    const versions = new Map();
    let lastVersion = 0;
    versionsList.forEach((v, i) => {
      const at = `statement_versions[${i}]`;
      const f = checkFormat(v.signed.format, v.signed.type, 'statement-version', 'statement version');
      if (f) errors.push({ ...f, at });
      for (const x of verifyStatementVersion(v)) errors.push({ ...x, at });
      if (v.signed.version <= lastVersion) errors.push(failure('version-invalid', 'statement versions are not in ascending order', at));
      lastVersion = Math.max(lastVersion, v.signed.version);
      if (v.signed.statement_id !== statementId || v.signed.lead.public_key !== leadKey) {
        errors.push(failure('statement-mismatch', 'this version belongs to another statement or lead', at));
      }
      versions.set(v.signed.version, v.signed.digest);
    });
    const latest = versionsList[versionsList.length - 1];
    if (latest) {
      const b = latest.signed;
      const t = b.texts.find((x) => x.language === 'en') || b.texts[0];
      report.statement = {
        id: b.statement_id,
        title: t ? t.title : '',
        version: b.version,
        digest: b.digest,
        lead_name: b.lead.name,
        lead_key: b.lead.public_key,
        lead_fingerprint: fingerprint(b.lead.public_key),
        languages: b.texts.map((x) => x.language),
      };
    }

    // Release (check 3).
    const r = bundle.release;
    const rb = r.signed;
    report.release = { number: rb.number, issued_at: rb.issued_at, id: releaseId(r), log_size: rb.log.size, log_root: rb.log.root };
    const rf = checkFormat(rb.format, rb.type, 'release', 'release');
    if (rf) errors.push({ ...rf, at: 'release' });
    for (const x of releaseFields(rb)) errors.push({ ...x, at: 'release' });
    const rs = signatureFailure(rb.lead_key, r.signature, signedMessage(CONTEXT.release, rb));
    if (rs) errors.push({ ...rs, at: 'release' });
    if (rb.statement_id !== statementId || rb.lead_key !== leadKey) {
      errors.push(failure('statement-mismatch', 'the release is for another statement or lead', 'release'));
    }
    const carried = versionsList.map((v) => [v.signed.version, v.signed.digest]);
    const listed = rb.versions.map((v) => [v.version, v.digest]);
    if (carried.length !== listed.length || carried.some((c, k) => c[0] !== listed[k][0] || c[1] !== listed[k][1])) {
      errors.push(failure('version-invalid', 'the release lists other statement versions than the bundle carries', 'release'));
    }

    // Entries (checks 7–8): format, fields, statement, signature.
    const entries = bundle.entries;
    const n = entries.length;
    const entryErrors = entries.map(() => []);
    const ids = [];
    const idHex = [];
    for (let i = 0; i < n; i++) {
      const entry = entries[i];
      const id = entryId(entry);
      ids.push(id);
      idHex.push(toHex(id));
      const errs = entryErrors[i];
      let keyHex, sigHex, msg;
      if (entry.endorsement) {
        const e = entry.endorsement;
        const b = e.signed;
        const f = checkFormat(b.format, b.type, 'endorsement', 'endorsement');
        if (f) errs.push(f);
        errs.push(...endorsementFields(b));
        const s = b.statement;
        if (s.id !== statementId || s.lead_key !== leadKey) {
          errs.push(failure('statement-mismatch', 'this endorsement is for another statement'));
        } else if (versions.get(s.version) !== s.digest) {
          errs.push(failure('statement-mismatch', `this endorsement is for a version ${s.version} that the bundle does not carry`));
        }
        [keyHex, sigHex, msg] = [b.signer.public_key, e.signature, signedMessage(CONTEXT.endorsement, b)];
      } else {
        const w = entry.withdrawal;
        const b = w.signed;
        const f = checkFormat(b.format, b.type, 'withdrawal', 'withdrawal');
        if (f) errs.push(f);
        errs.push(...withdrawalFields(b));
        if (b.statement.id !== statementId || b.statement.lead_key !== leadKey) {
          errs.push(failure('statement-mismatch', 'this withdrawal is for another statement'));
        }
        [keyHex, sigHex, msg] = [b.signer_key, w.signature, signedMessage(CONTEXT.withdrawal, b)];
      }
      const sf = signatureFailure(keyHex, sigHex, msg);
      if (sf) errs.push(sf);
      if (progress && (i % 25 === 24 || i === n - 1)) {
        progress(i + 1, n);
        await tick();
      }
    }

    // The log: duplicates, withdrawals, statuses (checks 9–11).
    const position = new Map();
    const activeByKey = new Map();
    const withdrawnBy = new Array(n).fill(null);
    for (let i = 0; i < n; i++) {
      const entry = entries[i];
      if (position.has(idHex[i])) {
        entryErrors[i].push(failure('duplicate-entry', 'this entry already appears earlier in the log'));
        continue;
      }
      position.set(idHex[i], i);
      if (entry.endorsement) {
        const key = entry.endorsement.signed.signer.public_key;
        if (activeByKey.has(key)) {
          entryErrors[i].push(failure('duplicate-signer', `this key already endorsed at entry ${activeByKey.get(key)} and did not withdraw`));
        } else if (entryErrors[i].length === 0) {
          activeByKey.set(key, i);
        }
      } else {
        const w = entry.withdrawal.signed;
        const j = fromHex(w.endorsement, 32) && position.has(w.endorsement) ? position.get(w.endorsement) : null;
        const target = j === null ? null : entries[j].endorsement;
        if (!target) {
          entryErrors[i].push(failure('withdrawal-unmatched', 'this withdrawal names no endorsement earlier in the log'));
        } else if (target.signed.signer.public_key !== w.signer_key) {
          entryErrors[i].push(failure('withdrawal-wrong-key', `this withdrawal of entry ${j} is not signed by the key that endorsed`));
        } else if (withdrawnBy[j] !== null) {
          entryErrors[i].push(failure('withdrawal-duplicate', `entry ${j} was already withdrawn`));
        } else if (entryErrors[i].length === 0) {
          withdrawnBy[j] = i;
          const key = target.signed.signer.public_key;
          if (activeByKey.get(key) === j) activeByKey.delete(key);
        }
      }
    }

    // A line per entry; counts by country and kind.
    const computed = { endorsements: 0, withdrawals: 0, signatories: 0, withdrawn: 0 };
    for (let i = 0; i < n; i++) {
      const entry = entries[i];
      const errs = entryErrors[i];
      const ok = errs.length === 0;
      const er = {
        index: i,
        kind: '',
        id: idHex[i],
        status: '',
        name: '',
        signer_kind: null,
        country: '',
        website: null,
        title: null,
        affiliation: null,
        fingerprint: '',
        signed_at: '',
        version: null,
        errors: errs,
      };
      if (entry.endorsement) {
        const e = entry.endorsement.signed;
        const s = e.signer;
        computed.endorsements++;
        Object.assign(er, {
          kind: 'endorsement',
          name: s.name,
          signer_kind: s.kind,
          country: s.country,
          website: s.website === undefined ? null : s.website,
          title: s.title === undefined ? null : s.title,
          affiliation: s.affiliation === undefined ? null : s.affiliation,
          fingerprint: fingerprint(s.public_key),
          signed_at: e.signed_at,
          version: e.statement.version,
        });
        if (withdrawnBy[i] !== null) {
          computed.withdrawn++;
          if (ok) report.withdrawn++;
          er.status = 'withdrawn';
        } else {
          computed.signatories++;
          if (ok) {
            report.signatories++;
            report.by_country[s.country] = (report.by_country[s.country] || 0) + 1;
            report.by_kind[s.kind] = (report.by_kind[s.kind] || 0) + 1;
          }
          er.status = 'active';
        }
      } else {
        const w = entry.withdrawal.signed;
        computed.withdrawals++;
        er.kind = 'withdrawal';
        er.fingerprint = fingerprint(w.signer_key);
        er.signed_at = w.withdrawn_at;
        if (fromHex(w.endorsement, 32) && position.has(w.endorsement)) {
          const target = entries[position.get(w.endorsement)].endorsement;
          if (target) er.name = target.signed.signer.name;
          er.withdraws = position.get(w.endorsement);
        }
        er.status = 'withdrawal';
      }
      if (!ok) {
        er.status = 'invalid';
        for (const f of errs) errors.push({ ...f, at: `entries[${i}]` });
      }
      report.entries.push(er);
    }

    // Log, prefix and counts (checks 4–6).
    const tree = new MerkleTree();
    const prefix = rb.previous ? rb.previous.log.size : null;
    let prefixRoot = prefix === 0 ? tree.root() : null;
    for (const id of ids) {
      tree.push(id);
      if (tree.size === prefix) prefixRoot = tree.root();
    }
    if (rb.log.size !== n) {
      errors.push(failure('log-mismatch', `the release says ${rb.log.size} entries, the bundle has ${n}`, 'release'));
    } else if (rb.log.root !== toHex(tree.root())) {
      errors.push(failure('log-mismatch', "the entries do not hash to the release's log root", 'release'));
    }
    if (rb.previous && (prefixRoot === null || toHex(prefixRoot) !== rb.previous.log.root)) {
      errors.push(
        failure(
          'previous-mismatch',
          `the first ${rb.previous.log.size} entries are not those of release ${rb.previous.number}: an entry was dropped, changed or reordered`,
          'release'
        )
      );
    }
    const c = rb.counts;
    if (c.endorsements !== computed.endorsements || c.withdrawals !== computed.withdrawals ||
        c.signatories !== computed.signatories || c.withdrawn !== computed.withdrawn) {
      errors.push(failure('counts-mismatch', "the release's counts differ from its entries", 'release'));
    }

    if (previous) {
      const [info, prevErrors] = await checkPrevious(bundle, report, previous);
      report.previous = info;
      errors.push(...prevErrors);
    }
    report.valid = errors.length === 0;
    return report;
  }

  /** §10.3: release R (`bundle`, already verified into `report`) against the older bundle. */
  async function checkPrevious(bundle, report, prev) {
    const errors = [];
    const pr = await verifyBundle(prev, null, null);
    const mismatch = (m) => failure('previous-mismatch', m, 'previous');
    if (!pr.valid) {
      errors.push(failure('previous-invalid', `the previous release does not verify (${pr.errors.length} failures)`, 'previous'));
    }
    const rb = bundle.release.signed;
    const pb = prev.release.signed;
    if (rb.statement_id !== pb.statement_id || rb.lead_key !== pb.lead_key) {
      errors.push(mismatch('the previous release is of another statement or lead'));
    }
    const named = rb.previous;
    const expectedId = releaseId(prev.release);
    if (!named || named.number !== pb.number || named.id !== expectedId || named.log.size !== pb.log.size || named.log.root !== pb.log.root) {
      errors.push(mismatch(`release ${rb.number} does not name this release ${pb.number} as its predecessor`));
    }
    if (rb.issued_at < pb.issued_at) errors.push(mismatch('this release is dated before the previous one'));
    let kept = 0;
    let withdrawnSince = 0;
    let consistent = prev.entries.length <= bundle.entries.length;
    for (let i = 0; i < prev.entries.length; i++) {
      const cur = report.entries[i];
      if (!cur) break;
      if (cur.id !== pr.entries[i].id) {
        consistent = false;
        errors.push(mismatch(`entry ${i} of the previous release was dropped, changed or moved in this one`));
        continue;
      }
      if (cur.kind === 'endorsement' && pr.entries[i].status === 'active') {
        if (cur.status === 'active') kept++;
        else if (cur.status === 'withdrawn') withdrawnSince++;
      }
    }
    if (prev.entries.length > bundle.entries.length) errors.push(mismatch('the previous release has more entries than this one'));
    const added = report.entries.slice(Math.min(prev.entries.length, report.entries.length)).filter((e) => e.kind === 'endorsement').length;
    const info = {
      number: pb.number,
      issued_at: pb.issued_at,
      kept,
      withdrawn_since: withdrawnSince,
      added,
      consistent: consistent && errors.length === 0,
    };
    return [info, errors];
  }

  /** The sorted, unique codes of a list of failures. */
  const codesOf = (failures) => [...new Set(failures.map((f) => f.code))].sort();

  /**
   * Verifies a file of `kind` ('bundle', 'endorsement', 'withdrawal', 'invitation') given as
   * bytes, with the previous release's bytes for a bundle. Resolves to
   * `{valid, codes, failures, report}`; `report` is set for a bundle that could be read.
   */
  async function check(kind, bytes, previousBytes, progress) {
    const outcome = (failures, report) => ({ valid: failures.length === 0, codes: codesOf(failures), failures, report: report || null });
    if (!(kind in CAPS)) return outcome([failure('unsupported-format', `unknown kind "${kind}"`)]);
    let value;
    try {
      value = parseFile(bytes, kind);
    } catch (e) {
      if (e instanceof ParseFailure) return outcome([failure(e.code, e.message)]);
      throw e;
    }
    if (kind === 'bundle') {
      let prev = null;
      if (previousBytes) {
        try {
          prev = parseFile(previousBytes, 'bundle');
        } catch (e) {
          if (!(e instanceof ParseFailure)) throw e;
          const report = await verifyBundle(value, null, progress);
          report.errors.push(failure('previous-invalid', `the previous release could not be read: ${e.message}`, 'previous'));
          report.valid = false;
          return outcome(report.errors, report);
        }
      }
      const report = await verifyBundle(value, prev, progress);
      return outcome(report.errors, report);
    }
    if (kind === 'invitation') {
      return outcome(verifyStatementVersion(value.statement).map((f) => ({ ...f, at: 'statement' })));
    }
    if (kind === 'endorsement') {
      const out = endorsementFields(value.signed);
      const f = signatureFailure(value.signed.signer.public_key, value.signature, signedMessage(CONTEXT.endorsement, value.signed));
      if (f) out.push(f);
      return outcome(out);
    }
    const out = withdrawalFields(value.signed);
    const f = signatureFailure(value.signed.signer_key, value.signature, signedMessage(CONTEXT.withdrawal, value.signed));
    if (f) out.push(f);
    return outcome(out);
  }

  const api = {
    check,
    parseJson,
    JsonError,
    sha256,
    sha512,
    ed25519Verify,
    decodePoint,
    jcs,
    fingerprint,
    countries: COUNTRIES,
    toHex,
    fromHex,
  };

  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  if (typeof document !== 'undefined') startPage(api);

  // ---------------------------------------------------------------------------------------------
  // The page (verify.html). Every value from a bundle reaches the page as text, never as HTML.
  // ---------------------------------------------------------------------------------------------

  function startPage(api) {
    const $ = (id) => document.getElementById(id);
    const ROWS_PER_PAGE = 200;
    const KIND_LABEL = { organization: 'Organization', individual: 'Individual' };
    const STATUS_LABEL = { active: 'Valid', withdrawn: 'Withdrawn', withdrawal: 'Withdrawal', invalid: 'Invalid' };

    /** Builds an element; string children become text nodes. */
    function el(tag, props, ...children) {
      const e = document.createElement(tag);
      for (const [k, v] of Object.entries(props || {})) {
        if (k === 'class') e.className = v;
        else if (k === 'data') Object.assign(e.dataset, v);
        else e.setAttribute(k, v);
      }
      for (const c of children.flat()) {
        if (c === null || c === undefined || c === false) continue;
        e.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
      }
      return e;
    }
    /** Appends children to a node, skipping null, undefined and false; strings become text. */
    const add = (node, ...children) => {
      for (const c of children.flat()) {
        if (c === null || c === undefined || c === false) continue;
        node.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
      }
      return node;
    };
    const clear = (node) => {
      while (node.firstChild) node.removeChild(node.firstChild);
      return node;
    };
    const num = (n) => n.toLocaleString('en-US');
    const plural = (n, one, many) => `${num(n)} ${n === 1 ? one : many}`;
    const countryName = (code) => api.countries.get(code) || code;
    const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
    function humanDate(ts) {
      const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:T([0-9]{2}):([0-9]{2}))?/.exec(ts || '');
      if (!m) return ts || '';
      const d = `${+m[3]} ${MONTHS[+m[2] - 1] || m[2]} ${m[1]}`;
      return m[4] ? `${d}, ${m[4]}:${m[5]} UTC` : d;
    }
    const shortDate = (ts) => (ts || '').slice(0, 10);

    const state = { bundle: null, previous: null, run: 0, outcome: null, filter: 'all', search: '', shown: ROWS_PER_PAGE };

    function embedded(id) {
      const node = $(id);
      if (!node) return null;
      const text = node.textContent;
      if (node.dataset.encoding === 'base64') {
        const bin = atob(text.replace(/\s+/g, ''));
        const bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        return { name: node.dataset.name || 'the bundle in this page', bytes };
      }
      return { name: node.dataset.name || 'the bundle in this page', bytes: new TextEncoder().encode(text) };
    }

    function setVerdict(kind, title, detail) {
      const v = $('verdict');
      v.dataset.state = kind;
      if (kind === 'valid' || kind === 'invalid' || kind === 'unreadable') v.dataset.valid = String(kind === 'valid');
      else delete v.dataset.valid;
      $('verdict-title').textContent = title;
      $('verdict-detail').textContent = detail;
    }

    function publishResult(result) {
      let node = $('verification-result');
      if (!node) {
        node = el('script', { type: 'application/json', id: 'verification-result' });
        document.body.append(node);
      }
      node.textContent = JSON.stringify(result).replace(/</g, '\\u003c');
      document.body.dataset.state = 'done';
    }

    async function run() {
      const ticket = ++state.run;
      document.body.dataset.state = 'running';
      for (const id of ['summary-card', 'counts-card', 'failures-card', 'previous-card', 'entries-card', 'text-card']) $(id).hidden = true;
      showFiles();
      if (!state.bundle) {
        setVerdict('empty', 'No bundle to verify', 'Choose a bundle file below, or drop it on this page.');
        return;
      }
      setVerdict('running', 'Verifying…', `Checking ${state.bundle.name}.`);
      let outcome;
      try {
        outcome = await api.check('bundle', state.bundle.bytes, state.previous && state.previous.bytes, (done, total) => {
          if (ticket === state.run) $('verdict-detail').textContent = `Checked ${num(done)} of ${plural(total, 'signature', 'signatures')}…`;
        });
      } catch (e) {
        outcome = { valid: false, codes: ['internal-error'], failures: [{ code: 'internal-error', message: String(e && e.message) }], report: null };
      }
      if (ticket !== state.run) return;
      state.outcome = outcome;
      state.shown = ROWS_PER_PAGE;
      render(outcome);
      const r = outcome.report;
      publishResult({
        valid: outcome.valid,
        codes: outcome.codes,
        failures: outcome.failures,
        report: r && {
          signatories: r.signatories,
          withdrawn: r.withdrawn,
          by_country: r.by_country,
          by_kind: r.by_kind,
          previous: r.previous,
          statement: r.statement,
          release: r.release,
          entries: r.entries.map((e) => ({ index: e.index, kind: e.kind, status: e.status, codes: [...new Set(e.errors.map((f) => f.code))].sort() })),
        },
      });
    }

    function render(outcome) {
      const r = outcome.report;
      if (!r) {
        const f = outcome.failures[0] || { message: '' };
        const what = { malformed: 'This file is not a well-formed bundle', 'unsupported-format': 'This bundle is in a format this page does not know', 'too-large': 'This file is too large' }[f.code] || 'This file could not be verified';
        setVerdict('unreadable', 'Not verified', `${what}: ${f.message}`);
        renderFailures(outcome.failures);
        return;
      }
      if (outcome.valid) {
        const prev = r.previous ? ` It keeps every entry of release ${r.previous.number}: nothing was dropped, reordered or altered.` : '';
        setVerdict(
          'valid',
          'Verified',
          `Every signature checks out and the list is exactly the one ${r.statement.lead_name} signed as release ${r.release.number}: ` +
            `${plural(r.signatories, 'signatory', 'signatories')}` +
            (r.withdrawn ? `, ${plural(r.withdrawn, 'withdrawn endorsement', 'withdrawn endorsements')}.` : '.') + prev
        );
      } else {
        setVerdict(
          'invalid',
          'Not verified',
          `${plural(outcome.failures.length, 'problem was', 'problems were')} found (${outcome.codes.join(', ')}). ` +
            'Do not rely on this list until they are explained; the entries that do verify are marked below.'
        );
      }
      renderSummary(r);
      renderCounts(r);
      renderFailures(outcome.failures);
      renderPrevious(r);
      renderEntries();
      renderTexts();
    }

    function fact(label, ...value) {
      return [el('dt', null, label), el('dd', null, ...value)];
    }

    function renderSummary(r) {
      $('summary-card').hidden = false;
      $('statement-title').textContent = r.statement.title || '(no title)';
      const versions = state.parsed ? state.parsed.statement_versions.map((v) => v.signed.version) : [r.statement.version];
      clear($('facts')).append(
        ...fact('Release', `${r.release.number}, issued ${humanDate(r.release.issued_at)}`),
        ...fact('Lead', el('bdi', null, r.statement.lead_name)),
        ...fact('Lead key fingerprint', el('code', { class: 'fp' }, r.statement.lead_fingerprint || '—')),
        ...fact(versions.length > 1 ? `Statement digest (version ${r.statement.version})` : 'Statement digest', el('code', { class: 'hash' }, r.statement.digest)),
        ...fact('Languages', r.statement.languages.join(', ')),
        ...fact('Log', `${plural(r.release.log_size, 'entry', 'entries')}, root `, el('code', { class: 'hash' }, r.release.log_root)),
        ...fact('Release id', el('code', { class: 'hash' }, r.release.id))
      );
    }

    function renderCounts(r) {
      $('counts-card').hidden = false;
      const countries = Object.entries(r.by_country).sort((a, b) => b[1] - a[1] || countryName(a[0]).localeCompare(countryName(b[0])));
      clear($('stats')).append(
        el('div', { class: 'stat' }, el('strong', null, num(r.signatories)), el('span', null, 'signatories')),
        el('div', { class: 'stat' }, el('strong', null, num(r.by_kind.organization || 0)), el('span', null, 'organizations')),
        el('div', { class: 'stat' }, el('strong', null, num(r.by_kind.individual || 0)), el('span', null, 'individuals')),
        el('div', { class: 'stat' }, el('strong', null, num(countries.length)), el('span', null, 'countries')),
        el('div', { class: 'stat' }, el('strong', null, num(r.withdrawn)), el('span', null, 'withdrawn'))
      );
      clear($('by-country')).append(
        ...countries.map(([code, n]) =>
          el('li', null, el('span', { class: 'country' }, countryName(code), ' ', el('span', { class: 'code' }, code)), el('span', { class: 'n' }, num(n)))
        )
      );
      $('by-country-wrap').hidden = countries.length === 0;
      $('counts-note').hidden = !!(state.outcome && state.outcome.valid);
    }

    function renderFailures(failures) {
      const card = $('failures-card');
      card.hidden = failures.length === 0;
      const shown = failures.slice(0, 500);
      const list = clear($('failures'));
      list.append(...shown.map((f) => el('li', null, el('span', { class: 'badge bad' }, f.code), f.at ? el('span', { class: 'at' }, f.at) : null, el('span', { class: 'msg' }, f.message))));
      if (failures.length > shown.length) list.append(el('li', { class: 'more' }, `and ${num(failures.length - shown.length)} more`));
    }

    function renderPrevious(r) {
      const card = $('previous-card');
      card.hidden = !r.previous;
      if (!r.previous) return;
      const p = r.previous;
      clear($('previous-summary')).append(
        el('p', { class: p.consistent ? 'ok' : 'bad' },
          p.consistent
            ? `Release ${r.release.number} is a consistent successor of release ${p.number} (issued ${humanDate(p.issued_at)}): every entry of release ${p.number} is still here, in the same order and unchanged.`
            : `Release ${r.release.number} is NOT a consistent successor of release ${p.number} (issued ${humanDate(p.issued_at)}): see the problems listed above.`),
        el('ul', { class: 'inline' },
          el('li', null, el('strong', null, num(p.kept)), ' kept'),
          el('li', null, el('strong', null, num(p.withdrawn_since)), ' withdrawn by their signers, each with a signed withdrawal'),
          el('li', null, el('strong', null, num(p.added)), ' added'))
      );
    }

    function matches(e) {
      if (state.filter === 'problems' && e.status !== 'invalid') return false;
      if (state.filter === 'withdrawn' && e.status !== 'withdrawn' && e.kind !== 'withdrawal') return false;
      if (state.search) {
        const hay = `${e.name} ${e.country} ${countryName(e.country)} ${e.title || ''} ${e.affiliation || ''} ${e.fingerprint}`.toLowerCase();
        if (!hay.includes(state.search)) return false;
      }
      return true;
    }

    function entryRow(e) {
      const status = el('span', { class: `badge ${e.status}` }, STATUS_LABEL[e.status] || e.status);
      const who = el('td', { class: 'who' });
      if (e.kind === 'withdrawal') {
        add(who, el('span', { class: 'muted' }, e.withdraws === undefined ? 'Withdrawal of an unknown entry' : `Withdrawal of entry ${e.withdraws + 1}`), e.name ? ': ' : '', e.name ? el('bdi', null, e.name) : null);
      } else {
        add(who, el('bdi', { class: 'name' }, e.name));
        const extra = [e.title, e.affiliation].filter(Boolean).join(', ');
        if (extra) add(who, el('div', { class: 'sub' }, el('bdi', null, extra)));
        if (e.website) add(who, el('div', { class: 'sub url' }, e.website));
      }
      if (e.errors.length) {
        add(who, el('ul', { class: 'entry-errors' }, ...e.errors.map((f) => el('li', null, el('code', null, f.code), ' ', f.message))));
      }
      return el('tr', { data: { status: e.status } },
        el('td', { class: 'idx' }, num(e.index + 1)),
        el('td', null, status),
        who,
        el('td', null, e.kind === 'endorsement' ? KIND_LABEL[e.signer_kind] || '' : ''),
        el('td', null, e.country ? el('span', { title: countryName(e.country) }, countryName(e.country)) : ''),
        el('td', { class: 'date' }, shortDate(e.signed_at), state.versions > 1 && e.version ? el('div', { class: 'sub' }, `version ${e.version}`) : null),
        el('td', null, el('code', { class: 'fp' }, e.fingerprint))
      );
    }

    function renderEntries() {
      const r = state.outcome && state.outcome.report;
      if (!r) return;
      state.versions = state.parsed ? state.parsed.statement_versions.length : 1;
      $('entries-card').hidden = false;
      const list = r.entries.filter(matches);
      const rows = list.slice(0, state.shown);
      clear($('entries-body')).append(...rows.map(entryRow));
      $('entries-empty').hidden = list.length !== 0;
      $('entries-count').textContent = list.length === r.entries.length
        ? plural(r.entries.length, 'entry', 'entries')
        : `${num(list.length)} of ${plural(r.entries.length, 'entry', 'entries')}`;
      const more = $('more');
      more.hidden = list.length <= rows.length;
      more.textContent = `Show ${num(Math.min(ROWS_PER_PAGE, list.length - rows.length))} more`;
    }

    function renderTexts() {
      const v = state.parsed && state.parsed.statement_versions[state.parsed.statement_versions.length - 1];
      $('text-card').hidden = !v;
      if (!v) return;
      const RTL = /^(ar|arc|ckb|dv|fa|he|ks|ku-Arab|ps|sd|ug|ur|yi)(-|$)/;
      clear($('texts')).append(
        el('p', { class: 'muted' }, `Version ${v.signed.version}, exactly as signed (Markdown source). Digest `, el('code', { class: 'hash' }, v.signed.digest), '.'),
        ...v.signed.texts.map((t) =>
          el('article', { lang: t.language, dir: RTL.test(t.language) ? 'rtl' : 'auto', class: 'text' },
            el('h3', null, t.title, ' ', el('span', { class: 'lang' }, t.language)),
            el('div', { class: 'body' }, t.body))
        )
      );
    }

    function showFiles() {
      $('current-bundle').textContent = state.bundle ? state.bundle.name : 'none';
      $('current-previous').textContent = state.previous ? state.previous.name : 'none';
      $('clear-previous').hidden = !state.previous;
    }

    /** Parses the current bundle once more for the parts of the page the report does not carry. */
    function parseForDisplay() {
      state.parsed = null;
      try {
        const text = new TextDecoder('utf-8', { fatal: true }).decode(state.bundle.bytes);
        const v = api.parseJson(text, true);
        const sv = v instanceof Map && v.get('statement_versions');
        if (Array.isArray(sv)) {
          state.parsed = {
            statement_versions: sv.map((x) => {
              const s = x instanceof Map && x.get('signed');
              const texts = (s instanceof Map && Array.isArray(s.get('texts')) ? s.get('texts') : [])
                .filter((t) => t instanceof Map)
                .map((t) => ({ language: String(t.get('language')), title: String(t.get('title')), body: String(t.get('body')) }));
              const version = s instanceof Map && s.get('version');
              return { signed: { version: version && version.text ? Number(version.text) : 0, digest: String(s instanceof Map ? s.get('digest') : ''), texts } };
            }),
          };
        }
      } catch (e) {
        state.parsed = null;
      }
    }

    async function readFile(file) {
      if (file.size > 2 * 1024 * 1024 * 1024) return { name: file.name, bytes: new Uint8Array(2 * 1024 * 1024 * 1024 + 1) };
      return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
    }

    /** The release number a file claims, to tell a bundle from its previous release on a drop. */
    function claimedNumber(bytes) {
      try {
        const v = api.parseJson(new TextDecoder().decode(bytes), false);
        return Number(v.get('release').get('signed').get('number').text) || 0;
      } catch (e) {
        return 0;
      }
    }

    async function take(files, target) {
      const list = Array.from(files || []);
      if (!list.length) return;
      const read = await Promise.all(list.slice(0, 2).map(readFile));
      if (read.length === 2) {
        read.sort((a, b) => claimedNumber(b.bytes) - claimedNumber(a.bytes));
        state.bundle = read[0];
        state.previous = read[1];
      } else if (target === 'previous') {
        state.previous = read[0];
      } else {
        state.bundle = read[0];
        state.previous = null;
      }
      parseForDisplay();
      run();
    }

    function dropZone(zone, target) {
      zone.addEventListener('dragover', (ev) => {
        ev.preventDefault();
        ev.stopPropagation();
        zone.classList.add('over');
      });
      zone.addEventListener('dragleave', () => zone.classList.remove('over'));
      zone.addEventListener('drop', (ev) => {
        ev.preventDefault();
        ev.stopPropagation();
        zone.classList.remove('over');
        take(ev.dataTransfer.files, target);
      });
    }

    dropZone($('drop-bundle'), 'bundle');
    dropZone($('drop-previous'), 'previous');
    document.addEventListener('dragover', (ev) => ev.preventDefault());
    document.addEventListener('drop', (ev) => {
      ev.preventDefault();
      take(ev.dataTransfer.files, 'bundle');
    });
    for (const [id, target] of [['pick-bundle', 'bundle'], ['pick-previous', 'previous']]) {
      $(id).addEventListener('change', (ev) => {
        const files = Array.from(ev.target.files || []);
        ev.target.value = ''; // so that choosing the same file again is seen
        take(files, target);
      });
    }
    $('clear-previous').addEventListener('click', () => {
      state.previous = null;
      run();
    });
    $('entry-filter').addEventListener('change', (ev) => {
      state.filter = ev.target.value;
      state.shown = ROWS_PER_PAGE;
      renderEntries();
    });
    $('entry-search').addEventListener('input', (ev) => {
      state.search = ev.target.value.trim().toLowerCase();
      state.shown = ROWS_PER_PAGE;
      renderEntries();
    });
    $('more').addEventListener('click', () => {
      state.shown += ROWS_PER_PAGE;
      renderEntries();
    });

    state.bundle = embedded('bundle');
    state.previous = embedded('previous');
    if (state.bundle) parseForDisplay();
    run();
  }
})();
