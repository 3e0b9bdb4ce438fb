import { batch, computed, signal } from '@preact/signals';
import type { ChangeEvent, WorkerStatus } from '../protocol';
import type { WorkerClient } from './worker-client';

/** While a QR code waits for its scan, status is also polled (in case a broadcast is missed). */
export const WAITING_POLL_MS = 2_000;

/**
 * The worker's status as a page sees it: binding, connection, permission, errors. Follows the
 * worker's status broadcast; asks for a login code when the popup opens unbound.
 */
export function createStatusStore(deps: { client: WorkerClient; pollMs?: number }) {
  const { client } = deps;
  const status = signal<WorkerStatus | null>(null);
  /** True while `status` is the one remembered from the last open, not yet the worker's. */
  const remembered = signal(false);
  /** Set when the worker itself cannot be reached or refused a call. */
  const error = signal<string | null>(null);
  const requesting = signal(false);
  let pollTimer: ReturnType<typeof setInterval> | undefined;
  let disposed = false;

  const binding = computed(() => status.value?.binding ?? null);

  async function refresh(): Promise<void> {
    try {
      const next = await client.call('getStatus');
      if (disposed) return;
      batch(() => {
        status.value = next;
        remembered.value = false;
        error.value = null;
      });
      syncPolling();
    } catch (e) {
      error.value = (e as Error).message;
    }
  }

  function syncPolling() {
    const waiting = status.value?.binding.kind === 'waiting';
    if (waiting && pollTimer === undefined && !disposed) {
      pollTimer = setInterval(() => void refresh(), deps.pollMs ?? WAITING_POLL_MS);
    } else if (!waiting && pollTimer !== undefined) {
      clearInterval(pollTimer);
      pollTimer = undefined;
    }
  }

  async function requestLoginCode(): Promise<void> {
    if (requesting.value) return;
    requesting.value = true;
    try {
      await client.call('requestLoginCode');
    } catch (e) {
      error.value = (e as Error).message;
    } finally {
      requesting.value = false;
    }
    await refresh();
  }

  return {
    status,
    remembered,
    binding,
    error,
    requesting,
    refresh,
    requestLoginCode,
    /**
     * Loads the status; when not bound, asks for a login code at once so the QR appears
     * without a click. A code still good for a while comes back as it is; an expired or
     * nearly expired one is replaced (docs/protocol.md §2, step 8). An unbound state with an
     * error keeps showing it instead of asking again in a loop.
     */
    async start(): Promise<void> {
      await refresh();
      const b = status.value?.binding;
      if (b?.kind === 'waiting' || (b?.kind === 'unbound' && !b.error)) await requestLoginCode();
    },
    /** Shows a status remembered from the last open until the worker's own arrives. */
    prime(last: WorkerStatus): void {
      if (status.value) return;
      batch(() => {
        status.value = last;
        remembered.value = true;
      });
    },
    handleChange(event: ChangeEvent): void {
      if (event.type === 'status') void refresh();
    },
    async reconnect(): Promise<void> {
      try {
        await client.call('reconnect');
      } catch (e) {
        error.value = (e as Error).message;
      }
    },
    dispose(): void {
      disposed = true;
      clearInterval(pollTimer);
      pollTimer = undefined;
    },
  };
}

export type StatusStore = ReturnType<typeof createStatusStore>;
