// A fake backend for component tests: mockIPC answers each command from `handlers`.
import { mockIPC, mockWindows } from '@tauri-apps/api/mocks';
import { emit } from '@tauri-apps/api/event';
import type { AppInfo, EntryReport, Identity, InvitationView, LaunchFile, RosterSummary, StatementSummary, VerificationReport, Verified } from '../lib/backend';
import { app } from '../lib/app.svelte';

export type Handlers = Record<string, (args: Record<string, unknown>) => unknown>;
export type Call = { cmd: string; args: Record<string, unknown> };

// The files the app was asked to open that the window has not taken yet (the backend's queue).
let handedOver: LaunchFile[] = [];

export function mockBackend(handlers: Handlers): Call[] {
  const calls: Call[] = [];
  handedOver = [];
  mockWindows('main');
  mockIPC(
    (cmd, payload) => {
      const args = (payload ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args });
      const h = handlers[cmd];
      if (h) return h(args);
      if (cmd === 'countries')
        return [
          { code: 'KE', name: 'Kenya' },
          { code: 'SN', name: 'Senegal' },
        ];
      if (cmd === 'markdown_html') return `<p>${String(args.text ?? '')}</p>`;
      if (cmd === 'take_launch_files') return handedOver.splice(0);
      // Most statements have no signers not named: the Signatories screen asks for them.
      if (cmd === 'unnamed_list') return [];
      throw { code: 'internal', message: `unexpected command ${cmd}` };
    },
    { shouldMockEvents: true },
  );
  return calls;
}

/** Files the app is started with, or handed by a later launch: they wait in the backend until
 *  the window takes them (`take_launch_files`). Call after mockBackend. */
export function handOver(...files: LaunchFile[]) {
  handedOver.push(...files);
}

/** The running app is handed files to open: they wait in the backend, which says so with the
 *  `files-to-open` event (mockBackend's events). */
export async function openFile(...files: LaunchFile[]) {
  handOver(...files);
  await emit('files-to-open');
}

export const identity: Identity = {
  public_key: 'ab'.repeat(32),
  fingerprint: '3f2a 9c01 77de 0b1e 5a6c 2d90 aa01 ff42',
  details: { name: 'Green Rivers Alliance', kind: 'organization', country: 'KE', website: null, title: null, affiliation: null },
  key_file: '/data/identity.key',
};

export function info(over: Partial<AppInfo> = {}): AppInfo {
  return {
    version: '0.1.0',
    store_path: '/data/undersigned.db',
    folder: '/data',
    identity: null,
    unlocked: false,
    lock_minutes: 10,
    e2e: false,
    formats_read: ['undersigned/1'],
    format_written: 'undersigned/1',
    ...over,
  };
}

export function statement(over: Partial<StatementSummary> = {}): StatementSummary {
  return {
    id: '9f1c0e6a4b2d8e7f0a1b2c3d4e5f6071',
    title: 'Joint statement on the draft treaty',
    titles: {},
    lead_name: 'Coalition for Rivers',
    lead_fingerprint: identity.fingerprint,
    version: 1,
    state: 'open',
    open_version: 1,
    closes_on: null,
    signatories: 412,
    withdrawn: 7,
    awaiting_review: 2,
    releases: 1,
    ...over,
  };
}

/** What `verify_bundle` answers: the report without its entries, which `verify_lines` gives. */
export function report(valid: boolean, run = 1): Verified {
  const r = fullReport(valid);
  return {
    run,
    report: { ...r, entries: [] },
    error_count: r.errors.length,
    codes: [...new Set(r.errors.map((f) => f.code))],
    entries: r.entries.length,
    problems: r.entries.filter((e) => e.status === 'invalid').length,
  };
}

/** `verify_lines` over the entries of `report(valid)`. */
export function verifyLines(valid: boolean) {
  return (a: Record<string, unknown>): EntryReport[] => {
    const { offset, limit, onlyProblems } = a as { offset: number; limit: number; onlyProblems: boolean };
    return fullReport(valid)
      .entries.filter((e) => !onlyProblems || e.status === 'invalid')
      .slice(offset, offset + limit);
  };
}

function fullReport(valid: boolean): VerificationReport {
  return {
    valid,
    statement: {
      id: '9f1c',
      title: 'Joint statement on the draft treaty',
      version: 1,
      digest: 'ab'.repeat(32),
      lead_name: 'Coalition for Rivers',
      lead_key: 'cd'.repeat(32),
      lead_fingerprint: identity.fingerprint,
      languages: ['en'],
    },
    release: { number: 2, issued_at: '2026-10-01T12:00:00Z', id: 'ee'.repeat(32), log_size: 2, log_root: 'ff'.repeat(32) },
    signatories: valid ? 2 : 1,
    withdrawn: 0,
    by_country: { KE: 1, SN: 1 },
    by_kind: { organization: 2 },
    previous: null,
    errors: valid ? [] : [{ code: 'signature-invalid', message: 'the signature does not verify', at: 'entries[1]' }],
    entries: [
      {
        index: 0,
        kind: 'endorsement',
        id: '01',
        status: 'active',
        name: 'Green Rivers Alliance',
        signer_kind: 'organization',
        country: 'KE',
        website: null,
        title: null,
        affiliation: null,
        fingerprint: '',
        signed_at: '2026-03-04T15:12:09Z',
        withdrawn_at: null,
        version: 1,
        errors: [],
      },
      {
        index: 1,
        kind: 'endorsement',
        id: '02',
        status: valid ? 'active' : 'invalid',
        name: 'Amina Diallo',
        signer_kind: 'organization',
        country: 'SN',
        website: null,
        title: null,
        affiliation: null,
        fingerprint: '',
        signed_at: '2026-03-05T15:12:09Z',
        withdrawn_at: null,
        version: 1,
        errors: [],
      },
    ],
  };
}

/** Resets the app-wide state between tests. */
export function resetApp(over: Partial<typeof app> = {}) {
  Object.assign(app, {
    info: null,
    screen: 'home',
    statementId: null,
    creating: false,
    statements: [],
    countries: [],
    unlock: null,
    loadError: null,
    launch: [],
    waiting: [],
    ...over,
  });
}

/** The counts above the signatories table (and the Releases screen's "new since"). */
export function rosterSummary(over: Partial<RosterSummary> = {}): RosterSummary {
  return {
    snapshot: 1,
    total: 3,
    active: 3,
    organizations: 3,
    withdrawn: 0,
    review: 0,
    pending: 0,
    by_country: [
      { country: 'KE', count: 2 },
      { country: 'SN', count: 1 },
    ],
    weekly: [{ start: '2026-01-01', count: 3 }],
    ...over,
  };
}

/** An invitation as the Sign screen gets it from `invitation_read`. */
export function invitation(path: string, title = 'Joint statement on the draft treaty'): InvitationView {
  return {
    path,
    statement_id: '9f1c',
    version: 1,
    texts: [{ language: 'en', title, body: 'We, the undersigned…' }],
    digest: 'ab'.repeat(32),
    lead_name: 'Coalition for Rivers',
    lead_key: 'cd'.repeat(32),
    lead_fingerprint: '1111 2222 3333 4444 5555 6666 7777 8888',
    opened_at: '2026-03-01T09:00:00Z',
    closes_on: null,
    problems: [],
    already_signed: false,
    witnesses: [],
    quorum: 0,
    accepts_unnamed: false,
  };
}
