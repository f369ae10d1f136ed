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
   * twice in one object is an error (JSON.parse would silently keep the last one). `depth` is the
   * nesting of the text's value in a larger document (an entry of a bundle is at depth 2), so
   * that the nesting limit counts from the document's top.
   */
  function parseJson(text, strict, depth = 0) {
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
    const v = value(depth);
    ws();
    if (i !== n) fail('trailing characters');
    return v;
  }

  /**
   * The fast path of `parseJson(text, true, depth)` for the text of one entry, or undefined when
   * it cannot tell (parseJson then decides). It decides only text with no backslash, with nothing
   * outside its strings but brackets, commas, colons, digits and white space, nested at most
   * PLAIN_DEPTH deep: the browser's JSON.parse then reads the same values as parseJson, since
   * without a backslash no string has an escape (so no lone surrogate) and a number is digits
   * alone (kept as a Number: the shapes check it is an integer of at most 2^53 − 1). JSON.parse
   * keeps one member of a name given twice: the members counted here, one per colon outside the
   * strings, must all be in what it read. Objects are plain objects here, not Maps. Every string
   * read this way needs no escape in canonical JSON (no quote, backslash or control character:
   * JSON.parse refuses a control character in a string).
   */
  const PLAIN_DEPTH = 16;
  function parsePlainJson(text, depth) {
    if (text.indexOf('\\') !== -1) return undefined;
    const n = text.length;
    let members = 0;
    let level = 0;
    let deepest = 0;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i = text.indexOf('"', i + 1);
        if (i < 0) return undefined;
      } else if (c === 0x3a) {
        members++;
      } else if (c === 0x7b || c === 0x5b) {
        if (++level > deepest) deepest = level;
      } else if (c === 0x7d || c === 0x5d) {
        level--;
      } else if (!(c === 0x2c || (c >= 0x30 && c <= 0x39) || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09)) {
        return undefined;
      }
    }
    if (depth + deepest > PLAIN_DEPTH) return undefined;
    let v;
    try {
      v = JSON.parse(text);
    } catch (e) {
      return undefined;
    }
    return countMembers(v) === members ? v : undefined;
  }

  function countMembers(v) {
    if (typeof v !== 'object' || v === null) return 0;
    let count = 0;
    if (Array.isArray(v)) {
      for (const x of v) count += countMembers(x);
    } else {
      for (const k of Object.keys(v)) count += 1 + countMembers(v[k]);
    }
    return count;
  }

