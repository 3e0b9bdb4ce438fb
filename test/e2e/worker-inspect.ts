import type { StoredMessage } from '../../lib/message';
import { LIST_MARKUP_CHANNEL } from '../../lib/ui/list-markup-mirror';
import { POPUP_CACHE_KEY } from '../../lib/ui/popup-cache-key';

/**
 * Where test code runs: Playwright's service-worker handle or page, a Puppeteer page, or
 * Firefox's background page reached through one (scripts/firefox-runner.ts `inBackground`).
 * The function is sent as source with one JSON argument, so it may use only that.
 */
export interface Evaluator {
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  evaluate<R>(fn: () => R | Promise<R>): Promise<R>;
}

/**
 * Reads what the worker stored, straight from its IndexedDB (read-only), and seeds it for
 * tests. Messages belong to an account (docs/architecture.md §4): unless told which, these
 * read the account the worker is bound to (`meta.current`).
 */

/** What the worker stored, per message: id, text, read state and account. */
export interface StoredSummary {
  account: number;
  mid: number;
  content: string;
  createTime: number;
  unread: number;
}

/** The stored messages of `account` (default: the current one), by id. */
export function storedRows(worker: Evaluator, account?: number): Promise<StoredSummary[]> {
  return worker.evaluate(
    (account) =>
      new Promise<StoredSummary[]>((resolve, reject) => {
        const open = indexedDB.open('wxpusher');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('meta')) return resolve([]);
          const tx = db.transaction(['messages', 'meta']);
          const current = tx.objectStore('meta').get('current');
          const all = tx.objectStore('messages').getAll();
          tx.oncomplete = () => {
            const of = account ?? (current.result as number | undefined);
            const rows = (all.result as StoredSummary[])
              .filter((r) => r.account === of)
              .map(({ account, mid, content, createTime, unread }) => ({
                account,
                mid,
                content,
                createTime,
                unread,
              }))
              .sort((a, b) => a.mid - b.mid);
            db.close();
            resolve(rows);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    account,
  );
}

/** How many rendered parts each message's row holds, in the order of `mids` (0: none, or no row). */
export function renderedPartCounts(target: Evaluator, mids: number[]): Promise<number[]> {
  return target.evaluate(
    (mids) =>
      new Promise<number[]>((resolve, reject) => {
        const open = indexedDB.open('wxpusher');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('messages').objectStore('messages').getAll();
          all.onsuccess = () => {
            const rows = all.result as { mid: number; rendered?: { parts?: string[] } }[];
            open.result.close();
            const parts = (mid: number) => rows.find((r) => r.mid === mid)?.rendered?.parts;
            resolve(mids.map((mid) => parts(mid)?.length ?? 0));
          };
          all.onerror = () => reject(all.error);
        };
      }),
    mids,
  );
}

/** The ids stored for `account` (default: the current one), ascending. */
export async function storedMids(worker: Evaluator, account?: number): Promise<number[]> {
  return (await storedRows(worker, account)).map((r) => r.mid);
}

/** The ids of the notifications the worker has on screen (Chrome reports ids only). */
export async function notificationIds(worker: Evaluator): Promise<string[]> {
  return Object.keys(await worker.evaluate(() => chrome.notifications.getAll()));
}

export function badge(worker: Evaluator): Promise<string> {
  // MV2 (Firefox's background page) names the toolbar button browserAction.
  return worker.evaluate(() => (chrome.action ?? chrome.browserAction).getBadgeText({}));
}

/** How many messages the current account has stored (only the unread ones with `unreadOnly`). */
export async function countStored(worker: Evaluator, unreadOnly = false): Promise<number> {
  const rows = await storedRows(worker);
  return unreadOnly ? rows.filter((r) => r.unread === 1).length : rows.length;
}

/** Rows per evaluate call when writing: 20 000 at once would be one very large message. */
const PUT_BATCH = 2_000;

/** A row to seed: the current account is filled in. */
export type SeedRow = Omit<StoredMessage, 'account'>;

/**
 * Writes stored-message rows for the current account straight into the extension's IndexedDB
 * (test set-up only: in the product only the worker writes), from the worker or any extension
 * page. The worker must be bound (so there is a current account).
 */
export async function putRows(target: Evaluator, rows: SeedRow[]): Promise<void> {
  const write = (batch: SeedRow[]) =>
    new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('wxpusher');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const tx = db.transaction(['messages', 'meta', 'searchIndex'], 'readwrite');
        const current = tx.objectStore('meta').get('current');
        current.onsuccess = () => {
          const account = current.result as number | undefined;
          if (account === undefined) {
            tx.abort();
            reject(new Error('no current account: bind first'));
            return;
          }
          for (const row of batch) tx.objectStore('messages').put({ ...row, account });
          // Rows written behind the worker's back: its search index no longer holds them all.
          // Dropping its head makes the list read the rows and the worker rebuild it, as after
          // a failed write (lib/storage/search-index.ts).
          tx.objectStore('searchIndex').delete([account, 0]);
        };
        tx.oncomplete = () => {
          db.close();
          resolve();
        };
        tx.onerror = () => reject(tx.error);
      };
    });
  for (let i = 0; i < rows.length; i += PUT_BATCH) {
    const batch = rows.slice(i, i + PUT_BATCH);
    await target.evaluate(write, batch);
  }
}

/**
 * Forgets the list markup the pages keep (the popup cache's entry in localStorage) and the
 * worker holds (told through LIST_MARKUP_CHANNEL), as after an install or an unbind: the next
 * list page opens with nothing remembered. `page`: an extension page.
 */
export function forgetKeptList(page: Evaluator): Promise<void> {
  return page.evaluate(
    ([key, name]) => {
      localStorage.removeItem(key);
      const channel = new BroadcastChannel(name);
      channel.postMessage({ html: null });
      channel.close();
    },
    [POPUP_CACHE_KEY, LIST_MARKUP_CHANNEL] as const,
  );
}
