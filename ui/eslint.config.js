// ESLint (flat config): the recommended rules of eslint, typescript-eslint and eslint-plugin-svelte.
// Formatting is prettier's job (.prettierrc.json); `npm run lint` checks both, as does `make test`.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

export default defineConfig(
  // Generated from the Rust types by ts-rs (make ui-types); never edited by hand.
  { ignores: ['dist/', 'src/lib/backend/generated/'] },
  js.configs.recommended,
  ts.configs.recommended,
  svelte.configs.recommended,
  { languageOptions: { globals: { ...globals.browser, ...globals.node } } },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    rules: {
      // Every {#each} lists display-only rows (no per-row state, inputs or transitions): a key changes nothing, and duplicates would throw.
      'svelte/require-each-key': 'off',
    },
  },
);
