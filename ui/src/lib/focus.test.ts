import { describe, expect, it } from 'vitest';
import { keepFocus } from './focus';

describe('keepFocus', () => {
  it('gives the focus to what took the place of the element that had it, and only then', async () => {
    const target = document.createElement('div');
    target.tabIndex = -1;
    const button = document.createElement('button');
    document.body.append(target, button);

    // The focused button goes away: the focus would be left to the page.
    button.focus();
    button.remove();
    await keepFocus(() => target);
    expect(document.activeElement).toBe(target);

    // A person who moved on keeps their place.
    const elsewhere = document.createElement('input');
    document.body.append(elsewhere);
    elsewhere.focus();
    await keepFocus(() => target);
    expect(document.activeElement).toBe(elsewhere);

    // Nothing to focus: nothing happens.
    elsewhere.remove();
    await keepFocus(() => null);
    expect(document.activeElement).toBe(document.body);
    target.remove();
  });
});
