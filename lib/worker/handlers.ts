import type { Handlers } from '../protocol';
import type { WorkerCore } from './index';
import type { OpenPage } from './open-page';

/**
 * The page ↔ worker protocol (lib/protocol.ts) over the worker core: each handler is a thin
 * call into one part; changes to messages go through the message actions.
 */
export function createHandlers(
  core: WorkerCore,
  deps: { openPage: OpenPage; playSound: () => Promise<void> },
): Handlers {
  const { actions } = core;
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
    markRead: ({ mids, read }) => actions.markRead(mids, read),
    markAllRead: () => actions.markAllRead(),
    deleteMessages: async ({ mids }) => ({ removed: await actions.remove(mids) }),
    deleteAll: async () => ({ removed: await actions.removeAll() }),
    restoreMessages: ({ rows }) => actions.restore(rows),
    sendTest: async () => {
      try {
        await core.api.sendTest();
      } catch (error) {
        await core.binding.expireIfUnauthorized(error);
        throw error;
      }
    },
    openMessage: async ({ mid }) => {
      // A view of this message already open is brought forward rather than opened twice.
      await deps.openPage(`/message.html?id=${mid}`);
      await actions.markRead([mid], true);
    },
    playTestSound: () => deps.playSound(),
    getSettings: () => core.settingsRepo.load(),
    updateSettings: ({ patch }) => core.settingsRepo.update(patch),
    resetSettings: () => core.settingsRepo.reset(),
  };
}
