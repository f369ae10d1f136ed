// Times a published page in Debian's headless Chromium (a folder written by `undersigned publish`):
// - `node page-speed.mjs PUBLICATION_DIR`: verify.html, the seconds from navigation to the
//   verdict, and the verdict; `node page-speed.mjs PUBLICATION_DIR verify no-webcrypto`: the
//   same in a browser without WebCrypto (the page's own checks alone, in every worker too);
// - `node page-speed.mjs PUBLICATION_DIR index`: index.html, the seconds from navigation to the
//   load event, then to its first full layout (the page's height asked for), its size and rows.
// A measurement, not a test: its figures go in BENCHMARKS.md.
import { chromium } from 'playwright-core';
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = resolve(process.argv[2] || '.');
const index = process.argv[3] === 'index';
const withoutWebCrypto = process.argv[4] === 'no-webcrypto';
const file = join(dir, index ? 'index.html' : 'verify.html');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  // As the browser test's "without WebCrypto": the page sees none, and tells its workers.
  if (withoutWebCrypto) await page.addInitScript(() => Object.defineProperty(globalThis.crypto, 'subtle', { value: undefined }));
  const start = Date.now();
  // A million-entry page takes longer than the default 30 s to load: no timeout here.
  await page.goto(pathToFileURL(file).href, { waitUntil: index ? 'load' : 'commit', timeout: 0 });
  if (index) {
    const loaded = (Date.now() - start) / 1000;
    const facts = await page.evaluate(() => ({ height: document.documentElement.scrollHeight, rows: document.querySelectorAll('li, tr').length }));
    const laidOut = (Date.now() - start) / 1000;
    console.log(JSON.stringify({ loaded, laidOut, megabytes: +(statSync(file).size / 2 ** 20).toFixed(1), ...facts }));
  } else {
    await page.waitForFunction(() => document.body.dataset.state === 'done', null, { timeout: 3600000, polling: 200 });
    const seconds = (Date.now() - start) / 1000;
    const valid = await page.locator('#verdict').getAttribute('data-valid');
    const webCrypto = await page.evaluate(() => !!(globalThis.crypto && globalThis.crypto.subtle));
    console.log(JSON.stringify({ seconds, valid, webCrypto }));
  }
} finally {
  await browser.close();
}
