import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createConnection,
  type ConnectionDeps,
  type ConnectionState,
  type WebSocketLike,
} from '../../../lib/push/connection';
import type { ServerFrame } from '../../../lib/push/frames';
import { createFakeClock } from '../helpers';

const T0 = 1_700_000_000_000;
const URL = 'ws://server.test/ws?version=1&platform=Chrome-Other';

/** Records every socket made; the test plays the server by calling serverX(). */
class FakeWebSocket implements WebSocketLike {
  static instances: FakeWebSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  closedByClient: number | undefined;
  onopen: WebSocketLike['onopen'] = null;
  onmessage: WebSocketLike['onmessage'] = null;
  onclose: WebSocketLike['onclose'] = null;
  onerror: WebSocketLike['onerror'] = null;
  /**
   * The handlers as of the first server event. The connection nulls a retired socket's
   * handlers, but tests keep firing the originals to prove its own stale-socket check.
   */
  private handlers: Pick<WebSocketLike, 'onopen' | 'onmessage' | 'onclose' | 'onerror'> | null =
    null;

  constructor(readonly url: string) {
    FakeWebSocket.instances.push(this);
  }

  send(data: string) {
    if (this.readyState !== 1) throw new Error('InvalidStateError');
    this.sent.push(data);
  }

  close(code?: number) {
    this.closedByClient = code ?? 1005;
    this.readyState = 3;
  }

  private h() {
    this.handlers ??= {
      onopen: this.onopen,
      onmessage: this.onmessage,
      onclose: this.onclose,
      onerror: this.onerror,
    };
    return this.handlers;
  }

  serverOpen() {
    const h = this.h();
    this.readyState = 1;
    h.onopen?.({});
  }
  serverSend(data: unknown) {
    this.h().onmessage?.({ data: typeof data === 'object' ? JSON.stringify(data) : data });
  }
  serverSendRaw(data: unknown) {
    this.h().onmessage?.({ data });
  }
  serverClose(code = 1006) {
    const h = this.h();
    this.readyState = 3;
    h.onclose?.({ code, reason: '' });
  }
  serverError() {
    this.h().onerror?.({});
  }
}

let clock: ReturnType<typeof createFakeClock>;
let frames: ServerFrame[];
let rejects: [string, string | undefined][];
let states: ConnectionState[];
let errors: unknown[];
let url: string | null;

function setup(over: Partial<ConnectionDeps> = {}) {
  return createConnection({
    url: () => url,
    WebSocket: FakeWebSocket,
    clock,
    random: () => 0.5, // no jitter: delays are the schedule exactly
    onFrame: (frame) => frames.push(frame),
    onReject: (reason, detail) => rejects.push([reason, detail]),
    onStateChange: (state) => states.push(state),
    onError: (error) => errors.push(error),
    ...over,
  });
}

const sockets = () => FakeWebSocket.instances;
const last = () => {
  const ws = sockets().at(-1);
  if (!ws) throw new Error('no socket');
  return ws;
};
/** Advances to the scheduled redial of a connection in backoff. */
function untilRetry(conn: { getState(): ConnectionState }) {
  const state = conn.getState();
  if (state.kind !== 'backoff') throw new Error(`expected backoff, got ${state.kind}`);
  clock.tick(state.retryAt - clock.now());
}
const liveSockets = () =>
  sockets().filter((ws) => ws.closedByClient === undefined && ws.readyState < 2);

beforeEach(() => {
  FakeWebSocket.instances = [];
  clock = createFakeClock(T0);
  frames = [];
  rejects = [];
  states = [];
  errors = [];
  url = URL;
});

