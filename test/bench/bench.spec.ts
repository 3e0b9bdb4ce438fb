import { test } from '@playwright/test';
import { runBenchmarks } from './run';

// Run through Playwright's runner: it transpiles the functions handed to `evaluate` without
// the helpers tsx adds (`__name`), which do not exist inside the worker.
test('benchmarks', async () => {
  test.setTimeout(15 * 60_000);
  await runBenchmarks();
});
