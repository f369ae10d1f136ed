// Files opened from outside (a double-click, "open with", a second launch handed to the running
// window) go to the screen for their kind; files are saved with their kind's extension and the
// dialogs offer the extensions of what they open.
import { describe, expect, it, beforeEach } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../../App.svelte';
import Identity from './Identity.svelte';
import Verify from './Verify.svelte';
import Sign from './Sign.svelte';
import Collect from './Collect.svelte';
import Releases from './Releases.svelte';
import SignedList from './SignedList.svelte';
import Statement from './Statement.svelte';
import { app } from '../app.svelte';
import {
  handOver,
  identity,
  info,
  invitation,
  mockBackend,
  openFile,
  report,
  resetApp,
  rosterSummary,
  statement,
  verifyLines,
  type Call,
  type Handlers,
} from '../../test/mock';
import type { FileKind, LaunchFile } from '../backend';

beforeEach(() => resetApp());

// What every screen a file can land on may ask.
const screens: Handlers = {
  statements_list: () => [statement()],
  invitation_read: (a) => invitation(a.path as string, `Statement in ${a.path}`),
  inbox_get: () => null,
  review_list: () => [],
  import_files: (a) => (a.paths as string[]).map((file) => ({ file, outcome: 'accepted', entry: '01', name: 'Green Rivers Alliance' })),
  verify_bundle: () => report(true),
  verify_lines: verifyLines(true),
};

/** The whole app, started with `launch` (a file, several, or none), over `handlers`. */
async function start(launch: LaunchFile | LaunchFile[] | null, handlers: Handlers = {}) {
  const calls = mockBackend({ app_info: () => info({ identity }), ...screens, ...handlers });
  handOver(...(Array.isArray(launch) ? launch : launch ? [launch] : []));
  render(App);
  await waitFor(() => expect(app.info).not.toBeNull());
  return calls;
}

const called = (calls: Call[], cmd: string) => calls.filter((c) => c.cmd === cmd).map((c) => c.args);

