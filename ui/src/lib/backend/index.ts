// The only module that talks to Tauri. Screens call `backend.*`; tests fake the other side
// with mockIPC. Every failure is an AppError {code, message}: switch on `code`.
import { Channel, invoke } from '@tauri-apps/api/core';
import { open, save } from '@tauri-apps/plugin-dialog';
import { getCurrentWebview } from '@tauri-apps/api/webview';
import { listen } from '@tauri-apps/api/event';
import type { AppError } from './generated/AppError';
import type { AppInfo } from './generated/AppInfo';
import type { Country } from './generated/Country';
import type { DemoCreated } from './generated/DemoCreated';
import type { Details } from './generated/Details';
import type { Identity } from './generated/Identity';
import type { ImportResult } from './generated/ImportResult';
import type { InvitationSaved } from './generated/InvitationSaved';
import type { InvitationView } from './generated/InvitationView';
import type { LaunchFile } from './generated/LaunchFile';
import type { MySignature } from './generated/MySignature';
import type { Opened } from './generated/Opened';
import type { Progress } from './generated/Progress';
import type { PublicationSaved } from './generated/PublicationSaved';
import type { ReleaseRow } from './generated/ReleaseRow';
import type { ReleaseSummary } from './generated/ReleaseSummary';
import type { ReviewItem } from './generated/ReviewItem';
import type { RosterPage } from './generated/RosterPage';
import type { RosterQuery } from './generated/RosterQuery';
import type { RosterSummary } from './generated/RosterSummary';
import type { SignatoryRow } from './generated/SignatoryRow';
import type { Signed } from './generated/Signed';
import type { SignedUnnamed } from './generated/SignedUnnamed';
import type { VettingRead } from './generated/VettingRead';
import type { MyHidden } from './generated/MyHidden';
import type { UnnamedItem } from './generated/UnnamedItem';
import type { StatementSummary } from './generated/StatementSummary';
import type { Verified } from './generated/Verified';
import type { EntryReport } from './generated/EntryReport';
import type { VersionView } from './generated/VersionView';
import type { Witnessed } from './generated/Witnessed';
import type { WitnessedLog } from './generated/WitnessedLog';
import type { Witness } from './generated/Witness';
import type { AttestationRow } from './generated/AttestationRow';
import type { WebsiteCheck } from './generated/WebsiteCheck';
import type { LiveCheck } from './generated/LiveCheck';
import type { OnlineCheck } from './generated/OnlineCheck';

import { toAppError } from './errors';
import { t } from '../i18n/index.svelte';
import { EXTENSIONS } from '../format';
export { isAppError, toAppError, explain, explained } from './errors';
export type * from './types';

async function call<T>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toAppError(e);
  }
}

/** Progress of long work: the command sends it over a channel while it runs. */
export type OnProgress = (p: Progress) => void;
function progress(on?: OnProgress): Channel<Progress> {
  const ch = new Channel<Progress>();
  if (on) ch.onmessage = on;
  return ch;
}

