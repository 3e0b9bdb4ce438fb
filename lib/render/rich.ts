/**
 * HTML and markdown content as sanitised fragments (docs/protocol.md §5): everything that
 * needs the DOMPurify allowlist (sanitize.ts) or the markdown parser. Pages load it only for
 * such content (load.ts).
 */
import { ContentType } from '../message';
import type { Fragments } from './core';
import { htmlParts } from './html-parts';
import { markdownToHtmlParts } from './markdown';
import { getSanitizer } from './sanitize';
import { renderText } from './text';
import type { RenderInput } from './types';

/**
 * The content as inert fragments: the first now, the later ones (long markdown or HTML) built
 * when asked. Any other content type renders as text (docs/protocol.md §5).
 */
export function richFragments(host: HTMLElement, { content, contentType }: RenderInput): Fragments {
  const doc = host.ownerDocument;
  if (contentType !== ContentType.html && contentType !== ContentType.markdown) {
    return { first: renderText(doc, content), later: [] };
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
