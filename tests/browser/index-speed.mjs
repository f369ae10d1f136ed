// Times index.html in Debian's headless Chromium: node index-speed.mjs PUBLICATION_DIR (a folder
// written by `undersigned publish`). Prints the seconds from navigation to the load event, then to
// the first full layout (the page's height asked for), the page's size and its number of rows.
// A measurement, not a test: its figures go in BENCHMARKS.md.
import { chromium } from 'playwright-core';
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = resolve(process.argv[2] || '.');
const file = join(dir, 'index.html');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  const start = Date.now();
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 0 });
  const loaded = (Date.now() - start) / 1000;
  const facts = await page.evaluate(() => ({ height: document.documentElement.scrollHeight, rows: document.querySelectorAll('li, tr').length }));
  const laidOut = (Date.now() - start) / 1000;
  console.log(JSON.stringify({ loaded, laidOut, megabytes: +(statSync(file).size / 2 ** 20).toFixed(1), ...facts }));
} finally {
  await browser.close();
}
