import {
  bindExtension,
  callWorker,
  createUser,
  launchBench,
  sendTimed,
  type RunningServer,
} from './harness';
import { fillStore } from './popup';
import type { BenchResult } from './report';
import { median, round, sleep } from './stats';
import { installProbe, takeProbe } from './worker-probe';

export const FULL_STORE = { stored: 20_000, pushes: 25, gapMs: 250 } as const;

/**
 * Benchmark 8: a push stored into a store at its 20 000 cap against the same push into an
 * empty one, in one browser of its own: the worker's time from the frame to the write's
 * broadcast (stored, notified, badge set). Every write updates the badge, so a count that
 * grows with the stored rows shows here.
 */
export async function benchFullStore(
  server: RunningServer,
  extensionDir: string,
): Promise<BenchResult> {
  const b = await launchBench(extensionDir);
  try {
    // A user of its own: bound to the benchmarks' user, the new browser first replays the
    // thousands of messages the others sent it in the last 24 h, and the pushes into the
    // "empty" store were measured during that catch-up (29–48 ms p50 instead of 7).
    const uid = await createUser(server);
    await bindExtension(b.page, server, uid);
    await installProbe(b.ext.worker);
    /** Frame → broadcast of each of FULL_STORE.pushes single pushes, sent apart. */
    const pushes = async (label: string) => {
      await takeProbe(b.ext.worker);
      for (let i = 0; i < FULL_STORE.pushes; i++) {
        await sendTimed(server, `${label} ${i}`, uid);
        await sleep(FULL_STORE.gapMs);
      }
      await sleep(1_000);
      const rec = await takeProbe(b.ext.worker);
      const frames = new Map(rec.frames.map((f) => [f.mid, f.at]));
      return rec.writes
        .filter((w) => w.added.length === 1 && frames.has(w.added[0]!))
        .map((w) => w.at - frames.get(w.added[0]!)!);
    };
    const empty = await pushes('into an empty store');
    await fillStore(b, FULL_STORE.stored);
    // The seeded rows dropped the search index: the worker builds it again first.
    await callWorker(b.page, 'indexSearch');
    const full = await pushes('into a full store');
    return {
      name: '8 push into a full store',
      figures: {
        'frame → stored, badged, broadcast: empty store p50': {
          value: round(median(empty), 1),
          unit: 'ms',
        },
        'frame → stored, badged, broadcast: 20 000 stored p50': {
          value: round(median(full), 1),
          unit: 'ms',
        },
        '20 000 stored: max': { value: round(Math.max(...full), 1), unit: 'ms' },
        '20 000 stored / empty store': {
          value: round(median(full) / median(empty), 2),
          unit: '×',
        },
        'pushes measured (empty, full)': {
          value: Math.min(empty.length, full.length),
          unit: `of ${FULL_STORE.pushes}`,
        },
      },
      notes:
        `A fresh profile, bound to a new user (no history to replay); ${FULL_STORE.pushes} single pushes ${FULL_STORE.gapMs} ms apart into the empty ` +
        `store, then the store topped up to ${FULL_STORE.stored} rows (a third unread, written straight into ` +
        'IndexedDB, the search index rebuilt by the worker), then as many again. Times from the worker probe: the ' +
        "frame's parse to the write's broadcast, which follows the store write, the notification and the badge.",
    };
  } finally {
    await b.ext.close();
  }
}
