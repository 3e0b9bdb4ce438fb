import { effect } from '@preact/signals';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ListPrefsStore } from './list-view';
import { createMessageListStore } from './message-list-store';
import type { MessageReader } from './message-reader';
import { createNow } from './now-signal';
import type { PopupCache, PopupSnapshot } from './popup-cache';
import { createStatusStore } from './status-store';
import type { WorkerClient } from './worker-client';

/**
 * Everything the popup shows: the worker's status, the message list and a ticking clock.
 * With a cache, what the last open showed paints first and the fresh state replaces it.
 */
export function createPopupStore(deps: {
  client: WorkerClient;
  reader: MessageReader;
  cache?: PopupCache;
  /**
   * What the worker served the page with when the cache has nothing (lib/ui/served-list.ts):
   * painted the same way, and replaced the same way.
   */
  served?: PopupSnapshot | null;
  prefs?: ListPrefsStore;
  undoMs?: number;
  debounceMs?: number;
}) {
  const status = createStatusStore({ client: deps.client });
  const list = createMessageListStore(deps);
  const clock = createNow();
  let unsubscribe: (() => void) | undefined;
  let stopCaching: (() => void) | undefined;
  let started: Promise<void> | undefined;

  const remembered = deps.cache?.read() ?? deps.served;
  if (remembered) {
    status.prime(remembered.status);
    list.prime(remembered.rows);
  }

  return {
    status,
    list,
    now: clock.now,
    /**
     * Subscribes to the worker's broadcast first, so nothing between load and listen is lost.
     * Once only: the page starts it before rendering, the App again on mount.
     */
    start(): Promise<void> {
      started ??= (async () => {
        unsubscribe = deps.client.onChange((event) => {
          status.handleChange(event);
          void list.handleChange(event);
        });
        const cache = deps.cache;
        if (cache) {
          // Remember what is shown once it is the worker's and the database's own (a status
          // that is not bound clears the cache at once).
          stopCaching = effect(() => {
            const shown = status.status.value;
            if (!shown || status.remembered.value) return;
            if (shown.binding.kind !== 'bound') return cache.clear();
            if (list.loaded.value) cache.write({ status: shown, rows: list.rows.value });
          });
        }
        await Promise.all([status.start(), list.load()]);
      })();
      return started;
    },
    dispose(): void {
      unsubscribe?.();
      stopCaching?.();
      status.dispose();
      list.dispose();
      clock.dispose();
    },
  };
}

export type PopupStore = ReturnType<typeof createPopupStore>;

export const PopupStoreContext = createContext<PopupStore | null>(null);

/** The popup's store, provided by `entrypoints/popup/mount.tsx` (or a test). */
export function usePopupStore(): PopupStore {
  const store = useContext(PopupStoreContext);
  if (!store) throw new Error('PopupStoreContext is not provided');
  return store;
}
