import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  NETWORK_WATCH_INTERVAL_MS,
  createNetworkWatch,
  probeServer,
} from '../../../lib/push/network-watch';
import { createFakeClock } from '../helpers';

let clock: ReturnType<typeof createFakeClock>;
let online: boolean;
let reachable: boolean;
let probes: number;
let restored: number;
let keptAlive: number;

function setup() {
  return createNetworkWatch({
    clock,
    onLine: () => online,
    probe: async () => {
      probes++;
      return reachable;
    },
    keepAlive: () => void keptAlive++,
    onRestored: () => void restored++,
  });
}

/** Lets a round's probe settle. */
const settle = () => new Promise((r) => setImmediate(r));
/** The next round: its timer fires and its probe settles. */
const round = async () => {
  await clock.advance(NETWORK_WATCH_INTERVAL_MS);
  await settle();
};

beforeEach(() => {
  clock = createFakeClock();
  online = true;
  reachable = true;
  probes = 0;
  restored = 0;
  keptAlive = 0;
});

describe('network watch', () => {
  it('a server that answers refused the socket itself: one probe, then the backoff runs', async () => {
    const watch = setup();
    watch.check();
    await settle();
    await round();
    await round();
    expect(probes).toBe(1);
    expect(restored).toBe(0);
    expect(watch.isDown()).toBe(false);
    expect(clock.pending()).toBe(0);
  });

  it('a server out of reach is looked at again until it answers, then the dial comes at once', async () => {
    reachable = false;
    const watch = setup();
    watch.check();
    await settle();
    await round();
    await round();
    expect(watch.isDown()).toBe(true);
    expect(probes).toBe(3);
    expect(keptAlive).toBe(3); // the worker is kept alive while it waits for the network
    expect(restored).toBe(0);

    reachable = true;
    await round();
    expect(restored).toBe(1);
    expect(watch.isDown()).toBe(false);
    await round();
    expect(probes).toBe(4);
    expect(clock.pending()).toBe(0);
  });

  it('does not probe while the browser says it is offline', async () => {
    online = false;
    const watch = setup();
    watch.check();
    await settle();
    await round();
    await round();
    expect(probes).toBe(0);
    expect(watch.isDown()).toBe(true);
    online = true;
    await round();
    expect(probes).toBe(1);
    expect(restored).toBe(1);
  });

  it('stops when the connection opens; a second check while watching changes nothing', async () => {
    reachable = false;
    const watch = setup();
    watch.check();
    watch.check();
    await settle();
    await round();
    expect(probes).toBe(2);
    watch.stop();
    reachable = true;
    await round();
    await round();
    expect(probes).toBe(2);
    expect(restored).toBe(0);
  });

  it('a probe that throws counts as unreachable', async () => {
    const watch = createNetworkWatch({
      clock,
      onLine: () => true,
      probe: () => Promise.reject(new Error('boom')),
      onRestored: () => void restored++,
    });
    watch.check();
    await settle();
    expect(watch.isDown()).toBe(true);
    watch.stop();
  });
});

describe('probeServer', () => {
  it('any HTTP answer is reachable; a thrown fetch is not', async () => {
    const ok = vi.fn(async () => new Response('', { status: 404 }));
    expect(await probeServer(ok as unknown as typeof fetch, 'https://s.test/wx')).toBe(true);
    expect(ok).toHaveBeenCalledWith(
      'https://s.test/wx/',
      expect.objectContaining({ method: 'HEAD', credentials: 'omit', cache: 'no-store' }),
    );
    const down = vi.fn(async () => Promise.reject(new TypeError('Failed to fetch')));
    expect(await probeServer(down as unknown as typeof fetch, 'https://s.test')).toBe(false);
  });
});
