import { html, type Reply } from './http/envelope';
import { escapeHtml } from './render';

/** CSP of the confirm and status pages: no script at all, forms may only post back here. */
const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; " +
  "base-uri 'none'; frame-ancestors 'none'";

/**
 * CSP of the public detail page: content comes from third parties, so nothing may run, load
 * scripts, submit forms or rebase links; images may load from anywhere (senders embed them).
 */
export const DETAIL_CSP =
  "default-src 'none'; img-src * data:; style-src 'unsafe-inline'; base-uri 'none'; " +
  "form-action 'none'";

const STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; padding: 2rem 1rem;
         color: #1f2328; background: #f6f8fa; }
  main { max-width: 40rem; margin: 0 auto; background: #fff; border: 1px solid #d0d7de;
         border-radius: 8px; padding: 1.5rem; overflow-wrap: anywhere; }
  h1 { font-size: 1.4rem; margin-top: 0; }
  .meta { color: #59636e; font-size: .9rem; }
  button { font: inherit; padding: .5rem 1.25rem; border-radius: 6px; border: 0;
           background: #1f883d; color: #fff; cursor: pointer; }
  .text { white-space: pre-wrap; }
  img { max-width: 100%; height: auto; }
  table { border-collapse: collapse; } td, th { border: 1px solid #d0d7de; padding: .25rem .5rem; }
  @media (prefers-color-scheme: dark) {
    body { color: #e6edf3; background: #0d1117; }
    main { background: #161b22; border-color: #30363d; } .meta { color: #9198a1; }
  }`;

/** A complete HTML document; `body` must already be safe HTML. */
function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}

/** A plain page with a heading and a sentence. */
function messagePage(status: number, title: string, text: string): Reply {
  return html(
    status,
    layout(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>`),
    PAGE_CSP,
  );
}

/** An error page (404, 410, 500…). */
export const errorPage = (status: number, title: string, text: string): Reply =>
  messagePage(status, title, text);

/** The "done" page shown after a confirm form post. */
export const donePage = (title: string, text: string): Reply => messagePage(200, title, text);

/**
 * The confirm page that replaces scanning with WeChat (docs/protocol.md §7): a question and a plain
 * form posting back to the same address (no script, so the strict CSP holds). The form carries
 * a one-time token (form-tokens.ts) that a page on another site cannot read.
 */
export function confirmPage(
  question: string,
  detail: string,
  button: string,
  token: string,
): Reply {
  const body = `<h1>${escapeHtml(question)}</h1>
<p class="meta">${escapeHtml(detail)}</p>
<form method="post"><input type="hidden" name="token" value="${escapeHtml(token)}">
<button type="submit" data-testid="confirm">${escapeHtml(button)}</button></form>`;
  return html(200, layout(question, body), PAGE_CSP, 'same-origin');
}

/** The public message detail page; `safeContentHtml` must come from render.ts. */
export function detailPage(
  title: string,
  name: string,
  createTime: number,
  safeContentHtml: string,
): Reply {
  const time = new Date(createTime).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
  const body = `<h1>${escapeHtml(title)}</h1>
<p class="meta"><span data-testid="app-name">${escapeHtml(name)}</span> ·
<time datetime="${new Date(createTime).toISOString()}">${time}</time></p>
<article data-testid="content">${safeContentHtml}</article>`;
  return html(200, layout(title, body), DETAIL_CSP);
}
