import { offscreenOpener, OFFSCREEN_PATH, type OffscreenApi } from '../platform/offscreen-document';
import { ProblemError } from '../problem';

export { OFFSCREEN_PATH, type OffscreenApi };

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
  /** Chrome closes a document made for sound after 30 s of silence, so each sound asks. */
  const ensureDocument = offscreenOpener(
    deps.offscreen,
    ['AUDIO_PLAYBACK'],
    'Play the notification sound for new push messages',
  );

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
