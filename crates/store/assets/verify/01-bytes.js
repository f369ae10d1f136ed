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

  /**
   * The length in bytes of `text` encoded as UTF-8 by TextEncoder, without encoding it: its
   * UTF-16 units, plus one byte for each character from U+0080 to U+07FF and two for each above,
   * a pair of surrogates being 4 bytes in all and a lone one 3 (TextEncoder writes U+FFFD for it).
   * Only the runs of non-ASCII characters are walked in JavaScript, found by the browser's own
   * regular expression engine: a large text that is mostly ASCII is measured at the engine's speed.
   */
  function utf8Length(text) {
    let n = text.length;
    const wide = /[^\x00-\x7f]+/g;
    for (let m = wide.exec(text); m !== null; m = wide.exec(text)) {
      const run = m[0];
      for (let i = 0; i < run.length; i++) {
        const c = run.charCodeAt(i);
        if (c < 0x800) n += 1;
        else if (c >= 0xd800 && c <= 0xdbff && i + 1 < run.length && (run.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
          n += 2; // with its low surrogate: 4 bytes for 2 units
          i++;
        } else n += 2; // 3 bytes, a lone surrogate's U+FFFD included
      }
    }
    return n;
  }

  const HEX = '0123456789abcdef';

  const HEX_BYTE = Array.from({ length: 256 }, (_, b) => HEX[b >> 4] + HEX[b & 15]);

  function toHex(bytes) {
    let s = '';
    for (let i = 0; i < bytes.length; i++) s += HEX_BYTE[bytes[i]];
    return s;
  }

  // The value of each lowercase hex digit by its character code; -1 for any other character.
  const HEX_VALUE = new Int8Array(128).fill(-1);
  for (let i = 0; i < 16; i++) HEX_VALUE[HEX.charCodeAt(i)] = i;

  /** `nbytes` bytes written as exactly 2·nbytes lowercase hex digits (§1), else null. */
  function fromHex(s, nbytes) {
    if (typeof s !== 'string' || s.length !== 2 * nbytes) return null;
    const out = new Uint8Array(nbytes);
    for (let i = 0; i < nbytes; i++) {
      const a = s.charCodeAt(2 * i);
      const b = s.charCodeAt(2 * i + 1);
      const hi = a < 128 ? HEX_VALUE[a] : -1;
      const lo = b < 128 ? HEX_VALUE[b] : -1;
      if (hi < 0 || lo < 0) return null;
      out[i] = (hi << 4) | lo;
    }
    return out;
  }

  function bytesEqual(a, b) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

