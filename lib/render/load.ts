/**
 * Rendering for a page that opens with one message (docs/architecture.md §8): text needs no
 * parser and renders at once; the sanitiser and the markdown parser (rich.ts, most of the
 * page's code) are imported on demand, evaluated only for HTML and markdown. The full view is
 * built as one script (§7), so the import is inlined: it costs no request, and what waits is
 * its evaluation. Starting it early (`preloadRichRenderer`) overlaps that with the read.
 */
import { ContentType } from '../message';
import { onePart, renderFragments } from './core';
import { renderedFragments } from './rendered';
import { renderText } from './text';
import type { RenderInput, RenderOptions, RenderResult } from './types';

export type { RenderInput, RenderLabels, RenderOptions, RenderResult } from './types';

/** Renders `input` into `host` (as `renderContent` in ./index does). */
export type Render = (
  host: HTMLElement,
  input: RenderInput,
  options: RenderOptions,
) => RenderResult;

type Rich = typeof import('./rich');

let rich: Promise<Rich> | undefined;
let richLoaded: Rich | undefined;

/** Whether content of this type goes through the sanitiser (HTML) or the markdown parser. */
export function needsRichRenderer(contentType: number): boolean {
  return contentType === ContentType.html || contentType === ContentType.markdown;
}

/** Starts loading the HTML and markdown renderer, once; settles when it is ready. */
export function preloadRichRenderer(): Promise<Rich> {
  rich ??= import('./rich').then(
    (module) => (richLoaded = module),
    (error: unknown) => {
      rich = undefined; // a later call tries again
      throw error;
    },
  );
  return rich;
}

const renderAsText: Render = (host, { content }, options) =>
  renderFragments(host, onePart(renderText(host.ownerDocument, content)), options);

/**
 * Renders content rendered when it arrived (rendered.ts): its parts' markup, parsed as it is,
 * without the HTML and markdown renderer.
 */
export function renderRendered(
  host: HTMLElement,
  parts: string[],
  options: RenderOptions,
): RenderResult {
  return renderFragments(host, renderedFragments(host.ownerDocument, parts), options);
}

const renderWith =
  (module: Rich): Render =>
  (host, input, options) =>
    renderFragments(host, module.richFragments(host, input), options);

/**
 * The renderer for content of this type: at once when it is text or the rich renderer is
 * already loaded, else once it is. Unknown content types render as text (docs/protocol.md §5),
 * and so does everything when the rich renderer cannot be loaded (the extension was updated
 * under the open page): text is inert, and nothing of the message is lost.
 */
export function rendererFor(contentType: number): Render | Promise<Render> {
  if (!needsRichRenderer(contentType)) return renderAsText;
  if (richLoaded) return renderWith(richLoaded);
  return preloadRichRenderer().then(renderWith, (error: unknown) => {
    console.error('The HTML and markdown renderer did not load; showing the source as text', error);
    return renderAsText;
  });
}
