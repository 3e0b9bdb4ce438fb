import type { Handlers } from '../protocol';
import type { WorkerCore } from './index';
import type { WorkerBrowser } from './browser';

/** The page-facing protocol, implemented over the worker core. */
export function createHandlers(
  core: WorkerCore,
  deps: { browser: WorkerBrowser; now: () => number; playSound: () => Promise<void> },
): Handlers {
  const messagesChanged = (changed: number[], removed: number[] = []) =>
    core.changed({ type: 'messages', added: [], changed, removed });

  /** Local first, then the server through the outbox (retried when it fails). */
  async function afterLocalChange(changed: number[], removed: number[] = []) {
    await core.updateBadge();
    messagesChanged(changed, removed);
    void core.outbox.flush();
  }

  async function markRead(mids: number[], read: boolean) {
    const changed = await core.store.setRead(mids, read);
    if (changed.length === 0) return;
    await core.outbox.enqueue(read ? 'read' : 'unread', changed);
    if (read) await core.notifier.clearFor(changed);
    await afterLocalChange(changed);
  }

  return {
    getStatus: async () => {
      await core.refreshPermission();
      return core.status();
    },
    requestLoginCode: () => core.binding.requestLoginCode(),
    unbind: async () => {
      await core.binding.unbind();
      await core.outbox.clear();
    },
    reconnect: () => {
      core.connection.reconnectNow('user');
    },
    markRead: ({ mids, read }) => markRead(mids, read),
    markAllRead: async () => {
      const changed = await core.store.markAllRead();
      if (changed.length === 0) return;
      await core.outbox.enqueue('read', changed);
      await core.notifier.clearFor(changed);
      await afterLocalChange(changed);
    },
    deleteMessages: async ({ mids }) => {
      const rows = (await Promise.all(mids.map((mid) => core.store.get(mid)))).filter(
        (row) => row !== undefined,
      );
      const removed = await core.store.remove(mids, deps.now());
      await core.outbox.enqueue('delete', removed);
      await core.notifier.clearFor(removed);
      await afterLocalChange([], removed);
      return { removed: rows };
    },
    deleteAll: async () => {
      const removed = await core.store.removeAll(deps.now());
      await core.outbox.enqueue('deleteAll', []);
      await core.notifier.clearFor(removed);
      await afterLocalChange([], removed);
      return { removed: removed.length };
    },
    restoreMessages: async ({ rows }) => {
      // Undo: put the rows back locally. The server delete may already have gone out; the
      // messages then live on here only, which is what the user asked for.
      await core.store.restore(rows);
      core.changed({ type: 'messages', added: rows.map((r) => r.mid), changed: [], removed: [] });
      await core.updateBadge();
    },
    sendTest: async () => {
      try {
        await core.api.sendTest();
      } catch (error) {
        await core.handleApiError(error);
        throw error;
      }
    },
    openMessage: async ({ mid }) => {
      await deps.browser.tabs.create({
        url: deps.browser.runtime.getURL(`/message.html?id=${mid}`),
      });
      await markRead([mid], true);
    },
    playTestSound: () => deps.playSound(),
    getSettings: () => core.settingsRepo.load(),
    updateSettings: ({ patch }) => core.settingsRepo.update(patch),
    resetSettings: () => core.settingsRepo.reset(),
  };
}
