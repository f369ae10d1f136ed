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

  /** The point of an encoding that meets §3.2's conditions (canonical, not of small order); else null. */
  function decodeKey(bytes) {
    const p = decodePoint(bytes);
    return p && !isIdentity(mulByCofactor(p)) ? p : null;
  }

  const keyValid = (key) => decodeKey(key) !== null;

  /**
   * Verifies `sig` (64 bytes) by `key` (32 bytes) over `msg` under FORMAT.md §3.2.
   * Returns null when valid, else 'key-invalid' or 'signature-invalid'.
   */
  function ed25519Verify(key, sig, msg) {
    const a = decodeKey(key);
    if (!a) return 'key-invalid';
    const s = leInt(sig.subarray(32, 64));
    if (s >= L) return 'signature-invalid';
    const rBytes = sig.subarray(0, 32);
    const r = decodeKey(rBytes);
    if (!r) return 'signature-invalid';
    const k = leInt(sha512(concatBytes([rBytes, key, msg]))) % L;
    // [8]([s]B − [k]A − R) must be the identity.
    const q = padd(doubleMul(s, BASE, k, pneg(a)), pneg(r));
    return isIdentity(mulByCofactor(q)) ? null : 'signature-invalid';
  }

  // The fast path: the browser's own Ed25519 (WebCrypto), trusted only where it cannot differ
  // from §3.2. WebCrypto checks the cofactorless equation [s]B = R + [k]A and is not strict about
  // encodings, so before asking it the strict rule's byte checks are made here: s < L, and A and
  // R each canonical (y < p) and not one of the small-order encodings. The eight points of small
  // order have y in {0, 1, p − 1, Y8, p − Y8}; every encoding with such a y, whatever its sign
  // bit, is of small order, not canonical (x = 0 with the sign bit set) or off the curve, so it
  // goes to the exact check. After these checks, WebCrypto's "valid" implies §3.2's: A and R
  // decode (WebCrypto decoded them), are canonical and of large order, s < L, and multiplying
  // [s]B − R − [k]A = identity by 8 gives the cofactored equation. Its "invalid" proves nothing
  // (a key or R with a torsion component satisfies only the cofactored equation), so it, an
  // exception, or a browser without Ed25519 in WebCrypto, falls back to ed25519Verify: the
  // verdict never depends on the browser.
  const Y8 = 0x7a03ac9277fdc74ec6cc392cfa53202a0f67100d760b3cba4fd84d3d706a17c7n;
  const SMALL_ORDER_Y = new Set([0n, 1n, P - 1n, Y8, P - Y8]);
  let webCrypto = typeof globalThis.crypto !== 'undefined' && globalThis.crypto.subtle ? globalThis.crypto.subtle : null;

  // The same comparisons on the 32 bytes themselves (little-endian), without making numbers.
  function leBytes(x) {
    const out = new Uint8Array(32);
    for (let i = 0; i < 32; i++, x >>= 8n) out[i] = Number(x & 0xffn);
    return out;
  }
  const P_BYTES = leBytes(P);
  const L_BYTES = leBytes(L);
  const SMALL_ORDER_Y_BYTES = [...SMALL_ORDER_Y].map(leBytes);
  /** a < b, 32 bytes each, little-endian; with `yOnly`, a's top bit (an encoding's sign) left out. */
  function lessLE(a, b, yOnly) {
    for (let i = 31; i >= 0; i--) {
      const x = i === 31 && yOnly ? a[i] & 0x7f : a[i];
      if (x !== b[i]) return x < b[i];
    }
    return false;
  }
  /** a's y (its sign bit left out) is y's; compared in place, since it runs twice a signature. */
  function sameY(a, y) {
    if ((a[31] & 0x7f) !== y[31]) return false;
    for (let i = 0; i < 31; i++) if (a[i] !== y[i]) return false;
    return true;
  }

  /** y < p, and y not one of the small-order points' (the sign bit aside). */
  function strictEncoding(bytes) {
    return lessLE(bytes, P_BYTES, true) && !SMALL_ORDER_Y_BYTES.some((y) => sameY(bytes, y));
  }
  /** s < L, for the 32 bytes of a signature's s. */
  const belowL = (bytes) => lessLE(bytes, L_BYTES, false);

  /** ed25519Verify, asking WebCrypto first where its answer "valid" is exact (see above). */
  async function ed25519VerifyFast(key, sig, msg) {
    if (webCrypto && strictEncoding(key) && strictEncoding(sig.subarray(0, 32)) && belowL(sig.subarray(32, 64))) {
      try {
        const k = await webCrypto.importKey('raw', key, { name: 'Ed25519' }, false, ['verify']);
        if (await webCrypto.verify({ name: 'Ed25519' }, k, sig, msg)) return null;
      } catch {
        // The browser has no Ed25519 or refused the key: the exact check decides.
      }
    }
    return ed25519Verify(key, sig, msg);
  }

  /** Whether the fast path is on (the page tells its workers). */
  const usingWebCrypto = () => webCrypto !== null;

  /** Turns the fast path off (false) or on again (true); for the tests of the fallback alone. */
  function useWebCrypto(on) {
    webCrypto = on && typeof globalThis.crypto !== 'undefined' ? globalThis.crypto.subtle || null : null;
  }

