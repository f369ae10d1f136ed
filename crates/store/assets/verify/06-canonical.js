  // ---------------------------------------------------------------------------------------------
  // Canonical JSON (§2) and the signed message (§3.1)
  // ---------------------------------------------------------------------------------------------

  /** A string in canonical JSON; `plain`: it is known to need no escape (see parsePlainJson). */
  function jcsString(s, plain) {
    if (plain) return '"' + s + '"';
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

  /**
   * JCS of a decoded value: objects with ASCII member names, arrays, strings, safe integers.
   * `plain`: no string in it needs an escape.
   */
  function jcs(v, plain) {
    if (typeof v === 'string') return jcsString(v, plain);
    if (typeof v === 'number') return String(v);
    let out;
    if (Array.isArray(v)) {
      out = '[';
      for (let i = 0; i < v.length; i++) out += (i ? ',' : '') + jcs(v[i], plain);
      return out + ']';
    }
    // Member names are ASCII, so sorting them as UTF-16 code units is sorting them as §2 says.
    // (The shapes make their objects with the members already in that order.)
    const keys = Object.keys(v);
    for (let i = 1; i < keys.length; i++) {
      if (keys[i - 1] > keys[i]) {
        keys.sort();
        break;
      }
    }
    out = '{';
    for (const k of keys) {
      if (v[k] === undefined) continue;
      out += (out.length > 1 ? ',' : '') + jcsString(k, plain) + ':' + jcs(v[k], plain);
    }
    return out + '}';
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

  const CONTEXT_BYTES = Object.fromEntries(Object.entries(CONTEXT).map(([k, v]) => [k, utf8.encode(v)]));
  let ENTRY_SCRATCH = new Uint8Array(1 << 16); // the script is one thread

  /** The statement digest (§4). */
  function statementDigest(statementId, version, texts) {
    return toHex(sha256(tagged('undersigned/1/statement-text', jcsBytes({ statement_id: statementId, texts, version }))));
  }
  /**
   * An entry's id, the Merkle leaf hash of the entry (§4, §9), and the message its signature
   * signs (§3.1), from one canonical encoding of its signed body: the entry
   * `{"<tag>": {"signature": …, "signed": body}}` is canonically those members in that order
   * ("signature" sorts before "signed"), around the body's own canonical form. `plain`: as jcs.
   */
  function entryIdAndMessage(tag, envelope, plain) {
    const body = jcs(envelope.signed, plain);
    const head = '{' + jcsString(tag) + ':{"signature":' + jcsString(envelope.signature, plain) + ',"signed":';
    // 0x00 ‖ head ‖ body ‖ "}}" encoded once into a scratch buffer (UTF-8 is at most 3 bytes per
    // UTF-16 unit, and SHA-256 pads by at most 72 bytes), the message copied out of it.
    const room = 3 * (head.length + body.length) + 3 + 72;
    if (ENTRY_SCRATCH.length < room) ENTRY_SCRATCH = new Uint8Array(2 * room);
    const buf = ENTRY_SCRATCH;
    buf[0] = 0;
    const bodyStart = 1 + utf8.encodeInto(head, buf.subarray(1)).written;
    const bodyEnd = bodyStart + utf8.encodeInto(body, buf.subarray(bodyStart)).written;
    buf[bodyEnd] = 0x7d;
    buf[bodyEnd + 1] = 0x7d;
    const context = CONTEXT_BYTES[tag];
    const message = new Uint8Array(context.length + 1 + bodyEnd - bodyStart);
    message.set(context);
    message.set(buf.subarray(bodyStart, bodyEnd), context.length + 1);
    return [sha256InPlace(buf, bodyEnd + 2), message];
  }
  /** Release id (§4). */
  const releaseId = (release) => toHex(sha256(tagged('undersigned/1/release-id', jcsBytes(release))));

  /** Fingerprint of a key given in hex (§4), in groups of four; '' if it is not a key. */
  function fingerprint(keyHex) {
    const k = fromHex(keyHex, 32);
    if (!k) return '';
    const h = sha256(k);
    let out = '';
    for (let i = 0; i < 16; i += 2) out += (i ? ' ' : '') + HEX[h[i] >> 4] + HEX[h[i] & 15] + HEX[h[i + 1] >> 4] + HEX[h[i + 1] & 15];
    return out;
  }

