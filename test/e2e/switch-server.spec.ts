import type { Page } from '@playwright/test';
import { DELETE_HOLD_MS } from '../../lib/worker/message-actions';
import { countRequests, DELETE, idsOf, requestedUrls } from '../reliability/faults';
import { collectProbe, installProbe, probeEvents } from '../reliability/probe';
import { bind, callWorker, expect, send, status, test } from './fixtures';
import { startServer, type RunningServer } from './server-process';
import { extUrl, POPUP_SIZE } from './ui-helpers';
import { storedRows } from './worker-inspect';

const rows = (page: Page) => page.getByTestId('message-row');

/** Points the extension at `server` the way a user does: the options page's address field. */
async function switchTo(options: Page, server: RunningServer, popup: Page): Promise<void> {
  await options.getByTestId('server-url').fill(`${server.url}/`);
  await options.getByTestId('server-save').click();
  await expect.poll(async () => (await status(popup)).serverUrl).toBe(server.url);
  await expect
    .poll(async () => (await status(popup)).binding.kind, { timeout: 20_000 })
    .toBe('unbound');
}

test('switching servers: the new server’s messages, with ids the old one used, are each stored, listed and notified once; the old history stays readable and its calls go to it only', async ({
  server,
  ext,
  extPage,
}) => {
  test.setTimeout(180_000);
  const other = await startServer();
  try {
    await collectProbe(extPage);
    await installProbe(ext.worker);
    await countRequests(ext.worker);
    await bind(extPage, server);
    const accountA = (await status(extPage)).binding;
    expect(accountA.kind).toBe('bound');

    // Arrange: three messages on server A (ids 1–3); the user deletes one in the popup and
    // switches servers while that delete is still held for undo.
    const fromA: number[] = [];
    for (const text of ['A one', 'A two', 'A three'])
      fromA.push((await send(server, { content: text })).messageId);
    const popup = await ext.context.newPage();
    await popup.setViewportSize(POPUP_SIZE);
    await popup.goto(extUrl(ext.extensionId, 'popup.html'));
    await expect(rows(popup)).toHaveCount(3);
    await popup.locator(`[data-testid="message-row"][data-mid="${fromA[1]}"]`).hover();
    await popup
      .locator(`[data-testid="message-row"][data-mid="${fromA[1]}"]`)
      .getByTestId('row-delete')
      .click();
    await expect(rows(popup)).toHaveCount(2);
    const options = await ext.context.newPage();
    await options.goto(extUrl(ext.extensionId, 'options.html'));
    await switchTo(options, other, extPage);
    const switchedAt = (await probeEvents(extPage)).length;

    // Act: bind to B; B numbers its messages from 1 too.
    await bind(extPage, other);
    const fromB: number[] = [];
    for (const text of ['B one', 'B two', 'B three'])
      fromB.push((await send(other, { content: text })).messageId);
    expect(fromB).toEqual(fromA);

    // Assert: each of B's messages stored (with its own text), listed and notified once.
    await expect
      .poll(async () => (await storedRows(ext.worker)).map((r) => r.content))
      .toEqual(['B one', 'B two', 'B three']);
    await popup.reload();
    await expect(rows(popup)).toHaveCount(3);
    await expect(rows(popup).first()).toContainText('B three');
    await expect
      .poll(async () =>
        (await probeEvents(extPage))
          .slice(switchedAt)
          .filter((e) => e.k === 'create')
          .map((e) => (e.k === 'create' ? e.id : ''))
          .sort(),
      )
      .toEqual(fromB.map((m) => `wxp-msg:${m}`).sort());

    // The old server's history is still there, marked as such.
    const picker = popup.getByTestId('history-account');
    await expect(picker).toBeVisible();
    await picker.selectOption({ index: 1 });
    await expect(popup.getByTestId('history-earlier-note')).toContainText(server.url);
    await expect(rows(popup)).toHaveCount(2);
    await expect(rows(popup).first()).toContainText('A three');

    // The delete made for A never goes to B, however long it waits.
    await popup.waitForTimeout(DELETE_HOLD_MS + 1_000);
    await callWorker(popup, 'markAllRead'); // a change on B: its calls are sent now
    await expect.poll(async () => (await status(extPage)).counters.outboxPending).toBe(0);
    const toB = (await requestedUrls(ext.worker)).filter((u) => u.startsWith(other.url));
    expect(toB.filter((u) => new URL(u).pathname === DELETE)).toEqual([]);

    // Back on A, as the same user: the same history, and the delete owed to A goes to A.
    await switchTo(options, server, extPage);
    await bind(extPage, server);
    expect((await status(extPage)).binding).toMatchObject({
      kind: 'bound',
      account: (accountA as { account: number }).account,
    });
    await expect
      .poll(async () =>
        (await requestedUrls(ext.worker))
          .filter((u) => u.startsWith(server.url) && new URL(u).pathname === DELETE)
          .flatMap(idsOf),
      )
      .toEqual([fromA[1]]);
    expect((await storedRows(ext.worker)).map((r) => r.content)).toEqual(['A one', 'A three']);
  } finally {
    await other.stop();
  }
});
