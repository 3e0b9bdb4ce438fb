import { test as base, expect, type Page } from '@playwright/test';
import type { WorkerStatus } from '../../lib/protocol';
import { buildExtension, launchExtension, type LaunchedExtension } from './extension';
import { startServer, type RunningServer } from './server-process';
import type { Evaluator } from './worker-inspect';

/**
 * Each test gets the real local server (on an ephemeral port, then the same one for the next
 * tests of this process) and Chromium with the extension built against it. `page` is an
 * extension page, so tests act through the same typed protocol the popup uses; nothing
 * test-only is compiled into the extension.
 */
export const test = base.extend<{
  server: RunningServer;
  ext: LaunchedExtension;
  extPage: Page;
}>({
  // Playwright requires an object pattern here, even when a fixture uses no other fixture.
  // eslint-disable-next-line no-empty-pattern
  server: async ({}, use) => {
    const server = await startServerOnWorkerPort();
    await use(server);
    await server.stop();
  },
  ext: async ({ server }, use) => {
    const dir = await buildExtension(server.url);
    const ext = await launchExtension(dir);
    await use(ext);
    await ext.close();
  },
  extPage: async ({ ext }, use) => {
    const page = await ext.context.newPage();
    await page.goto(`chrome-extension://${ext.extensionId}/offscreen.html`);
    await use(page);
  },
});

export { expect };

/** The port this test process's servers listen on, once one has (see below). */
let workerPort: number | undefined;

/**
 * The test's server, on the port the last test's server had: the extension is built with the
 * server's address in it, and the same address reuses the last build (a build each test cost
 * ~2 s of CI per test). A port taken meanwhile by something else gets a new one.
 */
async function startServerOnWorkerPort(): Promise<RunningServer> {
  let server: RunningServer;
  try {
    server = await startServer({ port: workerPort ?? 0 });
  } catch (error) {
    if (workerPort === undefined) throw error;
    server = await startServer();
  }
  workerPort = server.port;
  return server;
}

/** Calls the worker's typed protocol from an extension page (Chromium's or Firefox's). */
export function callWorker<T = unknown>(page: Evaluator, type: string, data?: unknown): Promise<T> {
  return page.evaluate(
    async ([type, data]) => {
      // Firefox's promise-based API is `browser`; Chromium has both.
      const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
      const response = (await api.runtime.sendMessage({ wxp: 1, type, data })) as
        { ok: true; result: unknown } | { ok: false; error: string };
      if (!response.ok) throw new Error(response.error);
      return response.result;
    },
    [type, data] as const,
  ) as Promise<T>;
}

export const status = (page: Evaluator) => callWorker<WorkerStatus>(page, 'getStatus');

/** Binds the browser to the server's default user by confirming the login QR code. */
export async function bind(page: Evaluator, server: RunningServer): Promise<void> {
  const state = await callWorker<{ kind: string; code?: string }>(page, 'requestLoginCode');
  expect(state.kind).toBe('waiting');
  const response = await fetch(`${server.url}/scan/${state.code}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
  expect((await response.json()).code).toBe(1000);
  await expect
    .poll(async () => (await status(page)).binding.kind, { timeout: 10_000 })
    .toBe('bound');
}

/** Sends through the public sender API to the server's default user. */
export async function send(
  server: RunningServer,
  body: { content: string; contentType?: number; summary?: string; url?: string },
): Promise<{ messageId: number; messageContentId: number }> {
  const response = await fetch(`${server.url}/api/send/message`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ appToken: server.appToken, uids: [server.uid], ...body }),
  });
  const json = (await response.json()) as {
    code: number;
    msg: string;
    data: { messageId: number; messageContentId: number }[];
  };
  if (json.code !== 1000) throw new Error(`send failed: ${json.code} ${json.msg}`);
  return json.data[0]!;
}
