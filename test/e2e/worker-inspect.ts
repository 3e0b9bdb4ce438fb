import type { Worker } from '@playwright/test';

/** Reads what the worker stored, straight from its IndexedDB (read-only). */
export function storedMids(worker: Worker): Promise<number[]> {
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
export async function notificationIds(worker: Worker): Promise<string[]> {
  return Object.keys(await worker.evaluate(() => chrome.notifications.getAll()));
}

export function badge(worker: Worker): Promise<string> {
  return worker.evaluate(() => chrome.action.getBadgeText({}));
}
