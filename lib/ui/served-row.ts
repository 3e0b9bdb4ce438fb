import type { StoredMessage } from '../message';
import { renderedParts } from '../render/rendered-body';
import { parseMessageAccount, parseMessageId } from './message-address';

/**
 * The full view's message, put into its document by the worker that serves it
 * (lib/worker/served-pages.ts, docs/architecture.md §7): the page shows it without first
 * opening the database. A JSON block (`<script type="application/json">`, never run) at the end
 * of the body, before the page's code, which runs once the document is parsed.
 */
export const SERVED_ROW_ID = 'wxp-served-row';

/**
 * What the block holds: the account read from and its row (without its search text); and the
 * one setting the view renders with, read from storage beside the row, so that the content
 * need not wait for the page's own read of it.
 */
export interface ServedRow {
  account: number;
  message: StoredMessage;
  blockImages?: boolean;
  /**
   * Set when the block holds the message without its content (`content` is ''): the length of
   * the content left out. A long message rendered when it arrived is shown from its rendering;
   * its content, as long again, is read from the database only when the page needs it (to copy
   * the text), and the block is that much shorter to send and parse (docs/architecture.md §7).
   */
  contentLength?: number;
}

/**
 * Marks, in the head, a document the worker serves: its row follows at the end of the body
 * (or does not, when the worker found none), so the early read does not read it again.
 */
export const SERVED_MARK = '<meta name="wxp-served" content="row">';

/**
 * `template` (message.html as packaged) cut where the worker puts the row: `head`, up to the
 * page's last script, with SERVED_MARK before its first; `tail`, the rest. The worker sends
 * `head` at once, so that the stylesheet and scripts load while it reads the row, then the
 * row's block, then `tail`. Null when the template has no script.
 */
export function splitServed(template: string): { head: string; tail: string } | null {
  const first = template.indexOf('<script');
  const last = template.lastIndexOf('<script');
  if (first < 0) return null;
  return {
    head: template.slice(0, first) + SERVED_MARK + template.slice(first, last),
    tail: template.slice(last),
  };
}

/**
 * `value` as a JSON block with `id` (`<script type="application/json">`, never run). A script's
 * text ends only at `</script` and is read otherwise only after `<!--`; every `</` in the JSON
 * is written `<\/` and every `<!` `\u003c!` (a `<` is only ever inside a JSON string, where
 * both are the same text), so no text in a message can end the block: it stays one text node,
 * whatever was sent. Escaping every `<` instead made a long HTML or markdown message's block a
 * quarter larger (docs/architecture.md §7).
 */
export function jsonBlock(id: string, value: unknown): string {
  const json = JSON.stringify(value).replace(/<([/!])/g, (_, next: string) =>
    next === '/' ? '<\\/' : '\\u003c!',
  );
  return `<script type="application/json" id="${id}">${json}</script>`;
}

/**
 * The row's block: without the message's search text, and without its content when the page
 * will show its rendering (renderedParts) and not the content (not blank).
 */
export function servedRowBlock(row: ServedRow): string {
  const { message } = row;
  const shown = renderedParts(message) !== null && message.content.trim() !== '';
  return jsonBlock(
    SERVED_ROW_ID,
    shown
      ? {
          ...row,
          message: { ...message, searchText: '', content: '' },
          contentLength: message.content.length,
        }
      : { ...row, message: { ...message, searchText: '' } },
  );
}

/** Whether the worker served `doc` (its row may still be on its way, or not found). */
export function isServed(doc: Document): boolean {
  return doc.querySelector('meta[name="wxp-served"]') !== null;
}

/**
 * The row the worker put into `doc`, when it is the message `search` names; null without one
 * (the page was read from the package, not served) or when it is not usable.
 */
export function readServedRow(doc: Document, search: string): ServedRow | null {
  const text = doc.getElementById(SERVED_ROW_ID)?.textContent;
  if (!text) return null;
  try {
    const row = JSON.parse(text) as Partial<ServedRow> | null;
    const message = row?.message;
    if (typeof row?.account !== 'number' || typeof message !== 'object' || message === null) {
      return null;
    }
    const named = parseMessageAccount(search) ?? row.account;
    if (
      message.mid !== parseMessageId(search) ||
      message.account !== named ||
      named !== row.account
    ) {
      return null;
    }
    const served: ServedRow = { account: row.account, message };
    if (typeof row.blockImages === 'boolean') served.blockImages = row.blockImages;
    const length = row.contentLength;
    if (Number.isSafeInteger(length) && length! > 0 && message.content === '') {
      served.contentLength = length;
    }
    return served;
  } catch {
    return null;
  }
}

/**
 * How long a served page may go without its page code before it is taken as cut short
 * (reloadIfCut). The worker sends the rest within a second of the head, the row found or not
 * (SERVED_READ_MS, lib/worker/served-pages.ts).
 */
export const SERVED_CUT_MS = 5_000;

/**
 * A served document the worker stopped sending partway (stopped or killed between the head and
 * the rest) never finishes loading: Chrome keeps it `loading`, without the page's code, its one
 * deferred script, and fires no DOMContentLoaded. Nor does a page start whose code the worker
 * was to hand out (lib/worker/served-pages.ts) and stopped before it did: `#app` stays empty.
 * Checked SERVED_CUT_MS after the early read starts: loaded again, the page and its code come
 * from the package, the static routes sending them there while the worker is stopped. Once per
 * address and tab (`storage`, the session's), so a page cut again stays as it is rather than
 * reloading without end.
 */
export function reloadIfCut(
  doc: Document,
  storage: Pick<Storage, 'getItem' | 'setItem'>,
  reload: () => void,
): void {
  const started = doc.getElementById('app')?.hasChildNodes() === true;
  if (!isServed(doc) || (doc.querySelector('script[defer]') !== null && started)) return;
  const key = `wxp-served-cut:${doc.location?.search ?? ''}`;
  if (storage.getItem(key) !== null) return;
  storage.setItem(key, '1');
  reload();
}
