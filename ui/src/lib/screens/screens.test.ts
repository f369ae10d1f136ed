import { describe, expect, it, beforeEach } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../../App.svelte';
import Identity from './Identity.svelte';
import Verify from './Verify.svelte';
import Sign from './Sign.svelte';
import Collect from './Collect.svelte';
import Signatories from './Signatories.svelte';
import Releases from './Releases.svelte';
import Statement from './Statement.svelte';
import Witness from './Witness.svelte';
import PassphrasePrompt from '../components/PassphrasePrompt.svelte';
import ProgressBar from '../components/ProgressBar.svelte';
import { app } from '../app.svelte';
import {
  identity,
  info,
  invitation as invitationFixture,
  mockBackend,
  report,
  resetApp,
  rosterSummary,
  statement,
  verifyLines,
  type Handlers,
} from '../../test/mock';
import type {
  InvitationView,
  LiveCheck,
  Progress,
  ReleaseRow,
  ReviewItem,
  RosterPage,
  RosterQuery,
  RosterSummary,
  SignatoryRow,
  Verified,
  WebsiteCheck,
  WitnessInfo,
} from '../backend';

beforeEach(() => resetApp());

describe('Home', () => {
  it('lists statements and what needs attention, even without an identity', async () => {
    mockBackend({ app_info: () => info(), statements_list: () => [statement()] });
    render(App);
    expect(await screen.findByTestId('welcome')).toBeInTheDocument();
    expect(await screen.findByText('Joint statement on the draft treaty')).toBeInTheDocument();
    expect(screen.getByTestId('attention')).toHaveTextContent('2 endorsements are waiting for your review');
    expect(screen.getByText('Open for signature')).toBeInTheDocument();
  });

  it("shows each statement's title in the window's language when it has one", async () => {
    mockBackend({
      app_info: () => info({ identity }),
      statements_list: () => [statement({ title: 'بيان مشترك', titles: { ar: 'بيان مشترك', en: 'Joint statement', fr: 'Déclaration commune' } })],
    });
    render(App);
    expect(await screen.findByRole('heading', { level: 3, name: 'Joint statement' })).toBeInTheDocument();
  });

  it('makes the demo coalition', async () => {
    let made = false;
    mockBackend({
      app_info: () => info({ identity }),
      statements_list: () => (made ? [statement({ signatories: 650 })] : []),
      demo_create: () => (
        (made = true),
        {
          statement_id: statement().id,
          folder: '/data/demo-1',
          signatories: 650,
          lead_key: '/data/demo-1/lead.undersigned-key',
          passphrase: 'demo',
          by_tier: { website: 300, attested: 120, 'self-declared': 230 },
        }
      ),
    });
    render(App);
    await userEvent.click(await screen.findByTestId('try-demo'));
    expect(await screen.findByTestId('demo-ready')).toHaveTextContent('650 signatories');
    expect(screen.getByTestId('demo-tiers')).toHaveTextContent('300 on their own website, 120 checked by the coalition, 230 self-declared');
    expect(app.statementId).toBe(statement().id);
  });
});

describe('Identity', () => {
  it('creates an identity with the details and passphrase given', async () => {
    const calls = mockBackend({
      identity_create: () => identity,
      app_info: () => info({ identity, unlocked: true }),
      statements_list: () => [],
    });
    app.info = info();
    render(Identity);
    const user = userEvent.setup();
    await user.type(screen.getByTestId('details-name'), 'Green Rivers Alliance');
    await waitFor(() => expect(screen.getByRole('option', { name: 'Kenya' })).toBeInTheDocument());
    await user.selectOptions(screen.getByTestId('details-country'), 'KE');
    await user.type(screen.getByTestId('passphrase'), 'correct horse battery staple');
    expect(screen.getByText(/Strong:|Good:/)).toBeInTheDocument();
    await user.type(screen.getByTestId('passphrase-again'), 'correct horse battery staple');
    await user.click(screen.getByTestId('create-identity'));
    await screen.findByTestId('identity-message');
    const c = calls.find((c) => c.cmd === 'identity_create')!;
    expect(c.args.passphrase).toBe('correct horse battery staple');
    expect(c.args.details).toMatchObject({ name: 'Green Rivers Alliance', country: 'KE', kind: 'organization' });
    expect(await screen.findByTestId('fingerprint')).toHaveTextContent(identity.fingerprint);
  });

  it('refuses two different passphrases and shows errors by code', async () => {
    mockBackend({
      identity_create: () => {
        throw { code: 'invalid', message: 'the name is empty' };
      },
    });
    app.info = info();
    render(Identity);
    const user = userEvent.setup();
    await user.type(screen.getByTestId('details-name'), 'X');
    await waitFor(() => screen.getByRole('option', { name: 'Kenya' }));
    await user.selectOptions(screen.getByTestId('details-country'), 'KE');
    await user.type(screen.getByTestId('passphrase'), 'one passphrase');
    await user.type(screen.getByTestId('passphrase-again'), 'another one');
    await user.click(screen.getByTestId('create-identity'));
    expect(await screen.findByTestId('identity-error')).toHaveTextContent('not the same');
    await user.clear(screen.getByTestId('passphrase-again'));
    await user.type(screen.getByTestId('passphrase-again'), 'one passphrase');
    await user.click(screen.getByTestId('create-identity'));
    expect(await screen.findByTestId('identity-error')).toHaveTextContent('Please check: the name is empty');
  });
});

describe('Identity: the file for the website', () => {
  it('saves the well-known file and says where the website must serve it', async () => {
    const site = { ...identity, details: { ...identity.details!, website: 'https://greenrivers.example' } };
    const calls = mockBackend({
      app_info: () => info({ identity: site }),
      'plugin:dialog|save': () => '/files/undersigned.json',
      well_known_export: () => 'https://greenrivers.example/.well-known/undersigned.json',
    });
    app.info = info({ identity: site });
    render(Identity);
    await userEvent.click(await screen.findByTestId('well-known'));
    const message = await screen.findByTestId('identity-message');
    expect(message).toHaveTextContent('/files/undersigned.json');
    expect(message).toHaveTextContent('https://greenrivers.example/.well-known/undersigned.json');
    expect(calls.find((c) => c.cmd === 'well_known_export')!.args.path).toBe('/files/undersigned.json');
  });

  it('checks that the website serves the file, as a coalition will: not yet, then live', async () => {
    const site = { ...identity, details: { ...identity.details!, website: 'https://greenrivers.example' } };
    const url = 'https://greenrivers.example/.well-known/undersigned.json';
    let answer: LiveCheck = { kind: 'not-yet', url, status: 404, finding: 'http-status' };
    mockBackend({ app_info: () => info({ identity: site }), well_known_check: () => answer });
    app.info = info({ identity: site });
    render(Identity);
    await userEvent.click(await screen.findByTestId('well-known-check'));
    expect(await screen.findByRole('alert')).toHaveTextContent(`${url} does not serve your file listing this key yet: The site did not serve the file.`);
    answer = { kind: 'live', url };
    await userEvent.click(screen.getByTestId('well-known-check'));
    expect(await screen.findByTestId('identity-message')).toHaveTextContent(`${url} serves your file and lists your key`);
    answer = { kind: 'failed', url, failure: { kind: 'tls', detail: 'bad certificate' } };
    await userEvent.click(screen.getByTestId('well-known-check'));
    expect(await screen.findByRole('alert')).toHaveTextContent(`${url} could not be checked: the secure connection failed`);
  });

  it('without a website, says where on the site the file goes', async () => {
    mockBackend({
      app_info: () => info({ identity }),
      'plugin:dialog|save': () => '/files/undersigned.json',
      well_known_export: () => null,
    });
    app.info = info({ identity });
    render(Identity);
    await userEvent.click(await screen.findByTestId('well-known'));
    expect(await screen.findByTestId('identity-message')).toHaveTextContent('/.well-known/undersigned.json');
  });
});

