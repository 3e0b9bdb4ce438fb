/**
 * Safe rendering of message content (protocol.md §5, style.md items 8–9).
 *
 * Content goes into an open shadow root on the host, so neither our page CSS nor the sender's
 * can cross over. Text becomes text nodes; HTML and markdown go through the DOMPurify allowlist
 * in sanitize.ts; `<copy>` becomes a real button; remote images can be held back.
 *
 * For notification bodies and search in the service worker, import `./plain-text` directly:
 * it has no DOM, DOMPurify or marked dependency.
 */
import { upgradeCopyElements } from './copy-button';
import { prepareImages } from './images';
import { markdownToHtml } from './markdown';
import { getSanitizer } from './sanitize';
import { BASE_CSS } from './styles';
import { renderText } from './text';
import { ContentType, type RenderInput, type RenderOptions, type RenderResult } from './types';

export { ContentType } from './types';
export type { RenderInput, RenderLabels, RenderOptions, RenderResult } from './types';

/**
 * Renders `input` into `host`'s open shadow root, replacing what a previous call rendered there.
 * Uses only the host's own document and window; throws if DOMPurify cannot run in that window.
 */
export function renderContent(
  host: HTMLElement,
  input: RenderInput,
  options: RenderOptions,
): RenderResult {
  const doc = host.ownerDocument;
  const shadowRoot = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  const fragment = buildFragment(host, input);
  upgradeCopyElements(fragment, options.copyText, options.labels);
  const images = prepareImages(fragment, options.blockImages, options.labels.imageBlocked);

  const style = doc.createElement('style');
  style.setAttribute('data-wxp-base', '');
  style.textContent = BASE_CSS;
  const body = doc.createElement('div');
  body.className = 'wxp-body';
  body.setAttribute('part', 'body');
  body.append(fragment);

  const bar = images.count > 0 ? doc.createElement('div') : null;
  const loadImages = () => {
    // A stale result must not fetch images into content a later render has replaced.
    if (body.parentNode !== shadowRoot) return;
    images.restore();
    bar?.remove();
  };
  if (bar) {
    bar.className = 'wxp-images-bar';
    const button = doc.createElement('button');
    button.type = 'button';
    button.className = 'wxp-load-images';
    button.textContent = options.labels.loadImages;
    button.addEventListener('click', loadImages);
    bar.append(button);
  }
  shadowRoot.replaceChildren(...(bar ? [style, bar, body] : [style, body]));
  return { shadowRoot, body, blockedImages: images.count, loadImages };
}

/** The content as an inert fragment; unknown content types render as text (protocol.md §5). */
function buildFragment(host: HTMLElement, { content, contentType }: RenderInput): DocumentFragment {
  const doc = host.ownerDocument;
  if (contentType !== ContentType.html && contentType !== ContentType.markdown) {
    return renderText(doc, content);
  }
  const win = doc.defaultView;
  if (!win) throw new Error('renderContent needs a host in a document with a window');
  const html = contentType === ContentType.html ? content : markdownToHtml(content);
  if (html === null) return renderText(doc, content);
  try {
    // Null when the markup replaces <body> (a leading <frameset>): there is nothing to show.
    return getSanitizer(win)(html) ?? doc.createDocumentFragment();
  } catch {
    // Parsers can give up on pathological nesting (jsdom overflows its stack); text is inert.
    return renderText(doc, content);
  }
}
