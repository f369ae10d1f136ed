// Times verify.html in Debian's headless Chromium: node page-speed.mjs PUBLICATION_DIR
// (a folder written by `undersigned publish`). Prints the seconds from navigation to the
// verdict and the verdict. A measurement, not a test: its figures go in BENCHMARKS.md.
import { chromium } from 'playwright-core';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = resolve(process.argv[2] || '.');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  const start = Date.now();
  // A million-entry page takes longer than the default 30 s to load: no timeout here.
  await page.goto(pathToFileURL(join(dir, 'verify.html')).href, { waitUntil: 'commit', timeout: 0 });
  await page.waitForFunction(() => document.body.dataset.state === 'done', null, { timeout: 3600000, polling: 200 });
  const seconds = (Date.now() - start) / 1000;
  const valid = await page.locator('#verdict').getAttribute('data-valid');
  console.log(JSON.stringify({ seconds, valid }));
} finally {
  await browser.close();
}
