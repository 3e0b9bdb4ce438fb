import { defineConfig } from '@playwright/test';

// The end-to-end suite in real Firefox (docs/architecture.md §10), part of `npm test`.
// Playwright cannot load extensions into Firefox, so its runner runs these tests and Puppeteer
// drives Firefox over WebDriver BiDi (scripts/firefox-runner.ts). One worker: each file launches
// its own Firefox.
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  workers: 1,
  // Bounds, not speed targets: generous so a loaded 2-core machine fails only on a real fault.
  timeout: 120_000,
  expect: { timeout: 15_000 },
  retries: 0,
  reporter: [['list']],
  globalSetup: './global-setup.ts',
  outputDir: '../../test-results/firefox',
});
