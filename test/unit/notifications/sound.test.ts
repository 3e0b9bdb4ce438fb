import { describe, expect, it, vi } from 'vitest';
import { OFFSCREEN_PATH, createSoundPlayer } from '../../../lib/notifications/sound';

/** Chrome's offscreen API as it behaves: one document at most, created after a short while. */
function fakeOffscreen() {
  let exists = false;
  const createDocument = vi.fn(async ({ url }: { url: string }) => {
    await new Promise((r) => setTimeout(r, 10));
    if (exists) throw new Error('Only a single offscreen document may be created.');
    expect(url).toBe(OFFSCREEN_PATH);
    exists = true;
  });
  return {
    api: { createDocument, hasDocument: async () => exists },
    close: () => (exists = false),
  };
}

describe('sound player', () => {
  it('sounds asked for together share one offscreen document', async () => {
    const offscreen = fakeOffscreen();
    const sendMessage = vi.fn(async () => true);
    const play = createSoundPlayer({
      offscreen: offscreen.api,
      runtime: { getURL: (p) => `chrome-extension://x${p}`, sendMessage },
    });
    await Promise.all([play(), play(), play()]);
    expect(offscreen.api.createDocument).toHaveBeenCalledOnce();
    expect(sendMessage).toHaveBeenCalledTimes(3);
    expect(sendMessage).toHaveBeenCalledWith({
      target: 'offscreen',
      type: 'playSound',
      src: 'chrome-extension://x/sounds/notify.wav',
    });

    // Chrome closed it after 30 s of silence: the next sound creates it again.
    offscreen.close();
    await play();
    expect(offscreen.api.createDocument).toHaveBeenCalledTimes(2);
  });

  it('a document made by an earlier worker, not yet listed, is not an error', async () => {
    const sendMessage = vi.fn(async () => true);
    const play = createSoundPlayer({
      offscreen: {
        createDocument: async () => {
          throw new Error('Only a single offscreen document may be created.');
        },
      },
      runtime: { getURL: (p) => p, sendMessage },
    });
    await play();
    expect(sendMessage).toHaveBeenCalledOnce();
  });

  it('a sound the document did not play (refused, or no answer) is an error, not silence', async () => {
    for (const answer of [false, undefined]) {
      const play = createSoundPlayer({
        offscreen: fakeOffscreen().api,
        runtime: { getURL: (p) => p, sendMessage: async () => answer },
      });
      await expect(play()).rejects.toMatchObject({ problem: { key: 'errSoundNotPlayed' } });
    }
  });
});
