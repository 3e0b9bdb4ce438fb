import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { BINDING_KEY } from '../../../lib/push/binding';
import { openWxpDB } from '../../../lib/storage/db';
import { createHandlers } from '../../../lib/worker/handlers';
import { FakeWebSocket } from '../fake-websocket';
import { useLocale } from '../helpers';
import { createHarness, LIST_V2, settle, type Harness } from './harness';

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;

/** A binding kept by an earlier worker (the format before accounts: it must still load). */
async function alreadyBound() {
  await fakeBrowser.storage.local.set({
    [BINDING_KEY]: { deviceUuid: 'D1', deviceToken: 'DT1', registeredPushToken: 'PT_a' },
  });
}

/** Bound, connected and caught up (the first catch-up found nothing). */
async function connected(h: Harness) {
  await h.core.init();
  h.connect();
  await vi.waitFor(() => expect(h.server.calls(LIST_V2).length).toBeGreaterThan(0));
  await settle();
}

/** Drops the socket and lets the worker redial and get a 202 (new connection, new catch-up). */
async function reconnect(h: Harness) {
  const lists = h.server.calls(LIST_V2).length;
  h.ws().drop();
  await h.clock.advance(2_000);
  h.connect();
  await vi.waitFor(() => expect(h.server.calls(LIST_V2).length).toBeGreaterThan(lists));
  await settle(10);
}

/** Every stored message id, read straight from the database. */
async function storedMids(_h: Harness): Promise<number[]> {
  const db = await openWxpDB();
  try {
    return (await db.getAll('messages')).map((m) => m.mid).sort((a, b) => a - b);
  } finally {
    db.close();
  }
}

/** Makes every write to the `messages` store throw, as a disk error does, until undone. */
function failMessageWrites() {
  const proto = IDBObjectStore.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  const original = proto.put!;
  proto.put = function (this: { name: string }, ...args: unknown[]) {
    if (this.name === 'messages') throw new DOMException('disk error', 'UnknownError');
    return original.apply(this, args);
  };
  return () => {
    proto.put = original;
  };
}

let h: Harness;
beforeEach(() => {
  fakeBrowser.reset();
  FakeWebSocket.reset();
  globalThis.indexedDB = new IDBFactory();
  useLocale('en');
  h = createHarness();
});
let restoreWrites: (() => void) | undefined;
afterEach(() => restoreWrites?.());

describe('zero loss: the catch-up cursor', () => {
  it('does not move past messages a failed write did not store; the next catch-up gets them', async () => {
    await alreadyBound();
    await connected(h);
    // 100 messages 10 s apart on the server clock; the last 40 arrive while writes fail.
    const at = (i: number) => h.server.now() - (100 - i) * 10_000;
    for (let i = 0; i < 60; i++) h.push(h.server.create(`ok ${i}`, at(i)));
    await vi.waitFor(async () => expect((await storedMids(h)).length).toBe(60));
    restoreWrites = failMessageWrites();
    for (let i = 60; i < 100; i++) h.push(h.server.create(`failed ${i}`, at(i)));
    await settle();
    await reconnect(h); // a catch-up while writes still fail

    restoreWrites();
    restoreWrites = undefined;
    await reconnect(h);

    await vi.waitFor(async () => expect((await storedMids(h)).length).toBe(100));
  });

  it('resumes where a catch-up stopped at its page limit: a 3 100-message backlog is stored whole', async () => {
    await alreadyBound();
    await connected(h);
    for (let i = 0; i < 3_100; i++) h.server.create(`backlog ${i}`);

    await reconnect(h);

    await vi.waitFor(async () => expect((await storedMids(h)).length).toBe(3_100), {
      timeout: 20_000,
    });
    expect(h.server.calls(LIST_V2).length).toBeGreaterThan(100);
  }, 60_000);

  it('is moved by stored pushes: after 300 pushes a restarted worker reads one page', async () => {
    await alreadyBound();
    await connected(h);
    for (let i = 0; i < 300; i++) h.push(h.server.create(`live ${i}`));
    await vi.waitFor(async () => expect((await storedMids(h)).length).toBe(300));
    await settle();
    const before = h.server.calls(LIST_V2).length;

    await h.restart();
    h.connect();
    await vi.waitFor(() => expect(h.server.calls(LIST_V2).length).toBeGreaterThan(before));
    await settle(10);

    expect(h.server.calls(LIST_V2).length - before).toBe(1);
  });

  it('keeps catching up after the server clock steps back', async () => {
    await alreadyBound();
    await connected(h);
    for (let i = 0; i < 10; i++) h.push(h.server.create(`before the step ${i}`));
    await vi.waitFor(async () => expect((await storedMids(h)).length).toBe(10));
    await reconnect(h);
    // The server's clock goes back an hour; 40 messages are created that no push brings.
    h.server.offsetMs -= HOUR;
    for (let i = 0; i < 40; i++) h.server.create(`after the step ${i}`, h.server.now() + i * 1_000);

    await reconnect(h);

    await vi.waitFor(async () => expect((await storedMids(h)).length).toBe(50));
  });
});

