import { defineConfig } from '@playwright/test';

// `npm run test:reliability` (docs/architecture.md §10): fault scenarios against the built
// extension in Chromium and the real local server. One worker: each test launches its own
// Chromium.
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  workers: 1,
  timeout: 120_000,
  retries: 0,
  reporter: [['list']],
  globalSetup: '../e2e/global-setup.ts',
  outputDir: '../../test-results/reliability',
});
