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

