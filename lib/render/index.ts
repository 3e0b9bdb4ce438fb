/**
 * Safe rendering of message content (docs/protocol.md §5, docs/architecture.md §8).
 *
 * Content goes into an open shadow root on the host, so neither our page CSS nor the sender's
 * can cross over. Text becomes text nodes; HTML and markdown go through the DOMPurify allowlist
 * in sanitize.ts; `<copy>` becomes a real button; remote images can be held back.
 *
 * This entry renders every content type at once. A page that wants the sanitiser and the
 * markdown parser loaded only for content that needs them uses ./load instead. For
 * notification bodies and search in the service worker, import `./plain-text` directly: it
 * has no DOM, DOMPurify or marked dependency.
 */
import { renderFragments } from './core';
import { richFragments } from './rich';
import type { RenderInput, RenderOptions, RenderResult } from './types';

export type { RenderInput, RenderLabels, RenderOptions, RenderResult } from './types';

/**
 * Renders `input` into `host`'s open shadow root, replacing what a previous call rendered there.
 * A long markdown or HTML message renders its first screen now (as many of its small first
 * parts as fill the viewport) and the rest in tasks of a few parts after (the body is
 * `aria-busy` until then; `done` settles when it is whole). Uses only the host's own document and window; throws
 * if DOMPurify cannot run in that window.
 */
export function renderContent(
  host: HTMLElement,
  input: RenderInput,
  options: RenderOptions,
): RenderResult {
  return renderFragments(host, richFragments(host, input), options);
}
