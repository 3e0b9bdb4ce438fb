/**
 * Content rendered when it arrived (docs/architecture.md §8), put on screen: the parts' markup,
 * made by this extension's own renderer (rich.ts, through lib/worker/prerender.ts), is parsed as
 * it is, with neither the sanitiser nor the markdown parser loaded.
 */
import { partsOf, type Fragments } from './core';

/**
 * The parts as inert fragments, each parsed when asked, in a document of its own with no
 * browsing context (a template's content): nothing in them loads or runs until they are
 * inserted, and core.ts holds remote images back first as for any content.
 */
export function renderedFragments(doc: Document, parts: string[]): Fragments {
  const inert = doc.implementation.createHTMLDocument('');
  const parse = (markup: string): DocumentFragment => {
    const template = inert.createElement('template');
    template.innerHTML = markup;
    return template.content;
  };
  return partsOf(
    parse(parts[0] ?? ''),
    parts.slice(1).map((part) => () => parse(part)),
  );
}