describe('Witness', () => {
  const origin = `undersigned/${'ab'.repeat(32)}/9f1c0e6a4b2d8e7f0a1b2c3d4e5f6071`;
  const followed = (proofs: { id: number; received_at: string }[] = []) => ({
    origin,
    statement_id: '9f1c0e6a4b2d8e7f0a1b2c3d4e5f6071',
    lead_fingerprint: '1a2b 3c4d 5e6f 7081 92a3 b4c5 d6e7 f809',
    key_name: 'press.example/witness',
    size: 7,
    cosigned_at: '2026-12-05T10:00:00Z',
    refused: proofs.length,
    proofs,
  });

  it('co-signs a request with the name used last, then saves the answer for the coalition', async () => {
    let logs: ReturnType<typeof followed>[] = [followed()];
    const calls = mockBackend({
      app_info: () => info({ identity, unlocked: true }),
      witness_logs: () => logs,
      'plugin:dialog|open': () => '/files/request.txt',
      'plugin:dialog|save': () => '/files/cosignature.undersigned-cosignature',
      witness_add_checkpoint: () => ((logs = [{ ...followed(), size: 9 }]), { outcome: 'cosigned', origin, size: 9 }),
      witness_cosignature_export: () => null,
    });
    app.info = info({ identity, unlocked: true });
    render(Witness);
    const name = await screen.findByTestId('witness-key-name');
    await waitFor(() => expect(name).toHaveValue('press.example/witness'));
    await userEvent.click(screen.getByTestId('witness-choose'));
    const outcome = await screen.findByTestId('witness-outcome');
    expect(outcome).toHaveTextContent('Co-signed: statement 9f1c0e6a4b2d8e7f0a1b2c3d4e5f6071, 9 entries');
    expect(calls.find((c) => c.cmd === 'witness_add_checkpoint')!.args).toEqual({ path: '/files/request.txt', keyName: 'press.example/witness' });
    await waitFor(() => expect(screen.getByTestId('witness-logs')).toHaveTextContent('9'));
    await userEvent.click(screen.getByTestId('witness-save-cosignature'));
    expect(await screen.findByTestId('witness-message')).toHaveTextContent('/files/cosignature.undersigned-cosignature');
    expect(calls.find((c) => c.cmd === 'witness_cosignature_export')!.args).toEqual({ origin, path: '/files/cosignature.undersigned-cosignature' });
  });

  it('explains a refusal by its status, and saves the proof when the lead signed two lists', async () => {
    let answer: unknown = { outcome: 'refused', status: 409, detail: 'the last one co-signed has size 7', proof: null };
    const calls = mockBackend({
      app_info: () => info({ identity, unlocked: true }),
      witness_logs: () => [followed([{ id: 4, received_at: '2026-12-06T09:00:00Z' }])],
      'plugin:dialog|open': () => '/files/request.txt',
      'plugin:dialog|save': () => '/files/proof.undersigned-equivocation',
      witness_add_checkpoint: () => answer,
      witness_proof_export: () => null,
    });
    app.info = info({ identity, unlocked: true });
    render(Witness);
    await userEvent.type(await screen.findByTestId('witness-key-name'), 'x');
    await userEvent.click(screen.getByTestId('witness-choose'));
    let outcome = await screen.findByTestId('witness-outcome');
    expect(outcome).toHaveAttribute('data-status', '409');
    expect(outcome).toHaveTextContent('starts from another release than the last one you co-signed');
    expect(outcome).toHaveTextContent('Details (in English): the last one co-signed has size 7');
    expect(screen.queryByTestId('witness-save-proof')).toBeNull();

    answer = { outcome: 'refused', status: 422, detail: 'the lead signed two different lists', proof: 4 };
    await userEvent.click(screen.getByTestId('witness-choose'));
    await waitFor(() => expect(screen.getByTestId('witness-outcome')).toHaveTextContent('signed two different lists for this statement'));
    await userEvent.click(screen.getByTestId('witness-save-proof'));
    expect(await screen.findByTestId('witness-message')).toHaveTextContent('/files/proof.undersigned-equivocation');
    expect(calls.filter((c) => c.cmd === 'witness_proof_export').map((c) => c.args)).toEqual([{ id: 4, path: '/files/proof.undersigned-equivocation' }]);
    // The kept proof is offered in the list too.
    outcome = screen.getByTestId('witness-logs');
    expect(within(outcome).getByTestId('witness-log-proof')).toHaveTextContent('Proof of');
  });

  it('takes a release without a name (its bundle names the witness), and says when a request needs one', async () => {
    let named = false;
    const calls = mockBackend({
      app_info: () => info({ identity, unlocked: true }),
      witness_logs: () => [],
      'plugin:dialog|open': () => (named ? '/files/request.txt' : '/files/release.undersigned-bundle'),
      witness_add_checkpoint: (a) => {
        if (a.path === '/files/release.undersigned-bundle')
          return { outcome: 'cosigned', origin: `undersigned/${'ab'.repeat(32)}/${'cd'.repeat(16)}`, size: 4 };
        throw { code: 'invalid', message: 'a checkpoint request does not say under which key name you co-sign: give yours' };
      },
    });
    app.info = info({ identity, unlocked: true });
    render(Witness);
    expect(await screen.findByText('You have not co-signed any release yet.')).toBeInTheDocument();
    expect(screen.getByTestId('witness-choose')).toBeEnabled();
    await userEvent.click(screen.getByTestId('witness-choose'));
    expect(await screen.findByTestId('witness-outcome')).toHaveTextContent('Co-signed: statement cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd, 4 entries');
    expect(calls.find((c) => c.cmd === 'witness_add_checkpoint')!.args).toEqual({ path: '/files/release.undersigned-bundle', keyName: '' });
    named = true;
    await userEvent.click(screen.getByTestId('witness-choose'));
    expect(await screen.findByRole('alert')).toHaveTextContent('give yours');
  });
});

describe('Verify', () => {
  it('says a valid list is authentic, in plain words', async () => {
    const calls = mockBackend({ 'plugin:dialog|open': () => '/files/bundle.json', verify_bundle: () => report(true), verify_lines: verifyLines(true) });
    app.info = info();
    render(Verify);
    await userEvent.click(screen.getByTestId('verify-choose'));
    const v = await screen.findByTestId('verdict');
    expect(v).toHaveAttribute('data-valid', 'true');
    expect(v).toHaveTextContent('Authentic');
    expect(screen.getByTestId('verify-signatories')).toHaveTextContent('2');
    expect(calls.find((c) => c.cmd === 'verify_bundle')!.args).toMatchObject({ path: '/files/bundle.json', previous: null });
  });

  it('says a tampered list is not valid and why', async () => {
    mockBackend({ 'plugin:dialog|open': () => '/files/forged.json', verify_bundle: () => report(false), verify_lines: verifyLines(false) });
    app.info = info();
    render(Verify);
    await userEvent.click(screen.getByTestId('verify-choose'));
    const v = await screen.findByTestId('verdict');
    expect(v).toHaveAttribute('data-valid', 'false');
    expect(v).toHaveTextContent('Not valid: do not rely on this list');
    expect(screen.getByTestId('verify-problems')).toHaveTextContent('entry 2');
    expect(screen.getByTestId('verify-problems')).toHaveTextContent('a name or text was changed after it was signed');
  });

  it('reads the entries from the backend a page at a time, and only those with a problem when asked', async () => {
    const calls = mockBackend({ 'plugin:dialog|open': () => '/files/forged.json', verify_bundle: () => report(false, 7), verify_lines: verifyLines(false) });
    app.info = info();
    render(Verify);
    await userEvent.click(screen.getByTestId('verify-choose'));
    const list = await screen.findByTestId('verify-entries');
    await waitFor(() => expect(list).toHaveTextContent('Green Rivers Alliance'));
    expect(list).toHaveTextContent('Amina Diallo');
    expect(list).toHaveAttribute('aria-busy', 'false');
    await userEvent.click(screen.getByLabelText('Only entries with problems'));
    await waitFor(() => expect(list).not.toHaveTextContent('Green Rivers Alliance'));
    expect(list).toHaveTextContent('Amina Diallo');
    const asked = calls.filter((c) => c.cmd === 'verify_lines').map((c) => c.args);
    expect(asked[0]).toMatchObject({ run: 7, offset: 0, onlyProblems: false });
    expect(asked.at(-1)).toMatchObject({ run: 7, offset: 0, onlyProblems: true });
  });
});

