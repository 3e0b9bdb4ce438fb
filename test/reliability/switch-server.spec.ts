import type { Page, Worker } from '@playwright/test';
import { SETTINGS_KEY } from '../../lib/storage/settings';
import { DELETE_HOLD_MS } from '../../lib/worker/message-actions';
import { bind } from '../e2e/fixtures';
import { startServer } from '../e2e/server-process';
import { badge, storedRows } from '../e2e/worker-inspect';
import { badgeFor, unreadCount } from './checks';
import { countRequests, DELETE, idsOf, READ_MARK, requestedUrls } from './faults';
import { callWorker, expect, probeAndBind, report, send, sleep, status, test } from './fixtures';
import { probeEvents, type ProbeEvent } from './probe';

/** The mids of `account` the worker stored, waiting (bounded) until all of `want` are there. */
async function waitStoredIn(worker: Worker, account: number, want: number[]): Promise<number[]> {
  await expect
    .poll(
      async () => (await storedRows(worker, account)).filter((r) => want.includes(r.mid)).length,
      {
        timeout: 60_000,
        intervals: [250],
      },
    )
    .toBe(want.length);
  return (await storedRows(worker, account)).map((r) => r.mid);
}

/** Per-message notification ids created more than once among `events`. */
function createdTwice(events: ProbeEvent[]): string[] {
  const seen = new Map<string, number>();
  for (const e of events)
    if (e.k === 'create' && e.id !== 'wxp-summary') seen.set(e.id, (seen.get(e.id) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
}

/** The ids written by the probe's broadcasts for `account` (each write's `added`). */
function addedIn(events: ProbeEvent[]): number[] {
  return events.flatMap((e) => (e.k === 'write' ? e.added : []));
}

async function accountOf(page: Page): Promise<number> {
  const binding = (await status(page)).binding;
  if (binding.kind !== 'bound') throw new Error(`not bound: ${binding.kind}`);
  return binding.account;
}

test('switch server mid-stream: nothing lost, nothing stored twice, nothing sent to the wrong server', async ({
  server,
  ext,
  extPage,
}) => {
  test.setTimeout(180_000);
  const started = Date.now();
  const other = await startServer({ args: ['--no-rate-limit'] });
  try {
    await probeAndBind(extPage, ext.worker, server);
    await countRequests(ext.worker);
    const a = await accountOf(extPage);

    // Arrange: 20 messages on A; the user deletes 5 of them (held for undo) and marks 5 read
    // (sent at once); then 200 more are pushed in one burst.
    const fromA: number[] = [];
    for (let i = 0; i < 20; i++) fromA.push((await send(server, { content: `A ${i}` })).messageId);
    await waitStoredIn(ext.worker, a, fromA);
    const deleted = fromA.slice(0, 5);
    const read = fromA.slice(5, 10);
    await callWorker(extPage, 'deleteMessages', { mids: deleted });
    await callWorker(extPage, 'markRead', { mids: read, read: true });
    const burst = await Promise.all(
      Array.from({ length: 200 }, (_, i) => send(server, { content: `A burst ${i}` })),
    );
    fromA.push(...burst.map((b) => b.messageId));

    // Act: the server address changes while the worker is still taking the burst in.
    const eventsBefore = (await probeEvents(extPage)).length;
    await extPage.evaluate(
      ([key, url]) => chrome.storage.local.set({ [key]: { serverUrl: url } }),
      [SETTINGS_KEY, other.url] as const,
    );
    await expect
      .poll(async () => (await status(extPage)).serverUrl, { timeout: 20_000 })
      .toBe(other.url);
    await bind(extPage, other);
    const b = await accountOf(extPage);
    expect(b).not.toBe(a);
    const switchedAt = (await probeEvents(extPage)).length;
    // B streams 100 messages, numbered from 1 like A's.
    const fromB: number[] = [];
    for (let i = 0; i < 100; i++) {
      fromB.push((await send(other, { content: `B ${i}` })).messageId);
      await sleep(10);
    }
    expect(fromB.filter((m) => fromA.includes(m)).length).toBeGreaterThan(50);
    // Past the undo window, and a change on B, so anything queued would be sent now.
    await sleep(DELETE_HOLD_MS + 1_000);
    await callWorker(extPage, 'markRead', { mids: fromB.slice(0, 3), read: true });

    // Assert: every message of A pushed before the switch is stored for A (the deleted ones
    // excepted), every one of B's for B, each once; notified at most once per server.
    const keptA = fromA.filter((m) => !deleted.includes(m));
    expect((await waitStoredIn(ext.worker, a, keptA)).sort((x, y) => x - y)).toEqual(
      keptA.sort((x, y) => x - y),
    );
    expect(await waitStoredIn(ext.worker, b, fromB)).toEqual(fromB);
    const events = await probeEvents(extPage);
    const writesA = addedIn(events.slice(0, switchedAt));
    const writesB = addedIn(events.slice(switchedAt));
    expect(writesA.length).toBe(new Set(writesA).size);
    expect([...writesB].sort((x, y) => x - y)).toEqual(fromB);
    expect(createdTwice(events.slice(0, switchedAt))).toEqual([]);
    expect(createdTwice(events.slice(switchedAt))).toEqual([]);
    await expect
      .poll(async () => (await badge(ext.worker)) === badgeFor(await unreadCount(ext.worker)))
      .toBe(true);
    // Nothing meant for A went to B: B got read marks for its own 3 only, and no delete.
    const urls = await requestedUrls(ext.worker);
    const toB = urls.filter((u) => u.startsWith(other.url));
    expect(toB.filter((u) => new URL(u).pathname === DELETE)).toEqual([]);
    expect(toB.filter((u) => new URL(u).pathname === READ_MARK).flatMap(idsOf)).toEqual(
      fromB.slice(0, 3),
    );
    const toA = urls.filter((u) => u.startsWith(server.url));
    expect(toA.filter((u) => new URL(u).pathname === READ_MARK).flatMap(idsOf)).toEqual(read);
    expect((await status(extPage)).binding.kind).toBe('bound');
    report('switch server mid-stream', {
      fromA: fromA.length,
      storedForA: keptA.length,
      deletedOnA: deleted.length,
      fromB: fromB.length,
      idsSharedWithA: fromB.filter((m) => fromA.includes(m)).length,
      eventsDuringSwitch: switchedAt - eventsBefore,
      seconds: (Date.now() - started) / 1000,
    });
  } finally {
    await other.stop();
  }
});
