  // ---------------------------------------------------------------------------------------------
  // Format 1.1: statement versions and invitations 1.1 (§14.4), as crates/core reads them
  // (statement11.rs, bech32.rs): witnesses, quorum, the lead's website and vetting recipient, and
  // the version digest over the whole body.
  // ---------------------------------------------------------------------------------------------

  const CONTEXT_VERSION_11 = 'undersigned/1.1/statement-version';
  const MAX_WITNESSES = 32;

  S.statementVersion11 = envelope(
    shape({
      format: str,
      type: str,
      statement_id: str,
      version: int,
      texts: list(S.text),
      lead: shape({ public_key: str, name: str, 'website?': str, 'vetting_recipient?': str }),
      witnesses: list(shape({ key_name: str, name: str, public_key: str, 'website?': str })),
      quorum: int,
      opened_at: str,
      'closes_on?': str,
      digest: str,
    })
  );
  S.invitation11 = shape({ format: str, type: str, statement: S.statementVersion11 });

  const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
  const BECH32_GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

  function bech32Polymod(values) {
    let chk = 1;
    for (const v of values) {
      const top = chk >>> 25;
      chk = (((chk & 0x1ffffff) << 5) ^ v) >>> 0;
      for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk = (chk ^ BECH32_GEN[i]) >>> 0;
    }
    return chk;
  }

  /** Whether `s` is an age X25519 recipient of §14.4's form (age1, 58 characters, checksum, 32 bytes). */
  function ageRecipientOk(s) {
    if (!s.startsWith('age1') || s.length !== 62) return false;
    const values = Array.from(s.slice(4), (c) => BECH32.indexOf(c));
    if (values.some((v) => v < 0)) return false;
    const hrp = Array.from('age', (c) => c.charCodeAt(0));
    if (bech32Polymod([...hrp.map((c) => c >> 5), 0, ...hrp.map((c) => c & 31), ...values]) !== 1) return false;
    // 52 groups of 5 bits: 256 bits of data, then 4 bits that must be zero.
    return (values[51] & 15) === 0;
  }

  /** The rules of `witnesses` but their keys' validity (§14.4): the first broken, or null. */
  function witnessListRule(b) {
    if (b.witnesses.length > MAX_WITNESSES) return `${b.witnesses.length} witnesses, more than ${MAX_WITNESSES}`;
    const origin = `undersigned/${b.lead.public_key}/${b.statement_id}`;
    for (let i = 0; i < b.witnesses.length; i++) {
      const w = b.witnesses[i];
      const n = i + 1;
      const nameOk = w.key_name.length >= 1 && w.key_name.length <= 255 && Array.from(w.key_name).every((c) => c > ' ' && c <= '~' && c !== '+');
      if (!nameOk) return `witness ${n}'s key name is not 1 to 255 printable ASCII characters without +`;
      if (w.key_name === origin) return `witness ${n}'s key name is the statement's origin`;
      const name = nameRule('witness name', w.name, 200);
      if (name) return name;
      if (w.website !== undefined) {
        const site = websiteRule(w.website);
        if (site) return site;
      }
      if (b.witnesses.slice(0, i).some((o) => o.key_name === w.key_name)) return `witness ${n}'s key name is listed twice`;
      if (b.witnesses.slice(0, i).some((o) => o.public_key === w.public_key)) return `witness ${n}'s key is listed twice`;
      if (w.public_key === b.lead.public_key) return `witness ${n}'s key is the lead's: a lead cannot witness itself`;
    }
    return null;
  }

  /** The version digest (§14.2): over the body without its `digest`. */
  function versionDigest(b) {
    const rest = { ...b };
    delete rest.digest;
    return toHex(sha256(tagged('undersigned/1.1/version-digest', jcsBytes(rest))));
  }

  /** Every failure of a 1.1 version alone: fields, digest, witnesses' keys, the lead's signature. */
  function verifyStatementVersion11(v) {
    const b = v.signed;
    const out = [];
    const r = statementCommonRules(b);
    if (b.lead.website !== undefined) r.push(websiteRule(b.lead.website));
    if (b.lead.vetting_recipient !== undefined && !ageRecipientOk(b.lead.vetting_recipient)) {
      r.push('lead.vetting_recipient is not an age X25519 recipient (age1…)');
    }
    r.push(witnessListRule(b));
    const n = b.witnesses.length;
    if (!(b.quorum <= n && (n === 0 || 2 * b.quorum > n))) {
      r.push(`a quorum of ${b.quorum} of ${n} witnesses: it must be more than half of them, and at most all`);
    }
    collect(out, 'field-invalid', r);
    if (!statementIdRule(b.statement_id) && !digestRule('digest', b.digest) && versionDigest(b) !== b.digest) {
      out.push(failure('digest-mismatch', 'the version digest is not that of the version'));
    }
    b.witnesses.forEach((w, i) => {
      const key = fromHex(w.public_key, 32);
      if (!key || !keyValid(key)) out.push(failure('key-invalid', `the key of witness ${i + 1} is not a valid public key`));
    });
    const f = signatureFailure(b.lead.public_key, v.signature, signedMessage(CONTEXT_VERSION_11, b));
    if (f) out.push(f);
    return out;
  }

  /** The `format` at the top of a file's text when it is a string (it chooses an invitation's reader). */
  function topFormat(text) {
    try {
      const v = parseJson(text, false);
      const f = v instanceof Map ? v.get('format') : undefined;
      return typeof f === 'string' ? f : null;
    } catch (e) {
      return null;
    }
  }

  /** The format an invitation 1.1 that does not parse claims where 1.1 does not allow it (§14.3 steps 3–4). */
  function foreignInvitation11(text) {
    let v;
    try {
      v = parseJson(text, false);
    } catch (e) {
      return null;
    }
    const at = (x, ...path) => path.reduce((o, k) => (o instanceof Map ? o.get(k) : undefined), x);
    for (const f of [at(v, 'format'), at(v, 'statement', 'signed', 'format')]) {
      if (typeof f === 'string' && f !== FORMAT_1_1) return f;
    }
    return foreignIn(v, (f) => f === FORMAT || f === FORMAT_1_1);
  }
