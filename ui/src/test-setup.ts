import '@testing-library/jest-dom/vitest';
import { afterEach } from 'vitest';
import { clearMocks } from '@tauri-apps/api/mocks';
import { setupI18n } from './lib/i18n/index.svelte';

// The component tests read English: the library starts in English, synchronously.
setupI18n('en');

afterEach(() => clearMocks());