describe('connect and heartbeat', () => {
  it('dials, opens and sends a heartbeat every 20 s', () => {
    const conn = setup();
    expect(conn.getState()).toEqual({ kind: 'idle' });

    conn.start();
    expect(sockets()).toHaveLength(1);
    expect(last().url).toBe(URL);
    expect(conn.getState()).toEqual({ kind: 'connecting', attempt: 0 });

    last().serverOpen();
    expect(conn.getState()).toEqual({ kind: 'open', since: T0 });
    expect(conn.getStats()).toMatchObject({ connects: 1, lastConnectedAt: T0 });

    for (let i = 1; i <= 3; i++) {
      clock.tick(19_999);
      expect(last().sent).toHaveLength(i - 1);
      clock.tick(1);
      expect(last().sent[i - 1]).toBe(`{"msgType":101,"createTime":${clock.now()}}`);
      last().serverSend({ msgType: 201 }); // the server's reply keeps the read deadline fresh
    }
    expect(conn.getState().kind).toBe('open');
    expect(frames.map((f) => f.msgType)).toEqual([201, 201, 201]);
    expect(states.map((s) => s.kind)).toEqual(['connecting', 'open']);
  });

  it('delivers valid frames and counts them', () => {
    const conn = setup();
    conn.start();
    last().serverOpen();
    last().serverSend({ msgType: 202, pushToken: 'PT_1' });
    last().serverSend({ msgType: 20001, mid: 9, title: 'Hi' });
    expect(frames).toMatchObject([
      { msgType: 202, pushToken: 'PT_1' },
      { msgType: 20001, mid: 9, title: 'Hi' },
    ]);
    expect(conn.getStats()).toMatchObject({
      framesReceived: 2,
      framesRejected: 0,
      lastFrameAt: T0,
    });
  });

  it('start() is idempotent while connecting, open or in backoff', () => {
    const conn = setup();
    conn.start();
    conn.start();
    expect(sockets()).toHaveLength(1);
    last().serverOpen();
    conn.start();
    expect(sockets()).toHaveLength(1);
    last().serverClose();
    conn.start();
    expect(sockets()).toHaveLength(1);
    expect(conn.getState().kind).toBe('backoff');
  });

  it('stays idle when there is no URL, and dials once there is one', () => {
    url = null;
    const conn = setup();
    conn.start();
    conn.reconnectNow('watchdog');
    expect(sockets()).toHaveLength(0);
    expect(conn.getState()).toEqual({ kind: 'idle' });
    expect(clock.pending()).toBe(0);
    url = URL;
    conn.reconnectNow('watchdog');
    expect(sockets()).toHaveLength(1);
  });

  it('send() works only on an open socket', () => {
    const conn = setup();
    expect(conn.send('x')).toBe(false);
    conn.start();
    expect(conn.send('x')).toBe(false);
    last().serverOpen();
    expect(conn.send('x')).toBe(true);
    expect(last().sent).toEqual(['x']);
  });
});

describe('failures and backoff', () => {
  it('treats 30 s of silence as a dead socket, backs off and redials', () => {
    const conn = setup();
    conn.start();
    const first = last();
    first.serverOpen();
    clock.tick(25_000);
    first.serverSend({ msgType: 201 }); // resets the deadline to 55 s
    clock.tick(29_999);
    expect(conn.getState().kind).toBe('open');
    clock.tick(1);
    expect(first.closedByClient).toBe(1000);
    expect(conn.getState()).toEqual({
      kind: 'backoff',
      attempt: 1,
      retryAt: clock.now() + 1000,
      lastError: { key: 'errSilent', params: ['30'] },
    });
    expect(conn.getStats().disconnects).toBe(1);
    clock.tick(1000);
    expect(sockets()).toHaveLength(2);
    last().serverOpen();
    expect(conn.getState().kind).toBe('open');
  });

  it('follows the schedule 1, 2, 5, 10, 15, 30, 60, 120, 120 s', () => {
    const conn = setup();
    conn.start();
    const waits: number[] = [];
    for (let i = 0; i < 9; i++) {
      last().serverClose();
      const state = conn.getState();
      if (state.kind !== 'backoff') throw new Error(`expected backoff, got ${state.kind}`);
      expect(state.attempt).toBe(i + 1);
      waits.push((state.retryAt - clock.now()) / 1000);
      const before = sockets().length;
      clock.tick(state.retryAt - clock.now() - 1);
      expect(sockets()).toHaveLength(before);
      clock.tick(1);
      expect(sockets()).toHaveLength(before + 1);
      expect(conn.getState()).toEqual({ kind: 'connecting', attempt: i + 1 });
    }
    expect(waits).toEqual([1, 2, 5, 10, 15, 30, 60, 120, 120]);
  });

  it('applies jitter from random()', () => {
    const conn = setup({ random: () => 0 });
    conn.start();
    last().serverClose();
    const state = conn.getState();
    expect(state.kind === 'backoff' && state.retryAt - clock.now()).toBe(800);
  });

  it('gives up on a socket that does not open within 10 s', () => {
    const conn = setup();
    conn.start();
    const first = last();
    clock.tick(9_999);
    expect(conn.getState().kind).toBe('connecting');
    clock.tick(1);
    expect(first.closedByClient).toBe(1000);
    expect(conn.getState()).toMatchObject({
      kind: 'backoff',
      lastError: { key: 'errConnectTimeout', params: ['10'] },
    });
    first.serverClose(); // the late close of the abandoned socket changes nothing
    expect(conn.getState()).toMatchObject({ kind: 'backoff', attempt: 1 });
    clock.tick(1000);
    expect(sockets()).toHaveLength(2);
  });

  it('handles error followed by close as one failure', () => {
    const conn = setup();
    conn.start();
    last().serverError();
    last().serverClose();
    expect(conn.getState()).toMatchObject({
      kind: 'backoff',
      attempt: 1,
      lastError: { key: 'errConnectionFailed' },
    });
  });

  it('reports the close code', () => {
    const conn = setup();
    conn.start();
    last().serverOpen();
    last().serverClose(1001);
    expect(conn.getState()).toMatchObject({
      lastError: { key: 'errConnectionClosed', params: ['1001'] },
    });
  });

  it('backs off when the WebSocket constructor throws', () => {
    const conn = setup({
      WebSocket: class {
        constructor() {
          throw new SyntaxError('bad url');
        }
      } as unknown as ConnectionDeps['WebSocket'],
    });
    conn.start();
    expect(conn.getState()).toMatchObject({
      kind: 'backoff',
      attempt: 1,
      lastError: { key: 'errBadAddress', params: ['bad url'] },
    });
    expect(errors).toHaveLength(1);
  });

  it('a 203 is delivered and becomes the lastError of the next backoff', () => {
    const conn = setup();
    conn.start();
    last().serverOpen();
    last().serverSend({ msgType: 203, msg: 'pushToken invalid' });
    expect(frames).toEqual([{ msgType: 203, msg: 'pushToken invalid' }]);
    last().serverClose(1000);
    expect(conn.getState()).toMatchObject({
      kind: 'backoff',
      lastError: { server: 'pushToken invalid' },
    });
    // The next socket starts clean.
    clock.tick(1000);
    last().serverOpen();
    last().serverClose(1006);
    expect(conn.getState()).toMatchObject({
      lastError: { key: 'errConnectionClosed', params: ['1006'] },
    });
  });

  it('a server that accepts then closes at once is not redialled in a tight loop', () => {
    const conn = setup();
    conn.start();
    const start = clock.now();
    // The server answers every dial with 202 then closes: ten minutes of that.
    while (clock.now() - start < 10 * 60_000) {
      const ws = last();
      ws.serverOpen();
      ws.serverSend({ msgType: 202, pushToken: 'PT' });
      ws.serverClose(1000);
      const state = conn.getState();
      if (state.kind !== 'backoff') throw new Error('expected backoff');
      clock.tick(state.retryAt - clock.now());
    }
    // 1+2+5+10+15+30+60+120 = 243 s, then one dial every 120 s.
    expect(sockets().length).toBeLessThanOrEqual(12);
    expect(conn.getStats().connects).toBe(sockets().length - 1);
  });

  it('a connection that lasted starts the backoff over', () => {
    const conn = setup();
    conn.start();
    for (let i = 0; i < 3; i++) {
      last().serverClose();
      untilRetry(conn);
    }
    expect(conn.getState()).toEqual({ kind: 'connecting', attempt: 3 });
    last().serverOpen();
    clock.tick(10_000);
    last().serverSend({ msgType: 201 });
    last().serverClose();
    expect(conn.getState()).toMatchObject({
      kind: 'backoff',
      attempt: 1,
      retryAt: clock.now() + 1000,
    });
  });
});

