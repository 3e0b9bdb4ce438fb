/**
 * What this keeps is also kept, serialised, in rows rendered on arrival (prerender.ts): raise
 * RENDERED_VERSION (rendered-body.ts) with any change to it, so older renderings are not shown.
 */
import DOMPurify, { type Config, type DOMPurify as Purifier } from 'dompurify';
import { setLinkTarget } from './links';
import { filterInlineStyle } from './style-filter';
import { safeImageSrc, safeLinkHref } from './url-policy';

/**
 * Tags a push message may use. Left out on purpose: script/style/link/meta/base (code and page
 * restyling; a `<style>` in the shadow root could still restyle the host through `:host`),
 * iframe/frame/object/embed (other documents), form/input/button/select/textarea (phishing forms;
 * the only buttons are the copy buttons we build), svg/math (namespace-confusion mXSS), video/
 * audio/source/picture (more remote-loading vectors to block), template/noscript.
 */
const ALLOWED_TAGS = [
  // DOMPurify's own parse root: without it, it deep-clones the whole tree to unwrap it (5× slower
  // in jsdom). Harmless: the parser never creates a second <body>, only the fragment is returned.
  'body',
  'a', 'abbr', 'b', 'bdi', 'bdo', 'big', 'blockquote', 'br', 'caption', 'center', 'cite', 'code',
  'col', 'colgroup', 'copy', 'dd', 'del', 'details', 'dfn', 'div', 'dl', 'dt', 'em', 'figcaption',
  'figure', 'font', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'ins', 'kbd', 'li',
  'mark', 'ol', 'p', 'pre', 'q', 'rp', 'rt', 'ruby', 's', 'samp', 'small', 'span', 'strike',
  'strong', 'sub', 'summary', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'tt',
  'u', 'ul', 'var', 'wbr',
]; // prettier-ignore

/**
 * No `id`/`name` (clobbering), no `class` (a message could borrow our `wxp-` classes to fake the
 * "load images" bar or a copy button), no `srcset` (a second image URL to police), no `on*`.
 */
const URL_ATTRIBUTES = ['href', 'src'];
const PLAIN_ATTRIBUTES = [
  'alt', 'title', 'width', 'height', 'colspan', 'rowspan', 'align', 'valign', 'bgcolor', 'color',
  'face', 'size', 'start', 'reversed', 'open', 'dir', 'lang', 'style', 'data-clipboard-text',
]; // prettier-ignore

const CONFIG: Config = {
  ALLOWED_TAGS,
  ALLOWED_ATTR: [...URL_ATTRIBUTES, ...PLAIN_ATTRIBUTES],
  // Not URLs: without this DOMPurify would drop values such as the copy text "code:1234".
  ADD_URI_SAFE_ATTR: PLAIN_ATTRIBUTES,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  // Second line of defence behind the hook below: schemes other than these are dropped.
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|tel:|data:image\/)/i,
};

const DIMENSION = /^\d{1,5}(?:\.\d+)?(?:%|px)?$/;

/**
 * Turns sanitized HTML into a fragment owned by an inert document (images not loading yet);
 * null when the markup has no body (DOMPurify's answer to a leading `<frameset>`).
 */
export type Sanitize = (html: string) => DocumentFragment | null;

/** What `document.defaultView` gives: a window with its own DOM constructors. */
export type HostWindow = Window & typeof globalThis;

const sanitizers = new WeakMap<HostWindow, Sanitize>();

/**
 * Returns the sanitizer for a window: one DOMPurify instance per window, so our hooks never
 * leak into another caller's global DOMPurify. The returned fragment lives in DOMPurify's inert
 * document: nothing in it loads or runs until it is inserted into the page.
 */
export function getSanitizer(win: HostWindow): Sanitize {
  let sanitize = sanitizers.get(win);
  if (!sanitize) {
    sanitize = createSanitizer(win);
    sanitizers.set(win, sanitize);
  }
  return sanitize;
}

const inertDocuments = new WeakMap<HostWindow, Document>();

/**
 * A document of the window's with no browsing context, where nodes are built before they go
 * into the page (markdown-dom.ts): an image made there loads nothing until it is inserted, as
 * with the sanitiser's fragments.
 */
export function inertDocument(win: HostWindow): Document {
  let doc = inertDocuments.get(win);
  if (!doc) {
    doc = win.document.implementation.createHTMLDocument('');
    inertDocuments.set(win, doc);
  }
  return doc;
}

function createSanitizer(win: HostWindow): Sanitize {
  const purify = DOMPurify(win);
  // An unsupported DOMPurify returns its input unchanged: fail closed instead.
  if (!purify.isSupported) throw new Error('DOMPurify is not supported in this window');
  addHooks(purify);
  // Parsed once for the instance: given with each call, DOMPurify would rebuild its allowlists
  // for every part of a long message (parts.ts), cold on a fresh page.
  purify.setConfig({ ...CONFIG, RETURN_DOM_FRAGMENT: true });
  // DOMPurify's typings promise a fragment, but it returns null when the parse has no body.
  return (html) => purify.sanitize(html) as unknown as DocumentFragment | null;
}

function addHooks(purify: Purifier): void {
  purify.addHook('uponSanitizeAttribute', (node, event) => {
    const tag = node.nodeName.toLowerCase();
    const name = event.attrName;
    let value: string | null = event.attrValue;
    if (name === 'href') value = tag === 'a' ? safeLinkHref(value) : null;
    else if (name === 'src') value = tag === 'img' ? safeImageSrc(value) : null;
    else if (name === 'style') value = filterInlineStyle(value) || null;
    else if (name === 'width' || name === 'height') value = DIMENSION.test(value) ? value : null;
    if (value === null) event.keepAttr = false;
    else event.attrValue = value;
  });
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName.toLowerCase() !== 'a') return;
    if (node.hasAttribute('href')) setLinkTarget(node);
    else node.removeAttribute('target');
  });
}
