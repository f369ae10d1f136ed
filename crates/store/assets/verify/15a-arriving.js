  // ---------------------------------------------------------------------------------------------
  // A bundle checked as it arrives: the page's own, while the browser is still reading the page
  // ---------------------------------------------------------------------------------------------

  /**
   * Takes a file's text as it arrives, part by part (`add(text)`: each part's UTF-8 bytes are
   * put after the last's, and the text can be let go), and gives its bytes at `end()`.
   *
   * With `checking`, the text is a bundle's: it is split as it comes (bundleSplitter), and once
   * the bytes before its entries read as a bundle's head (those bytes and `]}`: where the
   * entries are the last member, as the publication writes them, the bundle's head itself), its
   * entries are checked on the page's workers against that head's context, a batch as soon as
   * it has arrived whole. The browser reads a page carrying a million entries for ten seconds,
   * on one core; the others need not wait. `end()` then gives `{bytes, split, early}`:
   * `split` is splitBundle(bytes), and `early` the batches begun, for check(): it takes a
   * batch's result only where it checks against the same context (and the same fast path), so
   * what it finds is what it would have found alone; its workers then do the rest.
   */
  function arrivingBundle(checking) {
    const encoder = new TextEncoder();
    let bytes = new Uint8Array(1 << 16);
    let length = 0;
    const splitter = checking ? bundleSplitter() : null;
    let ctx; // the head's context; null where it has none, undefined until its bytes have arrived
    let team = null;
    const batches = []; // batch b (entries ENTRIES_PER_BATCH × b onwards): the promise of its result
    const webCrypto = usingWebCrypto();

    // The context of the head the bytes before the entries make, or null.
    const headContext = (before) => {
      const head = new Uint8Array(before.length + 2);
      head.set(before, 0);
      head.set([0x5d, 0x7d], before.length);
      try {
        // A head of either format (§14.3): its context says which, and how its entries read.
        return bundleContext(parseFile(head, 'bundle'));
      } catch (e) {
        if (e instanceof ParseFailure) return null;
        throw e;
      }
    };

    return {
      add(text) {
        // Room for the longest its UTF-8 can be: three bytes for each UTF-16 unit.
        if (length + 3 * text.length > bytes.length) {
          const larger = new Uint8Array(Math.max(2 * bytes.length, length + 3 * text.length));
          larger.set(bytes.subarray(0, length));
          bytes = larger;
        }
        const { read, written } = encoder.encodeInto(text, bytes.subarray(length));
        if (read !== text.length) throw new Error(`only ${read} of the ${text.length} characters of a part were encoded`);
        length += written;
        if (!splitter) return;
        splitter.more(bytes, length);
        if (ctx === undefined && splitter.entriesStart >= 0) ctx = headContext(bytes.subarray(0, splitter.entriesStart));
        if (!ctx) return;
        // One core is the browser's, reading the page: the check's first step.
        team = team || workerTeam(1);
        const offsets = splitter.offsets;
        while (offsets.length / 2 >= ENTRIES_PER_BATCH * (batches.length + 1)) {
          const from = ENTRIES_PER_BATCH * batches.length;
          // Made when a worker takes it, from the bytes then (the same, perhaps in a larger array).
          batches.push(team.run(() => entriesJob(bytes, offsets, from, from + ENTRIES_PER_BATCH, ctx)));
        }
      },
      end() {
        const all = bytes.subarray(0, length);
        if (!splitter) return { bytes: all };
        const early = team && {
          team,
          batches,
          sameCheck: (other) => webCrypto === usingWebCrypto() && JSON.stringify(other) === JSON.stringify(ctx),
        };
        return { bytes: all, split: splitter.end(all), early };
      },
    };
  }
