import { Marked } from 'marked';

/**
 * One private Marked instance so no other module's `marked.use()` changes how messages render.
 * GFM for tables, strikethrough and autolinks; `breaks` because push messages are written like
 * chat, where a single newline means a line break. Raw HTML passes through here and is then
 * sanitised with everything else — marked itself does not sanitise (its `sanitize` option is gone).
 */
const marked = new Marked({ async: false, gfm: true, breaks: true });

/**
 * Markdown to *unsanitised* HTML, synchronously. Returns null if marked throws (e.g. a nesting
 * depth it cannot handle), so the caller can fall back to plain text.
 */
export function markdownToHtml(content: string): string | null {
  try {
    return marked.parse(content, { async: false });
  } catch {
    return null;
  }
}
