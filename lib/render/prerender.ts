/**
 * Rendering content ahead of its opening (docs/architecture.md §8), in a document of the
 * worker's (Chrome's offscreen document, entrypoints/offscreen): the same fragments the full
 * view would build (rich.ts), serialised part by part. What the sanitiser or the builder kept is
 * all the markup holds, so the view parses it as it is (rendered.ts).
 */
import type { RenderedBody } from '../message';
import { RENDERED_VERSION } from './rendered-body';
import { richFragments } from './rich';
import { inertDocument } from './sanitize';
import type { RenderInput } from './types';

/**
 * `input` rendered in `doc` (a document with a window): each part's markup, in order; a part
 * that restarts drops the ones before it, as on screen (core.ts).
 */
export function renderBody(doc: Document, input: RenderInput): RenderedBody {
  const win = doc.defaultView;
  if (!win) throw new Error('renderBody needs a document with a window');
  const fragments = richFragments(doc.createElement('div'), input);
  // Serialised in the inert document the fragments come from: nothing in them loads.
  const box = inertDocument(win).createElement('div');
  const markup = (fragment: DocumentFragment) => {
    box.replaceChildren(fragment);
    return box.innerHTML;
  };
  let parts = [markup(fragments.first)];
  for (let part = fragments.next(); part; part = fragments.next()) {
    if (part.restart) parts = [];
    parts.push(markup(part.fragment));
  }
  return { v: RENDERED_VERSION, length: input.content.length, parts };
}
