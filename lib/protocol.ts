import { ProblemError, isProblem, problemOf, type Problem } from './problem';
import type { BindingState } from './push/binding';
import type { Settings } from './storage/settings';

/** The connection as pages see it. */
export type ConnectionView =
  | { kind: 'offline' }
  | { kind: 'connecting' }
  | { kind: 'connected'; since: number }
  /** `attempt` consecutive failures so far; the next dial is at `retryAt`. */
  | { kind: 'retrying'; attempt: number; retryAt: number; error?: Problem };

/** An upgrade notice from a 204 frame or version-update. */
export interface UpdateNotice {
  title: string;
  content: string;
  version: string;
  url: string;
  must: boolean;
}

/** Everything a page may show about the worker; no tokens. */
export interface WorkerStatus {
  serverUrl: string;
  binding: BindingState;
  connection: ConnectionView;
  lastConnectedAt: number | null;
  /** When the last new message was stored (its write committed). */
  lastMessageAt: number | null;
  /** `notifications.getPermissionLevel()`: 'denied' when the browser's are turned off. */
  notificationPermission: 'granted' | 'denied' | 'unknown';
  /** The last problem worth showing (a server's 203 text, a store failure, …). */
  lastError: Problem | null;
  update: UpdateNotice | null;
  counters: {
    framesReceived: number;
    framesRejected: number;
    messagesStored: number;
    notificationsRaised: number;
    outboxPending: number;
  };
}

/**
 * The one typed protocol between extension pages and the worker (docs/architecture.md §7):
 * message name → (data) → result. Handlers live in lib/worker/handlers.ts.
 */
export interface WorkerProtocol {
  getStatus(): WorkerStatus;
  requestLoginCode(): BindingState;
  unbind(): void;
  reconnect(): void;
  /** `account`: whose messages (default: the bound account's); so for every call below. */
  markRead(data: { mids: number[]; read: boolean; account?: number }): void;
  markAllRead(data?: { account?: number }): void;
  /**
   * Deletes these messages: what the user saw, never "everything" (that would also delete
   * what arrived since). The server hears of it only after the undo window.
   */
  deleteMessages(data: { mids: number[]; account?: number }): { removed: number[] };
  /** Undo of a delete within its window: back here, and the server never deletes them. */
  restoreMessages(data: { mids: number[]; account?: number }): { restored: number[] };
  /**
   * Builds the account's search index again (lib/storage/search-index.ts): a page that found
   * none, or one it could not trust, asks once and reads the rows meanwhile.
   */
  indexSearch(data?: { account?: number }): void;
  sendTest(): void;
  openMessage(data: { mid: number; account?: number }): void;
  playTestSound(): void;
  getSettings(): Settings;
  updateSettings(data: { patch: Partial<Settings> }): Settings;
  resetSettings(): Settings;
}

export type MessageName = keyof WorkerProtocol;
type DataOf<K extends MessageName> = Parameters<WorkerProtocol[K]>[0];
type ResultOf<K extends MessageName> = ReturnType<WorkerProtocol[K]>;

/** The envelope on the wire. */
export interface Request<K extends MessageName = MessageName> {
  wxp: 1;
  type: K;
  data: DataOf<K>;
}
/** A refusal carries the problem as data (put into words by the page) and as log text. */
export type Response<T> = { ok: true; result: T } | { ok: false; error: string; problem?: Problem };

/** Handlers: each may be async. */
export type Handlers = {
  [K in MessageName]: (data: DataOf<K>) => ResultOf<K> | Promise<ResultOf<K>>;
};

/** The runtime messaging surface used (a subset of `browser.runtime`). */
export interface RuntimeLike {
  id: string;
  getURL(path: string): string;
  sendMessage(message: unknown): Promise<unknown>;
  onMessage: {
    addListener(
      fn: (message: unknown, sender: { id?: string; url?: string }) => Promise<unknown> | undefined,
    ): void;
  };
}

function isRequest(message: unknown): message is Request {
  return (
    !!message &&
    typeof message === 'object' &&
    (message as Request).wxp === 1 &&
    typeof (message as Request).type === 'string'
  );
}

/**
 * Registers the handlers (synchronously, docs/architecture.md §3). Only our own extension
 * pages may call: anything from another extension or a web page is refused.
 */
export function registerHandlers(
  runtime: RuntimeLike,
  handlers: Handlers,
  ready: Promise<unknown>,
): void {
  const origin = runtime.getURL('');
  runtime.onMessage.addListener((message, sender) => {
    if (!isRequest(message)) return undefined;
    if (sender.id !== runtime.id || !sender.url?.startsWith(origin)) {
      return Promise.resolve({ ok: false, error: 'forbidden' } satisfies Response<never>);
    }
    // Own properties only: "constructor" or "toString" must not reach Object.prototype.
    const handler = Object.prototype.hasOwnProperty.call(handlers, message.type)
      ? (handlers[message.type] as (data: unknown) => unknown)
      : undefined;
    if (!handler) return Promise.resolve({ ok: false, error: `unknown message ${message.type}` });
    return ready
      .then(() => handler(message.data))
      .then(
        (result) => ({ ok: true, result }),
        (error: unknown) => ({
          ok: false,
          error: (error as Error)?.message ?? String(error),
          problem: problemOf(error),
        }),
      );
  });
}

/**
 * Calls the worker from a page. Rejects with a ProblemError carrying the worker's problem (or,
 * from an older worker, its error text); `ui/worker-client` puts it into the page's words.
 */
export async function callWorker<K extends MessageName>(
  runtime: Pick<RuntimeLike, 'sendMessage'>,
  type: K,
  ...data: DataOf<K> extends undefined ? [] : [DataOf<K>]
): Promise<Awaited<ResultOf<K>>> {
  return workerAnswer<Awaited<ResultOf<K>>>(
    await runtime.sendMessage({ wxp: 1, type, data: data[0] }),
  );
}

/** The result in the worker's answer to a call, or the error it carries (as `callWorker`). */
export function workerAnswer<T>(answer: unknown): T {
  const response = answer as Response<T> | undefined;
  if (!response) throw new ProblemError({ key: 'errWorkerNoAnswer' });
  if (!response.ok) {
    throw isProblem(response.problem)
      ? new ProblemError(response.problem)
      : new Error(response.error);
  }
  return response.result;
}

/** Broadcast from the worker to open pages when something they show changed. */
export type ChangeEvent =
  | { type: 'messages'; account: number; added: number[]; changed: number[]; removed: number[] }
  | { type: 'status' };

export const CHANGES_CHANNEL = 'wxp-changes';
