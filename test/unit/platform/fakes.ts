import { vi } from 'vitest';

/** What Chrome's rich notifications take, and what Firefox's alert service takes. */
const ALERT_SERVICE_OPTIONS = new Set([
  'type',
  'iconUrl',
  'appIconMaskUrl',
  'title',
  'message',
  'contextMessage',
  'priority',
  'eventTime',
  'imageUrl',
  'items',
  'progress',
  'isClickable',
]);

/**
 * A notifications namespace shaped like Firefox's: no `update`, no `getPermissionLevel`, and
 * `create` refuses options it does not know, as Firefox's schema check does. `close` is the
 * user or a timeout closing one (`onClosed` fires, unless made without it). As in Firefox, a
 * `create` under an id that is up closes the old one and a `clear` closes its one, and
 * `onClosed` is told of those closes after the call (a timer later).
 */
export function alertServiceNotifications({ withOnClosed = true, tellsCausedCloses = true } = {}) {
  const shown = new Map<string, Record<string, unknown>>();
  const closedListeners: Array<(id: string) => void> = [];
  const tellClosed = (id: string) => {
    for (const listener of closedListeners) listener(id);
  };
  const tellClosedLater = (id: string) => {
    if (tellsCausedCloses) setTimeout(() => tellClosed(id), 0);
  };
  return {
    shown,
    close(id: string) {
      if (shown.delete(id)) tellClosed(id);
    },
    ...(withOnClosed
      ? {
          onClosed: {
            addListener: (listener: (id: string) => void) => closedListeners.push(listener),
          },
        }
      : {}),
    create: vi.fn(async (id: string, options: object) => {
      const unknown = Object.keys(options).filter((k) => !ALERT_SERVICE_OPTIONS.has(k));
      if (unknown.length > 0) {
        throw new Error(
          `Type error for parameter options (Unexpected property "${unknown[0]}") for notifications.create.`,
        );
      }
      if (shown.has(id)) tellClosedLater(id);
      shown.set(id, { ...options });
      return id;
    }),
    clear: vi.fn(async (id: string) => {
      const was = shown.delete(id);
      if (was) tellClosedLater(id);
      return was;
    }),
    getAll: vi.fn(async () => Object.fromEntries(shown)),
  };
}

/** A notifications namespace shaped like Chrome's (and Edge's): everything, updates in place. */
export function richNotifications() {
  const shown = new Map<string, Record<string, unknown>>();
  return {
    shown,
    create: vi.fn(async (id: string, options: object) => {
      shown.set(id, { ...options });
      return id;
    }),
    update: vi.fn(async (id: string, options: object) => {
      if (!shown.has(id)) return false;
      shown.set(id, { ...shown.get(id), ...options });
      return true;
    }),
    clear: vi.fn(async (id: string) => shown.delete(id)),
    getAll: vi.fn(async () => Object.fromEntries(shown)),
    getPermissionLevel: vi.fn(async () => 'denied'),
  };
}