describe('A file the app is started with', () => {
  it('an invitation opens on Sign, loaded', async () => {
    const calls = await start({ path: '/in/treaty.undersigned-invitation', kind: 'invitation' });
    expect(await screen.findByTestId('invitation-title')).toHaveTextContent('Statement in /in/treaty.undersigned-invitation');
    expect(app.screen).toBe('sign');
    expect(called(calls, 'invitation_read')).toEqual([{ path: '/in/treaty.undersigned-invitation' }]);
  });

  for (const kind of ['endorsement', 'withdrawal'] as const) {
    it(`an ${kind} is imported on the lead's Collect screen, its outcome shown`, async () => {
      const path = `/in/green-rivers.undersigned-${kind}`;
      const calls = await start({ path, kind });
      expect(await screen.findByTestId('import-results')).toHaveTextContent('1 file: 1 accepted, 0 held for review, 0 rejected');
      expect(screen.getByTestId('import-results')).toHaveTextContent('green-rivers.undersigned-' + kind);
      expect(app.screen).toBe('collect');
      expect(called(calls, 'import_files').map((a) => a.paths)).toEqual([[path]]);
    });
  }

  it('a bundle opens on Verify and is verified', async () => {
    const calls = await start({ path: '/in/signatories-release-2.undersigned-bundle', kind: 'bundle' });
    expect(await screen.findByTestId('verdict')).toHaveAttribute('data-valid', 'true');
    expect(app.screen).toBe('verify');
    expect(called(calls, 'verify_bundle')).toMatchObject([{ path: '/in/signatories-release-2.undersigned-bundle', previous: null }]);
  });

  it('a key file opens on Identity, which offers to restore from it and waits to be asked', async () => {
    let restored = false;
    const calls = await start(
      { path: '/in/identity-backup.undersigned-key', kind: 'key' },
      {
        app_info: () => info({ identity: restored ? identity : null }),
        identity_restore: () => ((restored = true), identity),
      },
    );
    const offer = await screen.findByTestId('key-offer');
    expect(app.screen).toBe('identity');
    expect(offer).toHaveTextContent('Restore your identity from it?');
    expect(offer).toHaveTextContent('/in/identity-backup.undersigned-key');
    expect(called(calls, 'identity_restore')).toEqual([]);
    await userEvent.click(screen.getByTestId('key-offer-restore'));
    expect(await screen.findByTestId('identity-message')).toHaveTextContent('Your key is restored');
    expect(called(calls, 'identity_restore')).toEqual([{ path: '/in/identity-backup.undersigned-key' }]);
    expect(screen.queryByTestId('key-offer')).toBeNull();
  });

  it('a key file, when there is an identity already, is said not to be used (an identity is never replaced)', async () => {
    const calls = await start({ path: '/in/other.undersigned-key', kind: 'key' });
    const offer = await screen.findByTestId('key-offer');
    expect(offer).toHaveTextContent('already has an identity');
    expect(screen.queryByTestId('key-offer-restore')).toBeNull();
    await userEvent.click(screen.getByTestId('key-offer-dismiss'));
    expect(screen.queryByTestId('key-offer')).toBeNull();
    expect(called(calls, 'identity_restore')).toEqual([]);
  });

  it('a file the app does not know opens on Verify, which says so and verifies nothing', async () => {
    const calls = await start({ path: '/in/holiday.png', kind: 'unknown' });
    const notice = await screen.findByTestId('unknown-file');
    expect(app.screen).toBe('verify');
    expect(notice).toHaveTextContent('Undersigned cannot open this file.');
    expect(notice).toHaveTextContent('/in/holiday.png');
    expect(notice).toHaveAttribute('role', 'status');
    expect(called(calls, 'verify_bundle')).toEqual([]);
    expect(screen.queryByTestId('verdict')).toBeNull();
  });

  it('made by a newer version of the app opens on Verify, which says to update the app', async () => {
    const calls = await start({ path: '/in/treaty.undersigned-invitation', kind: 'newer' });
    const notice = await screen.findByTestId('newer-file');
    expect(app.screen).toBe('verify');
    expect(notice).toHaveTextContent('This file was made by a newer version of Undersigned.');
    expect(notice).toHaveTextContent('Update Undersigned to its latest version');
    expect(notice).toHaveTextContent('/in/treaty.undersigned-invitation');
    expect(screen.queryByTestId('unknown-file')).toBeNull();
    expect(called(calls, 'verify_bundle')).toEqual([]);
    expect(called(calls, 'invitation_read')).toEqual([]);
  });

  it('is opened once: coming back to its screen does not open it again', async () => {
    const calls = await start({ path: '/in/treaty.undersigned-invitation', kind: 'invitation' });
    await screen.findByTestId('invitation-title');
    await userEvent.click(screen.getByTestId('nav-home'));
    await userEvent.click(screen.getByTestId('nav-sign'));
    expect(await screen.findByTestId('open-invitation')).toBeInTheDocument();
    expect(called(calls, 'invitation_read')).toHaveLength(1);
  });
});

