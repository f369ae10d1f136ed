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
    return bundleSplitter().end(bytes);
  }

  // Where the splitter is in a bundle's text.
  const AT_START = 0; // before the object's `{`
  const AT_FIRST = 1; // after `{`: a name, or `}`
  const AT_NAME = 2; // a member's name
  const IN_NAME = 3;
  const AT_COLON = 4;
  const AT_VALUE = 5; // a member's value
  const IN_VALUE = 6; // a member's value other than the entries
  const AT_FIRST_ENTRY = 7; // after the entries' `[`: an entry, or `]`
  const AT_ENTRY = 8;
  const IN_ENTRY = 9;
  const AFTER_ENTRY = 10; // `,` or `]`
  const AFTER_VALUE = 11; // `,` or `}`
  const AT_END = 12; // past the object's `}`
  const FAILED = 13;

  /**
   * splitBundle for bytes that arrive in order, as the browser reads a page: `more(bytes, n)`
   * scans on to byte n (`bytes` holds every byte so far at its place: the same array, or a longer
   * copy of it), `end(bytes)` scans the rest and returns splitBundle's result. It looks at each
   * byte once, however the bytes are cut. Between the two, `entriesStart` is where the entries'
   * contents begin (-1 before) and `offsets` the entries found so far, for a check that starts
   * before the last byte has arrived.
   */
  function bundleSplitter() {
    let at = AT_START;
    let i = 0; // the next byte to look at
    let nameStart = 0;
    let isEntries = false; // the member being read is named "entries"
    let open = -1; // the entries' contents: [open, close)
    let close = -1;
    let valueStart = 0; // the value being skipped: where it starts, how deep the scan is in it
    let depth = 0;
    let inString = false;
    let escaped = false;
    const offsets = [];
    const nameDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    const isSpace = (c) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

    // Starts skipping the value at i.
    const startValue = (bytes) => {
      valueStart = i;
      const c = bytes[i];
      inString = c === 0x22;
      escaped = false;
      depth = c === 0x7b || c === 0x5b ? 1 : 0;
      if (inString || depth > 0) i++;
    };
    // Skips on through the value being skipped; true when past its end, false when bytes[n] is
    // reached first. A value other than a string, an object or an array runs to the next `,`,
    // `]`, `}` or control character or space, and is at least one byte long.
    const skipValue = (bytes, n) => {
      // On locals, written back: the loop runs over every byte of the entries.
      let k = i;
      if (!inString && depth === 0) {
        while (k < n && bytes[k] !== 0x2c && bytes[k] !== 0x5d && bytes[k] !== 0x7d && bytes[k] > 0x20) k++;
        i = k;
        if (k === n) return false;
        if (k === valueStart) at = FAILED;
        return true;
      }
      let d = depth;
      let str = inString;
      let esc = escaped;
      let ended = false;
      while (k < n) {
        if (str) {
          if (esc) {
            esc = false;
            k++;
            continue;
          }
          // A string's bytes, to its quote or a backslash.
          let c = bytes[k];
          while (c !== 0x22 && c !== 0x5c && ++k < n) c = bytes[k];
          if (k === n) break;
          k++;
          if (c === 0x5c) {
            esc = true;
          } else {
            str = false;
            if (d === 0) {
              ended = true;
              break;
            }
          }
          continue;
        }
        const c = bytes[k++];
        if (c === 0x22) {
          str = true;
        } else if (c === 0x7b || c === 0x5b) {
          d++;
        } else if ((c === 0x7d || c === 0x5d) && --d === 0) {
          ended = true;
          break;
        }
      }
      i = k;
      depth = d;
      inString = str;
      escaped = esc;
      return ended;
    };

    const splitter = {
      get entriesStart() {
        return open;
      },
      offsets,
      more(bytes, n) {
        while (i < n && at !== AT_END && at !== FAILED) {
          if (at !== IN_NAME && at !== IN_VALUE && at !== IN_ENTRY && isSpace(bytes[i])) {
            i++;
            continue;
          }
          const c = bytes[i];
          switch (at) {
            case AT_START:
              at = c === 0x7b ? AT_FIRST : FAILED;
              i++;
              break;
            case AT_FIRST:
            case AT_NAME:
              if (c !== 0x22) {
                at = FAILED;
                break;
              }
              nameStart = i;
              startValue(bytes);
              at = IN_NAME;
              break;
            case IN_NAME:
              if (!skipValue(bytes, n)) break;
              try {
                isEntries = parseJson(nameDecoder.decode(bytes.subarray(nameStart, i)), true) === 'entries';
                at = AT_COLON;
              } catch (e) {
                at = FAILED;
              }
              break;
            case AT_COLON:
              at = c === 0x3a ? AT_VALUE : FAILED;
              i++;
              break;
            case AT_VALUE:
              if (isEntries && c === 0x5b) {
                if (open >= 0) {
                  at = FAILED;
                  break;
                }
                i++;
                open = i;
                at = AT_FIRST_ENTRY;
              } else {
                startValue(bytes);
                at = IN_VALUE;
              }
              break;
            case IN_VALUE:
              if (skipValue(bytes, n) && at !== FAILED) at = AFTER_VALUE;
              break;
            case AT_FIRST_ENTRY:
              if (c === 0x5d) {
                close = i++;
                at = AFTER_VALUE;
                break;
              }
            // falls through: the first entry
            case AT_ENTRY:
              startValue(bytes);
              at = IN_ENTRY;
              break;
            case IN_ENTRY:
              if (!skipValue(bytes, n) || at === FAILED) break;
              offsets.push(valueStart, i);
              at = AFTER_ENTRY;
              break;
            case AFTER_ENTRY:
              if (c === 0x2c) {
                at = AT_ENTRY;
              } else if (c === 0x5d) {
                close = i;
                at = AFTER_VALUE;
              } else {
                at = FAILED;
              }
              i++;
              break;
            case AFTER_VALUE:
              at = c === 0x2c ? AT_NAME : c === 0x7d ? AT_END : FAILED;
              i++;
              break;
          }
        }
      },
      end(bytes) {
        splitter.more(bytes, bytes.length);
        if (at !== AT_END || close < 0) return null;
        const head = new Uint8Array(bytes.length - (close - open));
        head.set(bytes.subarray(0, open), 0);
        head.set(bytes.subarray(close), open);
        return { head, offsets };
      },
    };
    return splitter;
  }
