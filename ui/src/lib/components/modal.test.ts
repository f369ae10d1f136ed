// The app's modal dialogs (Modal.svelte): the About box and the passphrase prompt. Each is a
// dialog named by its heading that takes the focus, keeps Tab inside, closes on Escape and gives
// the focus back to what opened it.
import { describe, expect, it, beforeEach } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../../App.svelte';
import PassphrasePrompt from './PassphrasePrompt.svelte';
import { app, ensureUnlocked } from '../app.svelte';
import { setLanguage } from '../i18n/index.svelte';
import { identity, info, mockBackend, resetApp, statement } from '../../test/mock';

beforeEach(() => resetApp());

async function openAbout() {
  mockBackend({
    app_info: () =>
      info({
        identity,
        version: '1.4.2',
        formats_read: ['undersigned/1'],
        format_written: 'undersigned/1',
        store_path: '/home/amina/.local/share/undersigned/undersigned.db',
      }),
    statements_list: () => [statement()],
  });
  render(App);
  const user = userEvent.setup();
  const button = await screen.findByTestId('about-open');
  expect(button).toHaveTextContent('About Undersigned');
  await user.click(button);
  return { user, button, dialog: screen.getByRole('dialog', { name: 'About Undersigned' }) };
}

describe('About', () => {
  it('is a modal dialog named by its heading, showing the version, the formats and the store', async () => {
    const { dialog } = await openAbout();
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(dialog).toHaveAttribute('data-testid', 'about-dialog');
    expect(document.getElementById(dialog.getAttribute('aria-labelledby')!)).toHaveTextContent('About Undersigned');
    expect(screen.getByTestId('about-version')).toHaveTextContent('1.4.2');
    expect(screen.getByTestId('about-reads')).toHaveTextContent('undersigned/1');
    expect(screen.getByTestId('about-writes')).toHaveTextContent('undersigned/1');
    expect(dialog).toHaveTextContent('Reads');
    expect(dialog).toHaveTextContent('Writes');
    expect(dialog).toHaveTextContent('lets a coalition gather signatures');
    // The path is a left-to-right island, as paths are elsewhere.
    const path = within(screen.getByTestId('about-store')).getByText('/home/amina/.local/share/undersigned/undersigned.db');
    expect(path.tagName).toBe('BDI');
    expect(path).toHaveAttribute('dir', 'ltr');
  });

  it('takes the focus, keeps Tab and Shift+Tab inside, and on Escape closes and gives the focus back', async () => {
    const { user, button, dialog } = await openAbout();
    expect(dialog).toContainElement(document.activeElement as HTMLElement);
    const close = screen.getByTestId('about-close');
    expect(close).toHaveFocus();
    for (let i = 0; i < 3; i++) {
      await user.tab();
      expect(dialog).toContainElement(document.activeElement as HTMLElement);
      await user.tab({ shift: true });
      expect(dialog).toContainElement(document.activeElement as HTMLElement);
    }
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('about-dialog')).toBeNull());
    expect(button).toHaveFocus();
  });

  it('closes with its button, and keeps the focus from resting behind it', async () => {
    const { user, button } = await openAbout();
    screen.getByTestId('nav-home').focus();
    expect(screen.getByTestId('about-dialog')).toContainElement(document.activeElement as HTMLElement);
    await user.click(screen.getByTestId('about-close'));
    expect(screen.queryByTestId('about-dialog')).toBeNull();
    expect(button).toHaveFocus();
  });

  it('lists several formats read in the language of the window, each left to right', async () => {
    mockBackend({ app_info: () => info({ formats_read: ['undersigned/1', 'undersigned/1.1'] }), statements_list: () => [] });
    render(App);
    try {
      setLanguage('fr');
      await userEvent.click(await screen.findByTestId('about-open'));
      const reads = screen.getByTestId('about-reads');
      expect(reads).toHaveTextContent('undersigned/1 et undersigned/1.1');
      expect(reads.querySelectorAll('bdi[dir="ltr"]')).toHaveLength(2);
      expect(screen.getByRole('dialog', { name: 'À propos d’Undersigned' })).toBeInTheDocument();
    } finally {
      setLanguage('en');
      localStorage.clear();
    }
  });
});

describe('The passphrase prompt', () => {
  it('is the same kind of dialog: focus on the passphrase, Tab kept inside, Escape cancels', async () => {
    mockBackend({});
    app.info = info({ identity });
    const opener = document.createElement('button');
    document.body.append(opener);
    opener.focus();
    render(PassphrasePrompt);
    const user = userEvent.setup();
    const asked = ensureUnlocked({ key: 'sign.reason' }).catch((e: Error) => e.message);
    const dialog = await screen.findByRole('dialog', { name: 'Enter your passphrase' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(dialog).toHaveAttribute('data-testid', 'unlock-dialog');
    // The reason is a message key, translated where it is shown (it follows a change of language).
    expect(dialog).toHaveTextContent('Signing uses your key.');
    expect(screen.getByTestId('unlock-passphrase')).toHaveFocus();
    await user.type(screen.getByTestId('unlock-passphrase'), 'x');
    for (let i = 0; i < 4; i++) {
      await user.tab();
      expect(dialog).toContainElement(document.activeElement as HTMLElement);
    }
    await user.tab({ shift: true });
    expect(dialog).toContainElement(document.activeElement as HTMLElement);
    await user.keyboard('{Escape}');
    expect(await asked).toBe('cancelled');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(opener).toHaveFocus();
    opener.remove();
  });
});
