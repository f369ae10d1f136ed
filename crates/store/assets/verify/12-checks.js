  // ---------------------------------------------------------------------------------------------
  // Checks of single objects
  // ---------------------------------------------------------------------------------------------

  function collect(out, code, results) {
    for (const m of results) if (m) out.push(failure(code, m));
  }

  /** The key and signature rule: hex forms, then §3.2. */
  function signatureFailure(keyHex, sigHex, msg) {
    return signatureCheck(keyHex, sigHex, msg, ed25519Verify);
  }

  /** The same as signatureFailure, through the WebCrypto fast path (a promise). */
  function signatureFailureFast(keyHex, sigHex, msg) {
    return signatureCheck(keyHex, sigHex, msg, ed25519VerifyFast);
  }

  // One rule for both: the hex forms first (§3.2), then `verify`, whose result (a code, or null;
  // or a promise of one) becomes the failure.
  function signatureCheck(keyHex, sigHex, msg, verify) {
    const key = fromHex(keyHex, 32);
    if (!key) return failure('key-invalid', 'the public key is not 64 lowercase hex digits');
    const sig = fromHex(sigHex, 64);
    if (!sig) return failure('signature-invalid', 'the signature is not 128 lowercase hex digits');
    const e = verify(key, sig, msg);
    return e instanceof Promise ? e.then(signatureVerdict) : signatureVerdict(e);
  }

  function signatureVerdict(e) {
    if (e === 'key-invalid') return failure(e, 'the public key is not a valid Ed25519 key (non-canonical or of small order)');
    if (e) return failure(e, 'the signature does not verify');
    return null;
  }

  function statementFields(b) {
    const out = [];
    collect(out, 'field-invalid', statementCommonRules(b));
    // A digest or id that breaks its form is compared with nothing (§1).
    if (!statementIdRule(b.statement_id) && !digestRule('digest', b.digest) && statementDigest(b.statement_id, b.version, b.texts) !== b.digest) {
      out.push(failure('digest-mismatch', 'the statement digest is not that of its text'));
    }
    return out;
  }

  /** The field rules (§5) of the members a version has in both formats (§6, §14.4), but its digest's value. */
  function statementCommonRules(b) {
    const r = [statementIdRule(b.statement_id), b.version >= 1 ? null : 'version must be 1 or more'];
    r.push(b.texts.length >= 1 && b.texts.length <= 32 ? null : 'a statement has 1 to 32 languages');
    for (const t of b.texts) {
      r.push(languageRule(t.language), nameRule('statement title', t.title, 500), bodyRule('statement text', t.body));
    }
    let sorted = true;
    for (let i = 1; i < b.texts.length; i++) {
      if (!(b.texts[i - 1].language < b.texts[i].language)) {
        r.push('the texts are not sorted by language, or a language appears twice');
        sorted = false;
        break;
      }
    }
    if (sorted && b.texts.some((a, i) => b.texts.slice(i + 1).some((t) => sameLanguage(a.language, t.language)))) {
      r.push('a language appears twice, written in other capitals');
    }
    r.push(nameRule('lead name', b.lead.name, 200), timestampRule('opened_at', b.opened_at));
    if (b.closes_on !== undefined) r.push(dateRule('closes_on', b.closes_on));
    r.push(digestRule('digest', b.digest));
    return r;
  }

  function verifyStatementVersion(v) {
    const out = statementFields(v.signed);
    const f = signatureFailure(v.signed.lead.public_key, v.signature, signedMessage(CONTEXT['statement-version'], v.signed));
    if (f) out.push(f);
    return out;
  }

  function endorsementFields(b) {
    const out = [];
    collect(out, 'field-invalid', [...signerRules(b.signer), timestampRule('signed_at', b.signed_at), ...statementRefRules(b.statement)]);
    return out;
  }

  /** The §5 rules of a `signer` (an endorsement's; a reveal's, §14.9). */
  function signerRules(s) {
    const r = [nameRule('name', s.name, 200), countryRule(s.country)];
    if (s.kind !== 'organization' && s.kind !== 'individual') r.push('kind must be "organization" or "individual"');
    if (s.website !== undefined) r.push(websiteRule(s.website));
    for (const label of ['title', 'affiliation']) {
      if (s[label] === undefined) continue;
      if (s.kind === 'organization') r.push(`${label} is only for individuals`);
      r.push(nameRule(label, s[label], 200));
    }
    return r;
  }

  /** The rules of the `statement` an entry names (§7; as an endorsement's in 1.1's entries, §14.9). */
  function statementRefRules(st) {
    return [
      statementIdRule(st.id),
      digestRule('statement digest', st.digest),
      st.version === 0 ? 'statement version must be 1 or more' : null,
      keyHexRule("the statement's lead key", st.lead_key),
    ];
  }

  function withdrawalFields(b) {
    const out = [];
    collect(out, 'field-invalid', [
      timestampRule('withdrawn_at', b.withdrawn_at),
      statementIdRule(b.statement.id),
      digestRule('endorsement', b.endorsement),
      keyHexRule("the statement's lead key", b.statement.lead_key),
    ]);
    return out;
  }

  function releaseFields(b) {
    const r = [statementIdRule(b.statement_id), timestampRule('issued_at', b.issued_at), digestRule('log root', b.log.root)];
    if (b.number === 0) r.push('release number must be 1 or more');
    const p = b.previous;
    if (p === undefined) {
      if (b.number > 1) r.push(`release ${b.number} does not name release ${b.number - 1}`);
    } else if (b.number === 1) {
      r.push('release 1 names a previous release');
    } else {
      if (p.number + 1 !== b.number) r.push(`release ${b.number} names release ${p.number} as its previous`);
      if (p.log.size > b.log.size) r.push("the previous release's log is longer than this one's");
      r.push(digestRule('previous release id', p.id), digestRule('previous log root', p.log.root));
    }
    for (const v of b.versions) r.push(digestRule('version digest', v.digest));
    const out = [];
    collect(out, 'field-invalid', r);
    return out;
  }