export const backend = {
  appInfo: () => call<AppInfo>('app_info'),
  /** The files the app was asked to open and the window has not taken yet, oldest first; each is given once. */
  takeLaunchFiles: () => call<LaunchFile[]>('take_launch_files'),
  countries: () => call<Country[]>('countries'),
  identityCreate: (details: Details, passphrase: string) => call<Identity>('identity_create', { details, passphrase }),
  identityUpdate: (details: Details) => call<Identity>('identity_update', { details }),
  identityBackup: (path: string) => call<void>('identity_backup', { path }),
  /** Writes the well-known file (FORMAT.md §14.7); the address to serve it at, if the details give a website. */
  wellKnownExport: (path: string) => call<string | null>('well_known_export', { path }),
  /** Whether the identity's website serves its well-known file, listing its key. */
  wellKnownCheck: () => call<LiveCheck>('well_known_check'),
  identityRestore: (path: string) => call<Identity>('identity_restore', { path }),
  unlock: (passphrase: string) => call<void>('unlock', { passphrase }),
  lock: () => call<void>('lock'),

  statements: () => call<StatementSummary[]>('statements_list'),
  statementCreate: (title: string, body: string, language: string) => call<string>('statement_create', { title, body, language }),
  versions: (id: string) => call<VersionView[]>('statement_versions', { id }),
  statementEdit: (id: string, title: string, body: string, language: string) => call<number>('statement_edit', { id, title, body, language }),
  /** Opens the draft for signature; with witnesses (and how many must co-sign) it is of format 1.1 (FORMAT.md §14.4). */
  statementOpen: (id: string, closesOn: string | null, witnesses: Witness[] = [], quorum: number | null = null, unnamed = false) =>
    call<Opened>('statement_open', { id, closesOn, witnesses, quorum, unnamed }),
  invitationExport: (id: string, path: string) => call<InvitationSaved>('invitation_export', { id, path }),
  markdown: (text: string) => call<string>('markdown_html', { text }),
  importFiles: (paths: string[], onProgress?: OnProgress) => call<ImportResult[]>('import_files', { paths, onProgress: progress(onProgress) }),
  reviewList: (id: string | null) => call<ReviewItem[]>('review_list', { id }),
  reviewAccept: (entry: string) => call<string>('review_accept', { entry }),
  reviewReject: (entry: string, reason: string) => call<string>('review_reject', { entry, reason }),
  signatoriesLatest: (id: string, limit: number) => call<SignatoryRow[]>('signatories_latest', { id, limit }),
  /** Counts and charts; the first call reads the statement's signatories into the backend's memory. */
  signatoriesSummary: (id: string) => call<RosterSummary>('signatories_summary', { id }),
  /** Rows offset..offset+limit (at most 1,000) of the signatories matching `query`, searched by the backend. */
  signatoriesPage: (id: string, query: RosterQuery, offset: number, limit: number) => call<RosterPage>('signatories_page', { id, query, offset, limit }),
  /** Records how the lead checked who holds an entry's key (FORMAT.md §14.7). */
  attestCheck: (entry: string, method: string, checkedOn: string, note: string | null) => call<string>('attest_check', { entry, method, checkedOn, note }),
  /** Fetches the signatories' well-known files (or one entry's) and records what each site showed. */
  attestWebsites: (id: string, entry: string | null, onProgress?: OnProgress) =>
    call<WebsiteCheck[]>('attest_websites', { id, entry, onProgress: progress(onProgress) }),
  attestationsList: (id: string, entry: string | null) => call<AttestationRow[]>('attestations_list', { id, entry }),
  releasePublish: (id: string, onProgress?: OnProgress) => call<ReleaseSummary>('release_publish', { id, onProgress: progress(onProgress) }),
  releases: (id: string) => call<ReleaseRow[]>('releases_list', { id }),
  /** Writes the request a witness co-signs release `number` from: `old` the size of the last release it co-signed (FORMAT.md §14.13). */
  cosignatureRequest: (id: string, number: number, old: number, path: string) => call<void>('cosignature_request', { id, number, old, path }),
  bundleExport: (id: string, number: number | null, path: string) => call<void>('bundle_export', { id, number, path }),
  publicationExport: (id: string, number: number | null, dir: string, onProgress?: OnProgress) =>
    call<PublicationSaved>('publication_export', { id, number, dir, onProgress: progress(onProgress) }),
  storeBackup: (path: string) => call<void>('store_backup', { path }),
  storeRestore: (path: string) => call<void>('store_restore', { path }),

  invitationRead: (path: string) => call<InvitationView>('invitation_read', { path }),
  invitationSign: (path: string, details: Details, out: string) => call<Signed>('invitation_sign', { path, details, out }),
  invitationSignUnnamed: (path: string, details: Details, region: string | null, contact: string | null, out: string) =>
    call<SignedUnnamed>('invitation_sign_unnamed', { path, details, region, contact, out }),
  vettingOpen: (path: string) => call<VettingRead>('vetting_open', { path }),
  /** Statement `id`'s signers not named: state, checks and vouchers, never who they are. */
  unnamedList: (id: string) => call<UnnamedItem[]>('unnamed_list', { id }),
  myHiddenSignatures: () => call<MyHidden[]>('my_hidden_signatures'),
  reveal: (entry: string, out: string) => call<void>('reveal', { entry, out }),
  /** The withdrawal of the member's signature without its name, signed by its one-time key. */
  withdrawHidden: (entry: string, out: string) => call<void>('withdraw_hidden', { entry, out }),
  /** A vouch, as the named signatory of `mine`, for the signer not named whose entry id is `entry`. */
  vouch: (mine: string, entry: string, out: string) => call<void>('vouch', { mine, entry, out }),
  mySignatures: () => call<MySignature[]>('my_signatures'),
  withdraw: (entry: string, out: string) => call<void>('withdraw', { entry, out }),

  /** The report, its first failures and the counts; the entries are read with `verifyLines`. */
  /** With the verifier's own witnesses (`KEY_NAME,PUBLIC_KEY` or verifier keys) and how many must have co-signed (FORMAT.md §14.8). */
  verify: (path: string, previous: string | null, onProgress?: OnProgress, ownWitnesses: string[] = [], ownQuorum: number | null = null) =>
    call<Verified>('verify_bundle', { path, previous, ownWitnesses, ownQuorum, onProgress: progress(onProgress) }),
  /** Lines offset..offset+limit (at most 1,000) of verification `run`'s entries, or of those with a failure. */
  verifyLines: (run: number, offset: number, limit: number, onlyProblems: boolean) => call<EntryReport[]>('verify_lines', { run, offset, limit, onlyProblems }),
  /** Each website verification `run`'s bundle reported, fetched again now (never the verdict). */
  verifyOnline: (run: number) => call<OnlineCheck[]>('verify_online', { run }),
  demoCreate: (onProgress?: OnProgress) => call<DemoCreated>('demo_create', { onProgress: progress(onProgress) }),
  inboxGet: () => call<string | null>('inbox_get'),
  inboxSet: (path: string | null) => call<void>('inbox_set', { path }),
  inboxScan: () => call<ImportResult[]>('inbox_scan'),
  /** Co-signs the checkpoint request in the file at `path` as the witness `keyName`, if it extends the last one co-signed (FORMAT.md §14.13). */
  witnessAddCheckpoint: (path: string, keyName: string) => call<Witnessed>('witness_add_checkpoint', { path, keyName }),
  witnessLogs: () => call<WitnessedLog[]>('witness_logs'),
  witnessCosignatureExport: (origin: string, path: string) => call<void>('witness_cosignature_export', { origin, path }),
  witnessProofExport: (id: number, path: string) => call<void>('witness_proof_export', { id, path }),
};