describe('Several files at once', () => {
  it('the first opens, the others wait their turn in order, each opened when asked', async () => {
    const calls = await start([
      { path: '/in/first.undersigned-invitation', kind: 'invitation' },
      { path: '/in/list.undersigned-bundle', kind: 'bundle' },
      { path: '/in/second.undersigned-invitation', kind: 'invitation' },
    ]);
    expect(await screen.findByTestId('invitation-title')).toHaveTextContent('Statement in /in/first.undersigned-invitation');
    const waiting = screen.getByTestId('files-waiting');
    expect(waiting).toHaveTextContent('2 more files you opened are waiting their turn. Next: list.undersigned-bundle');
    expect(waiting).toHaveAttribute('role', 'status');

    await userEvent.click(screen.getByTestId('open-next-file'));
    expect(await screen.findByTestId('verdict')).toHaveAttribute('data-valid', 'true');
    expect(app.screen).toBe('verify');
    expect(screen.getByTestId('files-waiting')).toHaveTextContent('One more file you opened is waiting its turn: second.undersigned-invitation');

    await userEvent.click(screen.getByTestId('open-next-file'));
    await waitFor(() => expect(screen.getByTestId('invitation-title')).toHaveTextContent('Statement in /in/second.undersigned-invitation'));
    expect(screen.queryByTestId('files-waiting')).toBeNull();
    expect(called(calls, 'invitation_read').map((a) => a.path)).toEqual(['/in/first.undersigned-invitation', '/in/second.undersigned-invitation']);
    expect(called(calls, 'take_launch_files')).toHaveLength(1);
  });

  it('endorsements and withdrawals are imported together, whatever lies between them', async () => {
    const calls = await start([
      { path: '/in/a.undersigned-endorsement', kind: 'endorsement' },
      { path: '/in/list.undersigned-bundle', kind: 'bundle' },
      { path: '/in/b.undersigned-withdrawal', kind: 'withdrawal' },
      { path: '/in/c.json', kind: 'endorsement' },
    ]);
    expect(await screen.findByTestId('import-results')).toHaveTextContent('3 files: 3 accepted');
    expect(called(calls, 'import_files').map((a) => a.paths)).toEqual([['/in/a.undersigned-endorsement', '/in/b.undersigned-withdrawal', '/in/c.json']]);
    expect(screen.getByTestId('files-waiting')).toHaveTextContent('list.undersigned-bundle');
  });

  it('the waiting files can be left unopened', async () => {
    const calls = await start([
      { path: '/in/list.undersigned-bundle', kind: 'bundle' },
      { path: '/in/x.undersigned-invitation', kind: 'invitation' },
    ]);
    await screen.findByTestId('verdict');
    await userEvent.click(screen.getByTestId('skip-waiting-files'));
    expect(screen.queryByTestId('files-waiting')).toBeNull();
    expect(app.screen).toBe('verify');
    expect(called(calls, 'invitation_read')).toEqual([]);
  });

  it('a file handed over while others wait is shown at once; the others still wait', async () => {
    await start([
      { path: '/in/list.undersigned-bundle', kind: 'bundle' },
      { path: '/in/x.undersigned-invitation', kind: 'invitation' },
    ]);
    await screen.findByTestId('verdict');
    await openFile({ path: '/in/me.undersigned-key', kind: 'key' }, { path: '/in/other.undersigned-bundle', kind: 'bundle' });
    expect(await screen.findByTestId('key-offer')).toHaveTextContent('/in/me.undersigned-key');
    expect(app.waiting.map((f) => f.path)).toEqual(['/in/x.undersigned-invitation', '/in/other.undersigned-bundle']);
    expect(screen.getByTestId('files-waiting')).toHaveTextContent('2 more files');
  });

  it('files handed over before the window listens are not lost', async () => {
    // A later launch hands its file over while this window is still starting: no event reaches
    // it, but the backend keeps the file until the window takes it.
    const calls = mockBackend({ app_info: () => info({ identity }), ...screens });
    handOver({ path: '/in/early.undersigned-bundle', kind: 'bundle' });
    render(App);
    expect(await screen.findByTestId('verdict')).toBeInTheDocument();
    expect(called(calls, 'verify_bundle').map((a) => a.path)).toEqual(['/in/early.undersigned-bundle']);
  });
});

