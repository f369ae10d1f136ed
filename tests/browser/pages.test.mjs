// The publication pages in a real browser: headless Chromium opens verify.html carrying each
// bundle vector of docs/vectors (with and without its previous release), tampered copies of a
// published bundle, and a published bundle whose names are hostile HTML; its verdict, codes,
// counts and per-entry results must equal those of `undersigned verify --json --entries`.
// index.html and verify.html, as Chromium parses them, must hold no element from a bundle.
//
// Needs the CLI built (UNDERSIGNED_BIN, else $CARGO_TARGET_DIR or target/debug/undersigned) and
// Debian's Chromium (CHROMIUM_PATH, else /usr/bin/chromium), driven by playwright-core.
// Run by `make test-browser` (node --test).

import { test, before, after } from 'node:test';
import { chromium as playwright } from 'playwright-core';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { witnessedStory } from '../witnessed-story.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const vectors = join(root, 'docs', 'vectors');
const bin = process.env.UNDERSIGNED_BIN || resolve(root, process.env.CARGO_TARGET_DIR || 'target', 'debug', 'undersigned');
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const PASSPHRASE = 'browser test passphrase';
// Release 1 of `undersigned demo`, as the demo names it.
const DEMO_BUNDLE = 'signatories-release-1.undersigned-bundle';

let work;

