  // ---------------------------------------------------------------------------------------------
  // Verifying a bundle (§10.2) and a release against the previous one (§10.3)
  // ---------------------------------------------------------------------------------------------

  // An entry's failures where it has none: shared, and frozen so that none is ever added to it.
  const NO_FAILURES = Object.freeze([]);

  /**
   * Verifies a bundle read by readBundle. Returns the report: the verdict, every failure (code,
   * message, place), counts, and a line per entry. Its entries were checked on their own as they
   * were read (`checked`: their ids and failures), or are checked here, with
   * `progress(done, total)` called as signatures are checked.
   */
  async function verifyBundle({ bundle, checked }, previous, progress) {
    // A bundle's own format chooses its verifier (§14.3, step 3).
    if (bundle.format === FORMAT_1_1) return verifyBundle11({ bundle, checked }, previous, progress);
    const errors = [];
    const report = emptyReport(errors, checked ? checked.workers : 0);
    report.begun_while_reading = checked ? checked.begunWhileReading : 0;

    // Statement versions and release (checks 1–3).
    headerChecks(bundle, errors, report, verifyStatementVersion, CONTEXT.release, releaseFields(bundle.release.signed));
    const rb = bundle.release.signed;

    // Entries (checks 7–8): format, fields, statement, signature.
    const entries = bundle.entries;
    const n = entries.length;
    const { ids, errors: entryErrors, fingerprints, roots } =
      checked || (await checkEntries(entries, bundleContext(bundle), progress && ((done) => (progress(done, n), tick()))));
    const idHex = hexEach(ids, 32);
    // Entry i's failures so far (where it has none, `entryErrors[i]` may be undefined), and one more.
    const failuresOf = (i) => entryErrors[i] || NO_FAILURES;
    const fail = (i, f) => (entryErrors[i] ? entryErrors[i].push(f) : (entryErrors[i] = [f]));

    // The log: duplicates, withdrawals, statuses (checks 9–11).
    const position = new Map();
    const activeByKey = new Map();
    const withdrawnBy = new Array(n).fill(null);
    for (let i = 0; i < n; i++) {
      const entry = entries[i];
      if (position.has(idHex[i])) {
        fail(i, failure('duplicate-entry', 'this entry already appears earlier in the log'));
        continue;
      }
      position.set(idHex[i], i);
      if (entry.endorsement) {
        const key = entry.endorsement.signed.signer.public_key;
        if (activeByKey.has(key)) {
          fail(i, failure('duplicate-signer', `this key already endorsed at entry ${activeByKey.get(key)} and did not withdraw`));
        } else if (failuresOf(i).length === 0) {
          activeByKey.set(key, i);
        }
      } else {
        const w = entry.withdrawal.signed;
        const j = fromHex(w.endorsement, 32) && position.has(w.endorsement) ? position.get(w.endorsement) : null;
        const target = j === null ? null : entries[j].endorsement;
        if (!target) {
          fail(i, failure('withdrawal-unmatched', 'this withdrawal names no endorsement earlier in the log'));
        } else if (target.signed.signer.public_key !== w.signer_key) {
          fail(i, failure('withdrawal-wrong-key', `this withdrawal of entry ${j} is not signed by the key that endorsed`));
        } else if (earlier(w.withdrawn_at, target.signed.signed_at)) {
          fail(i, failure('time-order', `this withdrawal is dated before the endorsement it withdraws (entry ${j})`));
        } else if (withdrawnBy[j] !== null) {
          fail(i, failure('withdrawal-duplicate', `entry ${j} was already withdrawn`));
        } else if (failuresOf(i).length === 0) {
          withdrawnBy[j] = i;
          const key = target.signed.signer.public_key;
          if (activeByKey.get(key) === j) activeByKey.delete(key);
        }
      }
    }

    // A line per entry; counts by country and kind.
    const computed = { endorsements: 0, withdrawals: 0, signatories: 0, withdrawn: 0 };
    for (let i = 0; i < n; i++) {
      const entry = entries[i];
      const errs = failuresOf(i);
      const ok = errs.length === 0;
      const er = {
        index: i,
        kind: '',
        id: idHex[i],
        status: '',
        name: '',
        signer_kind: null,
        country: '',
        website: null,
        title: null,
        affiliation: null,
        fingerprint: '',
        signed_at: '',
        version: null,
        errors: errs,
      };
      if (entry.endorsement) {
        const e = entry.endorsement.signed;
        const s = e.signer;
        computed.endorsements++;
        Object.assign(er, {
          kind: 'endorsement',
          name: s.name,
          signer_kind: s.kind,
          country: s.country,
          website: s.website === undefined ? null : s.website,
          title: s.title === undefined ? null : s.title,
          affiliation: s.affiliation === undefined ? null : s.affiliation,
          fingerprint: fingerprints[i],
          signed_at: e.signed_at,
          version: e.statement.version,
        });
        if (withdrawnBy[i] !== null) {
          computed.withdrawn++;
          if (ok) report.withdrawn++;
          er.status = 'withdrawn';
        } else {
          computed.signatories++;
          if (ok) {
            report.signatories++;
            report.by_country[s.country] = (report.by_country[s.country] || 0) + 1;
            report.by_kind[s.kind] = (report.by_kind[s.kind] || 0) + 1;
          }
          er.status = 'active';
        }
      } else {
        const w = entry.withdrawal.signed;
        computed.withdrawals++;
        er.kind = 'withdrawal';
        er.fingerprint = fingerprints[i];
        er.signed_at = w.withdrawn_at;
        if (fromHex(w.endorsement, 32) && position.has(w.endorsement)) {
          const target = entries[position.get(w.endorsement)].endorsement;
          if (target) er.name = target.signed.signer.name;
          er.withdraws = position.get(w.endorsement);
        }
        er.status = 'withdrawal';
      }
      if (!ok) {
        er.status = 'invalid';
        for (const f of errs) errors.push({ ...f, at: `entries[${i}]` });
      }
      report.entries.push(er);
    }

    // Log, prefix and counts (checks 4–6).
    logChecks(rb, ids, errors, roots);
    const c = rb.counts;
    if (c.endorsements !== computed.endorsements || c.withdrawals !== computed.withdrawals ||
        c.signatories !== computed.signatories || c.withdrawn !== computed.withdrawn) {
      errors.push(failure('counts-mismatch', "the release's counts differ from its entries", 'release'));
    }

    if (previous && previous.bundle.format === FORMAT_1_1) {
      // A format 1 release never names a 1.1 one (§14.11): this verification cannot read it.
      errors.push(failure('previous-invalid', 'the previous release could not be read: it is of format 1.1, which a release of format 1 cannot follow', 'previous'));
    } else if (previous) {
      const [info, prevErrors] = await checkPrevious(bundle, report, previous);
      report.previous = info;
      errors.push(...prevErrors);
    }
    report.valid = errors.length === 0;
    return report;
  }

  /**
   * A report with nothing verified yet, over `errors`; `workers`: how many of the page's workers
   * checked the entries. (`begun_while_reading`: how many entries the page began to
   * check while it was still being read, see arrivingBundle.)
   */
  function emptyReport(errors, workers) {
    return {
      valid: false,
      statement: { id: '', title: '', version: 0, digest: '', lead_name: '', lead_key: '', lead_fingerprint: '', languages: [] },
      release: { number: 0, issued_at: '', id: '', log_size: 0, log_root: '' },
      signatories: 0,
      withdrawn: 0,
      by_country: {},
      by_kind: {},
      previous: null,
      errors,
      entries: [],
      workers,
      begun_while_reading: 0,
    };
  }

  /**
   * Checks 1–3 of §10.2 (and of §14.10): the statement versions, each by `verifyVersion`
   * (its format's own checks), their order, time and statement; the release's `fields`
   * failures, its signature under `releaseContext`, its time, statement and versions. Fills
   * `report.statement` and `report.release`.
   */
  function headerChecks(bundle, errors, report, verifyVersion, releaseContext, fields) {
    const versionsList = bundle.statement_versions;
    const { statementId, leadKey } = bundleContext(bundle);
    if (!versionsList.length) errors.push(failure('version-invalid', 'the bundle carries no statement version', 'statement_versions'));
    versionsList.forEach((v, i) => {
      const at = `statement_versions[${i}]`;
      for (const x of verifyVersion(v)) errors.push({ ...x, at });
      // Ascending as written; a number below 1 is the field rule's (§5) alone.
      if (i > 0 && v.signed.version <= versionsList[i - 1].signed.version) {
        errors.push(failure('version-invalid', 'statement versions are not in ascending order', at));
      }
      // §9 time order, with the version before only when their numbers ascend.
      const prior = i > 0 && versionsList[i - 1].signed.version < v.signed.version ? orderedTime(versionsList[i - 1].signed.opened_at) : null;
      const now = orderedTime(v.signed.opened_at);
      if (prior !== null && now !== null && now <= prior) {
        errors.push(failure('time-order', `this version was opened at ${now}, not after the one before it (${prior})`, at));
      }
      if (differentIds(v.signed.statement_id, statementId) || v.signed.lead.public_key !== leadKey) {
        errors.push(failure('statement-mismatch', 'this version belongs to another statement or lead', at));
      }
    });
    const latest = versionsList[versionsList.length - 1];
    if (latest) {
      const b = latest.signed;
      const t = b.texts.find((x) => x.language === 'en') || b.texts[0];
      report.statement = {
        id: b.statement_id,
        title: t ? t.title : '',
        version: b.version,
        digest: b.digest,
        lead_name: b.lead.name,
        lead_key: b.lead.public_key,
        lead_fingerprint: fingerprint(b.lead.public_key),
        languages: b.texts.map((x) => x.language),
      };
    }

    // Release (check 3).
    const r = bundle.release;
    const rb = r.signed;
    report.release = { number: rb.number, issued_at: rb.issued_at, id: releaseId(r), log_size: rb.log.size, log_root: rb.log.root };
    for (const x of fields) errors.push({ ...x, at: 'release' });
    const rs = signatureFailure(rb.lead_key, r.signature, signedMessage(releaseContext, rb));
    if (rs) errors.push({ ...rs, at: 'release' });
    const opened = versionsList.map((v) => orderedTime(v.signed.opened_at)).filter((t) => t !== null).sort();
    const lastOpened = opened[opened.length - 1];
    if (lastOpened !== undefined && orderedTime(rb.issued_at) !== null && rb.issued_at < lastOpened) {
      errors.push(failure('time-order', `the release is dated ${rb.issued_at}, before a version it carries was opened (${lastOpened})`, 'release'));
    }
    // A statement id that breaks its form was reported by the field rules and is compared with nothing (§1).
    if (differentIds(rb.statement_id, statementId) || rb.lead_key !== leadKey) {
      errors.push(failure('statement-mismatch', 'the release is for another statement or lead', 'release'));
    }
    const carried = versionsList.map((v) => [v.signed.version, v.signed.digest]);
    const listed = rb.versions.map((v) => [v.version, v.digest]);
    if ([...rb.versions, ...versionsList.map((v) => v.signed)].every((v) => !digestRule('version digest', v.digest)) &&
        (carried.length !== listed.length || carried.some((c, k) => c[0] !== listed[k][0] || c[1] !== listed[k][1]))) {
      errors.push(failure('version-invalid', 'the release lists other statement versions than the bundle carries', 'release'));
    }
  }

  /**
   * Checks 4–5 of §10.2 (and of §14.10): the log's size and root, the previous release's prefix.
   * `ids`: the entries' ids, 32 bytes each; `roots[b]`, where there is one, the hash of the ids of
   * batch b (entries ENTRIES_PER_BATCH × b onwards, a whole batch: checkAllEntries), taken for
   * its ids unless the prefix ends inside it.
   */
  function logChecks(rb, ids, errors, roots = []) {
    const n = ids.length / 32;
    const tree = new MerkleTree();
    const prefix = rb.previous ? rb.previous.log.size : null;
    let prefixRoot = prefix === 0 ? tree.root() : null;
    for (let i = 0; i < n; ) {
      const root = i % ENTRIES_PER_BATCH === 0 ? roots[i / ENTRIES_PER_BATCH] : null;
      if (root && !(prefix > i && prefix < i + ENTRIES_PER_BATCH)) {
        tree.pushSubtree(BATCH_HEIGHT, root);
        i += ENTRIES_PER_BATCH;
      } else {
        tree.push(ids.subarray(32 * i, 32 * i + 32));
        i++;
      }
      if (tree.size === prefix) prefixRoot = tree.root();
    }
    if (rb.log.size !== n) {
      errors.push(failure('log-mismatch', `the release says ${rb.log.size} entries, the bundle has ${n}`, 'release'));
    } else if (fromHex(rb.log.root, 32) && rb.log.root !== toHex(tree.root())) {
      errors.push(failure('log-mismatch', "the entries do not hash to the release's log root", 'release'));
    }
    if (rb.previous && fromHex(rb.previous.log.root, 32) && (prefixRoot === null || toHex(prefixRoot) !== rb.previous.log.root)) {
      errors.push(
        failure(
          'previous-mismatch',
          `the first ${rb.previous.log.size} entries are not those of release ${rb.previous.number}: an entry was dropped, changed or reordered`,
          'release'
        )
      );
    }
  }

  /** §10.3 (and §14.11 for a release 1.1 R, whose previous release is of either format): release R (`bundle`, already verified into `report`) against the older bundle. */
  async function checkPrevious(bundle, report, previous) {
    const errors = [];
    const pr = await verifyBundle(previous, null, null);
    const prev = previous.bundle;
    const mismatch = (m) => failure('previous-mismatch', m, 'previous');
    if (!pr.valid) {
      errors.push(failure('previous-invalid', `the previous release does not verify (${pr.errors.length} failures)`, 'previous'));
    }
    const rb = bundle.release.signed;
    const pb = prev.release.signed;
    if (differentIds(rb.statement_id, pb.statement_id) || rb.lead_key !== pb.lead_key) {
      errors.push(mismatch('the previous release is of another statement or lead'));
    }
    const named = rb.previous;
    const expectedId = releaseId(prev.release);
    // A previous id or root that breaks its form was reported by the field rules (§1).
    const comparable = !named || (fromHex(named.id, 32) && fromHex(named.log.root, 32));
    if (comparable && (!named || named.number !== pb.number || named.id !== expectedId || named.log.size !== pb.log.size || named.log.root !== pb.log.root)) {
      errors.push(mismatch(`release ${rb.number} does not name this release ${pb.number} as its predecessor`));
    }
    if (rb.issued_at < pb.issued_at) errors.push(mismatch('this release is dated before the previous one'));
    // Every version the previous release carries, carried unchanged.
    for (const pv of prev.statement_versions) {
      const n = pv.signed.version;
      const same = bundle.statement_versions.some((v) => v.signed.version === n && jcs(v) === jcs(pv));
      if (!same) errors.push(mismatch(`version ${n} of the statement is not carried unchanged from the previous release`));
    }
    let kept = 0;
    let withdrawnSince = 0;
    let consistent = prev.entries.length <= bundle.entries.length;
    for (let i = 0; i < prev.entries.length; i++) {
      const cur = report.entries[i];
      if (!cur) break;
      if (cur.id !== pr.entries[i].id) {
        consistent = false;
        errors.push(mismatch(`entry ${i} of the previous release was dropped, changed or moved in this one`));
        continue;
      }
      if ((cur.kind === 'endorsement' || cur.kind === 'hidden') && pr.entries[i].status === 'active') {
        if (cur.status === 'active') kept++;
        else if (cur.status === 'withdrawn') withdrawnSince++;
      }
    }
    if (prev.entries.length > bundle.entries.length) errors.push(mismatch('the previous release has more entries than this one'));
    const added = report.entries
      .slice(Math.min(prev.entries.length, report.entries.length))
      .filter((e) => e.kind === 'endorsement' || e.kind === 'hidden').length;
    const info = {
      number: pb.number,
      issued_at: pb.issued_at,
      kept,
      withdrawn_since: withdrawnSince,
      added,
      consistent: consistent && errors.length === 0,
    };
    return [info, errors];
  }

  let splitting = true;
  /** Reads bundles in one piece (false) or split (true, the default); for the tests of the split. */
  const splitBundles = (on) => {
    splitting = on;
  };

  /** The sorted, unique codes of a list of failures. */
  const codesOf = (failures) => (failures.length ? [...new Set(failures.map((f) => f.code))].sort() : []);

  /**
   * Reads a bundle's bytes (§1): its head and its entries apart (splitBundle), each entry checked
   * on its own as it is read, on every core. When the bytes do not split so, or a part does not
   * read, the bundle is read again in one piece (parseFile), whose ParseFailure is the verdict.
   * Resolves to `{bundle, checked}`: `checked` holds the entries' ids and failures, or is null
   * when they are still to be checked. `known`: splitBundle(bytes) where the caller has it
   * already (the page splits the bundle it shows to read its head; a million entries take seconds
   * to scan), else undefined. `early`: the entries' check begun as the bytes arrived
   * (arrivingBundle), taken where it checked as this reading does, else ended.
   */
  async function readBundle(bytes, progress, known, early) {
    try {
      return await readBundleWith(bytes, progress, known, early);
    } finally {
      if (early) early.team.close();
    }
  }

  async function readBundleWith(bytes, progress, known, early) {
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    const split = splitting && bytes.length <= CAPS.bundle && !bom ? (known === undefined ? splitBundle(bytes) : known) : null;
    if (split) {
      let head = null;
      try {
        head = parseFile(split.head, 'bundle');
      } catch (e) {
        if (!(e instanceof ParseFailure)) throw e;
      }
      // A bundle of either format: its head (whose format says what its entries are, §14.3),
      // then each entry read and checked on its own (no text of the whole bundle, which past
      // 2^29 characters no string can hold). Any part that does not read: read whole.
      if (head) {
        const checked = await checkAllEntries(bytes, split.offsets, bundleContext(head), progress, early);
        if (!checked.unreadable) {
          head.entries = checked.entries;
          return { bundle: head, checked };
        }
      }
    }
    return { bundle: parseFile(bytes, 'bundle'), checked: null };
  }

  /**
   * Verifies a file of `kind` ('bundle', 'endorsement', 'withdrawal', 'invitation',
   * 'equivocation-proof', 'well-known') given as
   * bytes, with the previous release's bytes for a bundle. Resolves to
   * `{valid, codes, failures, report}`; `report` is set for a bundle that could be read.
   * `split`: splitBundle(bytes) of a bundle, where the caller has it already, and `early` its
   * entries' check begun as its bytes arrived (see readBundle).
   */
  async function check(kind, bytes, previousBytes, progress, split, early) {
    const outcome = (failures, report) => ({ valid: failures.length === 0, codes: codesOf(failures), failures, report: report || null });
    if (!(kind in CAPS)) return outcome([failure('unsupported-format', `unknown kind "${kind}"`)]);
    const read = (b, k, p, known, begun) => (k === 'bundle' ? readBundle(b, p, known, begun) : parseFile(b, k));
    let value;
    try {
      value = await read(bytes, kind, progress, split, early);
    } catch (e) {
      if (e instanceof ParseFailure) return outcome([failure(e.code, e.message)]);
      throw e;
    }
    if (kind === 'bundle') {
      let prev = null;
      if (previousBytes) {
        try {
          prev = await read(previousBytes, 'bundle', null);
        } catch (e) {
          if (!(e instanceof ParseFailure)) throw e;
          const report = await verifyBundle(value, null, progress);
          report.errors.push(failure('previous-invalid', `the previous release could not be read: ${e.message}`, 'previous'));
          report.valid = false;
          return outcome(report.errors, report);
        }
      }
      const report = await verifyBundle(value, prev, progress);
      return outcome(report.errors, report);
    }
    if (kind === 'invitation') {
      const verify = value.format === FORMAT_1_1 ? verifyStatementVersion11 : verifyStatementVersion;
      return outcome(verify(value.statement).map((f) => ({ ...f, at: 'statement' })));
    }
    if (kind === 'equivocation-proof') return outcome(verifyEquivocationProof(value));
    if (kind === 'well-known') return outcome(verifyWellKnown(value));
    if (kind === 'endorsement') {
      const out = endorsementFields(value.signed);
      const f = signatureFailure(value.signed.signer.public_key, value.signature, signedMessage(CONTEXT.endorsement, value.signed));
      if (f) out.push(f);
      return outcome(out);
    }
    const out = withdrawalFields(value.signed);
    const f = signatureFailure(value.signed.signer_key, value.signature, signedMessage(CONTEXT.withdrawal, value.signed));
    if (f) out.push(f);
    return outcome(out);
  }

  const api = {
    check,
    codesOf,
    splitBundles,
    splitBundle,
    bundleSplitter,
    arrivingBundle,
    readBundle,
    parseJson,
    parsePlainJson,
    JsonError,
    sha256,
    sha512,
    ed25519Verify,
    ed25519VerifyFast,
    useWebCrypto,
    fastPathGate: { strictEncoding, belowL },
    decodePoint,
    MerkleTree,
    jcs,
    fingerprint,
    notes: { base64Decode, parseNote, noteKeyId, leadSigned, consistencyVerifies },
    websiteHost,
    countries: COUNTRIES,
    toHex,
    hexEach,
    fromHex,
    unicode: { version: UNICODE_DATA.version, isNfc, nfcCodePoints, isOfClass, decompositions: DECOMPOSITION },
  };

  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  if (typeof document !== 'undefined') startPage(api);
  else if (IN_WORKER) startWorker();

