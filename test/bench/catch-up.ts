import type { DeviceClient } from './device-client';
import { sendBurst } from './burst';
import {
  launchBench,
  receivedAtOf,
  storedCount,
  workerStatus,
  type BenchBrowser,
  type RunningServer,
} from './harness';
import type { BenchResult } from './report';
import { median, round, sleep, waitFor, wallNow } from './stats';

export const CATCH_UP = { messages: 1000, runs: 3 } as const;

/**
 * Benchmark 3: 1 000 messages sent while the browser is closed; relaunch on the same profile;
 * time from the worker's start until all are stored, duplicates, notifications raised.
 * Returns the relaunched browser, which the caller owns from then on.
 */
export async function benchCatchUp(
  server: RunningServer,
  first: BenchBrowser,
  extensionDir: string,
  floor: DeviceClient,
): Promise<{ result: BenchResult; browser: BenchBrowser }> {
  let b = first;
  const runs: Record<string, number>[] = [];
  for (let run = 0; run < CATCH_UP.runs; run++) {
    const before = await storedCount(b.ext);
    const userDataDir = b.ext.userDataDir;
    await b.ext.close();
    await floor.disconnect();
    const sent = await sendBurst(server, `catch-up run ${run}`, CATCH_UP.messages, 8);
    const mids = sent.map((s) => s.messageId);

    b = await launchBench(extensionDir, userDataDir);
    // The worker global's time origin is when this worker instance started.
    const workerStart = await b.ext.worker.evaluate(() => performance.timeOrigin);
    const complete = await waitFor(
      async () => (await storedCount(b.ext)) >= before + mids.length,
      60_000,
      50,
    );
    const observedAt = wallNow();
    if (!complete) throw new Error('catch-up: not every message was stored within 60 s');
    const received = await receivedAtOf(b.ext, mids);
    const stored = Object.keys(received).length;
    await sleep(500); // let the last notification and badge land before reading counters
    const status = await workerStatus(b.page);

    // The floor: the ws device comes back and takes the same 1 000 replays.
    const t0 = wallNow();
    await floor.reconnect();
    const want = new Set(mids);
    await waitFor(
      () => floor.received.filter((r) => want.has(r.mid)).length >= mids.length,
      30_000,
      20,
    );
    const floorDone = Math.max(...floor.received.filter((r) => want.has(r.mid)).map((r) => r.at));
    floor.received.length = 0;

    runs.push({
      lastWriteBegan: Math.max(...Object.values(received)) - workerStart,
      // The worker's own record of its last write that added a message, taken after the commit.
      committed: (status.lastMessageAt ?? NaN) - workerStart,
      observed: observedAt - workerStart,
      floor: floorDone - t0,
      missing: mids.length - stored,
      extraRows: (await storedCount(b.ext)) - before - stored,
      storedCounter: status.counters.messagesStored,
      raised: status.counters.notificationsRaised,
      framesReceived: status.counters.framesReceived,
    });
  }
  const med = (k: string) => round(median(runs.map((r) => r[k]!)), 1);
  const max = (k: string) => Math.max(...runs.map((r) => r[k]!));
  return {
    browser: b,
    result: {
      name: '3 catch-up',
      figures: {
        'all stored, after the worker started': { value: med('lastWriteBegan'), unit: 'ms' },
        'all stored, seen by a 50 ms poll (upper bound)': { value: med('observed'), unit: 'ms' },
        "all stored, committed (the worker's lastMessageAt)": {
          value: med('committed'),
          unit: 'ms',
        },
        'floor: ws device reconnect to last replay': { value: med('floor'), unit: 'ms' },
        'all stored / floor': { value: round(med('lastWriteBegan') / med('floor'), 2), unit: '×' },
        'all committed / floor': { value: round(med('committed') / med('floor'), 2), unit: '×' },
        'missing (max over runs)': { value: max('missing'), unit: 'messages' },
        'duplicates: rows beyond the sent ones (max over runs)': {
          value: max('extraRows'),
          unit: 'rows',
        },
        'messages stored by the new worker (median)': {
          value: med('storedCounter'),
          unit: 'messages',
        },
        'frames received by the new worker (median)': {
          value: med('framesReceived'),
          unit: 'frames',
        },
        'OS notifications raised (median)': { value: med('raised'), unit: 'notifications' },
      },
      targets: {
        'all stored / floor': '≤ 3 ×',
        'duplicates: rows beyond the sent ones (max over runs)': '0',
      },
      notes:
        `${CATCH_UP.runs} runs: close Chromium, send ${CATCH_UP.messages} messages, relaunch on the same profile. ` +
        'Worker start: performance.timeOrigin of the new worker global. "All stored": the latest receivedAt ' +
        '(the worker\'s Date.now() when it began the write) among the sent messages; "committed": the worker\'s ' +
        'status lastMessageAt, its Date.now() once the last write that added a message committed (no write adds ' +
        'after the 1 000: every other message is stored by earlier runs); the poll figure is when the ' +
        'bench process saw the count complete. Duplicates: rows are keyed by mid, so a duplicate would show as ' +
        'messagesStored above the number sent or extra rows. Floor: the ws device, disconnected during the sends, ' +
        'reconnects with its pushToken and receives the same replays.',
    },
  };
}