describe('Verify, a list of format 1.1', () => {
  // FORMAT.md §14.8, §14.9: what a release co-signed by witnesses, with signatories not named, shows.
  const witnessed = (cosigned: boolean[], quorum: number): Verified => {
    const r = report(true);
    const names = ['Press Freedom Watch', 'Centre for International Law', 'Global Water Alliance'];
    const listed = names.map((name, i) => ({
      name,
      key_name: `w${i}.example/w`,
      public_key: 'ab'.repeat(32),
      website: i === 0 ? 'https://press.example' : null,
      cosigned: cosigned[i],
    }));
    const counts = {
      endorsements: 2,
      hidden: 3,
      withdrawals: 0,
      vouches: 0,
      reveals: 0,
      withdrawn: 0,
      hidden_withdrawn: 0,
      revealed: 0,
      signatories: 5,
      unnamed: 3,
    };
    return {
      ...r,
      report: {
        ...r.report,
        format_1_1: {
          counts,
          unnamed_by_region: { africa: 2, 'not-stated': 1 },
          by_tier: { website: 1, attested: 1, 'self-declared': 0 },
          vouched: 1,
          witnesses: { quorum, listed, cosigned: cosigned.filter(Boolean).length, ignored_lines: 1 },
        },
      },
    };
  };

  it('names the witnesses who co-signed and the signatories not named, by region', async () => {
    // Each line with its tier: the first on its website, the second checked by the coalition.
    const tiered = (a: Record<string, unknown>) =>
      verifyLines(true)(a).map((e, i) => ({
        ...e,
        tier:
          i === 0
            ? {
                tier: 'website' as const,
                evidence: [
                  {
                    method: 'website',
                    checked_on: '2026-12-10',
                    note: null,
                    website: {
                      url: 'https://greenrivers.example/.well-known/undersigned.json',
                      host: 'greenrivers.example',
                      fetched_at: '2026-12-10T10:00:00Z',
                      status: 200,
                      body_sha256: '00'.repeat(32),
                      finding: 'listed' as const,
                    },
                  },
                ],
              }
            : { tier: 'attested' as const, evidence: [{ method: 'call', checked_on: '2026-12-11', note: null, website: null }] },
      }));
    mockBackend({ 'plugin:dialog|open': () => '/files/bundle.json', verify_bundle: () => witnessed([true, true, false], 2), verify_lines: tiered });
    app.info = info();
    render(Verify);
    await userEvent.click(screen.getByTestId('verify-choose'));
    const w = await screen.findByTestId('verify-witnesses');
    const rows = await screen.findByTestId('verify-entries');
    await waitFor(() => expect(rows).toHaveTextContent('Website greenrivers.example'));
    expect(rows).toHaveTextContent('Checked by the coalition');
    expect(w).toHaveTextContent('Co-signed by 2 of its 3 independent witnesses (2 needed): Press Freedom Watch, Centre for International Law.');
    expect(w).toHaveTextContent('Global Water Alliance — not co-signed');
    expect(w).toHaveTextContent('https://press.example (as given by the coalition)');
    expect(w).toHaveTextContent('1 signature by a key this list does not name was ignored.');
    expect(screen.getByTestId('verify-unnamed')).toHaveTextContent(
      '3 signatories are not named for their safety; the coalition vouches for each. By region: Africa 2, region not stated 1. ' +
        '1 of them is also vouched for by named signatories whose key is on their own website. Beyond those vouches, the count rests on the coalition’s word.',
    );
    expect(screen.getByTestId('verify-tiers')).toHaveTextContent('1 on their own website, 1 checked by the coalition, 0 self-declared');
    expect(screen.queryByTestId('verify-quorum-short')).toBeNull();
    // A website is text, never a link.
    expect(w.querySelector('a')).toBeNull();
  });

  it('checks the reported websites again on request, apart from the verdict: still there, changed, gone', async () => {
    const at = '2026-12-06T09:00:00Z';
    const calls = mockBackend({
      'plugin:dialog|open': () => '/files/bundle.json',
      verify_bundle: () => witnessed([true, true, false], 2),
      verify_lines: verifyLines(true),
      verify_online: () => [
        { index: 0, name: 'River Keepers', host: 'riverkeepers.example', checked_at: at, result: { kind: 'still-there' } },
        { index: 1, name: 'Green Rivers', host: 'greenrivers.example', checked_at: at, result: { kind: 'changed' } },
        { index: 2, name: 'Coastal Voices', host: 'coastal.example', checked_at: at, result: { kind: 'gone', status: 404, failure: null } },
        {
          index: 3,
          name: 'Lake Union',
          host: 'lake.example',
          checked_at: at,
          result: { kind: 'gone', status: null, failure: { kind: 'dns', detail: 'lake.example' } },
        },
      ],
    });
    app.info = info();
    render(Verify);
    await userEvent.click(screen.getByTestId('verify-choose'));
    await userEvent.click(await screen.findByTestId('verify-online'));
    const r = await screen.findByTestId('verify-online-result');
    expect(r).toHaveTextContent('never part of the verdict');
    expect(r).toHaveTextContent('River Keepers (riverkeepers.example): still there, the same file as the coalition reported');
    expect(r).toHaveTextContent('Green Rivers (greenrivers.example): changed, the site now serves another file');
    expect(r).toHaveTextContent('Coastal Voices (coastal.example): gone, the site answers HTTP 404');
    expect(r).toHaveTextContent('Lake Union (lake.example): gone, the name was not found');
    expect(calls.find((c) => c.cmd === 'verify_online')!.args).toEqual({ run: 1 });
  });

  it('warns when fewer witnesses co-signed than the quorum', async () => {
    mockBackend({ 'plugin:dialog|open': () => '/files/bundle.json', verify_bundle: () => witnessed([true, false, false], 2), verify_lines: verifyLines(true) });
    app.info = info();
    render(Verify);
    await userEvent.click(screen.getByTestId('verify-choose'));
    expect(await screen.findByTestId('verify-quorum-short')).toHaveTextContent(
      'Too few witnesses co-signed this release: 1 of the 2 needed. Do not rely on this list until they have.',
    );
  });

  it("checks the verifier's own witnesses, remembered on this computer, apart from the verdict", async () => {
    localStorage.removeItem('undersigned.ownWitnesses');
    const mine = ['uni.example/w3,' + 'cd'.repeat(32), 'press.example/w1+0a1b2c3d+BAAA'];
    const calls = mockBackend({
      'plugin:dialog|open': () => '/files/bundle.json',
      verify_bundle: (a) => {
        const r = witnessed([true, true, false], 2);
        const keys = (a.ownWitnesses as string[]) ?? [];
        if (!keys.length) return r;
        const listed = keys.map((k, i) => ({
          name: k.split(/[,+]/)[0],
          key_name: k.split(/[,+]/)[0],
          public_key: 'cd'.repeat(32),
          website: null,
          cosigned: i === 1,
        }));
        const quorum = (a.ownQuorum as number | null) ?? keys.length;
        return { ...r, report: { ...r.report, format_1_1: { ...r.report.format_1_1!, own_witnesses: { quorum, listed, cosigned: 1, ignored_lines: 0 } } } };
      },
      verify_lines: verifyLines(true),
    });
    app.info = info();
    const { unmount } = render(Verify);
    await userEvent.click(screen.getByTestId('verify-choose'));
    await screen.findByTestId('verify-witnesses');
    expect(screen.queryByTestId('verify-own-witnesses')).toBeNull();
    // Two keys added: the list is verified again with them, all wanted by default.
    for (const k of mine) {
      await userEvent.type(screen.getByTestId('own-witness-key'), k);
      await userEvent.click(screen.getByTestId('own-witness-add'));
    }
    const own = await screen.findByTestId('verify-own-witnesses');
    expect(own).toHaveTextContent('⚠ Your witnesses: co-signed by 1 of your 2 (2 wanted): press.example/w1. Fewer than you want');
    expect(calls.filter((c) => c.cmd === 'verify_bundle').at(-1)!.args).toMatchObject({ ownWitnesses: mine, ownQuorum: null });
    // One is enough: no warning; the verdict stays the list's own.
    await userEvent.selectOptions(screen.getByTestId('own-quorum'), '1');
    await waitFor(() => expect(screen.getByTestId('verify-own-witnesses')).toHaveTextContent('co-signed by 1 of your 2 (1 wanted)'));
    expect(screen.getByTestId('verify-own-witnesses')).not.toHaveTextContent('⚠');
    expect(screen.getByTestId('verdict').dataset.valid).toBe('true');
    // Remembered for the next list.
    unmount();
    render(Verify);
    await userEvent.click(screen.getByTestId('verify-choose'));
    await waitFor(() => expect(calls.filter((c) => c.cmd === 'verify_bundle').at(-1)!.args).toMatchObject({ ownWitnesses: mine, ownQuorum: 1 }));
    localStorage.removeItem('undersigned.ownWitnesses');
  });
});

const invitation: InvitationView = invitationFixture('/files/invitation.json');

