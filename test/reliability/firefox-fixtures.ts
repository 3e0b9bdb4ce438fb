import { test as base } from '@playwright/test';
import { startServer, type RunningServer } from '../e2e/server-process';
import { openFirefox, type FirefoxExtension } from '../firefox/harness';
import { firefoxPath } from '../../scripts/firefox';

/**
 * The Firefox scenarios' fixtures: the real server process with the sender rate limit off, and
 * the shipped Firefox build in a fresh profile (test/firefox/harness.ts), reached through an
 * extension page (`ffx.page`) and its background page (`ffx.bg`).
 */
export const test = base.extend<{ server: RunningServer; ffx: FirefoxExtension }>({
  // eslint-disable-next-line no-empty-pattern
  server: async ({}, use) => {
    // Fails at once, with the fix, when there is no Firefox (the reliability run's global
    // set-up checks only for Chromium).
    firefoxPath();
    const server = await startServer({ args: ['--no-rate-limit'] });
    await use(server);
    await server.stop();
  },
  ffx: async ({ server }, use) => {
    const ffx = await openFirefox(server);
    await use(ffx);
    await ffx.close();
  },
});
