// End-to-end: the real app in a real window (run under Xvfb by `make e2e`), driven over
// WebDriver through tauri-driver and WebKitWebDriver. A lead and a member, each with its own
// store, go through the whole story; a screenshot of each screen lands in OUT/screenshots/.
//
//   node tests/e2e/run.mjs APP_BINARY OUT_DIR
//
// File dialogs cannot be driven over WebDriver: with UNDERSIGNED_E2E=1 the app takes their
// answers from `window.__undersignedE2E.paths` (see ui/src/lib/backend/index.ts).

import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const [app, outArg] = process.argv.slice(2);
if (!app || !outArg || !existsSync(app)) {
  console.error('usage: node tests/e2e/run.mjs APP_BINARY OUT_DIR');
  process.exit(2);
}
const out = resolve(outArg);
const shots = join(out, 'screenshots');
const work = join(out, 'work');
rmSync(shots, { recursive: true, force: true });
rmSync(work, { recursive: true, force: true });
mkdirSync(shots, { recursive: true });
const files = join(work, 'files');
mkdirSync(files, { recursive: true });

// tauri-driver's port, and WebKitWebDriver's (tauri-driver's --native-port) right after it.
const PORT = 4600 + 2 * Math.floor(Math.random() * 200);
const BASE = `http://127.0.0.1:${PORT}`;
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
const LEAD_PASS = 'river delta seven lanterns';
const MEMBER_PASS = 'orange kite under granite';

// ----- A minimal W3C WebDriver client -----

async function wd(method, path, body) {
  const r = await fetch(BASE + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60000),
  });
  const j = await r.json().catch(() => ({}));
  if (!r.ok) {
    const e = new Error(`${method} ${path}: ${j?.value?.error ?? r.status} ${j?.value?.message ?? ''}`);
    e.wd = j?.value?.error;
    throw e;
  }
  return j.value;
}

class Session {
  constructor(id) {
    this.id = id;
    this.n = 0;
  }
  p(path) {
    return `/session/${this.id}${path}`;
  }
  async find(css, timeout = 20000) {
    const end = Date.now() + timeout;
    for (;;) {
      try {
        const v = await wd('POST', this.p('/element'), { using: 'css selector', value: css });
        return v[ELEMENT];
      } catch (e) {
        if (Date.now() > end) throw new Error(`no element ${css} after ${timeout} ms`);
        await sleep(150);
      }
    }
  }
  async exec(script, ...args) {
    if (process.env.E2E_DEBUG) console.log(`    exec ${script.slice(0, 60)}`);
    return wd('POST', this.p('/execute/sync'), { script, args });
  }
  async click(css) {
    const id = await this.find(css);
    await this.waitFor(`${css} enabled`, () => this.exec('const e = document.querySelector(arguments[0]); return !!e && !e.disabled;', css));
    await wd('POST', this.p(`/element/${id}/click`), {});
  }
  async type(css, text) {
    const id = await this.find(css);
    await wd('POST', this.p(`/element/${id}/clear`), {});
    await wd('POST', this.p(`/element/${id}/value`), { text });
  }
  /** Sets a text area's value at once (WebKitWebDriver drops newlines from typed keys). */
  async fill(css, text) {
    await this.find(css);
    await this.exec(
      'const e = document.querySelector(arguments[0]); e.focus(); e.value = arguments[1]; e.dispatchEvent(new Event("input", {bubbles: true}));',
      css,
      text,
    );
  }
  async select(css, value) {
    await this.find(css);
    await this.waitFor(`option ${value} in ${css}`, () =>
      this.exec('return !!document.querySelector(arguments[0] + " option[value=\\"" + arguments[1] + "\\"]");', css, value),
    );
    await this.exec(
      'const e = document.querySelector(arguments[0]); e.value = arguments[1]; e.dispatchEvent(new Event("change", {bubbles: true}));',
      css,
      value,
    );
  }
  /** The element's text, whether or not it is scrolled into view. */
  async text(css) {
    await this.find(css);
    return this.exec('const e = document.querySelector(arguments[0]); return e ? e.innerText : "";', css);
  }
  async waitFor(what, f, timeout = 30000) {
    const end = Date.now() + timeout;
    let last;
    for (;;) {
      try {
        last = await f();
        if (last) return last;
      } catch (e) {
        last = e.message;
      }
      if (Date.now() > end) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
      await sleep(150);
    }
  }
  async waitText(css, re, timeout) {
    return this.waitFor(`${css} to match ${re}`, async () => re.test(await this.text(css)), timeout);
  }
  /** The answer the next file dialog gives. */
  async answer(...paths) {
    await this.exec('window.__undersignedE2E = { paths: arguments[0] };', paths);
  }
  /** A screenshot once the UI has settled (fonts loaded, no pending animation frame). */
  async shot(name) {
    // Screens are shown from their top, as a person arriving on them sees them.
    await this.exec('const m = document.querySelector("main"); if (m) m.scrollTop = 0; document.activeElement?.blur?.();');
    // Fonts loaded, nothing still "Loading…"/"Checking…", then a moment for the paint.
    await this.waitFor('the page to settle', () =>
      this.exec('return (!document.fonts || document.fonts.status === "loaded") && !/Loading…|Checking every|Opening your store/.test(document.body.innerText);'),
    );
    await sleep(600);
    // WebKitWebDriver's own screenshot hangs under Xvfb (no compositing), so the window is
    // captured from the X display with ImageMagick; with no window manager it sits at 0,0.
    const [w, h] = await this.exec('return [window.innerWidth, window.innerHeight];');
    const file = join(shots, `${name}.png`);
    execFileSync('import', ['-silent', '-window', 'root', '-crop', `${w}x${h}+0+0`, '+repage', file]);
    console.log(`  screenshot ${file}`);
  }
  async nav(screen) {
    await this.click(`[data-testid="nav-${screen}"]`);
  }
  async close() {
    await wd('DELETE', this.p('')).catch(() => {});
  }
}

