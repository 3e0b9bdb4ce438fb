/** The subset of `chrome.offscreen` used to play sound from a service worker. */
export interface OffscreenApi {
  createDocument(params: { url: string; reasons: string[]; justification: string }): Promise<void>;
  hasDocument?: () => Promise<boolean>;
}

export const OFFSCREEN_PATH = '/offscreen.html';
export const SOUND_PATH = '/sounds/notify.wav';

/** The message the offscreen document answers. */
export interface PlaySoundMessage {
  target: 'offscreen';
  type: 'playSound';
  src: string;
}

/**
 * Plays the bundled sound through an offscreen document (a service worker has no Audio);
 * notifications are created silent so the user hears exactly one sound.
 */
export function createSoundPlayer(deps: {
  offscreen: OffscreenApi;
  runtime: { getURL(path: string): string; sendMessage(message: unknown): Promise<unknown> };
}) {
  let creating: Promise<void> | null = null;

  async function ensureDocument() {
    if (deps.offscreen.hasDocument && (await deps.offscreen.hasDocument())) return;
    creating ??= deps.offscreen
      .createDocument({
        url: OFFSCREEN_PATH,
        reasons: ['AUDIO_PLAYBACK'],
        justification: 'Play the notification sound for new push messages',
      })
      .catch((error: Error) => {
        // Another caller created it first: that is fine.
        if (!/single offscreen|already/i.test(error.message)) throw error;
      })
      .finally(() => {
        creating = null;
      });
    await creating;
  }

  return async function play(): Promise<void> {
    await ensureDocument();
    const message: PlaySoundMessage = {
      target: 'offscreen',
      type: 'playSound',
      src: deps.runtime.getURL(SOUND_PATH),
    };
    await deps.runtime.sendMessage(message);
  };
}

/**
 * Plays the bundled sound in the background context itself, where it is a page with a DOM
 * (Firefox's background page has Audio and no offscreen documents).
 */
export function createPageSoundPlayer(deps: {
  Audio: new (src: string) => { play(): Promise<void> };
  runtime: { getURL(path: string): string };
}) {
  return async function play(): Promise<void> {
    await new deps.Audio(deps.runtime.getURL(SOUND_PATH)).play();
  };
}
