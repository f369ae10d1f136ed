  // ---------------------------------------------------------------------------------------------
  // The checks of one entry on its own (§10.2, checks 7–8): its fields, its statement, its
  // signature, and its id. One rule for the page's workers and for the check in one thread.
  // ---------------------------------------------------------------------------------------------

  const SIGNATURES_AT_ONCE = 256;
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

  /**
   * What an entry is checked against: the bundle's format (which says what an entry is), its
   * statement id and lead key (its first version's, or the release's when it carries none), and
   * the digests of each version number it carries (two versions may wrongly share a number: an
   * entry naming either names a carried version). Plain data, so that it can be posted to a worker.
   */
  function bundleContext(bundle) {
    const first = bundle.statement_versions[0];
    const versions = new Map();
    for (const v of bundle.statement_versions) versions.set(v.signed.version, [...(versions.get(v.signed.version) || []), v.signed.digest]);
    return {
      format: bundle.format,
      statementId: first ? first.signed.statement_id : bundle.release.signed.statement_id,
      leadKey: first ? first.signed.lead.public_key : bundle.release.signed.lead_key,
      versions: [...versions.entries()],
    };
  }

  /**
   * Check 8 of §10.2 for the `statement` an entry names (an endorsement's; in 1.1 a hidden
   * endorsement's, a vouch's, a reveal's, §14.10): this statement and lead, a carried version.
   * `versions`: version number → its digests. A failure, or null.
   */
  function statementMismatch(s, ctx, versions, what) {
    // A member that breaks its hex form was reported by the field rules and is compared with nothing (§1).
    if (differentIds(s.id, ctx.statementId) || (fromHex(s.lead_key, 32) && s.lead_key !== ctx.leadKey)) {
      return failure('statement-mismatch', `this ${what} is for another statement`);
    }
    if (fromHex(s.digest, 32) && versions.size > 0 &&
        // a carried digest that breaks its form is compared with nothing either
        !(versions.get(s.version) || []).some((d) => d === s.digest || !fromHex(d, 32))) {
      return failure('statement-mismatch', `this ${what} is for a version ${s.version} that the bundle does not carry`);
    }
    return null;
  }

  /**
   * Checks entries[0..] of a bundle, SIGNATURES_AT_ONCE signatures at a time. Returns their ids
   * (32 bytes each, one array), each one's failures (field failures, then the statement's, then
   * the signature's) and the fingerprint of its signer's key. `progress(done)` is called after
   * each group of signatures. `plain[i]` is 1 where entries[i] was read by parsePlainJson.
   */
  async function checkEntries(entries, ctx, progress, plain) {
    const versions = new Map(ctx.versions);
    const n = entries.length;
    const ids = new Uint8Array(32 * n);
    const errors = entries.map(() => []);
    const fingerprints = [];
    const pending = [];
    for (let i = 0; i < n; i++) {
      const entry = entries[i];
      const [id, message] = entryIdAndMessage(entry.endorsement ? 'endorsement' : 'withdrawal', entry.endorsement || entry.withdrawal, plain && plain[i] === 1);
      ids.set(id, 32 * i);
      const errs = errors[i];
      let keyHex, sigHex, msg;
      if (entry.endorsement) {
        const e = entry.endorsement;
        const b = e.signed;
        errs.push(...endorsementFields(b));
        const m = statementMismatch(b.statement, ctx, versions, 'endorsement');
        if (m) errs.push(m);
        [keyHex, sigHex, msg] = [b.signer.public_key, e.signature, message];
        fingerprints.push(fingerprint(keyHex));
      } else {
        const w = entry.withdrawal;
        const b = w.signed;
        errs.push(...withdrawalFields(b));
        if (differentIds(b.statement.id, ctx.statementId) ||
            (fromHex(b.statement.lead_key, 32) && b.statement.lead_key !== ctx.leadKey)) {
          errs.push(failure('statement-mismatch', 'this withdrawal is for another statement'));
        }
        [keyHex, sigHex, msg] = [b.signer_key, w.signature, message];
        fingerprints.push(fingerprint(keyHex));
      }
      // Signatures are checked concurrently, SIGNATURES_AT_ONCE at a time; each entry's failure
      // comes after its field failures.
      pending.push(Promise.resolve(signatureFailureFast(keyHex, sigHex, msg)).then((sf) => sf && errs.push(sf)));
      if (pending.length === SIGNATURES_AT_ONCE || i === n - 1) {
        await Promise.all(pending);
        pending.length = 0;
        if (progress) await progress(i + 1);
      }
    }
    return { ids, errors, fingerprints };
  }

  /**
   * Reads and checks a run of a bundle's entries given as the UTF-8 bytes of each (`bytes`, with
   * `offsets` = start, end, start, end… into it): the work of one worker. Each is read as the
   * bundle reader would (§1: UTF-8, strict JSON at depth 2, the entry's shape, its format and
   * type; in a bundle 1.1, `ctx.format`, one of the five kinds of entry and each kind's format,
   * §14.3); if any cannot be, the result is `{unreadable: true}` and the whole bundle is read
   * again in one piece, so that its failure is exactly the one-piece reader's. Else it is
   * `{entries, ids, failing, fingerprints, root}`: what the rest of the check reads of each entry,
   * their ids (32 bytes each), `[k, failures]` for each entry k of the run that fails on its own,
   * each signer's fingerprint, and the Merkle hash of the run's ids where their number is a power
   * of two (else null).
   */
  async function checkEntryBytes(bytes, offsets, ctx) {
    const v11 = ctx.format === FORMAT_1_1;
    const decode = v11 ? S.entry11 : S.entry;
    const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    const entries = [];
    const plain = new Uint8Array(offsets.length / 2);
    try {
      for (let k = 0; k < offsets.length; k += 2) {
        const text = decoder.decode(bytes.subarray(offsets[k], offsets[k + 1]));
        // The fast path where it can decide, and where its shape fails the exact reader says why.
        let entry = null;
        const quick = parsePlainJson(text, 2);
        if (quick !== undefined) {
          try {
            entry = decode(quick, 'entry');
            plain[k / 2] = 1;
          } catch (e) {
            if (!(e instanceof ShapeError)) throw e;
          }
        }
        if (!entry) entry = decode(parseJson(text, true, 2), 'entry');
        const type = Object.keys(entry)[0];
        const signed = entry[type].signed;
        const [format, typeName] = v11 ? [ENTRY_FORMAT_11[type], ENTRY_TYPE_11[type]] : [FORMAT, type];
        if (signed.format !== format || signed.type !== typeName) return { unreadable: true };
        entries.push(entry);
      }
    } catch (e) {
      if (e instanceof TypeError || e instanceof JsonError || e instanceof ShapeError) return { unreadable: true };
      throw e;
    }
    const { ids, errors, fingerprints } = await (v11 ? checkEntries11 : checkEntries)(entries, ctx, null, plain);
    // What the rest of the check reads of an entry (verifyBundle), once its signature and id are
    // checked, and no more: a million entries' results are taken in by the page's one thread.
    const kept = entries.map((entry) => {
      if (v11) return keptEntry11(entry);
      if (entry.endorsement) {
        const { signer, signed_at, statement } = entry.endorsement.signed;
        return { endorsement: { signed: { signer, signed_at, statement: { version: statement.version } } } };
      }
      const { endorsement, signer_key, withdrawn_at } = entry.withdrawal.signed;
      return { withdrawal: { signed: { endorsement, signer_key, withdrawn_at } } };
    });
    // Failures only where there are some (an entry's index in the run, and its failures); and the
    // hash of the run's ids as a subtree of the log where it is one (a power of two of them).
    const failing = [];
    errors.forEach((f, k) => f.length && failing.push([k, f]));
    const n = entries.length;
    let root = null;
    if (n > 0 && (n & (n - 1)) === 0) {
      const tree = new MerkleTree();
      for (let k = 0; k < n; k++) tree.push(ids.subarray(32 * k, 32 * k + 32));
      root = tree.root();
    }
    return { entries: kept, ids, failing, fingerprints, root };
  }