describe('Sign', () => {
  it('shows who asks and the exact text, asks for the passphrase, then signs', async () => {
    let unlocked = false;
    const calls = mockBackend({
      'plugin:dialog|open': () => invitation.path,
      'plugin:dialog|save': () => '/files/endorsement.json',
      invitation_read: () => invitation,
      unlock: (a) => {
        if (a.passphrase !== 'member pass') throw { code: 'wrong-passphrase', message: 'wrong passphrase' };
        unlocked = true;
        return null;
      },
      invitation_sign: () => {
        if (!unlocked) throw { code: 'locked', message: 'locked' };
        return { entry: '01', path: '/files/endorsement.json' };
      },
      app_info: () => info({ identity, unlocked }),
      statements_list: () => [],
    });
    app.info = info({ identity });
    render(Sign);
    render(PassphrasePrompt);
    const user = userEvent.setup();
    await user.click(screen.getByTestId('open-invitation'));
    expect(await screen.findByTestId('lead-name')).toHaveTextContent('Coalition for Rivers');
    expect(screen.getAllByTestId('fingerprint')[0]).toHaveTextContent('1111 2222');
    expect(screen.getByTestId('invitation-title')).toHaveTextContent('Joint statement on the draft treaty');
    expect(screen.getByTestId('durable-warning')).toHaveTextContent('public and lasting');
    expect(screen.getByTestId('sign')).toBeDisabled();
    await user.click(screen.getByTestId('understood'));
    await user.click(screen.getByTestId('sign'));
    await user.type(await screen.findByTestId('unlock-passphrase'), 'wrong');
    await user.click(screen.getByTestId('unlock-submit'));
    expect(await screen.findByRole('alert')).toHaveTextContent('That passphrase is not right');
    await user.clear(screen.getByTestId('unlock-passphrase'));
    await user.type(screen.getByTestId('unlock-passphrase'), 'member pass');
    await user.click(screen.getByTestId('unlock-submit'));
    expect(await screen.findByTestId('sign-done')).toHaveTextContent('Send this file back to Coalition for Rivers');
    const c = calls.find((c) => c.cmd === 'invitation_sign')!;
    expect(c.args).toMatchObject({ path: invitation.path, out: '/files/endorsement.json', details: { name: 'Green Rivers Alliance' } });
    expect(calls.some((c) => c.cmd === 'unlock' && c.args.passphrase === 'member pass')).toBe(true);
  });

  it('says which witnesses the member endorses with the statement (format 1.1)', async () => {
    const withWitnesses = { ...invitation, witnesses: ['Press Freedom Watch', 'Centre for International Law'], quorum: 2 };
    mockBackend({ app_info: () => info({ identity, unlocked: true }), 'plugin:dialog|open': () => invitation.path, invitation_read: () => withWitnesses });
    app.info = info({ identity, unlocked: true });
    render(Sign);
    await userEvent.click(screen.getByTestId('open-invitation'));
    expect(await screen.findByTestId('sign-witnesses')).toHaveTextContent(
      'Each release of this statement must be co-signed by 2 of these independent witnesses: Press Freedom Watch, Centre for International Law. By signing, you endorse this list of witnesses too.',
    );
  });

  it('signs without the name, where the invitation allows it: region, contact, and both files to send', async () => {
    const calls = mockBackend({
      app_info: () => info({ identity, unlocked: true }),
      'plugin:dialog|open': () => invitation.path,
      'plugin:dialog|save': () => '/files/signature.undersigned-hidden',
      invitation_read: () => ({ ...invitation, accepts_unnamed: true }),
      invitation_sign_unnamed: () => ({ entry: 'ab'.repeat(32), path: '/files/signature.undersigned-hidden', packet: '/files/signature.undersigned-vetting' }),
      statements_list: () => [],
    });
    app.info = info({ identity, unlocked: true });
    render(Sign);
    const user = userEvent.setup();
    await user.click(screen.getByTestId('open-invitation'));
    expect(await screen.findByTestId('unnamed-option')).toHaveTextContent('The coalition’s lead still learns who you are');
    await user.click(screen.getByTestId('sign-unnamed'));
    expect(screen.getByTestId('durable-warning')).toHaveTextContent('Your name stays off the list, not out of reach.');
    await user.selectOptions(screen.getByTestId('sign-region'), 'asia');
    await user.type(screen.getByTestId('sign-contact'), 'Ask for Rasha');
    await user.click(screen.getByTestId('understood'));
    expect(screen.getByTestId('sign')).toHaveTextContent('Sign without my name and save…');
    await user.click(screen.getByTestId('sign'));
    expect(await screen.findByTestId('sign-done')).toHaveTextContent('/files/signature.undersigned-vetting');
    const c = calls.find((c) => c.cmd === 'invitation_sign_unnamed')!;
    expect(c.args).toMatchObject({ region: 'asia', contact: 'Ask for Rasha', out: '/files/signature.undersigned-hidden' });
    // The suggested file name says nothing of who signed.
    const save = calls.find((c) => c.cmd === 'plugin:dialog|save')!;
    expect(JSON.stringify(save.args)).toContain('signature.undersigned-hidden');
    expect(JSON.stringify(save.args)).not.toContain('green');
  });

  it('offers no unnamed signature where the invitation does not allow it', async () => {
    mockBackend({ app_info: () => info({ identity, unlocked: true }), 'plugin:dialog|open': () => invitation.path, invitation_read: () => invitation });
    app.info = info({ identity, unlocked: true });
    render(Sign);
    await userEvent.click(screen.getByTestId('open-invitation'));
    await screen.findByTestId('durable-warning');
    expect(screen.queryByTestId('unnamed-option')).toBeNull();
  });

  it('warns not to sign an invitation that does not verify', async () => {
    mockBackend({
      'plugin:dialog|open': () => invitation.path,
      invitation_read: () => ({ ...invitation, problems: [{ code: 'signature-invalid', message: 'the signature does not verify', at: null }] }),
    });
    app.info = info({ identity });
    render(Sign);
    await userEvent.click(screen.getByTestId('open-invitation'));
    expect(await screen.findByTestId('invitation-invalid')).toHaveTextContent('Do not sign this invitation');
    expect(screen.queryByTestId('sign')).toBeNull();
  });
});

describe('Collect', () => {
  // The lead's Collect screen over `handlers`, with an identity and one open statement.
  function collect(handlers: Handlers) {
    const calls = mockBackend({ inbox_get: () => null, app_info: () => info({ identity }), statements_list: () => [statement()], ...handlers });
    app.info = info({ identity });
    app.statements = [statement()];
    app.statementId = statement().id;
    render(Collect);
    return calls;
  }

  it('opens a vetting packet with the key, shows who is behind a signatory not named, and records the check without a note', async () => {
    const hidden = {
      entry: 'cc33',
      statement_id: statement().id,
      name: '',
      signer_kind: '',
      country: '',
      website: null,
      fingerprint: '9999',
      reasons: ['not named: record how you checked who is behind it'],
      imported_at: '2026-03-04T15:12:09Z',
      tier: 'self-declared',
      website_check: null as ReviewItem['website_check'],
      kind: 'hidden',
      region: 'asia' as string | null,
      vetting_packet: false,
    };
    let queue = [hidden];
    const calls = collect({
      'plugin:dialog|open': () => '/in/signature.undersigned-vetting',
      review_list: () => queue,
      vetting_open: () => (
        (queue = [{ ...hidden, vetting_packet: true }]),
        {
          entry: 'cc33',
          statement_id: statement().id,
          name: 'Mothers of the Disappeared',
          signer_kind: 'organization',
          country: 'KE',
          website: null,
          title: null,
          affiliation: null,
          contact: 'Ask for Rasha',
          region: 'asia',
          outcome: { outcome: 'held-for-review', entry: 'cc33', name: '', reasons: [] },
        }
      ),
      attest_check: () => ((queue = []), 'cc33'),
    });
    app.info = info({ identity, unlocked: true });
    const user = userEvent.setup();
    expect(await screen.findByTestId('review-unnamed')).toHaveTextContent('Signatory not named · Asia');
    expect(screen.getByTestId('review-unnamed')).toHaveTextContent('No vetting packet opened for it yet');
    await user.click(screen.getByTestId('open-packet'));
    expect(await screen.findByTestId('review-vetted')).toHaveTextContent('Who is behind it, for your eyes only: Mothers of the Disappeared, Kenya.');
    expect(screen.getByTestId('review-vetted')).toHaveTextContent('How to check with them: Ask for Rasha');
    await user.selectOptions(screen.getByTestId('unnamed-method'), 'in-person');
    await user.click(screen.getByTestId('unnamed-record'));
    await waitFor(() => expect(screen.queryByTestId('review-unnamed')).toBeNull());
    const c = calls.find((c) => c.cmd === 'attest_check')!;
    expect(c.args).toMatchObject({ entry: 'cc33', method: 'in-person', note: null });
  });

  it('imports chosen files and shows each outcome, and accepts from the review queue', async () => {
    let queue = [
      {
        entry: 'aa11',
        statement_id: statement().id,
        name: 'Green Rivers Aliance',
        signer_kind: 'organization',
        country: 'KE',
        website: null,
        fingerprint: '1234',
        reasons: ['the name looks like "Green Rivers Alliance", signed with another key'],
        imported_at: '2026-03-04T15:12:09Z',
        tier: 'self-declared',
        website_check: null as ReviewItem['website_check'],
        kind: 'endorsement',
        region: null,
        vetting_packet: false,
      },
    ];
    const calls = collect({
      'plugin:dialog|open': () => ['/in/a.json', '/in/b.json', '/in/c.json'],
      import_files: () => [
        { file: '/in/a.json', outcome: 'accepted', entry: '01', name: 'Green Rivers Alliance' },
        { file: '/in/b.json', outcome: 'held-for-review', entry: 'aa11', name: 'Green Rivers Aliance', reasons: ['looks alike'] },
        { file: '/in/c.json', outcome: 'rejected', code: 'signature-invalid', reason: 'the signature does not verify' },
      ],
      review_list: () => queue,
      review_accept: () => ((queue = []), 'aa11'),
    });
    await userEvent.click(screen.getByTestId('import-choose'));
    const results = await screen.findByTestId('import-results');
    expect(results).toHaveTextContent('3 files: 1 accepted, 1 held for review, 1 rejected');
    expect(
      within(results)
        .getAllByTestId('import-outcome')
        .map((b) => b.textContent),
    ).toEqual(['Accepted', 'Held for review', 'Rejected']);
    expect(calls.find((c) => c.cmd === 'import_files')!.args).toMatchObject({ paths: ['/in/a.json', '/in/b.json', '/in/c.json'] });
    const q = screen.getByTestId('review-queue');
    await waitFor(() => expect(q).toHaveTextContent('signed with another key'));
    await userEvent.click(within(q).getByTestId('review-accept'));
    await waitFor(() => expect(q).toHaveTextContent('Nothing is waiting for review'));
  });

  it('checks the website of an entry held for review at once, and shows what it found or why it could not', async () => {
    const item = (over: Partial<ReviewItem>): ReviewItem => ({
      entry: 'bb22',
      statement_id: statement().id,
      name: 'River Keepers',
      signer_kind: 'organization',
      country: 'UG',
      website: 'https://riverkeepers.example/en',
      fingerprint: '5678',
      reasons: ['a new signatory with a website'],
      imported_at: '2026-03-04T15:12:09Z',
      tier: 'self-declared',
      website_check: null,
      kind: 'endorsement',
      region: null,
      vetting_packet: false,
      ...over,
    });
    let queue = [item({})];
    let answer: WebsiteCheck['outcome'] = { kind: 'failed', failure: { kind: 'dns', detail: 'riverkeepers.example' } };
    const calls = collect({
      'plugin:dialog|open': () => ['/in/r.json'],
      import_files: () => [{ file: '/in/r.json', outcome: 'held-for-review', entry: 'bb22', name: 'River Keepers', reasons: ['new'] }],
      review_list: () => queue,
      attest_websites: () => [{ entry: 'bb22', name: 'River Keepers', host: 'riverkeepers.example', outcome: answer }],
    });
    await userEvent.click(screen.getByTestId('import-choose'));
    const q = screen.getByTestId('review-queue');
    await waitFor(() => expect(q).toHaveTextContent('Its website (riverkeepers.example) could not be checked: the name was not found'));
    expect(calls.find((c) => c.cmd === 'attest_websites')!.args).toMatchObject({ id: statement().id, entry: 'bb22' });
    // Checked again once the site answers: what it found, and the tier that follows.
    answer = { kind: 'recorded', status: 200, finding: 'listed' };
    queue = [item({ tier: 'website', website_check: ['listed', 200] })];
    await userEvent.click(within(q).getByTestId('review-check-website'));
    await waitFor(() => expect(q).toHaveTextContent('Who is behind the key: Website'));
    expect(q).toHaveTextContent('Its website (riverkeepers.example), checked: The file lists this signatory’s key. (HTTP 200)');
    expect(q).not.toHaveTextContent('could not be checked');
  });

  it('shows the progress of a long import while it runs', async () => {
    let finish: (v: unknown) => void = () => {};
    collect({
      'plugin:dialog|open': () => ['/in/folder'],
      import_files: (a) => {
        const ch = a.onProgress as { onmessage: (p: Progress) => void };
        ch.onmessage({ stage: 'importing', done: 4096, total: 20000, unit: 'files' });
        return new Promise((r) => (finish = r));
      },
      review_list: () => [],
    });
    await userEvent.click(screen.getByTestId('import-choose'));
    const bar = await screen.findByTestId('progress');
    expect(bar).toHaveTextContent('Importing: 4,096 of 20,000 files (20%)');
    expect(bar.querySelector('progress')!.value).toBe(20);
    finish([{ file: '/in/folder/a.json', outcome: 'accepted', entry: '01', name: 'Green Rivers Alliance' }]);
    await screen.findByTestId('import-results');
    await waitFor(() => expect(screen.queryByTestId('progress')).toBeNull());
  });
});

