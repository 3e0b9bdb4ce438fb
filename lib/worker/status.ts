import type { Binding } from '../push/binding';
import type { Connection, ConnectionState } from '../push/connection';
import type { Notifier } from '../notifications/notifier';
import type { Problem } from '../problem';
import type { ConnectionView, UpdateNotice, WorkerStatus } from '../protocol';
import type { Outbox } from '../storage/outbox';
import type { WorkerBrowser } from './browser';
import type { Changes } from './changes';
import type { Ingest } from './ingest';

/** What a status snapshot reads from the worker's parts. */
export interface StatusSources {
  serverUrl: string;
  binding: Pick<Binding, 'getState'>;
  connection: Pick<Connection, 'getState' | 'getStats'>;
  ingest: Pick<Ingest, 'lastMessageAt' | 'storedCount'>;
  notifier: Pick<Notifier, 'raisedCount'>;
  outbox: Pick<Outbox, 'pending'>;
}

/** The connection as pages see it. */
export function connectionView(state: ConnectionState): ConnectionView {
  switch (state.kind) {
    case 'open':
      return { kind: 'connected', since: state.since };
    case 'connecting':
      return { kind: 'connecting' };
    case 'backoff':
      return {
        kind: 'retrying',
        attempt: state.attempt,
        retryAt: state.retryAt,
        error: state.lastError,
      };
    default:
      return { kind: 'offline' };
  }
}

/**
 * What the worker tells pages about itself: the last error worth showing, an upgrade notice,
 * the notification permission, and a snapshot of everything else (`WorkerStatus`, no tokens).
 */
export function createStatus(deps: {
  notifications: Pick<WorkerBrowser['notifications'], 'getPermissionLevel'>;
  changes: Pick<Changes, 'status'>;
}) {
  let lastError: Problem | null = null;
  let update: UpdateNotice | null = null;
  let permission: WorkerStatus['notificationPermission'] = 'unknown';

  return {
    /** Sets (or with null clears) the error shown; call `changed()` to tell pages. */
    setError(problem: Problem | null): void {
      lastError = problem;
    },
    setUpdate(notice: UpdateNotice): void {
      update = notice;
    },
    /** Tells open pages to read the status again. */
    changed: (): void => deps.changes.status(),

    async refreshPermission(): Promise<void> {
      permission = (await deps.notifications
        .getPermissionLevel()
        .catch(() => 'unknown')) as WorkerStatus['notificationPermission'];
    },

    async snapshot(sources: StatusSources): Promise<WorkerStatus> {
      const stats = sources.connection.getStats();
      return {
        serverUrl: sources.serverUrl,
        binding: sources.binding.getState(),
        connection: connectionView(sources.connection.getState()),
        lastConnectedAt: stats.lastConnectedAt ?? null,
        lastMessageAt: sources.ingest.lastMessageAt(),
        notificationPermission: permission,
        lastError,
        update,
        counters: {
          framesReceived: stats.framesReceived,
          framesRejected: stats.framesRejected,
          messagesStored: sources.ingest.storedCount(),
          notificationsRaised: sources.notifier.raisedCount(),
          outboxPending: await sources.outbox.pending(),
        },
      };
    },
  };
}

export type Status = ReturnType<typeof createStatus>;
