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

  const HEX_BYTE = Array.from({ length: 256 }, (_, b) => HEX[b >> 4] + HEX[b & 15]);
  const HEX_CODE = Uint8Array.from(HEX, (c) => c.charCodeAt(0));

  function toHex(bytes) {
    let s = '';
    for (let i = 0; i < bytes.length; i++) s += HEX_BYTE[bytes[i]];
    return s;
  }

  /**
   * The hex of each `width` bytes of `bytes`, in order: toHex of each, made at once (a million
   * entries' ids: one text of all their digits, of which each id's is a slice, instead of a
   * string built up of 32 pieces for each).
   */
  function hexEach(bytes, width) {
    const count = bytes.length / width;
    const out = new Array(count);
    const decoder = new TextDecoder('utf-8');
    const step = 1 << 16; // items to a text: far below the longest a string can be
    const digits = new Uint8Array(2 * width * Math.min(step, count));
    for (let from = 0; from < count; from += step) {
      const to = Math.min(count, from + step);
      const part = bytes.subarray(width * from, width * to);
      for (let i = 0; i < part.length; i++) {
        digits[2 * i] = HEX_CODE[part[i] >> 4];
        digits[2 * i + 1] = HEX_CODE[part[i] & 15];
      }
      const all = decoder.decode(digits.subarray(0, 2 * part.length));
      for (let k = from; k < to; k++) out[k] = all.slice(2 * width * (k - from), 2 * width * (k - from + 1));
    }
    return out;
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

