// App-wide state: what the backend told us at start, the current screen, the chosen statement,
// the file the app was asked to open, and the passphrase prompt that any screen can ask for.
import { backend, setE2eMode, type AppInfo, type Country, type FileKind, type LaunchFile, type StatementSummary } from './backend';
import { toAppError } from './backend/errors';
import { lang } from './i18n/index.svelte';

export type Screen = 'home' | 'identity' | 'statement' | 'collect' | 'signatories' | 'releases' | 'sign' | 'signed' | 'verify';

type UnlockRequest = { reason: string; resolve: () => void; reject: (e: Error) => void };

export const app = $state({
  info: null as AppInfo | null,
  screen: 'home' as Screen,
  /** The statement the lead's screens work on. */
  statementId: null as string | null,
  /** `statement` screen: true to start a new statement. */
  creating: false,
  statements: [] as StatementSummary[],
  countries: [] as Country[],
  unlock: null as UnlockRequest | null,
  loadError: null as string | null,
  /** A file the app was asked to open, until the screen it was sent to takes it (see takeLaunch). */
  launch: null as LaunchFile | null,
});

export async function refresh() {
  try {
    app.info = await backend.appInfo();
    setE2eMode(app.info.e2e);
    app.statements = await backend.statements();
    if (app.statementId && !app.statements.some((s) => s.id === app.statementId)) app.statementId = null;
    if (!app.statementId && app.statements.length) app.statementId = app.statements[app.statements.length - 1].id;
  } catch (e) {
    app.loadError = toAppError(e).message;
  }
}

export async function loadCountries() {
  if (!app.countries.length) app.countries = await backend.countries();
}

export function go(screen: Screen, opts: { statementId?: string; creating?: boolean } = {}) {
  // A file not taken by the screen it was sent to is not carried to another.
  app.launch = null;
  if (opts.statementId) app.statementId = opts.statementId;
  app.creating = opts.creating ?? false;
  app.screen = screen;
}

/** The screen each kind of file opens on. A file the app does not know, or made by a newer
 *  version of the app, goes to Verify, which says so. */
export const LAUNCH_SCREEN: Record<FileKind, Screen> = {
  invitation: 'sign',
  endorsement: 'collect',
  withdrawal: 'collect',
  bundle: 'verify',
  key: 'identity',
  newer: 'verify',
  unknown: 'verify',
};

/** Opens a file the app was asked to open (at start, or handed over while it runs): shows the
 *  screen for its kind, which takes the file with takeLaunch. */
export function openLaunchFile(f: LaunchFile) {
  // A new object each time: the same file opened again is taken again.
  go(LAUNCH_SCREEN[f.kind]);
  app.launch = { path: f.path, kind: f.kind };
}

/** The file waiting for a screen that opens these kinds, taken once (null if none). Call it in an
 *  $effect: the effect runs again when another file is opened. */
export function takeLaunch(kinds: readonly FileKind[]): LaunchFile | null {
  const f = app.launch;
  if (!f || !kinds.includes(f.kind)) return null;
  app.launch = null;
  return f;
}

// Country names by code, rebuilt when the list or the language changes (lists of 100,000 rows
// call this often). English uses the backend's names; other languages Intl's, else the backend's.
let names: { list: Country[]; lang: string; map: Map<string, string> } | null = null;
export function countryName(code: string): string {
  const list = app.countries;
  const l = lang();
  if (!names || names.list !== list || names.lang !== l) {
    const intl = l === 'en' ? null : new Intl.DisplayNames([l], { type: 'region', fallback: 'none' });
    const local = (c: Country) => {
      try {
        return intl?.of(c.code) ?? c.name;
      } catch {
        return c.name;
      }
    };
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a private memo, never mutated, rebuilt from the reactive app.countries
    names = { list, lang: l, map: new Map(list.map((c) => [c.code, local(c)])) };
  }
  return names.map.get(code) ?? code;
}

/** Asks for the passphrase (once) unless the key is already unlocked. */
export function ensureUnlocked(reason: string): Promise<void> {
  if (app.info?.unlocked) return Promise.resolve();
  return new Promise((resolve, reject) => {
    app.unlock = { reason, resolve, reject };
  });
}

/** Runs `f` with the key unlocked; asks again if it locked meanwhile. */
export async function withKey<T>(reason: string, f: () => Promise<T>): Promise<T> {
  await ensureUnlocked(reason);
  try {
    return await f();
  } catch (e) {
    if (toAppError(e).code === 'locked') {
      if (app.info) app.info.unlocked = false;
      await ensureUnlocked(reason);
      return await f();
    }
    throw e;
  }
}

export function markLocked() {
  if (app.info) app.info.unlocked = false;
}
