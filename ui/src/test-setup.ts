import '@testing-library/jest-dom/vitest';
import { randomFillSync } from 'node:crypto';
import { afterEach } from 'vitest';
import { clearMocks } from '@tauri-apps/api/mocks';

// @tauri-apps/api/mocks needs crypto.getRandomValues in jsdom.
if (!('crypto' in window) || !window.crypto.getRandomValues) {
  Object.defineProperty(window, 'crypto', {
    value: { getRandomValues: (b: Uint8Array) => randomFillSync(b) },
  });
}
afterEach(() => clearMocks());