function cli(args, { allow = [0] } = {}) {
  const r = spawnSync(bin, args, {
    cwd: work,
    env: { ...process.env, UNDERSIGNED_PASSPHRASE: PASSPHRASE, UNDERSIGNED_DB: join(work, 'stray.db'), HOME: join(work, 'home'), XDG_DATA_HOME: join(work, 'xdg') },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (!allow.includes(r.status)) throw new Error(`undersigned ${args.join(' ')} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** What the CLI says about a bundle, reduced to what both verifiers must agree on. */
function cliVerdict(file, previous) {
  const args = ['verify', file, '--json', '--entries'];
  if (previous) args.push('--previous', previous);
  const r = cli(args, { allow: [0, 1, 2] });
  const report = JSON.parse(r.stdout);
  const codes = [...new Set(report.errors.map((e) => e.code))].sort();
  const readable = r.status !== 2;
  return {
    valid: report.valid,
    codes,
    report: readable ? summary(report, (e) => [...new Set(e.errors.map((f) => f.code))].sort()) : null,
  };
}

function summary(r, entryCodes) {
  return {
    signatories: r.signatories,
    withdrawn: r.withdrawn,
    by_country: sortKeys(r.by_country),
    by_kind: sortKeys(r.by_kind),
    previous: r.previous,
    statement: r.statement,
    release: r.release,
    // Format 1.1: each entry's tier with the evidence behind it, its vouchers (FORMAT.md §14.7, §14.9).
    entries: r.entries.map((e) => ({ index: e.index, kind: e.kind, status: e.status, codes: entryCodes(e), tier: e.tier ?? null, vouchers: e.vouchers ?? null })),
    tiers: r.format_1_1 ? { by_tier: sortKeys(r.format_1_1.by_tier), vouched: r.format_1_1.vouched } : null,
  };
}

const sortKeys = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

let browser;

/**
 * Opens a page in headless Chromium and returns the DOM, serialized, once its scripts are done
 * (verify.html sets body[data-state=done]; index.html has no script). Any request other than
 * the file itself, and any script error, fails the test.
 */
async function dumpDom(file, { withoutWebCrypto = false, workerFails = false } = {}) {
  const page = await browser.newPage();
  if (withoutWebCrypto) {
    // A browser with no WebCrypto: the page must fall back to its own checks alone.
    await page.addInitScript(() => Object.defineProperty(globalThis.crypto, 'subtle', { value: undefined }));
  }
  if (workerFails) {
    // The page's first worker dies once it has two batches, as a worker that runs out of memory
    // would: the page must check those itself, and the rest on the others or itself.
    await page.addInitScript(() => {
      const Native = globalThis.Worker;
      let made = 0;
      globalThis.Worker = class extends Native {
        constructor(...args) {
          super(...args);
          if (made++ > 0) return;
          let posted = 0;
          const post = this.postMessage.bind(this);
          this.postMessage = (...message) => {
            post(...message);
            if (++posted === 2) {
              this.terminate();
              setTimeout(() => this.dispatchEvent(new ErrorEvent('error', { message: 'a worker failing (test)' })), 0);
            }
          };
        }
      };
    });
  }
  const problems = [];
  page.on('request', (req) => {
    // The page itself, and its own workers (blob: URLs it makes from its own script).
    if (req.url() !== pathToFileURL(file).href && !req.url().startsWith('blob:null/')) problems.push(`request ${req.url()}`);
  });
  page.on('pageerror', (e) => problems.push(`script error ${e}`));
  page.on('dialog', (d) => {
    problems.push(`dialog ${d.message()}`);
    d.dismiss();
  });
  try {
    await page.goto(pathToFileURL(file).href);
    if (await page.locator('#verdict').count()) {
      await page.waitForFunction(() => document.body.dataset.state === 'done', null, { timeout: 60000 });
    }
    const dom = await page.content();
    // What a bundle must never be able to add: elements, event handlers, scripts, a new title.
    const facts = await page.evaluate(() => ({
      webCrypto: !!(globalThis.crypto && globalThis.crypto.subtle),
      elements: document.querySelectorAll('img, svg, iframe, object, embed, b, em, form, link, base').length,
      handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
      scripts: document.scripts.length,
      title: document.title,
    }));
    assert.deepEqual(problems, [], `${file}: no request, script error or dialog`);
    return { dom, facts };
  } finally {
    await page.close();
  }
}

/** The verdict the page shows: data-valid of #verdict, and the result it publishes. */
function pageVerdict(dom) {
  const verdict = /<section id="verdict"[^>]*>/.exec(dom);
  assert.ok(verdict, 'the page has a #verdict element');
  const valid = /data-valid="(true|false)"/.exec(verdict[0]);
  assert.ok(valid, `the verdict is set: ${verdict[0]}`);
  const m = /<script type="application\/json" id="verification-result">([^<]*)<\/script>/.exec(dom);
  assert.ok(m, 'the page publishes its result');
  const result = JSON.parse(m[1]);
  assert.equal(String(result.valid), valid[1], 'data-valid agrees with the result');
  // How many of the page's workers checked the entries, and how many entries it began to check
  // while it was still being read: the page's own facts, not the CLI's.
  const { workers, begun_while_reading: begunWhileReading, ...report } = result.report || {};
  return {
    valid: result.valid,
    codes: result.codes,
    report: result.report && {
      ...report,
      by_country: sortKeys(report.by_country),
      by_kind: sortKeys(report.by_kind),
      tiers: report.tiers && { ...report.tiers, by_tier: sortKeys(report.tiers.by_tier) },
    },
    workers,
    begunWhileReading,
  };
}

let template;

/** verify.html carrying these bytes: as JSON text in comments when they are UTF-8 text, else base64. */
function pageFor(name, bytes, previousBytes, { base64 = false, parts = 1 } = {}) {
  // In `parts` comments, cut between characters, as the publication cuts a large bundle
  // (crates/store/src/publish/html.rs, CommentJson).
  const cut = (text) => {
    const chars = Array.from(text);
    const size = Math.ceil(chars.length / parts);
    const pieces = [];
    for (let k = 0; k < chars.length; k += size) pieces.push(chars.slice(k, k + size).join(''));
    return pieces.join('--><!--');
  };
  const block = (id, b) => {
    const text = Buffer.from(b).toString('utf8');
    const asText = !base64 && Buffer.from(text, 'utf8').equals(Buffer.from(b)) && !text.startsWith('\ufeff') && !text.includes('\r');
    return asText
      ? `<div id="${id}" hidden><!--${cut(text.replace(/</g, '\\u003c').replace(/>/g, '\\u003e'))}--></div>`
      : `<script type="application/json" id="${id}" data-encoding="base64">${Buffer.from(b).toString('base64')}</script>`;
  };
  const start = template.indexOf('<div id="bundle" hidden><!--');
  const end = template.indexOf('--></div>', start) + '--></div>'.length;
  assert.ok(start > 0 && end > start, 'the template has a bundle block');
  let html = template.slice(0, start) + block('bundle', bytes) + (previousBytes ? '\n' + block('previous', previousBytes) : '') + template.slice(end);
  const file = join(work, 'pages', `${name}.html`);
  writeFileSync(file, html);
  return file;
}

async function agree(label, file, previous, page, options = {}) {
  const expected = cliVerdict(file, previous);
  const { dom, facts } = await dumpDom(page, options);
  if (options.withoutWebCrypto) assert.equal(facts.webCrypto, false, `${label}: WebCrypto was hidden`);
  const got = pageVerdict(dom);
  assert.equal(got.valid, expected.valid, `${label}: verdict`);
  assert.deepEqual(got.codes, expected.codes, `${label}: codes`);
  assert.deepEqual(got.report, expected.report, `${label}: counts and entries`);
  return got;
}

before(async () => {
  assert.ok(existsSync(bin), `${bin} is missing: cargo build first`);
  browser = await playwright.launch({ executablePath, args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  work = mkdtempSync(join(tmpdir(), 'undersigned-browser-'));
  mkdirSync(join(work, 'pages'));
  cli(['--db', 'demo.db', 'demo', '--signatories', '12', '--out', 'demo']);
  cli(['publish', join('demo', DEMO_BUNDLE), '--out', 'site']);
  template = readFileSync(join(work, 'site', 'verify.html'), 'utf8');
});

after(async () => {
  if (browser) await browser.close();
  if (work && !process.env.KEEP_BROWSER_TEST) rmSync(work, { recursive: true, force: true });
});

test('the published verify.html verifies its own bundle', async () => {
  // The demo's release is of format 1.1, with all three tiers (its whole report, tiers
  // included, is the CLI's: `agree`).
  const got = await agree('site/verify.html', join(work, 'demo', DEMO_BUNDLE), null, join(work, 'site', 'verify.html'));
  assert.equal(got.valid, true);
  assert.equal(got.report.signatories, 12);
  const tiers = got.report.tiers?.by_tier ?? {};
  for (const tier of ['website', 'attested', 'self-declared']) assert.ok(tiers[tier] > 0, `the demo has the ${tier} tier: ${JSON.stringify(tiers)}`);
});

// Issue 21: the workers get their batches ahead of their results (up to eight each in flight); a bundle
// of many batches verifies on them as the CLI says, and so it does when a worker fails midway.
test('a bundle of many batches, on the workers and with one failing, as the CLI says', async () => {
  // Format 1: its entries are checked by the page's Web Workers (issue 21), which its policy
  // lets it start (a bundle of 1.1's too: next test).
  cli(['--db', 'big.db', 'demo', '--signatories', '2600', '--format', '1', '--out', 'big']);
  cli(['publish', join('big', DEMO_BUNDLE), '--out', 'big-site']);
  const page = join(work, 'big-site', 'verify.html');
  const bundle = join(work, 'big', DEMO_BUNDLE);
  const got = await agree('2,600 entries', bundle, null, page);
  assert.equal(got.valid, true);
  assert.equal(got.report.signatories, 2600);
  assert.ok(got.workers >= 1, `the page's workers checked the entries (${got.workers})`);
  // The script comes before the bundle: each of its five whole batches was begun as it arrived,
  // and the check took their results (the sixth, of 40 entries, waits for the end of the page).
  assert.equal(got.begunWhileReading, 2560, 'the batches begun while the page was read');
  const failing = await agree('2,600 entries, a worker failing', bundle, null, page, { workerFails: true });
  assert.equal(failing.valid, true);
  assert.equal(failing.report.signatories, 2600);
  assert.ok(failing.begunWhileReading < 2560, `a failing worker's batches are checked again (${failing.begunWhileReading} taken)`);
  await firstEntryChanged('big-tampered-early', bundle, '2,600 entries in 13 parts, the first changed', 2560);
  // And a bundle changed after publication: the same failures wherever its batches were checked.
  const text = readFileSync(bundle, 'utf8');
  const at = text.lastIndexOf('"signed_at": "') + '"signed_at": "'.length;
  assert.ok(at > '"signed_at": "'.length, 'the bundle has a signed_at');
  const tampered = join(work, 'big-tampered.json');
  writeFileSync(tampered, text.slice(0, at) + '1999' + text.slice(at + 4));
  const tamperedPage = pageFor('big-tampered', readFileSync(tampered), null);
  const bad = await agree('2,600 entries, one changed, a worker failing', tampered, null, tamperedPage, { workerFails: true });
  assert.equal(bad.valid, false);
});

/**
 * The bundle at `file` with its first entry's date changed, embedded in 13 parts (entries cut
 * between them): its failure found by the check begun as the page was read, as the CLI finds it,
 * with `begun` entries' results taken from that check.
 */
async function firstEntryChanged(name, file, label, begun) {
  const text = readFileSync(file, 'utf8');
  const first = text.indexOf('"signed_at": "', text.indexOf('"entries"')) + '"signed_at": "'.length;
  const changed = join(work, `${name}.json`);
  writeFileSync(changed, text.slice(0, first) + '1999' + text.slice(first + 4));
  const got = await agree(label, changed, null, pageFor(name, readFileSync(changed), null, { parts: 13 }));
  assert.equal(got.valid, false, `${label}: invalid`);
  assert.equal(got.begunWhileReading, begun, `${label}: the batches begun while the page was read`);
  assert.equal(got.report.entries[0].status, 'invalid', `${label}: its first entry`);
}

// Issue 21: a bundle of format 1.1 is checked as format 1's is: its entries, of five kinds, on the
// page's workers, batch by batch, each whole batch as soon as it has arrived, as the CLI decides
// them: with a worker failing midway, with an entry's signature changed, and with an entry of
// the first batch changed.
test('a bundle of format 1.1 of many batches: its entries on the workers as they arrive, as the CLI says', async () => {
  cli(['--db', 'big11.db', 'demo', '--signatories', '1300', '--out', 'big11']);
  cli(['publish', join('big11', DEMO_BUNDLE), '--out', 'big11-site']);
  const page = join(work, 'big11-site', 'verify.html');
  const bundle = join(work, 'big11', DEMO_BUNDLE);
  const got = await agree('1,300 entries of 1.1', bundle, null, page);
  assert.equal(got.valid, true);
  assert.equal(got.report.signatories, 1300);
  assert.ok(got.report.tiers, 'a bundle of format 1.1');
  assert.ok(got.workers >= 1, `the page's workers checked the entries (${got.workers})`);
  // Its two whole batches were begun as they arrived (the third, of 276 entries, waits for the end).
  assert.equal(got.begunWhileReading, 1024, 'the batches begun while the page was read');
  const failing = await agree('1,300 entries of 1.1, a worker failing', bundle, null, page, { workerFails: true });
  assert.equal(failing.valid, true);
  assert.ok(failing.begunWhileReading < 1024, `a failing worker's batches are checked again (${failing.begunWhileReading} taken)`);
  // The signature of an entry in the last batch, changed in one hex digit.
  const text = readFileSync(bundle, 'utf8');
  const entriesAt = text.indexOf('"entries"');
  let at = -1;
  for (let k = 0, from = entriesAt; k < 1200; k++) from = at = text.indexOf('"signature": "', from + 1);
  assert.ok(at > entriesAt, 'the bundle has 1,200 signatures among its entries');
  at += '"signature": "'.length;
  const tampered = join(work, 'big11-tampered.json');
  writeFileSync(tampered, text.slice(0, at) + (text[at] === '0' ? '1' : '0') + text.slice(at + 1));
  const tamperedPage = pageFor('big11-tampered', readFileSync(tampered), null);
  const bad = await agree('1,300 entries of 1.1, a signature changed', tampered, null, tamperedPage);
  assert.equal(bad.valid, false);
  // Its id changes with its signature: the log's root no longer matches either.
  assert.deepEqual(bad.codes, ['log-mismatch', 'signature-invalid']);
  const badFailing = await agree('1,300 entries of 1.1, a signature changed, a worker failing', tampered, null, tamperedPage, { workerFails: true });
  assert.deepEqual(badFailing.codes, ['log-mismatch', 'signature-invalid']);
  await firstEntryChanged('big11-tampered-early', bundle, '1,300 entries of 1.1 in 13 parts, the first changed', 1024);
});

// Issue 21: a bundle too large for one string comes in parts, which the page joins as bytes.
test('a bundle and its previous release embedded in parts verify as the CLI says', async () => {
  const bundle = readFileSync(join(vectors, 'bundle-release-2.json'));
  const previous = readFileSync(join(vectors, 'bundle-release-1.json'));
  const page = pageFor('in-parts', bundle, previous, { parts: 7 });
  const html = readFileSync(page, 'utf8');
  const bundleBlock = html.slice(html.indexOf('<div id="bundle"'), html.indexOf('</div>', html.indexOf('<div id="bundle"')));
  assert.equal(bundleBlock.split('<!--').length - 1, 7, 'the page has the bundle in 7 parts');
  const got = await agree('in parts', join(vectors, 'bundle-release-2.json'), join(vectors, 'bundle-release-1.json'), page);
  assert.equal(got.valid, true);
  assert.ok(got.report.previous, 'the previous release in parts was read');
  // The demo's names are in many scripts: parts cut between characters of every width.
  const demo = readFileSync(join(work, 'demo', DEMO_BUNDLE));
  const got2 = await agree('the demo in parts', join(work, 'demo', DEMO_BUNDLE), null, pageFor('demo-in-parts', demo, null, { parts: 13 }));
  assert.equal(got2.report.signatories, 12);
});

test('every bundle vector, with and without its previous release, as the CLI says', async () => {
  const index = JSON.parse(readFileSync(join(vectors, 'index.json'), 'utf8'));
  const cases = new Map();
  for (const v of index.filter((x) => x.kind === 'bundle')) {
    cases.set(`${v.file}|`, [v.file, null]);
    if (v.previous) cases.set(`${v.file}|${v.previous}`, [v.file, v.previous]);
  }
  assert.ok(cases.size >= 20, `only ${cases.size} bundle cases`);
  let n = 0;
  for (const [file, previous] of cases.values()) {
    const bytes = readFileSync(join(vectors, file));
    const prev = previous ? readFileSync(join(vectors, previous)) : null;
    // Vectors whose raw bytes matter go in as base64, so the page reads exactly those bytes.
    const page = pageFor(`vector-${n++}`, bytes, prev, { base64: true });
    const got = await agree(`${file}${previous ? ' against ' + previous : ''}`, join(vectors, file), previous && join(vectors, previous), page);
    const listed = index.find((v) => v.file === file && (v.previous || null) === previous);
    if (listed) assert.deepEqual(got.codes, listed.codes, `${file}: the codes of index.json`);
  }
});

// Format 1.1 (FORMAT.md §14.8, §14.9): the page says who co-signed the release against the
// quorum, and how many signatories are not named.
test('a bundle of format 1.1: its witnesses and its signatories not named, in words', async () => {
  const text = (dom) => dom.replace(/<[^>]*>/g, '').replace(/\u2068|\u2069/g, '');
  const valid = await dumpDom(pageFor('witnessed', readFileSync(join(vectors, 'bundle-1-1-release-3.json')), null));
  assert.match(text(valid.dom), /co-signed by 2 of 3, 2 needed: Press Freedom Watch, Centre for International Law/);
  assert.match(text(valid.dom), /Not named, for their safety1, each vouched for by the coalition/);
  const short = await dumpDom(pageFor('quorum-short', readFileSync(join(vectors, 'bundle-1-1-quorum-not-met.json')), null));
  assert.match(text(short.dom), /co-signed by 1 of 3, 2 needed: Press Freedom Watch/);
  assert.match(text(short.dom), /quorum-not-met/);
});

// Issue 17: a release of format 1.1 published by `publish` (with its previous release, of
// format 1): verify.html gives the CLI's verdict, and both pages say who co-signed it and how
// many signatories are not named; they pass axe-core.
test('a publication of format 1.1: who co-signed, in both pages, as the CLI says', async () => {
  const [bundle, previous] = [join(vectors, 'bundle-1-1-release-3.json'), join(vectors, 'bundle-release-2.json')];
  cli(['publish', bundle, '--previous', previous, '--out', 'site-1-1']);
  const site = join(work, 'site-1-1');
  const got = await agree('site-1-1/verify.html', bundle, previous, join(site, 'verify.html'));
  assert.equal(got.valid, true);
  const text = (dom) => dom.replace(/<[^>]*>/g, '').replace(/\u2068|\u2069/g, '');
  const axeSource = readFileSync(join(root, 'tests', 'browser', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  mkdirSync(SHOTS, { recursive: true });
  const page = await browser.newPage();
  try {
    for (const name of ['index.html', 'verify.html']) {
      await page.goto(pathToFileURL(join(site, name)).href);
      if (name === 'verify.html') await page.waitForFunction(() => document.body.dataset.state === 'done', null, { timeout: 60000 });
      const dom = await page.content();
      assert.match(text(dom), /co-signed by 2 of 3, 2 needed: Press Freedom Watch, Centre for International Law/, name);
      assert.match(text(dom), /Not named, for their safety:? ?1, each vouched for by the coalition; 1 also by named signatories whose key is on their own website\. By region: Africa 1\. Beyond those vouches, the count rests on the coalition’s word\./, name);
      // Who is behind each key (§14.7): the counts, the sentence, and the line beside a name.
      assert.match(text(dom), /Who is behind each key:? ?1 on their own website, 1 checked by the coalition, 4 self-declared/, name);
      assert.match(text(dom), /“Self-declared”: only the signatory’s own word/, name);
      assert.match(text(dom), /website greenrivers\.example, reported by the coalition on 10 December 2026/, name);
      assert.match(text(dom), /checked by the coalition: call \(11 December 2026\)/, name);
      await page.screenshot({ path: join(SHOTS, `publication-1-1-${name.replace('.html', '')}.png`), fullPage: name === 'index.html' });
      // Issue 18: the count of the signatories not named, as the published page shows it.
      if (name === 'index.html') await page.locator('.summary.unnamed').screenshot({ path: join(SHOTS, 'publication-1-1-unnamed.png') });
      await page.evaluate(axeSource);
      const violations = await page.evaluate(async () => {
        const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] });
        return r.violations.map((v) => `${v.id}: ${v.help}`);
      });
      assert.deepEqual(violations, [], name);
    }
  } finally {
    await page.close();
  }
});

// Issue 17, end to end (tests/witnessed-story.mjs): three witnesses, one refusing a rewritten
// release 2 with a proof that verifies; the rewritten release, co-signed by 2 of 3, verifies
// against release 1, and its published verify.html says so as the CLI does.
test('three witnesses, one refusing a rewritten release: the CLI and verify.html agree', async () => {
  const { r1, r2, proof, refused } = witnessedStory(bin, join(work, 'witnessed'));
  assert.match(refused, /Refused \(422\): the lead signed two different lists/);
  assert.match(cli(['check', proof]).stdout, /equivocation-proof VALID/);
  const verified = cli(['verify', r2, '--previous', r1]).stdout;
  assert.match(verified, /Co-signed by 2 of 3 witnesses \(quorum 2\): Press Freedom Watch, Centre for International Law/);
  const site = join(work, 'witnessed', 'site');
  cli(['publish', r2, '--previous', r1, '--out', site]);
  const got = await agree('witnessed/site/verify.html', r2, r1, join(site, 'verify.html'));
  assert.equal(got.valid, true);
  const { dom } = await dumpDom(join(site, 'verify.html'));
  assert.match(dom.replace(/<[^>]*>/g, '').replace(/\u2068|\u2069/g, ''), /co-signed by 2 of 3, 2 needed: Press Freedom Watch, Centre for International Law/);
});

test('tampered copies of a published bundle, as the CLI says', async () => {
  const good = JSON.parse(readFileSync(join(work, 'demo', DEMO_BUNDLE), 'utf8'));
  const variants = {
    'name changed': (b) => { b.entries[3].endorsement.signed.signer.name = 'Somebody Else'; },
    'signature altered': (b) => { const s = b.entries[5].endorsement.signature; b.entries[5].endorsement.signature = (s[0] === '0' ? '1' : '0') + s.slice(1); },
    'entry dropped': (b) => { b.entries.splice(2, 1); },
    'entries swapped': (b) => { [b.entries[0], b.entries[1]] = [b.entries[1], b.entries[0]]; },
    'counts inflated': (b) => { b.release.signed.counts.signatories += 1; },
    'statement text edited': (b) => {
      const t = b.statement_versions[0].signed.texts.find((x) => x.language === 'en');
      assert.ok(t.body.includes('guarantee'), 'the English text says "guarantee"');
      t.body = t.body.replace('guarantee', 'consider');
    },
    'country changed': (b) => { b.entries[0].endorsement.signed.signer.country = 'UK'; },
    'name with markup': (b) => { b.entries[1].endorsement.signed.signer.name = '</script><img src=x onerror=alert(1)>'; },
    'unknown member': (b) => { b.entries[0].endorsement.signed.signer.comment = 'hi'; },
    'format 2': (b) => { b.format = 'undersigned/2'; },
    // Never a log of no entries (the CLI once read it so).
    'entries not a list': (b) => { b.entries = 5; },
    'entries an object': (b) => { b.entries = { a: b.entries[0] }; },
  };
  let n = 0;
  for (const [label, change] of Object.entries(variants)) {
    const b = structuredClone(good);
    change(b);
    const file = join(work, `tampered-${n}.json`);
    const bytes = Buffer.from(JSON.stringify(b, null, 2));
    writeFileSync(file, bytes);
    const page = pageFor(`tampered-${n++}`, bytes, null);
    const got = await agree(label, file, null, page);
    assert.equal(got.valid, false, `${label} must not verify`);
  }
  // A duplicate member in the raw text: JSON.parse would keep the last one; the page must not.
  const raw = readFileSync(join(work, 'demo', DEMO_BUNDLE), 'utf8').replace('"name": ', '"name": "Forged", "name": ');
  const file = join(work, 'duplicate-member.json');
  writeFileSync(file, raw);
  const got = await agree('duplicate member', file, null, pageFor('duplicate-member', Buffer.from(raw), null));
  assert.deepEqual(got.codes, ['malformed']);
});

test('hostile names stay text in the published pages', async () => {
  for (const who of ['lead', 'm1', 'm2']) cli(['key', 'new', '--out', `${who}.key`]);
  writeFileSync(join(work, 'text.md'), 'We <script>document.title="pwned"</script> call on the states.\n\n[x](javascript:alert(1))\n');
  const out = cli(['--db', 'lead.db', 'statement', 'new', '--title', '</title><img src=x onerror=alert(1)>', '--text', 'text.md', '--key', 'lead.key']);
  const id = out.stdout.trim().split('\n').pop().trim();
  cli(['--db', 'lead.db', 'statement', 'open', id, '--key', 'lead.key']);
  cli(['--db', 'lead.db', 'statement', 'invite', id, '--out', 'invitation.json']);
  cli(['--db', 'm1.db', 'sign', 'invitation.json', '--key', 'm1.key', '--out', 'm1.json', '--name', '<img src=x onerror=alert(1)>', '--country', 'KE', '--website', 'https://x.example/"onmouseover="alert(1)']);
  cli(['--db', 'm2.db', 'sign', 'invitation.json', '--key', 'm2.key', '--out', 'm2.json', '--name', '</script><script>document.title="pwned"</script>', '--country', 'FR', '--kind', 'individual', '--title', '"><svg onload=alert(1)>', '--affiliation', '<b>bold</b>']);
  cli(['--db', 'lead.db', 'import', 'm1.json', 'm2.json']);
  cli(['--db', 'lead.db', 'release', id, '--key', 'lead.key', '--out', 'hostile.json']);
  cli(['publish', 'hostile.json', '--out', 'hostile-site']);

  const verify = join(work, 'hostile-site', 'verify.html');
  const got = await agree('hostile names', join(work, 'hostile.json'), null, verify);
  assert.equal(got.valid, true);
  for (const page of [verify, join(work, 'hostile-site', 'index.html')]) {
    const { dom, facts } = await dumpDom(page);
    assert.equal(facts.elements, 0, `${page}: no element from the bundle`);
    assert.equal(facts.handlers, 0, `${page}: no event handler attribute`);
    assert.ok(!facts.title.includes('pwned'), `${page}: no script from the bundle ran`);
    assert.ok(dom.includes('&lt;img src=x onerror=alert(1)&gt;'), `${page} shows the hostile name as text`);
    // verify.html: its words, the verifier and the result it publishes (the bundle is in
    // comments, let go once read); index.html: none.
    assert.equal(facts.scripts, page === verify ? 3 : 0, `${page}: only the page's own script elements`);
  }
});

// FORMAT.md §5: each paragraph of a statement's body is shown in the direction of its own first
// strong letter, so that a paragraph in Arabic inside an English text (or the reverse) reads in
// its own direction and leaks into no other.
test('each paragraph of a statement text takes its own direction, in index.html and verify.html', async () => {
  const page = await browser.newPage();
  try {
    for (const [file, selector] of [
      ['index.html', '.text p'],
      ['verify.html', '.text .body'],
    ]) {
      await page.goto(pathToFileURL(join(work, 'site', file)).href);
      if (file === 'verify.html') await page.waitForFunction(() => document.body.dataset.state === 'done', null, { timeout: 60000 });
      const styles = await page.evaluate((sel) => [...document.querySelectorAll(sel)].map((e) => getComputedStyle(e).unicodeBidi), selector);
      assert.ok(styles.length > 0, `${file}: ${selector} found`);
      assert.deepEqual([...new Set(styles)], ['plaintext'], `${file}: ${selector}`);
      // An Arabic paragraph among English ones is laid out right to left, the English ones left to right.
      const dirs = await page.evaluate((sel) => {
        const host = document.querySelector(sel);
        const probe = (text) => {
          const p = document.createElement(host.tagName === 'P' ? 'p' : 'div');
          p.className = host.className;
          p.textContent = text;
          host.parentElement.append(p);
          const r = document.createRange();
          r.selectNodeContents(p);
          const rects = [...r.getClientRects()];
          const left = Math.min(...rects.map((x) => x.left));
          const right = Math.max(...rects.map((x) => x.right));
          const box = p.getBoundingClientRect();
          p.remove();
          // The line hugs the edge it starts from.
          if (right > box.right - 2 && left > box.left + 2) return 'rtl';
          if (left < box.left + 2 && right < box.right - 2) return 'ltr';
          return 'unclear';
        };
        return [probe('نحن الموقعين أدناه (We, the undersigned)'), probe('We, the undersigned (نحن الموقعين)')];
      }, selector);
      assert.deepEqual(dirs, ['rtl', 'ltr'], `${file}: paragraphs by their first strong letter`);
    }
  } finally {
    await page.close();
  }
});

// Issue 21: where the browser has no WebCrypto, the page's own strict checks alone give the same
// verdicts (the fast path only ever confirms what they would say).
test('without WebCrypto, verify.html gives the CLI’s verdicts (the fallback alone)', async () => {
  const cases = [
    ['bundle-release-2.json', 'bundle-release-1.json'],
    ['bundle-tampered-name.json', null],
    ['bundle-small-order-signer.json', null],
    ['bundle-withdrawal-dated-before-endorsement.json', null],
  ];
  let n = 0;
  for (const [file, previous] of cases) {
    const page = pageFor(`no-webcrypto-${n++}`, readFileSync(join(vectors, file)), previous && readFileSync(join(vectors, previous)), { base64: true });
    await agree(`${file} without WebCrypto`, join(vectors, file), previous && join(vectors, previous), page, { withoutWebCrypto: true });
  }
  const got = await agree('the demo without WebCrypto', join(work, 'demo', DEMO_BUNDLE), null, join(work, 'site', 'verify.html'), { withoutWebCrypto: true });
  assert.equal(got.valid, true);
});

// Issue 21: a country's names are laid out only near the screen (a million names open in seconds),
// yet all of them are in the page, and printing lays out every one.
test('index.html lays out a country when it is near the screen, and every country in print', async () => {
  const page = await browser.newPage({ viewport: { width: 800, height: 300 } });
  try {
    await page.goto(pathToFileURL(join(work, 'site', 'index.html')).href);
    const countries = () => page.evaluate(() => [...document.querySelectorAll('.country')].map((c) => ({
      visibility: getComputedStyle(c).contentVisibility,
      names: c.querySelectorAll('li').length,
    })));
    const screen = await countries();
    assert.ok(screen.length >= 3, `${screen.length} countries`);
    assert.ok(screen.every((c) => c.visibility === 'auto' && c.names >= 1), JSON.stringify(screen));
    await page.emulateMedia({ media: 'print' });
    const print = await countries();
    assert.ok(print.every((c) => c.visibility === 'visible'), JSON.stringify(print));
  } finally {
    await page.close();
  }
});

// Issue 19: the published pages pass the WCAG 2.2 AA rules axe-core checks (index.html in each
// of the demo statement's four languages, verify.html of the demo publication, and verify.html
// showing a list that is not valid); each index page is photographed into SHOTS (the Arabic one
// right to left).
const SHOTS = resolve(root, process.env.CARGO_TARGET_DIR || 'target', 'browser-shots');
test('the published pages pass axe-core (WCAG 2.2 AA), in each language of the statement', async () => {
  const axeSource = readFileSync(join(root, 'tests', 'browser', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  const tampered = pageFor('axe-tampered', readFileSync(join(vectors, 'bundle-tampered-name.json')), null, { base64: true });
  const site = join(work, 'site');
  const languages = [['en', 'index.html'], ['fr', 'index.fr.html'], ['es', 'index.es.html'], ['ar', 'index.ar.html']];
  mkdirSync(SHOTS, { recursive: true });
  const page = await browser.newPage();
  try {
    const found = [];
    for (const [lang, name] of languages) {
      await page.goto(pathToFileURL(join(site, name)).href);
      const facts = await page.evaluate(() => ({ lang: document.documentElement.lang, dir: getComputedStyle(document.body).direction, heading: document.querySelector('#verify h2').textContent }));
      assert.deepEqual([facts.lang, facts.dir], [lang, lang === 'ar' ? 'rtl' : 'ltr'], name);
      if (lang !== 'en') assert.notEqual(facts.heading, 'Verify this list', `${name} speaks its language`);
      await page.screenshot({ path: join(SHOTS, `publication-${lang}.png`) });
    }
    const verifyPages = languages.map(([lang]) => `${pathToFileURL(join(site, 'verify.html')).href}#lang=${lang}`);
    for (const url of [...languages.map(([, name]) => pathToFileURL(join(site, name)).href), ...verifyPages, pathToFileURL(tampered).href]) {
      const file = url.replace(/#.*/, '') + (url.includes('#') ? ` (${url.split('#')[1]})` : '');
      await page.goto(url);
      if (url.includes('verify.html') || url.includes('axe-tampered')) {
        await page.waitForFunction(() => document.body.dataset.state === 'done', null, { timeout: 60000 });
      }
      // Through the DevTools protocol, which the pages' Content Security Policy does not govern.
      await page.evaluate(axeSource);
      const violations = await page.evaluate(async () => {
        const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] });
        return r.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' ' + (n.failureSummary || '').split('\n')[1]).join('; ')}`);
      });
      for (const v of violations) found.push(`${file.split('/').slice(-1)[0]}: ${v}`);
    }
    assert.deepEqual(found, []);
  } finally {
    await page.close();
  }
});

// Issue 19: verify.html speaks each language of the statement: the one index.<lang>.html links to
// (verify.html#lang=fr), every word of the page from that language's table (nothing left in
// English), Arabic right to left; its switch changes the language live, mid-page.
test('verify.html in each language of the statement, and its switch', async () => {
  const site = join(work, 'site');
  const page = await browser.newPage();
  try {
    for (const lang of ['fr', 'es', 'ar']) {
      await page.goto(pathToFileURL(join(site, `index.${lang}.html`)).href);
      const hrefs = await page.evaluate(() => Array.from(document.querySelectorAll('a[href^="verify.html"]'), (a) => a.getAttribute('href')));
      assert.ok(hrefs.length > 0 && hrefs.every((h) => h === `verify.html#lang=${lang}`), `index.${lang}.html links to its verify.html: ${hrefs}`);
    }
    const english = await (async () => {
      await page.goto(pathToFileURL(join(site, 'verify.html')).href);
      await page.waitForFunction(() => document.body.dataset.state === 'done', null, { timeout: 60000 });
      return page.evaluate(() => Object.fromEntries(Array.from(document.querySelectorAll('[data-w]'), (n) => [n.dataset.w, n.textContent])));
    })();
    assert.equal(english.tagline, 'Offline verification of a signatory list');
    for (const lang of ['en', 'fr', 'es', 'ar']) {
      await page.goto(`${pathToFileURL(join(site, 'verify.html')).href}#lang=${lang}`);
      await page.waitForFunction(() => document.body.dataset.state === 'done', null, { timeout: 60000 });
      const facts = await page.evaluate(() => {
        const words = JSON.parse(document.getElementById('words').textContent).words[document.documentElement.lang];
        return {
          lang: document.documentElement.lang,
          dir: getComputedStyle(document.body).direction,
          verdict: document.getElementById('verdict-title').textContent,
          verified: words.verified,
          wrong: Array.from(document.querySelectorAll('[data-w]')).filter((n) => n.textContent !== words[n.dataset.w]).map((n) => n.dataset.w),
          words: Object.fromEntries(Array.from(document.querySelectorAll('[data-w]'), (n) => [n.dataset.w, n.textContent])),
          kinds: Array.from(document.querySelectorAll('#entries-body td:nth-child(4)'), (td) => td.textContent),
          current: document.querySelector('#lang-list a[aria-current]').getAttribute('lang'),
          title: document.title,
        };
      });
      assert.deepEqual([facts.lang, facts.dir, facts.current], [lang, lang === 'ar' ? 'rtl' : 'ltr', lang]);
      assert.equal(facts.verdict, facts.verified, `${lang}: the verdict in the page's language`);
      assert.deepEqual(facts.wrong, [], `${lang}: every word from its table`);
      if (lang !== 'en') {
        const same = Object.keys(facts.words).filter((k) => facts.words[k] === english[k]);
        assert.deepEqual(same, [], `${lang}: no word left as in English`);
        assert.ok(!facts.kinds.includes('Organization') && facts.kinds.some((k) => k), `${lang}: kinds translated: ${facts.kinds}`);
        assert.ok(!facts.title.startsWith('Verify —'), facts.title);
      }
      await page.screenshot({ path: join(SHOTS, `verify-${lang}.png`), fullPage: false });
    }
    // The switch, live: from French to Arabic by a click, the result kept.
    await page.goto(`${pathToFileURL(join(site, 'verify.html')).href}#lang=fr`);
    await page.waitForFunction(() => document.body.dataset.state === 'done', null, { timeout: 60000 });
    await page.click('#lang-list a[lang="ar"]');
    await page.waitForFunction(() => document.documentElement.lang === 'ar');
    const after = await page.evaluate(() => ({
      dir: document.documentElement.dir,
      hash: location.hash,
      verdict: document.getElementById('verdict-title').textContent,
      valid: document.getElementById('verdict').dataset.valid,
    }));
    assert.deepEqual(after, { dir: 'rtl', hash: '#lang=ar', verdict: 'تم التحقق', valid: 'true' });
  } finally {
    await page.close();
  }
});
