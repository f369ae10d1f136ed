  // ---------------------------------------------------------------------------------------------
  // Checking entries on every core: the page's Web Workers, each running this same script
  // ---------------------------------------------------------------------------------------------

  const ENTRIES_PER_BATCH = 512;
  // Batches posted to a worker ahead of its results, so that it never waits for the page to take
  // a result before it has the next batch.
  const BATCHES_IN_FLIGHT = 2;
  // This script's own text, from which the page starts its workers (a page opened from a file
  // cannot load a worker file; a blob: URL made from its own script it can, as its policy allows).
  const OWN_SCRIPT = typeof document !== 'undefined' && document.currentScript ? document.currentScript.textContent : null;
  const IN_WORKER = typeof WorkerGlobalScope !== 'undefined' && typeof self !== 'undefined' && self instanceof WorkerGlobalScope;

  /** In a worker: does each job posted to it (a batch of entries to check, or of signatures) and
   *  posts back the result, with the job's number. */
  function startWorker() {
    self.onmessage = async (ev) => {
      const { job, kind, webCrypto } = ev.data;
      if (!webCrypto) useWebCrypto(false);
      let result;
      try {
        result = kind === 'signatures' ? await checkSignatureBatch(ev.data) : await checkEntryBytes(ev.data.bytes, ev.data.offsets, ev.data.ctx);
      } catch (e) {
        result = { failed: String((e && e.message) || e) };
      }
      self.postMessage({ ...result, job });
    };
  }

  /**
   * A batch of signatures, each decided as ed25519VerifyFast decides it: `keys` (32 bytes each),
   * `sigs` (64 bytes each), the messages one after another in `msgs`, message k being
   * msgs[offsets[k]..offsets[k + 1]). Resolves to `{codes}`: null, `key-invalid` or
   * `signature-invalid` for each.
   */
  async function checkSignatureBatch({ keys, sigs, msgs, offsets }) {
    const m = offsets.length - 1;
    const codes = new Array(m).fill(null);
    for (let from = 0; from < m; from += SIGNATURES_AT_ONCE) {
      const to = Math.min(m, from + SIGNATURES_AT_ONCE);
      const pending = [];
      for (let k = from; k < to; k++) {
        const verdict = ed25519VerifyFast(keys.subarray(32 * k, 32 * k + 32), sigs.subarray(64 * k, 64 * k + 64), msgs.subarray(offsets[k], offsets[k + 1]));
        pending.push(verdict.then((c) => (codes[k] = c)));
      }
      await Promise.all(pending);
    }
    return { codes };
  }

  /** New workers for one check, one per core; none where the page cannot start them. */
  function startWorkers() {
    if (!OWN_SCRIPT || typeof Worker === 'undefined' || typeof Blob === 'undefined') return [];
    const cores = Math.max(1, Math.min(16, (typeof navigator !== 'undefined' && navigator.hardwareConcurrency) || 2));
    const team = [];
    try {
      const url = URL.createObjectURL(new Blob([OWN_SCRIPT], { type: 'text/javascript' }));
      for (let k = 0; k < cores; k++) team.push(new Worker(url));
      URL.revokeObjectURL(url);
    } catch (e) {
      for (const w of team) w.terminate();
      return [];
    }
    return team;
  }

  /**
   * Runs jobs 0..count-1 on the page's workers when it has them: `message(k)` is job k's message
   * and its transferable buffers; `done(k, result)` takes each result as it comes back, in any
   * order. A job no worker did (there are none, or one failed) is left to the caller. Resolves
   * to the number of workers that took part.
   */
  async function onWorkers(count, message, done) {
    const team = count > 0 ? startWorkers() : [];
    let tookPart = false;
    try {
      await new Promise((resolve) => {
        let next = 0;
        let broken = false; // a worker that could not start or failed: the rest is done by the caller
        const webCrypto = usingWebCrypto();
        const inFlight = new Map(team.map((w) => [w, new Set()])); // each worker's jobs
        const settle = () => {
          const idle = [...inFlight.values()].every((s) => s.size === 0);
          if (team.length === 0 || (idle && (broken || next >= count))) resolve();
        };
        const post = (w) => {
          if (broken || next >= count) return;
          const k = next++;
          const [data, transfer] = message(k);
          inFlight.get(w).add(k);
          w.postMessage({ ...data, job: k, webCrypto }, transfer);
        };
        for (const w of team) {
          w.onmessage = async (ev) => {
            const k = ev.data.job;
            if (!inFlight.get(w).delete(k)) return; // given up on after a failure
            if (ev.data.failed !== undefined) {
              broken = true;
            } else {
              post(w);
              tookPart = true;
              await done(k, ev.data);
            }
            settle();
          };
          // A worker that fails: what it had is left to the caller, as is all not yet posted.
          w.onerror = (ev) => {
            ev.preventDefault();
            broken = true;
            inFlight.get(w).clear();
            settle();
          };
        }
        for (let k = 0; k < BATCHES_IN_FLIGHT; k++) for (const w of team) post(w);
        settle();
      });
    } finally {
      for (const w of team) w.terminate();
    }
    return tookPart ? team.length : 0;
  }

  /**
   * Checks the entries at `offsets` in `bytes` (see splitBundle), in batches of
   * ENTRIES_PER_BATCH: on the page's workers when it has them, else here, one batch after the
   * other. Resolves to `{entries, ids, errors, fingerprints, workers}` in the log's order (`workers`: how many
   * took part, 0 if none), or `{unreadable: true}`.
   * `progress(done, total)` is called as batches come back.
   */
  async function checkAllEntries(bytes, offsets, ctx, progress) {
    const total = offsets.length / 2;
    const batches = [];
    for (let k = 0; k < offsets.length; k += 2 * ENTRIES_PER_BATCH) batches.push([k / 2, Math.min(total, k / 2 + ENTRIES_PER_BATCH)]);
    const results = new Array(batches.length);
    let done = 0;
    const finished = async (b, result) => {
      results[b] = result;
      done += batches[b][1] - batches[b][0];
      if (progress) {
        progress(done, total);
        await tick();
      }
    };
    // The bytes of entries [from, to), copied out to be posted, with their offsets into the copy.
    const piece = ([from, to]) => {
      const start = offsets[2 * from];
      const own = new Uint32Array(2 * (to - from));
      for (let k = 0; k < own.length; k++) own[k] = offsets[2 * from + k] - start;
      return { bytes: bytes.slice(start, offsets[2 * to - 1]), offsets: own };
    };
    const workers = await onWorkers(
      batches.length,
      (b) => {
        const p = piece(batches[b]);
        return [{ kind: 'entries', bytes: p.bytes, offsets: p.offsets, ctx }, [p.bytes.buffer, p.offsets.buffer]];
      },
      (b, result) => finished(b, result),
    );
    // Whatever the workers did not do (or all of it, where there are none) is checked here.
    for (let b = 0; b < batches.length; b++) {
      if (results[b]) continue;
      const p = piece(batches[b]);
      await finished(b, await checkEntryBytes(p.bytes, p.offsets, ctx));
    }
    if (results.some((r) => r.unreadable)) return { unreadable: true };
    const entries = [];
    const errors = [];
    const fingerprints = [];
    const ids = new Uint8Array(32 * total);
    results.forEach((r, b) => {
      for (const e of r.entries) entries.push(e);
      for (const e of r.errors) errors.push(e);
      for (const f of r.fingerprints) fingerprints.push(f);
      ids.set(r.ids, 32 * batches[b][0]);
    });
    return { entries, ids, errors, fingerprints, workers };
  }

  /**
   * Decides the signatures `items` ({key, sig, msg}: bytes) as ed25519VerifyFast does, in batches
   * of ENTRIES_PER_BATCH on the page's workers when it has them, else here. Resolves to their
   * codes (null, `key-invalid` or `signature-invalid`), in order. `progress(done, total)` is
   * called as batches come back.
   */
  async function checkAllSignatures(items, progress) {
    const total = items.length;
    const count = Math.ceil(total / ENTRIES_PER_BATCH);
    const codes = new Array(total).fill(null);
    const finished = new Array(count).fill(false);
    let done = 0;
    const batch = (b) => {
      const from = b * ENTRIES_PER_BATCH;
      const part = items.slice(from, Math.min(total, from + ENTRIES_PER_BATCH));
      const keys = new Uint8Array(32 * part.length);
      const sigs = new Uint8Array(64 * part.length);
      const offsets = new Uint32Array(part.length + 1);
      part.forEach((it, k) => {
        keys.set(it.key, 32 * k);
        sigs.set(it.sig, 64 * k);
        offsets[k + 1] = offsets[k] + it.msg.length;
      });
      const msgs = new Uint8Array(offsets[part.length]);
      part.forEach((it, k) => msgs.set(it.msg, offsets[k]));
      return { kind: 'signatures', keys, sigs, msgs, offsets };
    };
    const take = async (b, result) => {
      result.codes.forEach((c, k) => (codes[b * ENTRIES_PER_BATCH + k] = c));
      finished[b] = true;
      done += result.codes.length;
      if (progress) {
        progress(done, total);
        await tick();
      }
    };
    const workers = await onWorkers(
      count,
      (b) => {
        const data = batch(b);
        return [data, [data.keys.buffer, data.sigs.buffer, data.msgs.buffer, data.offsets.buffer]];
      },
      take,
    );
    for (let b = 0; b < count; b++) if (!finished[b]) await take(b, await checkSignatureBatch(batch(b)));
    return { codes, workers };
  }
