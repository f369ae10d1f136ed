  // ---------------------------------------------------------------------------------------------
  // Unicode 18.0.0 (FORMAT.md §5): the general categories the field rules name, White_Space, and
  // NFC, from the page's own tables (08-unicode-data.js), never from the browser's, so that the
  // verdict does not depend on the browser or its version.
  // ---------------------------------------------------------------------------------------------

  /** Sorted [first, last] code point ranges from the "gap,length" form of the data. */
  function decodeRanges(s) {
    const out = [];
    let next = 0;
    for (const part of s.split(' ')) {
      const [gap, len] = part.split(',').map((x) => parseInt(x, 36));
      const first = next + gap;
      out.push([first, first + len - 1]);
      next = first + len;
    }
    return out;
  }

  function inRanges(ranges, cp) {
    let lo = 0;
    let hi = ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (cp < ranges[mid][0]) hi = mid - 1;
      else if (cp > ranges[mid][1]) lo = mid + 1;
      else return true;
    }
    return false;
  }

  const UCLASS = Object.fromEntries(Object.entries(UNICODE_DATA.classes).map(([k, v]) => [k, decodeRanges(v)]));
  /** Whether code point `cp` is of general category (or group) `k`: Cc Cf Zl Zp Co Cn L M. */
  const isOfClass = (k, cp) => inRanges(UCLASS[k], cp);

  // White_Space (PropList.txt): 25 code points, unchanged since Unicode 6.
  const WHITE_SPACE = new Set([
    0x9, 0xa, 0xb, 0xc, 0xd, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007,
    0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
  ]);
  const isWhiteSpace = (cp) => WHITE_SPACE.has(cp);

  const CCC = new Map();
  {
    let next = 0;
    for (const part of UNICODE_DATA.ccc.split(' ')) {
      const [gap, len, k] = part.split(',').map((x) => parseInt(x, 36));
      const first = next + gap;
      for (let cp = first; cp < first + len; cp++) CCC.set(cp, k);
      next = first + len;
    }
  }
  const DECOMPOSITION = new Map();
  {
    let cp = 0;
    for (const part of UNICODE_DATA.decompositions.split(' ')) {
      const [delta, to] = part.split(':');
      cp += parseInt(delta, 36);
      DECOMPOSITION.set(cp, to.split(',').map((x) => parseInt(x, 36)));
    }
  }
  const COMPOSITION = new Map();
  for (const part of UNICODE_DATA.compositions.split(' ')) {
    const [a, b, c] = part.split(',').map((x) => parseInt(x, 36));
    COMPOSITION.set(a * 0x110000 + b, c);
  }

  // Hangul syllables, by the algorithm of Unicode §3.12.
  const S_BASE = 0xac00, L_BASE = 0x1100, V_BASE = 0x1161, T_BASE = 0x11a7;
  const L_COUNT = 19, V_COUNT = 21, T_COUNT = 28, N_COUNT = V_COUNT * T_COUNT, S_COUNT = L_COUNT * N_COUNT;

  function decompose(cp, out) {
    const s = cp - S_BASE;
    if (s >= 0 && s < S_COUNT) {
      out.push(L_BASE + Math.floor(s / N_COUNT), V_BASE + Math.floor((s % N_COUNT) / T_COUNT));
      if (s % T_COUNT !== 0) out.push(T_BASE + (s % T_COUNT));
      return;
    }
    const d = DECOMPOSITION.get(cp);
    if (d) out.push(...d);
    else out.push(cp);
  }

  function composePair(a, b) {
    const l = a - L_BASE, v = b - V_BASE;
    if (l >= 0 && l < L_COUNT && v >= 0 && v < V_COUNT) return S_BASE + (l * V_COUNT + v) * T_COUNT;
    const s = a - S_BASE, t = b - T_BASE;
    if (s >= 0 && s < S_COUNT && s % T_COUNT === 0 && t > 0 && t < T_COUNT) return a + t;
    const c = COMPOSITION.get(a * 0x110000 + b);
    return c === undefined ? null : c;
  }

  /** NFC (UAX #15) of a string, as code points. */
  function nfcCodePoints(s) {
    // Canonical decomposition, then canonical ordering (a stable sort of each run of marks).
    const d = [];
    for (const c of s) decompose(c.codePointAt(0), d);
    for (let i = 1; i < d.length; i++) {
      const k = CCC.get(d[i]) || 0;
      if (k === 0) continue;
      let j = i;
      while (j > 0 && (CCC.get(d[j - 1]) || 0) > k) {
        [d[j - 1], d[j]] = [d[j], d[j - 1]];
        j--;
      }
    }
    // Canonical composition: a character combines with the last starter when nothing between
    // them blocks it (no character between, or each of a lower class than its own).
    const out = [];
    let starter = -1;
    let lastClass = -1; // the class of the last character kept after the starter; -1: none
    for (const cp of d) {
      const k = CCC.get(cp) || 0;
      if (starter >= 0 && (lastClass === -1 || lastClass < k)) {
        const c = composePair(out[starter], cp);
        if (c !== null) {
          out[starter] = c;
          continue;
        }
      }
      if (k === 0) {
        starter = out.length;
        lastClass = -1;
      } else {
        lastClass = k;
      }
      out.push(cp);
    }
    return out;
  }

  /**
   * Whether `s` is in NFC under Unicode 18.0.0. Text below U+0300 (Latin-1 and Latin
   * Extended-A and -B: no combining mark, no singleton, no excluded composite) always is.
   */
  function isNfc(s) {
    if (/^[\u0000-\u02ff]*$/.test(s)) return true;
    const want = nfcCodePoints(s);
    let i = 0;
    for (const c of s) {
      if (want[i++] !== c.codePointAt(0)) return false;
    }
    return i === want.length;
  }