// A stand-in for the backend's roster: the real search, filters and sorts are the store's
// (crates/store/src/roster.rs, tested there); these tests check what the screen asks and shows.
function roster(rows: SignatoryRow[]) {
  const summary = rosterSummary({ total: rows.length, active: rows.filter((r) => r.status === 'active').length });
  const page = (a: Record<string, unknown>): RosterPage => {
    const q = a.query as RosterQuery;
    const hits = rows.filter(
      (r) =>
        r.name.toLowerCase().includes(q.search.toLowerCase()) &&
        (!q.status || r.status === q.status) &&
        (!q.country || r.country === q.country) &&
        (!q.tier || r.tier === q.tier),
    );
    if (q.descending) hits.reverse();
    const offset = Math.min(a.offset as number, hits.length);
    return { snapshot: summary.snapshot, total: rows.length, matched: hits.length, offset, rows: hits.slice(offset, offset + (a.limit as number)) };
  };
  return { summary, page };
}

function rowsOf(n: number, over: (i: number) => Partial<SignatoryRow> = () => ({})): SignatoryRow[] {
  return Array.from({ length: n }, (_, i) => ({
    entry: String(i),
    name: `Organization ${i}`,
    kind: 'organization',
    country: i % 2 ? 'KE' : 'SN',
    website: null,
    signed_at: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString().replace('.000', ''),
    imported_at: '2026-10-01T00:00:00Z',
    version: 1,
    status: 'active',
    released: true,
    tier: 'self-declared',
    ...over(i),
  }));
}

describe('Who is behind each key (the lead)', () => {
  it('shows each signatory’s tier, filters by it, records a check and checks websites with progress and reasons', async () => {
    const rows = rowsOf(3, (i) => ({
      name: ['Green Rivers Alliance', 'Coastal Voices', 'River Keepers'][i],
      website: i === 2 ? 'https://riverkeepers.example' : null,
      tier: (['attested', 'self-declared', 'website'] as const)[i],
    }));
    const r = roster(rows);
    let finishChecks: (c: WebsiteCheck[]) => void = () => {};
    const calls = mockBackend({
      signatories_latest: () => [],
      signatories_summary: () => r.summary,
      signatories_page: r.page,
      attestations_list: (a) =>
        a.entry === '2'
          ? [
              {
                entry: '2',
                method: 'website',
                checked_on: '2026-12-05',
                note: null,
                host: 'riverkeepers.example',
                status: 200,
                listed: true,
                recorded_at: '2026-12-05T10:00:00Z',
              },
            ]
          : [],
      attest_check: (a) => a.entry,
      attest_websites: (a) => {
        (a.onProgress as { onmessage: (p: Progress) => void }).onmessage({ stage: 'checking-websites', done: 1, total: 2, unit: 'websites' });
        return new Promise((ok) => (finishChecks = ok));
      },
    });
    app.statementId = statement().id;
    render(Signatories);
    const table = await screen.findByTestId('signatory-table');
    await waitFor(() => expect(table).toHaveTextContent('Checked by you'));
    expect(table).toHaveTextContent('Website');
    expect(table).toHaveTextContent('Self-declared');
    // The filter asks the backend for one tier.
    await userEvent.selectOptions(screen.getByTestId('signatory-tier'), 'website');
    await waitFor(() => expect(calls.filter((c) => c.cmd === 'signatories_page').at(-1)!.args.query).toMatchObject({ tier: 'website' }));
    await waitFor(() => expect(table).not.toHaveTextContent('Coastal Voices'));
    await userEvent.selectOptions(screen.getByTestId('signatory-tier'), '');
    // The evidence of a signatory on its website, as recorded.
    await userEvent.click(await within(table).findByRole('button', { name: 'Evidence for River Keepers' }));
    const card = await screen.findByTestId('signatory-evidence');
    await waitFor(() => expect(card).toHaveTextContent('Website riverkeepers.example on 2026-12-05: HTTP 200. The file lists this signatory’s key.'));
    // A check by call, recorded with its note.
    await userEvent.click(within(table).getByRole('button', { name: 'Evidence for Coastal Voices' }));
    await waitFor(() => expect(screen.getByTestId('signatory-evidence')).toHaveTextContent('Nothing recorded yet: this signatory is self-declared.'));
    await userEvent.selectOptions(screen.getByTestId('attest-method'), 'in-person');
    await userEvent.type(screen.getByTestId('attest-note'), 'Met the director in Nairobi.');
    await userEvent.click(screen.getByTestId('attest-record'));
    expect(await screen.findByTestId('attest-done')).toHaveTextContent('Recorded: the next release shows Coastal Voices as checked by you.');
    expect(calls.find((c) => c.cmd === 'attest_check')!.args).toMatchObject({ entry: '1', method: 'in-person', note: 'Met the director in Nairobi.' });
    // All websites, with progress; one could not be fetched, and says why.
    await userEvent.click(screen.getByTestId('check-websites'));
    expect(await screen.findByText('Checking websites… 1 of 2')).toBeInTheDocument();
    finishChecks([
      { entry: '2', name: 'River Keepers', host: 'riverkeepers.example', outcome: { kind: 'recorded', status: 200, finding: 'listed' } },
      { entry: '1', name: 'Coastal Voices', host: 'coastal.example', outcome: { kind: 'recorded', status: 404, finding: 'http-status' } },
      { entry: '0', name: 'Green Rivers Alliance', host: 'greenrivers.example', outcome: { kind: 'failed', failure: { kind: 'timeout', detail: 10 } } },
    ]);
    const result = await screen.findByTestId('website-checks');
    expect(result).toHaveTextContent('2 websites checked; 1 list the signatory’s key.');
    expect(result).toHaveTextContent('Coastal Voices (coastal.example): The site did not serve the file.');
    expect(result).toHaveTextContent('Not checked: Green Rivers Alliance (greenrivers.example): no answer within 10 seconds');
  });
});

