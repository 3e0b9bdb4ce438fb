import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { BACKOFF_SCHEDULE_S } from '../../../lib/push/backoff';
import {
  BACKOFF_KEY,
  createPushSession,
  MAX_EARLY_PUSHES,
  readSavedBackoff,
} from '../../../lib/worker/push-session';
import { createPushCoverage } from '../../../lib/worker/push-coverage';
import { FakeWebSocket } from '../fake-websocket';
import { createFakeClock } from '../helpers';

const T0 = 1_700_000_000_000;
const step = (i: number) => BACKOFF_SCHEDULE_S[i]! * 1000;

/** A push session over the fake browser's storage, a fake socket and a scriptable network. */
function setup(clock = createFakeClock(T0)) {
  const net = { online: true, reachable: true, probes: 0 };
  const session = createPushSession(setupDeps(clock, net));
  return { session, clock, net };
}

/** The session's dependencies: unbound, nothing stored, `net` the network's state. */
function setupDeps(
  clock = createFakeClock(T0),
  net = { online: true, reachable: true, probes: 0 },
): Parameters<typeof createPushSession>[0] {
  return {
    WebSocket: FakeWebSocket,
    clock,
    random: () => 0.5,
    area: fakeBrowser.storage.local,
    wsUrl: () => 'ws://server.test',
    serverUrl: () => 'http://server.test',
    version: '1.0.0',
    platform: () => 'Chrome-Other',
    binding: {
      getState: () => ({ kind: 'unbound' }),
      account: () => null,
      onPushToken: async () => undefined,
    },
    ingest: { add: async () => ({ added: [], markedRead: [] }) },
    sync: {
      run: async () => undefined,
      coverage: createPushCoverage({ extend: () => undefined }),
    },
    serverClock: { frame: () => undefined, now: () => clock.now() },
    status: { setError: () => undefined, setUpdate: () => undefined, changed: () => undefined },
    network: {
      onLine: () => net.online,
      probe: async () => {
        net.probes++;
        return net.reachable;
      },
    },
  };
}

const saved = async () => (await fakeBrowser.storage.local.get(BACKOFF_KEY))[BACKOFF_KEY];
const settle = () => new Promise((r) => setImmediate(r));

beforeEach(() => {
  fakeBrowser.reset();
  FakeWebSocket.reset();
});

describe('push session: the backoff survives a worker restart', () => {
  it('keeps the attempt count in storage, and a revived worker goes on with it', async () => {
    const first = setup();
    await first.session.load();
    first.session.start();
    for (let i = 0; i < 5; i++) {
      FakeWebSocket.last.drop();
      const state = first.session.connection.getState();
      if (i < 4 && state.kind === 'backoff') first.clock.tick(state.retryAt - first.clock.now());
    }
    await settle();
    const before = first.session.connection.getState();
    expect(before).toMatchObject({ kind: 'backoff', attempt: 5 });
    expect(await saved()).toMatchObject({
      attempt: 5,
      retryAt: (before as { retryAt: number }).retryAt,
    });

    // Chrome stops the worker; the watchdog alarm starts a new one 5 s later.
    FakeWebSocket.reset();
    const revived = setup(createFakeClock(first.clock.now() + 5_000));
    await revived.session.load();
    revived.session.start();
    expect(FakeWebSocket.instances).toHaveLength(0);
    expect(revived.session.connection.getState()).toMatchObject({
      kind: 'backoff',
      attempt: 5,
      retryAt: (before as { retryAt: number }).retryAt,
    });
    revived.clock.tick(step(4));
    expect(FakeWebSocket.instances).toHaveLength(1);
  });

  it('forgets the saved backoff once a socket stayed open', async () => {
    const t = setup();
    await t.session.load();
    t.session.start();
    FakeWebSocket.last.drop();
    await settle();
    expect(await saved()).toMatchObject({ attempt: 1 });
    t.clock.tick(step(0));
    FakeWebSocket.last.open();
    t.clock.tick(10_000);
    await settle();
    expect(await saved()).toBeUndefined();
  });

  it('redials as soon as the network is back, instead of waiting out the step', async () => {
    const t = setup();
    await t.session.load();
    t.net.reachable = false;
    t.session.start();
    for (let i = 0; i < 6; i++) {
      FakeWebSocket.last.drop();
      const state = t.session.connection.getState();
      if (i < 5 && state.kind === 'backoff') await t.clock.advance(state.retryAt - t.clock.now());
    }
    const waiting = t.session.connection.getState();
    expect(waiting).toMatchObject({ kind: 'backoff', attempt: 6 });
    const dials = FakeWebSocket.instances.length;

    t.net.reachable = true;
    await t.clock.advance(2_000);
    await settle();
    expect(FakeWebSocket.instances.length).toBe(dials + 1);
    expect(t.session.connection.getState()).toEqual({ kind: 'connecting', attempt: 0 });
    expect(t.clock.now()).toBeLessThan((waiting as { retryAt: number }).retryAt);
  });
});

