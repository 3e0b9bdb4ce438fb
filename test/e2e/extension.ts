import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type BrowserContext, type Worker } from '@playwright/test';
import { chromiumPath } from './chromium';

const ROOT = path.resolve(import.meta.dirname, '../..');
const builds = new Map<string, Promise<string>>();

/**
 * Builds the extension with `serverUrl` as its default server (WXP_SERVER), once per
 * address, into a temporary folder. Returns the unpacked extension folder.
 */
export function buildExtension(serverUrl: string): Promise<string> {
  let build = builds.get(serverUrl);
  if (!build) {
    const outDir = mkdtempSync(path.join(tmpdir(), 'wxp-ext-'));
    build = promisify(execFile)(
      process.execPath,
      [path.join(ROOT, 'node_modules/wxt/bin/wxt.mjs'), 'build'],
      {
        cwd: ROOT,
        env: { ...process.env, WXP_SERVER: serverUrl, WXP_OUT_DIR: outDir },
      },
    ).then(() => path.join(outDir, 'chrome-mv3'));
    builds.set(serverUrl, build);
  }
  return build;
}

export interface LaunchedExtension {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  userDataDir: string;
  close(): Promise<void>;
}

/** Launches Chromium (headless) with the extension loaded, in a fresh or given profile. */
export async function launchExtension(
  extensionDir: string,
  userDataDir = mkdtempSync(path.join(tmpdir(), 'wxp-profile-')),
): Promise<LaunchedExtension> {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  return { context, extensionId, worker, userDataDir, close: () => context.close() };
}
