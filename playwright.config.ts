import { defineConfig } from '@playwright/test';

// One worker: each test file launches its own Chromium with the extension, and these
// machines have two cores.
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  workers: 1,
  // Bounds, not speed targets: generous so a loaded 2-core machine fails only on a real fault
  // (speed is measured by `npm run bench`).
  timeout: 120_000,
  expect: { timeout: 15_000 },
  retries: 0,
  reporter: [['list']],
  globalSetup: './test/e2e/global-setup.ts',
  outputDir: 'test-results',
});
