import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type BrowserContext, type Worker } from '@playwright/test';
import { chromiumPath } from './chromium';
import { tempDir } from './temp-dir';

const ROOT = path.resolve(import.meta.dirname, '..');
const builds = new Map<string, Promise<string>>();

/**
 * Builds the extension with `serverUrl` as its default server (WXP_SERVER), once per
 * address and folder. Returns the unpacked extension folder (…/chrome-mv3).
 */
export function buildExtension(serverUrl: string, outDirOption?: string): Promise<string> {
  // Same address, same folder: an unpacked extension's id (and so its storage) follows its path.
  const key = `${serverUrl} ${outDirOption ?? ''}`;
  let build = builds.get(key);
  if (!build) {
    const outDir = outDirOption ?? tempDir('wxp-ext-');
    build = promisify(execFile)(
      process.execPath,
      [path.join(ROOT, 'node_modules/wxt/bin/wxt.mjs'), 'build'],
      { cwd: ROOT, env: { ...process.env, WXP_SERVER: serverUrl, WXP_OUT_DIR: outDir } },
    ).then(() => path.join(outDir, 'chrome-mv3'));
    builds.set(key, build);
  }
  return build;
}

/** Every host fails to resolve but this machine's (the rules match an address's text too). */
const LOCAL_HOSTS_ONLY =
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1';

export interface LaunchedExtension {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  userDataDir: string;
  close(): Promise<void>;
}

/**
 * Launches Chromium with the extension loaded, in a fresh profile unless one is given.
 * Headless unless told otherwise. The flags keep Chromium off the network except for what
 * pages ask for (this machine's closed network refuses Google's services); unless `anyHost`,
 * it resolves no name but this machine's, so a test or benchmark sends traffic to 127.0.0.1
 * alone: a sender's remote image (`https://example.com/…` in the tests' messages) fails at
 * once, on every machine, instead of being fetched where there is a network.
 */
export async function launchExtension(
  extensionDir: string,
  profile:
    | string
    | {
        userDataDir?: string;
        headless?: boolean;
        args?: string[];
        env?: Record<string, string>;
        anyHost?: boolean;
      } = {},
): Promise<LaunchedExtension> {
  // A string is the profile folder to reuse (a relaunch); an object gives all options.
  const opts = typeof profile === 'string' ? { userDataDir: profile } : profile;
  const userDataDir = opts.userDataDir ?? tempDir('wxp-profile-');
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: opts.headless ?? true,
    viewport: null,
    // Extra environment for the browser, e.g. the session bus its notifications go to.
    ...(opts.env ? { env: { ...process.env, ...opts.env } as Record<string, string> } : {}),
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
      ...(opts.anyHost ? [] : [LOCAL_HOSTS_ONLY]),
      ...(opts.args ?? []),
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  return { context, extensionId, worker, userDataDir, close: () => context.close() };
}
