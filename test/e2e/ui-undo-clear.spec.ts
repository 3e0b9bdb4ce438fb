import type { Page } from '@playwright/test';
import { DELETE_HOLD_MS } from '../../lib/worker/message-actions';
import { countRequests, DELETE, idsOf, requestedUrls } from '../reliability/faults';
import { bind, callWorker, expect, send, status, test } from './fixtures';
import { extUrl, POPUP_SIZE } from './ui-helpers';
import { storedMids } from './worker-inspect';

const rows = (page: Page) => page.getByTestId('message-row');
const row = (page: Page, mid: number) =>
  page.locator(`[data-testid="message-row"][data-mid="${mid}"]`);

/** The ids the worker asked the server to delete so far. */
async function deletedOnServer(worker: Parameters<typeof requestedUrls>[0]): Promise<number[]> {
  return (await requestedUrls(worker))
    .filter((u) => new URL(u).pathname === DELETE)
    .flatMap(idsOf)
    .sort((a, b) => a - b);
}

test('undo takes a delete back on the server too; "clear" with a filter clears only what is shown', async ({
  server,
  ext,
  extPage,
}) => {
  test.setTimeout(180_000);
  await countRequests(ext.worker);
  await bind(extPage, server);
  const sent: number[] = [];
  for (const [i, summary] of ['disk full', 'deploy done', 'disk cleaned', 'backup ok'].entries())
    sent.push((await send(server, { content: `message ${i}: ${summary}`, summary })).messageId);
  const popup = await ext.context.newPage();
  await popup.setViewportSize(POPUP_SIZE);
  await popup.goto(extUrl(ext.extensionId, 'popup.html'));
  await expect(rows(popup)).toHaveCount(4);

  // Delete one, undo at once: back here, and once the undo window is over the server has
  // still not been asked to delete it (it would vanish at the next catch-up elsewhere).
  await row(popup, sent[1]!).hover();
  await row(popup, sent[1]!).getByTestId('row-delete').click();
  await expect(rows(popup)).toHaveCount(3);
  await popup.getByTestId('undo').click();
  await expect(rows(popup)).toHaveCount(4);
  await popup.waitForTimeout(DELETE_HOLD_MS + 1_000);
  await callWorker(popup, 'reconnect'); // a new connection: outbox flushed, catch-up run
  await expect
    .poll(async () => (await status(extPage)).connection.kind, { timeout: 20_000 })
    .toBe('connected');
  await expect.poll(async () => (await status(extPage)).counters.outboxPending).toBe(0);
  expect(await deletedOnServer(ext.worker)).toEqual([]);
  expect(await storedMids(ext.worker)).toEqual(sent);

  // "Clear" with a search clears what the search shows, and says so.
  await popup.getByTestId('search').fill('disk');
  await expect(rows(popup)).toHaveCount(2);
  await expect(popup.getByTestId('clear-all')).toHaveText('Clear 2 shown');
  await popup.getByTestId('clear-all').click();
  await expect(rows(popup)).toHaveCount(0);
  await expect(popup.getByTestId('toast-info')).toContainText('Deleted 2 message(s) shown.');
  await popup.getByTestId('search').fill('');
  await expect(rows(popup)).toHaveCount(2);
  await expect(popup.getByTestId('clear-all')).toHaveText('Clear all');

  // Not undone: after the window the server is told of exactly those two.
  await expect
    .poll(() => deletedOnServer(ext.worker), { timeout: DELETE_HOLD_MS + 45_000 })
    .toEqual([sent[0]!, sent[2]!]);
  expect(await storedMids(ext.worker)).toEqual([sent[1]!, sent[3]!]);
});
