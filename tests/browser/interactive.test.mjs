// verify.html driven like a person would: choose files with the picker, drop files on the drop
// zones, filter and search the entries. Headless Chromium through playwright-core (the Debian
// chromium, never a downloaded browser). Run by `make test-browser`.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const vectors = join(root, 'docs', 'vectors');
const bin = process.env.UNDERSIGNED_BIN || resolve(root, process.env.CARGO_TARGET_DIR || 'target', 'debug', 'undersigned');
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

let work;
let browser;

before(async () => {
  assert.ok(existsSync(bin), `${bin} is missing: cargo build first`);
  work = mkdtempSync(join(tmpdir(), 'undersigned-interactive-'));
  // Release 2 published alone: its page does not know release 1 until it is given.
  const r = spawnSync(bin, ['publish', join(vectors, 'bundle-release-2.json'), '--out', join(work, 'site')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  browser = await chromium.launch({ executablePath, args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
});

after(async () => {
  if (browser) await browser.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function openPage() {
  const page = await browser.newPage();
  const requests = [];
  page.on('request', (req) => {
    if (!req.url().startsWith('file:') && !req.url().startsWith('blob:null/')) requests.push(req.url()); // the page's own workers
  });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(pathToFileURL(join(work, 'site', 'verify.html')).href);
  return { page, requests, errors };
}

const verdict = (page) => page.locator('#verdict');
async function settled(page, valid) {
  await page.waitForFunction((v) => document.body.dataset.state === 'done' && document.getElementById('verdict').dataset.valid === v, String(valid), { timeout: 30000 });
  return JSON.parse(await page.locator('#verification-result').textContent());
}

test('the page verifies its bundle, then a previous release chosen with the picker', async () => {
  const { page, requests, errors } = await openPage();
  let result = await settled(page, true);
  assert.equal(result.report.previous, null);
  assert.match(await verdict(page).textContent(), /Verified/);

  await page.setInputFiles('#pick-previous', join(vectors, 'bundle-release-1.json'));
  await page.waitForFunction(() => document.getElementById('previous-card').hidden === false, null, { timeout: 30000 });
  result = await settled(page, true);
  assert.deepEqual(
    { kept: result.report.previous.kept, withdrawn_since: result.report.previous.withdrawn_since, added: result.report.previous.added, consistent: result.report.previous.consistent },
    { kept: 4, withdrawn_since: 1, added: 1, consistent: true }
  );
  assert.match(await page.locator('#previous-summary').textContent(), /consistent successor of release 1/);
  assert.equal(await page.locator('#current-previous').textContent(), 'bundle-release-1.json');

  // Another bundle with the picker: a release 2 that drops an entry of release 1.
  await page.setInputFiles('#pick-bundle', join(vectors, 'bundle-release-2-drops-entry.json'));
  result = await settled(page, false);
  assert.deepEqual(result.codes, ['previous-mismatch'], 'choosing a bundle alone forgets the previous release');
  await page.setInputFiles('#pick-previous', join(vectors, 'bundle-release-1.json'));
  await page.waitForFunction(() => document.getElementById('current-previous').textContent === 'bundle-release-1.json');
  result = await settled(page, false);
  assert.deepEqual(result.codes, ['previous-mismatch']);
  assert.match(await page.locator('#failures').textContent(), /dropped, changed or moved/);

  assert.deepEqual(requests, [], 'the page makes no request');
  assert.deepEqual(errors, [], 'no script error');
  await page.close();
});

/** Drops files (name → bytes) on a selector, as a drag from the desktop would. */
async function drop(page, selector, files) {
  const payload = Object.entries(files).map(([name, bytes]) => ({ name, data: [...bytes] }));
  const handle = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([new Uint8Array(f.data)], f.name, { type: 'application/json' }));
    return dt;
  }, payload);
  await page.dispatchEvent(selector, 'dragover', { dataTransfer: handle });
  await page.dispatchEvent(selector, 'drop', { dataTransfer: handle });
}

test('dropping files: a tampered bundle, then a bundle with its previous release at once', async () => {
  const { page, requests, errors } = await openPage();
  await settled(page, true);

  await drop(page, '#drop-bundle', { 'tampered.json': readFileSync(join(vectors, 'bundle-tampered-name.json')) });
  let result = await settled(page, false);
  assert.deepEqual(result.codes, ['log-mismatch', 'signature-invalid']);
  assert.equal(await page.locator('#current-bundle').textContent(), 'tampered.json');
  assert.equal(await page.locator('#verdict-title').textContent(), 'Not verified');
  // The failing entry is marked, and the filter shows it alone.
  await page.selectOption('#entry-filter', 'problems');
  assert.equal(await page.locator('#entries-body tr').count(), 1);
  assert.match(await page.locator('#entries-body').textContent(), /signature-invalid/);

  // Two files dropped anywhere on the page: the higher release number is the bundle.
  await drop(page, 'main', {
    'r1.json': readFileSync(join(vectors, 'bundle-release-1.json')),
    'r2.json': readFileSync(join(vectors, 'bundle-release-2.json')),
  });
  await page.waitForFunction(() => document.getElementById('current-bundle').textContent === 'r2.json');
  result = await settled(page, true);
  assert.equal(await page.locator('#current-previous').textContent(), 'r1.json');
  assert.equal(result.report.previous.consistent, true);

  // Search narrows the entries; the previous release can be removed again.
  await page.selectOption('#entry-filter', 'all');
  await page.fill('#entry-search', 'mekong');
  assert.equal(await page.locator('#entries-body tr').count(), 1);
  await page.click('#clear-previous');
  await page.waitForFunction(() => document.getElementById('current-previous').textContent === 'none');
  result = await settled(page, true);
  assert.equal(result.report.previous, null);

  // Something that is not a bundle.
  await drop(page, '#drop-bundle', { 'notes.txt': Buffer.from('these are not the files you are looking for') });
  result = await settled(page, false);
  assert.deepEqual(result.codes, ['malformed']);
  assert.equal(await page.locator('#entries-card').isHidden(), true);

  assert.deepEqual(requests, [], 'the page makes no request');
  assert.deepEqual(errors, [], 'no script error');
  await page.close();
});
