/**
 * Rendering long content ahead of its opening in Chrome's offscreen document (docs/architecture.md
 * §8): the worker has no DOM, the document renders with the full view's own renderer
 * (lib/render/prerender.ts, entrypoints/offscreen) and answers the parts' markup.
 */
import type { RenderedBody } from '../message';
import { isRenderedBody } from '../render/rendered-body';
import type { RenderInput } from '../render/types';
import { offscreenOpener, type OffscreenApi } from './offscreen-document';
import type { Timers } from './notifications';

/** The message the offscreen document renders a body for. */
export interface RenderBodyMessage {
  target: 'offscreen';
  type: 'renderBody';
  content: string;
  contentType: number;
}

/** Asks the offscreen document whether it plays a sound now: it is not closed while it does. */
export interface OffscreenBusyMessage {
  target: 'offscreen';
  type: 'busy';
}

/**
 * The document is closed this long after the last render (a renderer process kept for nothing
 * is memory the user pays for), unless a sound plays in it then.
 */
export const RENDER_IDLE_CLOSE_MS = 30_000;

/** Renders content in the offscreen document; closes the document once idle. */
export interface OffscreenRenderer {
  render(input: RenderInput): Promise<RenderedBody>;
  /**
   * Closes the document RENDER_IDLE_CLOSE_MS from now unless a render or a sound comes first:
   * for one a stopped worker left open (a new worker calls it as it starts).
   */
  closeWhenIdle(): void;
}

/** How many times a render is asked for, RENDER_RETRY_MS apart, before it is given up. */
export const RENDER_ATTEMPTS = 3;
export const RENDER_RETRY_MS = 250;

/**
 * A renderer that hands content to the offscreen document, made when first needed and closed
 * when idle. A call that finds no listener (the document closed under it: one made for a sound
 * closes after 30 s of silence; or one an earlier worker made, still loading) asks again, in the
 * document that exists then or a new one; after RENDER_ATTEMPTS it rejects, and the content
 * renders on opening.
 */
export function createOffscreenRenderer(deps: {
  offscreen: OffscreenApi;
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  timers: Pick<Timers, 'setTimeout' | 'clearTimeout'>;
}): OffscreenRenderer {
  const ensure = offscreenOpener(
    deps.offscreen,
    ['DOM_PARSER'],
    'Render long HTML and markdown messages as they arrive, so that they open at once',
  );
  let rendering = 0;
  let closeTimer: unknown = null;

  const closeWhenIdle = () => {
    if (rendering > 0 || !deps.offscreen.closeDocument) return;
    closeTimer = deps.timers.setTimeout(() => {
      closeTimer = null;
      if (rendering > 0) return;
      const busy: OffscreenBusyMessage = { target: 'offscreen', type: 'busy' };
      void deps.runtime
        .sendMessage(busy)
        .catch(() => false)
        .then((playing) =>
          playing === true ? closeWhenIdle() : deps.offscreen.closeDocument?.().catch(() => {}),
        );
    }, RENDER_IDLE_CLOSE_MS);
  };

  const renderOnce = async (message: RenderBodyMessage): Promise<RenderedBody> => {
    await ensure();
    const answer = await deps.runtime.sendMessage(message);
    if (!isRenderedBody(answer))
      throw new Error('The offscreen document did not render the content');
    return answer;
  };

  const render = async ({ content, contentType }: RenderInput): Promise<RenderedBody> => {
    rendering += 1;
    if (closeTimer !== null) deps.timers.clearTimeout(closeTimer);
    closeTimer = null;
    const message: RenderBodyMessage = {
      target: 'offscreen',
      type: 'renderBody',
      content,
      contentType,
    };
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          return await renderOnce(message);
        } catch (error) {
          if (attempt >= RENDER_ATTEMPTS) throw error;
          await new Promise((resolve) =>
            deps.timers.setTimeout(() => resolve(undefined), RENDER_RETRY_MS),
          );
        }
      }
    } finally {
      rendering -= 1;
      closeWhenIdle();
    }
  };
  return {
    render,
    closeWhenIdle: () => {
      if (closeTimer === null) closeWhenIdle();
    },
  };
}
