// The WebDriver side of the end-to-end run and of the app benchmark: a minimal W3C WebDriver
// client for tauri-driver (WebKitWebDriver underneath), and one app run per party, each with its
// own store. Set `cfg` (the app binary, the screenshot and work folders) before use.

import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

export const cfg = { app: '', shots: '', work: '' };

// Accessibility (WCAG 2.2 AA as axe-core checks it): every screen a screenshot is taken of is
// checked, and what fails is collected here by screen.
/** The app's languages besides English, with their direction. */
const OTHER_LANGUAGES = [
  ['fr', 'ltr'],
  ['es', 'ltr'],
  ['ar', 'rtl'],
];
const AXE_SOURCE = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'ui', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
export const accessibility = [];
/** Every screen axe checked (its screenshot's name: `07-collect`, `07-collect-ar`, …) with its violations. */
export const axeReport = {};

// tauri-driver's port, and WebKitWebDriver's (tauri-driver's --native-port) right after it.
const PORT = 4600 + 2 * Math.floor(Math.random() * 200);
const BASE = `http://127.0.0.1:${PORT}`;
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

// ----- A minimal W3C WebDriver client -----

export async function wd(method, path, body) {
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

export class Session {
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
  /** Presses one key (a WebDriver key value, e.g. '\uE004' for Tab) on the focused element. */
  async key(value) {
    await wd('POST', this.p('/actions'), {
      actions: [{ type: 'key', id: 'keyboard', actions: [{ type: 'keyDown', value }, { type: 'keyUp', value }] }],
    });
  }
  async execAsync(script, ...args) {
    return wd('POST', this.p('/execute/async'), { script, args });
  }
  /** Runs axe-core on the screen as it is and records its violations under `name`. */
  async axe(name) {
    if (!(await this.exec('return !!window.axe;'))) await this.exec(AXE_SOURCE + '\n;return true;');
    const violations = await this.execAsync(
      `const done = arguments[arguments.length - 1];
       window.axe.run(document, { runOnly: { type: 'tag', values: arguments[0] }, resultTypes: ['violations'] })
         .then((r) => done(r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' — ' + (n.failureSummary || '').split('\\n').slice(1, 2).join(' ')) }))))
         .catch((e) => done([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }]));`,
      AXE_TAGS,
    );
    for (const v of violations) accessibility.push({ screen: name, ...v });
    axeReport[name] = violations;
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
  async shot(name, { scrolled = false } = {}) {
    // Screens are shown from their top, as a person arriving on them sees them (unless the
    // step scrolled to what it shows).
    await this.exec('const m = document.querySelector("main"); if (m && !arguments[0]) m.scrollTop = 0; document.activeElement?.blur?.();', scrolled);
    // Fonts loaded, nothing still "Loading…"/"Checking…", then a moment for the paint.
    await this.waitFor('the page to settle', () =>
      this.exec('return (!document.fonts || document.fonts.status === "loaded") && !/Loading…|Checking every|Opening your store/.test(document.body.innerText);'),
    );
    await sleep(600);
    // WebKitWebDriver's own screenshot hangs under Xvfb (no compositing), so the window is
    // captured from the X display with ImageMagick; with no window manager it sits at 0,0.
    if (!name.startsWith('FAILED')) await this.axe(name);
    const [w, h] = await this.exec('return [window.innerWidth, window.innerHeight];');
    const capture = (file) => {
      execFileSync('import', ['-silent', '-window', 'root', '-crop', `${w}x${h}+0+0`, '+repage', file]);
      console.log(`  screenshot ${file}`);
    };
    capture(join(cfg.shots, `${name}.png`));
    if (name.startsWith('FAILED')) return;
    // The same screen in the dark theme (what a system set to dark gets: app.css holds both as
    // light-dark() pairs), checked and photographed too, then back to the system's choice.
    const dark = await this.exec(`
      document.documentElement.style.colorScheme = 'dark';
      const [r, g, b] = (getComputedStyle(document.documentElement).backgroundColor.match(/[\\d.]+/g) || []).map(Number);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;`);
    try {
      if (!(dark < 60)) throw new Error(`the dark theme did not apply on ${name} (background brightness ${dark})`);
      await sleep(300);
      await this.axe(`${name} (dark)`);
      capture(join(cfg.shots, `${name}-dark.png`));
    } finally {
      await this.exec("document.documentElement.style.colorScheme = '';");
    }
    // The same screen in the app's other languages (taken when the window is in English): each
    // checked with axe, photographed (`NAME-fr.png`, …; Arabic right to left), and not left in
    // English. Then back to English.
    if ((await this.exec('return document.documentElement.lang;')) !== 'en') return;
    // The screen's text, and each notice's (a notice is made when something happens: it must
    // follow the language chosen afterwards too).
    const text = `return [(document.querySelector("main")?.innerText ?? "") + (document.querySelector("[role=dialog]")?.innerText ?? ""),
      [...document.querySelectorAll(".notice")].map((n) => n.innerText.trim())];`;
    const [english, notices] = await this.exec(text);
    try {
      for (const [lang, dir] of OTHER_LANGUAGES) {
        await this.setLanguage(lang, dir);
        await sleep(300);
        const [translated, translatedNotices] = await this.exec(text);
        if (english.trim() && translated === english) throw new Error(`${name} is still in English when the app is in ${lang}`);
        const same = notices.filter((n, i) => n && translatedNotices[i] === n);
        if (same.length) throw new Error(`${name}: a notice is still in English when the app is in ${lang}: ${same[0]}`);
        await this.axe(`${name} (${lang})`);
        capture(join(cfg.shots, `${name}-${lang}.png`));
      }
    } finally {
      await this.setLanguage('en', 'ltr');
    }
  }
  /** Chooses the app's language in its menu and waits for the window to be in it. */
  async setLanguage(lang, dir) {
    await this.select('[data-testid="language"]', lang);
    await this.waitFor(`the window in ${lang}`, () =>
      this.exec('return document.documentElement.lang === arguments[0] && document.documentElement.dir === arguments[1];', lang, dir),
    );
  }
  async nav(screen) {
    await this.click(`[data-testid="nav-${screen}"]`);
  }
  async close() {
    await wd('DELETE', this.p('')).catch(() => {});
  }
}

/** Waits until no process runs the binary `app`; one still running after 10 s (its window
 *  closed, WebDriver gone) is ended by the harness that started it: SIGTERM, then SIGKILL. */
async function waitGone(app) {
  const pattern = `${app.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( .*)?`;
  const running = () => {
    try {
      return execFileSync('pgrep', ['-f', '-x', pattern], { encoding: 'utf8' }).trim();
    } catch {
      return ''; // pgrep exits 1 when nothing matches
    }
  };
  const start = Date.now();
  for (const signal of ['', 'TERM', 'KILL']) {
    if (signal) {
      const pids = running();
      if (!pids) return;
      console.log(`  (the app, pids ${pids.split('\n').join(' ')}, still ran ${Math.round((Date.now() - start) / 1000)} s after its session: SIG${signal})`);
      try {
        execFileSync('pkill', [`-${signal}`, '-f', '-x', pattern]);
      } catch {
        /* gone meanwhile */
      }
    }
    const end = Date.now() + (signal ? 5000 : 10000);
    while (Date.now() < end) {
      if (!running()) return;
      await sleep(100);
    }
  }
  throw new Error(`${app} still runs after SIGKILL (pids ${running()})`);
}

// ----- One app run: tauri-driver started with this party's store -----
// `args`: the app's command line (a file to open, as a double-click gives it); `e2e: false` runs
// the app as a user would (its file dialogs are real).

export async function withApp(party, steps, { db, args = [], e2e = true } = {}) {
  const dir = join(cfg.work, party);
  mkdirSync(dir, { recursive: true });
  const env = {
    ...process.env,
    UNDERSIGNED_DB: db ?? join(dir, 'undersigned.db'),
    ...(e2e ? { UNDERSIGNED_E2E: '1' } : {}),
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
      capabilities: { alwaysMatch: { browserName: 'wry', 'tauri:options': { application: cfg.app, args } } },
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
    // The app is one window per store: a window still closing would be handed the next run's
    // launch on the same store, so the next run starts only once this app has exited.
    await waitGone(cfg.app);
  }
}
