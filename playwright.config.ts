import { defineConfig } from '@playwright/test';

// One worker: each test file launches its own Chromium with the extension, and these
// machines have two cores.
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  workers: 1,
  timeout: 60_000,
  retries: 0,
  reporter: [['list']],
  globalSetup: './test/e2e/global-setup.ts',
  outputDir: 'test-results',
});
