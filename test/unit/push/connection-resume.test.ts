import { beforeEach, describe, expect, it } from 'vitest';
import { BACKOFF_SCHEDULE_S } from '../../../lib/push/backoff';
import { createConnection, type SavedBackoff } from '../../../lib/push/connection';
import { FakeWebSocket } from '../fake-websocket';
import { createFakeClock } from '../helpers';

const T0 = 1_700_000_000_000;
const step = (i: number) => BACKOFF_SCHEDULE_S[i]! * 1000;

let clock: ReturnType<typeof createFakeClock>;
let saves: (SavedBackoff | null)[];

function setup() {
  return createConnection({
    url: () => 'ws://server.test/ws',
    WebSocket: FakeWebSocket,
    clock,
    random: () => 0.5, // no jitter
    onFrame: () => undefined,
    onReject: () => undefined,
    onStateChange: () => undefined,
    onBackoffChange: (saved) => saves.push(saved),
  });
}

/** Fails the current dial and every redial until `attempts` failures are counted. */
function failUntil(conn: ReturnType<typeof setup>, attempts: number) {
  for (;;) {
    FakeWebSocket.last.drop();
    const state = conn.getState();
    if (state.kind !== 'backoff') throw new Error(`expected backoff, got ${state.kind}`);
    if (state.attempt >= attempts) return state;
    clock.tick(state.retryAt - clock.now());
  }
}

beforeEach(() => {
  FakeWebSocket.reset();
  clock = createFakeClock(T0);
  saves = [];
});

describe('the backoff across worker restarts', () => {
  it('reports every backoff entry, and null once a socket stayed open 10 s', () => {
    const conn = setup();
    conn.start();
    failUntil(conn, 3);
    expect(saves).toEqual([
      { attempt: 1, retryAt: T0 + step(0), lastError: expect.anything() as unknown },
      {
        attempt: 2,
        retryAt: T0 + step(0) + step(1),
        lastError: { key: 'errConnectionClosed', params: ['1005'] },
      },
      expect.objectContaining({ attempt: 3, retryAt: T0 + step(0) + step(1) + step(2) }),
    ]);

    clock.tick(step(2));
    FakeWebSocket.last.open();
    clock.tick(9_999);
    expect(saves).toHaveLength(3); // open, but not stable yet
    clock.tick(1);
    expect(saves.at(-1)).toBeNull();
  });

  it('a revived worker waits out the saved step and goes on with the schedule', () => {
    const first = setup();
    first.start();
    const before = failUntil(first, 6); // the next wait is the 30 s step
    const saved = saves.at(-1)!;
    expect(saved).toMatchObject({ attempt: 6, retryAt: before.retryAt });

    // The worker is stopped 10 s into the step (its timers die with it); a new one starts
    // from what was saved.
    clock = createFakeClock(clock.now() + 10_000);
    FakeWebSocket.reset();
    const revived = setup();
    revived.start(saved);
    expect(FakeWebSocket.instances).toHaveLength(0); // no dial at 1 s
    expect(revived.getState()).toEqual({
      kind: 'backoff',
      attempt: 6,
      retryAt: before.retryAt,
      lastError: saved.lastError,
    });

    clock.tick(before.retryAt - clock.now());
    expect(FakeWebSocket.instances).toHaveLength(1);
    FakeWebSocket.last.drop();
    // The next failure waits the step after it (60 s), not 1 s.
    expect(revived.getState()).toMatchObject({
      kind: 'backoff',
      attempt: 7,
      retryAt: clock.now() + step(6),
    });
  });

  it('dials at once when the saved retry time has passed, keeping the count', () => {
    const conn = setup();
    conn.start({ attempt: 4, retryAt: T0 - 1 });
    expect(conn.getState()).toEqual({ kind: 'connecting', attempt: 4 });
    FakeWebSocket.last.drop();
    expect(conn.getState()).toMatchObject({ attempt: 5, retryAt: T0 + step(4) });
  });

  it('does not trust a retry time further away than the longest step (a clock moved back)', () => {
    const conn = setup();
    conn.start({ attempt: 9, retryAt: T0 + 3_600_000 });
    const state = conn.getState();
    expect(state.kind).toBe('backoff');
    expect(state.kind === 'backoff' && state.retryAt - T0).toBeLessThanOrEqual(step(7) * 1.2);
  });

  it('starts the schedule over on a reconnect, and forgets the saved backoff', () => {
    const conn = setup();
    conn.start({ attempt: 5, retryAt: T0 + 10_000 });
    conn.reconnectNow('network');
    expect(saves).toEqual([null]);
    expect(conn.getState()).toEqual({ kind: 'connecting', attempt: 0 });
    FakeWebSocket.last.drop();
    expect(conn.getState()).toMatchObject({ attempt: 1, retryAt: T0 + step(0) });
  });

  it('ignores a saved backoff with no failures', () => {
    const conn = setup();
    conn.start({ attempt: 0, retryAt: T0 + 60_000 });
    expect(conn.getState()).toEqual({ kind: 'connecting', attempt: 0 });
  });
});
