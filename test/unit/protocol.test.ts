import { describe, expect, it, vi } from 'vitest';
import { callWorker, registerHandlers, type Handlers, type RuntimeLike } from '../../lib/protocol';

function fakeRuntime() {
  let listener: Parameters<RuntimeLike['onMessage']['addListener']>[0] = () => undefined;
  const runtime: RuntimeLike = {
    id: 'ext-id',
    getURL: (p) => `chrome-extension://ext-id/${p}`,
    sendMessage: async (message) =>
      listener(message, { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' }),
    onMessage: { addListener: (fn) => void (listener = fn) },
  };
  return {
    runtime,
    deliver: (m: unknown, sender: { id?: string; url?: string }) => listener(m, sender),
  };
}

describe('worker protocol', () => {
  it('routes a typed call to its handler after ready, and returns the result', async () => {
    const { runtime } = fakeRuntime();
    let release!: () => void;
    const ready = new Promise<void>((r) => (release = r));
    const markRead = vi.fn(async () => undefined);
    registerHandlers(runtime, { markRead } as unknown as Handlers, ready);
    const call = callWorker(runtime, 'markRead', { mids: [1], read: true });
    await Promise.resolve();
    expect(markRead).not.toHaveBeenCalled();
    release();
    await call;
    expect(markRead).toHaveBeenCalledWith({ mids: [1], read: true });
  });

  it('passes handler errors back as rejections with their text', async () => {
    const { runtime } = fakeRuntime();
    registerHandlers(
      runtime,
      { sendTest: () => Promise.reject(new Error('not logged in')) } as unknown as Handlers,
      Promise.resolve(),
    );
    await expect(callWorker(runtime, 'sendTest')).rejects.toThrow('not logged in');
  });

  it.each([
    ['another extension', { id: 'other', url: 'chrome-extension://other/x.html' }],
    ['a web page', { id: 'ext-id', url: 'https://evil.example/' }],
    ['no url', { id: 'ext-id' }],
  ])('refuses calls from %s', async (_name, sender) => {
    const { runtime, deliver } = fakeRuntime();
    const getStatus = vi.fn();
    registerHandlers(runtime, { getStatus } as unknown as Handlers, Promise.resolve());
    await expect(deliver({ wxp: 1, type: 'getStatus' }, sender)).resolves.toEqual({
      ok: false,
      error: 'forbidden',
    });
    expect(getStatus).not.toHaveBeenCalled();
  });

  it('ignores messages that are not ours (e.g. for the offscreen document)', () => {
    const { runtime, deliver } = fakeRuntime();
    registerHandlers(runtime, {} as Handlers, Promise.resolve());
    expect(deliver({ target: 'offscreen', type: 'playSound' }, { id: 'ext-id' })).toBeUndefined();
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
    'finds handlers among own properties only: %s is unknown',
    async (type) => {
      const { runtime, deliver } = fakeRuntime();
      registerHandlers(runtime, {} as Handlers, Promise.resolve());

      const answer = await deliver(
        { wxp: 1, type, data: {} },
        { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' },
      );

      expect(answer).toEqual({ ok: false, error: `unknown message ${type}` });
    },
  );
});