describe('A file handed to the running app', () => {
  it('goes to the screen for its kind, and another file on the same screen replaces it', async () => {
    const calls = await start(null);
    expect(await screen.findByTestId('statement-list')).toBeInTheDocument();

    await openFile({ path: '/in/first.undersigned-invitation', kind: 'invitation' });
    expect(await screen.findByTestId('invitation-title')).toHaveTextContent('Statement in /in/first.undersigned-invitation');
    expect(app.screen).toBe('sign');
    await openFile({ path: '/in/second.undersigned-invitation', kind: 'invitation' });
    await waitFor(() => expect(screen.getByTestId('invitation-title')).toHaveTextContent('Statement in /in/second.undersigned-invitation'));
    // The same file again is read again.
    await openFile({ path: '/in/second.undersigned-invitation', kind: 'invitation' });
    await waitFor(() => expect(called(calls, 'invitation_read')).toHaveLength(3));

    await openFile({ path: '/in/a.undersigned-endorsement', kind: 'endorsement' });
    expect(await screen.findByTestId('import-results')).toHaveTextContent('a.undersigned-endorsement');
    expect(app.screen).toBe('collect');
    await openFile({ path: '/in/b.undersigned-withdrawal', kind: 'withdrawal' });
    await waitFor(() => expect(screen.getByTestId('import-results')).toHaveTextContent('b.undersigned-withdrawal'));
    expect(called(calls, 'import_files').map((a) => a.paths)).toEqual([['/in/a.undersigned-endorsement'], ['/in/b.undersigned-withdrawal']]);

    await openFile({ path: '/in/notes.txt', kind: 'unknown' });
    expect(await screen.findByTestId('unknown-file')).toHaveTextContent('/in/notes.txt');
    expect(app.screen).toBe('verify');
    await openFile({ path: '/in/list.undersigned-bundle', kind: 'bundle' });
    expect(await screen.findByTestId('verdict')).toHaveAttribute('data-valid', 'true');
    expect(screen.queryByTestId('unknown-file')).toBeNull();
    await openFile({ path: '/in/other-list.json', kind: 'bundle' });
    await waitFor(() => expect(called(calls, 'verify_bundle').map((a) => a.path)).toEqual(['/in/list.undersigned-bundle', '/in/other-list.json']));

    await openFile({ path: '/in/me.undersigned-key', kind: 'key' });
    expect(await screen.findByTestId('key-offer')).toHaveTextContent('/in/me.undersigned-key');
    expect(app.screen).toBe('identity');
  });

  it('a second list opened while the first is checked is the one shown, whatever order the answers come in', async () => {
    let first: (v: unknown) => void = () => {};
    await start(null, {
      verify_bundle: (a) => (a.path === '/in/first.undersigned-bundle' ? new Promise((ok) => (first = ok)) : report(false, 2)),
      verify_lines: verifyLines(false),
    });
    await screen.findByTestId('statement-list');
    await openFile({ path: '/in/first.undersigned-bundle', kind: 'bundle' });
    await openFile({ path: '/in/second.undersigned-bundle', kind: 'bundle' });
    expect(await screen.findByTestId('verdict')).toHaveAttribute('data-valid', 'false');
    first(report(true));
    await new Promise((ok) => setTimeout(ok, 50));
    expect(screen.getByTestId('verdict')).toHaveAttribute('data-valid', 'false');
    expect(screen.getByTestId('verify-drop')).toHaveTextContent('second.undersigned-bundle');
  });

  it('closes the About box to show it', async () => {
    await start(null);
    await userEvent.click(await screen.findByTestId('about-open'));
    expect(screen.getByTestId('about-dialog')).toBeInTheDocument();
    await openFile({ path: '/in/list.undersigned-bundle', kind: 'bundle' });
    expect(await screen.findByTestId('verdict')).toBeInTheDocument();
    expect(screen.queryByTestId('about-dialog')).toBeNull();
  });
});

// ----- Saving and opening: extensions -----

type DialogOptions = { title: string; defaultPath?: string; filters: { name: string; extensions: string[] }[] };
const dialog = (calls: Call[], cmd: 'open' | 'save') => called(calls, `plugin:dialog|${cmd}`).map((a) => a.options as DialogOptions);
const extensionsOf = (o: DialogOptions) => o.filters.flatMap((f) => f.extensions);

