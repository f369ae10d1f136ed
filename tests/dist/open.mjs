// The installed app, opened as a desktop opens it (run by tests/dist/run.sh under Xvfb): with an
// invitation on its command line it shows the Sign screen with that invitation; a second launch
// with a bundle, on the same store, hands the bundle to the running window (one window per
// store) and exits, and the window verifies it.
//
//   node tests/dist/open.mjs APP INVITATION BUNDLE OUT_DIR

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { accessibility, cfg, withApp } from '../e2e/driver.mjs';

const [app, invitation, bundle, outArg] = process.argv.slice(2);
if (!outArg) {
  console.error('usage: node tests/dist/open.mjs APP INVITATION BUNDLE OUT_DIR');
  process.exit(2);
}
const out = resolve(outArg);
const shots = join(out, 'screenshots');
const work = join(out, 'work');
rmSync(work, { recursive: true, force: true });
mkdirSync(shots, { recursive: true });
mkdirSync(work, { recursive: true });
Object.assign(cfg, { app, shots, work });

const exactly = (text) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
const title = (file) => JSON.parse(readFileSync(file, 'utf8')).statement.signed.texts[0].title;
const db = join(work, 'installed', 'undersigned.db');

await withApp(
  'installed',
  async (s) => {
    console.log('- opened with an invitation: the Sign screen shows it');
    await s.waitText('[data-testid="invitation-title"]', exactly(title(invitation)));
    await s.shot('dist-01-opened-with-invitation');

    console.log('- a second launch with a bundle hands it to the running window and exits');
    const second = spawnSync(app, [bundle], { env: { ...process.env, UNDERSIGNED_DB: db }, timeout: 30000, encoding: 'utf8' });
    if (second.status !== 0) throw new Error(`the second launch ended with ${second.status} (${second.signal ?? ''}): ${second.stderr}`);
    await s.waitFor('the Verify screen with a valid verdict', () =>
      s.exec('const v = document.querySelector("[data-testid=verdict]"); return !!v && v.dataset.valid === "true";'),
    );
    const bundleTitle = JSON.parse(readFileSync(bundle, 'utf8')).statement_versions[0].signed.texts[0].title;
    await s.waitText('[data-testid="verify-title"]', exactly(bundleTitle));
    await s.shot('dist-02-second-launch-verifies-bundle');
  },
  { db, args: [invitation], e2e: false },
);

writeFileSync(join(out, 'dist-axe-report.json'), JSON.stringify(accessibility, null, 2));
if (accessibility.length) {
  console.error(`accessibility violations: ${JSON.stringify(accessibility, null, 2)}`);
  process.exit(1);
}
console.log('the installed app opened the invitation, and took the bundle from a second launch');
