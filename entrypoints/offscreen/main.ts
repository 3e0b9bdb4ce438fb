import { browser } from 'wxt/browser';
import type { PlaySoundMessage } from '../../lib/notifications/sound';
import type { OffscreenBusyMessage, RenderBodyMessage } from '../../lib/platform/offscreen-render';
import { renderBody } from '../../lib/render/prerender';

// Chrome's offscreen document (lib/platform/offscreen-document.ts): the worker, which has no
// DOM, plays the notification sound here and renders long content ahead of its opening. In
// Firefox the same page is a frame of the background page (lib/platform/frame-document.ts),
// which plays sound itself and has it render only.

/** Sounds playing now: the worker does not close the document under one. */
let playing = 0;

type OffscreenMessage = PlaySoundMessage | RenderBodyMessage | OffscreenBusyMessage;

browser.runtime.onMessage.addListener((message: unknown) => {
  const m = message as Partial<OffscreenMessage> | null;
  if (m?.target !== 'offscreen') return undefined;
  if (m.type === 'playSound' && typeof m.src === 'string') {
    const audio = new Audio(m.src);
    return audio.play().then(
      () => {
        playing += 1;
        const ended = () => {
          playing -= 1;
          audio.onended = audio.onerror = null;
        };
        audio.onended = audio.onerror = ended;
        return true;
      },
      () => false,
    );
  }
  if (
    m.type === 'renderBody' &&
    typeof m.content === 'string' &&
    typeof m.contentType === 'number'
  ) {
    const input = { content: m.content, contentType: m.contentType };
    // Answered as a promise: a failure (null) leaves the message to render on opening.
    return Promise.resolve().then(() => {
      try {
        return renderBody(document, input);
      } catch (error) {
        console.warn('Could not render the message ahead', error);
        return null;
      }
    });
  }
  if (m.type === 'busy') return Promise.resolve(playing > 0);
  return undefined;
});
