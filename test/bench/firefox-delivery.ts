import { openFirefox } from '../firefox/harness';
import { benchDelivery } from './delivery';
import type { DeviceClient } from './device-client';
import { bindExtension, type RunningServer } from './harness';
import type { BenchResult } from './report';
import { installProbe } from './worker-probe';

/**
 * Benchmark 1 in Firefox: the shipped Firefox build (its persistent background page), bound as
 * another device of the same user, against the same server and floor client as Chromium's run.
 */
export async function benchFirefoxDelivery(
  server: RunningServer,
  floor: DeviceClient,
): Promise<{ result: BenchResult; firefox: string }> {
  const ffx = await openFirefox(server);
  try {
    await bindExtension(ffx.page, server);
    await installProbe(ffx.bg);
    const result = await benchDelivery(
      server,
      { worker: ffx.bg, page: ffx.page },
      floor,
      'Firefox',
    );
    return { result, firefox: ffx.ff.version };
  } finally {
    await ffx.close();
  }
}
