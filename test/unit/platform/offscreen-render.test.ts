import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  RENDER_ATTEMPTS,
  RENDER_IDLE_CLOSE_MS,
  RENDER_RETRY_MS,
  createOffscreenRenderer,
} from '../../../lib/platform/offscreen-render';
import { OFFSCREEN_PATH, offscreenOpener } from '../../../lib/platform/offscreen-document';
import { isRenderedBody } from '../../../lib/render/rendered-body';

const BODY = { v: 1, length: 9_000, parts: ['<p>a</p>', '<p>b</p>'] };

/** Chrome's offscreen API as it behaves: one document at most; closing it drops its listener. */
function fakeOffscreen() {
  let exists = false;
  const api = {
    createDocument: vi.fn(async ({ url, reasons }: { url: string; reasons: string[] }) => {
      if (exists) throw new Error('Only a single offscreen document may be created.');
      expect(url).toBe(OFFSCREEN_PATH);
      expect(reasons.length).toBe(1);
      exists = true;
    }),
    hasDocument: async () => exists,
    closeDocument: vi.fn(async () => {
      exists = false;
    }),
  };
  return { api, exists: () => exists, close: () => (exists = false) };
}

/** `promise`, once the retries' timers have run. */
async function settled<T>(promise: Promise<T>): Promise<T> {
  const caught = promise.catch((error: unknown) => error);
  await vi.advanceTimersByTimeAsync(RENDER_RETRY_MS * RENDER_ATTEMPTS);
  const result = await caught;
  if (result instanceof Error) throw result;
  return result as T;
}

describe('offscreen renderer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const setup = (answer: (message: { type: string }) => unknown) => {
    const offscreen = fakeOffscreen();
    const sendMessage = vi.fn(async (message: unknown) => {
      if (!offscreen.exists()) throw new Error('Receiving end does not exist.');
      return answer(message as { type: string });
    });
    const renderer = createOffscreenRenderer({
      offscreen: offscreen.api,
      runtime: { sendMessage },
      timers: {
        setTimeout: (fn, ms) => setTimeout(fn, ms),
        clearTimeout: (handle) => clearTimeout(handle as number),
      },
    });
    return { offscreen, sendMessage, render: renderer.render, renderer };
  };

  it('renders in one document, made once for calls together', async () => {
    const { offscreen, sendMessage, render } = setup(() => BODY);

    const bodies = await Promise.all([
      render({ content: 'a', contentType: 3 }),
      render({ content: 'b', contentType: 2 }),
    ]);

    expect(bodies).toEqual([BODY, BODY]);
    expect(offscreen.api.createDocument).toHaveBeenCalledOnce();
    expect(sendMessage).toHaveBeenCalledWith({
      target: 'offscreen',
      type: 'renderBody',
      content: 'a',
      contentType: 3,
    });
  });

  it('asks again, in a new document, when the one it found closed under the call', async () => {
    const { offscreen, sendMessage, render } = setup(() => BODY);
    await render({ content: 'a', contentType: 3 });
    sendMessage.mockImplementationOnce(async () => {
      offscreen.close(); // Chrome closed it (made for a sound, 30 s of silence)
      throw new Error('Receiving end does not exist.');
    });

    await expect(settled(render({ content: 'b', contentType: 3 }))).resolves.toEqual(BODY);
    expect(offscreen.api.createDocument).toHaveBeenCalledTimes(2);
  });

  it('rejects an answer that is not a rendered body, after RENDER_ATTEMPTS asks', async () => {
    const { sendMessage, render } = setup(() => null);

    await expect(settled(render({ content: 'a', contentType: 3 }))).rejects.toThrow(
      /did not render/,
    );
    expect(sendMessage).toHaveBeenCalledTimes(RENDER_ATTEMPTS);
  });

  it('waits for a document another use is still making, and renders in it', async () => {
    const offscreen = fakeOffscreen();
    let loaded = false;
    offscreen.api.createDocument.mockImplementationOnce(async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      loaded = true;
    });
    const sendMessage = vi.fn(async () => {
      if (!loaded) throw new Error('Receiving end does not exist.');
      return BODY;
    });
    const timers = {
      setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
      clearTimeout: (handle: unknown) => clearTimeout(handle as number),
    };
    // The sound player's opener and the renderer's share the document being made.
    const soundOpener = offscreenOpener(offscreen.api, ['AUDIO_PLAYBACK'], 'sound');
    const { render } = createOffscreenRenderer({
      offscreen: offscreen.api,
      runtime: { sendMessage },
      timers,
    });

    const making = soundOpener();
    const rendered = render({ content: 'a', contentType: 3 });
    await vi.advanceTimersByTimeAsync(50);
    await making;

    await expect(rendered).resolves.toEqual(BODY);
    expect(sendMessage).toHaveBeenCalledOnce();
  });

  it('closes the document when idle, not while rendering or while a sound plays', async () => {
    let playing = true;
    const { offscreen, sendMessage, render } = setup((m) => (m.type === 'busy' ? playing : BODY));
    await render({ content: 'a', contentType: 3 });

    // Before the idle time, a render pushes the close back.
    await vi.advanceTimersByTimeAsync(RENDER_IDLE_CLOSE_MS - 1_000);
    await render({ content: 'b', contentType: 3 });
    await vi.advanceTimersByTimeAsync(RENDER_IDLE_CLOSE_MS - 1_000);
    expect(offscreen.api.closeDocument).not.toHaveBeenCalled();

    // Idle, but a sound plays: not now, and again later.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sendMessage).toHaveBeenLastCalledWith({ target: 'offscreen', type: 'busy' });
    expect(offscreen.api.closeDocument).not.toHaveBeenCalled();
    playing = false;
    await vi.advanceTimersByTimeAsync(RENDER_IDLE_CLOSE_MS);
    expect(offscreen.api.closeDocument).toHaveBeenCalledOnce();
    expect(offscreen.exists()).toBe(false);
  });

  it('closes a document left open by a stopped worker, once idle', async () => {
    const { offscreen, renderer } = setup((m) => (m.type === 'busy' ? false : BODY));
    await offscreen.api.createDocument({ url: OFFSCREEN_PATH, reasons: ['DOM_PARSER'] } as never);

    renderer.closeWhenIdle();
    await vi.advanceTimersByTimeAsync(RENDER_IDLE_CLOSE_MS);

    expect(offscreen.api.closeDocument).toHaveBeenCalledOnce();
    expect(offscreen.exists()).toBe(false);
  });

  it('knows a rendered body from anything else', () => {
    expect(isRenderedBody(BODY)).toBe(true);
    for (const bad of [
      null,
      'x',
      {},
      { ...BODY, parts: [] },
      { ...BODY, parts: [1] },
      { ...BODY, v: '1' },
    ]) {
      expect(isRenderedBody(bad), JSON.stringify(bad)).toBe(false);
    }
  });
});
