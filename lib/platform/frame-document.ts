/**
 * The offscreen document where the background is a page (Firefox's background page, which has a
 * document of its own; docs/architecture.md §12): the same page, OFFSCREEN_PATH, in a hidden
 * frame of the background's document. The background reaches it by runtime messages as
 * Chrome's worker reaches its offscreen document, so the renderer (offscreen-render.ts) is the
 * same code in both browsers.
 */
import type { OffscreenApi } from './offscreen-document';

/**
 * The longest a frame is waited for: a frame that never loads is given up (the render asks
 * again and, finding no listener, leaves the message to render on opening).
 */
export const FRAME_LOAD_MS = 10_000;

export function createFrameDocument(
  doc: Document,
  getURL: (path: string) => string,
  setTimer: (run: () => void, ms: number) => unknown = (run, ms) => setTimeout(run, ms),
): OffscreenApi {
  let frame: HTMLIFrameElement | null = null;
  return {
    createDocument({ url }) {
      // The opener's word for a document made meanwhile (offscreen-document.ts).
      if (frame) return Promise.reject(new Error('The frame already exists'));
      const made = doc.createElement('iframe');
      made.hidden = true;
      made.setAttribute('aria-hidden', 'true');
      frame = made;
      return new Promise<void>((resolve) => {
        made.addEventListener('load', () => resolve(), { once: true });
        setTimer(resolve, FRAME_LOAD_MS);
        made.src = getURL(url);
        (doc.body ?? doc.documentElement).append(made);
      });
    },
    hasDocument: async () => frame !== null,
    closeDocument: async () => {
      frame?.remove();
      frame = null;
    },
  };
}