// ----- One app run: tauri-driver started with this party's store -----

async function withApp(party, steps) {
  const dir = join(work, party);
  mkdirSync(dir, { recursive: true });
  const env = {
    ...process.env,
    UNDERSIGNED_DB: join(dir, 'undersigned.db'),
    UNDERSIGNED_E2E: '1',
    // Xvfb has no GPU: software rendering, no DMA-BUF renderer.
    WEBKIT_DISABLE_DMABUF_RENDERER: '1',
    LIBGL_ALWAYS_SOFTWARE: '1',
  };
  const driver = spawn('tauri-driver', ['--port', String(PORT), '--native-port', String(PORT + 1)], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  let s;
  try {
    const end = Date.now() + 20000;
    for (;;) {
      try {
        await wd('GET', '/status');
        break;
      } catch {
        if (Date.now() > end) throw new Error('tauri-driver did not start');
        await sleep(200);
      }
    }
    const v = await wd('POST', '/session', {
      capabilities: { alwaysMatch: { browserName: 'wry', 'tauri:options': { application: app } } },
    });
    s = new Session(v.sessionId);
    await s.find('nav[aria-label="Main"]');
    await steps(s);
  } catch (e) {
    if (s) {
      await s.shot(`FAILED-${party}`).catch(() => {});
      const body = await s.exec('return document.body.innerText;').catch(() => '');
      console.error(`--- page text (${party}) ---\n${body}\n---`);
    }
    throw e;
  } finally {
    if (s) await s.close();
    driver.kill('SIGTERM');
    await new Promise((r) => (driver.exitCode !== null ? r() : driver.once('exit', r)));
  }
}

async function createIdentity(s, { name, country, pass }) {
  await s.nav('identity');
  await s.type('[data-testid="details-name"]', name);
  await s.select('[data-testid="details-country"]', country);
  await s.type('[data-testid="passphrase"]', pass);
  await s.type('[data-testid="passphrase-again"]', pass);
}

async function unlock(s, pass) {
  await s.type('[data-testid="unlock-passphrase"]', pass);
  await s.click('[data-testid="unlock-submit"]');
}

const invitation = join(files, 'invitation.json');
const endorsement = join(files, 'green-rivers-endorsement.json');
const bundle = join(files, 'signatories-release-1.json');
const tampered = join(files, 'signatories-release-1-tampered.json');
const publication = join(files, 'publication');
const storeBackup = join(files, 'lead-records.db');

const steps = [];
function step(name) {
  console.log(`- ${name}`);
  steps.push(name);
}

try {
  console.log('The lead: identity, statement, open it, save the invitation');
  await withApp('lead', async (s) => {
    step('home before any identity');
    await s.find('[data-testid="welcome"]');
    await s.shot('01-home-welcome');

    step('create the lead identity');
    await createIdentity(s, { name: 'Rivers and Forests Coalition', country: 'KE', pass: LEAD_PASS });
    await s.shot('02-identity-create');
    await s.click('[data-testid="create-identity"]');
    await s.waitText('[data-testid="identity-card"]', /Rivers and Forests Coalition/);
    await s.find('[data-testid="fingerprint"]');
    await s.shot('03-identity-ready');

    step('write the statement');
    await s.nav('home');
    await s.click('[data-testid="new-statement"]');
    await s.type('[data-testid="statement-title"]', 'Joint statement on the protection of environmental defenders');
    await s.fill(
      '[data-testid="statement-body"]',
      'We, the undersigned organizations, call on all governments to **protect environmental defenders** who speak up for rivers, forests and the communities that depend on them.\n\n## We ask governments to\n\n1. Investigate every attack on a defender promptly and independently.\n2. Guarantee access to information and to justice on environmental matters.\n3. Consult affected communities before any project is approved.\n',
    );
    await s.waitFor('the Markdown preview', () => s.exec('return !!document.querySelector(".markdown h2");'));
    await s.shot('04-statement-editor');
    await s.click('[data-testid="statement-create"]');

    step('open version 1 for signature and save the invitation');
    await s.find('[data-testid="open-card"]');
    await s.click('[data-testid="open-version"]');
    await s.waitText('[data-testid="statement-message"]', /Version 1 is open for signature/);
    await s.answer(invitation);
    await s.click('[data-testid="export-invitation"]');
    await s.waitText('[data-testid="statement-message"]', /Invitation to sign version 1 saved/);
    if (!existsSync(invitation)) throw new Error('the invitation file was not written');
    await s.shot('05-statement-open-invitation');
  });

  console.log('The member: identity, open the invitation, sign');
  await withApp('member', async (s) => {
    step('create the member identity, then lock the key');
    await createIdentity(s, { name: 'Green Rivers Alliance', country: 'SN', pass: MEMBER_PASS });
    await s.click('[data-testid="create-identity"]');
    await s.find('[data-testid="identity-card"]');
    await s.click('[data-testid="lock-now"]');
    await s.waitText('[data-testid="nav-identity"]', /Key locked/);

    step('open the invitation');
    await s.nav('sign');
    await s.answer(invitation);
    await s.click('[data-testid="open-invitation"]');
    await s.waitText('[data-testid="lead-name"]', /Rivers and Forests Coalition/);
    await s.waitFor('the statement text', () => s.exec('return !!document.querySelector("[data-testid=invitation-text] ol");'));
    await s.shot('06-member-invitation');

    step('sign with the passphrase');
    await s.click('[data-testid="understood"]');
    await s.answer(endorsement);
    await s.click('[data-testid="sign"]');
    await s.find('[data-testid="unlock-dialog"]');
    await s.type('[data-testid="unlock-passphrase"]', MEMBER_PASS);
    await s.shot('07-member-passphrase');
    await s.click('[data-testid="unlock-submit"]');
    await s.waitText('[data-testid="sign-done"]', /Send this file back to Rivers and Forests Coalition/);
    if (!existsSync(endorsement)) throw new Error('the endorsement file was not written');
    await s.shot('08-member-signed');

    step('what I signed');
    await s.nav('signed');
    await s.waitText('[data-testid="my-signatures"]', /Green Rivers Alliance/);
    await s.shot('09-member-what-i-signed');
  });

  console.log('The lead: import, publish release 1, export; verify it and a tampered copy');
  await withApp('lead', async (s) => {
    step('import the endorsement');
    await s.nav('collect');
    await s.answer(endorsement);
    await s.click('[data-testid="import-choose"]');
    await s.waitText('[data-testid="import-results"]', /1 accepted/);
    await s.shot('10-lead-collect');

    step('signatories');
    await s.nav('signatories');
    await s.waitText('[data-testid="signatory-shown"]', /Showing 1 of 1/);
    await s.waitText('[data-testid="signatory-table"]', /Green Rivers Alliance/);
    await s.shot('11-lead-signatories');

    step('publish release 1 with the passphrase, export the bundle');
    await s.nav('releases');
    await s.click('[data-testid="publish"]');
    await s.find('[data-testid="unlock-dialog"]');
    await unlock(s, LEAD_PASS);
    await s.waitText('[data-testid="release-message"]', /Release 1 is published: 1 signatory/);
    await s.answer(bundle);
    await s.click('[data-testid="export-bundle"]');
    await s.waitText('[data-testid="release-message"]', /bundle of release 1 is saved/);
    if (!existsSync(bundle)) throw new Error('the bundle was not written');

    step('export the publication of release 1');
    await s.answer(publication);
    await s.click('[data-testid="export-publication"]');
    await s.waitText('[data-testid="release-message"]', /publication of release 1 \(1 signatory\)/);
    for (const f of ['bundle.json', 'index.html', 'signatories.csv', 'verify.html']) {
      if (!existsSync(join(publication, f))) throw new Error(`the publication has no ${f}`);
    }
    if (readFileSync(join(publication, 'bundle.json'), 'utf8') !== readFileSync(bundle, 'utf8')) throw new Error('the published bundle differs from the exported one');
    if (!readFileSync(join(publication, 'index.html'), 'utf8').includes('Green Rivers Alliance')) throw new Error('index.html does not name the signatory');
    await s.shot('12-lead-releases');

    step('back up the records');
    await s.nav('identity');
    await s.answer(storeBackup);
    await s.click('[data-testid="store-backup"]');
    await s.waitText('[data-testid="identity-message"]', /Records backed up/);
    if (!existsSync(storeBackup)) throw new Error('the store backup was not written');

    step('verify the bundle: valid');
    await s.nav('verify');
    await s.answer(bundle);
    await s.click('[data-testid="verify-choose"]');
    await s.waitFor('a valid verdict', () => s.exec('const v = document.querySelector("[data-testid=verdict]"); return v && v.dataset.valid === "true";'));
    await s.waitText('[data-testid="verify-entries"]', /Green Rivers Alliance/);
    await s.shot('13-verify-valid');

    step('verify a tampered copy: not valid');
    const text = readFileSync(bundle, 'utf8');
    if (!text.includes('Green Rivers Alliance')) throw new Error('the bundle does not name the signatory');
    writeFileSync(tampered, text.replace('Green Rivers Alliance', 'Green Rivers Alliances'));
    await s.answer(tampered);
    await s.click('[data-testid="verify-choose"]');
    await s.waitFor('an invalid verdict', () => s.exec('const v = document.querySelector("[data-testid=verdict]"); return v && v.dataset.valid === "false";'));
    await s.waitText('[data-testid="verify-problems"]', /changed after it was signed/);
    await s.shot('14-verify-tampered');

    step('home with the statement; the demo coalition');
    await s.nav('home');
    await s.waitText('[data-testid="statement-list"]', /Joint statement on the protection of environmental defenders/);
    await s.click('[data-testid="try-demo"]');
    await s.waitText('[data-testid="demo-ready"]', /650 signatories/, 120000);
    await s.shot('15-home-with-demo');
    await s.nav('signatories');
    await s.waitText('[data-testid="signatory-shown"]', /Showing 650 of 650/, 30000);
    await s.shot('16-signatories-demo');
  });

  console.log(`e2e: ${steps.length} passed, 0 failed`);
} catch (e) {
  console.error(`e2e: FAILED at "${steps.at(-1)}": ${e.message}`);
  console.log(`e2e: ${Math.max(0, steps.length - 1)} passed, 1 failed`);
  process.exit(1);
}
