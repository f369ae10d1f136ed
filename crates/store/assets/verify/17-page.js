  // ---------------------------------------------------------------------------------------------
  // The page (verify.html). Every value from a bundle reaches the page as text, never as HTML.
  // ---------------------------------------------------------------------------------------------

  function startPage(api) {
    const $ = (id) => document.getElementById(id);
    const ROWS_PER_PAGE = 200;
    const KIND_LABEL = { organization: 'kindOrganization', individual: 'kindIndividual' };
    const STATUS_LABEL = { active: 'statusActive', withdrawn: 'statusWithdrawn', withdrawal: 'statusWithdrawal', invalid: 'statusInvalid' };

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
    // --- The page's words (crates/store/src/publish/verify_words.rs): in each language of the
    // publication, carried in the page; the first shown unless the address asks for another
    // (`verify.html#lang=fr`) or the reader picks one.
    const PAGE = (() => {
      try {
        return JSON.parse($('words').textContent);
      } catch (e) {
        return { first: 'en', languages: [], words: {} };
      }
    })();
    const state = { lang: PAGE.first, bundle: null, previous: null, run: 0, running: false, outcome: null, filter: 'all', search: '', shown: ROWS_PER_PAGE };
    const words = () => PAGE.words[state.lang] || {};
    const locale = () => (state.lang === 'ar' ? 'ar-u-nu-latn' : state.lang);
    // Intl's formatters, made once per language: making one takes longer than a progress update.
    const intl = new Map();
    const formatters = () => {
      const tag = locale();
      if (!intl.has(tag)) intl.set(tag, { number: new Intl.NumberFormat(tag), plural: new Intl.PluralRules(tag) });
      return intl.get(tag);
    };
    const num = (n) => formatters().number.format(n);
    /** A message in the page's language: its plural form for `vars.n`, placeholders filled. */
    function message(key, vars) {
      let m = words()[key];
      if (m && typeof m === 'object') m = m[formatters().plural.select(vars && typeof vars.n === 'number' ? vars.n : 0)] || m.other;
      return typeof m === 'string' ? m : key;
    }
    const show = (v) => (typeof v === 'number' ? num(v) : v);
    /** The message as text. */
    const t = (key, vars = {}) => message(key, vars).replace(/\{([a-z]+)\}/g, (whole, name) => (name in vars ? String(show(vars[name])) : whole));
    /** The message as a list of text and the nodes given as values (a digest in <code>, …). */
    const tn = (key, vars = {}) => message(key, vars).split(/(\{[a-z]+\})/).map((part) => {
      const name = /^\{([a-z]+)\}$/.exec(part);
      return name && name[1] in vars ? show(vars[name[1]]) : part;
    });
    const codeText = (code) => (words().codes || {})[code] || t(code === 'internal-error' ? 'internalError' : 'cannotVerify');
    const countryName = (code) => (state.lang !== 'en' && (words().countries || {})[code]) || api.countries.get(code) || code;
    function humanDate(ts) {
      const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:T([0-9]{2}):([0-9]{2}))?/.exec(ts || '');
      if (!m) return ts || '';
      const d = t('date', { day: String(+m[3]), month: (words().months || [])[+m[2] - 1] || m[2], year: m[1] });
      return m[4] ? t('dateTime', { date: d, clock: `${m[4]}:${m[5]}` }) : d;
    }
    const shortDate = (ts) => (ts || '').slice(0, 10);
    const fileName = (f) => f.name || t(f.embedded === 'previous' ? 'embeddedPrevious' : 'embeddedBundle');

    /** The page's own words in its language (the document's language and direction too). */
    function applyLanguage() {
      const lang = PAGE.languages.find((l) => l.tag === state.lang) || { tag: state.lang, dir: 'ltr' };
      document.documentElement.lang = lang.tag;
      document.documentElement.dir = lang.dir;
      document.title = t('pageTitle', { title: titleInLanguage() || document.body.dataset.title || '' });
      for (const node of document.querySelectorAll('[data-w]')) node.textContent = t(node.dataset.w);
      for (const node of document.querySelectorAll('[data-w-placeholder]')) node.placeholder = t(node.dataset.wPlaceholder);
      for (const node of document.querySelectorAll('[data-w-aria-label]')) node.setAttribute('aria-label', t(node.dataset.wAriaLabel));
      $('langs').hidden = PAGE.languages.length < 2;
      clear($('lang-list')).append(
        ...PAGE.languages.map((l) =>
          el('li', null, el('a', { href: `#lang=${l.tag}`, lang: l.tag, hreflang: l.tag, dir: l.dir, ...(l.tag === state.lang ? { 'aria-current': 'true' } : {}) }, l.name))
        )
      );
    }

    /** The title of the statement's latest version in the page's language, if it has that language. */
    function titleInLanguage() {
      const v = state.parsed && state.parsed.statement_versions[state.parsed.statement_versions.length - 1];
      const text = v && v.signed.texts.find((x) => x.language.split('-')[0].toLowerCase() === state.lang);
      return text ? text.title : null;
    }

    /** The language the address asks for, if the page has it. */
    function askedLanguage() {
      const m = /^#lang=([a-z]{2,3})$/.exec(location.hash);
      return m && PAGE.words[m[1]] ? m[1] : null;
    }

    function switchLanguage(tag) {
      if (!tag || tag === state.lang) return;
      state.lang = tag;
      applyLanguage();
      showFiles();
      if (state.outcome && !state.running) render(state.outcome);
      else if (state.running) setVerdict('running', t('verifying'), t('checking', { file: fileName(state.bundle) }));
      else if (!state.bundle) setVerdict('empty', t('noBundle'), t('chooseBundle'));
    }

    /**
     * Reads the files embedded in the page, the bundle and the previous release's, as the browser
     * reads the page, and calls `whenRead({bundle, previous})` once it has read all of it, each
     * `{embedded, bytes, split, early}` (see arrivingBundle) or null where the page has none.
     *
     * The publication writes a file in the comments of the element of its id, after this script
     * (crates/store/src/publish/html.rs, CommentJson): JSON text with every `<` and `>` escaped,
     * in parts, since no string can hold a large bundle whole. Each part is turned into bytes as
     * soon as the browser has read it, then let go (a million-entry bundle's text is most of a
     * gigabyte, and its bytes are all the page needs of it), and the bundle's entries are checked
     * as they arrive, on the cores the browser's reading leaves idle. (A test's page may instead
     * carry a file in base64, as the text of a JSON script element with `data-encoding="base64"`:
     * a file that is not UTF-8 text, which a publication never embeds.)
     */
    function readEmbedded(whenRead) {
      const ids = ['bundle', 'previous'];
      const arriving = {};
      const takeParts = () => {
        for (const id of ids) {
          const node = $(id);
          if (!node || node.dataset.encoding === 'base64') continue;
          for (const c of Array.from(node.childNodes)) {
            if (c.nodeType !== Node.COMMENT_NODE) continue;
            arriving[id] = arriving[id] || api.arrivingBundle(id === 'bundle');
            arriving[id].add(c.data);
            c.remove();
          }
        }
      };
      const observer = new MutationObserver(takeParts);
      const finish = () => {
        observer.disconnect();
        takeParts();
        const files = {};
        for (const id of ids) {
          const node = $(id);
          if (!node) {
            files[id] = null;
          } else if (node.dataset.encoding === 'base64') {
            const bin = atob(node.textContent.replace(/\s+/g, ''));
            node.textContent = '';
            const bytes = new Uint8Array(bin.length);
            for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
            files[id] = { embedded: id, bytes };
          } else {
            files[id] = { embedded: id, ...(arriving[id] || api.arrivingBundle(false)).end() };
          }
        }
        whenRead(files);
      };
      if (document.readyState !== 'loading') {
        finish();
        return;
      }
      observer.observe(document.body, { childList: true, subtree: true });
      document.addEventListener('DOMContentLoaded', finish, { once: true });
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
      $('progress').hidden = true;
      showFiles();
      if (!state.bundle) {
        setVerdict('empty', t('noBundle'), t('chooseBundle'));
        return;
      }
      setVerdict('running', t('verifying'), t('checking', { file: fileName(state.bundle) }));
      state.running = true;
      let outcome;
      // The check begun as the page was read is taken by its first check alone.
      const early = state.bundle.early;
      state.bundle.early = null;
      try {
        const started = performance.now();
        let shown = -Infinity;
        outcome = await api.check('bundle', state.bundle.bytes, state.previous && state.previous.bytes, (done, total) => {
          if (ticket !== state.run) return;
          // Ten times a second is enough to see it move; each update is work taken from the check.
          const now = performance.now();
          if (now - shown < 100 && done < total) return;
          shown = now;
          const seconds = (now - started) / 1000;
          const rate = seconds >= 1 ? t('rate', { n: Math.round(done / seconds) }) : '';
          $('verdict-detail').textContent = t('checked', { done, n: total, rate });
          $('progress').max = total;
          $('progress').value = done;
          $('progress').hidden = false;
        }, state.bundle.split, early);
      } catch (e) {
        outcome = { valid: false, codes: ['internal-error'], failures: [{ code: 'internal-error', message: String(e && e.message) }], report: null };
      }
      if (ticket !== state.run) return;
      state.running = false;
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
          begun_while_reading: r.begun_while_reading,
          entries: r.entries.map((e) => ({
            index: e.index,
            kind: e.kind,
            status: e.status,
            codes: api.codesOf(e.errors),
            tier: e.tier === undefined ? null : e.tier,
            vouchers: e.vouchers === undefined ? null : e.vouchers,
          })),
          tiers: r.format_1_1 ? { by_tier: r.format_1_1.by_tier, vouched: r.format_1_1.vouched } : null,
        },
      });
    }

    function render(outcome) {
      const r = outcome.report;
      if (!r) {
        const f = outcome.failures[0] || { code: '' };
        setVerdict('unreadable', t('notVerified'), codeText(f.code));
        renderFailures(outcome.failures);
        return;
      }
      if (outcome.valid) {
        const signatories = t('countSignatories', { n: r.signatories });
        const counts = r.withdrawn ? t('bothCounts', { signatories, withdrawn: t('countWithdrawn', { n: r.withdrawn }) }) : signatories;
        // The lead's name isolated (U+2068 … U+2069), so that a name in another script does not
        // reorder the words around it (as words.rs does for index.html).
        const detail = t('verifiedDetail', { lead: `\u2068${r.statement.lead_name}\u2069`, release: r.release.number, counts });
        setVerdict('valid', t('verified'), r.previous ? `${detail} ${t('keepsPrevious', { previous: r.previous.number })}` : detail);
      } else {
        setVerdict('invalid', t('notVerified'), t('notVerifiedDetail', { n: outcome.failures.length, codes: outcome.codes.join(', ') }));
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
      $('statement-title').textContent = titleInLanguage() || r.statement.title || t('noTitle');
      const versions = state.parsed ? state.parsed.statement_versions.map((v) => v.signed.version) : [r.statement.version];
      clear($('facts')).append(
        ...fact(t('factRelease'), t('releaseIssued', { release: r.release.number, date: humanDate(r.release.issued_at) })),
        ...fact(t('factLead'), el('bdi', null, r.statement.lead_name)),
        ...fact(t('factFingerprint'), el('code', { class: 'fp', dir: 'ltr' }, r.statement.lead_fingerprint || '—')),
        ...fact(versions.length > 1 ? t('factDigestOf', { n: r.statement.version }) : t('factDigest'), el('code', { class: 'hash', dir: 'ltr' }, r.statement.digest)),
        ...fact(t('factLanguages'), el('span', { dir: 'ltr' }, r.statement.languages.join(', '))),
        ...fact(t('factLog'), tn('logValue', { entries: t('countEntries', { n: r.release.log_size }), root: el('code', { class: 'hash', dir: 'ltr' }, r.release.log_root) })),
        ...fact(t('factReleaseId'), el('code', { class: 'hash', dir: 'ltr' }, r.release.id)),
        ...format11Facts(r)
      );
    }

    /**
     * What a bundle of format 1.1 adds (§14.7–§14.9): its witnesses, who is behind each key, and
     * the signatories not named.
     */
    function format11Facts(r) {
      const x = r.format_1_1;
      if (!x) return [];
      const w = x.witnesses;
      // Each name isolated (U+2068 … U+2069), as the lead's is.
      const names = w.listed.filter((l) => l.cosigned).map((l) => `\u2068${l.name}\u2069`).join(t('listSeparator'));
      const out = fact(
        t('factWitnesses'),
        w.listed.length ? t('witnessesCosigned', { k: num(w.cosigned), n: num(w.listed.length), q: num(w.quorum), names: names || '—' }) : t('witnessesNone')
      );
      const tiers = { w: num(x.by_tier.website), a: num(x.by_tier.attested), s: num(x.by_tier['self-declared']) };
      out.push(...fact(t('factTiers'), t('tiersValue', tiers), el('p', { class: 'muted' }, t('tiersExplained'))));
      const unnamed = Object.values(x.unnamed_by_region).reduce((a, b) => a + b, 0);
      if (unnamed > 0) {
        const count = x.vouched > 0 ? t('unnamedVouched', { n: num(unnamed), v: num(x.vouched) }) : t('unnamedValue', { n: num(unnamed) });
        // By region, in §14.9's order, then "not stated".
        const REGIONS = [['africa', 'regionAfrica'], ['americas', 'regionAmericas'], ['asia', 'regionAsia'], ['europe', 'regionEurope'], ['oceania', 'regionOceania'], ['not-stated', 'regionNotStated']];
        const list = REGIONS.filter(([r]) => x.unnamed_by_region[r] !== undefined).map(([r, key]) => `${t(key)} ${num(x.unnamed_by_region[r])}`);
        const regions = t('unnamedByRegion', { list: list.join(t('listSeparator')) });
        out.push(...fact(t('factUnnamed'), `${count}. ${regions} ${t(x.vouched > 0 ? 'unnamedWord' : 'unnamedWordOnly')}`));
      }
      return out;
    }

    const METHOD_WORD = { 'in-person': 'methodInPerson', call: 'methodCall', 'email-thread': 'methodEmailThread' };

    /** An entry's tier in one line (§14.7), as index.html writes it. */
    function tierText(tier) {
      const sites = tier.evidence.filter((e) => e.website).map((e) => e.website);
      const day = (ts) => humanDate(ts.slice(0, 10));
      if (tier.tier === 'website') {
        const w = sites.find((s) => s.finding === 'listed');
        return w ? t('tierWebsite', { host: `\u2068${w.host}\u2069`, date: day(w.fetched_at) }) : t('tierSelfDeclared');
      }
      if (tier.tier === 'attested') {
        const checks = tier.evidence.filter((e) => !e.website).map((e) => `${t(METHOD_WORD[e.method] || 'methodOther')} (${day(e.checked_on)})`);
        return t('tierAttested', { checks: checks.join(t('listSeparator')) });
      }
      const failed = sites.map((s) => t('tierSiteDidNotList', { host: `\u2068${s.host}\u2069`, date: day(s.fetched_at) }));
      return failed.length ? `${t('tierSelfDeclared')} (${failed.join(t('listSeparator'))})` : t('tierSelfDeclared');
    }

    function renderCounts(r) {
      $('counts-card').hidden = false;
      const countries = Object.entries(r.by_country).sort((a, b) => b[1] - a[1] || countryName(a[0]).localeCompare(countryName(b[0])));
      clear($('stats')).append(
        el('div', { class: 'stat' }, el('strong', null, num(r.signatories)), el('span', null, t('statSignatories'))),
        el('div', { class: 'stat' }, el('strong', null, num(r.by_kind.organization || 0)), el('span', null, t('statOrganizations'))),
        el('div', { class: 'stat' }, el('strong', null, num(r.by_kind.individual || 0)), el('span', null, t('statIndividuals'))),
        el('div', { class: 'stat' }, el('strong', null, num(countries.length)), el('span', null, t('statCountries'))),
        el('div', { class: 'stat' }, el('strong', null, num(r.withdrawn)), el('span', null, t('statWithdrawn')))
      );
      clear($('by-country')).append(
        ...countries.map(([code, n]) =>
          el('li', null, el('span', { class: 'country' }, countryName(code), ' ', el('span', { class: 'code', dir: 'ltr' }, code)), el('span', { class: 'n' }, num(n)))
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
      list.append(...shown.map((f) => el('li', null, el('span', { class: 'badge bad', dir: 'ltr' }, f.code), f.at ? el('span', { class: 'at', lang: 'en', dir: 'ltr' }, f.at) : null, el('span', { class: 'msg' }, codeText(f.code)), ' ', el('span', { class: 'detail', lang: 'en', dir: 'auto' }, f.message))));
      if (failures.length > shown.length) list.append(el('li', { class: 'more' }, t('andMore', { n: failures.length - shown.length })));
    }

    function renderPrevious(r) {
      const card = $('previous-card');
      card.hidden = !r.previous;
      if (!r.previous) return;
      const p = r.previous;
      clear($('previous-summary')).append(
        el('p', { class: p.consistent ? 'ok' : 'bad' },
          t(p.consistent ? 'consistent' : 'notConsistent', { release: r.release.number, previous: p.number, date: humanDate(p.issued_at) })),
        el('ul', { class: 'inline' },
          el('li', null, ...tn('prevKept', { n: el('strong', null, num(p.kept)) })),
          el('li', null, ...tn('prevWithdrawn', { n: el('strong', null, num(p.withdrawn_since)) })),
          el('li', null, ...tn('prevAdded', { n: el('strong', null, num(p.added)) })))
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
      const status = el('span', { class: `badge ${e.status}` }, STATUS_LABEL[e.status] ? t(STATUS_LABEL[e.status]) : e.status);
      const who = el('td', { class: 'who' });
      if (e.kind === 'withdrawal') {
        add(who, el('span', { class: 'muted' }, e.withdraws === undefined ? t('withdrawalUnknown') : t('withdrawalOf', { n: e.withdraws + 1 })), e.name ? ': ' : '', e.name ? el('bdi', null, e.name) : null);
      } else {
        add(who, el('bdi', { class: 'name' }, e.name));
        const extra = [e.title, e.affiliation].filter(Boolean).join(', ');
        if (extra) add(who, el('div', { class: 'sub' }, el('bdi', null, extra)));
        if (e.website) add(who, el('div', { class: 'sub url' }, e.website));
        if (e.tier) add(who, el('div', { class: `sub tier tier-${e.tier.tier}` }, tierText(e.tier)));
      }
      if (e.errors.length) {
        add(who, el('ul', { class: 'entry-errors' }, ...e.errors.map((f) => el('li', null, el('code', { dir: 'ltr' }, f.code), ' ', codeText(f.code), ' ', el('span', { class: 'detail', lang: 'en', dir: 'auto' }, f.message)))));
      }
      return el('tr', { data: { status: e.status } },
        el('td', { class: 'idx' }, num(e.index + 1)),
        el('td', null, status),
        who,
        el('td', null, e.kind === 'endorsement' && KIND_LABEL[e.signer_kind] ? t(KIND_LABEL[e.signer_kind]) : ''),
        el('td', null, e.country ? el('span', { title: countryName(e.country) }, countryName(e.country)) : ''),
        el('td', { class: 'date' }, el('span', { dir: 'ltr' }, shortDate(e.signed_at)), state.versions > 1 && e.version ? el('div', { class: 'sub' }, t('signedVersion', { n: e.version })) : null),
        el('td', null, el('code', { class: 'fp', dir: 'ltr' }, e.fingerprint))
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
        ? t('countEntries', { n: r.entries.length })
        : t('entriesShown', { shown: list.length, n: r.entries.length });
      const more = $('more');
      more.hidden = list.length <= rows.length;
      more.textContent = t('showMore', { n: Math.min(ROWS_PER_PAGE, list.length - rows.length) });
    }

    function renderTexts() {
      const v = state.parsed && state.parsed.statement_versions[state.parsed.statement_versions.length - 1];
      $('text-card').hidden = !v;
      if (!v) return;
      const RTL = /^(ar|arc|ckb|dv|fa|he|ks|ku-Arab|ps|sd|ug|ur|yi)(-|$)/;
      clear($('texts')).append(
        el('p', { class: 'muted' }, ...tn('versionSource', { n: v.signed.version, digest: el('code', { class: 'hash', dir: 'ltr' }, v.signed.digest) })),
        ...v.signed.texts.map((t) =>
          el('article', { lang: t.language, dir: RTL.test(t.language) ? 'rtl' : 'auto', class: 'text' },
            el('h3', null, t.title, ' ', el('span', { class: 'lang' }, t.language)),
            el('div', { class: 'body' }, t.body))
        )
      );
    }

    function showFiles() {
      $('current-bundle').textContent = state.bundle ? fileName(state.bundle) : t('none');
      $('current-previous').textContent = state.previous ? fileName(state.previous) : t('none');
      $('clear-previous').hidden = !state.previous;
    }

    /**
     * A bundle without its entries, for what the page reads of it beside the report; or all of it
     * where it does not split. Split once a file: the check reads the same split.
     */
    function headOf(file) {
      if (file.split === undefined) file.split = api.splitBundle(file.bytes);
      return file.split ? file.split.head : file.bytes;
    }

    /** Parses the current bundle's head once more for the parts of the page the report does not carry. */
    function parseForDisplay() {
      state.parsed = null;
      try {
        const text = new TextDecoder('utf-8', { fatal: true }).decode(headOf(state.bundle));
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
    function claimedNumber(file) {
      try {
        const v = api.parseJson(new TextDecoder().decode(headOf(file)), false);
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
        read.sort((a, b) => claimedNumber(b) - claimedNumber(a));
        state.bundle = read[0];
        state.previous = read[1];
      } else if (target === 'previous') {
        state.previous = read[0];
      } else {
        state.bundle = read[0];
        state.previous = null;
      }
      parseForDisplay();
      applyLanguage();
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

    window.addEventListener('hashchange', () => switchLanguage(askedLanguage()));
    state.lang = askedLanguage() || PAGE.first;
    applyLanguage();
    setVerdict('running', t('verifying'), t('checking', { file: t('embeddedBundle') }));
    $('progress').removeAttribute('value'); // under way, for as long as the page is being read
    $('progress').hidden = false;
    readEmbedded(({ bundle, previous }) => {
      // A file chosen while the page was being read is the one to check.
      if (state.bundle) {
        if (bundle && bundle.early) bundle.early.team.close();
        return;
      }
      state.bundle = bundle;
      state.previous = previous;
      if (state.bundle) parseForDisplay();
      applyLanguage();
      run();
    });
  }
})();