describe('push session: frames before the binding is read', () => {
  it('holds them in order until resume, then handles them; pushes past the cap are the catch-up’s', async () => {
    const added: number[][] = [];
    const lost: number[] = [];
    const coverage = createPushCoverage({ extend: () => undefined });
    const session = createPushSession({
      ...setupDeps(),
      binding: {
        getState: () => ({ kind: 'bound', deviceUuid: 'D1', account: 1 }),
        account: () => 1,
        onPushToken: async () => undefined,
      },
      ingest: {
        add: async (_account, messages) => {
          added.push(messages.map((m) => m.mid));
          return { added: [], markedRead: [] };
        },
      },
      sync: {
        run: async () => undefined,
        coverage: { ...coverage, lost: (socket: number) => void lost.push(socket) },
      },
    });
    await session.load();
    session.start();
    const ws = FakeWebSocket.last;
    ws.open();
    ws.receive({ msgType: 202, pushToken: 'PT_a' });
    const push = (mid: number) => ({
      msgType: 20001,
      mid,
      qid: `Q${mid}`,
      title: 't',
      name: 'App',
      summary: '',
      content: 'c',
      contentType: 1,
      createTime: T0,
    });
    for (let mid = 1; mid <= MAX_EARLY_PUSHES + 2; mid++) ws.receive(push(mid));
    await settle();
    expect(added).toEqual([]);
    expect(session.pushToken()).toBe('');

    session.resume();
    expect(session.pushToken()).toBe('PT_a');
    expect(added.flat()).toEqual(Array.from({ length: MAX_EARLY_PUSHES }, (_, i) => i + 1));
    // Two were left out: pushes no longer prove nothing is missing, until a complete run.
    expect(lost).toHaveLength(1);
    // From now on, as they come.
    ws.receive(push(MAX_EARLY_PUSHES + 10));
    expect(added.at(-1)).toEqual([MAX_EARLY_PUSHES + 10]);
  });
});

describe('readSavedBackoff', () => {
  it.each([
    [
      { attempt: 3, retryAt: T0 },
      { attempt: 3, retryAt: T0 },
    ],
    [
      { attempt: 2, retryAt: T0, lastError: { key: 'errSilent', params: ['30'] } },
      { attempt: 2, retryAt: T0, lastError: { key: 'errSilent', params: ['30'] } },
    ],
    [
      { attempt: 2, retryAt: T0, lastError: { key: 42 } },
      { attempt: 2, retryAt: T0 },
    ],
    [{ attempt: 0, retryAt: T0 }, null],
    [{ attempt: 1.5, retryAt: T0 }, null],
    [{ attempt: 2, retryAt: 'soon' }, null],
    [{ attempt: 2, retryAt: Infinity }, null],
    ['3', null],
    [null, null],
  ])('%j → %j', (raw, expected) => {
    expect(readSavedBackoff(raw)).toEqual(expected);
  });
});
