// Keyboard focus is never left to the page: when what had it goes away (a button replaced by what
// it opened, disabled while it works), the screen hands it to what took its place.
import { tick } from 'svelte';

/** After the next update, focuses the element `target` gives then (give it tabindex="-1"; it may
 *  only exist once the update is made) if the focus was lost to the page; a person who moved on
 *  meanwhile keeps their place. */
export async function keepFocus(target: () => HTMLElement | null | undefined): Promise<void> {
  await tick();
  const el = target();
  const now = document.activeElement;
  if (el && (!now || now === document.body || !now.isConnected)) el.focus();
}
