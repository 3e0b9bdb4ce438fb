import { signal } from '@preact/signals';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { StoredMessage } from '../message';
import type { ChangeEvent } from '../protocol';
import type { Settings } from '../storage/settings';
import type { MessageReader } from './message-reader';
import type { WorkerClient } from './worker-client';

/**
 * What the page shows: still loading, the message, gone (unknown id), or deleted here. A
 * message served without its content (lib/ui/served-row.ts) carries `contentLength`, the
 * length of the content not in hand; `fullContent()` reads it.
 */
export type ViewState =
  | { kind: 'loading' }
  | { kind: 'found'; message: StoredMessage; contentLength?: number }
  | { kind: 'missing' }
  | { kind: 'deleted'; mids: number[] };

export { parseMessageAccount, parseMessageId } from './message-address';

/**
 * The full message view's store: one message read from the database, kept current from the
 * worker's broadcast; every action goes through the worker.
 */
export function createMessageViewStore(deps: {
  client: WorkerClient;
  reader: MessageReader;
  mid: number | null;
  /** Whose message: null for the account the worker is bound to. */
  account?: number | null;
  copyText: (text: string) => Promise<void>;
  /**
   * Reads the settings (only `blockImages` is used). The page reads them from storage itself:
   * the content waits for this, and the worker may be busy or asleep. Default: ask the worker.
   */
  loadSettings?: () => Promise<Pick<Settings, 'blockImages'>>;
  /**
   * The first read, when the page made it before its code loaded (entrypoints/
   * message-early.ts): the account read from and the row. Null: read the usual way.
   */
  firstRead?: Promise<{
    account: number | null;
    message: StoredMessage | undefined;
    /** Set when `message` came without its content (lib/ui/served-row.ts). */
    contentLength?: number;
  } | null>;
  /**
   * Tells the list's remembered snapshot (lib/ui/list-snapshot.ts) what this page changed: no
   * list may be open to re-save it (the popup closes as this tab opens).
   */
  remember?: {
    read(account: number, mid: number, read: boolean): void;
    removed(account: number, mid: number): void;
  };
}) {
  const { client, reader, mid } = deps;
  const view = signal<ViewState>({ kind: 'loading' });
  const blockImages = signal<boolean | null>(null);
  const error = signal<string | null>(null);
  let unsubscribe: (() => void) | undefined;
  let markedOnOpen = false;
  let started: Promise<void> | undefined;

  /** The account read from: the one named, else the bound one (asked once). */
  let account: Promise<number | null> | undefined;
  const accountOf = () =>
    (account ??= deps.account != null ? Promise.resolve(deps.account) : reader.currentAccount());

  let firstRead = deps.firstRead;

  async function read(): Promise<{ message?: StoredMessage; contentLength?: number }> {
    const early = await firstRead;
    firstRead = undefined;
    if (early) {
      account ??= Promise.resolve(early.account);
      return early;
    }
    const of = await accountOf();
    return { message: mid === null || of === null ? undefined : await reader.get(of, mid) };
  }

  async function reload(): Promise<void> {
    const { message, contentLength } = await read();
    if (!message) {
      if (view.value.kind !== 'deleted') view.value = { kind: 'missing' };
      return;
    }
    if (!markedOnOpen) {
      // A User Timing mark (DevTools shows it; the benchmark times the render from it).
      performance.mark('wxp-message-read');
    }
    view.value =
      contentLength === undefined
        ? { kind: 'found', message }
        : { kind: 'found', message, contentLength };
    if (!markedOnOpen) {
      markedOnOpen = true;
      // Opened from the popup the worker already marked it (or is about to); opened directly,
      // this does.
      const marked =
        message.unread !== 1 ||
        (await act(() =>
          client.call('markRead', { mids: [message.mid], read: true, account: message.account }),
        ));
      if (marked) deps.remember?.read(message.account, message.mid, true);
    }
  }

  async function act(action: () => Promise<unknown>): Promise<boolean> {
    try {
      await action();
      return true;
    } catch (e) {
      error.value = (e as Error).message;
      return false;
    }
  }

  function handleChange(event: ChangeEvent): void {
    if (event.type !== 'messages' || mid === null) return;
    const shown = view.value.kind === 'found' ? view.value.message.account : event.account;
    if (event.account !== shown) return;
    if ([...event.added, ...event.changed, ...event.removed].includes(mid)) void reload();
  }

  return {
    view,
    blockImages,
    error,
    /** Once only: the page starts it before rendering, the App again on mount. */
    start(): Promise<void> {
      started ??= (async () => {
        unsubscribe = client.onChange(handleChange);
        const load = deps.loadSettings ?? (() => client.call('getSettings'));
        const settings = load().then(
          (s) => (blockImages.value = s.blockImages),
          () => (blockImages.value = false),
        );
        await Promise.all([reload(), settings]);
      })();
      return started;
    },
    setRead(read: boolean): Promise<boolean> {
      const current = view.value;
      if (current.kind !== 'found') return Promise.resolve(false);
      const { mid: id, account: of } = current.message;
      return act(async () => {
        await client.call('markRead', { mids: [id], read, account: of });
        deps.remember?.read(of, id, read);
      });
    },
    async remove(): Promise<boolean> {
      const current = view.value;
      if (current.kind !== 'found') return false;
      const { mid: id, account: of } = current.message;
      return act(async () => {
        const { removed } = await client.call('deleteMessages', { mids: [id], account: of });
        view.value = { kind: 'deleted', mids: removed };
        if (removed.includes(id)) deps.remember?.removed(of, id);
      });
    },
    /** Undo of the delete, while the worker still holds it back from the server. */
    async undoDelete(): Promise<boolean> {
      const current = view.value;
      const of = await accountOf();
      if (current.kind !== 'deleted' || of === null) return false;
      const ok = await act(() =>
        client.call('restoreMessages', { mids: current.mids, account: of }),
      );
      if (ok) {
        view.value = { kind: 'loading' };
        await reload();
      }
      return ok;
    },
    /**
     * The content of the message shown: as it is, or, when it came without it, read from the
     * database now ('' if the message is gone meanwhile).
     */
    async fullContent(): Promise<string> {
      const current = view.value;
      if (current.kind !== 'found') return '';
      if (current.contentLength === undefined) return current.message.content;
      const { account: of, mid: id } = current.message;
      return (await reader.get(of, id))?.content ?? '';
    },
    copyText: deps.copyText,
    dismissError(): void {
      error.value = null;
    },
    dispose(): void {
      unsubscribe?.();
    },
  };
}

export type MessageViewStore = ReturnType<typeof createMessageViewStore>;

export const MessageViewStoreContext = createContext<MessageViewStore | null>(null);

/** The message view's store, provided by `entrypoints/message/mount.tsx` (or a test). */
export function useMessageViewStore(): MessageViewStore {
  const store = useContext(MessageViewStoreContext);
  if (!store) throw new Error('MessageViewStoreContext is not provided');
  return store;
}
