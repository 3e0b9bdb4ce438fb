import type { Worker } from '@playwright/test';
import { MAX_STORED_MESSAGES } from '../../lib/storage/message-store';
import { putRows, storedMids, type SeedRow } from '../e2e/worker-inspect';
import { badgeFor, unreadCount, waitStored } from './checks';
import { callWorker, expect, probeAndBind, report, send, sleep, status, test } from './fixtures';
import { installProbe, probeEvents } from './probe';

const SEED_BASE = 1_000_000_000;

/** Fills the worker's store with `count` old, read messages (mids SEED_BASE + i, oldest first). */
function seed(worker: Worker, count: number): Promise<void> {
  const start = Date.now() - 2 * 60 * 60_000;
  const rows = Array.from({ length: count }, (_, i): SeedRow => {
    const text = `seeded message ${i}`;
    return {
      mid: SEED_BASE + i,
      qid: `seed${i}`,
      title: '',
      name: 'seed',
      summary: text,
      content: text,
      contentType: 1,
      url: '',
      sourceUrl: '',
      createTime: start + i,
      receivedAt: start + i,
      unread: 0,
      searchText: text,
    };
  });
  return putRows(worker, rows);
}

test('the store at its 20 000 cap while messages keep arriving: oldest pruned, newest kept, none lost', async ({
  server,
  ext,
  extPage,
}) => {
  test.setTimeout(180_000);
  const started = Date.now();
  await probeAndBind(extPage, ext.worker, server);
  // Arrange: the store exactly at its cap with older messages, then a fresh worker instance
  // (as after any restart) that counts what it holds.
  await seed(ext.worker, MAX_STORED_MESSAGES);
  const cdp = await ext.context.newCDPSession(extPage);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await callWorker(extPage, 'getStatus');
  await installProbe(ext.worker);
  expect((await storedMids(ext.worker)).length).toBe(MAX_STORED_MESSAGES);

  // Act: 300 messages keep arriving.
  const sent: number[] = [];
  for (let i = 0; i < 300; i++) {
    sent.push((await send(server, { content: `new ${i}` })).messageId);
    await sleep(5);
  }

  // Assert
  await waitStored(ext.worker, sent);
  await expect
    .poll(async () => (await storedMids(ext.worker)).length, { timeout: 20_000 })
    .toBeLessThanOrEqual(MAX_STORED_MESSAGES);
  const stored = await storedMids(ext.worker);
  const seededLeft = stored.filter((m) => m >= SEED_BASE);
  const dropped = MAX_STORED_MESSAGES - seededLeft.length;
  // Newest kept: every new message; oldest pruned: the seeded ones left are the newest of them.
  expect(stored.filter((m) => m < SEED_BASE)).toEqual(sent);
  expect(seededLeft).toEqual(
    Array.from({ length: seededLeft.length }, (_, i) => SEED_BASE + dropped + i),
  );
  // No write lost silently: every write broadcast, no store error reported.
  const added = new Set(
    (await probeEvents(extPage)).flatMap((e) => (e.k === 'write' ? e.added : [])),
  );
  expect(sent.filter((m) => !added.has(m))).toEqual([]);
  const s = await status(extPage);
  expect(s.lastError).toBeNull();
  await expect
    .poll(
      async () =>
        (await ext.worker.evaluate(() => chrome.action.getBadgeText({}))) ===
        badgeFor(await unreadCount(ext.worker)),
    )
    .toBe(true);
  report('storage pressure', {
    cap: MAX_STORED_MESSAGES,
    storedAtEnd: stored.length,
    newKept: sent.length,
    oldestPruned: dropped,
    seconds: (Date.now() - started) / 1000,
  });
});