// ----- Files: the native dialogs return paths; Rust reads and writes them. -----

export type Filter = { name: string; extensions: string[] };
// Functions, not constants: the names are in the UI's language at the time of asking. Each kind
// has its own extension; .json is still offered, as files written before them end with it.
const filter = (name: string, ...extensions: string[]): Filter[] => [{ name: t(name), extensions: [...extensions, 'json'] }];
export const INVITATION_FILES = () => filter('files.invitation', EXTENSIONS.invitation);
export const ENDORSEMENT_FILES = () => filter('files.endorsement', EXTENSIONS.endorsement);
export const WITHDRAWAL_FILES = () => filter('files.withdrawal', EXTENSIONS.withdrawal);
export const HIDDEN_FILES = (): Filter[] => [{ name: t('files.hidden'), extensions: ['undersigned-hidden'] }];
export const VETTING_FILES = (): Filter[] => [{ name: t('files.vetting'), extensions: ['undersigned-vetting'] }];
export const REVEAL_FILES = (): Filter[] => [{ name: t('files.reveal'), extensions: ['undersigned-reveal'] }];
export const VOUCH_FILES = (): Filter[] => [{ name: t('files.vouch'), extensions: ['undersigned-vouch'] }];
/** What a lead imports: endorsements, withdrawals and witnesses' cosignature files. */
export const ENTRY_FILES = () =>
  filter(
    'files.entries',
    EXTENSIONS.endorsement,
    EXTENSIONS.withdrawal,
    'undersigned-cosignature',
    'undersigned-hidden',
    'undersigned-vouch',
    'undersigned-reveal',
  );
