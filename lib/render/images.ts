import { isRemoteUrl } from './url-policy';

/** The blocked images of one render, and how to put them back. */
export interface BlockedImages {
  count: number;
  restore(): void;
}

/**
 * Improves privacy on the sanitised, still-inert fragment: every image loads lazily and without
 * a referrer; with `block`, each remote image (a possible tracking pixel) is swapped for a
 * placeholder showing `label` and its alt text. The removed `<img>` stays detached in its inert
 * document, so nothing is fetched until `restore()` puts it back.
 */
export function prepareImages(
  root: DocumentFragment,
  block: boolean,
  label: string,
): BlockedImages {
  const swapped: Array<{ placeholder: Element; image: Element }> = [];
  for (const image of Array.from(root.querySelectorAll('img'))) {
    if (!image.hasAttribute('src')) {
      // The sanitiser dropped a disallowed src (javascript:, relative…): keep only the alt text.
      image.replaceWith(image.ownerDocument.createTextNode(image.getAttribute('alt') ?? ''));
      continue;
    }
    image.setAttribute('loading', 'lazy');
    image.setAttribute('decoding', 'async');
    image.setAttribute('referrerpolicy', 'no-referrer');
    if (!block || !isRemoteUrl(image.getAttribute('src') ?? '')) continue;
    const placeholder = createPlaceholder(image, label);
    image.replaceWith(placeholder);
    swapped.push({ placeholder, image });
  }
  return {
    count: swapped.length,
    restore() {
      for (const { placeholder, image } of swapped.splice(0)) {
        if (placeholder.parentNode) placeholder.replaceWith(image);
      }
    },
  };
}

function createPlaceholder(image: Element, label: string): Element {
  const doc = image.ownerDocument;
  const placeholder = doc.createElement('span');
  placeholder.className = 'wxp-image-blocked';
  placeholder.setAttribute('role', 'img');
  const alt = (image.getAttribute('alt') ?? '').trim();
  const text = alt ? `${label}: ${alt}` : label;
  placeholder.setAttribute('aria-label', text);
  placeholder.textContent = text;
  return placeholder;
}
