import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

/**
 * Allowlist for third-party HTML and markdown (docs/protocol.md §5: treat it as hostile). No
 * scripts, event handlers, forms, iframes, style elements or style attributes (CSS that restyles
 * the page); links only http(s)/mailto, images http(s)/data. `<copy>` survives as an inert
 * element so its label still shows.
 */
const POLICY: sanitizeHtml.IOptions = {
  allowedTags: [
    ...sanitizeHtml.defaults.allowedTags.filter((t) => t !== 'style'),
    'img',
    'copy',
    'del',
    'ins',
    'font',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'target'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    td: ['colspan', 'rowspan', 'align'],
    th: ['colspan', 'rowspan', 'align'],
    font: ['color'],
    copy: ['data-clipboard-text'],
    ol: ['start'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https', 'data'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', {
      rel: 'noopener noreferrer nofollow',
      target: '_blank',
    }),
  },
};

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch,
  );

/** HTML-escapes text for element content and quoted attribute values. */
export { escapeHtml };

/** Text with its http(s) links made clickable; everything else escaped. */
function renderText(text: string): string {
  const parts = text.split(/(https?:\/\/[^\s<>"']+)/g);
  return parts
    .map((part, i) =>
      i % 2 === 1
        ? `<a href="${escapeHtml(part)}" rel="noopener noreferrer nofollow" target="_blank">${escapeHtml(part)}</a>`
        : escapeHtml(part),
    )
    .join('');
}

/** Markdown to (unsanitised) HTML, synchronously. */
export const markdownToHtml = (markdown: string): string =>
  marked.parse(markdown, { async: false, gfm: true, breaks: true });

/** Sanitises third-party HTML with the allowlist above. */
export const sanitize = (dirty: string): string => sanitizeHtml(dirty, POLICY);

/**
 * Safe HTML for a message body by content type (1 text, 2 HTML, 3 markdown). Text is escaped
 * (never parsed as HTML); HTML and markdown output go through the sanitiser.
 */
export function renderContent(content: string, contentType: number): string {
  if (contentType === 2) return sanitize(content);
  if (contentType === 3) return sanitize(markdownToHtml(content));
  return `<div class="text">${renderText(content)}</div>`;
}
