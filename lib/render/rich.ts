/**
 * HTML and markdown content as safe fragments (docs/protocol.md §5): everything that needs the
 * DOMPurify allowlist (sanitize.ts) or the markdown parser. Markdown without raw HTML is built
 * from its tokens (markdown-dom.ts); the rest is sanitised. Pages load it only for such content
 * (load.ts).
 */
import { ContentType } from '../message';
import { onePart, partsOf, type Fragments } from './core';
import { htmlParts, type HtmlPart } from './html-parts';
import { markdownToHtmlParts, type MarkdownPart } from './markdown';
import { buildMarkdown } from './markdown-dom';
import { getSanitizer, inertDocument } from './sanitize';
import { renderText } from './text';
import type { RenderInput } from './types';

/**
 * The content as inert fragments: the first now, the later ones (long markdown or HTML) built
 * when asked. Any other content type renders as text (docs/protocol.md §5).
 */
export function richFragments(host: HTMLElement, { content, contentType }: RenderInput): Fragments {
  const doc = host.ownerDocument;
  if (contentType !== ContentType.html && contentType !== ContentType.markdown) {
    return onePart(renderText(doc, content));
  }
  const win = doc.defaultView;
  if (!win) throw new Error('renderContent needs a host in a document with a window');
  /** Sanitised HTML, or the source as text when marked or the parser gives up. */
  const toFragment = (html: string | null, source: string): DocumentFragment => {
    if (html === null) return renderText(doc, source);
    try {
      // Null when the markup replaces <body> (a leading <frameset>): there is nothing to show.
      // The sanitiser is made on first use: markdown built from tokens never needs it.
      return getSanitizer(win)(html) ?? doc.createDocumentFragment();
    } catch {
      // Parsers can give up on pathological nesting (jsdom overflows its stack); text is inert.
      return renderText(doc, source);
    }
  };
  if (contentType === ContentType.html) {
    const parts = htmlParts(content, win);
    const build = ({ html }: HtmlPart) => toFragment(html, html);
    return {
      first: build(parts.next()!),
      next: () => {
        const part = parts.next();
        return part && { fragment: build(part), restart: part.restart };
      },
      more: parts.more,
    };
  }
  const inert = inertDocument(win);
  const markdown = (part: MarkdownPart) =>
    buildMarkdown(inert, part.source) ?? toFragment(part.html(), part.source);
  const [head, ...rest] = markdownToHtmlParts(content);
  return partsOf(
    markdown(head!),
    rest.map((part) => () => markdown(part)),
  );
}