describe('zero loss: notifications', () => {
  it('notifies a push that arrives while the binding completes', async () => {
    await h.core.init();
    h.connect();
    let pushed: number | undefined;
    h.server.routes['/api/device/create-login-qrcode'] = () => ({
      code: 1000,
      data: { code: 'LC', expires: h.server.now() + 5 * 60_000 },
    });
    h.server.routes['/api/device/register-device'] = () => {
      // The server binds the device, a message is sent at once and pushed to its socket
      // before the answer reaches the extension.
      const m = h.server.create('sent while binding');
      pushed = m.messageId;
      h.push(m);
      return { code: 1000, data: { deviceUuid: 'D1', deviceToken: 'DT1' } };
    };
    await h.core.binding.requestLoginCode();

    await h.clock.advance(3_000);
    await vi.waitFor(() => expect(h.core.binding.isBound()).toBe(true));
    await settle(10);

    expect(await storedMids(h)).toEqual([pushed]);
    expect(h.notified).toEqual([`wxp-msg:${pushed}`]);
  });

  it('a browser 5 h slow: the 24 h window is the server’s, a 26 h-old message stays quiet', async () => {
    await alreadyBound();
    h.server.offsetMs = 5 * HOUR;
    await connected(h);
    const old = h.server.create('26 h old', h.server.now() - 26 * HOUR);
    const young = h.server.create('23 h old', h.server.now() - 23 * HOUR);

    h.push(old);
    h.push(young);

    await vi.waitFor(async () => expect((await storedMids(h)).length).toBe(2));
    await settle();
    expect(h.notified).toEqual([`wxp-msg:${young.messageId}`]);
  });

  it('a browser 8 days fast: a live push is notified and kept by retention', async () => {
    await alreadyBound();
    h.server.offsetMs = -8 * DAY;
    await connected(h);
    const live = h.server.create('just now');

    h.push(live);
    await vi.waitFor(async () => expect((await storedMids(h)).length).toBe(1));
    await settle();
    await h.core.actions.prune();

    expect(await storedMids(h)).toEqual([live.messageId]);
    expect(h.notified).toEqual([`wxp-msg:${live.messageId}`]);
  });

  it('a notification that never appears does not stall storing', async () => {
    await alreadyBound();
    await connected(h);
    h.browser.notifications.create = () => new Promise<string>(() => undefined);
    const first = h.server.create('first');
    const second = h.server.create('second');

    h.push(first);
    await settle();
    await h.clock.advance(10_000);
    h.push(second);

    await vi.waitFor(async () =>
      expect(await storedMids(h)).toEqual([first.messageId, second.messageId]),
    );
  });
});

describe('zero loss: calls owed to the server', () => {
  it('retries a failed update-device-info while the socket stays up, until the server has it', async () => {
    await alreadyBound();
    let failures = 3;
    const update = '/api/need-login/device/update-device-info';
    h.server.routes[update] = () => (failures-- > 0 ? 'network' : { code: 1000, data: true });
    await h.core.init();
    const ws = h.connect('PT_new');
    await settle();

    for (let s = 0; s < 6; s++) {
      await h.clock.advance(10_000);
      ws.receive({ msgType: 201 }); // the socket stays alive throughout
      await settle();
    }

    expect(h.server.calls(update).length).toBe(4);
    expect(FakeWebSocket.instances).toHaveLength(1);
    const kept = (await fakeBrowser.storage.local.get(BINDING_KEY))[BINDING_KEY];
    expect(kept).toMatchObject({ registeredPushToken: 'PT_new' });
  });

  it('a call the server always refuses does not hold back the ones queued after it', async () => {
    await alreadyBound();
    await connected(h);
    const [a, b] = [h.server.create('a'), h.server.create('b')];
    h.push(a);
    h.push(b);
    await vi.waitFor(async () => expect((await storedMids(h)).length).toBe(2));
    h.server.routes['/api/need-login/device/message/read-mark'] = () => ({ status: 400 });
    const handlers = createHandlers(h.core, {
      openPage: async () => {},
      playSound: async () => {},
    });

    await handlers.markRead({ mids: [a.messageId], read: true });
    await handlers.deleteMessages({ mids: [b.messageId] });
    await h.clock.advance(30_000);
    await h.core.tick();
    await settle();

    expect(h.server.calls('/api/need-login/device/message/delete')).toHaveLength(1);
  });
});
