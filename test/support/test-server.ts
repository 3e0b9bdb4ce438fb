import { createServer, type ServerOptions, type WxPusherServer } from '../../server/app';
import type { Deps } from '../../server/deps';
import { optString } from '../../server/http/validate';
import { createOffsetClock, type OffsetClock } from './offset-clock';
import { testRoutes } from './test-routes';
import { createUpgradeGate } from './upgrade-gate';

/** Options of {@link createTestServer}: the server's, with time owned by the test. */
export interface TestServerOptions extends Omit<
  ServerOptions,
  'clock' | 'extraRoutes' | 'acceptUpgrade' | 'acceptDeviceCall' | 'confirmingUid'
> {
  /** The base clock the `/__test/clock` offset is added to. Default `Date.now`. */
  now?: () => number;
  /** Starts refusing /ws upgrades (until `POST /__test/refuse {on: false}`). */
  refuseUpgrades?: boolean;
}

/** A server with the `/__test/…` hooks, and the same controls for in-process tests. */
export interface TestServer extends WxPusherServer {
  /** The server's clock; `setOffset` is what `POST /__test/clock` calls. */
  clock: OffsetClock;
  /** Runs the retention sweep now; returns the number of messages deleted. */
  sweep(): number;
  /**
   * Counters: connections, /ws upgrade attempts and refusals, bound devices, messages, push
   * tokens (stored and pending), replays, and bodies rendered or kept as plain text.
   */
  stats(): Record<string, number>;
}

/**
 * The real server (`createServer`) plus test hooks, built only from its public extension points:
 * an injected clock, the `acceptUpgrade` and `acceptDeviceCall` gates, `confirmingUid` (a JSON confirm's `uid`) and
 * `extraRoutes`. Production code has none of this.
 */
export async function createTestServer(options: TestServerOptions): Promise<TestServer> {
  const { now, refuseUpgrades, ...serverOptions } = options;
  const clock = createOffsetClock(now);
  const gate = createUpgradeGate();
  gate.setRefusing(refuseUpgrades ?? false);
  // Set by extraRoutes, which createServer calls before it listens.
  let deps!: Deps;
  const stats = () => ({
    connections: deps.hub.connectionCount(),
    ...gate.counts(),
    ...deps.store.counts(clock.now()),
    pendingPushTokens: deps.pendingTokens.size(),
    ...deps.renderer.counts(),
  });
  const server = await createServer({
    ...serverOptions,
    clock,
    acceptUpgrade: (req) => gate.accept(req),
    acceptDeviceCall: (req) => gate.acceptDeviceCall(req),
    // Tests bind browsers of several users: a JSON confirm may name the user confirming.
    confirmingUid: (fields) => optString(fields, 'uid', { max: 200 }),
    extraRoutes: (serverDeps) => {
      deps = serverDeps;
      return testRoutes(serverDeps, { clock, gate, stats });
    },
  });
  return Object.assign(server, { clock, stats, sweep: () => deps.store.sweep(clock.now()) });
}
