import type { DeviceClient } from './device-client';
import {
  sendTimed,
  storedCount,
  workerStatus,
  type BenchBrowser,
  type RunningServer,
  type TimedSend,
} from './harness';
import type { BenchResult } from './report';
import { median, pool, round, sleep, waitFor } from './stats';
import { peekProbe, takeProbe, timesByMid } from './worker-probe';

export const BURST = { messages: 1000, inFlight: 8, runs: 3 } as const;

/** The badge the worker should show for this many unread messages (lib/notifications/mapper.ts). */
const expectedBadge = (unread: number) => (unread <= 0 ? '' : unread > 99 ? '99+' : String(unread));

/** Sends `count` messages with `inFlight` requests at a time; returns them in send order. */
export async function sendBurst(
  server: RunningServer,
  tag: string,
  count: number,
  inFlight: number,
) {
  const sent: TimedSend[] = new Array(count);
  await pool(count, inFlight, async (i) => {
    sent[i] = await sendTimed(server, `${tag} ${i}`);
  });
  return sent;
}

/**
 * Benchmark 2: 1 000 messages as fast as the server accepts (rate limit off); time until all
 * are stored and the badge is right, and how many OS notifications were raised.
 */
export async function benchBurst(
  server: RunningServer,
  b: BenchBrowser,
  floor: DeviceClient,
): Promise<BenchResult> {
  const runs: Record<string, number>[] = [];
  for (let run = 0; run < BURST.runs; run++) {
    await takeProbe(b.ext.worker);
    floor.received.length = 0;
    const raisedBefore = (await workerStatus(b.page)).counters.notificationsRaised;
    const sent = await sendBurst(server, `burst run ${run}`, BURST.messages, BURST.inFlight);
    const mids = sent.map((s) => s.messageId);
    const all = await waitFor(
      async () => {
        const times = timesByMid(await peekProbe(b.ext.worker));
        return mids.every((m) => times.has(m));
      },
      30_000,
      100,
    );
    if (!all) throw new Error('burst: not every message was stored within 30 s');
    await waitFor(() => floor.received.length >= mids.length, 10_000);
    const rec = await takeProbe(b.ext.worker);
    const times = timesByMid(rec);
    const firstSent = Math.min(...sent.map((s) => s.sentAt));
    const lastAnswered = Math.max(...sent.map((s) => s.answeredAt));
    // The write that completes the burst is broadcast after its badge update.
    const done = Math.max(...mids.map((m) => times.get(m)!.writtenAt));
    const floorDone = Math.max(...floor.received.map((r) => r.at));
    const badge = await b.ext.worker.evaluate(() => chrome.action.getBadgeText({}));
    const unread = await storedCount(b.ext);
    const raised = (await workerStatus(b.page)).counters.notificationsRaised - raisedBefore;
    runs.push({
      afterLast: done - lastAnswered,
      fromFirst: done - firstSent,
      floorFromFirst: floorDone - firstSent,
      sendSeconds: (lastAnswered - firstSent) / 1000,
      badgeRight: badge === expectedBadge(unread) ? 1 : 0,
      raised,
      creates: rec.creates.length,
      writes: rec.writes.length,
    });
    await sleep(2_500); // past the notifier's burst window
  }
  const med = (k: string) => round(median(runs.map((r) => r[k]!)), 1);
  return {
    name: '2 burst',
    figures: {
      'all stored + badge, after the last send': { value: med('afterLast'), unit: 'ms' },
      'all stored + badge, from the first send': { value: med('fromFirst'), unit: 'ms' },
      'floor: last push at the ws client, from the first send': {
        value: med('floorFromFirst'),
        unit: 'ms',
      },
      'from first send / floor': {
        value: round(med('fromFirst') / med('floorFromFirst'), 2),
        unit: '×',
      },
      'send duration (1000 sends)': {
        value: round(median(runs.map((r) => r.sendSeconds!)) * 1000, 0),
        unit: 'ms',
      },
      'OS notifications raised': { value: med('raised'), unit: 'notifications' },
      'store transactions (writes) per burst': { value: med('writes'), unit: 'writes' },
      'runs with the badge right': {
        value: runs.reduce((n, r) => n + r.badgeRight!, 0),
        unit: `of ${BURST.runs}`,
      },
    },
    targets: {
      'all stored + badge, after the last send': '≤ 1000 ms',
      'OS notifications raised': 'a handful',
    },
    notes:
      `${BURST.runs} runs of ${BURST.messages} messages, ${BURST.inFlight} send requests in flight; medians over runs. ` +
      '"Stored + badge" is when the worker broadcast the write holding the burst\'s last message (the worker ' +
      'broadcasts after the store write, the notification and the badge update; probe wrapped around ' +
      'BroadcastChannel.prototype.postMessage in the worker). The badge is read back with action.getBadgeText and ' +
      "compared with the unread count. Notifications: the worker's notificationsRaised counter.",
  };
}
