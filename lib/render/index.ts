/**
 * Safe rendering of message content (docs/protocol.md §5, docs/architecture.md §8).
 *
 * Content goes into an open shadow root on the host, so neither our page CSS nor the sender's
 * can cross over. Text becomes text nodes; HTML and markdown go through the DOMPurify allowlist
 * in sanitize.ts; `<copy>` becomes a real button; remote images can be held back.
 *
 * For notification bodies and search in the service worker, import `./plain-text` directly:
 * it has no DOM, DOMPurify or marked dependency.
 */
import { ContentType } from '../message';
import { upgradeCopyElements } from './copy-button';
import { prepareImages } from './images';
import { htmlParts } from './html-parts';
import { markdownToHtmlParts } from './markdown';
import { getSanitizer } from './sanitize';
import { BASE_CSS } from './styles';
import { renderText } from './text';
import type { RenderInput, RenderOptions, RenderResult } from './types';

export type { RenderInput, RenderLabels, RenderOptions, RenderResult } from './types';

/**
 * Renders `input` into `host`'s open shadow root, replacing what a previous call rendered there.
 * A long markdown or HTML message renders its first screen now and the rest a part per task after
 * (the body is `aria-busy` until then; `done` settles when it is whole), so the page paints
 * the top at once. Uses only the host's own document and window; throws if DOMPurify cannot
 * run in that window.
 */
export function renderContent(
  host: HTMLElement,
  input: RenderInput,
  options: RenderOptions,
): RenderResult {
  const doc = host.ownerDocument;
  const shadowRoot = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  const { first, later } = buildFragments(host, input);

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

  append(first, false);
  shadowRoot.replaceChildren(...(blocked > 0 ? [style, bar, body] : [style, body]));
  let done = Promise.resolve();
  if (later.length > 0) {
    body.setAttribute('aria-busy', 'true');
    done = (async () => {
      for (const [i, part] of later.entries()) {
        await (i === 0 ? afterPaint() : nextTask());
        if (!current()) return;
        append(part(), true);
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

/** Yields to the event loop, so input goes first. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
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

/**
 * The content as inert fragments: the first now, the later ones (long markdown or HTML) built
 * when asked. Unknown content types render as text (docs/protocol.md §5).
 */
function buildFragments(
  host: HTMLElement,
  { content, contentType }: RenderInput,
): { first: DocumentFragment; later: Array<() => DocumentFragment> } {
  const doc = host.ownerDocument;
  const only = (first: DocumentFragment) => ({ first, later: [] });
  if (contentType !== ContentType.html && contentType !== ContentType.markdown) {
    return only(renderText(doc, content));
  }
  const win = doc.defaultView;
  if (!win) throw new Error('renderContent needs a host in a document with a window');
  const sanitize = getSanitizer(win);
  /** Sanitised HTML, or the source as text when marked or the parser gives up. */
  const toFragment = (html: string | null, source: string): DocumentFragment => {
    if (html === null) return renderText(doc, source);
    try {
      // Null when the markup replaces <body> (a leading <frameset>): there is nothing to show.
      return sanitize(html) ?? doc.createDocumentFragment();
    } catch {
      // Parsers can give up on pathological nesting (jsdom overflows its stack); text is inert.
      return renderText(doc, source);
    }
  };
  if (contentType === ContentType.html) {
    const [head, ...rest] = htmlParts(content, win);
    return {
      first: toFragment(head!, head!),
      later: rest.map((part) => () => toFragment(part, part)),
    };
  }
  const [head, ...rest] = markdownToHtmlParts(content);
  return {
    first: toFragment(head!.html(), head!.source),
    later: rest.map((part) => () => toFragment(part.html(), part.source)),
  };
}