describe('Signatories search', () => {
  it('asks the backend for each keystroke and shows the answer to the last one, whatever order the answers come in', async () => {
    const names = ['Amina Diallo', 'Amnesty Watch', 'Green Rivers', 'Aminata Sow'];
    const rows = rowsOf(600, (i) => ({ name: `${names[i % names.length]} ${i}` }));
    const r = roster(rows);
    // Answers to searches wait until the test lets them go.
    const held: (() => void)[] = [];
    const calls = mockBackend({
      signatories_latest: () => [],
      signatories_summary: () => r.summary,
      signatories_page: (a) => ((a.query as RosterQuery).search ? new Promise((ok) => held.push(() => ok(r.page(a)))) : r.page(a)),
    });
    app.statements = [statement()];
    app.statementId = statement().id;
    render(Signatories);
    const shown = () => screen.getByTestId('signatory-shown').textContent;
    const table = screen.getByTestId('signatory-table');
    await waitFor(() => expect(shown()).toBe('Showing 600 of 600'));
    expect(table).toHaveAttribute('aria-busy', 'false');
    const search = screen.getByTestId('signatory-search');
    await userEvent.type(search, 'amin');
    await waitFor(() => expect(held.length).toBe(4));
    expect(
      calls
        .filter((c) => c.cmd === 'signatories_page')
        .slice(-4)
        .map((c) => (c.args.query as RosterQuery).search),
    ).toEqual(['a', 'am', 'ami', 'amin']);
    expect(calls.at(-1)!.args).toEqual({
      id: statement().id,
      query: { search: 'amin', country: '', kind: '', status: 'active', tier: '', sort: 'signed_at', descending: true },
      offset: 0,
      limit: expect.any(Number),
    });
    expect(table).toHaveAttribute('aria-busy', 'true');
    // The last keystroke's answer first, then the earlier ones: they are ignored.
    held[3]();
    await waitFor(() => expect(shown()).toBe('Showing 300 of 600'));
    expect(within(table).getAllByRole('listitem')[0]).toHaveTextContent('Aminata Sow 599');
    expect(table).toHaveAttribute('aria-busy', 'false');
    // Released so that "a" (600 matches) lands last.
    for (const go of held.slice(0, 3).reverse()) go();
    await new Promise((ok) => setTimeout(ok, 50));
    expect(shown()).toBe('Showing 300 of 600');
    // A filter goes with the search.
    await userEvent.selectOptions(screen.getByTestId('signatory-country'), 'SN');
    await waitFor(() => expect(held.length).toBe(5));
    expect((calls.at(-1)!.args.query as RosterQuery).country).toBe('SN');
    held[4]();
    await waitFor(() => expect(shown()).toBe('Showing 150 of 600'));
    // A query undone before its answer comes: the answer is dropped, the table keeps what it shows.
    await userEvent.selectOptions(screen.getByTestId('signatory-country'), '');
    await waitFor(() => expect(held.length).toBe(6));
    await userEvent.selectOptions(screen.getByTestId('signatory-country'), 'SN');
    held[5]();
    await new Promise((ok) => setTimeout(ok, 50));
    expect(shown()).toBe('Showing 150 of 600');
    expect(table).toHaveAttribute('aria-busy', 'false');
  });
});

describe('Signatories while the store changes', () => {
  it('reads the counts again when a page comes from a store changed since (the CLI imported meanwhile)', async () => {
    let r = roster(rowsOf(600));
    const calls = mockBackend({
      signatories_latest: () => [],
      signatories_summary: () => r.summary,
      signatories_page: (a) => r.page(a),
    });
    app.statements = [statement()];
    app.statementId = statement().id;
    render(Signatories);
    const shown = () => screen.getByTestId('signatory-shown').textContent;
    const counts = () => screen.getByTestId('signatory-counts').textContent;
    await waitFor(() => expect(shown()).toBe('Showing 600 of 600'));
    expect(counts()).toContain('600signatories');
    const summaries = () => calls.filter((c) => c.cmd === 'signatories_summary').length;
    expect(summaries()).toBe(1);
    // A search over the same store: the counts are not read again.
    await userEvent.type(screen.getByTestId('signatory-search'), '59');
    await waitFor(() => expect(shown()).toBe('Showing 16 of 600'));
    expect(summaries()).toBe(1);
    // 50 more imported elsewhere: the next page says so, and the counts follow, once.
    r = roster(rowsOf(650));
    r.summary.snapshot = 2;
    await userEvent.clear(screen.getByTestId('signatory-search'));
    await waitFor(() => expect(shown()).toBe('Showing 650 of 650'));
    await waitFor(() => expect(counts()).toContain('650signatories'));
    expect(summaries()).toBe(2);
    await userEvent.type(screen.getByTestId('signatory-search'), '64');
    await waitFor(() => expect(shown()).toBe('Showing 16 of 650'));
    expect(summaries()).toBe(2);
  });
});

describe('Signatories of another statement', () => {
  it('never shows a late answer about the statement it left', async () => {
    const first = roster(rowsOf(600));
    const other = statement({ id: 'cd'.repeat(16), title: 'Another statement' });
    const second = roster(rowsOf(5, (i) => ({ name: `Organization ${i} of the other`, entry: `other-${i}` })));
    const held: (() => void)[] = [];
    let counted: (s: RosterSummary) => void = () => {};
    mockBackend({
      signatories_latest: () => [],
      signatories_summary: (a) => (a.id === other.id ? new Promise((ok) => (counted = ok)) : first.summary),
      signatories_page: (a) => {
        if (a.id === other.id) return second.page(a);
        if (!(a.query as RosterQuery).search) return first.page(a);
        return new Promise((ok) => held.push(() => ok(first.page(a))));
      },
    });
    app.statements = [statement(), other];
    app.statementId = statement().id;
    render(Signatories);
    const shown = () => screen.getByTestId('signatory-shown').textContent;
    await waitFor(() => expect(shown()).toBe('Showing 600 of 600'));
    await userEvent.type(screen.getByTestId('signatory-search'), 'Org');
    await waitFor(() => expect(held.length).toBe(3));
    // The other statement is picked while its signatories are still being read: the answers
    // about the first one arrive in between, and are dropped.
    app.statementId = other.id;
    await waitFor(() => expect(shown()).toBe('Loading…'));
    for (const go of held) go();
    await new Promise((ok) => setTimeout(ok, 50));
    expect(shown()).toBe('Loading…');
    counted(second.summary);
    await waitFor(() => expect(shown()).toBe('Showing 5 of 5'));
    // The search typed stays, and applies to the statement now shown.
    expect(within(screen.getByTestId('signatory-table')).getAllByRole('listitem')[0]).toHaveTextContent('Organization 4 of the other');
  });
});

describe('ProgressBar', () => {
  it('shows bytes in megabytes', () => {
    render(ProgressBar, { progress: { stage: 'verifying bundle.json', done: 150 * 1048576, total: 600 * 1048576, unit: 'bytes' } });
    expect(screen.getByTestId('progress')).toHaveTextContent('Verifying bundle.json: 150 of 600 MB (25%)');
  });
});