describe('Saved files', () => {
  // The Statement screen with version 1 open, titled `title`: the save dialog's options.
  async function saveInvitation(title: string) {
    const calls = mockBackend({
      statement_versions: () => [
        {
          version: 1,
          state: 'open',
          texts: [{ language: 'en', title, body: 'B' }],
          digest: 'ab'.repeat(32),
          opened_at: '2026-03-01T09:00:00Z',
          closes_on: null,
          endorsements: 0,
        },
      ],
      'plugin:dialog|save': () => null,
    });
    app.info = info({ identity });
    app.statements = [statement({ title })];
    app.statementId = statement().id;
    render(Statement);
    await userEvent.click(await screen.findByTestId('export-invitation'));
    await waitFor(() => expect(dialog(calls, 'save')).toHaveLength(1));
    return dialog(calls, 'save')[0];
  }

  it('an invitation is named after the statement', async () => {
    const o = await saveInvitation('Joint statement on the draft treaty');
    expect(o.defaultPath).toBe('joint-statement-on-the-draft-treaty.undersigned-invitation');
    expect(o.filters).toEqual([{ name: 'Invitations', extensions: ['undersigned-invitation', 'json'] }]);
  });

  it('an invitation whose title leaves no ASCII letters is "invitation"', async () => {
    expect((await saveInvitation('بيان مشترك')).defaultPath).toBe('invitation.undersigned-invitation');
  });

  it("an endorsement is named after the signer, and the invitation's dialog offers invitations", async () => {
    const calls = mockBackend({
      'plugin:dialog|open': () => '/in/treaty.undersigned-invitation',
      'plugin:dialog|save': () => null,
      invitation_read: (a) => invitation(a.path as string),
    });
    app.info = info({ identity });
    render(Sign);
    await userEvent.click(screen.getByTestId('open-invitation'));
    await userEvent.click(await screen.findByTestId('understood'));
    await userEvent.click(screen.getByTestId('sign'));
    await waitFor(() => expect(dialog(calls, 'save')).toHaveLength(1));
    expect(extensionsOf(dialog(calls, 'open')[0])).toEqual(['undersigned-invitation', 'json']);
    const [o] = dialog(calls, 'save');
    expect(o.defaultPath).toBe('green-rivers-alliance.undersigned-endorsement');
    expect(extensionsOf(o)).toEqual(['undersigned-endorsement', 'json']);
  });

  it('a withdrawal is named after its entry', async () => {
    const calls = mockBackend({
      my_signatures: () => [
        {
          entry: '9f1c0e6a4b2d8e7f',
          statement_id: statement().id,
          title: 'Joint statement',
          version: 1,
          name: 'Green Rivers Alliance',
          signed_at: '2026-03-04T15:12:09Z',
          withdrawn: false,
        },
      ],
      'plugin:dialog|save': () => null,
    });
    app.info = info({ identity });
    render(SignedList);
    await userEvent.click(await screen.findByTestId('withdraw'));
    await userEvent.click(screen.getByTestId('withdraw-confirm'));
    await waitFor(() => expect(dialog(calls, 'save')).toHaveLength(1));
    const [o] = dialog(calls, 'save');
    expect(o.defaultPath).toBe('withdrawal-9f1c0e6a.undersigned-withdrawal');
    expect(extensionsOf(o)).toEqual(['undersigned-withdrawal', 'json']);
  });

  it('signatures without the name show once the key opens them; a reveal is asked for, then saved under a name that says nothing', async () => {
    const calls = mockBackend({
      my_signatures: () => [],
      app_info: () => info({ identity, unlocked: true }),
      my_hidden_signatures: () => [
        {
          entry: 'ab'.repeat(32),
          statement_id: statement().id,
          title: 'Joint call',
          version: 1,
          name: 'Mothers of the Disappeared',
          region: 'asia',
          signed_at: '2026-03-04T15:12:09Z',
          withdrawn: false,
          revealed: false,
        },
      ],
      'plugin:dialog|save': () => '/files/reveal.undersigned-reveal',
      reveal: () => null,
    });
    app.info = info({ identity, unlocked: true });
    render(SignedList);
    expect(screen.getByTestId('my-hidden')).not.toHaveTextContent('Mothers of the Disappeared');
    await userEvent.click(screen.getByTestId('hidden-show'));
    expect(await screen.findByTestId('my-hidden')).toHaveTextContent('Joint call');
    expect(screen.getByTestId('my-hidden')).toHaveTextContent('Asia');
    await userEvent.click(screen.getByTestId('reveal'));
    expect(screen.getByTestId('my-hidden')).toHaveTextContent(
      'Name “Mothers of the Disappeared” on this list from the next release on? This cannot be undone.',
    );
    await userEvent.click(screen.getByTestId('reveal-confirm'));
    await waitFor(() => expect(calls.find((c) => c.cmd === 'reveal')?.args).toMatchObject({ entry: 'ab'.repeat(32), out: '/files/reveal.undersigned-reveal' }));
    const [o] = dialog(calls, 'save');
    expect(o.defaultPath).toBe('reveal.undersigned-reveal');
    expect(await screen.findByTestId('withdraw-done')).toHaveTextContent('from its next release on, the list names “Mothers of the Disappeared”');
  });

  it('a signature without the name is withdrawn after a confirmation, and then shows as withdrawn', async () => {
    let withdrawn = false;
    const calls = mockBackend({
      my_signatures: () => [],
      app_info: () => info({ identity, unlocked: true }),
      my_hidden_signatures: () => [
        {
          entry: 'cd'.repeat(32),
          statement_id: statement().id,
          title: 'Joint call',
          version: 1,
          name: 'Mothers of the Disappeared',
          region: null,
          signed_at: '2026-03-04T15:12:09Z',
          withdrawn,
          revealed: false,
        },
      ],
      'plugin:dialog|save': () => '/files/withdrawal-cdcdcdcd.undersigned-withdrawal',
      withdraw_hidden: () => {
        withdrawn = true;
        return null;
      },
    });
    app.info = info({ identity, unlocked: true });
    render(SignedList);
    await userEvent.click(screen.getByTestId('hidden-show'));
    await userEvent.click(await screen.findByTestId('hidden-withdraw'));
    expect(screen.getByTestId('my-hidden')).toHaveTextContent('nobody learns who you are');
    expect(calls.some((c) => c.cmd === 'withdraw_hidden')).toBe(false);
    await userEvent.click(screen.getByTestId('hidden-withdraw-confirm'));
    await waitFor(() => expect(calls.find((c) => c.cmd === 'withdraw_hidden')?.args).toMatchObject({ entry: 'cd'.repeat(32) }));
    expect(dialog(calls, 'save')[0].defaultPath).toBe('withdrawal-cdcdcdcd.undersigned-withdrawal');
    expect(await screen.findByTestId('withdraw-done')).toHaveTextContent('its next release counts one signatory fewer');
    await waitFor(() => expect(screen.getByTestId('my-hidden')).toHaveTextContent('Withdrawn'));
    expect(screen.queryByTestId('hidden-withdraw')).toBeNull();
  });

  it('a named signatory vouches for the entry id the coalition gave, saved as a vouch file', async () => {
    const calls = mockBackend({
      my_signatures: () => [
        {
          entry: '9f1c0e6a4b2d8e7f',
          statement_id: statement().id,
          title: 'Joint statement',
          version: 1,
          name: 'Green Rivers Alliance',
          signed_at: '2026-03-04T15:12:09Z',
          withdrawn: false,
        },
      ],
      app_info: () => info({ identity, unlocked: true }),
      'plugin:dialog|save': () => '/files/vouch.undersigned-vouch',
      vouch: () => null,
    });
    app.info = info({ identity, unlocked: true });
    render(SignedList);
    await userEvent.click(await screen.findByTestId('vouch'));
    expect(screen.getByTestId('vouch-save')).toBeDisabled();
    await userEvent.type(screen.getByLabelText('Entry id the coalition gave you'), 'ef'.repeat(32));
    await userEvent.click(screen.getByTestId('vouch-save'));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === 'vouch')?.args).toMatchObject({
        mine: '9f1c0e6a4b2d8e7f',
        entry: 'ef'.repeat(32),
        out: '/files/vouch.undersigned-vouch',
      }),
    );
    const [o] = dialog(calls, 'save');
    expect(o.defaultPath).toBe('vouch-efefefef.undersigned-vouch');
    expect(extensionsOf(o)).toEqual(['undersigned-vouch']);
    expect(await screen.findByTestId('withdraw-done')).toHaveTextContent('Vouch saved to /files/vouch.undersigned-vouch');
    expect(screen.queryByTestId('vouch-form')).toBeNull();
  });

  it('a bundle is named after its release', async () => {
    const calls = mockBackend({
      releases_list: () => [
        { number: 2, issued_at: '2026-10-01T12:00:00Z', entries: 4, signatories: 3, withdrawn: 1, root: 'ab'.repeat(32), witnesses: [], quorum: 0 },
      ],
      signatories_summary: () => rosterSummary(),
      'plugin:dialog|save': () => null,
    });
    app.info = info({ identity });
    app.statements = [statement({ releases: 2 })];
    app.statementId = statement().id;
    render(Releases);
    await userEvent.click(await screen.findByTestId('export-bundle'));
    await waitFor(() => expect(dialog(calls, 'save')).toHaveLength(1));
    const [o] = dialog(calls, 'save');
    expect(o.defaultPath).toBe('signatories-release-2.undersigned-bundle');
    expect(extensionsOf(o)).toEqual(['undersigned-bundle', 'json']);
  });

  it('a key backup is identity-backup.undersigned-key; a restore opens key files, old ones too', async () => {
    const calls = mockBackend({ 'plugin:dialog|save': () => null, 'plugin:dialog|open': () => null });
    app.info = info({ identity });
    const { unmount } = render(Identity);
    await userEvent.click(screen.getByTestId('backup'));
    await waitFor(() => expect(dialog(calls, 'save')).toHaveLength(1));
    const [o] = dialog(calls, 'save');
    expect(o.defaultPath).toBe('identity-backup.undersigned-key');
    expect(extensionsOf(o)).toEqual(['undersigned-key', 'key', 'json']);
    unmount();
    app.info = info();
    render(Identity);
    await userEvent.click(screen.getByTestId('restore'));
    await waitFor(() => expect(dialog(calls, 'open')).toHaveLength(1));
    expect(extensionsOf(dialog(calls, 'open')[0])).toEqual(['undersigned-key', 'key', 'json']);
  });
});

