  // ---------------------------------------------------------------------------------------------
  // Failures and parsing of whole files
  // ---------------------------------------------------------------------------------------------

  const failure = (code, message, at) => (at === undefined ? { code, message } : { code, message, at });

  class ParseFailure extends Error {
    constructor(code, message) {
      super(message);
      this.code = code;
    }
  }

  const FORMAT = 'undersigned/1';
  const CAPS = { bundle: 2 * 1024 * 1024 * 1024, endorsement: 64 * 1024, withdrawal: 64 * 1024, invitation: 4 * 1024 * 1024, 'equivocation-proof': 256 * 1024, 'well-known': 65536 };

  /**
   * The `format` a file claims anywhere in it (its top, a signed body, an object nested in a
   * bundle) when it does not parse, if that is another format than ours (§1, reading order).
   */
  function foreignFormat(text) {
    let v;
    try {
      v = parseJson(text, false);
    } catch (e) {
      return null;
    }
    return foreignIn(v);
  }

  /** The first `format`, at any depth of `v`, that is a string `known` refuses. */
  function foreignIn(v, known = (f) => f === FORMAT) {
    let inner = [];
    if (v instanceof Map) {
      const f = v.get('format');
      if (typeof f === 'string' && !known(f)) return f;
      inner = [...v.values()];
    } else if (Array.isArray(v)) {
      inner = v;
    }
    for (const x of inner) {
      const found = foreignIn(x, known);
      if (found !== null) return found;
    }
    return null;
  }

  function checkFormat(format, type, expected, what) {
    if (format !== FORMAT) return failure('unsupported-format', `this ${what} is in format "${format}", not undersigned/1`);
    if (type !== expected) return failure('unsupported-format', `this is a "${type}", not a ${what}`);
    return null;
  }

  /**
   * Reads `bytes` as a file of this kind (§1): size cap, no BOM, UTF-8, strict JSON, the exact
   * shape, then the format and type. Throws a ParseFailure.
   */
  function parseFile(bytes, kind) {
    const what = { 'equivocation-proof': 'equivocation proof', 'well-known': 'well-known file' }[kind] || kind;
    if (bytes.length > CAPS[kind]) {
      throw new ParseFailure('too-large', `this ${what} is ${bytes.length} bytes, more than the ${CAPS[kind]} allowed`);
    }
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      throw new ParseFailure('malformed', `this ${what} starts with a byte order mark`);
    }
    let text;
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch (e) {
      throw new ParseFailure('malformed', `this ${what} is not UTF-8 text`);
    }
    if (/^[ \t\n\f\r]*$/.test(text)) throw new ParseFailure('malformed', `this ${what} is empty`);
    // Format 1.1's artefacts (§14.3) claim undersigned/1.1; format 1's, undersigned/1 (§1). An
    // invitation's own format says which it is.
    const own =
      kind === 'equivocation-proof' || kind === 'well-known' || ((kind === 'invitation' || kind === 'bundle') && topFormat(text) === FORMAT_1_1) ? FORMAT_1_1 : FORMAT;
    const decoder =
      own === FORMAT_1_1
        ? { invitation: S.invitation11, bundle: S.bundle11, 'equivocation-proof': S.equivocationProof, 'well-known': S.wellKnown }[kind]
        : { bundle: S.bundle, endorsement: S.endorsement, withdrawal: S.withdrawal, invitation: S.invitation }[kind];
    let value;
    try {
      value = decoder(parseJson(text, true), kind);
    } catch (e) {
      if (!(e instanceof JsonError || e instanceof ShapeError)) throw e;
      const found =
        own === FORMAT ? foreignFormat(text) : kind === 'invitation' ? foreignInvitation11(text) : kind === 'bundle' ? foreignBundle11(text) : foreignFormat11(text);
      if (found !== null) throw new ParseFailure('unsupported-format', `this ${what} is in format "${found}", not ${own}`);
      throw new ParseFailure('malformed', `this is not a valid ${what}: ${e.message}`);
    }
    // A bundle 1.1: the formats at their places, the types, the limits (§14.3, steps 4, 6, 7).
    if (own === FORMAT_1_1 && kind === 'bundle') return bundle11Places(value);
    if (own === FORMAT_1_1) {
      const formats = [[value.format, what]];
      const types = [[value.type, kind]];
      if (kind === 'invitation') {
        formats.push([value.statement.signed.format, 'statement version']);
        types.push([value.statement.signed.type, 'statement-version']);
      }
      for (const [format, of] of formats) {
        if (format !== FORMAT_1_1) throw new ParseFailure('unsupported-format', `this ${of} is in format "${format}", not ${FORMAT_1_1}`);
      }
      for (const [type, expected] of types) {
        if (type !== expected) throw new ParseFailure('unsupported-format', `this is a "${type}", not a ${expected}`);
      }
      return value;
    }
    // A bundle's statement versions, release and entries are read as part of it (§10.2).
    const checks =
      kind === 'bundle'
        ? [
            [value.format, value.type, 'bundle', 'bundle'],
            ...value.statement_versions.map((v) => [v.signed.format, v.signed.type, 'statement-version', 'statement version']),
            [value.release.signed.format, value.release.signed.type, 'release', 'release'],
            ...value.entries.map((e) =>
              e.endorsement
                ? [e.endorsement.signed.format, e.endorsement.signed.type, 'endorsement', 'endorsement']
                : [e.withdrawal.signed.format, e.withdrawal.signed.type, 'withdrawal', 'withdrawal']
            ),
          ]
        : kind === 'invitation'
        ? [
            [value.format, value.type, 'invitation', 'invitation'],
            [value.statement.signed.format, value.statement.signed.type, 'statement-version', 'statement version'],
          ]
        : [[value.signed.format, value.signed.type, kind, kind]];
    for (const c of checks) {
      const f = checkFormat(...c);
      if (f) throw new ParseFailure(f.code, f.message);
    }
    return value;
  }

