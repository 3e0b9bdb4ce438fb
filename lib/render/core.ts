/**
 * Putting rendered content on screen (docs/architecture.md §8): the shadow root, copy buttons,
 * held-back images, and long content's parts over several tasks. What the fragments hold is
 * decided before: text.ts builds text nodes, rich.ts sanitises HTML and markdown.
 */
import { upgradeCopyElements } from './copy-button';
import { prepareImages } from './images';
import { BASE_CSS } from './styles';
import type { RenderOptions, RenderResult } from './types';

/** A part after the first; `restart`: it replaces every part before it. */
export interface LaterPart {
  fragment: DocumentFragment;
  restart: boolean;
}

/** Content as inert fragments: the first now, the later ones built when asked. */
export interface Fragments {
  first: DocumentFragment;
  /** Builds the next part; null when there is none. */
  next(): LaterPart | null;
  /** Whether `next` may still give a part. */
  more(): boolean;
}

/** Content in one fragment. */
export function onePart(first: DocumentFragment): Fragments {
  return { first, next: () => null, more: () => false };
}

/** Content in parts built in order, each when asked. */
export function partsOf(first: DocumentFragment, later: Array<() => DocumentFragment>): Fragments {
  let at = 0;
  return {
    first,
    next: () => (at < later.length ? { fragment: later[at++]!(), restart: false } : null),
    more: () => at < later.length,
  };
}

/**
 * Puts content's fragments into `host`'s open shadow root, replacing what a previous call
 * rendered there: the first screen now (as many of the small first parts as fill the
 * viewport), the rest after it has painted, in tasks of a few parts each (the body is
 * `aria-busy` until then; `done` settles when it is whole), so the page paints the top at once.
 */
export function renderFragments(
  host: HTMLElement,
  fragments: Fragments,
  options: RenderOptions,
): RenderResult {
  const doc = host.ownerDocument;
  const shadowRoot = host.shadowRoot ?? host.attachShadow({ mode: 'open' });

  const style = doc.createElement('style');
  style.setAttribute('data-wxp-base', '');
  style.textContent = BASE_CSS;
  const body = doc.createElement('div');
  body.className = 'wxp-body';
  body.setAttribute('part', 'body');

  const current = () => body.parentNode === shadowRoot;
  const restores: Array<() => void> = [];
  let blocked = 0;
  let imagesLoaded = false;
  const bar = doc.createElement('div');
  bar.className = 'wxp-images-bar';
  const loadImages = () => {
    // A stale result must not fetch images into content a later render has replaced.
    if (!current()) return;
    imagesLoaded = true;
    for (const restore of restores.splice(0)) restore();
    bar.remove();
  };
  const button = doc.createElement('button');
  button.type = 'button';
  button.className = 'wxp-load-images';
  button.textContent = options.labels.loadImages;
  button.addEventListener('click', loadImages);
  bar.append(button);

  /**
   * Adds one rendered part: copy buttons made real, remote images held back if asked. Later
   * parts go in a wrapper of ours that skips layout while off screen.
   */
  const append = (fragment: DocumentFragment, later: boolean) => {
    upgradeCopyElements(fragment, options.copyText, options.labels);
    const images = prepareImages(
      fragment,
      options.blockImages && !imagesLoaded,
      options.labels.imageBlocked,
    );
    blocked += images.count;
    if (images.count > 0) restores.push(images.restore);
    if (later) {
      const part = doc.createElement('div');
      part.className = 'wxp-part';
      part.append(fragment);
      body.append(part);
    } else {
      body.append(fragment);
    }
    if (blocked > 0 && !imagesLoaded && !bar.isConnected) body.before(bar);
  };

  /** Adds a later part; one that restarts takes the place of everything shown before. */
  const add = ({ fragment, restart }: LaterPart, later: boolean) => {
    if (restart) {
      body.replaceChildren();
      restores.length = 0;
      blocked = 0;
      bar.remove();
    }
    append(fragment, later);
  };

  append(fragments.first, false);
  shadowRoot.replaceChildren(...(blocked > 0 ? [style, bar, body] : [style, body]));
  // The first screen in this task: small parts until the content reaches the viewport's
  // bottom (parts.ts), so the first paint shows a full screen and no more work than that.
  while (fragments.more() && !fillsScreen(body)) {
    const part = fragments.next();
    if (part) add(part, false);
  }
  let done = Promise.resolve();
  if (fragments.more()) {
    body.setAttribute('aria-busy', 'true');
    done = (async () => {
      await afterPaint();
      // Parts in slices: another part joins this task while the longest one so far still fits
      // in SLICE_MS, so no task passes the long-task line and few yields are paid for.
      let sliceStart = performance.now();
      let longest = 0;
      for (;;) {
        if (!current()) return;
        const started = performance.now();
        const part = fragments.next();
        if (!part) break;
        add(part, true);
        if (!fragments.more()) break;
        const now = performance.now();
        longest = Math.max(longest, now - started);
        if (now - sliceStart + longest <= SLICE_MS) continue;
        await yieldToInput();
        sliceStart = performance.now();
      }
      body.removeAttribute('aria-busy');
    })();
  }
  return {
    shadowRoot,
    body,
    get blockedImages() {
      return blocked;
    },
    loadImages,
    done,
  };
}

/**
 * Whether the content already reaches the bottom of the viewport. Without a layout box (the
 * host not displayed, or a DOM without layout) what is on screen is unknown: the first part
 * is enough then.
 */
function fillsScreen(body: HTMLElement): boolean {
  const win = body.ownerDocument.defaultView;
  const box = body.getClientRects()[0];
  return !win || !box || box.bottom >= win.innerHeight;
}

/**
 * The longest task the later parts take: past 50 ms a task delays input that users notice (a
 * "long task"). Slices paint every part sooner than a task per part (docs/architecture.md §8).
 */
const SLICE_MS = 50;

/**
 * Yields to the event loop, so input and a frame can go first: `scheduler.yield()` where the
 * browser has it (its continuation goes ahead of other queued tasks), else a message to a
 * channel of our own, which, unlike a chain of zero timers, is not clamped to 4 ms after the
 * fifth.
 */
function yieldToInput(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * Waits until the first part has painted (a timer task can run before the next frame). A
 * hidden tab gets no frames: then it goes on after 100 ms anyway.
 */
function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 100);
  });
}
