import { defineConfig } from '@playwright/test';

// `npm run bench`: one long test that prints the table and writes bench-results.json.
// Not part of `npm test`; timed figures are reported, never asserted.
export default defineConfig({
  testDir: '.',
  testMatch: 'bench.spec.ts',
  workers: 1,
  retries: 0,
  reporter: [['list']],
  globalSetup: '../e2e/global-setup.ts',
  outputDir: '../../test-results/bench',
});
