/**
 * Chrome's offscreen document (docs/architecture.md §12): a page of the extension's with no
 * window, where a service worker does what needs a DOM. Chrome allows one per extension; the
 * notification sound plays in it (notifications/sound.ts) and long content is rendered in it
 * ahead of its opening (offscreen-render.ts).
 */

/** The subset of `chrome.offscreen` the worker uses. */
export interface OffscreenApi {
  createDocument(params: { url: string; reasons: string[]; justification: string }): Promise<void>;
  /** Whether the document exists (found through `runtime.getContexts`). */
  hasDocument?: () => Promise<boolean>;
  closeDocument?: () => Promise<void>;
}

export const OFFSCREEN_PATH = '/offscreen.html';

/** The check-and-create running for each API object: every use of the document waits for it. */
const ensuring = new WeakMap<OffscreenApi, Promise<void>>();

/**
 * A function that makes sure the document exists: one check-and-create at a time, shared by
 * every caller and every use (the sound, the renderer), so uses asked for together wait for the
 * same document, loaded, rather than racing to create two or finding one still loading. A
 * document another use created is used as it is (the reason given is Chrome's rule for how long
 * it lives: one made to play sound closes after 30 s of silence).
 */
export function offscreenOpener(
  offscreen: OffscreenApi,
  reasons: string[],
  justification: string,
): () => Promise<void> {
  return () => {
    let running = ensuring.get(offscreen);
    if (!running) {
      running = (async () => {
        if (offscreen.hasDocument && (await offscreen.hasDocument())) return;
        await offscreen
          .createDocument({ url: OFFSCREEN_PATH, reasons, justification })
          .catch((error: Error) => {
            // Created meanwhile (by an earlier worker instance): that is fine.
            if (!/single offscreen|already/i.test(error.message)) throw error;
          });
      })().finally(() => ensuring.delete(offscreen));
      ensuring.set(offscreen, running);
    }
    return running;
  };
}
