import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** What the bare worker reports: replays received, and when the last arrived. */
export interface BareWorkerState {
  /** Distinct 20001 frames received. */
  count: number;
  /** performance.now() of the last new one: ms after this worker global started. */
  last: number;
}

/**
 * The catch-up floor in the browser: a minimal Manifest V3 extension whose service worker
 * only opens the device socket under `pushToken` and parses the replays, no storage, no
 * notifications. Launched like the extension (same flags, an extension page opened), its
 * "last replay after the worker started" is what any receiver in a just-launched browser
 * pays before storing anything. Written to a temporary folder; returns it.
 */
export function writeBareWorker(serverUrl: string, pushToken: string): string {
  const dir = path.join(tmpdir(), 'wxp-bare-worker');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const wsUrl = `${serverUrl.replace(/^http/, 'ws')}/ws?version=1.0.0&platform=Chrome-Linux&pushToken=${encodeURIComponent(pushToken)}`;
  writeFileSync(
    path.join(dir, 'manifest.json'),
    JSON.stringify({
      manifest_version: 3,
      name: 'bare worker (bench floor)',
      version: '1.0.0',
      background: { service_worker: 'background.js' },
    }),
  );
  writeFileSync(
    path.join(dir, 'background.js'),
    `const seen = new Set();
let last = 0;
const ws = new WebSocket(${JSON.stringify(wsUrl)});
ws.onmessage = (event) => {
  const frame = JSON.parse(event.data);
  if (frame.msgType === 20001 && !seen.has(frame.mid)) {
    seen.add(frame.mid);
    last = performance.now();
  }
};
globalThis.bareState = () => ({ count: seen.size, last });
`,
  );
  // The page the benchmark opens after each launch, as it opens one in the extension.
  writeFileSync(path.join(dir, 'offscreen.html'), '<!doctype html><title>bare</title>\n');
  return dir;
}
