import { writeBareWorker, type BareWorkerState } from './bare-worker';
import { bindDeviceClient, type DeviceClient } from './device-client';
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

export const CATCH_UP = { messages: 1000, runs: 5 } as const;

/**
 * Benchmark 3: 1 000 messages sent while the browser is closed; relaunch on the same profile;
 * time from the worker's start until all are stored, duplicates, notifications raised.
 * Two floors take the same 1 000 replays: the ws device in this process, and a bare worker
 * (bare-worker.ts) in a browser launched the same way, a device of its own, unbound after.
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
  const bare = await bindDeviceClient(server);
  await bare.disconnect();
  const bareDir = writeBareWorker(server.url, bare.pushToken);
  // One launch first, so every measured one starts on an existing profile, as the relaunch does.
  const bareProfile = await launchBench(bareDir);
  await bareProfile.ext.close();
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
    // Watched through the worker's own count of what it stored, kept in memory. Counting the
    // rows instead, every 50 ms (a read of every stored row, run in the worker itself), held
    // the worker's start-up reads and writes behind it, and no floor is watched that way.
    const complete = await waitFor(
      async () =>
        ((await workerStatus(b.page).catch(() => null))?.counters.messagesStored ?? 0) >=
        mids.length,
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

    // The floor in the browser: the bare worker's own clock, from its start to the last replay.
    const bareRun = await launchBench(bareDir, bareProfile.ext.userDataDir);
    const bareState = () =>
      bareRun.ext.worker.evaluate(() =>
        (globalThis as unknown as { bareState: () => BareWorkerState }).bareState(),
      );
    const bareComplete = await waitFor(
      async () => (await bareState()).count >= mids.length,
      30_000,
      20,
    );
    const bareLast = (await bareState()).last;
    await bareRun.ext.close();
    if (!bareComplete) throw new Error('catch-up: the bare worker did not get every replay');

    runs.push({
      lastWriteBegan: Math.max(...Object.values(received)) - workerStart,
      // The worker's own record of its last write that added a message, taken after the commit.
      committed: (status.lastMessageAt ?? NaN) - workerStart,
      observed: observedAt - workerStart,
      floor: floorDone - t0,
      bareFloor: bareLast,
      missing: mids.length - stored,
      extraRows: (await storedCount(b.ext)) - before - stored,
      storedCounter: status.counters.messagesStored,
      raised: status.counters.notificationsRaised,
      framesReceived: status.counters.framesReceived,
    });
  }
  await bare.logout();
  const med = (k: string) => round(median(runs.map((r) => r[k]!)), 1);
  const max = (k: string) => Math.max(...runs.map((r) => r[k]!));
  const ratio = (k: string, floorKey: string) => ({
    value: round(med(k) / med(floorKey), 2),
    unit: '×',
  });
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
        'floor: bare worker, its start to last replay': { value: med('bareFloor'), unit: 'ms' },
        'all stored / bare worker floor': ratio('lastWriteBegan', 'bareFloor'),
        'all committed / bare worker floor': ratio('committed', 'bareFloor'),
        'floor: ws device reconnect to last replay': { value: med('floor'), unit: 'ms' },
        'all stored / ws device floor': ratio('lastWriteBegan', 'floor'),
        'all committed / ws device floor': ratio('committed', 'floor'),
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
        'all stored / bare worker floor': '≤ 3 ×',
        'duplicates: rows beyond the sent ones (max over runs)': '0',
      },
      notes:
        `${CATCH_UP.runs} runs: close Chromium, send ${CATCH_UP.messages} messages, relaunch on the same profile. ` +
        'Worker start: performance.timeOrigin of the new worker global. "All stored": the latest receivedAt ' +
        '(the worker\'s Date.now() when it began the write) among the sent messages; "committed": the worker\'s ' +
        'status lastMessageAt, its Date.now() once the last write that added a message committed (no write adds ' +
        'after the 1 000: every other message is stored by earlier runs); the poll figure is when the ' +
        "bench process saw the worker's count of messages stored (its status, kept in memory) complete. " +
        'Duplicates: rows are keyed by mid, so a duplicate would show as ' +
        'messagesStored above the number sent or extra rows. Floors, each a device offline during the sends that ' +
        'then receives the same replays: the bare worker, a minimal extension whose service worker only opens the ' +
        'socket and parses the frames, launched like the extension on a profile of its own (its start to its last ' +
        'replay, on its clock); and the ws device in this process (reconnect to last replay), which pays no ' +
        'browser start.',
    },
  };
}
