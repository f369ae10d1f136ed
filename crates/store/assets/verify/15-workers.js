  // ---------------------------------------------------------------------------------------------
  // Checking entries on every core: the page's Web Workers, each running this same script
  // ---------------------------------------------------------------------------------------------

  // A batch of entries is a perfect subtree of the log (§9) wherever it is whole: its worker
  // hashes its ids, and the page's thread takes that one hash for the batch (logChecks).
  const BATCH_HEIGHT = 9;
  const ENTRIES_PER_BATCH = 2 ** BATCH_HEIGHT;
  // Batches posted to a worker ahead of its results, so that it never waits for the page to take
  // a result before it has the next batch: the page's thread answers late while it is still
  // reading the page (between the parts it reads) and, at a million entries, while it takes the
  // results in. Each worker takes the next batch as it finishes one, so all end near together.
  const BATCHES_IN_FLIGHT = 8;
  // This script's own text, from which the page starts its workers (a page opened from a file
  // cannot load a worker file; a blob: URL made from its own script it can, as its policy allows).
  const OWN_SCRIPT = typeof document !== 'undefined' && document.currentScript ? document.currentScript.textContent : null;
  const IN_WORKER = typeof WorkerGlobalScope !== 'undefined' && typeof self !== 'undefined' && self instanceof WorkerGlobalScope;

  /** In a worker: does each job posted to it (a batch of entries to check, of either format) and
   *  posts back the result, with the job's number. */
  function startWorker() {
    self.onmessage = async (ev) => {
      const { job, webCrypto } = ev.data;
      if (!webCrypto) useWebCrypto(false);
      let result;
      try {
        result = await checkEntryBytes(ev.data.bytes, ev.data.offsets, ev.data.ctx);
      } catch (e) {
        result = { failed: String((e && e.message) || e) };
      }
      // The ids' bytes are moved, not copied.
      self.postMessage({ ...result, job }, result.ids ? [result.ids.buffer] : []);
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
   * The page's workers for one check, one per core (none where the page cannot start them), given
   * jobs as they come: `run(make)` queues a job and resolves to its result, or to null when no
   * worker did it (there are none, the team was closed, or a worker failed: from then on no job
   * is posted, and each one not done resolves to null, for the caller to do). `make()` gives
   * the job's message and its transferable buffers when the job is posted, BATCHES_IN_FLIGHT at
   * most to a worker at a time. `close()` ends the workers. `spare` of them (never all) are
   * given no job until `widen()`: while the page's thread has work of its own (reading the page),
   * as many threads busy as the cores are is faster than one more.
   */
  function workerTeam(spare = 0) {
    const workers = startWorkers();
    let active = Math.max(1, workers.length - spare); // the workers given jobs: workers[0..active)
    const webCrypto = usingWebCrypto();
    const queue = []; // jobs not yet posted, from queue[first]: {make, resolve}
    let first = 0;
    let next = 0; // the next job's number
    let broken = false;
    const inFlight = new Map(workers.map((w) => [w, new Map()])); // each worker's jobs: number → resolve
    const fill = (w) => {
      const mine = inFlight.get(w);
      while (!broken && first < queue.length && mine.size < BATCHES_IN_FLIGHT) {
        const { make, resolve } = queue[first];
        queue[first++] = null;
        const [data, transfer] = make();
        const k = next++;
        mine.set(k, resolve);
        w.postMessage({ ...data, job: k, webCrypto }, transfer);
      }
    };
    // A worker that failed, or the end: what is not done is left to the caller.
    const stop = () => {
      broken = true;
      while (first < queue.length) queue[first++].resolve(null);
      for (const mine of inFlight.values()) {
        for (const resolve of mine.values()) resolve(null);
        mine.clear();
      }
    };
    for (const w of workers) {
      w.onmessage = (ev) => {
        const mine = inFlight.get(w);
        const resolve = mine.get(ev.data.job);
        if (!resolve) return; // given up on
        mine.delete(ev.data.job);
        if (ev.data.failed !== undefined) {
          resolve(null);
          stop();
          return;
        }
        fill(w); // its next job before this result is taken
        resolve(ev.data);
      };
      w.onerror = (ev) => {
        ev.preventDefault();
        stop();
      };
    }
    return {
      size: workers.length,
      run(make) {
        if (broken || workers.length === 0) return Promise.resolve(null);
        const done = new Promise((resolve) => queue.push({ make, resolve }));
        for (let k = 0; k < active; k++) fill(workers[k]);
        return done;
      },
      widen() {
        active = workers.length;
        for (const w of workers) fill(w);
      },
      close() {
        stop();
        for (const w of workers) w.terminate();
      },
    };
  }

  /**
   * Runs jobs 0..count-1 on `team` (null: none): `make(k)` gives job k's message and its
   * transferable buffers, `take(k, result)` takes each result as it comes back, in any order;
   * `begun[k]`, where there is one, is job k's result already asked for. A job no worker did is
   * left to the caller. Resolves to whether a worker did any.
   */
  async function onTeam(team, count, make, take, begun = []) {
    let tookPart = false;
    await Promise.all(
      Array.from({ length: count }, async (_, k) => {
        const result = await (begun[k] || (team ? team.run(() => make(k)) : null));
        if (!result) return;
        tookPart = true;
        await take(k, result);
      }),
    );
    return tookPart;
  }

  /**
   * The bytes of entries [from, to) (at `offsets` in `bytes`, see splitBundle), copied out to be
   * posted, with their offsets into the copy.
   */
  function entriesPiece(bytes, offsets, from, to) {
    const start = offsets[2 * from];
    const own = new Uint32Array(2 * (to - from));
    for (let k = 0; k < own.length; k++) own[k] = offsets[2 * from + k] - start;
    return { bytes: bytes.slice(start, offsets[2 * to - 1]), offsets: own };
  }

  /** A worker's job: checking entries [from, to) against `ctx`; its message and transferable buffers. */
  function entriesJob(bytes, offsets, from, to, ctx) {
    const p = entriesPiece(bytes, offsets, from, to);
    return [{ bytes: p.bytes, offsets: p.offsets, ctx }, [p.bytes.buffer, p.offsets.buffer]];
  }

  /**
   * Checks the entries at `offsets` in `bytes` (see splitBundle), in batches of
   * ENTRIES_PER_BATCH: on the page's workers when it has them, else here, one batch after the
   * other. Resolves to `{entries, ids, errors, fingerprints, roots, workers, begunWhileReading}`
   * in the log's order, or `{unreadable: true}`. `errors[i]` is entry i's own failures, or
   * undefined where it has none; `roots[b]` the Merkle hash of batch b's ids where the batch is
   * whole (see checkEntryBytes); `workers`: how many took part, 0 if none; `begunWhileReading`:
   * how many entries' results are `early`'s.
   * `progress(done, total)` is called as batches come back. `early`: the batches a check of these
   * bytes began before they had all arrived (arrivingBundle), whose results are taken when it
   * checked them against the same context, as this check would; its workers do the rest.
   */
  async function checkAllEntries(bytes, offsets, ctx, progress, early) {
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
    const piece = ([from, to]) => entriesPiece(bytes, offsets, from, to);
    // The early check's results and workers where it checked as this check does; else its
    // workers are ended and new ones do all.
    const same = early && early.sameCheck(ctx);
    if (early && !same) early.team.close();
    const team = same ? early.team : total > 0 ? workerTeam() : null;
    if (same) team.widen();
    let tookPart = false;
    let begunWhileReading = 0; // entries whose results are the early check's
    try {
      const begun = same ? early.batches.map((result, b) => result.then((r) => ((begunWhileReading += r ? batches[b][1] - batches[b][0] : 0), r))) : [];
      tookPart = await onTeam(team, batches.length, (b) => entriesJob(bytes, offsets, ...batches[b], ctx), finished, begun);
    } finally {
      if (team) team.close();
    }
    // Whatever the workers did not do (or all of it, where there are none) is checked here.
    for (let b = 0; b < batches.length; b++) {
      if (results[b]) continue;
      const p = piece(batches[b]);
      await finished(b, await checkEntryBytes(p.bytes, p.offsets, ctx));
    }
    if (results.some((r) => r.unreadable)) return { unreadable: true };
    const entries = [];
    const errors = new Array(total);
    const fingerprints = [];
    const ids = new Uint8Array(32 * total);
    const roots = results.map((r, b) => (batches[b][1] - batches[b][0] === ENTRIES_PER_BATCH ? r.root : null));
    results.forEach((r, b) => {
      for (const e of r.entries) entries.push(e);
      for (const [k, f] of r.failing) errors[batches[b][0] + k] = f;
      for (const f of r.fingerprints) fingerprints.push(f);
      ids.set(r.ids, 32 * batches[b][0]);
    });
    return { entries, ids, errors, fingerprints, roots, workers: tookPart ? team.size : 0, begunWhileReading };
  }