describe('reconnectNow, restart, stop', () => {
  it('reconnectNow during backoff dials at once with a fresh count', () => {
    const conn = setup();
    conn.start();
    for (let i = 0; i < 4; i++) {
      last().serverClose();
      untilRetry(conn);
    }
    last().serverClose();
    expect(conn.getState()).toMatchObject({ kind: 'backoff', attempt: 5 });
    conn.reconnectNow('online');
    expect(conn.getState()).toEqual({ kind: 'connecting', attempt: 0 });
    expect(sockets()).toHaveLength(6);
    expect(clock.pending()).toBe(1); // the connect timeout; the retry timer is gone
    last().serverClose();
    expect(conn.getState()).toMatchObject({
      kind: 'backoff',
      attempt: 1,
      retryAt: clock.now() + 1000,
    });
  });

  it('reconnectNow keeps an open or connecting socket', () => {
    const conn = setup();
    conn.start();
    conn.reconnectNow('online');
    expect(sockets()).toHaveLength(1);
    last().serverOpen();
    conn.reconnectNow('watchdog');
    expect(sockets()).toHaveLength(1);
    expect(conn.getState().kind).toBe('open');
  });

  it('restart swaps sockets; the old one is closed and its events ignored', () => {
    const conn = setup();
    conn.start();
    const old = last();
    old.serverOpen();
    url = `${URL}&pushToken=PT_2`;
    conn.restart();
    const fresh = last();
    expect(sockets()).toHaveLength(2);
    expect(fresh.url).toBe(url);
    expect(old.closedByClient).toBe(1000);
    expect(liveSockets()).toEqual([fresh]);
    expect(conn.getState()).toEqual({ kind: 'connecting', attempt: 0 });

    old.serverSend({ msgType: 20001, mid: 1 });
    old.serverError();
    old.serverClose();
    expect(frames).toEqual([]);
    expect(conn.getState().kind).toBe('connecting');
    expect(conn.getStats()).toMatchObject({ framesReceived: 0, disconnects: 1 });

    fresh.serverOpen();
    clock.tick(20_000);
    expect(old.sent).toEqual([]);
    expect(fresh.sent).toHaveLength(1);
  });

  it('never has two live sockets', () => {
    const conn = setup();
    conn.start();
    conn.restart();
    conn.restart();
    last().serverOpen();
    conn.restart();
    last().serverClose();
    conn.reconnectNow('online');
    conn.start();
    expect(liveSockets()).toHaveLength(1);
  });

  it('stop clears every timer and closes the socket', () => {
    const conn = setup();
    conn.start();
    last().serverOpen();
    expect(clock.pending()).toBeGreaterThan(0);
    conn.stop();
    expect(clock.pending()).toBe(0);
    expect(last().closedByClient).toBe(1000);
    expect(conn.getState()).toEqual({ kind: 'stopped' });

    // Also from backoff and from connecting.
    conn.start();
    last().serverClose();
    expect(conn.getState().kind).toBe('backoff');
    conn.stop();
    expect(clock.pending()).toBe(0);
    conn.start();
    conn.stop();
    expect(clock.pending()).toBe(0);
    clock.tick(600_000);
    expect(sockets()).toHaveLength(3);
  });

  it('after stop only start() dials again', () => {
    const conn = setup();
    conn.start();
    conn.stop();
    conn.reconnectNow('watchdog');
    conn.restart();
    expect(sockets()).toHaveLength(1);
    conn.start();
    expect(sockets()).toHaveLength(2);
  });
});

