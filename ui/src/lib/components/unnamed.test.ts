// The lead's signatories not named (UnnamedSignatories.svelte, FORMAT.md §14.9): each one's
// region, state, checks and vouchers, and the entry id to give a voucher; never who it is.
import { describe, expect, it, beforeEach } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import UnnamedSignatories from './UnnamedSignatories.svelte';
import { app } from '../app.svelte';
import { setLanguage } from '../i18n/index.svelte';
import { mockBackend, resetApp, statement } from '../../test/mock';
import type { UnnamedItem } from '../backend';

beforeEach(() => resetApp());

const item = (over: Partial<UnnamedItem>): UnnamedItem => ({
  entry: 'ab'.repeat(32),
  region: 'asia',
  signed_at: '2026-12-01T09:00:00Z',
  state: 'waiting',
  checks: [],
  vetting_packet: true,
  vouchers: 0,
  vouchers_counted: 0,
  revealed_as: null,
  ...over,
});

const items: UnnamedItem[] = [
  item({}),
  item({ entry: 'cd'.repeat(32), region: null, vetting_packet: false }),
  item({ entry: 'ef'.repeat(32), state: 'checked', checks: [{ method: 'call', checked_on: '2026-12-02' }], vouchers: 2, vouchers_counted: 1 }),
  item({ entry: '01'.repeat(32), state: 'revealed', revealed_as: 'Mothers of the Disappeared' }),
  item({ entry: '23'.repeat(32), region: 'africa', state: 'withdrawn' }),
];

describe('Signatories not named', () => {
  it('lists each with its state, checks and vouchers, and the entry id to hand a voucher', async () => {
    const calls = mockBackend({ unnamed_list: () => items });
    app.statementId = statement().id;
    render(UnnamedSignatories);
    const card = await screen.findByTestId('unnamed-signatories');
    expect(calls.find((c) => c.cmd === 'unnamed_list')?.args).toEqual({ id: statement().id });
    expect(within(card).getByRole('heading')).toHaveTextContent('Signatories not named (5)');
    const rows = within(card).getAllByTestId('unnamed-row');
    expect(rows.map((r) => r.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      expect.stringContaining('Asia'),
      expect.stringContaining('region not stated'),
      expect.stringContaining('Asia'),
      expect.stringContaining('Asia'),
      expect.stringContaining('Africa'),
    ]);
    expect(rows[0]).toHaveTextContent('Waiting for your check: its vetting packet is in Collect');
    expect(rows[0]).toHaveTextContent('No one yet');
    expect(rows[1]).toHaveTextContent('Waiting for its vetting packet');
    expect(rows[2]).toHaveTextContent('Checked: A call to a contact you knew before');
    expect(rows[2]).toHaveTextContent('2 named signatories, 1 with their key on their own website');
    expect(rows[3]).toHaveTextContent('Named since its reveal: Mothers of the Disappeared');
    expect(rows[4]).toHaveTextContent('Withdrawn');
    expect(within(rows[2]).getByTestId('unnamed-entry')).toHaveTextContent('ef'.repeat(32));
  });

  it('shows nothing for a statement without them, and says so in Arabic when there are', async () => {
    mockBackend({});
    app.statementId = statement().id;
    const { unmount } = render(UnnamedSignatories);
    await waitFor(() => expect(screen.queryByTestId('unnamed-signatories')).toBeNull());
    unmount();
    mockBackend({ unnamed_list: () => [items[2]] });
    setLanguage('ar');
    render(UnnamedSignatories);
    const card = await screen.findByTestId('unnamed-signatories');
    expect(card).toHaveTextContent('موقِّعون غير مذكورين بأسمائهم');
    expect(card).toHaveTextContent('موقِّعان مذكوران باسميهما');
    setLanguage('en');
  });
});
