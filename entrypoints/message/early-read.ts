/**
 * The full message view's first read, made by message-early.ts before the page's code has
 * loaded (docs/architecture.md §7), and taken over by mount.tsx.
 */
import type { StoredMessage } from '../../lib/message';
import { DB_NAME, DB_VERSION } from '../../lib/storage/db-version';
import { SETTINGS_KEY } from '../../lib/storage/settings-key';
import { parseMessageAccount, parseMessageId } from '../../lib/ui/message-address';
import { SERVED_CUT_MS, isServed, reloadIfCut } from '../../lib/ui/served-row';

/** What message-early.ts found before the page's code ran. */
export interface EarlyRead {
  /** The database, open at the current version. */
  db: IDBDatabase;
  /** The account read from: the one named in the address, else the bound one. */
  account: number | null;
  /** The row, undefined when there is none. */
  message: StoredMessage | undefined;
  /** The read failed (the database is open): read again the usual way. */
  failed?: boolean;
}

/** Where message-early.ts leaves its reads for mount.tsx (globals: they are separate scripts). */
interface EarlyGlobal {
  __wxpEarlyRead?: Promise<EarlyRead | null>;
  __wxpEarlySettings?: Promise<Record<string, unknown> | null>;
}

/** Starts the reads (message-early.ts): the row, and the stored settings beside it. */
export function startEarlyRead(): void {
  const g = globalThis as EarlyGlobal;
  // Served by the worker (lib/ui/served-row.ts), the document brings the row, which mount.tsx
  // takes; the database is still opened here, for what the page does after. Marked `failed`:
  // should the worker have found no row, the page reads the usual way.
  const served = isServed(document);
  g.__wxpEarlyRead = served
    ? openCurrent(indexedDB)
        .then((db) => (db ? { db, account: null, message: undefined, failed: true } : null))
        .catch(() => null)
    : readEarly(indexedDB, location.search).catch(() => null);
  if (served) {
    setTimeout(() => reloadIfCut(document, sessionStorage, () => location.reload()), SERVED_CUT_MS);
  }
  g.__wxpEarlySettings = readStored(SETTINGS_KEY);
}

/** message-early.ts's read, or null when it did not run or found nothing usable. */
export function takeEarlyRead(): Promise<EarlyRead | null> {
  return (globalThis as EarlyGlobal).__wxpEarlyRead ?? Promise.resolve(null);
}

/**
 * The extension storage's items under the settings key as message-early.ts read them, raw
 * (lib/storage/settings.ts validates them); null when it did not run or the read failed.
 */
export function takeEarlySettings(): Promise<Record<string, unknown> | null> {
  return (globalThis as EarlyGlobal).__wxpEarlySettings ?? Promise.resolve(null);
}

/** `storage.local.get(key)` without the API wrapper (promises: `browser` in Firefox). */
function readStored(key: string): Promise<Record<string, unknown> | null> {
  try {
    const api = (globalThis as { browser?: typeof chrome }).browser ?? chrome;
    return Promise.resolve(api.storage.local.get(key)).catch(() => null);
  } catch {
    return Promise.resolve(null);
  }
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function openCurrent(factory: IDBFactory): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    const open = factory.open(DB_NAME, DB_VERSION);
    // No database, or an older one: leave creating and upgrading to lib/storage/db.ts.
    open.onupgradeneeded = () => open.transaction?.abort();
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => resolve(null);
    open.onblocked = () => resolve(null);
  });
}

/**
 * Opens the database at the current version and reads the message `search`
 * (`?id=&account=`, parsed as message-view-store.ts does) names. Null when there is no
 * database at the current version: then creating or upgrading it is lib/storage/db.ts's job.
 */
export async function readEarly(factory: IDBFactory, search: string): Promise<EarlyRead | null> {
  const db = await openCurrent(factory);
  if (!db) return null;
  const mid = parseMessageId(search);
  try {
    const tx = db.transaction(['meta', 'messages']);
    const account =
      parseMessageAccount(search) ??
      ((await request(tx.objectStore('meta').get('current'))) as number | undefined) ??
      null;
    const message =
      mid === null || account === null
        ? undefined
        : await request(tx.objectStore('messages').get([account, mid]));
    return { db, account, message };
  } catch {
    return { db, account: null, message: undefined, failed: true };
  }
}
