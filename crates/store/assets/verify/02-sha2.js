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

  const SHA256_K = Int32Array.from(fractionalRoots(64, 3, 32), Number);
  const SHA256_H = Uint32Array.from(fractionalRoots(8, 2, 32), Number);

  const SHA256_W = new Int32Array(64); // the message schedule, reused: the script is one thread

  /** The bytes SHA-256 pads `len` bytes of data to: a multiple of 64, at least len + 9. */
  const sha256Padded = (len) => Math.ceil((len + 9) / 64) * 64;

  function sha256(data) {
    const buf = new Uint8Array(sha256Padded(data.length));
    buf.set(data);
    return sha256InPlace(buf, data.length);
  }

  /**
   * SHA-256 of buf[0..len), padding it in place: buf has at least sha256Padded(len) bytes, and
   * the bytes from len on are overwritten.
   */
  function sha256InPlace(buf, len) {
    const end = sha256Padded(len);
    buf[len] = 0x80;
    buf.fill(0, len + 1, end - 5);
    const bits = len * 8;
    buf[end - 5] = Math.floor(len / 0x20000000); // bits 32–39 of the length in bits
    buf[end - 4] = bits >>> 24;
    buf[end - 3] = bits >>> 16;
    buf[end - 2] = bits >>> 8;
    buf[end - 1] = bits;
    const w = SHA256_W;
    const k = SHA256_K;
    // Int32 arithmetic throughout (| 0): the same bits as unsigned, and what the engine runs fastest.
    let h0 = SHA256_H[0] | 0, h1 = SHA256_H[1] | 0, h2 = SHA256_H[2] | 0, h3 = SHA256_H[3] | 0;
    let h4 = SHA256_H[4] | 0, h5 = SHA256_H[5] | 0, h6 = SHA256_H[6] | 0, h7 = SHA256_H[7] | 0;
    for (let off = 0; off < end; off += 64) {
      for (let t = 0; t < 16; t++) {
        const j = off + 4 * t;
        w[t] = (buf[j] << 24) | (buf[j + 1] << 16) | (buf[j + 2] << 8) | buf[j + 3];
      }
      for (let t = 16; t < 64; t++) {
        const x = w[t - 15];
        const y = w[t - 2];
        const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
        const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
        w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
      }
      let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
      for (let t = 0; t < 64; t++) {
        const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        const ch = (e & f) ^ (~e & g);
        const t1 = (h + S1 + ch + k[t] + w[t]) | 0;
        const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        const maj = (a & b) ^ (a & c) ^ (b & c);
        h = g;
        g = f;
        f = e;
        e = (d + t1) | 0;
        d = c;
        c = b;
        b = a;
        a = (t1 + S0 + maj) | 0;
      }
      h0 = (h0 + a) | 0; h1 = (h1 + b) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0;
      h4 = (h4 + e) | 0; h5 = (h5 + f) | 0; h6 = (h6 + g) | 0; h7 = (h7 + h) | 0;
    }
    const out = new Uint8Array(32);
    const hs = [h0, h1, h2, h3, h4, h5, h6, h7];
    for (let i = 0; i < 8; i++) {
      out[4 * i] = hs[i] >>> 24;
      out[4 * i + 1] = hs[i] >>> 16;
      out[4 * i + 2] = hs[i] >>> 8;
      out[4 * i + 3] = hs[i];
    }
    return out;
  }

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