describe('Signatories', () => {
  it('keeps 100,000 rows smooth: the latest at once, then only the rows in view, fetched as they scroll in', async () => {
    const rows = rowsOf(100_000, (i) => ({ kind: i % 3 ? 'organization' : 'individual', status: i % 50 === 0 ? 'withdrawn' : 'active' }));
    const r = roster(rows);
    let counted: (v: RosterSummary) => void = () => {};
    const calls = mockBackend({
      signatories_latest: () => rows.slice(-100).reverse(),
      signatories_summary: () => new Promise((ok) => (counted = ok)),
      signatories_page: r.page,
    });
    app.statements = [statement()];
    app.statementId = statement().id;
    render(Signatories);
    // The latest rows show at once, while the backend reads them all; search waits for it.
    await waitFor(() => expect(screen.getByTestId('signatory-shown')).toHaveTextContent('The latest 100 signatories; loading all of them…'));
    const table = screen.getByTestId('signatory-table');
    await waitFor(() => expect(within(table).getAllByRole('listitem')[0]).toHaveTextContent('Organization 99999'));
    expect(screen.getByTestId('signatory-search')).toBeDisabled();
    expect(screen.queryByTestId('signatory-counts')).toBeNull();
    expect(calls.find((c) => c.cmd === 'signatories_latest')!.args).toEqual({ id: statement().id, limit: 100 });
    counted({ ...r.summary, active: 98_000, organizations: 65_000, withdrawn: 2_000 });
    await waitFor(() => expect(screen.getByTestId('signatory-shown')).toHaveTextContent('Showing 98,000 of 100,000'));
    expect(screen.getByTestId('signatory-counts')).toHaveTextContent('98,000signatories (65,000 organizations, 33,000 individuals)');
    expect(screen.getByTestId('signons-chart')).toBeInTheDocument();
    // Only the rows in view are in the page, and only a page of them crossed.
    expect(within(table).getAllByRole('listitem').length).toBeLessThan(60);
    const first = calls.filter((c) => c.cmd === 'signatories_page');
    expect(first.length).toBe(1);
    expect(first[0].args.limit as number).toBeLessThanOrEqual(1000);
    // Scrolled far down: the rows there are asked for, and shown.
    table.scrollTop = 40 * 50_000;
    table.dispatchEvent(new Event('scroll'));
    await waitFor(() =>
      expect(
        within(table)
          .getAllByRole('listitem')
          .some((li) => /Organization 48/.test(li.textContent ?? '')),
      ).toBe(true),
    );
    const scrolled = calls.filter((c) => c.cmd === 'signatories_page').at(-1)!;
    expect(scrolled.args.offset as number).toBeGreaterThan(49_000);
    expect(scrolled.args.offset as number).toBeLessThanOrEqual(50_000);
    // A search starts again from the top.
    const search = screen.getByTestId('signatory-search');
    search.focus();
    await userEvent.paste('Organization 4242');
    await waitFor(() => expect(screen.getByTestId('signatory-shown')).toHaveTextContent('Showing 11 of 100,000'));
    expect(calls.at(-1)!.args.offset).toBe(0);
    expect(within(table).getAllByRole('listitem')[0]).toHaveTextContent('Organization 42429');
  }, 30_000);
});

describe('Releases', () => {
  it('publishes the next release after unlocking, with its progress', async () => {
    let finish: (v: unknown) => void = () => {};
    const calls = mockBackend({
      releases_list: () => [],
      signatories_summary: () => rosterSummary({ pending: 3 }),
      release_publish: (a) => {
        // The entries verified so far, then the summary once the command returns.
        const ch = a.onProgress as { onmessage: (p: Progress) => void };
        ch.onmessage({ stage: 'releasing', done: 25000, total: 100000, unit: 'entries' });
        return new Promise((r) => (finish = r));
      },
      app_info: () => info({ identity, unlocked: true }),
      statements_list: () => [statement()],
    });
    app.info = info({ identity, unlocked: true });
    app.statements = [statement({ releases: 0, signatories: 3, withdrawn: 0, awaiting_review: 0 })];
    app.statementId = statement().id;
    render(Releases);
    await waitFor(() => expect(screen.getByTestId('publish-card')).toHaveTextContent('3 entries are new since the last release.'));
    await userEvent.click(await screen.findByTestId('publish'));
    const bar = await screen.findByTestId('progress');
    expect(bar).toHaveTextContent('Releasing: 25,000 of 100,000 entries (25%)');
    finish({
      statement_id: statement().id,
      number: 1,
      issued_at: '2026-10-01T12:00:00Z',
      entries: 3,
      added: 3,
      signatories: 3,
      withdrawn: 0,
      witnesses: 0,
      quorum: 0,
      cosigned: 0,
    });
    expect(await screen.findByTestId('release-message')).toHaveTextContent('Release 1 is published: 3 signatories');
    await waitFor(() => expect(screen.queryByTestId('progress')).toBeNull());
    const args = calls.find((c) => c.cmd === 'release_publish')!.args;
    expect(Object.keys(args).sort()).toEqual(['id', 'onProgress']);
    expect(args.id).toEqual(statement().id);
  });

  it('exports the publication of a release into the chosen folder, with its progress', async () => {
    let finish: (v: unknown) => void = () => {};
    const calls = mockBackend({
      releases_list: () => [
        { number: 2, issued_at: '2026-10-01T12:00:00Z', entries: 4, signatories: 3, withdrawn: 1, root: 'ab'.repeat(32), witnesses: [], quorum: 0 },
      ],
      signatories_summary: () => rosterSummary({ pending: 1 }),
      'plugin:dialog|open': () => '/home/me/publication',
      publication_export: (a) => {
        const ch = a.onProgress as { onmessage: (p: Progress) => void };
        ch.onmessage({ stage: 'verifying', done: 1048576, total: 2097152, unit: 'bytes' });
        return new Promise((r) => (finish = () => r({ dir: a.dir, index: `${a.dir}/index.html`, release: 2, signatories: 3, withdrawn: 1 })));
      },
    });
    app.info = info({ identity });
    app.statements = [statement({ releases: 2 })];
    app.statementId = statement().id;
    render(Releases);
    await userEvent.click(await screen.findByTestId('export-publication'));
    // While it runs: the export says so, with its progress; the publish button does not.
    expect(await screen.findByTestId('progress')).toHaveTextContent('Verifying: 1.0 of 2.0 MB (50%)');
    expect(screen.getByTestId('export-publication')).toHaveTextContent('Exporting…');
    expect(screen.getByTestId('publish')).toHaveTextContent('Publish release 3');
    finish(null);
    const msg = await screen.findByTestId('release-message');
    expect(msg).toHaveTextContent('The publication of release 2 (3 signatories) is in /home/me/publication');
    expect(msg).toHaveTextContent('verify.html');
    await waitFor(() => expect(screen.queryByTestId('progress')).toBeNull());
    expect(screen.getByTestId('export-publication')).toHaveTextContent('Export publication…');
    const { onProgress, ...args } = calls.find((c) => c.cmd === 'publication_export')!.args;
    expect(onProgress).toBeDefined();
    expect(args).toEqual({ id: statement().id, number: 2, dir: '/home/me/publication' });
  });
});

