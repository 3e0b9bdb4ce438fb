import { expect, status } from '../e2e/fixtures';
import { badge, countStored, storedMids, type Evaluator } from '../e2e/worker-inspect';
import { probeEvents, type ProbeEvent } from './probe';

/** The badge the worker shows for this many unread messages (lib/notifications/mapper.ts). */
export const badgeFor = (unread: number) =>
  unread <= 0 ? '' : unread > 99 ? '99+' : String(unread);

export const unreadCount = (worker: Evaluator): Promise<number> => countStored(worker, true);

/** Waits until every one of `mids` is stored (bounded). */
export async function waitStored(
  worker: Evaluator,
  mids: number[],
  timeout = 60_000,
): Promise<void> {
  const want = new Set(mids);
  await expect
    .poll(async () => (await storedMids(worker)).filter((m) => want.has(m)).length, {
      timeout,
      intervals: [250],
    })
    .toBe(want.size);
}

export interface DeliveryCheck {
  /** Every stored mid equals `sent` (plus `alsoStored`), so each is stored exactly once. */
  stored: number[];
  /** How many writes added each sent mid, over every observed worker instance. */
  addedTwice: number[];
  notAdded: number[];
  /** Per-message notification ids created more than once. */
  notifiedTwice: string[];
  creates: number;
  badge: string;
  unread: number;
}

/**
 * The invariants every scenario ends on: every message stored exactly once, notified at most
 * once, badge equals the unread count.
 *
 * "Stored once": the store is keyed by mid, so the stored set equal to the sent set means
 * once each. "Notified at most once": the worker notifies only messages new to it, so the
 * probe checks that across every worker instance no mid was added by two writes, that each
 * was added by one (which proves the probe saw every write), and that no per-message
 * notification id was created twice but where a stop forces it, replacing the first (see
 * notifiedTwice); a burst's messages share the one summary notification.
 */
export async function checkDelivery(
  page: Evaluator,
  worker: Evaluator,
  sent: number[],
  opts: {
    alsoStored?: number[];
    events?: ProbeEvent[];
    /**
     * With the worker stopped at random moments, a write can commit just before the stop and
     * never be broadcast (nor notified): its mids are stored but unseen by the probe. Allowed
     * up to this many; never allowed to be added twice.
     */
    unobservedUpTo?: number;
    /** The scenario ends unbound on purpose (the device was revoked). */
    allowUnbound?: boolean;
  } = {},
): Promise<DeliveryCheck> {
  const expected = [...sent, ...(opts.alsoStored ?? [])].sort((a, b) => a - b);
  await waitStored(worker, sent);
  // The badge follows the write; give the last one a moment, then compare.
  await expect
    .poll(async () => (await badge(worker)) === badgeFor(await unreadCount(worker)), {
      timeout: 10_000,
    })
    .toBe(true);
  // A write's broadcast follows its badge, and reaches the probe's page a moment later: wait
  // for it (a message counts as never broadcast only once that wait is over).
  /** How many writes broadcast each message, and the sent ones none did. */
  const broadcasts = (events: ProbeEvent[]) => {
    const addedBy = new Map<number, number>();
    for (const e of events)
      if (e.k === 'write') for (const mid of e.added) addedBy.set(mid, (addedBy.get(mid) ?? 0) + 1);
    return { addedBy, notAdded: sent.filter((m) => !addedBy.has(m)) };
  };
  if (!opts.events)
    await expect
      .poll(async () => broadcasts(await probeEvents(page)).notAdded.length, { timeout: 10_000 })
      .toBeLessThanOrEqual(opts.unobservedUpTo ?? 0)
      .catch(() => undefined);
  const events = opts.events ?? (await probeEvents(page));
  const { addedBy, notAdded } = broadcasts(events);
  const result: DeliveryCheck = {
    stored: await storedMids(worker),
    addedTwice: sent.filter((m) => (addedBy.get(m) ?? 0) > 1),
    notAdded,
    notifiedTwice: notifiedTwice(events),
    creates: events.filter((e) => e.k === 'create').length,
    badge: await badge(worker),
    unread: await unreadCount(worker),
  };
  expect(result.stored).toEqual(expected);
  expect(result.addedTwice).toEqual([]);
  expect(result.notAdded.length, `stored, never broadcast: ${result.notAdded}`).toBeLessThanOrEqual(
    opts.unobservedUpTo ?? 0,
  );
  expect(result.notifiedTwice).toEqual([]);
  expect(result.badge).toBe(badgeFor(result.unread));
  // The worker stays up and answers.
  expect((await status(page)).binding.kind).toBe(opts.allowUnbound ? 'unbound' : 'bound');
  return result;
}

/**
 * Per-message notification ids created more than once. The worker notifies a message it knows
 * to be new as it arrives, while storing it (lib/worker/ingest.ts): an instance stopped
 * between that call and the commit leaves the message unstored, and the next instance stores
 * it and notifies it again under the same id, which replaces the notification rather than
 * adding one. So a repeat is allowed only in a later instance, and only when the instance that
 * created it before never wrote that message.
 */
export function notifiedTwice(events: ProbeEvent[]): string[] {
  const written = new Set<string>();
  for (const e of events)
    if (e.k === 'write') for (const mid of e.added) written.add(`${e.instance}:${mid}`);
  const created = new Map<string, string[]>();
  const twice = new Set<string>();
  for (const e of events) {
    if (e.k !== 'create' || e.id === 'wxp-summary') continue;
    const before = created.get(e.id) ?? [];
    const mid = e.id.replace(/^wxp-msg:/, '');
    const repeatAllowed = before.every(
      (instance) => instance !== e.instance && !written.has(`${instance}:${mid}`),
    );
    if (!repeatAllowed) twice.add(e.id);
    created.set(e.id, [...before, e.instance]);
  }
  return [...twice];
}
