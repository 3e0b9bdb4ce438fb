/**
 * `npm run bench` (docs/architecture.md §10): every figure against the built extension in
 * Chromium and the real local server; benchmark 1 also in Firefox. Prints a table and writes bench-results.json at the
 * repository root.
 * `BENCH_ONLY=1,7 npm run bench` runs only those benchmarks.
 */
import path from 'node:path';
import { benchBurst } from './burst';
import { benchCatchUp } from './catch-up';
import { benchDelivery } from './delivery';
import { withFloorPages } from './blank-floor';
import { benchFullStore } from './full-store';
import { benchFullView } from './full-view';
import { benchPopup } from './popup';
import { benchPopupLong } from './popup-long';
import { bindDeviceClient, type DeviceClient } from './device-client';
import { benchFirefoxDelivery } from './firefox-delivery';
import {
  bindExtension,
  buildExtension,
  callWorker,
  launchBench,
  startBenchServer,
  type BenchBrowser,
} from './harness';
import { formatTable, writeResults, type BenchResult } from './report';
import { benchServer } from './server-bench';
import { benchSize } from './size';
import { installProbe } from './worker-probe';

const ROOT = path.resolve(import.meta.dirname, '../..');
const only = process.env.BENCH_ONLY?.split(',').map(Number);
const wanted = (n: number) => !only || only.includes(n);

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  console.log(`… ${label}`);
  const out = await fn();
  console.log(`  ${label}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return out;
}

/** Runs the benchmarks; returns the file written. */
export async function runBenchmarks(): Promise<void> {
  const results: BenchResult[] = [];
  let chromium = 'unknown';
  let firefox: string | undefined;
  const server = await startBenchServer();
  let b: BenchBrowser | undefined;
  let floor: DeviceClient | undefined;
  try {
    const shipped = await timed('build', () => buildExtension(server.url));
    // Chromium loads a copy with the floor page added; sizes are the shipped build's.
    const extensionDir = withFloorPages(shipped);
    if ([1, 2, 3].some(wanted)) {
      b = await launchBench(extensionDir);
      chromium = b.chromium;
      await bindExtension(b.page, server);
      floor = await bindDeviceClient(server);
      await installProbe(b.ext.worker);
      const target = { worker: b.ext.worker, page: b.page };
      if (wanted(1))
        results.push(await timed('1 delivery', () => benchDelivery(server, target, floor!)));
      if (wanted(2)) results.push(await timed('2 burst', () => benchBurst(server, b!, floor!)));
      if (wanted(3)) {
        const out = await timed('3 catch-up', () => benchCatchUp(server, b!, extensionDir, floor!));
        b = out.browser;
        results.push(out.result);
      }
    }
    if ([4, 5, 9].some(wanted)) {
      if (!b) {
        b = await launchBench(extensionDir);
        chromium = b.chromium;
        await bindExtension(b.page, server);
      }
      if (wanted(5)) results.push(await timed('5 full view', () => benchFullView(server, b!)));
      if (wanted(4)) results.push(await timed('4 popup', () => benchPopup(b!)));
      // Last on this browser: it replaces benchmark 4's rows with long ones.
      if (wanted(9)) results.push(await timed('9 popup, long', () => benchPopupLong(b!)));
    }
    if (wanted(8)) {
      results.push(await timed('8 full store', () => benchFullStore(server, extensionDir)));
    }
    if (wanted(6)) results.push(benchSize(shipped));
    if (!b && chromium === 'unknown') {
      b = await launchBench(extensionDir);
      chromium = b.chromium;
    }
    if (wanted(1)) {
      // Benchmark 1 again in Firefox (a user of its own, with its own floor client), with
      // Chromium closed so that it does not share the two cores.
      if (b) {
        await callWorker(b.page, 'unbind');
        await b.ext.close();
        b = undefined;
      }
      const out = await timed('1 delivery (Firefox)', () => benchFirefoxDelivery(server));
      firefox = out.firefox;
      results.push(out.result);
    }
  } finally {
    await floor?.disconnect();
    await b?.ext.close();
    await server.stop();
  }
  if (wanted(7)) results.push(await timed('7 server', () => benchServer()));

  results.sort((x, y) => x.name.localeCompare(y.name));
  console.log(`\n${formatTable(results)}\n`);
  for (const r of results) if (r.notes) console.log(`${r.name}: ${r.notes}\n`);
  writeResults(path.join(ROOT, 'bench-results.json'), { chromium, firefox }, results);
  console.log('wrote bench-results.json');
}