describe('bad frames and throwing callbacks', () => {
  it('counts and drops malformed frames without closing', () => {
    const conn = setup();
    conn.start();
    last().serverOpen();
    last().serverSendRaw(new ArrayBuffer(4));
    last().serverSendRaw('not json');
    last().serverSendRaw('[1]');
    last().serverSend({ msgType: 20001, mid: -1 });
    last().serverSend({ msgType: 999 });
    last().serverSend({ msgType: 20001, mid: 5 });
    expect(rejects).toEqual([
      ['not-text', undefined],
      ['not-json', undefined],
      ['not-object', undefined],
      ['invalid-field', 'mid'],
      ['unknown-msg-type', '999'],
    ]);
    expect(frames).toMatchObject([{ msgType: 20001, mid: 5 }]);
    expect(conn.getStats()).toMatchObject({
      framesReceived: 6,
      framesRejected: 4,
      framesIgnored: 1,
    });
    expect(conn.getState().kind).toBe('open');
  });

  it('even a rejected frame keeps the socket alive', () => {
    const conn = setup();
    conn.start();
    last().serverOpen();
    clock.tick(29_000);
    last().serverSendRaw('garbage');
    clock.tick(29_000);
    expect(conn.getState().kind).toBe('open');
  });

  it('survives onFrame, onReject and onStateChange throwing', () => {
    const boom = () => {
      throw new Error('handler bug');
    };
    const conn = setup({ onFrame: boom, onReject: boom, onStateChange: boom });
    conn.start();
    last().serverOpen();
    last().serverSend({ msgType: 20001, mid: 1 });
    last().serverSendRaw('x');
    last().serverSend({ msgType: 20001, mid: 2 });
    expect(conn.getState().kind).toBe('open');
    expect(conn.getStats().framesReceived).toBe(3);
    expect(errors.length).toBeGreaterThanOrEqual(4);
    clock.tick(20_000);
    expect(last().sent).toHaveLength(1);
  });

  it('survives onError throwing too', () => {
    const boom = vi.fn(() => {
      throw new Error('x');
    });
    const conn = setup({ onFrame: boom, onError: boom });
    conn.start();
    last().serverOpen();
    expect(() => last().serverSend({ msgType: 201 })).not.toThrow();
    expect(boom).toHaveBeenCalledTimes(2);
  });

  it('a callback that restarts the connection re-entrantly leaves one consistent socket', () => {
    let restarted = false;
    const conn = setup({
      onFrame: (frame) => {
        if (frame.msgType === 202 && !restarted) {
          restarted = true;
          conn.restart();
        }
      },
    });
    conn.start();
    last().serverOpen();
    last().serverSend({ msgType: 202, pushToken: 'PT' });
    expect(sockets()).toHaveLength(2);
    expect(liveSockets()).toHaveLength(1);
    expect(conn.getState()).toEqual({ kind: 'connecting', attempt: 0 });
  });

  it('a heartbeat send that throws is reported, and the deadline still applies', () => {
    const conn = setup();
    conn.start();
    last().serverOpen();
    last().send = () => {
      throw new Error('send failed');
    };
    clock.tick(20_000);
    expect(errors).toHaveLength(1);
    clock.tick(10_000);
    expect(conn.getState()).toMatchObject({
      kind: 'backoff',
      lastError: { key: 'errSilent', params: ['30'] },
    });
  });
});
