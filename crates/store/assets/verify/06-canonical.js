  // ---------------------------------------------------------------------------------------------
  // Canonical JSON (§2) and the signed message (§3.1)
  // ---------------------------------------------------------------------------------------------

  function jcsString(s) {
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

  /** JCS of a decoded value: objects with ASCII member names, arrays, strings, safe integers. */
  function jcs(v) {
    if (typeof v === 'string') return jcsString(v);
    if (typeof v === 'number') return String(v);
    let out;
    if (Array.isArray(v)) {
      out = '[';
      for (let i = 0; i < v.length; i++) out += (i ? ',' : '') + jcs(v[i]);
      return out + ']';
    }
    // Member names are ASCII, so sorting them as UTF-16 code units is sorting them as §2 says.
    const keys = Object.keys(v).sort();
    out = '{';
    for (const k of keys) {
      if (v[k] === undefined) continue;
      out += (out.length > 1 ? ',' : '') + jcsString(k) + ':' + jcs(v[k]);
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

  /** The statement digest (§4). */
  function statementDigest(statementId, version, texts) {
    return toHex(sha256(tagged('undersigned/1/statement-text', jcsBytes({ statement_id: statementId, texts, version }))));
  }
  /**
   * An entry's id, the Merkle leaf hash of the entry (§4, §9), and the message its signature
   * signs (§3.1), from one canonical encoding of its signed body: the entry
   * `{"<tag>": {"signature": …, "signed": body}}` is canonically those members in that order
   * ("signature" sorts before "signed"), around the body's own canonical form.
   */
  function entryIdAndMessage(tag, envelope) {
    const body = jcs(envelope.signed);
    const entry = '{' + jcsString(tag) + ':{"signature":' + jcsString(envelope.signature) + ',"signed":' + body + '}}';
    return [sha256(utf8.encode('\u0000' + entry)), tagged(CONTEXT[tag], utf8.encode(body))];
  }
  /** Release id (§4). */
  const releaseId = (release) => toHex(sha256(tagged('undersigned/1/release-id', jcsBytes(release))));

  /** Fingerprint of a key given in hex (§4), in groups of four; '' if it is not a key. */
  function fingerprint(keyHex) {
    const k = fromHex(keyHex, 32);
    if (!k) return '';
    return toHex(sha256(k).subarray(0, 16)).match(/.{4}/g).join(' ');
  }

