  // ---------------------------------------------------------------------------------------------
  // Format 1.1: the bundle (§14.6) and its verification (§14.10, §14.11): the release 1.1 with
  // its ten counts, hidden endorsements, vouches and reveals (§14.9), the lead's attestations
  // (§14.7), and the checkpoint with the witnesses' cosignatures (§14.8).
  // ---------------------------------------------------------------------------------------------

  const CONTEXT_11 = {
    release: 'undersigned/1.1/release',
    attestation: 'undersigned/1.1/attestation',
    hidden: 'undersigned/1.1/hidden-endorsement',
    vouch: 'undersigned/1.1/vouch',
    reveal: 'undersigned/1.1/reveal',
  };
  // The entries of the new kinds share entryIdAndMessage (06-canonical.js) with format 1's.
  for (const tag of ['hidden', 'vouch', 'reveal']) CONTEXT_BYTES[tag] = utf8.encode(CONTEXT_11[tag]);
  const ENTRY_TYPE_11 = { endorsement: 'endorsement', withdrawal: 'withdrawal', hidden: 'hidden-endorsement', vouch: 'vouch', reveal: 'reveal' };
  const ENTRY_FORMAT_11 = { endorsement: FORMAT, withdrawal: FORMAT, hidden: FORMAT_1_1, vouch: FORMAT_1_1, reveal: FORMAT_1_1 };
  const REGIONS = ['africa', 'americas', 'asia', 'europe', 'oceania'];
  const METHODS = ['website', 'in-person', 'call', 'email-thread', 'other'];
  const MAX_ATTESTATIONS = 1048576;
  const MAX_WEBSITE_ATTESTATIONS = 131072;
  const COUNTS_11 = ['endorsements', 'hidden', 'withdrawals', 'vouches', 'reveals', 'withdrawn', 'hidden_withdrawn', 'revealed', 'signatories', 'unnamed'];

  const statementRef = shape({ id: str, version: int, digest: str, lead_key: str });
  S.release11 = envelope(
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
      counts: shape(Object.fromEntries(COUNTS_11.map((k) => [k, int]))),
      evidence: str,
    })
  );
  S.attestation = envelope(
    shape({
      format: str,
      type: str,
      statement_id: str,
      entry: str,
      method: str,
      checked_on: str,
      'note?': str,
      'website?': shape({ url: str, fetched_at: str, status: int, body_base64: str, body_sha256: str }),
    })
  );
  S.hidden = envelope(
    shape({ format: str, type: str, statement: statementRef, one_time_key: str, commitment: str, 'region?': str, signed_at: str })
  );
  S.vouch = envelope(shape({ format: str, type: str, statement: statementRef, hidden: str, voucher_key: str, signed_at: str }));
  S.reveal = envelope(
    shape({
      format: str,
      type: str,
      statement: statementRef,
      hidden: str,
      salt: str,
      signer: shape({ public_key: str, name: str, kind: str, country: str, 'website?': str, 'title?': str, 'affiliation?': str }),
    })
  );
  /** A statement version of either format, read by the format its body claims (§14.4). */
  S.anyVersion = (v, at) => {
    const signed = v instanceof Map ? v.get('signed') : isPlainObject(v) ? v.signed : undefined;
    const format = signed instanceof Map ? signed.get('format') : isPlainObject(signed) ? signed.format : undefined;
    return format === FORMAT_1_1 ? S.statementVersion11(v, at) : S.statementVersion(v, at);
  };
  /** An entry of a 1.1 log: exactly one member, naming one of the five kinds (§14.3, step 5). */
  S.entry11 = (v, at) => {
    const map = v instanceof Map;
    if (map ? v.size !== 1 : !isPlainObject(v) || Object.keys(v).length !== 1) throw new ShapeError(`${at} is not an entry`);
    const [[tag, x]] = map ? v.entries() : Object.entries(v);
    const dec = { endorsement: S.endorsement, withdrawal: S.withdrawal, hidden: S.hidden, vouch: S.vouch, reveal: S.reveal }[tag];
    if (!dec) throw new ShapeError(`${at} is none of the five kinds of entry`);
    return { [tag]: dec(x, `${at}.${tag}`) };
  };
  S.bundle11 = shape({
    format: str,
    type: str,
    statement_versions: list(S.anyVersion),
    release: S.release11,
    checkpoint: str,
    evidence: list(S.attestation),
    entries: list(S.entry11),
  });

  const entryTag = (entry) => Object.keys(entry)[0];

  /**
   * When a bundle 1.1 does not parse: a format it claims where 1.1 does not read it (§14.3 steps
   * 3–4), so that it is `unsupported-format`, not `malformed`.
   */
  function foreignBundle11(text) {
    let v;
    try {
      v = parseJson(text, false);
    } catch (e) {
      return null;
    }
    const get = (x, ...path) => path.reduce((o, k) => (o instanceof Map ? o.get(k) : undefined), x);
    const wrong = (f, allowed) => (typeof f === 'string' && !allowed.includes(f) ? f : null);
    const list = (name) => (Array.isArray(get(v, name)) ? get(v, name) : []);
    const found = [wrong(get(v, 'format'), [FORMAT_1_1])];
    for (const x of list('statement_versions')) found.push(wrong(get(x, 'signed', 'format'), [FORMAT, FORMAT_1_1]));
    found.push(wrong(get(v, 'release', 'signed', 'format'), [FORMAT_1_1]));
    for (const x of list('evidence')) found.push(wrong(get(x, 'signed', 'format'), [FORMAT_1_1]));
    for (const e of list('entries')) {
      for (const tag of Object.keys(ENTRY_FORMAT_11)) found.push(wrong(get(e, tag, 'signed', 'format'), [ENTRY_FORMAT_11[tag]]));
    }
    const first = found.find((f) => f !== null);
    return first !== undefined ? first : foreignIn(v, (f) => f === FORMAT || f === FORMAT_1_1);
  }

  /** After the shape: the formats at their places (step 4), the types (step 6), the limits (step 7). */
  function bundle11Places(b) {
    const formats = [['bundle', b.format, [FORMAT_1_1]]];
    b.statement_versions.forEach((v, i) => formats.push([`statement_versions[${i}]`, v.signed.format, [FORMAT, FORMAT_1_1]]));
    formats.push(['release', b.release.signed.format, [FORMAT_1_1]]);
    b.evidence.forEach((a, i) => formats.push([`evidence[${i}]`, a.signed.format, [FORMAT_1_1]]));
    b.entries.forEach((e, i) => formats.push([`entries[${i}]`, e[entryTag(e)].signed.format, [ENTRY_FORMAT_11[entryTag(e)]]]));
    for (const [at, format, allowed] of formats) {
      if (!allowed.includes(format)) throw new ParseFailure('unsupported-format', `${at} is in format "${format}", which a bundle 1.1 does not allow there`);
    }
    const types = [['bundle', b.type, 'bundle']];
    b.statement_versions.forEach((v, i) => types.push([`statement_versions[${i}]`, v.signed.type, 'statement-version']));
    types.push(['release', b.release.signed.type, 'release']);
    b.evidence.forEach((a, i) => types.push([`evidence[${i}]`, a.signed.type, 'attestation']));
    b.entries.forEach((e, i) => types.push([`entries[${i}]`, e[entryTag(e)].signed.type, ENTRY_TYPE_11[entryTag(e)]]));
    for (const [at, type, expected] of types) {
      if (type !== expected) throw new ParseFailure('unsupported-format', `${at} is a "${type}", not a ${expected}`);
    }
    const websites = b.evidence.filter((a) => a.signed.method === 'website').length;
    if (b.evidence.length > MAX_ATTESTATIONS || websites > MAX_WEBSITE_ATTESTATIONS) {
      throw new ParseFailure('too-large', `this bundle carries ${b.evidence.length} attestations (${websites} of a website), more than allowed`);
    }
    return b;
  }

  /** Standard base64 with padding (RFC 4648 §4). */
  function base64Encode(bytes) {
    let out = '';
    for (let i = 0; i < bytes.length; i += 3) {
      const n = (bytes[i] << 16) | ((bytes[i + 1] || 0) << 8) | (bytes[i + 2] || 0);
      const k = Math.min(3, bytes.length - i);
      for (let j = 0; j < 4; j++) out += j <= k ? B64[(n >> (18 - 6 * j)) & 63] : '=';
    }
    return out;
  }

  // Field rules of the new kinds (§14.7, §14.9): messages, null where a rule holds.
  function hiddenRules(b) {
    const r = [...statementRefRules(b.statement), digestRule('commitment', b.commitment), timestampRule('signed_at', b.signed_at)];
    if (b.region !== undefined && !REGIONS.includes(b.region)) r.push(`region must be one of ${REGIONS.join(', ')}`);
    return r;
  }
  const vouchRules = (b) => [...statementRefRules(b.statement), digestRule('hidden', b.hidden), timestampRule('signed_at', b.signed_at)];
  const revealRules = (b) => [...statementRefRules(b.statement), digestRule('hidden', b.hidden), digestRule('salt', b.salt), ...signerRules(b.signer)];

  function attestationRules(b) {
    const r = [statementIdRule(b.statement_id), digestRule('entry', b.entry), dateRule('checked_on', b.checked_on)];
    if (!METHODS.includes(b.method)) r.push(`method must be one of ${METHODS.join(', ')}`);
    if (b.note !== undefined) {
      r.push(bodyRule('note', b.note));
      if (Array.from(b.note).length > 1000) r.push('the note is longer than 1,000 characters');
    }
    if ((b.website !== undefined) !== (b.method === 'website')) r.push('a website snapshot is carried exactly by a website attestation');
    const w = b.website;
    if (w !== undefined) {
      const url = /^https:\/\/([a-z0-9.-]{1,253})\/\.well-known\/undersigned\.json$/.test(w.url) && Array.from(w.url).length <= 290;
      if (!url) r.push('website.url is not https://HOST/.well-known/undersigned.json with an ASCII lower-case host');
      r.push(timestampRule('website.fetched_at', w.fetched_at));
      if (!(w.status >= 100 && w.status <= 599)) r.push('website.status is not an HTTP status (100 to 599)');
      if (w.body_base64.length > 87384 || base64Decode(w.body_base64) === null) r.push('website.body_base64 is not canonical base64 of at most 65,536 bytes');
      r.push(digestRule('website.body_sha256', w.body_sha256));
    }
    return r.filter((m) => m);
  }

  /** The commitment a reveal opens (§14.9), or null when its salt or key is not hex. */
  function commitmentOf(saltHex, signer) {
    const salt = fromHex(saltHex, 32);
    const key = fromHex(signer.public_key, 32);
    if (!salt || !key) return null;
    return toHex(sha256(tagged('undersigned/1.1/commitment', concatBytes([salt, jcsBytes(signer), key]))));
  }

  /** The listed witnesses of a bundle (§14.8): `{listed: [{key_name, key, name}], quorum}`, or null when the last version's break §14.4. */
  function listedWitnesses(bundle) {
    const last = bundle.statement_versions[bundle.statement_versions.length - 1];
    if (!last || last.signed.format !== FORMAT_1_1) return { listed: [], quorum: 0, info: [] };
    const b = last.signed;
    const info = b.witnesses.map((w) => ({ name: w.name, key_name: w.key_name, public_key: w.public_key, website: w.website === undefined ? null : w.website, cosigned: false }));
    const n = b.witnesses.length;
    const keys = b.witnesses.map((w) => fromHex(w.public_key, 32));
    if (witnessListRule(b) || !(b.quorum <= n && (n === 0 || 2 * b.quorum > n)) || keys.some((k) => !k || !keyValid(k))) {
      return { listed: null, quorum: b.quorum, info };
    }
    return { listed: b.witnesses.map((w, i) => ({ key_name: w.key_name, key: keys[i] })), quorum: b.quorum, info };
  }

  /** Checks 14–18 (§14.8): failures into `errors`; the witnesses' report. */
  function checkpointChecks(bundle, errors) {
    const rb = bundle.release.signed;
    const { listed, quorum, info } = listedWitnesses(bundle);
    const report = { quorum, listed: info, cosigned: 0, ignored_lines: 0 };
    const leadKey = fromHex(rb.lead_key, 32);
    const root = fromHex(rb.log.root, 32);
    if (statementIdRule(rb.statement_id) || !leadKey || !root) return report;
    const at = 'checkpoint';
    const note = parseNote(bundle.checkpoint);
    if (note.error) {
      errors.push(failure('field-invalid', `the checkpoint is not a signed note: ${note.error}`, at));
      return report;
    }
    const origin = `undersigned/${rb.lead_key}/${rb.statement_id}`;
    if (note.text !== `${origin}\n${rb.log.size}\n${base64Encode(root)}\n`) {
      errors.push(failure('checkpoint-mismatch', "the checkpoint's text is not the one the release gives", at));
      return report;
    }
    const leadId = noteKeyId(origin, NOTE_TYPE_ED25519, leadKey);
    const witnesses = (listed || []).map((w) => ({ ...w, id: noteKeyId(w.key_name, 0x04, w.key) }));
    const cosigned = new Set();
    const lineFailures = [];
    note.lines.forEach((line, i) => {
      if (line.name === origin && bytesEqual(line.keyId, leadId)) return;
      const w = witnesses.findIndex((x) => line.name === x.key_name && bytesEqual(line.keyId, x.id));
      if (w < 0) {
        report.ignored_lines++;
        return;
      }
      let ok = line.signature.length === 72;
      if (ok) {
        const t = line.signature.subarray(0, 8).reduce((n, byte) => (n << 8n) | BigInt(byte), 0n);
        const message = utf8.encode(`cosignature/v1\ntime ${t}\n${note.text}`);
        ok = t <= 2n ** 63n - 1n && ed25519Verify(witnesses[w].key, line.signature.subarray(8), message) === null;
      }
      if (ok) cosigned.add(w);
      else lineFailures.push(failure('cosignature-invalid', `signature line ${i + 1}, by a listed witness, does not verify`, at));
    });
    if (!leadSigned(note, origin, leadKey)) {
      errors.push(failure('signature-invalid', "the lead's signature of the checkpoint is missing or does not verify", at));
    }
    errors.push(...lineFailures);
    if (listed && cosigned.size < quorum) {
      errors.push(failure('quorum-not-met', `${cosigned.size} of the listed witnesses co-signed; the quorum is ${quorum}`, at));
    }
    report.cosigned = cosigned.size;
    if (listed) for (const w of cosigned) report.listed[w].cosigned = true;
    return report;
  }

  /**
   * Checks 7–8 of §14.10 for each entry of a bundle 1.1 on its own: its field rules, the statement
   * it names, its signature, each entry's failures in that order; SIGNATURES_AT_ONCE signatures at
   * a time, through the fast path (ed25519VerifyFast). As checkEntries (format 1's): resolves to
   * their ids (32 bytes each, one array), each one's failures and its signer's fingerprint;
   * `progress(done)` is called after each group of signatures; `plain[i]` is 1 where entries[i]
   * was read by parsePlainJson. One rule for the page's workers and for the check in one thread.
   */
  async function checkEntries11(entries, ctx, progress, plain) {
    const versions = new Map(ctx.versions);
    const n = entries.length;
    const ids = new Uint8Array(32 * n);
    const errors = entries.map(() => []);
    const fingerprints = [];
    const pending = [];
    for (let i = 0; i < n; i++) {
      const tag = entryTag(entries[i]);
      const env = entries[i][tag];
      const b = env.signed;
      const [id, message] = entryIdAndMessage(tag, env, plain && plain[i] === 1);
      ids.set(id, 32 * i);
      const errs = errors[i];
      let key;
      if (tag === 'endorsement') {
        errs.push(...endorsementFields(b));
        key = b.signer.public_key;
      } else if (tag === 'withdrawal') {
        errs.push(...withdrawalFields(b));
        key = b.signer_key;
      } else {
        collect(errs, 'field-invalid', tag === 'hidden' ? hiddenRules(b) : tag === 'vouch' ? vouchRules(b) : revealRules(b));
        key = tag === 'hidden' ? b.one_time_key : tag === 'vouch' ? b.voucher_key : b.signer.public_key;
      }
      if (tag === 'withdrawal') {
        if (differentIds(b.statement.id, ctx.statementId) || (fromHex(b.statement.lead_key, 32) && b.statement.lead_key !== ctx.leadKey)) {
          errs.push(failure('statement-mismatch', 'this withdrawal is for another statement'));
        }
      } else {
        const m = statementMismatch(b.statement, ctx, versions, tag === 'hidden' ? 'hidden endorsement' : tag);
        if (m) errs.push(m);
      }
      fingerprints.push(fingerprint(key));
      // The signature last: a key or signature not in its hex form fails as such, with no curve
      // arithmetic; else the fast path decides (WebCrypto where its "valid" is exact, else the
      // exact check).
      pending.push(Promise.resolve(signatureFailureFast(key, env.signature, message)).then((sf) => sf && errs.push(sf)));
      if (pending.length === SIGNATURES_AT_ONCE || i === n - 1) {
        await Promise.all(pending);
        pending.length = 0;
        if (progress) await progress(i + 1);
      }
    }
    return { ids, errors, fingerprints };
  }

  /**
   * What the rest of the check (verifyBundle11, the tiers, the page) reads of an entry of a
   * bundle 1.1 once its signature and id are checked: its signed body, without its signature,
   * and of the statement it names only the version.
   */
  function keptEntry11(entry) {
    const tag = entryTag(entry);
    const { statement, ...rest } = entry[tag].signed;
    return { [tag]: { signed: tag === 'withdrawal' ? rest : { ...rest, statement: { version: statement.version } } } };
  }

  /** Verifies a bundle 1.1 read by readBundle (§14.10) and, given one, against the previous release (§14.11). */
  async function verifyBundle11({ bundle, checked }, previous, progress) {
    const errors = [];
    const report = emptyReport(errors, checked ? checked.workers : 0);
    report.begun_while_reading = checked ? checked.begunWhileReading : 0;
    const ctx = bundleContext(bundle);

    // Statement versions, each by its own format's rules, and the release (checks 1–3): format
    // 1's rules, its evidence digest's form, its signature under 1.1's context.
    const rb = bundle.release.signed;
    const ev = digestRule('evidence', rb.evidence);
    const fields = ev ? [...releaseFields(rb), failure('field-invalid', ev)] : releaseFields(rb);
    headerChecks(bundle, errors, report, (v) => (v.signed.format === FORMAT_1_1 ? verifyStatementVersion11(v) : verifyStatementVersion(v)), CONTEXT_11.release, fields);

    // Each entry on its own (checks 7–8): on the page's workers as the bundle was read
    // (readBundle), or here.
    const entries = bundle.entries;
    const n = entries.length;
    const own = checked || (await checkEntries11(entries, ctx, progress && ((done) => (progress(done, n), tick()))));
    const { ids, fingerprints, roots } = own;
    // Entry i's failures, a list of its own (where it has none, `own.errors[i]` may be undefined).
    const entryErrors = Array.from({ length: n }, (_, i) => own.errors[i] || []);
    const idHex = hexEach(ids, 32);

    // The log (checks 9–13), in order, each entry decided by those before it.
    const position = new Map();
    const active = new Map(); // key → entry: active endorsements and hidden entries
    const activeRevealed = new Map(); // revealed key → hidden entry, active and revealed
    const withdrawnBy = new Array(n).fill(null);
    const revealedBy = new Array(n).fill(null);
    const holder = (e) => (e.endorsement ? e.endorsement.signed.signer.public_key : e.hidden ? e.hidden.signed.one_time_key : null);
    // What an entry's `endorsement` or `hidden` names: undefined when it is not hex (it names
    // nothing, and the check is not made); else the first occurrence, or null.
    const named = (id) => (fromHex(id, 32) ? (position.has(id) ? position.get(id) : null) : undefined);
    for (let i = 0; i < n; i++) {
      const entry = entries[i];
      const tag = entryTag(entry);
      const errs = entryErrors[i];
      if (position.has(idHex[i])) {
        errs.push(failure('duplicate-entry', `this entry already appears at entry ${position.get(idHex[i])} of the log`));
        continue;
      }
      position.set(idHex[i], i);
      if (tag === 'endorsement' || tag === 'hidden') {
        const key = holder(entry);
        const j = active.has(key) ? active.get(key) : tag === 'endorsement' && activeRevealed.has(key) ? activeRevealed.get(key) : null;
        if (j !== null) errs.push(failure('duplicate-signer', `this key already signed at entry ${j} and did not withdraw`));
        else if (errs.length === 0) active.set(key, i);
      } else if (tag === 'withdrawal') {
        const w = entry.withdrawal.signed;
        const j = named(w.endorsement);
        if (j === undefined) continue;
        const target = j === null ? null : entries[j].endorsement || entries[j].hidden || null;
        if (!target) {
          errs.push(failure('withdrawal-unmatched', 'this withdrawal names no endorsement or hidden entry earlier in the log'));
          continue;
        }
        const key = holder(entries[j]);
        if (key !== w.signer_key) errs.push(failure('withdrawal-wrong-key', `this withdrawal of entry ${j} is not signed by the key that signed it`));
        else if (earlier(w.withdrawn_at, target.signed.signed_at)) errs.push(failure('time-order', `this withdrawal is dated before the entry it withdraws (entry ${j})`));
        else if (withdrawnBy[j] !== null) errs.push(failure('withdrawal-duplicate', `entry ${j} was already withdrawn`));
        else if (errs.length === 0) {
          withdrawnBy[j] = i;
          if (active.get(key) === j) active.delete(key);
          for (const [k, h] of activeRevealed) if (h === j) activeRevealed.delete(k);
        }
      } else if (tag === 'vouch') {
        const j = named(entry.vouch.signed.hidden);
        if (j !== undefined && (j === null || !entries[j].hidden)) errs.push(failure('vouch-invalid', 'this vouch names no hidden entry earlier in the log'));
      } else {
        const rv = entry.reveal.signed;
        const j = named(rv.hidden);
        if (j === undefined) continue;
        if (j === null || !entries[j].hidden) {
          errs.push(failure('reveal-unmatched', 'this reveal names no hidden entry earlier in the log'));
          continue;
        }
        const h = entries[j].hidden.signed;
        const key = rv.signer.public_key;
        const hiddenActive = withdrawnBy[j] === null && active.get(h.one_time_key) === j;
        if (commitmentOf(rv.salt, rv.signer) !== h.commitment) errs.push(failure('commitment-mismatch', `this reveal does not open the commitment of entry ${j}`));
        else if (revealedBy[j] !== null) errs.push(failure('reveal-duplicate', `entry ${j} was already revealed`));
        else if (hiddenActive && ((active.has(key) && entries[active.get(key)].endorsement) || (activeRevealed.has(key) && activeRevealed.get(key) !== j))) {
          errs.push(failure('duplicate-signer', 'this key already signed, and did not withdraw'));
        } else if (errs.length === 0) {
          revealedBy[j] = i;
          if (hiddenActive) activeRevealed.set(key, j);
        }
      }
    }

    // The ten counts (§14.5).
    const computed = Object.fromEntries(COUNTS_11.map((k) => [k, 0]));
    entries.forEach((e, i) => {
      const tag = entryTag(e);
      if (tag === 'endorsement') {
        computed.endorsements++;
        if (withdrawnBy[i] !== null) computed.withdrawn++;
      } else if (tag === 'hidden') {
        computed.hidden++;
        if (withdrawnBy[i] !== null) computed.hidden_withdrawn++;
        else if (revealedBy[i] !== null) computed.revealed++;
      } else if (tag === 'withdrawal') computed.withdrawals++;
      else if (tag === 'vouch') computed.vouches++;
      else computed.reveals++;
    });
    computed.signatories = computed.endorsements - computed.withdrawn + computed.hidden - computed.hidden_withdrawn;
    computed.unnamed = computed.hidden - computed.hidden_withdrawn - computed.revealed;

    // Evidence (checks 19–21).
    if (fromHex(rb.evidence, 32) && rb.evidence !== toHex(sha256(tagged('undersigned/1.1/evidence', jcsBytes(bundle.evidence))))) {
      errors.push(failure('evidence-invalid', "the release's evidence digest is not that of the bundle's evidence", 'evidence'));
    }
    // The lead's signature of each attestation, all decided first through the fast path, as
    // signatureFailure decides them; each one's checks then in their order.
    const evidenceSigned = [];
    for (let k = 0; k < bundle.evidence.length; k += SIGNATURES_AT_ONCE) {
      const group = bundle.evidence.slice(k, k + SIGNATURES_AT_ONCE);
      evidenceSigned.push(...(await Promise.all(group.map((a) => signatureFailureFast(ctx.leadKey, a.signature, signedMessage(CONTEXT_11.attestation, a.signed))))));
    }
    const attested = new Map();
    const earlierPairs = new Set(); // the entry and method of each attestation before this one
    const issuedOk = orderedTime(rb.issued_at) !== null;
    bundle.evidence.forEach((a, i) => {
      const s = a.signed;
      const j = fromHex(s.entry, 32) && position.has(s.entry) ? position.get(s.entry) : null;
      const kind = j === null ? null : entryTag(entries[j]);
      const pair = JSON.stringify([s.entry, s.method]);
      let f = null;
      const rule = attestationRules(s)[0];
      if (rule) f = failure('field-invalid', rule);
      else if (evidenceSigned[i]) f = failure('attestation-invalid', "this attestation is not signed by the bundle's lead key");
      else if (s.statement_id !== ctx.statementId) f = failure('statement-mismatch', 'this attestation is for another statement');
      else if (issuedOk && (s.checked_on > rb.issued_at.slice(0, 10) || (s.website && earlier(rb.issued_at, s.website.fetched_at)))) {
        f = failure('time-order', 'this attestation is dated after the release');
      } else if (kind !== 'endorsement' && kind !== 'hidden') f = failure('evidence-invalid', 'this attestation names no endorsement or hidden entry of the log');
      else if (kind === 'hidden' && (s.note !== undefined || s.method === 'website')) f = failure('evidence-invalid', 'an attestation of a hidden entry has no note and is not by website');
      else if (earlierPairs.has(pair)) f = failure('evidence-invalid', 'an earlier attestation has the same entry and method');
      else if (s.website && toHex(sha256(base64Decode(s.website.body_base64))) !== s.website.body_sha256) f = failure('evidence-invalid', 'website.body_sha256 is not the hash of the body');
      earlierPairs.add(pair);
      if (f) errors.push({ ...f, at: `evidence[${i}]` });
      else attested.set(s.entry, [...(attested.get(s.entry) || []), s]);
    });
    entries.forEach((e, i) => {
      if (e.hidden && position.get(idHex[i]) === i && !attested.has(idHex[i])) {
        entryErrors[i].push(failure('attestation-invalid', "no valid attestation of the lead's names this hidden entry"));
      }
    });

    // Checks 4–6: the log's size and root, the previous release's prefix, the counts.
    logChecks(rb, ids, errors, roots);
    if (COUNTS_11.some((k) => rb.counts[k] !== computed[k])) {
      errors.push(failure('counts-mismatch', "the release's counts differ from its entries", 'release'));
    }

    const witnesses = checkpointChecks(bundle, errors);

    // A line per entry; the named signatories by country and kind, the unnamed by region.
    const byRegion = {};
    for (let i = 0; i < n; i++) {
      const entry = entries[i];
      const tag = entryTag(entry);
      const b = entry[tag].signed;
      const errs = entryErrors[i];
      const ok = errs.length === 0;
      const er = {
        index: i,
        kind: tag,
        id: idHex[i],
        status: '',
        name: '',
        signer_kind: null,
        country: '',
        website: null,
        title: null,
        affiliation: null,
        fingerprint: fingerprints[i],
        signed_at: tag === 'withdrawal' ? b.withdrawn_at : b.signed_at || '',
        withdrawn_at: null,
        version: tag === 'withdrawal' ? null : b.statement.version,
        errors: errs,
      };
      const nameSigner = (s) =>
        Object.assign(er, {
          name: s.name,
          signer_kind: s.kind === 'organization' || s.kind === 'individual' ? s.kind : null,
          country: s.country,
          website: s.website === undefined ? null : s.website,
          title: s.title === undefined ? null : s.title,
          affiliation: s.affiliation === undefined ? null : s.affiliation,
          fingerprint: fingerprint(s.public_key),
        });
      if (tag === 'hidden' && b.region !== undefined) er.region = b.region;
      if (tag === 'endorsement' || tag === 'reveal') nameSigner(b.signer);
      const revealer = revealedBy[i] !== null ? entries[revealedBy[i]].reveal.signed.signer : null;
      if (revealer) nameSigner(revealer);
      if (tag === 'endorsement' || tag === 'hidden') {
        const w = withdrawnBy[i];
        er.withdrawn_at = w === null ? null : entries[w].withdrawal.signed.withdrawn_at;
        er.status = w === null ? 'active' : 'withdrawn';
        if (ok && w !== null && (revealer || tag === 'endorsement')) report.withdrawn++;
        if (ok && w === null) {
          if (tag === 'hidden' && !revealer) {
            const region = b.region === undefined ? 'not-stated' : b.region;
            byRegion[region] = (byRegion[region] || 0) + 1;
          } else {
            report.signatories++;
            report.by_country[er.country] = (report.by_country[er.country] || 0) + 1;
            if (er.signer_kind) report.by_kind[er.signer_kind] = (report.by_kind[er.signer_kind] || 0) + 1;
          }
        }
      } else if (tag === 'withdrawal') {
        er.status = 'withdrawal';
        const j = fromHex(b.endorsement, 32) && position.has(b.endorsement) ? position.get(b.endorsement) : null;
        if (j !== null && j < i && (entries[j].endorsement || entries[j].hidden)) {
          er.name = report.entries[j].name;
          er.withdraws = j;
        }
      } else {
        er.status = tag;
      }
      if (!ok) {
        er.status = 'invalid';
        for (const f of errs) errors.push({ ...f, at: `entries[${i}]` });
      }
      report.entries.push(er);
    }
    const { by_tier, vouched } = tiersAndVouchers(entries, idHex, position, revealedBy, attested, report.entries);
    report.format_1_1 = { counts: computed, unnamed_by_region: byRegion, by_tier, vouched, witnesses };

    if (previous) {
      const [info, prevErrors] = await checkPrevious(bundle, report, previous);
      report.previous = info;
      errors.push(...prevErrors);
    }
    report.valid = errors.length === 0;
    return report;
  }
