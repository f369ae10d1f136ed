// App-wide state: what the backend told us at start, the current screen, the chosen statement,
// the files the app was asked to open, and the passphrase prompt that any screen can ask for.
import { backend, setE2eMode, type AppInfo, type Country, type FileKind, type LaunchFile, type StatementSummary } from './backend';
import { toAppError } from './backend/errors';
import { lang } from './i18n/index.svelte';
import type { Message } from './message';

export type Screen = 'home' | 'identity' | 'statement' | 'collect' | 'signatories' | 'releases' | 'sign' | 'signed' | 'witness' | 'verify';

type UnlockRequest = { reason: Message; resolve: () => void; reject: (e: Error) => void };

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
  /** The files the app was asked to open that are shown now, until the screen they were sent to
   *  takes them (see takeLaunch): one file, or several endorsements and withdrawals imported together. */
  launch: [] as LaunchFile[],
  /** Files the app was asked to open that wait their turn, in order (see openNextFile). */
  waiting: [] as LaunchFile[],
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
  app.launch = [];
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

/** Kinds imported together on Collect, however many were opened at once. */
const ENTRY_KINDS: readonly FileKind[] = ['endorsement', 'withdrawal'];

/** Shows the first of `files` on the screen for its kind, which takes it with takeLaunch (with
 *  every endorsement and withdrawal among them if it is one); returns the others, in order. */
function openFirst(files: LaunchFile[]): LaunchFile[] {
  if (!files.length) return [];
  const together = ENTRY_KINDS.includes(files[0].kind) ? files.filter((f) => ENTRY_KINDS.includes(f.kind)) : [files[0]];
  go(LAUNCH_SCREEN[files[0].kind]);
  // New objects each time: the same file opened again is taken again.
  app.launch = together.map((f) => ({ path: f.path, kind: f.kind }));
  return files.filter((f) => !together.includes(f));
}

/** Files the app was asked to open (at start, or handed over while it runs): the first shows at
 *  once, as a double-click on it expects; the others wait their turn after those already waiting. */
export function receiveFiles(files: LaunchFile[]) {
  if (!files.length) return;
  app.waiting = openFirst([files[0], ...app.waiting, ...files.slice(1)]);
}

/** Shows the next file waiting. */
export function openNextFile() {
  app.waiting = openFirst(app.waiting);
}

/** Forgets the files waiting: they are not opened. */
export function skipWaitingFiles() {
  app.waiting = [];
}

/** The files waiting for a screen that opens these kinds, taken once (none if the files shown are
 *  of another kind). Call it in an $effect: the effect runs again when another file is opened. */
export function takeLaunch(kinds: readonly FileKind[]): LaunchFile[] {
  const files = app.launch;
  if (!files.length || !kinds.includes(files[0].kind)) return [];
  app.launch = [];
  return files;
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
export function ensureUnlocked(reason: Message): Promise<void> {
  if (app.info?.unlocked) return Promise.resolve();
  return new Promise((resolve, reject) => {
    app.unlock = { reason, resolve, reject };
  });
}

/** Runs `f` with the key unlocked; asks again if it locked meanwhile. */
export async function withKey<T>(reason: Message, f: () => Promise<T>): Promise<T> {
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
