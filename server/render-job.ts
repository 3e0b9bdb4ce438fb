import { SUMMARY_MAX, toPlainText } from './content-text';
import { escapeHtml, renderContent } from './render';

/** What a send stores besides the body: the detail page's HTML and the summary. */
export interface RenderedContent {
  /** Safe HTML for the detail page (docs/protocol.md §7). */
  html: string;
  /** The sender's summary, else the start of the body as plain text, else "New message". */
  summary: string;
  /** True when the body was shown as plain text because rendering it was refused. */
  fallback: boolean;
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();
const firstChars = (text: string) => Array.from(text).slice(0, SUMMARY_MAX).join('');

/**
 * Renders a body fully: sanitised HTML for the detail page and, when the sender gave none, a
 * summary from its text. Markdown and HTML parsing can cost seconds on hostile input, so this
 * runs in the render worker (renderer.ts), never on the event loop.
 */
export function renderFully(
  content: string,
  contentType: number,
  summary: string,
): RenderedContent {
  const html = renderContent(content, contentType);
  return {
    html,
    summary: summary || firstChars(toPlainText(content, contentType)) || 'New message',
    fallback: false,
  };
}

/**
 * The bounded fallback when rendering was refused (too slow, or the worker too busy): the body
 * shown as escaped text, the summary its raw start. Linear in the body's size.
 */
export function renderPlain(content: string, summary: string): RenderedContent {
  return {
    html: `<div class="text">${escapeHtml(content)}</div>`,
    summary: summary || firstChars(collapse(content)) || 'New message',
    fallback: true,
  };
}
