/**
 * Markdown without raw HTML, built as DOM nodes straight from marked's tokens
 * (docs/architecture.md §8). No HTML is parsed on this path: text becomes text nodes, the only
 * elements are the ones named below, and the only attributes are those the sanitiser would
 * keep, checked by the same rules (sanitize.ts, url-policy.ts). It gives the same tree as
 * rendering the tokens to HTML and sanitising that (test/unit/render/markdown-dom.test.ts
 * compares the two), without the HTML round trip and the sanitiser's walk of every node, which
 * was most of the time a long markdown message took to render. What it builds is also kept,
 * serialised, in rows rendered on arrival: raise RENDERED_VERSION (rendered-body.ts) with any
 * change to it.
 *
 * Source with `<` (raw HTML, autolinks in angle brackets) or a character reference (which only
 * the HTML parser decodes), and tokens this file does not build (task list checkboxes,
 * anything an extension could add) are left to the sanitiser path: `buildMarkdown` answers
 * null for them.
 */
import type { Token, Tokens } from 'marked';
import { setLinkTarget } from './links';
import { lexMarkdown } from './markdown';
import { safeImageSrc, safeLinkHref } from './url-policy';

/**
 * Source the HTML parser must see: raw HTML, and the character references marked passes on
 * as they are (its escape leaves `&` alone only before `#digits;`, `#xhex;` or `name;`; every
 * other `&` it writes as `&amp;`, which the parser turns back into the `&` built here).
 */
const NEEDS_PARSER = /<|&(?:#\d{1,7}|#[Xx][a-fA-F0-9]{1,6}|\w+);/;

/**
 * Attribute values DOMPurify drops (its ATTR_VALUE_BREAKOUT): text that could end a comment or
 * a raw-text element if the markup were serialised and parsed again.
 */
const BREAKOUT =
  /((--!?|])>)|<\/(style|script|title|xmp|textarea|noscript|iframe|noembed|noframes)/i;

/** A token this file does not build: the part goes through the sanitiser instead. */
class NotBuilt extends Error {}

/**
 * The markdown `source` as a fragment of `doc` (an inert document, so images do not load
 * until the fragment is put in the page), or null when it needs the sanitiser path.
 */
export function buildMarkdown(doc: Document, source: string): DocumentFragment | null {
  if (NEEDS_PARSER.test(source)) return null;
  const tokens = lexMarkdown(source);
  if (!tokens) return null;
  const fragment = doc.createDocumentFragment();
  try {
    new Builder(doc).blocks(fragment, tokens);
  } catch (error) {
    if (error instanceof NotBuilt) return null;
    throw error;
  }
  return fragment;
}

/** marked's `cleanUrl`: the href it writes, or null when it writes the text alone. */
function cleanUrl(href: string): string | null {
  try {
    return encodeURI(href).replace(/%25/g, '%');
  } catch {
    return null;
  }
}

class Builder {
  constructor(private readonly doc: Document) {}

  private el<K extends keyof HTMLElementTagNameMap>(
    parent: Node,
    tag: K,
  ): HTMLElementTagNameMap[K] {
    const element = this.doc.createElement(tag);
    parent.appendChild(element);
    return element;
  }

  private text(parent: Node, text: string): void {
    if (text) parent.appendChild(this.doc.createTextNode(text));
  }

  /** Sets an attribute the sanitiser would keep (trimmed, as DOMPurify reads it). */
  private attr(element: Element, name: string, value: string | null): void {
    if (value === null || BREAKOUT.test(value)) return;
    element.setAttribute(name, value);
  }

  /** Block tokens, with the line breaks marked's HTML has between them. */
  blocks(parent: Node, tokens: Token[]): void {
    for (const token of tokens) this.block(parent, token);
  }

  private block(parent: Node, token: Token): void {
    switch (token.type) {
      case 'space':
      case 'def':
        return;
      case 'paragraph':
        this.inline(this.el(parent, 'p'), (token as Tokens.Paragraph).tokens);
        this.text(parent, '\n');
        return;
      case 'heading': {
        const { depth, tokens } = token as Tokens.Heading;
        this.inline(this.el(parent, `h${depth}` as 'h1'), tokens);
        this.text(parent, '\n');
        return;
      }
      case 'code': {
        const { text } = token as Tokens.Code;
        const code = this.el(this.el(parent, 'pre'), 'code');
        this.text(code, text ? `${text.replace(/\n$/, '')}\n` : '');
        this.text(parent, '\n');
        return;
      }
      case 'hr':
        this.el(parent, 'hr');
        this.text(parent, '\n');
        return;
      case 'blockquote': {
        const quote = this.el(parent, 'blockquote');
        this.text(quote, '\n');
        this.blocks(quote, (token as Tokens.Blockquote).tokens);
        this.text(parent, '\n');
        return;
      }
      case 'list':
        this.list(parent, token as Tokens.List);
        return;
      case 'table':
        this.table(parent, token as Tokens.Table);
        return;
      case 'text':
        this.textToken(parent, token as Tokens.Text);
        return;
      default:
        // html, checkbox, and whatever else: the sanitiser path renders them.
        throw new NotBuilt(token.type);
    }
  }

