import type { StoredMessage } from '../../lib/message';

/**
 * Where test code runs: Playwright's service-worker handle or page, a Puppeteer page, or
 * Firefox's background page reached through one (scripts/firefox-runner.ts `inBackground`).
 * The function is sent as source with one JSON argument, so it may use only that.
 */
export interface Evaluator {
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  evaluate<R>(fn: () => R | Promise<R>): Promise<R>;
}

/** Reads what the worker stored, straight from its IndexedDB (read-only). */
export function storedMids(worker: Evaluator): Promise<number[]> {
  return worker.evaluate(
    () =>
      new Promise<number[]>((resolve, reject) => {
        const open = indexedDB.open('wxpusher');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('messages')) return resolve([]);
          const req = db.transaction('messages').objectStore('messages').getAllKeys();
          req.onsuccess = () => {
            resolve((req.result as number[]).sort((a, b) => a - b));
            db.close();
          };
          req.onerror = () => reject(req.error);
        };
      }),
  );
}

/** The ids of the notifications the worker has on screen (Chrome reports ids only). */
export async function notificationIds(worker: Evaluator): Promise<string[]> {
  return Object.keys(await worker.evaluate(() => chrome.notifications.getAll()));
}

export function badge(worker: Evaluator): Promise<string> {
  // MV2 (Firefox's background page) names the toolbar button browserAction.
  return worker.evaluate(() => (chrome.action ?? chrome.browserAction).getBadgeText({}));
}

/** How many messages the worker stored (only the unread ones with `unreadOnly`). */
export function countStored(worker: Evaluator, unreadOnly = false): Promise<number> {
  return worker.evaluate(
    (unreadOnly) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('wxpusher');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const store = db.transaction('messages').objectStore('messages');
          const req = unreadOnly ? store.index('unread').count(1) : store.count();
          req.onsuccess = () => {
            resolve(req.result);
            db.close();
          };
          req.onerror = () => reject(req.error);
        };
      }),
    unreadOnly,
  );
}

/** Rows per evaluate call when writing: 20 000 at once would be one very large message. */
const PUT_BATCH = 2_000;

/**
 * Writes stored-message rows straight into the extension's IndexedDB (test set-up only: in
 * the product only the worker writes), from the worker or any extension page.
 */
export async function putRows(target: Evaluator, rows: StoredMessage[]): Promise<void> {
  const write = (batch: StoredMessage[]) =>
    new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('wxpusher');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const tx = db.transaction('messages', 'readwrite');
        for (const row of batch) tx.objectStore('messages').put(row);
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
