import { openFirefox } from '../firefox/harness';
import { benchDelivery } from './delivery';
import { bindDeviceClient } from './device-client';
import { bindExtension, createUser, type RunningServer } from './harness';
import type { BenchResult } from './report';
import { installProbe } from './worker-probe';

/**
 * Benchmark 1 in Firefox: the shipped Firefox build (its persistent background page) against
 * the same server, bound to a user of its own with a floor client of that user. Bound to the
 * benchmarks' user, it first replayed the thousands of messages the Chromium benchmarks had
 * sent in the last 24 h, during the measured runs: a full run's p50 was 36–124 ms where
 * this benchmark alone gave 14.
 */
export async function benchFirefoxDelivery(
  server: RunningServer,
): Promise<{ result: BenchResult; firefox: string }> {
  const uid = await createUser(server);
  const floor = await bindDeviceClient(server, { uid });
  try {
    // Firefox rounds performance.now() to whole milliseconds by default, which a p50 near 1 ms
    // cannot be read on (two runs of one build: 1 and 2 ms). The bench's profile turns the
    // rounding off; what runs is unchanged.
    const ffx = await openFirefox(server, { prefs: { 'privacy.reduceTimerPrecision': false } });
    try {
      await bindExtension(ffx.page, server, uid);
      await installProbe(ffx.bg);
      const result = await benchDelivery(
        server,
        { worker: ffx.bg, page: ffx.page, uid },
        floor,
        'Firefox',
      );
      return { result, firefox: ffx.ff.version };
    } finally {
      await ffx.close();
    }
  } finally {
    await floor.disconnect();
  }
}
