// The app's side of `make bench` (issue 5): the real app (under Xvfb, driven over WebDriver as
// in the end-to-end run) opens a store holding a statement with N signatories. Measured in the
// page with performance.now(): from the click on "Signatories" to the first rows painted and to
// all N loaded and counted, and
// from a keystroke in the search box (or a change of the country filter, or a click on a column
// to sort by it) to the frame after the
// one that drew the filtered rows (the backend searches; the table is `aria-busy` until the
// answer to the latest query is in the page). With a bundle, also Verify (issue 21): from the
// click on "Open a list" to the progress shown, and to the verdict with the first entries
// painted (in a launch of its own, before the others). Prints one JSON object.
//
//   node bench/app.mjs APP_BINARY STORE_DB N RUNS WORK_DIR [BUNDLE]

import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cfg, withApp } from '../tests/e2e/driver.mjs';

const [app, store, nArg, runsArg, workArg, bundle] = process.argv.slice(2);
if (!app || !store || !existsSync(app) || !existsSync(store) || !workArg) {
  console.error('usage: node bench/app.mjs APP_BINARY STORE_DB N RUNS WORK_DIR');
  process.exit(2);
}
const n = Number(nArg);
const runs = Number(runsArg || 3);
const work = resolve(workArg);
rmSync(work, { recursive: true, force: true });
mkdirSync(join(work, 'shots'), { recursive: true });
Object.assign(cfg, { app, shots: join(work, 'shots'), work });

// Clicks "Signatories"; returns [ms to the first rows painted, ms to all N loaded and counted
// (search and filters ready)].
const OPEN = `return (async () => {
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  const t0 = performance.now();
  let first = -1;
  document.querySelector('[data-testid="nav-signatories"]').click();
  for (;;) {
    await frame();
    const now = performance.now() - t0;
    const row = document.querySelector('[data-testid="signatory-table"] [role="listitem"][aria-busy="false"]');
    if (row && first < 0) first = now;
    const shown = document.querySelector('[data-testid="signatory-shown"]');
    if (row && shown && /Showing [0-9,]+ of ${n.toLocaleString('en-US')}/.test(shown.textContent)) return [first, now];
    if (now > 120000) return [first, -1];
  }
})();`;

// Types `arguments[0]` into the search box (or picks country `arguments[1]`, or clicks the
// header of column `arguments[2]` to sort by it), and waits for the painted result; returns
// [ms, "Showing X of N", the first row's text] (ms -1 when no answer within 10 s).
const FILTER = `return (async () => {
  const [query, country, column] = arguments;
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  const shown = document.querySelector('[data-testid="signatory-shown"]');
  await frame();
  const t0 = performance.now();
  if (column !== null) {
    document.querySelector('.thead .c-' + column).click();
  } else if (country !== null) {
    const sel = document.querySelector('[data-testid="signatory-country"]');
    sel.value = country;
    sel.dispatchEvent(new Event('change', { bubbles: true }));
  } else {
    const input = document.querySelector('[data-testid="signatory-search"]');
    input.value = query;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }
  const table = document.querySelector('[data-testid="signatory-table"]');
  do {
    await frame();
    if (performance.now() - t0 > 10000) return [-1, shown.textContent, ''];
  } while (table.getAttribute('aria-busy') !== 'false');
  // The rows were in the page when that frame was drawn; the next one starts after it.
  await frame();
  const row = table.querySelector('[role="listitem"] .c-name');
  return [performance.now() - t0, shown.textContent, row ? row.textContent : ''];
})();`;

// Opens the Verify screen's file (the dialog answered by the e2e hook) and records, frame by
// frame, when the progress shows, the longest time its words stood still (from the first progress
// to the verdict), and when the verdict and the first entries are painted. It
// runs on in the page; the caller polls window.__verifyBench (a WebDriver script may take no
// more than 30 s).
const VERIFY = `window.__verifyBench = { progress: -1, still: 0, done: -1, valid: '' };
window.__undersignedE2E = { paths: [arguments[0]] };
(async () => {
  const b = window.__verifyBench;
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  await frame();
  const t0 = performance.now();
  document.querySelector('[data-testid="verify-choose"]').click();
  let said = null;
  let since = 0;
  for (;;) {
    await frame();
    const now = performance.now() - t0;
    const shown = document.querySelector('[data-testid="progress"]');
    if (b.progress < 0 && shown) b.progress = now;
    if (b.progress >= 0) {
      const words = shown ? shown.textContent : '';
      if (words !== said) {
        b.still = Math.max(b.still, now - since);
        said = words;
        since = now;
      }
    }
    const v = document.querySelector('[data-testid="verdict"]');
    const row = document.querySelector('[data-testid="verify-entries"] [role="listitem"][aria-busy="false"]');
    if (v && row) {
      b.still = Math.max(b.still, now - since);
      b.valid = v.dataset.valid;
      b.done = now;
      return;
    }
  }
})();
return true;`;

