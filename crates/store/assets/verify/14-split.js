  // ---------------------------------------------------------------------------------------------
  // Splitting a bundle's bytes into its head and its entries, without decoding it
  // ---------------------------------------------------------------------------------------------

  /**
   * Finds, in the bytes of a bundle, the top-level member "entries" and the extent of each of its
   * elements, with a scan that only follows strings and brackets: it decodes nothing and checks
   * nothing else. Returns `{head, offsets}`: `head` is the bundle with the entries left out (`[]`),
   * `offsets` is start, end, start, end… of each entry in `bytes`. Or null when the bytes do not
   * have that layout (no object, no such member or twice, brackets that never close…): the bundle
   * is then read in one piece, which says what is wrong.
   *
   * The head and the entries are then each read strictly (§1), the entries at depth 2; together
   * with the separators checked here they make up exactly the bytes given, so reading them apart
   * accepts exactly what reading the whole would, and finds the same values.
   */
  function splitBundle(bytes) {
    const n = bytes.length;
    let i = 0;
    const ws = () => {
      while (i < n && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
    };
    // Past the string starting at i (a quote), or -1.
    const skipString = (at) => {
      for (let k = at + 1; k < n; k++) {
        const c = bytes[k];
        if (c === 0x5c) k++;
        else if (c === 0x22) return k + 1;
      }
      return -1;
    };
    // Past the value starting at i, following only strings and brackets, or -1.
    const skipValue = (at) => {
      const c = bytes[at];
      if (c === 0x22) return skipString(at);
      if (c !== 0x7b && c !== 0x5b) {
        let k = at;
        while (k < n && bytes[k] !== 0x2c && bytes[k] !== 0x5d && bytes[k] !== 0x7d && bytes[k] > 0x20) k++;
        return k > at ? k : -1;
      }
      let depth = 0;
      for (let k = at; k < n; k++) {
        const d = bytes[k];
        if (d === 0x22) {
          k = skipString(k);
          if (k < 0) return -1;
          k--;
        } else if (d === 0x7b || d === 0x5b) {
          depth++;
        } else if (d === 0x7d || d === 0x5d) {
          depth--;
          if (depth === 0) return k + 1;
        }
      }
      return -1;
    };
    const nameDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    ws();
    if (bytes[i] !== 0x7b) return null;
    i++;
    let found = null; // [start, end) of the entries' array contents
    let offsets = null;
    ws();
    if (bytes[i] === 0x7d) return null;
    for (;;) {
      ws();
      if (bytes[i] !== 0x22) return null;
      const nameEnd = skipString(i);
      if (nameEnd < 0) return null;
      let name;
      try {
        name = parseJson(nameDecoder.decode(bytes.subarray(i, nameEnd)), true);
      } catch (e) {
        return null;
      }
      i = nameEnd;
      ws();
      if (bytes[i] !== 0x3a) return null;
      i++;
      ws();
      if (name === 'entries' && bytes[i] === 0x5b) {
        if (found) return null;
        const open = i + 1;
        const list = [];
        i = open;
        ws();
        if (bytes[i] !== 0x5d) {
          for (;;) {
            ws();
            const end = skipValue(i);
            if (end < 0) return null;
            list.push(i, end);
            i = end;
            ws();
            if (bytes[i] === 0x2c) {
              i++;
              continue;
            }
            if (bytes[i] === 0x5d) break;
            return null;
          }
        }
        found = [open, i];
        offsets = list;
        i++;
      } else {
        const end = skipValue(i);
        if (end < 0) return null;
        i = end;
      }
      ws();
      if (bytes[i] === 0x2c) {
        i++;
        continue;
      }
      if (bytes[i] === 0x7d) break;
      return null;
    }
    if (!found) return null;
    const head = new Uint8Array(n - (found[1] - found[0]));
    head.set(bytes.subarray(0, found[0]), 0);
    head.set(bytes.subarray(found[1]), found[0]);
    return { head, offsets };
  }
