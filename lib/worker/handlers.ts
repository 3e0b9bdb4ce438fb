import { ProblemError } from '../problem';
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
  /** Whose messages a page means: the one it names, else the bound account's. */
  const accountOf = (data?: { account?: number }): number => {
    const account = data?.account ?? core.binding.account();
    if (account === null) throw new ProblemError({ key: 'errNotBound' });
    return account;
  };
  return {
    getStatus: async () => {
      await core.refreshPermission();
      return core.status();
    },
    requestLoginCode: () => core.binding.requestLoginCode(),
    // Calls still owed stay with their account: they go out if it is bound again.
    unbind: () => core.binding.unbind(),
    reconnect: () => {
      core.connection.reconnectNow('user');
    },
    markRead: (data) => actions.markRead(accountOf(data), data.mids, data.read),
    markAllRead: (data) => actions.markAllRead(accountOf(data)),
    deleteMessages: async (data) => ({ removed: await actions.remove(accountOf(data), data.mids) }),
    restoreMessages: async (data) => ({
      restored: await actions.restore(accountOf(data), data.mids),
    }),
    indexSearch: (data) => core.store.indexSearch(accountOf(data), true),
    sendTest: async () => {
      try {
        await core.api.sendTest();
      } catch (error) {
        await core.binding.expireIfUnauthorized(error);
        throw error;
      }
    },
    openMessage: async (data) => {
      const account = accountOf(data);
      // The view reads the bound account's message unless told which (an earlier one's). A
      // view of this message already open is brought forward rather than opened twice.
      const of = account === core.binding.account() ? '' : `&account=${account}`;
      await deps.openPage(`/message.html?id=${data.mid}${of}`);
      await actions.markRead(account, [data.mid], true);
    },
    playTestSound: () => deps.playSound(),
    getSettings: () => core.settingsRepo.load(),
    updateSettings: ({ patch }) => core.settingsRepo.update(patch),
    resetSettings: () => core.settingsRepo.reset(),
  };
}