const verifyProgress = [];
const verifyStill = [];
const verifyDone = [];
for (let r = 0; bundle && r < runs; r++) {
  const db = join(work, `store-verify-${r}.db`);
  copyFileSync(store, db);
  await withApp(`verify-${r}`, async (s) => {
    await s.nav('verify');
    await s.find('[data-testid="verify-choose"]');
    await s.exec(VERIFY, resolve(bundle));
    const end = Date.now() + 600000;
    for (;;) {
      const b = await s.exec('return window.__verifyBench;');
      if (b.done >= 0) {
        if (b.valid !== 'true') throw new Error(`Verify found ${bundle} not valid`);
        verifyProgress.push(b.progress);
        verifyStill.push(b.still);
        verifyDone.push(b.done);
        break;
      }
      if (Date.now() > end) throw new Error('Verify gave no verdict within 10 minutes');
      await new Promise((ok) => setTimeout(ok, 200));
    }
    if (r === 0) await s.shot('verify');
  }, { db });
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
}

const open = [];
const loaded = [];
const search = [];
const filter = [];
const sortFirst = [];
const sortAgain = [];
for (let r = 0; r < runs; r++) {
  const db = join(work, `store-${r}.db`);
  copyFileSync(store, db);
  await withApp(`run-${r}`, async (s) => {
    await s.find('[data-testid="nav-signatories"]');
    await s.waitFor('the statement list', () => s.exec('return !!document.querySelector("[data-testid=statement-list]") || document.body.innerText.includes("statement");'));
    const [first, all] = await s.exec(OPEN);
    if (first < 0 || all < 0) throw new Error('the signatories did not show within 120 s');
    open.push(first);
    loaded.push(all);
    // Sorting, as soon as the list is ready: by name the first time (the backend may still be
    // sorting the names, on one thread since the list was read), then by name descending, by
    // country, and back to the default order (signing time).
    const firstRows = [];
    for (const [i, col] of ['name', 'name', 'country', 'date'].entries()) {
      const [t, text, row] = await s.exec(FILTER, '', null, col);
      if (t < 0) throw new Error(`no answer to the sort by ${col}: ${text}`);
      (i === 0 ? sortFirst : sortAgain).push(t);
      firstRows.push(row);
    }
    // Ascending and descending by name cannot start with the same row.
    if (!firstRows[0] || firstRows[0] === firstRows[1]) throw new Error(`the sort by name did not change the rows: ${JSON.stringify(firstRows)}`);
    // A person typing a name, letter by letter, then clearing it; then a rare and an absent word.
    for (const q of ['a', 'am', 'ami', 'amin', 'amina', '', 'zq', 'no such name at all', '']) {
      const [t, text] = await s.exec(FILTER, q, null, null);
      if (t < 0 || !/^Showing [0-9,]+ of /.test(text)) throw new Error(`no answer to the search ${JSON.stringify(q)}: ${text}`);
      search.push(t);
    }
    for (const c of ['KE', 'BR', '']) {
      const [t, text] = await s.exec(FILTER, '', c, null);
      if (t < 0) throw new Error(`no answer to the country filter ${c}: ${text}`);
      filter.push(t);
    }
    if (r === 0) await s.shot(`signatories-${n}`);
  }, { db });
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
}
const sorted = (a) => [...a].sort((x, y) => x - y);
const median = (a) => sorted(a)[Math.floor(a.length / 2)];
const max = (a) => sorted(a).at(-1);
const r1 = (x) => Math.round(x * 10) / 10;
// name_median_ms and name_max_ms of the times in `a`.
const stats = (name, a) => ({ [`${name}_median_ms`]: r1(median(a)), [`${name}_max_ms`]: r1(max(a)) });
console.log(JSON.stringify({
  n,
  runs,
  open_ms: open.map(r1),
  ...stats('open', open),
  loaded_ms: loaded.map(r1),
  ...stats('loaded', loaded),
  ...stats('search', search),
  ...stats('filter', filter),
  sort_first_ms: sortFirst.map(r1),
  ...stats('sort_first', sortFirst),
  sort_ms: sortAgain.map(r1),
  ...stats('sort', sortAgain),
  ...(bundle
    ? { verify_progress_ms: verifyProgress.map(r1), ...stats('verify_progress', verifyProgress), verify_still_ms: verifyStill.map(r1), ...stats('verify_still', verifyStill), verify_ms: verifyDone.map(r1), ...stats('verify', verifyDone) }
    : {}),
}));
