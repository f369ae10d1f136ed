  // ---------------------------------------------------------------------------------------------
  // The shapes of the format's objects (§6–§10): required and optional members, their types.
  // Anything else — an unknown member, a missing one, null, a wrong type — is `malformed`.
  // ---------------------------------------------------------------------------------------------

  class ShapeError extends Error {}

  const MAX_INTEGER = 9007199254740991; // 2^53 − 1 (§1)

  const str = (v, at) => {
    if (typeof v !== 'string') throw new ShapeError(`${at} is not a string`);
    return v;
  };
  const int = (v, at) => {
    // A Number comes from parsePlainJson, whose numbers are digits alone (§1's integer form).
    if (typeof v === 'number') {
      if (!(v <= MAX_INTEGER)) throw new ShapeError(`${at} is larger than 2^53 − 1`);
      return v;
    }
    if (!(v instanceof JsonNumber) || !/^(0|[1-9][0-9]*)$/.test(v.text)) {
      throw new ShapeError(`${at} is not an integer from 0 to 2^53 − 1`);
    }
    const x = Number(v.text);
    if (x > MAX_INTEGER) throw new ShapeError(`${at} is larger than 2^53 − 1`);
    return x;
  };
  const list = (item) => (v, at) => {
    if (!Array.isArray(v)) throw new ShapeError(`${at} is not an array`);
    return v.map((x, k) => item(x, `${at}[${k}]`));
  };
  const own = (v, name) => Object.prototype.hasOwnProperty.call(v, name);
  const isPlainObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Map) && !(v instanceof JsonNumber);
  /**
   * An object with exactly these members: `{name: decoder}`; names ending in `?` are optional.
   * The object is a Map (parseJson) or a plain object (parsePlainJson), read alike.
   */
  const shape = (members) => {
    // In the order of canonical JSON (§2), so that what it makes needs no sorting there.
    const spec = Object.entries(members)
      .map(([k, dec]) => [k.replace(/\?$/, ''), dec, k.endsWith('?')])
      .sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const known = new Set(spec.map((s) => s[0]));
    return (v, at) => {
      const map = v instanceof Map;
      if (!map && !isPlainObject(v)) throw new ShapeError(`${at} is not an object`);
      for (const k of map ? v.keys() : Object.keys(v)) {
        if (!known.has(k)) throw new ShapeError(`${at} has a member "${k}" that format 1 does not define`);
      }
      const out = {};
      for (const [name, dec, optional] of spec) {
        if (!(map ? v.has(name) : own(v, name))) {
          if (optional) continue;
          throw new ShapeError(`${at} has no member "${name}"`);
        }
        const x = map ? v.get(name) : v[name];
        if (x === null) throw new ShapeError(`${at}.${name} is null`);
        out[name] = dec(x, `${at}.${name}`);
      }
      return out;
    };
  };
  const envelope = (body) => shape({ signed: body, signature: str });

  const S = {};
  S.text = shape({ language: str, title: str, body: str });
  S.statementVersion = envelope(
    shape({
      format: str,
      type: str,
      statement_id: str,
      version: int,
      texts: list(S.text),
      digest: str,
      lead: shape({ public_key: str, name: str }),
      opened_at: str,
      'closes_on?': str,
    })
  );
  S.logHead = shape({ size: int, root: str });
  S.release = envelope(
    shape({
      format: str,
      type: str,
      statement_id: str,
      lead_key: str,
      number: int,
      issued_at: str,
      versions: list(shape({ version: int, digest: str })),
      log: S.logHead,
      'previous?': shape({ number: int, id: str, log: S.logHead }),
      counts: shape({ endorsements: int, withdrawals: int, signatories: int, withdrawn: int }),
    })
  );
  S.endorsement = envelope(
    shape({
      format: str,
      type: str,
      statement: shape({ id: str, version: int, digest: str, lead_key: str }),
      signer: shape({
        public_key: str,
        name: str,
        kind: str, // one of two values: a field rule (§5), checked in endorsementFields
        country: str,
        'website?': str,
        'title?': str,
        'affiliation?': str,
      }),
      signed_at: str,
    })
  );
  S.withdrawal = envelope(
    shape({
      format: str,
      type: str,
      statement: shape({ id: str, lead_key: str }),
      endorsement: str,
      signer_key: str,
      withdrawn_at: str,
    })
  );
  /** An entry of the log: `{"endorsement": …}` or `{"withdrawal": …}`, exactly one member. */
  S.entry = (v, at) => {
    const map = v instanceof Map;
    if (map ? v.size !== 1 : !isPlainObject(v) || Object.keys(v).length !== 1) throw new ShapeError(`${at} is not an entry`);
    const [[tag, x]] = map ? v.entries() : Object.entries(v);
    if (tag === 'endorsement') return { endorsement: S.endorsement(x, `${at}.endorsement`) };
    if (tag === 'withdrawal') return { withdrawal: S.withdrawal(x, `${at}.withdrawal`) };
    throw new ShapeError(`${at} is neither an endorsement nor a withdrawal`);
  };
  S.bundle = shape({
    format: str,
    type: str,
    statement_versions: list(S.statementVersion),
    release: S.release,
    entries: list(S.entry),
  });
  S.invitation = shape({ format: str, type: str, statement: S.statementVersion });

