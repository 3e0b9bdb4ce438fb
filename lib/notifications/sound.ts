import { ProblemError } from '../problem';

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
  let ensuring: Promise<void> | null = null;

  /**
   * One check-and-create at a time, shared by every caller: sounds asked for together (two
   * bursts, the options page's test button) wait for the same document rather than racing to
   * create two (Chrome allows one). Chrome closes it after 30 s of silence, so each sound asks.
   */
  function ensureDocument(): Promise<void> {
    ensuring ??= (async () => {
      if (deps.offscreen.hasDocument && (await deps.offscreen.hasDocument())) return;
      await deps.offscreen
        .createDocument({
          url: OFFSCREEN_PATH,
          reasons: ['AUDIO_PLAYBACK'],
          justification: 'Play the notification sound for new push messages',
        })
        .catch((error: Error) => {
          // Created by an earlier worker instance, not yet listed: that is fine.
          if (!/single offscreen|already/i.test(error.message)) throw error;
        });
    })().finally(() => {
      ensuring = null;
    });
    return ensuring;
  }

  return async function play(): Promise<void> {
    await ensureDocument();
    const message: PlaySoundMessage = {
      target: 'offscreen',
      type: 'playSound',
      src: deps.runtime.getURL(SOUND_PATH),
    };
    // The document answers true once the audio plays; false (playback refused) or no answer
    // at all is a sound the user did not hear, reported rather than lost.
    const played = await deps.runtime.sendMessage(message);
    if (played !== true) throw new ProblemError({ key: 'errSoundNotPlayed' });
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
    // Playback refused (autoplay policy, no audio device) is a sound the user did not hear,
    // reported as the offscreen player reports it.
    await new deps.Audio(deps.runtime.getURL(SOUND_PATH)).play().catch(() => {
      throw new ProblemError({ key: 'errSoundNotPlayed' });
    });
  };
}
