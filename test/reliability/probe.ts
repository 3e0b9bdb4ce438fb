import type { Evaluator } from '../e2e/worker-inspect';

/**
 * What the reliability checks observe inside the worker, installed from outside with
 * `serviceWorker.evaluate` (nothing test-only is compiled into the extension):
 * every `chrome.notifications.create` and `.update` (id and text) and every store write the worker
 * broadcasts on 'wxp-changes' ({type:'messages', added:[mids]}, posted after the write,
 * its notifications and the badge). Each record is forwarded at once on a BroadcastChannel
 * to an extension page, so records survive the worker being stopped.
 */
export type ProbeEvent =
  | { k: 'create' | 'update'; id: string; message: string; instance: string }
  | { k: 'write'; added: number[]; instance: string };

const CHANNEL = 'wxp-reliability-probe';

/** Starts collecting probe events in `page` (an extension page that stays open). */
export async function collectProbe(page: Evaluator): Promise<void> {
  await page.evaluate((name) => {
    const w = window as unknown as { __probe?: unknown[] };
    if (w.__probe) return;
    const events: unknown[] = [];
    w.__probe = events;
    new BroadcastChannel(name).onmessage = (e) => events.push(e.data);
  }, CHANNEL);
}

export function probeEvents(page: Evaluator): Promise<ProbeEvent[]> {
  return page.evaluate(() => [
    ...((window as unknown as { __probe?: ProbeEvent[] }).__probe ?? []),
  ]);
}

/** Installs the probe in the running worker instance (a no-op if this instance has it). */
export function installProbe(worker: Evaluator): Promise<string> {
  return worker.evaluate((name) => {
    const g = self as unknown as { __probeInstance?: string };
    if (g.__probeInstance) return g.__probeInstance;
    const instance = `${performance.timeOrigin}`;
    g.__probeInstance = instance;
    const out = new BroadcastChannel(name);
    const post = BroadcastChannel.prototype.postMessage;
    const n = chrome.notifications as unknown as Record<string, (...a: unknown[]) => unknown>;
    for (const name of ['create', 'update']) {
      // Firefox has no update: nothing to wrap.
      const original = n[name];
      if (typeof original !== 'function') continue;
      n[name] = function (...args: unknown[]) {
        const options = args[1] as { message?: string } | undefined;
        const k = name === 'create' ? 'create' : 'update';
        post.call(out, { k, id: String(args[0]), message: options?.message ?? '', instance });
        return original.apply(this, args);
      };
    }
    BroadcastChannel.prototype.postMessage = function (message: unknown) {
      const m = message as { type?: string; added?: number[] } | null;
      if (this.name === 'wxp-changes' && m?.type === 'messages' && m.added?.length) {
        post.call(out, { k: 'write', added: [...m.added], instance });
      }
      return post.call(this, message);
    };
    return instance;
  }, CHANNEL);
}
