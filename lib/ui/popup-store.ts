import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { createMessageListStore } from './message-list-store';
import type { MessageReader } from './message-reader';
import { createNow } from './now-signal';
import { createStatusStore } from './status-store';
import type { WorkerClient } from './worker-client';

/** Everything the popup shows: the worker's status, the message list and a ticking clock. */
export function createPopupStore(deps: {
  client: WorkerClient;
  reader: MessageReader;
  undoMs?: number;
  debounceMs?: number;
}) {
  const status = createStatusStore({ client: deps.client });
  const list = createMessageListStore(deps);
  const clock = createNow();
  let unsubscribe: (() => void) | undefined;

  return {
    status,
    list,
    now: clock.now,
    /** Subscribes to the worker's broadcast first, so nothing between load and listen is lost. */
    async start(): Promise<void> {
      unsubscribe = deps.client.onChange((event) => {
        status.handleChange(event);
        void list.handleChange(event);
      });
      await Promise.all([status.start(), list.load()]);
    },
    dispose(): void {
      unsubscribe?.();
      status.dispose();
      list.dispose();
      clock.dispose();
    },
  };
}

export type PopupStore = ReturnType<typeof createPopupStore>;

export const PopupStoreContext = createContext<PopupStore | null>(null);

/** The popup's store, provided by `entrypoints/popup/main.tsx` (or a test). */
export function usePopupStore(): PopupStore {
  const store = useContext(PopupStoreContext);
  if (!store) throw new Error('PopupStoreContext is not provided');
  return store;
}
