import { afterEach, describe, expect, it, vi } from 'vitest';
import { adaptBrowser, type RawBrowser } from '../../../lib/platform';
import { createFrameDocument, FRAME_LOAD_MS } from '../../../lib/platform/frame-document';
import { offscreenOpener } from '../../../lib/platform/offscreen-document';
import { alertServiceNotifications } from './fakes';

const getURL = (path: string) => `moz-extension://uuid${path}`;
const frames = () => [...document.querySelectorAll('iframe')];
const loadFrame = () => frames()[0]!.dispatchEvent(new Event('load'));

afterEach(() => {
  for (const frame of frames()) frame.remove();
});

describe('the offscreen document as a frame of the background page', () => {
  it('is one hidden frame of the page, made once whoever asks, and gone when closed', async () => {
    const api = createFrameDocument(document, getURL);
    const ensure = offscreenOpener(api, ['DOM_PARSER'], 'render');
    const first = ensure();
    const second = ensure();
    await vi.waitFor(() => expect(frames()).toHaveLength(1));
    expect(frames().map((f) => [f.src, f.hidden])).toEqual([
      ['moz-extension://uuid/offscreen.html', true],
    ]);
    expect(await api.hasDocument!()).toBe(true);
    let done = false;
    void Promise.all([first, second]).then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    loadFrame();
    await Promise.all([first, second]);
    // Made already: asked again, the frame is used as it is.
    await ensure();
    expect(frames()).toHaveLength(1);
    await api.closeDocument!();
    expect(frames()).toEqual([]);
    expect(await api.hasDocument!()).toBe(false);
  });

  it('is not waited for past FRAME_LOAD_MS when it never loads', async () => {
    const timers: { run: () => void; ms: number }[] = [];
    const api = createFrameDocument(document, getURL, (run, ms) => timers.push({ run, ms }));
    const made = api.createDocument({ url: '/offscreen.html', reasons: [], justification: '' });
    expect(timers.map((t) => t.ms)).toEqual([FRAME_LOAD_MS]);
    timers[0]!.run();
    await expect(made).resolves.toBeUndefined();
  });

  it('renders through it where the background is a page with a document (Firefox)', async () => {
    const sendMessage = vi.fn(async () => ({ v: 1, length: 1, parts: ['<p>x</p>'] }));
    const raw: RawBrowser = {
      runtime: {
        id: 'ext',
        getURL,
        getPlatformInfo: async () => ({ os: 'linux', arch: 'x86-64' }),
        sendMessage,
      },
      storage: {
        local: { get: async () => ({}), set: async () => undefined, remove: async () => undefined },
      },
      tabs: { create: async () => undefined },
      notifications: alertServiceNotifications(),
      browserAction: { setBadgeText: async () => undefined },
    };
    class Audio {
      async play() {}
    }
    const { bodyRenderer, caps } = adaptBrowser(raw, { Audio, document });
    expect(caps).toMatchObject({ offscreen: false, backgroundDocument: true });
    const rendered = bodyRenderer!.render({ content: '# x', contentType: 3 });
    await vi.waitFor(() => expect(frames()).toHaveLength(1));
    loadFrame();
    await expect(rendered).resolves.toEqual({ v: 1, length: 1, parts: ['<p>x</p>'] });
    expect(sendMessage).toHaveBeenCalledWith({
      target: 'offscreen',
      type: 'renderBody',
      content: '# x',
      contentType: 3,
    });
    // Without a document of its own (a service worker with no offscreen API) nothing renders ahead.
    expect(adaptBrowser(raw, { Audio }).bodyRenderer).toBeUndefined();
  });
});