describe('Opened files', () => {
  it('Collect offers endorsements, withdrawals and cosignatures; Verify offers bundles, for the list and the previous one', async () => {
    const calls = mockBackend({
      'plugin:dialog|open': (a) => ((a.options as { multiple: boolean }).multiple ? [] : '/in/list.undersigned-bundle'),
      inbox_get: () => null,
      review_list: () => [],
      verify_bundle: () => report(true),
      verify_lines: verifyLines(true),
    });
    app.info = info({ identity });
    const collect = render(Collect);
    await userEvent.click(screen.getByTestId('import-choose'));
    await waitFor(() => expect(dialog(calls, 'open')).toHaveLength(1));
    expect(dialog(calls, 'open')[0].filters).toEqual([
      {
        name: 'Endorsements, withdrawals and cosignatures',
        extensions: [
          'undersigned-endorsement',
          'undersigned-withdrawal',
          'undersigned-cosignature',
          'undersigned-hidden',
          'undersigned-vouch',
          'undersigned-reveal',
          'json',
        ],
      },
    ]);
    collect.unmount();
    render(Verify);
    await userEvent.click(screen.getByTestId('verify-choose'));
    await screen.findByTestId('verdict');
    await userEvent.click(screen.getByTestId('verify-previous'));
    await waitFor(() => expect(dialog(calls, 'open')).toHaveLength(3));
    for (const o of dialog(calls, 'open').slice(1))
      expect(o.filters).toEqual([{ name: 'Signatory lists (bundles)', extensions: ['undersigned-bundle', 'json'] }]);
  });

  it('each kind has its screen, a file the app does not know or cannot read yet Verify', async () => {
    const { LAUNCH_SCREEN } = await import('../app.svelte');
    const kinds: FileKind[] = ['invitation', 'endorsement', 'withdrawal', 'bundle', 'key', 'newer', 'unknown'];
    expect(kinds.map((k) => LAUNCH_SCREEN[k])).toEqual(['sign', 'collect', 'collect', 'verify', 'identity', 'verify', 'verify']);
  });
});
