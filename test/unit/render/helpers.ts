import { vi } from 'vitest';
import { renderContent, type RenderOptions, type RenderResult } from '../../../lib/render';

export const LABELS: RenderOptions['labels'] = {
  copy: 'Copy',
  copied: (preview, differs) => `Copied${differs ? ' (not its label)' : ''}: ${preview}`,
  copyTitle: (preview, differs) => `Copies${differs ? ' (not its label)' : ''}: ${preview}`,
  copyFailed: 'Copy failed',
  loadImages: 'Load images',
  imageBlocked: 'Image blocked',
};

export function makeOptions(overrides: Partial<RenderOptions> = {}): RenderOptions {
  return {
    blockImages: false,
    copyText: vi.fn<(text: string) => Promise<void>>(() => Promise.resolve()),
    labels: LABELS,
    ...overrides,
  };
}

/** A host attached to the document, as in the real page. */
export function createHost(): HTMLElement {
  const host = document.createElement('div');
  document.body.append(host);
  return host;
}

export function render(
  content: string,
  contentType: number,
  overrides: Partial<RenderOptions> = {},
): RenderResult {
  return renderContent(createHost(), { content, contentType }, makeOptions(overrides));
}

/**
 * The body's markup with the wrappers long content's later parts get (`.wxp-part`) taken
 * out: what one parse and one sanitise of the whole message would have produced.
 */
export function unwrappedParts(body: HTMLElement): string {
  const copy = body.cloneNode(true) as HTMLElement;
  for (const part of Array.from(copy.querySelectorAll(':scope > .wxp-part'))) {
    part.replaceWith(...Array.from(part.childNodes));
  }
  return copy.innerHTML;
}