describe("Witnessed releases, the lead's side (issue 17)", () => {
  const w = (name: string, key_name: string, cosigned: boolean): WitnessInfo => ({
    name,
    key_name,
    public_key: key_name.length.toString(16).padStart(64, '0'),
    website: null,
    cosigned,
  });
  const rows = (bCosigned: boolean): ReleaseRow[] => [
    {
      number: 1,
      issued_at: '2026-10-01T12:00:00Z',
      entries: 3,
      signatories: 3,
      withdrawn: 0,
      root: 'ab'.repeat(32),
      witnesses: [w('Press Freedom Watch', 'press.example/w1', true), w('Centre for International Law', 'law.example/w22', false)],
      quorum: 2,
    },
    {
      number: 2,
      issued_at: '2026-11-01T12:00:00Z',
      entries: 5,
      signatories: 5,
      withdrawn: 0,
      root: 'cd'.repeat(32),
      witnesses: [w('Press Freedom Watch', 'press.example/w1', false), w('Centre for International Law', 'law.example/w22', bCosigned)],
      quorum: 2,
    },
  ];

  it("shows who co-signed each release, warns while the quorum is missing, and writes each witness's request from the size it co-signed last", async () => {
    let cosigned = false;
    const calls = mockBackend({
      releases_list: () => rows(cosigned),
      signatories_summary: () => rosterSummary({ pending: 0 }),
      'plugin:dialog|save': () => '/files/request.txt',
      'plugin:dialog|open': () => ['/files/w22.undersigned-cosignature'],
      cosignature_request: () => null,
      import_files: () => (
        (cosigned = true),
        [
          {
            file: '/files/w22.undersigned-cosignature',
            outcome: 'cosigned',
            number: 2,
            added: ['law.example/w22'],
            cosigned: ['Press Freedom Watch', 'Centre for International Law'],
            quorum: 2,
          },
        ]
      ),
    });
    app.info = info({ identity });
    app.statements = [statement({ releases: 2 })];
    app.statementId = statement().id;
    render(Releases);
    const [r2, r1] = await screen.findAllByTestId('release-witnesses');
    expect(r2).toHaveTextContent('Co-signed by 0 of its 2 witnesses (2 needed).');
    expect(r1).toHaveTextContent('Co-signed by 1 of its 2 witnesses (2 needed).');
    // Said in words and with a sign, not by colour alone.
    expect(within(r2).getByTestId('quorum-short')).toHaveTextContent('⚠ Not valid yet: 2 witnesses must co-sign it.');
    // Press Freedom Watch co-signed release 1 (3 entries): its request for release 2 starts there.
    await userEvent.click(within(r2).getAllByTestId('request-cosignature')[0]);
    expect(await screen.findByTestId('release-message')).toHaveTextContent('The request for Press Freedom Watch is saved to /files/request.txt');
    expect(calls.find((c) => c.cmd === 'cosignature_request')!.args).toEqual({ id: statement().id, number: 2, old: 3, path: '/files/request.txt' });
    // The Centre never co-signed: from 0.
    await userEvent.click(within(r2).getAllByTestId('request-cosignature')[1]);
    await waitFor(() => expect(calls.filter((c) => c.cmd === 'cosignature_request').at(-1)!.args).toMatchObject({ number: 2, old: 0 }));
    // Its file comes back: added through the import, the list read again.
    await userEvent.click(screen.getByTestId('add-cosignatures'));
    await waitFor(() => expect(screen.getByTestId('release-message')).toHaveTextContent('Release 2 is co-signed by 2 of the 2 witnesses it needs.'));
    expect(calls.find((c) => c.cmd === 'import_files')!.args).toMatchObject({ paths: ['/files/w22.undersigned-cosignature'] });
    await waitFor(() => expect(screen.getAllByTestId('release-witnesses')[0]).toHaveTextContent('Co-signed by 1 of its 2 witnesses'));
  });

  it('says why a cosignature file was not added', async () => {
    mockBackend({
      releases_list: () => rows(false),
      signatories_summary: () => rosterSummary({ pending: 0 }),
      'plugin:dialog|open': () => ['/files/old.json'],
      import_files: () => [
        {
          file: '/files/old.json',
          outcome: 'rejected',
          code: 'checkpoint-mismatch',
          reason: 'this cosignature file co-signs a checkpoint of no release in this store',
        },
      ],
    });
    app.info = info({ identity });
    app.statements = [statement({ releases: 2 })];
    app.statementId = statement().id;
    render(Releases);
    await userEvent.click(await screen.findByTestId('add-cosignatures'));
    expect(await screen.findByTestId('release-error')).toHaveTextContent(
      '/files/old.json was not added: this cosignature file co-signs a checkpoint of no release in this store',
    );
  });

  it('opens a version with witnesses and a quorum of more than half', async () => {
    const calls = mockBackend({
      statement_versions: () => [
        { version: 1, state: 'draft', texts: [{ language: 'en', title: 'T', body: 'B' }], digest: null, opened_at: null, closes_on: null, endorsements: 0 },
      ],
      statement_open: () => ({ version: 1, digest: 'ab'.repeat(32) }),
      statements_list: () => [statement()],
    });
    app.info = info({ identity, unlocked: true });
    app.statements = [statement()];
    app.statementId = statement().id;
    render(Statement);
    for (const [name, keyName, key] of [
      ['Press Freedom Watch', 'press.example/w1', 'AB'.repeat(32)],
      ['Centre for International Law', 'law.example/w2', 'cd'.repeat(32)],
      ['University Observatory', 'uni.example/w3', 'ef'.repeat(32)],
    ]) {
      await userEvent.click(await screen.findByTestId('witness-add'));
      const row = screen.getAllByTestId('witness-row').at(-1)!;
      await userEvent.type(within(row).getByTestId('witness-name'), name);
      await userEvent.type(within(row).getByTestId('witness-key-name'), keyName);
      await userEvent.type(within(row).getByTestId('witness-key'), key);
    }
    await userEvent.type(within(screen.getAllByTestId('witness-row')[0]).getByTestId('witness-website'), 'https://press.example');
    // Of three: 2 or 3 (more than half), 2 by default.
    const quorum = screen.getByTestId('quorum') as HTMLSelectElement;
    expect([...quorum.options].map((o) => o.textContent)).toEqual(['2 of 3', '3 of 3']);
    expect(quorum.value).toBe('2');
    await userEvent.click(screen.getByTestId('open-version'));
    expect(await screen.findByTestId('statement-message')).toHaveTextContent('Each release must be co-signed by 2 of its 3 witnesses.');
    const args = calls.find((c) => c.cmd === 'statement_open')!.args;
    expect(args.quorum).toBe(2);
    expect(args.witnesses).toEqual([
      { name: 'Press Freedom Watch', key_name: 'press.example/w1', public_key: 'AB'.repeat(32), website: 'https://press.example' },
      { name: 'Centre for International Law', key_name: 'law.example/w2', public_key: 'cd'.repeat(32) },
      { name: 'University Observatory', key_name: 'uni.example/w3', public_key: 'ef'.repeat(32) },
    ]);
  });
});

describe('Store backup', () => {
  it('asks before a restore replaces the records, and a damaged backup is an error by code', async () => {
    let restores = 0;
    mockBackend({
      'plugin:dialog|open': () => '/home/me/old.db',
      store_restore: () => {
        restores += 1;
        if (restores === 2) throw { code: 'invalid', message: '/home/me/old.db is damaged; the store was not changed' };
        return null;
      },
      app_info: () => info({ identity }),
      statements_list: () => [],
    });
    app.info = info({ identity });
    render(Identity);
    await userEvent.click(await screen.findByTestId('store-restore'));
    const ask = await screen.findByTestId('store-restore-confirm');
    expect(ask).toHaveTextContent('/home/me/old.db');
    expect(restores).toBe(0);
    await userEvent.click(screen.getByTestId('store-restore-yes'));
    expect(await screen.findByTestId('identity-message')).toHaveTextContent('restored from /home/me/old.db');
    expect(restores).toBe(1);
    await userEvent.click(screen.getByTestId('store-restore'));
    await userEvent.click(await screen.findByTestId('store-restore-yes'));
    expect(await screen.findByTestId('identity-error')).toHaveTextContent('damaged');
    expect(restores).toBe(2);
  });
});

describe('Statement', () => {
  it('creates a draft with a Markdown preview rendered by the backend', async () => {
    const calls = mockBackend({
      statement_create: () => 'abcd',
      app_info: () => info({ identity }),
      statements_list: () => [statement({ id: 'abcd', state: 'draft', open_version: null })],
      statement_versions: () => [
        { version: 1, state: 'draft', texts: [{ language: 'en', title: 'T', body: 'B' }], digest: null, opened_at: null, closes_on: null, endorsements: 0 },
      ],
    });
    app.info = info({ identity });
    app.creating = true;
    render(Statement);
    const user = userEvent.setup();
    await user.type(screen.getByTestId('statement-title'), 'Joint statement');
    await user.type(screen.getByTestId('statement-body'), 'We call on the States');
    await waitFor(() => expect(calls.some((c) => c.cmd === 'markdown_html')).toBe(true));
    await user.click(screen.getByTestId('statement-create'));
    await waitFor(() => expect(calls.some((c) => c.cmd === 'statement_create')).toBe(true));
    expect(calls.find((c) => c.cmd === 'statement_create')!.args).toEqual({ title: 'Joint statement', body: 'We call on the States', language: 'en' });
    expect(await screen.findByTestId('open-card')).toBeInTheDocument();
  });
});

describe('Statement languages', () => {
  it('adds a translation to the draft', async () => {
    const calls = mockBackend({
      statement_versions: () => [
        {
          version: 1,
          state: 'draft',
          texts: [{ language: 'en', title: 'Joint statement', body: 'We call on the States' }],
          digest: null,
          opened_at: null,
          closes_on: null,
          endorsements: 0,
        },
      ],
      statement_edit: () => 1,
      app_info: () => info({ identity }),
      statements_list: () => [statement({ id: 'abcd', state: 'draft', open_version: null })],
    });
    app.info = info({ identity });
    app.statements = [statement({ id: 'abcd', state: 'draft', open_version: null })];
    app.statementId = 'abcd';
    render(Statement);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: '+ Add a language' }));
    await user.type(screen.getByLabelText('Language code'), 'fr');
    await user.click(screen.getByRole('button', { name: 'Add' }));
    await user.type(screen.getByTestId('statement-title'), 'Déclaration commune');
    await user.type(screen.getByTestId('statement-body'), 'Nous appelons les États');
    await user.click(screen.getByTestId('statement-save'));
    await waitFor(() => expect(calls.some((c) => c.cmd === 'statement_edit')).toBe(true));
    expect(calls.find((c) => c.cmd === 'statement_edit')!.args).toEqual({
      id: 'abcd',
      title: 'Déclaration commune',
      body: 'Nous appelons les États',
      language: 'fr',
    });
  });
});

describe('Languages', () => {
  it('changes language live from the menu: Arabic, right to left, then back to English', async () => {
    mockBackend({ app_info: () => info(), statements_list: () => [statement()] });
    render(App);
    const user = userEvent.setup();
    expect(await screen.findByText('Your statements')).toBeInTheDocument();
    const menu = screen.getByRole('combobox', { name: 'Language' });
    expect(
      within(menu)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['English', 'Français', 'Español', 'العربية']);
    try {
      await user.selectOptions(menu, 'ar');
      expect(await screen.findByText('بياناتك')).toBeInTheDocument();
      expect(document.documentElement).toHaveAttribute('dir', 'rtl');
      expect(document.documentElement).toHaveAttribute('lang', 'ar');
      expect(screen.getByTestId('attention')).toHaveTextContent('توقيعان بانتظار مراجعتك');
      expect(screen.getByRole('combobox', { name: 'اللغة' })).toHaveValue('ar');
      expect(localStorage.getItem('undersigned.language')).toBe('ar');
    } finally {
      await user.selectOptions(screen.getByTestId('language'), 'en');
      localStorage.clear();
    }
    expect(await screen.findByText('Your statements')).toBeInTheDocument();
    expect(document.documentElement).toHaveAttribute('dir', 'ltr');
  });
});