  private list(parent: Node, { ordered, start, items }: Tokens.List): void {
    const list = this.el(parent, ordered ? 'ol' : 'ul');
    if (ordered && start !== 1) this.attr(list, 'start', String(start));
    this.text(list, '\n');
    for (const item of items) {
      if (item.task) throw new NotBuilt('task');
      this.blocks(this.el(list, 'li'), item.tokens);
      this.text(list, '\n');
    }
    this.text(parent, '\n');
  }

  private table(parent: Node, { header, rows }: Tokens.Table): void {
    const table = this.el(parent, 'table');
    this.text(table, '\n');
    const head = this.el(table, 'thead');
    this.text(head, '\n');
    this.row(head, header);
    this.text(table, '\n');
    if (rows.length > 0) {
      const body = this.el(table, 'tbody');
      for (const row of rows) this.row(body, row);
    }
    this.text(parent, '\n');
  }

  private row(parent: Node, cells: Tokens.TableCell[]): void {
    const row = this.el(parent, 'tr');
    this.text(row, '\n');
    for (const { tokens, header, align } of cells) {
      const cell = this.el(row, header ? 'th' : 'td');
      if (align) this.attr(cell, 'align', align);
      this.inline(cell, tokens);
      this.text(row, '\n');
    }
    this.text(parent, '\n');
  }

  /** A text token: its inline tokens, or its text (escaped text is HTML: not built here). */
  private textToken(parent: Node, token: Tokens.Text | Tokens.Escape): void {
    if ('tokens' in token && token.tokens) this.inline(parent, token.tokens);
    else if ('escaped' in token && token.escaped) throw new NotBuilt('escaped text');
    else this.text(parent, token.text);
  }

  private inline(parent: Node, tokens: Token[]): void {
    for (const token of tokens) {
      switch (token.type) {
        case 'text':
        case 'escape':
          this.textToken(parent, token as Tokens.Text);
          break;
        case 'strong':
        case 'em':
        case 'del':
          this.inline(this.el(parent, token.type), (token as Tokens.Strong).tokens);
          break;
        case 'codespan':
          this.text(this.el(parent, 'code'), (token as Tokens.Codespan).text);
          break;
        case 'br':
          this.el(parent, 'br');
          break;
        case 'link':
          this.link(parent, token as Tokens.Link);
          break;
        case 'image':
          this.image(parent, token as Tokens.Image);
          break;
        default:
          // Inline HTML (a tag) and anything else.
          throw new NotBuilt(token.type);
      }
    }
  }

  private link(parent: Node, token: Tokens.Link): void {
    const autolink = (token as { autolink?: boolean }).autolink === true;
    const href = cleanUrl(token.href);
    // marked writes the link's text alone when its href cannot be encoded.
    const link = href === null ? null : this.el(parent, 'a');
    const into = link ?? parent;
    if (autolink) this.text(into, token.text);
    else this.inline(into, token.tokens);
    if (!link) return;
    // The sanitiser's hooks (sanitize.ts): an allowed scheme or no href; a link opens apart.
    this.attr(link, 'href', safeLinkHref(href!.trim()));
    if (token.title) this.attr(link, 'title', token.title.trim());
    if (link.hasAttribute('href')) setLinkTarget(link);
  }

  private image(parent: Node, token: Tokens.Image): void {
    const alt = token.tokens ? plainText(token.tokens) : token.text;
    const src = cleanUrl(token.href);
    if (src === null) {
      this.text(parent, alt);
      return;
    }
    const image = this.el(parent, 'img');
    this.attr(image, 'src', safeImageSrc(src.trim()));
    this.attr(image, 'alt', alt.trim());
    if (token.title) this.attr(image, 'title', token.title.trim());
  }
}

/** An image's alt text, as marked's text renderer gives it: the words, breaks as newlines. */
function plainText(tokens: Token[]): string {
  let out = '';
  for (const token of tokens) {
    if (token.type === 'br') out += '\n';
    else if (token.type === 'checkbox') out += token.raw;
    else if (token.type === 'text' || token.type === 'escape' || token.type === 'codespan')
      out += (token as Tokens.Text).text;
    else if ('tokens' in token && token.tokens) out += plainText(token.tokens);
    else if ('text' in token) out += String(token.text);
  }
  return out;
}
