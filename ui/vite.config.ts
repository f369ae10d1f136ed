import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';

export default defineConfig({
  plugins: [svelte(), svelteTesting()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  // The CSS is left as written for the app's engine (WebKitGTK 2.50 ≈ Safari 18): lowered for
  // older engines, light-dark() would follow only the system's scheme, never `color-scheme`.
  build: { target: 'es2022', cssTarget: ['safari18', 'chrome123'], outDir: 'dist', emptyOutDir: true },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test-setup.ts'],
  },
});
