import { effect } from '@preact/signals';
import { saveSnapshot } from './list-snapshot';
import type { PopupStore } from './popup-store';

/** How long the list must stay unchanged before its markup is kept (it settles in pages). */
export const SNAPSHOT_SETTLE_MS = 150;

/**
 * Keeps the list's markup for the next open's boot paint (list-snapshot.ts) whenever it shows
 * the plain list: bound, the worker's own status, the first page read, no search or app
 * filter, the current account's history, scrolled to the top. Anything else would paint a
 * view the next open does not start in. Returns the stop function.
 */
export function keepSnapshot(
  store: PopupStore,
  app: Element,
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>,
  locale: string,
): () => void {
  const { status, list } = store;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const save = () => {
    const viewport = app.querySelector('[data-testid="message-list"]');
    if (viewport && viewport.scrollTop !== 0) return;
    const account = list.account.value;
    if (account === null) return;
    saveSnapshot(storage, app, locale, {
      account,
      unread: list.unreadCount.value,
      unreadOnly: list.unreadOnly.value,
    });
  };
  const stop = effect(() => {
    const shown = status.status.value;
    if (!shown || status.remembered.value) return;
    // Unbound: the store clears the whole cache entry, markup and all.
    if (shown.binding.kind !== 'bound') return clearTimeout(timer);
    // Read every signal the view depends on, so a change re-arms the timer.
    const plain =
      list.loaded.value &&
      list.query.value === '' &&
      list.app.value === '' &&
      list.account.value === list.current.value;
    void list.visible.value;
    void list.unreadCount.value;
    void list.unreadOnly.value;
    void store.now.value;
    clearTimeout(timer);
    // After Preact has committed the change (signals re-render on the next tick).
    if (plain) timer = setTimeout(save, SNAPSHOT_SETTLE_MS);
  });
  return () => {
    clearTimeout(timer);
    stop();
  };
}