/** A witness's request: text (FORMAT.md §14.13). */
export const REQUEST_FILES = (): Filter[] => [{ name: t('files.request'), extensions: ['txt'] }];
export const BUNDLE_FILES = () => filter('files.bundle', EXTENSIONS.bundle);
export const KEY_FILES = () => filter('files.key', EXTENSIONS.key, 'key');
export const STORE_FILES = (): Filter[] => [{ name: t('files.store'), extensions: ['db', 'sqlite'] }];
export const WELL_KNOWN_FILES = (): Filter[] => [{ name: t('files.wellKnown'), extensions: ['json'] }];
export const COSIGNATURE_FILES = (): Filter[] => [{ name: t('files.cosignature'), extensions: ['undersigned-cosignature', 'json'] }];
export const PROOF_FILES = (): Filter[] => [{ name: t('files.proof'), extensions: ['undersigned-equivocation', 'json'] }];

let e2eMode = false;
/** Set from AppInfo.e2e: the end-to-end tests answer the dialogs through `window.__undersignedE2E`. */
export function setE2eMode(on: boolean) {
  e2eMode = on;
}
function e2eAnswer(): string | null | undefined {
  if (!e2eMode) return undefined;
  const q = (window as unknown as { __undersignedE2E?: { paths: (string | null)[] } }).__undersignedE2E;
  return q && q.paths.length ? q.paths.shift() : undefined;
}

export async function pickFile(title: string, filters: Filter[]): Promise<string | null> {
  const a = e2eAnswer();
  if (a !== undefined) return a;
  const r = await open({ title, multiple: false, directory: false, filters });
  return typeof r === 'string' ? r : null;
}

export async function pickFiles(title: string, filters: Filter[]): Promise<string[]> {
  const a = e2eAnswer();
  if (a !== undefined) return a ? a.split('\n') : [];
  const r = await open({ title, multiple: true, directory: false, filters });
  return Array.isArray(r) ? r : r ? [r] : [];
}

export async function pickFolder(title: string): Promise<string | null> {
  const a = e2eAnswer();
  if (a !== undefined) return a;
  const r = await open({ title, directory: true, multiple: false });
  return typeof r === 'string' ? r : null;
}

export async function pickSave(title: string, defaultPath: string, filters: Filter[]): Promise<string | null> {
  const a = e2eAnswer();
  if (a !== undefined) return a;
  return await save({ title, defaultPath, filters });
}

/** Files dropped on the window: `onDrop(paths)`; `onHover(true|false)` while dragging. Returns an unsubscribe. */
function safe(off: () => void): () => void {
  return () => {
    try {
      // Unlistening is asynchronous; a window already gone is fine.
      Promise.resolve(off() as unknown).catch(() => {});
    } catch {
      /* already gone */
    }
  };
}

export async function onFileDrop(onDrop: (paths: string[]) => void, onHover: (over: boolean) => void): Promise<() => void> {
  try {
    const off = await getCurrentWebview().onDragDropEvent((ev) => {
      const p = ev.payload;
      if (p.type === 'enter' || p.type === 'over') onHover(true);
      else if (p.type === 'leave') onHover(false);
      else if (p.type === 'drop') {
        onHover(false);
        if (p.paths.length) onDrop(p.paths);
      }
    });
    return safe(off);
  } catch {
    return () => {};
  }
}

/** Called when the app locks the key after inactivity. */
export async function onLocked(f: () => void): Promise<() => void> {
  try {
    return safe(await listen('session-locked', () => f()));
  } catch {
    return () => {};
  }
}

/** Called when files wait to be opened (a later launch handed its files to this window): take
 *  them with `backend.takeLaunchFiles()`. */
export async function onFilesToOpen(f: () => void): Promise<() => void> {
  try {
    return safe(await listen('files-to-open', () => f()));
  } catch {
    return () => {};
  }
}

export type { AppError };
