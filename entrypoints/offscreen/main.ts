import { browser } from 'wxt/browser';
import type { PlaySoundMessage } from '../../lib/notifications/sound';

// The offscreen document exists only to play the notification sound (a worker has no Audio).
browser.runtime.onMessage.addListener((message: unknown) => {
  const m = message as Partial<PlaySoundMessage> | null;
  if (m?.target !== 'offscreen' || m.type !== 'playSound' || typeof m.src !== 'string') {
    return undefined;
  }
  const audio = new Audio(m.src);
  return audio.play().then(
    () => true,
    () => false,
  );
});
