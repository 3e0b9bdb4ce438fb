import type { Capabilities } from './capabilities';

/** The browser's `notifications` namespace as found: any of these may be missing. */
export interface RawNotifications {
  create(id: string, options: object): Promise<string>;
  clear(id: string): Promise<boolean>;
  getAll(): Promise<Record<string, unknown>>;
  update?: (id: string, options: object) => Promise<boolean>;
  getPermissionLevel?: () => Promise<string>;
  /** Fired when a notification closes: the user, a timeout, a clear. */
  onClosed?: { addListener(listener: (id: string) => void): void };
}

/** What the worker uses (lib/worker/browser.ts), the same in every browser. */
export interface AdaptedNotifications {
  create(id: string, options: object): Promise<string>;
  update(id: string, options: object): Promise<boolean>;
  clear(id: string): Promise<boolean>;
  getAll(): Promise<Record<string, unknown>>;
  getPermissionLevel(): Promise<string>;
}

/** Options only Chrome's rich notifications take (see Capabilities.richNotifications). */
export const RICH_ONLY_OPTIONS = ['buttons', 'requireInteraction', 'silent'] as const;

/**
 * Without `update`, a changed notification is shown again under its id (which replaces it), at
 * most once per this many ms: a burst of messages then re-alerts once every 2 s, not per
 * message, and its last count is always shown. The notifier's burst window
 * (notifications/notifier.ts) is as long.
 */
export const REPLACE_EVERY_MS = 2_000;

/**
 * How long after a create or clear under an id its close may still be told as the one that
 * call caused (docs/architecture.md §12): the browser tells within milliseconds; a close the
 * browser never tells stops being expected after this.
 */
export const CAUSED_CLOSE_MS = 1_000;

/** How many notifications' options are kept to show them again (a summary, recent messages). */
const REMEMBERED = 50;

/** Timers and clock of the replacement schedule (fake ones in unit tests). */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

/** The background's own timers and clock. */
export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

/**
 * The notifications API made alike in every browser (docs/architecture.md §12): options the
 * browser does not take are left out, `update` replaces the notification where the browser
 * cannot change one in place, and a browser without a permission level answers 'granted' (its
 * notifications are granted by the manifest and have no per-extension switch).
 */
export function adaptNotifications(
  api: RawNotifications,
  caps: Pick<Capabilities, 'richNotifications' | 'updateNotification' | 'permissionLevel'>,
  timers: Timers = realTimers,
): AdaptedNotifications {
  let rich = caps.richNotifications;
  /** The options each notification was last shown with, to show it again changed. */
  const shown = new Map<string, object>();
  const pending = new Map<string, { options: object; timer: unknown }>();
  let lastReplaceAt = -Infinity;
  /**
   * Where a change is shown again (no `update`) and the browser tells when a notification
   * closes: the ones shown and not closed since. Knowing that, a change needs no `getAll`
   * round trip to learn whether its notification is still up: Firefox's `getAll` and
   * `onClosed` follow the same record of open alerts, and a burst updates its summary once
   * per message. Where changes are made in place, nothing listens (a close would only wake a
   * stopped worker).
   */
  const open = !caps.updateNotification && api.onClosed ? new Set<string>() : null;
  /**
   * The closes this adapter caused and has not yet been told of, by id: when each stops being
   * expected. Firefox closes the notification a `create` replaces (and one `clear` removes)
   * and tells `onClosed` so after the call, when the new one under the same id is already
   * up: taken for the new one's close, every change of a burst's summary after its first
   * found "nothing up" and raised it anew (a hundred alerts in a burst of 300 messages,
   * benchmark 1 in Firefox). A close told within CAUSED_CLOSE_MS is taken as the caused one.
   */
  const caused = new Map<string, number[]>();
  function expectClose(id: string) {
    if (!open?.has(id)) return;
    const now = timers.now();
    // Closes never told are forgotten, so the map holds only the last second's calls.
    for (const [other, untils] of caused)
      if (untils.every((until) => until < now)) caused.delete(other);
    caused.set(id, [...(caused.get(id) ?? []), now + CAUSED_CLOSE_MS]);
  }
  if (open) {
    api.onClosed!.addListener((id) => {
      const now = timers.now();
      const pending = (caused.get(id) ?? []).filter((until) => until >= now);
      const wasCaused = pending.shift() !== undefined;
      if (pending.length > 0) caused.set(id, pending);
      else caused.delete(id);
      if (!wasCaused) open.delete(id);
    });
  }
  const isOpen = async (id: string) => (open ? open.has(id) : id in (await api.getAll()));

  const plain = (options: object): object => {
    const out: Record<string, unknown> = { ...options };
    for (const key of RICH_ONLY_OPTIONS) delete out[key];
    return out;
  };

  function remember(id: string, options: object) {
    shown.delete(id);
    shown.set(id, options);
    if (shown.size > REMEMBERED) shown.delete(shown.keys().next().value!);
  }

  async function create(id: string, options: object): Promise<string> {
    remember(id, options);
    expectClose(id);
    open?.add(id);
    try {
      return await createNow(id, options);
    } catch (error) {
      open?.delete(id);
      throw error;
    }
  }

  async function createNow(id: string, options: object): Promise<string> {
    if (!rich) return api.create(id, plain(options));
    try {
      return await api.create(id, options);
    } catch (error) {
      // A browser that offers `update` but refuses one of the rich options: drop them for good.
      const message = (error as Error)?.message ?? '';
      if (!RICH_ONLY_OPTIONS.some((key) => message.includes(key))) throw error;
      rich = false;
      return api.create(id, plain(options));
    }
  }

  function replaceNow(id: string) {
    const entry = pending.get(id);
    pending.delete(id);
    if (!entry) return;
    lastReplaceAt = timers.now();
    void create(id, entry.options).catch(() => undefined);
  }

  async function replace(id: string, changes: object): Promise<boolean> {
    const before = shown.get(id);
    if (!before || !(await isOpen(id))) return false;
    const options = { ...before, ...changes };
    remember(id, options);
    const queued = pending.get(id);
    if (queued) {
      queued.options = options;
      return true;
    }
    const wait = Math.max(0, lastReplaceAt + REPLACE_EVERY_MS - timers.now());
    pending.set(id, { options, timer: timers.setTimeout(() => replaceNow(id), wait) });
    return true;
  }

  return {
    create,
    update: (id, changes) =>
      caps.updateNotification && api.update ? api.update(id, changes) : replace(id, changes),
    async clear(id) {
      const entry = pending.get(id);
      if (entry) timers.clearTimeout(entry.timer);
      pending.delete(id);
      shown.delete(id);
      expectClose(id);
      open?.delete(id);
      return api.clear(id);
    },
    getAll: () => api.getAll(),
    getPermissionLevel: () =>
      caps.permissionLevel && api.getPermissionLevel
        ? api.getPermissionLevel()
        : Promise.resolve('granted'),
  };
}
