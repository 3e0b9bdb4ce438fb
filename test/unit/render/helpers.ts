import { vi } from 'vitest';
import { renderContent, type RenderOptions, type RenderResult } from '../../../lib/render';

export const LABELS: RenderOptions['labels'] = {
  copy: 'Copy',
  copied: 'Copied!',
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
