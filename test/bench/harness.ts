import type { Page } from '@playwright/test';
import type { WorkerStatus } from '../../lib/protocol';
import { buildExtension, launchExtension, type LaunchedExtension } from '../e2e/extension';
import { startServer, type RunningServer } from '../e2e/server-process';
import { countStored, type Evaluator } from '../e2e/worker-inspect';
import { sleep, waitFor, wallNow } from './stats';

export type { RunningServer };

/** The real local server, as its own process, with the sender limits off (bench only). */
export function startBenchServer(
  opts: { dataFile?: string; port?: number } = {},
): Promise<RunningServer> {
  return startServer({ ...opts, args: ['--no-rate-limit', '--no-daily-limit'] });
}

/** One send through the public sender API, stamped before the request and after the answer. */
export interface TimedSend {
  messageId: number;
  sentAt: number;
  answeredAt: number;
}

export async function sendTimed(
  server: RunningServer,
  content: string,
  uid = server.uid,
): Promise<TimedSend> {
  const sentAt = wallNow();
  const response = await fetch(`${server.url}/api/send/message`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ appToken: server.appToken, uids: [uid], content }),
  });
  const json = (await response.json()) as {
    code: number;
    msg: string;
    data: { messageId: number }[];
  };
  const answeredAt = wallNow();
  if (json.code !== 1000 || !json.data[0]) throw new Error(`send failed: ${json.code} ${json.msg}`);
  return { messageId: json.data[0].messageId, sentAt, answeredAt };
}

/** The built extension in Chromium plus an extension page to talk to the worker from. */
export interface BenchBrowser {
  ext: LaunchedExtension;
  page: Page;
  chromium: string;
}

export async function launchBench(
  extensionDir: string,
  userDataDir?: string,
): Promise<BenchBrowser> {
  const ext = await launchExtension(extensionDir, userDataDir ? { userDataDir } : {});
  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/offscreen.html`);
  return { ext, page, chromium: ext.context.browser()?.version() ?? 'unknown' };
}

export { buildExtension };

/** Calls the worker's typed protocol from an extension page (what the popup does). */
export async function callWorker<T>(page: Evaluator, type: string, data?: unknown): Promise<T> {
  const response = (await page.evaluate(
    // Firefox's promise-based API is `browser`; Chromium has both.
    ([type, data]) =>
      (
        (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome
      ).runtime.sendMessage({ wxp: 1, type, data }),
    [type, data] as const,
  )) as { ok: true; result: T } | { ok: false; error: string };
  if (!response.ok) throw new Error(response.error);
  return response.result;
}

export const workerStatus = (page: Evaluator) => callWorker<WorkerStatus>(page, 'getStatus');

/** Binds the extension to the default user by confirming its login code on the server. */
/**
 * Binds the extension to the server's user, or to `uid` (one made by {@link createUser}: the
 * test server lets a confirm name it).
 */
export async function bindExtension(
  page: Evaluator,
  server: RunningServer,
  uid?: string,
): Promise<void> {
  const state = await callWorker<{ kind: string; code?: string }>(page, 'requestLoginCode');
  if (state.kind !== 'waiting') throw new Error(`no login code: ${JSON.stringify(state)}`);
  await fetch(`${server.url}/scan/${state.code}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(uid === undefined ? {} : { uid }),
  });
  const bound = await waitFor(
    async () => (await workerStatus(page)).binding.kind === 'bound',
    15_000,
    200,
  );
  if (!bound) throw new Error('the extension did not bind within 15 s');
  // Let the resume catch-up that follows binding finish before anything is measured.
  await sleep(500);
}

/**
 * A new user of the server who follows its app: messages sent to it reach only the devices
 * bound to it, and it has no history for a device bound later to replay.
 */
export async function createUser(server: RunningServer): Promise<string> {
  const response = await fetch(`${server.url}/__test/create-user`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
  const json = (await response.json()) as { code: number; data?: { uid: string } };
  if (json.code !== 1000 || !json.data) throw new Error(`create-user failed: ${json.code}`);
  return json.data.uid;
}

/** Number of stored messages, read straight from the worker's IndexedDB. */
export function storedCount(ext: LaunchedExtension): Promise<number> {
  return countStored(ext.worker);
}

/** Of each given mid that is stored: when the worker stored it, and its parts rendered ahead. */
function storedOf(
  ext: LaunchedExtension,
  mids: number[],
): Promise<Record<number, { receivedAt: number; renderedParts: number }>> {
  return ext.worker.evaluate(
    (mids) =>
      new Promise<Record<number, { receivedAt: number; renderedParts: number }>>(
        (resolve, reject) => {
          const open = indexedDB.open('wxpusher');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const req = db.transaction('messages').objectStore('messages').getAll();
            req.onsuccess = () => {
              const want = new Set(mids);
              const out: Record<number, { receivedAt: number; renderedParts: number }> = {};
              type Row = { mid: number; receivedAt: number; rendered?: { parts: string[] } };
              for (const row of req.result as Row[]) {
                if (!want.has(row.mid)) continue;
                out[row.mid] = {
                  receivedAt: row.receivedAt,
                  renderedParts: row.rendered?.parts.length ?? 0,
                };
              }
              resolve(out);
              db.close();
            };
            req.onerror = () => reject(req.error);
          };
        },
      ),
    mids,
  );
}

/** `receivedAt` (worker Date.now() when stored) of each given mid that is stored. */
export async function receivedAtOf(
  ext: LaunchedExtension,
  mids: number[],
): Promise<Record<number, number>> {
  const stored = await storedOf(ext, mids);
  return Object.fromEntries(Object.entries(stored).map(([mid, row]) => [mid, row.receivedAt]));
}

/** Whether every given mid is stored with its content rendered ahead (lib/worker/prerender.ts). */
export async function renderedAhead(ext: LaunchedExtension, mids: number[]): Promise<boolean> {
  const stored = await storedOf(ext, mids);
  return mids.every((mid) => (stored[mid]?.renderedParts ?? 0) > 0);
}
