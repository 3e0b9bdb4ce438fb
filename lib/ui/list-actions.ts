import { signal, type ReadonlySignal } from '@preact/signals';
import type { ListRow } from './list-row';
import type { WorkerClient } from './worker-client';

/** How long "undo" is offered after a delete or clear: a few seconds (the worker holds the
 * server delete longer, lib/worker/message-actions.ts DELETE_HOLD_MS). */
export const UNDO_MS = 6_000;

/** A delete that can still be taken back, here and on the server. */
export interface PendingUndo {
  kind: 'delete' | 'clear';
  account: number;
  mids: number[];
}

/** A short message for the user: the worker's error text, or that the test was sent. */
export type ListNotice = { kind: 'error'; text: string } | { kind: 'testSent' } | null;

/**
 * What the popup's list asks the worker to do, for the account it shows: read marks, open,
 * delete with undo, clear what is shown, the test message. Every write goes through the
 * worker; the list follows its change broadcast.
 */
export function createListActions(deps: {
  client: WorkerClient;
  /** The account shown; null until known. */
  account: ReadonlySignal<number | null>;
  selectedMid: { value: number | null };
  /** The rows shown now (search, app filter and unread-only applied). */
  visible: ReadonlySignal<ListRow[]>;
  /** The unread rows shown when only a part is shown (a search or an app filter), else null. */
  shownUnread?: () => number[] | null;
  /** Resolves once every stored row is in memory (clear must name all it clears). */
  whenComplete: () => Promise<void>;
  undoMs?: number;
}) {
  const { client } = deps;
  const undo = signal<PendingUndo | null>(null);
  const notice = signal<ListNotice>(null);
  let undoTimer: ReturnType<typeof setTimeout> | undefined;

  /** The account's field for a call: the one shown (it may be an earlier account's). */
  const of = () => (deps.account.value === null ? {} : { account: deps.account.value });

  async function run(action: () => Promise<unknown>): Promise<boolean> {
    try {
      await action();
      return true;
    } catch (error) {
      notice.value = { kind: 'error', text: (error as Error).message };
      return false;
    }
  }

  function offerUndo(pending: PendingUndo | null): void {
    clearTimeout(undoTimer);
    undo.value = pending;
    if (pending) undoTimer = setTimeout(() => (undo.value = null), deps.undoMs ?? UNDO_MS);
  }

  /** After rows leave the list, select a neighbour so keyboard work can go on. */
  function selectNeighbourOf(mids: number[]): void {
    const list = deps.visible.value;
    const index = list.findIndex((r) => mids.includes(r.mid));
    if (index < 0) return;
    const next = list.slice(index + 1).find((r) => !mids.includes(r.mid));
    const prev = list.slice(0, index).reverse()[0];
    deps.selectedMid.value = (next ?? prev)?.mid ?? null;
  }

  async function remove(kind: PendingUndo['kind'], mids: number[]): Promise<boolean> {
    const account = deps.account.value;
    if (account === null || mids.length === 0) return false;
    return run(async () => {
      const { removed } = await client.call('deleteMessages', { mids, account });
      if (removed.length) offerUndo({ kind, account, mids: removed });
    });
  }

  return {
    undo,
    notice,
    /** Opens the full view in a tab; the worker marks it read. */
    open(mid: number): Promise<boolean> {
      deps.selectedMid.value = mid;
      return run(() => client.call('openMessage', { mid, ...of() }));
    },
    setRead(mid: number, read: boolean): Promise<boolean> {
      return run(() => client.call('markRead', { mids: [mid], read, ...of() }));
    },
    /** Marks what is shown read: everything, or only the shown rows under a search. */
    markAllRead(): Promise<boolean> {
      const shown = deps.shownUnread?.() ?? null;
      return run(() =>
        shown
          ? client.call('markRead', { mids: shown, read: true, ...of() })
          : client.call('markAllRead', of()),
      );
    },
    remove(mids: number[]): Promise<boolean> {
      selectNeighbourOf(mids);
      return remove('delete', mids);
    },
    /**
     * Clears what is shown: with a search or an app filter, only the matching messages. The
     * ids are named (never "everything"), so what arrives meanwhile is kept.
     */
    async clearShown(): Promise<boolean> {
      await deps.whenComplete();
      deps.selectedMid.value = null;
      return remove(
        'clear',
        deps.visible.value.map((r) => r.mid),
      );
    },
    async undoLast(): Promise<boolean> {
      const pending = undo.value;
      if (!pending) return false;
      offerUndo(null);
      return run(() =>
        client.call('restoreMessages', { mids: pending.mids, account: pending.account }),
      );
    },
    dismissUndo(): void {
      offerUndo(null);
    },
    async sendTest(): Promise<boolean> {
      const ok = await run(() => client.call('sendTest'));
      if (ok) notice.value = { kind: 'testSent' };
      return ok;
    },
    dismissNotice(): void {
      notice.value = null;
    },
    dispose(): void {
      clearTimeout(undoTimer);
    },
  };
}

export type ListActions = ReturnType<typeof createListActions>;
