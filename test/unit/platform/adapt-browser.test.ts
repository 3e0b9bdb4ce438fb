import { describe, expect, it, vi } from 'vitest';
import { adaptBrowser, type RawBrowser } from '../../../lib/platform';
import { alertServiceNotifications, richNotifications } from './fakes';

function raw(parts: Partial<RawBrowser>): RawBrowser {
  return {
    runtime: {
      id: 'ext',
      getURL: (path: string) => `moz-extension://uuid${path}`,
      getPlatformInfo: async () => ({ os: 'linux', arch: 'x86-64' }),
      sendMessage: vi.fn(async () => true),
    },
    storage: {
      local: { get: async () => ({}), set: async () => undefined, remove: async () => undefined },
    },
    tabs: { create: async () => undefined },
    notifications: richNotifications(),
    ...parts,
  };
}

const badge = () => ({ setBadgeText: vi.fn(async () => undefined) });

describe('adaptBrowser', () => {
  it('uses the MV2 toolbar button where there is no action (Firefox background page)', async () => {
    const browserAction = badge();
    const { browser } = adaptBrowser(raw({ browserAction }), {});
    await browser.action.setBadgeText({ text: '3' });
    expect(browserAction.setBadgeText).toHaveBeenCalledWith({ text: '3' });
  });

  it('prefers action where both exist', async () => {
    const action = badge();
    const browserAction = badge();
    const { browser } = adaptBrowser(raw({ action, browserAction }), {});
    await browser.action.setBadgeText({ text: '1' });
    expect(action.setBadgeText).toHaveBeenCalled();
    expect(browserAction.setBadgeText).not.toHaveBeenCalled();
  });

  it('says clearly when there is no toolbar button API at all', () => {
    expect(() => adaptBrowser(raw({}), {})).toThrow(/toolbar button/);
  });

  it('plays the sound in the background page itself where it has Audio and no offscreen', async () => {
    const played: string[] = [];
    class Audio {
      constructor(readonly src: string) {}
      async play() {
        played.push(this.src);
      }
    }
    const r = raw({ action: badge(), notifications: alertServiceNotifications() });
    const { playSound, caps } = adaptBrowser(r, { Audio });
    await playSound();
    expect(caps.offscreen).toBe(false);
    expect(played).toEqual(['moz-extension://uuid/sounds/notify.wav']);
    expect(r.runtime.sendMessage).not.toHaveBeenCalled();
  });

  it('a sound the background page could not play is reported, as the offscreen one is', async () => {
    class Audio {
      async play() {
        throw new DOMException('play() is not allowed', 'NotAllowedError');
      }
    }
    const r = raw({ action: badge(), notifications: alertServiceNotifications() });
    await expect(adaptBrowser(r, { Audio }).playSound()).rejects.toMatchObject({
      problem: { key: 'errSoundNotPlayed' },
    });
  });

  it('plays it through an offscreen document where the worker has one', async () => {
    const offscreen = { createDocument: vi.fn(async () => undefined) };
    const r = raw({ action: badge() });
    await adaptBrowser(r, { offscreen }).playSound();
    expect(offscreen.createDocument).toHaveBeenCalledTimes(1);
    expect(r.runtime.sendMessage).toHaveBeenCalledWith(
      expect.objectContaining({ target: 'offscreen', type: 'playSound' }),
    );
  });

  it('says why there is no sound where neither exists', async () => {
    const { playSound } = adaptBrowser(raw({ action: badge() }), {});
    await expect(playSound()).rejects.toThrow(/cannot play sound/);
  });
});
