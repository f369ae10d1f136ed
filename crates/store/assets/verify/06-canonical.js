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
    if (Array.isArray(v)) return '[' + v.map(jcs).join(',') + ']';
    const keys = Object.keys(v).filter((k) => v[k] !== undefined).sort();
    return '{' + keys.map((k) => jcsString(k) + ':' + jcs(v[k])).join(',') + '}';
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
  /** Entry id: the Merkle leaf hash of the entry (§4, §9). */
  const entryId = (entry) => sha256(concatBytes([new Uint8Array([0]), jcsBytes(entry)]));
  /** Release id (§4). */
  const releaseId = (release) => toHex(sha256(tagged('undersigned/1/release-id', jcsBytes(release))));

  /** Fingerprint of a key given in hex (§4), in groups of four; '' if it is not a key. */
  function fingerprint(keyHex) {
    const k = fromHex(keyHex, 32);
    if (!k) return '';
    return toHex(sha256(k).subarray(0, 16)).match(/.{4}/g).join(' ');
  }

