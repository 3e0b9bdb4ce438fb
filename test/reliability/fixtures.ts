import type { Evaluator } from '../e2e/worker-inspect';
import { bind, test as e2e } from '../e2e/fixtures';
import { startServer, type RunningServer } from '../e2e/server-process';
import { collectProbe, installProbe } from './probe';

export { expect, send, status, callWorker } from '../e2e/fixtures';

/**
 * The e2e fixtures (real server process, built extension in Chromium, an extension page),
 * with the server's sender rate limit off: the scenarios stream hundreds of messages.
 */
export const test = e2e.extend<{ server: RunningServer; serverArgs: string[] }>({
  /** Arguments of the test server; a scenario may add some with `test.use`. */
  serverArgs: [['--no-rate-limit'], { option: true }],
  server: async ({ serverArgs }, use) => {
    const server = await startServer({ args: serverArgs });
    await use(server);
    await server.stop();
  },
});

/** Probe first (so it sees every write), then bind. */
export async function probeAndBind(
  page: Evaluator,
  worker: Parameters<typeof installProbe>[0],
  server: RunningServer,
): Promise<void> {
  await collectProbe(page);
  await installProbe(worker);
  await bind(page, server);
}

/** POST to a /__test hook; throws unless the envelope says 1000. */
export async function hook<T = unknown>(
  server: { url: string },
  path: string,
  body: unknown = {},
): Promise<T> {
  const res = await fetch(`${server.url}/__test/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { code: number; msg: string; data: T };
  if (json.code !== 1000) throw new Error(`${path}: ${json.code} ${json.msg}`);
  return json.data;
}

/** The server's /__test/stats counters. */
export interface ServerStats {
  connections: number;
  upgradeAttempts: number;
  refusedUpgrades: number;
  devices: number;
  messages: number;
  pendingReplays: number;
}

export async function serverStats(server: { url: string }): Promise<ServerStats> {
  return ((await (await fetch(`${server.url}/__test/stats`)).json()) as { data: ServerStats }).data;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Logs a scenario's measured facts so they show in the run output. */
export function report(name: string, facts: Record<string, unknown>): void {
  console.log(`[reliability] ${name}: ${JSON.stringify(facts)}`);
}
