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

  /** In a worker: checks each batch posted to it and posts back the result, with its number. */
  function startWorker() {
    self.onmessage = async (ev) => {
      const { batch, bytes, offsets, ctx, webCrypto } = ev.data;
      if (!webCrypto) useWebCrypto(false);
      let result;
      try {
        result = await checkEntryBytes(bytes, offsets, ctx);
      } catch (e) {
        result = { failed: String((e && e.message) || e) };
      }
      self.postMessage({ ...result, batch });
    };
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
    const here = async (b) => {
      const p = piece(batches[b]);
      await finished(b, await checkEntryBytes(p.bytes, p.offsets, ctx));
    };
    const team = startWorkers();
    try {
      await new Promise((resolve) => {
        let next = 0;
        let broken = false; // a worker that could not start or failed: the rest is checked here
        const webCrypto = usingWebCrypto();
        const inFlight = new Map(team.map((w) => [w, new Set()])); // each worker's batches
        const settle = () => {
          const idle = [...inFlight.values()].every((s) => s.size === 0);
          if (team.length === 0 || (idle && (broken || next >= batches.length))) resolve();
        };
        const post = (w) => {
          if (broken || next >= batches.length) return;
          const b = next++;
          const p = piece(batches[b]);
          inFlight.get(w).add(b);
          w.postMessage({ batch: b, bytes: p.bytes, offsets: p.offsets, ctx, webCrypto }, [p.bytes.buffer, p.offsets.buffer]);
        };
        for (const w of team) {
          w.onmessage = async (ev) => {
            const b = ev.data.batch;
            if (!inFlight.get(w).delete(b)) return; // given up on after a failure
            if (ev.data.failed !== undefined) {
              broken = true;
            } else {
              post(w);
              await finished(b, { ...ev.data, byWorker: true });
            }
            settle();
          };
          // A worker that fails: what it had is checked here, as is all not yet posted.
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
    // Whatever the workers did not do (or all of it, where there are none) is checked here.
    for (let b = 0; b < batches.length; b++) if (!results[b]) await here(b);
    if (results.some((r) => r.unreadable)) return { unreadable: true };
    const entries = [];
    const errors = [];
    const fingerprints = [];
    const ids = new Uint8Array(32 * total);
    const workers = results.some((r) => r.byWorker) ? team.length : 0;
    results.forEach((r, b) => {
      for (const e of r.entries) entries.push(e);
      for (const e of r.errors) errors.push(e);
      for (const f of r.fingerprints) fingerprints.push(f);
      ids.set(r.ids, 32 * batches[b][0]);
    });
    return { entries, ids, errors, fingerprints, workers };
  }
