  // ---------------------------------------------------------------------------------------------
  // The page (verify.html). Every value from a bundle reaches the page as text, never as HTML.
  // ---------------------------------------------------------------------------------------------

  function startPage(api) {
    const $ = (id) => document.getElementById(id);
    const ROWS_PER_PAGE = 200;
    const KIND_LABEL = { organization: 'Organization', individual: 'Individual' };
    const STATUS_LABEL = { active: 'Valid', withdrawn: 'Withdrawn', withdrawal: 'Withdrawal', invalid: 'Invalid' };

    /** Builds an element; string children become text nodes. */
    function el(tag, props, ...children) {
      const e = document.createElement(tag);
      for (const [k, v] of Object.entries(props || {})) {
        if (k === 'class') e.className = v;
        else if (k === 'data') Object.assign(e.dataset, v);
        else e.setAttribute(k, v);
      }
      for (const c of children.flat()) {
        if (c === null || c === undefined || c === false) continue;
        e.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
      }
      return e;
    }
    /** Appends children to a node, skipping null, undefined and false; strings become text. */
    const add = (node, ...children) => {
      for (const c of children.flat()) {
        if (c === null || c === undefined || c === false) continue;
        node.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
      }
      return node;
    };
    const clear = (node) => {
      while (node.firstChild) node.removeChild(node.firstChild);
      return node;
    };
    const num = (n) => n.toLocaleString('en-US');
    const plural = (n, one, many) => `${num(n)} ${n === 1 ? one : many}`;
    const countryName = (code) => api.countries.get(code) || code;
    const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
    function humanDate(ts) {
      const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:T([0-9]{2}):([0-9]{2}))?/.exec(ts || '');
      if (!m) return ts || '';
      const d = `${+m[3]} ${MONTHS[+m[2] - 1] || m[2]} ${m[1]}`;
      return m[4] ? `${d}, ${m[4]}:${m[5]} UTC` : d;
    }
    const shortDate = (ts) => (ts || '').slice(0, 10);

    const state = { bundle: null, previous: null, run: 0, outcome: null, filter: 'all', search: '', shown: ROWS_PER_PAGE };

    function embedded(id) {
      const node = $(id);
      if (!node) return null;
      const text = node.textContent;
      if (node.dataset.encoding === 'base64') {
        const bin = atob(text.replace(/\s+/g, ''));
        const bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        return { name: node.dataset.name || 'the bundle in this page', bytes };
      }
      const parts = document.querySelectorAll(`script[data-part-of="${id}"]`);
      if (parts.length === 0) return { name: node.dataset.name || 'the bundle in this page', bytes: new TextEncoder().encode(text) };
      // A large bundle comes in parts (no string can hold it whole): joined as bytes, each part
      // encoded straight into its place.
      const texts = [text, ...Array.from(parts, (p) => p.textContent)];
      return { name: node.dataset.name || 'the bundle in this page', bytes: joinedUtf8(texts, texts.map(utf8Length)) || joinedUtf8(texts, texts.map((t) => new Blob([t]).size)) };
    }

    /** The bytes of UTF-8 text counted without encoding it (a pair of surrogates: 4 bytes). */
    function utf8Length(t) {
      let n = t.length;
      for (let i = 0; i < t.length; i++) {
        const c = t.charCodeAt(i);
        if (c >= 0x80) n += c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 1 : 2;
      }
      return n;
    }

    /**
     * The texts encoded as UTF-8 one after the other into one array, each straight into its
     * place, given their sizes; null if a size was wrong (the caller then measures them the slow
     * way, which cannot be).
     */
    function joinedUtf8(texts, sizes) {
      const bytes = new Uint8Array(sizes.reduce((a, b) => a + b, 0));
      const encoder = new TextEncoder();
      let at = 0;
      for (let k = 0; k < texts.length; k++) {
        const { read, written } = encoder.encodeInto(texts[k], bytes.subarray(at, at + sizes[k]));
        if (read !== texts[k].length || written !== sizes[k]) return null;
        at += sizes[k];
      }
      return bytes;
    }

    function setVerdict(kind, title, detail) {
      const v = $('verdict');
      v.dataset.state = kind;
      if (kind === 'valid' || kind === 'invalid' || kind === 'unreadable') v.dataset.valid = String(kind === 'valid');
      else delete v.dataset.valid;
      $('verdict-title').textContent = title;
      $('verdict-detail').textContent = detail;
    }

    function publishResult(result) {
      let node = $('verification-result');
      if (!node) {
        node = el('script', { type: 'application/json', id: 'verification-result' });
        document.body.append(node);
      }
      node.textContent = JSON.stringify(result).replace(/</g, '\\u003c');
      document.body.dataset.state = 'done';
    }

    async function run() {
      const ticket = ++state.run;
      document.body.dataset.state = 'running';
      for (const id of ['summary-card', 'counts-card', 'failures-card', 'previous-card', 'entries-card', 'text-card']) $(id).hidden = true;
      showFiles();
      if (!state.bundle) {
        setVerdict('empty', 'No bundle to verify', 'Choose a bundle file below, or drop it on this page.');
        return;
      }
      setVerdict('running', 'Verifying…', `Checking ${state.bundle.name}.`);
      let outcome;
      try {
        const started = performance.now();
        outcome = await api.check('bundle', state.bundle.bytes, state.previous && state.previous.bytes, (done, total) => {
          if (ticket !== state.run) return;
          const seconds = (performance.now() - started) / 1000;
          const rate = seconds >= 1 ? ` (${num(Math.round(done / seconds))} a second)` : '';
          $('verdict-detail').textContent = `Checked ${num(done)} of ${plural(total, 'signature', 'signatures')}${rate}…`;
          $('progress').max = total;
          $('progress').value = done;
          $('progress').hidden = false;
        });
      } catch (e) {
        outcome = { valid: false, codes: ['internal-error'], failures: [{ code: 'internal-error', message: String(e && e.message) }], report: null };
      }
      if (ticket !== state.run) return;
      $('progress').hidden = true;
      state.outcome = outcome;
      state.shown = ROWS_PER_PAGE;
      render(outcome);
      const r = outcome.report;
      publishResult({
        valid: outcome.valid,
        codes: outcome.codes,
        failures: outcome.failures,
        report: r && {
          signatories: r.signatories,
          withdrawn: r.withdrawn,
          by_country: r.by_country,
          by_kind: r.by_kind,
          previous: r.previous,
          statement: r.statement,
          release: r.release,
          workers: r.workers,
          entries: r.entries.map((e) => ({ index: e.index, kind: e.kind, status: e.status, codes: [...new Set(e.errors.map((f) => f.code))].sort() })),
        },
      });
    }

    function render(outcome) {
      const r = outcome.report;
      if (!r) {
        const f = outcome.failures[0] || { message: '' };
        const what = { malformed: 'This file is not a well-formed bundle', 'unsupported-format': 'This bundle is in a format this page does not know', 'too-large': 'This file is too large' }[f.code] || 'This file could not be verified';
        setVerdict('unreadable', 'Not verified', `${what}: ${f.message}`);
        renderFailures(outcome.failures);
        return;
      }
      if (outcome.valid) {
        const prev = r.previous ? ` It keeps every entry of release ${r.previous.number}: nothing was dropped, reordered or altered.` : '';
        setVerdict(
          'valid',
          'Verified',
          `Every signature checks out and the list is exactly the one ${r.statement.lead_name} signed as release ${r.release.number}: ` +
            `${plural(r.signatories, 'signatory', 'signatories')}` +
            (r.withdrawn ? `, ${plural(r.withdrawn, 'withdrawn endorsement', 'withdrawn endorsements')}.` : '.') + prev
        );
      } else {
        setVerdict(
          'invalid',
          'Not verified',
          `${plural(outcome.failures.length, 'problem was', 'problems were')} found (${outcome.codes.join(', ')}). ` +
            'Do not rely on this list until they are explained; the entries that do verify are marked below.'
        );
      }
      renderSummary(r);
      renderCounts(r);
      renderFailures(outcome.failures);
      renderPrevious(r);
      renderEntries();
      renderTexts();
    }

    function fact(label, ...value) {
      return [el('dt', null, label), el('dd', null, ...value)];
    }

    function renderSummary(r) {
      $('summary-card').hidden = false;
      $('statement-title').textContent = r.statement.title || '(no title)';
      const versions = state.parsed ? state.parsed.statement_versions.map((v) => v.signed.version) : [r.statement.version];
      clear($('facts')).append(
        ...fact('Release', `${r.release.number}, issued ${humanDate(r.release.issued_at)}`),
        ...fact('Lead', el('bdi', null, r.statement.lead_name)),
        ...fact('Lead key fingerprint', el('code', { class: 'fp' }, r.statement.lead_fingerprint || '—')),
        ...fact(versions.length > 1 ? `Statement digest (version ${r.statement.version})` : 'Statement digest', el('code', { class: 'hash' }, r.statement.digest)),
        ...fact('Languages', r.statement.languages.join(', ')),
        ...fact('Log', `${plural(r.release.log_size, 'entry', 'entries')}, root `, el('code', { class: 'hash' }, r.release.log_root)),
        ...fact('Release id', el('code', { class: 'hash' }, r.release.id))
      );
    }

    function renderCounts(r) {
      $('counts-card').hidden = false;
      const countries = Object.entries(r.by_country).sort((a, b) => b[1] - a[1] || countryName(a[0]).localeCompare(countryName(b[0])));
      clear($('stats')).append(
        el('div', { class: 'stat' }, el('strong', null, num(r.signatories)), el('span', null, 'signatories')),
        el('div', { class: 'stat' }, el('strong', null, num(r.by_kind.organization || 0)), el('span', null, 'organizations')),
        el('div', { class: 'stat' }, el('strong', null, num(r.by_kind.individual || 0)), el('span', null, 'individuals')),
        el('div', { class: 'stat' }, el('strong', null, num(countries.length)), el('span', null, 'countries')),
        el('div', { class: 'stat' }, el('strong', null, num(r.withdrawn)), el('span', null, 'withdrawn'))
      );
      clear($('by-country')).append(
        ...countries.map(([code, n]) =>
          el('li', null, el('span', { class: 'country' }, countryName(code), ' ', el('span', { class: 'code' }, code)), el('span', { class: 'n' }, num(n)))
        )
      );
      $('by-country-wrap').hidden = countries.length === 0;
      $('counts-note').hidden = !!(state.outcome && state.outcome.valid);
    }

    function renderFailures(failures) {
      const card = $('failures-card');
      card.hidden = failures.length === 0;
      const shown = failures.slice(0, 500);
      const list = clear($('failures'));
      list.append(...shown.map((f) => el('li', null, el('span', { class: 'badge bad' }, f.code), f.at ? el('span', { class: 'at' }, f.at) : null, el('span', { class: 'msg' }, f.message))));
      if (failures.length > shown.length) list.append(el('li', { class: 'more' }, `and ${num(failures.length - shown.length)} more`));
    }

    function renderPrevious(r) {
      const card = $('previous-card');
      card.hidden = !r.previous;
      if (!r.previous) return;
      const p = r.previous;
      clear($('previous-summary')).append(
        el('p', { class: p.consistent ? 'ok' : 'bad' },
          p.consistent
            ? `Release ${r.release.number} is a consistent successor of release ${p.number} (issued ${humanDate(p.issued_at)}): every entry of release ${p.number} is still here, in the same order and unchanged.`
            : `Release ${r.release.number} is NOT a consistent successor of release ${p.number} (issued ${humanDate(p.issued_at)}): see the problems listed above.`),
        el('ul', { class: 'inline' },
          el('li', null, el('strong', null, num(p.kept)), ' kept'),
          el('li', null, el('strong', null, num(p.withdrawn_since)), ' withdrawn by their signers, each with a signed withdrawal'),
          el('li', null, el('strong', null, num(p.added)), ' added'))
      );
    }

    function matches(e) {
      if (state.filter === 'problems' && e.status !== 'invalid') return false;
      if (state.filter === 'withdrawn' && e.status !== 'withdrawn' && e.kind !== 'withdrawal') return false;
      if (state.search) {
        const hay = `${e.name} ${e.country} ${countryName(e.country)} ${e.title || ''} ${e.affiliation || ''} ${e.fingerprint}`.toLowerCase();
        if (!hay.includes(state.search)) return false;
      }
      return true;
    }

    function entryRow(e) {
      const status = el('span', { class: `badge ${e.status}` }, STATUS_LABEL[e.status] || e.status);
      const who = el('td', { class: 'who' });
      if (e.kind === 'withdrawal') {
        add(who, el('span', { class: 'muted' }, e.withdraws === undefined ? 'Withdrawal of an unknown entry' : `Withdrawal of entry ${e.withdraws + 1}`), e.name ? ': ' : '', e.name ? el('bdi', null, e.name) : null);
      } else {
        add(who, el('bdi', { class: 'name' }, e.name));
        const extra = [e.title, e.affiliation].filter(Boolean).join(', ');
        if (extra) add(who, el('div', { class: 'sub' }, el('bdi', null, extra)));
        if (e.website) add(who, el('div', { class: 'sub url' }, e.website));
      }
      if (e.errors.length) {
        add(who, el('ul', { class: 'entry-errors' }, ...e.errors.map((f) => el('li', null, el('code', null, f.code), ' ', f.message))));
      }
      return el('tr', { data: { status: e.status } },
        el('td', { class: 'idx' }, num(e.index + 1)),
        el('td', null, status),
        who,
        el('td', null, e.kind === 'endorsement' ? KIND_LABEL[e.signer_kind] || '' : ''),
        el('td', null, e.country ? el('span', { title: countryName(e.country) }, countryName(e.country)) : ''),
        el('td', { class: 'date' }, shortDate(e.signed_at), state.versions > 1 && e.version ? el('div', { class: 'sub' }, `version ${e.version}`) : null),
        el('td', null, el('code', { class: 'fp' }, e.fingerprint))
      );
    }

    function renderEntries() {
      const r = state.outcome && state.outcome.report;
      if (!r) return;
      state.versions = state.parsed ? state.parsed.statement_versions.length : 1;
      $('entries-card').hidden = false;
      const list = r.entries.filter(matches);
      const rows = list.slice(0, state.shown);
      clear($('entries-body')).append(...rows.map(entryRow));
      $('entries-empty').hidden = list.length !== 0;
      $('entries-count').textContent = list.length === r.entries.length
        ? plural(r.entries.length, 'entry', 'entries')
        : `${num(list.length)} of ${plural(r.entries.length, 'entry', 'entries')}`;
      const more = $('more');
      more.hidden = list.length <= rows.length;
      more.textContent = `Show ${num(Math.min(ROWS_PER_PAGE, list.length - rows.length))} more`;
    }

    function renderTexts() {
      const v = state.parsed && state.parsed.statement_versions[state.parsed.statement_versions.length - 1];
      $('text-card').hidden = !v;
      if (!v) return;
      const RTL = /^(ar|arc|ckb|dv|fa|he|ks|ku-Arab|ps|sd|ug|ur|yi)(-|$)/;
      clear($('texts')).append(
        el('p', { class: 'muted' }, `Version ${v.signed.version}, exactly as signed (Markdown source). Digest `, el('code', { class: 'hash' }, v.signed.digest), '.'),
        ...v.signed.texts.map((t) =>
          el('article', { lang: t.language, dir: RTL.test(t.language) ? 'rtl' : 'auto', class: 'text' },
            el('h3', null, t.title, ' ', el('span', { class: 'lang' }, t.language)),
            el('div', { class: 'body' }, t.body))
        )
      );
    }

    function showFiles() {
      $('current-bundle').textContent = state.bundle ? state.bundle.name : 'none';
      $('current-previous').textContent = state.previous ? state.previous.name : 'none';
      $('clear-previous').hidden = !state.previous;
    }

    /** A bundle without its entries, for what the page reads of it beside the report; or all of it. */
    function headOf(bytes) {
      const split = api.splitBundle(bytes);
      return split ? split.head : bytes;
    }

    /** Parses the current bundle's head once more for the parts of the page the report does not carry. */
    function parseForDisplay() {
      state.parsed = null;
      try {
        const text = new TextDecoder('utf-8', { fatal: true }).decode(headOf(state.bundle.bytes));
        const v = api.parseJson(text, true);
        const sv = v instanceof Map && v.get('statement_versions');
        if (Array.isArray(sv)) {
          state.parsed = {
            statement_versions: sv.map((x) => {
              const s = x instanceof Map && x.get('signed');
              const texts = (s instanceof Map && Array.isArray(s.get('texts')) ? s.get('texts') : [])
                .filter((t) => t instanceof Map)
                .map((t) => ({ language: String(t.get('language')), title: String(t.get('title')), body: String(t.get('body')) }));
              const version = s instanceof Map && s.get('version');
              return { signed: { version: version && version.text ? Number(version.text) : 0, digest: String(s instanceof Map ? s.get('digest') : ''), texts } };
            }),
          };
        }
      } catch (e) {
        state.parsed = null;
      }
    }

    async function readFile(file) {
      if (file.size > 2 * 1024 * 1024 * 1024) return { name: file.name, bytes: new Uint8Array(2 * 1024 * 1024 * 1024 + 1) };
      return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
    }

    /** The release number a file claims, to tell a bundle from its previous release on a drop. */
    function claimedNumber(bytes) {
      try {
        const v = api.parseJson(new TextDecoder().decode(headOf(bytes)), false);
        return Number(v.get('release').get('signed').get('number').text) || 0;
      } catch (e) {
        return 0;
      }
    }

    async function take(files, target) {
      const list = Array.from(files || []);
      if (!list.length) return;
      const read = await Promise.all(list.slice(0, 2).map(readFile));
      if (read.length === 2) {
        read.sort((a, b) => claimedNumber(b.bytes) - claimedNumber(a.bytes));
        state.bundle = read[0];
        state.previous = read[1];
      } else if (target === 'previous') {
        state.previous = read[0];
      } else {
        state.bundle = read[0];
        state.previous = null;
      }
      parseForDisplay();
      run();
    }

    function dropZone(zone, target) {
      zone.addEventListener('dragover', (ev) => {
        ev.preventDefault();
        ev.stopPropagation();
        zone.classList.add('over');
      });
      zone.addEventListener('dragleave', () => zone.classList.remove('over'));
      zone.addEventListener('drop', (ev) => {
        ev.preventDefault();
        ev.stopPropagation();
        zone.classList.remove('over');
        take(ev.dataTransfer.files, target);
      });
    }

    dropZone($('drop-bundle'), 'bundle');
    dropZone($('drop-previous'), 'previous');
    document.addEventListener('dragover', (ev) => ev.preventDefault());
    document.addEventListener('drop', (ev) => {
      ev.preventDefault();
      take(ev.dataTransfer.files, 'bundle');
    });
    for (const [id, target] of [['pick-bundle', 'bundle'], ['pick-previous', 'previous']]) {
      $(id).addEventListener('change', (ev) => {
        const files = Array.from(ev.target.files || []);
        ev.target.value = ''; // so that choosing the same file again is seen
        take(files, target);
      });
    }
    $('clear-previous').addEventListener('click', () => {
      state.previous = null;
      run();
    });
    $('entry-filter').addEventListener('change', (ev) => {
      state.filter = ev.target.value;
      state.shown = ROWS_PER_PAGE;
      renderEntries();
    });
    $('entry-search').addEventListener('input', (ev) => {
      state.search = ev.target.value.trim().toLowerCase();
      state.shown = ROWS_PER_PAGE;
      renderEntries();
    });
    $('more').addEventListener('click', () => {
      state.shown += ROWS_PER_PAGE;
      renderEntries();
    });

    state.bundle = embedded('bundle');
    state.previous = embedded('previous');
    if (state.bundle) parseForDisplay();
    run();
  }
})();
